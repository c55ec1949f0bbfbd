#include <northstar/clv/rfm.hpp>

#include <northstar/clv/detail/dispatch.hpp>
#include "vector_math.hpp"

// 32-byte vectors in a file compiled for the baseline: see vector_math.hpp.
#pragma GCC diagnostic ignored "-Wpsabi"
#include <northstar/core/parallel.hpp>

#include "hash.hpp"
#include "scratch.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <tuple>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

namespace {

[[noreturn]] void bad(errc code, std::string_view context, std::string_view name, std::size_t i, double v,
                      std::string_view reason) {
  northstar::detail::fail_element(code, context, name, i, v, reason);
}

void check_size(std::string_view context, std::string_view name, std::size_t n, std::size_t expected) {
  if (n != expected)
    northstar::detail::fail(errc::size_mismatch, context,
                            std::string(name) + " has " + std::to_string(n) + " elements but frequency has " +
                                std::to_string(expected));
}

// One row's rules. A whole number: x >= 2^52 or x + 2^52 - 2^52 == x (round
// to nearest).
NORTHSTAR_ALWAYS_INLINE bool row_ok(double x, double t, double T) noexcept {
  return x >= 0 && x <= 1e300 && (x >= 0x1p52 || (x + 0x1p52) - 0x1p52 == x) && t >= 0 && T > 0 &&
         T <= 1e300 && t <= T && (x > 0) == (t > 0);
}

// True when rows [0, len) break no rule (w may be null). The same rules over W
// bytes of lanes, as lane masks combined with & | ^ only: no mask leaves the
// vector registers, so the loop runs at memory speed. (No AVX-512 variant: GCC 12
// turns these mask operations into scalar code there.)
template <std::size_t W>
NORTHSTAR_ALWAYS_INLINE bool rows_valid_lanes(const double* x, const double* t, const double* T,
                                              const double* w, std::size_t len) noexcept {
  std::size_t i = 0;
  bool ok = true;
#if NORTHSTAR_HAS_VECTOR_MATH
  namespace vm = detail::vmath;
  using V = typename vm::lanes<W>::vd;
  using I = typename vm::lanes<W>::vi;
  constexpr std::size_t L = vm::lanes<W>::size;
  I all = I{} - 1;
  for (; i + L <= len; i += L) {
    const V xv = vm::load<V>(x + i), tv = vm::load<V>(t + i), Tv = vm::load<V>(T + i);
    all &= (xv >= 0.0) & (xv <= 1e300) & ((xv >= 0x1p52) | ((xv + 0x1p52) - 0x1p52 == xv)) & (tv >= 0.0) &
           (Tv > 0.0) & (Tv <= 1e300) & (tv <= Tv) & ~((xv > 0.0) ^ (tv > 0.0));
    if (w) {
      const V wv = vm::load<V>(w + i);
      all &= (wv >= 0.0) & (wv <= 1e300);
    }
  }
  for (std::size_t j = 0; j < L; ++j) ok &= all[j] != 0;
#endif
  for (; i < len; ++i) {
    ok &= row_ok(x[i], t[i], T[i]);
    if (w) ok &= w[i] >= 0 && w[i] <= 1e300;
  }
  return ok;
}

using rows_valid_function = bool (*)(const double*, const double*, const double*, const double*, std::size_t);

bool rows_valid_baseline(const double* x, const double* t, const double* T, const double* w,
                         std::size_t len) {
  return rows_valid_lanes<16>(x, t, T, w, len);
}
#if NORTHSTAR_HAS_VECTOR_MATH && NORTHSTAR_HAS_AVX2_DISPATCH
__attribute__((target("avx2"))) bool rows_valid_avx2(const double* x, const double* t, const double* T,
                                                     const double* w, std::size_t len) {
  return rows_valid_lanes<32>(x, t, T, w, len);
}
#endif

rows_valid_function select_rows_valid() {
#if NORTHSTAR_HAS_VECTOR_MATH && NORTHSTAR_HAS_AVX2_DISPATCH
  if (detail::avx2_available()) return &rows_valid_avx2;
#endif
  return &rows_valid_baseline;
}

}  // namespace

void validate(const rfm_view& d, std::string_view context, unsigned threads) {
  const std::size_t n = d.frequency.size();
  check_size(context, "recency", d.recency.size(), n);
  check_size(context, "age", d.age.size(), n);
  if (!d.weight.empty()) check_size(context, "weight", d.weight.size(), n);
  // Fast pass: branch-free test of every rule, in parallel; the slow pass
  // below only runs to name the first offending row.
  std::vector<char> part_ok(std::max<std::size_t>(1, northstar::detail::resolve_threads(threads)), 1);
  const rows_valid_function rows_valid = select_rows_valid();
  const double* w = d.weight.empty() ? nullptr : d.weight.data();
  northstar::detail::parallel_ranges(
      n, threads, 1u << 15, [&](std::size_t part, std::size_t b, std::size_t e) {
        part_ok[part] = rows_valid(d.frequency.data() + b, d.recency.data() + b, d.age.data() + b,
                                   w ? w + b : nullptr, e - b);
      });
  if (std::all_of(part_ok.begin(), part_ok.end(), [](char c) { return c != 0; })) return;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = d.frequency[i], t = d.recency[i], T = d.age[i];
    if (!std::isfinite(x)) bad(errc::not_finite, context, "frequency", i, x, "must be finite");
    if (!std::isfinite(t)) bad(errc::not_finite, context, "recency", i, t, "must be finite");
    if (!std::isfinite(T)) bad(errc::not_finite, context, "age", i, T, "must be finite");
    if (x < 0 || x != std::floor(x))
      bad(errc::invalid_argument, context, "frequency", i, x, "must be a whole number >= 0");
    if (t < 0) bad(errc::invalid_argument, context, "recency", i, t, "must be >= 0");
    if (!(T > 0)) bad(errc::invalid_argument, context, "age", i, T, "must be > 0");
    if (t > T)
      bad(errc::invalid_argument, context, "recency", i, t,
          "must be <= age[" + std::to_string(i) + "] = " + northstar::detail::format_value(T));
    if (x > 0 && t == 0)
      bad(errc::invalid_argument, context, "recency", i, t,
          "must be > 0 when frequency[" + std::to_string(i) + "] = " + northstar::detail::format_value(x) +
              " > 0");
    if (x == 0 && t != 0)
      bad(errc::invalid_argument, context, "recency", i, t,
          "must be 0 when frequency[" + std::to_string(i) + "] = 0");
    if (!d.weight.empty()) {
      const double w = d.weight[i];
      if (!std::isfinite(w)) bad(errc::not_finite, context, "weight", i, w, "must be finite");
      if (w < 0) bad(errc::invalid_argument, context, "weight", i, w, "must be >= 0");
    }
  }
}

namespace {

struct pattern {
  double x, t, T, w;
};

std::uint64_t key_hash(double x, double t, double T) {
  return detail::mix64(
      std::bit_cast<std::uint64_t>(x) ^
      detail::mix64(std::bit_cast<std::uint64_t>(t) ^ detail::mix64(std::bit_cast<std::uint64_t>(T))));
}

bool pattern_less(const pattern& a, const pattern& b) {
  return std::tie(a.x, a.t, a.T) < std::tie(b.x, b.t, b.T);
}

// The distinct patterns of the rows whose hash falls in partition `part` of
// `parts` (the top bits of the hash choose it), with summed weights, sorted.
// A pattern's rows all fall in one partition and are summed in row order, so
// the result does not depend on the number of partitions.
void compress_partition(const rfm_view& d, std::size_t part, std::size_t parts,
                        detail::scratch_array<pattern>& uniq) {
  const std::size_t n = d.frequency.size();
  // Distinct patterns in order of first appearance, and an open-addressing hash
  // table of 8-byte slots (32-bit hash tag, 32-bit pattern number + 1; 0 =
  // empty), grown by doubling at load 1/2: small slots keep the memory touched
  // (and page faults) low; the tag avoids most visits to the pattern array.
  // Scratch memory on huge pages where possible (see scratch.hpp).
  detail::scratch_array<std::uint64_t> table;
  table.assign_zero(1024);
  std::size_t mask = table.size() - 1;
  // Rows are hashed a batch ahead and their slots prefetched: independent loads
  // overlap where dependent ones would wait for memory.
  constexpr std::size_t batch = 16;
  pattern rows[batch];
  std::uint64_t hashes[batch];
  for (std::size_t b = 0; b < n; b += batch) {
    const std::size_t len = std::min(batch, n - b);
    std::size_t mine = 0;
    for (std::size_t k = 0; k < len; ++k) {
      const std::size_t i = b + k;
      const pattern r{d.frequency[i] + 0.0, d.recency[i] + 0.0, d.age[i] + 0.0, d.weight_of(i)};  // -0 -> +0
      const std::uint64_t h = key_hash(r.x, r.t, r.T);
      if (parts > 1 && (h >> 32) * parts >> 32 != part) continue;
      rows[mine] = r;
      hashes[mine] = h;
      __builtin_prefetch(&table[static_cast<std::size_t>(h) & mask]);
      ++mine;
    }
    for (std::size_t k = 0; k < mine; ++k) {
      const pattern& r = rows[k];
      const std::uint64_t tag = hashes[k] >> 32;
      std::size_t s = static_cast<std::size_t>(hashes[k]) & mask;
      bool found = false;
      for (;; s = (s + 1) & mask) {
        const std::uint64_t e = table[s];
        if (e == 0) break;
        if ((e >> 32) != tag) continue;
        pattern& u = uniq[(e & 0xFFFFFFFFull) - 1];
        if (u.x == r.x && u.t == r.t && u.T == r.T) {
          u.w += r.w;
          found = true;
          break;
        }
      }
      if (found) continue;
      uniq.push_back(r);
      table[s] = (tag << 32) | uniq.size();
      if (uniq.size() * 2 > table.size()) {
        detail::scratch_array<std::uint64_t> bigger;
        bigger.assign_zero(table.size() * 2);
        const std::size_t m2 = bigger.size() - 1;
        for (std::size_t j = 0; j < uniq.size(); ++j) {
          const std::uint64_t h = key_hash(uniq[j].x, uniq[j].t, uniq[j].T);
          std::size_t q = static_cast<std::size_t>(h) & m2;
          while (bigger[q] != 0) q = (q + 1) & m2;
          bigger[q] = ((h >> 32) << 32) | (j + 1);
        }
        table.swap(bigger);
        mask = m2;
      }
    }
  }
  {
    detail::scratch_array<std::uint64_t> release;
    table.swap(release);
  }
  std::sort(uniq.begin(), uniq.end(), pattern_less);
}

}  // namespace

rfm_patterns compress(const rfm_view& d, unsigned threads) {
  const std::size_t n = d.frequency.size();
  if (n >= 0xFFFFFFFFull)
    northstar::detail::fail(errc::invalid_argument, "compress", "more than 2^32 - 2 rows: compress in parts");
  // Partitions by hash, one per thread (each thread reads every row and keeps
  // its own), then a merge of the sorted partitions.
  const std::size_t parts =
      n < (std::size_t{1} << 16) ? 1 : std::min<std::size_t>(northstar::detail::resolve_threads(threads), 8);
  std::vector<detail::scratch_array<pattern>> uniq(parts);
  northstar::detail::parallel_ranges(parts, static_cast<unsigned>(parts), 1,
                                     [&](std::size_t, std::size_t b, std::size_t e) {
                                       for (std::size_t q = b; q < e; ++q)
                                         compress_partition(d, q, parts, uniq[q]);
                                     });
  std::size_t m = 0;
  for (const auto& u : uniq) m += u.size();
  rfm_patterns out;
  out.frequency.resize(m);
  out.recency.resize(m);
  out.age.resize(m);
  out.weight.resize(m);
  std::vector<std::size_t> next(parts, 0);
  for (std::size_t k = 0; k < m; ++k) {
    std::size_t best = parts;
    for (std::size_t q = 0; q < parts; ++q)
      if (next[q] < uniq[q].size() &&
          (best == parts || pattern_less(uniq[q][next[q]], uniq[best][next[best]])))
        best = q;
    const pattern& u = uniq[best][next[best]++];
    out.frequency[k] = u.x;
    out.recency[k] = u.t;
    out.age[k] = u.T;
    out.weight[k] = u.w;
  }
  return out;
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
