// BG/BB model: the published donations fit (Fader, Hardie & Shang 2010),
// brute-force enumeration of purchase sequences in long double, gradients
// against finite differences, extreme inputs, bad inputs.
#include <northstar/clv/bg_bb.hpp>

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include "support.hpp"

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace clv = northstar::clv;
using northstar::errc;

using northstar_test::donations;
using northstar_test::expect_error_containing;
using northstar_test::expect_rel;

namespace {

// ---- slow reference: the individual-level model summed in long double ----
struct ref_model {
  long double a, b, g, d;
};

// E[p^k (1-p)^m] for p ~ Beta(a, b) = (a)_k (b)_m / (a+b)_{k+m}.
long double moment_p(const ref_model& r, long k, long m) {
  long double v = 1;
  for (long j = 0; j < k; ++j) v *= (r.a + j) / (r.a + r.b + j);
  for (long j = 0; j < m; ++j) v *= (r.b + j) / (r.a + r.b + k + j);
  return v;
}
// P(alive at opportunity t) = E[(1-theta)^t] = (d)_t / (g+d)_t.
long double alive_at(const ref_model& r, long t) {
  long double v = 1;
  for (long j = 0; j < t; ++j) v *= (r.d + j) / (r.g + r.d + j);
  return v;
}
// P(alive for exactly tau opportunities, then dead) = E[theta (1-theta)^tau].
long double dies_after(const ref_model& r, long tau) {
  return alive_at(r, tau) * r.g / (r.g + r.d + tau);
}

// Probability of one purchase sequence (bit j = purchase at opportunity j+1)
// over n opportunities: sum over the (unobserved) time of death.
long double sequence_probability(const ref_model& r, unsigned mask, long n) {
  long x = 0, tx = 0;
  for (long j = 0; j < n; ++j)
    if (mask >> j & 1u) {
      ++x;
      tx = j + 1;
    }
  long double p = alive_at(r, n) * moment_p(r, x, n - x);
  for (long tau = tx; tau < n; ++tau) p += dies_after(r, tau) * moment_p(r, x, tau - x);
  return p;
}

// A sequence with summary (x, t_x): purchases at 1..x-1 and at t_x.
unsigned mask_of(long x, long tx) {
  if (x == 0) return 0;
  unsigned m = 1u << (tx - 1);
  for (long j = 0; j < x - 1; ++j) m |= 1u << j;
  return m;
}

}  // namespace

// ---------------------------------------------------------------- published numbers

TEST(BgBb, FitsDonationsLikeFaderHardieShang2010) {
  // FHS (2010): alpha, beta, gamma, delta = 1.204, 0.750, 0.657, 2.783, LL = -33,225.6.
  const auto d = donations();
  const auto fit = clv::fit_bg_bb(d.x, d.tx, d.n, d.w);
  EXPECT_TRUE(fit.report.converged);
  EXPECT_EQ(fit.patterns, 22u);
  EXPECT_NEAR(fit.params.alpha, 1.204, 5e-4);
  EXPECT_NEAR(fit.params.beta, 0.750, 5e-4);
  EXPECT_NEAR(fit.params.gamma, 0.657, 5e-4);
  EXPECT_NEAR(fit.params.delta, 2.783, 5e-4);
  EXPECT_NEAR(fit.report.log_likelihood, -33225.6, 0.05);
  for (double se : clv::to_array(fit.standard_errors)) EXPECT_TRUE(se > 0 && std::isfinite(se));
}

TEST(BgBb, OneRowPerDonorGivesTheSameFit) {
  // 11,104 rows with weight 1 are compressed back into the 22 patterns.
  const auto d = donations();
  std::vector<double> x, tx;
  for (std::size_t i = 0; i < d.x.size(); ++i)
    for (int k = 0; k < static_cast<int>(d.w[i]); ++k) {
      x.push_back(d.x[i]);
      tx.push_back(d.tx[i]);
    }
  ASSERT_EQ(x.size(), 11104u);
  const auto a = clv::fit_bg_bb(d.x, d.tx, d.n, d.w);
  const auto b = clv::fit_bg_bb(x, tx, 6.0);
  EXPECT_EQ(b.patterns, 22u);
  EXPECT_NEAR(a.params.alpha, b.params.alpha, 1e-10);
  EXPECT_NEAR(a.params.delta, b.params.delta, 1e-10);
  EXPECT_NEAR(a.report.log_likelihood, b.report.log_likelihood, 1e-6);
}

TEST(BgBb, L2PenaltyShrinksTheEstimate) {
  const auto d = donations();
  const auto plain = clv::fit_bg_bb(d.x, d.tx, d.n, d.w);
  clv::fit_options opt;
  opt.l2_penalty = 100.0;
  const auto pen = clv::fit_bg_bb(d.x, d.tx, d.n, d.w, opt);
  const auto sq = [](const clv::bg_bb_params& m) {
    return m.alpha * m.alpha + m.beta * m.beta + m.gamma * m.gamma + m.delta * m.delta;
  };
  EXPECT_LT(sq(pen.params), sq(plain.params));
  EXPECT_DOUBLE_EQ(pen.report.log_likelihood, clv::log_likelihood(pen.params, d.x, d.tx, d.n, d.w));
  EXPECT_LT(pen.report.log_likelihood, plain.report.log_likelihood);
}

TEST(BgBb, RecoversSimulatedParametersWithinTheirStandardErrors) {
  // 20,000 customers drawn from the model itself (10 opportunities): the
  // estimate must lie within 4 standard errors of the truth, and the standard
  // errors must be of the size the sample implies (not 0, not huge).
  const double truth[4] = {0.8, 1.5, 0.5, 3.0};
  std::mt19937_64 rng(3);
  std::gamma_distribution<double> ga(truth[0]), gb(truth[1]), gg(truth[2]), gd(truth[3]);
  std::uniform_real_distribution<double> u01(0, 1);
  std::vector<double> x, tx;
  for (int c = 0; c < 20000; ++c) {
    double u = ga(rng), v = gb(rng);
    const double p = u / (u + v);
    u = gg(rng);
    v = gd(rng);
    const double theta = u / (u + v);
    int xx = 0, last = 0;
    for (int k = 1; k <= 10; ++k) {
      if (u01(rng) < theta) break;  // dies before opportunity k
      if (u01(rng) < p) {
        ++xx;
        last = k;
      }
    }
    x.push_back(xx);
    tx.push_back(last);
  }
  const auto fit = clv::fit_bg_bb(x, tx, 10.0);
  const double est[4] = {fit.params.alpha, fit.params.beta, fit.params.gamma, fit.params.delta};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_NEAR(est[k], truth[k], 4 * clv::to_array(fit.standard_errors)[k]) << "parameter " << k;
    EXPECT_LT(clv::to_array(fit.standard_errors)[k], 0.2 * truth[k]) << "parameter " << k;
  }
}

// ---------------------------------------------------------------- likelihood

TEST(BgBb, GradientMatchesFiniteDifferences) {
  const auto d = donations();
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-2, 2);
  for (int rep = 0; rep < 15; ++rep) {
    double p[4] = {std::exp(u(rng)), std::exp(u(rng)), std::exp(u(rng)), std::exp(u(rng))};
    const auto ll = [&](const double* q) {
      return clv::log_likelihood(clv::bg_bb_params{q[0], q[1], q[2], q[3]}, d.x, d.tx, d.n, d.w);
    };
    const auto g =
        clv::log_likelihood_gradient(clv::bg_bb_params{p[0], p[1], p[2], p[3]}, d.x, d.tx, d.n, d.w);
    for (int k = 0; k < 4; ++k) {
      double hi[4] = {p[0], p[1], p[2], p[3]}, lo[4] = {p[0], p[1], p[2], p[3]};
      const double h = 1e-6 * p[k];
      hi[k] += h;
      lo[k] -= h;
      const double fd = (ll(hi) - ll(lo)) / (2 * h);
      EXPECT_NEAR(g[static_cast<std::size_t>(k)], fd, 1e-6 * (std::abs(fd) + 1e3)) << "parameter " << k;
    }
  }
}

TEST(BgBb, StandardErrorsMatchSecondDifferencesOfTheLikelihood) {
  const auto d = donations();
  const auto fit = clv::fit_bg_bb(d.x, d.tx, d.n, d.w);
  const double p[4] = {fit.params.alpha, fit.params.beta, fit.params.gamma, fit.params.delta};
  const auto ll = [&](int i, double hi, int j, double hj) {
    double q[4] = {p[0], p[1], p[2], p[3]};
    q[i] += hi;
    q[j] += hj;
    return clv::log_likelihood(clv::bg_bb_params{q[0], q[1], q[2], q[3]}, d.x, d.tx, d.n, d.w);
  };
  Eigen::Matrix4d info;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      const double hi = 1e-4 * p[i], hj = 1e-4 * p[j];
      info(i, j) =
          -(ll(i, hi, j, hj) - ll(i, hi, j, -hj) - ll(i, -hi, j, hj) + ll(i, -hi, j, -hj)) / (4 * hi * hj);
    }
  const Eigen::Matrix4d cov = info.inverse();
  for (int k = 0; k < 4; ++k)
    EXPECT_NEAR(clv::to_array(fit.standard_errors)[static_cast<std::size_t>(k)], std::sqrt(cov(k, k)),
                1e-3 * std::sqrt(cov(k, k)))
        << "parameter " << k;
}

// ---------------------------------------------------------------- predictions vs brute force

TEST(BgBb, PredictionsMatchEnumerationOfPurchaseSequences) {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> u(std::log(0.1), std::log(10.0));
  std::uniform_real_distribution<double> ud(0.05, 0.5);
  for (int rep = 0; rep < 12; ++rep) {
    const double a = std::exp(u(rng)), b = std::exp(u(rng)), g = std::exp(u(rng)), dd = std::exp(u(rng));
    const clv::bg_bb_params m{a, b, g, dd};
    const ref_model r{a, b, g, dd};
    for (long n = 0; n <= 8; ++n) {
      // pmf and mean by enumerating all 2^n sequences
      std::vector<long double> pmf(static_cast<std::size_t>(n + 1), 0.0L);
      for (unsigned mask = 0; mask < (1u << n); ++mask)
        pmf[static_cast<std::size_t>(__builtin_popcount(mask))] += sequence_probability(r, mask, n);
      long double mean = 0, total = 0;
      for (long x = 0; x <= n; ++x) {
        expect_rel(clv::probability_of_purchases(m, static_cast<double>(n), static_cast<double>(x)),
                   pmf[static_cast<std::size_t>(x)], 1e-12, "P(X(n)=x)");
        mean += x * pmf[static_cast<std::size_t>(x)];
        total += pmf[static_cast<std::size_t>(x)];
      }
      EXPECT_NEAR(static_cast<double>(total), 1.0, 1e-15);
      expect_rel(clv::expected_purchases(m, static_cast<double>(n)), mean, 1e-12, "E[X(n)]");

      const double rate = ud(rng);
      for (long x = 0; x <= n; ++x)
        for (long tx = x == 0 ? 0 : x; tx <= (x == 0 ? 0 : n); ++tx) {
          const long double seq = sequence_probability(r, mask_of(x, tx), n);
          const double xd = static_cast<double>(x), txd = static_cast<double>(tx),
                       nd = static_cast<double>(n);
          expect_rel(clv::log_likelihood(m, xd, txd, nd), std::log(seq), 1e-13, "ln L");
          // P(alive at n+1 | data) = E[p^x (1-p)^(n-x)] E[(1-theta)^(n+1)] / P(data)
          expect_rel(clv::probability_alive(m, xd, txd, nd), moment_p(r, x, n - x) * alive_at(r, n + 1) / seq,
                     1e-12, "P(alive)");
          // E[X(n, n+n*) | data] = E[p^(x+1) (1-p)^(n-x)] sum_t P(alive at t) / P(data)
          for (long ns : {1L, 3L, 10L}) {
            long double s = 0;
            for (long t = n + 1; t <= n + ns; ++t) s += alive_at(r, t);
            expect_rel(clv::conditional_expected_purchases(m, xd, txd, nd, static_cast<double>(ns)),
                       moment_p(r, x + 1, n - x) * s / seq, 1e-12, "E[X(n,n+n*)]");
          }
          // DERT = sum_{t>n} E[p^(x+1)(1-p)^(n-x)] P(alive at t) / (1+d)^(t-n) / P(data)
          long double s = 0, disc = 1, at = alive_at(r, n);
          for (long t = n + 1;; ++t) {
            disc /= 1 + static_cast<long double>(rate);
            at *= (r.d + t - 1) / (r.g + r.d + t - 1);
            const long double term = at * disc;
            s += term;
            if (term < 1e-22L * s) break;
          }
          expect_rel(clv::discounted_expected_residual_transactions(m, rate, xd, txd, nd),
                     moment_p(r, x + 1, n - x) * s / seq, 1e-12, "DERT");
        }
    }
  }
}

TEST(BgBb, ExpectationsStayAccurateWhenGammaIsNearOne) {
  // The printed closed forms divide by gamma - 1; the library must not lose
  // digits there. Reference: sum_t (delta)_t / (gamma+delta)_t in long double.
  for (double g : {1.0, 1 + 1e-12, 1 - 1e-9, 1 + 1e-4, 1 - 1e-4, 1.05, 0.95}) {
    for (double n : {1.0, 7.0, 1000.0}) {
      const clv::bg_bb_params m{1.204, 0.750, g, 2.783};
      const ref_model r{1.204, 0.750, g, 2.783};
      long double s = 0;
      for (long t = 1; t <= static_cast<long>(n); ++t) s += alive_at(r, t);
      expect_rel(clv::expected_purchases(m, n), r.a / (r.a + r.b) * s, 1e-12, "E[X(n)] gamma near 1");
      long double sc = 0;
      for (long t = static_cast<long>(n) + 1; t <= static_cast<long>(n) + 20; ++t) sc += alive_at(r, t);
      const long double seq = sequence_probability(r, mask_of(2, 4), 6);
      // n = 6 calibration, x = 2, t_x = 4
      long double sc6 = 0;
      for (long t = 7; t <= 26; ++t) sc6 += alive_at(r, t);
      expect_rel(clv::conditional_expected_purchases(m, 2, 4, 6, 20), moment_p(r, 3, 4) * sc6 / seq, 1e-12,
                 "E[X(6, 26)] gamma near 1");
      (void)sc;
    }
  }
}

// gamma = 1 exactly: E[X(n)] = a/(a+b) sum_{t=1..n} delta/(delta+t), a harmonic sum that
// was looped term by term (n = 1e15 opportunities ran for minutes: fuzz/c_api). Beyond
// 1e5 terms it is psi(1+delta+n) - psi(1+delta); checked against the sum in long double
// and, for n = 1e15, against the integral ln(n2/n1) of the tail.
TEST(BgBb, ExpectedPurchasesWithGammaOneAndHugeHorizons) {
  const double a = 1.204, b = 0.750, d = 2.783;
  const clv::bg_bb_params m{a, b, 1.0, d};
  long double s = 0;
  for (long t = 1; t <= 1000000; ++t) {
    s += static_cast<long double>(d) / (d + t);
    if (t == 100000 || t == 100001 || t == 300000 || t == 1000000)
      expect_rel(clv::expected_purchases(m, static_cast<double>(t)), a / (a + b) * s, 1e-12,
                 "E[X(n)] gamma = 1");
  }
  const double tail = clv::expected_purchases(m, 1e15) - clv::expected_purchases(m, 1e6);
  EXPECT_NEAR(tail, a / (a + b) * d * std::log(1e9), 1e-5);
}

TEST(BgBb, LongHistoriesMatchLongDoubleSums) {
  // n in the hundreds: the likelihood's dropout sum and the lgamma-based
  // Beta functions, against products in long double.
  const clv::bg_bb_params m{0.8, 2.5, 0.4, 6.0};
  const ref_model r{0.8, 2.5, 0.4, 6.0};
  for (auto [x, tx, n] :
       {std::tuple{0L, 0L, 300L}, {10L, 40L, 300L}, {150L, 299L, 300L}, {300L, 300L, 300L}}) {
    long double seq = alive_at(r, n) * moment_p(r, x, n - x);
    for (long tau = tx; tau < n; ++tau) seq += dies_after(r, tau) * moment_p(r, x, tau - x);
    const double xd = static_cast<double>(x), txd = static_cast<double>(tx), nd = static_cast<double>(n);
    // lgamma of arguments ~300 carries ~1e-13 absolute error into ln L.
    EXPECT_NEAR(clv::log_likelihood(m, xd, txd, nd), static_cast<double>(std::log(seq)), 1e-11);
    expect_rel(clv::probability_alive(m, xd, txd, nd), moment_p(r, x, n - x) * alive_at(r, n + 1) / seq,
               1e-11, "P(alive) long");
    long double s = 0;
    for (long t = n + 1; t <= n + 52; ++t) s += alive_at(r, t);
    expect_rel(clv::conditional_expected_purchases(m, xd, txd, nd, 52), moment_p(r, x + 1, n - x) * s / seq,
               1e-11, "E[X] long");
  }
}

TEST(BgBb, BulkEqualsScalarAndDoesNotDependOnThreads) {
  const clv::bg_bb_params m{1.204, 0.750, 0.657, 2.783};
  const std::size_t count = 12000;
  std::vector<double> x(count), tx(count), n(count);
  for (std::size_t i = 0; i < count; ++i) {
    n[i] = static_cast<double>(6 + i % 5);
    x[i] = static_cast<double>(i % 7 <= n[i] ? i % 7 : 0);
    tx[i] = x[i] == 0 ? 0 : std::min(n[i], x[i] + static_cast<double>(i % 3));
  }
  std::vector<double> a1(count), a2(count), c(count), dert(count), pm(count), ex(count);
  clv::probability_alive(m, x, tx, n, a1, {.threads = 1});
  clv::probability_alive(m, x, tx, n, a2, {.threads = 2});
  clv::conditional_expected_purchases(m, x, tx, n, 10.0, c, {.threads = 2});
  clv::discounted_expected_residual_transactions(m, 0.1, x, tx, n, dert, {.threads = 2});
  clv::probability_of_purchases(m, n, x, pm, {.threads = 2});
  clv::expected_purchases(m, n, ex, {.threads = 2});
  for (std::size_t i = 0; i < count; i += 37) {
    EXPECT_EQ(a1[i], a2[i]);
    EXPECT_EQ(a1[i], clv::probability_alive(m, x[i], tx[i], n[i]));
    EXPECT_EQ(c[i], clv::conditional_expected_purchases(m, x[i], tx[i], n[i], 10));
    EXPECT_EQ(dert[i], clv::discounted_expected_residual_transactions(m, 0.1, x[i], tx[i], n[i]));
    EXPECT_EQ(pm[i], clv::probability_of_purchases(m, n[i], x[i]));
    EXPECT_EQ(ex[i], clv::expected_purchases(m, n[i]));
  }
  // Broadcast n with per-customer x, t_x.
  std::vector<double> x6{0, 1, 6}, tx6{0, 3, 6}, out(3);
  clv::probability_alive(m, x6, tx6, 6.0, out);
  EXPECT_EQ(out[1], clv::probability_alive(m, 1, 3, 6));
}

TEST(BgBb, ExtremeInputsGiveFiniteValues) {
  const std::vector<double> grid{1e-3, 1.0, 1e3};
  const std::tuple<double, double, double> customers[] = {
      {0, 0, 0}, {0, 0, 1000}, {1000, 1000, 1000}, {1, 1, 10000}, {500, 1000, 10000}, {3, 5, 10}};
  for (double a : grid)
    for (double b : grid)
      for (double g : {1e-3, 1.0, 1e3})
        for (double d : grid) {
          const clv::bg_bb_params m{a, b, g, d};
          for (auto [x, tx, n] : customers) {
            const double pa = clv::probability_alive(m, x, tx, n);
            EXPECT_TRUE(pa >= 0 && pa <= 1) << a << " " << b << " " << g << " " << d << " " << x << " " << n;
            const double ll = clv::log_likelihood(m, x, tx, n);
            EXPECT_TRUE(std::isfinite(ll) && ll <= 0) << a << " " << b << " " << g << " " << d << " " << x;
            for (double ns : {1.0, 100.0}) {
              const double c = clv::conditional_expected_purchases(m, x, tx, n, ns);
              EXPECT_TRUE(c >= 0 && c <= ns * (1 + 1e-12))
                  << a << " " << b << " " << g << " " << d << " " << c;
            }
            for (double rate : {1e-4, 0.1}) {
              const double v = clv::discounted_expected_residual_transactions(m, rate, x, tx, n);
              EXPECT_TRUE(v >= 0 && v <= (1 / rate) * (1 + 1e-12)) << a << " " << b << " " << g << " " << d;
            }
            const double p = clv::probability_of_purchases(m, n, x);
            EXPECT_TRUE(p >= 0 && p <= 1) << a << " " << b << " " << g << " " << d << " " << x << " " << n;
            const double e = clv::expected_purchases(m, n);
            EXPECT_TRUE(e >= 0 && e <= n * (1 + 1e-12)) << a << " " << b << " " << g << " " << d << " " << n;
          }
        }
}

// ---------------------------------------------------------------- bad input

TEST(BgBbErrors, ModelParameters) {
  expect_error_containing(
      [] {
        (void)clv::expected_purchases(clv::bg_bb_params{0, 1, 1, 1}, 1.0);
      },
      errc::invalid_argument, "alpha = 0");
  expect_error_containing(
      [] {
        (void)clv::expected_purchases(clv::bg_bb_params{1, -2, 1, 1}, 1.0);
      },
      errc::invalid_argument, "beta = -2");
  expect_error_containing(
      [] {
        (void)clv::expected_purchases(clv::bg_bb_params{1, 1, NAN, 1}, 1.0);
      },
      errc::not_finite, "gamma = nan");
  expect_error_containing(
      [] {
        (void)clv::expected_purchases(clv::bg_bb_params{1, 1, 1, INFINITY}, 1.0);
      },
      errc::not_finite, "delta = inf");
}

TEST(BgBbErrors, CustomerHistories) {
  const clv::bg_bb_params m{1, 1, 1, 1};
  expect_error_containing([&] { (void)clv::probability_alive(m, -1, 0, 6); }, errc::invalid_argument,
                          "x = -1");
  expect_error_containing([&] { (void)clv::probability_alive(m, 1.5, 2, 6); }, errc::invalid_argument,
                          "x = 1.5");
  expect_error_containing([&] { (void)clv::probability_alive(m, NAN, 2, 6); }, errc::not_finite, "x = nan");
  expect_error_containing([&] { (void)clv::probability_alive(m, 1, 2.5, 6); }, errc::invalid_argument,
                          "t_x = 2.5");
  expect_error_containing([&] { (void)clv::probability_alive(m, 1, 2, INFINITY); }, errc::not_finite,
                          "n = inf");
  expect_error_containing([&] { (void)clv::probability_alive(m, 1, 7, 6); }, errc::invalid_argument,
                          "t_x = 7: must be <= n = 6");
  expect_error_containing([&] { (void)clv::probability_alive(m, 3, 2, 6); }, errc::invalid_argument,
                          "x = 3: must be <= t_x = 2");
  expect_error_containing([&] { (void)clv::probability_alive(m, 0, 2, 6); }, errc::invalid_argument,
                          "t_x = 2: must be 0 when x = 0");
  expect_error_containing([&] { (void)clv::log_likelihood(m, 0, 2, 6); }, errc::invalid_argument, "t_x = 2");
  expect_error_containing([&] { (void)clv::conditional_expected_purchases(m, 1, 2, 6, -1); },
                          errc::invalid_argument, "n_star = -1");
  expect_error_containing([&] { (void)clv::conditional_expected_purchases(m, 1, 2, 6, 0.5); },
                          errc::invalid_argument, "n_star = 0.5");
  expect_error_containing([&] { (void)clv::discounted_expected_residual_transactions(m, 0, 1, 2, 6); },
                          errc::invalid_argument, "discount_rate = 0");
  expect_error_containing([&] { (void)clv::discounted_expected_residual_transactions(m, NAN, 1, 2, 6); },
                          errc::not_finite, "discount_rate = nan");
  expect_error_containing([&] { (void)clv::probability_of_purchases(m, 6, 7); }, errc::invalid_argument,
                          "x = 7: must be <= n = 6");
  expect_error_containing([&] { (void)clv::probability_of_purchases(m, 6, -1); }, errc::invalid_argument,
                          "x = -1");
  expect_error_containing([&] { (void)clv::expected_purchases(m, -3); }, errc::invalid_argument, "n = -3");
  expect_error_containing([&] { (void)clv::expected_purchases(m, 2.5); }, errc::invalid_argument, "n = 2.5");
  // Histories and pmf counts beyond 1e7 opportunities (one term each: n = 1e15 ran for
  // hours, fuzz/c_api corpus regression-bg-bb-huge-n-timeout); E[X(n)] takes any n.
  expect_error_containing([&] { (void)clv::probability_alive(m, 1, 2, 2e7); }, errc::invalid_argument,
                          "n = 20000000: must be <= 1e7");
  expect_error_containing([&] { (void)clv::probability_of_purchases(m, 1e15, 1); }, errc::invalid_argument,
                          "n = 1000000000000000: must be <= 1e7");
  EXPECT_GT(clv::expected_purchases(m, 1e15), clv::expected_purchases(m, 1e7));
  std::vector<double> x{1, 1}, tx{2, 2}, n{6, 1e15}, out(2, -7);
  expect_error_containing([&] { clv::discounted_expected_residual_transactions(m, 0.1, x, tx, n, out); },
                          errc::invalid_argument, "n[1] = 1000000000000000: must be <= 1e7");
  EXPECT_EQ(out[0], -7);
}

TEST(BgBbErrors, BulkInputs) {
  const clv::bg_bb_params m{1, 1, 1, 1};
  std::vector<double> x{0, 1, 2}, tx{0, 1, 9}, n{6, 6, 6}, out(3, -7), short_out(2);
  expect_error_containing([&] { clv::probability_alive(m, x, tx, n, out); }, errc::invalid_argument,
                          "t_x[2] = 9: must be <= n = 6");
  EXPECT_EQ(out[0], -7) << "validation happens before any output is written";
  std::vector<double> tx_ok{0, 1, 2};
  expect_error_containing([&] { clv::probability_alive(m, x, tx_ok, n, short_out); }, errc::size_mismatch,
                          "x has 3 elements but out has 2");
  std::vector<double> tx_short{0, 1};
  expect_error_containing([&] { clv::probability_alive(m, x, tx_short, n, out); }, errc::size_mismatch,
                          "t_x has 2 elements");
  expect_error_containing([&] { clv::conditional_expected_purchases(m, x, tx_ok, n, -1.0, out); },
                          errc::invalid_argument, "n_star = -1");
  std::vector<double> ns{1, 2, 0.5};
  expect_error_containing([&] { clv::conditional_expected_purchases(m, x, tx_ok, n, ns, out); },
                          errc::invalid_argument, "n_star[2] = 0.5");
  expect_error_containing([&] { clv::discounted_expected_residual_transactions(m, -0.1, x, tx_ok, n, out); },
                          errc::invalid_argument, "discount_rate = -0.1");
  std::vector<double> big_x{0, 7, 2};
  expect_error_containing([&] { clv::probability_of_purchases(m, 6.0, big_x, out); }, errc::invalid_argument,
                          "x[1] = 7: must be <= n = 6");
  expect_error_containing([&] { clv::expected_purchases(m, -1.0, out); }, errc::invalid_argument, "n = -1");
  expect_error_containing([&] { clv::probability_alive(m, x, tx_ok, 1.0, out); }, errc::invalid_argument,
                          "t_x[2] = 2: must be <= n = 1");
}

TEST(BgBbErrors, FitInputs) {
  std::vector<double> x{0, 1, 2}, tx{0, 1, 2}, w{10, 5, -1}, zero{0, 0, 0}, wnan{1, NAN, 1};
  expect_error_containing([&] { clv::fit_bg_bb(x, tx, 6.0, w); }, errc::invalid_argument, "weights[2] = -1");
  expect_error_containing([&] { clv::fit_bg_bb(x, tx, 6.0, wnan); }, errc::not_finite, "weights[1] = nan");
  expect_error_containing([&] { clv::fit_bg_bb(x, tx, 6.0, zero); }, errc::invalid_argument, "total weight");
  std::vector<double> short_w{1, 1};
  expect_error_containing([&] { clv::fit_bg_bb(x, tx, 6.0, short_w); }, errc::size_mismatch,
                          "weights has 2 elements");
  std::vector<double> bad_tx{0, 0, 2};
  expect_error_containing([&] { clv::fit_bg_bb(x, bad_tx, 6.0); }, errc::invalid_argument,
                          "x[1] = 1: must be <= t_x = 0");
  expect_error_containing(
      [&] {
        clv::log_likelihood(clv::bg_bb_params{1, 1, 1, 1}, x, tx, 6.0, -1.0);
      },
      errc::invalid_argument, "weights = -1");
}
