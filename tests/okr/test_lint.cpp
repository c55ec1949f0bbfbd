// Lint findings: each check fires on a case made for it, and a clean set has none.
#include <northstar/okr/json.hpp>
#include <northstar/okr/lint.hpp>

#include <gtest/gtest.h>

#include <algorithm>

#include "seed.hpp"

namespace okr = northstar::okr;
using seed::ci;
using seed::day;

namespace {

bool has(const std::vector<okr::finding>& fs, const std::string& check, const std::string& id,
         okr::severity sev = okr::severity::warning) {
  return std::any_of(fs.begin(), fs.end(), [&](const okr::finding& f) {
    return f.check == check && f.id == id && f.severity == sev;
  });
}

// Three objectives for one owner, three KRs each, all well formed.
std::vector<okr::objective> clean() {
  std::vector<okr::objective> objs;
  for (int i = 0; i < 3; ++i) {
    okr::objective o;
    o.id = "o" + std::to_string(i);
    o.owner = "ana";
    for (int k = 0; k < 3; ++k) {
      auto kr = seed::metric(o.id + "k" + std::to_string(k), 0, 10);
      kr.check_ins = {ci(day(1, 10), 1)};
      o.key_results.push_back(kr);
    }
    objs.push_back(o);
  }
  return objs;
}

}  // namespace

TEST(OkrLint, CleanSetHasNoFindings) {
  EXPECT_TRUE(okr::lint(okr::okr_set(seed::q1(), clean())).empty());
}

TEST(OkrLint, ObjectivesPerOwner) {
  auto objs = clean();
  objs[2].owner = "bob";
  const auto fs = okr::lint(okr::okr_set(seed::q1(), objs));
  EXPECT_TRUE(has(fs, "objectives_per_owner", "ana"));
  EXPECT_TRUE(has(fs, "objectives_per_owner", "bob"));
  okr::lint_options o;
  o.min_objectives_per_owner = 1;
  EXPECT_TRUE(okr::lint(okr::okr_set(seed::q1(), objs), o).empty());
}

TEST(OkrLint, KrsPerObjective) {
  auto objs = clean();
  objs[0].key_results.pop_back();
  for (int k = 3; k < 6; ++k) objs[1].key_results.push_back(seed::metric("extra" + std::to_string(k), 0, 1));
  const auto fs = okr::lint(okr::okr_set(seed::q1(), objs));
  EXPECT_TRUE(has(fs, "krs_per_objective", "o0"));
  EXPECT_TRUE(has(fs, "krs_per_objective", "o1"));  // 6 > 5
  EXPECT_FALSE(has(fs, "krs_per_objective", "o2"));
}

TEST(OkrLint, MetricWithoutUnitOrBaseline) {
  auto objs = clean();
  objs[0].key_results[0].unit.clear();
  objs[0].key_results[1].baseline.reset();
  const auto fs = okr::lint(okr::okr_set(seed::q1(), objs));
  EXPECT_TRUE(has(fs, "metric_without_unit", "o0k0"));
  EXPECT_TRUE(has(fs, "metric_without_baseline", "o0k1"));
  EXPECT_EQ(fs.size(), 2u);
}

TEST(OkrLint, BinaryThatReadsAsTask) {
  auto objs = clean();
  okr::key_result a, b, c;
  a.id = "a";
  a.kind = b.kind = c.kind = okr::kr_kind::binary;
  a.title = "Launch the loyalty programme";
  b.id = "b";
  b.title = "Loyalty members buy again";  // an outcome, untagged
  c.id = "c";
  c.title = "Loyalty programme live";
  c.tag = okr::kr_tag::output;
  objs[0].key_results = {a, b, c};
  const auto fs = okr::lint(okr::okr_set(seed::q1(), objs));
  EXPECT_TRUE(has(fs, "binary_task", "a"));
  EXPECT_FALSE(has(fs, "binary_task", "b"));
  EXPECT_TRUE(has(fs, "binary_task", "c"));
}

TEST(OkrLint, CheckInsOutsideTheCycle) {
  auto objs = clean();
  objs[0].key_results[0].check_ins.push_back(ci(day(4, 1), 5));  // the close itself is outside
  objs[0].key_results[1].check_ins.push_back(ci(day(1, 1) - std::chrono::seconds(1), 0.5));
  const auto fs = okr::lint(okr::okr_set(seed::q1(), objs));
  EXPECT_TRUE(has(fs, "check_in_after_cycle", "o0k0"));
  EXPECT_TRUE(has(fs, "check_in_before_cycle", "o0k1", okr::severity::info));
  EXPECT_EQ(fs.size(), 2u);
}

TEST(OkrLint, SandbaggingFromPreCycleTrend) {
  auto objs = clean();
  objs[0].type = okr::objective_type::aspirational;
  auto& kr = objs[0].key_results[0];  // 0 -> 10
  // 0.05 per day before the cycle: at day -40 value 4, day -20 value 5: at day 90, 10.5 >= 10
  kr.check_ins = {ci(day(1, 1) - std::chrono::days(40), 4), ci(day(1, 1) - std::chrono::days(20), 5)};
  auto slow = objs;
  slow[0].key_results[0].check_ins[1].value = 4.5;  // 0.025 per day: 7.75 at the close
  const auto fs = okr::lint(okr::okr_set(seed::q1(), objs));
  EXPECT_TRUE(has(fs, "sandbagging", "o0k0"));
  EXPECT_FALSE(has(okr::lint(okr::okr_set(seed::q1(), slow)), "sandbagging", "o0k0"));
  objs[0].type = okr::objective_type::committed;  // only aspirational targets are checked
  EXPECT_FALSE(has(okr::lint(okr::okr_set(seed::q1(), objs)), "sandbagging", "o0k0"));
}

TEST(OkrLint, ShippedExample) {
  const auto fs = okr::lint(okr::load_json(NORTHSTAR_SOURCE_DIR "/examples/data/okrs.json"));
  EXPECT_TRUE(has(fs, "sandbagging", "conversion"));
  EXPECT_TRUE(has(fs, "metric_without_unit", "basket"));
  EXPECT_TRUE(has(fs, "binary_task", "hire-agents"));
  EXPECT_TRUE(has(fs, "check_in_after_cycle", "first-contact"));
  EXPECT_TRUE(has(fs, "krs_per_objective", "I-ana"));
}
