// Closed-form CLV against the machine's own memory bandwidth, in one binary.
//
//   triad/<n>/<threads>                 a[i] = b[i] + s c[i] (STREAM triad), double
//   clv_<formula>_<type>/<n>/<threads>  evaluate(): every input array read once,
//                                       the output written once
//   clv_<formula>_fused_<type>/...      the same with validation::fused (one pass)
//   clv_total_margin_<type>/...         aggregate() total: inputs read once, nothing written
//   clv_segments_margin_<type>/...      per-segment totals (+ 4-byte labels read)
// bytes_per_second counts exactly those bytes; bench/ratios.py pairs them.
#include <northstar/clv/reductions.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace clv = northstar::clv;

namespace {

struct free_deleter {
  void operator()(void* p) const noexcept { std::free(p); }
};

// Memory for n values on 2 MiB boundaries, advised to use transparent huge
// pages on Linux (as a caller holding arrays of 1e8 customers would): with 4 KiB
// pages a VM spends part of every streamed gigabyte on nested page walks. The
// triad and the kernels get the same memory.
template <class T>
T* huge_alloc(std::size_t n) {
  constexpr std::size_t huge = std::size_t{2} << 20;
  const std::size_t bytes = (n * sizeof(T) + huge - 1) / huge * huge;
  void* p = std::aligned_alloc(huge, bytes);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  ::madvise(p, bytes, MADV_HUGEPAGE);  // advice only
#endif
  return static_cast<T*>(p);
}

// An uninitialised array, first touched by the threads that will use it.
template <class T>
struct buffer {
  std::unique_ptr<T[], free_deleter> data;
  std::size_t n;
  // Values in [base, base + spread): varied, so nothing is constant-folded.
  buffer(std::size_t size, T base, unsigned threads, T spread = 1) : data(huge_alloc<T>(size)), n(size) {
    northstar::detail::parallel_ranges(
        n, threads, clv::detail::block, [&](std::size_t, std::size_t b, std::size_t e) {
          for (std::size_t i = b; i < e; ++i)
            data[i] = base + spread * static_cast<T>((i * 2654435761u) % 1000) / T(1000);
        });
  }
  [[nodiscard]] std::span<const T> view() const { return {data.get(), n}; }
  [[nodiscard]] std::span<T> out() { return {data.get(), n}; }
};

void args(benchmark::internal::Benchmark* b) {
  for (std::int64_t n : {1000000, 10000000, 100000000})
    for (std::int64_t t : {1, 2}) b->Args({n, t});
  b->Args({10000, 1});  // smoke size
  b->UseRealTime()->Unit(benchmark::kMillisecond);
}

void triad(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  buffer<double> a(n, 0.0, threads), b(n, 1.0, threads), c(n, 2.0, threads);
  const double s = 3.0;
  for (auto _ : state) {
    northstar::detail::parallel_ranges(n, threads, clv::detail::block,
                                       [&](std::size_t, std::size_t lo, std::size_t hi) {
                                         double* __restrict pa = a.data.get();
                                         const double* __restrict pb = b.data.get();
                                         const double* __restrict pc = c.data.get();
                                         for (std::size_t i = lo; i < hi; ++i) pa[i] = pb[i] + s * pc[i];
                                       });
    benchmark::DoNotOptimize(a.data.get());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * 3 * n * sizeof(double)));
}
BENCHMARK(triad)->Apply(args);

template <class T>
void margin(benchmark::State& state, clv::validation check) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  buffer<T> aov(n, 20, threads), gm(n, T(0.2), threads, T(0.5)), f(n, 1, threads), l(n, 2, threads),
      cac(n, 5, threads), out(n, 0, threads);
  const clv::margin_clv<T> formula{aov.view(), gm.view(), f.view(), l.view(), cac.view()};
  for (auto _ : state) {
    clv::evaluate(formula, out.out(), {.threads = threads, .check = check});
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * 6 * n * sizeof(T)));
}

template <class T>
void retention(benchmark::State& state, clv::validation check, bool finite) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  buffer<T> m(n, 50, threads), r(n, T(0.3), threads, T(0.5)), d(n, T(0.01), threads, T(0.01)),
      cac(n, 5, threads), out(n, 0, threads);
  std::unique_ptr<buffer<T>> h;
  clv::retention_clv<T> formula{m.view(), r.view(), d.view(), std::numeric_limits<T>::infinity(), cac.view()};
  std::size_t arrays = 5;
  if (finite) {
    h = std::make_unique<buffer<T>>(n, T(12), threads);
    for (std::size_t i = 0; i < n; ++i) h->data[i] = std::floor(h->data[i]);
    formula.horizon = h->view();
    arrays = 6;
  }
  for (auto _ : state) {
    clv::evaluate(formula, out.out(), {.threads = threads, .check = check});
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * arrays * n * sizeof(T)));
}

template <class T>
void basic(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  buffer<T> aov(n, 20, threads), f(n, 1, threads), l(n, 2, threads), out(n, 0, threads);
  const clv::basic_clv<T> formula{aov.view(), f.view(), l.view()};
  for (auto _ : state) {
    clv::evaluate(formula, out.out(), {.threads = threads});
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
    clv::evaluate(formula, out.out(), {.threads = threads});
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * 4 * n * sizeof(T)));
}

template <class T>
void total_margin(benchmark::State& state, bool segments) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  buffer<T> aov(n, 20, threads), gm(n, T(0.2), threads, T(0.5)), f(n, 1, threads), l(n, 2, threads),
      cac(n, 5, threads);
  std::vector<std::uint32_t> labels;
  if (segments) {
    labels.resize(n);
    for (std::size_t i = 0; i < n; ++i) labels[i] = static_cast<std::uint32_t>((i * 2654435761u) % 16);
  }
  const clv::margin_clv<T> formula{aov.view(), gm.view(), f.view(), l.view(), cac.view()};
  const clv::aggregate_request req{.segments = labels, .segment_count = segments ? 16u : 0u};
  for (auto _ : state) benchmark::DoNotOptimize(clv::aggregate(formula, req, {.threads = threads}).total);
  const std::size_t bytes = 5 * n * sizeof(T) + (segments ? n * sizeof(std::uint32_t) : 0);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

}  // namespace

int main(int argc, char** argv) {
  using V = clv::validation;
  const auto reg = [](const char* name, auto fn) { args(benchmark::RegisterBenchmark(name, fn)); };
  reg("clv_margin_double", [](benchmark::State& s) { margin<double>(s, V::upfront); });
  reg("clv_margin_float", [](benchmark::State& s) { margin<float>(s, V::upfront); });
  reg("clv_margin_fused_double", [](benchmark::State& s) { margin<double>(s, V::fused); });
  reg("clv_margin_fused_float", [](benchmark::State& s) { margin<float>(s, V::fused); });
  reg("clv_retention_double", [](benchmark::State& s) { retention<double>(s, V::upfront, false); });
  reg("clv_retention_float", [](benchmark::State& s) { retention<float>(s, V::upfront, false); });
  reg("clv_retention_fused_double", [](benchmark::State& s) { retention<double>(s, V::fused, false); });
  reg("clv_retention_fused_float", [](benchmark::State& s) { retention<float>(s, V::fused, false); });
  reg("clv_retention_horizon_fused_double",
      [](benchmark::State& s) { retention<double>(s, V::fused, true); });
  reg("clv_basic_double", [](benchmark::State& s) { basic<double>(s); });
  reg("clv_repurchase_double", [](benchmark::State& s) { repurchase<double>(s); });
  reg("clv_total_margin_double", [](benchmark::State& s) { total_margin<double>(s, false); });
  reg("clv_total_margin_float", [](benchmark::State& s) { total_margin<float>(s, false); });
  reg("clv_segments_margin_double", [](benchmark::State& s) { total_margin<double>(s, true); });
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
