// Input domains and the chunked walk that every closed-form CLV call shares:
// caller buffers -> validation (once, precise error) -> kernel on chunks.
#pragma once

#include <northstar/core/column.hpp>
#include <northstar/core/config.hpp>  // NORTHSTAR_ALWAYS_INLINE
#include <northstar/core/error.hpp>
#include <northstar/core/parallel.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

/// Elements per chunk: the kernel's unit of work (staging buffers stay in L1).
inline constexpr std::size_t chunk = 512;
/// Elements per block: thread ranges start at block boundaries, so every
/// per-block partial result is the same whatever the thread count.
inline constexpr std::size_t block = std::size_t{1} << 16;

/// Number of parts parallel_ranges will use for n elements cut at multiples
/// of grain (>= 1).
inline std::size_t resolve_parts(std::size_t n, unsigned threads, std::size_t grain = block) noexcept {
  const std::size_t blocks = (n + grain - 1) / grain;
  return std::max<std::size_t>(1, std::min<std::size_t>(northstar::detail::resolve_threads(threads), blocks));
}

/// The allowed values of one input.
enum class domain {
  finite,           ///< any finite number
  nonnegative,      ///< [0, inf)
  probability,      ///< [0, 1]
  at_most_one,      ///< (-inf, 1]
  above_minus_one,  ///< (-1, inf)
  horizon,          ///< whole number >= 0, or +inf meaning no horizon
};

/// Name and domain of a formula's input.
struct input_spec {
  std::string_view name;
  domain dom;
};

/// A failed check: which input, which element, what value, and why.
struct violation {
  std::size_t index = std::numeric_limits<std::size_t>::max();
  std::size_t input = 0;
  double value = 0;
  errc code = errc::ok;
  std::string_view reason;
  [[nodiscard]] bool found() const noexcept { return code != errc::ok; }
};

// Branch-free (bitwise & and |) so that the checking loops vectorise.
template <class T>
NORTHSTAR_ALWAYS_INLINE constexpr bool in_domain(domain d, T v) noexcept {
  constexpr T big = std::numeric_limits<T>::max();
  constexpr T inf = std::numeric_limits<T>::infinity();
  switch (d) {
    case domain::finite:
      return (v >= -big) & (v <= big);
    case domain::nonnegative:
      return (v >= T(0)) & (v <= big);
    case domain::probability:
      return (v >= T(0)) & (v <= T(1));
    case domain::at_most_one:
      return (v >= -big) & (v <= T(1));
    case domain::above_minus_one:
      return (v > T(-1)) & (v <= big);
    case domain::horizon:
      return (v >= T(0)) & ((v == inf) | (v == std::floor(v)));
  }
  return false;
}

/// Flag accumulator, as wide as T (so flag loops vectorise without packing).
template <class T>
using flag_t = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;

/// Bounds of the interval domains as a closed range [lo, hi] checked with
/// ordered compares (false for NaN; +-max excludes the infinities). Only
/// above_minus_one has an open end, so lo_open says whether lo is excluded.
template <class T>
struct domain_range {
  T lo, hi;
  bool lo_open;
};
template <domain D, class T>
constexpr domain_range<T> range_of() noexcept {
  constexpr T big = std::numeric_limits<T>::max();
  switch (D) {
    case domain::finite:
      return {-big, big, false};
    case domain::nonnegative:
      return {T(0), big, false};
    case domain::probability:
      return {T(0), T(1), false};
    case domain::at_most_one:
      return {-big, T(1), false};
    case domain::above_minus_one:
      return {T(-1), big, true};
    case domain::horizon:  // checked by its own loop; here only >= 0 (NaN fails)
      return {T(0), std::numeric_limits<T>::infinity(), false};
  }
  return {};
}

/// 1 when v is outside domain D, else 0: in_domain's test written so that a
/// loop of it vectorises on every ISA (horizon wholeness as v + 2^52 - 2^52 == v
/// below 2^52, 2^23 for float, instead of floor, a library call on SSE2).
template <domain D, class T>
NORTHSTAR_ALWAYS_INLINE flag_t<T> outside(T v) noexcept {
  using F = flag_t<T>;
  if constexpr (D == domain::horizon) {
    constexpr T whole = sizeof(T) == 8 ? T(0x1p52) : T(0x1p23);
    return F(1) ^ (F(v >= T(0)) & (F(v >= whole) | F((v + whole) - whole == v)));
  } else {
    constexpr auto r = range_of<D, T>();
    return F(1) ^ ((r.lo_open ? F(v > r.lo) : F(v >= r.lo)) & F(v <= r.hi));
  }
}

/// The per-customer domain test of a formula's inputs, for kernels that
/// validate in the same loop that computes (validation::fused): operator()(i)
/// is nonzero when some input of customer i is outside its domain. It is a
/// superset test (a few in-domain values such as -0.0 or a sum of inputs that
/// overflows are flagged too, which only costs a slower look): check_chunk then
/// names the element, and the cross-input rules, such as the retention
/// formula's divergence, stay in check_chunk. Inputs whose bit is set in Skip
/// are not tested: a kernel that knows an input is a broadcast value (validated
/// once per call) drops it with without<K>().
///
/// Written to be cheap per customer, since it runs inside the kernel's loop:
/// - NaN or an infinity in any interval-domain input makes the sum of those
///   inputs NaN or infinite, and s - s is then NaN (nonzero bits) where it is
///   +0 (zero bits) for a finite s: one add per input and one subtraction;
/// - a negative value in a domain bounded below by 0 sets its sign bit, so the
///   bitwise or of those inputs has the sign bit set: one or per input;
/// - the other finite bounds (<= 1, > -1) are one compare each;
/// - horizons (whole numbers or +inf) keep the exact test of outside().
/// No compare feeds another, so the test adds no dependency chain to the loop
/// (a chain of masked compares, as an and of per-input ranges compiles to
/// with AVX-512, made the kernel latency-bound).
template <class Formula, unsigned Skip = 0>
struct domain_test {
  using T = typename Formula::value_type;
  using F = flag_t<T>;
  static constexpr bool active = true;
  const std::array<const T*, Formula::inputs.size()>& p;
  template <std::size_t K>
  [[nodiscard]] NORTHSTAR_ALWAYS_INLINE domain_test<Formula, Skip | (1u << K)> without() const noexcept {
    return {p};
  }
  NORTHSTAR_ALWAYS_INLINE F operator()(std::size_t i) const noexcept {
    // -0.0 + v == v for every v, so the sum starts without an extra add.
    T sum = -T(0);
    F signs = 0, bounds = 0;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (one<K>(p[K][i], sum, signs, bounds), ...);
    }
    (std::make_index_sequence<Formula::inputs.size()>{});
    return std::bit_cast<F>(T(sum - sum)) | (signs & std::numeric_limits<F>::min()) | bounds;
  }

 private:
  template <std::size_t K>
  NORTHSTAR_ALWAYS_INLINE static void one(T v, T& sum, F& signs, F& bounds) noexcept {
    constexpr domain D = Formula::inputs[K].dom;
    if constexpr ((Skip >> K) & 1u) {
      return;
    } else if constexpr (D == domain::horizon) {
      bounds |= outside<D>(v);
    } else {
      constexpr auto r = range_of<D, T>();
      sum += v;
      if constexpr (r.lo == T(0)) signs |= std::bit_cast<F>(v);
      if constexpr (r.lo != T(0) && r.lo != -std::numeric_limits<T>::max())
        bounds |= -F(r.lo_open ? v <= r.lo : v < r.lo);
      if constexpr (r.hi != std::numeric_limits<T>::max()) bounds |= -F(v > r.hi);
    }
  }
};

/// The absent test: kernels called without validation.
struct no_test {
  static constexpr bool active = false;
  template <std::size_t K>
  [[nodiscard]] NORTHSTAR_ALWAYS_INLINE no_test without() const noexcept {
    return {};
  }
  NORTHSTAR_ALWAYS_INLINE constexpr std::int32_t operator()(std::size_t) const noexcept { return 0; }
};

template <class T>
violation describe(domain d, std::size_t input, std::size_t index, T v) noexcept {
  violation out{index, input, static_cast<double>(v), errc::invalid_argument, {}};
  if (std::isnan(v)) {
    out.code = errc::not_finite;
    out.reason = "is not a number";
    return out;
  }
  if (std::isinf(v) && d != domain::horizon) {
    out.code = errc::not_finite;
    out.reason = "must be finite";
    return out;
  }
  switch (d) {
    case domain::finite:
      out.reason = "must be finite";
      break;
    case domain::nonnegative:
      out.reason = "must be >= 0";
      break;
    case domain::probability:
      out.reason = "must be in [0, 1]";
      break;
    case domain::at_most_one:
      out.reason = "must be <= 1";
      break;
    case domain::above_minus_one:
      out.reason = "must be > -1";
      break;
    case domain::horizon:
      out.reason = "must be a whole number of periods >= 0 (or +inf for none)";
      break;
  }
  return out;
}

// True when every element of p[0, n) lies in domain D. Every domain except
// `horizon` is an interval, so the hot loop tracks each lane's min and max
// plus sum(v - v) (NaN as soon as one element is NaN or infinite) and checks
// them once at the end. Written with GCC/Clang vector extensions (SSE2 on the
// x86-64 baseline, wider with -march) because compilers do not vectorise a
// &-reduction of floating-point compares on their own.
template <domain D, std::size_t W, class T>
NORTHSTAR_ALWAYS_INLINE bool all_in_domain(const T* p, std::size_t n) noexcept {
  std::size_t i = 0;
  bool ok = true;
#if defined(__GNUC__) && !defined(NORTHSTAR_NO_VECTOR_EXTENSIONS)
  if constexpr (D != domain::horizon) {
    typedef T vec __attribute__((vector_size(W)));
    constexpr std::size_t L = W / sizeof(T);
    vec lo[2], hi[2], z[2];
    for (int k = 0; k < 2; ++k) {
      lo[k] = vec{} + std::numeric_limits<T>::infinity();
      hi[k] = -lo[k];
      z[k] = vec{};
    }
    // Infinities and NaN make z NaN, so a bound at +-infinity needs no tracking.
    constexpr bool track_lo = D != domain::finite && D != domain::at_most_one;
    constexpr bool track_hi = D == domain::probability || D == domain::at_most_one;
    for (; i + 2 * L <= n; i += 2 * L) {
      for (std::size_t k = 0; k < 2; ++k) {
        vec v;
        std::memcpy(&v, p + i + k * L, sizeof v);
        if constexpr (track_lo) lo[k] = v < lo[k] ? v : lo[k];
        if constexpr (track_hi) hi[k] = v > hi[k] ? v : hi[k];
        z[k] += v - v;
      }
    }
    if constexpr (!track_lo)
      for (std::size_t k = 0; k < 2; ++k) lo[k] = vec{};
    if constexpr (!track_hi)
      for (std::size_t k = 0; k < 2; ++k) hi[k] = vec{};
    if (i > 0)
      for (std::size_t k = 0; k < 2; ++k)
        for (std::size_t j = 0; j < L; ++j)
          ok &= static_cast<int>(in_domain(D, lo[k][j])) & static_cast<int>(in_domain(D, hi[k][j])) &
                static_cast<int>(z[k][j] == T(0));
  }
#endif
  for (; i < n; ++i) ok &= in_domain(D, p[i]);
  return ok;
}

// The first element outside the domain, found again by a plain scan (rare).
template <domain D, class T>
violation find_violation(std::size_t input, const T* p, std::size_t n, std::size_t offset) noexcept {
  for (std::size_t i = 0; i < n; ++i)
    if (!in_domain(D, p[i])) return describe(D, input, offset + i, p[i]);
  return {};
}

template <domain D, std::size_t W, class T>
NORTHSTAR_ALWAYS_INLINE violation check_array_in(std::size_t input, const T* p, std::size_t n,
                                                 std::size_t offset) noexcept {
  if (all_in_domain<D, W>(p, n)) return {};
  return find_violation<D>(input, p, n, offset);
}

/// First element of p[0, n) outside domain d (global index offset + i), if any,
/// checked with W-byte vectors. The domain is dispatched once per chunk.
template <std::size_t W, class T>
NORTHSTAR_ALWAYS_INLINE violation check_array(domain d, std::size_t input, const T* p, std::size_t n,
                                              std::size_t offset) noexcept {
  switch (d) {
    case domain::finite:
      return check_array_in<domain::finite, W>(input, p, n, offset);
    case domain::nonnegative:
      return check_array_in<domain::nonnegative, W>(input, p, n, offset);
    case domain::probability:
      return check_array_in<domain::probability, W>(input, p, n, offset);
    case domain::at_most_one:
      return check_array_in<domain::at_most_one, W>(input, p, n, offset);
    case domain::above_minus_one:
      return check_array_in<domain::above_minus_one, W>(input, p, n, offset);
    case domain::horizon:
      return check_array_in<domain::horizon, W>(input, p, n, offset);
  }
  return {};
}

/// Throws the error for a violation found by `Formula`.
template <class Formula>
[[noreturn]] void raise(const Formula& f, const violation& v, bool broadcast) {
  const auto name = Formula::inputs[v.input].name;
  if (broadcast) {
    std::string what(name);
    what += " = ";
    what += northstar::detail::format_value(v.value);
    what += ": ";
    what += v.reason;
    northstar::detail::fail(v.code, Formula::name, what);
  }
  (void)f;
  northstar::detail::fail_element(v.code, Formula::name, name, v.index, v.value, v.reason);
}

/// Number of customers the formula's array inputs describe, checking they agree
/// with each other and with `expected` (if not npos). Throws size_mismatch.
template <class Formula>
std::size_t customer_count(const Formula& f, std::size_t expected, std::string_view expected_what) {
  constexpr auto npos = std::numeric_limits<std::size_t>::max();
  std::size_t n = expected;
  std::string_view first = expected_what;
  const auto cols = f.columns();
  for (std::size_t k = 0; k < cols.size(); ++k) {
    if (cols[k].is_broadcast()) continue;
    if (n == npos) {
      n = cols[k].size();
      first = Formula::inputs[k].name;
    } else if (cols[k].size() != n) {
      northstar::detail::fail(errc::size_mismatch, Formula::name,
                              std::string(Formula::inputs[k].name) + " has " +
                                  std::to_string(cols[k].size()) + " elements but " + std::string(first) +
                                  " has " + std::to_string(n));
    }
  }
  return n;
}

/// Checks the broadcast inputs (once per call) and throws on the first bad one.
template <class Formula>
void check_broadcasts(const Formula& f) {
  const auto cols = f.columns();
  for (std::size_t k = 0; k < cols.size(); ++k) {
    if (!cols[k].is_broadcast()) continue;
    const auto d = Formula::inputs[k].dom;
    if (!in_domain(d, cols[k].value())) raise(f, describe(d, k, 0, cols[k].value()), true);
  }
  const auto v = f.check_broadcast_combination();
  if (v.found()) raise(f, v, true);
}

/// Walks [begin, end) in chunks. For each chunk, body(p, len, offset) gets one
/// pointer per input: into the caller's array, or into a staging buffer filled
/// once with the broadcast value. No allocation: the buffers live on the stack.
template <class Formula, class Body>
void for_each_chunk(const Formula& f, std::size_t begin, std::size_t end, Body&& body) {
  using T = typename Formula::value_type;
  constexpr std::size_t N = Formula::inputs.size();
  const auto cols = f.columns();
  alignas(64) T stage[N][chunk];
  std::array<const T*, N> p{};
  for (std::size_t k = 0; k < N; ++k)
    if (cols[k].is_broadcast()) std::fill_n(stage[k], chunk, cols[k].value());
  for (std::size_t c = begin; c < end; c += chunk) {
    const std::size_t len = std::min(chunk, end - c);
    for (std::size_t k = 0; k < N; ++k) p[k] = cols[k].is_broadcast() ? stage[k] : cols[k].data() + c;
    body(p, len, c);
  }
}

/// good[k] &= (lo <= v <= hi) lane by lane for the L values at p[k] + i, every
/// input k at once. (A function, not a lambda: GCC 12 drops the vector_size of
/// a dependent typedef named inside a generic lambda, silently going scalar.)
template <class Formula, class V, class M, std::size_t... K>
NORTHSTAR_ALWAYS_INLINE void ranges_step(
    M* good, const std::array<const typename Formula::value_type*, sizeof...(K)>& p, std::size_t i,
    std::index_sequence<K...>) noexcept {
  using T = typename Formula::value_type;
  const auto step = [&]<domain D>(M& g, const T* at) {
    constexpr auto r = range_of<D, T>();
    V v;
    std::memcpy(&v, at, sizeof v);
    if constexpr (r.lo_open)
      g &= (v > r.lo) & (v <= r.hi);
    else
      g &= (v >= r.lo) & (v <= r.hi);
  };
  (step.template operator()<Formula::inputs[K].dom>(good[K], p[K] + i), ...);
}

/// True when every input of a chunk (arrays and the staged broadcast values)
/// lies in its domain. One loop in which all inputs advance together, like the
/// kernel's: the prefetchers see as many concurrent streams as there are
/// inputs, where a check of one input after the other would touch each input's
/// 4 KiB page in a burst of its own. Each input has its own accumulator of
/// range compares (lo <= v <= hi, two compares and two ands per vector, no
/// dependency between inputs), so the check costs about as much as the
/// kernel's arithmetic and hides under the memory traffic. Horizon inputs
/// (whole numbers or +inf) get a second loop for wholeness.
template <std::size_t W, class Formula>
NORTHSTAR_ALWAYS_INLINE bool chunk_in_domains(
    const std::array<const typename Formula::value_type*, Formula::inputs.size()>& p,
    std::size_t len) noexcept {
  using T = typename Formula::value_type;
  constexpr std::size_t N = Formula::inputs.size();
  std::size_t i = 0;
  bool ok = true;
#if defined(__GNUC__) && !defined(NORTHSTAR_NO_VECTOR_EXTENSIONS)
  typedef T vec __attribute__((vector_size(W)));
  using I = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;
  typedef I mask __attribute__((vector_size(W)));
  constexpr std::size_t L = W / sizeof(T);
  mask good[N];
  for (auto& g : good) g = mask{} - 1;  // all lanes true
  for (; i + L <= len; i += L) ranges_step<Formula, vec>(good, p, i, std::make_index_sequence<N>{});
  mask all = good[0];
  for (std::size_t k = 1; k < N; ++k) all &= good[k];
  for (std::size_t j = 0; j < L; ++j) ok &= all[j] != 0;
  // Horizons: >= 0 and whole (v + 2^52 - 2^52 == v below 2^52, rounding to
  // nearest; 2^23 for float) or +inf.
  for (std::size_t k = 0; k < N; ++k) {
    if (Formula::inputs[k].dom != domain::horizon) continue;
    constexpr T big = sizeof(T) == 8 ? T(0x1p52) : T(0x1p23);
    auto whole = vec{} == vec{};  // all lanes true
    for (std::size_t j = 0; j < i; j += L) {
      vec v;
      std::memcpy(&v, p[k] + j, sizeof v);
      whole &= (v >= T(0)) & ((v >= big) | ((v + big) - big == v));
    }
    for (std::size_t j = 0; j < L; ++j) ok &= whole[j] != 0;
  }
#endif
  for (std::size_t k = 0; k < N; ++k)
    for (std::size_t j = i; j < len; ++j) ok &= in_domain(Formula::inputs[k].dom, p[k][j]);
  return ok;
}

/// Checks the array inputs of one chunk and the formula's cross-input rules.
template <std::size_t W, class Formula>
NORTHSTAR_ALWAYS_INLINE violation check_chunk(
    const Formula& f, const std::array<const typename Formula::value_type*, Formula::inputs.size()>& p,
    std::size_t len, std::size_t offset) noexcept {
  const auto cols = f.columns();
  violation first;
  // Fast path: one interleaved pass; the per-input scans below run only to
  // name the first bad element.
  if (!chunk_in_domains<W, Formula>(p, len))
    for (std::size_t k = 0; k < cols.size(); ++k) {
      if (cols[k].is_broadcast()) continue;
      const auto v = check_array<W>(Formula::inputs[k].dom, k, p[k], len, offset);
      if (v.found() && v.index < first.index) first = v;
    }
  const auto x = f.check_combination(p, len, offset);
  if (x.found() && x.index < first.index) first = x;
  return first;
}

/// Keeps the violation with the lowest index (so errors do not depend on threads).
inline void keep_first(violation& into, const violation& v) noexcept {
  if (v.found() && v.index < into.index) into = v;
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
