// Pace status: progress against the progress expected by now.
#pragma once

#include <northstar/version.hpp>

#include <cstdint>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

/// Status of a key result or objective. Ordered by severity for "worst of":
/// on_track < no_data < at_risk < off_track (silence is never green, but a known
/// shortfall is worse than silence).
enum class status : std::uint8_t { on_track = 0, no_data = 1, at_risk = 2, off_track = 3 };

/// Name as used in JSON and reports ("on_track", "no_data", "at_risk", "off_track").
[[nodiscard]] constexpr std::string_view to_string(status s) noexcept {
  switch (s) {
    case status::on_track:
      return "on_track";
    case status::no_data:
      return "no_data";
    case status::at_risk:
      return "at_risk";
    case status::off_track:
      return "off_track";
  }
  return "?";
}

/// The more severe of two statuses.
[[nodiscard]] constexpr status worst(status a, status b) noexcept {
  return a > b ? a : b;
}

/// Rule comparing progress p with expected progress e.
struct pace_rule {
  /// difference: compares p - e; ratio: compares p / e (e == 0 counts as on track).
  enum class kind : std::uint8_t { difference, ratio };
  kind rule = kind::difference;  ///< which comparison
  double on_track = -0.10;  ///< on track when p - e >= on_track (difference) or p / e >= on_track (ratio)
  double at_risk = -0.25;   ///< at risk when below on_track but p - e (or p / e) >= at_risk; else off track

  /// Difference rule, defaults: on track p >= e - 0.1, at risk p >= e - 0.25, else off track.
  [[nodiscard]] static constexpr pace_rule difference() noexcept { return {kind::difference, -0.10, -0.25}; }
  /// Ratio rule preset: on track p/e >= 0.9, at risk p/e >= 0.75, else off track (northstar's
  /// choice: it agrees with the difference rule at the end of the cycle, e = 1).
  [[nodiscard]] static constexpr pace_rule ratio() noexcept { return {kind::ratio, 0.90, 0.75}; }

  /// Status for progress p (after the progress policy) against expected e.
  [[nodiscard]] constexpr status classify(double p, double e) const noexcept {
    double x;
    if (rule == kind::difference) {
      x = p - e;
    } else {
      if (e <= 0.0) return status::on_track;
      x = p / e;
    }
    if (x >= on_track) return status::on_track;
    if (x >= at_risk) return status::at_risk;
    return status::off_track;
  }
};

}  // namespace okr
NORTHSTAR_END_NAMESPACE
