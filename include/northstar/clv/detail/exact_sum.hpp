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

#include <algorithm>
#include <cmath>
#include <memory>
#include <span>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

// One cache line per object (the per-segment totals walk arrays of them).
class alignas(64) exact_sum {
 public:
  /// Adds x exactly. Infinities and NaN are summed apart (their sum is order-
  /// independent too). A partial sum beyond double's range joins them as
  /// +-inf: the one case where the order of the additions can matter.
  void add(double x) {
    if (!std::isfinite(x)) {
      add_special(x);
      return;
    }
    if (!more_) {
      // Up to `inline_parts` partials live in the object (no heap, no pointer
      // to follow): the common case (sums of values of similar magnitude
      // stay at two or three partials). Grown in place (small_ has a spare
      // slot): no copies, whose narrow stores and wide reloads would stall.
      const std::size_t n = grow(small_, n_small_, x);
      if (n <= inline_parts)
        n_small_ = static_cast<unsigned char>(n);
      else
        more_ = std::make_unique<std::vector<double>>(small_, small_ + n);
      return;
    }
    more_->push_back(0);  // room for the one partial grow() may add
    more_->resize(grow(more_->data(), more_->size() - 1, x));
  }

  /// Adds everything another exact_sum holds.
  void add(const exact_sum& other) {
    for (double p : other.parts()) add(p);
    if (other.has_special_) add_special(other.special_);
  }

  /// The exact sum rounded once to the nearest double (ties to even), or the
  /// sum of the infinities and NaNs added, if any.
  [[nodiscard]] double value() const noexcept {
    if (has_special_) return special_;
    const auto parts = this->parts();
    std::size_t n = parts.size();
    if (n == 0) return 0.0;
    double hi = parts[--n];
    double lo = 0;
    // Partials are non-overlapping and increasing in magnitude: add from the
    // top until the addition is inexact.
    while (n > 0) {
      const double x = hi, y = parts[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0) break;
    }
    // hi + lo is exact. If lo is exactly half an ulp of hi, the round-to-even
    // above may have gone the wrong way: the partials below decide.
    if (n > 0 && ((lo < 0 && parts[n - 1] < 0) || (lo > 0 && parts[n - 1] > 0))) {
      const double y = lo * 2, x = hi + y;
      if (y == x - hi) hi = x;
    }
    return hi;
  }

 private:
  static constexpr std::size_t inline_parts = 3;

  [[nodiscard]] std::span<const double> parts() const noexcept {
    return more_ ? std::span<const double>(*more_) : std::span<const double>(small_, n_small_);
  }

  /// Grow-Expansion with zero elimination, in place: p[0, n) plus x into
  /// p[0, result); p has room for n + 1. On overflow the partials are kept and
  /// the overflowing sum goes to the special sum.
  std::size_t grow(double* p, std::size_t n, double x) noexcept {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double y = p[i];
      const double hi = x + y;
      if (!std::isfinite(hi)) [[unlikely]] {
        add_special(hi);
        return n;
      }
      // Knuth's Two-Sum (TAOCP vol. 2, 4.2.2, Theorem B): hi + lo == x + y
      // exactly, with no comparison of magnitudes to mispredict.
      const double yy = hi - x;
      const double lo = (x - (hi - yy)) + (y - yy);
      // Zero elimination without a branch (whether lo is 0 is data-dependent
      // and mispredicts): p[kept] is overwritten unless lo is kept. kept <= i,
      // so p[i + 1 ..] is not yet read.
      p[kept] = lo;
      kept += lo != 0 ? 1 : 0;
      x = hi;
    }
    p[kept++] = x;
    return kept;
  }

  void add_special(double x) noexcept {
    special_ = has_special_ ? special_ + x : x;
    has_special_ = true;
  }

  double small_[inline_parts + 1] = {};        // partials, plus room for grow()
  std::unique_ptr<std::vector<double>> more_;  // all partials, once there are more than inline_parts
  double special_ = 0;
  unsigned char n_small_ = 0;
  bool has_special_ = false;
};

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
