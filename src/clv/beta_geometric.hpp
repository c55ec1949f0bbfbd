// Special functions of the beta-geometric (BG/NBD family) models, shared by
// BG/NBD and MBG/NBD: the expected number of purchases of a customer whose
// transaction rate is Gamma(r, alpha) and whose dropout probability per
// purchase is Beta(a, b), with the Gauss 2F1 summed as a robust series.
#pragma once

#include <northstar/version.hpp>

#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>

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
/// All horizons share one pass over the series. Where its terms would grow (a > 1
/// and z near 1, or large a), the textbook form is summed instead (see
/// beta_geometric_form_for). `t` >= 0, finite; alpha, a, b, r > 0.
/// The pairs form: m_k for `count` pairs (alpha[k], t[k]) that share r, a, b; one pass over
/// the series serves every pair (the terms' coefficients depend on r, a, b only).
/// The textbook form itself, m = c/(a-1) (-expm1(log F - r L)) with F = 2F1(r, b; c; z)
/// summed in scaled arithmetic (F can exceed the double range) from the terms
/// t_{n+1} = t_n (r+n)(b+n) z / ((c+n)(n+1)), all positive for c > 0. Used where the
/// Euler form's terms grow like (1-z)^-(a-1) (large a or z near 1: slow, then inf - inf)
/// or alternate with magnitudes up to e^((r-c) z) (r >> a + b). Its own relative error
/// is about (a + 2b - 1)/|a - 1| ulp (the difference inside expm1).
/// Tail bound: for m >= n, (r+m)/(m+1) <= max((r+n)/(n+1), 1) and
/// (b+m)/(c+m) <= max((b+n)/(c+n), 1), each factor being monotone in m.
inline double beta_geometric_mean_fhl(double r, double a, double b, double z, double L) noexcept {
  constexpr double ln2 = 0.69314718055994530942;
  const double c = a + b - 1;
  if (a > 1) {
    // (1-z)^r F = E[(1 + p u)^-r] for p ~ Beta(a-1, b), u = e^L - 1 (Pfaff, A&S 15.3.4). It is
    // below 2^-57 (so m = c/(a-1) to the last bit) when (1 + eps u)^-r <= 2^-58 and
    // P(p < eps) <= eps^(a-1) / ((a-1) B(a-1, b)) max(1, (1-eps)^(b-1)) < 2^-58. This
    // skips the ~ r/(1-z) terms the sum needs when r is large and z near 1.
    if (const double eps = std::expm1(58 * ln2 / r) / std::expm1(L); eps < 0.5) {
      const double log_beta = std::lgamma(a - 1) + std::lgamma(b) - std::lgamma(c);
      const double log_p =
          (a - 1) * std::log(eps) - std::log(a - 1) - log_beta + (b < 1 ? (b - 1) * std::log1p(-eps) : 0.0);
      if (log_p < -58 * ln2) return c / (a - 1);
    }
  }
  double term = 1, s = 0, log_scale = 0;
  for (double n = 0; n < 1e9; n += 1) {
    term *= (r + n) * (b + n) / ((c + n) * (n + 1)) * z;
    s += term;
    if (s > 0x1p900) s *= 0x1p-900, term *= 0x1p-900, log_scale += 900 * ln2;
    const double rho = z * std::max((r + n + 1) / (n + 2), 1.0) * std::max((b + n + 1) / (c + n + 1), 1.0);
    if (term == 0 || (rho < 1 && term * rho / (1 - rho) <= 1e-17 * (log_scale > 0 ? s : 1 + s))) break;
  }
  const double log_f = log_scale > 0 ? log_scale + std::log(s) : std::log1p(s);
  return c / (a - 1) * -std::expm1(log_f - r * L);
}

/// The integrand of m = E_p[h(p)] shared by the quadrature forms: h(p) = (1 - (1 + p u)^-r) / p,
/// with its limit r u at p = 0.
inline double beta_geometric_h(double r, double u, double p) noexcept {
  return p > 0 ? -std::expm1(-r * std::log1p(p * u)) / p : r * u;
}

/// The tanh-sinh and exp-sinh rules (Boost.Math tables), built on first use by one
/// call of beta_geometric_mean_pairs and shared by its horizons: the common case
/// (the series forms) allocates nothing.
class beta_geometric_rules {
 public:
  boost::math::quadrature::tanh_sinh<double>& tanh_sinh() {
    if (!tanh_sinh_) tanh_sinh_.emplace();
    return *tanh_sinh_;
  }
  boost::math::quadrature::exp_sinh<double>& exp_sinh() {
    if (!exp_sinh_) exp_sinh_.emplace();
    return *exp_sinh_;
  }

 private:
  std::optional<boost::math::quadrature::tanh_sinh<double>> tanh_sinh_;
  std::optional<boost::math::quadrature::exp_sinh<double>> exp_sinh_;
};

/// m = E_p[h(p)], h(p) = (1 - (1 + p u)^-r) / p, p ~ Beta(a, b), by tanh-sinh quadrature
/// over p (Boost.Math), for the pairs where neither series form is accurate (r >> a + b
/// with a near 1 or b >> |a - 1|). [0, 1] is cut at 1/2 and at the mean and 10 standard
/// deviations either side (a narrow peak is not stepped over). On pieces above 1/2 the
/// value at p = 1 is taken out exactly, h(1) P(piece) + int dens (h - h(1)), so that
/// tiny b (all the mass within an ulp of 1) is right; below 1/2 likewise h(0) = r u when
/// a < 1/2. Piece masses from Boost's ibeta/ibetac. NaN if a quadrature throws.
inline double beta_geometric_mean_quadrature(double r, double a, double b, double u,
                                             beta_geometric_rules& rules) noexcept {
  try {
    auto& ts = rules.tanh_sinh();
    const double log_beta = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
    const auto h = [&](double p) { return beta_geometric_h(r, u, p); };
    const double mean = a / (a + b), sd = std::sqrt(mean * (b / (a + b)) / (a + b + 1));
    double cuts[6] = {0, 0.5, 1, mean - 10 * sd, mean, mean + 10 * sd};
    std::sort(cuts, cuts + 6);
    double sum = 0;
    for (int i = 0; i < 5; ++i) {
      const double lo = std::max(cuts[i], 0.0), hi = std::min(cuts[i + 1], 1.0);
      if (!(hi > lo)) continue;
      const bool last = hi == 1.0;
      const double ref = lo >= 0.5 ? h(1.0) : (a < 0.5 ? h(0.0) : 0.0);
      const auto f = [&](double p, double pc) {
        // pc: distance to the nearer end (Boost's convention): 1 - p on the last piece's right half.
        const double q = last && pc > 0 ? pc : 1 - p;
        if (!(p > 0) || !(q > 0)) return 0.0;
        return std::exp((a - 1) * std::log(p) + (b - 1) * std::log(q) - log_beta) * (h(p) - ref);
      };
      double mass = 0;
      if (ref != 0)
        mass = last ? boost::math::ibetac(a, b, lo)
                    : (lo == 0 ? boost::math::ibeta(a, b, hi)
                               : boost::math::ibeta(a, b, hi) - boost::math::ibeta(a, b, lo));
      sum += ref * mass + ts.integrate(f, lo, hi, 1e-13);
    }
    return sum;
  } catch (...) {
    return std::numeric_limits<double>::quiet_NaN();
  }
}

/// m for z near 1 (u = t/alpha >= 1000) and a <= 3, where the Euler series needs ~40 u
/// terms and loses digits (its lead and tail cancel by up to (1+u)^(1-a)). With
/// h(p) = (1 - (1 + p u)^-r) / p and B = B(a, b):
///  - p in [1/2, 1]: h(1) P(p >= 1/2) (Boost's ibetac) + int dens(p) (h(p) - h(1)) dp,
///    whose integrand vanishes like (1-p)^b at 1 whatever b (tanh-sinh);
///  - p in [0, 1/2], as q = p u = e^y: C int_{-inf}^{log(u/2)} e^((a-1)y) G(e^y) dy with
///    C = u^(1-a) / B, G(q) = (1 - (1+q)^-r) (1 - q/u)^(b-1). Below y0 = min(log(u/2), 0)
///    the leading term r q of G is integrated exactly (C r e^(a y0) / a, the mass near
///    p = 0 when a is tiny) and the rest, ~ q^(a+1), by exp-sinh; above 0, tanh-sinh.
/// Checked against mpmath's hyp2f1 (40 digits) for r, b in [1e-3, 1e3], a in [1e-3, 3],
/// u in [1e3, 1e6]: within 2e-12. NaN if a quadrature throws.
inline double beta_geometric_mean_far(double r, double a, double b, double u,
                                      beta_geometric_rules& rules) noexcept {
  try {
    const double log_beta = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
    const auto h = [&](double p) { return beta_geometric_h(r, u, p); };
    const double h1 = h(1.0);
    const auto fr = [&](double p, double pc) {
      const double q = pc > 0 ? pc : 1 - p;  // pc: distance to the nearer end (Boost's convention)
      if (!(q > 0)) return 0.0;
      return std::exp((a - 1) * std::log(p) + (b - 1) * std::log(q) - log_beta) * (h(p) - h1);
    };
    const double right =
        h1 * boost::math::ibetac(a, b, 0.5) + rules.tanh_sinh().integrate(fr, 0.5, 1.0, 1e-13);
    const double Y = std::log(u / 2), y0 = std::min(Y, 0.0), log_c = (1 - a) * std::log(u) - log_beta;
    const auto G = [&](double q) {
      return -std::expm1(-r * std::log1p(q)) * std::exp((b - 1) * std::log1p(-q / u));
    };
    const auto below = [&](double w) {  // y = y0 - w
      const double q = std::exp(y0 - w);
      if (q < 1e-150) return 0.0;  // the integrand is ~ C r^2 q^(a+1) there
      return std::exp(log_c + (a - 1) * (y0 - w)) * (G(q) - r * q);
    };
    const double left =
        std::exp(log_c + std::log(r) + a * y0 - std::log(a)) + rules.exp_sinh().integrate(below, 1e-13);
    const auto above = [&](double y, double) { return std::exp(log_c + (a - 1) * y) * G(std::exp(y)); };
    const double upper = Y > 0 ? rules.tanh_sinh().integrate(above, 0.0, Y, 1e-13) : 0.0;
    return left + upper + right;
  } catch (...) {
    return std::numeric_limits<double>::quiet_NaN();
  }
}

/// How beta_geometric_mean_pairs evaluates one horizon.
enum class beta_geometric_form { euler, textbook, quadrature, split, far };

/// The form for a horizon with z = t / (alpha + t), L = log1p(t / alpha). For u = t/alpha
/// >= 1000 and a <= 3, the far form (beta_geometric_mean_far). Otherwise the Euler
/// series is exact and fast unless its terms grow ((a-1) L > 1: large a or z near 1;
/// overflow beyond 600) or alternate with magnitudes up to e^((r-c) z) (r >> a + b).
/// Then the textbook form where it is defined and keeps its error below 64 ulp; the
/// quadrature where not; and for c = a + b - 1 <= 0 the split
/// E_{a,b} = b/(a+b) E_{a,b+1} + a/(a+b) E_{a+1,b} into two cases with c > 0.
inline beta_geometric_form beta_geometric_form_for(double r, double a, double b, double z,
                                                   double L) noexcept {
  if (z >= 1000.0 / 1001 && a <= 3) return beta_geometric_form::far;  // u >= 1000
  const double c = a + b - 1;
  const double growth = (a - 1) * L;  // log of the Euler terms' growth
  const double cancel = (r - c) * z;  // the Euler terms alternate up to about e^cancel
  // Growing Euler terms: their size is e^growth times factors from r, b that can overflow
  // well before e^600 (MBG/NBD with a = 295, b = 1e4, growth 399: -inf; fuzz). The textbook
  // form loses (a + 2b - 1)/(a - 1) ulp: taken up to 1e4 ulp, quadrature beyond.
  if (a > 1 && growth > 30)
    return a + 2 * b - 1 <= 1e4 * (a - 1) ? beta_geometric_form::textbook : beta_geometric_form::quadrature;
  // The Euler form's lead c L phi((a-1) L) and its tail cancel down to m >= h(1) =
  // 1 - (1+u)^-r (h decreases): beyond a factor 1e4 (a < 1, b large, u >> 1) the
  // quadrature, which keeps ~1e-14.
  if (std::abs(c * L * one_minus_exp_over((a - 1) * L)) > 1e4 * -std::expm1(-r * L))
    return beta_geometric_form::quadrature;
  if (growth <= 1 && cancel <= 4) return beta_geometric_form::euler;
  if (c > 0 && a != 1 && a + 2 * b - 1 <= 64 * std::abs(a - 1)) return beta_geometric_form::textbook;
  if (cancel <= 4) return beta_geometric_form::euler;  // only slower: (1-z)^-(a-1) <= e^600
  return c > 0 ? beta_geometric_form::quadrature : beta_geometric_form::split;
}

inline void beta_geometric_mean_pairs(double r, const double* alpha, double a, double b, const double* t,
                                      std::size_t count, double* out) noexcept;

/// One horizon by a form other than Euler's (see beta_geometric_form_for).
inline double beta_geometric_mean_other(beta_geometric_form form, double r, double alpha, double a, double b,
                                        double t, double z, double L, beta_geometric_rules& rules) noexcept {
  switch (form) {
    case beta_geometric_form::textbook:
      return beta_geometric_mean_fhl(r, a, b, z, L);
    case beta_geometric_form::far:
      return beta_geometric_mean_far(r, a, b, t / alpha, rules);
    case beta_geometric_form::quadrature:
      return beta_geometric_mean_quadrature(r, a, b, t / alpha, rules);
    default: {  // split: both parts have c = a + b > 0, so this recursion stops there
      double up_b = 0, up_a = 0;
      beta_geometric_mean_pairs(r, &alpha, a, b + 1, &t, 1, &up_b);
      beta_geometric_mean_pairs(r, &alpha, a + 1, b, &t, 1, &up_a);
      return b / (a + b) * up_b + a / (a + b) * up_a;
    }
  }
}

inline void beta_geometric_mean_pairs(double r, const double* alpha, double a, double b, const double* t,
                                      std::size_t count, double* out) noexcept {
  constexpr std::size_t max_k = 64;
  double z[max_k], zn[max_k], s[max_k], scale[max_k];
  bool euler[max_k];
  beta_geometric_rules rules;
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
      const beta_geometric_form form = beta_geometric_form_for(r, a, b, z[k], L);
      euler[k] = form == beta_geometric_form::euler;
      if (!euler[k]) {
        out[base + k] =
            beta_geometric_mean_other(form, r, alpha[base + k], a, b, t[base + k], z[k], L, rules);
        continue;
      }
      const double lead = c * L * one_minus_exp_over((a - 1) * L);
      out[base + k] = lead;
      scale[k] = std::abs(lead) * std::exp((a - 1) * L);
      active[live++] = k;
    }
    // Terms: coef_n z^n with coef_1 = A, coef_{n+1} = coef_n (A+n)(a+n-1)/((c+n)(n+1)).
    // Each pair stops on its own tail bound, so its value does not depend on the
    // other pairs of the call (the same floating-point operations as alone).
    double coef = A;
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
      // For m >= n+1, |term_{m+1} / term_m| <= rho_n z. The ratio's two factors are each
      // monotone in m with limit 1 (c + m > 0), so neither exceeds max(its value at n+1,
      // 1): for A >= 0, (A+m)/(c+m) <= 1 (A <= c) and (a+m-1)/(m+1); for A < 0,
      // |A+m|/(m+1) and (a+m-1)/(c+m). Valid from the first terms on, so a pair with tiny z
      // stops at once even when r >> a + b makes |coef| grow for thousands of terms.
      const double rho_n =
          A >= 0 ? std::max((a + n) / (n + 2), 1.0)
                 : std::max(std::abs(A + n + 1) / (n + 2), 1.0) * std::max((a + n) / (c + n + 1), 1.0);
      std::size_t keep = 0;
      for (std::size_t j = 0; j < live; ++j) {
        const std::size_t k = active[j];
        // n > 1e9: unreachable for z < 1 - 1e-7; keeps the loop finite (as does a NaN sum).
        bool done = z[k] == 0 || n > 1e9 || !(std::abs(s[k]) <= 1e308);
        if (!done) {
          const double rho = rho_n * z[k];
          // Tail bound: |next term| / (1 - rho), relative to the size of the result.
          done = rho < 1 && std::abs(coef * zn[k]) / (1 - rho) <= 1e-17 * (std::abs(s[k]) + scale[k]);
        }
        if (!done) active[keep++] = k;
      }
      live = keep;
    }
    for (std::size_t k = 0; k < K; ++k) {
      const double L = std::log1p(t[base + k] / alpha[base + k]);
      if (!euler[k]) continue;
      out[base + k] -= std::exp(-(a - 1) * L) * s[k];
      // Safety net: a sum that overflowed despite the form's choice goes to quadrature.
      if (!std::isfinite(out[base + k]))
        out[base + k] = beta_geometric_mean_quadrature(r, a, b, t[base + k] / alpha[base + k], rules);
    }
    // The mean is >= 0; the Euler form's difference can round to -4.9e-324 at a denormal t
    // (fuzz/model_predictions, corpus regression-bg-nbd-expected-denormal-t). NaN is kept.
    for (std::size_t k = 0; k < K; ++k)
      if (out[base + k] < 0) out[base + k] = 0;
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
