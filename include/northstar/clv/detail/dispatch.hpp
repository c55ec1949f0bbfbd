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

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && !defined(NORTHSTAR_NO_DISPATCH)
#define NORTHSTAR_HAS_AVX2_DISPATCH 1
#else
#define NORTHSTAR_HAS_AVX2_DISPATCH 0
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

/// One chunk: optionally check the inputs, then (when out != nullptr) compute.
template <class Formula>
using chunk_function = violation (*)(const Formula&, const chunk_pointers<Formula>&,
                                     typename Formula::value_type*, std::size_t len, std::size_t offset,
                                     bool check, write_mode mode);

/// out == nullptr: validation only (the upfront pass, one interleaved read of
/// the inputs). check == false: compute only. Both (validation::fused): the
/// kernel tests every input's domain in the loop that computes, so the chunk
/// is read once; only a chunk with a bad value runs check_chunk, which names
/// it. The values of a bad chunk never reach out unless mode is direct.
template <std::size_t W, class Formula>
NORTHSTAR_ALWAYS_INLINE violation chunk_body(const Formula& f, const chunk_pointers<Formula>& p,
                                             typename Formula::value_type* out, std::size_t len,
                                             std::size_t offset, bool check, write_mode mode) noexcept {
  using T = typename Formula::value_type;
  if (out == nullptr) return check ? check_chunk<W>(f, p, len, offset) : violation{};
  alignas(64) T staging[chunk];
  T* const dest = mode == write_mode::direct ? out : staging;
  if (check) {
    const violation v = f.kernel(p, dest, len, domain_test<Formula>{p}) != 0
                            ? check_chunk<W>(f, p, len, offset)
                            : f.check_combination(p, len, offset);
    if (v.found()) return v;
  } else {
    f.kernel(p, dest, len);
  }
  if (mode == write_mode::streamed)
    stream_copy(out, staging, len);
  else if (mode == write_mode::staged)
    std::memcpy(out, staging, len * sizeof(T));
  return {};
}

template <class Formula>
violation chunk_baseline(const Formula& f, const chunk_pointers<Formula>& p,
                         typename Formula::value_type* out, std::size_t len, std::size_t offset, bool check,
                         write_mode mode) noexcept {
  return chunk_body<16>(f, p, out, len, offset, check, mode);
}

#if NORTHSTAR_HAS_AVX2_DISPATCH
template <class Formula>
__attribute__((target("avx2"))) violation chunk_avx2(const Formula& f, const chunk_pointers<Formula>& p,
                                                     typename Formula::value_type* out, std::size_t len,
                                                     std::size_t offset, bool check,
                                                     write_mode mode) noexcept {
  return chunk_body<32>(f, p, out, len, offset, check, mode);
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
/// probabilistic models (AVX-512 F and DQ; the closed forms stop at AVX2, where
/// memory bandwidth, not arithmetic, is their limit).
inline bool avx512_available() noexcept {
#if NORTHSTAR_HAS_AVX2_DISPATCH
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
#else
  return false;
#endif
}

/// The chunk function for the requested instruction set (throws if unavailable).
template <class Formula>
chunk_function<Formula> select_chunk_function(instruction_set isa) {
  if (isa == instruction_set::baseline) return &chunk_baseline<Formula>;
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
