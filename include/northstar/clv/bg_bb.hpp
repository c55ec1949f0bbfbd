// The beta-geometric/beta-Bernoulli (BG/BB) model of repeat transactions with
// discrete transaction opportunities (noncontractual): Fader, Hardie & Shang
// (2010), "Customer-Base Analysis in a Discrete-Time Noncontractual Setting",
// Marketing Science 29(6), 1086-1108 (FHS below).
//
// After the first (trial) purchase a customer is "alive"; at each of the
// opportunities 1, 2, ... an alive customer buys with probability p and
// (before each opportunity) dies for good with probability theta, with
// p ~ Beta(alpha, beta) and theta ~ Beta(gamma, delta) independent across
// customers. A customer's history over n opportunities is summarised by
// x = number of repeat transactions, t_x = the opportunity of the last one
// (0 when x = 0) and n. Histories and the pmf's n are limited to 1e7
// opportunities (the likelihood sums one term per opportunity; larger n is an
// invalid_argument error); expected_purchases(n) takes any n.
//
//     // donations.csv: frequency, recency, periods, weights (FHS's 11,104 donors)
//     auto fit = northstar::clv::fit_bg_bb(x, t_x, n, weights);   // 1.204, 0.750, 0.657, 2.783
//     std::vector<double> alive(x.size());
//     northstar::clv::probability_alive(fit.params, x, t_x, n, alive);
#pragma once

#include <northstar/clv/fit.hpp>
#include <northstar/clv/run_options.hpp>
#include <northstar/core/column.hpp>
#include <northstar/core/error.hpp>

#include <array>
#include <span>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// BG/BB parameters: the transaction probability p ~ Beta(alpha, beta) and the
/// dropout probability theta ~ Beta(gamma, delta). All finite and > 0.
struct bg_bb_params {
  double alpha = 1;  ///< first shape of p
  double beta = 1;   ///< second shape of p
  double gamma = 1;  ///< first shape of theta
  double delta = 1;  ///< second shape of theta
};

/// The descriptor of BG/BB (see fit.hpp).
template <>
struct model_descriptor<bg_bb_params> {
  static constexpr std::string_view name = "bg_bb";
  static constexpr data_kind data = data_kind::opportunity_histories;
  static constexpr std::array<std::string_view, 4> parameter_names{"alpha", "beta", "gamma", "delta"};
  static constexpr std::array<double bg_bb_params::*, 4> members{&bg_bb_params::alpha, &bg_bb_params::beta,
                                                                 &bg_bb_params::gamma, &bg_bb_params::delta};
};

/// Throws northstar::error (not_finite / invalid_argument) naming `context`,
/// the parameter and its value unless all four are finite and > 0. Every
/// function below checks its parameters this way.
NORTHSTAR_API void validate(const bg_bb_params& params, std::string_view context);

// Counts x, t_x, n, n_star are whole numbers with 0 <= x <= t_x <= n, and
// t_x = 0 exactly when x = 0 (otherwise t_x >= x); a violation is an error
// naming the input and its value. Every function is thread-safe.

/// P(X(n) = x): probability that a new customer makes x repeat transactions
/// in the first n opportunities (FHS, the BG/BB pmf; 0 <= x <= n).
NORTHSTAR_API double probability_of_purchases(const bg_bb_params& params, double n, double x);
/// E[X(n)]: expected repeat transactions of a new customer in the first n
/// opportunities (FHS, the mean of the BG/BB pmf).
NORTHSTAR_API double expected_purchases(const bg_bb_params& params, double n);
/// P(alive at opportunity n+1 | x, t_x, n) (FHS, P(alive at n+1 | ...)).
NORTHSTAR_API double probability_alive(const bg_bb_params& params, double x, double t_x, double n);
/// E[X(n, n + n_star) | x, t_x, n]: expected transactions in the next n_star
/// opportunities n+1 .. n+n_star (FHS, the conditional expectation).
NORTHSTAR_API double conditional_expected_purchases(const bg_bb_params& params, double x, double t_x,
                                                    double n, double n_star);
/// DERT(d | x, t_x, n): discounted expected residual transactions, each
/// future opportunity n+k discounted by (1+d)^-k (the next one once), with
/// d > 0 the discount rate per opportunity (FHS, the DERT expression):
/// B(alpha+x+1, beta+n-x)/B(alpha,beta) * B(gamma, delta+n+1) / (B(gamma,delta) (1+d))
///   * 2F1(1, delta+n+1; gamma+delta+n+1; 1/(1+d)) / L(. | x, t_x, n).
NORTHSTAR_API double discounted_expected_residual_transactions(const bg_bb_params& params,
                                                               double discount_rate, double x, double t_x,
                                                               double n);

/// The result of fitting a BG/BB model (patterns: distinct (x, t_x, n)).
using bg_bb_fit = fit_result<bg_bb_params>;

/// Fits alpha, beta, gamma, delta by maximum likelihood (FHS likelihood summed over
/// customers): x, t_x, n per customer or per pattern with `weights` (number
/// of customers with that pattern, >= 0; default 1 each). Duplicate
/// (x, t_x, n) are merged before fitting. Analytic gradient (digamma); penalty,
/// standard errors and covariance as for every model (fit.hpp).
NORTHSTAR_API bg_bb_fit fit_bg_bb(column<double> x, column<double> t_x, column<double> n,
                                  column<double> weights = 1.0, const fit_options& opt = {});

/// Total weighted log-likelihood of the data (validated as in fit_bg_bb;
/// scalars are one customer: log_likelihood(params, 2, 5, 6) is ln L(. | 2, 5, 6)).
NORTHSTAR_API double log_likelihood(const bg_bb_params& params, column<double> x, column<double> t_x,
                                    column<double> n, column<double> weights = 1.0);

/// Gradient {d/d alpha, d/d beta, d/d gamma, d/d delta} of
/// log_likelihood (analytic, through digamma).
NORTHSTAR_API std::array<double, 4> log_likelihood_gradient(const bg_bb_params& params, column<double> x,
                                                            column<double> t_x, column<double> n,
                                                            column<double> weights = 1.0);

/// P(alive at n+1 | x, t_x, n) for every customer. Array inputs must have
/// out.size() elements (a scalar is broadcast). All inputs are validated
/// before anything is written.
NORTHSTAR_API void probability_alive(const bg_bb_params& params, column<double> x, column<double> t_x,
                                     column<double> n, std::span<double> out, const run_options& run = {});
/// E[X(n, n + n_star) | x, t_x, n] for every customer.
NORTHSTAR_API void conditional_expected_purchases(const bg_bb_params& params, column<double> x,
                                                  column<double> t_x, column<double> n, column<double> n_star,
                                                  std::span<double> out, const run_options& run = {});
/// DERT for every customer, one discount rate per opportunity d > 0.
NORTHSTAR_API void discounted_expected_residual_transactions(const bg_bb_params& params, double discount_rate,
                                                             column<double> x, column<double> t_x,
                                                             column<double> n, std::span<double> out,
                                                             const run_options& run = {});
/// P(X(n[i]) = x[i]) for every i.
NORTHSTAR_API void probability_of_purchases(const bg_bb_params& params, column<double> n, column<double> x,
                                            std::span<double> out, const run_options& run = {});
/// E[X(n[i])] for every i.
NORTHSTAR_API void expected_purchases(const bg_bb_params& params, column<double> n, std::span<double> out,
                                      const run_options& run = {});

}  // namespace clv
NORTHSTAR_END_NAMESPACE
