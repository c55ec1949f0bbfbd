// Private: growable scratch arrays for large temporary tables (hash tables,
// pattern lists), allocated on 2 MiB boundaries and, on Linux, advised to use
// transparent huge pages (madvise(MADV_HUGEPAGE), honoured where the system
// allows it). A table of millions of rows otherwise takes one page fault per
// 4 KiB, which on virtual machines costs more than the work itself.
#pragma once

#include <northstar/core/error.hpp>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

template <class T>
class scratch_array {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  scratch_array() = default;
  explicit scratch_array(std::size_t capacity) { reserve(capacity); }
  scratch_array(const scratch_array&) = delete;
  scratch_array& operator=(const scratch_array&) = delete;
  ~scratch_array() { std::free(data_); }

  /// Capacity for at least n elements (contents kept).
  void reserve(std::size_t n) {
    if (n <= capacity_) return;
    constexpr std::size_t huge = std::size_t{2} << 20;
    const std::size_t bytes = (n * sizeof(T) + huge - 1) / huge * huge;
    void* p = std::aligned_alloc(bytes >= huge ? huge : alignof(std::max_align_t), bytes);
    if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= huge) ::madvise(p, bytes, MADV_HUGEPAGE);  // advice only: failure is harmless
#endif
    if (size_ > 0) std::memcpy(p, data_, size_ * sizeof(T));
    std::free(data_);
    data_ = static_cast<T*>(p);
    capacity_ = bytes / sizeof(T);
  }
  /// n elements, all bytes zero.
  void assign_zero(std::size_t n) {
    size_ = 0;
    reserve(n);
    std::memset(static_cast<void*>(data_), 0, n * sizeof(T));
    size_ = n;
  }
  void push_back(const T& v) {
    if (size_ == capacity_) reserve(capacity_ < 1024 ? 1024 : 2 * capacity_);
    data_[size_++] = v;
  }
  void swap(scratch_array& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
  }
  T& operator[](std::size_t i) noexcept {
    return data_[i];
  }
  const T& operator[](std::size_t i) const noexcept {
    return data_[i];
  }
  [[nodiscard]] std::size_t size() const noexcept {
    return size_;
  }
  T* begin() noexcept {
    return data_;
  }
  T* end() noexcept {
    return data_ + size_;
  }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0, capacity_ = 0;
};

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
