// Forecasts against hand-computed regressions, with Student t probabilities from
// closed forms (df 1: Cauchy, df 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2))) rather than
// Boost; and Brier calibration by hand.
#include <northstar/okr/calibration.hpp>
#include <northstar/okr/evaluate.hpp>

#include <gtest/gtest.h>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <numbers>

#include "seed.hpp"

namespace okr = northstar::okr;
using seed::ci;
using seed::day;

namespace {

// Student t CDFs in closed form (e.g. Abramowitz & Stegun 26.7.3/26.7.4, or any t table).
double t1_cdf(double t) {
  return 0.5 + std::atan(t) / std::numbers::pi;
}
double t2_cdf(double t) {
  return 0.5 + t / (2 * std::sqrt(2 + t * t));
}

okr::evaluation_options at(std::chrono::sys_seconds t) {
  okr::evaluation_options o;
  o.as_of = t;
  return o;
}

// CSAT 7.5 -> 8.5 at days 10, 20, 30, 40 of the 90-day cycle: 7.6, 7.8, 7.7, 8.0.
okr::key_result csat4() {
  auto kr = seed::metric("csat", 7.5, 8.5);
  kr.check_ins = {ci(day(1, 11), 7.6), ci(day(1, 21), 7.8), ci(day(1, 31), 7.7), ci(day(2, 10), 8.0)};
  return kr;
}

// churn 5% -> 3% at days 0, 30, 60: 5.0, 4.4, 4.0.
okr::key_result churn3() {
  auto kr = seed::metric("churn", 5, 3, "%");
  kr.check_ins = {ci(day(1, 1), 5.0), ci(day(1, 31), 4.4), ci(day(3, 2), 4.0)};
  return kr;
}

okr::objective with(std::vector<okr::key_result> krs) {
  okr::objective o;
  o.id = "o";
  o.key_results = std::move(krs);
  return o;
}

}  // namespace

TEST(OkrTrend, HandComputedRegression) {
  // x = 10, 20, 30, 40; y = 7.6, 7.8, 7.7, 8.0: mean x 25, mean y 7.775, Sxx 500, Sxy 5.5,
  // slope 0.011, intercept 7.5, residuals -0.01, 0.08, -0.13, 0.06, SSE 0.027, s^2 = 0.0135.
  const std::vector<double> x{10, 20, 30, 40}, y{7.6, 7.8, 7.7, 8.0};
  const auto tr = okr::fit_trend(x, y);
  ASSERT_EQ(tr.n, 4u);
  EXPECT_NEAR(tr.slope, 0.011, 1e-15);
  EXPECT_NEAR(tr.intercept, 7.5, 1e-14);
  EXPECT_DOUBLE_EQ(tr.sxx, 500.0);
  EXPECT_NEAR(tr.s, std::sqrt(0.0135), 1e-14);
  // (90 - 25)^2 / 500 = 8.45
  EXPECT_NEAR(tr.prediction_se(90), std::sqrt(0.0135 * (1 + 0.25 + 8.45)), 1e-14);
  EXPECT_EQ(okr::fit_trend(std::vector<double>{3, 3}, std::vector<double>{1, 2}).n, 0u);  // equal x
  EXPECT_EQ(okr::fit_trend(std::vector<double>{3}, std::vector<double>{1}).n, 0u);
}

TEST(OkrForecast, RisingMetricDf2AgainstClosedForm) {
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {with({csat4()})}), at(day(2, 20)));
  const auto& f = ev.key_results[0].forecast;
  ASSERT_TRUE(f.available);
  EXPECT_EQ(f.df, 2u);
  EXPECT_NEAR(f.value, 8.49, 1e-13);  // 7.5 + 0.011 * 90
  EXPECT_NEAR(f.slope_per_day, 0.011, 1e-15);
  const double se = std::sqrt(0.0135 * 9.7);
  // t(0.95; 2) = sqrt(162 / 19) = 2.919986 (tables: 2.920)
  const double q = std::sqrt(162.0 / 19.0);
  EXPECT_NEAR(q, 2.920, 5e-4);
  EXPECT_NEAR(f.lower, 8.49 - q * se, 1e-12);
  EXPECT_NEAR(f.upper, 8.49 + q * se, 1e-12);
  EXPECT_NEAR(f.p_target, 1 - t2_cdf((8.5 - 8.49) / se), 1e-12);
  EXPECT_NEAR(f.p_green, 1 - t2_cdf((8.2 - 8.49) / se), 1e-12);  // 7.5 + 0.7 * (8.5 - 7.5)
  EXPECT_GT(f.p_green, f.p_target);
}

TEST(OkrForecast, IntervalLevelOption) {
  auto o = at(day(2, 20));
  o.interval_level = 0.8;
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {with({csat4()})}), o);
  const double se = std::sqrt(0.0135 * 9.7);
  const double q = std::sqrt(0.64 * 2 / 0.36);  // t(0.90; 2) = 1.8856 (tables: 1.886)
  EXPECT_NEAR(ev.key_results[0].forecast.upper, 8.49 + q * se, 1e-12);
}

TEST(OkrForecast, FallingMetricDf1AgainstClosedForm) {
  // mean x 30, Sxx 1800, slope -1/60, intercept 14.9/3, residuals 1/30, -1/15, 1/30: SSE 1/150 (df 1)
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {with({churn3()})}), at(day(3, 5)));
  const auto& f = ev.key_results[0].forecast;
  ASSERT_TRUE(f.available);
  EXPECT_EQ(f.df, 1u);
  const double value = 10.4 / 3;                        // 14.9/3 - 90/60
  const double se = std::sqrt(1.0 / 150 * (10.0 / 3));  // 1 + 1/3 + 60^2/1800
  EXPECT_NEAR(f.value, value, 1e-13);
  const double q = std::tan(0.45 * std::numbers::pi);  // t(0.95; 1) = 6.3138 (tables: 6.314)
  EXPECT_NEAR(q, 6.314, 5e-4);
  EXPECT_NEAR(f.lower, value - q * se, 1e-11);
  EXPECT_NEAR(f.upper, value + q * se, 1e-11);
  EXPECT_NEAR(f.p_target, t1_cdf((3 - value) / se), 1e-12);   // P(final <= 3)
  EXPECT_NEAR(f.p_green, t1_cdf((3.6 - value) / se), 1e-12);  // 5 + 0.7 * (3 - 5)
}

TEST(OkrForecast, GuardrailAtOrBelow) {
  auto kr = churn3();
  kr.kind = okr::kr_kind::guardrail;
  kr.bound = okr::guardrail_bound::at_or_below;
  kr.threshold = 3.6;
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {with({kr})}), at(day(3, 5)));
  const auto& f = ev.key_results[0].forecast;
  const double se = std::sqrt(1.0 / 150 * (10.0 / 3));
  EXPECT_NEAR(f.p_target, t1_cdf((3.6 - 10.4 / 3) / se), 1e-12);
  EXPECT_EQ(f.p_green, f.p_target);
}

TEST(OkrForecast, TwoCheckInsGivePointForecastOnly) {
  auto kr = seed::metric("nps", 30, 50);
  kr.check_ins = {ci(day(1, 11), 32), ci(day(1, 31), 36)};  // slope 0.2 per day
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {with({kr})}), at(day(2, 1)));
  const auto& f = ev.key_results[0].forecast;
  ASSERT_TRUE(f.available);
  EXPECT_NEAR(f.value, 32 + 0.2 * 80, 1e-12);
  EXPECT_EQ(f.df, 0u);
  EXPECT_TRUE(std::isnan(f.lower));
  EXPECT_TRUE(std::isnan(f.p_target));
  EXPECT_TRUE(std::isnan(ev.objectives[0].p_all_targets));
}

TEST(OkrForecast, PerfectFitGivesCertainty) {
  auto kr = seed::metric("nps", 30, 50);
  kr.check_ins = {ci(day(1, 11), 32), ci(day(1, 21), 34), ci(day(1, 31), 36)};  // reaches 48 at day 90
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {with({kr})}), at(day(2, 1)));
  const auto& f = ev.key_results[0].forecast;
  EXPECT_NEAR(f.value, 48, 1e-12);
  EXPECT_EQ(f.p_target, 0.0);
  EXPECT_EQ(f.p_green, 1.0);
}

TEST(OkrForecast, UnavailableForBinaryAndSingleCheckIn) {
  okr::key_result b;
  b.id = "b";
  b.kind = okr::kr_kind::binary;
  b.check_ins = {ci(day(1, 11), 0), ci(day(1, 21), 0), ci(day(1, 31), 0)};
  auto m = seed::metric("m", 0, 1);
  m.check_ins = {ci(day(1, 11), 0.2)};
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {with({b, m})}), at(day(2, 1)));
  EXPECT_FALSE(ev.key_results[0].forecast.available);
  EXPECT_FALSE(ev.key_results[1].forecast.available);
  EXPECT_TRUE(std::isnan(ev.key_results[1].forecast.value));
}

TEST(OkrForecast, ObjectiveProbabilitiesAssumeIndependence) {
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {with({csat4(), churn3()})}), at(day(3, 5)));
  const auto& a = ev.key_results[0].forecast;
  const auto& b = ev.key_results[1].forecast;
  EXPECT_DOUBLE_EQ(ev.objectives[0].p_all_targets, a.p_target * b.p_target);
  EXPECT_DOUBLE_EQ(ev.objectives[0].p_all_green, a.p_green * b.p_green);
}

TEST(OkrCalibration, BrierPerOwnerByHand) {
  // cycle 1: ana's KR reaches its target (outcome 1), stated 0.6 and 0.8; her second KR misses (0), stated
  // 0.5. bob owns the objective; its binary KR (no owner) is done, stated 0.9. cycle 2: ana's KR misses,
  // stated 0.7; a check-in after the close (0.1) is not counted.
  auto k1 = seed::metric("k1", 0, 10);
  k1.owner = "ana";
  k1.check_ins = {ci(day(1, 10), 3, 0.6), ci(day(2, 10), 10, 0.8)};
  auto k2 = seed::metric("k2", 0, 10);
  k2.owner = "ana";
  k2.check_ins = {ci(day(1, 10), 3, 0.5), ci(day(3, 1), 9.9)};
  okr::key_result k3;
  k3.id = "k3";
  k3.kind = okr::kr_kind::binary;
  k3.check_ins = {ci(day(2, 1), 1, 0.9)};
  auto k4 = seed::metric("k4", 0, 10);  // no check-in: no outcome
  k4.owner = "carl";
  auto o1 = with({k1, k2});
  auto o2 = with({k3, k4});
  o2.id = "o2";
  o2.owner = "bob";
  auto c2 = seed::q1();
  c2.name = "2026-Q2";
  c2.start = std::chrono::sys_days{std::chrono::year{2026} / 4 / 1};
  c2.end = std::chrono::sys_days{std::chrono::year{2026} / 6 / 30};
  auto k5 = seed::metric("k5", 0, 10);
  k5.owner = "ana";
  k5.check_ins = {ci(day(5, 1), 5, 0.7), ci(day(7, 2), 10, 0.1)};
  const std::vector<okr::okr_set> sets{okr::okr_set(seed::q1(), {o1, o2}), okr::okr_set(c2, {with({k5})})};
  const auto cal = okr::calibrate(sets);
  ASSERT_EQ(cal.size(), 2u);
  EXPECT_EQ(cal[0].owner, "ana");
  EXPECT_EQ(cal[0].forecasts, 4u);
  EXPECT_EQ(cal[0].key_results, 3u);
  // (0.4^2 + 0.2^2 + 0.5^2 + 0.7^2) / 4 = (0.16 + 0.04 + 0.25 + 0.49) / 4
  EXPECT_NEAR(cal[0].brier, 0.94 / 4, 1e-15);
  EXPECT_NEAR(cal[0].mean_confidence, 2.6 / 4, 1e-15);
  EXPECT_NEAR(cal[0].hit_rate, 1.0 / 3, 1e-15);
  EXPECT_EQ(cal[1].owner, "bob");
  EXPECT_NEAR(cal[1].brier, 0.01, 1e-15);
}

TEST(OkrStudentT, SeriesCdfMatchesBoostMath) {
  for (unsigned df = 1; df <= 60; ++df)
    for (double t : {-40.0, -6.3, -2.0, -1.0, -0.3, 0.0, 0.2, 0.9, 1.7, 3.5, 12.0, 300.0}) {
      const boost::math::students_t dist(static_cast<double>(df));
      EXPECT_NEAR(okr::detail::student_t_cdf(t, df), boost::math::cdf(dist, t), 2e-15)
          << "df " << df << " t " << t;
    }
  EXPECT_NEAR(okr::detail::student_t_cdf(1.0, 1), 0.75, 1e-16);  // Cauchy: 1/2 + atan(1)/pi
  EXPECT_NEAR(okr::detail::student_t_cdf(std::sqrt(162.0 / 19.0), 2), 0.95, 1e-15);  // t(0.95; 2) = 2.920
}

TEST(OkrEvaluate, ReusedOutputEqualsFreshEvaluation) {
  const auto set = okr::okr_set(seed::q1(), {with({csat4(), churn3()})});
  okr::evaluation out;
  okr::evaluate(set, at(day(3, 5)), out);                                 // fills forecasts, flags
  auto other = with({seed::metric("x", 0, 1), seed::metric("y", 0, 1)});  // no check-ins
  const auto set2 = okr::okr_set(seed::q1(), {other});
  okr::evaluate(set2, at(day(3, 5)), out);
  const auto fresh = okr::evaluate(set2, at(day(3, 5)));
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_FALSE(out.key_results[k].forecast.available);
    EXPECT_EQ(out.key_results[k].status, fresh.key_results[k].status);
    EXPECT_EQ(out.key_results[k].check_ins_used, 0u);
    EXPECT_TRUE(std::isnan(out.key_results[k].forecast.p_target));
  }
  EXPECT_EQ(out.objectives[0].score, fresh.objectives[0].score);
}
