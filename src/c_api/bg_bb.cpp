// C API: the BG/BB model (Fader, Hardie & Shang 2010) as an opaque handle.
#include "model_api.hpp"

#include <northstar/clv/bg_bb.hpp>

using namespace northstar;
using northstar::c_api::guard;
using northstar::c_api::output;
using northstar::c_api::require;
using northstar::c_api::to_column;
using northstar::c_api::to_run_options;

/// The handle: model {alpha, beta, gamma, delta}, standard errors, covariance, report.
struct northstar_bg_bb : c_api::model_handle<clv::bg_bb_params> {};

namespace {
constexpr std::string_view ctx = "bg_bb";
using model_api = c_api::model_api<northstar_bg_bb>;
}  // namespace

extern "C" {

northstar_status northstar_bg_bb_create(double alpha, double beta, double gamma, double delta,
                                        northstar_bg_bb** out) {
  return model_api::create({alpha, beta, gamma, delta}, out);
}

northstar_status northstar_bg_bb_fit(northstar_column x, northstar_column t_x,
                                     northstar_column n_opportunities, northstar_column weights, size_t n,
                                     const northstar_fit_options* opt, northstar_bg_bb** out) {
  return model_api::fit(
      [&] {
        return clv::fit_bg_bb(to_column(x, n, ctx, "x.data"), to_column(t_x, n, ctx, "t_x.data"),
                              to_column(n_opportunities, n, ctx, "n_opportunities.data"),
                              to_column(weights, n, ctx, "weights.data"), c_api::to_fit_options(opt, ctx));
      },
      out);
}

NORTHSTAR_C_MODEL_ACCESSORS(bg_bb)

northstar_status northstar_bg_bb_probability_alive(const northstar_bg_bb* model, northstar_column x,
                                                   northstar_column t_x, northstar_column n_opportunities,
                                                   size_t n, const northstar_run_options* opt, double* out) {
  return guard([&] {
    require(model, ctx, "model");
    clv::probability_alive(model->model, to_column(x, n, ctx, "x.data"), to_column(t_x, n, ctx, "t_x.data"),
                           to_column(n_opportunities, n, ctx, "n_opportunities.data"),
                           output(out, n, ctx, "out"), to_run_options(opt));
  });
}

northstar_status northstar_bg_bb_conditional_expected_purchases(
    const northstar_bg_bb* model, northstar_column x, northstar_column t_x, northstar_column n_opportunities,
    northstar_column n_star, size_t n, const northstar_run_options* opt, double* out) {
  return guard([&] {
    require(model, ctx, "model");
    clv::conditional_expected_purchases(
        model->model, to_column(x, n, ctx, "x.data"), to_column(t_x, n, ctx, "t_x.data"),
        to_column(n_opportunities, n, ctx, "n_opportunities.data"), to_column(n_star, n, ctx, "n_star.data"),
        output(out, n, ctx, "out"), to_run_options(opt));
  });
}

northstar_status northstar_bg_bb_discounted_expected_residual_transactions(
    const northstar_bg_bb* model, double discount_rate, northstar_column x, northstar_column t_x,
    northstar_column n_opportunities, size_t n, const northstar_run_options* opt, double* out) {
  return guard([&] {
    require(model, ctx, "model");
    clv::discounted_expected_residual_transactions(
        model->model, discount_rate, to_column(x, n, ctx, "x.data"), to_column(t_x, n, ctx, "t_x.data"),
        to_column(n_opportunities, n, ctx, "n_opportunities.data"), output(out, n, ctx, "out"),
        to_run_options(opt));
  });
}

northstar_status northstar_bg_bb_expected_purchases(const northstar_bg_bb* model,
                                                    northstar_column n_opportunities, size_t n,
                                                    const northstar_run_options* opt, double* out) {
  return guard([&] {
    require(model, ctx, "model");
    clv::expected_purchases(model->model, to_column(n_opportunities, n, ctx, "n_opportunities.data"),
                            output(out, n, ctx, "out"), to_run_options(opt));
  });
}

}  // extern "C"
