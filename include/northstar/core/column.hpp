// column<T>: one per-customer input, either a borrowed array or a single value
// broadcast to every customer. Zero-copy: it stores a pointer, never the data.
#pragma once

#include <northstar/version.hpp>

#include <cstddef>
#include <span>
#include <type_traits>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE

namespace detail {
// Contiguous vectors of T with data() and size(): std::vector, std::array,
// Eigen::VectorX<T>, Eigen::Map / Eigen::Ref of vectors with unit inner stride.
template <class V, class T>
concept contiguous_vector_of = requires(const V& v) {
  { v.data() } -> std::convertible_to<const T*>;
  { v.size() } -> std::convertible_to<std::size_t>;
} && (!requires { V::InnerStrideAtCompileTime; } || (V::InnerStrideAtCompileTime == 1)) &&
    (!requires { V::IsVectorAtCompileTime; } || bool(V::IsVectorAtCompileTime));
}  // namespace detail

/// A per-customer input: an array borrowed from the caller (never copied, must
/// outlive the call) or one value broadcast to all customers.
///
///     std::vector<double> aov = ...;
///     northstar::column<double> a = aov;        // per customer
///     northstar::column<double> m = 0.3;        // same margin for everyone
template <class T>
class column {
 public:
  static_assert(std::is_floating_point_v<T>, "column<T> holds float or double");
  using value_type = T;

  /// One value for every customer.
  constexpr column(T value) noexcept : value_(value) {}  // NOLINT(google-explicit-constructor)
  /// A borrowed array, one value per customer.
  constexpr column(std::span<const T> values) noexcept  // NOLINT(google-explicit-constructor)
      : data_(values.data()), size_(values.size()), broadcast_(false) {}
  /// A borrowed contiguous vector (std::vector, Eigen vector, Map or Ref with unit stride).
  template <class V>
    requires(detail::contiguous_vector_of<V, T> && !std::is_arithmetic_v<V>)
  constexpr column(const V& v) noexcept  // NOLINT(google-explicit-constructor)
      : data_(v.data()), size_(static_cast<std::size_t>(v.size())), broadcast_(false) {}

  /// True when one value stands for all customers.
  [[nodiscard]] constexpr bool is_broadcast() const noexcept { return broadcast_; }
  /// Number of elements of an array column (unused for broadcasts).
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  /// Pointer to the array (nullptr for broadcasts).
  [[nodiscard]] constexpr const T* data() const noexcept { return data_; }
  /// The broadcast value (meaningful only when is_broadcast()).
  [[nodiscard]] constexpr T value() const noexcept { return value_; }
  /// Element i: the array's i-th value or the broadcast value.
  [[nodiscard]] constexpr T operator[](std::size_t i) const noexcept {
    return broadcast_ ? value_ : data_[i];
  }

 private:
  const T* data_ = nullptr;
  std::size_t size_ = 0;
  T value_ = T(0);
  bool broadcast_ = true;
};

NORTHSTAR_END_NAMESPACE
