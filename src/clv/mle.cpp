#include "mle.hpp"

#include <LBFGS.h>
#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <cmath>
#include <stdexcept>
#include <string>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

namespace {

using northstar::detail::fail;
using northstar::detail::format_value;

// The penalised negative log-likelihood in log-parameters x, divided by the
// total weight (so that tolerances do not depend on the sample size), with its
// gradient. Remembers the best finite point seen, so that a line search that
// gives up near the optimum loses nothing.
struct objective {
  const mle_problem& problem;
  std::vector<double> penalty_weight;  // per parameter: the factor of theta_k^2 in the total objective
  double scale;
  std::vector<double> theta, grad_log;
  Eigen::VectorXd best_x;
  double best_f = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_g;

  // Total penalised negative log-likelihood at x, gradient in g (not scaled).
  double total(const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    for (Eigen::Index k = 0; k < x.size(); ++k) theta[static_cast<std::size_t>(k)] = std::exp(x[k]);
    const double ll = problem.log_likelihood(theta, grad_log);
    double value = -ll;
    for (std::size_t k = 0; k < theta.size(); ++k) {
      const double pen = penalty_weight[k] * theta[k] * theta[k];
      value += pen;
      g[static_cast<Eigen::Index>(k)] = -grad_log[k] + 2 * pen;  // d(c theta^2)/d log theta = 2 c theta^2
    }
    return value;
  }

  double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    const double value = total(x, g) / scale;
    g /= scale;
    if (!std::isfinite(value) || !g.allFinite()) {
      // Steer the line search away from regions where the model overflows.
      g.setZero();
      return std::numeric_limits<double>::infinity();
    }
    if (value < best_f) {
      best_f = value;
      best_x = x;
      best_g = g;
    }
    return value;
  }
};

void check_options(const fit_options& o, std::size_t parameters, std::string_view context) {
  if (o.max_iterations <= 0)
    fail(errc::invalid_argument, context,
         "fit_options.max_iterations = " + std::to_string(o.max_iterations) + ": must be > 0");
  if (!std::isfinite(o.gradient_tolerance))
    fail(errc::not_finite, context,
         "fit_options.gradient_tolerance = " + format_value(o.gradient_tolerance) + ": must be finite");
  if (!(o.gradient_tolerance > 0))
    fail(errc::invalid_argument, context,
         "fit_options.gradient_tolerance = " + format_value(o.gradient_tolerance) + ": must be > 0");
  if (!std::isfinite(o.l2_penalty))
    fail(errc::not_finite, context,
         "fit_options.l2_penalty = " + format_value(o.l2_penalty) + ": must be finite");
  if (!(o.l2_penalty >= 0))
    fail(errc::invalid_argument, context,
         "fit_options.l2_penalty = " + format_value(o.l2_penalty) + ": must be >= 0");
  if (o.penalty != penalty_convention::per_weight && o.penalty != penalty_convention::lifetimes)
    fail(errc::invalid_argument, context, "fit_options.penalty: not a penalty_convention");
  if (!o.start.empty()) {
    if (o.start.size() != parameters)
      fail(errc::size_mismatch, context,
           "fit_options.start has " + std::to_string(o.start.size()) + " values but the model has " +
               std::to_string(parameters) + " parameters");
    for (std::size_t k = 0; k < parameters; ++k)
      if (!std::isfinite(o.start[k]) || !(o.start[k] > 0))
        northstar::detail::fail_element(std::isfinite(o.start[k]) ? errc::invalid_argument : errc::not_finite,
                                        context, "fit_options.start", k, o.start[k],
                                        "must be finite and > 0");
  }
}

std::string describe(std::string_view context, const fit_report& r) {
  return std::string(context) + ": fit did not converge after " + std::to_string(r.iterations) +
         " iterations (gradient norm " + format_value(r.gradient_norm) + ", log-likelihood " +
         format_value(r.log_likelihood) + "): " + r.reason;
}

// Hessian of the total objective at x by central differences of its gradient (symmetrised).
Eigen::MatrixXd hessian(objective& f, const Eigen::VectorXd& x) {
  const Eigen::Index n = x.size();
  Eigen::MatrixXd h(n, n);
  Eigen::VectorXd gp(n), gm(n), xp = x, xm = x;
  for (Eigen::Index k = 0; k < n; ++k) {
    const double step = 1e-5 * (1.0 + std::abs(x[k]));
    xp[k] = x[k] + step;
    xm[k] = x[k] - step;
    f.total(xp, gp);
    f.total(xm, gm);
    h.col(k) = (gp - gm) / (2 * step);
    xp[k] = xm[k] = x[k];
  }
  return (h + h.transpose()) / 2;
}

}  // namespace

void reject_lifetimes_convention(const fit_options& options, std::string_view context) {
  if (options.penalty == penalty_convention::lifetimes)
    fail(errc::invalid_argument, context,
         "fit_options.penalty = lifetimes: this model has no lifetimes convention (BG/NBD, MBG/NBD, "
         "Pareto/NBD and Gamma-Gamma have one)");
}

mle_solution maximise_likelihood(const mle_problem& problem, const fit_options& options) {
  const std::size_t n = problem.default_start.size();
  check_options(options, n, problem.context);
  const double W = problem.total_weight;
  if (!std::isfinite(W) || !(W > 0))
    fail(errc::invalid_argument, problem.context, "total weight = " + format_value(W) + ": must be > 0");
  const bool lifetimes = options.penalty == penalty_convention::lifetimes;
  if (lifetimes && problem.lifetimes_scale.empty()) reject_lifetimes_convention(options, problem.context);

  objective f{problem, std::vector<double>(n), W, std::vector<double>(n), std::vector<double>(n), {}, 0, {}};
  for (std::size_t k = 0; k < n; ++k)
    f.penalty_weight[k] = lifetimes ? options.l2_penalty * problem.lifetimes_weight *
                                          problem.lifetimes_scale[k] * problem.lifetimes_scale[k]
                                    : options.l2_penalty * W;
  f.best_f = std::numeric_limits<double>::infinity();

  const std::vector<double>& start = options.start.empty() ? problem.default_start : options.start;
  Eigen::VectorXd x(static_cast<Eigen::Index>(n));
  for (std::size_t k = 0; k < n; ++k) x[static_cast<Eigen::Index>(k)] = std::log(start[k]);
  f.best_x = x;
  f.best_g = Eigen::VectorXd::Zero(x.size());

  Eigen::VectorXd g(x.size());
  if (!std::isfinite(f(x, g)))
    fail(errc::not_converged, problem.context, "the log-likelihood is not finite at the starting point");

  LBFGSpp::LBFGSParam<double> param;
  param.epsilon = options.gradient_tolerance;
  param.epsilon_rel = 0;
  param.max_iterations = options.max_iterations;
  param.max_linesearch = 60;
  LBFGSpp::LBFGSSolver<double> solver(param);

  mle_solution out;
  fit_report& report = out.report;
  double fx = 0;
  try {
    report.iterations = solver.minimize(f, x, fx);
    report.reason = "gradient criterion met";
  } catch (const std::exception& e) {
    report.reason = std::string("line search stopped: ") + e.what();
    report.iterations = -1;
  }
  // Take the best point seen (the solver's own x after an exception may be a trial step).
  x = f.best_x;
  report.gradient_norm = f.best_g.norm();
  report.converged = report.gradient_norm <= options.gradient_tolerance ||
                     // A line search that stalls at machine precision next to the optimum.
                     (report.iterations < 0 && report.gradient_norm <= 100 * options.gradient_tolerance);
  if (report.iterations < 0) report.iterations = options.max_iterations;
  if (!report.converged && report.reason == "gradient criterion met")
    report.reason = report.iterations >= options.max_iterations
                        ? "iteration limit reached"
                        : "the solver stopped where the gradient criterion is not met (the maximum may lie "
                          "on a boundary: a parameter tending to 0 or infinity)";

  out.theta.resize(n);
  for (std::size_t k = 0; k < n; ++k) out.theta[k] = std::exp(x[static_cast<Eigen::Index>(k)]);
  std::vector<double> no_gradient;
  report.log_likelihood = problem.log_likelihood(out.theta, no_gradient);

  // Covariance of the natural parameters from the Hessian in log-parameters (delta method).
  out.covariance.assign(n * n, std::numeric_limits<double>::quiet_NaN());
  out.standard_errors.assign(n, std::numeric_limits<double>::quiet_NaN());
  const Eigen::MatrixXd h = hessian(f, x);
  if (h.allFinite()) {
    Eigen::LLT<Eigen::MatrixXd> llt(h);
    if (llt.info() == Eigen::Success) {
      Eigen::MatrixXd inv = llt.solve(Eigen::MatrixXd::Identity(h.rows(), h.cols()));
      inv = ((inv + inv.transpose()) / 2).eval();  // exactly symmetric
      for (std::size_t j = 0; j < n; ++j)
        for (std::size_t k = 0; k < n; ++k)
          out.covariance[j * n + k] =
              out.theta[j] * out.theta[k] * inv(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(k));
      for (std::size_t k = 0; k < n; ++k) out.standard_errors[k] = std::sqrt(out.covariance[k * n + k]);
    }
  }
  // A gradient criterion met where the objective is flat in some direction (all x = 0, one
  // customer, ...) is no estimate: the maximum lies at a boundary (a parameter -> 0 or infinity).
  bool identified = true;
  for (double se : out.standard_errors) identified = identified && std::isfinite(se) && se > 0;
  if (!identified) {
    report.reason =
        (report.converged ? std::string() : report.reason + "; ") +
        "the parameters are not identified by the data: the Hessian of the objective is not "
        "positive definite at the estimate (the maximum lies on a boundary, a parameter tending to "
        "0 or infinity; a penalty l2_penalty > 0 gives a finite estimate)";
    report.converged = false;
  }
  if (!report.converged && options.throw_on_failure)
    throw error(errc::not_converged, describe(problem.context, report));
  return out;
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
