// Pareto/NBD at scale, on customers drawn by the library's seeded BG/NBD
// simulator (CDNOW BG/NBD estimates, daily transaction log, ages 1-78 weeks):
//   fit (validation + compression + L-BFGS with analytic gradient + standard
//   errors), P(alive), conditional expected purchases over 52 weeks, DERT.
// Run: build/release/bench/bench_clv_pareto_nbd --benchmark_filter=/1000000
#include <northstar/clv/pareto_nbd.hpp>
#include <northstar/clv/simulate.hpp>

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <vector>

namespace clv = northstar::clv;

namespace {

const clv::bg_nbd_params truth{0.243, 4.414, 0.793, 2.426};
const clv::pareto_nbd_params model{0.553, 10.578, 0.606, 11.669};

// One simulated population per size, drawn on first use.
const clv::simulated_customers& population(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<clv::simulated_customers>> cache;
  auto& slot = cache[n];
  if (!slot) {
    clv::bg_nbd_simulation o;
    o.customers = n;
    o.min_age = 1;
    o.max_age = 78;
    o.resolution = 1.0 / 7;
    o.seed = 19870101;
    slot = std::make_unique<clv::simulated_customers>(clv::simulate_bg_nbd(truth, o));
  }
  return *slot;
}

void fit(benchmark::State& state) {
  const auto& c = population(static_cast<std::size_t>(state.range(0)));
  std::size_t patterns = 0;
  int iterations = 0;
  for (auto _ : state) {
    const auto f = clv::fit_pareto_nbd(c.view());
    patterns = f.patterns;
    iterations = f.report.iterations;
    benchmark::DoNotOptimize(f.params.r);
  }
  state.counters["patterns"] = static_cast<double>(patterns);
  state.counters["lbfgs_iterations"] = iterations;
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void alive(benchmark::State& state) {
  const auto& c = population(static_cast<std::size_t>(state.range(0)));
  std::vector<double> out(c.frequency.size());
  for (auto _ : state) {
    clv::probability_alive(model, c.view(), out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void conditional_52(benchmark::State& state) {
  const auto& c = population(static_cast<std::size_t>(state.range(0)));
  std::vector<double> out(c.frequency.size());
  for (auto _ : state) {
    clv::conditional_expected_purchases(model, c.view(), 52.0, out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void dert(benchmark::State& state) {
  const auto& c = population(static_cast<std::size_t>(state.range(0)));
  std::vector<double> out(c.frequency.size());
  for (auto _ : state) {
    clv::discounted_expected_residual_transactions(model, c.view(), 0.0029, out);  // ~15% a year, weekly
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

}  // namespace

BENCHMARK(fit)->Arg(100000)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(alive)->Arg(100000)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(conditional_52)
    ->Arg(100000)
    ->Arg(1000000)
    ->Arg(10000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(dert)->Arg(100000)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
