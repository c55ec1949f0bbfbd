// The C API boundary: every exported function runs its body through guard(),
// which turns any exception into a status and the per-thread error text.
#pragma once

#include <northstar/northstar.h>
#include <northstar/clv/fit.hpp>
#include <northstar/clv/run_options.hpp>
#include <northstar/core/column.hpp>
#include <northstar/core/error.hpp>

#include <cstddef>
#include <new>
#include <span>
#include <string>
#include <string_view>

namespace northstar::c_api {

/// Stores the calling thread's last error text.
void set_last_error(std::string_view text) noexcept;

/// Runs body() (returning void); any exception becomes a status and the
/// thread's error text. Clears the text on success.
template <class Body>
northstar_status guard(Body&& body) noexcept {
  try {
    body();
    set_last_error("");
    return NORTHSTAR_OK;
  } catch (const northstar::error& e) {
    set_last_error(e.what());
    return static_cast<northstar_status>(static_cast<int>(e.code()));
  } catch (const std::bad_alloc&) {
    set_last_error("out of memory");
    return NORTHSTAR_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    set_last_error(std::string("internal error: ") + e.what());
    return NORTHSTAR_INTERNAL;
  } catch (...) {
    set_last_error("internal error: unknown exception");
    return NORTHSTAR_INTERNAL;
  }
}

/// Throws invalid_argument naming `name` when p is NULL although required.
inline void require(const void* p, std::string_view context, std::string_view name) {
  if (p == nullptr) northstar::detail::fail(errc::invalid_argument, context, std::string(name) + " is NULL");
}

/// An array of n borrowed values (NULL allowed only when n == 0).
inline std::span<const double> array(const double* p, std::size_t n, std::string_view context,
                                     std::string_view name) {
  if (n > 0) require(p, context, name);
  return {p, p == nullptr ? 0 : n};
}

/// An output array of n borrowed values (NULL allowed only when n == 0).
inline std::span<double> output(double* p, std::size_t n, std::string_view context, std::string_view name) {
  if (n > 0) require(p, context, name);
  return {p, p == nullptr ? 0 : n};
}

/// A C column as a C++ column of n customers.
inline column<double> to_column(const northstar_column& c, std::size_t n, std::string_view context,
                                std::string_view name) {
  if (c.is_scalar != 0) return column<double>(c.value);
  return column<double>(array(c.data, n, context, name));
}

/// C run options (NULL = defaults) as C++ options.
inline clv::run_options to_run_options(const northstar_run_options* opt) {
  clv::run_options r;
  if (opt != nullptr) {
    r.threads = opt->threads;
    r.check = opt->fused_validation != 0 ? clv::validation::fused : clv::validation::upfront;
  }
  return r;
}

/// C fit options (NULL = defaults) as C++ options. The penalty convention is
/// checked here (an int from C); the numbers are checked by the fit, which
/// names the option (fit_options.l2_penalty, ...).
inline clv::fit_options to_fit_options(const northstar_fit_options* opt, std::string_view context) {
  clv::fit_options r;
  if (opt != nullptr) {
    switch (opt->penalty) {
      case NORTHSTAR_PENALTY_PER_WEIGHT:
        r.penalty = clv::penalty_convention::per_weight;
        break;
      case NORTHSTAR_PENALTY_LIFETIMES:
        r.penalty = clv::penalty_convention::lifetimes;
        break;
      default:
        northstar::detail::fail(
            errc::invalid_argument, context,
            "opt->penalty = " + std::to_string(opt->penalty) +
                ": must be NORTHSTAR_PENALTY_PER_WEIGHT (0) or NORTHSTAR_PENALTY_LIFETIMES (1)");
    }
    r.max_iterations = opt->max_iterations;
    r.gradient_tolerance = opt->gradient_tolerance;
    r.l2_penalty = opt->l2_penalty;
    r.threads = opt->threads;
    r.throw_on_failure = opt->throw_on_failure != 0;
  }
  return r;
}

/// A C++ fit report as the C struct.
inline northstar_fit_report to_report(const clv::fit_report& r) {
  return {r.converged ? 1 : 0, r.iterations, r.gradient_norm, r.log_likelihood};
}

}  // namespace northstar::c_api
