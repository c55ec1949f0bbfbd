// Reductions over closed-form CLV that never materialise the per-customer
// array: total and mean, exact quantiles, top-k customers, per-segment totals.
// Each pass computes the formula chunk by chunk into an L1-resident buffer.
//
//     auto s = northstar::clv::aggregate(f, {.quantiles = {0.1, 0.5, 0.9}, .top = 10});
//     // s.total, s.mean, s.quantiles[1] (the median), s.top[0].index ...
//
// Reduction order (results do not depend on the thread count):
// - total/mean: customers are cut into fixed blocks of 65,536; each block is
//   summed in double with 8 interleaved accumulators, then the block sums are
//   added in block order. Identical bits for any thread count.
// - quantiles: exact order statistics (type 7, numpy's default linear
//   interpolation) found by histogram refinement over the values' order keys
//   (integer counts, at most six refinement passes): exact.
// - top-k: ties broken by the lower customer index: exact.
// - per-segment totals: customers are cut into fixed segment blocks
//   (detail::segment_block: 65,536 customers up to 4,096 labels, a power-of-two
//   multiple of that with more labels; it depends only on the label and
//   customer counts). Within a segment block, each label's values go to 8
//   double accumulators by customer index mod 8 (one accumulator above 4,096
//   labels), in index order, combined like the total's lanes; the segment
//   block sums of a label are then added exactly and rounded once
//   (detail/exact_sum.hpp). Identical bits for any thread count.
#pragma once

#include <northstar/clv/closed_form.hpp>
#include <northstar/clv/detail/exact_sum.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// A customer and its CLV (an entry of a top-k list).
struct ranked_customer {
  std::size_t index = 0;  ///< position in the input arrays
  double value = 0;       ///< the customer's CLV
  friend bool operator==(const ranked_customer&, const ranked_customer&) = default;
};

/// What aggregate() computes besides count, total, mean, min and max.
struct aggregate_request {
  /// Probabilities in [0, 1] whose quantiles to compute (type 7), e.g. deciles.
  std::vector<double> quantiles = {};
  /// Number of highest-value customers to list (0 = none).
  std::size_t top = 0;
  /// Segment label per customer (empty = no per-segment totals); labels must
  /// be < segment_count.
  std::span<const std::uint32_t> segments = {};
  /// Number of segments; labels run 0 .. segment_count - 1.
  std::size_t segment_count = 0;
};

/// The result of aggregate().
struct aggregates {
  std::size_t count = 0;                                   ///< number of customers
  double total = 0;                                        ///< sum of CLV
  double mean = std::numeric_limits<double>::quiet_NaN();  ///< total / count (NaN when count == 0)
  double min = std::numeric_limits<double>::quiet_NaN();   ///< lowest CLV (NaN when empty)
  double max = std::numeric_limits<double>::quiet_NaN();   ///< highest CLV (NaN when empty)
  std::vector<double> quantiles;                           ///< one per requested probability (NaN when empty)
  std::vector<ranked_customer> top;                        ///< highest first, ties by lower index
  std::vector<double> segment_totals;                      ///< per label (empty unless segments requested)
  std::vector<std::size_t> segment_counts;                 ///< customers per label
};

/// The ten decile probabilities 0.1 .. 0.9 (and 0.0, 1.0 are min and max).
inline std::vector<double> deciles() {
  return {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
}

namespace detail {

inline constexpr std::size_t histogram_bins = 4096;
inline constexpr std::size_t collect_limit = std::size_t{1} << 16;

/// Number of customers of a reduction: the common size of the array inputs.
template <class Formula>
std::size_t reduction_count(const Formula& f) {
  const std::size_t n = customer_count(f, std::numeric_limits<std::size_t>::max(), "");
  if (n == std::numeric_limits<std::size_t>::max())
    northstar::detail::fail(errc::invalid_argument, Formula::name,
                            "every input is a single value: give at least one per-customer array");
  return n;
}

/// One pass over all customers: body(part, values, len, offset) sees the CLV
/// of each chunk. The parts (threads) take whole multiples of `grain`
/// customers (a multiple of block). With `check`, inputs are validated in the
/// same pass and the first violation (lowest index) is thrown after the pass.
/// With folds (one per part, see resolve_parts), the chunk function folds each
/// chunk's sum, min and max into folds[part] before body sees the chunk.
template <class Formula, class Body>
void value_pass(const Formula& f, std::size_t n, const run_options& opt, std::size_t grain, bool check,
                chunk_fold* folds, Body&& body) {
  using T = typename Formula::value_type;
  const auto chunk_fn = select_chunk_function<Formula>(opt.instructions);
  std::vector<violation> first(resolve_parts(n, opt.threads, grain));
  northstar::detail::parallel_ranges(
      n, opt.threads, grain, [&](std::size_t part, std::size_t b, std::size_t e) {
        alignas(64) T values[chunk];
        violation v;
        for_each_chunk(f, b, e, [&](const auto& p, std::size_t len, std::size_t off) {
          if (v.found()) return;
          v = chunk_fn(f, p, values, len, off, check, write_mode::direct,
                       folds == nullptr ? nullptr : folds + part);
          if (!v.found()) body(part, static_cast<const T*>(values), len, off);
        });
        first[part] = v;
      });
  violation v;
  for (const auto& x : first) keep_first(v, x);
  if (v.found()) raise(f, v, false);
}

/// Customers per segment block for `labels` labels and n customers: block
/// (65,536) up to 4,096 labels. With more labels, nearly every label is
/// touched in every block, and folding a label into its exact sum costs far
/// more than adding a value: the segment block grows to the power of two
/// multiple of block that holds about 16 customers per label, at most 64
/// blocks, and at most an eighth of the blocks (so that threads still share
/// the work).
inline std::size_t segment_block(std::size_t labels, std::size_t n) noexcept {
  if (labels <= 4096) return block;
  const std::size_t blocks = (n + block - 1) / block;
  std::size_t m = std::bit_ceil((labels * 16 + block - 1) / block);
  m = std::min<std::size_t>(m, 64);
  m = std::min(m, std::max<std::size_t>(1, std::bit_floor(blocks / 8)));
  return m * block;
}

/// Per-segment totals of one part (a thread's range of whole segment blocks),
/// in the order documented at the top of this file. Within the current
/// segment block each label has several lanes (plain double sums by customer
/// index), so that nearby customers of one label do not update the same
/// memory: a load from a slot that an in-flight store is about to write
/// stalls the pipeline (with one lane per label, above 4,096 labels, a run of
/// one label is summed in a register instead). Each lane's sum and count are
/// one 16-byte vector: one load, add and store per customer. When the walk
/// enters a new segment block, the labels' lanes are folded into one sum per
/// label, which goes into that label's exact sum.
///
/// With 8 lanes the loop has no data-dependent branch. Only when a segment
/// block can leave most labels untouched (fewer than 8 customers per label)
/// does it also list the labels it touches, branch-free, so that folding
/// costs what was touched, not the label count.
class segment_accumulator {
 public:
  /// log2 of the lanes per label, by label count.
  static unsigned lane_shift(std::size_t labels) noexcept { return labels <= 4096 ? 3 : 0; }

  segment_accumulator(std::size_t labels, std::size_t block_size)
      : shift_(lane_shift(labels)),
        block_size_(block_size),
        lanes_(labels << shift_),
        totals_(labels),
        counts_(labels, 0) {
    // One slot more than lanes can be touched: the branch-free list writes
    // one entry past the last.
    if (shift_ == 0 && block_size < labels * 8) touched_.resize(std::min(labels, block_size) + 1);
  }

  /// Adds the chunk of customers first .. first + len - 1 (global indices, in
  /// increasing order across calls, a chunk never spanning two segment
  /// blocks): label labels[i] and CLV values[i]. Returns the offset in the
  /// chunk of the first label >= the label count (those customers are
  /// skipped), or len.
  template <class T>
  std::size_t add(const std::uint32_t* labels, const T* values, std::size_t len, std::size_t first) {
    if (first / block_size_ != block_) {
      flush();
      block_ = first / block_size_;
    }
    if (shift_ == 3) return add_lanes(labels, values, len, first);
    return touched_.empty() ? add_runs<false>(labels, values, len) : add_runs<true>(labels, values, len);
  }

  /// Folds the current segment block into the labels' exact sums.
  void flush() {
    const std::size_t labels = counts_.size();
    if (touched_.empty() || n_touched_ * 8 >= labels) {
      // Walk all labels in order (memory in sequence; untouched ones cost a test).
      for (std::size_t g = 0; g < labels; ++g) fold(g);
    } else {
      for (std::size_t j = 0; j < n_touched_; ++j) fold(touched_[j]);
    }
    n_touched_ = 0;
  }

  /// Label g's sum and count over this part's finished segment blocks.
  [[nodiscard]] const exact_sum& total(std::size_t g) const noexcept { return totals_[g]; }
  [[nodiscard]] std::size_t count(std::size_t g) const noexcept { return counts_[g]; }

 private:
  // {sum, count}: one 16-byte add per customer, count exact as a double
  // (a segment block has at most 2^22 customers).
  typedef double lane __attribute__((vector_size(16)));

  /// 8 lanes per label: customer first + i goes to lane (first + i) mod 8.
  template <class T>
  std::size_t add_lanes(const std::uint32_t* labels, const T* values, std::size_t len, std::size_t first) {
    // Locals, so that the stores below cannot be taken for stores to them.
    lane* const lanes = lanes_.data();
    const std::size_t limit = counts_.size();
    std::size_t i = 0;
    // Groups of 8 customers starting at a lane-0 index: lane k is the
    // group's k-th customer; one label check per group.
    if ((first & 7) == 0)
      for (; i + 8 <= len; i += 8) {
        bool ok = true;
        for (std::size_t k = 0; k < 8; ++k) ok &= labels[i + k] < limit;
        if (!ok) break;  // the loop below finds the bad label
        for (std::size_t k = 0; k < 8; ++k)
          lanes[(std::size_t{labels[i + k]} << 3) | k] += lane{static_cast<double>(values[i + k]), 1.0};
      }
    std::size_t bad = len;
    for (; i < len; ++i) {
      const std::uint32_t g = labels[i];
      if (g >= limit) [[unlikely]] {
        bad = std::min(bad, i);
        continue;
      }
      lanes[(std::size_t{g} << 3) | ((first + i) & 7)] += lane{static_cast<double>(values[i]), 1.0};
    }
    return bad;
  }

  /// One lane per label: a run of one label is summed in a register (in
  /// memory, each addition would wait for the store of the one before).
  /// Track: also list the labels first touched in the segment block.
  template <bool Track, class T>
  std::size_t add_runs(const std::uint32_t* labels, const T* values, std::size_t len) {
    lane* const lanes = lanes_.data();
    std::uint32_t* const touched = touched_.data();
    std::size_t n_touched = n_touched_;
    const std::size_t limit = counts_.size();
    constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    std::uint32_t run = none;
    lane acc = {0.0, 0.0};
    std::size_t bad = len;
    for (std::size_t i = 0; i < len; ++i) {
      const std::uint32_t g = labels[i];
      if (g >= limit) [[unlikely]] {
        bad = std::min(bad, i);
        continue;
      }
      if (g != run) {
        if (run != none) lanes[run] = acc;
        run = g;
        acc = lanes[g];
        if constexpr (Track) {
          // A first touch lists the label (branch-free: at random labels
          // every customer starts a run).
          touched[n_touched] = g;
          n_touched += acc[1] == 0 ? 1 : 0;
        }
      }
      acc += lane{static_cast<double>(values[i]), 1.0};
    }
    if (run != none) lanes[run] = acc;
    n_touched_ = n_touched;
    return bad;
  }

  /// Folds label g's lanes into one sum, added to its exact sum; clears them.
  void fold(std::size_t g) {
    const std::size_t n_lanes = std::size_t{1} << shift_;
    lane* l = &lanes_[g << shift_];
    double n = 0;
    for (std::size_t k = 0; k < n_lanes; ++k) n += l[k][1];
    if (n == 0) return;  // not touched
    // Lanes k and k + lanes/2 first, then adjacent pairs, pairwise (for 8
    // lanes: ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)), as the total).
    double s[8];
    for (std::size_t k = 0; k < n_lanes; ++k) s[k] = l[k][0];
    if (n_lanes > 1) {
      for (std::size_t k = 0; k < n_lanes / 2; ++k) s[k] += s[k + n_lanes / 2];
      for (std::size_t w = 1; w < n_lanes / 2; w *= 2)
        for (std::size_t k = 0; k < n_lanes / 2; k += 2 * w) s[k] += s[k + w];
    }
    totals_[g].add(s[0]);
    counts_[g] += static_cast<std::size_t>(n);
    std::fill_n(l, n_lanes, lane{0.0, 0.0});
  }

  unsigned shift_;                                               // log2 of the lanes per label
  std::size_t block_size_;                                       // customers per segment block
  std::size_t block_ = std::numeric_limits<std::size_t>::max();  // the segment block being summed
  std::vector<lane> lanes_;                                      // label-major
  std::vector<std::uint32_t> touched_;  // labels first touched in the segment block (if tracked)
  std::size_t n_touched_ = 0;           // (the first n_touched_ of touched_)
  std::vector<exact_sum> totals_;       // per label, over the finished blocks
  std::vector<std::size_t> counts_;
};

/// a ranks before b: higher value, then lower index.
inline bool ranks_before(const ranked_customer& a, const ranked_customer& b) noexcept {
  return a.value > b.value || (a.value == b.value && a.index < b.index);
}

/// Order-preserving map of doubles to unsigned integers (IEEE 754 order:
/// -inf < ... < -0 < +0 < ... < +inf; NaN does not occur, the kernels never
/// produce it). Exact order statistics are searched over these keys, so any
/// spread of values (inf, denormals, 1e-300 next to 1e300) refines the same way.
inline std::uint64_t order_key(double x) noexcept {
  const auto u = std::bit_cast<std::uint64_t>(x);
  return (u >> 63) != 0 ? ~u : u | (std::uint64_t{1} << 63);
}
inline double from_order_key(std::uint64_t k) noexcept {
  return std::bit_cast<double>((k >> 63) != 0 ? k & ~(std::uint64_t{1} << 63) : ~k);
}

/// Keys in [lo, hi] mapped to histogram_bins (2^12) bins by their top bits:
/// each refinement round removes 12 bits of the key range, so at most six
/// rounds leave intervals of a single value.
struct binning {
  std::uint64_t lo;
  int shift;
  explicit binning(std::uint64_t lo_key, std::uint64_t hi_key) noexcept
      : lo(lo_key), shift(std::max(0, static_cast<int>(std::bit_width(hi_key - lo_key)) - 12)) {}
  [[nodiscard]] std::size_t bin(std::uint64_t key) const noexcept {
    return static_cast<std::size_t>((key - lo) >> shift);
  }
};
static_assert(histogram_bins == 4096, "binning takes 12 bits per round");

/// An order statistic being searched: all values whose keys lie in [lo, hi]
/// (a set known to hold `count` values), of which the rank-th smallest overall
/// is wanted; `below` values are smaller than those of the set.
struct rank_search {
  std::size_t rank;
  std::uint64_t lo, hi;
  std::size_t below, count;
  double value = std::numeric_limits<double>::quiet_NaN();
  bool done = false;
};

/// Type 7 interpolation between order statistics a <= b at fraction frac of
/// the way: exact at frac = 0; -inf stays -inf and +inf stays +inf (the limit);
/// NaN only between -inf and +inf, where no value is defined.
inline double interpolate(double a, double b, double frac) noexcept {
  if (frac == 0 || a == b) return a;
  if (std::isinf(a) && std::isinf(b)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(a)) return a;
  if (std::isinf(b)) return b;
  const double d = b - a;  // overflows only for a < -1e308 / 2 < b
  return std::isfinite(d) ? a + frac * d : (1 - frac) * a + frac * b;
}

/// Exact order statistics (0-based ranks) of the formula's values, all in [min, max].
template <class Formula>
void find_order_statistics(const Formula& f, std::size_t n, const run_options& opt, double min, double max,
                           std::vector<rank_search>& wanted) {
  const auto inconsistent = [] {
    northstar::detail::fail(errc::internal, Formula::name,
                            "quantiles: a pass over the customers saw values the first pass did not");
  };
  // -0 and +0 compare equal, so min or max may be either: widen to both.
  const std::uint64_t lo0 = order_key(min == 0 ? -0.0 : min), hi0 = order_key(max == 0 ? 0.0 : max);
  for (auto& w : wanted) w = {w.rank, lo0, hi0, 0, n};
  for (int round = 0; round < 8; ++round) {
    // Resolve what is already known: a single distinct value, or few enough to collect.
    bool refine = false;
    for (auto& w : wanted) {
      if (w.done) continue;
      if (w.lo == w.hi) {
        w.value = from_order_key(w.lo);
        w.done = true;
      } else if (w.count > collect_limit) {
        refine = true;
      }
    }
    if (!refine) break;
    // Refine one interval (the first unresolved large one) with a histogram pass.
    const auto it = std::find_if(wanted.begin(), wanted.end(),
                                 [](const rank_search& w) { return !w.done && w.count > collect_limit; });
    const std::uint64_t lo = it->lo, hi = it->hi;
    const std::size_t below = it->below;
    const binning bins(lo, hi);
    struct hist {
      std::vector<std::size_t> count;
      std::vector<std::uint64_t> min, max;
    };
    std::vector<hist> parts(resolve_parts(n, opt.threads));
    for (auto& h : parts) {
      h.count.assign(histogram_bins, 0);
      h.min.assign(histogram_bins, std::numeric_limits<std::uint64_t>::max());
      h.max.assign(histogram_bins, 0);
    }
    value_pass(f, n, opt, block, false, nullptr,
               [&](std::size_t part, const auto* v, std::size_t len, std::size_t) {
                 auto& h = parts[part];
                 for (std::size_t i = 0; i < len; ++i) {
                   const std::uint64_t key = order_key(static_cast<double>(v[i]));
                   if (key < lo || key > hi) continue;
                   const std::size_t k = bins.bin(key);
                   ++h.count[k];
                   h.min[k] = std::min(h.min[k], key);
                   h.max[k] = std::max(h.max[k], key);
                 }
               });
    hist all = parts[0];
    for (std::size_t p = 1; p < parts.size(); ++p)
      for (std::size_t k = 0; k < histogram_bins; ++k) {
        all.count[k] += parts[p].count[k];
        all.min[k] = std::min(all.min[k], parts[p].min[k]);
        all.max[k] = std::max(all.max[k], parts[p].max[k]);
      }
    for (auto& w : wanted) {
      if (w.done || w.lo != lo || w.hi != hi || w.below != below) continue;
      std::size_t seen = below;
      bool found = false;
      for (std::size_t k = 0; k < histogram_bins && !found; ++k) {
        if (w.rank < seen + all.count[k]) {
          w = {w.rank, all.min[k], all.max[k], seen, all.count[k]};
          found = true;
        }
        seen += all.count[k];
      }
      if (!found) inconsistent();
    }
  }
  // Collect the values of the remaining intervals and select within them.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> intervals;
  for (const auto& w : wanted)
    if (!w.done) intervals.emplace_back(w.lo, w.hi);
  if (intervals.empty()) return;
  std::sort(intervals.begin(), intervals.end());
  intervals.erase(std::unique(intervals.begin(), intervals.end()), intervals.end());
  const std::size_t m = intervals.size();
  std::vector<std::vector<std::vector<std::uint64_t>>> parts(resolve_parts(n, opt.threads),
                                                             std::vector<std::vector<std::uint64_t>>(m));
  value_pass(f, n, opt, block, false, nullptr,
             [&](std::size_t part, const auto* v, std::size_t len, std::size_t) {
               for (std::size_t i = 0; i < len; ++i) {
                 const std::uint64_t key = order_key(static_cast<double>(v[i]));
                 // Intervals are disjoint (distinct histogram bins) and sorted by lo.
                 auto it = std::upper_bound(intervals.begin(), intervals.end(),
                                            std::pair{key, std::numeric_limits<std::uint64_t>::max()});
                 if (it == intervals.begin()) continue;
                 --it;
                 if (key <= it->second)
                   parts[part][static_cast<std::size_t>(it - intervals.begin())].push_back(key);
               }
             });
  for (std::size_t j = 0; j < m; ++j) {
    std::vector<std::uint64_t> keys;
    for (auto& p : parts) keys.insert(keys.end(), p[j].begin(), p[j].end());
    std::sort(keys.begin(), keys.end());
    for (auto& w : wanted)
      if (!w.done && w.lo == intervals[j].first && w.hi == intervals[j].second) {
        if (w.rank < w.below || w.rank - w.below >= keys.size()) inconsistent();
        w.value = from_order_key(keys[w.rank - w.below]);
        w.done = true;
      }
  }
}

}  // namespace detail

/// Count, total, mean, min and max of the formula's CLV, plus the requested
/// quantiles, top customers and per-segment totals, without writing a
/// per-customer array. One validating pass (plus one or two read-only passes
/// when quantiles are requested). Throws on invalid input; an all-broadcast
/// formula is an error (there is no customer count). Empty arrays give count 0.
template <class Formula>
aggregates aggregate(const Formula& f, const aggregate_request& req = {}, const run_options& opt = {}) {
  const std::size_t n = detail::reduction_count(f);
  detail::check_broadcasts(f);
  for (std::size_t j = 0; j < req.quantiles.size(); ++j)
    if (!(req.quantiles[j] >= 0 && req.quantiles[j] <= 1))
      northstar::detail::fail_element(errc::invalid_argument, Formula::name, "quantiles", j, req.quantiles[j],
                                      "must be a probability in [0, 1]");
  const bool segmented = !req.segments.empty() || req.segment_count > 0;
  if (segmented && req.segments.size() != n)
    northstar::detail::fail(errc::size_mismatch, Formula::name,
                            "segments has " + std::to_string(req.segments.size()) + " labels but there are " +
                                std::to_string(n) + " customers");

  aggregates s;
  s.count = n;
  s.quantiles.assign(req.quantiles.size(), std::numeric_limits<double>::quiet_NaN());
  if (segmented) {
    s.segment_totals.assign(req.segment_count, 0.0);
    s.segment_counts.assign(req.segment_count, 0);
  }
  if (n == 0) return s;

  struct part_state {
    std::vector<ranked_customer> heap;
    std::optional<detail::segment_accumulator> seg;
    std::size_t bad_label = std::numeric_limits<std::size_t>::max();
  };
  const std::size_t seg_block = segmented ? detail::segment_block(req.segment_count, n) : detail::block;
  const std::size_t parts_n = detail::resolve_parts(n, opt.threads, seg_block);
  std::vector<part_state> parts(parts_n);
  for (auto& p : parts) {
    p.heap.reserve(req.top);
  }
  std::vector<double> block_sums((n + detail::block - 1) / detail::block, 0.0);
  const std::uint32_t* labels = req.segments.data();
  const std::size_t k = req.top;

  std::vector<detail::chunk_fold> folds(parts_n);
  detail::value_pass(f, n, opt, seg_block, true, folds.data(),
                     [&](std::size_t part, const auto* v, std::size_t len, std::size_t off) {
                       auto& st = parts[part];
                       block_sums[off / detail::block] += folds[part].sum;
                       if (k > 0) {
                         for (std::size_t i = 0; i < len; ++i) {
                           const ranked_customer c{off + i, static_cast<double>(v[i])};
                           if (st.heap.size() < k) {
                             st.heap.push_back(c);
                             std::push_heap(st.heap.begin(), st.heap.end(), detail::ranks_before);
                           } else if (detail::ranks_before(c, st.heap.front())) {
                             std::pop_heap(st.heap.begin(), st.heap.end(), detail::ranks_before);
                             st.heap.back() = c;
                             std::push_heap(st.heap.begin(), st.heap.end(), detail::ranks_before);
                           }
                         }
                       }
                       if (segmented) {
                         // Built by the thread that uses it (its memory is first touched there).
                         if (!st.seg) st.seg.emplace(req.segment_count, seg_block);
                         const std::size_t bad = st.seg->add(labels + off, v, len, off);
                         if (bad < len) st.bad_label = std::min(st.bad_label, off + bad);
                       }
                     });

  std::size_t bad_label = std::numeric_limits<std::size_t>::max();
  for (const auto& p : parts) bad_label = std::min(bad_label, p.bad_label);
  if (bad_label != std::numeric_limits<std::size_t>::max())
    northstar::detail::fail_element(errc::invalid_argument, Formula::name, "segments", bad_label,
                                    static_cast<double>(labels[bad_label]),
                                    "must be < segment_count (" + std::to_string(req.segment_count) + ")");

  double total = 0;
  for (double b : block_sums) total += b;
  s.total = total;
  s.mean = total / static_cast<double>(n);
  s.min = folds[0].min;
  s.max = folds[0].max;
  for (const auto& p : folds) {
    s.min = std::min(s.min, p.min);
    s.max = std::max(s.max, p.max);
  }
  if (k > 0) {
    for (const auto& p : parts) s.top.insert(s.top.end(), p.heap.begin(), p.heap.end());
    std::sort(s.top.begin(), s.top.end(), detail::ranks_before);
    if (s.top.size() > k) s.top.resize(k);
  }
  if (segmented) {
    // The parts' last segment blocks, then each label's sums across parts (in
    // parallel: both cost about one exact addition per label and part).
    northstar::detail::parallel_ranges(parts_n, opt.threads, 1,
                                       [&](std::size_t, std::size_t b, std::size_t e) {
                                         for (std::size_t p = b; p < e; ++p)
                                           if (parts[p].seg) parts[p].seg->flush();
                                       });
    northstar::detail::parallel_ranges(req.segment_count, opt.threads, 4096,
                                       [&](std::size_t, std::size_t b, std::size_t e) {
                                         for (std::size_t g = b; g < e; ++g) {
                                           detail::exact_sum t;
                                           std::size_t c = 0;
                                           for (const auto& p : parts) {
                                             if (!p.seg) continue;
                                             t.add(p.seg->total(g));
                                             c += p.seg->count(g);
                                           }
                                           s.segment_totals[g] = t.value();
                                           s.segment_counts[g] = c;
                                         }
                                       });
  }
  if (!req.quantiles.empty()) {
    // Type 7: h = (n - 1) p, Q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
    std::vector<detail::rank_search> wanted;
    for (double p : req.quantiles) {
      const double h = static_cast<double>(n - 1) * p;
      const auto lo = static_cast<std::size_t>(std::floor(h));
      wanted.push_back({lo, 0, 0, 0, 0});
      wanted.push_back({std::min(lo + 1, n - 1), 0, 0, 0, 0});
    }
    detail::find_order_statistics(f, n, opt, s.min, s.max, wanted);
    for (std::size_t j = 0; j < req.quantiles.size(); ++j) {
      const double h = static_cast<double>(n - 1) * req.quantiles[j];
      const double frac = h - std::floor(h);
      s.quantiles[j] = detail::interpolate(wanted[2 * j].value, wanted[2 * j + 1].value, frac);
    }
  }
  return s;
}

/// Sum of CLV over all customers (see aggregate for the reduction order).
template <class Formula>
double total(const Formula& f, const run_options& opt = {}) {
  return aggregate(f, {}, opt).total;
}

/// Quantiles (type 7) of CLV at the given probabilities.
template <class Formula>
std::vector<double> quantiles(const Formula& f, std::vector<double> probabilities,
                              const run_options& opt = {}) {
  return aggregate(f, {.quantiles = std::move(probabilities)}, opt).quantiles;
}

/// The k customers with the highest CLV, highest first (ties: lower index first).
template <class Formula>
std::vector<ranked_customer> top_k(const Formula& f, std::size_t k, const run_options& opt = {}) {
  return aggregate(f, {.top = k}, opt).top;
}

/// Total CLV per segment label (labels[i] in [0, segment_count)).
template <class Formula>
std::vector<double> segment_totals(const Formula& f, std::span<const std::uint32_t> labels,
                                   std::size_t segment_count, const run_options& opt = {}) {
  return aggregate(f, {.segments = labels, .segment_count = segment_count}, opt).segment_totals;
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
