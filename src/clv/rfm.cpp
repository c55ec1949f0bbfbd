#include <northstar/clv/rfm.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
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

// MurmurHash3's 64-bit finaliser: every input bit affects every output bit.
std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace

void validate(const rfm_view& d, std::string_view context) {
  const std::size_t n = d.frequency.size();
  check_size(context, "recency", d.recency.size(), n);
  check_size(context, "age", d.age.size(), n);
  if (!d.weight.empty()) check_size(context, "weight", d.weight.size(), n);
  // Fast pass: branch-free test of every rule; the slow pass below only runs to
  // name the first offending row.
  bool ok = true;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = d.frequency[i], t = d.recency[i], T = d.age[i];
    ok &= (x >= 0) & (x <= 1e300) & (x == std::floor(x)) & (t >= 0) & (T > 0) & (T <= 1e300) & (t <= T) &
          ((x > 0) == (t > 0));
  }
  if (!d.weight.empty())
    for (std::size_t i = 0; i < n; ++i) ok &= (d.weight[i] >= 0) & (d.weight[i] <= 1e300);
  if (ok) return;
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

rfm_patterns compress(const rfm_view& d) {
  const std::size_t n = d.frequency.size();
  if (n >= 0xFFFFFFFFull)
    northstar::detail::fail(errc::invalid_argument, "compress", "more than 2^32 - 2 rows: compress in parts");
  // Distinct patterns in order of first appearance, and an open-addressing hash
  // table of 8-byte slots (32-bit hash tag, 32-bit pattern number + 1; 0 =
  // empty), grown by doubling at load 1/2: small slots keep the memory touched
  // (and page faults) low; the tag avoids most visits to the pattern array.
  struct pattern {
    double x, t, T, w;
  };
  std::vector<pattern> uniq;
  std::vector<std::uint64_t> table(1024, 0);
  std::size_t mask = table.size() - 1;
  const auto key_hash = [](double x, double t, double T) {
    return mix(std::bit_cast<std::uint64_t>(x) ^
               mix(std::bit_cast<std::uint64_t>(t) ^ mix(std::bit_cast<std::uint64_t>(T))));
  };
  // Rows are hashed a batch ahead and their slots prefetched: independent loads
  // overlap where dependent ones would wait for memory.
  constexpr std::size_t batch = 16;
  pattern rows[batch];
  std::uint64_t hashes[batch];
  for (std::size_t b = 0; b < n; b += batch) {
    const std::size_t len = std::min(batch, n - b);
    for (std::size_t k = 0; k < len; ++k) {
      const std::size_t i = b + k;
      rows[k] = {d.frequency[i] + 0.0, d.recency[i] + 0.0, d.age[i] + 0.0, d.weight_of(i)};  // -0 -> +0
      hashes[k] = key_hash(rows[k].x, rows[k].t, rows[k].T);
      __builtin_prefetch(&table[static_cast<std::size_t>(hashes[k]) & mask]);
    }
    for (std::size_t k = 0; k < len; ++k) {
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
        std::vector<std::uint64_t> bigger(table.size() * 2, 0);
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
  table = {};
  std::sort(uniq.begin(), uniq.end(), [](const pattern& a, const pattern& b) {
    return std::tie(a.x, a.t, a.T) < std::tie(b.x, b.t, b.T);
  });
  rfm_patterns out;
  const std::size_t m = uniq.size();
  out.frequency.resize(m);
  out.recency.resize(m);
  out.age.resize(m);
  out.weight.resize(m);
  for (std::size_t k = 0; k < m; ++k) {
    out.frequency[k] = uniq[k].x;
    out.recency[k] = uniq[k].t;
    out.age[k] = uniq[k].T;
    out.weight[k] = uniq[k].w;
  }
  return out;
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
