#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/mbg_nbd.hpp>

#include "beta_geometric_family.hpp"

#include <string>
#include <type_traits>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

// BG/NBD and MBG/NBD from one source: every entry point is a template over the
// parameter struct, instantiated for both at the end of this file. The maths is
// in beta_geometric_family.cpp (Shift 0 = BG/NBD, 1 = MBG/NBD).
namespace {
template <class P>
constexpr int shift = std::is_same_v<P, mbg_nbd_params> ? 1 : 0;
template <class P>
detail::bg_family_params family(const P& p) {
  return {p.r, p.alpha, p.a, p.b};
}
template <class P>
std::string ctx(std::string_view fn) {
  return std::string(model_descriptor<P>::name) + "::" + std::string(fn);
}

template <class P>
void validate_params(const P& params, std::string_view context) {
  detail::validate_bg_family(family(params), context);
}

template <class P>
fit_result<P> fit(const rfm_view& customers, const fit_options& opt) {
  std::size_t patterns = 0;
  const auto s = detail::bg_family_fit<shift<P>>(customers, opt, ctx<P>("fit"), patterns);
  return detail::to_fit_result<P>(s, patterns);
}

template <class P>
double log_likelihood_impl(const P& params, const rfm_view& customers, const run_options& run) {
  const auto c = ctx<P>("log_likelihood");
  validate_params(params, c);
  validate(customers, c, run.threads);
  return detail::bg_family_loglik<shift<P>>(family(params), customers, nullptr, run.threads);
}

template <class P>
void log_likelihood_gradient_impl(const P& params, const rfm_view& customers, std::span<double, 4> gradient,
                                  const run_options& run) {
  const auto c = ctx<P>("log_likelihood_gradient");
  validate_params(params, c);
  validate(customers, c, run.threads);
  detail::bg_family_loglik<shift<P>>(family(params), customers, gradient.data(), run.threads);
}

template <class P>
double expected_purchases_impl(const P& params, double t) {
  const auto c = ctx<P>("expected_purchases");
  validate_params(params, c);
  detail::check_horizon(t, c, "t");
  return detail::bg_family_expected<shift<P>>(family(params), t);
}

template <class P>
void expected_purchases_impl(const P& params, std::span<const double> t, std::span<double> out,
                             const run_options& run) {
  const auto c = ctx<P>("expected_purchases");
  validate_params(params, c);
  detail::check_output(out, t.size(), c);
  for (std::size_t i = 0; i < t.size(); ++i)
    if (!std::isfinite(t[i]) || !(t[i] >= 0))
      northstar::detail::fail_element(std::isfinite(t[i]) ? errc::invalid_argument : errc::not_finite, c, "t",
                                      i, t[i], "must be finite and >= 0");
  northstar::detail::parallel_ranges(t.size(), run.threads, 64,
                                     [&](std::size_t, std::size_t b, std::size_t e) {
                                       for (std::size_t i = b; i < e; ++i)
                                         out[i] = detail::bg_family_expected<shift<P>>(family(params), t[i]);
                                     });
}

template <class P>
void conditional_expected_purchases_impl(const P& params, const rfm_view& customers, double t,
                                         std::span<double> out, const run_options& run) {
  const auto c = ctx<P>("conditional_expected_purchases");
  validate_params(params, c);
  detail::check_horizon(t, c, "t");
  validate(customers, c, run.threads);
  detail::check_output(out, customers.size(), c);
  detail::bg_family_conditional<shift<P>>(family(params), customers, t, out, run.threads);
}

template <class P>
void probability_alive_impl(const P& params, const rfm_view& customers, std::span<double> out,
                            const run_options& run) {
  const auto c = ctx<P>("probability_alive");
  validate_params(params, c);
  validate(customers, c, run.threads);
  detail::check_output(out, customers.size(), c);
  detail::bg_family_alive<shift<P>>(family(params), customers, out, run.threads);
}

template <class P>
double probability_of_purchases_impl(const P& params, double t, double n) {
  const auto c = ctx<P>("probability_of_purchases");
  validate_params(params, c);
  detail::check_horizon(t, c, "t");
  if (!std::isfinite(n))
    northstar::detail::fail(errc::not_finite, c,
                            "n = " + northstar::detail::format_value(n) + ": must be finite");
  if (!(n >= 0) || n != std::floor(n))
    northstar::detail::fail(errc::invalid_argument, c,
                            "n = " + northstar::detail::format_value(n) + ": must be a whole number >= 0");
  return detail::bg_family_pmf<shift<P>>(family(params), t, n);
}

template <class P>
void probability_of_purchases_impl(const P& params, std::span<const double> t, std::span<const double> n,
                                   std::span<double> out, const run_options& run) {
  const auto c = ctx<P>("probability_of_purchases");
  validate_params(params, c);
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
                                         out[i] = detail::bg_family_pmf<shift<P>>(family(params), t[i], n[i]);
                                     });
}

// Discount: per_period_discount or continuous_discount.
template <class P, class Discount>
void discounted_expected_purchases_impl(const P& params, const rfm_view& customers, const Discount& discount,
                                        std::span<double> out, const run_options& run) {
  const auto c = ctx<P>("discounted_expected_purchases");
  validate_params(params, c);
  validate(discount, c);
  validate(customers, c, run.threads);
  detail::check_output(out, customers.size(), c);
  detail::bg_family_discounted<shift<P>>(family(params), customers, discount, out, run.threads);
}

}  // namespace

// The public overloads of both models.
#define NORTHSTAR_BG_FAMILY_API(P, fit_name)                                                              \
  void validate(const P& params, std::string_view context) {                                              \
    validate_params(params, context);                                                                     \
  }                                                                                                       \
  fit_result<P> fit_name(const rfm_view& customers, const fit_options& opt) {                             \
    return fit<P>(customers, opt);                                                                        \
  }                                                                                                       \
  double log_likelihood(const P& params, const rfm_view& customers, const run_options& run) {             \
    return log_likelihood_impl(params, customers, run);                                                   \
  }                                                                                                       \
  void log_likelihood_gradient(const P& params, const rfm_view& customers, std::span<double, 4> gradient, \
                               const run_options& run) {                                                  \
    log_likelihood_gradient_impl(params, customers, gradient, run);                                       \
  }                                                                                                       \
  double expected_purchases(const P& params, double t) {                                                  \
    return expected_purchases_impl(params, t);                                                            \
  }                                                                                                       \
  void expected_purchases(const P& params, std::span<const double> t, std::span<double> out,              \
                          const run_options& run) {                                                       \
    expected_purchases_impl(params, t, out, run);                                                         \
  }                                                                                                       \
  void conditional_expected_purchases(const P& params, const rfm_view& customers, double t,               \
                                      std::span<double> out, const run_options& run) {                    \
    conditional_expected_purchases_impl(params, customers, t, out, run);                                  \
  }                                                                                                       \
  void probability_alive(const P& params, const rfm_view& customers, std::span<double> out,               \
                         const run_options& run) {                                                        \
    probability_alive_impl(params, customers, out, run);                                                  \
  }                                                                                                       \
  double probability_of_purchases(const P& params, double t, double n) {                                  \
    return probability_of_purchases_impl(params, t, n);                                                   \
  }                                                                                                       \
  void probability_of_purchases(const P& params, std::span<const double> t, std::span<const double> n,    \
                                std::span<double> out, const run_options& run) {                          \
    probability_of_purchases_impl(params, t, n, out, run);                                                \
  }                                                                                                       \
  void discounted_expected_purchases(const P& params, const rfm_view& customers,                          \
                                     const per_period_discount& discount, std::span<double> out,          \
                                     const run_options& run) {                                            \
    discounted_expected_purchases_impl(params, customers, discount, out, run);                            \
  }                                                                                                       \
  void discounted_expected_purchases(const P& params, const rfm_view& customers,                          \
                                     const continuous_discount& discount, std::span<double> out,          \
                                     const run_options& run) {                                            \
    discounted_expected_purchases_impl(params, customers, discount, out, run);                            \
  }
NORTHSTAR_BG_FAMILY_API(bg_nbd_params, fit_bg_nbd)
NORTHSTAR_BG_FAMILY_API(mbg_nbd_params, fit_mbg_nbd)
#undef NORTHSTAR_BG_FAMILY_API
}  // namespace clv
NORTHSTAR_END_NAMESPACE
