// Well-formedness checks (lint) of an OKR set.
#pragma once

#include <northstar/okr/okr_set.hpp>
#include <northstar/version.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

/// How serious a finding is.
enum class severity : std::uint8_t { info, warning };

/// Name as printed ("info", "warning").
[[nodiscard]] constexpr std::string_view to_string(severity s) noexcept {
  return s == severity::info ? "info" : "warning";
}

/// One lint finding.
struct finding {
  okr::severity severity = severity::warning;  ///< info or warning
  std::string id;                              ///< the owner, objective or key result concerned
  std::string check;                           ///< stable name of the check, e.g. "krs_per_objective"
  std::string message;                         ///< human-readable explanation
};

/// Thresholds of the checks, each with its default.
struct lint_options {
  std::size_t min_objectives_per_owner = 3;  ///< fewer objectives per owner per cycle: warning
  std::size_t max_objectives_per_owner = 5;  ///< more: warning
  std::size_t min_krs_per_objective = 3;     ///< fewer KRs in an objective that has KRs: warning
  std::size_t max_krs_per_objective = 5;     ///< more: warning
  /// First words that make a binary KR's title read as a task (case-insensitive).
  std::vector<std::string> task_verbs = {
      "launch",   "ship",     "build",  "hire",    "implement", "create",   "write",  "deliver",
      "release",  "complete", "finish", "migrate", "set up",    "publish",  "run",    "hold",
      "organize", "organise", "design", "develop", "introduce", "roll out", "deploy", "add"};
  std::size_t sandbag_min_points = 2;  ///< pre-cycle check-ins needed for the sandbagging trend
};

/// Runs every check and returns the findings in a stable order (owners, then objectives
/// and their KRs in set order):
/// - "objectives_per_owner": an owner (objective owner; empty = "(no owner)") with a count of
///   objectives outside [min, max] in the cycle;
/// - "krs_per_objective": an objective with KRs whose KR count is outside [min, max]
///   (objectives without KRs roll up their children and are not flagged);
/// - "metric_without_unit", "metric_without_baseline": metric KRs missing either;
/// - "binary_task": a binary KR that reads as a task: its title starts with a task verb, or
///   it is tagged "output" (a hint: deliverables rather than outcomes);
/// - "check_in_after_cycle" (warning: ignored by evaluation) and "check_in_before_cycle"
///   (info: used only as history by the sandbagging check), one finding per KR;
/// - "sandbagging": a metric KR of an aspirational objective whose least-squares trend over
///   pre-cycle check-ins (at least `sandbag_min_points`) already reaches the target at the
///   cycle's close.
[[nodiscard]] NORTHSTAR_API std::vector<finding> lint(const okr_set& set, const lint_options& options = {});

}  // namespace okr
NORTHSTAR_END_NAMESPACE
