// Per-segment totals timed directly: min over calls of aggregate() with
// segments, in ns per customer (margin-based CLV, double, AVX-512 or the best
// variant the CPU has). Labels pseudo-random, or sorted (runs of one label);
// 0 labels times the same call without segments (total, mean, min, max), the
// baseline that the segments' cost adds to. Arrays are placed as in
// bench_clv_closed_form (huge_memory.hpp).
//
//   bench_segment_totals <customers> <labels> <threads> <calls> [sorted]
//   bench_segment_totals 1e8 50000 2 3
#include <northstar/clv/reductions.hpp>

#include "huge_memory.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace clv = northstar::clv;

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s <customers> <labels> <threads> <calls> [sorted]\n", argv[0]);
    return 2;
  }
  const auto n = static_cast<std::size_t>(std::atof(argv[1]));
  const auto labels = static_cast<std::uint32_t>(std::atol(argv[2]));
  const auto threads = static_cast<unsigned>(std::atoi(argv[3]));
  const int calls = std::atoi(argv[4]);
  const bool sorted = argc > 5 && argv[5][0] == 's';
  if (n == 0 || calls <= 0) {
    std::fprintf(stderr, "customers and calls must be positive\n");
    return 2;
  }
  using northstar_bench::huge_array;
  huge_array<double> aov(n), margin(n), freq(n), life(n), cac(n);
  huge_array<std::uint32_t> segment(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double f = static_cast<double>((i * 2654435761u) % 1000) / 1000;
    aov[i] = 50 + f, margin[i] = 0.3 + 0.5 * f, freq[i] = 1 + f, life[i] = 5 + f, cac[i] = 2 + f;
    if (labels > 0) segment[i] = static_cast<std::uint32_t>((i * 2654435761u) % labels);
  }
  if (sorted) std::sort(segment.data, segment.data + n);
  const clv::margin_clv<double> f{aov.view(), margin.view(), freq.view(), life.view(), cac.view()};
  clv::aggregate_request req;
  if (labels > 0) req = {.segments = segment.view(), .segment_count = labels};
  double best = 1e300, sink = 0;
  for (int c = 0; c < calls; ++c) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto s = clv::aggregate(f, req, {.threads = threads});
    sink += labels > 0 ? s.segment_totals[0] : s.total;
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::printf("customers=%zu labels=%u threads=%u %s: %.3f ns per customer (min of %d; %g)\n", n, labels,
              threads,
              labels == 0 ? "no segments"
              : sorted    ? "sorted"
                          : "pseudo-random",
              best / static_cast<double>(n) * 1e9, calls, sink);
}
