#include <northstar/clv/gamma_gamma.hpp>
#include "digamma.hpp"
#include "log_gamma.hpp"
#include "mle.hpp"
#include "parameters.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

namespace {

// Checks frequency / mean_spend / weight; returns the total weight of customers with x > 0.
double check_spend_data(std::span<const double> x, std::span<const double> z, std::span<const double> w,
                        std::string_view context) {
  if (z.size() != x.size())
    northstar::detail::fail(errc::size_mismatch, context,
                            "mean_spend has " + std::to_string(z.size()) + " elements but frequency has " +
                                std::to_string(x.size()));
  if (!w.empty() && w.size() != x.size())
    northstar::detail::fail(
        errc::size_mismatch, context,
        "weight has " + std::to_string(w.size()) + " elements but frequency has " + std::to_string(x.size()));
  double total = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]))
      northstar::detail::fail_element(errc::not_finite, context, "frequency", i, x[i], "must be finite");
    if (x[i] < 0 || x[i] != std::floor(x[i]))
      northstar::detail::fail_element(errc::invalid_argument, context, "frequency", i, x[i],
                                      "must be a whole number >= 0");
    if (!std::isfinite(z[i]))
      northstar::detail::fail_element(errc::not_finite, context, "mean_spend", i, z[i], "must be finite");
    if (z[i] < 0)
      northstar::detail::fail_element(errc::invalid_argument, context, "mean_spend", i, z[i], "must be >= 0");
    if (x[i] > 0 && !(z[i] > 0))
      northstar::detail::fail_element(errc::invalid_argument, context, "mean_spend", i, z[i],
                                      "must be > 0 when frequency[" + std::to_string(i) + "] > 0");
    const double wi = w.empty() ? 1.0 : w[i];
    if (!std::isfinite(wi))
      northstar::detail::fail_element(errc::not_finite, context, "weight", i, wi, "must be finite");
    if (wi < 0)
      northstar::detail::fail_element(errc::invalid_argument, context, "weight", i, wi, "must be >= 0");
    if (x[i] > 0) total += wi;
  }
  return total;
}

// Weighted log-likelihood (Fader & Hardie 2013, eq. 4):
//   log f(zbar | x) = lgamma(px+q) - lgamma(px) - lgamma(q) + q log gamma + px log x
//                     + (px-1) log zbar - (px+q) log(gamma + x zbar);
// grad (if not null) gets d/d(log p, log q, log gamma).
double loglik(const gamma_gamma_params& prm, std::span<const double> x, std::span<const double> z,
              std::span<const double> w, double* grad) {
  const double p = prm.p, q = prm.q, g = prm.gamma;
  const double lgq = northstar::clv::detail::log_gamma(q), psiq = detail::digamma(q), lg = std::log(g);
  double ll = 0, dp = 0, dq = 0, dg = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == 0) continue;
    const double wi = w.empty() ? 1.0 : w[i];
    if (wi == 0) continue;
    const double px = p * x[i], lx = std::log(x[i]), lz = std::log(z[i]), lgz = std::log(g + x[i] * z[i]);
    ll += wi * (northstar::clv::detail::log_gamma(px + q) - northstar::clv::detail::log_gamma(px) - lgq +
                q * lg + px * lx + (px - 1) * lz - (px + q) * lgz);
    if (grad) {
      const double psi = detail::digamma(px + q);
      dp += wi * x[i] * (psi - detail::digamma(px) + lx + lz - lgz);
      dq += wi * (psi - psiq + lg - lgz);
      dg += wi * (q / g - (px + q) / (g + x[i] * z[i]));
    }
  }
  if (grad) {
    grad[0] = dp * p;
    grad[1] = dq * q;
    grad[2] = dg * g;
  }
  return ll;
}

}  // namespace

void validate(const gamma_gamma_params& params, std::string_view context) {
  detail::validate_parameters(params, context);
}

double log_likelihood(const gamma_gamma_params& params, std::span<const double> frequency,
                      std::span<const double> mean_spend, std::span<const double> weight) {
  constexpr std::string_view c = "gamma_gamma::log_likelihood";
  validate(params, c);
  check_spend_data(frequency, mean_spend, weight, c);
  return loglik(params, frequency, mean_spend, weight, nullptr);
}

gamma_gamma_fit fit_gamma_gamma(std::span<const double> frequency, std::span<const double> mean_spend,
                                std::span<const double> weight, const fit_options& opt) {
  constexpr std::string_view c = "gamma_gamma::fit";
  const double W = check_spend_data(frequency, mean_spend, weight, c);
  if (!(W > 0))
    northstar::detail::fail(errc::invalid_argument, c,
                            "total weight of customers with frequency > 0 = " +
                                northstar::detail::format_value(W) + ": must be > 0");
  double zsum = 0;
  std::size_t used = 0;
  for (std::size_t i = 0; i < frequency.size(); ++i)
    if (frequency[i] > 0) {
      zsum += (weight.empty() ? 1.0 : weight[i]) * mean_spend[i];
      ++used;
    }
  detail::mle_problem problem;
  problem.context = c;
  // Start: p = 1, q = 2, gamma = mean zbar (so the population mean spend gamma p/(q-1) matches).
  problem.default_start = {1.0, 2.0, zsum / W};
  problem.total_weight = W;
  problem.rows = used;
  // lifetimes: no time scale; the log-likelihood is a mean per weight (of the customers with x > 0).
  problem.lifetimes_scale = {1.0, 1.0, 1.0};
  problem.lifetimes_weight = W;
  problem.log_likelihood = [&](std::span<const double> th, std::span<double> g) {
    return loglik({th[0], th[1], th[2]}, frequency, mean_spend, weight, g.empty() ? nullptr : g.data());
  };
  return detail::to_fit_result<gamma_gamma_params>(detail::maximise_likelihood(problem, opt), used);
}

void conditional_expected_spend(const gamma_gamma_params& params, std::span<const double> frequency,
                                std::span<const double> mean_spend, std::span<double> out,
                                const run_options& run) {
  constexpr std::string_view c = "gamma_gamma::conditional_expected_spend";
  validate(params, c);
  check_spend_data(frequency, mean_spend, {}, c);
  if (out.size() != frequency.size())
    northstar::detail::fail(errc::size_mismatch, c,
                            "out has " + std::to_string(out.size()) + " elements but frequency has " +
                                std::to_string(frequency.size()));
  if (!frequency.empty()) {
    const auto it = std::min_element(frequency.begin(), frequency.end());
    if (!(params.p * *it + params.q > 1))
      northstar::detail::fail(
          errc::invalid_model, c,
          "p * frequency + q <= 1 for frequency[" + std::to_string(it - frequency.begin()) + "] = " +
              northstar::detail::format_value(*it) + " (p = " + northstar::detail::format_value(params.p) +
              ", q = " + northstar::detail::format_value(params.q) + "): the expected spend is infinite");
  }
  const double p = params.p, q = params.q, g = params.gamma;
  northstar::detail::parallel_ranges(
      frequency.size(), run.threads, 1 << 14, [&](std::size_t, std::size_t b, std::size_t e) {
        // FHL 2005 "RFM and CLV", eq. 5: a weighted mean of the population
        // mean gamma p/(q-1) and the customer's zbar.
        // Where an intermediate overflows (p x or x zbar beyond 1e308: inf / inf was NaN;
        // fuzz/model_predictions), the same ratio in long double (range 1e4932).
        for (std::size_t i = b; i < e; ++i) {
          const double x = frequency[i], z = mean_spend[i];
          const double v = p * (g + x * z) / (p * x + q - 1);
          if (std::isfinite(v)) [[likely]] {
            out[i] = v;
          } else {
            using wide = long double;
            out[i] = static_cast<double>(wide(p) * (wide(g) + wide(x) * z) / (wide(p) * x + q - 1));
          }
        }
      });
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
