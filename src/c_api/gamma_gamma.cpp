// C API: the Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Fader & Hardie
// 2013) as an opaque handle.
#include "boundary.hpp"

#include <northstar/clv/gamma_gamma.hpp>

#include <span>

using namespace northstar;
using northstar::c_api::array;
using northstar::c_api::guard;
using northstar::c_api::output;
using northstar::c_api::require;
using northstar::c_api::to_run_options;

/// The handle: parameters + standard errors {p, q, gamma} + report.
struct northstar_gamma_gamma : c_api::model_handle<clv::gamma_gamma_params, 3> {};

namespace {
constexpr std::string_view ctx = "gamma_gamma";

/// An optional weight array: NULL = none (every customer counts once).
std::span<const double> weights(const double* w, std::size_t n) {
  return w == nullptr ? std::span<const double>{} : array(w, n, ctx, "weight");
}
}  // namespace

extern "C" {

northstar_status northstar_gamma_gamma_create(double p, double q, double gamma, northstar_gamma_gamma** out) {
  return guard([&] {
    require(out, ctx, "out");
    const clv::gamma_gamma_params params{p, q, gamma};
    clv::validate(params, ctx);
    clv::fit_report r;
    r.converged = true;
    r.message = "given, not fitted";
    *out = new northstar_gamma_gamma{{params, {0, 0, 0}, r}};
  });
}

northstar_status northstar_gamma_gamma_fit(const double* frequency, const double* mean_spend,
                                           const double* weight, size_t n, const northstar_fit_options* opt,
                                           northstar_gamma_gamma** out) {
  return guard([&] {
    require(out, ctx, "out");
    const auto f =
        clv::fit_gamma_gamma(array(frequency, n, ctx, "frequency"), array(mean_spend, n, ctx, "mean_spend"),
                             weights(weight, n), c_api::to_fit_options(opt, ctx));
    const auto& se = f.standard_errors;
    *out = new northstar_gamma_gamma{{f.params, {se.p, se.q, se.gamma}, f.report}};
  });
}

void northstar_gamma_gamma_destroy(northstar_gamma_gamma* model) {
  delete model;
}

northstar_status northstar_gamma_gamma_parameters(const northstar_gamma_gamma* model, double* out) {
  return guard([&] {
    require(model, ctx, "model");
    require(out, ctx, "out");
    out[0] = model->model.p;
    out[1] = model->model.q;
    out[2] = model->model.gamma;
  });
}

northstar_status northstar_gamma_gamma_standard_errors(const northstar_gamma_gamma* model, double* out) {
  return guard([&] {
    require(model, ctx, "model");
    require(out, ctx, "out");
    for (int i = 0; i < 3; ++i) out[i] = model->standard_errors[i];
  });
}

northstar_status northstar_gamma_gamma_report(const northstar_gamma_gamma* model, northstar_fit_report* out) {
  return guard([&] {
    require(model, ctx, "model");
    require(out, ctx, "out");
    *out = c_api::to_report(model->report);
  });
}

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
