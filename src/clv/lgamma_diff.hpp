// ln Gamma(z + k) - ln Gamma(z) without the cancellation of two huge lgamma
// values (private to src/clv).
#pragma once

#include <northstar/version.hpp>
#include "log_gamma.hpp"

#include <cmath>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

/// ln Gamma(z + k) - ln Gamma(z), z > 0, k >= 0. For z >= 1e4 from Stirling's
/// series (DLMF 5.11.1, two correction terms: error < 1e-23), because there the
/// two lgamma values are ~ z ln z and their difference is lost in rounding
/// (BG/BB with beta = 1e40 gave "probabilities" of 1e42; found by fuzz/model_predictions).
inline double lgamma_diff(double z, double k) noexcept {
  if (k == 0) return 0;
  if (z < 1e4) return northstar::clv::detail::log_gamma(z + k) - northstar::clv::detail::log_gamma(z);
  const auto corr = [](double w) { return 1 / (12 * w) - 1 / (360 * w * w * w); };
  return k * std::log(z) + (z + k - 0.5) * std::log1p(k / z) - k + (corr(z + k) - corr(z));
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
