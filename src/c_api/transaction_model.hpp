// The C API of the three transaction models over (x, t_x, T) (BG/NBD, MBG/NBD,
// Pareto/NBD): one template per prediction, instantiated by one line per
// function in src/c_api/<model>.cpp (create, fit and the getters come from
// model_api.hpp, shared with every model). Each body runs through guard().
// (The model headers are all included: qualified calls in templates bind here.)
#pragma once

#include "boundary.hpp"
#include "model_api.hpp"

#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/discounting.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/mbg_nbd.hpp>
#include <northstar/clv/pareto_nbd.hpp>
#include <northstar/clv/rfm.hpp>

#include <span>
#include <string_view>

namespace northstar::c_api {

/// A borrowed C rfm struct as an rfm_view of n rows (weight NULL = none).
inline clv::rfm_view to_rfm(const northstar_rfm* d, std::size_t n, std::string_view context) {
  require(d, context, "data");
  clv::rfm_view v{array(d->frequency, n, context, "data->frequency"),
                  array(d->recency, n, context, "data->recency"), array(d->age, n, context, "data->age")};
  if (d->weight != nullptr) v.weight = array(d->weight, n, context, "data->weight");
  return v;
}

/// C discount conventions as the C++ ones (validated by the C++ call).
inline clv::per_period_discount to_discount(const northstar_per_period_discount& d) {
  return {d.periods, d.period_length, d.rate};
}
inline clv::continuous_discount to_discount(const northstar_continuous_discount& d) {
  return {d.horizon, d.rate};
}

/// The predictions shared by the transaction-model handles (Handle =
/// `northstar_<model>`, a model_handle of the model's parameter struct; create,
/// fit and the getters are model_api's). `ctx` names the model in messages.
template <class Handle>
struct transaction_api {
  static northstar_status log_likelihood(const Handle* model, const northstar_rfm* data, std::size_t n,
                                         const northstar_run_options* opt, std::string_view ctx,
                                         double* out) {
    return guard([&] {
      require(model, ctx, "model");
      require(out, ctx, "out");
      const auto v = to_rfm(data, n, ctx);
      *out = clv::log_likelihood(model->model, v, to_run_options(opt));
    });
  }

  static northstar_status expected_purchases(const Handle* model, const double* t, std::size_t n,
                                             const northstar_run_options* opt, std::string_view ctx,
                                             double* out) {
    return guard([&] {
      require(model, ctx, "model");
      clv::expected_purchases(model->model, array(t, n, ctx, "t"), output(out, n, ctx, "out"),
                              to_run_options(opt));
    });
  }

  static northstar_status conditional_expected_purchases(const Handle* model, double t,
                                                         const northstar_rfm* data, std::size_t n,
                                                         const northstar_run_options* opt,
                                                         std::string_view ctx, double* out) {
    return guard([&] {
      require(model, ctx, "model");
      const auto v = to_rfm(data, n, ctx);
      clv::conditional_expected_purchases(model->model, v, t, output(out, n, ctx, "out"),
                                          to_run_options(opt));
    });
  }

  static northstar_status probability_of_purchases(const Handle* model, const double* t, const double* count,
                                                   std::size_t n, const northstar_run_options* opt,
                                                   std::string_view ctx, double* out) {
    return guard([&] {
      require(model, ctx, "model");
      clv::probability_of_purchases(model->model, array(t, n, ctx, "t"), array(count, n, ctx, "count"),
                                    output(out, n, ctx, "out"), to_run_options(opt));
    });
  }

  static northstar_status probability_alive(const Handle* model, const northstar_rfm* data, std::size_t n,
                                            const northstar_run_options* opt, std::string_view ctx,
                                            double* out) {
    return guard([&] {
      require(model, ctx, "model");
      const auto v = to_rfm(data, n, ctx);
      clv::probability_alive(model->model, v, output(out, n, ctx, "out"), to_run_options(opt));
    });
  }

  template <class CDiscount>
  static northstar_status discounted(const Handle* model, const CDiscount& discount,
                                     const northstar_rfm* data, std::size_t n,
                                     const northstar_run_options* opt, std::string_view ctx, double* out) {
    return guard([&] {
      require(model, ctx, "model");
      const auto v = to_rfm(data, n, ctx);
      clv::discounted_expected_purchases(model->model, v, to_discount(discount), output(out, n, ctx, "out"),
                                         to_run_options(opt));
    });
  }

  template <class CDiscount>
  static northstar_status clv(const Handle* model, const CDiscount& discount, const northstar_rfm* data,
                              const double* expected_spend, std::size_t n, const northstar_run_options* opt,
                              std::string_view ctx, double* out) {
    return guard([&] {
      require(model, ctx, "model");
      const auto v = to_rfm(data, n, ctx);
      clv::customer_lifetime_value(model->model, v, array(expected_spend, n, ctx, "expected_spend"),
                                   to_discount(discount), output(out, n, ctx, "out"), to_run_options(opt));
    });
  }
};

}  // namespace northstar::c_api
