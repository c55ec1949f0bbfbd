// C API: the Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Fader & Hardie
// 2013) as an opaque handle.
#include "model_api.hpp"

#include <northstar/clv/gamma_gamma.hpp>

#include <span>

using namespace northstar;
using northstar::c_api::array;
using northstar::c_api::guard;
using northstar::c_api::output;
using northstar::c_api::require;
using northstar::c_api::to_run_options;

/// The handle: parameters {p, q, gamma}, standard errors, covariance, report.
struct northstar_gamma_gamma : c_api::model_handle<clv::gamma_gamma_params> {};

namespace {
constexpr std::string_view ctx = "gamma_gamma";
using model_api = c_api::model_api<northstar_gamma_gamma>;

/// An optional weight array: NULL = none (every customer counts once).
std::span<const double> weights(const double* w, std::size_t n) {
  return w == nullptr ? std::span<const double>{} : array(w, n, ctx, "weight");
}
}  // namespace

extern "C" {

northstar_status northstar_gamma_gamma_create(double p, double q, double gamma, northstar_gamma_gamma** out) {
  return model_api::create({p, q, gamma}, out);
}

northstar_status northstar_gamma_gamma_fit(const double* frequency, const double* mean_spend,
                                           const double* weight, size_t n, const northstar_fit_options* opt,
                                           northstar_gamma_gamma** out) {
  return model_api::fit(
      [&] {
        return clv::fit_gamma_gamma(array(frequency, n, ctx, "frequency"),
                                    array(mean_spend, n, ctx, "mean_spend"), weights(weight, n),
                                    c_api::to_fit_options(opt, ctx));
      },
      out);
}

NORTHSTAR_C_MODEL_ACCESSORS(gamma_gamma)

northstar_status northstar_gamma_gamma_log_likelihood(const northstar_gamma_gamma* model,
                                                      const double* frequency, const double* mean_spend,
                                                      const double* weight, size_t n, double* out) {
  return guard([&] {
    require(model, ctx, "model");
    require(out, ctx, "out");
    *out = clv::log_likelihood(model->model, array(frequency, n, ctx, "frequency"),
                               array(mean_spend, n, ctx, "mean_spend"), weights(weight, n));
  });
}

northstar_status northstar_gamma_gamma_conditional_expected_spend(const northstar_gamma_gamma* model,
                                                                  const double* frequency,
                                                                  const double* mean_spend, size_t n,
                                                                  const northstar_run_options* opt,
                                                                  double* out) {
  return guard([&] {
    require(model, ctx, "model");
    clv::conditional_expected_spend(model->model, array(frequency, n, ctx, "frequency"),
                                    array(mean_spend, n, ctx, "mean_spend"), output(out, n, ctx, "out"),
                                    to_run_options(opt));
  });
}

}  // extern "C"
