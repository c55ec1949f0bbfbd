// BG/NBD and MBG/NBD: published CDNOW estimates, slow references (long double,
// Boost 2F1, quadrature), gradients, extreme inputs, bad inputs.
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/mbg_nbd.hpp>
#include <northstar/clv/simulate.hpp>
#include "clv/beta_geometric.hpp"

#include "bg_reference.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace clv = northstar::clv;
using northstar::errc;
using northstar_test::ld;

using northstar_test::cdnow_summary;
using northstar_test::expect_error_exact;
using northstar_test::rel;

namespace {

double round_to(double v, int digits) {
  const double s = std::pow(10.0, digits);
  return std::round(v * s) / s;
}

// Random customers with valid (x, t_x, T).
struct random_customers {
  std::vector<double> x, tx, T;
  random_customers(std::size_t n, std::uint64_t seed, double max_x = 30, double max_T = 100) {
    std::mt19937_64 g(seed);
    std::uniform_real_distribution<double> u(0, 1);
    for (std::size_t i = 0; i < n; ++i) {
      const double age = 0.5 + u(g) * max_T;
      const double k = std::floor(u(g) * u(g) * (max_x + 1));
      x.push_back(k);
      tx.push_back(k == 0 ? 0.0 : age * (0.01 + 0.99 * u(g)));
      T.push_back(age);
    }
  }
  clv::rfm_view view() const { return {x, tx, T}; }
};

}  // namespace

// ---------------------------------------------------------------- published values

TEST(BgNbd, CdnowPublishedEstimates) {
  // Fader, Hardie & Lee (2005), section 5: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4.
  const auto fit = clv::fit_bg_nbd(cdnow_summary().view());
  EXPECT_TRUE(fit.report.converged);
  EXPECT_EQ(round_to(fit.params.r, 3), 0.243);
  EXPECT_EQ(round_to(fit.params.alpha, 3), 4.414);
  EXPECT_EQ(round_to(fit.params.a, 3), 0.793);
  EXPECT_EQ(round_to(fit.params.b, 3), 2.426);
  EXPECT_EQ(round_to(fit.report.log_likelihood, 1), -9582.4);
  EXPECT_LT(fit.patterns, cdnow_summary().x.size());
  for (double se :
       {fit.standard_errors.r, fit.standard_errors.alpha, fit.standard_errors.a, fit.standard_errors.b}) {
    EXPECT_TRUE(std::isfinite(se));
    EXPECT_GT(se, 0);
  }
  // The standard error of a parameter is below the parameter here (all four are well identified).
  EXPECT_LT(fit.standard_errors.r, fit.params.r);
  EXPECT_LT(fit.standard_errors.alpha, fit.params.alpha);
}

TEST(BgNbd, CdnowConditionalExpectationOfThePaper) {
  // FHL 2005, section 5: a customer with x = 2, t_x = 30.43, T = 38.86 is expected to make
  // 1.226 purchases in the next 39 weeks (at the published estimates).
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  const std::vector<double> x{2}, tx{30.43}, T{38.86};
  std::vector<double> out(1);
  clv::conditional_expected_purchases(p, {x, tx, T}, 39, out);
  EXPECT_EQ(round_to(out[0], 3), 1.226);
}

TEST(MbgNbd, CdnowEstimatesOfBTYDplus) {
  // BTYDplus (Platzer) MBG/NBD on CDNOW, as quoted by lifetimes' test suite: 0.525, 6.183, 0.891, 1.614.
  const auto fit = clv::fit_mbg_nbd(cdnow_summary().view());
  EXPECT_EQ(round_to(fit.params.r, 3), 0.525);
  EXPECT_EQ(round_to(fit.params.alpha, 3), 6.183);
  EXPECT_EQ(round_to(fit.params.a, 3), 0.891);
  EXPECT_EQ(round_to(fit.params.b, 3), 1.614);
}

// ---------------------------------------------------------------- likelihood and gradient

template <class P>
void check_loglik(int shift) {
  std::mt19937_64 g(7 + shift);
  std::uniform_real_distribution<double> u(-2, 2);
  const auto& d = cdnow_summary();
  for (int rep = 0; rep < 5; ++rep) {
    const P p{std::exp(u(g)), std::exp(u(g) + 1), std::exp(u(g) / 2), std::exp(u(g) / 2)};
    ld want = 0;
    for (std::size_t i = 0; i < d.x.size(); ++i)
      want += northstar_test::ref_loglik(shift, p.r, p.alpha, p.a, p.b, d.x[i], d.tx[i], d.T[i]);
    EXPECT_LT(rel(clv::log_likelihood(p, d.view()), double(want)), 1e-11);
  }
}

TEST(BgNbd, LogLikelihoodMatchesReference) {
  check_loglik<clv::bg_nbd_params>(0);
}
TEST(MbgNbd, LogLikelihoodMatchesReference) {
  check_loglik<clv::mbg_nbd_params>(1);
}

template <class P>
void check_gradient() {
  const auto& d = cdnow_summary();
  const std::array<P, 4> points{P{0.243, 4.414, 0.793, 2.426}, P{1.5, 0.3, 3.0, 0.4}, P{0.05, 40, 0.2, 0.3},
                                P{3, 10, 1.0, 1.0}};
  for (const auto& p : points) {
    std::array<double, 4> g{};
    clv::log_likelihood_gradient(p, d.view(), g);
    for (int k = 0; k < 4; ++k) {
      const double h = 1e-5;
      P hi = p, lo = p;
      double* fh = k == 0 ? &hi.r : k == 1 ? &hi.alpha : k == 2 ? &hi.a : &hi.b;
      double* fl = k == 0 ? &lo.r : k == 1 ? &lo.alpha : k == 2 ? &lo.a : &lo.b;
      *fh *= std::exp(h);
      *fl *= std::exp(-h);
      const double fd = (clv::log_likelihood(hi, d.view()) - clv::log_likelihood(lo, d.view())) / (2 * h);
      EXPECT_NEAR(g[k], fd, 1e-6 * (1 + std::abs(fd))) << "parameter " << k << " at r = " << p.r;
    }
  }
}

TEST(BgNbd, GradientMatchesFiniteDifferences) {
  check_gradient<clv::bg_nbd_params>();
}
TEST(MbgNbd, GradientMatchesFiniteDifferences) {
  check_gradient<clv::mbg_nbd_params>();
}

TEST(BgNbd, WeightedPatternsGiveTheSameFit) {
  const auto& d = cdnow_summary();
  const auto pat = clv::compress(d.view());
  const auto a = clv::fit_bg_nbd(d.view());
  const auto b = clv::fit_bg_nbd(pat.view());
  EXPECT_EQ(a.patterns, pat.size());
  EXPECT_LT(rel(b.params.r, a.params.r), 1e-9);
  EXPECT_LT(rel(b.params.b, a.params.b), 1e-9);
  EXPECT_LT(rel(b.report.log_likelihood, a.report.log_likelihood), 1e-12);
}

TEST(BgNbd, PenaltyShrinksParameters) {
  clv::fit_options opt;
  opt.l2_penalty = 0.1;
  const auto a = clv::fit_bg_nbd(cdnow_summary().view());
  const auto b = clv::fit_bg_nbd(cdnow_summary().view(), opt);
  const double na = a.params.r * a.params.r + a.params.alpha * a.params.alpha + a.params.a * a.params.a +
                    a.params.b * a.params.b;
  const double nb = b.params.r * b.params.r + b.params.alpha * b.params.alpha + b.params.a * b.params.a +
                    b.params.b * b.params.b;
  EXPECT_LT(nb, na);
  // The reported log-likelihood excludes the penalty: it is the log-likelihood at the penalised estimate.
  EXPECT_LT(rel(b.report.log_likelihood, clv::log_likelihood(b.params, cdnow_summary().view())), 1e-10);
  EXPECT_LT(b.report.log_likelihood, a.report.log_likelihood);
}

TEST(BgNbd, ThreadCountDoesNotChangeResults) {
  random_customers c(50000, 3);
  const clv::bg_nbd_params p{0.5, 3, 0.7, 2};
  std::vector<double> a1(c.x.size()), a2(c.x.size()), c1(c.x.size()), c2(c.x.size());
  clv::probability_alive(p, c.view(), a1, {.threads = 1});
  clv::probability_alive(p, c.view(), a2, {.threads = 2});
  clv::conditional_expected_purchases(p, c.view(), 10, c1, {.threads = 1});
  clv::conditional_expected_purchases(p, c.view(), 10, c2, {.threads = 2});
  EXPECT_EQ(a1, a2);
  EXPECT_EQ(c1, c2);
  EXPECT_LT(
      rel(clv::log_likelihood(p, c.view(), {.threads = 1}), clv::log_likelihood(p, c.view(), {.threads = 2})),
      1e-12);
}

// ---------------------------------------------------------------- predictions against slow references

TEST(BgNbd, UnconditionalMatchesBoost2F1) {
  std::mt19937_64 g(11);
  std::uniform_real_distribution<double> u(0, 1);
  int checked = 0;
  while (checked < 40) {
    const double r = std::exp(4 * u(g) - 2), al = std::exp(4 * u(g) - 1), a = 1.05 + 3 * u(g),
                 b = 0.2 + 3 * u(g);
    const double t = al * 8 * u(g);  // z <= 0.89: Boost's series converges
    const clv::bg_nbd_params p{r, al, a, b};
    EXPECT_LT(rel(clv::expected_purchases(p, t), northstar_test::ref_mean_pfq(r, al, a, b, t)), 1e-11)
        << r << " " << al << " " << a << " " << b << " " << t;
    ++checked;
  }
}

TEST(BgNbd, UnconditionalMatchesQuadratureEverywhere) {
  // Including a < 1, a = 1 and a + b < 1, where the textbook 2F1 form fails.
  std::mt19937_64 g(12);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<std::array<double, 5>> cases{{0.243, 4.414, 1.0, 2.426, 39},
                                           {0.3, 2, 0.3, 0.4, 100},
                                           {2, 0.5, 0.1, 0.2, 1000},
                                           {0.5, 5, 1 + 1e-13, 2, 52},
                                           {5, 1, 0.5, 0.5, 10000}};
  for (int i = 0; i < 25; ++i)
    cases.push_back({std::exp(6 * u(g) - 3), std::exp(6 * u(g) - 3), std::exp(4 * u(g) - 2),
                     std::exp(4 * u(g) - 2), std::exp(8 * u(g) - 3)});
  for (const auto& c : cases) {
    const double got = clv::expected_purchases(clv::bg_nbd_params{c[0], c[1], c[2], c[3]}, c[4]);
    const double want = double(northstar_test::ref_mean_quadrature(c[0], c[1], c[2], c[3], c[4]));
    EXPECT_LT(rel(got, want), 1e-10) << c[0] << " " << c[1] << " " << c[2] << " " << c[3] << " " << c[4];
    // MBG/NBD: E[X(t)] = E_p[(1-p) (1 - (1 + p t/alpha)^-r)/p] = b/(a+b) m(r, alpha, a, b+1).
    const double mbg = clv::expected_purchases(clv::mbg_nbd_params{c[0], c[1], c[2], c[3]}, c[4]);
    const double mwant =
        c[3] / (c[2] + c[3]) * double(northstar_test::ref_mean_quadrature(c[0], c[1], c[2], c[3] + 1, c[4]));
    EXPECT_LT(rel(mbg, mwant), 1e-10);
  }
  std::vector<double> ts{0, 1, 10}, out(3);
  clv::expected_purchases(clv::bg_nbd_params{0.243, 4.414, 0.793, 2.426}, ts, out);
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[2], clv::expected_purchases(clv::bg_nbd_params{0.243, 4.414, 0.793, 2.426}, 10.0));
}

// The mean m = E_p[(1 - (1 + p u)^-r) / p] is evaluated in one of five forms (Euler's
// series, the textbook 2F1 series, quadrature over p, the split of Beta(a, b) for a + b < 1,
// and the far form for u >= 1000), chosen per horizon. Each form against the long-double
// quadrature on random inputs that reach all five: large a and b (a narrow Beta peak),
// r >> a + b, z near 0 and near 1. (Over wider ranges, r in [1e-3, 1e3], a and b in
// [1e-4, 1e4], u in [1e-4, 1e6], all forms were checked against mpmath's hyp2f1 at 40
// digits while writing them: worst 4e-11.)
TEST(BgNbd, MeanMatchesQuadratureInEveryForm) {
  namespace d = clv::detail;
  std::mt19937_64 g(2026);
  std::uniform_real_distribution<double> u01(0, 1);
  const auto log_uniform = [&](double lo, double hi) {
    return std::exp(std::log(lo) + (std::log(hi) - std::log(lo)) * u01(g));
  };
  std::array<int, 5> used{};
  for (int i = 0; i < 800; ++i) {
    const bool far = i % 4 == 0;  // u >= 1000 with a <= 3: the far form
    const double r = log_uniform(1e-2, 5e3), a = far ? log_uniform(0.05, 3) : log_uniform(0.05, 1e4),
                 b = log_uniform(0.05, 1e3), al = log_uniform(0.1, 10),
                 t = al * (far ? log_uniform(1e3, 1e5) : log_uniform(1e-4, 1e3));
    const auto form = d::beta_geometric_form_for(r, a, b, t / (al + t), std::log1p(t / al));
    ++used[static_cast<int>(form)];
    const double got = clv::expected_purchases(clv::bg_nbd_params{r, al, a, b}, t);
    const double want = double(northstar_test::ref_mean_quadrature(r, al, a, b, t));
    EXPECT_LT(rel(got, want), 1e-10) << "form " << static_cast<int>(form) << ": r=" << r << " alpha=" << al
                                     << " a=" << a << " b=" << b << " t=" << t;
  }
  for (int f = 0; f < 5; ++f) EXPECT_GE(used[f], 15) << "form " << f << " barely reached";
}

// Inputs that gave -inf, NaN or took minutes before the forms were chosen per horizon
// (found by NumericalGuard.BgNbd / MbgNbd and fuzz/model_predictions): huge a, r >> a + b
// with tiny z, a + b < 1, Euler terms overflowing at (a-1) L = 399.
TEST(BgNbd, MeanIsRightWhereTheEulerSeriesFailed) {
  const std::array<std::array<double, 5>, 8> cases{
      {{0.01, 1, 100, 1, 1000},
       {1, 1, 1e4, 1, 1},
       {4270.59, 85.3, 46.727, 629.0000174, 0.01},
       {5696.64, 537.5, 0.12436, 5.11725, 0.021821},
       {4937.17, 10708.35, 0.0701388, 1.3129, 1.106},
       {230.91, 41.697, 0.19280, 0.39846, 33.753},
       {6137.6, 2155.6, 46.7, 446.1, 52},
       {118, 3.3794171540153979, 295.52092352028865, 10019, 9.7505882352941172}}};
  for (const auto& c : cases) {
    const double got = clv::expected_purchases(clv::bg_nbd_params{c[0], c[1], c[2], c[3]}, c[4]);
    const double want = double(northstar_test::ref_mean_quadrature(c[0], c[1], c[2], c[3], c[4]));
    EXPECT_LT(rel(got, want), 1e-10) << c[0] << " " << c[1] << " " << c[2] << " " << c[3] << " " << c[4];
  }
  // a = 1 and b = 1e-6 (p within an ulp of 1 almost surely, so m ~ h(1) ~ 1): the series
  // gave 2.4e-4. Reference: mpmath hyp2f1 at 40 digits, c/(a-1) (1 - (1+u)^-r 2F1(r, b; c; z))
  // at a = 1 -+ 1e-15 (both give 1.00000516716960678).
  EXPECT_LT(rel(clv::expected_purchases(clv::bg_nbd_params{100, 1, 1, 1e-6}, 1.0), 1.000005167169606780),
            1e-13);
  // Tiny r and a, large b, u ~ 600: the Euler form lost 8 digits to cancellation. Reference:
  // mpmath as above (a = 0.003916426184977583 etc., printed to 17 digits).
  EXPECT_LT(rel(clv::expected_purchases(
                    clv::bg_nbd_params{0.004363844875124059, 1, 0.003916426184977583, 8228.332700716779},
                    641.618563554937),
                2.7995146976011874),
            1e-12);
  // u = 1e6 (t/alpha), a < 1: was ~1e8 terms (seconds) in the Euler form; far form. Reference:
  // mpmath as above.
  EXPECT_LT(rel(clv::expected_purchases(clv::bg_nbd_params{1, 1, 0.01, 1}, 1e6), 871106.86412142507), 1e-12);
}

template <class P>
void check_conditional_and_alive(int shift) {
  random_customers c(60, 21 + shift, 200, 300);
  std::mt19937_64 g(5);
  std::uniform_real_distribution<double> u(0, 1);
  for (int rep = 0; rep < 3; ++rep) {
    const P p{std::exp(3 * u(g) - 2), std::exp(4 * u(g) - 1), std::exp(3 * u(g) - 1.5),
              std::exp(3 * u(g) - 1.5)};
    const double t = 1 + 60 * u(g);
    std::vector<double> alive(c.x.size()), cond(c.x.size());
    clv::probability_alive(p, c.view(), alive);
    clv::conditional_expected_purchases(p, c.view(), t, cond);
    for (std::size_t i = 0; i < c.x.size(); ++i) {
      const ld pa = northstar_test::ref_alive(shift, p.r, p.alpha, p.a, p.b, c.x[i], c.tx[i], c.T[i]);
      EXPECT_LT(rel(alive[i], double(pa)), 1e-12) << i;
      const ld m =
          northstar_test::ref_mean_quadrature(p.r + c.x[i], p.alpha + c.T[i], p.a, p.b + c.x[i] + shift, t);
      EXPECT_LT(rel(cond[i], double(pa * m)), 1e-10) << i;
    }
  }
}

TEST(BgNbd, ConditionalAndAliveMatchReferences) {
  check_conditional_and_alive<clv::bg_nbd_params>(0);
}
TEST(MbgNbd, ConditionalAndAliveMatchReferences) {
  check_conditional_and_alive<clv::mbg_nbd_params>(1);
}

TEST(BgNbd, ConditionalMatchesBoost2F1FormOfEquation10) {
  const clv::bg_nbd_params p{0.243, 4.414, 1.793, 2.426};  // a > 1 so eq. 10 applies as printed
  random_customers c(30, 33, 20, 39);
  std::vector<double> out(c.x.size());
  clv::conditional_expected_purchases(p, c.view(), 20, out);
  for (std::size_t i = 0; i < c.x.size(); ++i) {
    const double x = c.x[i], T = c.T[i], t = 20;
    const double F =
        boost::math::hypergeometric_pFq({p.r + x, p.b + x}, {p.a + p.b + x - 1}, t / (p.alpha + T + t));
    const double num =
        (p.a + p.b + x - 1) / (p.a - 1) * (1 - std::pow((p.alpha + T) / (p.alpha + T + t), p.r + x) * F);
    const double den =
        1 + (x > 0 ? p.a / (p.b + x - 1) * std::pow((p.alpha + T) / (p.alpha + c.tx[i]), p.r + x) : 0.0);
    EXPECT_LT(rel(out[i], num / den), 1e-10) << i;
  }
}

template <class P>
void check_pmf(int shift) {
  const std::array<P, 3> points{P{0.243, 4.414, 0.793, 2.426}, P{2, 1, 0.3, 0.4}, P{0.7, 20, 3, 0.8}};
  for (const auto& p : points)
    for (double t : {0.0, 0.5, 10.0, 80.0}) {
      for (int n = 0; n <= 40; ++n) {
        const double got = clv::probability_of_purchases(p, t, n);
        if (t == 0) {
          EXPECT_NEAR(got, n == 0 ? 1.0 : 0.0, 1e-15);  // nothing happens in (0, 0]
          continue;
        }
        const ld want = northstar_test::ref_pmf(shift, p.r, p.alpha, p.a, p.b, n, t);
        EXPECT_NEAR(got, double(want), 1e-13 + 1e-10 * double(want)) << n << " t " << t;
      }
      if (t > 10) continue;
      // The distribution sums to 1 and its mean is E[X(t)] (an independent formula):
      // with z = t/(alpha+t) <= 10/11 the terms beyond n = 3000 are below 1e-100.
      ld total = 0, mean = 0;
      for (int n = 0; n <= 3000; ++n) {
        const double q = clv::probability_of_purchases(p, t, n);
        total += q;
        mean += n * q;
      }
      EXPECT_NEAR(double(total), 1.0, 1e-12) << t;
      EXPECT_NEAR(double(mean), clv::expected_purchases(p, t), 1e-10) << t;
    }
}

TEST(BgNbd, ProbabilityOfPurchasesMatchesBruteForce) {
  check_pmf<clv::bg_nbd_params>(0);
}
TEST(MbgNbd, ProbabilityOfPurchasesMatchesBruteForce) {
  check_pmf<clv::mbg_nbd_params>(1);
}

TEST(BgNbd, ProbabilityOfPurchasesArray) {
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  const std::vector<double> t{1, 39, 78}, n{0, 3, 1000};
  std::vector<double> out(3);
  clv::probability_of_purchases(p, t, n, out);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(out[i], clv::probability_of_purchases(p, t[i], n[i]));
  EXPECT_LT(rel(out[2], double(northstar_test::ref_pmf(0, p.r, p.alpha, p.a, p.b, 1000, 78))), 1e-10);
}

TEST(BgNbd, DiscountedPurchasesPerPeriod) {
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  random_customers c(40, 44, 20, 39);
  const clv::per_period_discount d{12, 4.345, 0.01};
  std::vector<double> out(c.x.size()), prev(c.x.size(), 0.0), cur(c.x.size()), want(c.x.size(), 0.0);
  clv::discounted_expected_purchases(p, c.view(), d, out);
  for (int i = 1; i <= 12; ++i) {
    clv::conditional_expected_purchases(p, c.view(), i * 4.345, cur);
    for (std::size_t k = 0; k < c.x.size(); ++k) want[k] += (cur[k] - prev[k]) / std::pow(1.01, i);
    prev = cur;
  }
  for (std::size_t k = 0; k < c.x.size(); ++k) EXPECT_LT(rel(out[k], want[k]), 1e-12) << k;
  clv::discounted_expected_purchases(p, c.view(), clv::per_period_discount{0, 1, 0.01}, out);
  for (double v : out) EXPECT_EQ(v, 0);
}

TEST(BgNbd, DiscountedPurchasesContinuousRate) {
  // Right-endpoint Stieltjes sum S_h = sum_i (E(s_i) - E(s_(i-1))) e^(-delta s_i) satisfies
  // 0 <= exact - S_h <= delta h E(H) for increasing E: an error bound, not a tolerance.
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  random_customers c(6, 45, 20, 39);
  const double H = 52, delta = 0.02;
  const int steps = 4000;
  const double h = H / steps;
  std::vector<double> out(c.x.size()), cur(c.x.size()), prev(c.x.size(), 0.0), sum(c.x.size(), 0.0);
  clv::discounted_expected_purchases(p, c.view(), clv::continuous_discount{H, delta}, out);
  for (int i = 1; i <= steps; ++i) {
    clv::conditional_expected_purchases(p, c.view(), i * h, cur);
    for (std::size_t k = 0; k < c.x.size(); ++k) sum[k] += (cur[k] - prev[k]) * std::exp(-delta * i * h);
    prev = cur;
  }
  for (std::size_t k = 0; k < c.x.size(); ++k) {
    EXPECT_GE(out[k] - sum[k], -1e-12);
    EXPECT_LE(out[k] - sum[k], delta * h * prev[k] + 1e-12);
  }
  // Rate 0: the conditional expectation at the horizon.
  clv::discounted_expected_purchases(p, c.view(), clv::continuous_discount{H, 0}, out);
  for (std::size_t k = 0; k < c.x.size(); ++k) EXPECT_LT(rel(out[k], prev[k]), 1e-13);
}

// ---------------------------------------------------------------- extreme inputs

template <class P>
void check_extremes() {
  std::vector<double> x, tx, T;
  for (double xv : {0.0, 1.0, 10.0, 100.0, 1000.0})
    for (double Tv : {0.01, 1.0, 100.0, 10000.0})
      for (double f : {0.001, 0.5, 1.0}) {
        x.push_back(xv);
        tx.push_back(xv == 0 ? 0.0 : f * Tv);
        T.push_back(Tv);
      }
  const clv::rfm_view v{x, tx, T};
  std::vector<double> alive(x.size()), cond(x.size()), det(x.size());
  for (double r : {1e-3, 50.0})
    for (double al : {0.05, 1e4})
      for (auto [a, b] :
           {std::pair{0.3, 0.4}, std::pair{1.0, 1.0}, std::pair{0.01, 100.0}, std::pair{50.0, 0.05}}) {
        const P p{r, al, a, b};
        clv::probability_alive(p, v, alive);
        clv::conditional_expected_purchases(p, v, 52, cond);
        clv::discounted_expected_purchases(p, v, clv::per_period_discount{12, 4.345, 0.01}, det);
        for (std::size_t i = 0; i < x.size(); ++i) {
          ASSERT_TRUE(std::isfinite(alive[i]) && alive[i] >= 0 && alive[i] <= 1)
              << r << " " << al << " " << a;
          ASSERT_TRUE(std::isfinite(cond[i]) && cond[i] >= 0) << r << " " << al << " " << a << " " << i;
          ASSERT_TRUE(std::isfinite(det[i]) && det[i] >= 0 && det[i] <= cond[i] * 1.0000001);
        }
        for (double t : {0.0, 1e-6, 52.0, 1e4}) {
          const double e = clv::expected_purchases(p, t);
          ASSERT_TRUE(std::isfinite(e) && e >= 0);
          for (double n : {0.0, 1.0, 1000.0}) {
            const double q = clv::probability_of_purchases(p, t, n);
            ASSERT_TRUE(std::isfinite(q) && q >= 0 && q <= 1 + 1e-12)
                << r << " " << al << " " << a << " " << t;
          }
        }
        EXPECT_TRUE(std::isfinite(clv::log_likelihood(p, v)));
      }
}

TEST(BgNbd, NoNaNOrInfinityOnExtremeInputs) {
  check_extremes<clv::bg_nbd_params>();
}
TEST(MbgNbd, NoNaNOrInfinityOnExtremeInputs) {
  check_extremes<clv::mbg_nbd_params>();
}

// ---------------------------------------------------------------- bad input

TEST(BgNbd, RejectsBadParameters) {
  const auto& v = cdnow_summary().view();
  std::vector<double> out(v.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  expect_error_exact(
      [&] {
        clv::probability_alive(clv::bg_nbd_params{0, 1, 1, 1}, v, out);
      },
      errc::invalid_argument, "bg_nbd::probability_alive: r = 0: must be > 0");
  expect_error_exact(
      [&] {
        clv::probability_alive(clv::bg_nbd_params{1, -2, 1, 1}, v, out);
      },
      errc::invalid_argument, "bg_nbd::probability_alive: alpha = -2: must be > 0");
  expect_error_exact(
      [&] {
        clv::expected_purchases(clv::bg_nbd_params{1, 1, nan, 1}, 1.0);
      },
      errc::not_finite, "bg_nbd::expected_purchases: a = nan: must be finite");
  expect_error_exact(
      [&] {
        clv::log_likelihood(clv::mbg_nbd_params{1, 1, 1, INFINITY}, v);
      },
      errc::not_finite, "mbg_nbd::log_likelihood: b = inf: must be finite");
}

TEST(BgNbd, RejectsBadHorizonsAndCounts) {
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  expect_error_exact([&] { clv::expected_purchases(p, -1.0); }, errc::invalid_argument,
                     "bg_nbd::expected_purchases: t = -1: must be >= 0");
  expect_error_exact([&] { clv::expected_purchases(p, INFINITY); }, errc::not_finite,
                     "bg_nbd::expected_purchases: t = inf: must be finite");
  expect_error_exact([&] { clv::probability_of_purchases(p, 1.0, 2.5); }, errc::invalid_argument,
                     "bg_nbd::probability_of_purchases: n = 2.5: must be a whole number >= 0");
  const std::vector<double> t{1, -3}, n{0, 1};
  std::vector<double> out(2);
  expect_error_exact([&] { clv::expected_purchases(p, t, out); }, errc::invalid_argument,
                     "bg_nbd::expected_purchases: t[1] = -3: must be finite and >= 0");
  expect_error_exact([&] { clv::probability_of_purchases(p, n, t, out); }, errc::invalid_argument,
                     "bg_nbd::probability_of_purchases: n[1] = -3: must be a whole number >= 0");
  std::vector<double> small(1);
  expect_error_exact([&] { clv::expected_purchases(p, t, small); }, errc::size_mismatch,
                     "bg_nbd::expected_purchases: out has 1 elements but the input has 2");
  std::vector<double> cs(cdnow_summary().x.size());
  expect_error_exact([&] { clv::conditional_expected_purchases(p, cdnow_summary().view(), -2, cs); },
                     errc::invalid_argument, "bg_nbd::conditional_expected_purchases: t = -2: must be >= 0");
}

TEST(BgNbd, RejectsBadCustomers) {
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  std::vector<double> x{0, 2, 1, 5}, tx{0, 10, 3, 40}, T{12, 20, 39, 39}, out(4);
  expect_error_exact(
      [&] {
        clv::probability_alive(p, {x, tx, T}, out);
      },
      errc::invalid_argument, "bg_nbd::probability_alive: recency[3] = 40: must be <= age[3] = 39");
  tx[3] = 30;
  std::vector<double> out3(3);
  expect_error_exact(
      [&] {
        clv::conditional_expected_purchases(p, {x, tx, T}, 1.0, out3);
      },
      errc::size_mismatch, "bg_nbd::conditional_expected_purchases: out has 3 elements but the input has 4");
  x[2] = -1;
  expect_error_exact(
      [&] {
        clv::fit_bg_nbd({x, tx, T});
      },
      errc::invalid_argument, "bg_nbd::fit: frequency[2] = -1: must be a whole number >= 0");
}

TEST(BgNbd, RejectsBadDiscounting) {
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  std::vector<double> out(cdnow_summary().x.size());
  expect_error_exact(
      [&] {
        clv::discounted_expected_purchases(p, cdnow_summary().view(), clv::per_period_discount{-1, 1, 0},
                                           out);
      },
      errc::invalid_argument, "bg_nbd::discounted_expected_purchases: periods = -1: must be >= 0");
  expect_error_exact(
      [&] {
        clv::discounted_expected_purchases(p, cdnow_summary().view(), clv::per_period_discount{12, 0, 0},
                                           out);
      },
      errc::invalid_argument,
      "bg_nbd::discounted_expected_purchases: period_length = 0: must be finite and > 0");
  expect_error_exact(
      [&] {
        clv::discounted_expected_purchases(p, cdnow_summary().view(), clv::per_period_discount{12, 1, -1},
                                           out);
      },
      errc::invalid_argument, "bg_nbd::discounted_expected_purchases: rate = -1: must be finite and > -1");
  expect_error_exact(
      [&] {
        clv::discounted_expected_purchases(p, cdnow_summary().view(), clv::continuous_discount{-5, 0}, out);
      },
      errc::invalid_argument, "bg_nbd::discounted_expected_purchases: horizon = -5: must be finite and >= 0");
  expect_error_exact(
      [&] {
        clv::discounted_expected_purchases(p, cdnow_summary().view(), clv::continuous_discount{5, -0.1}, out);
      },
      errc::invalid_argument, "bg_nbd::discounted_expected_purchases: rate = -0.1: must be finite and >= 0");
}

TEST(BgNbd, FitFailuresAreReported) {
  const std::vector<double> x{1, 2}, tx{1, 2}, T{3, 3}, w{0, 0};
  expect_error_exact(
      [&] {
        clv::fit_bg_nbd({x, tx, T, w});
      },
      errc::invalid_argument, "bg_nbd::fit: total weight = 0: must be > 0");
  clv::fit_options opt;
  opt.max_iterations = 1;
  try {
    clv::fit_bg_nbd(cdnow_summary().view(), opt);
    ADD_FAILURE() << "no throw";
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), errc::not_converged);
    EXPECT_NE(std::string(e.what()).find("bg_nbd::fit: fit did not converge after 1 iterations"),
              std::string::npos)
        << e.what();
  }
  opt.throw_on_failure = false;
  const auto f = clv::fit_bg_nbd(cdnow_summary().view(), opt);
  EXPECT_FALSE(f.report.converged);
  EXPECT_EQ(f.report.iterations, 1);
}

// ---------------------------------------------------------------- the benchmark workload

TEST(BgNbd, BenchmarkWorkloadMatchesUnoptimisedReference) {
  // Same generator as bench/clv_bg_nbd.cpp (daily log, ages 1-78 weeks), smaller: the optimised
  // kernels (vectorised P(alive) and likelihood, per-thread (x, T) memo, pattern compression, grouped
  // likelihood) against straightforward per-customer loops, to 1e-9 relative.
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  clv::bg_nbd_simulation o;
  o.customers = 20000;
  o.min_age = 1;
  o.max_age = 78;
  o.resolution = 1.0 / 7;
  o.seed = 20050101;
  const auto s = clv::simulate_bg_nbd(p, o);
  const std::size_t n = s.frequency.size();
  std::vector<double> alive(n), cond(n), det(n);
  clv::probability_alive(p, s.view(), alive);
  clv::conditional_expected_purchases(p, s.view(), 52, cond);
  clv::discounted_expected_purchases(p, s.view(), clv::per_period_discount{12, 4.345, 0.01}, det);
  ld ll = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = s.frequency[i], tx = s.recency[i], T = s.age[i];
    const double pa = double(northstar_test::ref_alive(0, p.r, p.alpha, p.a, p.b, x, tx, T));
    ASSERT_LT(rel(alive[i], pa), 1e-9) << i;
    const double m = clv::detail::beta_geometric_mean(p.r + x, p.alpha + T, p.a, p.b + x, 52.0);
    ASSERT_LT(rel(cond[i], pa * m), 1e-9) << i;
    double d = 0, prev = 0;
    for (int k = 1; k <= 12; ++k) {
      const double mk = clv::detail::beta_geometric_mean(p.r + x, p.alpha + T, p.a, p.b + x, k * 4.345);
      d += (mk - prev) / std::pow(1.01, k);
      prev = mk;
    }
    ASSERT_LT(rel(det[i], pa * d), 1e-9) << i;
    ll += northstar_test::ref_loglik(0, p.r, p.alpha, p.a, p.b, x, tx, T);
  }
  EXPECT_LT(rel(clv::log_likelihood(p, s.view()), double(ll)), 1e-9);
  // And the series itself against quadrature on the first customers.
  for (std::size_t i = 0; i < 40; ++i) {
    const double x = s.frequency[i], T = s.age[i];
    const double q = double(northstar_test::ref_mean_quadrature(p.r + x, p.alpha + T, p.a, p.b + x, 52.0));
    EXPECT_LT(rel(clv::detail::beta_geometric_mean(p.r + x, p.alpha + T, p.a, p.b + x, 52.0), q), 1e-10);
  }
}

TEST(BgNbd, ProbabilityAliveDoesNotDependOnPosition) {
  // The vectorised kernel pads the last partial vector instead of switching to
  // scalar code: a customer's value is the same bits at any index, any length
  // and any thread count (what distributed predictions rely on).
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  const std::vector<double> x0{0, 1, 2, 7, 3, 0, 12, 1, 5}, t0{0, 5.5, 30, 38.1, 2, 0, 36.9, 0.1, 20},
      T0{38.9, 38.9, 31, 39, 39, 2, 37, 10, 60};
  std::vector<double> single(x0.size());
  for (std::size_t i = 0; i < x0.size(); ++i) {
    double v = 0;
    clv::probability_alive(p, {std::span(&x0[i], 1), std::span(&t0[i], 1), std::span(&T0[i], 1)},
                           std::span(&v, 1));
    single[i] = v;
  }
  for (std::size_t shift = 0; shift < 5; ++shift) {
    std::vector<double> x(shift, 1.0), t(shift, 1.0), T(shift, 2.0);
    x.insert(x.end(), x0.begin(), x0.end());
    t.insert(t.end(), t0.begin(), t0.end());
    T.insert(T.end(), T0.begin(), T0.end());
    for (unsigned threads : {1u, 2u}) {
      std::vector<double> out(x.size());
      clv::probability_alive(p, {x, t, T}, out, {.threads = threads});
      for (std::size_t i = 0; i < x0.size(); ++i) ASSERT_EQ(out[shift + i], single[i]) << shift << " " << i;
    }
  }
}
