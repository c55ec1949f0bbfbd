// Scoring: progress and its policies, guardrails, binary and milestone KRs, pace
// status, grades and presets, objective scores, roll-up modes, shortfall.
#include <northstar/core/error.hpp>
#include <northstar/okr/evaluate.hpp>

#include <gtest/gtest.h>

#include <cmath>

#include "seed.hpp"

namespace okr = northstar::okr;
using northstar::errc;
using seed::ci;
using seed::day;

namespace {

okr::evaluation_options at(std::chrono::sys_seconds t) {
  okr::evaluation_options o;
  o.as_of = t;
  return o;
}

// The seed objective with one check-in per KR on `when`.
okr::okr_set seed_at(std::chrono::sys_seconds when, double csat, double nps, double churn, double repeat) {
  auto o = seed::customers();
  o.key_results[0].check_ins = {ci(when, csat)};
  o.key_results[1].check_ins = {ci(when, nps)};
  o.key_results[2].check_ins = {ci(when, churn)};
  o.key_results[3].check_ins = {ci(when, repeat)};
  return okr::okr_set(seed::q1(), {o});
}

okr::objective one_kr(std::string id, okr::key_result kr) {
  okr::objective o;
  o.id = std::move(id);
  o.key_results = {std::move(kr)};
  return o;
}

}  // namespace

TEST(OkrProgress, SeedKeyResultsAtMidCycleByHand) {
  // Feb 15 00:00 is day 45 of 90: elapsed 0.5.
  const auto set = seed_at(day(2, 14), 8.0, 40, 4.0, 67.5);
  const auto ev = okr::evaluate(set, at(day(2, 15)));
  EXPECT_DOUBLE_EQ(ev.elapsed, 0.5);
  // CSAT 7.5 -> 8.5 at 8.0: (8.0 - 7.5) / (8.5 - 7.5) = 0.5, not 8.0 / 8.5 = 0.94.
  EXPECT_DOUBLE_EQ(ev.key_results[0].p_raw, 0.5);
  EXPECT_DOUBLE_EQ(ev.key_results[1].p_raw, 0.5);  // NPS (40 - 30) / (50 - 30)
  EXPECT_DOUBLE_EQ(ev.key_results[2].p_raw, 0.5);  // churn, falling: (4 - 5) / (3 - 5)
  EXPECT_DOUBLE_EQ(ev.key_results[3].p_raw, 0.5);  // repeat (67.5 - 60) / (75 - 60)
  for (const auto& kr : ev.key_results) {
    EXPECT_DOUBLE_EQ(kr.expected, 0.5);
    EXPECT_EQ(kr.status, okr::status::on_track);
    EXPECT_FALSE(kr.overachieved);
    EXPECT_FALSE(kr.regressed);
  }
  EXPECT_DOUBLE_EQ(ev.objectives[0].score, 0.5);
  EXPECT_EQ(okr::grade_scale::google().bands[ev.objectives[0].grade].label, "yellow");
  EXPECT_EQ(ev.objectives[0].expectation, 1.0);  // committed
  EXPECT_FALSE(ev.objectives[0].meets_expectation);
}

TEST(OkrProgress, FallingMetricWorseThanBaselineRegresses) {
  const auto set = seed_at(day(2, 1), 8.7, 55, 6.0, 60);
  const auto ev = okr::evaluate(set, at(day(2, 15)));
  EXPECT_DOUBLE_EQ(ev.key_results[2].p_raw, -0.5);  // churn up to 6%: (6 - 5) / (3 - 5)
  EXPECT_TRUE(ev.key_results[2].regressed);
  EXPECT_EQ(ev.key_results[2].progress, 0.0);
  EXPECT_DOUBLE_EQ(ev.key_results[0].p_raw, 1.2);
  EXPECT_TRUE(ev.key_results[0].overachieved);
  EXPECT_EQ(ev.key_results[3].p_raw, 0.0);
  EXPECT_FALSE(ev.key_results[3].regressed);
}

TEST(OkrProgress, PolicyClampUnitIsDefault) {
  EXPECT_EQ(okr::bounded_progress(1.2, okr::progress_policy::clamp_unit), 1.0);
  EXPECT_EQ(okr::bounded_progress(-0.3, okr::progress_policy::clamp_unit), 0.0);
  EXPECT_EQ(okr::bounded_progress(0.6, okr::progress_policy::clamp_unit), 0.6);
  const auto ev = okr::evaluate(seed_at(day(2, 1), 8.7, 55, 6.0, 60), at(day(2, 15)));
  EXPECT_EQ(ev.key_results[0].progress, 1.0);
  EXPECT_EQ(ev.key_results[1].progress, 1.0);  // NPS 55: p_raw 1.25
  // (1 + 1 + 0 + 0) / 4
  EXPECT_DOUBLE_EQ(ev.objectives[0].score, 0.5);
}

TEST(OkrProgress, PolicyFloorZero) {
  EXPECT_EQ(okr::bounded_progress(1.7, okr::progress_policy::floor_zero), 1.7);
  EXPECT_EQ(okr::bounded_progress(-0.3, okr::progress_policy::floor_zero), 0.0);
  auto o = at(day(2, 15));
  o.policy = okr::progress_policy::floor_zero;
  const auto ev = okr::evaluate(seed_at(day(2, 1), 8.7, 55, 6.0, 60), o);
  EXPECT_DOUBLE_EQ(ev.key_results[1].progress, 1.25);
  EXPECT_DOUBLE_EQ(ev.objectives[0].score, (1.2 + 1.25 + 0 + 0) / 4);
}

TEST(OkrProgress, PolicyClampCap) {
  EXPECT_EQ(okr::bounded_progress(1.7, okr::progress_policy::clamp_cap, 1.3), 1.3);
  EXPECT_EQ(okr::bounded_progress(1.2, okr::progress_policy::clamp_cap, 1.3), 1.2);
  EXPECT_EQ(okr::bounded_progress(-2, okr::progress_policy::clamp_cap, 1.3), 0.0);
  auto o = at(day(2, 15));
  o.policy = okr::progress_policy::clamp_cap;
  o.cap = 1.22;
  const auto ev = okr::evaluate(seed_at(day(2, 1), 8.7, 55, 6.0, 60), o);
  EXPECT_DOUBLE_EQ(ev.key_results[0].progress, 1.2);
  EXPECT_DOUBLE_EQ(ev.key_results[1].progress, 1.22);
}

TEST(OkrGrade, GoogleBands) {
  const auto g = okr::grade_scale::google();
  EXPECT_EQ(g.label_of(-0.1), "red");
  EXPECT_EQ(g.label_of(0.0), "red");
  EXPECT_EQ(g.label_of(0.39), "red");
  EXPECT_EQ(g.label_of(0.4), "yellow");
  EXPECT_EQ(g.label_of(0.69), "yellow");
  EXPECT_EQ(g.label_of(0.7), "green");
  EXPECT_EQ(g.label_of(1.25), "green");
}

TEST(OkrGrade, ExpectedTargetOutstandingPreset) {
  const auto g = okr::grade_scale::expected_target_outstanding();
  EXPECT_EQ(g.label_of(0.49), "below");
  EXPECT_EQ(g.label_of(0.5), "expected");
  EXPECT_EQ(g.label_of(0.69), "expected");
  EXPECT_EQ(g.label_of(0.7), "target");
  EXPECT_EQ(g.label_of(0.99), "target");
  EXPECT_EQ(g.label_of(1.0), "outstanding");
}

TEST(OkrGrade, RealisticChallengingAmbitiousPreset) {
  const auto g = okr::grade_scale::realistic_challenging_ambitious();
  EXPECT_EQ(g.label_of(0.69), "below");
  EXPECT_EQ(g.label_of(0.7), "realistic");
  EXPECT_EQ(g.label_of(1.0), "challenging");
  EXPECT_EQ(g.label_of(1.29), "challenging");
  EXPECT_EQ(g.label_of(1.3), "very ambitious");
  // with a 1.3 cap, an overachieving KR reaches the top band
  auto o = at(day(2, 15));
  o.policy = okr::progress_policy::clamp_cap;
  o.grades = g;
  auto obj = one_kr("o", seed::metric("k", 0, 10));
  obj.key_results[0].check_ins = {ci(day(2, 1), 14)};
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {obj}), o);
  EXPECT_EQ(g.bands[ev.objectives[0].grade].label, "very ambitious");
}

TEST(OkrGrade, CommittedExpectedAtOneAspirationalAtPointSeven) {
  auto a = one_kr("a", seed::metric("ka", 0, 10));
  a.type = okr::objective_type::aspirational;
  a.key_results[0].check_ins = {ci(day(3, 30), 7)};
  auto c = one_kr("c", seed::metric("kc", 0, 10));
  c.key_results[0].check_ins = {ci(day(3, 30), 7)};
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {a, c}), at(day(4, 1)));
  EXPECT_DOUBLE_EQ(ev.objectives[0].score, 0.7);
  EXPECT_EQ(ev.objectives[0].expectation, 0.7);
  EXPECT_TRUE(ev.objectives[0].meets_expectation);
  EXPECT_EQ(ev.objectives[1].expectation, 1.0);
  EXPECT_FALSE(ev.objectives[1].meets_expectation);
}

TEST(OkrPace, DifferenceRuleDefaults) {
  const auto r = okr::pace_rule::difference();
  EXPECT_EQ(r.on_track, -0.1);
  EXPECT_EQ(r.at_risk, -0.25);
  EXPECT_EQ(r.classify(0.41, 0.5), okr::status::on_track);
  EXPECT_EQ(r.classify(0.39, 0.5), okr::status::at_risk);
  EXPECT_EQ(r.classify(0.26, 0.5), okr::status::at_risk);
  EXPECT_EQ(r.classify(0.24, 0.5), okr::status::off_track);
  EXPECT_EQ(r.classify(0.0, 0.05), okr::status::on_track);
}

TEST(OkrPace, RatioRulePreset) {
  const auto r = okr::pace_rule::ratio();
  EXPECT_EQ(r.classify(0.46, 0.5), okr::status::on_track);   // 0.92
  EXPECT_EQ(r.classify(0.44, 0.5), okr::status::at_risk);    // 0.88
  EXPECT_EQ(r.classify(0.38, 0.5), okr::status::at_risk);    // 0.76
  EXPECT_EQ(r.classify(0.37, 0.5), okr::status::off_track);  // 0.74
  EXPECT_EQ(r.classify(0.0, 0.0), okr::status::on_track);
  // the two rules disagree early in the cycle: p 0.02 at e 0.1 is on track by difference, off by ratio
  EXPECT_EQ(okr::pace_rule::difference().classify(0.02, 0.1), okr::status::on_track);
  EXPECT_EQ(r.classify(0.02, 0.1), okr::status::off_track);
}

TEST(OkrPace, StatusFromEvaluationAndNoData) {
  // at Feb 15 (e = 0.5): csat 0.45 on track, nps 0.3 at risk, churn 0.2 off track, repeat no check-in
  auto o = seed::customers();
  o.key_results[0].check_ins = {ci(day(2, 10), 7.95)};
  o.key_results[1].check_ins = {ci(day(2, 10), 36)};
  o.key_results[2].check_ins = {ci(day(2, 10), 4.6)};
  o.key_results[3].check_ins = {ci(day(2, 20), 75)};  // after as_of: ignored
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {o}), at(day(2, 15)));
  EXPECT_EQ(ev.key_results[0].status, okr::status::on_track);
  EXPECT_EQ(ev.key_results[1].status, okr::status::at_risk);
  EXPECT_EQ(ev.key_results[2].status, okr::status::off_track);
  EXPECT_EQ(ev.key_results[3].status, okr::status::no_data);
  EXPECT_TRUE(std::isnan(ev.key_results[3].p_raw));
  EXPECT_EQ(ev.key_results[3].progress, 0.0);
  EXPECT_EQ(ev.key_results[3].check_ins_used, 0u);
  EXPECT_EQ(ev.objectives[0].status, okr::status::off_track);  // worst
}

TEST(OkrPace, SilenceIsNeverGreen) {
  auto o = seed::customers();
  o.key_results[0].check_ins = {ci(day(2, 10), 8.0)};
  o.key_results[1].check_ins = {ci(day(2, 10), 40)};
  o.key_results[2].check_ins = {ci(day(2, 10), 4)};
  o.key_results[3].check_ins = {ci(day(2, 20), 75),
                                ci(day(12, 1) - std::chrono::years(1), 74)};  // after / before
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {o}), at(day(2, 15)));
  EXPECT_EQ(ev.key_results[3].status, okr::status::no_data);
  EXPECT_EQ(ev.objectives[0].status, okr::status::no_data);
  EXPECT_EQ(okr::worst(okr::status::no_data, okr::status::at_risk), okr::status::at_risk);
}

TEST(OkrGuardrail, InclusiveAtOrAbove) {
  okr::key_result g;
  g.id = "uptime";
  g.kind = okr::kr_kind::guardrail;
  g.threshold = 99.9;
  g.check_ins = {ci(day(1, 10), 99.95), ci(day(1, 20), 99.8), ci(day(2, 1), 99.9)};
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {one_kr("o", g)}), at(day(2, 15)));
  EXPECT_EQ(ev.key_results[0].p_raw, 1.0);
  EXPECT_DOUBLE_EQ(ev.key_results[0].in_band_share, 2.0 / 3.0);
  EXPECT_EQ(ev.key_results[0].status, okr::status::on_track);
}

TEST(OkrGuardrail, StrictAtOrAbove) {
  okr::key_result g;
  g.id = "uptime";
  g.kind = okr::kr_kind::guardrail;
  g.threshold = 99.9;
  g.strict = true;
  g.check_ins = {ci(day(1, 10), 99.95), ci(day(1, 20), 99.8), ci(day(2, 1), 99.9)};
  const auto ev = okr::evaluate(okr::okr_set(seed::q1(), {one_kr("o", g)}), at(day(2, 15)));
  EXPECT_EQ(ev.key_results[0].p_raw, 0.0);
  EXPECT_DOUBLE_EQ(ev.key_results[0].in_band_share, 1.0 / 3.0);
  EXPECT_EQ(ev.key_results[0].status, okr::status::off_track);
}

TEST(OkrGuardrail, AtOrBelowInclusiveAndStrict) {
  okr::key_result g;
  g.id = "latency";
  g.kind = okr::kr_kind::guardrail;
  g.bound = okr::guardrail_bound::at_or_below;
  g.threshold = 200;
  g.check_ins = {ci(day(1, 10), 150), ci(day(1, 20), 250), ci(day(1, 30), 200), ci(day(2, 1), 200)};
  auto ev = okr::evaluate(okr::okr_set(seed::q1(), {one_kr("o", g)}), at(day(2, 15)));
  EXPECT_EQ(ev.key_results[0].p_raw, 1.0);
  EXPECT_DOUBLE_EQ(ev.key_results[0].in_band_share, 0.75);
  g.strict = true;
  ev = okr::evaluate(okr::okr_set(seed::q1(), {one_kr("o", g)}), at(day(2, 15)));
  EXPECT_EQ(ev.key_results[0].p_raw, 0.0);
  EXPECT_DOUBLE_EQ(ev.key_results[0].in_band_share, 0.25);
}

TEST(OkrBinary, DoneOrNot) {
  okr::key_result b;
  b.id = "launch";
  b.kind = okr::kr_kind::binary;
  b.check_ins = {ci(day(1, 10), 0)};
  auto ev = okr::evaluate(okr::okr_set(seed::q1(), {one_kr("o", b)}), at(day(2, 15)));
  EXPECT_EQ(ev.key_results[0].progress, 0.0);
  EXPECT_EQ(ev.key_results[0].status, okr::status::off_track);  // 0 - 0.5 < -0.25
  b.check_ins.push_back(ci(day(2, 1), 1));
  ev = okr::evaluate(okr::okr_set(seed::q1(), {one_kr("o", b)}), at(day(2, 15)));
  EXPECT_EQ(ev.key_results[0].progress, 1.0);
  EXPECT_EQ(ev.key_results[0].status, okr::status::on_track);
  EXPECT_EQ(ev.objectives[0].p_all_targets, 1.0);
}

TEST(OkrMilestones, WeightedShareAndDueDates) {
  okr::key_result m;
  m.id = "ship";
  m.kind = okr::kr_kind::milestones;
  using std::chrono::sys_days;
  m.milestones = {{"design", 1, sys_days{std::chrono::year{2026} / 1 / 20}},
                  {"build", 2, sys_days{std::chrono::year{2026} / 2 / 28}},
                  {"launch", 1, sys_days{std::chrono::year{2026} / 3 / 31}}};
  m.check_ins = {ci(day(1, 18), 1), ci(day(2, 10), 2)};
  auto ev = okr::evaluate(okr::okr_set(seed::q1(), {one_kr("o", m)}), at(day(2, 15)));
  EXPECT_DOUBLE_EQ(ev.key_results[0].p_raw, 0.75);     // (1 + 2) / 4
  EXPECT_DOUBLE_EQ(ev.key_results[0].expected, 0.25);  // only "design" due by Feb 15
  EXPECT_EQ(ev.key_results[0].status, okr::status::on_track);
  // by Mar 1 00:00 "build" is due too: expected 0.75
  ev = okr::evaluate(okr::okr_set(seed::q1(), {one_kr("o", m)}), at(day(3, 1)));
  EXPECT_DOUBLE_EQ(ev.key_results[0].expected, 0.75);
  // without milestone dates: linear
  auto o = at(day(2, 15));
  o.milestone_dates = false;
  ev = okr::evaluate(okr::okr_set(seed::q1(), {one_kr("o", m)}), o);
  EXPECT_DOUBLE_EQ(ev.key_results[0].expected, 0.5);
}

namespace {

// Three-level tree evaluated after the close: each KR is 0 -> 1 so its value is its progress.
//   C (KR 0.2)                       weight 1
//   +- T1 (KRs 0.5 w1, 1.0 w3)       weight 1
//   |  +- I1 (KR 0.0)                weight 1
//   +- T2 (KR 0.4)                   weight 3
//      +- I2 (KR 1.0)                weight 2
//      +- I3 (KR 0.7)                weight 1
okr::okr_set tree() {
  const auto obj = [](std::string id, double w, std::vector<std::string> parents,
                      std::vector<std::pair<double, double>> krs) {
    okr::objective o;
    o.id = id;
    o.weight = w;
    o.parents = std::move(parents);
    int i = 0;
    for (auto [v, kw] : krs) {
      auto kr = seed::metric(id + "-" + std::to_string(i++), 0, 1);
      kr.weight = kw;
      kr.check_ins = {ci(day(3, 1), v)};
      o.key_results.push_back(kr);
    }
    return o;
  };
  return okr::okr_set(seed::q1(), {obj("I3", 1, {"T2"}, {{0.7, 1}}), obj("C", 1, {}, {{0.2, 1}}),
                                   obj("T1", 1, {"C"}, {{0.5, 1}, {1.0, 3}}), obj("T2", 3, {"C"}, {{0.4, 1}}),
                                   obj("I1", 1, {"T1"}, {{0.0, 1}}), obj("I2", 2, {"T2"}, {{1.0, 1}})});
}

}  // namespace

TEST(OkrRollup, OwnMode) {
  const auto s = tree();
  auto o = at(day(4, 1));
  o.rollup = okr::rollup_mode::own;
  const auto ev = okr::evaluate(s, o);
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("C")].score, 0.2);
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("T1")].score, 0.875);  // (0.5 + 3) / 4
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("T2")].score, 0.4);
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("T1")].own_score, 0.875);
}

TEST(OkrRollup, ChildrenMode) {
  const auto s = tree();
  auto o = at(day(4, 1));
  o.rollup = okr::rollup_mode::children;
  const auto ev = okr::evaluate(s, o);
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("I1")].score, 0.0);  // leaf: its KRs
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("T1")].score, 0.0);
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("T2")].score, 0.9);   // (2 * 1 + 0.7) / 3
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("C")].score, 0.675);  // (0 + 3 * 0.9) / 4
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("C")].own_score, 0.2);
}

TEST(OkrRollup, PooledMode) {
  const auto s = tree();
  auto o = at(day(4, 1));
  o.rollup = okr::rollup_mode::pooled;
  const auto ev = okr::evaluate(s, o);
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("T1")].score, 0.7);    // (0.5 + 3 + 0) / 5
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("T2")].score, 0.775);  // (0.4 + 2 + 0.7) / 4
  EXPECT_DOUBLE_EQ(ev.objectives[*s.find_objective("C")].score, 0.645);   // (0.2 + 0.7 + 3 * 0.775) / 5
  EXPECT_EQ(okr::grade_scale::google().bands[ev.objectives[*s.find_objective("T1")].grade].label, "green");
  EXPECT_EQ(okr::grade_scale::google().bands[ev.objectives[*s.find_objective("C")].grade].label, "yellow");
}

TEST(OkrRollup, MinAggregation) {
  const auto s = tree();
  auto o = at(day(4, 1));
  o.rollup = okr::rollup_mode::pooled;
  o.aggregate = okr::aggregation::min;
  const auto ev = okr::evaluate(s, o);
  EXPECT_EQ(ev.objectives[*s.find_objective("T1")].score, 0.0);
  EXPECT_EQ(ev.objectives[*s.find_objective("T2")].score, 0.4);
  EXPECT_EQ(ev.objectives[*s.find_objective("C")].score, 0.0);
  EXPECT_EQ(ev.objectives[*s.find_objective("T1")].own_score, 0.5);
}

TEST(OkrRollup, ObjectiveStatusIsWorstKr) {
  const auto s = tree();
  const auto ev = okr::evaluate(s, at(day(4, 1)));  // e = 1
  EXPECT_EQ(ev.objectives[*s.find_objective("I2")].status, okr::status::on_track);
  EXPECT_EQ(ev.objectives[*s.find_objective("I3")].status, okr::status::off_track);  // 0.7 - 1 < -0.25
  EXPECT_EQ(ev.objectives[*s.find_objective("T1")].status, okr::status::off_track);  // 0.5 with 1.0
}

TEST(OkrShortfall, SharesOfPooledParent) {
  const auto s = tree();
  auto o = at(day(4, 1));
  o.rollup = okr::rollup_mode::pooled;
  const auto ev = okr::evaluate(s, o);
  const std::size_t c = *s.find_objective("C");
  const auto sh = okr::shortfall(s, ev, o, c);
  ASSERT_EQ(sh.size(), 3u);
  // gaps: KR 1 * 0.8, T1 1 * 0.3, T2 3 * 0.225; total 1.775 = 5 * (1 - 0.645)
  EXPECT_FALSE(sh[0].is_objective);
  EXPECT_EQ(sh[0].index, *s.find_key_result("C-0"));
  EXPECT_NEAR(sh[0].share, 0.8 / 1.775, 1e-15);
  EXPECT_TRUE(sh[1].is_objective);
  EXPECT_EQ(sh[1].index, *s.find_objective("T1"));
  EXPECT_NEAR(sh[1].share, 0.3 / 1.775, 1e-15);
  EXPECT_NEAR(sh[2].share, 0.675 / 1.775, 1e-15);
  // own mode: T1's KRs 0.5 (w 1) and 1.0 (w 3): all of the shortfall is the first KR's
  o.rollup = okr::rollup_mode::own;
  const auto ev2 = okr::evaluate(s, o);
  const auto sh2 = okr::shortfall(s, ev2, o, *s.find_objective("T1"));
  ASSERT_EQ(sh2.size(), 2u);
  EXPECT_EQ(sh2[0].share, 1.0);
  EXPECT_EQ(sh2[1].share, 0.0);
  // nothing short: empty
  EXPECT_TRUE(okr::shortfall(s, ev2, o, *s.find_objective("I2")).empty());
}

TEST(OkrOptions, InvalidOptionsAreRejected) {
  const auto s = tree();
  const auto expect_bad = [&](okr::evaluation_options o, const std::string& part) {
    try {
      (void)okr::evaluate(s, o);
      FAIL() << "no throw for " << part;
    } catch (const northstar::error& e) {
      EXPECT_EQ(e.code(), errc::invalid_argument);
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  };
  auto o = at(day(4, 1));
  o.cap = 0;
  expect_bad(o, "options.cap = 0");
  o = at(day(4, 1));
  o.interval_level = 1;
  expect_bad(o, "options.interval_level = 1");
  o = at(day(4, 1));
  o.green_threshold = std::nan("");
  expect_bad(o, "options.green_threshold = nan");
  o = at(day(4, 1));
  o.grades.bands.clear();
  expect_bad(o, "options.grades.bands");
  o = at(day(4, 1));
  o.grades.bands = {{0, "a"}, {0.5, "b"}, {0.5, "c"}};
  expect_bad(o, "options.grades.bands.lower[2] = 0.5");
  o = at(day(4, 1));
  o.pace.at_risk = 0.1;
  expect_bad(o, "options.pace.at_risk = 0.1");
  EXPECT_THROW((void)okr::shortfall(s, okr::evaluation{}, at(day(4, 1)), 0), northstar::error);
}

TEST(OkrPace, ObjectiveStatusRules) {
  // at Feb 15 (e = 0.5): KR progress 0.5 (w 1) and 0.1 (w 1)
  auto o = one_kr("o", seed::metric("a", 0, 1));
  o.key_results.push_back(seed::metric("b", 0, 1));
  o.key_results[0].check_ins = {ci(day(2, 1), 0.5)};
  o.key_results[1].check_ins = {ci(day(2, 1), 0.1)};
  const okr::okr_set s(seed::q1(), {o});
  auto opt = at(day(2, 15));
  EXPECT_EQ(okr::evaluate(s, opt).objectives[0].status, okr::status::off_track);  // worst: 0.1 - 0.5 < -0.25
  opt.objective_status = okr::objective_status_rule::weighted_pace;
  EXPECT_EQ(okr::evaluate(s, opt).objectives[0].status, okr::status::at_risk);  // 0.3 - 0.5 = -0.2
  o.key_results[1].weight = 0.25;  // (0.5 + 0.025) / 1.25 = 0.42: on track
  EXPECT_EQ(okr::evaluate(okr::okr_set(seed::q1(), {o}), opt).objectives[0].status, okr::status::on_track);
  o.key_results[0].check_ins.clear();
  o.key_results[1].check_ins.clear();
  EXPECT_EQ(okr::evaluate(okr::okr_set(seed::q1(), {o}), opt).objectives[0].status, okr::status::no_data);
}
