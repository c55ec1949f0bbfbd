// Closed-form CLV against the machine's own memory bandwidth, in one binary.
//
//   triad/<n>/<threads>                 a[i] = b[i] + s c[i] (STREAM triad), double
//   clv_<formula>_<type>/<n>/<threads>  evaluate(): every input array read once,
//                                       the output written once
//   clv_<formula>_fused_<type>/...      the same with validation::fused (one pass)
//   clv_total_margin_<type>/...         aggregate() total: inputs read once, nothing written
//   clv_segments_margin_<type>/...      per-segment totals (+ 4-byte labels read), 16 labels in turn
//   paired_segments5000_sorted_...      5,000 labels, customers sorted by label
//   paired_segments50000_random_...     50,000 labels in pseudo-random order
//   paired_<kernel>/<n>/<threads>       the triad and a kernel (or a reduction) in alternation,
//                                       counters triad_GBps, kernel_GBps, ratio, time_in_triads
// bytes_per_second counts exactly those bytes; bench/ratios.py pairs them.
// NORTHSTAR_BENCH_ISA=baseline|avx2|avx512 forces one kernel variant
// (default: automatic, the widest the CPU has).
#include <northstar/clv/reductions.hpp>

#include <benchmark/benchmark.h>

#include "huge_memory.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string_view>

namespace clv = northstar::clv;

namespace {

// The kernel variant every case runs (set once in main from NORTHSTAR_BENCH_ISA).
clv::instruction_set bench_isa = clv::instruction_set::automatic;

// An uninitialised array, first touched by the threads that will use it.
template <class T>
struct buffer : northstar_bench::huge_array<T> {
  // Values in [base, base + spread): varied, so nothing is constant-folded.
  buffer(std::size_t size, T base, unsigned threads, T spread = 1) : northstar_bench::huge_array<T>(size) {
    T* data = this->data;
    northstar::detail::parallel_ranges(
        size, threads, clv::detail::block, [&](std::size_t, std::size_t b, std::size_t e) {
          for (std::size_t i = b; i < e; ++i)
            data[i] = base + spread * static_cast<T>((i * 2654435761u) % 1000) / T(1000);
        });
  }
};

void args(benchmark::internal::Benchmark* b) {
  for (std::int64_t n : {1000000, 10000000, 100000000})
    for (std::int64_t t : {1, 2}) b->Args({n, t});
  b->Args({10000, 1});  // smoke size
  b->UseRealTime()->Unit(benchmark::kMillisecond);
}

// STREAM triad a = b + s c over doubles: 3 arrays counted per element.
struct triad_case {
  buffer<double> a, b, c;
  unsigned threads;
  triad_case(std::size_t n, unsigned t) : a(n, 0.0, t), b(n, 1.0, t), c(n, 2.0, t), threads(t) {}
  void run() {
    const double s = 3.0;
    northstar::detail::parallel_ranges(a.n, threads, clv::detail::block,
                                       [&](std::size_t, std::size_t lo, std::size_t hi) {
                                         double* __restrict pa = a.data;
                                         const double* __restrict pb = b.data;
                                         const double* __restrict pc = c.data;
                                         for (std::size_t i = lo; i < hi; ++i) pa[i] = pb[i] + s * pc[i];
                                       });
    benchmark::DoNotOptimize(a.data);
    benchmark::ClobberMemory();
  }
  [[nodiscard]] std::size_t bytes() const { return 3 * a.n * sizeof(double); }
};

void triad(benchmark::State& state) {
  triad_case t(static_cast<std::size_t>(state.range(0)), static_cast<unsigned>(state.range(1)));
  for (auto _ : state) t.run();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * t.bytes()));
}
BENCHMARK(triad)->Apply(args);

// Margin-based CLV over 5 input arrays into an output array.
template <class T>
struct margin_case {
  buffer<T> aov, gm, f, l, cac, out;
  clv::run_options opt;
  margin_case(std::size_t n, unsigned t, clv::validation check)
      : aov(n, 20, t),
        gm(n, T(0.2), t, T(0.5)),
        f(n, 1, t),
        l(n, 2, t),
        cac(n, 5, t),
        out(n, 0, t),
        opt{.threads = t, .check = check, .instructions = bench_isa} {}
  void run() {
    const clv::margin_clv<T> formula{aov.view(), gm.view(), f.view(), l.view(), cac.view()};
    clv::evaluate(formula, out.span(), opt);
    benchmark::ClobberMemory();
  }
  [[nodiscard]] std::size_t bytes() const { return 6 * out.n * sizeof(T); }
};

// Retention-based CLV, infinite horizon (4 input arrays) or a per-customer
// horizon (5), into an output array.
template <class T>
struct retention_case {
  buffer<T> m, r, d, cac, out;
  std::unique_ptr<buffer<T>> h;
  clv::run_options opt;
  retention_case(std::size_t n, unsigned t, clv::validation check, bool finite = false)
      : m(n, 50, t),
        r(n, T(0.3), t, T(0.5)),
        d(n, T(0.01), t, T(0.01)),
        cac(n, 5, t),
        out(n, 0, t),
        opt{.threads = t, .check = check, .instructions = bench_isa} {
    if (finite) {
      h = std::make_unique<buffer<T>>(n, T(12), t);
      for (std::size_t i = 0; i < n; ++i) h->data[i] = std::floor(h->data[i]);
    }
  }
  void run() {
    clv::retention_clv<T> formula{m.view(), r.view(), d.view(), std::numeric_limits<T>::infinity(),
                                  cac.view()};
    if (h) formula.horizon = h->view();
    clv::evaluate(formula, out.span(), opt);
    benchmark::ClobberMemory();
  }
  [[nodiscard]] std::size_t bytes() const { return (h ? 6 : 5) * out.n * sizeof(T); }
};

template <class Case, class... Extra>
void kernel(benchmark::State& state, Extra... extra) {
  Case c(static_cast<std::size_t>(state.range(0)), static_cast<unsigned>(state.range(1)), extra...);
  for (auto _ : state) c.run();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes()));
}

// The triad and a kernel in alternation, each iteration timing one run of
// each: the ratio of their bytes per second (counter "ratio") is taken over
// the same seconds, so the drift of a shared VM's bandwidth between the runs
// of two separate benchmarks cancels out.
template <class Case, class... Extra>
void paired(benchmark::State& state, Extra... extra) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  triad_case t(n, threads);
  Case c(n, threads, extra...);
  double t_triad = 0, t_kernel = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    t.run();
    const auto t1 = std::chrono::steady_clock::now();
    c.run();
    const auto t2 = std::chrono::steady_clock::now();
    t_triad += std::chrono::duration<double>(t1 - t0).count();
    t_kernel += std::chrono::duration<double>(t2 - t1).count();
    state.SetIterationTime(std::chrono::duration<double>(t2 - t0).count());
  }
  const auto it = static_cast<double>(state.iterations());
  state.counters["triad_GBps"] = it * static_cast<double>(t.bytes()) / t_triad / 1e9;
  state.counters["kernel_GBps"] = it * static_cast<double>(c.bytes()) / t_kernel / 1e9;
  state.counters["ratio"] = state.counters["kernel_GBps"].value / state.counters["triad_GBps"].value;
  // Time of one kernel call in triads over the same n: compares kernels that
  // count different bytes (a reduction against evaluate()) by time.
  state.counters["time_in_triads"] = t_kernel / t_triad;
}

template <class T>
void basic(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  buffer<T> aov(n, 20, threads), f(n, 1, threads), l(n, 2, threads), out(n, 0, threads);
  const clv::basic_clv<T> formula{aov.view(), f.view(), l.view()};
  for (auto _ : state) {
    clv::evaluate(formula, out.span(), {.threads = threads, .instructions = bench_isa});
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * 4 * n * sizeof(T)));
}

template <class T>
void repurchase(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  buffer<T> v(n, 20, threads), r(n, T(0.3), threads, T(0.5)), c(n, 2, threads), out(n, 0, threads);
  const clv::repurchase_clv<T> formula{v.view(), r.view(), c.view()};
  for (auto _ : state) {
    clv::evaluate(formula, out.span(), {.threads = threads, .instructions = bench_isa});
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * 4 * n * sizeof(T)));
}

// aggregate() of margin-based CLV: 5 input arrays read, nothing written
// (plus 4-byte segment labels read when segmented).
template <class T>
struct total_case {
  buffer<T> aov, gm, f, l, cac;
  northstar_bench::huge_array<std::uint32_t> labels;
  std::uint32_t label_count;
  unsigned threads;
  // segments: 0 = none; 16 = labels 0..15 in turn; 5000 = 5,000 labels,
  // customers sorted by label (runs of n / 5000 customers); 50000 = 50,000
  // labels in pseudo-random order (nearly all in every 65,536 customers).
  total_case(std::size_t n, unsigned t, std::uint32_t segments)
      : aov(n, 20, t),
        gm(n, T(0.2), t, T(0.5)),
        f(n, 1, t),
        l(n, 2, t),
        cac(n, 5, t),
        labels(segments != 0 ? n : 0),
        label_count(segments),
        threads(t) {
    if (segments != 0) {
      for (std::size_t i = 0; i < n; ++i)
        labels[i] = segments == 5000 ? static_cast<std::uint32_t>(i * segments / n)
                                     : static_cast<std::uint32_t>((i * 2654435761u) % segments);
    }
  }
  void run() {
    const clv::margin_clv<T> formula{aov.view(), gm.view(), f.view(), l.view(), cac.view()};
    const clv::aggregate_request req{.segments = labels.view(), .segment_count = label_count};
    benchmark::DoNotOptimize(
        clv::aggregate(formula, req, {.threads = threads, .instructions = bench_isa}).total);
  }
  [[nodiscard]] std::size_t bytes() const { return 5 * aov.n * sizeof(T) + labels.n * sizeof(std::uint32_t); }
};

}  // namespace

int main(int argc, char** argv) {
  if (const char* isa = std::getenv("NORTHSTAR_BENCH_ISA")) {
    const std::string_view v = isa;
    if (v == "baseline")
      bench_isa = clv::instruction_set::baseline;
    else if (v == "avx2")
      bench_isa = clv::instruction_set::avx2;
    else if (v == "avx512")
      bench_isa = clv::instruction_set::avx512;
    else if (v != "automatic") {
      std::fprintf(stderr, "NORTHSTAR_BENCH_ISA must be baseline, avx2, avx512 or automatic\n");
      return 1;
    }
  }
  using V = clv::validation;
  const auto reg = [](const char* name, auto fn) { args(benchmark::RegisterBenchmark(name, fn)); };
  reg("clv_margin_double", [](benchmark::State& s) { kernel<margin_case<double>>(s, V::upfront); });
  reg("clv_margin_float", [](benchmark::State& s) { kernel<margin_case<float>>(s, V::upfront); });
  reg("clv_margin_fused_double", [](benchmark::State& s) { kernel<margin_case<double>>(s, V::fused); });
  reg("clv_margin_fused_float", [](benchmark::State& s) { kernel<margin_case<float>>(s, V::fused); });
  reg("clv_retention_double", [](benchmark::State& s) { kernel<retention_case<double>>(s, V::upfront); });
  reg("clv_retention_float", [](benchmark::State& s) { kernel<retention_case<float>>(s, V::upfront); });
  reg("clv_retention_fused_double", [](benchmark::State& s) { kernel<retention_case<double>>(s, V::fused); });
  reg("clv_retention_fused_float", [](benchmark::State& s) { kernel<retention_case<float>>(s, V::fused); });
  reg("clv_retention_horizon_fused_double",
      [](benchmark::State& s) { kernel<retention_case<double>>(s, V::fused, true); });
  reg("clv_basic_double", [](benchmark::State& s) { basic<double>(s); });
  reg("clv_repurchase_double", [](benchmark::State& s) { repurchase<double>(s); });
  reg("clv_total_margin_double", [](benchmark::State& s) { kernel<total_case<double>>(s, 0u); });
  reg("clv_total_margin_float", [](benchmark::State& s) { kernel<total_case<float>>(s, 0u); });
  reg("clv_segments_margin_double", [](benchmark::State& s) { kernel<total_case<double>>(s, 16u); });
  const auto pair = [](const char* name, auto fn) {
    benchmark::RegisterBenchmark(name, fn)
        ->Args({100000000, 1})
        ->Args({100000000, 2})
        ->Args({10000000, 2})
        ->Args({10000, 1})  // smoke size
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  };
  pair("paired_margin_double", [](benchmark::State& s) { paired<margin_case<double>>(s, V::upfront); });
  pair("paired_margin_fused_double", [](benchmark::State& s) { paired<margin_case<double>>(s, V::fused); });
  pair("paired_margin_float", [](benchmark::State& s) { paired<margin_case<float>>(s, V::upfront); });
  pair("paired_margin_fused_float", [](benchmark::State& s) { paired<margin_case<float>>(s, V::fused); });
  pair("paired_retention_double", [](benchmark::State& s) { paired<retention_case<double>>(s, V::upfront); });
  pair("paired_retention_fused_double",
       [](benchmark::State& s) { paired<retention_case<double>>(s, V::fused); });
  pair("paired_retention_float", [](benchmark::State& s) { paired<retention_case<float>>(s, V::upfront); });
  pair("paired_retention_fused_float",
       [](benchmark::State& s) { paired<retention_case<float>>(s, V::fused); });
  pair("paired_total_margin_double", [](benchmark::State& s) { paired<total_case<double>>(s, 0u); });
  pair("paired_total_margin_float", [](benchmark::State& s) { paired<total_case<float>>(s, 0u); });
  pair("paired_segments_margin_double", [](benchmark::State& s) { paired<total_case<double>>(s, 16u); });
  pair("paired_segments5000_sorted_margin_double",
       [](benchmark::State& s) { paired<total_case<double>>(s, 5000u); });
  pair("paired_segments50000_random_margin_double",
       [](benchmark::State& s) { paired<total_case<double>>(s, 50000u); });
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
