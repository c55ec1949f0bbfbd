// The bad-input catalogue (docs/errors.md): one test per row that had none
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

namespace {

/// Runs f, expects northstar::error with `code` whose message contains `part`.
template <class F>
void expect_error(F&& f, errc code, const std::string& part) {
  try {
    f();
    ADD_FAILURE() << "no error thrown (expected " << northstar::to_string(code) << ")";
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

}  // namespace

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
  expect_error(
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
  expect_error([] { (void)okr::read_json(okr_with_title("Caf\xe9")); }, errc::parse_error, "byte ");
  expect_error([] { (void)okr::read_json(okr_with_title("\xff\xfe")); }, errc::parse_error, "malformed JSON");
}
