// The BG/NBD simulator: reproducibility, daily resolution, recovery of the
// parameters by the fit, P(alive) calibration, bad options.
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/simulate.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace clv = northstar::clv;
using northstar::errc;

TEST(Simulate, SameSeedSameCustomers) {
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  clv::bg_nbd_simulation o;
  o.customers = 2000;
  o.spend = clv::gamma_gamma_params{6.25, 3.74, 15.44};
  const auto a = clv::simulate_bg_nbd(p, o), b = clv::simulate_bg_nbd(p, o);
  EXPECT_EQ(a.frequency, b.frequency);
  EXPECT_EQ(a.recency, b.recency);
  EXPECT_EQ(a.age, b.age);
  EXPECT_EQ(a.mean_spend, b.mean_spend);
  o.seed = 43;
  const auto c = clv::simulate_bg_nbd(p, o);
  EXPECT_NE(a.age, c.age);
  EXPECT_NO_THROW(clv::validate(a.view(), "test"));
}

TEST(Simulate, RecoversParametersOnALargeSample) {
  const clv::bg_nbd_params truth{0.243, 4.414, 0.793, 2.426};
  clv::bg_nbd_simulation o;
  o.customers = 100000;
  o.min_age = 27;
  o.max_age = 39;
  o.seed = 2024;
  const auto s = clv::simulate_bg_nbd(truth, o);
  const auto fit = clv::fit_bg_nbd(s.view());
  // Within 4 standard errors of the truth (a failure here would mean a biased simulator or fit).
  EXPECT_LT(std::abs(fit.params.r - truth.r), 4 * fit.standard_errors.r);
  EXPECT_LT(std::abs(fit.params.alpha - truth.alpha), 4 * fit.standard_errors.alpha);
  EXPECT_LT(std::abs(fit.params.a - truth.a), 4 * fit.standard_errors.a);
  EXPECT_LT(std::abs(fit.params.b - truth.b), 4 * fit.standard_errors.b);
  // P(alive) is calibrated: its mean matches the simulated share alive within 4 binomial sd.
  std::vector<double> alive(s.frequency.size());
  clv::probability_alive(truth, s.view(), alive);
  double mean = 0, share = 0, var = 0;
  for (std::size_t i = 0; i < alive.size(); ++i) {
    mean += alive[i];
    share += s.alive[i];
    var += alive[i] * (1 - alive[i]);
  }
  EXPECT_LT(std::abs(mean - share), 4 * std::sqrt(var));
}

TEST(Simulate, SpendRecoversGammaGamma) {
  const clv::gamma_gamma_params truth{6.25, 3.74, 15.44};
  clv::bg_nbd_simulation o;
  o.customers = 60000;
  o.spend = truth;
  o.seed = 7;
  const auto s = clv::simulate_bg_nbd(clv::bg_nbd_params{0.8, 4.414, 0.793, 2.426}, o);
  const auto fit = clv::fit_gamma_gamma(s.frequency, s.mean_spend);
  EXPECT_LT(std::abs(fit.params.p - truth.p), 4 * fit.standard_errors.p);
  EXPECT_LT(std::abs(fit.params.q - truth.q), 4 * fit.standard_errors.q);
  EXPECT_LT(std::abs(fit.params.gamma - truth.gamma), 4 * fit.standard_errors.gamma);
}

TEST(Simulate, DailyResolutionMakesALog) {
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  clv::bg_nbd_simulation o;
  o.customers = 50000;
  o.min_age = 27;
  o.max_age = 39;
  o.resolution = 1.0 / 7;
  const auto s = clv::simulate_bg_nbd(p, o);
  for (std::size_t i = 0; i < s.frequency.size(); ++i) {
    const double days_T = s.age[i] * 7, days_t = s.recency[i] * 7;
    ASSERT_NEAR(days_T, std::round(days_T), 1e-9);
    ASSERT_NEAR(days_t, std::round(days_t), 1e-9);
    ASSERT_GE(days_T, 189 - 1e-9);
    ASSERT_LE(days_T, 273 + 1e-9);
    if (s.frequency[i] > 0) {
      ASSERT_GE(days_t, 1 - 1e-9);
    }
  }
  // Whole days repeat: far fewer patterns than customers; continuous times do not repeat.
  EXPECT_LT(clv::compress(s.view()).size(), s.frequency.size() / 2);
  o.resolution = 0;
  const auto cont = clv::simulate_bg_nbd(p, o);
  EXPECT_EQ(clv::compress(cont.view()).size(), cont.frequency.size());
}

TEST(Simulate, RejectsBadOptions) {
  const clv::bg_nbd_params p{0.243, 4.414, 0.793, 2.426};
  auto expect = [&](clv::bg_nbd_simulation o, errc code, const std::string& msg) {
    try {
      clv::simulate_bg_nbd(p, o);
      ADD_FAILURE() << "no throw: " << msg;
    } catch (const northstar::error& e) {
      EXPECT_EQ(e.code(), code);
      EXPECT_EQ(std::string(e.what()), msg);
    }
  };
  clv::bg_nbd_simulation o;
  o.min_age = 0;
  expect(o, errc::invalid_argument, "simulate_bg_nbd: min_age = 0: must be finite and > 0");
  o = {};
  o.max_age = 0.5;
  expect(o, errc::invalid_argument, "simulate_bg_nbd: max_age = 0.5: must be finite and >= min_age");
  o = {};
  o.resolution = -1;
  expect(o, errc::invalid_argument, "simulate_bg_nbd: resolution = -1: must be finite and >= 0");
  o = {};
  o.min_age = 1.1;
  o.max_age = 1.2;
  o.resolution = 1;
  expect(o, errc::invalid_argument,
         "simulate_bg_nbd: resolution = 1: leaves no whole step between min_age and max_age");
  o = {};
  o.spend = clv::gamma_gamma_params{1, 0, 1};
  expect(o, errc::invalid_argument, "simulate_bg_nbd: q = 0: must be > 0");
  try {
    clv::simulate_bg_nbd(clv::bg_nbd_params{1, 1, 1, -1}, {});
    ADD_FAILURE();
  } catch (const northstar::error& e) {
    EXPECT_EQ(std::string(e.what()), "simulate_bg_nbd: b = -1: must be > 0");
  }
}
