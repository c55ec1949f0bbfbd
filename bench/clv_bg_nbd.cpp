// BG/NBD + Gamma-Gamma at scale, on customers drawn by the library's seeded
// simulator (CDNOW estimates, daily transaction log, ages 1-78 weeks):
//   fit (compression + L-BFGS + standard errors), conditional expected purchases
//   over 52 weeks, P(alive), 12-month CLV at 1% per month (Gamma-Gamma spend x
//   BG/NBD discounted purchases, months of 4.345 weeks).
// Run: build/release/bench/bench_clv_bg_nbd --benchmark_filter=/1000000
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/simulate.hpp>

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <vector>

namespace clv = northstar::clv;

namespace {

const clv::bg_nbd_params truth{0.243, 4.414, 0.793, 2.426};
const clv::gamma_gamma_params spend_truth{6.25, 3.74, 15.44};

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
    o.seed = 20050101;
    o.spend = spend_truth;
    slot = std::make_unique<clv::simulated_customers>(clv::simulate_bg_nbd(truth, o));
  }
  return *slot;
}

void fit(benchmark::State& state) {
  const auto& c = population(static_cast<std::size_t>(state.range(0)));
  std::size_t patterns = 0;
  for (auto _ : state) {
    const auto f = clv::fit_bg_nbd(c.view());
    patterns = f.patterns;
    benchmark::DoNotOptimize(f.params.r);
  }
  state.counters["patterns"] = static_cast<double>(patterns);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void conditional_52(benchmark::State& state) {
  const auto& c = population(static_cast<std::size_t>(state.range(0)));
  std::vector<double> out(c.frequency.size());
  for (auto _ : state) {
    clv::conditional_expected_purchases(truth, c.view(), 52.0, out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void alive(benchmark::State& state) {
  const auto& c = population(static_cast<std::size_t>(state.range(0)));
  std::vector<double> out(c.frequency.size());
  for (auto _ : state) {
    clv::probability_alive(truth, c.view(), out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// The input check every prediction starts with (one read of x, t_x, T): the part
// of alive/<n> that is not the kernel.
void validate_inputs(benchmark::State& state) {
  const auto& c = population(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) clv::validate(c.view(), "bench", 0);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void clv_12_months(benchmark::State& state) {
  const auto& c = population(static_cast<std::size_t>(state.range(0)));
  std::vector<double> spend(c.frequency.size()), out(c.frequency.size());
  for (auto _ : state) {
    clv::conditional_expected_spend(spend_truth, c.frequency, c.mean_spend, spend);
    clv::customer_lifetime_value(truth, c.view(), spend, clv::per_period_discount{12, 4.345, 0.01}, out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

}  // namespace

BENCHMARK(fit)->Arg(100000)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(conditional_52)
    ->Arg(100000)
    ->Arg(1000000)
    ->Arg(10000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(alive)->Arg(100000)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(validate_inputs)
    ->Arg(100000)
    ->Arg(1000000)
    ->Arg(10000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(clv_12_months)
    ->Arg(100000)
    ->Arg(1000000)
    ->Arg(10000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
