// The shifted-beta-geometric (sBG) model of contract duration (contractual,
// discrete-time retention): Fader & Hardie (2007), "How to Project Customer
// Retention", Journal of Interactive Marketing 21(1), 76-90; discounted
// expected (residual) lifetime from Fader & Hardie (2010), "Customer-Base
// Valuation in a Contractual Setting: The Perils of Ignoring Heterogeneity",
// Marketing Science 29(1), 85-93.
//
// Each customer renews at the end of every period with probability 1 - theta
// (churns with probability theta); theta ~ Beta(alpha, beta) across customers.
// T = the period in which a customer churns (T = 1, 2, ...); S(t) = P(T > t),
// S(0) = 1. A cohort acquired at time 0 with N customers has N S(t) survivors
// at the end of period t.
//
//     std::vector<double> survivors{1000, 631, 468, 382, 326, 289, 262, 241};
//     auto fit = northstar::clv::fit_sbg(survivors);       // alpha 0.704, beta 1.182
//     double s12 = northstar::clv::survival(fit.params, 12);     // P(still a customer after 12 periods)
//     double derl = northstar::clv::discounted_expected_residual_lifetime(fit.params, 0.1, 4);
#pragma once

#include <northstar/clv/fit.hpp>
#include <northstar/clv/run_options.hpp>
#include <northstar/core/error.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// sBG parameters: the churn probability theta ~ Beta(alpha, beta). Both
/// finite and > 0 (checked by every entry point).
struct sbg_params {
  double alpha = 1;  ///< first shape of the churn-probability distribution
  double beta = 1;   ///< second shape of the churn-probability distribution
};

/// The descriptor of sBG (see fit.hpp).
template <>
struct model_descriptor<sbg_params> {
  static constexpr std::string_view name = "sbg";
  static constexpr data_kind data = data_kind::cohort_survivors;
  static constexpr std::array<std::string_view, 2> parameter_names{"alpha", "beta"};
  static constexpr std::array<double sbg_params::*, 2> members{&sbg_params::alpha, &sbg_params::beta};
};

/// Throws northstar::error (not_finite / invalid_argument) naming `context`,
/// the parameter and its value unless alpha and beta are finite and > 0. Every
/// function below checks its parameters this way.
NORTHSTAR_API void validate(const sbg_params& params, std::string_view context);

// Periods t are whole numbers (they count renewal opportunities); a fractional
// or negative t is an error naming the argument. Every function is thread-safe.

/// P(T = t): probability that a new customer churns in period t (t >= 1).
/// F&H 2007: B(alpha+1, beta+t-1) / B(alpha, beta).
NORTHSTAR_API double churn_probability(const sbg_params& params, double t);
/// S(t) = P(T > t): probability that a new customer is still active after
/// t periods (t >= 0). F&H 2007: B(alpha, beta+t) / B(alpha, beta).
NORTHSTAR_API double survival(const sbg_params& params, double t);
/// Retention rate of period t (t >= 1): r_t = S(t) / S(t-1)
/// = (beta + t - 1) / (alpha + beta + t - 1) (F&H 2007).
NORTHSTAR_API double retention_rate(const sbg_params& params, double t);
/// Expected survivors after t periods of a cohort of `cohort_size` new
/// customers: cohort_size * S(t).
NORTHSTAR_API double expected_survivors(const sbg_params& params, double cohort_size, double t);
/// DEL, the discounted expected lifetime of a just-acquired customer, in
/// periods: sum_{t>=0} S(t) / (1+d)^t = 2F1(1, beta; alpha+beta; 1/(1+d))
/// (F&H 2010, the E(CLV) = m * DEL expression). The payment at acquisition
/// (t = 0) counts 1, undiscounted. `discount_rate` d > 0 is per period.
NORTHSTAR_API double discounted_expected_lifetime(const sbg_params& params, double discount_rate);
/// DERL, the discounted expected residual lifetime of a customer who has made
/// `renewals` = n - 1 >= 0 renewals (has been active for n periods), just
/// before her n-th renewal decision: sum_{t>=n} S(t) / S(n-1) / (1+d)^(t-n)
/// = (beta+n-1)/(alpha+beta+n-1) 2F1(1, beta+n; alpha+beta+n; 1/(1+d))
/// (F&H 2010, eq. 6). The next payment (if she renews) counts undiscounted.
/// Residual value = margin per period * DERL.
NORTHSTAR_API double discounted_expected_residual_lifetime(const sbg_params& params, double discount_rate,
                                                           double renewals);

/// The result of fitting an sBG model (patterns: the periods observed).
using sbg_fit = fit_result<sbg_params>;

/// Fits alpha, beta by maximum likelihood to one cohort's survivor counts:
/// survivors[t] = customers still active after period t, survivors[0] = the
/// cohort size (counts or proportions; need not be integers). Log-likelihood
/// (F&H 2007): sum_{t=1..K} (s[t-1] - s[t]) ln P(T = t) + s[K] ln S(K).
/// Validates: at least 3 values (the cohort and two periods: with one period
/// only alpha / (alpha+beta) is identified), each finite and >= 0, s[0] > 0,
/// non-increasing. Throws errc::not_converged when the fit fails (e.g. nobody
/// churned) unless opt.throw_on_failure is false.
NORTHSTAR_API sbg_fit fit_sbg(std::span<const double> survivors, const fit_options& opt = {});

/// Fits alpha, beta to individual customers: period[i] (whole number) and
/// churned[i]: 1 = customer i churned in period period[i] (>= 1, T = period),
/// 0 = customer i is still active after period[i] (>= 0) periods (T > period).
/// Customers of different cohorts (different observation lengths) may be mixed.
/// Needs at least one churn and one customer observed beyond period 1.
NORTHSTAR_API sbg_fit fit_sbg_individual(std::span<const double> period,
                                         std::span<const std::uint8_t> churned, const fit_options& opt = {});

/// Log-likelihood of a cohort's survivor counts (validated as in fit_sbg,
/// except that 2 values suffice).
NORTHSTAR_API double log_likelihood(const sbg_params& params, std::span<const double> survivors);

/// Gradient {d/d alpha, d/d beta} of log_likelihood (analytic: each term
/// is a sum of logs of (beta + j) and (alpha + beta + j)).
NORTHSTAR_API std::array<double, 2> log_likelihood_gradient(const sbg_params& params,
                                                            std::span<const double> survivors);

/// P(T = t[i]) for every i (t[i] >= 1, whole). Validates all inputs before
/// writing; out.size() must equal t.size().
NORTHSTAR_API void churn_probability(const sbg_params& params, std::span<const double> t,
                                     std::span<double> out, const run_options& run = {});
/// S(t[i]) for every i (t[i] >= 0, whole).
NORTHSTAR_API void survival(const sbg_params& params, std::span<const double> t, std::span<double> out,
                            const run_options& run = {});
/// r_{t[i]} for every i (t[i] >= 1, whole).
NORTHSTAR_API void retention_rate(const sbg_params& params, std::span<const double> t, std::span<double> out,
                                  const run_options& run = {});
/// Projected survivors of a cohort: out[t] = cohort_size * S(t) for
/// t = 0 .. out.size()-1 (F&H 2007's projection of the survivor curve).
NORTHSTAR_API void projected_survivors(const sbg_params& params, double cohort_size, std::span<double> out);
/// DERL of every customer: renewals[i] = n_i - 1 renewals made (whole, >= 0),
/// one per-period discount rate d > 0 for all (F&H 2010, eq. 6).
NORTHSTAR_API void discounted_expected_residual_lifetime(const sbg_params& params, double discount_rate,
                                                         std::span<const double> renewals,
                                                         std::span<double> out, const run_options& run = {});

}  // namespace clv
NORTHSTAR_END_NAMESPACE
