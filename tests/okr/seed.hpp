// The seed key results, shared by the OKR tests.
#pragma once

#include <northstar/okr/okr_set.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace seed {

using namespace std::chrono;
namespace okr = northstar::okr;

inline okr::cycle q1() {
  return {"2026-Q1", sys_days{2026y / January / 1}, sys_days{2026y / March / 31}};
}

inline sys_seconds day(int m, int d) {
  return sys_seconds{sys_days{std::chrono::year{2026} / std::chrono::month(static_cast<unsigned>(m)) /
                              std::chrono::day(static_cast<unsigned>(d))}};
}

inline okr::key_result metric(std::string id, double b, double t, std::string unit = "points") {
  okr::key_result kr;
  kr.id = std::move(id);
  kr.title = kr.id;
  kr.kind = okr::kr_kind::metric;
  kr.unit = std::move(unit);
  kr.baseline = b;
  kr.target = t;
  return kr;
}

inline okr::check_in ci(sys_seconds at, double v, std::optional<double> conf = std::nullopt) {
  return {at, v, conf, ""};
}

// CSAT 7.5 -> 8.5, NPS 30 -> 50, churn 5% -> 3%, repeat purchase 60% -> 75%.
inline okr::objective customers() {
  okr::objective o;
  o.id = "O-customers";
  o.title = "Customers love us";
  o.owner = "cx";
  o.level = okr::objective_level::company;
  o.key_results = {metric("csat", 7.5, 8.5), metric("nps", 30, 50), metric("churn", 5, 3, "%"),
                   metric("repeat", 60, 75, "%")};
  return o;
}

}  // namespace seed
