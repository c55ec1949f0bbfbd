// Closed-form CLV: hand-computed values, closed forms against explicit loops,
// float against double, broadcasts against arrays, threads, and bad input.
#include <northstar/clv/closed_form.hpp>

#include "isas.hpp"

#include <gtest/gtest.h>
#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace clv = northstar::clv;
using northstar::errc;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

// Explicit sum of the discounted margins, one period at a time (the definition).
// `scale` receives the sum of the terms' magnitudes (for a relative tolerance).
double retention_by_loop(double m, double r, double d, int horizon, bool start, double cac, double& scale) {
  double sum = 0, q = 1;
  const double ratio = r / (1 + d);
  scale = cac;
  for (int t = 0; t <= horizon; ++t) {
    if ((start && t < horizon) || (!start && t >= 1)) sum += m * q, scale += std::abs(m * q);
    q *= ratio;
  }
  return sum - cac;
}

template <class Formula>
std::vector<typename Formula::value_type> eval(const Formula& f, std::size_t n, clv::run_options opt = {}) {
  std::vector<typename Formula::value_type> out(n);
  clv::evaluate(f, std::span(out), opt);
  return out;
}

}  // namespace

TEST(ClosedForm, HandComputedValues) {
  EXPECT_DOUBLE_EQ(eval(clv::basic_clv<double>{50.0, 4.0, 3.0}, 1)[0], 600.0);
  EXPECT_DOUBLE_EQ(eval(clv::margin_clv<double>{50.0, 0.3, 4.0, 3.0, 20.0}, 1)[0], 160.0);
  EXPECT_DOUBLE_EQ(eval(clv::repurchase_clv<double>{200.0, 0.6, 30.0}, 1)[0], 90.0);
  // m r / (1 + d - r) = 100 * 0.8 / 0.3; m (1 + d) / (1 + d - r) = 100 * 1.1 / 0.3.
  clv::retention_clv<double> r{.margin = 100.0, .retention = 0.8, .discount_rate = 0.1};
  EXPECT_NEAR(eval(r, 1)[0], 800.0 / 3.0, 1e-12);
  r.timing = clv::margin_timing::start_of_period;
  EXPECT_NEAR(eval(r, 1)[0], 1100.0 / 3.0, 1e-12);
  // One period: the first margin only.
  r.horizon = 1.0;
  EXPECT_NEAR(eval(r, 1)[0], 100.0, 1e-12);
  r.timing = clv::margin_timing::end_of_period;
  EXPECT_NEAR(eval(r, 1)[0], 100.0 * 0.8 / 1.1, 1e-12);
  // Two periods, end of period: 100 q + 100 q^2 with q = 8/11, minus CAC 10.
  r.horizon = 2.0;
  r.acquisition_cost = 10.0;
  EXPECT_NEAR(eval(r, 1)[0], 100.0 * (8.0 / 11 + 64.0 / 121) - 10, 1e-12);
  // No horizon at all: only -CAC.
  r.horizon = 0.0;
  EXPECT_DOUBLE_EQ(eval(r, 1)[0], -10.0);
  // q = 1 exactly (r = 1, d = 0): H margins of m.
  clv::retention_clv<double> flat{.margin = 7.0, .retention = 1.0, .discount_rate = 0.0, .horizon = 5.0};
  EXPECT_DOUBLE_EQ(eval(flat, 1)[0], 35.0);
}

TEST(ClosedForm, FiniteHorizonMatchesExplicitLoop) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> um(-50, 500), ur(0, 1), ud(-0.5, 0.5), uc(0, 100);
  std::uniform_int_distribution<int> uh(0, 120);
  const std::size_t n = 5000;
  std::vector<double> m(n), r(n), d(n), h(n), c(n);
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = um(rng);
    r[i] = ur(rng);
    d[i] = ud(rng);
    h[i] = uh(rng);
    c[i] = uc(rng);
  }
  r[0] = 1.0, d[0] = 0.0;   // q = 1
  r[1] = 0.0;               // q = 0
  r[2] = 0.9, d[2] = -0.1;  // q ~ 1 from rounding
  for (auto timing : {clv::margin_timing::end_of_period, clv::margin_timing::start_of_period}) {
    const auto out = eval(clv::retention_clv<double>{m, r, d, h, c, timing}, n);
    for (std::size_t i = 0; i < n; ++i) {
      double scale = 0;
      const double ref = retention_by_loop(m[i], r[i], d[i], static_cast<int>(h[i]),
                                           timing == clv::margin_timing::start_of_period, c[i], scale);
      ASSERT_NEAR(out[i], ref, 1e-12 * (scale + 1)) << "i=" << i;
    }
  }
}

TEST(ClosedForm, InfiniteHorizonIsTheLimitOfLargeHorizons) {
  for (double r : {0.0, 0.3, 0.9, 0.99}) {
    for (double d : {0.0, 0.01, 0.2}) {
      if (r >= 1 + d) continue;
      for (auto timing : {clv::margin_timing::end_of_period, clv::margin_timing::start_of_period}) {
        clv::retention_clv<double> f{.margin = 10.0, .retention = r, .discount_rate = d, .timing = timing};
        const double infinite = eval(f, 1)[0];
        f.horizon = 100000.0;
        EXPECT_NEAR(eval(f, 1)[0], infinite, 1e-9 * std::abs(infinite) + 1e-12) << r << " " << d;
        // Mixed per-customer horizons (finite and +inf) take the general path.
        std::vector<double> h{100000.0, inf};
        f.horizon = h;
        const auto both = eval(f, 2);
        EXPECT_NEAR(both[0], infinite, 1e-9 * std::abs(infinite) + 1e-12);
        EXPECT_NEAR(both[1], infinite, 1e-12 * std::abs(infinite));
      }
    }
  }
}

TEST(ClosedForm, FloatAgreesWithDouble) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  const std::size_t n = 3000;
  std::vector<double> a(n), g(n), fr(n), l(n), c(n);
  std::vector<float> af(n), gf(n), frf(n), lf(n), cf(n);
  for (std::size_t i = 0; i < n; ++i) {
    af[i] = static_cast<float>(a[i] = 10 + 200 * u(rng));
    gf[i] = static_cast<float>(g[i] = u(rng));
    frf[i] = static_cast<float>(fr[i] = 5 * u(rng));
    lf[i] = static_cast<float>(l[i] = 10 * u(rng));
    cf[i] = static_cast<float>(c[i] = 50 * u(rng));
  }
  const auto d = eval(clv::margin_clv<double>{a, g, fr, l, c}, n);
  const auto f = eval(clv::margin_clv<float>{af, gf, frf, lf, cf}, n);
  for (std::size_t i = 0; i < n; ++i) {
    const double scale = a[i] * std::abs(g[i]) * fr[i] * l[i] + c[i];
    ASSERT_NEAR(f[i], d[i], 1e-6 * scale + 1e-6);
  }
  const auto rd = eval(clv::retention_clv<double>{a, g, 0.1, 12.0, c}, n);
  const auto rf = eval(clv::retention_clv<float>{af, gf, 0.1f, 12.0f, cf}, n);
  for (std::size_t i = 0; i < n; ++i) ASSERT_NEAR(rf[i], rd[i], 1e-5 * (12 * a[i] + c[i]));
}

TEST(ClosedForm, BroadcastEqualsFullArrays) {
  const std::size_t n = 1500;  // several chunks and a ragged tail
  std::vector<double> a(n), g(n, 0.25), fr(n, 3.0), l(n, 2.0), c(n, 5.0);
  for (std::size_t i = 0; i < n; ++i) a[i] = 1.0 + static_cast<double>(i % 97);
  const auto arrays = eval(clv::margin_clv<double>{a, g, fr, l, c}, n);
  const auto mixed = eval(clv::margin_clv<double>{a, 0.25, 3.0, 2.0, 5.0}, n);
  EXPECT_EQ(arrays, mixed);
  // Eigen vectors and maps are columns too (zero-copy).
  Eigen::VectorXd ea = Eigen::Map<Eigen::VectorXd>(a.data(), static_cast<Eigen::Index>(n));
  EXPECT_EQ(eval(clv::margin_clv<double>{ea, 0.25, 3.0, 2.0, 5.0}, n), arrays);
  Eigen::Map<const Eigen::VectorXd> map(a.data(), static_cast<Eigen::Index>(n));
  EXPECT_EQ(eval(clv::margin_clv<double>{map, 0.25, 3.0, 2.0, 5.0}, n), arrays);
}

TEST(ClosedForm, ThreadCountDoesNotChangeResults) {
  const std::size_t n = 300000;  // several blocks
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> m(n), r(n), h(n);
  for (std::size_t i = 0; i < n; ++i)
    m[i] = 100 * u(rng), r[i] = 0.95 * u(rng), h[i] = std::floor(40 * u(rng));
  for (auto check : {clv::validation::upfront, clv::validation::fused}) {
    const clv::retention_clv<double> f{m, r, 0.01, h, 3.0};
    EXPECT_EQ(eval(f, n, {.threads = 1, .check = check}), eval(f, n, {.threads = 2, .check = check}));
    EXPECT_EQ(eval(f, n, {.threads = 1, .check = check}), eval(f, n, {.threads = 5, .check = check}));
  }
}

// ---------------------------------------------------------------- bad input

namespace {

// Runs evaluate, expects an error with `code` whose message contains `text`,
// and checks that the output buffer is untouched.
template <class Formula>
void expect_rejected(const Formula& f, std::size_t n, errc code, const std::string& text,
                     clv::run_options opt = {}) {
  using T = typename Formula::value_type;
  std::vector<T> out(n, T(12345));
  try {
    clv::evaluate(f, std::span(out), opt);
    ADD_FAILURE() << "no error for: " << text;
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
  for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(out[i], T(12345)) << "output touched at " << i;
}

}  // namespace

TEST(ClosedFormBadInput, SizeMismatch) {
  std::vector<double> a(10, 1.0), l(9, 1.0);
  expect_rejected(clv::margin_clv<double>{a, 0.3, 1.0, l, 0.0}, 10, errc::size_mismatch,
                  "margin_clv: lifespan has 9 elements but out has 10");
  expect_rejected(clv::basic_clv<double>{a, 1.0, 1.0}, 11, errc::size_mismatch,
                  "average_order_value has 10 elements but out has 11");
}

TEST(ClosedFormBadInput, NotFinite) {
  std::vector<double> a(2000, 1.0);
  a[1700] = nan_v;
  expect_rejected(clv::margin_clv<double>{a, 0.3, 1.0, 1.0, 0.0}, 2000, errc::not_finite,
                  "average_order_value[1700] = nan: is not a number");
  a[1700] = inf;
  expect_rejected(clv::basic_clv<double>{1.0, a, 1.0}, 2000, errc::not_finite,
                  "purchase_frequency[1700] = inf: must be finite");
  expect_rejected(clv::retention_clv<double>{-inf, 0.5, 0.1}, 3, errc::not_finite, "margin = -inf");
}

TEST(ClosedFormBadInput, Negatives) {
  std::vector<double> v(100, 1.0);
  v[42] = -2.5;
  expect_rejected(clv::margin_clv<double>{v, 0.3, 1.0, 1.0, 0.0}, 100, errc::invalid_argument,
                  "average_order_value[42] = -2.5: must be >= 0");
  expect_rejected(clv::margin_clv<double>{1.0, 0.3, v, 1.0, 0.0}, 100, errc::invalid_argument,
                  "purchase_frequency[42] = -2.5: must be >= 0");
  expect_rejected(clv::margin_clv<double>{1.0, 0.3, 1.0, v, 0.0}, 100, errc::invalid_argument,
                  "lifespan[42] = -2.5: must be >= 0");
  expect_rejected(clv::margin_clv<double>{1.0, 0.3, 1.0, 1.0, v}, 100, errc::invalid_argument,
                  "acquisition_cost[42] = -2.5: must be >= 0");
  expect_rejected(clv::repurchase_clv<double>{v, 0.5, 0.0}, 100, errc::invalid_argument,
                  "revenue[42] = -2.5: must be >= 0");
  expect_rejected(clv::retention_clv<double>{1.0, 0.5, 0.1, inf, -1.0}, 4, errc::invalid_argument,
                  "acquisition_cost = -1: must be >= 0");
}

TEST(ClosedFormBadInput, GrossMarginAboveOne) {
  std::vector<double> g(10, 0.5);
  g[3] = 1.25;
  expect_rejected(clv::margin_clv<double>{1.0, g, 1.0, 1.0, 0.0}, 10, errc::invalid_argument,
                  "gross_margin[3] = 1.25: must be <= 1");
  // A negative margin (a loss-making product) is valid.
  g[3] = -0.2;
  EXPECT_NO_THROW(eval(clv::margin_clv<double>{1.0, g, 1.0, 1.0, 0.0}, 10));
}

TEST(ClosedFormBadInput, RetentionOutsideUnitInterval) {
  std::vector<double> r(10, 0.5);
  r[9] = 1.5;
  expect_rejected(clv::retention_clv<double>{1.0, r, 0.1, 12.0}, 10, errc::invalid_argument,
                  "retention[9] = 1.5: must be in [0, 1]");
  r[9] = -0.1;
  expect_rejected(clv::retention_clv<double>{1.0, r, 0.1, 12.0}, 10, errc::invalid_argument,
                  "retention[9] = -0.1: must be in [0, 1]");
  expect_rejected(clv::repurchase_clv<double>{1.0, 1.01, 0.0}, 2, errc::invalid_argument,
                  "repurchase_rate = 1.01: must be in [0, 1]");
}

TEST(ClosedFormBadInput, DiscountRateAtOrBelowMinusOne) {
  std::vector<double> d(10, 0.1);
  d[5] = -1.0;
  expect_rejected(clv::retention_clv<double>{1.0, 0.5, d, 12.0}, 10, errc::invalid_argument,
                  "discount_rate[5] = -1: must be > -1");
}

TEST(ClosedFormBadInput, DivergentInfiniteHorizon) {
  std::vector<double> r(10, 0.5);
  r[7] = 1.0;
  expect_rejected(clv::retention_clv<double>{1.0, r, 0.0}, 10, errc::invalid_argument,
                  "retention[7] = 1: with no horizon the sum diverges");
  expect_rejected(clv::retention_clv<double>{1.0, 0.95, -0.1}, 10, errc::invalid_argument,
                  "retention = 0.95: with no horizon the sum diverges");
  // Per-customer horizons: only the customers without one are divergent.
  std::vector<double> h(10, 24.0);
  EXPECT_NO_THROW(eval(clv::retention_clv<double>{1.0, r, 0.0, h}, 10));
  h[7] = inf;
  expect_rejected(clv::retention_clv<double>{1.0, r, 0.0, h}, 10, errc::invalid_argument, "retention[7] = 1");
}

TEST(ClosedFormBadInput, HorizonMustBeWholeAndNonNegative) {
  std::vector<double> h(10, 12.0);
  h[2] = 2.5;
  expect_rejected(clv::retention_clv<double>{1.0, 0.5, 0.1, h}, 10, errc::invalid_argument,
                  "horizon[2] = 2.5: must be a whole number");
  h[2] = -1.0;
  expect_rejected(clv::retention_clv<double>{1.0, 0.5, 0.1, h}, 10, errc::invalid_argument,
                  "horizon[2] = -1");
}

TEST(ClosedFormBadInput, LowestIndexIsReportedWhateverTheThreads) {
  const std::size_t n = 400000;
  std::vector<double> a(n, 1.0);
  a[350000] = -1.0;
  a[200001] = -3.0;
  for (unsigned t : {1u, 2u, 4u})
    expect_rejected(clv::basic_clv<double>{a, 1.0, 1.0}, n, errc::invalid_argument,
                    "average_order_value[200001] = -3", {.threads = t});
}

TEST(ClosedFormBadInput, FusedValidationStopsAtTheFailingChunk) {
  const std::size_t n = 4096;
  std::vector<double> a(n, 2.0), out(n, -7.0);
  a[3000] = nan_v;
  EXPECT_THROW(clv::evaluate(clv::basic_clv<double>{a, 1.0, 1.0}, std::span(out),
                             {.threads = 1, .check = clv::validation::fused}),
               northstar::error);
  // Chunks before the failing one were written, the failing chunk and after were not.
  EXPECT_EQ(out[0], 2.0);
  const std::size_t failing_chunk = 3000 / clv::detail::chunk * clv::detail::chunk;
  for (std::size_t i = failing_chunk; i < n; ++i) ASSERT_EQ(out[i], -7.0) << i;
}

TEST(ClosedFormBadInput, EmptyInputIsAValidEmptyResult) {
  std::vector<double> none, out;
  EXPECT_NO_THROW(clv::evaluate(clv::margin_clv<double>{none, 0.3, none, none, 0.0}, std::span(out)));
  EXPECT_NO_THROW(clv::evaluate(clv::basic_clv<double>{1.0, 1.0, 1.0}, std::span(out)));
}

TEST(ClosedForm, EveryInstructionSetGivesTheSameBits) {
  const std::size_t n = 5000;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> a(n), g(n), r(n), h(n);
  for (std::size_t i = 0; i < n; ++i)
    a[i] = 100 * u(rng), g[i] = u(rng), r[i] = 0.9 * u(rng), h[i] = std::floor(30 * u(rng));
  const auto run = [&](auto formula, clv::instruction_set isa) {
    return eval(formula, n, {.threads = 1, .instructions = isa});
  };
  const auto isas = available_isas();
  if (!clv::detail::avx2_available()) {
    EXPECT_THROW(run(clv::basic_clv<double>{a, 1.0, 1.0}, clv::instruction_set::avx2), northstar::error);
  }
  if (!clv::detail::closed_form_avx512_available()) {
    EXPECT_THROW(run(clv::basic_clv<double>{a, 1.0, 1.0}, clv::instruction_set::avx512), northstar::error);
  }
  std::vector<float> af(a.begin(), a.end()), gf(g.begin(), g.end()), rf(r.begin(), r.end());
  std::vector<float> hf(h.begin(), h.end());
  for (auto isa : isas) {
    EXPECT_EQ(run(clv::margin_clv<double>{a, g, 2.0, 3.0, 1.0}, isa),
              run(clv::margin_clv<double>{a, g, 2.0, 3.0, 1.0}, clv::instruction_set::baseline));
    EXPECT_EQ(run(clv::margin_clv<float>{af, gf, 2.0f, af, 1.0f}, isa),
              run(clv::margin_clv<float>{af, gf, 2.0f, af, 1.0f}, clv::instruction_set::baseline));
    EXPECT_EQ(run(clv::retention_clv<float>{af, rf, 0.05f, hf, af}, isa),
              run(clv::retention_clv<float>{af, rf, 0.05f, hf, af}, clv::instruction_set::baseline));
    EXPECT_EQ(run(clv::retention_clv<float>{af, rf, gf}, isa),
              run(clv::retention_clv<float>{af, rf, gf}, clv::instruction_set::baseline));
    EXPECT_EQ(run(clv::retention_clv<double>{a, r, 0.05, h, 1.0}, isa),
              run(clv::retention_clv<double>{a, r, 0.05, h, 1.0}, clv::instruction_set::baseline));
    EXPECT_EQ(run(clv::retention_clv<double>{a, r, 0.05}, isa),
              run(clv::retention_clv<double>{a, r, 0.05}, clv::instruction_set::baseline));
    // Bad input is found by every variant, at the same index.
    std::vector<double> bad = a;
    bad[4321] = -1;
    std::vector<double> out(n, 0.0);
    try {
      clv::evaluate(clv::margin_clv<double>{bad, g, 2.0, 3.0, 1.0}, std::span(out), {.instructions = isa});
      ADD_FAILURE();
    } catch (const northstar::error& e) {
      EXPECT_STREQ(e.what(), "margin_clv: average_order_value[4321] = -1: must be >= 0");
    }
    bad[4321] = nan_v;
    EXPECT_THROW(
        clv::evaluate(clv::margin_clv<double>{bad, g, 2.0, 3.0, 1.0}, std::span(out), {.instructions = isa}),
        northstar::error);
    bad[4321] = inf;
    EXPECT_THROW(
        clv::evaluate(clv::margin_clv<double>{bad, g, 2.0, 3.0, 1.0}, std::span(out), {.instructions = isa}),
        northstar::error);
  }
}

// Skipped (ctest lists it) where this CPU lacks a variant the build has, so a
// CI log shows which kernels the bit-for-bit comparisons above did not run.
TEST(ClosedForm, EveryKernelVariantOfTheBuildRunsOnThisCpu) {
  std::string missing;
  if (NORTHSTAR_HAS_AVX2_DISPATCH && !clv::detail::avx2_available()) missing += " AVX2";
  if (NORTHSTAR_HAS_AVX512_DISPATCH && !clv::detail::closed_form_avx512_available()) missing += " AVX-512";
  if (!missing.empty())
    GTEST_SKIP() << "this CPU cannot run the" << missing << " kernels; they were not compared here";
  EXPECT_EQ(available_isas().size(), 1u + NORTHSTAR_HAS_AVX2_DISPATCH + NORTHSTAR_HAS_AVX512_DISPATCH);
}

TEST(ClosedForm, LargeOutputsUseStreamingStoresWithTheSameResults) {
  // Above detail::streaming_threshold_bytes the output is written with
  // non-temporal stores (aligned) or plainly (misaligned): same values.
  const std::size_t n = clv::detail::streaming_threshold_bytes / sizeof(double) + 1001;
  std::vector<double> a(n), out(n + 1, -1.0);
  for (std::size_t i = 0; i < n; ++i) a[i] = static_cast<double>(i % 1000) * 0.5;
  const clv::margin_clv<double> f{a, 0.25, 3.0, 2.0, 1.0};
  for (std::size_t shift : {0u, 1u}) {  // 16-byte aligned, then 8-byte aligned
    clv::evaluate(f, std::span(out.data() + shift, n), {.threads = 2, .check = clv::validation::fused});
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(out[i + shift], a[i] * 0.25 * 3.0 * 2.0 - 1.0) << i;
  }
}

TEST(ClosedFormBadInput, FusedValidationOfStreamedOutputsStopsAtTheFailingChunk) {
  // Above the streaming threshold the fused kernel validates in the loop that
  // computes, into an L1 buffer that reaches the output only for a valid chunk.
  const std::size_t n = clv::detail::streaming_threshold_bytes / sizeof(double) + 3000;
  std::vector<double> a(n, 2.0), out(n, -7.0);
  const std::size_t bad = n - 2100;
  a[bad] = -0.5;
  try {
    clv::evaluate(clv::basic_clv<double>{a, 1.0, 3.0}, std::span(out),
                  {.threads = 1, .check = clv::validation::fused});
    ADD_FAILURE() << "accepted";
  } catch (const northstar::error& e) {
    EXPECT_NE(std::string(e.what()).find("average_order_value[" + std::to_string(bad) + "]"),
              std::string::npos)
        << e.what();
  }
  const std::size_t failing_chunk = bad / clv::detail::chunk * clv::detail::chunk;
  for (std::size_t i = 0; i < failing_chunk; ++i) ASSERT_EQ(out[i], 6.0) << i;
  for (std::size_t i = failing_chunk; i < n; ++i) ASSERT_EQ(out[i], -7.0) << i;
}

namespace {

// A formula's shape as domain_test sees it: two inputs of domains D0, D1.
template <class T, clv::detail::domain D0, clv::detail::domain D1>
struct two_inputs {
  using value_type = T;
  static constexpr std::array<clv::detail::input_spec, 2> inputs{{{"x", D0}, {"y", D1}}};
};

// fn(std::integral_constant<domain, d>{}): a run-time domain as a template argument.
template <class Fn>
auto with_domain(clv::detail::domain d, Fn&& fn) {
  using clv::detail::domain;
  switch (d) {
    case domain::finite:
      return fn(std::integral_constant<domain, domain::finite>{});
    case domain::nonnegative:
      return fn(std::integral_constant<domain, domain::nonnegative>{});
    case domain::probability:
      return fn(std::integral_constant<domain, domain::probability>{});
    case domain::at_most_one:
      return fn(std::integral_constant<domain, domain::at_most_one>{});
    case domain::above_minus_one:
      return fn(std::integral_constant<domain, domain::above_minus_one>{});
    case domain::horizon:
      break;
  }
  return fn(std::integral_constant<domain, domain::horizon>{});
}

template <class T>
void fused_domain_test_agrees_with_in_domain() {
  using clv::detail::domain;
  constexpr T inf = std::numeric_limits<T>::infinity(), big = std::numeric_limits<T>::max();
  constexpr T tiny = std::numeric_limits<T>::min(), den = std::numeric_limits<T>::denorm_min();
  constexpr T whole = sizeof(T) == 8 ? T(0x1p52) : T(0x1p23);
  const std::vector<T> values{std::numeric_limits<T>::quiet_NaN(),
                              -std::numeric_limits<T>::quiet_NaN(),
                              inf,
                              -inf,
                              big,
                              -big,
                              T(0),
                              -T(0),
                              tiny,
                              -tiny,
                              den,
                              -den,
                              T(1),
                              std::nextafter(T(1), T(2)),
                              std::nextafter(T(1), T(0)),
                              T(-1),
                              std::nextafter(T(-1), T(0)),
                              std::nextafter(T(-1), T(-2)),
                              T(0.5),
                              T(2.5),
                              T(3),
                              T(1e6),
                              whole,
                              whole - T(0.5),
                              whole + T(1),
                              T(2) * whole,
                              whole / T(2) + T(0.5),
                              T(-3),
                              T(-2.5)};
  for (domain d : {domain::finite, domain::nonnegative, domain::probability, domain::at_most_one,
                   domain::above_minus_one, domain::horizon})
    for (T v : values) {
      const auto flag = with_domain(
          d, [&]<domain D>(std::integral_constant<domain, D>) { return clv::detail::outside<D>(v); });
      EXPECT_EQ(flag, clv::detail::in_domain(d, v) ? 0 : 1)
          << "domain " << static_cast<int>(d) << ", v = " << v;
      // The kernels' per-customer test of all inputs at once (domain_test),
      // with v in the input of domain d (first or second) next to a finite
      // one: every bad value flagged; a good one never, except -0.0 and a sum
      // of inputs beyond the type's range (allowed false alarms: check_chunk
      // then finds nothing and the kernel's values stand).
      for (T other : {T(0), T(-1), T(1), big, -big})
        for (bool second : {false, true}) {
          const std::array<const T*, 2> ptr{second ? &other : &v, second ? &v : &other};
          const auto test = [&]<domain D>(std::integral_constant<domain, D>) {
            return second ? clv::detail::domain_test<two_inputs<T, domain::finite, D>>{ptr}(0)
                          : clv::detail::domain_test<two_inputs<T, D, domain::finite>>{ptr}(0);
          };
          const auto flag2 = with_domain(d, test);
          const bool negative_zero = v == T(0) && std::signbit(v);
          const bool sum_finite = d == domain::horizon || std::isfinite(v + other);
          if (!clv::detail::in_domain(d, v)) {
            EXPECT_NE(flag2, 0) << "domain " << static_cast<int>(d) << ", v = " << v << ", other = " << other;
          } else if (!negative_zero && sum_finite) {
            EXPECT_EQ(flag2, 0) << "domain " << static_cast<int>(d) << ", v = " << v << ", other = " << other;
          }
        }
    }
}

}  // namespace

TEST(ClosedFormBadInput, FusedDomainTestAgreesWithTheReferenceOnEdgeValues) {
  // The kernels' in-loop test (validation::fused) against in_domain, the
  // definition that names errors.
  fused_domain_test_agrees_with_in_domain<double>();
  fused_domain_test_agrees_with_in_domain<float>();
}

namespace {

// Values outside each domain, and values on its edges that must pass.
template <class T>
std::vector<T> outside(clv::detail::domain d) {
  constexpr T inf_t = std::numeric_limits<T>::infinity();
  const T nan_t = std::numeric_limits<T>::quiet_NaN();
  using clv::detail::domain;
  switch (d) {
    case domain::finite:
      return {nan_t, inf_t, -inf_t};
    case domain::nonnegative:
      return {nan_t, inf_t, T(-1e-30), -inf_t};
    case domain::probability:
      return {nan_t, T(-1e-30), T(1.0001), inf_t};
    case domain::at_most_one:
      return {nan_t, T(1.0001), -inf_t};
    case domain::above_minus_one:
      return {nan_t, T(-1), T(-2), inf_t};
    case domain::horizon:
      return {nan_t, T(-1), T(2.5), -inf_t};
  }
  return {};
}

// Every input, every kind of bad value, at random positions (inside the
// vectorised part of a chunk and in its tail): the error names the input and
// the index, for each instruction set and validation mode. `make` builds the
// formula from one array per input.
template <class T, class Make>
void every_bad_value_is_found(Make make, const std::vector<std::vector<T>>& columns) {
  using Formula = decltype(make(columns));
  const std::size_t n = columns[0].size();
  std::mt19937 g(7);
  const auto isas = available_isas();
  {
    std::vector<T> out(n);
    ASSERT_NO_THROW(clv::evaluate(make(columns), std::span(out)));
  }
  for (std::size_t k = 0; k < Formula::inputs.size(); ++k)
    for (T bad : outside<T>(Formula::inputs[k].dom))
      for (int trial = 0; trial < 3; ++trial) {
        const std::size_t at = std::uniform_int_distribution<std::size_t>(0, n - 1)(g);
        auto cols = columns;
        cols[k][at] = bad;
        for (auto isa : isas)
          for (auto check : {clv::validation::upfront, clv::validation::fused}) {
            std::vector<T> out(n, T(0));
            try {
              clv::evaluate(make(cols), std::span(out), {.threads = 1, .check = check, .instructions = isa});
              ADD_FAILURE() << Formula::inputs[k].name << "[" << at << "] = " << bad << " accepted";
            } catch (const northstar::error& e) {
              const std::string want = std::string(Formula::inputs[k].name) + "[" + std::to_string(at) + "]";
              EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << e.what() << " vs " << want;
            }
          }
      }
}

}  // namespace

TEST(ClosedFormBadInput, EveryBadValueIsFoundWhereverItIs) {
  const std::size_t n = 1500;  // three chunks: vectorised parts and a tail
  const auto margin = [](const auto& c) {
    using T = typename std::decay_t<decltype(c[0])>::value_type;
    return clv::margin_clv<T>{c[0], c[1], c[2], c[3], c[4]};
  };
  every_bad_value_is_found<double>(
      margin, {std::vector<double>(n, 20.0), std::vector<double>(n, 1.0), std::vector<double>(n, 2.0),
               std::vector<double>(n, 0.0), std::vector<double>(n, 5.0)});
  every_bad_value_is_found<float>(
      margin, {std::vector<float>(n, 20.0f), std::vector<float>(n, -0.5f), std::vector<float>(n, 2.0f),
               std::vector<float>(n, 3.0f), std::vector<float>(n, 0.0f)});
  const auto retention = [](const auto& c) {
    using T = typename std::decay_t<decltype(c[0])>::value_type;
    return clv::retention_clv<T>{c[0], c[1], c[2], c[3], c[4]};
  };
  // Edges that must pass: retention 0 and 1, discount just above -1 with a finite horizon.
  every_bad_value_is_found<double>(
      retention, {std::vector<double>(n, -3.0), std::vector<double>(n, 1.0), std::vector<double>(n, -0.5),
                  std::vector<double>(n, 12.0), std::vector<double>(n, 0.0)});
  every_bad_value_is_found<double>(
      [](const auto& c) {
        return clv::repurchase_clv<double>{c[0], c[1], c[2]};
      },
      {std::vector<double>(n, 0.0), std::vector<double>(n, 0.0), std::vector<double>(n, 1e300)});
}

TEST(ClosedForm, IntermediateOverflowAndUnderflowDoNotChangeTheValue) {
  // The true value decides: inf only when it is beyond the type's range, 0 when a
  // factor is 0 (1e200 * 1e200 * 0 was NaN: fuzz/c_api), no loss to an
  // intermediate underflow. Every instruction set takes the same path.
  for (auto isa : available_isas()) {
    const clv::run_options opt{.threads = 1, .instructions = isa};
    EXPECT_EQ(eval(clv::basic_clv<double>{1e200, 1e200, 1e-200}, 1, opt)[0], 1e200);
    EXPECT_EQ(eval(clv::basic_clv<double>{1e200, 1e200, 0.0}, 1, opt)[0], 0.0);
    EXPECT_EQ(eval(clv::basic_clv<double>{1e300, 1e300, 1e300}, 1, opt)[0], inf);
    EXPECT_DOUBLE_EQ(eval(clv::basic_clv<double>{1e-200, 1e-200, 1e200}, 1, opt)[0], 1e-200);
    EXPECT_DOUBLE_EQ(eval(clv::margin_clv<double>{1e200, -1e200, 1e-200, 1e-100, 5.0}, 1, opt)[0],
                     -1e100 - 5.0);
    EXPECT_EQ(eval(clv::margin_clv<double>{1e200, -1e200, 1e200, 0.0, 5.0}, 1, opt)[0], -5.0);
    EXPECT_EQ(eval(clv::margin_clv<double>{1e200, -1e200, 1e200, 1.0, 5.0}, 1, opt)[0], -inf);
    // Float: the same in float's range (products of floats are formed in double).
    EXPECT_EQ(eval(clv::basic_clv<float>{1e30f, 1e30f, 1e-30f}, 1, opt)[0], 1e30f);
    EXPECT_EQ(eval(clv::basic_clv<float>{1e30f, 1e30f, 0.0f}, 1, opt)[0], 0.0f);
    EXPECT_EQ(eval(clv::basic_clv<float>{1e30f, 1e30f, 1.0f}, 1, opt)[0],
              std::numeric_limits<float>::infinity());
    EXPECT_FLOAT_EQ(eval(clv::margin_clv<float>{1e-30f, 0.5f, 1e-20f, 1e30f, 0.0f}, 1, opt)[0], 0.5e-20f);
    // Retention, start of period, no horizon: m (1 + d) / (1 + d - r) ~ m for huge d (was inf).
    clv::retention_clv<double> r{.margin = 1e10, .retention = 0.5, .discount_rate = 1e300};
    r.timing = clv::margin_timing::start_of_period;
    EXPECT_DOUBLE_EQ(eval(r, 1, opt)[0], 1e10);
    // Finite horizon with q = r / (1 + d) = 2: sum_{t=1..H} m q^t = 2 m (2^H - 1).
    clv::retention_clv<double> g{
        .margin = 0.0, .retention = 1.0, .discount_rate = -0.5, .horizon = 5000.0, .acquisition_cost = 3.0};
    EXPECT_EQ(eval(g, 1, opt)[0], -3.0);  // 0 * inf was NaN
    g.margin = 1e-300;
    g.horizon = 1100.0;  // 2^1100 overflows double, the value does not
    EXPECT_NEAR(eval(g, 1, opt)[0], std::ldexp(2e-300, 1100) - 3.0, 1e-12 * std::ldexp(2e-300, 1100));
    g.margin = -1e300;
    EXPECT_EQ(eval(g, 1, opt)[0], -inf);
    clv::retention_clv<float> gf{
        .margin = 0.0f, .retention = 1.0f, .discount_rate = -0.5f, .horizon = 5000.0f};
    EXPECT_EQ(eval(gf, 1, opt)[0], 0.0f);
  }
}

TEST(ClosedForm, ExtremeInputsAgreeWithLongDoubleOnRandomCustomers) {
  // Inputs drawn log-uniform over the whole double range (and zeros): every
  // value is the long double product rounded once more, or inf when that is
  // beyond double's range. Never NaN.
  const std::size_t n = 20000;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  const auto draw = [&] { return u(rng) < 0.05 ? 0.0 : std::pow(10.0, -307 + 614 * u(rng)); };
  std::vector<double> a(n), g(n), f(n), l(n), c(n);
  for (std::size_t i = 0; i < n; ++i)
    a[i] = draw(), g[i] = u(rng) < 0.5 ? -draw() : std::min(1.0, draw()), f[i] = draw(), l[i] = draw(),
    c[i] = 10 * u(rng);
  const auto out = eval(clv::margin_clv<double>{a, g, f, l, c}, n);
  for (std::size_t i = 0; i < n; ++i) {
    const long double product = static_cast<long double>(a[i]) * g[i] * f[i] * l[i], want = product - c[i];
    ASSERT_FALSE(std::isnan(out[i])) << i;
    if (std::abs(want) > std::numeric_limits<double>::max())
      EXPECT_TRUE(std::isinf(out[i]) && (out[i] > 0) == (want > 0)) << i;
    else
      EXPECT_NEAR(out[i], static_cast<double>(want),
                  1e-15 * static_cast<double>(std::abs(product) + c[i]) + 1e-300)
          << i;  // relative to the terms: P - CAC may cancel
  }
}
