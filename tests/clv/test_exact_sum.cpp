// detail::exact_sum against the exact sum in 2,300-bit binary floating point
// (Boost.Multiprecision: wide enough to hold any sum of a few thousand
// doubles exactly), and its independence from the order of the additions.
#include <northstar/clv/detail/exact_sum.hpp>

#include <gtest/gtest.h>

#include <boost/multiprecision/cpp_bin_float.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace {

using wide = boost::multiprecision::number<
    boost::multiprecision::cpp_bin_float<2300, boost::multiprecision::digit_base_2, void, std::int32_t, -1100, 1100>,
    boost::multiprecision::et_off>;
using northstar::clv::detail::exact_sum;

// r is the exact sum rounded to nearest, ties to even, judged in wide
// arithmetic (no conversion from wide to double is trusted).
void expect_correctly_rounded(double r, const wide& exact) {
  ASSERT_TRUE(std::isfinite(r));
  const wide err = abs(wide(r) - exact);
  const double inf = std::numeric_limits<double>::infinity();
  for (double neighbour : {std::nextafter(r, -inf), std::nextafter(r, inf)}) {
    if (!std::isfinite(neighbour)) continue;
    const wide other = abs(wide(neighbour) - exact);
    EXPECT_LE(err, other) << r << " vs " << neighbour;
    if (err == other) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(r) & 1u, 0u) << "a tie goes to the even mantissa";
    }
  }
}

double sum_of(const std::vector<double>& xs) {
  exact_sum s;
  for (double x : xs) s.add(x);
  return s.value();
}

}  // namespace

TEST(ExactSum, MatchesWideArithmeticAndIgnoresOrder) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<double> xs;
    wide exact = 0;
    const int n = 1 + static_cast<int>(rng() % 3000);
    for (int i = 0; i < n; ++i) {
      // Magnitudes from 1e-300 to 1e300 (or a narrow band, where cancellation
      // leaves the low bits to decide), both signs, some values repeated negated.
      const double mag = trial % 2 == 0 ? std::pow(10.0, -300 + 600 * u(rng)) : std::ldexp(1.0 + u(rng), 50);
      const double x = (rng() & 1) != 0 ? mag : -mag;
      xs.push_back(x);
      exact += x;
      if (u(rng) < 0.2) {
        xs.push_back(-x * (1 + 0x1p-52));
        exact += xs.back();
      }
    }
    const double r = sum_of(xs);
    expect_correctly_rounded(r, exact);
    for (int shuffle = 0; shuffle < 3; ++shuffle) {
      std::shuffle(xs.begin(), xs.end(), rng);
      EXPECT_EQ(std::bit_cast<std::uint64_t>(sum_of(xs)), std::bit_cast<std::uint64_t>(r)) << trial;
    }
  }
}

TEST(ExactSum, HalfwayCasesRoundToEven) {
  // 1 + 2^-53 is halfway between 1 and its successor: ties to even gives 1;
  // a further 2^-200 breaks the tie upwards, -2^-200 keeps it down.
  EXPECT_EQ(sum_of({1.0, 0x1p-53}), 1.0);
  EXPECT_EQ(sum_of({1.0, 0x1p-53, 0x1p-200}), std::nextafter(1.0, 2.0));
  EXPECT_EQ(sum_of({0x1p-200, 0x1p-53, 1.0}), std::nextafter(1.0, 2.0));
  EXPECT_EQ(sum_of({1.0, 0x1p-53, -0x1p-200}), 1.0);
  const double odd = std::nextafter(1.0, 2.0);  // odd mantissa: the tie goes up
  EXPECT_EQ(sum_of({odd, 0x1p-53}), std::nextafter(odd, 2.0));
  // Plain double addition loses what cancellation brings back.
  EXPECT_EQ(sum_of({1e16, 1.0, -1e16}), 1.0);
  // The partials are doubles: a partial sum beyond double's range is +-inf
  // (documented), even if later terms would bring it back.
  EXPECT_EQ(sum_of({1e308, 1e308, -1e308}), INFINITY);
  EXPECT_EQ(sum_of({1e308, -1e308, 1e308}), 1e308);
}

TEST(ExactSum, EmptyZerosAndNonFinite) {
  EXPECT_EQ(exact_sum{}.value(), 0.0);
  EXPECT_EQ(sum_of({0.0, -0.0, 0.0}), 0.0);
  EXPECT_EQ(sum_of({1.0, INFINITY, -5.0}), INFINITY);
  EXPECT_EQ(sum_of({-INFINITY, 3.0}), -INFINITY);
  EXPECT_TRUE(std::isnan(sum_of({INFINITY, 1.0, -INFINITY})));
  EXPECT_TRUE(std::isnan(sum_of({1.0, std::numeric_limits<double>::quiet_NaN()})));
  // Merging two sums is adding their contents.
  exact_sum a, b;
  for (double x : {1e16, 3.0, 0x1p-40}) a.add(x);
  for (double x : {-1e16, 0.5}) b.add(x);
  a.add(b);
  EXPECT_EQ(a.value(), 3.5 + 0x1p-40);
}
