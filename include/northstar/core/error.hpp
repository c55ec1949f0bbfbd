// Errors: one exception type carrying a stable code and a message that names the
// input, the index and the offending value. The C API maps `errc` one to one.
#pragma once

#include <northstar/version.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE

/// Error codes. The numeric values are part of the stable API and never change.
enum class errc : int {
  ok = 0,
  invalid_argument = 1,  ///< a value outside its allowed domain (negative, > 1, ...)
  size_mismatch = 2,     ///< arrays that must have equal length do not
  not_finite = 3,        ///< NaN or infinity where a finite number is required
  invalid_model = 4,     ///< a model (OKR set, parameters) that cannot be evaluated
  parse_error = 5,       ///< malformed text input (JSON, CSV, dates)
  not_converged = 6,     ///< an iterative fit stopped without meeting its criterion
  io_error = 7,          ///< a file could not be opened or read
  internal = 8,          ///< a bug: please report it
};

/// Human-readable name of an error code ("invalid_argument", ...).
constexpr std::string_view to_string(errc code) noexcept {
  switch (code) {
    case errc::ok:
      return "ok";
    case errc::invalid_argument:
      return "invalid_argument";
    case errc::size_mismatch:
      return "size_mismatch";
    case errc::not_finite:
      return "not_finite";
    case errc::invalid_model:
      return "invalid_model";
    case errc::parse_error:
      return "parse_error";
    case errc::not_converged:
      return "not_converged";
    case errc::io_error:
      return "io_error";
    case errc::internal:
      return "internal";
  }
  return "unknown";
}

/// The one exception type thrown by northstar. `what()` names the input, the
/// index and the value, e.g. "margin_based: average_order_value[17] = -3: must be >= 0".
class NORTHSTAR_API error : public std::runtime_error {
 public:
  error(errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
  /// The stable error code.
  [[nodiscard]] errc code() const noexcept { return code_; }

 private:
  errc code_;
};

namespace detail {

/// Formats a number for an error message with enough digits to identify it.
NORTHSTAR_API std::string format_value(double value);

/// Throws `error(code, context + ": " + what)`.
[[noreturn]] NORTHSTAR_API void fail(errc code, std::string_view context, std::string_view what);

/// Throws an error naming an element: "context: name[index] = value: reason".
[[noreturn]] NORTHSTAR_API void fail_element(errc code, std::string_view context, std::string_view name,
                                             std::size_t index, double value, std::string_view reason);

}  // namespace detail

NORTHSTAR_END_NAMESPACE
