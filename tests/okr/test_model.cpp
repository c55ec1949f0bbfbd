// The OKR model: construction, sorting, the alignment graph, and every invalid model case.
#include <northstar/core/error.hpp>
#include <northstar/okr/okr_set.hpp>

#include <gtest/gtest.h>

#include "support.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "seed.hpp"

namespace okr = northstar::okr;
using northstar::errc;
using seed::ci;
using seed::day;

using northstar_test::expect_error_containing;

namespace {

// Builds the set and expects invalid_model with every fragment in the message.
void expect_invalid(const okr::cycle& c, std::vector<okr::objective> objs,
                    std::initializer_list<std::string> parts) {
  expect_error_containing([&] { okr::okr_set s(c, std::move(objs)); }, errc::invalid_model, parts);
}

okr::objective child(std::string id, std::vector<std::string> parents) {
  okr::objective o;
  o.id = id;
  o.parents = std::move(parents);
  o.key_results = {seed::metric(id + "-kr", 0, 1)};
  return o;
}

}  // namespace

TEST(OkrCycle, ElapsedFractionInCalendarDays) {
  const auto q = seed::q1();
  EXPECT_EQ(q.length_days(), 90.0);  // 31 + 28 + 31
  EXPECT_EQ(okr::elapsed_fraction(q, day(1, 1)), 0.0);
  EXPECT_DOUBLE_EQ(okr::elapsed_fraction(q, day(2, 15)), 45.0 / 90.0);  // Jan 31 days + 14
  EXPECT_EQ(okr::elapsed_fraction(q, day(4, 1)), 1.0);
  EXPECT_EQ(okr::elapsed_fraction(q, day(5, 1)), 1.0);
  EXPECT_EQ(okr::elapsed_fraction(q, day(12, 1) - std::chrono::years(1)), 0.0);
  EXPECT_DOUBLE_EQ(okr::elapsed_fraction(q, day(1, 1) + std::chrono::hours(12)), 0.5 / 90.0);
}

TEST(OkrSet, BuildsFlatIndicesAndSortsCheckIns) {
  auto o = seed::customers();
  o.key_results[0].check_ins = {ci(day(2, 1), 7.9), ci(day(1, 15), 7.7)};
  okr::okr_set s(seed::q1(), {o, child("team", {"O-customers"})});
  ASSERT_EQ(s.key_result_count(), 5u);
  EXPECT_EQ(s.kr_begin(1), 4u);
  EXPECT_EQ(s.objective_of(4), 1u);
  EXPECT_EQ(s.kr(2).id, "churn");
  EXPECT_EQ(s.kr(0).check_ins[0].value, 7.7);  // sorted by time
  EXPECT_EQ(s.find_objective("team"), 1u);
  EXPECT_EQ(s.find_key_result("repeat"), 3u);
  EXPECT_FALSE(s.find_key_result("nope"));
  ASSERT_EQ(s.children(0).size(), 1u);
  EXPECT_EQ(s.children(0)[0], 1u);
  ASSERT_EQ(s.topological_order().size(), 2u);
  EXPECT_EQ(s.topological_order()[0], 1u);
  EXPECT_EQ(s.topological_order()[1], 0u);
}

TEST(OkrSet, MissingBaselineTakesFirstCheckIn) {
  auto kr = seed::metric("k", 0, 10);
  kr.baseline.reset();
  kr.check_ins = {ci(day(2, 1), 4), ci(day(1, 10), 3)};
  okr::objective o;
  o.id = "o";
  o.key_results = {kr};
  okr::okr_set s(seed::q1(), {o});
  EXPECT_EQ(s.baseline(0), 3.0);
}

TEST(OkrSet, ThreeLevelTopologicalOrderPutsChildrenFirst) {
  okr::okr_set s(seed::q1(), {child("ind", {"team"}), child("company", {}), child("team", {"company"}),
                              child("ind2", {"team", "company"})});
  std::vector<int> pos(4);
  for (std::size_t i = 0; i < 4; ++i) pos[s.topological_order()[i]] = static_cast<int>(i);
  EXPECT_LT(pos[0], pos[2]);
  EXPECT_LT(pos[2], pos[1]);
  EXPECT_LT(pos[3], pos[2]);
  EXPECT_LT(pos[3], pos[1]);
}

TEST(OkrInvalid, TargetEqualsBaseline) {
  auto o = seed::customers();
  o.key_results[1].target = 30;
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/1/target", "'nps'", "target = 30", "baseline"});
}

TEST(OkrInvalid, TargetEqualsFirstCheckInWhenBaselineMissing) {
  auto o = seed::customers();
  o.key_results[0].baseline.reset();
  o.key_results[0].check_ins = {ci(day(1, 5), 8.5)};
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/0/target", "'csat'", "first check-in"});
}

TEST(OkrInvalid, MissingBaselineWithoutCheckIns) {
  auto o = seed::customers();
  o.key_results[2].baseline.reset();
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/2/baseline", "'churn'", "missing"});
}

TEST(OkrInvalid, NegativeKrWeight) {
  auto o = seed::customers();
  o.key_results[3].weight = -1;
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/3/weight", "'repeat'", "weight = -1"});
}

TEST(OkrInvalid, NegativeObjectiveWeight) {
  auto o = seed::customers();
  o.weight = -0.5;
  expect_invalid(seed::q1(), {o}, {"/objectives/0/weight", "'O-customers'", "weight = -0.5"});
}

TEST(OkrInvalid, AllZeroKrWeights) {
  auto o = seed::customers();
  for (auto& kr : o.key_results) kr.weight = 0;
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results", "'O-customers'", "all weights are zero"});
}

TEST(OkrInvalid, AllZeroChildWeights) {
  auto a = child("a", {"top"}), b = child("b", {"top"});
  a.weight = b.weight = 0;
  expect_invalid(seed::q1(), {child("top", {}), a, b}, {"/objectives/0", "'top'", "children are zero"});
}

TEST(OkrInvalid, AllZeroMilestoneWeights) {
  okr::key_result kr;
  kr.id = "ship";
  kr.kind = okr::kr_kind::milestones;
  kr.milestones = {{"design", 0, {}}, {"build", 0, {}}};
  okr::objective o;
  o.id = "o";
  o.key_results = {kr};
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/0/milestones", "'ship'", "zero"});
}

TEST(OkrInvalid, NegativeMilestoneWeight) {
  okr::key_result kr;
  kr.id = "ship";
  kr.kind = okr::kr_kind::milestones;
  kr.milestones = {{"design", 1, {}}, {"build", -2, {}}};
  okr::objective o;
  o.id = "o";
  o.key_results = {kr};
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/0/milestones/1/weight", "'ship'", "-2"});
}

TEST(OkrInvalid, EmptyMilestoneList) {
  okr::key_result kr;
  kr.id = "ship";
  kr.kind = okr::kr_kind::milestones;
  okr::objective o;
  o.id = "o";
  o.key_results = {kr};
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/0/milestones", "'ship'", "empty"});
}

TEST(OkrInvalid, UnknownParent) {
  expect_invalid(seed::q1(), {child("a", {}), child("b", {"a", "zz"})},
                 {"/objectives/1/parents/1", "'b'", "unknown objective 'zz'"});
}

TEST(OkrInvalid, SelfParent) {
  expect_invalid(seed::q1(), {child("a", {"a"})}, {"/objectives/0/parents/0", "'a'", "itself"});
}

TEST(OkrInvalid, CycleInAlignmentGraph) {
  expect_invalid(seed::q1(),
                 {child("root", {}), child("a", {"c"}), child("b", {"a"}), child("c", {"b", "root"})},
                 {"/parents", "cycle in the alignment graph", "'a'", "'b'", "'c'"});
}

TEST(OkrInvalid, DuplicateObjectiveId) {
  expect_invalid(seed::q1(), {child("a", {}), child("a", {})},
                 {"/objectives/1/id", "'a'", "duplicate of /objectives/0"});
}

TEST(OkrInvalid, DuplicateKeyResultId) {
  auto o = seed::customers();
  o.key_results[2].id = "csat";
  expect_invalid(seed::q1(), {o},
                 {"/objectives/0/key_results/2/id", "'csat'", "duplicate of /objectives/0/key_results/0"});
}

TEST(OkrInvalid, KeyResultIdClashesWithObjectiveId) {
  auto o = seed::customers();
  o.key_results[0].id = "O-customers";
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/0/id", "duplicate of /objectives/0"});
}

TEST(OkrInvalid, EmptyId) {
  auto o = seed::customers();
  o.key_results[1].id = "";
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/1/id", "empty"});
}

TEST(OkrInvalid, NonFiniteTarget) {
  auto o = seed::customers();
  o.key_results[0].target = std::numeric_limits<double>::infinity();
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/0/target", "'csat'", "inf", "finite"});
}

TEST(OkrInvalid, NonFiniteBaseline) {
  auto o = seed::customers();
  o.key_results[1].baseline = std::nan("");
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/1/baseline", "'nps'", "nan"});
}

TEST(OkrInvalid, NonFiniteWeight) {
  auto o = seed::customers();
  o.key_results[1].weight = std::nan("");
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/1/weight", "'nps'", "nan"});
}

TEST(OkrInvalid, NonFiniteThreshold) {
  auto o = seed::customers();
  o.key_results[1].kind = okr::kr_kind::guardrail;
  o.key_results[1].threshold = -std::numeric_limits<double>::infinity();
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/1/threshold", "'nps'", "-inf"});
}

TEST(OkrInvalid, NonFiniteCheckInValue) {
  auto o = seed::customers();
  o.key_results[0].check_ins = {ci(day(1, 10), 7.6), ci(day(1, 20), std::nan(""))};
  expect_invalid(seed::q1(), {o},
                 {"/objectives/0/key_results/0/check_ins/1/value", "'csat'", "check_ins[1].value = nan"});
}

TEST(OkrInvalid, ConfidenceAboveOne) {
  auto o = seed::customers();
  o.key_results[2].check_ins = {ci(day(1, 10), 4.5, 1.5)};
  expect_invalid(seed::q1(), {o},
                 {"/objectives/0/key_results/2/check_ins/0/confidence", "'churn'", "1.5", "[0, 1]"});
}

TEST(OkrInvalid, ConfidenceNegative) {
  auto o = seed::customers();
  o.key_results[2].check_ins = {ci(day(1, 10), 4.5, -0.1)};
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/2/check_ins/0/confidence", "-0.1"});
}

TEST(OkrInvalid, BinaryValueNotZeroOrOne) {
  okr::key_result kr;
  kr.id = "launch";
  kr.kind = okr::kr_kind::binary;
  kr.check_ins = {ci(day(1, 10), 0.5)};
  okr::objective o;
  o.id = "o";
  o.key_results = {kr};
  expect_invalid(seed::q1(), {o},
                 {"/objectives/0/key_results/0/check_ins/0/value", "'launch'", "0.5", "0 or 1"});
}

TEST(OkrInvalid, MilestoneCountOutOfRange) {
  okr::key_result kr;
  kr.id = "ship";
  kr.kind = okr::kr_kind::milestones;
  kr.milestones = {{"a", 1, {}}, {"b", 1, {}}};
  kr.check_ins = {ci(day(1, 10), 3)};
  okr::objective o;
  o.id = "o";
  o.key_results = {kr};
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results/0/check_ins/0/value", "'ship'", "= 3"});
}

TEST(OkrInvalid, ObjectiveWithoutKeyResultsOrChildren) {
  okr::objective o;
  o.id = "empty";
  expect_invalid(seed::q1(), {o}, {"/objectives/0/key_results", "'empty'"});
}

TEST(OkrInvalid, CycleEndBeforeStart) {
  auto q = seed::q1();
  std::swap(q.start, q.end);
  expect_invalid(q, {seed::customers()}, {"/cycle/end", "2026-Q1"});
}

TEST(OkrInvalid, DuplicateParent) {
  expect_invalid(seed::q1(), {child("a", {}), child("b", {"a", "a"})}, {"/objectives/1/parents/1", "twice"});
}
