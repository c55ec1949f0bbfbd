// Private: log|Gamma(x)| without a data race. glibc's lgamma() also writes the
// global `signgam` (POSIX), so two threads calling std::lgamma race on it;
// lgamma_r returns the sign through an argument instead.
#pragma once

#include <northstar/version.hpp>

#include <math.h>  // lgamma_r (glibc declares it with _DEFAULT_SOURCE, which g++ and clang++ define)
#include <cmath>

#if defined(__GLIBC__) && defined(_DEFAULT_SOURCE)
#define NORTHSTAR_HAS_LGAMMA_R 1
#else
#define NORTHSTAR_HAS_LGAMMA_R 0
#endif

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

inline double log_gamma(double x) noexcept {
#if NORTHSTAR_HAS_LGAMMA_R
  int sign = 0;
  return lgamma_r(x, &sign);
#else
  return std::lgamma(x);
#endif
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
