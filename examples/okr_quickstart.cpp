// The seed key results in code: build, evaluate at mid-cycle, grade, save as JSON.
#include <northstar/northstar.hpp>

#include <cstdio>

int main() {
  namespace okr = northstar::okr;
  using namespace std::chrono;

  const okr::cycle q1{"2026-Q1", sys_days{2026y / January / 1}, sys_days{2026y / March / 31}};
  const auto on = [](year_month_day d) { return sys_seconds{sys_days{d}}; };
  const auto metric = [&](const char* id, double baseline, double target, const char* unit, double now) {
    okr::key_result kr;
    kr.id = id;
    kr.kind = okr::kr_kind::metric;
    kr.unit = unit;
    kr.baseline = baseline;
    kr.target = target;
    kr.check_ins = {{on(2026y / February / 14), now, 0.7, ""}};
    return kr;
  };

  okr::objective customers;
  customers.id = "C1";
  customers.title = "Customers love us and stay";
  customers.level = okr::objective_level::company;
  customers.key_results = {metric("csat", 7.5, 8.5, "points", 8.0), metric("nps", 30, 50, "points", 40),
                           metric("churn", 5, 3, "%", 4.0), metric("repeat", 60, 75, "%", 67.5)};
  const okr::okr_set set(q1, {customers});  // validated here: throws northstar::error on a bad model

  okr::evaluation_options options;  // every convention has a documented default
  options.as_of = on(2026y / February / 15);
  const okr::evaluation ev = okr::evaluate(set, options);

  for (std::size_t k = 0; k < set.key_result_count(); ++k)
    std::printf("%-7s progress %.2f  expected %.2f  %s\n", set.kr(k).id.c_str(), ev.key_results[k].progress,
                ev.key_results[k].expected, std::string(okr::to_string(ev.key_results[k].status)).c_str());
  const okr::objective_evaluation& c1 = ev.objectives[0];
  std::printf("C1 score %.2f, grade %s\n", c1.score, options.grades.bands[c1.grade].label.c_str());

  const std::string json = okr::write_json(set);
  return okr::read_json(json) == set ? 0 : 1;  // round trip
}
