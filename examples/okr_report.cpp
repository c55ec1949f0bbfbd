// okr_report: loads an OKR JSON file and prints a readable quarter report:
// scores, grades, status, forecasts with prediction intervals, shortfall, lint findings.
//
//   okr_report [file.json] [as-of YYYY-MM-DD]
//   (defaults: examples/data/okrs.json, 2026-02-15)
#include <northstar/northstar.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>

namespace okr = northstar::okr;

namespace {

std::string num(double v, const char* fmt = "%.2f") {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string pct(double v) {
  return std::isnan(v) ? "-" : num(100 * v, "%.0f%%");
}

std::string day_string(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd{d};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

int main(int argc, char** argv) try {
  const std::string file = argc > 1 ? argv[1] : "examples/data/okrs.json";
  int y = 2026;
  unsigned m = 2, d = 15;
  if (argc > 2 && std::sscanf(argv[2], "%d-%u-%u", &y, &m, &d) != 3) {
    std::fprintf(stderr, "usage: okr_report [file.json] [as-of YYYY-MM-DD]\n");
    return 2;
  }
  const std::chrono::year_month_day as_of_day{std::chrono::year{y}, std::chrono::month{m},
                                              std::chrono::day{d}};
  if (!as_of_day.ok()) {
    std::fprintf(stderr, "okr_report: '%s' is not a date\n", argv[2]);
    return 2;
  }

  const okr::okr_set set = okr::load_json(file);
  okr::evaluation_options opt;  // every convention at its documented default
  opt.as_of = std::chrono::sys_seconds{std::chrono::sys_days{as_of_day}};
  const okr::evaluation ev = okr::evaluate(set, opt);

  const auto& c = set.cycle();
  std::printf("OKR report %s (%s .. %s), as of %s: %.0f%% of the cycle elapsed\n", c.name.c_str(),
              day_string(c.start).c_str(), day_string(c.end).c_str(),
              day_string(std::chrono::sys_days{as_of_day}).c_str(), 100 * ev.elapsed);
  std::printf(
      "conventions: progress clamped to [0, 1]; objective = weighted mean of own KRs; pace: on track if\n"
      "progress >= expected - %.2f, at risk if >= expected - %.2f; grades %s; forecasts: linear trend,\n"
      "%.0f%% prediction interval (Student t); objective probabilities assume independent KRs\n\n",
      -opt.pace.on_track, -opt.pace.at_risk, opt.grades.name.c_str(), 100 * opt.interval_level);

  for (std::size_t o = 0; o < set.objectives().size(); ++o) {
    const okr::objective& ob = set.objectives()[o];
    const okr::objective_evaluation& r = ev.objectives[o];
    const int indent = 2 * static_cast<int>(ob.level);
    std::printf("%*s%s  %s  [%s, %s, owner %s]\n", indent, "", ob.id.c_str(), ob.title.c_str(),
                std::string(okr::to_string(ob.level)).c_str(), std::string(okr::to_string(ob.type)).c_str(),
                ob.owner.c_str());
    std::printf(
        "%*s  score %s  grade %s  status %s  expected %.1f (%s)  P(all targets) %s  P(all KRs >= %.1f) %s\n",
        indent, "", num(r.score).c_str(), opt.grades.bands[r.grade].label.c_str(),
        std::string(okr::to_string(r.status)).c_str(), r.expectation, r.meets_expectation ? "met" : "not met",
        pct(r.p_all_targets).c_str(), opt.green_threshold, pct(r.p_all_green).c_str());
    std::printf("%*s  %-16s %8s %8s %8s  %-9s %8s  %-24s %8s %8s\n", indent, "", "key result", "current",
                "progress", "expected", "status", "in band", "forecast at close [PI]", "P(tgt)", "P(>=.7)");
    for (std::size_t k = set.kr_begin(o); k < set.kr_begin(o + 1); ++k) {
      const okr::kr_evaluation& x = ev.key_results[k];
      const okr::forecast& f = x.forecast;
      std::string fc = "-";
      if (f.available)
        fc = num(f.value) +
             (std::isnan(f.lower) ? std::string(" [n=2]") : " [" + num(f.lower) + ", " + num(f.upper) + "]");
      std::printf("%*s  %-16s %8s %8s %8s  %-9s %8s  %-24s %8s %8s%s%s\n", indent, "", set.kr(k).id.c_str(),
                  num(x.current).c_str(), num(x.progress).c_str(), num(x.expected).c_str(),
                  std::string(okr::to_string(x.status)).c_str(), pct(x.in_band_share).c_str(), fc.c_str(),
                  pct(f.p_target).c_str(), pct(f.p_green).c_str(), x.overachieved ? "  overachieved" : "",
                  x.regressed ? "  regressed" : "");
    }
    const auto shares = okr::shortfall(set, ev, opt, o);
    if (!shares.empty()) {
      std::printf("%*s  shortfall:", indent, "");
      for (const auto& s : shares)
        if (s.share > 0)
          std::printf(" %s %s", (s.is_objective ? set.objectives()[s.index].id : set.kr(s.index).id).c_str(),
                      pct(s.share).c_str());
      std::printf("\n");
    }
    std::printf("\n");
  }
  const auto findings =
      okr::lint(set);  // default thresholds: 3-5 objectives per owner, 3-5 KRs per objective
  std::printf("lint: %zu finding%s\n", findings.size(), findings.size() == 1 ? "" : "s");
  for (const okr::finding& f : findings)
    std::printf("  %-7s %-22s %s\n", std::string(okr::to_string(f.severity)).c_str(), f.check.c_str(),
                f.message.c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "okr_report: %s\n", e.what());
  return 1;
}
