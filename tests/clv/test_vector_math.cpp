// The vectorised exp, log and log1p of src/clv/vector_math.hpp against the
// C library (correctly rounded to within 1 ulp on glibc), in ulps, on random
// inputs over the whole range and on the special values.
#include "clv/vector_math.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#if NORTHSTAR_HAS_VECTOR_MATH
namespace vm = northstar::clv::detail::vmath;

namespace {

using v2 = vm::lanes<16>::vd;

// Distance in units in the last place between two finite doubles of the same sign.
double ulps(double a, double b) {
  if (a == b) return 0;
  if (std::isnan(a) || std::isnan(b) || std::signbit(a) != std::signbit(b)) return 1e300;
  return static_cast<double>(std::abs(std::bit_cast<std::int64_t>(a) - std::bit_cast<std::int64_t>(b)));
}

template <class F, class G>
double max_ulps(const std::vector<double>& xs, F vec_fn, G ref_fn, double* worst_x) {
  double worst = 0;
  for (std::size_t i = 0; i + 2 <= xs.size(); i += 2) {
    const v2 y = vec_fn(vm::load<v2>(xs.data() + i));
    for (std::size_t j = 0; j < 2; ++j) {
      const double want = ref_fn(xs[i + j]);
      const double u = (std::isnan(want) && std::isnan(y[j])) ? 0 : ulps(y[j], want);
      if (u > worst) {
        worst = u;
        *worst_x = xs[i + j];
      }
    }
  }
  return worst;
}

std::vector<double> uniform(double lo, double hi, std::size_t n, unsigned seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(n);
  for (auto& x : v) x = u(g);
  return v;
}

// Log-uniform positive numbers over the whole double range, subnormals included.
std::vector<double> positive_any(std::size_t n, unsigned seed) {
  std::mt19937_64 g(seed);
  std::uniform_int_distribution<std::uint64_t> u(1, 0x7FEFFFFFFFFFFFFFull);
  std::vector<double> v(n);
  for (auto& x : v) x = std::bit_cast<double>(u(g));
  return v;
}

}  // namespace

TEST(VectorMath, ExpWithinTwoUlpOverTheWholeRange) {
  double at = 0;
  auto xs = uniform(-745, 709.7, 200000, 1);
  const auto small = uniform(-1e-3, 1e-3, 20000, 2);
  xs.insert(xs.end(), small.begin(), small.end());
  const double u = max_ulps(
      xs, [](v2 x) { return vm::exp(x); }, [](double x) { return std::exp(x); }, &at);
  // Subnormal results have fewer significant bits: the absolute error there is
  // what counts, and it is within 2 ulp of the subnormal spacing too.
  EXPECT_LE(u, 2) << "at x = " << at;
}

TEST(VectorMath, LogWithinTwoUlpOverTheWholeRange) {
  double at = 0;
  auto xs = positive_any(200000, 3);
  const auto near_one = uniform(0.5, 2.0, 100000, 4);
  xs.insert(xs.end(), near_one.begin(), near_one.end());
  const double u = max_ulps(
      xs, [](v2 x) { return vm::log(x); }, [](double x) { return std::log(x); }, &at);
  EXPECT_LE(u, 2) << "at x = " << at;
}

TEST(VectorMath, Log1pWithinFourUlp) {
  double at = 0;
  auto xs = uniform(-0.999, 10, 100000, 5);
  const auto tiny = uniform(-1e-10, 1e-10, 20000, 6);
  const auto big = positive_any(50000, 7);
  xs.insert(xs.end(), tiny.begin(), tiny.end());
  xs.insert(xs.end(), big.begin(), big.end());
  const double u = max_ulps(
      xs, [](v2 x) { return vm::log1p(x); }, [](double x) { return std::log1p(x); }, &at);
  EXPECT_LE(u, 4) << "at x = " << at;
}

TEST(VectorMath, SpecialValuesAsTheCLibrary) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> xs = {0.0,   -0.0,   inf,     -inf,   nan,      1.0,
                                  -1.0,  710.0,  -746.0,  1e-320, 4.9e-324, 2.2250738585072014e-308,
                                  1e308, 709.78, -745.13, 0.5};
  for (double x : xs) {
    const v2 v = vm::broadcast<v2>(x);
    const auto same = [](double got, double want) {
      return (std::isnan(got) && std::isnan(want)) || got == want;
    };
    EXPECT_TRUE(same(vm::exp(v)[0], std::exp(x)) || ulps(vm::exp(v)[0], std::exp(x)) <= 2)
        << "exp(" << x << ") = " << vm::exp(v)[0] << " vs " << std::exp(x);
    EXPECT_TRUE(same(vm::log(v)[0], std::log(x)) || ulps(vm::log(v)[0], std::log(x)) <= 2)
        << "log(" << x << ") = " << vm::log(v)[0] << " vs " << std::log(x);
    if (x >= -1 || std::isnan(x)) {
      EXPECT_TRUE(same(vm::log1p(v)[0], std::log1p(x)) || ulps(vm::log1p(v)[0], std::log1p(x)) <= 4)
          << "log1p(" << x << ") = " << vm::log1p(v)[0] << " vs " << std::log1p(x);
    }
  }
}
#endif
