// C API: the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) as an opaque handle.
#include "transaction_model.hpp"

#include <northstar/clv/pareto_nbd.hpp>

using namespace northstar;

/// The handle: parameters {r, alpha, s, beta}, standard errors, covariance, report.
struct northstar_pareto_nbd : c_api::model_handle<clv::pareto_nbd_params> {};

namespace {
constexpr std::string_view ctx = "pareto_nbd";
using api = c_api::transaction_api<northstar_pareto_nbd>;
using model_api = c_api::model_api<northstar_pareto_nbd>;
}  // namespace

extern "C" {

northstar_status northstar_pareto_nbd_create(double r, double alpha, double s, double beta,
                                             northstar_pareto_nbd** out) {
  return model_api::create({r, alpha, s, beta}, out);
}

northstar_status northstar_pareto_nbd_fit(const northstar_rfm* data, size_t n,
                                          const northstar_fit_options* opt, northstar_pareto_nbd** out) {
  return model_api::fit(
      [&] { return clv::fit_pareto_nbd(c_api::to_rfm(data, n, ctx), c_api::to_fit_options(opt, ctx)); }, out);
}

NORTHSTAR_C_MODEL_ACCESSORS(pareto_nbd)

northstar_status northstar_pareto_nbd_log_likelihood(const northstar_pareto_nbd* model,
                                                     const northstar_rfm* data, size_t n,
                                                     const northstar_run_options* opt, double* out) {
  return api::log_likelihood(model, data, n, opt, ctx, out);
}

northstar_status northstar_pareto_nbd_expected_purchases(const northstar_pareto_nbd* model, const double* t,
                                                         size_t n, const northstar_run_options* opt,
                                                         double* out) {
  return api::expected_purchases(model, t, n, opt, ctx, out);
}

northstar_status northstar_pareto_nbd_conditional_expected_purchases(const northstar_pareto_nbd* model,
                                                                     double t, const northstar_rfm* data,
                                                                     size_t n,
                                                                     const northstar_run_options* opt,
                                                                     double* out) {
  return api::conditional_expected_purchases(model, t, data, n, opt, ctx, out);
}

northstar_status northstar_pareto_nbd_probability_alive(const northstar_pareto_nbd* model,
                                                        const northstar_rfm* data, size_t n,
                                                        const northstar_run_options* opt, double* out) {
  return api::probability_alive(model, data, n, opt, ctx, out);
}

northstar_status northstar_pareto_nbd_probability_of_purchases(const northstar_pareto_nbd* model,
                                                               const double* t, const double* count, size_t n,
                                                               const northstar_run_options* opt,
                                                               double* out) {
  return api::probability_of_purchases(model, t, count, n, opt, ctx, out);
}

northstar_status northstar_pareto_nbd_discounted_expected_purchases_per_period(
    const northstar_pareto_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out) {
  return api::discounted(model, discount, data, n, opt, ctx, out);
}

northstar_status northstar_pareto_nbd_discounted_expected_purchases_continuous(
    const northstar_pareto_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out) {
  return api::discounted(model, discount, data, n, opt, ctx, out);
}

northstar_status northstar_pareto_nbd_customer_lifetime_value_per_period(
    const northstar_pareto_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out) {
  return api::clv(model, discount, data, expected_spend, n, opt, ctx, out);
}

northstar_status northstar_pareto_nbd_customer_lifetime_value_continuous(
    const northstar_pareto_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out) {
  return api::clv(model, discount, data, expected_spend, n, opt, ctx, out);
}

northstar_status northstar_pareto_nbd_discounted_expected_residual_transactions(
    const northstar_pareto_nbd* model, double continuous_rate, const northstar_rfm* data, size_t n,
    const northstar_run_options* opt, double* out) {
  return c_api::guard([&] {
    c_api::require(model, ctx, "model");
    const auto v = c_api::to_rfm(data, n, ctx);
    clv::discounted_expected_residual_transactions(
        model->model, v, continuous_rate, c_api::output(out, n, ctx, "out"), c_api::to_run_options(opt));
  });
}

}  // extern "C"
