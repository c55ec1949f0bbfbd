// C API: the BG/NBD model (Fader, Hardie & Lee 2005) as an opaque handle.
#include "transaction_model.hpp"

#include <northstar/clv/bg_nbd.hpp>

using namespace northstar;

/// The handle: parameters {r, alpha, a, b}, standard errors, covariance, report.
struct northstar_bg_nbd : c_api::model_handle<clv::bg_nbd_params> {};

namespace {
constexpr std::string_view ctx = "bg_nbd";
using api = c_api::transaction_api<northstar_bg_nbd>;
using model_api = c_api::model_api<northstar_bg_nbd>;
}  // namespace

extern "C" {

northstar_status northstar_bg_nbd_create(double r, double alpha, double a, double b, northstar_bg_nbd** out) {
  return model_api::create({r, alpha, a, b}, out);
}

northstar_status northstar_bg_nbd_fit(const northstar_rfm* data, size_t n, const northstar_fit_options* opt,
                                      northstar_bg_nbd** out) {
  return model_api::fit(
      [&] { return clv::fit_bg_nbd(c_api::to_rfm(data, n, ctx), c_api::to_fit_options(opt, ctx)); }, out);
}

NORTHSTAR_C_MODEL_ACCESSORS(bg_nbd)

northstar_status northstar_bg_nbd_log_likelihood(const northstar_bg_nbd* model, const northstar_rfm* data,
                                                 size_t n, const northstar_run_options* opt, double* out) {
  return api::log_likelihood(model, data, n, opt, ctx, out);
}

northstar_status northstar_bg_nbd_expected_purchases(const northstar_bg_nbd* model, const double* t, size_t n,
                                                     const northstar_run_options* opt, double* out) {
  return api::expected_purchases(model, t, n, opt, ctx, out);
}

northstar_status northstar_bg_nbd_conditional_expected_purchases(const northstar_bg_nbd* model, double t,
                                                                 const northstar_rfm* data, size_t n,
                                                                 const northstar_run_options* opt,
                                                                 double* out) {
  return api::conditional_expected_purchases(model, t, data, n, opt, ctx, out);
}

northstar_status northstar_bg_nbd_probability_alive(const northstar_bg_nbd* model, const northstar_rfm* data,
                                                    size_t n, const northstar_run_options* opt, double* out) {
  return api::probability_alive(model, data, n, opt, ctx, out);
}

northstar_status northstar_bg_nbd_probability_of_purchases(const northstar_bg_nbd* model, const double* t,
                                                           const double* count, size_t n,
                                                           const northstar_run_options* opt, double* out) {
  return api::probability_of_purchases(model, t, count, n, opt, ctx, out);
}

northstar_status northstar_bg_nbd_discounted_expected_purchases_per_period(
    const northstar_bg_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out) {
  return api::discounted(model, discount, data, n, opt, ctx, out);
}

northstar_status northstar_bg_nbd_discounted_expected_purchases_continuous(
    const northstar_bg_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out) {
  return api::discounted(model, discount, data, n, opt, ctx, out);
}

northstar_status northstar_bg_nbd_customer_lifetime_value_per_period(
    const northstar_bg_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out) {
  return api::clv(model, discount, data, expected_spend, n, opt, ctx, out);
}

northstar_status northstar_bg_nbd_customer_lifetime_value_continuous(
    const northstar_bg_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out) {
  return api::clv(model, discount, data, expected_spend, n, opt, ctx, out);
}

}  // extern "C"
