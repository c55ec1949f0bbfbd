// Maximum-likelihood driver shared by the probabilistic CLV models: L-BFGS
// (LBFGS++) over log-parameters, convergence report, standard errors from the
// observed information. Compiled in src/clv/mle.cpp (LBFGS++ stays private).
#pragma once

#include <northstar/core/error.hpp>

#include <Eigen/Core>

#include <functional>
#include <limits>
#include <string>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// Options of a maximum-likelihood fit.
struct fit_options {
  /// Iteration limit of L-BFGS.
  int max_iterations = 1000;
  /// Convergence: norm of the gradient of the mean negative log-likelihood
  /// (per unit of weight) with respect to the log-parameters.
  double gradient_tolerance = 1e-7;
  /// Optional L2 penalty lambda * sum(param^2) on the natural parameters, added
  /// to the negative log-likelihood (lifetimes' `penalizer_coef`). 0 = none.
  double l2_penalty = 0.0;
  /// Throw errc::not_converged when the fit does not converge (default), or
  /// return the report with converged == false.
  bool throw_on_failure = true;
};

/// What a fit did.
struct fit_report {
  bool converged = false;   ///< gradient criterion met
  int iterations = 0;       ///< L-BFGS iterations
  double gradient_norm = std::numeric_limits<double>::quiet_NaN();  ///< final, as in fit_options
  double log_likelihood = std::numeric_limits<double>::quiet_NaN(); ///< at the estimate, without penalty
  std::string message;      ///< how it ended, in words
};

namespace detail {

/// Negative log-likelihood (penalty included) at log-parameters x; writes the
/// gradient with respect to x into grad (same size as x).
using objective = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& grad)>;

/// Minimises f / scale from x (in: start, out: estimate). `scale` is the total
/// weight of the data (so tolerances do not depend on sample size); `model`
/// names the caller in messages. Throws errc::not_converged on failure when
/// opt.throw_on_failure. The report's log_likelihood is -f(x) (the caller
/// subtracts any penalty it added).
fit_report minimize(const objective& f, Eigen::VectorXd& x, double scale, const fit_options& opt,
                    std::string_view model);

/// Hessian of f at x by central differences of its gradient (symmetrised).
Eigen::MatrixXd numerical_hessian(const objective& f, const Eigen::VectorXd& x);

/// Standard errors of the natural parameters exp(x) from the Hessian of the
/// negative log-likelihood in log-parameters (delta method:
/// se_k = exp(x_k) sqrt([H^-1]_kk)). NaN where H is not positive definite.
Eigen::VectorXd standard_errors(const Eigen::MatrixXd& hessian_log, const Eigen::VectorXd& x);

}  // namespace detail
}  // namespace clv
NORTHSTAR_END_NAMESPACE
