// Runtime dispatch of the closed-form kernels: the same source compiled once
// for the x86-64 baseline and once for AVX2 (GCC/Clang target attribute), the
// kernel and its checks force-inlined into each so no code is shared between
// the variants (simdjson's approach with templates instead of namespaces).
#pragma once

#include <northstar/clv/detail/inputs.hpp>
#include <northstar/clv/run_options.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && !defined(NORTHSTAR_NO_DISPATCH)
#define NORTHSTAR_HAS_AVX2_DISPATCH 1
#else
#define NORTHSTAR_HAS_AVX2_DISPATCH 0
#endif

// The chunk functions are compiled in the caller's translation unit, with the
// caller's flags; GCC at -O2 (CMake's RelWithDebInfo) vectorises only loops
// that need no remainder, so the kernels would run scalar, 4-10x slower. With
// GCC they carry their own optimisation level, and no FMA contraction (GNU
// modes contract by default once -march allows FMA, which would change bits
// between variants).
// NORTHSTAR_KERNEL_O1 (set by the asan preset) lowers that to -O1: under
// AddressSanitizer the kernels' -O3 code takes 40% of the test build's time.
// The same operations in the same order, so the same bits; not the speed.
#if defined(__GNUC__) && !defined(__clang__)
#if defined(NORTHSTAR_KERNEL_O1)
#define NORTHSTAR_KERNEL_OPT_LEVEL "O1"
#else
#define NORTHSTAR_KERNEL_OPT_LEVEL "O3"
#endif
#define NORTHSTAR_KERNEL_OPTIMIZE __attribute__((optimize(NORTHSTAR_KERNEL_OPT_LEVEL, "fp-contract=off")))
#else
#define NORTHSTAR_KERNEL_OPTIMIZE
#endif

// AVX-512 closed-form kernels need FMA contraction off in their body (an
// avx512f target enables FMA, and a*b - c fused would round differently from
// the other variants); NORTHSTAR_KERNEL_OPTIMIZE does that with GCC. Clang has
// no per-function equivalent for inlined code, so Clang stops at AVX2.
#if NORTHSTAR_HAS_AVX2_DISPATCH && !defined(__clang__)
#define NORTHSTAR_HAS_AVX512_DISPATCH 1
#else
#define NORTHSTAR_HAS_AVX512_DISPATCH 0
#endif

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define NORTHSTAR_HAS_STREAMING_STORES 1
#else
#define NORTHSTAR_HAS_STREAMING_STORES 0
#endif

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

/// Outputs larger than this are written with non-temporal (streaming) stores:
/// they would not stay in the caches anyway, and streaming skips reading each
/// output cache line before overwriting it. Smaller outputs stay cached.
inline constexpr std::size_t streaming_threshold_bytes = std::size_t{32} << 20;

/// Copies n values from an aligned L1 buffer to dst with streaming stores
/// (dst 16-byte aligned; otherwise a plain copy).
template <class T>
NORTHSTAR_ALWAYS_INLINE void stream_copy(T* dst, const T* src, std::size_t n) noexcept {
#if NORTHSTAR_HAS_STREAMING_STORES
  if (reinterpret_cast<std::uintptr_t>(dst) % 16 == 0) {
    constexpr std::size_t L = 16 / sizeof(T);
    std::size_t i = 0;
    for (; i + L <= n; i += L) {
      if constexpr (sizeof(T) == 8)
        _mm_stream_pd(reinterpret_cast<double*>(dst + i),
                      _mm_load_pd(reinterpret_cast<const double*>(src + i)));
      else
        _mm_stream_ps(reinterpret_cast<float*>(dst + i),
                      _mm_load_ps(reinterpret_cast<const float*>(src + i)));
    }
    for (; i < n; ++i) dst[i] = src[i];
    return;
  }
#endif
  std::memcpy(dst, src, n * sizeof(T));
}

/// Orders this thread's streaming stores before it reports completion.
inline void stream_fence() noexcept {
#if NORTHSTAR_HAS_STREAMING_STORES
  _mm_sfence();
#endif
}

template <class Formula>
using chunk_pointers = std::array<const typename Formula::value_type*, Formula::inputs.size()>;

/// Where a chunk's values go.
enum class write_mode {
  direct,    ///< the kernel writes straight into out (a reduction's scratch, or
             ///< the compute pass after upfront validation)
  staged,    ///< into an L1 buffer, copied to out once the chunk is valid
  streamed,  ///< staged, then copied with streaming stores (large outputs)
};

/// True when f's kernel, called with a domain test, also tests the formula's
/// cross-input rules (a formula says so with kernel_checks_combination()).
template <class Formula>
NORTHSTAR_ALWAYS_INLINE bool kernel_checks_combination(const Formula& f) noexcept {
  if constexpr (requires { f.kernel_checks_combination(); })
    return f.kernel_checks_combination();
  else
    return false;
}

/// What a reduction folds from each chunk inside the chunk function, with the
/// kernel's instruction set (the values are still in L1): the chunk's sum and
/// the running min and max of the values.
struct chunk_fold {
  double sum = 0;                                         ///< sum of the last chunk (see chunk_sum)
  double min = std::numeric_limits<double>::infinity();   ///< running min over the chunks folded
  double max = -std::numeric_limits<double>::infinity();  ///< running max
};

/// Sum of v[0, n) in double: 8 interleaved accumulators (lane j takes elements
/// j, j + 8, ...), combined pairwise at the end; the same order, so the same
/// bits, on every instruction set and thread count. The 8 lanes are held in
/// 64 / W vectors of W bytes (GCC vector extensions; it does not vectorise the
/// scalar form across the accumulators).
template <std::size_t W, class T>
NORTHSTAR_ALWAYS_INLINE double chunk_sum(const T* v, std::size_t n) noexcept {
  double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t i = 0;
#if defined(__GNUC__) && !defined(NORTHSTAR_NO_VECTOR_EXTENSIONS)
  constexpr std::size_t L = W / sizeof(double), K = 8 / L;  // lanes per vector, vectors
  typedef double vd __attribute__((vector_size(W)));
  typedef T vt __attribute__((vector_size(L * sizeof(T))));
  vd a[K];
  for (auto& x : a) x = vd{};
  for (; i + 8 <= n; i += 8)
    for (std::size_t k = 0; k < K; ++k) {
      vt x;
      std::memcpy(&x, v + i + k * L, sizeof x);
      a[k] += __builtin_convertvector(x, vd);
    }
  for (std::size_t k = 0; k < K; ++k)
    for (std::size_t j = 0; j < L; ++j) acc[k * L + j] = a[k][j];
#endif
  for (; i + 8 <= n; i += 8)
    for (std::size_t j = 0; j < 8; ++j) acc[j] += static_cast<double>(v[i + j]);
  for (std::size_t j = 0; i < n; ++i, ++j) acc[j] += static_cast<double>(v[i]);
  return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

/// Folds v[0, n) into the running mn and mx (values are never NaN). Each of
/// the 64 / sizeof(T) positions in a 64-byte block keeps its own min and max
/// (no chain of compare latencies), held in 64 / W vectors of W bytes and
/// combined in position order; in T, as converting to double is exact and
/// keeps the order. The fixed pattern makes even the sign of a zero min the
/// same on every ISA.
template <std::size_t W, class T>
NORTHSTAR_ALWAYS_INLINE void chunk_min_max(const T* v, std::size_t n, double& mn, double& mx) noexcept {
  constexpr T inf = std::numeric_limits<T>::infinity();
  T lo_all = inf, hi_all = -inf;
  std::size_t i = 0;
#if defined(__GNUC__) && !defined(NORTHSTAR_NO_VECTOR_EXTENSIONS)
  constexpr std::size_t L = W / sizeof(T), K = 64 / W;
  typedef T vec __attribute__((vector_size(W)));
  vec lo[K], hi[K];
  for (std::size_t k = 0; k < K; ++k)
    for (std::size_t j = 0; j < L; ++j) lo[k][j] = inf, hi[k][j] = -inf;
  for (; i + K * L <= n; i += K * L)
    for (std::size_t k = 0; k < K; ++k) {
      vec x;
      std::memcpy(&x, v + i + k * L, sizeof x);
      lo[k] = x < lo[k] ? x : lo[k];
      hi[k] = x > hi[k] ? x : hi[k];
    }
  for (std::size_t k = 0; k < K; ++k)
    for (std::size_t j = 0; j < L; ++j) {
      lo_all = lo[k][j] < lo_all ? lo[k][j] : lo_all;
      hi_all = hi[k][j] > hi_all ? hi[k][j] : hi_all;
    }
#endif
  for (; i < n; ++i) {
    lo_all = v[i] < lo_all ? v[i] : lo_all;
    hi_all = v[i] > hi_all ? v[i] : hi_all;
  }
  const double lo_d = static_cast<double>(lo_all), hi_d = static_cast<double>(hi_all);
  mn = lo_d < mn ? lo_d : mn;
  mx = hi_d > mx ? hi_d : mx;
}

/// One chunk: optionally check the inputs, then (when out != nullptr) compute.
template <class Formula>
using chunk_function = violation (*)(const Formula&, const chunk_pointers<Formula>&,
                                     typename Formula::value_type*, std::size_t len, std::size_t offset,
                                     bool check, write_mode mode, chunk_fold* fold);

/// The kernel with its in-loop domain test (one add or compare per input)
/// into dest; check_chunk runs only on a bad chunk, to name its first bad
/// element. (A plain function, always inlined: a lambda would be compiled
/// apart, without the caller's target and optimize attributes.)
template <std::size_t W, class Formula>
NORTHSTAR_ALWAYS_INLINE violation checked_kernel(const Formula& f, const chunk_pointers<Formula>& p,
                                                 typename Formula::value_type* dest, std::size_t len,
                                                 std::size_t offset) noexcept {
  return f.kernel(p, dest, len, domain_test<Formula>{p}) != 0
             ? check_chunk<W>(f, p, len, offset)
             : (kernel_checks_combination(f) ? violation{} : f.check_combination(p, len, offset));
}

/// out == nullptr: validation only (the upfront pass). check == false: compute only. Both
/// (validation::fused): the kernel tests every input's domain in the loop that computes, so the chunk is read
/// once; only a chunk with a bad value runs check_chunk, which names it. The values of a bad chunk never
/// reach out unless mode is direct. With fold (direct mode only), a valid chunk's values are folded into it.
template <std::size_t W, std::size_t FoldW, class Formula>
NORTHSTAR_ALWAYS_INLINE violation chunk_body(const Formula& f, const chunk_pointers<Formula>& p,
                                             typename Formula::value_type* out, std::size_t len,
                                             std::size_t offset, bool check, write_mode mode,
                                             chunk_fold* fold) noexcept {
  using T = typename Formula::value_type;
  alignas(64) T staging[chunk];
  // Validation only. A formula whose kernel also tests the cross-input rules
  // (retention-based: r < 1 + d) validates fastest through its kernel, into
  // the L1 staging buffer, thrown away (the rules need no second scan); the
  // others through check_chunk's compares, cheaper than their kernels.
  if (out == nullptr) {
    if (!check) return {};
    return kernel_checks_combination(f) ? checked_kernel<W>(f, p, staging, len, offset)
                                        : check_chunk<W>(f, p, len, offset);
  }
  T* const dest = mode == write_mode::direct ? out : staging;
  if (check) {
    const violation v = checked_kernel<W>(f, p, dest, len, offset);
    if (v.found()) return v;
  } else {
    f.kernel(p, dest, len);
  }
  if (fold != nullptr) {
    fold->sum = chunk_sum<FoldW>(dest, len);
    chunk_min_max<FoldW>(dest, len, fold->min, fold->max);
  }
  if (mode == write_mode::streamed)
    stream_copy(out, staging, len);
  else if (mode == write_mode::staged)
    std::memcpy(out, staging, len * sizeof(T));
  return {};
}

template <class Formula>
NORTHSTAR_KERNEL_OPTIMIZE violation chunk_baseline(const Formula& f, const chunk_pointers<Formula>& p,
                                                   typename Formula::value_type* out, std::size_t len,
                                                   std::size_t offset, bool check, write_mode mode,
                                                   chunk_fold* fold) noexcept {
  return chunk_body<16, 16>(f, p, out, len, offset, check, mode, fold);
}

#if NORTHSTAR_HAS_AVX2_DISPATCH
template <class Formula>
__attribute__((target("avx2"))) NORTHSTAR_KERNEL_OPTIMIZE violation
chunk_avx2(const Formula& f, const chunk_pointers<Formula>& p, typename Formula::value_type* out,
           std::size_t len, std::size_t offset, bool check, write_mode mode, chunk_fold* fold) noexcept {
  return chunk_body<32, 32>(f, p, out, len, offset, check, mode, fold);
}
#endif

#if NORTHSTAR_HAS_AVX512_DISPATCH
template <class Formula>
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))) NORTHSTAR_KERNEL_OPTIMIZE violation
chunk_avx512(const Formula& f, const chunk_pointers<Formula>& p, typename Formula::value_type* out,
             std::size_t len, std::size_t offset, bool check, write_mode mode, chunk_fold* fold) noexcept {
  // The kernels' loops are vectorised by the compiler (512-bit); the check
  // pass's vector-extension code stays at 32 bytes, as GCC 12 lowers a 64-byte
  // vector compare that yields a vector (not a mask register) one lane at a
  // time (measured: the upfront check ran 8x slower than with AVX2). The
  // reductions' fold (selects, not masks) uses 64 bytes.
  return chunk_body<32, 64>(f, p, out, len, offset, check, mode, fold);
}
#endif

/// True when this build and this CPU can run the AVX2 kernels.
inline bool avx2_available() noexcept {
#if NORTHSTAR_HAS_AVX2_DISPATCH
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

/// True when this build and this CPU can run the AVX-512 kernels of the
/// probabilistic models (AVX-512 F and DQ).
inline bool avx512_available() noexcept {
#if NORTHSTAR_HAS_AVX2_DISPATCH
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
#else
  return false;
#endif
}

/// True when this build and this CPU can run the AVX-512 closed-form kernels
/// (F, DQ, VL and BW; GCC builds only, see NORTHSTAR_HAS_AVX512_DISPATCH).
inline bool closed_form_avx512_available() noexcept {
#if NORTHSTAR_HAS_AVX512_DISPATCH
  return avx512_available() && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
#else
  return false;
#endif
}

/// The chunk function for the requested instruction set (throws if unavailable).
template <class Formula>
chunk_function<Formula> select_chunk_function(instruction_set isa) {
  if (isa == instruction_set::baseline) return &chunk_baseline<Formula>;
#if NORTHSTAR_HAS_AVX512_DISPATCH
  if ((isa == instruction_set::automatic || isa == instruction_set::avx512) && closed_form_avx512_available())
    return &chunk_avx512<Formula>;
#endif
  if (isa == instruction_set::avx512)
    northstar::detail::fail(errc::invalid_argument, Formula::name,
                            "instruction_set::avx512 requested but this CPU or build has no AVX-512 kernels");
#if NORTHSTAR_HAS_AVX2_DISPATCH
  if (avx2_available()) return &chunk_avx2<Formula>;
#endif
  if (isa == instruction_set::avx2)
    northstar::detail::fail(errc::invalid_argument, Formula::name,
                            "instruction_set::avx2 requested but this CPU or build has no AVX2 kernels");
  return &chunk_baseline<Formula>;
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
