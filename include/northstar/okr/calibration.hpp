// Confidence calibration: Brier score of owners' stated confidence against outcomes.
#pragma once

#include <northstar/okr/okr_set.hpp>
#include <northstar/version.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

/// Calibration of one owner over closed cycles.
struct owner_calibration {
  std::string owner;            ///< KR owner, or the objective's owner when the KR has none
  std::size_t forecasts = 0;    ///< check-ins carrying a confidence
  std::size_t key_results = 0;  ///< key results those check-ins belong to
  double brier =
      0.0;  ///< mean of (confidence - outcome)^2 over the forecasts; 0 is perfect, 0.25 is "always 0.5"
  double mean_confidence = 0.0;  ///< mean stated confidence
  double hit_rate = 0.0;         ///< share of those key results that reached their target
};

/// Brier score (Brier 1950, Monthly Weather Review 78(1), eq. 1, one event class)
/// of stated confidence against the outcome, per owner, over closed cycles. Each set is
/// judged at its cycle's close: the outcome of a KR is 1 when, at its latest check-in
/// inside the cycle, a metric reached its target (p_raw >= 1), a binary KR is done, all
/// milestones are done, or a guardrail is inside its band; else 0. KRs without a check-in
/// inside the cycle have no outcome and are skipped. Every in-cycle check-in with a
/// confidence is one forecast of that outcome. Owners are sorted by name; owners
/// without forecasts are omitted.
[[nodiscard]] NORTHSTAR_API std::vector<owner_calibration> calibrate(std::span<const okr_set> closed_cycles);

}  // namespace okr
NORTHSTAR_END_NAMESPACE
