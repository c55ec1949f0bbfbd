#include <northstar/clv/sbg.hpp>
#include "hyp2f1_1bc.hpp"

#include "discrete_checks.hpp"
#include "lgamma_diff.hpp"
#include "mle.hpp"
#include "parameters.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

namespace {

// ln S(t) = ln[(beta)_t / (alpha+beta)_t] (F&H 2007: S(t) = B(alpha, beta+t) / B(alpha, beta)).
// Short horizons as an exact product, long ones through lgamma.
double log_survival(double a, double b, double t) noexcept {
  if (t <= 32) {
    double p = 1.0;
    for (int j = 0; j < static_cast<int>(t); ++j) p *= (b + j) / (a + b + j);
    return std::log(p);
  }
  // <= 0 despite rounding; lgamma_diff keeps huge beta accurate (S(t) was 1 + 1e-16 at beta = 4e7).
  return std::min(0.0, detail::lgamma_diff(b, t) - detail::lgamma_diff(a + b, t));
}

double survival_at(double a, double b, double t) noexcept {
  return std::exp(log_survival(a, b, t));
}

// P(T = t) = S(t-1) * alpha / (alpha + beta + t - 1) (F&H 2007 recursion of the sBG pmf).
double churn_at(double a, double b, double t) noexcept {
  return std::exp(log_survival(a, b, t - 1) + std::log(a) - std::log(a + b + (t - 1)));
}

// r_t = (beta + t - 1) / (alpha + beta + t - 1) (F&H 2007).
double retention_at(double a, double b, double t) noexcept {
  return (b + (t - 1)) / (a + b + (t - 1));
}

// DERL(d | alpha, beta, n-1 renewals) = (beta+n-1)/(alpha+beta+n-1) 2F1(1, beta+n; alpha+beta+n; 1/(1+d))
// (F&H 2010, eq. 6).
double derl_at(double a, double b, double d, double renewals) noexcept {
  const double n = renewals + 1;
  return (b + renewals) / (a + b + renewals) * detail::hyp2f1_1bc(b + n, a + b + n, 1.0 / (1.0 + d));
}

// Survivor data as per-period weights: lost[t] customers churned in period t
// (t >= 1) and censored[t] customers known to be active after t periods.
struct duration_counts {
  std::vector<double> lost;      // index 0 unused
  std::vector<double> censored;  // index 0 contributes nothing (S(0) = 1)
  double total = 0;
};

// Log-likelihood of the counts and its gradient w.r.t. (ln alpha, ln beta):
// sum_t lost[t] ln P(T=t) + censored[t] ln S(t) (F&H 2007), accumulated over t
// with ln P(T=t) = ln S(t-1) + ln alpha - ln(alpha+beta+t-1).
double log_likelihood(const duration_counts& c, double a, double b, double* grad_log) {
  double ll = 0, ga = 0, gb = 0;
  double log_s = 0, ds_a = 0, ds_b = 0;  // ln S(t-1) and its derivatives in alpha, beta
  const std::size_t k = c.lost.size() - 1;
  for (std::size_t t = 1; t <= k; ++t) {
    const double s = a + b + static_cast<double>(t - 1);
    if (c.lost[t] > 0) {
      ll += c.lost[t] * (log_s + std::log(a) - std::log(s));
      ga += c.lost[t] * (ds_a + 1 / a - 1 / s);
      gb += c.lost[t] * (ds_b - 1 / s);
    }
    const double bt = b + static_cast<double>(t - 1);
    log_s += std::log(bt) - std::log(s);
    ds_a -= 1 / s;
    ds_b += 1 / bt - 1 / s;
    if (c.censored[t] > 0) {
      ll += c.censored[t] * log_s;
      ga += c.censored[t] * ds_a;
      gb += c.censored[t] * ds_b;
    }
  }
  if (grad_log) {
    grad_log[0] = a * ga;
    grad_log[1] = b * gb;
  }
  return ll;
}

sbg_fit fit_counts(const duration_counts& c, const fit_options& opt) {
  detail::reject_lifetimes_convention(opt, "sbg::fit");
  detail::mle_problem problem;
  problem.context = "sbg::fit";
  problem.default_start = {1.0, 1.0};
  problem.total_weight = c.total;
  problem.rows = c.lost.size();
  problem.log_likelihood = [&c](std::span<const double> th, std::span<double> g) {
    return log_likelihood(c, th[0], th[1], g.empty() ? nullptr : g.data());
  };
  return detail::to_fit_result<sbg_params>(detail::maximise_likelihood(problem, opt), c.lost.size() - 1);
}

duration_counts counts_from_survivors(std::span<const double> s, std::size_t min_size, std::string_view ctx) {
  if (s.size() < min_size)
    northstar::detail::fail(errc::invalid_argument, ctx,
                            "survivors: needs at least " + std::to_string(min_size) +
                                " values (the cohort size, then " + std::to_string(min_size - 1) +
                                " periods), got " + std::to_string(s.size()));
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double v = s[i];
    if (!std::isfinite(v))
      northstar::detail::fail_element(errc::not_finite, ctx, "survivors", i, v,
                                      std::isnan(v) ? "is not a number" : "must be finite");
    if (v < 0)
      northstar::detail::fail_element(errc::invalid_argument, ctx, "survivors", i, v, "must be >= 0");
    if (i == 0 && !(v > 0))
      northstar::detail::fail_element(errc::invalid_argument, ctx, "survivors", i, v,
                                      "the cohort size must be > 0");
    if (i > 0 && v > s[i - 1])
      northstar::detail::fail_element(errc::invalid_argument, ctx, "survivors", i, v,
                                      "must not exceed survivors[" + std::to_string(i - 1) +
                                          "] = " + northstar::detail::format_value(s[i - 1]) +
                                          " (survivor counts never increase)");
  }
  duration_counts c;
  const std::size_t k = s.size() - 1;
  c.lost.assign(k + 1, 0.0);
  c.censored.assign(k + 1, 0.0);
  for (std::size_t t = 1; t <= k; ++t) c.lost[t] = s[t - 1] - s[t];
  c.censored[k] = s[k];
  c.total = s[0];
  return c;
}

template <class F>
void map_periods(const sbg_params& m, std::span<const double> t, std::span<double> out,
                 const run_options& run, double lo, std::string_view ctx, F&& f) {
  validate(m, ctx);
  detail::check_size(ctx, "out", out.size(), "t", t.size());
  detail::check_whole_array(ctx, "t", t, lo);
  const double a = m.alpha, b = m.beta;
  detail::bulk(t.size(), run, 8192, [&](std::size_t lo_i, std::size_t hi_i) {
    for (std::size_t i = lo_i; i < hi_i; ++i) out[i] = f(a, b, t[i]);
  });
}

}  // namespace

void validate(const sbg_params& params, std::string_view context) {
  detail::validate_parameters(params, context);
}

double churn_probability(const sbg_params& params, double t) {
  constexpr std::string_view ctx = "sbg::churn_probability";
  validate(params, ctx);
  detail::check_whole(ctx, "t", t, 1);
  return churn_at(params.alpha, params.beta, t);
}

double survival(const sbg_params& params, double t) {
  constexpr std::string_view ctx = "sbg::survival";
  validate(params, ctx);
  detail::check_whole(ctx, "t", t, 0);
  return survival_at(params.alpha, params.beta, t);
}

double retention_rate(const sbg_params& params, double t) {
  constexpr std::string_view ctx = "sbg::retention_rate";
  validate(params, ctx);
  detail::check_whole(ctx, "t", t, 1);
  return retention_at(params.alpha, params.beta, t);
}

double expected_survivors(const sbg_params& params, double cohort_size, double t) {
  constexpr std::string_view ctx = "sbg::expected_survivors";
  validate(params, ctx);
  if (!(cohort_size >= 0) || !std::isfinite(cohort_size))
    northstar::detail::fail(
        std::isfinite(cohort_size) ? errc::invalid_argument : errc::not_finite, ctx,
        "cohort_size = " + northstar::detail::format_value(cohort_size) + ": must be finite and >= 0");
  detail::check_whole(ctx, "t", t, 0);
  return cohort_size * survival_at(params.alpha, params.beta, t);
}

double discounted_expected_lifetime(const sbg_params& params, double discount_rate) {
  constexpr std::string_view ctx = "sbg::discounted_expected_lifetime";
  validate(params, ctx);
  detail::check_positive(ctx, "discount_rate", discount_rate);
  // DEL = sum_{t>=0} S(t) z^t = 2F1(1, beta; alpha+beta; z), z = 1/(1+d) (F&H 2010).
  return detail::hyp2f1_1bc(params.beta, params.alpha + params.beta, 1.0 / (1.0 + discount_rate));
}

double discounted_expected_residual_lifetime(const sbg_params& params, double discount_rate,
                                             double renewals) {
  constexpr std::string_view ctx = "sbg::discounted_expected_residual_lifetime";
  validate(params, ctx);
  detail::check_positive(ctx, "discount_rate", discount_rate);
  detail::check_whole(ctx, "renewals", renewals, 0);
  return derl_at(params.alpha, params.beta, discount_rate, renewals);
}

sbg_fit fit_sbg(std::span<const double> survivors, const fit_options& opt) {
  duration_counts c = counts_from_survivors(survivors, 3, "sbg::fit");
  // Data whose likelihood has its supremum on the boundary (alpha -> 0 or
  // beta -> 0): no finite estimate exists.
  if (survivors.back() == survivors[0])
    northstar::detail::fail(
        errc::invalid_argument, "sbg::fit",
        "nobody churned: alpha and beta are not identified (the likelihood grows as alpha -> 0)");
  if (survivors[1] == 0)
    northstar::detail::fail(
        errc::invalid_argument, "sbg::fit",
        "everybody churned in period 1: alpha and beta are not identified (the likelihood grows "
        "as beta -> 0)");
  return fit_counts(c, opt);
}

sbg_fit fit_sbg_individual(std::span<const double> period, std::span<const std::uint8_t> churned,
                           const fit_options& opt) {
  constexpr std::string_view ctx = "sbg::fit_individual";
  constexpr double max_period = 1e6;
  detail::check_size(ctx, "churned", churned.size(), "period", period.size());
  if (period.empty()) northstar::detail::fail(errc::invalid_argument, ctx, "no customers");
  double kmax = 0;
  bool any_churn = false;
  for (std::size_t i = 0; i < period.size(); ++i) {
    if (churned[i] > 1)
      northstar::detail::fail_element(errc::invalid_argument, ctx, "churned", i, churned[i],
                                      "must be 0 (still active) or 1 (churned)");
    const double lo = churned[i] ? 1 : 0;
    if (!detail::is_whole_at_least(period[i], lo)) detail::fail_whole(ctx, "period", i, period[i], lo, false);
    if (period[i] > max_period)
      northstar::detail::fail_element(errc::invalid_argument, ctx, "period", i, period[i],
                                      "must be <= 1e6 periods");
    kmax = std::max(kmax, period[i]);
    any_churn = any_churn || churned[i] == 1;
  }
  if (!any_churn || kmax < 2)
    northstar::detail::fail(errc::invalid_argument, ctx,
                            "alpha and beta are not identified: need at least one churned customer and one "
                            "observed beyond period 1");
  duration_counts c;
  const auto k = static_cast<std::size_t>(kmax);
  c.lost.assign(k + 1, 0.0);
  c.censored.assign(k + 1, 0.0);
  for (std::size_t i = 0; i < period.size(); ++i) {
    const auto t = static_cast<std::size_t>(period[i]);
    (churned[i] ? c.lost : c.censored)[t] += 1;
  }
  c.total = static_cast<double>(period.size());
  return fit_counts(c, opt);
}

double log_likelihood(const sbg_params& params, std::span<const double> survivors) {
  validate(params, "sbg::log_likelihood");
  return log_likelihood(counts_from_survivors(survivors, 2, "sbg::log_likelihood"), params.alpha, params.beta,
                        nullptr);
}

std::array<double, 2> log_likelihood_gradient(const sbg_params& params, std::span<const double> survivors) {
  validate(params, "sbg::log_likelihood_gradient");
  double g[2];
  log_likelihood(counts_from_survivors(survivors, 2, "sbg::log_likelihood_gradient"), params.alpha,
                 params.beta, g);
  return {g[0] / params.alpha, g[1] / params.beta};
}

void churn_probability(const sbg_params& params, std::span<const double> t, std::span<double> out,
                       const run_options& run) {
  map_periods(params, t, out, run, 1, "sbg::churn_probability", churn_at);
}

void survival(const sbg_params& params, std::span<const double> t, std::span<double> out,
              const run_options& run) {
  map_periods(params, t, out, run, 0, "sbg::survival", survival_at);
}

void retention_rate(const sbg_params& params, std::span<const double> t, std::span<double> out,
                    const run_options& run) {
  map_periods(params, t, out, run, 1, "sbg::retention_rate", retention_at);
}

void projected_survivors(const sbg_params& params, double cohort_size, std::span<double> out) {
  validate(params, "sbg::projected_survivors");
  if (!(cohort_size >= 0) || !std::isfinite(cohort_size))
    northstar::detail::fail(
        std::isfinite(cohort_size) ? errc::invalid_argument : errc::not_finite, "sbg::projected_survivors",
        "cohort_size = " + northstar::detail::format_value(cohort_size) + ": must be finite and >= 0");
  // S(t) = S(t-1) r_t (F&H 2007), accumulated in logs.
  double log_s = 0;
  for (std::size_t t = 0; t < out.size(); ++t) {
    if (t > 0) log_s += std::log(retention_at(params.alpha, params.beta, static_cast<double>(t)));
    out[t] = cohort_size * std::exp(log_s);
  }
}

void discounted_expected_residual_lifetime(const sbg_params& params, double discount_rate,
                                           std::span<const double> renewals, std::span<double> out,
                                           const run_options& run) {
  constexpr std::string_view ctx = "sbg::discounted_expected_residual_lifetime";
  validate(params, ctx);
  detail::check_positive(ctx, "discount_rate", discount_rate);
  detail::check_size(ctx, "out", out.size(), "renewals", renewals.size());
  detail::check_whole_array(ctx, "renewals", renewals, 0);
  const double a = params.alpha, b = params.beta;
  detail::bulk(renewals.size(), run, 1024, [&](std::size_t lo, std::size_t hi) {
    // Tenures repeat across customers: remember DERL for renewals < 256 (on
    // the stack, per thread; NaN = not computed yet).
    double cache[256];
    std::fill_n(cache, 256, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = lo; i < hi; ++i) {
      const double r = renewals[i];
      if (r < 256) {
        double& c = cache[static_cast<std::size_t>(r)];
        if (std::isnan(c)) c = derl_at(a, b, discount_rate, r);
        out[i] = c;
      } else {
        out[i] = derl_at(a, b, discount_rate, r);
      }
    }
  });
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
