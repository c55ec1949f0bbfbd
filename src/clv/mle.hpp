// The one maximum-likelihood driver of the CLV models (private). A model hands
// it its weighted log-likelihood with the gradient in log-parameters, the
// total weight and its default start; the driver validates the options, adds
// the one penalty (clv/fit.hpp), minimises with L-BFGS over log-parameters,
// reports the unpenalised log-likelihood, and computes standard errors and
// covariance from the Hessian of the penalised objective.
#pragma once

#include <northstar/clv/fit.hpp>

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

/// Weighted log-likelihood at the natural parameters theta; when grad_log is
/// not empty it receives d LL / d log theta_k (same size as theta).
using log_likelihood_function =
    std::function<double(std::span<const double> theta, std::span<double> grad_log)>;

/// What the driver needs from a model.
struct mle_problem {
  std::string_view context;           ///< "<model>::fit", for messages
  std::vector<double> default_start;  ///< natural parameters, used when fit_options.start is empty
  double total_weight = 0;            ///< W, > 0 (checked)
  std::size_t rows = 0;               ///< rows the caller passed (before any compression)
  /// The lifetimes convention (empty when the model has none): the factor each
  /// parameter is multiplied by before it is squared (1 / max T for time scales,
  /// 1 otherwise), and the weight the penalty is multiplied by (lifetimes' divisor
  /// of the log-likelihood: W, or the mean weight W / rows for Pareto/NBD).
  std::vector<double> lifetimes_scale;
  double lifetimes_weight = 0;
  log_likelihood_function log_likelihood;
};

/// The estimate in natural parameters, its covariance (row-major) and standard
/// errors, and the report.
struct mle_solution {
  std::vector<double> theta, standard_errors, covariance;
  fit_report report;
};

/// Runs the fit. Throws errc::invalid_argument / not_finite on bad options
/// (naming the option), errc::not_converged when it fails and
/// options.throw_on_failure.
mle_solution maximise_likelihood(const mle_problem& problem, const fit_options& options);

/// The solution as the public result of model P.
template <model_parameters P>
fit_result<P> to_fit_result(const mle_solution& s, std::size_t patterns) {
  fit_result<P> r;
  r.params = from_array<P>(std::span<const double, parameter_count<P>>(s.theta.data(), parameter_count<P>));
  r.standard_errors = from_array<P>(
      std::span<const double, parameter_count<P>>(s.standard_errors.data(), parameter_count<P>));
  for (std::size_t k = 0; k < r.covariance.size(); ++k) r.covariance[k] = s.covariance[k];
  r.report = s.report;
  r.patterns = patterns;
  return r;
}

/// Throws errc::invalid_argument naming `context` when fit_options asks for the
/// lifetimes convention of a model that has none.
void reject_lifetimes_convention(const fit_options& options, std::string_view context);

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
