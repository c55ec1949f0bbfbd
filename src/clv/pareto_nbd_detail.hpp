// Internals of the Pareto/NBD model (src/clv/pareto_nbd.cpp) that the tests
// check directly: the one-customer likelihood with its gradient and the
// discount integral. Not installed; not part of the API (not exported from a
// shared library, so only a static build links them from outside).
#pragma once

#include <northstar/clv/pareto_nbd.hpp>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {
namespace detail {

/// log L(params | x, t_x, T) of one customer; when grad is not null writes
/// d log L / d(r, alpha, s, beta) (natural parameters) into grad[0..3].
/// No validation.
double pareto_nbd_log_likelihood_one(const pareto_nbd_params& params, double x, double t_x, double T,
                                     double* grad) noexcept;

/// int_0^inf exp(-k y) (1 + y)^-s dy = U(1, 2-s, k) for k > 0, s > 0.
double pareto_nbd_discount_integral(double k, double s) noexcept;

}  // namespace detail
}  // namespace clv
NORTHSTAR_END_NAMESPACE
