#include <northstar/clv/discounting.hpp>

#include <cmath>
#include <string>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

namespace {
[[noreturn]] void bad(std::string_view context, std::string_view field, double v, std::string_view reason) {
  northstar::detail::fail(
      std::isfinite(v) ? errc::invalid_argument : errc::not_finite, context,
      std::string(field) + " = " + northstar::detail::format_value(v) + ": " + std::string(reason));
}
}  // namespace

void validate(const per_period_discount& d, std::string_view context) {
  if (d.periods < 0) bad(context, "periods", d.periods, "must be >= 0");
  if (!std::isfinite(d.period_length) || !(d.period_length > 0))
    bad(context, "period_length", d.period_length, "must be finite and > 0");
  if (!std::isfinite(d.rate) || !(d.rate > -1)) bad(context, "rate", d.rate, "must be finite and > -1");
}

void validate(const continuous_discount& d, std::string_view context) {
  if (!std::isfinite(d.horizon) || !(d.horizon >= 0))
    bad(context, "horizon", d.horizon, "must be finite and >= 0");
  if (!std::isfinite(d.rate) || !(d.rate >= 0)) bad(context, "rate", d.rate, "must be finite and >= 0");
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
