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
  /// Inputs are checked chunk by chunk in the same pass that computes: one
  /// pass over memory, but on error the outputs of earlier chunks have been
  /// written (the rest of the buffer is untouched). Reductions, which write no
  /// per-customer output, always work this way.
  fused,
};

/// Options of a bulk call.
struct run_options {
  /// Threads to use: 0 = all cores (the default), 1 = the calling thread only.
  unsigned threads = 0;
  /// When inputs are validated; see `validation`.
  validation check = validation::upfront;
};

}  // namespace clv
NORTHSTAR_END_NAMESPACE
