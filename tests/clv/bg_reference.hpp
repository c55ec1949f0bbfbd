// Slow, obvious reference implementations of BG/NBD and MBG/NBD for the tests:
// straight from the published formulas, in long double, with Boost's
// hypergeometric_pFq and tanh-sinh quadrature. Independent of src/clv.
#pragma once

#include <boost/math/quadrature/tanh_sinh.hpp>
// Boost 1.74: hypergeometric_pFq.hpp needs gamma.hpp and expm1.hpp included first.
#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/hypergeometric_pFq.hpp>

#include <cmath>
#include <vector>

namespace northstar_test {

using ld = long double;

inline ld lbeta_l(ld x, ld y) {
  return std::lgamma(x) + std::lgamma(y) - std::lgamma(x + y);
}

/// Log-likelihood of one customer: FHL 2005 eq. 6 (shift 0) / Batislam et al. 2007 eq. 4 (shift 1),
/// each term formed separately (no grouping, no log-sum-exp tricks beyond long double range).
inline ld ref_loglik(int shift, ld r, ld al, ld a, ld b, ld x, ld tx, ld T) {
  const ld common = std::lgamma(r + x) - std::lgamma(r) + r * std::log(al) - lbeta_l(a, b);
  const ld l1 = common + lbeta_l(a, b + x + shift) - (r + x) * std::log(al + T);
  if (shift == 0 && x == 0) return l1;
  const ld l2 = common + lbeta_l(a + 1, b + x + shift - 1) - (r + x) * std::log(al + tx);
  const ld m = std::max(l1, l2);
  return m + std::log(std::exp(l1 - m) + std::exp(l2 - m));
}

/// P(alive): FHL 2008 note eq. 2 / Batislam et al. 2007 eq. 8, in long double.
inline ld ref_alive(int shift, ld r, ld al, ld a, ld b, ld x, ld tx, ld T) {
  if (shift == 0 && x == 0) return 1;
  return 1 / (1 + a / (b + x + shift - 1) * std::pow((al + T) / (al + tx), r + x));
}

/// E_p[(1 - (1 + p t/alpha)^-r) / p], p ~ Beta(a, b), by tanh-sinh quadrature over p in long double.
/// The interval is cut at the mean and 10 standard deviations either side, so that a narrow
/// peak (a and b in the thousands) is not stepped over.
inline ld ref_mean_quadrature(ld r, ld al, ld a, ld b, ld t) {
  boost::math::quadrature::tanh_sinh<ld> ts;
  const ld lb = lbeta_l(a, b);
  const auto value = [&](ld p, ld pc) -> ld {
    if (p <= 0 || pc <= 0) return 0;
    const ld g = -std::expm1(-r * std::log1p(p * t / al)) / p;
    return g * std::exp((a - 1) * std::log(p) + (b - 1) * std::log(pc) - lb);
  };
  const ld mean = a / (a + b), sd = std::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
  std::vector<ld> cuts{0};
  for (ld c : {mean - 10 * sd, mean, mean + 10 * sd})
    if (c > cuts.back() && c < 1) cuts.push_back(c);
  ld sum = 0;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
    sum += ts.integrate([&](ld p, ld) { return value(p, 1 - p); }, cuts[i], cuts[i + 1], ld(1e-14));
  // The last piece reaches 1: xc = distance to the nearer end, 1 - p on its right half.
  sum +=
      ts.integrate([&](ld p, ld xc) { return value(p, xc > 0 ? xc : 1 - p); }, cuts.back(), ld(1), ld(1e-14));
  return sum;
}

/// The textbook form with Boost's 2F1 (FHL 2005 eq. 7): needs a != 1, a + b > 1.
inline double ref_mean_pfq(double r, double al, double a, double b, double t) {
  const double z = t / (al + t);
  const double F = boost::math::hypergeometric_pFq({r, b}, {a + b - 1}, z);
  return (a + b - 1) / (a - 1) * (1 - std::pow(al / (al + t), r) * F);
}

/// P(X(t) = n) by brute-force sums of negative binomial terms in long double (FHL 2005 eq. 8).
inline ld ref_pmf(int shift, ld r, ld al, ld a, ld b, int n, ld t) {
  const ld lb = lbeta_l(a, b);
  auto nb = [&](int j) {
    return std::exp(std::lgamma(r + j) - std::lgamma(r) - std::lgamma(ld(j) + 1) +
                    r * std::log(al / (al + t)) + j * std::log(t / (al + t)));
  };
  ld p = std::exp(lbeta_l(a, b + n + shift) - lb) * nb(n);
  if (shift == 1 || n > 0) {
    // P(NB >= n) summed upwards (positive terms, no cancellation).
    ld tail = 0;
    for (int j = n; j < n + 1000000; ++j) {
      const ld term = nb(j);
      tail += term;
      if (j > n + 10 && term < 1e-22L * tail) break;
    }
    p += std::exp(lbeta_l(a + 1, b + n + shift - 1) - lb) * tail;
  }
  return p;
}

}  // namespace northstar_test
