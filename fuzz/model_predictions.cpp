// Fuzz target: predictions of the probabilistic CLV models on random
// parameters and customers (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma, sBG,
// BG/BB). The numerical guard: a call either throws northstar::error or
// returns values that are not NaN, not negative where they cannot be, with
// probabilities in [0, 1]; when the parameters and data lie in the checked
// domain (parameters in [1e-6, 1e6], x <= 1000, T <= 10000) the values must
// also be finite. Raw bit patterns (NaN, inf, negatives, denormals, 1e300)
// must be rejected or give a non-NaN in-range value.
#include "fuzz_input.hpp"

#include <northstar/clv/bg_bb.hpp>
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/mbg_nbd.hpp>
#include <northstar/clv/pareto_nbd.hpp>
#include <northstar/clv/sbg.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace {

using namespace northstar::clv;
using northstar::column;
using northstar_fuzz::input;
using northstar_fuzz::violated;

constexpr double inf = std::numeric_limits<double>::infinity();

/// Decodes values, remembering whether any left the checked domain.
struct decoder {
  input& in;
  bool raw_used = false;
  bool slow_series = false;  ///< BG/NBD family: keep raw times <= 1e5

  double param() {
    if (in.byte() % 8 == 0) {
      raw_used = true;
      return northstar_fuzz::note("param (raw)", in.raw());
    }
    return northstar_fuzz::note("param", in.log_uniform(1e-6, 1e6));
  }
  double maybe_raw(double v) {
    if (in.byte() % 16 == 0) {
      raw_used = true;
      double v = in.raw();
      // BG/NBD family: a finite time of 1e300 is valid but its series needs
      // ~ t / alpha terms (seconds beyond t / alpha ~ 1e6; docs/errors.md).
      if (slow_series && v > 1e5 && v <= 1.7976931348623157e308) v = 1e5;
      return northstar_fuzz::note("value (raw)", v);
    }
    return northstar_fuzz::note("value", v);
  }
};

/// Customers (x, t_x, T): valid in the checked domain unless raw values were drawn.
struct customers {
  std::vector<double> x, tx, T;
  rfm_view view() const { return {x, tx, T}; }
};

customers draw_customers(decoder& d, std::size_t n, bool discrete) {
  customers c;
  for (std::size_t i = 0; i < n; ++i) {
    double T, x, tx;
    if (discrete) {
      T = d.in.whole(1000);
      x = d.in.whole(static_cast<std::size_t>(T));
      tx = x == 0 ? 0 : x + d.in.whole(static_cast<std::size_t>(T - x));
    } else {
      T = d.in.log_uniform(1e-3, 1e4);
      x = d.in.byte() % 4 == 0 ? d.in.whole(1000) : d.in.whole(20);
      tx = x == 0 ? 0 : T * d.in.uniform(0, 1);
      if (x > 0 && tx == 0) tx = T;
    }
    c.x.push_back(d.maybe_raw(x));
    c.tx.push_back(d.maybe_raw(tx));
    c.T.push_back(d.maybe_raw(T));
  }
  return c;
}

/// Every value in [lo, hi], not NaN; finite unless the inputs left the domain.
void check(const std::vector<double>& v, double lo, double hi, bool strict, const char* what) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(v[i]) || v[i] < lo || v[i] > hi) violated(what, v[i], i);
    if (strict && !std::isfinite(v[i])) violated(what, v[i], i);
  }
}

run_options run(input& in) {
  run_options r;
  r.threads = 1 + in.byte() % 2;
  return r;
}

template <class Params>
void transaction_model(decoder& d, const Params& p, bool pareto) {
  const std::size_t n = d.in.range(1, 12);
  const auto c = draw_customers(d, n, false);
  const double t = d.maybe_raw(d.in.log_uniform(1e-3, 1e4));
  const bool strict = !d.raw_used;
  const auto r = run(d.in);
  std::vector<double> out(n);
  try {
    probability_alive(p, c.view(), out, r);
    check(out, 0, 1, strict, "P(alive) in [0, 1]");
  } catch (const northstar::error&) {
  }
  try {
    if constexpr (std::is_same_v<Params, pareto_nbd_params>)
      conditional_expected_purchases(p, c.view(), column<double>(t), out, r);
    else
      conditional_expected_purchases(p, c.view(), t, out, r);
    check(out, 0, inf, strict, "conditional expected purchases >= 0");
  } catch (const northstar::error&) {
  }
  try {
    std::vector<double> ts(n);
    for (std::size_t i = 0; i < n; ++i) ts[i] = c.T[i];
    if constexpr (std::is_same_v<Params, pareto_nbd_params>)
      expected_purchases(p, column<double>(ts), out, r);
    else
      expected_purchases(p, std::span<const double>(ts), out, r);
    check(out, 0, inf, strict, "expected purchases >= 0");
  } catch (const northstar::error&) {
  }
  try {
    std::vector<double> ks(n);
    for (auto& k : ks) k = d.maybe_raw(d.in.whole(30));
    if constexpr (std::is_same_v<Params, pareto_nbd_params>)
      probability_of_purchases(p, column<double>(t), column<double>(ks), out, r);
    else
      probability_of_purchases(p, std::vector<double>(n, t), ks, out, r);
    check(out, 0, 1, !d.raw_used, "P(X(t) = k) in [0, 1]");
  } catch (const northstar::error&) {
  }
  try {
    const per_period_discount disc{static_cast<int>(d.in.range(0, 24)), d.maybe_raw(d.in.uniform(0.1, 10)),
                                   d.maybe_raw(d.in.uniform(0, 0.2))};
    discounted_expected_purchases(p, c.view(), disc, out, r);
    check(out, 0, inf, !d.raw_used, "discounted expected purchases (per period) >= 0");
  } catch (const northstar::error&) {
  }
  try {
    const continuous_discount disc{d.maybe_raw(d.in.uniform(0, 200)), d.maybe_raw(d.in.uniform(0, 0.2))};
    discounted_expected_purchases(p, c.view(), disc, out, r);
    check(out, 0, inf, !d.raw_used, "discounted expected purchases (continuous) >= 0");
  } catch (const northstar::error&) {
  }
  if (pareto) {
    if constexpr (std::is_same_v<Params, pareto_nbd_params>) {
      try {
        discounted_expected_residual_transactions(p, c.view(), d.maybe_raw(d.in.uniform(1e-4, 0.5)), out, r);
        check(out, 0, inf, !d.raw_used, "Pareto/NBD DERT >= 0");
      } catch (const northstar::error&) {
      }
    }
  }
}

void gamma_gamma(decoder& d) {
  const gamma_gamma_params p{d.param(), d.param(), d.param()};
  const std::size_t n = d.in.range(1, 12);
  std::vector<double> x(n), z(n), out(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = d.maybe_raw(d.in.byte() % 4 == 0 ? d.in.whole(1000) : d.in.whole(20));
    z[i] = d.maybe_raw(x[i] > 0 ? d.in.log_uniform(1e-3, 1e6) : 0.0);
  }
  try {
    conditional_expected_spend(p, x, z, out, run(d.in));
    check(out, 0, inf, !d.raw_used, "expected spend >= 0");
  } catch (const northstar::error&) {
  }
}

void sbg(decoder& d) {
  try {
    const sbg_params m{d.param(), d.param()};
    const std::size_t n = d.in.range(1, 12);
    std::vector<double> t(n), out(n);
    for (auto& v : t) v = d.maybe_raw(1 + d.in.whole(10000));
    const auto r = run(d.in);
    const bool strict = !d.raw_used;
    try {
      survival(m, t, out, r);
      check(out, 0, 1, strict, "sBG survival in [0, 1]");
    } catch (const northstar::error&) {
    }
    try {
      churn_probability(m, t, out, r);
      check(out, 0, 1, strict, "sBG churn probability in [0, 1]");
    } catch (const northstar::error&) {
    }
    try {
      retention_rate(m, t, out, r);
      check(out, 0, 1, strict, "sBG retention rate in [0, 1]");
    } catch (const northstar::error&) {
    }
    const double rate = d.maybe_raw(d.in.log_uniform(1e-4, 10));
    try {
      const double del = discounted_expected_lifetime(m, rate);
      if (std::isnan(del) || del < 1 || (!d.raw_used && !std::isfinite(del)))
        violated("sBG DEL finite >= 1", del);
    } catch (const northstar::error&) {
    }
    try {
      for (auto& v : t) v -= 1;  // renewals = n - 1 >= 0
      discounted_expected_residual_lifetime(m, rate, t, out, r);
      check(out, 0, inf, !d.raw_used, "sBG DERL >= 0");
    } catch (const northstar::error&) {
    }
  } catch (const northstar::error&) {
  }
}

void bg_bb(decoder& d) {
  try {
    const bg_bb_params m{d.param(), d.param(), d.param(), d.param()};
    const std::size_t n = d.in.range(1, 12);
    const auto c = draw_customers(d, n, true);
    const auto r = run(d.in);
    std::vector<double> out(n);
    const bool strict = !d.raw_used;
    try {
      probability_alive(m, c.x, c.tx, c.T, out, r);
      check(out, 0, 1, strict, "BG/BB P(alive) in [0, 1]");
    } catch (const northstar::error&) {
    }
    const double n_star = d.maybe_raw(d.in.whole(100));
    try {
      conditional_expected_purchases(m, c.x, c.tx, c.T, n_star, out, r);
      check(out, 0, inf, !d.raw_used, "BG/BB conditional expected purchases >= 0");
    } catch (const northstar::error&) {
    }
    try {
      discounted_expected_residual_transactions(m, d.maybe_raw(d.in.log_uniform(1e-4, 1)), c.x, c.tx, c.T,
                                                out, r);
      check(out, 0, inf, !d.raw_used, "BG/BB DERT >= 0");
    } catch (const northstar::error&) {
    }
    try {
      probability_of_purchases(m, c.T, c.x, out, r);
      check(out, 0, 1, strict, "BG/BB P(X(n) = x) in [0, 1]");
    } catch (const northstar::error&) {
    }
    try {
      expected_purchases(m, c.T, out, r);
      check(out, 0, inf, strict, "BG/BB expected purchases >= 0");
    } catch (const northstar::error&) {
    }
  } catch (const northstar::error&) {
  }
}

}  // namespace

/// Keeps a finite positive parameter within [lo, hi]; NaN, inf, zero and
/// negatives pass unchanged (they must be rejected). Beyond these ranges the
/// transaction models' series are correct but need of the order of
/// max(r, a, b, t / alpha) terms or more (seconds per call: a known
/// performance cliff, docs/errors.md) and libFuzzer would only report timeouts.
double tame(double v, double lo = 1e-6, double hi = 1e6) {
  return v > hi && v <= 1.7976931348623157e308 ? hi : v > 0 && v < lo ? lo : v;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  northstar_fuzz::clear_notes();
  input in(data, size);
  decoder d{in};
  const int model = in.byte() % 6;
  d.slow_series = model < 2;
  switch (model) {
    case 0:
      transaction_model(d,
                        bg_nbd_params{tame(d.param(), 1e-2, 100), tame(d.param(), 1, 1e3),
                                      tame(d.param(), 1e-3, 1e4), tame(d.param(), 1e-3, 1e4)},
                        false);
      break;
    case 1:
      transaction_model(d,
                        mbg_nbd_params{tame(d.param(), 1e-2, 100), tame(d.param(), 1, 1e3),
                                       tame(d.param(), 1e-3, 1e4), tame(d.param(), 1e-3, 1e4)},
                        false);
      break;
    case 2:
      transaction_model(
          d, pareto_nbd_params{tame(d.param()), tame(d.param()), tame(d.param()), tame(d.param())}, true);
      break;
    case 3:
      gamma_gamma(d);
      break;
    case 4:
      sbg(d);
      break;
    default:
      bg_bb(d);
      break;
  }
  return 0;
}
