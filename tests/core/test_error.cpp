#include <northstar/core/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using northstar::errc;

TEST(Error, CodesHaveStableValues) {
  EXPECT_EQ(static_cast<int>(errc::ok), 0);
  EXPECT_EQ(static_cast<int>(errc::invalid_argument), 1);
  EXPECT_EQ(static_cast<int>(errc::size_mismatch), 2);
  EXPECT_EQ(static_cast<int>(errc::not_finite), 3);
  EXPECT_EQ(static_cast<int>(errc::invalid_model), 4);
  EXPECT_EQ(static_cast<int>(errc::parse_error), 5);
  EXPECT_EQ(static_cast<int>(errc::not_converged), 6);
  EXPECT_EQ(static_cast<int>(errc::io_error), 7);
  EXPECT_EQ(static_cast<int>(errc::internal), 8);
  EXPECT_EQ(northstar::to_string(errc::size_mismatch), "size_mismatch");
}

TEST(Error, ElementMessageNamesInputIndexAndValue) {
  try {
    northstar::detail::fail_element(errc::invalid_argument, "margin_clv", "lifespan", 17, -3.5,
                                    "must be >= 0");
    FAIL() << "no throw";
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_STREQ(e.what(), "margin_clv: lifespan[17] = -3.5: must be >= 0");
  }
}

TEST(Error, FormatValueIsShortestRoundTrip) {
  EXPECT_EQ(northstar::detail::format_value(0.1), "0.1");
  EXPECT_EQ(northstar::detail::format_value(30), "30");
  EXPECT_EQ(northstar::detail::format_value(1e300), "1e+300");
  EXPECT_EQ(northstar::detail::format_value(std::nan("")), "nan");
  EXPECT_EQ(northstar::detail::format_value(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(northstar::detail::format_value(1.0 / 3.0), "0.3333333333333333");
}
