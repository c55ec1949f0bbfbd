#include <northstar/clv/rfm.hpp>

#include <gtest/gtest.h>

#include "support.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using northstar::errc;
using northstar::clv::rfm_view;

using northstar_test::expect_error_exact;

namespace {

// Expects validate() to throw `code` with exactly `message`.
void expect_invalid(const rfm_view& d, errc code, const std::string& message) {
  expect_error_exact([&] { northstar::clv::validate(d, "bg_nbd"); }, code, message);
}

struct rows {
  std::vector<double> x{0, 2, 1, 5}, t{0, 10.5, 3, 30}, T{12, 20, 39, 39}, w{1, 2, 0, 4};
  rfm_view view() const { return {x, t, T, w}; }
};

}  // namespace

TEST(Rfm, ValidAcceptsEdgeValues) {
  rows r;
  r.t[3] = 39;  // t_x == T is allowed
  EXPECT_NO_THROW(northstar::clv::validate(r.view(), "bg_nbd"));
  EXPECT_NO_THROW(northstar::clv::validate(rfm_view{r.x, r.t, r.T}, "bg_nbd"));
  EXPECT_NO_THROW(northstar::clv::validate(rfm_view{}, "bg_nbd"));
}

TEST(Rfm, SizeMismatch) {
  rows r;
  r.T.pop_back();
  expect_invalid(r.view(), errc::size_mismatch, "bg_nbd: age has 3 elements but frequency has 4");
  rows s;
  s.w.push_back(1);
  expect_invalid(s.view(), errc::size_mismatch, "bg_nbd: weight has 5 elements but frequency has 4");
  rows u;
  u.t.pop_back();
  expect_invalid(u.view(), errc::size_mismatch, "bg_nbd: recency has 3 elements but frequency has 4");
}

TEST(Rfm, RecencyAboveAge) {
  rows r;
  r.t[3] = 40;
  expect_invalid(r.view(), errc::invalid_argument, "bg_nbd: recency[3] = 40: must be <= age[3] = 39");
}

TEST(Rfm, NonWholeFrequency) {
  rows r;
  r.x[1] = 2.5;
  expect_invalid(r.view(), errc::invalid_argument, "bg_nbd: frequency[1] = 2.5: must be a whole number >= 0");
}

TEST(Rfm, NegativeFrequency) {
  rows r;
  r.x[1] = -1;
  expect_invalid(r.view(), errc::invalid_argument, "bg_nbd: frequency[1] = -1: must be a whole number >= 0");
}

TEST(Rfm, NaNAndInfinity) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  rows a;
  a.x[2] = nan;
  expect_invalid(a.view(), errc::not_finite, "bg_nbd: frequency[2] = nan: must be finite");
  rows b;
  b.t[2] = inf;
  expect_invalid(b.view(), errc::not_finite, "bg_nbd: recency[2] = inf: must be finite");
  rows c;
  c.T[0] = nan;
  expect_invalid(c.view(), errc::not_finite, "bg_nbd: age[0] = nan: must be finite");
  rows d;
  d.w[3] = inf;
  expect_invalid(d.view(), errc::not_finite, "bg_nbd: weight[3] = inf: must be finite");
}

TEST(Rfm, NegativeRecency) {
  rows r;
  r.t[1] = -0.5;
  expect_invalid(r.view(), errc::invalid_argument, "bg_nbd: recency[1] = -0.5: must be >= 0");
}

TEST(Rfm, AgeNotPositive) {
  rows r;
  r.T[0] = 0;
  expect_invalid(r.view(), errc::invalid_argument, "bg_nbd: age[0] = 0: must be > 0");
}

TEST(Rfm, RepeatBuyerWithZeroRecency) {
  rows r;
  r.t[2] = 0;
  expect_invalid(r.view(), errc::invalid_argument,
                 "bg_nbd: recency[2] = 0: must be > 0 when frequency[2] = 1 > 0");
}

TEST(Rfm, NoRepeatWithPositiveRecency) {
  rows r;
  r.t[0] = 3;
  expect_invalid(r.view(), errc::invalid_argument, "bg_nbd: recency[0] = 3: must be 0 when frequency[0] = 0");
}

TEST(Rfm, NegativeWeight) {
  rows r;
  r.w[1] = -2;
  expect_invalid(r.view(), errc::invalid_argument, "bg_nbd: weight[1] = -2: must be >= 0");
}

TEST(Rfm, FirstBadRowIsReported) {
  rows r;
  r.T[3] = -1;
  r.x[1] = 0.5;
  expect_invalid(r.view(), errc::invalid_argument, "bg_nbd: frequency[1] = 0.5: must be a whole number >= 0");
}

TEST(Rfm, CompressMergesAndSorts) {
  const std::vector<double> x{3, 0, 1, 3, 0, 1, -0.0}, t{5, 0, 2, 5, 0, 2, 0}, T{10, 8, 9, 10, 8, 7, 8},
      w{1, 2, 3, 4, 5, 6, 7};
  const auto p = northstar::clv::compress({x, t, T, w});
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p.frequency, (std::vector<double>{0, 1, 1, 3}));
  EXPECT_EQ(p.recency, (std::vector<double>{0, 2, 2, 5}));
  EXPECT_EQ(p.age, (std::vector<double>{8, 7, 9, 10}));
  EXPECT_EQ(p.weight, (std::vector<double>{14, 6, 3, 5}));
  EXPECT_FALSE(std::signbit(p.frequency[0]));
  const auto q = northstar::clv::compress({x, t, T});  // unit weights
  EXPECT_EQ(q.weight, (std::vector<double>{3, 1, 1, 2}));
  const auto v = p.view();
  EXPECT_EQ(v.size(), 4u);
  EXPECT_EQ(v.weight_of(3), 5);
}

TEST(Rfm, CompressLargeInputKeepsTotalWeight) {
  // Many rows on a coarse grid: every pattern appears, weights add up.
  std::vector<double> x, t, T;
  for (int i = 0; i < 20000; ++i) {
    const int k = (i * 7919) % 50;
    x.push_back(k % 5);
    t.push_back(k % 5 == 0 ? 0 : 1 + k / 5);
    T.push_back(20);
  }
  const auto p = northstar::clv::compress({x, t, T});
  double total = 0;
  for (double w : p.weight) total += w;
  EXPECT_EQ(total, 20000);
  for (std::size_t k = 1; k < p.size(); ++k)
    EXPECT_TRUE(std::tuple(p.frequency[k - 1], p.recency[k - 1], p.age[k - 1]) <
                std::tuple(p.frequency[k], p.recency[k], p.age[k]));
}

TEST(Rfm, CompressEqualsAMapForAnyThreadCount) {
  // Above the size where compress splits the rows among threads by hash: the
  // result must equal an ordered map's, bit for bit (weights summed in row
  // order), whatever the thread count.
  std::mt19937_64 g(42);
  std::vector<double> x, t, T, w;
  std::map<std::tuple<double, double, double>, double> ref;
  for (int i = 0; i < 150000; ++i) {
    const double xi = static_cast<double>(g() % 30), Ti = 1.0 + static_cast<double>(g() % 400) / 7;
    const double ti = xi == 0 ? 0.0 : Ti * static_cast<double>(1 + g() % 50) / 50;
    const double wi = 0.1 * static_cast<double>(1 + g() % 10);
    x.push_back(xi), t.push_back(ti), T.push_back(Ti), w.push_back(wi);
    ref[{xi, ti, Ti}] += wi;
  }
  for (unsigned threads : {1u, 2u, 3u, 0u}) {
    const auto p = northstar::clv::compress({x, t, T, w}, threads);
    ASSERT_EQ(p.size(), ref.size()) << threads;
    std::size_t k = 0;
    for (const auto& [key, weight] : ref) {
      ASSERT_EQ(p.frequency[k], std::get<0>(key)) << threads << " " << k;
      ASSERT_EQ(p.recency[k], std::get<1>(key)) << threads << " " << k;
      ASSERT_EQ(p.age[k], std::get<2>(key)) << threads << " " << k;
      ASSERT_EQ(p.weight[k], weight) << threads << " " << k;
      ++k;
    }
  }
}
