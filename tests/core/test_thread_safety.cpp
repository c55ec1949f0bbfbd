// Thread safety: fitted models and OKR sets are read from several std::threads
// at once; every thread's results must equal the single-threaded results bit
// for bit. Also the closed-form evaluate/aggregate with threads > 1 called
// concurrently. Run under ThreadSanitizer by the `tsan` preset (label threads).
#include <northstar/clv/bg_bb.hpp>
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/closed_form.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/mbg_nbd.hpp>
#include <northstar/clv/pareto_nbd.hpp>
#include <northstar/clv/reductions.hpp>
#include <northstar/clv/sbg.hpp>
#include <northstar/okr/evaluate.hpp>
#include <northstar/okr/json.hpp>

#include <gtest/gtest.h>

#include "support.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace clv = northstar::clv;
namespace okr = northstar::okr;

using northstar_test::cdnow_with_spend;
using northstar_test::example_data;
using northstar_test::read_csv;

namespace {

// Fit options with only the thread count set.
clv::fit_options threads(unsigned n) {
  clv::fit_options o;
  o.threads = n;
  return o;
}

constexpr int reader_threads = 4;

/// Bitwise equality of two arrays of doubles (NaN payloads included).
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

/// Runs compute() on `reader_threads` threads released together, `rounds`
/// times each, and checks every result equals `expected` bit for bit.
void expect_same_from_threads(const std::function<std::vector<double>(int thread)>& compute,
                              const std::vector<double>& expected, int rounds = 2) {
  std::atomic<int> ready{0};
  std::atomic<int> mismatches{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < reader_threads; ++t)
    pool.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < reader_threads) std::this_thread::yield();  // start together
      for (int r = 0; r < rounds; ++r)
        if (!same_bits(compute(t), expected)) mismatches.fetch_add(1);
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

/// Every prediction of a BG/NBD-family model, concatenated. Threads 1 + (thread % 2)
/// so that half the readers also fan out internally.
template <class Params>
std::vector<double> bg_family_predictions(const Params& p, const northstar_test::rfm_data& d,
                                          unsigned threads) {
  const clv::run_options run{.threads = threads};
  const std::size_t n = d.x.size();
  std::vector<double> all, out(n);
  clv::probability_alive(p, d.view(), out, run);
  all.insert(all.end(), out.begin(), out.end());
  clv::conditional_expected_purchases(p, d.view(), 52.0, out, run);
  all.insert(all.end(), out.begin(), out.end());
  clv::expected_purchases(p, std::span<const double>(d.T), out, run);
  all.insert(all.end(), out.begin(), out.end());
  clv::discounted_expected_purchases(p, d.view(), clv::per_period_discount{12, 4.345, 0.01}, out, run);
  all.insert(all.end(), out.begin(), out.end());
  all.push_back(clv::log_likelihood(p, d.view(), run));
  return all;
}

}  // namespace

TEST(ThreadSafety, BgNbdFittedModelFromManyThreads) {
  const auto& d = cdnow_with_spend();
  const auto fit = clv::fit_bg_nbd(d.view(), threads(2));  // a multithreaded fit
  ASSERT_TRUE(fit.report.converged);
  const auto expected = bg_family_predictions(fit.params, d, 1);
  expect_same_from_threads([&](int t) { return bg_family_predictions(fit.params, d, 1 + t % 2); }, expected);
}

TEST(ThreadSafety, MultithreadedFitEqualsSingleThreadedFit) {
  const auto& d = cdnow_with_spend();
  const auto one = clv::fit_bg_nbd(d.view(), threads(1));
  const auto two = clv::fit_bg_nbd(d.view(), threads(2));
  // Per-block sums do not depend on the thread count (parallel.hpp), so the fits agree exactly.
  EXPECT_EQ(one.params.r, two.params.r);
  EXPECT_EQ(one.params.alpha, two.params.alpha);
  EXPECT_EQ(one.params.a, two.params.a);
  EXPECT_EQ(one.params.b, two.params.b);
}

TEST(ThreadSafety, MbgNbdModelFromManyThreads) {
  const auto& d = cdnow_with_spend();
  const clv::mbg_nbd_params p{0.525, 6.183, 0.891, 1.614};  // any valid parameters
  const auto expected = bg_family_predictions(p, d, 1);
  expect_same_from_threads([&](int t) { return bg_family_predictions(p, d, 1 + t % 2); }, expected);
}

TEST(ThreadSafety, ParetoNbdModelFromManyThreads) {
  const auto& d = cdnow_with_spend();
  const clv::pareto_nbd_params p{0.553, 10.578, 0.606, 11.669};  // CDNOW (Fader & Hardie 2005 note)
  const auto compute = [&](unsigned threads) {
    const clv::run_options run{.threads = threads};
    const std::size_t n = d.x.size();
    std::vector<double> all, out(n);
    clv::probability_alive(p, d.view(), out, run);
    all.insert(all.end(), out.begin(), out.end());
    clv::conditional_expected_purchases(p, d.view(), northstar::column<double>(52.0), out, run);
    all.insert(all.end(), out.begin(), out.end());
    clv::discounted_expected_residual_transactions(p, d.view(), 0.01, out, run);
    all.insert(all.end(), out.begin(), out.end());
    std::vector<double> k(64), small(64);
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<double>(i % 8);
    clv::probability_of_purchases(p, northstar::column<double>(39.0), northstar::column<double>(k), small,
                                  run);
    all.insert(all.end(), small.begin(), small.end());
    all.push_back(clv::log_likelihood(p, d.view(), run));
    return all;
  };
  // Each reader is compared with the single-threaded result of its own thread
  // count (the log-likelihood's partial sums depend on the thread count here).
  const auto one = compute(1), two = compute(2);
  const std::size_t n = d.x.size();
  EXPECT_TRUE(std::equal(one.begin(), one.end() - 1, two.begin()))
      << "predictions depend on the thread count";
  std::atomic<int> mismatches{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < reader_threads; ++t)
    pool.emplace_back([&, t] {
      if (!same_bits(compute(1 + t % 2), t % 2 ? two : one)) mismatches.fetch_add(1);
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  (void)n;
}

TEST(ThreadSafety, GammaGammaFittedModelFromManyThreads) {
  const auto& d = cdnow_with_spend();
  const auto fit = clv::fit_gamma_gamma(d.x, d.zbar);
  ASSERT_TRUE(fit.report.converged);
  const auto bg = clv::fit_bg_nbd(d.view());
  const auto compute = [&](unsigned threads) {
    const clv::run_options run{.threads = threads};
    std::vector<double> spend(d.x.size()), value(d.x.size());
    clv::conditional_expected_spend(fit.params, d.x, d.zbar, spend, run);
    clv::customer_lifetime_value(bg.params, d.view(), spend, clv::per_period_discount{12, 4.345, 0.01}, value,
                                 run);
    spend.insert(spend.end(), value.begin(), value.end());
    spend.push_back(clv::log_likelihood(fit.params, d.x, d.zbar));
    return spend;
  };
  const auto expected = compute(1);
  expect_same_from_threads([&](int t) { return compute(1 + t % 2); }, expected);
}

TEST(ThreadSafety, SbgFittedModelFromManyThreads) {
  const auto table = read_csv(example_data("sbg_fader_hardie_2007.csv"));
  const auto fit = clv::fit_sbg(std::span<const double>(table.at("regular")).first(8));
  ASSERT_TRUE(fit.report.converged);
  const clv::sbg_params m = fit.params;
  std::vector<double> t(500);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<double>(1 + i % 100);
  const auto compute = [&](unsigned threads) {
    const clv::run_options run{.threads = threads};
    std::vector<double> all, out(t.size());
    clv::survival(m, t, out, run);
    all.insert(all.end(), out.begin(), out.end());
    clv::churn_probability(m, t, out, run);
    all.insert(all.end(), out.begin(), out.end());
    clv::retention_rate(m, t, out, run);
    all.insert(all.end(), out.begin(), out.end());
    clv::discounted_expected_residual_lifetime(m, 0.1, t, out, run);
    all.insert(all.end(), out.begin(), out.end());
    std::vector<double> proj(24);
    clv::projected_survivors(m, 1000, proj);
    all.insert(all.end(), proj.begin(), proj.end());
    all.push_back(clv::discounted_expected_lifetime(m, 0.1));
    all.push_back(clv::survival(m, 12));
    return all;
  };
  const auto expected = compute(1);
  expect_same_from_threads([&](int t) { return compute(1 + t % 2); }, expected);
}

TEST(ThreadSafety, BgBbFittedModelFromManyThreads) {
  auto d = read_csv(example_data("donations.csv"));
  const auto fit = clv::fit_bg_bb(d["frequency"], d["recency"], d["periods"], d["weights"]);
  ASSERT_TRUE(fit.report.converged);
  const clv::bg_bb_params m = fit.params;
  const auto& x = d["frequency"];
  const auto& tx = d["recency"];
  const auto& n = d["periods"];
  const auto compute = [&](unsigned threads) {
    const clv::run_options run{.threads = threads};
    std::vector<double> all, out(x.size());
    clv::probability_alive(m, x, tx, n, out, run);
    all.insert(all.end(), out.begin(), out.end());
    clv::conditional_expected_purchases(m, x, tx, n, 5.0, out, run);
    all.insert(all.end(), out.begin(), out.end());
    clv::discounted_expected_residual_transactions(m, 0.1, x, tx, n, out, run);
    all.insert(all.end(), out.begin(), out.end());
    clv::probability_of_purchases(m, n, x, out, run);
    all.insert(all.end(), out.begin(), out.end());
    clv::expected_purchases(m, n, out, run);
    all.insert(all.end(), out.begin(), out.end());
    all.push_back(clv::log_likelihood(m, x, tx, n, d["weights"]));
    return all;
  };
  const auto expected = compute(1);
  expect_same_from_threads([&](int t) { return compute(1 + t % 2); }, expected);
}

namespace {

/// Every number of an evaluation, in order (bit patterns compared by the caller).
std::vector<double> flatten(const okr::evaluation& ev) {
  std::vector<double> all{ev.elapsed};
  for (const auto& k : ev.key_results) {
    all.insert(all.end(), {k.current, k.p_raw, k.progress, k.expected, k.in_band_share,
                           static_cast<double>(k.status), static_cast<double>(k.check_ins_used)});
  }
  for (const auto& o : ev.objectives)
    all.insert(all.end(), {o.own_score, o.score, static_cast<double>(o.status), static_cast<double>(o.grade),
                           o.p_all_targets, o.p_all_green});
  return all;
}

}  // namespace

TEST(ThreadSafety, OkrSetEvaluatedFromManyThreads) {
  const auto set = okr::load_json(std::string(NORTHSTAR_SOURCE_DIR) + "/examples/data/okrs.json");
  using namespace std::chrono;
  const auto options = [](unsigned threads) {
    okr::evaluation_options o;
    o.as_of = sys_seconds{sys_days{2026y / February / 15}};
    o.rollup = okr::rollup_mode::pooled;
    o.threads = northstar::thread_count{threads};
    return o;
  };
  const auto reference = okr::evaluate(set, options(1));
  const auto expected = flatten(reference);
  const std::string report = okr::write_report_json(set, reference, options(1));
  std::atomic<int> report_mismatches{0};
  expect_same_from_threads(
      [&](int t) {
        const auto o = options(1 + t % 2);
        const auto ev = okr::evaluate(set, o);
        if (okr::write_report_json(set, ev, options(1)) != report) report_mismatches.fetch_add(1);
        return flatten(ev);
      },
      expected, 3);
  EXPECT_EQ(report_mismatches.load(), 0);
}

namespace {

struct closed_form_data {
  std::vector<double> aov, freq, life, cac;
  std::vector<std::uint32_t> segment, many_segments;
  explicit closed_form_data(std::size_t n) : aov(n), freq(n), life(n), cac(n), segment(n), many_segments(n) {
    std::uint64_t s = 88172645463325252ull;  // xorshift64: a fixed, platform-independent sequence
    const auto next = [&] {
      s ^= s << 13;
      s ^= s >> 7;
      s ^= s << 17;
      return static_cast<double>(s >> 11) * 0x1.0p-53;
    };
    for (std::size_t i = 0; i < n; ++i) {
      aov[i] = 10 + 90 * next();
      freq[i] = 12 * next();
      life[i] = 5 * next();
      cac[i] = 40 * next();
      segment[i] = static_cast<std::uint32_t>(i % 7);
      many_segments[i] = static_cast<std::uint32_t>((i * 2654435761u) % 5000);
    }
  }
  [[nodiscard]] clv::margin_clv<double> formula() const {
    return {.average_order_value = aov,
            .gross_margin = 0.3,
            .purchase_frequency = freq,
            .lifespan = life,
            .acquisition_cost = cac};
  }
};

}  // namespace

TEST(ThreadSafety, ClosedFormEvaluateWithThreadsCalledConcurrently) {
  const closed_form_data d(40000);
  const auto f = d.formula();
  std::vector<double> expected(d.aov.size());
  clv::evaluate(f, std::span(expected), {.threads = 1});
  expect_same_from_threads(
      [&](int t) {
        std::vector<double> out(d.aov.size());
        clv::evaluate(f, std::span(out),
                      {.threads = 3, .check = t % 2 ? clv::validation::fused : clv::validation::upfront});
        return out;
      },
      expected);
}

TEST(ThreadSafety, ClosedFormAggregateWithThreadsCalledConcurrently) {
  // Over 3 blocks of 65,536 customers, so that each call runs 3 parts; 7
  // labels (8 lanes each) and 5,000 (one lane; the merge across parts runs
  // on 2 threads).
  const closed_form_data d(3 * 65536 + 1234);
  const auto f = d.formula();
  const clv::aggregate_request req{
      .quantiles = {0.1, 0.5, 0.9}, .top = 5, .segments = d.segment, .segment_count = 7};
  const clv::aggregate_request many{.segments = d.many_segments, .segment_count = 5000};
  const auto flat = [](const clv::aggregates& a) {
    std::vector<double> all{static_cast<double>(a.count), a.total, a.mean, a.min, a.max};
    all.insert(all.end(), a.quantiles.begin(), a.quantiles.end());
    for (const auto& e : a.top) all.insert(all.end(), {static_cast<double>(e.index), e.value});
    all.insert(all.end(), a.segment_totals.begin(), a.segment_totals.end());
    for (auto c : a.segment_counts) all.push_back(static_cast<double>(c));
    return all;
  };
  const auto both = [&](unsigned threads) {
    auto all = flat(clv::aggregate(f, req, {.threads = threads}));
    const auto more = flat(clv::aggregate(f, many, {.threads = threads}));
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };
  // One thread is the reference: the results do not depend on the thread count.
  const auto expected = both(1);
  expect_same_from_threads([&](int) { return both(3); }, expected);
}
