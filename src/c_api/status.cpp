// Status names, the per-thread error text and the version.
#include "boundary.hpp"

#include <northstar/version.hpp>

#include <string>

namespace northstar::c_api {
namespace {
thread_local std::string last_error_text;
}
void set_last_error(std::string_view text) noexcept {
  try {
    last_error_text.assign(text);
  } catch (...) {
    last_error_text.clear();  // keep going: an empty text is better than a throw
  }
}
}  // namespace northstar::c_api

extern "C" {

const char* northstar_last_error(void) {
  return northstar::c_api::last_error_text.c_str();
}

const char* northstar_status_name(int status) {
  switch (status) {
    case NORTHSTAR_OK:
      return "ok";
    case NORTHSTAR_INVALID_ARGUMENT:
      return "invalid_argument";
    case NORTHSTAR_SIZE_MISMATCH:
      return "size_mismatch";
    case NORTHSTAR_NOT_FINITE:
      return "not_finite";
    case NORTHSTAR_INVALID_MODEL:
      return "invalid_model";
    case NORTHSTAR_PARSE_ERROR:
      return "parse_error";
    case NORTHSTAR_NOT_CONVERGED:
      return "not_converged";
    case NORTHSTAR_IO_ERROR:
      return "io_error";
    case NORTHSTAR_INTERNAL:
      return "internal";
    case NORTHSTAR_OUT_OF_MEMORY:
      return "out_of_memory";
  }
  return "unknown";
}

int northstar_version(void) {
  return NORTHSTAR_VERSION;
}

northstar_fit_options northstar_fit_options_default(void) {
  const northstar::clv::fit_options d;
  northstar_fit_options o;
  o.max_iterations = d.max_iterations;
  o.gradient_tolerance = d.gradient_tolerance;
  o.l2_penalty = d.l2_penalty;
  o.throw_on_failure = d.throw_on_failure ? 1 : 0;
  o.penalty = d.penalty == northstar::clv::penalty_convention::lifetimes ? NORTHSTAR_PENALTY_LIFETIMES
                                                                         : NORTHSTAR_PENALTY_PER_WEIGHT;
  o.threads = d.threads;
  return o;
}

}  // extern "C"

// The header's compile-time version is the library's (include/northstar/version.hpp).
static_assert(NORTHSTAR_VERSION_NUMBER == NORTHSTAR_VERSION);

// The C statuses mirror northstar::errc one to one.
static_assert(NORTHSTAR_INVALID_ARGUMENT == static_cast<int>(northstar::errc::invalid_argument));
static_assert(NORTHSTAR_SIZE_MISMATCH == static_cast<int>(northstar::errc::size_mismatch));
static_assert(NORTHSTAR_NOT_FINITE == static_cast<int>(northstar::errc::not_finite));
static_assert(NORTHSTAR_INVALID_MODEL == static_cast<int>(northstar::errc::invalid_model));
static_assert(NORTHSTAR_PARSE_ERROR == static_cast<int>(northstar::errc::parse_error));
static_assert(NORTHSTAR_NOT_CONVERGED == static_cast<int>(northstar::errc::not_converged));
static_assert(NORTHSTAR_IO_ERROR == static_cast<int>(northstar::errc::io_error));
static_assert(NORTHSTAR_INTERNAL == static_cast<int>(northstar::errc::internal));
