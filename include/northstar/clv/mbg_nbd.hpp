// MBG/NBD: the modified BG/NBD model (Batislam, Denizel & Filiztekin 2007,
// "Empirical validation and comparison of models for customer base analysis",
// International Journal of Research in Marketing 24(3), 201-209).
//
// As BG/NBD (see bg_nbd.hpp), except that a customer may also drop out right
// after the first purchase (at time 0), so customers with no repeat purchase
// are not assumed alive. Same data (rfm.hpp), same API, parameters of type
// mbg_nbd_params (overloads select the model).
//
//     auto fit = northstar::clv::fit_mbg_nbd(northstar::clv::rfm_view{x, t_x, T});
//     northstar::clv::probability_alive(fit.params, data, alive);
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

/// MBG/NBD parameters: purchase rate lambda ~ Gamma(shape r, rate alpha), dropout
/// probability p ~ Beta(a, b). All finite and > 0 (checked by every entry point).
struct mbg_nbd_params {
  double r = 1;      ///< shape of the purchase-rate distribution
  double alpha = 1;  ///< rate (inverse scale) of the purchase-rate distribution, in time units
  double a = 1;      ///< first shape of the dropout-probability distribution
  double b = 1;      ///< second shape of the dropout-probability distribution
};

/// Throws northstar::error (not_finite / invalid_argument) naming `context`,
/// the parameter and its value unless every parameter is finite and > 0.
NORTHSTAR_API void validate(const mbg_nbd_params& params, std::string_view context);

/// The descriptor of MBG/NBD (see fit.hpp).
template <>
struct model_descriptor<mbg_nbd_params> {
  static constexpr std::string_view name = "mbg_nbd";
  static constexpr data_kind data = data_kind::customer_histories;
  static constexpr std::array<std::string_view, 4> parameter_names{"r", "alpha", "a", "b"};
  static constexpr std::array<double mbg_nbd_params::*, 4> members{&mbg_nbd_params::r, &mbg_nbd_params::alpha,
                                                                   &mbg_nbd_params::a, &mbg_nbd_params::b};
};

/// The result of fit_mbg_nbd.
using mbg_nbd_fit = fit_result<mbg_nbd_params>;

/// Maximum-likelihood fit (Batislam et al. 2007, eq. 4) on customers or weighted patterns.
/// Duplicate (x, t_x, T) are compressed first (fit.patterns counts them);
/// L-BFGS on log-parameters with the analytic gradient. The penalty, standard
/// errors and covariance are those of every model (fit.hpp); the lifetimes
/// convention is available. Default start: r = a = b = 1, alpha = 1 / (mean
/// purchase rate). Throws on invalid data (see validate(rfm_view)) or options,
/// on a total weight of 0, and errc::not_converged when the fit fails (unless
/// opt.throw_on_failure is false).
NORTHSTAR_API mbg_nbd_fit fit_mbg_nbd(const rfm_view& customers, const fit_options& opt = {});

/// Weighted log-likelihood sum_i w_i log L(params | x_i, t_x_i, T_i) (Batislam et al. 2007, eq. 4).
NORTHSTAR_API double log_likelihood(const mbg_nbd_params& params, const rfm_view& customers,
                                    const run_options& run = {});

/// Gradient of log_likelihood with respect to (log r, log alpha, log a, log b),
/// written to gradient[0..3]. (Exposed for tests and for callers building their own fits.)
NORTHSTAR_API void log_likelihood_gradient(const mbg_nbd_params& params, const rfm_view& customers,
                                           std::span<double, 4> gradient, const run_options& run = {});

/// Unconditional expected repeat purchases E[X(t)] of a new customer in (0, t]
/// (Batislam et al. 2007, eq. 6), t >= 0 finite. Valid for every a > 0 (including a <= 1, where the
/// 2F1 form of eq. 6 breaks down).
NORTHSTAR_API double expected_purchases(const mbg_nbd_params& params, double t);

/// E[X(t_i)] for each t_i (out[i]); sizes must match.
NORTHSTAR_API void expected_purchases(const mbg_nbd_params& params, std::span<const double> t,
                                      std::span<double> out, const run_options& run = {});

/// Expected purchases in the next `t` time units, (T, T + t], of each customer
/// given (x, t_x, T) (Batislam et al. 2007, eq. 9). out has one element per customer.
NORTHSTAR_API void conditional_expected_purchases(const mbg_nbd_params& params, const rfm_view& customers,
                                                  double t, std::span<double> out,
                                                  const run_options& run = {});

/// Probability that each customer is still alive at T given (x, t_x, T)
/// (Batislam et al. 2007, eq. 8).
NORTHSTAR_API void probability_alive(const mbg_nbd_params& params, const rfm_view& customers,
                                     std::span<double> out, const run_options& run = {});

/// P(X(t) = n) for a new customer (Batislam et al. 2007, eq. 7); n a whole number >= 0, t >= 0.
NORTHSTAR_API double probability_of_purchases(const mbg_nbd_params& params, double t, double n);

/// P(X(t_i) = n_i) for each i; sizes must match.
NORTHSTAR_API void probability_of_purchases(const mbg_nbd_params& params, std::span<const double> t,
                                            std::span<const double> n, std::span<double> out,
                                            const run_options& run = {});

/// Discounted expected purchases of each customer over `periods` future periods
/// of `period_length` time units, discounted at `rate` per period:
///   sum_{i=1..periods} (E[Y(i L)] - E[Y((i-1) L)]) / (1 + rate)^i
/// (the convention of lifetimes' customer_lifetime_value). Multiply by expected
/// spend for CLV (see gamma_gamma.hpp).
NORTHSTAR_API void discounted_expected_purchases(const mbg_nbd_params& params, const rfm_view& customers,
                                                 const per_period_discount& discount, std::span<double> out,
                                                 const run_options& run = {});

/// Discounted expected purchases of each customer over `horizon` time units at
/// continuous `rate` per time unit: integral_0^H e^(-rate s) dE[Y(s)].
NORTHSTAR_API void discounted_expected_purchases(const mbg_nbd_params& params, const rfm_view& customers,
                                                 const continuous_discount& discount, std::span<double> out,
                                                 const run_options& run = {});

}  // namespace clv
NORTHSTAR_END_NAMESPACE
