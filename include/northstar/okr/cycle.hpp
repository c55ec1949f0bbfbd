// An OKR cycle (a quarter, a half): a name and an inclusive range of calendar days.
#pragma once

#include <northstar/version.hpp>

#include <chrono>
#include <string>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

/// A cycle: `start` and `end` are calendar days (UTC), `end` inclusive, so the
/// cycle covers the instants [start 00:00, end + 1 day 00:00).
///
///     using namespace std::chrono;
///     northstar::okr::cycle q1{"2026-Q1", sys_days{2026y / January / 1}, sys_days{2026y / March / 31}};
struct cycle {
  std::string name;               ///< e.g. "2026-Q1"
  std::chrono::sys_days start{};  ///< first day of the cycle
  std::chrono::sys_days end{};    ///< last day of the cycle (inclusive)

  /// The instant the cycle closes: `end` + 1 day at 00:00 UTC.
  [[nodiscard]] std::chrono::sys_seconds close() const noexcept {
    return std::chrono::sys_seconds{end + std::chrono::days{1}};
  }
  /// Length in days (end - start + 1).
  [[nodiscard]] double length_days() const noexcept { return static_cast<double>((end - start).count() + 1); }
  /// Memberwise equality.
  bool operator==(const cycle&) const = default;
};

/// Days (fractional) from the start of `c` to `t`; negative before the cycle.
[[nodiscard]] inline double days_since_start(const cycle& c, std::chrono::sys_seconds t) noexcept {
  return static_cast<double>((t - std::chrono::sys_seconds{c.start}).count()) / 86400.0;
}

/// Elapsed fraction of the cycle at `as_of`:
/// clamp((as_of - start) / (end + 1 day - start), 0, 1), the difference measured in
/// (fractional) days, so 0 at start 00:00 and 1 from the close of the last day on.
[[nodiscard]] inline double elapsed_fraction(const cycle& c, std::chrono::sys_seconds as_of) noexcept {
  const double f = days_since_start(c, as_of) / c.length_days();
  return f < 0.0 ? 0.0 : (f > 1.0 ? 1.0 : f);
}

}  // namespace okr
NORTHSTAR_END_NAMESPACE
