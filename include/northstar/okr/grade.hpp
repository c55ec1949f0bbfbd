// Grades: named bands on a continuous score scale.
#pragma once

#include <northstar/version.hpp>

#include <cstddef>
#include <string>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

/// One band of a grade scale: scores from `lower` (inclusive) up to the next band's lower bound.
struct grade_band {
  double lower = 0.0;  ///< inclusive lower bound
  std::string label;   ///< e.g. "green"
  /// Memberwise equality.
  bool operator==(const grade_band&) const = default;
};

/// A grade scale: bands in increasing order of `lower`. A score below the first
/// band's bound gets the first band (so negative raw scores grade like the lowest band).
struct grade_scale {
  std::string name;               ///< e.g. "google"
  std::vector<grade_band> bands;  ///< increasing lower bounds, at least one

  /// Google's bands: red [0, 0.4), yellow [0.4, 0.7), green [0.7, inf)
  /// (Google re:Work, "Guide: Set goals with OKRs", scoring section).
  [[nodiscard]] static grade_scale google() {
    return {"google", {{0.0, "red"}, {0.4, "yellow"}, {0.7, "green"}}};
  }
  /// expected 0.5 / target 0.7 / outstanding 1.0: below [0, 0.5), expected [0.5, 0.7),
  /// target [0.7, 1.0), outstanding [1.0, inf).
  [[nodiscard]] static grade_scale expected_target_outstanding() {
    return {"expected_target_outstanding",
            {{0.0, "below"}, {0.5, "expected"}, {0.7, "target"}, {1.0, "outstanding"}}};
  }
  /// realistic 0.7 / challenging 1.0 / very ambitious 1.3 (use with progress_policy::clamp_cap, cap 1.3):
  /// below [0, 0.7), realistic [0.7, 1.0), challenging [1.0, 1.3), very ambitious [1.3, inf).
  [[nodiscard]] static grade_scale realistic_challenging_ambitious() {
    return {"realistic_challenging_ambitious",
            {{0.0, "below"}, {0.7, "realistic"}, {1.0, "challenging"}, {1.3, "very ambitious"}}};
  }

  /// Index of the band holding `score` (0 for scores below the first bound or NaN).
  [[nodiscard]] std::size_t band_of(double score) const noexcept {
    std::size_t i = 0;
    for (std::size_t b = 1; b < bands.size(); ++b)
      if (score >= bands[b].lower) i = b;
    return i;
  }
  /// Label of the band holding `score`.
  [[nodiscard]] const std::string& label_of(double score) const { return bands.at(band_of(score)).label; }
  /// Memberwise equality.
  bool operator==(const grade_scale&) const = default;
};

}  // namespace okr
NORTHSTAR_END_NAMESPACE
