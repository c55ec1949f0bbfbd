// Runtime dispatch of the closed-form kernels: the same source compiled once
// for the x86-64 baseline and once for AVX2 (GCC/Clang target attribute), the
// kernel and its checks force-inlined into each so no code is shared between
// the variants (simdjson's approach with templates instead of namespaces).
#pragma once

#include <northstar/clv/detail/inputs.hpp>
#include <northstar/clv/run_options.hpp>

#include <array>

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && !defined(NORTHSTAR_NO_DISPATCH)
#define NORTHSTAR_HAS_AVX2_DISPATCH 1
#else
#define NORTHSTAR_HAS_AVX2_DISPATCH 0
#endif

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

template <class Formula>
using chunk_pointers = std::array<const typename Formula::value_type*, Formula::inputs.size()>;

/// One chunk: optionally check the inputs, then (when out != nullptr) compute.
template <class Formula>
using chunk_function = violation (*)(const Formula&, const chunk_pointers<Formula>&, typename Formula::value_type*,
                                     std::size_t len, std::size_t offset, bool check);

template <std::size_t W, class Formula>
NORTHSTAR_ALWAYS_INLINE violation chunk_body(const Formula& f, const chunk_pointers<Formula>& p,
                                             typename Formula::value_type* out, std::size_t len, std::size_t offset,
                                             bool check) noexcept {
  if (check) {
    const violation v = check_chunk<W>(f, p, len, offset);
    if (v.found()) return v;
  }
  if (out != nullptr) f.kernel(p, out, len);
  return {};
}

template <class Formula>
violation chunk_baseline(const Formula& f, const chunk_pointers<Formula>& p, typename Formula::value_type* out,
                         std::size_t len, std::size_t offset, bool check) noexcept {
  return chunk_body<16>(f, p, out, len, offset, check);
}

#if NORTHSTAR_HAS_AVX2_DISPATCH
template <class Formula>
__attribute__((target("avx2"))) violation chunk_avx2(const Formula& f, const chunk_pointers<Formula>& p,
                                                     typename Formula::value_type* out, std::size_t len,
                                                     std::size_t offset, bool check) noexcept {
  return chunk_body<32>(f, p, out, len, offset, check);
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
