// MBG/NBD: the modified BG/NBD model (Batislam, Denizel & Filiztekin 2007,
// "Empirical validation and comparison of models for customer base analysis",
// International Journal of Research in Marketing 24(3), 201-209).
//
// As BG/NBD (see bg_nbd.hpp), except that a customer may also drop out right
// after the first purchase (at time 0), so customers with no repeat purchase
// are not assumed alive. Same data (rfm.hpp), same API: the functions of the
// BG/NBD family (bg_nbd.hpp) take mbg_nbd_params.
//
//     auto fit = northstar::clv::fit_mbg_nbd(northstar::clv::rfm_view{x, t_x, T});
//     northstar::clv::probability_alive(fit.params, data, alive);
#pragma once

#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/fit.hpp>
#include <northstar/clv/rfm.hpp>

#include <array>
#include <cstddef>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// MBG/NBD parameters: purchase rate lambda ~ Gamma(shape r, rate alpha), dropout
/// probability p ~ Beta(a, b). All finite and > 0 (checked by every entry point).
struct mbg_nbd_params {
  double r = 1;      ///< shape of the purchase-rate distribution
  double alpha = 1;  ///< rate (inverse scale) of the purchase-rate distribution, in time units
  double a = 1;      ///< first shape of the dropout-probability distribution
  double b = 1;      ///< second shape of the dropout-probability distribution
};

/// MBG/NBD belongs to the BG/NBD family: every function of bg_nbd.hpp takes mbg_nbd_params.
template <>
inline constexpr bool is_bg_nbd_family<mbg_nbd_params> = true;

/// The descriptor of MBG/NBD (see fit.hpp).
template <>
struct model_descriptor<mbg_nbd_params> {
  static constexpr std::string_view name = "mbg_nbd";
  static constexpr data_kind data = data_kind::customer_histories;
  static constexpr std::array<std::string_view, 4> parameter_names{"r", "alpha", "a", "b"};
  static constexpr std::array<double mbg_nbd_params::*, 4> members{&mbg_nbd_params::r, &mbg_nbd_params::alpha,
                                                                   &mbg_nbd_params::a, &mbg_nbd_params::b};
};

/// The result of fit_mbg_nbd.
using mbg_nbd_fit = fit_result<mbg_nbd_params>;

/// Maximum-likelihood fit (Batislam et al. 2007, eq. 4) on customers or weighted patterns.
/// Duplicate (x, t_x, T) are compressed first (fit.patterns counts them);
/// L-BFGS on log-parameters with the analytic gradient. The penalty, standard
/// errors and covariance are those of every model (fit.hpp); the lifetimes
/// convention is available. Default start: r = a = b = 1, alpha = 1 / (mean
/// purchase rate). Throws on invalid data (see validate(rfm_view)) or options,
/// on a total weight of 0, and errc::not_converged when the fit fails (unless
/// opt.throw_on_failure is false).
NORTHSTAR_API mbg_nbd_fit fit_mbg_nbd(const rfm_view& customers, const fit_options& opt = {});

}  // namespace clv
NORTHSTAR_END_NAMESPACE
