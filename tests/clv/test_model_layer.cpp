// The model layer across all six models: descriptors, the meaning of the L2
// penalty (invariant to repeating the data), the lifetimes convention, the
// covariance of the estimates, and the validation of fit_options.
#include <northstar/clv/bg_bb.hpp>
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/mbg_nbd.hpp>
#include <northstar/clv/pareto_nbd.hpp>
#include <northstar/clv/sbg.hpp>

#include <gtest/gtest.h>

#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace clv = northstar::clv;
using northstar::errc;

using northstar_test::cdnow_with_spend;
using northstar_test::rel;

namespace {

std::vector<double> regular_cohort() {
  const auto t = northstar_test::sbg_fader_hardie_2007();
  return {t.regular.begin(), t.regular.begin() + 8};
}

std::vector<double> times(std::vector<double> v, double k) {
  for (double& e : v) e *= k;
  return v;
}

clv::fit_options penalised(double lambda, clv::penalty_convention c = clv::penalty_convention::per_weight) {
  clv::fit_options o;
  o.l2_penalty = lambda;
  o.penalty = c;
  return o;
}

// Each model fitted on its data with weights w (or k times the cohort for sBG).
template <class P>
struct model_case;

template <>
struct model_case<clv::bg_nbd_params> {
  static clv::bg_nbd_fit fit(double k, const clv::fit_options& o) {
    const auto& d = cdnow_with_spend();
    const auto w = std::vector<double>(d.x.size(), k);
    return clv::fit_bg_nbd({d.x, d.tx, d.T, w}, o);
  }
};
template <>
struct model_case<clv::mbg_nbd_params> {
  static clv::mbg_nbd_fit fit(double k, const clv::fit_options& o) {
    const auto& d = cdnow_with_spend();
    const auto w = std::vector<double>(d.x.size(), k);
    return clv::fit_mbg_nbd({d.x, d.tx, d.T, w}, o);
  }
};
template <>
struct model_case<clv::pareto_nbd_params> {
  static clv::pareto_nbd_fit fit(double k, const clv::fit_options& o) {
    const auto& d = cdnow_with_spend();
    const auto w = std::vector<double>(d.x.size(), k);
    return clv::fit_pareto_nbd({d.x, d.tx, d.T, w}, o);
  }
};
template <>
struct model_case<clv::gamma_gamma_params> {
  static clv::gamma_gamma_fit fit(double k, const clv::fit_options& o) {
    const auto& d = cdnow_with_spend();
    const auto w = std::vector<double>(d.x.size(), k);
    return clv::fit_gamma_gamma(d.x, d.zbar, w, o);
  }
};
template <>
struct model_case<clv::sbg_params> {
  static clv::sbg_fit fit(double k, const clv::fit_options& o) {
    return clv::fit_sbg(times(regular_cohort(), k), o);
  }
};
template <>
struct model_case<clv::bg_bb_params> {
  static clv::bg_bb_fit fit(double k, const clv::fit_options& o) {
    static const auto d = northstar_test::donations();
    return clv::fit_bg_bb(d.x, d.tx, d.n, times(d.w, k), o);
  }
};

template <class P>
class ModelLayer : public ::testing::Test {};
using models = ::testing::Types<clv::bg_nbd_params, clv::mbg_nbd_params, clv::pareto_nbd_params,
                                clv::gamma_gamma_params, clv::sbg_params, clv::bg_bb_params>;
TYPED_TEST_SUITE(ModelLayer, models);

}  // namespace

TYPED_TEST(ModelLayer, DescriptorRoundTripsTheParameters) {
  using P = TypeParam;
  using D = clv::model_descriptor<P>;
  static_assert(D::parameter_names.size() == D::members.size());
  std::array<double, clv::parameter_count<P>> v{};
  for (std::size_t k = 0; k < v.size(); ++k) v[k] = 0.5 + static_cast<double>(k);
  const P p = clv::from_array<P>(v);
  EXPECT_EQ(clv::to_array(p), v);
  EXPECT_FALSE(D::name.empty());
}

TYPED_TEST(ModelLayer, PenaltyDoesNotDependOnHowOftenTheDataIsRepeated) {
  // The same l2_penalty on data whose every weight is multiplied by 7 gives the same estimate:
  // the penalty is W * lambda * sum theta^2 for every model.
  using P = TypeParam;
  for (double lambda : {0.0, 0.01}) {
    const auto once = model_case<P>::fit(1.0, penalised(lambda));
    const auto seven = model_case<P>::fit(7.0, penalised(lambda));
    const auto a = clv::to_array(once.params), b = clv::to_array(seven.params);
    for (std::size_t k = 0; k < a.size(); ++k)
      EXPECT_LT(rel(b[k], a[k]), 1e-6)
          << clv::model_descriptor<P>::parameter_names[k] << " at lambda " << lambda;
    EXPECT_LT(rel(seven.report.log_likelihood, 7 * once.report.log_likelihood), 1e-9);
  }
  // And the penalty does something: it shrinks sum theta^2.
  const auto plain = clv::to_array(model_case<P>::fit(1.0, penalised(0)).params);
  const auto pen = clv::to_array(model_case<P>::fit(1.0, penalised(0.01)).params);
  double np = 0, nq = 0;
  for (std::size_t k = 0; k < plain.size(); ++k) {
    np += plain[k] * plain[k];
    nq += pen[k] * pen[k];
  }
  EXPECT_LT(nq, np);
}

TYPED_TEST(ModelLayer, CovarianceIsSymmetricWithTheStandardErrorsOnItsDiagonal) {
  using P = TypeParam;
  for (double lambda : {0.0, 0.01}) {
    const auto f = model_case<P>::fit(1.0, penalised(lambda));
    const auto se = clv::to_array(f.standard_errors);
    for (std::size_t j = 0; j < se.size(); ++j) {
      EXPECT_TRUE(std::isfinite(se[j]) && se[j] > 0) << j;
      EXPECT_LT(rel(f.covariance_of(j, j), se[j] * se[j]), 1e-12) << j;
      for (std::size_t k = 0; k < se.size(); ++k) EXPECT_EQ(f.covariance_of(j, k), f.covariance_of(k, j));
    }
  }
}

TYPED_TEST(ModelLayer, StandardErrorsShrinkAsTheSquareRootOfTheData) {
  // Seven times the data: the observed information is seven times larger.
  using P = TypeParam;
  const auto a = clv::to_array(model_case<P>::fit(1.0, penalised(0)).standard_errors);
  const auto b = clv::to_array(model_case<P>::fit(7.0, penalised(0)).standard_errors);
  for (std::size_t k = 0; k < a.size(); ++k) EXPECT_LT(rel(b[k] * std::sqrt(7.0), a[k]), 1e-4) << k;
}

TYPED_TEST(ModelLayer, StartAtTheEstimateStaysThere) {
  using P = TypeParam;
  const auto f = model_case<P>::fit(1.0, penalised(0));
  auto o = penalised(0);
  const auto est = clv::to_array(f.params);
  o.start.assign(est.begin(), est.end());
  const auto g = model_case<P>::fit(1.0, o);
  EXPECT_LE(g.report.iterations, 2);
  const auto again = clv::to_array(g.params);
  for (std::size_t k = 0; k < est.size(); ++k) EXPECT_LT(rel(again[k], est[k]), 1e-6) << k;
}

TYPED_TEST(ModelLayer, BadFitOptionsNameTheOption) {
  using P = TypeParam;
  const std::string fit = std::string(clv::model_descriptor<P>::name) + "::fit: fit_options.";
  const auto expect = [&](const clv::fit_options& o, errc code, const std::string& what) {
    try {
      model_case<P>::fit(1.0, o);
      ADD_FAILURE() << "no error for " << what;
    } catch (const northstar::error& e) {
      EXPECT_EQ(e.code(), code) << e.what();
      EXPECT_NE(std::string(e.what()).find(fit + what), std::string::npos) << e.what();
    }
  };
  clv::fit_options o;
  o.l2_penalty = INFINITY;
  expect(o, errc::not_finite, "l2_penalty = inf: must be finite");
  o.l2_penalty = -1;
  expect(o, errc::invalid_argument, "l2_penalty = -1: must be >= 0");
  o = {};
  o.max_iterations = 0;
  expect(o, errc::invalid_argument, "max_iterations = 0: must be > 0");
  o = {};
  o.gradient_tolerance = 0;
  expect(o, errc::invalid_argument, "gradient_tolerance = 0: must be > 0");
  o.gradient_tolerance = NAN;
  expect(o, errc::not_finite, "gradient_tolerance = nan: must be finite");
  o = {};
  o.start.assign(clv::parameter_count<P> + 1, 1.0);
  expect(o, errc::size_mismatch, "start has " + std::to_string(clv::parameter_count<P> + 1) + " values");
  o.start.assign(clv::parameter_count<P>, 1.0);
  o.start.back() = 0;
  expect(o, errc::invalid_argument, "start[" + std::to_string(clv::parameter_count<P> - 1) + "] = 0");
  o.start.back() = NAN;
  expect(o, errc::not_finite, "start[" + std::to_string(clv::parameter_count<P> - 1) + "] = nan");
}

// ---------------------------------------------------------------- the lifetimes convention

TEST(LifetimesPenalty, DiscreteModelsHaveNone) {
  const auto o = penalised(0.01, clv::penalty_convention::lifetimes);
  EXPECT_THROW(model_case<clv::sbg_params>::fit(1.0, o), northstar::error);
  EXPECT_THROW(model_case<clv::bg_bb_params>::fit(1.0, o), northstar::error);
  try {
    model_case<clv::sbg_params>::fit(1.0, o);
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("sbg::fit: fit_options.penalty = lifetimes"), std::string::npos);
  }
}

TEST(LifetimesPenalty, GammaGammaIsThePerWeightPenalty) {
  // lifetimes' Gamma-Gamma objective is the mean log-likelihood plus lambda sum theta^2, unscaled.
  const auto a = model_case<clv::gamma_gamma_params>::fit(1.0, penalised(0.01));
  const auto b =
      model_case<clv::gamma_gamma_params>::fit(1.0, penalised(0.01, clv::penalty_convention::lifetimes));
  EXPECT_EQ(clv::to_array(a.params), clv::to_array(b.params));
}

TEST(LifetimesPenalty, TransactionModelsPenaliseTimeScalesInUnitsOfTheLargestAge) {
  // On data with max T = 1 the time scaling is the identity: BG/NBD's lifetimes penalty is then the
  // per-weight one, and Pareto/NBD's (log-likelihood divided by the mean weight, here 1) is the
  // per-weight one at lambda / customers.
  const auto& d = cdnow_with_spend();
  const double max_T = *std::max_element(d.T.begin(), d.T.end());
  const auto tx = times(d.tx, 1 / max_T), T = times(d.T, 1 / max_T);
  const clv::rfm_view scaled{d.x, tx, T};
  const auto lifetimes = penalised(0.01, clv::penalty_convention::lifetimes);
  const auto bg_l = clv::fit_bg_nbd(scaled, lifetimes), bg_w = clv::fit_bg_nbd(scaled, penalised(0.01));
  const auto mbg_l = clv::fit_mbg_nbd(scaled, lifetimes), mbg_w = clv::fit_mbg_nbd(scaled, penalised(0.01));
  EXPECT_EQ(clv::to_array(bg_l.params), clv::to_array(bg_w.params));
  EXPECT_EQ(clv::to_array(mbg_l.params), clv::to_array(mbg_w.params));
  const double n = static_cast<double>(d.x.size());
  const auto pn_l = clv::fit_pareto_nbd(scaled, lifetimes),
             pn_w = clv::fit_pareto_nbd(scaled, penalised(0.01 / n));
  const auto l = clv::to_array(pn_l.params), w = clv::to_array(pn_w.params);
  for (std::size_t k = 0; k < 4; ++k) EXPECT_LT(rel(l[k], w[k]), 1e-9) << k;
  // In weeks the conventions differ: lifetimes penalises alpha * (1 / max T), far less than alpha.
  const auto weeks_l = clv::fit_bg_nbd({d.x, d.tx, d.T}, lifetimes);
  const auto weeks_w = clv::fit_bg_nbd({d.x, d.tx, d.T}, penalised(0.01));
  EXPECT_GT(weeks_l.params.alpha, weeks_w.params.alpha)
      << weeks_l.params.alpha << " vs " << weeks_w.params.alpha;
  // The time scale is a property of the data, not of its unit: days instead of weeks scale alpha by 7.
  const auto dtx = times(d.tx, 7), dT = times(d.T, 7);
  const auto days_l = clv::fit_bg_nbd({d.x, dtx, dT}, lifetimes);
  EXPECT_LT(rel(days_l.params.alpha, 7 * weeks_l.params.alpha), 1e-6);
  EXPECT_LT(rel(days_l.params.r, weeks_l.params.r), 1e-6);
}

// ---------------------------------------------------------------- data that identify nothing

TEST(NotIdentified, FitsOnDataWithoutInformationSaySo) {
  // Nobody repeated, or a single customer: the likelihood is maximal at a boundary.
  const std::vector<double> zeros(50, 0.0), ages(50, 30.0);
  const std::vector<double> one_x{3}, one_tx{20}, one_T{30};
  const std::vector<std::function<clv::fit_report(const clv::fit_options&)>> fits{
      [&](const clv::fit_options& o) {
        return clv::fit_bg_nbd({zeros, zeros, ages}, o).report;
      },
      [&](const clv::fit_options& o) {
        return clv::fit_bg_nbd({one_x, one_tx, one_T}, o).report;
      },
      [&](const clv::fit_options& o) {
        return clv::fit_pareto_nbd({one_x, one_tx, one_T}, o).report;
      },
  };
  for (std::size_t i = 0; i < fits.size(); ++i) {
    try {
      fits[i](clv::fit_options{});
      ADD_FAILURE() << "case " << i << ": no error";
    } catch (const northstar::error& e) {
      EXPECT_EQ(e.code(), errc::not_converged) << e.what();
      EXPECT_NE(std::string(e.what()).find("not identified"), std::string::npos) << e.what();
    }
    clv::fit_options quiet;
    quiet.throw_on_failure = false;
    const auto r = fits[i](quiet);
    EXPECT_FALSE(r.converged) << i;
    EXPECT_NE(r.reason.find("not identified"), std::string::npos) << r.reason;
    // A penalty identifies them.
    clv::fit_options pen;
    pen.l2_penalty = 0.01;
    EXPECT_TRUE(fits[i](pen).converged) << i;
  }
}

TEST(ThreadCounts, AbsurdRequestsGiveTheSameFitQuickly) {
  // 2^32 - 1 threads for a few customers: capped to the work, same bits as one thread.
  const std::vector<double> x{1, 2, 0, 5, 3}, tx{3, 8, 0, 20, 11}, T{30, 25, 30, 28, 40};
  clv::fit_options one, absurd;
  one.threads = 1;
  absurd.threads = 4294967295u;
  one.l2_penalty = absurd.l2_penalty = 0.01;
  const auto a = clv::fit_bg_nbd({x, tx, T}, one), b = clv::fit_bg_nbd({x, tx, T}, absurd);
  EXPECT_EQ(clv::to_array(a.params), clv::to_array(b.params));
  const auto c = clv::fit_pareto_nbd({x, tx, T}, one), d = clv::fit_pareto_nbd({x, tx, T}, absurd);
  EXPECT_EQ(clv::to_array(c.params), clv::to_array(d.params));
}
