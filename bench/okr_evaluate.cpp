// Evaluating an OKR set: progress, pace status, forecast and roll-up for N key
// results with 10 check-ins each, in a tree of N/5 objectives (branching 4).
// Target: 1e6 KRs (200,000 objectives) in <= 1 s on 2 cores.
#include <northstar/okr/evaluate.hpp>

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <random>
#include <string>

namespace okr = northstar::okr;
using namespace std::chrono;

namespace {

const okr::okr_set& make_set(std::size_t n_kr) {
  static std::map<std::size_t, std::unique_ptr<okr::okr_set>> cache;  // built once per size
  auto& slot = cache[n_kr];
  if (slot) return *slot;
  const okr::cycle q{"2026-Q1", sys_days{2026y / January / 1}, sys_days{2026y / March / 31}};
  const std::size_t n_obj = n_kr / 5;
  std::mt19937_64 rng(42);
  std::normal_distribution<double> noise(0.0, 0.3);
  std::vector<okr::objective> objs(n_obj);
  for (std::size_t o = 0; o < n_obj; ++o) {
    okr::objective& ob = objs[o];
    ob.id = "o" + std::to_string(o);
    ob.type = o % 3 == 0 ? okr::objective_type::aspirational : okr::objective_type::committed;
    if (o > 0) ob.parents = {"o" + std::to_string((o - 1) / 4)};
    ob.key_results.resize(5);
    for (std::size_t j = 0; j < 5; ++j) {
      okr::key_result& kr = ob.key_results[j];
      kr.id = "k" + std::to_string(o * 5 + j);
      kr.kind = j == 4 ? okr::kr_kind::guardrail : okr::kr_kind::metric;
      kr.baseline = 10.0;
      kr.target = j % 2 == 0 ? 20.0 : 5.0;  // rising and falling
      kr.threshold = 9.0;
      const double slope = (kr.target - 10.0) / 90.0 * (0.5 + 0.1 * static_cast<double>(j));
      kr.check_ins.resize(10);
      for (int c = 0; c < 10; ++c)
        kr.check_ins[c] = {
            sys_seconds{q.start + days{1 + 6 * c}}, 10.0 + slope * (1 + 6 * c) + noise(rng), 0.7, {}};
    }
  }
  slot = std::make_unique<okr::okr_set>(q, std::move(objs));
  return *slot;
}

void evaluate(benchmark::State& state) {
  const auto& set = make_set(static_cast<std::size_t>(state.range(0)));
  okr::evaluation_options opt;
  opt.as_of = sys_seconds{sys_days{2026y / March / 15}};
  opt.rollup = okr::rollup_mode::pooled;
  opt.threads.value = static_cast<unsigned>(state.range(1));
  okr::evaluation ev;
  for (auto _ : state) {
    if (state.range(2) == 0) {
      auto fresh = okr::evaluate(set, opt);  // allocates the result every time
      benchmark::DoNotOptimize(fresh.objectives.data());
    } else {
      okr::evaluate(set, opt, ev);  // reuses the result's storage
      benchmark::DoNotOptimize(ev.objectives.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["objectives"] = static_cast<double>(set.objectives().size());
}

}  // namespace

BENCHMARK(evaluate)
    ->ArgNames({"krs", "threads", "reuse"})
    ->Args({10'000, 0, 0})
    ->Args({100'000, 0, 0})
    ->Args({1'000'000, 0, 0})
    ->Args({1'000'000, 1, 0})
    ->Args({1'000'000, 0, 1})
    ->Args({1'000'000, 1, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
