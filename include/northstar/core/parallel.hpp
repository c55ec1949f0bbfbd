// The parallel loop: contiguous ranges of [0, n) on caller-chosen threads.
// No pool, no global state: threads live for one call.
#pragma once

#include <northstar/version.hpp>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE

/// How many threads a bulk call may use. 0 (the default) means all cores
/// (`std::thread::hardware_concurrency()`); 1 runs on the calling thread only.
/// Requests above max_threads are treated as max_threads, and no call uses
/// more threads than it has blocks of work.
struct thread_count {
  unsigned value = 0;
};

/// The largest thread count a bulk call uses, whatever is requested.
inline constexpr unsigned max_threads = 256;

namespace detail {

/// The number of threads `requested` stands for (1 .. max_threads).
inline unsigned resolve_threads(unsigned requested) noexcept {
  if (requested != 0) return requested < max_threads ? requested : max_threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1u : (hw < max_threads ? hw : max_threads);
}

/// Splits [0, n) into at most `threads` contiguous ranges whose boundaries are
/// multiples of `grain` (so per-block work is the same whatever the thread
/// count) and calls body(part, begin, end) for each, part 0 on the calling
/// thread. Returns the number of parts used. Rethrows the first exception.
template <class Body>
std::size_t parallel_ranges(std::size_t n, unsigned threads, std::size_t grain, Body&& body) {
  if (grain == 0) grain = 1;
  const std::size_t blocks = (n + grain - 1) / grain;
  std::size_t parts = std::min<std::size_t>(resolve_threads(threads), blocks);
  if (parts <= 1) {
    body(std::size_t{0}, std::size_t{0}, n);
    return 1;
  }
  const auto range = [&](std::size_t p, std::size_t& b, std::size_t& e) {
    b = std::min(n, (blocks * p / parts) * grain);
    e = std::min(n, (blocks * (p + 1) / parts) * grain);
  };
  std::vector<std::exception_ptr> errors(parts);
  std::vector<std::thread> pool;
  pool.reserve(parts - 1);
  for (std::size_t p = 1; p < parts; ++p) {
    pool.emplace_back([&, p] {
      try {
        std::size_t b, e;
        range(p, b, e);
        body(p, b, e);
      } catch (...) {
        errors[p] = std::current_exception();
      }
    });
  }
  try {
    std::size_t b, e;
    range(0, b, e);
    body(std::size_t{0}, b, e);
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (auto& t : pool) t.join();
  for (auto& err : errors)
    if (err) std::rethrow_exception(err);
  return parts;
}

}  // namespace detail

NORTHSTAR_END_NAMESPACE
