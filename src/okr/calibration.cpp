// Brier score per owner over closed cycles.
#include <northstar/okr/calibration.hpp>
#include <northstar/okr/evaluate.hpp>

#include <map>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

std::vector<owner_calibration> calibrate(std::span<const okr_set> closed_cycles) {
  struct acc {
    std::size_t n = 0, krs = 0, hits = 0;
    double sq = 0, conf = 0;
  };
  std::map<std::string, acc> by_owner;
  for (const okr_set& set : closed_cycles) {
    evaluation_options opt;
    opt.as_of = set.cycle().close();
    opt.threads.value = 1;
    const evaluation ev = evaluate(set, opt);
    const auto close = set.cycle().close();
    const auto start = std::chrono::sys_seconds{set.cycle().start};
    for (std::size_t k = 0; k < set.key_result_count(); ++k) {
      const kr_evaluation& r = ev.key_results[k];
      if (r.check_ins_used == 0) continue;
      const double outcome = r.p_raw >= 1.0 ? 1.0 : 0.0;
      const key_result& kr = set.kr(k);
      const std::string& owner = kr.owner.empty() ? set.objectives()[set.objective_of(k)].owner : kr.owner;
      bool counted = false;
      for (const check_in& c : kr.check_ins) {
        if (!c.confidence || c.at < start || c.at >= close) continue;
        acc& a = by_owner[owner];
        const double d = *c.confidence - outcome;
        a.sq += d * d;
        a.conf += *c.confidence;
        ++a.n;
        if (!counted) {
          ++a.krs;
          a.hits += outcome == 1.0 ? 1u : 0u;
          counted = true;
        }
      }
    }
  }
  std::vector<owner_calibration> out;
  out.reserve(by_owner.size());
  for (const auto& [owner, a] : by_owner) {
    const double n = static_cast<double>(a.n);
    out.push_back(
        {owner, a.n, a.krs, a.sq / n, a.conf / n, static_cast<double>(a.hits) / static_cast<double>(a.krs)});
  }
  return out;
}

}  // namespace okr
NORTHSTAR_END_NAMESPACE
