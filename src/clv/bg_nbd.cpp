#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/mbg_nbd.hpp>

#include "beta_geometric_family.hpp"
#include "parameters.hpp"

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
fit_result<P> fit(const rfm_view& customers, const fit_options& opt) {
  std::size_t patterns = 0;
  const auto s = detail::bg_family_fit<shift<P>>(customers, opt, ctx<P>("fit"), patterns);
  return detail::to_fit_result<P>(s, patterns);
}

}  // namespace

template <bg_nbd_family P>
void validate(const P& params, std::string_view context) {
  detail::validate_parameters(params, context);
}

template <bg_nbd_family P>
double log_likelihood(const P& params, const rfm_view& customers, const run_options& run) {
  const auto c = ctx<P>("log_likelihood");
  validate(params, c);
  validate(customers, c, run.threads);
  return detail::bg_family_loglik<shift<P>>(family(params), customers, nullptr, run.threads);
}

template <bg_nbd_family P>
void log_likelihood_gradient(const P& params, const rfm_view& customers, std::span<double, 4> gradient,
                             const run_options& run) {
  const auto c = ctx<P>("log_likelihood_gradient");
  validate(params, c);
  validate(customers, c, run.threads);
  detail::bg_family_loglik<shift<P>>(family(params), customers, gradient.data(), run.threads);
}

template <bg_nbd_family P>
double expected_purchases(const P& params, double t) {
  const auto c = ctx<P>("expected_purchases");
  validate(params, c);
  detail::check_horizon(t, c, "t");
  return detail::bg_family_expected<shift<P>>(family(params), t);
}

template <bg_nbd_family P>
void expected_purchases(const P& params, std::span<const double> t, std::span<double> out,
                        const run_options& run) {
  const auto c = ctx<P>("expected_purchases");
  validate(params, c);
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

template <bg_nbd_family P>
void conditional_expected_purchases(const P& params, const rfm_view& customers, double t,
                                    std::span<double> out, const run_options& run) {
  const auto c = ctx<P>("conditional_expected_purchases");
  validate(params, c);
  detail::check_horizon(t, c, "t");
  validate(customers, c, run.threads);
  detail::check_output(out, customers.size(), c);
  detail::bg_family_conditional<shift<P>>(family(params), customers, t, out, run.threads);
}

template <bg_nbd_family P>
void probability_alive(const P& params, const rfm_view& customers, std::span<double> out,
                       const run_options& run) {
  const auto c = ctx<P>("probability_alive");
  validate(params, c);
  validate(customers, c, run.threads);
  detail::check_output(out, customers.size(), c);
  detail::bg_family_alive<shift<P>>(family(params), customers, out, run.threads);
}

template <bg_nbd_family P>
double probability_of_purchases(const P& params, double t, double n) {
  const auto c = ctx<P>("probability_of_purchases");
  validate(params, c);
  detail::check_horizon(t, c, "t");
  if (!std::isfinite(n))
    northstar::detail::fail(errc::not_finite, c,
                            "n = " + northstar::detail::format_value(n) + ": must be finite");
  if (!(n >= 0) || n != std::floor(n))
    northstar::detail::fail(errc::invalid_argument, c,
                            "n = " + northstar::detail::format_value(n) + ": must be a whole number >= 0");
  return detail::bg_family_pmf<shift<P>>(family(params), t, n);
}

template <bg_nbd_family P>
void probability_of_purchases(const P& params, std::span<const double> t, std::span<const double> n,
                              std::span<double> out, const run_options& run) {
  const auto c = ctx<P>("probability_of_purchases");
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
                                         out[i] = detail::bg_family_pmf<shift<P>>(family(params), t[i], n[i]);
                                     });
}

namespace {
// Discount: per_period_discount or continuous_discount.
template <class P, class Discount>
void discounted(const P& params, const rfm_view& customers, const Discount& discount, std::span<double> out,
                const run_options& run) {
  const auto c = ctx<P>("discounted_expected_purchases");
  validate(params, c);
  validate(discount, c);
  validate(customers, c, run.threads);
  detail::check_output(out, customers.size(), c);
  detail::bg_family_discounted<shift<P>>(family(params), customers, discount, out, run.threads);
}
}  // namespace

template <bg_nbd_family P>
void discounted_expected_purchases(const P& params, const rfm_view& customers,
                                   const per_period_discount& discount, std::span<double> out,
                                   const run_options& run) {
  discounted(params, customers, discount, out, run);
}

template <bg_nbd_family P>
void discounted_expected_purchases(const P& params, const rfm_view& customers,
                                   const continuous_discount& discount, std::span<double> out,
                                   const run_options& run) {
  discounted(params, customers, discount, out, run);
}

bg_nbd_fit fit_bg_nbd(const rfm_view& customers, const fit_options& opt) {
  return fit<bg_nbd_params>(customers, opt);
}

mbg_nbd_fit fit_mbg_nbd(const rfm_view& customers, const fit_options& opt) {
  return fit<mbg_nbd_params>(customers, opt);
}

// Both models' instantiations (exported from a shared library).
#define NORTHSTAR_BG_FAMILY_API(P)                                                                        \
  template NORTHSTAR_API void validate<P>(const P&, std::string_view);                                    \
  template NORTHSTAR_API double log_likelihood<P>(const P&, const rfm_view&, const run_options&);         \
  template NORTHSTAR_API void log_likelihood_gradient<P>(const P&, const rfm_view&, std::span<double, 4>, \
                                                         const run_options&);                             \
  template NORTHSTAR_API double expected_purchases<P>(const P&, double);                                  \
  template NORTHSTAR_API void expected_purchases<P>(const P&, std::span<const double>, std::span<double>, \
                                                    const run_options&);                                  \
  template NORTHSTAR_API void conditional_expected_purchases<P>(const P&, const rfm_view&, double,        \
                                                                std::span<double>, const run_options&);   \
  template NORTHSTAR_API void probability_alive<P>(const P&, const rfm_view&, std::span<double>,          \
                                                   const run_options&);                                   \
  template NORTHSTAR_API double probability_of_purchases<P>(const P&, double, double);                    \
  template NORTHSTAR_API void probability_of_purchases<P>(                                                \
      const P&, std::span<const double>, std::span<const double>, std::span<double>, const run_options&); \
  template NORTHSTAR_API void discounted_expected_purchases<P>(                                           \
      const P&, const rfm_view&, const per_period_discount&, std::span<double>, const run_options&);      \
  template NORTHSTAR_API void discounted_expected_purchases<P>(                                           \
      const P&, const rfm_view&, const continuous_discount&, std::span<double>, const run_options&);
NORTHSTAR_BG_FAMILY_API(bg_nbd_params)
NORTHSTAR_BG_FAMILY_API(mbg_nbd_params)
#undef NORTHSTAR_BG_FAMILY_API

}  // namespace clv
NORTHSTAR_END_NAMESPACE
