// The part of the C API that every probabilistic model shares (BG/NBD,
// MBG/NBD, Pareto/NBD, Gamma-Gamma, sBG, BG/BB), generated from the model's
// descriptor (clv/fit.hpp): the handle, create, fit, and the getters
// _parameters, _standard_errors, _covariance, _report (and _destroy).
//
// A model's source file defines its handle and the accessors in two lines:
//
//     struct northstar_bg_nbd : c_api::model_handle<clv::bg_nbd_params> {};
//     extern "C" { NORTHSTAR_C_MODEL_ACCESSORS(bg_nbd) ... }
//
// and writes create and fit (whose arguments differ by model) with
// model_api<Handle>::create / ::fit.
#pragma once

#include "boundary.hpp"

#include <northstar/clv/fit.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <string_view>
#include <type_traits>

namespace northstar::c_api {

/// The common shape of every model handle: the parameters, their standard errors
/// and covariance (row-major) in the descriptor's order, and the fit report.
/// A model adds `struct northstar_<model> : model_handle<clv::<model>_params> {};`.
template <clv::model_parameters P>
struct model_handle {
  using params_type = P;
  static constexpr std::size_t size = clv::parameter_count<P>;

  P model;
  std::array<double, size> standard_errors;
  std::array<double, size * size> covariance;
  clv::fit_report report;
};

/// n quiet NaNs.
template <std::size_t N>
constexpr std::array<double, N> nan_array() {
  std::array<double, N> a{};
  a.fill(std::numeric_limits<double>::quiet_NaN());
  return a;
}

/// Entry points shared by every model handle (Handle = northstar_<model>). The
/// context of messages is the descriptor's name ("bg_nbd", ...).
template <class Handle>
struct model_api {
  using P = typename Handle::params_type;
  static constexpr std::size_t N = Handle::size;
  static constexpr std::string_view ctx = clv::model_descriptor<P>::name;

  /// A given (not fitted) model: standard errors and covariance are NaN, the
  /// report says converged = 1, iterations = 0, gradient norm and
  /// log-likelihood NaN.
  static northstar_status create(const std::array<double, N>& values, Handle** out) {
    return guard([&] {
      require(out, ctx, "out");
      const P p = clv::from_array<P>(std::span<const double, N>(values));
      validate(p, ctx);  // found by ADL in the model's header
      clv::fit_report r;
      r.converged = true;
      r.reason = "given, not fitted";
      *out = new Handle{{p, nan_array<N>(), nan_array<N * N>(), r}};
    });
  }

  /// A fitted model: fit_fn() returns the clv::fit_result<P> (called after
  /// `out` is checked, inside the guard).
  template <class Fit>
  static northstar_status fit(Fit&& fit_fn, Handle** out) {
    return guard([&] {
      require(out, ctx, "out");
      const clv::fit_result<P> f = fit_fn();
      *out = new Handle{{f.params, clv::to_array(f.standard_errors), f.covariance, f.report}};
    });
  }

  static northstar_status parameters(const Handle* model, double* out) {
    return guard([&] {
      require(model, ctx, "model");
      require(out, ctx, "out");
      const auto a = clv::to_array(model->model);
      std::copy(a.begin(), a.end(), out);
    });
  }

  static northstar_status standard_errors(const Handle* model, double* out) {
    return guard([&] {
      require(model, ctx, "model");
      require(out, ctx, "out");
      std::copy(model->standard_errors.begin(), model->standard_errors.end(), out);
    });
  }

  static northstar_status covariance(const Handle* model, double* out) {
    return guard([&] {
      require(model, ctx, "model");
      require(out, ctx, "out");
      std::copy(model->covariance.begin(), model->covariance.end(), out);
    });
  }

  static northstar_status report(const Handle* model, northstar_fit_report* out) {
    return guard([&] {
      require(model, ctx, "model");
      require(out, ctx, "out");
      *out = to_report(model->report);
    });
  }
};

}  // namespace northstar::c_api

/// Defines northstar_<m>_destroy, _parameters, _standard_errors, _covariance
/// and _report for the handle northstar_<m> (inside extern "C").
#define NORTHSTAR_C_MODEL_ACCESSORS(m)                                                             \
  void northstar_##m##_destroy(northstar_##m* model) {                                             \
    delete model;                                                                                  \
  }                                                                                                \
  northstar_status northstar_##m##_parameters(const northstar_##m* model, double* out) {           \
    return ::northstar::c_api::model_api<northstar_##m>::parameters(model, out);                   \
  }                                                                                                \
  northstar_status northstar_##m##_standard_errors(const northstar_##m* model, double* out) {      \
    return ::northstar::c_api::model_api<northstar_##m>::standard_errors(model, out);              \
  }                                                                                                \
  northstar_status northstar_##m##_covariance(const northstar_##m* model, double* out) {           \
    return ::northstar::c_api::model_api<northstar_##m>::covariance(model, out);                   \
  }                                                                                                \
  northstar_status northstar_##m##_report(const northstar_##m* model, northstar_fit_report* out) { \
    return ::northstar::c_api::model_api<northstar_##m>::report(model, out);                       \
  }
