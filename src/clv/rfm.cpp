#include <northstar/clv/rfm.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>
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
  // Open-addressing hash table over the bit patterns of (x, t_x, T); slots hold
  // the index of the pattern's first row + 1 (0 = empty).
  std::size_t cap = 16;
  while (cap < 2 * n) cap <<= 1;
  std::vector<std::uint32_t> slot(cap, 0);
  std::vector<std::uint32_t> first;  // first row of each pattern
  std::vector<double> wsum;          // summed weight of each pattern
  const auto bits = [](double v) { return std::bit_cast<std::uint64_t>(v + 0.0); };  // -0 -> +0
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t kx = bits(d.frequency[i]), kt = bits(d.recency[i]), kT = bits(d.age[i]);
    std::uint64_t h = kx * 0x9E3779B97F4A7C15ull;
    h ^= (kt + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    h ^= (kT + 0x165667B19E3779F9ull) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 29;
    std::size_t s = static_cast<std::size_t>(h) & (cap - 1);
    for (;;) {
      const std::uint32_t e = slot[s];
      if (e == 0) {
        slot[s] = static_cast<std::uint32_t>(first.size() + 1);
        first.push_back(static_cast<std::uint32_t>(i));
        wsum.push_back(d.weight_of(i));
        break;
      }
      const std::size_t r = first[e - 1];
      if (bits(d.frequency[r]) == kx && bits(d.recency[r]) == kt && bits(d.age[r]) == kT) {
        wsum[e - 1] += d.weight_of(i);
        break;
      }
      s = (s + 1) & (cap - 1);
    }
  }
  std::vector<std::uint32_t> order(first.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const std::size_t ra = first[a], rb = first[b];
    return std::tuple(d.frequency[ra] + 0.0, d.recency[ra] + 0.0, d.age[ra] + 0.0) <
           std::tuple(d.frequency[rb] + 0.0, d.recency[rb] + 0.0, d.age[rb] + 0.0);
  });
  rfm_patterns out;
  const std::size_t m = order.size();
  out.frequency.resize(m);
  out.recency.resize(m);
  out.age.resize(m);
  out.weight.resize(m);
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t r = first[order[k]];
    out.frequency[k] = d.frequency[r] + 0.0;
    out.recency[k] = d.recency[r] + 0.0;
    out.age[k] = d.age[r] + 0.0;
    out.weight[k] = wsum[order[k]];
  }
  return out;
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
