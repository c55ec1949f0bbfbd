// Options shared by every bulk CLV call: threads and when inputs are validated.
#pragma once

#include <northstar/core/parallel.hpp>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// When a bulk call checks its inputs.
enum class validation {
  /// Every input is checked before any output is written (a separate read
  /// pass): on error the caller's output buffer is left untouched. Default.
  upfront,
  /// Inputs are checked in the same loop that computes, chunk by chunk: one
  /// read of memory (the fast mode for large arrays), but on error the outputs
  /// of earlier chunks have been written (a chunk is written only once valid;
  /// the rest of the buffer is untouched). Reductions, which write no
  /// per-customer output, always work this way.
  fused,
};

/// Which compiled variant of the kernels runs. The library is built for the
/// x86-64 baseline (SSE2); on x86-64 with GCC or Clang it also carries AVX2
/// variants, with GCC AVX-512 variants too, and picks the widest the CPU has
/// at run time. Results are the same bits on each (no FMA contraction in the
/// kernels).
enum class instruction_set {
  automatic,  ///< the best the CPU supports (default)
  baseline,   ///< portable code only
  avx2,       ///< AVX2 kernels; an error where the CPU or build lacks them
  avx512,     ///< AVX-512 kernels (GCC builds); an error where the CPU or build lacks them
};

/// Options of a bulk call.
struct run_options {
  /// Threads to use: 0 = all cores (the default), 1 = the calling thread only.
  unsigned threads = 0;
  /// When inputs are validated; see `validation`.
  validation check = validation::upfront;
  /// Kernel variant; automatic unless testing or comparing variants.
  instruction_set instructions = instruction_set::automatic;
};

}  // namespace clv
NORTHSTAR_END_NAMESPACE
