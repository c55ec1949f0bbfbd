#include <northstar/core/error.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>

NORTHSTAR_BEGIN_NAMESPACE
namespace detail {

std::string format_value(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  // Prefer the shortest form that reads back the same value, starting at the
  // number of integer digits so that 40 prints as "40", not "4e+01".
  const double mag = std::fabs(value);
  const int first = mag >= 1 && mag < 1e17 ? static_cast<int>(std::floor(std::log10(mag))) + 1 : 1;
  for (int digits = first; digits < 17; ++digits) {
    char shorter[64];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits, value);
    if (std::strtod(shorter, nullptr) == value) return shorter;
  }
  return buf;
}

void fail(errc code, std::string_view context, std::string_view what) {
  std::string msg(context);
  msg += ": ";
  msg += what;
  throw error(code, msg);
}

void fail_element(errc code, std::string_view context, std::string_view name, std::size_t index, double value,
                  std::string_view reason) {
  std::string msg(context);
  msg += ": ";
  msg += name;
  msg += '[';
  msg += std::to_string(index);
  msg += "] = ";
  msg += format_value(value);
  msg += ": ";
  msg += reason;
  throw error(code, msg);
}

}  // namespace detail
NORTHSTAR_END_NAMESPACE
