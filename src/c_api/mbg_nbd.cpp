// C API: the MBG/NBD model (Batislam, Denizel & Filiztekin 2007) as an opaque handle.
#include "transaction_model.hpp"

#include <northstar/clv/mbg_nbd.hpp>

using namespace northstar;

/// The handle: parameters + standard errors {r, alpha, a, b} + report.
struct northstar_mbg_nbd : c_api::model_handle<clv::mbg_nbd_params, 4> {};

namespace northstar::c_api {
template <>
clv::mbg_nbd_params make_params<clv::mbg_nbd_params>(double p0, double p1, double p2, double p3) {
  return {p0, p1, p2, p3};
}
template <>
void write_params<clv::mbg_nbd_params>(const clv::mbg_nbd_params& p, double* out) {
  out[0] = p.r;
  out[1] = p.alpha;
  out[2] = p.a;
  out[3] = p.b;
}
}  // namespace northstar::c_api

namespace {
constexpr std::string_view ctx = "mbg_nbd";
using api = c_api::transaction_api<northstar_mbg_nbd, clv::mbg_nbd_params>;
}  // namespace

extern "C" {

northstar_status northstar_mbg_nbd_create(double r, double alpha, double a, double b,
                                          northstar_mbg_nbd** out) {
  return api::create(r, alpha, a, b, ctx, out);
}

northstar_status northstar_mbg_nbd_fit(const northstar_rfm* data, size_t n, const northstar_fit_options* opt,
                                       const northstar_run_options* run, northstar_mbg_nbd** out) {
  return api::fit([](const clv::rfm_view& v, const clv::fit_options& o,
                     const clv::run_options& r) { return clv::fit_mbg_nbd(v, o, r); },
                  data, n, opt, run, ctx, out);
}

void northstar_mbg_nbd_destroy(northstar_mbg_nbd* model) {
  delete model;
}

northstar_status northstar_mbg_nbd_parameters(const northstar_mbg_nbd* model, double* out) {
  return api::parameters(model, ctx, out);
}

northstar_status northstar_mbg_nbd_standard_errors(const northstar_mbg_nbd* model, double* out) {
  return api::standard_errors(model, ctx, out);
}

northstar_status northstar_mbg_nbd_report(const northstar_mbg_nbd* model, northstar_fit_report* out) {
  return api::report(model, ctx, out);
}

northstar_status northstar_mbg_nbd_log_likelihood(const northstar_mbg_nbd* model, const northstar_rfm* data,
                                                  size_t n, const northstar_run_options* opt, double* out) {
  return api::log_likelihood(model, data, n, opt, ctx, out);
}

northstar_status northstar_mbg_nbd_expected_purchases(const northstar_mbg_nbd* model, const double* t,
                                                      size_t n, const northstar_run_options* opt,
                                                      double* out) {
  return api::expected_purchases(model, t, n, opt, ctx, out);
}

northstar_status northstar_mbg_nbd_conditional_expected_purchases(const northstar_mbg_nbd* model, double t,
                                                                  const northstar_rfm* data, size_t n,
                                                                  const northstar_run_options* opt,
                                                                  double* out) {
  return api::conditional_expected_purchases(model, t, data, n, opt, ctx, out);
}

northstar_status northstar_mbg_nbd_probability_alive(const northstar_mbg_nbd* model,
                                                     const northstar_rfm* data, size_t n,
                                                     const northstar_run_options* opt, double* out) {
  return api::probability_alive(model, data, n, opt, ctx, out);
}

northstar_status northstar_mbg_nbd_probability_of_purchases(const northstar_mbg_nbd* model, const double* t,
                                                            const double* count, size_t n,
                                                            const northstar_run_options* opt, double* out) {
  return api::probability_of_purchases(model, t, count, n, opt, ctx, out);
}

northstar_status northstar_mbg_nbd_discounted_expected_purchases_per_period(
    const northstar_mbg_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out) {
  return api::discounted(model, discount, data, n, opt, ctx, out);
}

northstar_status northstar_mbg_nbd_discounted_expected_purchases_continuous(
    const northstar_mbg_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out) {
  return api::discounted(model, discount, data, n, opt, ctx, out);
}

northstar_status northstar_mbg_nbd_customer_lifetime_value_per_period(
    const northstar_mbg_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out) {
  return api::clv(model, discount, data, expected_spend, n, opt, ctx, out);
}

northstar_status northstar_mbg_nbd_customer_lifetime_value_continuous(
    const northstar_mbg_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out) {
  return api::clv(model, discount, data, expected_spend, n, opt, ctx, out);
}

}  // extern "C"
