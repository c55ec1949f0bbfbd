// Private helpers of the discrete-time CLV models (sbg.cpp, bg_bb.cpp): checks
// of whole-number inputs with precise errors, and the parallel bulk loop.
#pragma once

#include <northstar/clv/run_options.hpp>
#include <northstar/core/error.hpp>
#include <northstar/core/parallel.hpp>

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

/// Largest whole number accepted as a period count (exact in a double).
inline constexpr double max_whole = 9007199254740992.0;  // 2^53

/// True when v is a whole number in [lo, 2^53].
inline bool is_whole_at_least(double v, double lo) noexcept {
  return v >= lo && v <= max_whole && v == std::floor(v);
}

/// Throws the error for a value that is not a whole number >= lo.
[[noreturn]] inline void fail_whole(std::string_view context, std::string_view name, std::size_t index,
                                    double v, double lo, bool scalar) {
  const errc code = std::isfinite(v) ? errc::invalid_argument : errc::not_finite;
  std::string reason = std::isnan(v)   ? std::string("is not a number")
                       : std::isinf(v) ? std::string("must be finite")
                                       : "must be a whole number >= " + northstar::detail::format_value(lo);
  if (scalar) {
    northstar::detail::fail(code, context,
                            std::string(name) + " = " + northstar::detail::format_value(v) + ": " + reason);
  }
  northstar::detail::fail_element(code, context, name, index, v, reason);
}

/// Checks one scalar whole-number input.
inline void check_whole(std::string_view context, std::string_view name, double v, double lo) {
  if (!is_whole_at_least(v, lo)) fail_whole(context, name, 0, v, lo, true);
}

/// Checks a positive finite scalar (a model parameter or a discount rate).
inline void check_positive(std::string_view context, std::string_view name, double v) {
  if (v > 0 && std::isfinite(v)) return;
  const errc code = std::isfinite(v) ? errc::invalid_argument : errc::not_finite;
  northstar::detail::fail(code, context,
                          std::string(name) + " = " + northstar::detail::format_value(v) + ": " +
                              (std::isnan(v)   ? "is not a number"
                               : std::isinf(v) ? "must be finite"
                                               : "must be > 0"));
}

/// Checks every element of a whole-number array (first bad one is reported).
inline void check_whole_array(std::string_view context, std::string_view name, std::span<const double> v,
                              double lo) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!is_whole_at_least(v[i], lo)) fail_whole(context, name, i, v[i], lo, false);
}

/// Throws size_mismatch unless `got` == `expected`.
inline void check_size(std::string_view context, std::string_view name, std::size_t got,
                       std::string_view expected_name, std::size_t expected) {
  if (got == expected) return;
  northstar::detail::fail(errc::size_mismatch, context,
                          std::string(name) + " has " + std::to_string(got) + " elements but " +
                              std::string(expected_name) + " has " + std::to_string(expected));
}

/// Runs body(begin, end) over [0, n) on run.threads threads (ranges of whole
/// blocks of `grain` elements; small inputs stay on the calling thread).
template <class Body>
void bulk(std::size_t n, const run_options& run, std::size_t grain, Body&& body) {
  northstar::detail::parallel_ranges(n, run.threads, grain,
                                     [&](std::size_t, std::size_t b, std::size_t e) { body(b, e); });
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
