// Trend forecasts of a key result's value at the end of the cycle, with a
// Student-t prediction interval.
#pragma once

#include <northstar/version.hpp>

#include <cstddef>
#include <span>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

/// Least-squares line y = intercept + slope * x through (x_i, y_i) and the
/// residual standard error s (n - 2 degrees of freedom).
struct NORTHSTAR_API trend {
  std::size_t n = 0;       ///< number of points
  double intercept = 0.0;  ///< value at x = 0
  double slope = 0.0;      ///< change per unit of x (per day for check-ins)
  double x_mean = 0.0;     ///< mean of x
  double sxx = 0.0;        ///< sum of (x - mean x)^2
  double s = 0.0;          ///< residual standard error sqrt(SSE / (n - 2)); 0 when n == 2
  /// Predicted mean at x.
  [[nodiscard]] double at(double x) const noexcept { return intercept + slope * x; }
  /// Standard error of a new observation at x: s * sqrt(1 + 1/n + (x - mean x)^2 / Sxx)
  /// (simple linear regression prediction of a new observation, e.g. Montgomery, Peck &
  /// Vining, Introduction to Linear Regression Analysis, 5th ed., section 2.5).
  [[nodiscard]] double prediction_se(double x) const noexcept;
};

/// Ordinary least squares fit. Needs n >= 2 points with distinct x (Sxx > 0);
/// otherwise returns a trend with n == 0. Throws nothing; inputs assumed finite.
[[nodiscard]] NORTHSTAR_API trend fit_trend(std::span<const double> x, std::span<const double> y) noexcept;

/// A key result's forecast at the close of the cycle.
struct forecast {
  bool available =
      false;  ///< false with fewer than 2 check-ins in the cycle, equal times, or kinds binary/milestones
  double value = 0.0;  ///< trend value at the close of the cycle
  double lower =
      0.0;  ///< lower end of the prediction interval (NaN when n == 2: no residual degrees of freedom)
  double upper = 0.0;          ///< upper end of the prediction interval (NaN when n == 2)
  double slope_per_day = 0.0;  ///< fitted change per day
  double p_target =
      0.0;  ///< P(final value reaches the target) (guardrail: P(inside the band)); NaN when n == 2
  double p_green =
      0.0;  ///< P(final progress >= green threshold, default 0.7); guardrail: = p_target; NaN when n == 2
  unsigned df = 0;  ///< residual degrees of freedom n - 2
};

namespace detail {
/// Student t CDF P(T <= t) for a whole number of degrees of freedom df >= 1, by the
/// finite trigonometric series of Abramowitz & Stegun (1964) 26.7.3 (df odd) and 26.7.4
/// (df even): O(df) operations, about 1e-15 absolute accuracy, and ~100x faster than
/// Boost.Math's incomplete-beta route for the small df of check-in histories.
[[nodiscard]] double student_t_cdf(double t, unsigned df) noexcept;
}  // namespace detail

}  // namespace okr
NORTHSTAR_END_NAMESPACE
