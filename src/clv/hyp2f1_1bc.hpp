// The Gauss hypergeometric function 2F1(1, b; c; z) for c > b > 0 and
// 0 <= z < 1, the form behind the discounted expected residual lifetime of the
// sBG model and the DERT of the BG/BB model (both sum (b)_k / (c)_k z^k).
#pragma once

#include <northstar/version.hpp>

#include <cmath>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

/// 2F1(1, b; c; z) = sum_{k>=0} (b)_k / (c)_k z^k for c > b > 0, 0 <= z < 1.
///
/// Evaluated with Gauss's continued fraction for the ratio
/// 2F1(a+1, b; c+1; z) / 2F1(a, b; c; z) taken at a = 0, c -> c-1 (NIST DLMF
/// section 15.7), which is an S-fraction 1 / (1 - a1 z / (1 - a2 z / ...)) with
/// every a_j > 0 here:
///   a_1 = b / c,  a_{2m+1} = (c-1+m)(b+m) / ((c+2m-1)(c+2m)) for m >= 1,
///   a_{2m}   = m (c-b+m-1) / ((c+2m-2)(c+2m-1)).
/// The a_j tend to 1/4, so the fraction converges for every z < 1 and needs
/// about 9 / sqrt(1 - z) terms near z = 1 (the power series needs about
/// 37 / (1 - z)): 30 terms at a 10% discount rate, ~3,000 at 0.001%.
/// Modified Lentz evaluation; positive result, no cancellation.
inline double hyp2f1_1bc(double b, double c, double z) noexcept {
  if (z == 0) return 1.0;
  // z = 1 (a discount rate so small that 1 / (1 + d) rounds to 1): Gauss's sum
  // 2F1(1, b; c; 1) = (c - 1) / (c - b - 1) for c - b > 1, divergent otherwise (DLMF 15.4.20).
  // The fraction below gave -1.9e288 there (found by fuzz/c_api).
  if (z >= 1) return c - b > 1 ? (c - 1) / (c - b - 1) : HUGE_VAL;
  constexpr double tiny = 1e-300;
  constexpr double eps = 2.5e-16;  // about one ulp on either side of 1
  constexpr int max_terms = 4000000;
  // g = 1 + (-a1 z) / (1 + (-a2 z) / (1 + ...)); the result is 1 / g.
  double g = 1.0, cc = 1.0, dd = 0.0;
  for (int j = 1; j <= max_terms; ++j) {
    double aj;
    // Whole-number offsets are added to c in one step: c + 2m - 2 evaluated as
    // (c + 2m) - 2 is 0 for c < 1e-16 (0/0 = NaN at alpha, beta ~ 1e-134; found by fuzz/c_api).
    if (j == 1) {
      aj = b / c;
    } else if (j % 2 == 1) {
      const double m = (j - 1) / 2;
      // As a product of two ratios: the four-factor form overflows to inf / inf
      // for b, c ~ 1e155 and beyond (NaN at delta ~ 9e276; found by fuzz/c_api).
      aj = ((c + (m - 1)) / (c + (2 * m - 1))) * ((b + m) / (c + 2 * m));
    } else {
      const double m = j / 2;
      // Grouped so that each ratio is bounded: m / (c + 2m - 2) is 1/c = inf at m = 1 for a
      // denormal c (inf * 0 then NaN, alpha ~ 1e-309; found by fuzz/c_api), (c-b)/c is <= 1.
      aj = (((c - b) + (m - 1)) / (c + (2 * m - 2))) * (m / (c + (2 * m - 1)));
    }
    const double num = -aj * z;
    dd = 1.0 + num * dd;
    if (dd == 0) dd = tiny;
    cc = 1.0 + num / cc;
    if (cc == 0) cc = tiny;
    dd = 1.0 / dd;
    const double step = cc * dd;
    g *= step;
    if (std::abs(step - 1.0) < eps) break;
  }
  return 1.0 / g;
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
