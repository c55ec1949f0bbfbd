// C API: the sBG model (Fader & Hardie 2007) as an opaque handle.
#include "boundary.hpp"

#include <northstar/clv/sbg.hpp>

using namespace northstar;
using northstar::c_api::array;
using northstar::c_api::guard;
using northstar::c_api::output;
using northstar::c_api::require;
using northstar::c_api::to_run_options;

/// The handle: model + standard errors {alpha, beta} + report.
struct northstar_sbg : c_api::model_handle<clv::sbg_model, 2> {};

namespace {
constexpr std::string_view ctx = "sbg";

northstar_sbg* from_fit(const clv::sbg_fit& f) {
  return new northstar_sbg{{f.model, {f.alpha_se, f.beta_se}, f.report}};
}
}  // namespace

extern "C" {

northstar_status northstar_sbg_create(double alpha, double beta, northstar_sbg** out) {
  return guard([&] {
    require(out, ctx, "out");
    clv::fit_report r;
    r.converged = true;
    r.message = "given, not fitted";
    *out = new northstar_sbg{{clv::sbg_model(alpha, beta), {0, 0}, r}};
  });
}

northstar_status northstar_sbg_fit(const double* survivors, size_t count, const northstar_fit_options* opt,
                                   northstar_sbg** out) {
  return guard([&] {
    require(out, ctx, "out");
    *out = from_fit(clv::fit_sbg(array(survivors, count, ctx, "survivors"), c_api::to_fit_options(opt, ctx)));
  });
}

northstar_status northstar_sbg_fit_individual(const double* period, const uint8_t* churned, size_t n,
                                              const northstar_fit_options* opt, northstar_sbg** out) {
  return guard([&] {
    require(out, ctx, "out");
    if (n > 0) require(churned, ctx, "churned");
    *out = from_fit(clv::fit_sbg_individual(array(period, n, ctx, "period"),
                                            {churned, churned == nullptr ? 0 : n},
                                            c_api::to_fit_options(opt, ctx)));
  });
}

void northstar_sbg_destroy(northstar_sbg* model) {
  delete model;
}

northstar_status northstar_sbg_parameters(const northstar_sbg* model, double* alpha, double* beta) {
  return guard([&] {
    require(model, ctx, "model");
    require(alpha, ctx, "alpha");
    require(beta, ctx, "beta");
    *alpha = model->model.alpha();
    *beta = model->model.beta();
  });
}

northstar_status northstar_sbg_standard_errors(const northstar_sbg* model, double* alpha_se,
                                               double* beta_se) {
  return guard([&] {
    require(model, ctx, "model");
    require(alpha_se, ctx, "alpha_se");
    require(beta_se, ctx, "beta_se");
    *alpha_se = model->standard_errors[0];
    *beta_se = model->standard_errors[1];
  });
}

northstar_status northstar_sbg_report(const northstar_sbg* model, northstar_fit_report* out) {
  return guard([&] {
    require(model, ctx, "model");
    require(out, ctx, "out");
    *out = c_api::to_report(model->report);
  });
}

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
    *out = model->model.discounted_expected_lifetime(discount_rate);
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
