// The C wrappers of the transaction models, Gamma-Gamma and summaries against
// the C++ functions on the same inputs: the C API must pass every argument
// through unchanged, so the results are bit for bit equal.
#include <northstar/northstar.h>
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/mbg_nbd.hpp>
#include <northstar/clv/pareto_nbd.hpp>
#include <northstar/clv/summary.hpp>

#include "support.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace clv = northstar::clv;

namespace {

// The CDNOW summaries with spend, also as the C API's northstar_rfm.
struct cdnow : northstar_test::rfm_data {
  cdnow() : rfm_data(northstar_test::cdnow_with_spend()) {}
  [[nodiscard]] northstar_rfm c() const { return {x.data(), tx.data(), T.data(), nullptr}; }
  [[nodiscard]] std::size_t size() const { return x.size(); }
};

const cdnow& data() {
  static const cdnow d;
  return d;
}

TEST(CApiModels, BgNbdEqualsCxx) {
  const auto& d = data();
  const northstar_rfm rfm = d.c();
  const std::size_t n = d.size();
  northstar_bg_nbd* h = nullptr;
  ASSERT_EQ(northstar_bg_nbd_fit(&rfm, n, nullptr, &h), NORTHSTAR_OK) << northstar_last_error();
  const auto f = clv::fit_bg_nbd(d.view());
  std::array<double, 4> p{}, se{};
  ASSERT_EQ(northstar_bg_nbd_parameters(h, p.data()), NORTHSTAR_OK);
  ASSERT_EQ(northstar_bg_nbd_standard_errors(h, se.data()), NORTHSTAR_OK);
  EXPECT_EQ(p, (std::array<double, 4>{f.params.r, f.params.alpha, f.params.a, f.params.b}));
  EXPECT_EQ(se, (std::array<double, 4>{f.standard_errors.r, f.standard_errors.alpha, f.standard_errors.a,
                                       f.standard_errors.b}));
  std::array<double, 16> cov{};
  ASSERT_EQ(northstar_bg_nbd_covariance(h, cov.data()), NORTHSTAR_OK);
  EXPECT_EQ(cov, f.covariance);
  northstar_fit_report rep{};
  ASSERT_EQ(northstar_bg_nbd_report(h, &rep), NORTHSTAR_OK);
  EXPECT_EQ(rep.iterations, f.report.iterations);
  EXPECT_EQ(rep.log_likelihood, f.report.log_likelihood);
  EXPECT_EQ(rep.gradient_norm, f.report.gradient_norm);

  std::vector<double> c(n), cxx(n);
  ASSERT_EQ(northstar_bg_nbd_probability_alive(h, &rfm, n, nullptr, c.data()), NORTHSTAR_OK);
  clv::probability_alive(f.params, d.view(), cxx);
  EXPECT_EQ(c, cxx);
  ASSERT_EQ(northstar_bg_nbd_conditional_expected_purchases(h, 52, &rfm, n, nullptr, c.data()), NORTHSTAR_OK);
  clv::conditional_expected_purchases(f.params, d.view(), 52, cxx);
  EXPECT_EQ(c, cxx);
  ASSERT_EQ(northstar_bg_nbd_expected_purchases(h, d.T.data(), n, nullptr, c.data()), NORTHSTAR_OK);
  clv::expected_purchases(f.params, d.T, cxx);
  EXPECT_EQ(c, cxx);
  ASSERT_EQ(northstar_bg_nbd_probability_of_purchases(h, d.T.data(), d.x.data(), n, nullptr, c.data()),
            NORTHSTAR_OK);
  clv::probability_of_purchases(f.params, d.T, d.x, cxx);
  EXPECT_EQ(c, cxx);
  const northstar_per_period_discount per{12, 4.345, 0.01};
  const northstar_continuous_discount cont{52, 0.002};
  ASSERT_EQ(northstar_bg_nbd_discounted_expected_purchases_per_period(h, per, &rfm, n, nullptr, c.data()),
            NORTHSTAR_OK);
  clv::discounted_expected_purchases(f.params, d.view(), clv::per_period_discount{12, 4.345, 0.01}, cxx);
  EXPECT_EQ(c, cxx);
  ASSERT_EQ(northstar_bg_nbd_discounted_expected_purchases_continuous(h, cont, &rfm, n, nullptr, c.data()),
            NORTHSTAR_OK);
  clv::discounted_expected_purchases(f.params, d.view(), clv::continuous_discount{52, 0.002}, cxx);
  EXPECT_EQ(c, cxx);
  ASSERT_EQ(
      northstar_bg_nbd_customer_lifetime_value_per_period(h, per, &rfm, d.zbar.data(), n, nullptr, c.data()),
      NORTHSTAR_OK);
  clv::customer_lifetime_value(f.params, d.view(), d.zbar, clv::per_period_discount{12, 4.345, 0.01}, cxx);
  EXPECT_EQ(c, cxx);
  double ll = 0;
  ASSERT_EQ(northstar_bg_nbd_log_likelihood(h, &rfm, n, nullptr, &ll), NORTHSTAR_OK);
  EXPECT_EQ(ll, clv::log_likelihood(f.params, d.view()));
  northstar_bg_nbd_destroy(h);
}

TEST(CApiModels, MbgNbdEqualsCxx) {
  const auto& d = data();
  const northstar_rfm rfm = d.c();
  const std::size_t n = d.size();
  northstar_mbg_nbd* h = nullptr;
  ASSERT_EQ(northstar_mbg_nbd_fit(&rfm, n, nullptr, &h), NORTHSTAR_OK) << northstar_last_error();
  const auto f = clv::fit_mbg_nbd(d.view());
  std::array<double, 4> p{};
  ASSERT_EQ(northstar_mbg_nbd_parameters(h, p.data()), NORTHSTAR_OK);
  EXPECT_EQ(p, (std::array<double, 4>{f.params.r, f.params.alpha, f.params.a, f.params.b}));
  std::vector<double> c(n), cxx(n);
  ASSERT_EQ(northstar_mbg_nbd_probability_alive(h, &rfm, n, nullptr, c.data()), NORTHSTAR_OK);
  clv::probability_alive(f.params, d.view(), cxx);
  EXPECT_EQ(c, cxx);
  ASSERT_EQ(northstar_mbg_nbd_conditional_expected_purchases(h, 39, &rfm, n, nullptr, c.data()),
            NORTHSTAR_OK);
  clv::conditional_expected_purchases(f.params, d.view(), 39, cxx);
  EXPECT_EQ(c, cxx);
  ASSERT_EQ(northstar_mbg_nbd_probability_of_purchases(h, d.T.data(), d.x.data(), n, nullptr, c.data()),
            NORTHSTAR_OK);
  clv::probability_of_purchases(f.params, d.T, d.x, cxx);
  EXPECT_EQ(c, cxx);
  northstar_mbg_nbd_destroy(h);
}

TEST(CApiModels, ParetoNbdEqualsCxx) {
  const auto& d = data();
  const northstar_rfm rfm = d.c();
  const std::size_t n = d.size();
  northstar_pareto_nbd* h = nullptr;
  ASSERT_EQ(northstar_pareto_nbd_fit(&rfm, n, nullptr, &h), NORTHSTAR_OK) << northstar_last_error();
  const auto f = clv::fit_pareto_nbd(d.view());
  std::array<double, 4> p{};
  ASSERT_EQ(northstar_pareto_nbd_parameters(h, p.data()), NORTHSTAR_OK);
  EXPECT_EQ(p, (std::array<double, 4>{f.params.r, f.params.alpha, f.params.s, f.params.beta}));
  std::vector<double> c(n), cxx(n);
  ASSERT_EQ(northstar_pareto_nbd_probability_alive(h, &rfm, n, nullptr, c.data()), NORTHSTAR_OK);
  clv::probability_alive(f.params, d.view(), cxx);
  EXPECT_EQ(c, cxx);
  ASSERT_EQ(
      northstar_pareto_nbd_discounted_expected_residual_transactions(h, 0.01, &rfm, n, nullptr, c.data()),
      NORTHSTAR_OK);
  clv::discounted_expected_residual_transactions(f.params, d.view(), 0.01, cxx);
  EXPECT_EQ(c, cxx);
  ASSERT_EQ(northstar_pareto_nbd_conditional_expected_purchases(h, 39, &rfm, n, nullptr, c.data()),
            NORTHSTAR_OK);
  clv::conditional_expected_purchases(f.params, d.view(), 39.0, cxx);
  EXPECT_EQ(c, cxx);
  const std::vector<double> t(20, 39.0),
      k{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
  std::vector<double> c20(20), cxx20(20);
  ASSERT_EQ(northstar_pareto_nbd_probability_of_purchases(h, t.data(), k.data(), 20, nullptr, c20.data()),
            NORTHSTAR_OK);
  clv::probability_of_purchases(f.params, std::span<const double>(t), std::span<const double>(k), cxx20);
  EXPECT_EQ(c20, cxx20);
  northstar_pareto_nbd_destroy(h);
}

TEST(CApiModels, GammaGammaEqualsCxx) {
  const auto& d = data();
  const std::size_t n = d.size();
  northstar_gamma_gamma* h = nullptr;
  ASSERT_EQ(northstar_gamma_gamma_fit(d.x.data(), d.zbar.data(), nullptr, n, nullptr, &h), NORTHSTAR_OK)
      << northstar_last_error();
  const auto f = clv::fit_gamma_gamma(d.x, d.zbar);
  std::array<double, 3> p{};
  ASSERT_EQ(northstar_gamma_gamma_parameters(h, p.data()), NORTHSTAR_OK);
  EXPECT_EQ(p, (std::array<double, 3>{f.params.p, f.params.q, f.params.gamma}));
  std::array<double, 3> se{};
  std::array<double, 9> cov{};
  ASSERT_EQ(northstar_gamma_gamma_standard_errors(h, se.data()), NORTHSTAR_OK);
  ASSERT_EQ(northstar_gamma_gamma_covariance(h, cov.data()), NORTHSTAR_OK);
  EXPECT_EQ(se, clv::to_array(f.standard_errors));
  EXPECT_EQ(cov, f.covariance);
  std::vector<double> c(n), cxx(n);
  ASSERT_EQ(
      northstar_gamma_gamma_conditional_expected_spend(h, d.x.data(), d.zbar.data(), n, nullptr, c.data()),
      NORTHSTAR_OK);
  clv::conditional_expected_spend(f.params, d.x, d.zbar, cxx);
  EXPECT_EQ(c, cxx);
  northstar_gamma_gamma_destroy(h);
}

TEST(CApiModels, SummaryEqualsCxx) {
  const std::string path = northstar_test::example_data("CDNOW_sample.txt");
  clv::summary_options o;
  o.calibration_end = clv::civil_day(1997, 9, 30);
  o.holdout_end = clv::civil_day(1998, 6, 30);
  const auto want = clv::summarize(clv::read_transactions_csv(path, clv::cdnow_csv_format()), o);
  northstar_summary_options co = northstar_summary_options_default(*o.calibration_end);
  co.has_holdout = 1;
  co.holdout_end = *o.holdout_end;
  const northstar_csv_format fmt = northstar_csv_format_cdnow();
  northstar_summary* s = nullptr;
  ASSERT_EQ(northstar_summarize_csv(path.c_str(), &fmt, &co, &s), NORTHSTAR_OK) << northstar_last_error();
  northstar_summary_info info{};
  ASSERT_EQ(northstar_summary_get_info(s, &info), NORTHSTAR_OK);
  ASSERT_EQ(info.customers, want.size());
  EXPECT_EQ(info.transactions_after_end, want.transactions_after_end);
  const std::size_t n = want.size();
  std::vector<std::int64_t> id(n), first(n);
  std::vector<double> x(n), tx(n), T(n), m(n), rs(n), fs(n), hx(n), hs(n);
  const northstar_summary_columns cols{id.data(), first.data(), x.data(),  tx.data(), T.data(),
                                       m.data(),  rs.data(),    fs.data(), hx.data(), hs.data()};
  ASSERT_EQ(northstar_summary_copy(s, n, &cols), NORTHSTAR_OK);
  EXPECT_EQ(id, want.id);
  EXPECT_EQ(first, want.first_day);
  EXPECT_EQ(x, want.frequency);
  EXPECT_EQ(tx, want.recency);
  EXPECT_EQ(T, want.age);
  EXPECT_EQ(m, want.monetary);
  EXPECT_EQ(rs, want.repeat_spend);
  EXPECT_EQ(fs, want.first_spend);
  EXPECT_EQ(hx, want.holdout_frequency);
  EXPECT_EQ(hs, want.holdout_spend);
  northstar_summary_destroy(s);
}

}  // namespace
