// A small reader of fuzzer bytes (portable: the same targets build under
// libFuzzer with clang and as corpus-replay programs with any compiler).
#pragma once

#include <northstar/core/error.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace northstar_fuzz {

/// Reads integers and doubles from the front of the input; past the end it
/// yields zeros (so every input decodes to something).
class input {
 public:
  input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  /// Bytes not consumed yet.
  [[nodiscard]] std::size_t remaining() const noexcept { return size_ - pos_; }

  /// One byte (0 past the end).
  std::uint8_t byte() noexcept { return pos_ < size_ ? data_[pos_++] : 0; }

  /// An integer in [lo, hi].
  std::size_t range(std::size_t lo, std::size_t hi) noexcept {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | byte();
    return lo + v % (hi - lo + 1);
  }

  /// A raw double (any bit pattern: NaN, inf, denormals, negatives).
  double raw() noexcept {
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = (bits << 8) | byte();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }

  /// A double in [lo, hi] (uniform in 2^16 steps).
  double uniform(double lo, double hi) noexcept {
    const double u = static_cast<double>(range(0, 65535)) / 65535.0;
    return lo + (hi - lo) * u;
  }

  /// A positive double log-uniform in [lo, hi].
  double log_uniform(double lo, double hi) noexcept { return std::exp(uniform(std::log(lo), std::log(hi))); }

  /// A whole number in [0, hi].
  double whole(std::size_t hi) noexcept { return static_cast<double>(range(0, hi)); }

  /// The rest of the input as text.
  std::string_view rest() noexcept {
    std::string_view s(reinterpret_cast<const char*>(data_) + pos_, size_ - pos_);
    pos_ = size_;
    return s;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

/// Named inputs of the current call, printed when a property fails (no allocation).
struct notes {
  static constexpr int capacity = 24;
  const char* name[capacity] = {};
  double value[capacity] = {};
  int count = 0;
};
inline notes& current_notes() {
  static notes n;
  return n;
}
/// Forgets the notes (call at the start of each input).
inline void clear_notes() {
  current_notes().count = 0;
}
/// Records an input value for the failure message (the last `capacity` are kept).
inline double note(const char* name, double v) {
  notes& n = current_notes();
  const int i = n.count++ % notes::capacity;
  n.name[i] = name;
  n.value[i] = v;
  return v;
}

/// Aborts with a message: a property of the library was violated.
[[noreturn]] inline void violated(const char* what, double value = 0.0, std::size_t index = 0) {
  std::fprintf(stderr, "northstar fuzz: property violated: %s (value %.17g, index %zu)\n", what, value,
               index);
  const notes& n = current_notes();
  const int first = n.count > notes::capacity ? n.count - notes::capacity : 0;
  for (int i = first; i < n.count; ++i)
    std::fprintf(stderr, "  %s = %.17g\n", n.name[i % notes::capacity], n.value[i % notes::capacity]);
  std::abort();
}

}  // namespace northstar_fuzz
