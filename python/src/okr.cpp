// northstar.okr: OKR sets as JSON text in, the evaluation report as JSON text
// out (docs/okr_json.md). Errors are northstar.Error whose message carries the
// JSON path of the fault; the Python layer (northstar/okr.py) adds dict input
// and output and a .json_path attribute.
#include "arrays.hpp"
#include "bindings.hpp"

#include <northstar/okr/json.hpp>

#include <chrono>
#include <string>

namespace northstar_python {
namespace {

namespace okr = northstar::okr;

[[noreturn]] void bad_option(const std::string& name, const std::string& value, const char* allowed) {
  throw northstar::error(northstar::errc::invalid_argument,
                         "okr.evaluate_json: " + name + " = '" + value + "': must be " + allowed);
}

/// "YYYY-MM-DD" (00:00 UTC) or "YYYY-MM-DDTHH:MM:SSZ" (UTC), as in the JSON format.
std::chrono::sys_seconds parse_instant(const std::string& text) {
  const auto bad = [&text]() {
    throw northstar::error(
        northstar::errc::invalid_argument,
        "okr.evaluate_json: as_of = '" + text + "': expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
  };
  if (text.size() != 10 && text.size() != 20) bad();
  std::int64_t day = 0;
  try {
    day = northstar::clv::parse_date(text.substr(0, 10), "%Y-%m-%d", "okr.evaluate_json: as_of");
  } catch (const northstar::error&) {
    bad();
  }
  long seconds = 0;
  if (text.size() == 20) {
    if (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') bad();
    int v[3] = {0, 0, 0};
    for (int k = 0; k < 3; ++k) {
      const char a = text[static_cast<std::size_t>(11 + 3 * k)],
                 b = text[static_cast<std::size_t>(12 + 3 * k)];
      if (a < '0' || a > '9' || b < '0' || b > '9') bad();
      v[k] = (a - '0') * 10 + (b - '0');
    }
    if (v[0] > 23 || v[1] > 59 || v[2] > 59) bad();
    seconds = v[0] * 3600L + v[1] * 60L + v[2];
  }
  return std::chrono::sys_seconds{std::chrono::seconds{day * 86400 + seconds}};
}

std::string evaluate_json(const std::string& text, const std::string& as_of, const std::string& policy,
                          double cap, const std::string& aggregate, const std::string& rollup,
                          const std::string& pace, const std::string& objective_status,
                          const std::string& grades, bool milestone_dates, double committed,
                          double aspirational, double green, double interval, unsigned threads, int indent) {
  okr::evaluation_options o;
  o.as_of = parse_instant(as_of);
  if (policy == "clamp_unit")
    o.policy = okr::progress_policy::clamp_unit;
  else if (policy == "floor_zero")
    o.policy = okr::progress_policy::floor_zero;
  else if (policy == "clamp_cap")
    o.policy = okr::progress_policy::clamp_cap;
  else
    bad_option("policy", policy, "'clamp_unit', 'floor_zero' or 'clamp_cap'");
  o.cap = cap;
  if (aggregate == "weighted_mean")
    o.aggregate = okr::aggregation::weighted_mean;
  else if (aggregate == "min")
    o.aggregate = okr::aggregation::min;
  else
    bad_option("aggregate", aggregate, "'weighted_mean' or 'min'");
  if (rollup == "own")
    o.rollup = okr::rollup_mode::own;
  else if (rollup == "children")
    o.rollup = okr::rollup_mode::children;
  else if (rollup == "pooled")
    o.rollup = okr::rollup_mode::pooled;
  else
    bad_option("rollup", rollup, "'own', 'children' or 'pooled'");
  if (pace == "difference")
    o.pace = okr::pace_rule::difference();
  else if (pace == "ratio")
    o.pace = okr::pace_rule::ratio();
  else
    bad_option("pace", pace, "'difference' or 'ratio'");
  if (objective_status == "worst_kr")
    o.objective_status = okr::objective_status_rule::worst_kr;
  else if (objective_status == "weighted_pace")
    o.objective_status = okr::objective_status_rule::weighted_pace;
  else
    bad_option("objective_status", objective_status, "'worst_kr' or 'weighted_pace'");
  if (grades == "google")
    o.grades = okr::grade_scale::google();
  else if (grades == "expected_target_outstanding")
    o.grades = okr::grade_scale::expected_target_outstanding();
  else if (grades == "realistic_challenging_ambitious")
    o.grades = okr::grade_scale::realistic_challenging_ambitious();
  else
    bad_option("grades", grades,
               "'google', 'expected_target_outstanding' or 'realistic_challenging_ambitious'");
  o.milestone_dates = milestone_dates;
  o.committed_expectation = committed;
  o.aspirational_expectation = aspirational;
  o.green_threshold = green;
  o.interval_level = interval;
  o.threads = northstar::thread_count{threads};
  py::gil_scoped_release release;
  const okr::okr_set set = okr::read_json(text);
  const okr::evaluation ev = okr::evaluate(set, o);
  return okr::write_report_json(set, ev, o, indent);
}

}  // namespace

void bind_okr(py::module_& m) {
  m.def(
      "evaluate_json", &evaluate_json, py::arg("text"), py::kw_only(), py::arg("as_of"),
      py::arg("policy") = "clamp_unit", py::arg("cap") = 1.3, py::arg("aggregate") = "weighted_mean",
      py::arg("rollup") = "own", py::arg("pace") = "difference", py::arg("objective_status") = "worst_kr",
      py::arg("grades") = "google", py::arg("milestone_dates") = true, py::arg("committed_expectation") = 1.0,
      py::arg("aspirational_expectation") = 0.7, py::arg("green_threshold") = 0.7,
      py::arg("interval_level") = 0.9, py::arg("threads") = 0u, py::arg("indent") = -1,
      "evaluate_json(text, *, as_of, policy='clamp_unit', cap=1.3, aggregate='weighted_mean', rollup='own', "
      "pace='difference', objective_status='worst_kr', grades='google', milestone_dates=True, "
      "committed_expectation=1.0, aspirational_expectation=0.7, green_threshold=0.7, interval_level=0.9, "
      "threads=0, indent=-1) -> str\n\nReads an OKR set from JSON text (docs/okr_json.md), evaluates it at "
      "as_of ('YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ', UTC) and returns the report as JSON text. A fault in "
      "the "
      "input raises northstar.Error whose message names its JSON path. The GIL is released.");
  m.def(
      "normalize_json",
      [](const std::string& text, int indent) {
        py::gil_scoped_release release;
        return okr::write_json(okr::read_json(text), indent);
      },
      py::arg("text"), py::arg("indent") = 2,
      "normalize_json(text, indent=2) -> str: reads and validates an OKR set and writes it back in canonical "
      "form (every default spelled out).");
}

}  // namespace northstar_python
