// Reductions against a slow, obvious implementation on random inputs.
#include <northstar/clv/reductions.hpp>

#include "isas.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace clv = northstar::clv;
using northstar::errc;

namespace {

// numpy's default quantile (type 7) on a sorted copy.
double type7(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = h - std::floor(h);
  return frac == 0 ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

struct dataset {
  std::vector<double> aov, margin, freq, life, cac;
  std::vector<std::uint32_t> segment;
  [[nodiscard]] clv::margin_clv<double> formula() const { return {aov, margin, freq, life, cac}; }
  /// The per-customer values the reductions see: evaluate's (itself checked against
  /// hand-computed values in test_closed_form.cpp), so that order statistics and top-k
  /// can be compared bit for bit.
  [[nodiscard]] std::vector<double> values() const {
    std::vector<double> v(aov.size());
    clv::evaluate(formula(), std::span(v));
    for (std::size_t i = 0; i < v.size(); i += 997)  // and they are the formula
      EXPECT_NEAR(v[i], aov[i] * margin[i] * freq[i] * life[i] - cac[i], 1e-12 * (std::abs(v[i]) + cac[i]));
    return v;
  }
};

dataset make(std::size_t n, unsigned seed, double tie_share) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> ln(3.5, 1.0);
  std::uniform_real_distribution<double> u(0, 1);
  dataset d;
  for (std::size_t i = 0; i < n; ++i) {
    const bool tie = u(rng) < tie_share;  // many customers with exactly the same CLV
    d.aov.push_back(tie ? 40.0 : ln(rng));
    d.margin.push_back(tie ? 0.25 : u(rng));
    d.freq.push_back(tie ? 2.0 : 6 * u(rng));
    d.life.push_back(tie ? 3.0 : 1 + 4 * u(rng));
    d.cac.push_back(tie ? 10.0 : 30 * u(rng));
    d.segment.push_back(static_cast<std::uint32_t>(rng() % 7));
  }
  return d;
}

void check_against_naive(const dataset& d, unsigned threads) {
  const auto v = d.values();
  const auto probs = std::vector<double>{0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99, 1.0};
  const auto s =
      clv::aggregate(d.formula(), {.quantiles = probs, .top = 25, .segments = d.segment, .segment_count = 7},
                     {.threads = threads});
  ASSERT_EQ(s.count, v.size());
  long double ref_total = 0;
  for (double x : v) ref_total += x;
  EXPECT_NEAR(s.total, static_cast<double>(ref_total), 1e-12 * std::abs(static_cast<double>(ref_total)));
  EXPECT_NEAR(s.mean, static_cast<double>(ref_total / v.size()), 1e-12 * std::abs(s.mean));
  auto sorted = v;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(s.min, sorted.front());
  EXPECT_EQ(s.max, sorted.back());
  for (std::size_t j = 0; j < probs.size(); ++j)
    EXPECT_EQ(s.quantiles[j], type7(sorted, probs[j])) << probs[j];
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return v[a] > v[b]; });
  ASSERT_EQ(s.top.size(), 25u);
  for (std::size_t j = 0; j < 25; ++j) {
    EXPECT_EQ(s.top[j].index, order[j]);
    EXPECT_EQ(s.top[j].value, v[order[j]]);
  }
  std::vector<long double> seg(7, 0);
  std::vector<std::size_t> cnt(7, 0);
  for (std::size_t i = 0; i < v.size(); ++i) seg[d.segment[i]] += v[i], ++cnt[d.segment[i]];
  for (std::size_t g = 0; g < 7; ++g) {
    EXPECT_NEAR(s.segment_totals[g], static_cast<double>(seg[g]),
                1e-13 * std::abs(static_cast<double>(seg[g])));
    EXPECT_EQ(s.segment_counts[g], cnt[g]);
  }
}

}  // namespace

TEST(Reductions, MatchNaiveOnRandomCustomers) {
  check_against_naive(make(150000, 1, 0.0), 2);
}

TEST(Reductions, MatchNaiveWithHeavyTies) {
  // 80% identical values: the histogram bin holding them exceeds the collect
  // limit and is resolved by refinement (a bin with a single distinct value).
  check_against_naive(make(200000, 2, 0.8), 2);
}

TEST(Reductions, MatchNaiveWithATightClusterOfDistinctValues) {
  // 200k distinct values within 1e-7 of each other plus one far outlier: the
  // first histogram puts them all in one bin, refinement must split it.
  const std::size_t n = 200001;
  dataset d;
  for (std::size_t i = 0; i < n; ++i) {
    d.aov.push_back(i + 1 == n ? 1e6 : 100.0 + static_cast<double>((i * 7919) % n) * 5e-13);
    d.margin.push_back(1.0), d.freq.push_back(1.0), d.life.push_back(1.0), d.cac.push_back(0.0);
    d.segment.push_back(0);
  }
  check_against_naive(d, 2);
}

TEST(Reductions, TotalsAreIdenticalForAnyThreadCount) {
  const auto d = make(500000, 3, 0.1);
  const auto one = clv::aggregate(d.formula(), {.quantiles = clv::deciles(), .top = 10}, {.threads = 1});
  for (unsigned t : {2u, 3u, 8u}) {
    const auto many = clv::aggregate(d.formula(), {.quantiles = clv::deciles(), .top = 10}, {.threads = t});
    EXPECT_EQ(one.total, many.total);  // bitwise: fixed block order
    EXPECT_EQ(one.quantiles, many.quantiles);
    EXPECT_EQ(one.top, many.top);
  }
}

TEST(Reductions, TotalFollowsTheDocumentedOrderOnEveryInstructionSet) {
  // The reduction order of reductions.hpp, written out: chunks of 512 values
  // (block starts are multiples of 512), 8 interleaved lanes per chunk combined
  // pairwise, chunk sums added into their block's sum, block sums in order.
  // Lanes 0 and 4 of every chunk hold about +1e16 and -1e16, which cancel
  // only when added to each other first: a sum in any other order loses the
  // other lanes' low bits.
  auto d = make(200003, 5, 0.0);
  for (std::size_t i = 0; i < d.aov.size(); ++i) {
    d.margin[i] = d.freq[i] = d.life[i] = 1.0;
    if (i % 8 == 0) d.aov[i] += 1e16;
    if (i % 8 == 4) d.cac[i] += 1e16;
  }
  const auto v = d.values();
  const std::size_t block = clv::detail::block, chunk = clv::detail::chunk;
  ASSERT_EQ(block % chunk, 0u);
  std::vector<double> block_sums((v.size() + block - 1) / block, 0.0);
  for (std::size_t c = 0; c < v.size(); c += chunk) {
    double lane[8] = {};
    for (std::size_t i = c; i < std::min(c + chunk, v.size()); ++i) lane[(i - c) % 8] += v[i];
    block_sums[c / block] +=
        ((lane[0] + lane[4]) + (lane[1] + lane[5])) + ((lane[2] + lane[6]) + (lane[3] + lane[7]));
  }
  double want = 0;
  for (double b : block_sums) want += b;
  for (auto isa : available_isas())
    for (unsigned t : {1u, 2u}) {
      const auto s = clv::aggregate(d.formula(), {}, {.threads = t, .instructions = isa});
      EXPECT_EQ(s.total, want) << static_cast<int>(isa) << " " << t;  // bitwise
      EXPECT_EQ(s.min, *std::min_element(v.begin(), v.end()));
      EXPECT_EQ(s.max, *std::max_element(v.begin(), v.end()));
    }
}

namespace {

// The per-segment order of reductions.hpp, written out: segment blocks of
// seg_block customers; within one, each label's values in index order into
// 8 lanes by customer index mod 8 (1 lane above 4,096 labels), the lanes
// folded like the total's; the segment-block sums of the labels present in
// that block added exactly (detail::exact_sum, itself checked in
// test_exact_sum.cpp) and rounded once.
std::vector<double> documented_segment_totals(const std::vector<double>& v,
                                              const std::vector<std::uint32_t>& seg, std::size_t labels,
                                              std::size_t seg_block) {
  const std::size_t lanes = labels <= 4096 ? 8 : 1;
  std::vector<clv::detail::exact_sum> sums(labels);
  for (std::size_t b = 0; b < v.size(); b += seg_block) {
    std::vector<double> lane(labels * 8, 0.0);
    std::vector<std::size_t> count(labels, 0);
    for (std::size_t i = b; i < std::min(b + seg_block, v.size()); ++i) {
      lane[seg[i] * 8 + i % lanes] += v[i];
      ++count[seg[i]];
    }
    for (std::size_t g = 0; g < labels; ++g) {
      if (count[g] == 0) continue;
      const double* l = &lane[g * 8];
      sums[g].add(lanes == 1 ? l[0] : ((l[0] + l[4]) + (l[1] + l[5])) + ((l[2] + l[6]) + (l[3] + l[7])));
    }
  }
  std::vector<double> out;
  for (const auto& e : sums) out.push_back(e.value());
  return out;
}

}  // namespace

TEST(Reductions, SegmentBlocksFollowTheDocumentedRule) {
  // 65,536 customers up to 4,096 labels; above, the power of two multiple
  // holding about 16 customers per label, at most 64 blocks and at most an
  // eighth of the blocks (at least one).
  const std::size_t block = clv::detail::block, big = 100000000;
  EXPECT_EQ(clv::detail::segment_block(1, big), block);
  EXPECT_EQ(clv::detail::segment_block(4096, big), block);
  EXPECT_EQ(clv::detail::segment_block(4097, big), 2 * block);       // 65,552 customers wanted
  EXPECT_EQ(clv::detail::segment_block(50000, big), 16 * block);     // 800,000: 12.2 blocks
  EXPECT_EQ(clv::detail::segment_block(500000, big), 64 * block);    // capped
  EXPECT_EQ(clv::detail::segment_block(50000, 1000000), 2 * block);  // 16 blocks / 8
  EXPECT_EQ(clv::detail::segment_block(50000, 3 * block), block);    // too few blocks to group
}

TEST(Reductions, SegmentTotalsFollowTheDocumentedOrderOnEveryInstructionSet) {
  // Few labels: labels are constant over groups of 8 customers, so lanes 0
  // and 4 of a label hold +-1e16 that cancel only when added to each other
  // first; label 0 gets +1e17 in block 1 and -1e17 in block 2: block 0's sum
  // survives only if the block sums are added without rounding.
  const std::size_t block = clv::detail::block;
  {
    auto d = make(200003, 8, 0.0);
    ASSERT_GT(d.aov.size(), 3 * block);
    for (std::size_t i = 0; i < d.aov.size(); ++i) {
      d.margin[i] = d.freq[i] = d.life[i] = 1.0;
      d.segment[i] = static_cast<std::uint32_t>((i / 8 * 2654435761u) % 3);
      if (i % 8 == 0) d.aov[i] += 1e16;
      if (i % 8 == 4) d.cac[i] += 1e16;
    }
    d.segment[block + 1] = d.segment[2 * block + 1] = 0;
    d.aov[block + 1] += 1e17;
    d.cac[2 * block + 1] += 1e17;
    const auto v = d.values();
    ASSERT_EQ(clv::detail::segment_block(3, v.size()), block);
    const auto want = documented_segment_totals(v, d.segment, 3, block);
    // The data tells the orders apart: block sums added in plain double differ.
    ASSERT_NE(documented_segment_totals(v, d.segment, 3, 4 * block)[0], want[0]);
    for (auto isa : available_isas())
      for (unsigned t : {1u, 2u, 3u}) {
        const auto s = clv::aggregate(d.formula(), {.segments = d.segment, .segment_count = 3},
                                      {.threads = t, .instructions = isa});
        EXPECT_EQ(s.segment_totals, want) << static_cast<int>(isa) << " " << t;  // bitwise
      }
  }
  // Many labels (one lane each; segment blocks of 4 blocks here): label 0
  // gets +1e17 in block 1 and -1e17 in block 2, now in one segment block, so
  // the label-0 values between them are rounded to 1e17's precision.
  {
    const std::size_t labels = 20000;
    auto d = make(33 * block - 1000, 11, 0.0);
    std::mt19937_64 rng(3);
    for (auto& g : d.segment) g = static_cast<std::uint32_t>(rng() % labels);
    for (std::size_t i : {block + 1, 2 * block + 1}) {
      d.segment[i] = 0;
      d.margin[i] = d.freq[i] = d.life[i] = 1.0;
    }
    d.aov[block + 1] += 1e17;
    d.cac[2 * block + 1] += 1e17;
    const auto v = d.values();
    ASSERT_EQ(clv::detail::segment_block(labels, v.size()), 4 * block);
    const auto want = documented_segment_totals(v, d.segment, labels, 4 * block);
    ASSERT_NE(documented_segment_totals(v, d.segment, labels, block)[0], want[0]);
    for (auto isa : available_isas())
      for (unsigned t : {1u, 2u, 3u}) {
        const auto s = clv::aggregate(d.formula(), {.segments = d.segment, .segment_count = labels},
                                      {.threads = t, .instructions = isa});
        EXPECT_EQ(s.segment_totals, want) << static_cast<int>(isa) << " " << t;  // bitwise
      }
  }
  // More labels than 8 per customer of a segment block: the accumulator also
  // lists the labels it touches, and folds only those when they are few
  // (sorted: about 11,000 of 100,000 per block) or walks all labels (random).
  for (bool sorted : {false, true}) {
    const std::size_t labels = 100000;
    auto d = make(9 * block, 13, 0.1);
    std::mt19937_64 rng(5);
    for (auto& g : d.segment) g = static_cast<std::uint32_t>(rng() % labels);
    if (sorted) std::sort(d.segment.begin(), d.segment.end());
    const auto v = d.values();
    ASSERT_EQ(clv::detail::segment_block(labels, v.size()), block);
    ASSERT_LT(block, labels * 8);
    const auto want = documented_segment_totals(v, d.segment, labels, block);
    for (auto isa : available_isas())
      for (unsigned t : {1u, 2u}) {
        const auto s = clv::aggregate(d.formula(), {.segments = d.segment, .segment_count = labels},
                                      {.threads = t, .instructions = isa});
        EXPECT_EQ(s.segment_totals, want) << sorted << " " << static_cast<int>(isa) << " " << t;  // bitwise
        std::vector<std::size_t> count(labels, 0);
        for (auto g : d.segment) ++count[g];
        EXPECT_EQ(s.segment_counts, count);
      }
  }
}

TEST(Reductions, SegmentTotalsAreIdenticalForAnyThreadCount) {
  // Few labels (8 lanes each), more than 4,096 labels (one lane each; segment
  // blocks of 2 and 4 blocks at this size), and customers sorted by label
  // (long runs of one label).
  const std::size_t block = clv::detail::block;
  auto d = make(33 * block + 12345, 9, 0.1);
  for (std::size_t labels : {7u, 5000u, 20000u}) {
    for (bool sorted : {false, true}) {
      std::mt19937_64 rng(labels);
      for (auto& g : d.segment) g = static_cast<std::uint32_t>(rng() % labels);
      if (sorted) std::sort(d.segment.begin(), d.segment.end());
      const auto one =
          clv::aggregate(d.formula(), {.segments = d.segment, .segment_count = labels}, {.threads = 1});
      for (unsigned t : {2u, 3u, 8u}) {
        const auto many =
            clv::aggregate(d.formula(), {.segments = d.segment, .segment_count = labels}, {.threads = t});
        EXPECT_EQ(one.segment_totals, many.segment_totals) << labels << " " << sorted << " " << t;  // bitwise
        EXPECT_EQ(one.segment_counts, many.segment_counts);
      }
      const auto v = d.values();
      std::vector<long double> seg(labels, 0);
      std::vector<std::size_t> cnt(labels, 0);
      for (std::size_t i = 0; i < v.size(); ++i) seg[d.segment[i]] += v[i], ++cnt[d.segment[i]];
      for (std::size_t g = 0; g < labels; ++g) {
        EXPECT_NEAR(one.segment_totals[g], static_cast<double>(seg[g]),
                    1e-13 * std::abs(static_cast<double>(seg[g])));
        EXPECT_EQ(one.segment_counts[g], cnt[g]);
      }
    }
  }
}

TEST(Reductions, ConvenienceFunctionsAgreeWithSummarize) {
  const auto d = make(20000, 4, 0.0);
  const auto s =
      clv::aggregate(d.formula(), {.quantiles = {0.5}, .top = 3, .segments = d.segment, .segment_count = 7});
  EXPECT_EQ(clv::total(d.formula()), s.total);
  EXPECT_EQ(clv::quantiles(d.formula(), {0.5}), s.quantiles);
  EXPECT_EQ(clv::top_k(d.formula(), 3), s.top);
  EXPECT_EQ(clv::segment_totals(d.formula(), d.segment, 7), s.segment_totals);
}

TEST(Reductions, FloatInputsAccumulateInDouble) {
  const std::size_t n = 1 << 20;
  std::vector<float> a(n, 0.1f);
  const double total = clv::total(clv::basic_clv<float>{a, 1.0f, 1.0f});
  EXPECT_NEAR(total, static_cast<double>(0.1f) * n, 1e-9 * n);
}

TEST(Reductions, EmptyInputGivesAnEmptySummary) {
  std::vector<double> none;
  std::vector<std::uint32_t> labels;
  const auto s = clv::aggregate(clv::basic_clv<double>{none, 1.0, 1.0},
                                {.quantiles = {0.5}, .top = 5, .segments = labels, .segment_count = 3});
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.total, 0.0);
  EXPECT_TRUE(std::isnan(s.mean));
  EXPECT_TRUE(std::isnan(s.quantiles[0]));
  EXPECT_TRUE(s.top.empty());
  EXPECT_EQ(s.segment_totals, std::vector<double>(3, 0.0));
}

TEST(ReductionsBadInput, InvalidValueIsReportedWithIndex) {
  auto d = make(100000, 5, 0.0);
  d.life[77777] = -1;
  try {
    (void)clv::total(d.formula());
    FAIL();
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_STREQ(e.what(), "margin_clv: lifespan[77777] = -1: must be >= 0");
  }
}

TEST(ReductionsBadInput, SegmentLabelsAndProbabilities) {
  auto d = make(1000, 6, 0.0);
  d.segment[500] = 9;
  try {
    (void)clv::segment_totals(d.formula(), d.segment, 7);
    FAIL();
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_STREQ(e.what(), "margin_clv: segments[500] = 9: must be < segment_count (7)");
  }
  std::vector<std::uint32_t> short_labels(999, 0);
  EXPECT_THROW((void)clv::segment_totals(d.formula(), short_labels, 7), northstar::error);
  try {
    (void)clv::quantiles(d.formula(), {0.5, 1.5});
    FAIL();
  } catch (const northstar::error& e) {
    EXPECT_STREQ(e.what(), "margin_clv: quantiles[1] = 1.5: must be a probability in [0, 1]");
  }
}

TEST(ReductionsBadInput, FirstBadLabelIsReportedForAnyThreadCount) {
  // Many labels (segment blocks of 2 blocks at this size): bad labels in the
  // second thread's range and, later, in the first; the lowest index wins.
  // Labels in turn, then sorted (bad labels inside runs of one label, which
  // are summed in a register).
  const std::size_t block = clv::detail::block, labels = 5000;
  auto d = make(17 * block, 12, 0.0);
  for (bool sorted : {false, true})
    for (unsigned t : {1u, 2u, 3u}) {
      for (std::size_t i = 0; i < d.segment.size(); ++i)
        d.segment[i] = static_cast<std::uint32_t>(sorted ? i * labels / d.segment.size() : i % labels);
      ASSERT_EQ(clv::detail::segment_block(labels, d.segment.size()), 2 * block);
      d.segment[16 * block + 3] = 5000;
      d.segment[7 * block + 5] = 70000;
      try {
        (void)clv::segment_totals(d.formula(), d.segment, labels, {.threads = t});
        FAIL() << sorted << " " << t;
      } catch (const northstar::error& e) {
        EXPECT_EQ(e.code(), errc::invalid_argument);
        EXPECT_EQ(std::string(e.what()), "margin_clv: segments[" + std::to_string(7 * block + 5) +
                                             "] = 70000: must be < segment_count (5000)")
            << sorted << " " << t;
      }
    }
}

TEST(ReductionsBadInput, AllBroadcastHasNoCustomerCount) {
  try {
    (void)clv::total(clv::basic_clv<double>{1.0, 2.0, 3.0});
    FAIL();
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("give at least one per-customer array"), std::string::npos);
  }
}

TEST(Reductions, QuantilesAreExactOverTheWholeDoubleRange) {
  // Values from 1e-300 to 1e300 of both signs, signed zeros, and +-inf (true
  // values beyond double's range): the order statistics are still exact.
  // (Found by fuzz/c_api: values ~1e-289 next to inf once gave an internal error.)
  const std::size_t n = 150000;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> aov(n), margin(n), freq(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double kind = u(rng);
    aov[i] = kind < 0.05 ? 0.0 : std::pow(10.0, -300 + 600 * u(rng));
    margin[i] = u(rng) < 0.5 ? -u(rng) : u(rng);
    freq[i] = kind > 0.98 ? 1e300 : 1.0;  // with aov > 1e8: +-inf
  }
  const clv::margin_clv<double> f{aov, margin, freq, 1.0, 0.0};
  std::vector<double> v(n);
  clv::evaluate(f, std::span(v));
  auto sorted = v;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_TRUE(std::isinf(sorted.front()) && std::isinf(sorted.back()));
  ASSERT_TRUE(std::none_of(v.begin(), v.end(), [](double x) { return std::isnan(x); }));
  const auto probs = std::vector<double>{0.0, 1e-4, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.9999, 1.0};
  for (unsigned threads : {1u, 2u}) {
    const auto q = clv::quantiles(f, probs, {.threads = threads});
    for (std::size_t j = 0; j < probs.size(); ++j) {
      const double h = static_cast<double>(n - 1) * probs[j];
      const auto lo = static_cast<std::size_t>(h);
      const double a = sorted[lo], b = sorted[std::min(lo + 1, n - 1)];
      const double frac = h - std::floor(h);
      // Between inf and a finite value, interpolation keeps the infinity (its limit).
      const double want = frac == 0 || a == b ? a
                          : std::isinf(a)     ? a
                          : std::isinf(b)     ? b
                                              : type7(sorted, probs[j]);
      EXPECT_EQ(q[j], want) << probs[j];
    }
  }
}

TEST(Reductions, QuantilesOfTinyValuesAndSignedZeros) {
  // All values within a few ulps of each other near 1e-289, and -0 next to +0.
  const std::size_t n = 70000;
  std::vector<double> aov(n), margin(n);
  for (std::size_t i = 0; i < n; ++i) {
    aov[i] = i % 3 == 0 ? 0.0 : 1e-289 * (1 + static_cast<double>(i % 17) * 1e-15);
    margin[i] = i % 2 == 0 ? -1.0 : 1.0;
  }
  const clv::margin_clv<double> f{aov, margin, 1.0, 1.0, 0.0};
  std::vector<double> v(n);
  clv::evaluate(f, std::span(v));
  auto sorted = v;
  std::sort(sorted.begin(), sorted.end());
  const auto probs = std::vector<double>{0.0, 0.2, 0.33, 0.5, 0.66, 0.8, 1.0};
  const auto q = clv::quantiles(f, probs, {.threads = 2});
  for (std::size_t j = 0; j < probs.size(); ++j) EXPECT_EQ(q[j], type7(sorted, probs[j])) << probs[j];
}
