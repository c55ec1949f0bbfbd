#include <northstar/clv/bg_bb.hpp>
#include "hyp2f1_1bc.hpp"
#include "log_gamma.hpp"

#include "discrete_checks.hpp"
#include "lgamma_diff.hpp"
#include "mle.hpp"
#include "parameters.hpp"

#include <boost/math/special_functions/digamma.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

namespace {

// ln [B(a+u, b+v) / B(a, b)], u, v >= 0, accurate for huge a or b.
double lnbeta_ratio(double a, double b, double u, double v) noexcept {
  using detail::lgamma_diff;
  return lgamma_diff(a, u) + lgamma_diff(b, v) - lgamma_diff(a + b, u + v);
}

double log_add(double u, double v) noexcept {
  if (u < v) std::swap(u, v);
  if (v == -std::numeric_limits<double>::infinity()) return u;
  return u + std::log1p(std::exp(v - u));
}

// The model's parameters, as the kernels read them.
struct kernel_params {
  double a, b, g, d;
  // Validates the parameters, naming `context`.
  kernel_params(const bg_bb_params& m, std::string_view context)
      : a(m.alpha), b(m.beta), g(m.gamma), d(m.delta) {
    validate(m, context);
  }
};

// ln L(alpha, beta, gamma, delta | x, t_x, n) (FHS, the model likelihood):
//   B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d)
//   + sum_{i=0}^{n-t_x-1} B(a+x, b+t_x-x+i)/B(a,b) B(g+1, d+t_x+i)/B(g,d).
// The dropout terms decrease in i; they are summed relative to the first
// (ratio (b+m-x)/(a+b+m) * (d+m)/(g+d+1+m), m = t_x + i), stopping when the
// rest cannot change the sum.
double log_lik(const kernel_params& p, double x, double tx, double n) noexcept {
  const double alive = lnbeta_ratio(p.a, p.b, x, n - x) + lnbeta_ratio(p.g, p.d, 0, n);
  if (n <= tx) return alive;
  const double first = lnbeta_ratio(p.a, p.b, x, tx - x) + lnbeta_ratio(p.g, p.d, 1, tx);
  const double terms = n - tx;
  double s = 1, term = 1;
  for (double i = 0; i + 1 < terms; ++i) {
    const double m = tx + i;
    // Two bounded ratios: the four-factor form is inf / inf = NaN for beta ~ 1e255 and
    // delta ~ 1e94 (P(alive) NaN; found by fuzz/c_api).
    term *= ((p.b + (m - x)) / (p.a + p.b + m)) * ((p.d + m) / (p.g + p.d + (1 + m)));
    s += term;
    if (term * (terms - i - 2) < 1e-17 * s) break;
  }
  return log_add(alive, first + std::log(s));
}

// ln sum_{t=1}^{k} B(g, d+t)/B(g, d) = ln sum_{t=1}^{k} (d)_t / (g+d)_t  (k >= 1):
// the expected number of opportunities alive among 1..k (FHS, the closed form
// behind E[X(n)] and, with d -> d+n, the conditional expectation):
//   d/(g-1) [1 - R(k)],  R(k) = (1+d)_k / (g+d)_k,
// written as d (-expm1(D)) / h with h = g - 1 and
// D = ln R(k) = -sum_j log1p(h / (1+d+j)), which stays accurate as g -> 1
// (where the printed form is 0/0); g = 1 exactly is the harmonic-sum limit.
double log_survival_sum(double g, double d, double k) noexcept {
  const double h = g - 1;
  const double z = 1 + d;
  double log_q;
  if (h == 0) {
    // sum_{j<k} 1/(z+j) = psi(z+k) - psi(z); the loop only for small k (k = 1e15
    // opportunities looped for minutes: fuzz/c_api, corpus regression-bg-bb-harmonic-huge-n).
    double harmonic = 0;
    if (k <= 1e5) {
      for (double j = 0; j < k; ++j) harmonic += 1 / (z + j);
    } else {
      harmonic = boost::math::digamma(z + k) - boost::math::digamma(z);
    }
    log_q = std::log(harmonic);
  } else {
    double big_d;
    if (k <= 1e5) {
      big_d = 0;
      // 1 + h / (z + j) = (g + d + j) / (1 + d + j): formed directly when small, since for tiny g
      // and d, h / z rounds to -1 and log1p gave -inf (E[X(n)] = inf; found by fuzz/c_api).
      for (double j = 0; j < k; ++j) {
        const double q = h / (z + j);
        big_d -= q < -0.5 ? std::log((g + d + j) / (z + j)) : std::log1p(q);
      }
    } else {
      big_d = northstar::clv::detail::log_gamma(z + k) - northstar::clv::detail::log_gamma(z) -
              northstar::clv::detail::log_gamma(g + d + k) + northstar::clv::detail::log_gamma(g + d);
    }
    if (big_d <= 1) {
      log_q = std::log(-std::expm1(big_d) / h);
    } else {
      log_q = big_d + std::log1p(-std::exp(-big_d)) - std::log(-h);
    }
  }
  return std::log(d) + log_q;
}

double log_alive_term(const kernel_params& p, double x, double n) noexcept {
  // A = B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d): alive through opportunity n.
  return lnbeta_ratio(p.a, p.b, x, n - x) + lnbeta_ratio(p.g, p.d, 0, n);
}

// ln(L / A), L the likelihood and A its alive-through-n term: the dropout
// terms relative to A are ratios of Beta functions with arguments that differ
// by whole numbers, i.e. finite products, summed backwards from m = n-1:
//   T_{n-1}/A = (a+b+n-1) g / ((b+n-1-x)(d+n-1)),
//   T_{m-1}/T_m = (a+b+m-1)(g+d+m) / ((b+m-1-x)(d+m-1)).
// No lgamma, error ~ (n - t_x) ulps. Long sums, or sums that overflow, go
// through the log-space likelihood instead.
double log_l_over_a(const kernel_params& p, double x, double tx, double n) noexcept {
  const double k = n - tx;
  if (k == 0) return 0;
  if (k <= 64) {
    // Products of ratios: the four-factor forms overflow to inf / inf for
    // beta, delta ~ 1e155 and beyond (NaN DERT; found by fuzz/c_api).
    double term = ((p.a + p.b + (n - 1)) / (p.b + (n - 1 - x))) * (p.g / (p.d + (n - 1)));
    double s = term;
    for (double m = n - 1; m > tx; --m) {
      term *= ((p.a + p.b + (m - 1)) / (p.b + (m - 1 - x))) * ((p.g + p.d + m) / (p.d + (m - 1)));
      s += term;
    }
    if (s < 1e300) return std::log1p(s);
  }
  return log_lik(p, x, tx, n) - log_alive_term(p, x, n);
}

double p_alive(const kernel_params& p, double x, double tx, double n) noexcept {
  // P(alive at n+1 | x, t_x, n) = B(a+x, b+n-x)/B(a,b) B(g, d+n+1)/B(g,d) / L (FHS)
  //                             = (d+n)/(g+d+n) A / L.
  return (p.d + n) / (p.g + p.d + n) * std::exp(-log_l_over_a(p, x, tx, n));
}

double conditional_expected(const kernel_params& p, double x, double tx, double n,
                            double log_rel_sum) noexcept {
  // E[X(n, n+n*) | x, t_x, n] = B(a+x+1, b+n-x)/B(a,b) / L * sum_{t=n+1}^{n+n*} B(g, d+t)/B(g,d) (FHS)
  //   = (a+x)/(a+b+n) * sum_{s=1}^{n*} B(g, d+n+s)/B(g, d+n) * A / L,
  // log_rel_sum = ln of that sum = log_survival_sum(g, d+n, n*).
  return (p.a + x) / (p.a + p.b + n) * std::exp(log_rel_sum - log_l_over_a(p, x, tx, n));
}

double dert_hyp(const kernel_params& p, double rate, double n) noexcept {
  return detail::hyp2f1_1bc(p.d + (n + 1), p.g + p.d + (n + 1), 1.0 / (1.0 + rate));
}

double dert(const kernel_params& p, double rate, double x, double tx, double n, double hyp) noexcept {
  // DERT = B(a+x+1, b+n-x)/B(a,b) B(g, d+n+1)/(B(g,d)(1+d)) 2F1(1, d+n+1; g+d+n+1; 1/(1+d)) / L (FHS)
  //      = (a+x)/(a+b+n) (d+n)/(g+d+n) / (1+d) * 2F1(...) * A / L.
  // A / L = 0 (a customer surely gone) makes DERT 0 even where the 2F1 diverges (rate -> 0 with
  // gamma <= 1): 0 * inf was NaN (fuzz/c_api).
  const double alive_share = std::exp(-log_l_over_a(p, x, tx, n));
  if (alive_share == 0) return 0.0;
  return (p.a + x) / (p.a + p.b + n) * (p.d + n) / (p.g + p.d + n) / (1 + rate) * hyp * alive_share;
}

double pmf(const kernel_params& p, double x, double n) noexcept {
  // P(X(n) = x) = C(n,x) B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d)
  //             + sum_{i=x}^{n-1} C(i,x) B(a+x, b+i-x)/B(a,b) B(g+1, d+i)/B(g,d)   (FHS, the BG/BB pmf).
  const double log_choose = northstar::clv::detail::log_gamma(n + 1) -
                            northstar::clv::detail::log_gamma(x + 1) -
                            northstar::clv::detail::log_gamma(n - x + 1);
  const double alive = log_choose + lnbeta_ratio(p.a, p.b, x, n - x) + lnbeta_ratio(p.g, p.d, 0, n);
  if (n <= x) return std::min(1.0, std::exp(alive));
  // Terms relative to the first (i = x); C(i, x) makes them rise before they
  // fall, so the running sum is rescaled when it grows large.
  const double first = lnbeta_ratio(p.a, p.b, x, 0) + lnbeta_ratio(p.g, p.d, 1, x);
  double s = 1, term = 1, offset = 0;
  for (double i = x; i + 1 < n; ++i) {
    term *=
        ((i + 1) / (i + 1 - x)) * ((p.b + (i - x)) / (p.a + p.b + i)) * ((p.d + i) / (p.g + p.d + (1 + i)));
    s += term;
    if (s > 1e250) {
      s *= 1e-250;
      term *= 1e-250;
      offset += 250 * std::log(10.0);
    }
  }
  return std::min(1.0, std::exp(log_add(alive, first + offset + std::log(s))));  // <= 1 despite rounding
}

double expected_at(const kernel_params& p, double n) noexcept {
  // E[X(n)] = a/(a+b) * sum_{t=1}^n B(g, d+t)/B(g,d) = a/(a+b) d/(g-1) [1 - R(n)] (FHS).
  if (n == 0) return 0;
  return p.a / (p.a + p.b) * std::exp(log_survival_sum(p.g, p.d, n));
}

// ------------------------------------------------------------------ validation

// The likelihood and the pmf sum one term per opportunity (n - t_x or n - x terms, ~3 ns
// each): n = 1e15 ran for hours (fuzz/c_api). Histories and pmf counts are limited to 1e7
// opportunities (27,000 years of days); E[X(n)] has a closed form and takes any n.
constexpr double max_opportunities = 1e7;
constexpr std::string_view max_opportunities_why =
    "must be <= 1e7 (the likelihood sums one term per opportunity; documented limit)";

struct customer_inputs {
  std::string_view context;
  column<double> x, t_x, n;
};

std::size_t count_of(std::string_view ctx,
                     std::initializer_list<std::pair<std::string_view, const column<double>*>> cols,
                     std::size_t expected, std::string_view expected_name) {
  constexpr auto npos = std::numeric_limits<std::size_t>::max();
  std::size_t count = expected;
  std::string_view first = expected_name;
  for (const auto& [name, c] : cols) {
    if (c->is_broadcast()) continue;
    if (count == npos) {
      count = c->size();
      first = name;
    } else {
      detail::check_size(ctx, name, c->size(), first, count);
    }
  }
  return count == npos ? 1 : count;
}

// Checks customer i: whole numbers, 0 <= x <= t_x <= n, t_x = 0 iff x = 0.
void check_customer(const customer_inputs& in, std::size_t i) {
  const double x = in.x[i], tx = in.t_x[i], n = in.n[i];
  const auto idx = [&](const column<double>& c) { return c.is_broadcast() ? std::size_t{0} : i; };
  const auto bad = [&](const column<double>& c, std::string_view name, double v, const std::string& why) {
    if (c.is_broadcast())
      northstar::detail::fail(errc::invalid_argument, in.context,
                              std::string(name) + " = " + northstar::detail::format_value(v) + ": " + why);
    northstar::detail::fail_element(errc::invalid_argument, in.context, name, idx(c), v, why);
  };
  if (!detail::is_whole_at_least(x, 0))
    detail::fail_whole(in.context, "x", idx(in.x), x, 0, in.x.is_broadcast());
  if (!detail::is_whole_at_least(tx, 0))
    detail::fail_whole(in.context, "t_x", idx(in.t_x), tx, 0, in.t_x.is_broadcast());
  if (!detail::is_whole_at_least(n, 0))
    detail::fail_whole(in.context, "n", idx(in.n), n, 0, in.n.is_broadcast());
  if (tx > n)
    bad(in.t_x, "t_x", tx,
        "must be <= n = " + northstar::detail::format_value(n) + " (customer " + std::to_string(i) + ")");
  if (x > tx)
    bad(in.x, "x", x,
        "must be <= t_x = " + northstar::detail::format_value(tx) + " (customer " + std::to_string(i) + ")");
  if (x == 0 && tx != 0) bad(in.t_x, "t_x", tx, "must be 0 when x = 0 (customer " + std::to_string(i) + ")");
  if (n > max_opportunities) bad(in.n, "n", n, std::string(max_opportunities_why));
}

void check_customers(const customer_inputs& in, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) check_customer(in, i);
}

void check_whole_column(std::string_view ctx, std::string_view name, const column<double>& c,
                        std::size_t count, double lo) {
  if (c.is_broadcast()) {
    detail::check_whole(ctx, name, c.value(), lo);
    return;
  }
  detail::check_whole_array(ctx, name, std::span<const double>(c.data(), count), lo);
}

// ------------------------------------------------------------------ fitting

struct pattern {
  double x, tx, n, w;
};

std::vector<pattern> compress(std::string_view ctx, const column<double>& x, const column<double>& tx,
                              const column<double>& n, const column<double>& w, double& total) {
  const std::size_t count = count_of(ctx, {{"x", &x}, {"t_x", &tx}, {"n", &n}, {"weights", &w}},
                                     std::numeric_limits<std::size_t>::max(), {});
  const customer_inputs in{ctx, x, tx, n};
  std::map<std::array<double, 3>, double> merged;
  total = 0;
  for (std::size_t i = 0; i < count; ++i) {
    check_customer(in, i);
    const double wi = w[i];
    if (!(wi >= 0) || !std::isfinite(wi)) {
      const errc code = std::isfinite(wi) ? errc::invalid_argument : errc::not_finite;
      const char* why = std::isnan(wi)   ? "is not a number"
                        : std::isinf(wi) ? "must be finite"
                                         : "must be >= 0";
      if (w.is_broadcast())
        northstar::detail::fail(code, ctx, "weights = " + northstar::detail::format_value(wi) + ": " + why);
      northstar::detail::fail_element(code, ctx, "weights", i, wi, why);
    }
    if (wi == 0) continue;
    merged[{x[i], tx[i], n[i]}] += wi;
    total += wi;
  }
  if (!(total > 0))
    northstar::detail::fail(errc::invalid_argument, ctx, "the total weight of the data must be > 0");
  std::vector<pattern> out;
  out.reserve(merged.size());
  for (const auto& [k, v] : merged) out.push_back({k[0], k[1], k[2], v});
  return out;
}

// Log-likelihood of the patterns and its gradient w.r.t. (a, b, g, d): every
// term of L is a product of Beta-function ratios, d/da ln B(a+u, v) = psi(a+u) - psi(a+u+v).
double total_log_lik(const std::vector<pattern>& data, double a, double b, double g, double d, double* grad) {
  using boost::math::digamma;
  const double c_a = -digamma(a) + digamma(a + b), c_b = -digamma(b) + digamma(a + b);
  const double c_g = -digamma(g) + digamma(g + d), c_d = -digamma(d) + digamma(g + d);
  const double dg_g = digamma(g), dg_g1 = digamma(g + 1);
  double ll = 0;
  std::array<double, 4> gsum{0, 0, 0, 0};
  for (const auto& pt : data) {
    const double x = pt.x, tx = pt.tx, n = pt.n;
    const double dg_ax = digamma(a + x);
    // alive term (m = n, e = 0)
    const double l_alive = lnbeta_ratio(a, b, x, n - x) + lnbeta_ratio(g, d, 0, n);
    std::array<double, 4> d_alive{};
    if (grad) {
      d_alive = {dg_ax - digamma(a + b + n) + c_a, digamma(b + (n - x)) - digamma(a + b + n) + c_b,
                 dg_g - digamma(g + d + n) + c_g, digamma(d + n) - digamma(g + d + n) + c_d};
    }
    // dropout terms m = t_x .. n-1 (e = 1), by recurrence in m
    double mx = l_alive;
    double s = 1.0;                      // sum of exp(l - mx)
    std::array<double, 4> gs = d_alive;  // sum of exp(l - mx) * dl
    if (n > tx) {
      double l = lnbeta_ratio(a, b, x, tx - x) + lnbeta_ratio(g, d, 1, tx);
      double p_b = 0, p_ab = 0, p_d = 0, p_gd = 0;
      if (grad) {
        p_b = digamma(b + (tx - x));
        p_ab = digamma(a + b + tx);
        p_d = digamma(d + tx);
        p_gd = digamma(g + d + (1 + tx));
      }
      for (double m = tx; m < n; ++m) {
        if (l > mx) {
          const double r = std::exp(mx - l);
          s *= r;
          for (auto& v : gs) v *= r;
          mx = l;
        }
        const double e = std::exp(l - mx);
        s += e;
        if (grad) {
          gs[0] += e * (dg_ax - p_ab + c_a);
          gs[1] += e * (p_b - p_ab + c_b);
          gs[2] += e * (dg_g1 - p_gd + c_g);
          gs[3] += e * (p_d - p_gd + c_d);
          p_b += 1 / (b + (m - x));
          p_ab += 1 / (a + b + m);
          p_d += 1 / (d + m);
          p_gd += 1 / (g + d + (1 + m));
        }
        l += std::log((b + (m - x)) / (a + b + m)) + std::log((d + m) / (g + d + (1 + m)));
      }
    }
    ll += pt.w * (mx + std::log(s));
    if (grad)
      for (int k = 0; k < 4; ++k)
        gsum[static_cast<std::size_t>(k)] += pt.w * gs[static_cast<std::size_t>(k)] / s;
  }
  if (grad) {
    grad[0] = gsum[0];
    grad[1] = gsum[1];
    grad[2] = gsum[2];
    grad[3] = gsum[3];
  }
  return ll;
}

}  // namespace

void validate(const bg_bb_params& params, std::string_view context) {
  detail::validate_parameters(params, context);
}

double probability_of_purchases(const bg_bb_params& params, double n, double x) {
  constexpr std::string_view ctx = "bg_bb::probability_of_purchases";
  const kernel_params p(params, ctx);
  detail::check_whole(ctx, "x", x, 0);
  detail::check_whole(ctx, "n", n, 0);
  if (n > max_opportunities)
    northstar::detail::fail(
        errc::invalid_argument, ctx,
        "n = " + northstar::detail::format_value(n) + ": " + std::string(max_opportunities_why));
  if (x > n)
    northstar::detail::fail(errc::invalid_argument, ctx,
                            "x = " + northstar::detail::format_value(x) +
                                ": must be <= n = " + northstar::detail::format_value(n));
  return pmf(p, x, n);
}

double expected_purchases(const bg_bb_params& params, double n) {
  constexpr std::string_view ctx = "bg_bb::expected_purchases";
  const kernel_params p(params, ctx);
  detail::check_whole(ctx, "n", n, 0);
  return expected_at(p, n);
}

double probability_alive(const bg_bb_params& params, double x, double t_x, double n) {
  constexpr std::string_view ctx = "bg_bb::probability_alive";
  const kernel_params p(params, ctx);
  check_customer({ctx, x, t_x, n}, 0);
  return p_alive(p, x, t_x, n);
}

double conditional_expected_purchases(const bg_bb_params& params, double x, double t_x, double n,
                                      double n_star) {
  constexpr std::string_view ctx = "bg_bb::conditional_expected_purchases";
  const kernel_params p(params, ctx);
  check_customer({ctx, x, t_x, n}, 0);
  detail::check_whole(ctx, "n_star", n_star, 0);
  if (n_star == 0) return 0;
  return conditional_expected(p, x, t_x, n, log_survival_sum(p.g, p.d + n, n_star));
}

double discounted_expected_residual_transactions(const bg_bb_params& params, double discount_rate, double x,
                                                 double t_x, double n) {
  constexpr std::string_view ctx = "bg_bb::discounted_expected_residual_transactions";
  const kernel_params p(params, ctx);
  detail::check_positive(ctx, "discount_rate", discount_rate);
  check_customer({ctx, x, t_x, n}, 0);
  return dert(p, discount_rate, x, t_x, n, dert_hyp(p, discount_rate, n));
}

bg_bb_fit fit_bg_bb(column<double> x, column<double> t_x, column<double> n, column<double> weights,
                    const fit_options& opt) {
  detail::reject_lifetimes_convention(opt, "bg_bb::fit");
  double total = 0;
  const std::vector<pattern> data = compress("bg_bb::fit", x, t_x, n, weights, total);
  detail::mle_problem problem;
  problem.context = "bg_bb::fit";
  problem.default_start = {1.0, 1.0, 1.0, 1.0};
  problem.total_weight = total;
  problem.rows = data.size();
  problem.log_likelihood = [&data](std::span<const double> th, std::span<double> g) {
    double gr[4];
    const double ll = total_log_lik(data, th[0], th[1], th[2], th[3], g.empty() ? nullptr : gr);
    if (!g.empty())
      for (std::size_t k = 0; k < 4; ++k) g[k] = gr[k] * th[k];
    return ll;
  };
  return detail::to_fit_result<bg_bb_params>(detail::maximise_likelihood(problem, opt), data.size());
}

double log_likelihood(const bg_bb_params& params, column<double> x, column<double> t_x, column<double> n,
                      column<double> weights) {
  constexpr std::string_view ctx = "bg_bb::log_likelihood";
  const kernel_params p(params, ctx);
  double total = 0;
  const std::vector<pattern> data = compress(ctx, x, t_x, n, weights, total);
  return total_log_lik(data, p.a, p.b, p.g, p.d, nullptr);
}

std::array<double, 4> log_likelihood_gradient(const bg_bb_params& params, column<double> x,
                                              column<double> t_x, column<double> n, column<double> weights) {
  constexpr std::string_view ctx = "bg_bb::log_likelihood_gradient";
  const kernel_params p(params, ctx);
  double total = 0;
  const std::vector<pattern> data = compress(ctx, x, t_x, n, weights, total);
  std::array<double, 4> g{};
  total_log_lik(data, p.a, p.b, p.g, p.d, g.data());
  return g;
}

void probability_alive(const bg_bb_params& params, column<double> x, column<double> t_x, column<double> n,
                       std::span<double> out, const run_options& run) {
  constexpr std::string_view ctx = "bg_bb::probability_alive";
  const std::size_t count = count_of(ctx, {{"x", &x}, {"t_x", &t_x}, {"n", &n}}, out.size(), "out");
  check_customers({ctx, x, t_x, n}, count);
  const kernel_params p(params, ctx);
  detail::bulk(count, run, 4096, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) out[i] = p_alive(p, x[i], t_x[i], n[i]);
  });
}

void conditional_expected_purchases(const bg_bb_params& params, column<double> x, column<double> t_x,
                                    column<double> n, column<double> n_star, std::span<double> out,
                                    const run_options& run) {
  constexpr std::string_view ctx = "bg_bb::conditional_expected_purchases";
  const std::size_t count =
      count_of(ctx, {{"x", &x}, {"t_x", &t_x}, {"n", &n}, {"n_star", &n_star}}, out.size(), "out");
  check_customers({ctx, x, t_x, n}, count);
  check_whole_column(ctx, "n_star", n_star, count, 0);
  const kernel_params p(params, ctx);
  detail::bulk(count, run, 4096, [&](std::size_t lo, std::size_t hi) {
    // The survival sum depends on (n, n_star) only: reuse it while they repeat.
    double last_n = -1, last_k = -1, last_sum = 0;
    for (std::size_t i = lo; i < hi; ++i) {
      const double ni = n[i], ki = n_star[i];
      if (ki == 0) {
        out[i] = 0;
        continue;
      }
      if (ni != last_n || ki != last_k) {
        last_sum = log_survival_sum(p.g, p.d + ni, ki);
        last_n = ni;
        last_k = ki;
      }
      out[i] = conditional_expected(p, x[i], t_x[i], ni, last_sum);
    }
  });
}

void discounted_expected_residual_transactions(const bg_bb_params& params, double discount_rate,
                                               column<double> x, column<double> t_x, column<double> n,
                                               std::span<double> out, const run_options& run) {
  constexpr std::string_view ctx = "bg_bb::discounted_expected_residual_transactions";
  detail::check_positive(ctx, "discount_rate", discount_rate);
  const std::size_t count = count_of(ctx, {{"x", &x}, {"t_x", &t_x}, {"n", &n}}, out.size(), "out");
  check_customers({ctx, x, t_x, n}, count);
  const kernel_params p(params, ctx);
  detail::bulk(count, run, 2048, [&](std::size_t lo, std::size_t hi) {
    // The 2F1 factor depends on n only: reuse it while n repeats.
    double last_n = -1, hyp = 0;
    for (std::size_t i = lo; i < hi; ++i) {
      if (n[i] != last_n) {
        last_n = n[i];
        hyp = dert_hyp(p, discount_rate, last_n);
      }
      out[i] = dert(p, discount_rate, x[i], t_x[i], n[i], hyp);
    }
  });
}

void probability_of_purchases(const bg_bb_params& params, column<double> n, column<double> x,
                              std::span<double> out, const run_options& run) {
  constexpr std::string_view ctx = "bg_bb::probability_of_purchases";
  const std::size_t count = count_of(ctx, {{"x", &x}, {"n", &n}}, out.size(), "out");
  check_whole_column(ctx, "x", x, count, 0);
  check_whole_column(ctx, "n", n, count, 0);
  for (std::size_t i = 0; i < count; ++i)
    if (n[i] > max_opportunities) {
      if (n.is_broadcast())
        northstar::detail::fail(
            errc::invalid_argument, ctx,
            "n = " + northstar::detail::format_value(n[i]) + ": " + std::string(max_opportunities_why));
      northstar::detail::fail_element(errc::invalid_argument, ctx, "n", i, n[i],
                                      std::string(max_opportunities_why));
    }
  for (std::size_t i = 0; i < count; ++i)
    if (x[i] > n[i]) {
      const std::string why = "must be <= n = " + northstar::detail::format_value(n[i]);
      if (x.is_broadcast())
        northstar::detail::fail(errc::invalid_argument, ctx,
                                "x = " + northstar::detail::format_value(x[i]) + ": " + why);
      northstar::detail::fail_element(errc::invalid_argument, ctx, "x", i, x[i], why);
    }
  const kernel_params p(params, ctx);
  detail::bulk(count, run, 1024, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) out[i] = pmf(p, x[i], n[i]);
  });
}

void expected_purchases(const bg_bb_params& params, column<double> n, std::span<double> out,
                        const run_options& run) {
  constexpr std::string_view ctx = "bg_bb::expected_purchases";
  const std::size_t count = count_of(ctx, {{"n", &n}}, out.size(), "out");
  check_whole_column(ctx, "n", n, count, 0);
  const kernel_params p(params, ctx);
  detail::bulk(count, run, 1024, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) out[i] = expected_at(p, n[i]);
  });
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
