// Private: the one check of a model's parameters, from its descriptor.
#pragma once

#include <northstar/clv/fit.hpp>
#include <northstar/core/error.hpp>

#include <cmath>
#include <string>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

/// Throws northstar::error naming `context`, the first parameter (in the
/// descriptor's order) that is not finite and > 0, and its value:
/// "<context>: alpha = -1: must be > 0" (invalid_argument) or "... = nan: must
/// be finite" (not_finite).
template <model_parameters P>
void validate_parameters(const P& params, std::string_view context) {
  using D = model_descriptor<P>;
  for (std::size_t k = 0; k < D::members.size(); ++k) {
    const double value = params.*D::members[k];
    if (std::isfinite(value) && value > 0) continue;
    northstar::detail::fail(std::isfinite(value) ? errc::invalid_argument : errc::not_finite, context,
                            std::string(D::parameter_names[k]) + " = " +
                                northstar::detail::format_value(value) +
                                (std::isfinite(value) ? ": must be > 0" : ": must be finite"));
  }
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
