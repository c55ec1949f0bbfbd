#include <northstar/clv/mle.hpp>

#include <LBFGS.h>
#include <Eigen/Cholesky>

#include <cmath>
#include <stdexcept>
#include <string>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

namespace {

// Wraps the objective: scales it and remembers the best finite point seen, so
// that a line search that gives up near the optimum loses nothing.
struct scaled_objective {
  const objective& f;
  double scale;
  Eigen::VectorXd best_x;
  double best_f = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_g;

  double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& grad) {
    double value = f(x, grad) / scale;
    grad /= scale;
    if (!std::isfinite(value) || !grad.allFinite()) {
      // Steer the line search away from regions where the model overflows.
      grad.setZero();
      return std::numeric_limits<double>::infinity();
    }
    if (value < best_f) {
      best_f = value;
      best_x = x;
      best_g = grad;
    }
    return value;
  }
};

std::string describe(std::string_view model, const fit_report& r) {
  std::string s(model);
  s += ": fit did not converge after " + std::to_string(r.iterations) + " iterations (gradient norm " +
       northstar::detail::format_value(r.gradient_norm) + ", log-likelihood " +
       northstar::detail::format_value(r.log_likelihood) + "): " + r.message;
  return s;
}

}  // namespace

fit_report minimize(const objective& f, Eigen::VectorXd& x, double scale, const fit_options& opt,
                    std::string_view model) {
  if (!(scale > 0) || !std::isfinite(scale))
    northstar::detail::fail(errc::invalid_argument, model, "total weight of the data must be > 0");
  if (opt.max_iterations <= 0 || !(opt.gradient_tolerance > 0) || !(opt.l2_penalty >= 0))
    northstar::detail::fail(
        errc::invalid_argument, model,
        "fit_options: max_iterations > 0, gradient_tolerance > 0, l2_penalty >= 0 required");
  LBFGSpp::LBFGSParam<double> param;
  param.epsilon = opt.gradient_tolerance;
  param.epsilon_rel = 0;
  param.max_iterations = opt.max_iterations;
  param.max_linesearch = 60;
  LBFGSpp::LBFGSSolver<double> solver(param);
  scaled_objective obj{f, scale, x, std::numeric_limits<double>::infinity(), Eigen::VectorXd::Zero(x.size())};

  fit_report report;
  Eigen::VectorXd start = x;
  Eigen::VectorXd g(x.size());
  if (!std::isfinite(obj(x, g)))
    northstar::detail::fail(errc::not_converged, model,
                            "the log-likelihood is not finite at the starting point");
  double fx = 0;
  try {
    report.iterations = solver.minimize(obj, x, fx);
    report.message = "gradient criterion met";
  } catch (const std::exception& e) {
    report.message = std::string("line search stopped: ") + e.what();
    report.iterations = -1;
  }
  // Take the best point seen (the solver's own x after an exception may be a trial step).
  x = obj.best_x;
  report.gradient_norm = obj.best_g.norm();
  report.log_likelihood = -obj.best_f * scale;
  report.converged = report.gradient_norm <= opt.gradient_tolerance ||
                     // A line search that stalls at machine precision next to the optimum.
                     (report.iterations < 0 && report.gradient_norm <= 100 * opt.gradient_tolerance);
  if (report.iterations < 0) report.iterations = opt.max_iterations;
  if (!report.converged && report.message == "gradient criterion met")
    report.message = report.iterations >= opt.max_iterations
                         ? "iteration limit reached"
                         : "the solver stopped where the gradient criterion is not met (the maximum may lie "
                           "on a boundary: a parameter tending to 0 or infinity)";
  if (!report.converged && opt.throw_on_failure) throw error(errc::not_converged, describe(model, report));
  return report;
}

Eigen::MatrixXd numerical_hessian(const objective& f, const Eigen::VectorXd& x) {
  const Eigen::Index n = x.size();
  Eigen::MatrixXd h(n, n);
  Eigen::VectorXd gp(n), gm(n), xp = x, xm = x;
  for (Eigen::Index k = 0; k < n; ++k) {
    const double step = 1e-5 * (1.0 + std::abs(x[k]));
    xp[k] = x[k] + step;
    xm[k] = x[k] - step;
    f(xp, gp);
    f(xm, gm);
    h.col(k) = (gp - gm) / (2 * step);
    xp[k] = xm[k] = x[k];
  }
  return (h + h.transpose()) / 2;
}

Eigen::VectorXd standard_errors(const Eigen::MatrixXd& hessian_log, const Eigen::VectorXd& x) {
  const Eigen::Index n = x.size();
  Eigen::VectorXd se = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN());
  Eigen::LLT<Eigen::MatrixXd> llt(hessian_log);
  if (llt.info() != Eigen::Success) return se;
  const Eigen::MatrixXd cov = llt.solve(Eigen::MatrixXd::Identity(n, n));
  for (Eigen::Index k = 0; k < n; ++k) se[k] = std::exp(x[k]) * std::sqrt(cov(k, k));
  return se;
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
