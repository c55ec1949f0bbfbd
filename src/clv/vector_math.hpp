// exp, log and log1p over lanes of doubles (GCC/Clang vector extensions), for
// the per-customer kernels of the probabilistic models. Written once over the
// vector width and force-inlined, so each ISA-specific kernel (see
// dispatch.hpp: x86-64 baseline with 2 lanes, AVX2 with 4) gets its own copy.
// No FMA: the same bits on every ISA. Accuracy (tested against the C library
// on random and edge inputs in tests/clv/test_vector_math.cpp): within 2 ulp
// for exp and log, 4 ulp for log1p, with the C library's values at 0, +-inf,
// NaN, overflow, underflow and subnormals.
//   exp: Cody & Waite reduction x = k ln2 + r, |r| <= ln2/2, Taylor series to
//        r^13 (truncation < 5e-18), scaling by 2^k in two steps.
//   log: x = m 2^e, m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s),
//        s = (m-1)/(m+1), |s| < 0.172, series to s^21 (truncation < 1e-18).
//   log1p: Goldberg's correction log(1+y) = log(u) y / (u - 1), u = 1 + y.
#pragma once

#include <northstar/core/config.hpp>  // NORTHSTAR_BEGIN_NAMESPACE, NORTHSTAR_ALWAYS_INLINE

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__GNUC__) && !defined(NORTHSTAR_NO_VECTOR_EXTENSIONS)
#define NORTHSTAR_HAS_VECTOR_MATH 1
#else
#define NORTHSTAR_HAS_VECTOR_MATH 0
#endif

#if NORTHSTAR_HAS_VECTOR_MATH
// 32-byte vectors in functions without AVX: GCC warns that their calling
// convention differs. Everything here is force-inlined into its caller, so no
// such call exists.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail::vmath {

/// W bytes of doubles, and of 64-bit integers in the same lanes.
template <std::size_t W>
struct lanes {
  typedef double vd __attribute__((vector_size(W)));
  typedef std::int64_t vi __attribute__((vector_size(W)));
  static constexpr std::size_t size = W / sizeof(double);
};

template <class To, class From>
NORTHSTAR_ALWAYS_INLINE To bits(From v) noexcept {
  To out;
  std::memcpy(&out, &v, sizeof out);
  return out;
}

template <class V>
NORTHSTAR_ALWAYS_INLINE V load(const double* p) noexcept {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <class V>
NORTHSTAR_ALWAYS_INLINE void store(double* p, V v) noexcept {
  std::memcpy(p, &v, sizeof v);
}

template <class V>
NORTHSTAR_ALWAYS_INLINE V broadcast(double x) noexcept {
  return V{} + x;
}

/// e^x in every lane.
template <class V>
NORTHSTAR_ALWAYS_INLINE V exp(V x) noexcept {
  using I = decltype(bits<V, V>(x) < x);  // the integer vector of V's lanes
  const V shifter = V{} + 0x1.8p52;       // adding it rounds to an integer in the low bits
  // Clamp (NaN passes through): beyond the bounds the result is inf or 0 anyway.
  V xc = x > 710.0 ? V{} + 710.0 : x;
  xc = xc < -746.0 ? V{} - 746.0 : xc;
  V kd = xc * 1.4426950408889634 + shifter;  // k = round(x / ln 2)
  const I k = bits<I>(kd) - bits<I>(shifter);
  kd -= shifter;
  // r = x - k ln2, with ln2 split so that k * ln2_hi is exact (|k| < 2^11).
  const V r = (xc - kd * 6.93147180369123816490e-01) - kd * 1.90821492927058770002e-10;
  // Taylor series of e^r to r^13 by Estrin's scheme (short dependency chains).
  const V r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  const V p01 = 1.0 + r, p23 = 0.5 + r * (1.0 / 6), p45 = 1.0 / 24 + r * (1.0 / 120),
          p67 = 1.0 / 720 + r * (1.0 / 5040), p89 = 1.0 / 40320 + r * (1.0 / 362880),
          pab = 1.0 / 3628800 + r * (1.0 / 39916800), pcd = 1.0 / 479001600 + r * (1.0 / 6227020800);
  const V q0 = p01 + p23 * r2, q1 = p45 + p67 * r2, q2 = p89 + pab * r2;
  const V p = (q0 + q1 * r4) + (q2 + pcd * r4) * r8;
  // 2^k = 2^k1 2^k2 with both halves in the normal range (k in [-1077, 1025]).
  const I k1 = k >> 1, k2 = k - k1;
  const V s1 = bits<V>((k1 + 1023) << 52), s2 = bits<V>((k2 + 1023) << 52);
  return p * s1 * s2;
}

/// Natural logarithm in every lane (-inf at 0, NaN below 0 or at NaN).
template <class V>
NORTHSTAR_ALWAYS_INLINE V log(V x) noexcept {
  using I = decltype(bits<V, V>(x) < x);
  const V shifter = V{} + 0x1.8p52;
  // Subnormals: scale by 2^52 first.
  const I sub = x < 0x1p-1022;
  const V xs = sub ? x * 0x1p52 : x;
  const I b = bits<I>(xs);
  I e = ((b >> 52) & 0x7FF) - 1023 + (sub & -52);
  V m = bits<V>((b & 0x000FFFFFFFFFFFFFll) | 0x3FF0000000000000ll);  // [1, 2)
  const I big = m > 1.4142135623730951;
  m = big ? m * 0.5 : m;
  e -= big;  // comparisons give -1 for true
  const V s = (m - 1.0) / (m + 1.0), s2 = s * s;
  // sum_{i=0..9} 2 s2^i / (2i + 3) by Estrin's scheme.
  const V z2 = s2 * s2, z4 = z2 * z2, z8 = z4 * z4;
  const V b0 = 2.0 / 3 + s2 * (2.0 / 5), b1 = 2.0 / 7 + s2 * (2.0 / 9), b2 = 2.0 / 11 + s2 * (2.0 / 13),
          b3 = 2.0 / 15 + s2 * (2.0 / 17), b4 = 2.0 / 19 + s2 * (2.0 / 21);
  const V p = ((b0 + b1 * z2) + (b2 + b3 * z2) * z4) + b4 * z8;
  const V log_m = (s + s) + s * s2 * p;
  const V ed = bits<V>(bits<I>(shifter) + e) - shifter;  // exact: |e| < 2^11
  V out = ed * 6.93147180369123816490e-01 + (log_m + ed * 1.90821492927058770002e-10);
  // Special values, as the C library gives them.
  const V inf = V{} + __builtin_inf();
  out = x == inf ? inf : out;
  out = x == 0.0 ? -inf : out;
  out = x < 0.0 ? V{} + __builtin_nan("") : out;
  out = x != x ? x : out;
  return out;
}

/// log(1 + y) in every lane, accurate for small y.
template <class V>
NORTHSTAR_ALWAYS_INLINE V log1p(V y) noexcept {
  const V u = 1.0 + y;
  const V d = u - 1.0;
  const V out = log(u) * (y / (d == 0.0 ? V{} + 1.0 : d));
  // u == 1: y below half an ulp of 1, where log1p(y) = y to double precision;
  // u == inf: y huge, log(u) is right and y / d is NaN.
  return d == 0.0 ? y : (u == __builtin_inf() ? log(u) : out);
}

}  // namespace clv::detail::vmath
NORTHSTAR_END_NAMESPACE
#pragma GCC diagnostic pop
#endif
