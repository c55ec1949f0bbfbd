// Exact, order-independent summation of doubles: the running sum is kept as
// non-overlapping partials whose exact sum is the exact sum of everything
// added (Shewchuk 1997, "Adaptive precision floating-point arithmetic and
// fast robust geometric predicates", Grow-Expansion with zero elimination,
// built on Knuth's Two-Sum). value() rounds the exact sum once, to nearest,
// ties to even (the final step of Python's math.fsum). So the result does not
// depend on the order of the additions: the per-segment totals use it to be
// identical for any thread count.
#pragma once

#include <northstar/version.hpp>

#include <cmath>
#include <utility>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

class exact_sum {
 public:
  /// Adds x exactly. Infinities and NaN are summed apart (their sum is order-
  /// independent too). A partial sum beyond double's range joins them as
  /// +-inf: the one case where the order of the additions can matter.
  void add(double x) {
    if (!std::isfinite(x)) {
      add_special(x);
      return;
    }
    std::size_t kept = 0;
    for (double y : parts_) {
      if (std::abs(x) < std::abs(y)) std::swap(x, y);
      const double hi = x + y;
      if (!std::isfinite(hi)) {
        add_special(hi);
        return;
      }
      const double lo = y - (hi - x);  // Two-Sum with |x| >= |y| (Dekker's Fast-Two-Sum)
      if (lo != 0) parts_[kept++] = lo;
      x = hi;
    }
    parts_.resize(kept);
    parts_.push_back(x);
  }

  /// Adds everything another exact_sum holds.
  void add(const exact_sum& other) {
    for (double p : other.parts_) add(p);
    if (other.has_special_) add_special(other.special_);
  }

  /// The exact sum rounded once to the nearest double (ties to even), or the
  /// sum of the infinities and NaNs added, if any.
  [[nodiscard]] double value() const noexcept {
    if (has_special_) return special_;
    std::size_t n = parts_.size();
    if (n == 0) return 0.0;
    double hi = parts_[--n];
    double lo = 0;
    // Partials are non-overlapping and increasing in magnitude: add from the
    // top until the addition is inexact.
    while (n > 0) {
      const double x = hi, y = parts_[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0) break;
    }
    // hi + lo is exact. If lo is exactly half an ulp of hi, the round-to-even
    // above may have gone the wrong way: the partials below decide.
    if (n > 0 && ((lo < 0 && parts_[n - 1] < 0) || (lo > 0 && parts_[n - 1] > 0))) {
      const double y = lo * 2, x = hi + y;
      if (y == x - hi) hi = x;
    }
    return hi;
  }

 private:
  void add_special(double x) noexcept {
    special_ = has_special_ ? special_ + x : x;
    has_special_ = true;
  }

  std::vector<double> parts_;  // non-overlapping, increasing magnitude
  double special_ = 0;
  bool has_special_ = false;
};

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
