// Key-result progress: the raw ratio and the policies that bound it.
#pragma once

#include <northstar/version.hpp>

#include <cstdint>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

/// How raw progress is bounded before it is scored and aggregated.
enum class progress_policy : std::uint8_t {
  clamp_unit,  ///< clamp to [0, 1] (the default)
  floor_zero,  ///< floor at 0, no upper bound (overachievement counts)
  clamp_cap,   ///< clamp to [0, cap], e.g. cap 1.3 for stretch scales
};

/// Raw progress of a metric key result: (current - baseline) / (target - baseline).
/// The same formula serves falling metrics (target < baseline): churn 5% -> 3% at 4% is 0.5.
/// Undefined (inf/NaN) when target == baseline, which `okr_set` rejects.
/// (Linear interpolation between baseline and target, the convention of Google re:Work's
/// OKR scoring guide, which scores a KR by the fraction of the way achieved.)
[[nodiscard]] constexpr double raw_progress(double current, double baseline, double target) noexcept {
  return (current - baseline) / (target - baseline);
}

/// Applies a policy to raw progress; `cap` is used by `clamp_cap` only (default 1.3).
[[nodiscard]] constexpr double bounded_progress(double p_raw, progress_policy policy,
                                                double cap = 1.3) noexcept {
  const double lo = p_raw < 0.0 ? 0.0 : p_raw;
  switch (policy) {
    case progress_policy::clamp_unit:
      return lo > 1.0 ? 1.0 : lo;
    case progress_policy::floor_zero:
      return lo;
    case progress_policy::clamp_cap:
      return lo > cap ? cap : lo;
  }
  return lo;
}

}  // namespace okr
NORTHSTAR_END_NAMESPACE
