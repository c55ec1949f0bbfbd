// BG/NBD: the beta-geometric / negative binomial distribution model of repeat
// purchases in non-contractual settings (Fader, Hardie & Lee 2005, "'Counting
// your customers' the easy way: an alternative to the Pareto/NBD model",
// Marketing Science 24(2), 275-284).
//
// While alive a customer buys at Poisson rate lambda ~ Gamma(r, alpha) (alpha a
// rate, in the caller's time unit); after each repeat purchase the customer
// drops out with probability p ~ Beta(a, b). Data per customer: x repeat
// purchases, t_x the time of the last one, T the age (see rfm.hpp).
//
//     northstar::clv::rfm_view data{x, t_x, T};
//     auto fit = northstar::clv::fit_bg_nbd(data);            // r, alpha, a, b + standard errors
//     std::vector<double> alive(x.size()), next(x.size());
//     northstar::clv::probability_alive(fit.params, data, alive);
//     northstar::clv::conditional_expected_purchases(fit.params, data, 52.0, next);
#pragma once

#include <northstar/clv/discounting.hpp>
#include <northstar/clv/fit.hpp>
#include <northstar/clv/rfm.hpp>
#include <northstar/clv/run_options.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// BG/NBD parameters: purchase rate lambda ~ Gamma(shape r, rate alpha), dropout
/// probability p ~ Beta(a, b). All finite and > 0 (checked by every entry point).
struct bg_nbd_params {
  double r = 1;      ///< shape of the purchase-rate distribution
  double alpha = 1;  ///< rate (inverse scale) of the purchase-rate distribution, in time units
  double a = 1;      ///< first shape of the dropout-probability distribution
  double b = 1;      ///< second shape of the dropout-probability distribution
};

/// The descriptor of BG/NBD (see fit.hpp).
template <>
struct model_descriptor<bg_nbd_params> {
  static constexpr std::string_view name = "bg_nbd";
  static constexpr data_kind data = data_kind::customer_histories;
  static constexpr std::array<std::string_view, 4> parameter_names{"r", "alpha", "a", "b"};
  static constexpr std::array<double bg_nbd_params::*, 4> members{&bg_nbd_params::r, &bg_nbd_params::alpha,
                                                                  &bg_nbd_params::a, &bg_nbd_params::b};
};

/// The result of fit_bg_nbd.
using bg_nbd_fit = fit_result<bg_nbd_params>;

/// Maximum-likelihood fit (FHL 2005, eq. 6) on customers or weighted patterns.
/// Duplicate (x, t_x, T) are compressed first (fit.patterns counts them);
/// L-BFGS on log-parameters with the analytic gradient. The penalty, standard
/// errors and covariance are those of every model (fit.hpp); the lifetimes
/// convention is available. Default start: r = a = b = 1, alpha = 1 / (mean
/// purchase rate). Throws on invalid data (see validate(rfm_view)) or options,
/// on a total weight of 0, and errc::not_converged when the fit fails (unless
/// opt.throw_on_failure is false).
NORTHSTAR_API bg_nbd_fit fit_bg_nbd(const rfm_view& customers, const fit_options& opt = {});

/// The BG/NBD family: bg_nbd_params and mbg_nbd_params (mbg_nbd.hpp). Every
/// function below is one template over the family, defined once for both
/// models (BG/NBD equation numbers: FHL 2005; MBG/NBD: Batislam et al. 2007).
template <class P>
inline constexpr bool is_bg_nbd_family = false;
template <>
inline constexpr bool is_bg_nbd_family<bg_nbd_params> = true;
/// bg_nbd_params or mbg_nbd_params.
template <class P>
concept bg_nbd_family = is_bg_nbd_family<P>;

/// Throws northstar::error (not_finite / invalid_argument) naming `context`,
/// the parameter and its value unless every parameter is finite and > 0.
template <bg_nbd_family P>
NORTHSTAR_API void validate(const P& params, std::string_view context);

/// Weighted log-likelihood sum_i w_i log L(params | x_i, t_x_i, T_i)
/// (BG/NBD eq. 6; MBG/NBD eq. 4).
template <bg_nbd_family P>
NORTHSTAR_API double log_likelihood(const P& params, const rfm_view& customers, const run_options& run = {});

/// Gradient of log_likelihood with respect to (log r, log alpha, log a, log b),
/// written to gradient[0..3]. (Exposed for tests and for callers building their own fits.)
template <bg_nbd_family P>
NORTHSTAR_API void log_likelihood_gradient(const P& params, const rfm_view& customers,
                                           std::span<double, 4> gradient, const run_options& run = {});

/// Unconditional expected repeat purchases E[X(t)] of a new customer in (0, t]
/// (BG/NBD eq. 7; MBG/NBD eq. 6), t >= 0 finite. Valid for every a > 0
/// (including a <= 1 and a + b < 1, where the 2F1 form of the papers breaks down).
template <bg_nbd_family P>
NORTHSTAR_API double expected_purchases(const P& params, double t);

/// E[X(t_i)] for each t_i (out[i]); sizes must match.
template <bg_nbd_family P>
NORTHSTAR_API void expected_purchases(const P& params, std::span<const double> t, std::span<double> out,
                                      const run_options& run = {});

/// Expected purchases in the next `t` time units, (T, T + t], of each customer
/// given (x, t_x, T) (BG/NBD eq. 10; MBG/NBD eq. 9). out has one element per customer.
template <bg_nbd_family P>
NORTHSTAR_API void conditional_expected_purchases(const P& params, const rfm_view& customers, double t,
                                                  std::span<double> out, const run_options& run = {});

/// Probability that each customer is still alive at T given (x, t_x, T)
/// (BG/NBD: Fader, Hardie & Lee 2008, "Computing P(alive) using the BG/NBD
/// model", eq. 2; MBG/NBD eq. 8).
template <bg_nbd_family P>
NORTHSTAR_API void probability_alive(const P& params, const rfm_view& customers, std::span<double> out,
                                     const run_options& run = {});

/// P(X(t) = n) for a new customer (BG/NBD eq. 8; MBG/NBD eq. 7); n a whole number >= 0, t >= 0.
template <bg_nbd_family P>
NORTHSTAR_API double probability_of_purchases(const P& params, double t, double n);

/// P(X(t_i) = n_i) for each i; sizes must match.
template <bg_nbd_family P>
NORTHSTAR_API void probability_of_purchases(const P& params, std::span<const double> t,
                                            std::span<const double> n, std::span<double> out,
                                            const run_options& run = {});

/// Discounted expected purchases of each customer over `periods` future periods
/// of `period_length` time units, discounted at `rate` per period:
///   sum_{i=1..periods} (E[Y(i L)] - E[Y((i-1) L)]) / (1 + rate)^i
/// (the convention of lifetimes' customer_lifetime_value). Multiply by expected
/// spend for CLV (see gamma_gamma.hpp).
template <bg_nbd_family P>
NORTHSTAR_API void discounted_expected_purchases(const P& params, const rfm_view& customers,
                                                 const per_period_discount& discount, std::span<double> out,
                                                 const run_options& run = {});

/// Discounted expected purchases of each customer over `horizon` time units at
/// continuous `rate` per time unit: integral_0^H e^(-rate s) dE[Y(s)].
template <bg_nbd_family P>
NORTHSTAR_API void discounted_expected_purchases(const P& params, const rfm_view& customers,
                                                 const continuous_discount& discount, std::span<double> out,
                                                 const run_options& run = {});

}  // namespace clv
NORTHSTAR_END_NAMESPACE
