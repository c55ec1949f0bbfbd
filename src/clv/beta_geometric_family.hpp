// Private: the shared implementation of BG/NBD (Shift = 0) and MBG/NBD
// (Shift = 1). The two models differ only in whether a customer may drop out
// right after the first purchase (MBG/NBD, Batislam, Denizel & Filiztekin 2007):
// every Beta function argument b + x - 1 of BG/NBD becomes b + x, and the
// second likelihood term exists for x = 0 too.
#pragma once

#include <northstar/clv/discounting.hpp>
#include <northstar/clv/rfm.hpp>
#include <northstar/clv/run_options.hpp>
#include <northstar/core/error.hpp>
#include <northstar/core/parallel.hpp>
#include "beta_geometric.hpp"

#include "mle.hpp"

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

/// Natural parameters (r, alpha, a, b) of the family.
struct bg_family_params {
  double r, alpha, a, b;
};

/// Sum of weighted log-likelihood over rows [0, n) of a validated view sorted
/// or not; if grad != nullptr, adds d/d(log param) to grad[0..3].
template <int Shift>
double bg_family_loglik(const bg_family_params& p, const rfm_view& d, double* grad, unsigned threads);

/// The maximum-likelihood fit (validation, compression, the driver of mle.hpp);
/// `patterns` receives the number of distinct (x, t_x, T) patterns.
template <int Shift>
mle_solution bg_family_fit(const rfm_view& d, const fit_options& opt, std::string_view name,
                           std::size_t& patterns);

template <int Shift>
double bg_family_expected(const bg_family_params& p, double t);

template <int Shift>
void bg_family_alive(const bg_family_params& p, const rfm_view& d, std::span<double> out, unsigned threads);

template <int Shift>
void bg_family_conditional(const bg_family_params& p, const rfm_view& d, double t, std::span<double> out,
                           unsigned threads);

template <int Shift>
double bg_family_pmf(const bg_family_params& p, double t, double n);

template <int Shift>
void bg_family_discounted(const bg_family_params& p, const rfm_view& d, const per_period_discount& disc,
                          std::span<double> out, unsigned threads);

template <int Shift>
void bg_family_discounted(const bg_family_params& p, const rfm_view& d, const continuous_discount& disc,
                          std::span<double> out, unsigned threads);

/// Checks that out has n elements.
void check_output(std::span<double> out, std::size_t n, std::string_view context);
/// Checks a horizon t (finite, >= 0).
void check_horizon(double t, std::string_view context, std::string_view name);

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
