#include <northstar/core/parallel.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <vector>

using northstar::detail::parallel_ranges;

TEST(Parallel, RangesCoverEverythingOnceAlignedToGrain) {
  for (unsigned threads : {1u, 2u, 3u, 8u}) {
    for (std::size_t n : {0u, 1u, 63u, 64u, 65u, 1000u}) {
      std::vector<int> hits(n, 0);
      std::mutex mu;
      std::vector<std::pair<std::size_t, std::size_t>> ranges;
      parallel_ranges(n, threads, 16, [&](std::size_t, std::size_t b, std::size_t e) {
        std::lock_guard lock(mu);
        ranges.emplace_back(b, e);
        for (std::size_t i = b; i < e; ++i) ++hits[i];
      });
      for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i], 1) << "n=" << n << " threads=" << threads;
      for (auto [b, e] : ranges) {
        EXPECT_EQ(b % 16, 0u);
        EXPECT_LE(b, e);
      }
    }
  }
}

TEST(Parallel, UsesAtMostTheRequestedThreads) {
  std::atomic<std::size_t> max_part{0};
  const auto parts = parallel_ranges(1000, 2, 10, [&](std::size_t p, std::size_t, std::size_t) {
    std::size_t cur = max_part.load();
    while (p > cur && !max_part.compare_exchange_weak(cur, p)) {
    }
  });
  EXPECT_EQ(parts, 2u);
  EXPECT_EQ(max_part.load(), 1u);
}

TEST(Parallel, RethrowsAWorkerException) {
  EXPECT_THROW(parallel_ranges(100, 4, 1,
                               [](std::size_t p, std::size_t, std::size_t) {
                                 if (p == 2) throw std::runtime_error("boom");
                               }),
               std::runtime_error);
}

TEST(Parallel, AbsurdThreadCountsAreCapped) {
  EXPECT_EQ(northstar::detail::resolve_threads(4294967295u), northstar::max_threads);
  EXPECT_EQ(northstar::detail::resolve_threads(northstar::max_threads + 1), northstar::max_threads);
  EXPECT_EQ(northstar::detail::resolve_threads(7), 7u);
  EXPECT_GE(northstar::detail::resolve_threads(0), 1u);
  EXPECT_LE(northstar::detail::resolve_threads(0), northstar::max_threads);
  // Never more parts than blocks of work, however many threads are asked for.
  EXPECT_EQ(parallel_ranges(10, 4294967295u, 1, [](std::size_t, std::size_t, std::size_t) {}), 10u);
}
