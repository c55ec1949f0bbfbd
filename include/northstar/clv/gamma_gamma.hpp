// Gamma-Gamma model of the spend per transaction (Fader, Hardie & Lee 2005,
// "RFM and CLV: using iso-value curves for customer base analysis", Journal of
// Marketing Research 42(4), 415-430; Fader & Hardie 2013, "The Gamma-Gamma
// model of monetary value", brucehardie.com note 025), and model-based CLV:
// expected discounted transactions (BG/NBD, MBG/NBD, ...) x expected spend.
//
// A customer's transaction values are Gamma(p, nu) (shape p, rate nu) with
// nu ~ Gamma(q, gamma) across customers; zbar, the mean of the x repeat
// transactions, is what the model sees (customers with x = 0 carry no
// information and are skipped by the fit).
//
//     auto gg = northstar::clv::fit_gamma_gamma(x, zbar);
//     std::vector<double> spend(x.size()), clv(x.size());
//     northstar::clv::conditional_expected_spend(gg.params, x, zbar, spend);
//     // 12 months of 4.345 weeks, 1% per month, with a BG/NBD model fitted in weeks:
//     northstar::clv::customer_lifetime_value(bgnbd, data, spend,
//         northstar::clv::per_period_discount{12, 4.345, 0.01}, clv);
#pragma once

#include <northstar/clv/discounting.hpp>
#include <northstar/clv/fit.hpp>
#include <northstar/clv/rfm.hpp>
#include <northstar/clv/run_options.hpp>
#include <northstar/core/error.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// Gamma-Gamma parameters: spend per transaction ~ Gamma(shape p, rate nu),
/// nu ~ Gamma(shape q, rate gamma). All finite and > 0.
struct gamma_gamma_params {
  double p = 1;      ///< shape of the per-transaction spend
  double q = 1;      ///< shape of the distribution of nu across customers
  double gamma = 1;  ///< rate of the distribution of nu across customers (in currency units)
};

/// Throws northstar::error naming `context`, the parameter and its value unless
/// p, q, gamma are finite and > 0.
NORTHSTAR_API void validate(const gamma_gamma_params& params, std::string_view context);

/// The descriptor of Gamma-Gamma (see fit.hpp).
template <>
struct model_descriptor<gamma_gamma_params> {
  static constexpr std::string_view name = "gamma_gamma";
  static constexpr data_kind data = data_kind::repeat_spend;
  static constexpr std::array<std::string_view, 3> parameter_names{"p", "q", "gamma"};
  static constexpr std::array<double gamma_gamma_params::*, 3> members{
      &gamma_gamma_params::p, &gamma_gamma_params::q, &gamma_gamma_params::gamma};
};

/// The result of fit_gamma_gamma (patterns: the customers with x > 0 the fit used).
using gamma_gamma_fit = fit_result<gamma_gamma_params>;

/// Maximum-likelihood fit (Fader & Hardie 2013, eq. 4 / FHL 2005 "RFM and CLV",
/// appendix) on the customers with frequency > 0. frequency: repeat purchases
/// (whole, >= 0); mean_spend: zbar, the mean value of the repeat purchases (> 0
/// when frequency > 0, ignored otherwise but must be finite and >= 0); weight:
/// optional customers per row. Penalty, standard errors and covariance as for
/// every model (fit.hpp); the lifetimes convention is available.
NORTHSTAR_API gamma_gamma_fit fit_gamma_gamma(std::span<const double> frequency,
                                              std::span<const double> mean_spend,
                                              std::span<const double> weight = {},
                                              const fit_options& opt = {});

/// Weighted log-likelihood of the customers with frequency > 0 (Fader & Hardie 2013, eq. 4).
NORTHSTAR_API double log_likelihood(const gamma_gamma_params& params, std::span<const double> frequency,
                                    std::span<const double> mean_spend, std::span<const double> weight = {});

/// Expected spend per transaction given x and zbar (FHL 2005 "RFM and CLV", eq. 5):
///   E[Z | x, zbar] = (q - 1)/(p x + q - 1) * gamma p/(q - 1) + p x/(p x + q - 1) * zbar,
/// i.e. (p (gamma + x zbar)) / (p x + q - 1); the population mean gamma p / (q - 1)
/// for x = 0. Throws errc::invalid_model when p x + q <= 1 for some customer (the
/// expectation is infinite; for x = 0 that is q <= 1).
NORTHSTAR_API void conditional_expected_spend(const gamma_gamma_params& params,
                                              std::span<const double> frequency,
                                              std::span<const double> mean_spend, std::span<double> out,
                                              const run_options& run = {});

/// Model-based CLV of each customer: discounted expected transactions under the
/// transaction model `model` (bg_nbd_params, mbg_nbd_params, or any parameter
/// type with a discounted_expected_purchases overload) times `expected_spend`
/// (e.g. from conditional_expected_spend), with the discount convention in the
/// type of `discount` (per_period_discount or continuous_discount):
///   per_period_discount{12, 4.345, 0.01}: 12 months of 4.345 weeks at 1% per month
///   (the convention of lifetimes' customer_lifetime_value with freq "W").
/// Margins are the caller's: pass spend x margin for profit.
template <class TransactionModel, class Discount>
void customer_lifetime_value(const TransactionModel& model, const rfm_view& customers,
                             std::span<const double> expected_spend, const Discount& discount,
                             std::span<double> out, const run_options& run = {}) {
  if (expected_spend.size() != customers.size())
    northstar::detail::fail(errc::size_mismatch, "customer_lifetime_value",
                            "expected_spend has " + std::to_string(expected_spend.size()) +
                                " elements but frequency has " + std::to_string(customers.size()));
  for (std::size_t i = 0; i < expected_spend.size(); ++i)
    if (!(expected_spend[i] >= 0) || !(expected_spend[i] <= 1e300))
      northstar::detail::fail_element(
          std::isfinite(expected_spend[i]) ? errc::invalid_argument : errc::not_finite,
          "customer_lifetime_value", "expected_spend", i, expected_spend[i], "must be finite and >= 0");
  discounted_expected_purchases(model, customers, discount, out, run);
  // A spend of 0 is a CLV of 0, also where the purchases are +inf (0 * inf would be NaN).
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = expected_spend[i] == 0 ? 0.0 : out[i] * expected_spend[i];
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
