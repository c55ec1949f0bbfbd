// Special functions of the beta-geometric (BG/NBD family) models, shared by
// BG/NBD and MBG/NBD: the expected number of purchases of a customer whose
// transaction rate is Gamma(r, alpha) and whose dropout probability per
// purchase is Beta(a, b), with the Gauss 2F1 summed as a robust series.
#pragma once

#include <northstar/version.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

/// phi(u) = (1 - e^-u) / u, with phi(0) = 1 (no cancellation near 0).
inline double one_minus_exp_over(double u) noexcept {
  if (std::abs(u) < 1e-8) return 1.0 - u / 2;
  return -std::expm1(-u) / u;
}

/// m_k = E_p[(1 - (1 + p t_k / alpha)^-r) / p] for p ~ Beta(a, b), k = 0..count-1:
/// the expected purchases in (0, t_k] of a BG/NBD customer who is alive at 0.
///
/// The textbook form (Fader, Hardie & Lee 2005, eq. 7)
///   m = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; z)],  z = t/(alpha+t),
/// is singular at a = 1 and needs a+b > 1. Euler's transformation
/// 2F1(A,B;C;z) = (1-z)^(C-A-B) 2F1(C-A, C-B; C; z) (Abramowitz & Stegun 15.3.3) turns it into
///   m = c L phi((a-1) L) - (1-z)^(a-1) S,   c = a+b-1, L = -log(1-z) = log1p(t/alpha),
///   S = sum_{n>=1} (c-r)_n (a)_(n-1) z^n / ((c+1)_(n-1) n!),
/// which is regular for every a > 0, b > 0 (c + 1 = a + b > 0), and whose terms
/// do not depend on r except through c - r, so the number of terms is bounded by
/// the convergence rate z^n whatever the number of past purchases.
/// All horizons share one pass over the series. `t` >= 0, finite; alpha, a, b, r > 0.
/// The pairs form: m_k for `count` pairs (alpha[k], t[k]) that share r, a, b; one pass over
/// the series serves every pair (the terms' coefficients depend on r, a, b only).
inline void beta_geometric_mean_pairs(double r, const double* alpha, double a, double b, const double* t,
                                      std::size_t count, double* out) noexcept {
  constexpr std::size_t max_k = 64;
  double z[max_k], zn[max_k], s[max_k], scale[max_k];
  std::size_t active[max_k];
  const double c = a + b - 1, A = c - r;
  for (std::size_t base = 0; base < count; base += max_k) {
    const std::size_t K = std::min(max_k, count - base);
    std::size_t live = 0;
    for (std::size_t k = 0; k < K; ++k) {
      const double L = std::log1p(t[base + k] / alpha[base + k]);
      z[k] = t[base + k] / (alpha[base + k] + t[base + k]);
      zn[k] = z[k];
      s[k] = 0;
      const double lead = c * L * one_minus_exp_over((a - 1) * L);
      out[base + k] = lead;
      scale[k] = std::abs(lead) * std::exp((a - 1) * L);
      active[live++] = k;
    }
    // Terms: coef_n z^n with coef_1 = A, coef_{n+1} = coef_n (A+n)(a+n-1)/((c+n)(n+1)).
    // Each pair stops on its own tail bound, so its value does not depend on the
    // other pairs of the call (the same floating-point operations as alone).
    double coef = A;
    const double settle = std::max({0.0, -A, 1 - a}) + 2;  // beyond this every factor is positive
    for (double n = 1; live > 0; n += 1) {
      for (std::size_t j = 0; j < live; ++j) {
        const std::size_t k = active[j];
        s[k] += coef * zn[k];
        zn[k] *= z[k];
      }
      if (coef == 0) break;
      const double ratio = (A + n) * (a + n - 1) / ((c + n) * (n + 1));
      coef *= ratio;
      // Convergence is checked every 8 terms (at the same n whatever the grouping).
      if ((static_cast<std::uint64_t>(n) & 7) != 0 && n < 1e9) continue;
      std::size_t keep = 0;
      for (std::size_t j = 0; j < live; ++j) {
        const std::size_t k = active[j];
        bool done = z[k] == 0 || n > 1e9;  // n > 1e9: unreachable for z < 1 - 1e-7; keeps the loop finite
        if (!done && n > settle) {
          const double rho = std::max(ratio * z[k], z[k]);
          // Tail bound: |next term| / (1 - rho), relative to the size of the result.
          done = rho < 1 && std::abs(coef * zn[k]) / (1 - rho) <= 1e-17 * (std::abs(s[k]) + scale[k]);
        }
        if (!done) active[keep++] = k;
      }
      live = keep;
    }
    for (std::size_t k = 0; k < K; ++k) {
      const double L = std::log1p(t[base + k] / alpha[base + k]);
      out[base + k] -= std::exp(-(a - 1) * L) * s[k];
    }
  }
}

/// Several horizons t[k] for one alpha (see the pairs form above).
inline void beta_geometric_mean(double r, double alpha, double a, double b, const double* t,
                                std::size_t count, double* out) noexcept {
  constexpr std::size_t block = 64;
  double al[block];
  for (std::size_t k = 0; k < block; ++k) al[k] = alpha;
  for (std::size_t base = 0; base < count; base += block)
    beta_geometric_mean_pairs(r, al, a, b, t + base, std::min(block, count - base), out + base);
}

/// One horizon of beta_geometric_mean.
inline double beta_geometric_mean(double r, double alpha, double a, double b, double t) noexcept {
  double out = 0;
  beta_geometric_mean(r, alpha, a, b, &t, 1, &out);
  return out;
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
