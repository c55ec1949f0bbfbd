// JSON in and out: the shipped example, round trips, and every malformed case
// with the JSON path of the fault in the message.
#include <northstar/core/error.hpp>
#include <northstar/okr/json.hpp>

#include <gtest/gtest.h>

#include "support.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "seed.hpp"

namespace okr = northstar::okr;
using northstar::errc;

using northstar_test::expect_error_containing;

namespace {

const std::string example = NORTHSTAR_SOURCE_DIR "/examples/data/okrs.json";

// A small valid document with three objectives; `kr2` is spliced in as the KR of the third.
std::string doc(const std::string& kr2 = R"({"id": "k2", "kind": "metric", "baseline": 5, "target": 3})",
                const std::string& cycle = R"({"name": "Q", "start": "2026-01-01", "end": "2026-03-31"})") {
  return R"({"cycle": )" + cycle + R"(, "objectives": [
    {"id": "a", "key_results": [{"id": "k0", "kind": "binary"}]},
    {"id": "b", "parents": ["a"], "key_results": [{"id": "k1", "kind": "metric", "baseline": 0, "target": 1}]},
    {"id": "c", "parents": ["b"], "key_results": [)" +
         kr2 + "]}]}";
}

// Expects read_json(text) to throw `code` with every one of `parts` in the message.
void expect_read_error(const std::string& text, errc code, std::initializer_list<std::string> parts) {
  SCOPED_TRACE(text);
  expect_error_containing([&] { (void)okr::read_json(text); }, code, parts);
}

}  // namespace

TEST(OkrJson, ReadsShippedExample) {
  const auto s = okr::load_json(example);
  EXPECT_EQ(s.cycle().name, "2026-Q1");
  ASSERT_EQ(s.objectives().size(), 4u);
  EXPECT_EQ(s.key_result_count(), 10u);
  const auto& churn = s.kr(*s.find_key_result("churn"));
  EXPECT_EQ(churn.unit, "%");
  EXPECT_EQ(*churn.baseline, 5.0);
  EXPECT_EQ(churn.target, 3.0);
  EXPECT_EQ(churn.weight, 2.0);
  EXPECT_EQ(churn.check_ins.size(), 3u);
  EXPECT_EQ(*churn.check_ins[2].confidence, 0.8);
  const auto& fr = s.kr(*s.find_key_result("first-response"));
  EXPECT_EQ(fr.kind, okr::kr_kind::guardrail);
  EXPECT_EQ(fr.bound, okr::guardrail_bound::at_or_below);
  const auto& hc = s.kr(*s.find_key_result("help-center"));
  ASSERT_EQ(hc.milestones.size(), 3u);
  EXPECT_EQ(*hc.milestones[1].due, std::chrono::sys_days{std::chrono::year{2026} / 2 / 28});
  EXPECT_EQ(s.objectives()[2].type, okr::objective_type::aspirational);
  EXPECT_EQ(s.objectives()[3].level, okr::objective_level::individual);
  EXPECT_EQ(s.parents(3)[0], 1u);
  // the seed at mid-cycle: CSAT 8.0 is 0.5 of the way from 7.5 to 8.5
  okr::evaluation_options o;
  o.as_of = seed::day(2, 15);
  const auto ev = okr::evaluate(s, o);
  EXPECT_DOUBLE_EQ(ev.key_results[0].p_raw, 0.5);
  EXPECT_DOUBLE_EQ(ev.key_results[2].p_raw, 0.5);  // churn 4.0
}

TEST(OkrJson, RoundTripIsEqual) {
  const auto a = okr::load_json(example);
  const std::string text = okr::write_json(a);
  const auto b = okr::read_json(text);
  EXPECT_TRUE(a == b);
  EXPECT_EQ(okr::write_json(b), text);
  EXPECT_TRUE(okr::read_json(okr::write_json(a, -1)) == a);
}

TEST(OkrJson, RoundTripKeepsTimesNotesAndOptionalFields) {
  auto o = seed::customers();
  o.type = okr::objective_type::aspirational;
  o.weight = 0.25;
  o.key_results[0].tag = okr::kr_tag::input;
  o.key_results[0].baseline.reset();
  o.key_results[0].check_ins = {
      {seed::day(1, 3) + std::chrono::hours(13) + std::chrono::seconds(7), 7.4, 0.35, "n\"ote ü"},
      {seed::day(1, 20), 0.1 + 0.2, std::nullopt, ""}};
  okr::key_result g;
  g.id = "g";
  g.kind = okr::kr_kind::guardrail;
  g.threshold = -1.5e-7;
  g.strict = true;
  okr::key_result m;
  m.id = "m";
  m.kind = okr::kr_kind::milestones;
  m.milestones = {{"x", 0.5, std::nullopt}, {"y", 2, std::chrono::sys_days{std::chrono::year{2026} / 2 / 1}}};
  o.key_results.push_back(g);
  o.key_results.push_back(m);
  const okr::okr_set a(seed::q1(), {o});
  const auto b = okr::read_json(okr::write_json(a));
  EXPECT_TRUE(a == b);
  EXPECT_EQ(b.kr(0).check_ins[1].value, 0.1 + 0.2);  // shortest round-trip doubles
  EXPECT_FALSE(b.kr(0).baseline.has_value());
}

TEST(OkrJson, ReportNamesEveryObjectiveAndKr) {
  const auto s = okr::load_json(example);
  okr::evaluation_options o;
  o.as_of = seed::day(2, 15);
  const auto ev = okr::evaluate(s, o);
  const std::string r = okr::write_report_json(s, ev, o);
  for (const char* id :
       {"\"C1\"", "\"csat\"", "\"first-response\"", "\"I-ana\"", "\"forecast\"", "\"shortfall\""})
    EXPECT_NE(r.find(id), std::string::npos) << id;
  EXPECT_EQ(r.find("nan"), std::string::npos);
  EXPECT_THROW((void)okr::write_report_json(s, okr::evaluation{}, o), northstar::error);
}

TEST(OkrJson, BaseDocumentIsValid) {
  EXPECT_EQ(okr::read_json(doc()).key_result_count(), 3u);
}

TEST(OkrJsonMalformed, SyntaxError) {
  expect_read_error(doc() + ",", errc::parse_error, {"okr json", "byte", "malformed"});
}

TEST(OkrJsonMalformed, EmptyText) {
  expect_read_error("", errc::parse_error, {"malformed"});
}

TEST(OkrJsonMalformed, RootNotObject) {
  expect_read_error("[1, 2]", errc::parse_error, {"/: expected an object, got array"});
}

TEST(OkrJsonMalformed, TargetIsString) {
  expect_read_error(doc(R"({"id": "k2", "kind": "metric", "baseline": 5, "target": "3"})"), errc::parse_error,
                    {"/objectives/2/key_results/0/target: expected a number, got string \"3\""});
}

TEST(OkrJsonMalformed, TargetEqualsBaseline) {
  expect_read_error(doc(R"({"id": "k2", "kind": "metric", "baseline": 3, "target": 3})"), errc::invalid_model,
                    {"/objectives/2/key_results/0/target", "'k2'", "target = 3"});
}

TEST(OkrJsonMalformed, MissingTarget) {
  expect_read_error(doc(R"({"id": "k2", "kind": "metric", "baseline": 5})"), errc::parse_error,
                    {"/objectives/2/key_results/0/target: missing required field 'target'"});
}

TEST(OkrJsonMalformed, MissingId) {
  expect_read_error(doc(R"({"kind": "binary"})"), errc::parse_error,
                    {"/objectives/2/key_results/0/id: missing"});
}

TEST(OkrJsonMalformed, MissingKind) {
  expect_read_error(doc(R"({"id": "k2"})"), errc::parse_error, {"/objectives/2/key_results/0/kind: missing"});
}

TEST(OkrJsonMalformed, UnknownKind) {
  expect_read_error(
      doc(R"({"id": "k2", "kind": "okr"})"), errc::parse_error,
      {"/objectives/2/key_results/0/kind: 'okr' is not one of metric, guardrail, binary, milestones"});
}

TEST(OkrJsonMalformed, UnknownField) {
  expect_read_error(doc(R"({"id": "k2", "kind": "binary", "colour": "red"})"), errc::parse_error,
                    {"/objectives/2/key_results/0/colour: unknown field"});
}

TEST(OkrJsonMalformed, FieldOfAnotherKind) {
  expect_read_error(doc(R"({"id": "k2", "kind": "metric", "baseline": 1, "target": 2, "threshold": 3})"),
                    errc::parse_error, {"/objectives/2/key_results/0/threshold: unknown field"});
}

TEST(OkrJsonMalformed, WeightIsBoolean) {
  expect_read_error(doc(R"({"id": "k2", "kind": "binary", "weight": true})"), errc::parse_error,
                    {"/objectives/2/key_results/0/weight: expected a number, got boolean true"});
}

TEST(OkrJsonMalformed, NegativeWeight) {
  expect_read_error(doc(R"({"id": "k2", "kind": "binary", "weight": -2})"), errc::invalid_model,
                    {"/objectives/2/key_results/0/weight", "weight = -2"});
}

TEST(OkrJsonMalformed, NumberOutOfRange) {
  expect_read_error(doc(R"({"id": "k2", "kind": "metric", "baseline": 1e999, "target": 3})"),
                    errc::parse_error,
                    {"malformed JSON", "1e999"});  // nlohmann/json reports no position for overflow
}

TEST(OkrJsonMalformed, BadCycleDate) {
  expect_read_error(
      doc(R"({"id": "k2", "kind": "binary"})", R"({"start": "2026-01-01", "end": "2026-02-30"})"),
      errc::parse_error, {"/cycle/end: '2026-02-30' is not a date"});
}

TEST(OkrJsonMalformed, MissingCycleStart) {
  expect_read_error(doc(R"({"id": "k2", "kind": "binary"})", R"({"end": "2026-03-31"})"), errc::parse_error,
                    {"/cycle/start: missing"});
}

TEST(OkrJsonMalformed, CycleEndBeforeStart) {
  expect_read_error(
      doc(R"({"id": "k2", "kind": "binary"})", R"({"start": "2026-03-31", "end": "2026-01-01"})"),
      errc::invalid_model, {"/cycle/end"});
}

TEST(OkrJsonMalformed, BadCheckInTime) {
  expect_read_error(doc(R"({"id": "k2", "kind": "binary", "check_ins": [{"at": "2026-01-05", "value": 0},
                                                                    {"at": "2026-01-05 10:00", "value": 1}]})"),
                    errc::parse_error,
                    {"/objectives/2/key_results/0/check_ins/1/at: '2026-01-05 10:00' is not a date"});
}

TEST(OkrJsonMalformed, CheckInMissingValue) {
  expect_read_error(doc(R"({"id": "k2", "kind": "binary", "check_ins": [{"at": "2026-01-05"}]})"),
                    errc::parse_error, {"/objectives/2/key_results/0/check_ins/0/value: missing"});
}

TEST(OkrJsonMalformed, ConfidenceOutOfRange) {
  expect_read_error(doc(R"({"id": "k2", "kind": "binary", "check_ins": [{"at": "2026-01-05", "value": 1,
                                                                    "confidence": 1.2}]})"),
                    errc::invalid_model, {"/objectives/2/key_results/0/check_ins/0/confidence", "1.2"});
}

TEST(OkrJsonMalformed, CheckInsNotArray) {
  expect_read_error(doc(R"({"id": "k2", "kind": "binary", "check_ins": {}})"), errc::parse_error,
                    {"/objectives/2/key_results/0/check_ins: expected an array, got object"});
}

TEST(OkrJsonMalformed, KeyResultNotObject) {
  expect_read_error(doc(R"(42)"), errc::parse_error,
                    {"/objectives/2/key_results/0: expected an object, got number 42"});
}

TEST(OkrJsonMalformed, ParentNotString) {
  expect_read_error(R"({"cycle": {"start": "2026-01-01", "end": "2026-03-31"},
                  "objectives": [{"id": "a", "parents": [7], "key_results": [{"id": "k", "kind": "binary"}]}]})",
                    errc::parse_error, {"/objectives/0/parents/0: expected a string, got number 7"});
}

TEST(OkrJsonMalformed, UnknownParent) {
  expect_read_error(R"({"cycle": {"start": "2026-01-01", "end": "2026-03-31"},
                  "objectives": [{"id": "a", "parents": ["zz"], "key_results": [{"id": "k", "kind": "binary"}]}]})",
                    errc::invalid_model, {"/objectives/0/parents/0", "unknown objective 'zz'"});
}

TEST(OkrJsonMalformed, AlignmentCycle) {
  expect_read_error(R"({"cycle": {"start": "2026-01-01", "end": "2026-03-31"}, "objectives": [
                   {"id": "a", "parents": ["b"], "key_results": [{"id": "k", "kind": "binary"}]},
                   {"id": "b", "parents": ["a"], "key_results": [{"id": "l", "kind": "binary"}]}]})",
                    errc::invalid_model, {"/parents", "cycle in the alignment graph"});
}

TEST(OkrJsonMalformed, DuplicateId) {
  expect_read_error(doc(R"({"id": "k1", "kind": "binary"})"), errc::invalid_model,
                    {"/objectives/2/key_results/0/id", "duplicate of /objectives/1/key_results/0"});
}

TEST(OkrJsonMalformed, BadEnumLevel) {
  expect_read_error(R"({"cycle": {"start": "2026-01-01", "end": "2026-03-31"},
                  "objectives": [{"id": "a", "level": "division", "key_results": [{"id": "k", "kind": "binary"}]}]})",
                    errc::parse_error,
                    {"/objectives/0/level: 'division' is not one of company, team, individual"});
}

TEST(OkrJsonMalformed, BadGuardrailBound) {
  expect_read_error(doc(R"({"id": "k2", "kind": "guardrail", "threshold": 1, "bound": "above"})"),
                    errc::parse_error,
                    {"/objectives/2/key_results/0/bound: 'above' is not one of at_or_above, at_or_below"});
}

TEST(OkrJsonMalformed, MilestoneBadDue) {
  expect_read_error(
      doc(R"({"id": "k2", "kind": "milestones", "milestones": [{"title": "x", "due": "soon"}]})"),
      errc::parse_error, {"/objectives/2/key_results/0/milestones/0/due: 'soon' is not a date"});
}

TEST(OkrJsonMalformed, MissingFileIsIoError) {
  try {
    (void)okr::load_json("/nonexistent/okrs.json");
    FAIL();
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), errc::io_error);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/okrs.json"), std::string::npos);
  }
}

TEST(OkrJsonMalformed, StreamInput) {
  std::istringstream in(doc());
  EXPECT_EQ(okr::read_json(in).objectives().size(), 3u);
}

TEST(OkrJson, DocumentationExampleParsesAndScoresHalfAtMidCycle) {
  std::ifstream in(NORTHSTAR_SOURCE_DIR "/docs/okr_json.md");
  ASSERT_TRUE(in);
  std::string md{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto begin = md.find("```json\n");
  ASSERT_NE(begin, std::string::npos);
  const auto end = md.find("```", begin + 8);
  const auto s = okr::read_json(md.substr(begin + 8, end - begin - 8));
  ASSERT_EQ(s.key_result_count(), 7u);
  okr::evaluation_options o;
  o.as_of = seed::day(2, 15);
  const auto ev = okr::evaluate(s, o);
  for (std::size_t k = 0; k < 4; ++k) EXPECT_DOUBLE_EQ(ev.key_results[k].p_raw, 0.5) << s.kr(k).id;
  EXPECT_DOUBLE_EQ(ev.objectives[0].score, 0.5);
}

TEST(OkrDocs, OkrPageShowsTheQuickstartVerbatim) {
  const auto slurp = [](const char* path) {
    std::ifstream in(path);
    return std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  };
  const std::string md = slurp(NORTHSTAR_SOURCE_DIR "/docs/okr.md");
  const std::string code = slurp(NORTHSTAR_SOURCE_DIR "/examples/okr_quickstart.cpp");
  ASSERT_FALSE(code.empty());
  const auto begin = md.find("```cpp\n");
  ASSERT_NE(begin, std::string::npos);
  EXPECT_EQ(md.substr(begin + 7, code.size()), code);
}

TEST(OkrJsonMalformed, EveryTruncationIsAParseError) {
  std::ifstream in(example);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  ASSERT_GT(text.size(), 1000u);
  for (std::size_t n = 0; n + 2 < text.size(); n += 7) {  // the file ends with "}\n"
    try {
      (void)okr::read_json(std::string_view(text).substr(0, n));
      ADD_FAILURE() << "no throw at length " << n;
    } catch (const northstar::error& e) {
      EXPECT_EQ(e.code(), errc::parse_error) << n;
    }
  }
}

TEST(OkrJsonMalformed, ByteMutationsGiveAModelOrANorthstarError) {
  std::ifstream in(example);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::uint64_t state = 12345;
  const auto next = [&] {  // splitmix64, a fixed sequence
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  const char alphabet[] = "{}[]\",:-0123456789.eE tfn\\x";
  int models = 0, errors = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::string t = text;
    for (int m = 0; m < 3; ++m) t[next() % t.size()] = alphabet[next() % (sizeof alphabet - 1)];
    try {
      (void)okr::read_json(t);
      ++models;
    } catch (const northstar::error& e) {
      EXPECT_TRUE(e.code() == errc::parse_error || e.code() == errc::invalid_model) << e.what();
      ++errors;
    }
  }
  EXPECT_GT(errors, 0);
  EXPECT_EQ(models + errors, 400);
}

TEST(OkrJsonMalformed, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THROW((void)okr::read_json(deep), northstar::error);
  const std::string deep_in_field = R"({"cycle": )" + deep + "}";
  EXPECT_THROW((void)okr::read_json(deep_in_field), northstar::error);
}

TEST(OkrJsonMalformed, LoadJsonNamesTheFile) {
  const auto path = std::filesystem::temp_directory_path() / "northstar_okr_bad.json";
  {
    std::ofstream out(path);
    out << doc(R"({"id": "k2", "kind": "metric", "baseline": 5, "target": "x"})");
  }
  try {
    (void)okr::load_json(path);
    FAIL();
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), errc::parse_error);
    EXPECT_NE(std::string(e.what()).find(path.string() + ": okr json: /objectives/2/key_results/0/target"),
              std::string::npos)
        << e.what();
  }
  std::filesystem::remove(path);
}

TEST(OkrJsonMalformed, UnknownFieldPathIsEscaped) {
  expect_read_error(doc(R"({"id": "k2", "kind": "binary", "a/b~c": 1})"), errc::parse_error,
                    {"/objectives/2/key_results/0/a~1b~0c: unknown field 'a/b~c'"});
}

// Text that is not UTF-8 can only come from objects built in C++ (read_json
// rejects it): writing it is an invalid_argument naming the JSON path, not a
// foreign exception and not a silent replacement.
TEST(OkrJsonWrite, NonUtf8TitleIsAnErrorNamingItsPath) {
  const auto a = okr::load_json(example);
  std::vector<okr::objective> objs(a.objectives().begin(), a.objectives().end());
  ASSERT_FALSE(objs.empty());
  ASSERT_FALSE(objs[0].key_results.empty());
  for (const std::string& bad : {std::string("Caf\xE9"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
                                 std::string("ok \xF4\x90\x80\x80"), std::string("cut \xE2\x82")}) {
    auto o = objs;
    o[0].key_results[0].title = bad;
    const okr::okr_set s(a.cycle(), o);
    try {
      (void)okr::write_json(s);
      FAIL() << "no throw";
    } catch (const northstar::error& e) {
      EXPECT_EQ(e.code(), errc::invalid_argument);
      EXPECT_NE(std::string(e.what()).find("/objectives/0/key_results/0/title"), std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("UTF-8"), std::string::npos) << e.what();
    }
  }
  // Valid multi-byte text (2, 3 and 4 bytes) is written and read back unchanged.
  auto o = objs;
  o[0].title = "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\x80";
  const okr::okr_set s(a.cycle(), o);
  EXPECT_TRUE(okr::read_json(okr::write_json(s)) == s);
}
