// Discounting conventions of model-based CLV, stated in the argument's type so
// that a call never implies one: a rate per period summed over whole periods,
// or a continuous rate integrated over a horizon.
#pragma once

#include <northstar/core/error.hpp>

#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// Discrete discounting: `periods` whole periods of `period_length` model time
/// units each (e.g. 12 months of 4.345 weeks for a model fitted in weeks), the
/// purchases of period i (i = 1..periods) divided by (1 + rate)^i.
struct per_period_discount {
  int periods = 12;            ///< number of periods, >= 0
  double period_length = 1.0;  ///< model time units per period, > 0
  double rate = 0.0;           ///< discount rate per period, > -1 (0.01 = 1% per period)
};

/// Continuous discounting: purchases at time s (model time units from now)
/// weighted by e^(-rate s), over (0, horizon].
struct continuous_discount {
  double horizon = 52.0;  ///< model time units, >= 0, finite
  double rate = 0.0;      ///< continuous discount rate per model time unit, >= 0
};

/// Throws northstar::error naming `context`, the field and its value when the
/// convention is invalid.
NORTHSTAR_API void validate(const per_period_discount& d, std::string_view context);
/// Throws northstar::error naming `context`, the field and its value when the
/// convention is invalid.
NORTHSTAR_API void validate(const continuous_discount& d, std::string_view context);

}  // namespace clv
NORTHSTAR_END_NAMESPACE
