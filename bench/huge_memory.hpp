// Memory for the benchmarks' large arrays, placed as a caller holding arrays
// of 1e8 customers would place them (bench_clv_closed_form, bench_segment_totals).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <span>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace northstar_bench {

struct free_deleter {
  void operator()(void* p) const noexcept { std::free(p); }
};

// Memory for an array of `bytes`, advised to use transparent huge pages on Linux (as a
// caller holding arrays of 1e8 customers would): with 4 KiB pages a VM spends
// part of every streamed gigabyte on nested page walks. The k-th array of the
// program starts (k mod 16) * 132 KiB past a 2 MiB boundary, as separately
// allocated arrays start at unrelated offsets: arrays that all start on
// 2 MiB boundaries 384 MiB apart (1e8 floats rounded up to huge pages) put
// every stream on the same DRAM banks at once, which halved the float
// kernels' bandwidth at 1e8 on a Zen 3 VM (STREAM offsets its arrays for the
// same reason). owner holds the allocation; the array's start is returned.
// Call it from one thread (it numbers the arrays).
inline char* huge_alloc(std::size_t bytes, std::unique_ptr<char[], free_deleter>& owner) {
  constexpr std::size_t huge = std::size_t{2} << 20, step = std::size_t{132} << 10;
  static unsigned serial = 0;
  const std::size_t offset = (serial++ % 16) * step;
  const std::size_t total = (bytes + offset + huge) / huge * huge;  // (never 0)
  owner.reset(static_cast<char*>(std::aligned_alloc(huge, total)));
  if (owner == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  ::madvise(owner.get(), total, MADV_HUGEPAGE);  // advice only
#endif
  return owner.get() + offset;
}

// An uninitialised array of n T placed by huge_alloc (the caller fills it).
template <class T>
struct huge_array {
  std::unique_ptr<char[], free_deleter> memory;  // (declared first: data's initialiser fills it)
  T* data;
  std::size_t n;
  explicit huge_array(std::size_t size)
      : data(reinterpret_cast<T*>(huge_alloc(size * sizeof(T), memory))), n(size) {}
  T& operator[](std::size_t i) noexcept { return data[i]; }
  const T& operator[](std::size_t i) const noexcept { return data[i]; }
  [[nodiscard]] std::span<const T> view() const { return {data, n}; }
  [[nodiscard]] std::span<T> span() { return {data, n}; }
};

}  // namespace northstar_bench
