// C API: the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) as an opaque handle.
#include "transaction_model.hpp"

#include <northstar/clv/pareto_nbd.hpp>

using namespace northstar;

/// The handle: parameters + standard errors {r, alpha, s, beta} + report.
struct northstar_pareto_nbd : c_api::model_handle<clv::pareto_nbd_params, 4> {};

namespace northstar::c_api {
template <>
clv::pareto_nbd_params make_params<clv::pareto_nbd_params>(double p0, double p1, double p2, double p3) {
  return {p0, p1, p2, p3};
}
template <>
void write_params<clv::pareto_nbd_params>(const clv::pareto_nbd_params& p, double* out) {
  out[0] = p.r;
  out[1] = p.alpha;
  out[2] = p.s;
  out[3] = p.beta;
}
}  // namespace northstar::c_api

namespace {
constexpr std::string_view ctx = "pareto_nbd";
using api = c_api::transaction_api<northstar_pareto_nbd, clv::pareto_nbd_params>;
}  // namespace

extern "C" {

northstar_status northstar_pareto_nbd_create(double r, double alpha, double s, double beta,
                                             northstar_pareto_nbd** out) {
  return api::create(r, alpha, s, beta, ctx, out);
}

northstar_status northstar_pareto_nbd_fit(const northstar_rfm* data, size_t n,
                                          const northstar_fit_options* opt, const northstar_run_options* run,
                                          northstar_pareto_nbd** out) {
  return api::fit([](const clv::rfm_view& v, const clv::fit_options& o,
                     const clv::run_options& r) { return clv::fit_pareto_nbd(v, o, r); },
                  data, n, opt, run, ctx, out);
}

void northstar_pareto_nbd_destroy(northstar_pareto_nbd* model) {
  delete model;
}

northstar_status northstar_pareto_nbd_parameters(const northstar_pareto_nbd* model, double* out) {
  return api::parameters(model, ctx, out);
}

northstar_status northstar_pareto_nbd_standard_errors(const northstar_pareto_nbd* model, double* out) {
  return api::standard_errors(model, ctx, out);
}

northstar_status northstar_pareto_nbd_report(const northstar_pareto_nbd* model, northstar_fit_report* out) {
  return api::report(model, ctx, out);
}

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
