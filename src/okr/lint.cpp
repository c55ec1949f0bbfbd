// Lint: well-formedness checks with severity and the id concerned.
#include <northstar/core/error.hpp>
#include <northstar/okr/forecast.hpp>
#include <northstar/okr/lint.hpp>

#include <cctype>
#include <cstdio>
#include <map>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with_word(const std::string& text, const std::string& word) {
  if (word.empty() || text.size() < word.size() || text.compare(0, word.size(), word) != 0) return false;
  return text.size() == word.size() || !std::isalpha(static_cast<unsigned char>(text[word.size()]));
}

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string range_text(std::size_t lo, std::size_t hi) {
  return std::to_string(lo) + "-" + std::to_string(hi);
}

}  // namespace

std::vector<finding> lint(const okr_set& set, const lint_options& opt) {
  std::vector<finding> out;
  const auto& objs = set.objectives();
  const okr::cycle& cyc = set.cycle();

  std::map<std::string, std::size_t> per_owner;
  for (const objective& o : objs) ++per_owner[o.owner.empty() ? std::string("(no owner)") : o.owner];
  for (const auto& [owner, n] : per_owner)
    if (n < opt.min_objectives_per_owner || n > opt.max_objectives_per_owner)
      out.push_back({severity::warning, owner, "objectives_per_owner",
                     "owner '" + owner + "' has " + std::to_string(n) + " objective" + (n == 1 ? "" : "s") +
                         " in cycle '" + cyc.name + "' (expected " +
                         range_text(opt.min_objectives_per_owner, opt.max_objectives_per_owner) + ")"});

  const auto start = std::chrono::sys_seconds{cyc.start};
  const auto close = cyc.close();
  const double length = cyc.length_days();
  for (std::size_t oi = 0; oi < objs.size(); ++oi) {
    const objective& o = objs[oi];
    const std::size_t n = o.key_results.size();
    if (n > 0 && (n < opt.min_krs_per_objective || n > opt.max_krs_per_objective))
      out.push_back({severity::warning, o.id, "krs_per_objective",
                     "objective '" + o.id + "' has " + std::to_string(n) + " key result" +
                         (n == 1 ? "" : "s") + " (expected " +
                         range_text(opt.min_krs_per_objective, opt.max_krs_per_objective) + ")"});
    for (std::size_t j = 0; j < n; ++j) {
      const key_result& kr = o.key_results[j];
      if (kr.kind == kr_kind::metric) {
        if (kr.unit.empty())
          out.push_back({severity::warning, kr.id, "metric_without_unit",
                         "metric key result '" + kr.id + "' has no unit"});
        if (!kr.baseline)
          out.push_back({severity::warning, kr.id, "metric_without_baseline",
                         "metric key result '" + kr.id + "' has no baseline (the first check-in is used)"});
      }
      if (kr.kind == kr_kind::binary) {
        const std::string title = lower(kr.title);
        std::string verb;
        for (const std::string& v : opt.task_verbs)
          if (starts_with_word(title, lower(v))) verb = v;
        if (!verb.empty() || kr.tag == kr_tag::output) {
          std::string why = !verb.empty() ? "its title starts with '" + verb + "'" : std::string();
          if (kr.tag == kr_tag::output)
            why += (why.empty() ? "" : " and ") + std::string("it is tagged output");
          out.push_back({severity::warning, kr.id, "binary_task",
                         "binary key result '" + kr.id + "' reads as a task (" + why +
                             "): state the outcome it should change"});
        }
      }
      std::size_t before = 0, after = 0;
      for (const check_in& c : kr.check_ins) {
        before += c.at < start ? 1u : 0u;
        after += c.at >= close ? 1u : 0u;
      }
      if (after > 0)
        out.push_back({severity::warning, kr.id, "check_in_after_cycle",
                       "key result '" + kr.id + "' has " + std::to_string(after) +
                           " check-in(s) after the cycle closed (ignored by evaluation)"});
      if (before > 0)
        out.push_back({severity::info, kr.id, "check_in_before_cycle",
                       "key result '" + kr.id + "' has " + std::to_string(before) +
                           " check-in(s) before the cycle (used only as history)"});
      if (o.type == objective_type::aspirational && kr.kind == kr_kind::metric &&
          before >= opt.sandbag_min_points && before >= 2) {
        std::vector<double> x, y;
        for (std::size_t i = 0; i < before; ++i) {  // check-ins are sorted by time
          x.push_back(days_since_start(cyc, kr.check_ins[i].at));
          y.push_back(kr.check_ins[i].value);
        }
        const trend tr = fit_trend(x, y);
        const double b = set.baseline(set.kr_begin(oi) + j);
        if (tr.n >= 2) {
          const double at_close = tr.at(length);
          const bool reached = kr.target > b ? at_close >= kr.target : at_close <= kr.target;
          if (reached)
            out.push_back({severity::warning, kr.id, "sandbagging",
                           "aspirational key result '" + kr.id +
                               "': the pre-cycle trend already reaches the target " +
                               northstar::detail::format_value(kr.target) +
                               " by the cycle's close (trend value " + short_number(at_close) + ")"});
        }
      }
    }
  }
  return out;
}

}  // namespace okr
NORTHSTAR_END_NAMESPACE
