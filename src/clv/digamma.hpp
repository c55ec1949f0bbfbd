// Private: Boost.Math's digamma and incomplete beta with errors reported through
// errno instead of exceptions (the models check their results themselves).
#pragma once

#include <northstar/version.hpp>

#include <boost/math/special_functions/digamma.hpp>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

/// Boost.Math policy of the models: no exceptions, no promotion to long double.
using boost_policy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::errno_on_error>,
    boost::math::policies::pole_error<boost::math::policies::errno_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::errno_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::errno_on_error>,
    boost::math::policies::promote_double<false>>;

/// psi(v) under boost_policy.
inline double digamma(double v) {
  return boost::math::digamma(v, boost_policy());
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
