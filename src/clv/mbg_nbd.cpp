#include <northstar/clv/mbg_nbd.hpp>

#include "beta_geometric_family.hpp"

#include <string>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

namespace {
constexpr int shift = 1;
constexpr std::string_view model = "mbg_nbd";
detail::bg_family_params family(const mbg_nbd_params& p) {
  return {p.r, p.alpha, p.a, p.b};
}
std::string ctx(std::string_view fn) {
  return std::string(model) + "::" + std::string(fn);
}
}  // namespace

void validate(const mbg_nbd_params& params, std::string_view context) {
  detail::validate_bg_family(family(params), context);
}

mbg_nbd_fit fit_mbg_nbd(const rfm_view& customers, const fit_options& opt, const run_options& run) {
  const auto f = detail::bg_family_fit<shift>(customers, opt, run, ctx("fit"));
  return {{f.params.r, f.params.alpha, f.params.a, f.params.b},
          {f.se.r, f.se.alpha, f.se.a, f.se.b},
          f.report,
          f.patterns};
}

double log_likelihood(const mbg_nbd_params& params, const rfm_view& customers, const run_options& run) {
  const auto c = ctx("log_likelihood");
  validate(params, c);
  validate(customers, c, run.threads);
  return detail::bg_family_loglik<shift>(family(params), customers, nullptr, run.threads);
}

void log_likelihood_gradient(const mbg_nbd_params& params, const rfm_view& customers,
                             std::span<double, 4> gradient, const run_options& run) {
  const auto c = ctx("log_likelihood_gradient");
  validate(params, c);
  validate(customers, c, run.threads);
  detail::bg_family_loglik<shift>(family(params), customers, gradient.data(), run.threads);
}

double expected_purchases(const mbg_nbd_params& params, double t) {
  const auto c = ctx("expected_purchases");
  validate(params, c);
  detail::check_horizon(t, c, "t");
  return detail::bg_family_expected<shift>(family(params), t);
}

void expected_purchases(const mbg_nbd_params& params, std::span<const double> t, std::span<double> out,
                        const run_options& run) {
  const auto c = ctx("expected_purchases");
  validate(params, c);
  detail::check_output(out, t.size(), c);
  for (std::size_t i = 0; i < t.size(); ++i)
    if (!std::isfinite(t[i]) || !(t[i] >= 0))
      northstar::detail::fail_element(std::isfinite(t[i]) ? errc::invalid_argument : errc::not_finite, c, "t",
                                      i, t[i], "must be finite and >= 0");
  northstar::detail::parallel_ranges(t.size(), run.threads, 64,
                                     [&](std::size_t, std::size_t b, std::size_t e) {
                                       for (std::size_t i = b; i < e; ++i)
                                         out[i] = detail::bg_family_expected<shift>(family(params), t[i]);
                                     });
}

void conditional_expected_purchases(const mbg_nbd_params& params, const rfm_view& customers, double t,
                                    std::span<double> out, const run_options& run) {
  const auto c = ctx("conditional_expected_purchases");
  validate(params, c);
  detail::check_horizon(t, c, "t");
  validate(customers, c, run.threads);
  detail::check_output(out, customers.size(), c);
  detail::bg_family_conditional<shift>(family(params), customers, t, out, run.threads);
}

void probability_alive(const mbg_nbd_params& params, const rfm_view& customers, std::span<double> out,
                       const run_options& run) {
  const auto c = ctx("probability_alive");
  validate(params, c);
  validate(customers, c, run.threads);
  detail::check_output(out, customers.size(), c);
  detail::bg_family_alive<shift>(family(params), customers, out, run.threads);
}

double probability_of_purchases(const mbg_nbd_params& params, double t, double n) {
  const auto c = ctx("probability_of_purchases");
  validate(params, c);
  detail::check_horizon(t, c, "t");
  if (!std::isfinite(n))
    northstar::detail::fail(errc::not_finite, c,
                            "n = " + northstar::detail::format_value(n) + ": must be finite");
  if (!(n >= 0) || n != std::floor(n))
    northstar::detail::fail(errc::invalid_argument, c,
                            "n = " + northstar::detail::format_value(n) + ": must be a whole number >= 0");
  return detail::bg_family_pmf<shift>(family(params), t, n);
}

void probability_of_purchases(const mbg_nbd_params& params, std::span<const double> t,
                              std::span<const double> n, std::span<double> out, const run_options& run) {
  const auto c = ctx("probability_of_purchases");
  validate(params, c);
  if (n.size() != t.size())
    northstar::detail::fail(
        errc::size_mismatch, c,
        "n has " + std::to_string(n.size()) + " elements but t has " + std::to_string(t.size()));
  detail::check_output(out, t.size(), c);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!std::isfinite(t[i]) || !(t[i] >= 0))
      northstar::detail::fail_element(std::isfinite(t[i]) ? errc::invalid_argument : errc::not_finite, c, "t",
                                      i, t[i], "must be finite and >= 0");
    if (!std::isfinite(n[i]) || !(n[i] >= 0) || n[i] != std::floor(n[i]))
      northstar::detail::fail_element(std::isfinite(n[i]) ? errc::invalid_argument : errc::not_finite, c, "n",
                                      i, n[i], "must be a whole number >= 0");
  }
  northstar::detail::parallel_ranges(t.size(), run.threads, 256,
                                     [&](std::size_t, std::size_t b, std::size_t e) {
                                       for (std::size_t i = b; i < e; ++i)
                                         out[i] = detail::bg_family_pmf<shift>(family(params), t[i], n[i]);
                                     });
}

void discounted_expected_purchases(const mbg_nbd_params& params, const rfm_view& customers,
                                   const per_period_discount& discount, std::span<double> out,
                                   const run_options& run) {
  const auto c = ctx("discounted_expected_purchases");
  validate(params, c);
  validate(discount, c);
  validate(customers, c, run.threads);
  detail::check_output(out, customers.size(), c);
  detail::bg_family_discounted<shift>(family(params), customers, discount, out, run.threads);
}

void discounted_expected_purchases(const mbg_nbd_params& params, const rfm_view& customers,
                                   const continuous_discount& discount, std::span<double> out,
                                   const run_options& run) {
  const auto c = ctx("discounted_expected_purchases");
  validate(params, c);
  validate(discount, c);
  validate(customers, c, run.threads);
  detail::check_output(out, customers.size(), c);
  detail::bg_family_discounted<shift>(family(params), customers, discount, out, run.threads);
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
