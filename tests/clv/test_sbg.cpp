// Shifted-beta-geometric model: published parameters (Fader & Hardie 2007,
// Table 1), slow long-double references, Boost's pFq for 2F1, gradients
// against finite differences, extreme inputs, bad inputs.
#include <northstar/clv/sbg.hpp>
#include "clv/hyp2f1_1bc.hpp"

// Boost 1.74 hypergeometric_pFq.hpp uses lgamma without including its header.
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/hypergeometric_pFq.hpp>

#include <gtest/gtest.h>

#include "support.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace clv = northstar::clv;
using northstar::errc;

using northstar_test::expect_error_containing;
using northstar_test::expect_rel;
using northstar_test::sbg_fader_hardie_2007;

namespace {

std::vector<double> first(const std::vector<double>& v, std::size_t n) {
  return {v.begin(), v.begin() + n};
}

// Slow references in long double: S(t) = prod_{j<t} (beta+j)/(alpha+beta+j).
long double ref_survival(long double a, long double b, long t) {
  long double s = 1;
  for (long j = 0; j < t; ++j) s *= (b + j) / (a + b + j);
  return s;
}

// DERL as the plain series sum_{k>=0} S(n+k)/S(n-1) z^k, n = renewals + 1,
// summed term by term until the terms cannot change the sum.
long double ref_derl(long double a, long double b, long double d, long renewals) {
  const long n = renewals + 1;
  const long double z = 1 / (1 + d);
  long double term = (b + n - 1) / (a + b + n - 1);  // S(n)/S(n-1)
  long double sum = 0;
  for (long k = 0;; ++k) {
    sum += term;
    term *= z * (b + n + k) / (a + b + n + k);
    if (term < 1e-21L * sum) break;
  }
  return sum;
}

}  // namespace

// ---------------------------------------------------------------- published numbers

TEST(Sbg, FitsFaderHardie2007RegularSegment) {
  // F&H (2007): regular segment, years 0-7: alpha = 0.704, beta = 1.182.
  const auto t = sbg_fader_hardie_2007();
  const auto fit = clv::fit_sbg(first(t.regular, 8));
  EXPECT_TRUE(fit.report.converged);
  EXPECT_NEAR(fit.params.alpha, 0.704, 5e-4);
  EXPECT_NEAR(fit.params.beta, 1.182, 5e-4);
  EXPECT_GT(fit.standard_errors.alpha, 0);
  EXPECT_GT(fit.standard_errors.beta, 0);
  EXPECT_DOUBLE_EQ(fit.report.log_likelihood, clv::log_likelihood(fit.params, first(t.regular, 8)));
}

TEST(Sbg, FitsFaderHardie2007HighEndSegment) {
  // F&H (2007): high-end segment, years 0-7: alpha = 0.668, beta = 3.806.
  const auto t = sbg_fader_hardie_2007();
  const auto fit = clv::fit_sbg(first(t.high_end, 8));
  EXPECT_TRUE(fit.report.converged);
  EXPECT_NEAR(fit.params.alpha, 0.668, 5e-4);
  EXPECT_NEAR(fit.params.beta, 3.806, 5e-4);
}

TEST(Sbg, ProjectsHoldoutYearsLikeThePaper) {
  // F&H (2007) project years 8-12 from the years 0-7 fit and show the sBG
  // projection tracking the actual survivors. These are out-of-sample errors
  // of the model (not numerical errors): tolerance 5% of the actual count,
  // the accuracy the paper's projection shows (the high-end segment is
  // under-projected by up to ~4% at year 12, the regular one by < 2%).
  // A wrong survivor function (e.g. an off-by-one in t) misses by far more.
  const auto t = sbg_fader_hardie_2007();
  for (const auto* seg : {&t.regular, &t.high_end}) {
    const auto fit = clv::fit_sbg(first(*seg, 8));
    std::vector<double> proj(13);
    clv::projected_survivors(fit.params, 1000, proj);
    EXPECT_DOUBLE_EQ(proj[0], 1000);
    for (std::size_t year = 1; year <= 12; ++year) {
      EXPECT_NEAR(proj[year], (*seg)[year], 0.05 * (*seg)[year]) << "year " << year;
      EXPECT_NEAR(proj[year], clv::expected_survivors(fit.params, 1000, static_cast<double>(year)), 1e-9);
    }
  }
}

TEST(Sbg, IndividualLevelFitEqualsCohortFit) {
  // Expanding the cohort into 1,000 customers (churn period or still active
  // after year 7) is the same likelihood.
  const auto t = sbg_fader_hardie_2007();
  const auto cohort = first(t.regular, 8);
  std::vector<double> period;
  std::vector<std::uint8_t> churned;
  for (std::size_t y = 1; y < cohort.size(); ++y)
    for (int i = 0; i < static_cast<int>(cohort[y - 1] - cohort[y]); ++i) {
      period.push_back(static_cast<double>(y));
      churned.push_back(1);
    }
  for (int i = 0; i < static_cast<int>(cohort.back()); ++i) {
    period.push_back(7);
    churned.push_back(0);
  }
  ASSERT_EQ(period.size(), 1000u);
  const auto a = clv::fit_sbg(cohort);
  const auto b = clv::fit_sbg_individual(period, churned);
  EXPECT_NEAR(a.params.alpha, b.params.alpha, 1e-6);
  EXPECT_NEAR(a.params.beta, b.params.beta, 1e-6);
  EXPECT_NEAR(a.report.log_likelihood, b.report.log_likelihood, 1e-8);
}

TEST(Sbg, ProportionsFitLikeCounts) {
  // The estimate depends on the survivor proportions only (the likelihood scales).
  const auto t = sbg_fader_hardie_2007();
  auto pct = first(t.regular, 8);
  for (auto& v : pct) v /= 10;  // per 100 instead of per 1,000
  const auto a = clv::fit_sbg(first(t.regular, 8));
  const auto b = clv::fit_sbg(pct);
  EXPECT_NEAR(a.params.alpha, b.params.alpha, 1e-6);
  EXPECT_NEAR(a.params.beta, b.params.beta, 1e-6);
}

TEST(Sbg, L2PenaltyShrinksTheEstimate) {
  const auto t = sbg_fader_hardie_2007();
  const auto s = first(t.high_end, 8);
  const auto plain = clv::fit_sbg(s);
  clv::fit_options opt;
  opt.l2_penalty = 10.0;
  const auto pen = clv::fit_sbg(s, opt);
  EXPECT_LT(pen.params.beta, plain.params.beta);
  // The reported log-likelihood excludes the penalty: it is the plain LL at the
  // penalised estimate, so lower than the maximum.
  EXPECT_DOUBLE_EQ(pen.report.log_likelihood, clv::log_likelihood(pen.params, s));
  EXPECT_LT(pen.report.log_likelihood, plain.report.log_likelihood);
}

TEST(Sbg, RecoversSimulatedParametersWithinTheirStandardErrors) {
  // 5,000 customers drawn from the model (theta ~ Beta(0.7, 2.0)), observed
  // for 10 periods, fitted individually: within 4 standard errors of the truth.
  std::mt19937_64 rng(21);
  std::gamma_distribution<double> ga(0.7), gb(2.0);
  std::uniform_real_distribution<double> u01(0, 1);
  std::vector<double> period;
  std::vector<std::uint8_t> churned;
  for (int c = 0; c < 5000; ++c) {
    const double u = ga(rng), v = gb(rng), theta = u / (u + v);
    int t = 1;
    while (t <= 10 && u01(rng) >= theta) ++t;
    period.push_back(t <= 10 ? t : 10);
    churned.push_back(t <= 10 ? 1 : 0);
  }
  const auto fit = clv::fit_sbg_individual(period, churned);
  EXPECT_NEAR(fit.params.alpha, 0.7, 4 * fit.standard_errors.alpha);
  EXPECT_NEAR(fit.params.beta, 2.0, 4 * fit.standard_errors.beta);
  EXPECT_LT(fit.standard_errors.alpha, 0.1);
  EXPECT_LT(fit.standard_errors.beta, 0.4);
}

// ---------------------------------------------------------------- likelihood

TEST(Sbg, LogLikelihoodMatchesDirectSum) {
  // sum_t n_t ln P(T=t) + s_K ln S(K) with P, S from the long-double product.
  const auto t = sbg_fader_hardie_2007();
  const auto s = first(t.high_end, 8);
  const clv::sbg_params m{0.9, 2.5};
  long double ll = 0;
  for (long y = 1; y < 8; ++y) {
    const long double p = ref_survival(0.9L, 2.5L, y - 1) - ref_survival(0.9L, 2.5L, y);
    ll += (s[static_cast<std::size_t>(y - 1)] - s[static_cast<std::size_t>(y)]) * std::log(p);
  }
  ll += s[7] * std::log(ref_survival(0.9L, 2.5L, 7));
  expect_rel(clv::log_likelihood(m, s), ll, 1e-13, "log-likelihood");
}

TEST(Sbg, GradientMatchesFiniteDifferences) {
  const auto t = sbg_fader_hardie_2007();
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-3, 3);
  for (int rep = 0; rep < 20; ++rep) {
    const double a = std::exp(u(rng)), b = std::exp(u(rng));
    const auto& s = rep % 2 ? t.regular : t.high_end;
    const auto g = clv::log_likelihood_gradient(clv::sbg_params{a, b}, s);
    const double ha = 1e-6 * a, hb = 1e-6 * b;
    const double fa = (clv::log_likelihood(clv::sbg_params{a + ha, b}, s) -
                       clv::log_likelihood(clv::sbg_params{a - ha, b}, s)) /
                      (2 * ha);
    const double fb = (clv::log_likelihood(clv::sbg_params{a, b + hb}, s) -
                       clv::log_likelihood(clv::sbg_params{a, b - hb}, s)) /
                      (2 * hb);
    EXPECT_NEAR(g[0], fa, 1e-6 * (1 + std::abs(fa))) << a << " " << b;
    EXPECT_NEAR(g[1], fb, 1e-6 * (1 + std::abs(fb))) << a << " " << b;
  }
}

TEST(Sbg, StandardErrorsMatchSecondDifferencesOfTheLikelihood) {
  // Independent of the fitter's Hessian: the observed information from
  // second differences of the log-likelihood values in (alpha, beta).
  const auto t = sbg_fader_hardie_2007();
  const auto s = first(t.regular, 8);
  const auto fit = clv::fit_sbg(s);
  const double a = fit.params.alpha, b = fit.params.beta;
  const auto ll = [&](double x, double y) { return clv::log_likelihood(clv::sbg_params{x, y}, s); };
  const double ha = 1e-4 * a, hb = 1e-4 * b;
  const double haa = (ll(a + ha, b) - 2 * ll(a, b) + ll(a - ha, b)) / (ha * ha);
  const double hbb = (ll(a, b + hb) - 2 * ll(a, b) + ll(a, b - hb)) / (hb * hb);
  const double hab =
      (ll(a + ha, b + hb) - ll(a + ha, b - hb) - ll(a - ha, b + hb) + ll(a - ha, b - hb)) / (4 * ha * hb);
  const double det = haa * hbb - hab * hab;  // information = -Hessian; its inverse's diagonal:
  EXPECT_NEAR(fit.standard_errors.alpha, std::sqrt(-hbb / det), 1e-3 * fit.standard_errors.alpha);
  EXPECT_NEAR(fit.standard_errors.beta, std::sqrt(-haa / det), 1e-3 * fit.standard_errors.beta);
}

// ---------------------------------------------------------------- predictions

TEST(Sbg, SurvivalChurnAndRetentionMatchLongDoubleProducts) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(std::log(1e-2), std::log(1e2));
  for (int rep = 0; rep < 50; ++rep) {
    const double a = std::exp(u(rng)), b = std::exp(u(rng));
    const clv::sbg_params m{a, b};
    for (long t : {0L, 1L, 2L, 5L, 31L, 32L, 33L, 100L, 2000L}) {
      const long double s = ref_survival(a, b, t);
      // Up to t = 32 the library multiplies the factors too (1e-14); beyond,
      // it uses lgamma differences whose absolute error is ~eps * lgamma(t)
      // (~1e-12 at t = 2000).
      const double tol = t <= 32 ? 1e-14 : 1e-11;
      expect_rel(clv::survival(m, static_cast<double>(t)), s, tol, "S(" + std::to_string(t) + ")");
      if (t >= 1) {
        const long double prev = ref_survival(a, b, t - 1);
        expect_rel(clv::churn_probability(m, static_cast<double>(t)), prev - s, tol * 10, "P(T=t)");
        expect_rel(clv::retention_rate(m, static_cast<double>(t)), s / prev, 1e-15, "r_t");
      }
    }
  }
}

TEST(Sbg, ChurnProbabilitiesAndSurvivalAddUpToOne) {
  const clv::sbg_params m{0.704, 1.182};
  double total = 0;
  for (int t = 1; t <= 100; ++t) total += clv::churn_probability(m, t);
  EXPECT_NEAR(total + clv::survival(m, 100), 1.0, 1e-13);
}

TEST(Sbg, Hyp2f1MatchesBoostPfq) {
  // detail::hyp2f1_1bc against Boost.Math's generic pFq (a different algorithm).
  for (double b : {0.05, 0.7, 1.182, 3.8, 25.0}) {
    for (double a : {0.3, 0.704, 1.0, 2.0, 7.5}) {
      for (double z : {0.0, 0.1, 0.5, 0.8, 1 / 1.1, 0.95}) {
        const double want = boost::math::hypergeometric_pFq({1.0, b}, {a + b}, z);
        EXPECT_NEAR(clv::detail::hyp2f1_1bc(b, a + b, z), want, 1e-13 * want) << b << " " << a << " " << z;
      }
    }
  }
}

TEST(Sbg, DerlMatchesSlowSeriesOnRandomInputs) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(std::log(0.05), std::log(20.0));
  std::uniform_real_distribution<double> ud(0.01, 0.5);
  for (int rep = 0; rep < 60; ++rep) {
    const double a = std::exp(u(rng)), b = std::exp(u(rng)), d = ud(rng);
    const long renewals = rep % 7 * 5;
    const clv::sbg_params m{a, b};
    expect_rel(clv::discounted_expected_residual_lifetime(m, d, static_cast<double>(renewals)),
               ref_derl(a, b, d, renewals), 1e-13, "DERL");
  }
}

TEST(Sbg, DerlAtSmallDiscountRatesMatchesSlowSeries) {
  // Near z = 1 the power series needs ~37/d terms; the continued fraction
  // ~9/sqrt(d). Reference: the series in long double (millions of terms).
  for (double d : {1e-3, 1e-4, 1e-5}) {
    for (auto [a, b] : {std::pair{0.704, 1.182}, {0.05, 0.3}, {3.0, 40.0}}) {
      const clv::sbg_params m{a, b};
      expect_rel(clv::discounted_expected_residual_lifetime(m, d, 2), ref_derl(a, b, d, 2), 1e-10,
                 "DERL small d");
    }
  }
}

TEST(Sbg, DelIsOnePlusDiscountedDerlAfterZeroRenewals) {
  // DEL = S(0) + sum_{t>=1} S(t) z^t = 1 + z DERL(0 renewals).
  for (auto [a, b] : {std::pair{0.704, 1.182}, {0.668, 3.806}, {2.0, 0.5}}) {
    const clv::sbg_params m{a, b};
    for (double d : {0.01, 0.1, 0.3}) {
      EXPECT_NEAR(clv::discounted_expected_lifetime(m, d),
                  1 + clv::discounted_expected_residual_lifetime(m, d, 0) / (1 + d),
                  1e-13 * clv::discounted_expected_lifetime(m, d));
    }
  }
  // With alpha > 1 the undiscounted expected lifetime sum S(t) = (alpha+beta-1)/(alpha-1) is
  // finite: DEL tends to it as d -> 0.
  const clv::sbg_params m{3.0, 2.0};
  EXPECT_NEAR(clv::discounted_expected_lifetime(m, 1e-7), 4.0 / 2.0, 1e-5);
}

TEST(Sbg, BulkEqualsScalarAndDoesNotDependOnThreads) {
  const clv::sbg_params m{0.668, 3.806};
  std::vector<double> t(20000);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<double>(1 + i % 300);
  std::vector<double> s1(t.size()), s2(t.size()), c(t.size()), r(t.size()), dl(t.size()), dl2(t.size());
  clv::survival(m, t, s1, {.threads = 1});
  clv::survival(m, t, s2, {.threads = 2});
  clv::churn_probability(m, t, c, {.threads = 2});
  clv::retention_rate(m, t, r, {.threads = 2});
  clv::discounted_expected_residual_lifetime(m, 0.1, t, dl, {.threads = 1});
  clv::discounted_expected_residual_lifetime(m, 0.1, t, dl2, {.threads = 2});
  for (std::size_t i = 0; i < t.size(); i += 97) {
    EXPECT_EQ(s1[i], s2[i]);
    EXPECT_EQ(s1[i], clv::survival(m, t[i]));
    EXPECT_EQ(c[i], clv::churn_probability(m, t[i]));
    EXPECT_EQ(r[i], clv::retention_rate(m, t[i]));
    EXPECT_EQ(dl[i], dl2[i]);
    EXPECT_EQ(dl[i], clv::discounted_expected_residual_lifetime(m, 0.1, t[i]));
  }
}

TEST(Sbg, ExtremeInputsGiveFiniteValues) {
  for (double a : {1e-3, 0.1, 1.0, 10.0, 1e3, 1e6}) {
    for (double b : {1e-3, 0.1, 1.0, 10.0, 1e3, 1e6}) {
      const clv::sbg_params m{a, b};
      for (double t : {0.0, 1.0, 2.0, 32.0, 33.0, 1e3, 1e6, 1e9}) {
        const double s = clv::survival(m, t);
        EXPECT_TRUE(s >= 0 && s <= 1) << a << " " << b << " " << t << " " << s;
        if (t >= 1) {
          const double p = clv::churn_probability(m, t), r = clv::retention_rate(m, t);
          EXPECT_TRUE(p >= 0 && p <= 1) << a << " " << b << " " << t << " " << p;
          EXPECT_TRUE(r >= 0 && r <= 1) << a << " " << b << " " << t << " " << r;
        }
      }
      for (double d : {1e-6, 1e-3, 0.1, 10.0, 1e6}) {
        for (double n : {0.0, 5.0, 1e4}) {
          const double v = clv::discounted_expected_residual_lifetime(m, d, n);
          EXPECT_TRUE(std::isfinite(v) && v >= 0 && v <= (1 + d) / d * (1 + 1e-12))
              << a << " " << b << " " << d << " " << n << " " << v;
        }
        const double del = clv::discounted_expected_lifetime(m, d);
        EXPECT_TRUE(std::isfinite(del) && del >= 1) << a << " " << b << " " << d;
      }
    }
  }
}

// ---------------------------------------------------------------- bad input

TEST(SbgErrors, ModelParameters) {
  expect_error_containing(
      [] {
        (void)clv::survival(clv::sbg_params{0.0, 1.0}, 1.0);
      },
      errc::invalid_argument, "alpha = 0");
  expect_error_containing(
      [] {
        (void)clv::survival(clv::sbg_params{-1.0, 1.0}, 1.0);
      },
      errc::invalid_argument, "alpha = -1");
  expect_error_containing(
      [] {
        (void)clv::survival(clv::sbg_params{NAN, 1.0}, 1.0);
      },
      errc::not_finite, "alpha = nan");
  expect_error_containing(
      [] {
        (void)clv::survival(clv::sbg_params{1.0, INFINITY}, 1.0);
      },
      errc::not_finite, "beta = inf");
  expect_error_containing(
      [] {
        (void)clv::survival(clv::sbg_params{1.0, 0.0}, 1.0);
      },
      errc::invalid_argument, "beta = 0");
}

TEST(SbgErrors, SurvivorCounts) {
  using v = std::vector<double>;
  expect_error_containing([] { clv::fit_sbg(v{1000, 800}); }, errc::invalid_argument, "at least 3 values");
  expect_error_containing([] { clv::fit_sbg(v{}); }, errc::invalid_argument, "at least 3 values");
  expect_error_containing([] { clv::fit_sbg(v{1000, NAN, 500}); }, errc::not_finite, "survivors[1] = nan");
  expect_error_containing(
      [] {
        clv::fit_sbg(v{1000, 800, INFINITY});
      },
      errc::not_finite, "survivors[2] = inf");
  expect_error_containing(
      [] {
        clv::fit_sbg(v{1000, 800, -1});
      },
      errc::invalid_argument, "survivors[2] = -1");
  expect_error_containing([] { clv::fit_sbg(v{0, 0, 0}); }, errc::invalid_argument, "survivors[0] = 0");
  expect_error_containing(
      [] {
        clv::fit_sbg(v{1000, 800, 801});
      },
      errc::invalid_argument, "survivors[2] = 801");
  expect_error_containing(
      [] {
        clv::log_likelihood(clv::sbg_params{1, 1}, v{1000});
      },
      errc::invalid_argument, "at least 2 values");
}

TEST(SbgErrors, DegenerateDataIsNotIdentified) {
  using v = std::vector<double>;
  expect_error_containing(
      [] {
        clv::fit_sbg(v{1000, 1000, 1000});
      },
      errc::invalid_argument, "nobody churned");
  expect_error_containing(
      [] {
        clv::fit_sbg(v{1000, 0, 0});
      },
      errc::invalid_argument, "everybody churned in period 1");
}

TEST(SbgErrors, Periods) {
  const clv::sbg_params m{1, 1};
  expect_error_containing([&] { (void)clv::survival(m, -1); }, errc::invalid_argument,
                          "t = -1: must be a whole number >= 0");
  expect_error_containing([&] { (void)clv::survival(m, 2.5); }, errc::invalid_argument, "t = 2.5");
  expect_error_containing([&] { (void)clv::survival(m, NAN); }, errc::not_finite, "t = nan");
  expect_error_containing([&] { (void)clv::survival(m, INFINITY); }, errc::not_finite, "t = inf");
  expect_error_containing([&] { (void)clv::churn_probability(m, 0); }, errc::invalid_argument,
                          "t = 0: must be a whole number >= 1");
  expect_error_containing([&] { (void)clv::retention_rate(m, 0); }, errc::invalid_argument,
                          "t = 0: must be a whole number >= 1");
  expect_error_containing([&] { (void)clv::expected_survivors(m, -5, 1); }, errc::invalid_argument,
                          "cohort_size = -5");
  expect_error_containing([&] { (void)clv::expected_survivors(m, 100, 0.5); }, errc::invalid_argument,
                          "t = 0.5");
}

TEST(SbgErrors, DiscountRatesAndRenewals) {
  const clv::sbg_params m{1, 1};
  expect_error_containing([&] { (void)clv::discounted_expected_lifetime(m, 0); }, errc::invalid_argument,
                          "discount_rate = 0");
  expect_error_containing([&] { (void)clv::discounted_expected_lifetime(m, -0.1); }, errc::invalid_argument,
                          "discount_rate = -0.1");
  expect_error_containing([&] { (void)clv::discounted_expected_lifetime(m, NAN); }, errc::not_finite,
                          "discount_rate = nan");
  expect_error_containing([&] { (void)clv::discounted_expected_residual_lifetime(m, 0.1, -1); },
                          errc::invalid_argument, "renewals = -1");
  expect_error_containing([&] { (void)clv::discounted_expected_residual_lifetime(m, 0.1, 1.5); },
                          errc::invalid_argument, "renewals = 1.5");
  expect_error_containing([&] { (void)clv::discounted_expected_residual_lifetime(m, INFINITY, 1); },
                          errc::not_finite, "discount_rate = inf");
}

TEST(SbgErrors, BulkInputs) {
  const clv::sbg_params m{1, 1};
  std::vector<double> t{1, 2, 3.5, 4}, out(4), short_out(3);
  expect_error_containing([&] { clv::survival(m, t, short_out); }, errc::size_mismatch,
                          "out has 3 elements but t has 4");
  expect_error_containing([&] { clv::survival(m, t, out); }, errc::invalid_argument, "t[2] = 3.5");
  std::vector<double> t0{1, 0};
  std::vector<double> out2(2, -7);
  expect_error_containing([&] { clv::churn_probability(m, t0, out2); }, errc::invalid_argument, "t[1] = 0");
  EXPECT_EQ(out2[0], -7) << "validation happens before any output is written";
  expect_error_containing([&] { clv::retention_rate(m, t0, out2); }, errc::invalid_argument, "t[1] = 0");
  std::vector<double> ren{0, -2};
  expect_error_containing([&] { clv::discounted_expected_residual_lifetime(m, 0.1, ren, out2); },
                          errc::invalid_argument, "renewals[1] = -2");
  expect_error_containing([&] { clv::discounted_expected_residual_lifetime(m, 0.1, ren, short_out); },
                          errc::size_mismatch, "out has 3 elements but renewals has 2");
  expect_error_containing([&] { clv::discounted_expected_residual_lifetime(m, -1, t0, out2); },
                          errc::invalid_argument, "discount_rate = -1");
  expect_error_containing([&] { clv::projected_survivors(m, NAN, out); }, errc::not_finite,
                          "cohort_size = nan");
}

TEST(SbgErrors, IndividualData) {
  std::vector<double> period{1, 3, 2};
  std::vector<std::uint8_t> churned{1, 0, 1}, short_churned{1, 0}, bad_flag{1, 2, 0};
  expect_error_containing([&] { clv::fit_sbg_individual(period, short_churned); }, errc::size_mismatch,
                          "churned has 2 elements but period has 3");
  expect_error_containing([&] { clv::fit_sbg_individual(period, bad_flag); }, errc::invalid_argument,
                          "churned[1] = 2");
  std::vector<double> p0{0, 3, 2};
  expect_error_containing([&] { clv::fit_sbg_individual(p0, churned); }, errc::invalid_argument,
                          "period[0] = 0: must be a whole number >= 1");
  std::vector<double> pneg{1, -3, 2};
  expect_error_containing([&] { clv::fit_sbg_individual(pneg, churned); }, errc::invalid_argument,
                          "period[1] = -3");
  std::vector<double> pnan{1, 3, NAN};
  expect_error_containing([&] { clv::fit_sbg_individual(pnan, churned); }, errc::not_finite,
                          "period[2] = nan");
  std::vector<double> pbig{1, 3e6, 2};
  expect_error_containing([&] { clv::fit_sbg_individual(pbig, churned); }, errc::invalid_argument,
                          "period[1] = 3000000");
  std::vector<std::uint8_t> none{0, 0, 0};
  expect_error_containing([&] { clv::fit_sbg_individual(period, none); }, errc::invalid_argument,
                          "not identified");
  std::vector<double> ones{1, 1, 1};
  expect_error_containing([&] { clv::fit_sbg_individual(ones, churned); }, errc::invalid_argument,
                          "not identified");
  expect_error_containing([&] { clv::fit_sbg_individual({}, {}); }, errc::invalid_argument, "no customers");
}
