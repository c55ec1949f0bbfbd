// C API: the sBG model (Fader & Hardie 2007) as an opaque handle.
#include "model_api.hpp"

#include <northstar/clv/sbg.hpp>

using namespace northstar;
using northstar::c_api::array;
using northstar::c_api::guard;
using northstar::c_api::output;
using northstar::c_api::require;
using northstar::c_api::to_run_options;

/// The handle: model {alpha, beta}, standard errors, covariance, report.
struct northstar_sbg : c_api::model_handle<clv::sbg_params> {};

namespace {
constexpr std::string_view ctx = "sbg";
using model_api = c_api::model_api<northstar_sbg>;
}  // namespace

extern "C" {

northstar_status northstar_sbg_create(double alpha, double beta, northstar_sbg** out) {
  return model_api::create({alpha, beta}, out);
}

northstar_status northstar_sbg_fit(const double* survivors, size_t count, const northstar_fit_options* opt,
                                   northstar_sbg** out) {
  return model_api::fit(
      [&] {
        return clv::fit_sbg(array(survivors, count, ctx, "survivors"), c_api::to_fit_options(opt, ctx));
      },
      out);
}

northstar_status northstar_sbg_fit_individual(const double* period, const uint8_t* churned, size_t n,
                                              const northstar_fit_options* opt, northstar_sbg** out) {
  return model_api::fit(
      [&] {
        if (n > 0) require(churned, ctx, "churned");
        return clv::fit_sbg_individual(array(period, n, ctx, "period"), {churned, churned == nullptr ? 0 : n},
                                       c_api::to_fit_options(opt, ctx));
      },
      out);
}

NORTHSTAR_C_MODEL_ACCESSORS(sbg)

northstar_status northstar_sbg_survival(const northstar_sbg* model, const double* t, size_t n,
                                        const northstar_run_options* opt, double* out) {
  return guard([&] {
    require(model, ctx, "model");
    clv::survival(model->model, array(t, n, ctx, "t"), output(out, n, ctx, "out"), to_run_options(opt));
  });
}

northstar_status northstar_sbg_churn_probability(const northstar_sbg* model, const double* t, size_t n,
                                                 const northstar_run_options* opt, double* out) {
  return guard([&] {
    require(model, ctx, "model");
    clv::churn_probability(model->model, array(t, n, ctx, "t"), output(out, n, ctx, "out"),
                           to_run_options(opt));
  });
}

northstar_status northstar_sbg_retention_rate(const northstar_sbg* model, const double* t, size_t n,
                                              const northstar_run_options* opt, double* out) {
  return guard([&] {
    require(model, ctx, "model");
    clv::retention_rate(model->model, array(t, n, ctx, "t"), output(out, n, ctx, "out"), to_run_options(opt));
  });
}

northstar_status northstar_sbg_discounted_expected_lifetime(const northstar_sbg* model, double discount_rate,
                                                            double* out) {
  return guard([&] {
    require(model, ctx, "model");
    require(out, ctx, "out");
    *out = clv::discounted_expected_lifetime(model->model, discount_rate);
  });
}

northstar_status northstar_sbg_discounted_expected_residual_lifetime(const northstar_sbg* model,
                                                                     double discount_rate,
                                                                     const double* renewals, size_t n,
                                                                     const northstar_run_options* opt,
                                                                     double* out) {
  return guard([&] {
    require(model, ctx, "model");
    clv::discounted_expected_residual_lifetime(model->model, discount_rate,
                                               array(renewals, n, ctx, "renewals"),
                                               output(out, n, ctx, "out"), to_run_options(opt));
  });
}

}  // extern "C"
