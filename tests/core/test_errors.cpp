// Errors: the stable error codes and the message format (northstar::error),
// and the bad-input catalogue (docs/errors.md): one test per row that had none
// elsewhere, plus the cross-cutting cases: index arithmetic beyond 2^31 and
// 2^32, empty inputs, denormals, and non-UTF-8 text in OKR titles.
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/closed_form.hpp>
#include <northstar/clv/reductions.hpp>
#include <northstar/clv/sbg.hpp>
#include <northstar/clv/summary.hpp>
#include <northstar/core/error.hpp>
#include <northstar/core/parallel.hpp>
#include <northstar/okr/json.hpp>

#include <gtest/gtest.h>

#include "support.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace clv = northstar::clv;
namespace okr = northstar::okr;
using northstar::errc;
using northstar_test::expect_error_containing;
using northstar_test::expect_error_exact;

// ---------------------------------------------------------------- codes and messages

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

// ---------------------------------------------------------------- index arithmetic beyond 32 bits

// parallel_ranges splits [0, n) for n beyond 2^31 and 2^32 (no memory is touched:
// the body records its range) into contiguous, grain-aligned ranges that cover
// every index exactly once: no 32-bit truncation in the block arithmetic.
TEST(Errors, IndexArithmeticBeyond32Bits) {
  const std::size_t sizes[] = {(std::size_t{1} << 31) + 1, (std::size_t{1} << 32) + 1,
                               (std::size_t{1} << 33) + 12345, std::size_t{1} << 40};
  for (const std::size_t n : sizes)
    for (const std::size_t grain : {std::size_t{1}, std::size_t{64}, std::size_t{1} << 16})
      for (const unsigned threads : {1u, 2u, 3u, 7u}) {
        std::mutex m;
        std::vector<std::pair<std::size_t, std::size_t>> ranges;
        const std::size_t parts = northstar::detail::parallel_ranges(
            n, threads, grain, [&](std::size_t, std::size_t b, std::size_t e) {
              const std::lock_guard<std::mutex> lock(m);
              ranges.emplace_back(b, e);
            });
        ASSERT_EQ(parts, ranges.size());
        EXPECT_EQ(parts, threads);
        std::sort(ranges.begin(), ranges.end());
        std::size_t next = 0;
        for (const auto& [b, e] : ranges) {
          EXPECT_EQ(b, next) << "n=" << n << " grain=" << grain << " threads=" << threads;
          EXPECT_EQ(b % grain, 0u);
          EXPECT_LT(b, e);
          next = e;
        }
        EXPECT_EQ(next, n);
      }
}

// The closed-form kernels size their per-thread result slots with the same
// arithmetic: one slot per range for sizes beyond 2^32.
TEST(Errors, ResolvePartsBeyond32Bits) {
  const std::size_t n = (std::size_t{1} << 33) + 1;
  EXPECT_EQ(clv::detail::resolve_parts(n, 5), 5u);
  EXPECT_EQ(clv::detail::resolve_parts(n, 1), 1u);
  EXPECT_EQ(clv::detail::resolve_parts(0, 5), 1u);
  EXPECT_EQ(clv::detail::resolve_parts(1, 5), 1u);
}

// Element messages print indices beyond 2^32 exactly.
TEST(Errors, ElementIndexBeyond32BitsIsNamedExactly) {
  expect_error_exact(
      [] {
        northstar::detail::fail_element(errc::invalid_argument, "ctx", "x", (std::size_t{1} << 33) + 7, -1,
                                        "must be >= 0");
      },
      errc::invalid_argument, "ctx: x[8589934599] = -1: must be >= 0");
}

// ---------------------------------------------------------------- non-UTF-8 text in OKR titles

namespace {
std::string okr_with_title(const std::string& title) {
  return R"({"cycle": {"name": "Q1", "start": "2026-01-01", "end": "2026-03-31"},
  "objectives": [{"id": "o1", "title": ")" +
         title + R"(", "key_results": [{"id": "k1", "title": "t", "kind": "binary"}]}]})";
}
}  // namespace

// Decision (docs/errors.md): JSON input with a non-UTF-8 byte in a title is
// rejected with parse_error naming the byte offset; valid UTF-8 passes through.
TEST(Errors, OkrJsonRejectsNonUtf8Title) {
  const std::string good = okr_with_title("Caf\xc3\xa9");
  const auto set = okr::read_json(good);
  EXPECT_EQ(set.objectives()[0].title, "Caf\xc3\xa9");
  expect_error_containing([] { (void)okr::read_json(okr_with_title("Caf\xe9")); }, errc::parse_error,
                          "byte ");
  expect_error_containing([] { (void)okr::read_json(okr_with_title("\xff\xfe")); }, errc::parse_error,
                          "malformed JSON");
}
