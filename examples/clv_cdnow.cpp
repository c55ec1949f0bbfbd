// CDNOW end to end: transaction log -> customer summary -> BG/NBD, Pareto/NBD
// and Gamma-Gamma fits -> holdout check -> top customers by CLV.
//
// Data: examples/data/CDNOW_sample.txt, the 2,357-customer CDNOW sample of
// Fader & Hardie (see examples/data/README.md for source and attribution).
// Calibration 1997-01-01 .. 1997-09-30 (39 weeks), holdout to 1998-06-30.
//
// Run from the repository root: build/dev/examples/clv_cdnow [path/to/CDNOW_sample.txt]
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/pareto_nbd.hpp>
#include <northstar/clv/summary.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <numeric>
#include <string>
#include <vector>

namespace clv = northstar::clv;

int main(int argc, char** argv) try {
  const std::string path = argc > 1 ? argv[1] : "examples/data/CDNOW_sample.txt";

  // 1. Transactions -> per-customer (x, t_x, T, zbar) in weeks, plus the holdout.
  const clv::transaction_log log = clv::read_transactions_csv(path, clv::cdnow_csv_format());
  clv::summary_options opt;
  opt.unit = clv::time_unit::weeks;
  opt.calibration_end = clv::civil_day(1997, 9, 30);
  opt.holdout_end = clv::civil_day(1998, 6, 30);
  opt.aggregate_same_day = true;
  const clv::customer_summary s = clv::summarize(log, opt);
  const clv::rfm_view data{s.frequency, s.recency, s.age};
  std::size_t repeaters = 0;
  for (double x : s.frequency) repeaters += x > 0;
  std::printf("CDNOW sample: %zu transactions, %zu customers (%zu repeat buyers in calibration)\n",
              log.customer.size(), s.size(), repeaters);
  std::printf("calibration to 1997-09-30, holdout of %.2f weeks to 1998-06-30\n\n", s.holdout_length);

  // 2. Fits, with standard errors from the observed information.
  const clv::bg_nbd_fit bg = clv::fit_bg_nbd(data);
  const clv::pareto_nbd_fit pn = clv::fit_pareto_nbd(data);
  const clv::gamma_gamma_fit gg = clv::fit_gamma_gamma(s.frequency, s.monetary);
  std::printf(
      "BG/NBD      r = %.4f (%.4f)  alpha = %.4f (%.4f)  a = %.4f (%.4f)  b = %.4f (%.4f)  LL = %.2f\n",
      bg.params.r, bg.standard_errors.r, bg.params.alpha, bg.standard_errors.alpha, bg.params.a,
      bg.standard_errors.a, bg.params.b, bg.standard_errors.b, bg.report.log_likelihood);
  std::printf(
      "Pareto/NBD  r = %.4f (%.4f)  alpha = %.4f (%.4f)  s = %.4f (%.4f)  beta = %.4f (%.4f)  LL = %.2f\n",
      pn.params.r, pn.standard_errors.r, pn.params.alpha, pn.standard_errors.alpha, pn.params.s,
      pn.standard_errors.s, pn.params.beta, pn.standard_errors.beta, pn.report.log_likelihood);
  std::printf(
      "Gamma-Gamma p = %.4f (%.4f)  q = %.4f (%.4f)  gamma = %.4f (%.4f)  LL = %.2f  (%zu repeat buyers)\n",
      gg.params.p, gg.standard_errors.p, gg.params.q, gg.standard_errors.q, gg.params.gamma,
      gg.standard_errors.gamma, gg.report.log_likelihood, gg.patterns);
  std::printf(
      "(published: BG/NBD 0.243 4.414 0.793 2.426, LL -9582.4; Pareto/NBD 0.553 10.578 0.606 11.669, "
      "LL -9595.0)\n\n");

  // 3. Calibration vs holdout: mean purchases per customer in the holdout,
  //    actual and predicted, by number of repeat purchases in calibration.
  std::vector<double> bg_pred(s.size()), pn_pred(s.size());
  clv::conditional_expected_purchases(bg.params, data, s.holdout_length, bg_pred);
  clv::conditional_expected_purchases(pn.params, data, s.holdout_length, pn_pred);
  std::printf("holdout purchases per customer by calibration repeat purchases x\n");
  std::printf("   x  customers   actual   BG/NBD  Pareto/NBD\n");
  double tot_actual = 0, tot_bg = 0, tot_pn = 0;
  for (int group = 0; group <= 7; ++group) {
    double n = 0, actual = 0, b = 0, p = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const int x = static_cast<int>(s.frequency[i]);
      if (group < 7 ? x != group : x < 7) continue;
      n += 1;
      actual += s.holdout_frequency[i];
      b += bg_pred[i];
      p += pn_pred[i];
    }
    tot_actual += actual;
    tot_bg += b;
    tot_pn += p;
    const std::string label = group < 7 ? std::to_string(group) : "7+";
    std::printf("  %2s  %9.0f  %7.3f  %7.3f  %10.3f\n", label.c_str(), n, actual / n, b / n, p / n);
  }
  std::printf(" all  %9zu  %7.0f  %7.0f  %10.0f   (totals)\n\n", s.size(), tot_actual, tot_bg, tot_pn);

  // 4. CLV over the next 12 months (months of 30.4375 days = 4.348 weeks) at 1%
  //    per month: BG/NBD discounted purchases x Gamma-Gamma expected spend.
  std::vector<double> spend(s.size()), value(s.size()), alive(s.size());
  clv::conditional_expected_spend(gg.params, s.frequency, s.monetary, spend);
  const clv::per_period_discount monthly{12, clv::days_per(clv::time_unit::months) / 7.0, 0.01};
  clv::customer_lifetime_value(bg.params, data, spend, monthly, value);
  clv::probability_alive(bg.params, data, alive);
  std::vector<std::size_t> order(s.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::partial_sort(order.begin(), order.begin() + 10, order.end(),
                    [&](std::size_t a, std::size_t b) { return value[a] > value[b]; });
  std::printf("top 10 customers by 12-month CLV (BG/NBD x Gamma-Gamma, 1%% per month)\n");
  std::printf("    id   x     t_x       T     zbar  P(alive)  E[spend]      CLV\n");
  for (std::size_t k = 0; k < 10; ++k) {
    const std::size_t i = order[k];
    std::printf("  %4lld  %2.0f  %6.2f  %6.2f  %7.2f  %8.3f  %8.2f  %7.2f\n", static_cast<long long>(s.id[i]),
                s.frequency[i], s.recency[i], s.age[i], s.monetary[i], alive[i], spend[i], value[i]);
  }
  double total = 0;
  for (double v : value) total += v;
  std::printf("total 12-month CLV of the %zu customers: %.2f\n", s.size(), total);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "clv_cdnow: %s\n", e.what());
  return 1;
}
