// Fuzz target: the OKR JSON reader and the evaluator. Any text either reads
// (then evaluates at several instants, writes a report, lints, and round-trips
// through write_json) or throws northstar::error; anything else is a bug.
// Properties checked on sets that read: progress and shares in their ranges,
// read_json(write_json(s)) == s.
#include "fuzz_input.hpp"

#include <northstar/okr/evaluate.hpp>
#include <northstar/okr/json.hpp>
#include <northstar/okr/lint.hpp>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace {

using northstar_fuzz::violated;

void check(const northstar::okr::okr_set& set, const northstar::okr::evaluation_options& opt) {
  const auto ev = northstar::okr::evaluate(set, opt);
  if (ev.key_results.size() != set.key_result_count()) violated("one evaluation per key result");
  if (ev.objectives.size() != set.objectives().size()) violated("one evaluation per objective");
  if (!(ev.elapsed >= 0.0 && ev.elapsed <= 1.0)) violated("elapsed in [0, 1]", ev.elapsed);
  const double upper = opt.policy == northstar::okr::progress_policy::clamp_unit  ? 1.0
                       : opt.policy == northstar::okr::progress_policy::clamp_cap ? opt.cap
                                                                                  : HUGE_VAL;
  for (std::size_t k = 0; k < ev.key_results.size(); ++k) {
    const auto& kr = ev.key_results[k];
    if (!(kr.progress >= 0.0 && kr.progress <= upper))
      violated("kr progress within the policy", kr.progress, k);
    if (!(kr.expected >= 0.0 && kr.expected <= 1.0)) violated("kr expected in [0, 1]", kr.expected, k);
  }
  for (std::size_t o = 0; o < ev.objectives.size(); ++o) {
    const auto& ob = ev.objectives[o];
    if (!std::isnan(ob.p_all_targets) && !(ob.p_all_targets >= 0.0 && ob.p_all_targets <= 1.0))
      violated("p_all_targets in [0, 1]", ob.p_all_targets, o);
    if (!std::isnan(ob.p_all_green) && !(ob.p_all_green >= 0.0 && ob.p_all_green <= 1.0))
      violated("p_all_green in [0, 1]", ob.p_all_green, o);
    if (!std::isnan(ob.score) && ob.grade >= opt.grades.bands.size()) violated("grade index in range", 0, o);
    double total = 0.0;
    const auto shares = northstar::okr::shortfall(set, ev, opt, o);
    for (const auto& s : shares) {
      if (!(s.share >= 0.0 && s.share <= 1.0)) violated("shortfall share in [0, 1]", s.share, o);
      total += s.share;
    }
    if (!shares.empty() && std::fabs(total - 1.0) > 1e-9) violated("shortfall shares sum to 1", total, o);
  }
  (void)northstar::okr::write_report_json(set, ev, opt, -1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto set = northstar::okr::read_json(text);
    using namespace std::chrono;
    northstar::okr::evaluation_options opt;
    opt.threads = northstar::thread_count{1};
    const sys_seconds start{set.cycle().start};
    const sys_seconds close = set.cycle().close();
    opt.as_of = start;
    check(set, opt);
    opt.as_of = start + (close - start) / 2;
    opt.policy = northstar::okr::progress_policy::clamp_cap;
    opt.rollup = northstar::okr::rollup_mode::pooled;
    check(set, opt);
    opt.as_of = close + hours{24};
    opt.policy = northstar::okr::progress_policy::floor_zero;
    opt.aggregate = northstar::okr::aggregation::min;
    opt.rollup = northstar::okr::rollup_mode::children;
    opt.threads = northstar::thread_count{2};
    check(set, opt);
    (void)northstar::okr::lint(set);
    const auto again = northstar::okr::read_json(northstar::okr::write_json(set, -1));
    if (!(again == set)) violated("read_json(write_json(s)) == s");
  } catch (const northstar::error&) {
    // A documented rejection: fine.
  }
  return 0;
}
