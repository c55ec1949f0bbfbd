// The model layer shared by the probabilistic CLV models (BG/NBD, MBG/NBD,
// Pareto/NBD, Gamma-Gamma, sBG, BG/BB): the model descriptor, the options of a
// maximum-likelihood fit and its result.
//
// Every model has a parameter struct (bg_nbd_params, ...) and a descriptor,
// model_descriptor<P>, specialised in the model's header: its name, parameter
// names, the pointers to the parameter fields in order, and the kind of data it
// is fitted to. Every fit returns fit_result<P>:
//
//     northstar::clv::fit_options opt;
//     opt.l2_penalty = 0.001;                               // same meaning for every model
//     auto fit = northstar::clv::fit_bg_nbd(data, opt);     // fit_result<bg_nbd_params>
//     fit.params.r; fit.standard_errors.r; fit.covariance_of(0, 1); fit.report.converged;
//
// The penalty. Every model maximises the same penalised log-likelihood over
// its natural parameters theta (all > 0):
//
//     LL(theta) - W * l2_penalty * sum_k theta_k^2,     W = the total weight of the data
//
// i.e. the mean log-likelihood per customer minus l2_penalty * sum theta_k^2.
// Multiplying every weight by k (or repeating the data k times) leaves the
// estimate unchanged for the same l2_penalty. The time-scale parameters (alpha,
// beta of the transaction models) are penalised in the caller's time unit.
//
// penalty_convention::lifetimes reproduces the objective of the Python package
// lifetimes (0.11) for BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma, for users who
// migrate: it rescales time so that the largest age is 1 before penalising the
// time-scale parameters (alpha * s, beta * s with s = 1 / max T), and for
// Pareto/NBD divides the log-likelihood by the mean weight instead of the total
// (so with one row per customer its penalty is W times weaker). See
// docs/clv_models.md.
//
// Standard errors and covariance come from one matrix for every model: the
// Hessian of the penalised objective in log-parameters at the estimate (by
// central differences of the analytic gradient), inverted, and mapped to the
// natural parameters by the delta method:
//     cov(theta_j, theta_k) = theta_j theta_k [H^-1]_jk.
// With l2_penalty = 0 that is the observed information; with a penalty it is
// the curvature of the function that was maximised. NaN everywhere when H is
// not positive definite; such a fit is reported as not identified (the data
// put the maximum on a boundary: converged = false, errc::not_converged unless
// throw_on_failure is false).
#pragma once

#include <northstar/core/error.hpp>

#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// The kind of data a model is fitted to.
enum class data_kind {
  customer_histories,     ///< (x, t_x, T) per customer in continuous time (rfm_view)
  repeat_spend,           ///< (x, mean spend of the repeat purchases) per customer
  cohort_survivors,       ///< survivors of a cohort after each period, or per-customer durations
  opportunity_histories,  ///< (x, t_x, n) over discrete transaction opportunities
};

/// The descriptor of a model, specialised for each parameter struct in the
/// model's header. A specialisation has
///   static constexpr std::string_view name;                 // "bg_nbd"
///   static constexpr data_kind data;
///   static constexpr std::array<std::string_view, N> parameter_names;
///   static constexpr std::array<double P::*, N> members;    // same order
template <class P>
struct model_descriptor;

/// A parameter struct with a descriptor.
template <class P>
concept model_parameters = requires {
  model_descriptor<P>::name;
  model_descriptor<P>::parameter_names;
  model_descriptor<P>::members;
};

/// Number of parameters of the model with parameter struct P.
template <model_parameters P>
inline constexpr std::size_t parameter_count = model_descriptor<P>::parameter_names.size();

/// The parameters in the descriptor's order.
template <model_parameters P>
constexpr std::array<double, parameter_count<P>> to_array(const P& p) noexcept {
  std::array<double, parameter_count<P>> a{};
  for (std::size_t k = 0; k < a.size(); ++k) a[k] = p.*model_descriptor<P>::members[k];
  return a;
}

/// Parameters from values in the descriptor's order (not validated here).
template <model_parameters P>
constexpr P from_array(std::span<const double, parameter_count<P>> values) noexcept {
  P p{};
  for (std::size_t k = 0; k < values.size(); ++k) p.*model_descriptor<P>::members[k] = values[k];
  return p;
}

/// Which penalty formula l2_penalty enters (see the top of this header).
enum class penalty_convention {
  per_weight,  ///< LL - W * l2_penalty * sum theta^2, for every model (default)
  lifetimes,   ///< the objective of the Python package lifetimes (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma)
};

/// Options of a maximum-likelihood fit, the same for every model.
struct fit_options {
  /// Starting point in natural parameters, in the descriptor's order (e.g. r,
  /// alpha, a, b). Empty: the model's own start. Otherwise one value per
  /// parameter, each finite and > 0.
  std::vector<double> start;
  /// L2 penalty lambda >= 0 (finite); 0 = none. Meaning: see penalty_convention.
  double l2_penalty = 0.0;
  /// How l2_penalty enters the objective.
  penalty_convention penalty = penalty_convention::per_weight;
  /// Iteration limit of L-BFGS (> 0).
  int max_iterations = 1000;
  /// Convergence: norm of the gradient of the penalised objective per unit of
  /// weight (the mean over customers) with respect to the log-parameters (> 0).
  double gradient_tolerance = 1e-7;
  /// Threads for the likelihood: 0 = all cores, 1 = the calling thread only.
  unsigned threads = 0;
  /// Throw errc::not_converged when the fit does not converge (default), or
  /// return the result with report.converged == false.
  bool throw_on_failure = true;
};

/// What a fit did.
struct fit_report {
  bool converged = false;                                            ///< gradient criterion met
  int iterations = 0;                                                ///< L-BFGS iterations
  double gradient_norm = std::numeric_limits<double>::quiet_NaN();   ///< final, as in fit_options
  double log_likelihood = std::numeric_limits<double>::quiet_NaN();  ///< at the estimate, without penalty
  std::string reason;                                                ///< how it ended, in words
};

/// The result of every fit: estimate, standard errors, covariance, report.
template <model_parameters P>
struct fit_result {
  /// Number of parameters.
  static constexpr std::size_t size = parameter_count<P>;
  P params{};           ///< the (penalised) maximum-likelihood estimate
  P standard_errors{};  ///< sqrt of the covariance's diagonal (NaN if the Hessian is not positive definite)
  /// Covariance of the estimates of the natural parameters, row-major,
  /// size x size, in the descriptor's order (see the top of this header).
  std::array<double, size * size> covariance{};
  fit_report report;         ///< convergence, iterations, log-likelihood (without penalty)
  std::size_t patterns = 0;  ///< rows the likelihood was evaluated on (distinct patterns)
  /// cov(theta_j, theta_k), j, k < size.
  [[nodiscard]] constexpr double covariance_of(std::size_t j, std::size_t k) const noexcept {
    return covariance[j * size + k];
  }
};

}  // namespace clv
NORTHSTAR_END_NAMESPACE
