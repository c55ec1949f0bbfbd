// Closed-form customer lifetime value over arrays of customers.
//
// Four formulas, each an aggregate of per-customer inputs (arrays or broadcast
// values, see northstar::column), all quantities in the caller's period:
//
//   basic_clv        CLV = aov * frequency * lifespan
//   margin_clv       CLV = aov * gross_margin * frequency * lifespan - cac
//   repurchase_clv   CLV = revenue * repurchase_rate - cac
//   retention_clv    CLV = sum_t m r^t / (1+d)^t - cac   (closed forms below)
//
// Valid inputs never give NaN: a value is +-inf only when the true CLV is beyond
// the type's range (intermediates that could overflow or underflow are redone in
// a wider type, see detail::wide_t).
//
// evaluate(formula, out) writes one value per customer; the reductions in
// <northstar/clv/reductions.hpp> (total, quantiles, top-k, per-segment totals)
// consume the same formulas without materialising the per-customer array.
//
//     std::vector<double> aov = ..., freq = ..., life = ..., out(aov.size());
//     northstar::clv::margin_clv<double> f{.average_order_value = aov,
//         .gross_margin = 0.3, .purchase_frequency = freq, .lifespan = life,
//         .acquisition_cost = 40.0};
//     northstar::clv::evaluate(f, std::span(out));
#pragma once

#include <northstar/clv/detail/dispatch.hpp>
#include <northstar/clv/detail/inputs.hpp>
#include <northstar/clv/run_options.hpp>
#include <northstar/core/column.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <type_traits>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

namespace detail {

/// Overflow and underflow of intermediates. Every formula is computed in T in
/// one fast pass as products of pairs (u = a f, v = g l, CLV = u v - CAC), and
/// flags a customer whose pair product left T's normal range although neither
/// factor is 0: overflow (1e200 * 1e200 * 1e-200 would be inf, not 1e200;
/// 1e200 * 1e200 * 0 NaN, not 0) or underflow (1e-200 * 1e-200 * 1e200 would be
/// 0). The last product and the subtraction round once and are exact to the
/// last bit, so only the pairs need the flag. Flagged customers are recomputed
/// in wide_t<T>: double for float, long double for double (x86-64: 15-bit
/// exponent, so no product of doubles leaves its range). A value is then +-inf
/// only when the true value is beyond T's range, and never NaN.
template <class T>
using wide_t = std::conditional_t<std::is_same_v<T, float>, double, long double>;

/// 1 when the product u of two factors that are both nonzero left T's normal
/// range: |u| = inf, or |u| < min normal (denormal or 0).
template <class T>
NORTHSTAR_ALWAYS_INLINE flag_t<T> pair_out_of_range(T u, flag_t<T> factors_nonzero) noexcept {
  // Bitwise, not short-circuit: the loop must stay branch-free to vectorise.
  using F = flag_t<T>;
  const T au = std::abs(u);
  return static_cast<F>(au > std::numeric_limits<T>::max()) |
         (static_cast<F>(au < std::numeric_limits<T>::min()) & factors_nonzero);
}

/// out[i] = value.fast(i, flag) for i < n; then, only if some customer was
/// flagged, value.at<wide_t<T>>(i) for the flagged ones. With a domain test
/// (validation::fused), the same loop validates the inputs it reads and the
/// result is nonzero when one is out of its domain (out is then meaningless).
template <class T, class Value, class Test>
NORTHSTAR_ALWAYS_INLINE flag_t<T> guarded_loop(T* __restrict out, std::size_t n, const Value& value,
                                               const Test& test) noexcept {
  flag_t<T> flagged = 0, outside = 0;
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = value.fast(i, flagged);
    if constexpr (Test::active) outside |= test(i);
  }
  if (outside != 0) return outside;
  if (flagged != 0) [[unlikely]]
    for (std::size_t i = 0; i < n; ++i) {
      flag_t<T> f = 0;
      (void)value.fast(i, f);
      if (f != 0) out[i] = static_cast<T>(value.template at<wide_t<T>>(i));
    }
  return 0;
}

}  // namespace detail

/// Basic CLV: customer value (average order value x purchase frequency per
/// period) times expected lifespan in periods.
template <class T>
struct basic_clv {
  using value_type = T;
  static constexpr std::string_view name = "basic_clv";
  static constexpr std::array<detail::input_spec, 3> inputs{{
      {"average_order_value", detail::domain::nonnegative},
      {"purchase_frequency", detail::domain::nonnegative},
      {"lifespan", detail::domain::nonnegative},
  }};

  column<T> average_order_value;  ///< mean revenue per order, >= 0
  column<T> purchase_frequency;   ///< orders per period, >= 0
  column<T> lifespan;             ///< expected periods as a customer, >= 0

  [[nodiscard]] std::array<column<T>, 3> columns() const {
    return {average_order_value, purchase_frequency, lifespan};
  }
  /// CLV of customers [0, n) of a chunk into out; nonzero when `test` finds an
  /// input outside its domain (the kernel interface of every formula).
  template <class Test = detail::no_test>
  NORTHSTAR_ALWAYS_INLINE detail::flag_t<T> kernel(const std::array<const T*, 3>& p, T* __restrict out,
                                                   std::size_t n, const Test& test = {}) const noexcept {
    return detail::guarded_loop(out, n, values{p[0], p[1], p[2]}, test);
  }
  [[nodiscard]] NORTHSTAR_ALWAYS_INLINE detail::violation check_combination(const std::array<const T*, 3>&,
                                                                            std::size_t,
                                                                            std::size_t) const noexcept {
    return {};
  }
  [[nodiscard]] detail::violation check_broadcast_combination() const noexcept { return {}; }

 private:
  struct values {  // one customer's CLV (see detail::guarded_loop)
    const T* __restrict a;
    const T* __restrict f;
    const T* __restrict l;
    NORTHSTAR_ALWAYS_INLINE T fast(std::size_t i, detail::flag_t<T>& flag) const noexcept {
      const T u = a[i] * f[i];  // a, f, l >= 0 (validated)
      flag |= detail::pair_out_of_range(u, static_cast<detail::flag_t<T>>(std::min(a[i], f[i]) > T(0)));
      return u * l[i];
    }
    template <class W>
    NORTHSTAR_ALWAYS_INLINE W at(std::size_t i) const noexcept {
      return W(a[i]) * W(f[i]) * W(l[i]);
    }
  };
};

/// Margin-based CLV: aov x gross margin x purchase frequency x lifespan - CAC.
template <class T>
struct margin_clv {
  using value_type = T;
  static constexpr std::string_view name = "margin_clv";
  static constexpr std::array<detail::input_spec, 5> inputs{{
      {"average_order_value", detail::domain::nonnegative},
      {"gross_margin", detail::domain::at_most_one},
      {"purchase_frequency", detail::domain::nonnegative},
      {"lifespan", detail::domain::nonnegative},
      {"acquisition_cost", detail::domain::nonnegative},
  }};

  column<T> average_order_value;      ///< mean revenue per order, >= 0
  column<T> gross_margin;             ///< fraction of revenue kept, <= 1 (may be negative)
  column<T> purchase_frequency;       ///< orders per period, >= 0
  column<T> lifespan;                 ///< expected periods as a customer, >= 0
  column<T> acquisition_cost = T(0);  ///< CAC, >= 0

  [[nodiscard]] std::array<column<T>, 5> columns() const {
    return {average_order_value, gross_margin, purchase_frequency, lifespan, acquisition_cost};
  }
  template <class Test = detail::no_test>
  NORTHSTAR_ALWAYS_INLINE detail::flag_t<T> kernel(const std::array<const T*, 5>& p, T* __restrict out,
                                                   std::size_t n, const Test& test = {}) const noexcept {
    return detail::guarded_loop(out, n, values{p[0], p[1], p[2], p[3], p[4]}, test);
  }
  [[nodiscard]] NORTHSTAR_ALWAYS_INLINE detail::violation check_combination(const std::array<const T*, 5>&,
                                                                            std::size_t,
                                                                            std::size_t) const noexcept {
    return {};
  }
  [[nodiscard]] detail::violation check_broadcast_combination() const noexcept { return {}; }

 private:
  struct values {  // one customer's CLV (see detail::guarded_loop)
    const T* __restrict a;
    const T* __restrict g;
    const T* __restrict f;
    const T* __restrict l;
    const T* __restrict c;
    NORTHSTAR_ALWAYS_INLINE T fast(std::size_t i, detail::flag_t<T>& flag) const noexcept {
      const T u = a[i] * f[i];  // a, f, l >= 0; g <= 1 of either sign (validated)
      const T v = g[i] * l[i];
      using F = detail::flag_t<T>;
      flag |= detail::pair_out_of_range(u, static_cast<F>(std::min(a[i], f[i]) > T(0))) |
              detail::pair_out_of_range(v, static_cast<F>(g[i] != T(0)) & static_cast<F>(l[i] > T(0)));
      return u * v - c[i];
    }
    template <class W>
    NORTHSTAR_ALWAYS_INLINE W at(std::size_t i) const noexcept {
      return W(a[i]) * W(f[i]) * (W(g[i]) * W(l[i])) - W(c[i]);
    }
  };
};

/// Repurchase-based CLV: revenue x repurchase rate - CAC.
template <class T>
struct repurchase_clv {
  using value_type = T;
  static constexpr std::string_view name = "repurchase_clv";
  static constexpr std::array<detail::input_spec, 3> inputs{{
      {"revenue", detail::domain::nonnegative},
      {"repurchase_rate", detail::domain::probability},
      {"acquisition_cost", detail::domain::nonnegative},
  }};

  column<T> revenue;                  ///< revenue of a (re)purchasing customer, >= 0
  column<T> repurchase_rate;          ///< probability of repurchase, in [0, 1]
  column<T> acquisition_cost = T(0);  ///< CAC, >= 0

  [[nodiscard]] std::array<column<T>, 3> columns() const {
    return {revenue, repurchase_rate, acquisition_cost};
  }
  template <class Test = detail::no_test>
  NORTHSTAR_ALWAYS_INLINE detail::flag_t<T> kernel(const std::array<const T*, 3>& p, T* __restrict out,
                                                   std::size_t n, const Test& test = {}) const noexcept {
    const T* __restrict v = p[0];
    const T* __restrict r = p[1];
    const T* __restrict c = p[2];
    detail::flag_t<T> outside = 0;
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = v[i] * r[i] - c[i];
      if constexpr (Test::active) outside |= test(i);
    }
    return outside;
  }
  [[nodiscard]] NORTHSTAR_ALWAYS_INLINE detail::violation check_combination(const std::array<const T*, 3>&,
                                                                            std::size_t,
                                                                            std::size_t) const noexcept {
    return {};
  }
  [[nodiscard]] detail::violation check_broadcast_combination() const noexcept { return {}; }
};

/// When the margin of a period arrives.
enum class margin_timing {
  /// At the end of each period the customer survives: the first margin is
  /// m r / (1 + d). Infinite horizon: m r / (1 + d - r), the "margin multiple"
  /// of Gupta & Lehmann (2003), J. Interactive Marketing 17(1), eq. (4). Default.
  end_of_period,
  /// The first margin arrives at once (t = 0), then one per survived period:
  /// infinite horizon m (1 + d) / (1 + d - r), as in Berger & Nasr (1998),
  /// J. Interactive Marketing 12(1), case 1.
  start_of_period,
};

/// Retention-based CLV with discounting:
///   end_of_period:   CLV = sum_{t=1..H}   m q^t - CAC,   q = r / (1 + d)
///   start_of_period: CLV = sum_{t=0..H-1} m q^t - CAC
/// H = horizon (number of margins counted; +inf, the default, for no horizon).
/// Finite H uses the geometric partial sum (1 - q^H) / (1 - q), evaluated as
/// -expm1(H log1p(-(1-q))) / (1-q) so that q -> 1 stays accurate (limit: H).
/// With an infinite horizon r < 1 + d is required (else the series diverges).
template <class T>
struct retention_clv {
  using value_type = T;
  static constexpr std::string_view name = "retention_clv";
  static constexpr std::array<detail::input_spec, 5> inputs{{
      {"margin", detail::domain::finite},
      {"retention", detail::domain::probability},
      {"discount_rate", detail::domain::above_minus_one},
      {"horizon", detail::domain::horizon},
      {"acquisition_cost", detail::domain::nonnegative},
  }};

  column<T> margin;                                        ///< margin per period m (finite; may be negative)
  column<T> retention;                                     ///< probability r of surviving a period, in [0, 1]
  column<T> discount_rate;                                 ///< discount rate d per period, > -1
  column<T> horizon = std::numeric_limits<T>::infinity();  ///< H periods, whole >= 0, or +inf
  column<T> acquisition_cost = T(0);                       ///< CAC, >= 0
  margin_timing timing = margin_timing::end_of_period;     ///< when margins arrive

  [[nodiscard]] std::array<column<T>, 5> columns() const {
    return {margin, retention, discount_rate, horizon, acquisition_cost};
  }

  /// True when every customer has an infinite horizon (the fast path).
  [[nodiscard]] bool infinite_horizon() const noexcept {
    return horizon.is_broadcast() && std::isinf(horizon.value());
  }

  template <class Test = detail::no_test>
  NORTHSTAR_ALWAYS_INLINE detail::flag_t<T> kernel(const std::array<const T*, 5>& p, T* __restrict out,
                                                   std::size_t n, const Test& test = {}) const noexcept {
    const values v{p[0], p[1], p[2], p[3], p[4]};
    if (infinite_horizon()) {  // the horizon is a broadcast +inf: nothing to test per customer
      static_assert(inputs[3].dom == detail::domain::horizon);
      // With a test, the loop also flags divergence (see kernel_checks_combination).
      const auto t =
          with_divergence<decltype(test.template without<3>())>{test.template without<3>(), p[1], p[2]};
      if (timing == margin_timing::start_of_period) return detail::guarded_loop(out, n, infinite_start{v}, t);
      return detail::guarded_loop(out, n, infinite_end{v}, t);
    }
    if constexpr (Test::active) {  // the loop below does not vectorise: test first
      detail::flag_t<T> outside = 0;
      for (std::size_t i = 0; i < n; ++i) outside |= test(i);
      if (outside != 0) return outside;
    }
    const bool start = timing == margin_timing::start_of_period;
    for (std::size_t i = 0; i < n; ++i) {
      const double x = finite_value<double>(v, i, start);  // double for both types
      if constexpr (std::is_same_v<T, double>)
        if (!std::isfinite(x) || v.extreme(i)) [[unlikely]] {
          out[i] = static_cast<T>(finite_value<long double>(v, i, start));
          continue;
        }
      out[i] = static_cast<T>(x);
    }
    return 0;
  }

  /// True when a kernel call with a domain test has also tested the
  /// cross-input rule (no horizon: r < 1 + d), so a chunk it passes needs no
  /// check_combination pass.
  [[nodiscard]] bool kernel_checks_combination() const noexcept { return infinite_horizon(); }

  [[nodiscard]] NORTHSTAR_ALWAYS_INLINE detail::violation check_combination(
      const std::array<const T*, 5>& p, std::size_t n, std::size_t offset) const noexcept {
    const T* r = p[1];
    const T* d = p[2];
    const T* h = p[3];
    // Counting form (no branch, no short-circuit) so that the loop vectorises.
    constexpr T inf = std::numeric_limits<T>::infinity();
    int bad = 0;
    for (std::size_t i = 0; i < n; ++i) bad += (h[i] == inf) & (r[i] >= T(1) + d[i]);
    if (bad == 0) return {};
    for (std::size_t i = 0; i < n; ++i)
      if (std::isinf(h[i]) && r[i] >= T(1) + d[i])
        return {offset + i, 1, static_cast<double>(r[i]), errc::invalid_argument, divergent};
    return {};
  }
  [[nodiscard]] detail::violation check_broadcast_combination() const noexcept {
    if (retention.is_broadcast() && discount_rate.is_broadcast() && horizon.is_broadcast() &&
        std::isinf(horizon.value()) && retention.value() >= T(1) + discount_rate.value())
      return {0, 1, static_cast<double>(retention.value()), errc::invalid_argument, divergent};
    return {};
  }

 private:
  /// The domain test plus divergence (r >= 1 + d) in the same loop; nonzero
  /// sends the chunk to check_chunk, which names the violation.
  template <class Test>
  struct with_divergence {
    static constexpr bool active = Test::active;
    Test test;
    const T* r;
    const T* d;
    NORTHSTAR_ALWAYS_INLINE detail::flag_t<T> operator()(std::size_t i) const noexcept {
      if constexpr (active)
        return test(i) | -static_cast<detail::flag_t<T>>(r[i] >= T(1) + d[i]);
      else
        return 0;
    }
  };
  struct values {
    const T* __restrict m;
    const T* __restrict r;
    const T* __restrict d;
    const T* __restrict h;
    const T* __restrict c;
    /// Inputs for which the finite-horizon form, computed in double, could see an
    /// intermediate leave the range (|m| or r nonzero outside [2^-250, 2^250], or
    /// d > 2^250): redone in long double, like a non-finite result.
    NORTHSTAR_ALWAYS_INLINE bool extreme(std::size_t i) const noexcept {
      const auto out = [](T x) {
        const T ax = std::abs(x);
        return ax != T(0) && (ax > T(0x1p250) || ax < T(0x1p-250));
      };
      return out(m[i]) || out(r[i]) || d[i] > T(0x1p250);
    }
  };
  /// Infinite horizon, end of period: m r / (1 + d - r) - CAC. m r cannot overflow
  /// (r <= 1); its underflow is flagged; the division rounds once.
  struct infinite_end {
    values v;
    NORTHSTAR_ALWAYS_INLINE T fast(std::size_t i, detail::flag_t<T>& flag) const noexcept {
      const T w = v.m[i] * v.r[i];
      using F = detail::flag_t<T>;
      flag |= detail::pair_out_of_range(w, static_cast<F>(v.m[i] != T(0)) & static_cast<F>(v.r[i] > T(0)));
      return w / (T(1) + v.d[i] - v.r[i]) - v.c[i];
    }
    template <class W>
    NORTHSTAR_ALWAYS_INLINE W at(std::size_t i) const noexcept {
      return W(v.m[i]) * W(v.r[i]) / (W(1) + W(v.d[i]) - W(v.r[i])) - W(v.c[i]);
    }
  };
  /// Infinite horizon, start of period: m ((1 + d) / (1 + d - r)) - CAC. The ratio
  /// lies in [1, 2^107] (r < 1 + d), so nothing can leave the range before the
  /// last product, which rounds once.
  struct infinite_start {
    values v;
    NORTHSTAR_ALWAYS_INLINE T fast(std::size_t i, detail::flag_t<T>&) const noexcept {
      const T s = T(1) + v.d[i];
      return v.m[i] * (s / (s - v.r[i])) - v.c[i];
    }
    template <class W>
    NORTHSTAR_ALWAYS_INLINE W at(std::size_t i) const noexcept {
      const W s = W(1) + W(v.d[i]);
      return W(v.m[i]) * (s / (s - W(v.r[i]))) - W(v.c[i]);
    }
  };
  /// Finite or per-customer horizon, in W. A zero margin or horizon gives
  /// exactly -CAC (every term is 0; computing it could give 0 * inf).
  template <class W>
  static W finite_value(const values& v, std::size_t i, bool start) noexcept {
    const W m = v.m[i], r = v.r[i], h = v.h[i], c = v.c[i];
    if (m == W(0) || h == W(0)) return -c;
    const W s = W(1) + W(v.d[i]);
    const W u = s - r;  // (1 - q) (1 + d)
    W g;                // sum_{t=0..H-1} q^t
    if (std::isinf(h))
      g = s / u;
    else if (u == W(0))
      g = h;
    else
      g = -std::expm1(h * std::log1p(-u / s)) * s / u;
    return (start ? m * g : m * (r / s) * g) - c;
  }

  static constexpr std::string_view divergent =
      "with no horizon the sum diverges unless retention < 1 + discount_rate (give a finite horizon)";
};

/// Writes each customer's CLV into `out` (one element per customer; every
/// array input must have out.size() elements). Inputs are validated once with
/// an error naming the input, the index and the value; with the default
/// validation::upfront, `out` is untouched when an error is thrown. An empty
/// `out` is valid and does nothing. Thread-safe: touches only its arguments.
template <class Formula>
void evaluate(const Formula& f, std::span<typename Formula::value_type> out, const run_options& opt = {}) {
  detail::customer_count(f, out.size(), "out");
  detail::check_broadcasts(f);
  const std::size_t n = out.size();
  if (n == 0) return;
  const auto chunk_fn = detail::select_chunk_function<Formula>(opt.instructions);
  const bool large = n * sizeof(typename Formula::value_type) >= detail::streaming_threshold_bytes;
  const auto pass = [&](typename Formula::value_type* dest, bool check) {
    // Fused validation must not write a bad chunk: staged unless streamed.
    const auto mode = large ? detail::write_mode::streamed
                            : (check ? detail::write_mode::staged : detail::write_mode::direct);
    std::vector<detail::violation> first(detail::resolve_parts(n, opt.threads));
    northstar::detail::parallel_ranges(
        n, opt.threads, detail::block, [&](std::size_t part, std::size_t b, std::size_t e) {
          detail::violation v;
          detail::for_each_chunk(f, b, e, [&](const auto& p, std::size_t len, std::size_t off) {
            if (!v.found())
              v = chunk_fn(f, p, dest == nullptr ? nullptr : dest + off, len, off, check, mode, nullptr);
          });
          if (mode == detail::write_mode::streamed) detail::stream_fence();
          first[part] = v;
        });
    detail::violation v;
    for (const auto& x : first) detail::keep_first(v, x);
    if (v.found()) detail::raise(f, v, false);
  };
  if (opt.check == validation::upfront) {
    pass(nullptr, true);      // read-only validation: out untouched on error
    pass(out.data(), false);  // compute
  } else {
    pass(out.data(), true);  // one pass: check each chunk, then compute it
  }
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
