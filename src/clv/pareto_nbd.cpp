// Pareto/NBD: likelihood, gradient, fit and predictions. Formulas and their
// derivations: include/northstar/clv/pareto_nbd.hpp and docs/clv_pareto_nbd.md.
#include "pareto_nbd_detail.hpp"

#include "mle.hpp"
#include "parameters.hpp"

#include <northstar/core/parallel.hpp>

#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include "lgamma_diff.hpp"
#include "log_gamma.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

// Special functions report trouble by value (inf/NaN), never by exception: the
// kernels are noexcept, and the fit's driver steers away from non-finite values.
using quiet = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::errno_on_error>,
    boost::math::policies::pole_error<boost::math::policies::errno_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::errno_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::errno_on_error>>;
constexpr std::size_t grain = 1024;

// G(b, c, z) = sum_n (b)_n / (c)_n z^n for 0 <= z < 1, 0 < b <= c, and its
// partial derivatives in b, c and z. Terms are positive and decrease (ratio
// (b+n)/(c+n) z < z), so the remainder after term n is below term_n z/(1-z).
struct series {
  double g = 1, gb = 0, gc = 0, gz = 0;
};

constexpr int max_terms = 100000;
// Above this z the series needs thousands of terms: integrate instead.
constexpr double series_limit = 0.99;

// G(b, c, z) = 2F1(1, b; c; z) = (c-1) int_0^1 (1-w)^(c-2) (1-zw)^-b dw (Euler's
// integral, Abramowitz & Stegun 15.3.1); with 1-w = e^-u the integrand
// (c-1) e^-(c-1)u g^-b, g = 1 - z + z e^-u, is smooth on [0, inf) for z -> 1,
// and exp-sinh quadrature handles it. Derivatives under the integral sign.
series hyp_quadrature(double b, double c, double z, bool derivs) noexcept {
  series out;
  const double c1 = c - 1;
  boost::math::quadrature::exp_sinh<double> es;
  const double inf = std::numeric_limits<double>::infinity();
  const auto lg = [&](double u) { return std::log1p(-z * -std::expm1(-u)); };  // log g
  try {
    out.g = c1 * es.integrate([&](double u) { return std::exp(-c1 * u - b * lg(u)); }, 0.0, inf, 1e-12);
    if (derivs) {
      out.gb = -c1 * es.integrate(
                         [&](double u) {
                           const double l = lg(u);
                           return std::exp(-c1 * u - b * l) * l;
                         },
                         0.0, inf, 1e-12);
      out.gc = out.g / c1 - c1 * es.integrate([&](double u) { return u * std::exp(-c1 * u - b * lg(u)); },
                                              0.0, inf, 1e-12);
      out.gz = b * c1 *
               es.integrate([&](double u) { return std::exp(-c1 * u - (b + 1) * lg(u)) * -std::expm1(-u); },
                            0.0, inf, 1e-12);
    }
  } catch (...) {
    out.g = out.gb = out.gc = out.gz = nan_v;
  }
  return out;
}

series hyp(double b, double c, double z, bool derivs) noexcept {
  if (z > series_limit) return hyp_quadrature(b, c, z, derivs);
  series out;
  double term = 1, sum = 1, sb = 0, sc = 0, sz = 0, db = 0, dc = 0;
  // Stop when the remainder of the sum (and, with derivatives, of the z-derivative
  // sum, whose terms carry an extra factor n) is below 1e-16 relative.
  const double one_minus_z = 1 - z;
  const double stop = 1e-16 * one_minus_z;
  const double extra = derivs ? 1 / one_minus_z : 0.0;
  for (int n = 1; n < max_terms; ++n) {
    const double bn = b + (n - 1), cn = c + (n - 1);
    const double ratio = bn / cn;
    if (derivs) sz += n * term * ratio;  // d/dz of z^n (b)_n/(c)_n = n term_{n-1} ratio
    term *= ratio * z;
    sum += term;
    if (derivs) {
      db += 1 / bn;
      dc += 1 / cn;
      sb += term * db;
      sc -= term * dc;
    }
    if (term * (derivs ? n + extra : 1.0) <= stop * sum) break;
  }
  out.g = sum;
  out.gb = sb;
  out.gc = sc;
  out.gz = sz;
  return out;
}

// K(t) with d K / d(r, alpha, s, beta): the tail integral
// int_t^inf (alpha+u)^-(r+x) (beta+u)^-(s+1) du = (alpha+t)^-(r+x) (beta+t)^-s K(t) / (r+s+x).
// Fader & Hardie (2005 note) eq. (23) writes it as 2F1(r+s+x, s+1; r+s+x+1; z)
// (alpha >= beta) or 2F1(r+s+x, r+x; r+s+x+1; z) (alpha < beta); Euler's
// transformation 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a,c-b;c;z) (Abramowitz &
// Stegun 15.3.3) turns each into a series with ratio < z (see hyp()).
struct k_value {
  double k = 1;
  std::array<double, 4> dk{};  // d/d r, alpha, s, beta
};

k_value k_of(double r, double alpha, double s, double beta, double x, double t, bool derivs) noexcept {
  k_value out;
  const double p = r + x, m = r + s + x;
  if (alpha >= beta) {
    const double at = alpha + t, z = (alpha - beta) / at;
    const series h = hyp(p, m + 1, z, derivs);
    out.k = h.g;
    if (derivs) {
      out.dk[0] = h.gb + h.gc;
      out.dk[1] = h.gz * (beta + t) / (at * at);
      out.dk[2] = h.gc;
      out.dk[3] = -h.gz / at;
    }
  } else {
    const double bt = beta + t, z = (beta - alpha) / bt, rho = (alpha + t) / bt;
    const series h = hyp(s + 1, m + 1, z, derivs);
    out.k = rho * h.g;
    if (derivs) {
      out.dk[0] = rho * h.gc;
      out.dk[1] = (h.g - rho * h.gz) / bt;
      out.dk[2] = rho * (h.gb + h.gc);
      out.dk[3] = rho * (-h.g + h.gz * (alpha + t) / bt) / bt;
    }
  }
  return out;
}

struct evaluation {
  double log_l = nan_v;    // log L(r, alpha, s, beta | x, t_x, T)
  double p_alive = nan_v;  // P(alive at T | x, t_x, T)
};

// log L = log C + l(t_x) + log v with C = Gamma(r+x) alpha^r beta^s / Gamma(r),
// l(t) = -(r+x) log(alpha+t) - s log(beta+t), d = exp(l(T) - l(t_x)) and
// v = d + s/m (K(t_x) - d K(T)) (Fader & Hardie 2005 note, eqs. 22-23, factored
// by the largest term so nothing overflows). P(alive) = d / v (ibid. Section 5).
// What one end of the observation window contributes, for time t (t_x or T):
// l(t) = -(r+x) log(alpha+t) - s log(beta+t), K(t), and their derivatives.
struct side {
  double l = 0, k = 1;
  std::array<double, 4> dl{}, dk{};
};

side side_of(const pareto_nbd_params& th, double x, double t, bool derivs) noexcept {
  const double p = th.r + x;
  const double la = std::log(th.alpha + t), lb = std::log(th.beta + t);
  side out;
  out.l = -p * la - th.s * lb;
  const k_value kv = k_of(th.r, th.alpha, th.s, th.beta, x, t, derivs);
  out.k = kv.k;
  if (derivs) {
    out.dl = {-la, -p / (th.alpha + t), -lb, -th.s / (th.beta + t)};
    out.dk = kv.dk;
  }
  return out;
}

// The per-x constants: log Gamma(r+x) - log Gamma(r) and digamma(r+x) - digamma(r).
// (Boost's lgamma: std::lgamma writes the global signgam, a data race across threads.)
struct x_terms {
  double lg = 0, dg = 0;
};
x_terms x_terms_of(double r, double x, bool derivs) noexcept {
  return {boost::math::lgamma(r + x, quiet()) - boost::math::lgamma(r, quiet()),
          derivs ? boost::math::digamma(r + x, quiet()) - boost::math::digamma(r, quiet()) : 0.0};
}

// Combines the two sides (and the per-x constants) into log L, P(alive) and the gradient.
evaluation combine(const pareto_nbd_params& th, double x, const x_terms& xt, const side& sx, const side& sT,
                   double* grad) noexcept {
  const double r = th.r, a = th.alpha, s = th.s, b = th.beta;
  const double p = r + x, m = r + s + x, sm = s / m;
  const double d = std::exp(sT.l - sx.l);
  const double v = d + sm * (sx.k - d * sT.k);
  const double la = std::log(a), lb = std::log(b);
  evaluation e;
  e.log_l = xt.lg + r * la + s * lb + sx.l + std::log(v);
  e.p_alive = std::min(1.0, d / v);
  if (grad != nullptr) {
    const std::array<double, 4> dlc{xt.dg + la, r / a, lb, s / b};
    const std::array<double, 4> dsm{-s / (m * m), 0.0, p / (m * m), 0.0};
    for (std::size_t k = 0; k < 4; ++k) {
      const double dd = d * (sT.dl[k] - sx.dl[k]);
      const double dv = dd * (1 - sm * sT.k) + dsm[k] * (sx.k - d * sT.k) + sm * (sx.dk[k] - d * sT.dk[k]);
      grad[k] = dlc[k] + sx.dl[k] + dv / v;
    }
  }
  return e;
}

evaluation evaluate(const pareto_nbd_params& th, double x, double tx, double T, double* grad) noexcept {
  const bool derivs = grad != nullptr;
  const side sx = side_of(th, x, tx, derivs);
  const side sT = tx == T ? sx : side_of(th, x, T, derivs);
  return combine(th, x, x_terms_of(th.r, x, derivs), sx, sT, grad);
}

// (1 - (1+u)^-(s-1)) / (s-1) with L = log1p(u), continuous at s = 1 (value L).
double h_of(double s, double l1) noexcept {
  const double y = (s - 1) * l1;
  if (std::abs(y) < 1e-8) return l1 * (1 - y / 2);
  return -std::expm1(-y) / (s - 1);
}

// Modified Lentz evaluation of the continued fraction of U(1, 2-s, k) =
// e^k k^(s-1) Gamma(1-s, k) (Legendre's continued fraction for the upper
// incomplete gamma function, Abramowitz & Stegun 6.5.31 / DLMF 8.9.2).
double discount_cf(double k, double s) noexcept {
  // k beyond 1e150: U = 1/(k+s) (1 + O(s/k^2)) to every bit; the fraction's first
  // steps give inf * 0 = NaN at k = inf (fuzz/model_predictions).
  if (k > 1e150) return 1 / (k + s);
  constexpr double tiny = 1e-300;
  double f = k + s;
  if (f == 0) f = tiny;
  double c = f, dinv = 0;
  for (int n = 1; n < 200000; ++n) {
    const double an = -n * (n - 1 + s), bn = k + 2 * n + s;
    dinv = bn + an * dinv;
    if (std::abs(dinv) < tiny) dinv = tiny;
    c = bn + an / c;
    if (std::abs(c) < tiny) c = tiny;
    dinv = 1 / dinv;
    const double delta = c * dinv;
    f *= delta;
    if (std::abs(delta - 1) < 1e-16) break;
  }
  return 1 / f;
}

// U(1, 2-s, k); j1 = U(1, 2-s, 1) (used when k < 1, computed once per call by callers).
double discount_integral(double k, double s, double j1) noexcept {
  if (k >= 1) return discount_cf(k, s);
  // k < 1: J = e^k k^(s-1) Gamma(1-s, k), Gamma(1-s, k) = int_k^1 e^-w w^-s dw + Gamma(1-s, 1),
  // the first part summed term by term from e^-w = sum (-w)^j / j!, the second e^-1 J(1, s).
  const double lk = std::log(k), ks = std::exp((s - 1) * lk);
  // k^(s-1) beyond the double range (denormal k): U ~ Gamma(1-s) k^(s-1) is too; its terms
  // gave inf - inf = NaN (fuzz/model_predictions).
  if (ks == HUGE_VAL) return HUGE_VAL;
  double sum = 0, fact = 1;
  for (int j = 0; j < 400; ++j) {
    if (j > 0) fact *= j;
    const double e = j - s + 1;
    double dj;
    if (std::abs(e) < 0.5) {
      const double y = e * lk;
      dj = ks * (std::abs(y) < 1e-12 ? -lk : -std::expm1(y) / e);
    } else {
      dj = (ks - std::exp(j * lk)) / e;
    }
    const double term = (j % 2 == 0 ? 1.0 : -1.0) * dj / fact;
    sum += term;
    if (j > s + 1 && std::abs(term) <= 1e-17 * std::abs(sum)) break;
  }
  return std::exp(k) * (sum + ks * std::exp(-1.0) * j1);
}

// scale * integral where the integral is exactly 0 (an empty or underflowed interval) is 0,
// also when scale = P(alive) (r+x)/(alpha+T) overflowed (x ~ 1e306: inf * 0 was NaN).
double product_or_zero(double scale, double integral) noexcept {
  return integral == 0 ? 0.0 : scale * integral;
}

// B U(1, 2-s, rate B) = int_0^inf e^(-rate u) (B/(B+u))^s du: its limit 1/rate where rate B
// overflows (B U(1, 2-s, k) -> B/k).
double scaled_discount_integral(double B, double rate, double s, double j1) noexcept {
  const double k = rate * B;
  return std::isinf(k) ? 1 / rate : B * discount_integral(k, s, j1);
}

template <class Body>
void for_rows(std::size_t n, const run_options& run, Body&& body) {
  northstar::detail::parallel_ranges(n, run.threads, grain, [&](std::size_t, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) body(i);
  });
}

void check_out(std::string_view context, std::size_t n, std::span<double> out) {
  if (out.size() != n)
    northstar::detail::fail(
        errc::size_mismatch, context,
        "out has " + std::to_string(out.size()) + " elements but the input has " + std::to_string(n));
}

// Size of a column against n, then its values against `ok`.
template <class Ok>
void check_column(std::string_view context, std::string_view name, column<double> c, std::size_t n, Ok ok,
                  std::string_view reason) {
  if (c.is_broadcast()) {
    if (!std::isfinite(c.value()))
      northstar::detail::fail(
          errc::not_finite, context,
          std::string(name) + " = " + northstar::detail::format_value(c.value()) + ": must be finite");
    if (!ok(c.value()))
      northstar::detail::fail(errc::invalid_argument, context,
                              std::string(name) + " = " + northstar::detail::format_value(c.value()) + ": " +
                                  std::string(reason));
    return;
  }
  if (c.size() != n)
    northstar::detail::fail(
        errc::size_mismatch, context,
        std::string(name) + " has " + std::to_string(c.size()) + " elements, expected " + std::to_string(n));
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(c[i]))
      northstar::detail::fail_element(errc::not_finite, context, name, i, c[i], "must be finite");
    if (!ok(c[i])) northstar::detail::fail_element(errc::invalid_argument, context, name, i, c[i], reason);
  }
}

}  // namespace

void validate(const pareto_nbd_params& params, std::string_view context) {
  detail::validate_parameters(params, context);
}

namespace detail {

double pareto_nbd_log_likelihood_one(const pareto_nbd_params& params, double x, double t_x, double T,
                                     double* grad) noexcept {
  return evaluate(params, x, t_x, T, grad).log_l;
}

double pareto_nbd_discount_integral(double k, double s) noexcept {
  return discount_integral(k, s, k >= 1 ? 0.0 : discount_cf(1.0, s));
}

}  // namespace detail

double log_likelihood(const pareto_nbd_params& params, const rfm_view& data, const run_options& run) {
  constexpr std::string_view name = "pareto_nbd::log_likelihood";
  validate(params, name);
  validate(data, name, run.threads);
  const std::size_t parts = std::max<std::size_t>(1, northstar::detail::resolve_threads(run.threads));
  std::vector<double> partial(parts, 0.0);
  northstar::detail::parallel_ranges(
      data.size(), run.threads, grain, [&](std::size_t part, std::size_t b, std::size_t e) {
        double acc = 0;
        for (std::size_t i = b; i < e; ++i) {
          const double w = data.weight_of(i);
          if (w != 0)
            acc += w * evaluate(params, data.frequency[i], data.recency[i], data.age[i], nullptr).log_l;
        }
        partial[part] = acc;
      });
  double total = 0;
  for (double v : partial) total += v;
  return total;
}

pareto_nbd_fit fit_pareto_nbd(const rfm_view& data, const fit_options& options) {
  constexpr std::string_view name = "pareto_nbd::fit";
  const run_options run{options.threads};
  validate(data, name, run.threads);
  if (data.size() == 0) northstar::detail::fail(errc::invalid_argument, name, "no customers to fit");
  const rfm_patterns pat = compress(data, run.threads);
  double total_weight = 0;
  for (double w : pat.weight) total_weight += w;
  const std::size_t n = pat.size();
  const std::size_t parts = std::max<std::size_t>(1, northstar::detail::resolve_threads(run.threads));
  std::vector<std::array<double, 5>> partial(parts);

  // The likelihood's expensive parts depend on (x, t_x) and (x, T) only, and
  // lgamma/digamma on x only: evaluate each distinct one once per iteration.
  struct key {
    double x, t;
    std::uint32_t pattern, end;  // end: 0 = t_x, 1 = T
  };
  std::vector<key> keys;
  keys.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    keys.push_back({pat.frequency[i], pat.recency[i], static_cast<std::uint32_t>(i), 0});
    keys.push_back({pat.frequency[i], pat.age[i], static_cast<std::uint32_t>(i), 1});
  }
  std::sort(keys.begin(), keys.end(),
            [](const key& u, const key& v) { return u.x != v.x ? u.x < v.x : u.t < v.t; });
  std::vector<double> pair_x, pair_t, xs;
  std::vector<std::uint32_t> pair_xi, at_tx(n), at_T(n), pattern_xi(n);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (k == 0 || keys[k].x != keys[k - 1].x) xs.push_back(keys[k].x);
    if (k == 0 || keys[k].x != keys[k - 1].x || keys[k].t != keys[k - 1].t) {
      pair_x.push_back(keys[k].x);
      pair_t.push_back(keys[k].t);
      pair_xi.push_back(static_cast<std::uint32_t>(xs.size() - 1));
    }
    const auto id = static_cast<std::uint32_t>(pair_x.size() - 1);
    (keys[k].end == 0 ? at_tx : at_T)[keys[k].pattern] = id;
    pattern_xi[keys[k].pattern] = static_cast<std::uint32_t>(xs.size() - 1);
  }
  std::vector<key>().swap(keys);
  std::vector<side> sides(pair_x.size());
  std::vector<x_terms> xterms(xs.size());

  // Weighted log-likelihood over the patterns and its gradient in log-parameters.
  const auto log_likelihood = [&](std::span<const double> theta, std::span<double> grad) {
    const pareto_nbd_params th{theta[0], theta[1], theta[2], theta[3]};
    for (std::size_t j = 0; j < xs.size(); ++j) xterms[j] = x_terms_of(th.r, xs[j], true);
    northstar::detail::parallel_ranges(pair_x.size(), run.threads, 256,
                                       [&](std::size_t, std::size_t b, std::size_t e) {
                                         for (std::size_t j = b; j < e; ++j)
                                           sides[j] = side_of(th, pair_x[j], pair_t[j], true);
                                       });
    std::fill(partial.begin(), partial.end(), std::array<double, 5>{});
    northstar::detail::parallel_ranges(
        n, run.threads, grain, [&](std::size_t part, std::size_t b, std::size_t e) {
          std::array<double, 5> acc{};
          double g[4];
          for (std::size_t i = b; i < e; ++i) {
            const double w = pat.weight[i];
            if (w == 0) continue;
            acc[0] +=
                w * combine(th, pat.frequency[i], xterms[pattern_xi[i]], sides[at_tx[i]], sides[at_T[i]], g)
                        .log_l;
            for (std::size_t k = 0; k < 4; ++k) acc[k + 1] += w * g[k];
          }
          partial[part] = acc;
        });
    std::array<double, 5> tot{};
    for (const auto& a : partial)
      for (std::size_t k = 0; k < 5; ++k) tot[k] += a[k];
    if (!grad.empty())
      for (std::size_t k = 0; k < 4; ++k) grad[k] = tot[k + 1] * theta[k];
    return tot[0];
  };

  double max_T = 0;
  for (double T : pat.age) max_T = std::max(max_T, T);
  detail::mle_problem problem;
  problem.context = name;
  problem.default_start = {1.0, 1.0, 1.0, 1.0};
  problem.total_weight = total_weight;
  problem.rows = data.size();
  // lifetimes: alpha and beta penalised after time is scaled to max T = 1, and the
  // log-likelihood divided by the mean weight (W / rows), not the total.
  const double scale = max_T > 0 ? 1.0 / max_T : 1.0;
  problem.lifetimes_scale = {1.0, scale, 1.0, scale};
  problem.lifetimes_weight = total_weight / static_cast<double>(data.size());
  problem.log_likelihood = log_likelihood;
  return detail::to_fit_result<pareto_nbd_params>(detail::maximise_likelihood(problem, options), n);
}

void expected_purchases(const pareto_nbd_params& params, column<double> t, std::span<double> out,
                        const run_options& run) {
  constexpr std::string_view name = "pareto_nbd::expected_purchases";
  validate(params, name);
  const std::size_t n = out.size();
  check_column(
      name, "t", t, n, [](double v) { return v >= 0; }, "must be >= 0");
  // r beta / alpha in long double: r beta may overflow where the ratio does not.
  const auto scale = static_cast<double>(static_cast<long double>(params.r) * params.beta / params.alpha);
  for_rows(n, run, [&](std::size_t i) {
    // E[X(t)] = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)] (Fader & Hardie 2005 note, Section 4)
    out[i] = product_or_zero(scale, h_of(params.s, std::log1p(t[i] / params.beta)));
  });
}

void conditional_expected_purchases(const pareto_nbd_params& params, const rfm_view& data, column<double> t,
                                    std::span<double> out, const run_options& run) {
  constexpr std::string_view name = "pareto_nbd::conditional_expected_purchases";
  validate(params, name);
  validate(data, name, run.threads);
  check_out(name, data.size(), out);
  check_column(
      name, "t", t, data.size(), [](double v) { return v >= 0; }, "must be >= 0");
  for_rows(data.size(), run, [&](std::size_t i) {
    const double x = data.frequency[i], T = data.age[i];
    const evaluation e = evaluate(params, x, data.recency[i], T, nullptr);
    const double bT = params.beta + T;
    // E[Y(t) | x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive)
    // (Fader & Hardie 2005 note, Section 6)
    // t = 0 (or t / (beta+T) below 1e-308) is 0 also where the factor before h overflows (x = 1e306).
    out[i] = product_or_zero(e.p_alive * (params.r + x) / (params.alpha + T),
                             bT * h_of(params.s, std::log1p(t[i] / bT)));
  });
}

void probability_alive(const pareto_nbd_params& params, const rfm_view& data, std::span<double> out,
                       const run_options& run) {
  constexpr std::string_view name = "pareto_nbd::probability_alive";
  validate(params, name);
  validate(data, name, run.threads);
  check_out(name, data.size(), out);
  for_rows(data.size(), run, [&](std::size_t i) {
    out[i] = evaluate(params, data.frequency[i], data.recency[i], data.age[i], nullptr).p_alive;
  });
}

void probability_of_purchases(const pareto_nbd_params& params, column<double> t, column<double> n,
                              std::span<double> out, const run_options& run) {
  constexpr std::string_view name = "pareto_nbd::probability_of_purchases";
  validate(params, name);
  const std::size_t size = out.size();
  check_column(
      name, "t", t, size, [](double v) { return v >= 0; }, "must be >= 0");
  check_column(
      name, "n", n, size, [](double v) { return v >= 0 && v == std::floor(v); },
      "must be a whole number >= 0");
  const double r = params.r, a = params.alpha, s = params.s, b = params.beta;
  northstar::detail::parallel_ranges(
      size, run.threads, grain, [&](std::size_t, std::size_t lo, std::size_t hi) {
        boost::math::quadrature::tanh_sinh<double> rule;  // per thread: its tables, not per row
        for (std::size_t i = lo; i < hi; ++i) {
          const double ti = t[i], ni = n[i];
          // ln [Gamma(r+n) / (Gamma(r) n!)], with Gamma(r+n)/Gamma(n+1) as one difference: two
          // lgamma values ~ n ln n lose it for huge n (inf - inf = NaN at n = 1e306; fuzz).
          const double lnb =
              (r >= 1 ? detail::lgamma_diff(ni + 1, r - 1) : -detail::lgamma_diff(ni + r, 1 - r)) -
              detail::log_gamma(r);
          // Alive throughout (0, t]: NBD(n; r, alpha) at t times (beta/(beta+t))^s
          // (Fader & Hardie 2006 P(X(t)=x) note, Section 3, first term).
          double alive = 0;
          if (ti == 0) {
            alive = ni == 0 ? 1.0 : 0.0;
          } else {
            alive = std::exp(lnb - r * std::log1p(ti / a) - (ni == 0 ? 0.0 : ni * std::log1p(a / ti)) -
                             s * std::log1p(ti / b));
          }
          // Died at tau in (0, t] after n purchases: the Lomax death time's density s beta^s
          // (beta+tau)^-(s+1) times NBD(n; r, alpha) at tau (ibid., the integral before its eq. 6).
          // With v = (beta/(beta+tau))^s, its survival function, dv = -density dtau:
          // died = int_{v_t}^1 NBD(n; tau(v)) dv, tau(v) = beta expm1(-log(v) / s). The integrand is a
          // probability, so the rule sees all of the death-time mass however narrow it is in tau
          // (an adaptive rule in tau gave 0 for s = beta = 1e6, t = 1e7, where P(X = 0) ~ 1).
          double died = 0;
          if (ti > 0) {
            const double vt = std::exp(-s * std::log1p(ti / b));
            const auto nbd = [&](double v, double) {
              if (!(v > 0)) return 0.0;
              const double tau = b * std::expm1(-std::log(v) / s);
              if (!(tau > 0)) return ni == 0 ? 1.0 : 0.0;
              if (!std::isfinite(tau)) return 0.0;
              // (tau/(alpha+tau))^n: 1 for n = 0 even where alpha/tau overflows (0 * inf).
              return std::exp(lnb - r * std::log1p(tau / a) - (ni == 0 ? 0.0 : ni * std::log1p(a / tau)));
            };
            died = vt < 1 ? rule.integrate(nbd, vt, 1.0, 1e-12) : 0.0;
          }
          out[i] = alive + died;
        }
      });
}

void discounted_expected_residual_transactions(const pareto_nbd_params& params, const rfm_view& data,
                                               double delta, std::span<double> out, const run_options& run) {
  constexpr std::string_view name = "pareto_nbd::discounted_expected_residual_transactions";
  validate(params, name);
  validate(data, name, run.threads);
  check_out(name, data.size(), out);
  if (!std::isfinite(delta))
    northstar::detail::fail(errc::not_finite, name,
                            "delta = " + northstar::detail::format_value(delta) + ": must be finite");
  if (!(delta > 0))
    northstar::detail::fail(errc::invalid_argument, name,
                            "delta = " + northstar::detail::format_value(delta) + ": must be > 0");
  const double j1 = discount_cf(1.0, params.s);
  for_rows(data.size(), run, [&](std::size_t i) {
    const double x = data.frequency[i], T = data.age[i];
    const evaluation e = evaluate(params, x, data.recency[i], T, nullptr);
    const double bT = params.beta + T;
    // DERT = P(alive) E[lambda | alive] E[1/(mu+delta) | alive], lambda | alive ~ Gamma(r+x, alpha+T),
    // mu | alive ~ Gamma(s, beta+T): E[1/(mu+delta)] = (beta+T) U(1, 2-s, delta (beta+T))
    // (Fader, Hardie & Lee 2005, JMR, DERT for Pareto/NBD).
    // A customer surely gone (P(alive) = 0) has DERT 0 even where the integral overflows
    // (denormal delta: 0 * inf was NaN; fuzz/model_predictions).
    out[i] = e.p_alive == 0 ? 0.0
                            : e.p_alive * (params.r + x) / (params.alpha + T) *
                                  scaled_discount_integral(bT, delta, params.s, j1);
  });
}

void discounted_expected_purchases(const pareto_nbd_params& params, const rfm_view& data,
                                   const per_period_discount& discount, std::span<double> out,
                                   const run_options& run) {
  constexpr std::string_view name = "pareto_nbd::discounted_expected_purchases";
  validate(params, name);
  validate(data, name, run.threads);
  validate(discount, name);
  check_out(name, data.size(), out);
  for_rows(data.size(), run, [&](std::size_t i) {
    const double x = data.frequency[i], T = data.age[i];
    const double bT = params.beta + T;
    const double scale =
        evaluate(params, x, data.recency[i], T, nullptr).p_alive * (params.r + x) / (params.alpha + T) * bT;
    // E[Y(t)] = scale h(s, log1p(t / (beta+T))) (Fader & Hardie 2005 note, Section 6), differenced by period.
    double total = 0, previous = 0, factor = 1;
    for (int k = 1; k <= discount.periods && scale > 0; ++k) {
      const double now = product_or_zero(scale, h_of(params.s, std::log1p(k * discount.period_length / bT)));
      if (now == HUGE_VAL) {  // E[Y] beyond the double range (s < 1, astronomic periods): inf - inf
        total = HUGE_VAL;     // was NaN (fuzz/model_predictions); the sum of positive terms is inf
        break;
      }
      factor /= 1 + discount.rate;
      total += (now - previous) * factor;
      previous = now;
    }
    out[i] = total;
  });
}

void discounted_expected_purchases(const pareto_nbd_params& params, const rfm_view& data,
                                   const continuous_discount& discount, std::span<double> out,
                                   const run_options& run) {
  constexpr std::string_view name = "pareto_nbd::discounted_expected_purchases";
  validate(params, name);
  validate(data, name, run.threads);
  validate(discount, name);
  check_out(name, data.size(), out);
  const double h = discount.horizon, rate = discount.rate;
  const double j1 = discount_cf(1.0, params.s);
  for_rows(data.size(), run, [&](std::size_t i) {
    const double x = data.frequency[i], T = data.age[i];
    const double bT = params.beta + T, bH = bT + h;
    const double scale =
        evaluate(params, x, data.recency[i], T, nullptr).p_alive * (params.r + x) / (params.alpha + T);
    if (scale == 0) {  // surely gone: 0, also where the integrals overflow (0 * inf)
      out[i] = 0.0;
      return;
    }
    if (h == 0) {  // an empty interval; scale * bT may overflow (inf * 0 was NaN; fuzz/model_predictions)
      out[i] = 0.0;
      return;
    }
    if (rate == 0) {
      out[i] = product_or_zero(scale, bT * h_of(params.s, std::log1p(h / bT)));
      return;
    }
    // int_0^H e^(-rate u) ((beta+T)/(beta+T+u))^s du = B J(rate B) - e^(-rate H) (B/(B+H))^s (B+H) J(rate
    // (B+H)).
    const double tail = std::exp(-rate * h - params.s * std::log1p(h / bT)) *
                        scaled_discount_integral(bH, rate, params.s, j1);
    out[i] = product_or_zero(scale, std::max(0.0, scaled_discount_integral(bT, rate, params.s, j1) - tail));
  });
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
