// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): while alive a customer
// buys as a Poisson process with rate lambda ~ Gamma(r, alpha) and dies after
// an exponential lifetime with rate mu ~ Gamma(s, beta). Fitting by maximum
// likelihood on (x, t_x, T) and the predictions of the model, over customer
// arrays, multithreaded.
//
// Likelihood: Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD Model
// and Related Expressions", eqs. (22)-(23), Section 3 (the 2F1 form). It is
// evaluated as the integral it comes from,
//   L = Gamma(r+x) alpha^r beta^s / Gamma(r) * [ (alpha+T)^-(r+x) (beta+T)^-s
//       + s * int_{t_x}^{T} (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau ],
// with each tail integral int_t^inf written through Euler's transformation of
// the note's 2F1 as (alpha+t)^-(r+x) (beta+t)^-s / (r+s+x) * K(t), where K is a
// series sum_n (b)_n/(c)_n z^n with positive terms, ratio < z < 1 and
// z = |alpha-beta| / (max(alpha,beta)+t): no alternating sums, no division by
// alpha-beta (alpha = beta gives z = 0, K = 1), everything in log space.
// See docs/clv_pareto_nbd.md.
//
//     northstar::clv::rfm_view data{x, t_x, T};
//     auto fit = northstar::clv::fit_pareto_nbd(data);           // CDNOW: 0.553 10.578 0.606 11.669
//     std::vector<double> p(x.size());
//     northstar::clv::probability_alive(fit.params, data, p);
#pragma once

#include <northstar/clv/discounting.hpp>
#include <northstar/clv/fit.hpp>
#include <northstar/clv/rfm.hpp>
#include <northstar/clv/run_options.hpp>
#include <northstar/core/column.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// Pareto/NBD parameters: purchase rate lambda ~ Gamma(shape r, rate alpha),
/// dropout rate mu ~ Gamma(shape s, rate beta); alpha and beta in the data's
/// time unit. All four finite and > 0.
struct pareto_nbd_params {
  double r = 1;      ///< shape of the purchase-rate distribution
  double alpha = 1;  ///< rate (scale of time) of the purchase-rate distribution
  double s = 1;      ///< shape of the dropout-rate distribution
  double beta = 1;   ///< rate (scale of time) of the dropout-rate distribution
};

/// Throws northstar::error(errc::invalid_argument or not_finite) naming
/// `context` and the first parameter that is not finite and > 0.
NORTHSTAR_API void validate(const pareto_nbd_params& params, std::string_view context);

/// The descriptor of Pareto/NBD (see fit.hpp).
template <>
struct model_descriptor<pareto_nbd_params> {
  static constexpr std::string_view name = "pareto_nbd";
  static constexpr data_kind data = data_kind::customer_histories;
  static constexpr std::array<std::string_view, 4> parameter_names{"r", "alpha", "s", "beta"};
  static constexpr std::array<double pareto_nbd_params::*, 4> members{
      &pareto_nbd_params::r, &pareto_nbd_params::alpha, &pareto_nbd_params::s, &pareto_nbd_params::beta};
};

/// The result of fit_pareto_nbd.
using pareto_nbd_fit = fit_result<pareto_nbd_params>;

/// Fits Pareto/NBD by maximum likelihood: rows are validated (rfm validate),
/// compressed to distinct patterns, and L-BFGS runs on the log-parameters with
/// the analytic gradient. Penalty, standard errors and covariance as for every
/// model (fit.hpp); the lifetimes convention is available. Default start
/// (1, 1, 1, 1); opt.start to change it. Throws errc::not_converged (with the
/// report in the message) unless opt.throw_on_failure is false.
NORTHSTAR_API pareto_nbd_fit fit_pareto_nbd(const rfm_view& data, const fit_options& opt = {});

/// Sum over rows of weight * log L(params | x, t_x, T) (validated first).
NORTHSTAR_API double log_likelihood(const pareto_nbd_params& params, const rfm_view& data,
                                    const run_options& run = {});

/// E[X(t)]: expected purchases of a new customer in (0, t] (Fader & Hardie 2005
/// note, Section 4). `t` >= 0 per customer or broadcast; out has t's length (or any
/// length for a broadcast t).
NORTHSTAR_API void expected_purchases(const pareto_nbd_params& params, column<double> t,
                                      std::span<double> out, const run_options& run = {});

/// E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] of each customer
/// (Fader & Hardie 2005 note, Section 6).
NORTHSTAR_API void conditional_expected_purchases(const pareto_nbd_params& params, const rfm_view& data,
                                                  column<double> t, std::span<double> out,
                                                  const run_options& run = {});

/// P(alive at T | x, t_x, T) (Fader & Hardie 2005 note, Section 5).
NORTHSTAR_API void probability_alive(const pareto_nbd_params& params, const rfm_view& data,
                                     std::span<double> out, const run_options& run = {});

/// P(X(t) = n) for a new customer (Fader & Hardie 2006, "Deriving an
/// Expression for P(X(t) = x) Under the Pareto/NBD Model", Section 3: the
/// alive-throughout term in closed form, the died-at-tau term as the integral
/// it is, by adaptive Gauss-Kronrod quadrature). `n` whole numbers >= 0.
NORTHSTAR_API void probability_of_purchases(const pareto_nbd_params& params, column<double> t,
                                            column<double> n, std::span<double> out,
                                            const run_options& run = {});

/// DERT: discounted expected residual transactions after T with continuous
/// discount rate `delta` per unit of time (Fader, Hardie & Lee 2005, "RFM and
/// CLV: Using Iso-Value Curves for Customer Base Analysis", JMR 42(4), its
/// closed-form DERT for Pareto/NBD; derivation in docs/clv_pareto_nbd.md),
/// = P(alive) (r+x)/(alpha+T) (beta+T) U(1, 2-s, delta (beta+T)) with U the
/// confluent hypergeometric function of the second kind. delta > 0 finite. To
/// use a per-period rate d, pass delta = log(1 + d).
NORTHSTAR_API void discounted_expected_residual_transactions(const pareto_nbd_params& params,
                                                             const rfm_view& data, double delta,
                                                             std::span<double> out,
                                                             const run_options& run = {});

/// Discounted expected purchases of each customer over `periods` future periods
/// of `period_length` time units at `rate` per period:
///   sum_{i=1..periods} (E[Y(i L)] - E[Y((i-1) L)]) / (1 + rate)^i
/// (the convention of lifetimes' customer_lifetime_value; same as for BG/NBD,
/// so customer_lifetime_value in gamma_gamma.hpp accepts pareto_nbd_params).
NORTHSTAR_API void discounted_expected_purchases(const pareto_nbd_params& params, const rfm_view& data,
                                                 const per_period_discount& discount, std::span<double> out,
                                                 const run_options& run = {});

/// Discounted expected purchases over (T, T + horizon] at continuous `rate` per
/// time unit, int_0^H e^(-rate u) dE[Y(u)], in closed form: P(alive) (r+x)/(alpha+T)
/// [B U(1,2-s,rate B) - e^(-rate H) (B/(B+H))^s (B+H) U(1,2-s,rate (B+H))], B = beta+T
/// (the DERT integral split at H). rate = 0 gives E[Y(H) | x, t_x, T].
NORTHSTAR_API void discounted_expected_purchases(const pareto_nbd_params& params, const rfm_view& data,
                                                 const continuous_discount& discount, std::span<double> out,
                                                 const run_options& run = {});

}  // namespace clv
NORTHSTAR_END_NAMESPACE
