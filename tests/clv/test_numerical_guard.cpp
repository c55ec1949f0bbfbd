// Numerical guard (property test): over seeded random valid inputs for every
// model, including extremes (x up to 1000, T up to 10000, a + b < 1,
// alpha == beta, tiny and huge parameters), no prediction is NaN or infinite,
// negative where it cannot be, and no probability leaves [0, 1].
#include <northstar/clv/bg_bb.hpp>
#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/mbg_nbd.hpp>
#include <northstar/clv/pareto_nbd.hpp>
#include <northstar/clv/sbg.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace clv = northstar::clv;

namespace {

/// A seeded generator with a platform-independent sequence (xorshift64*).
class rng {
 public:
  explicit rng(std::uint64_t seed) : s_(seed | 1) {}
  double unit() {  // [0, 1)
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    return static_cast<double>((s_ * 2685821657736338717ull) >> 11) * 0x1.0p-53;
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
  double log_uniform(double lo, double hi) { return std::exp(uniform(std::log(lo), std::log(hi))); }
  double whole(double hi) { return std::floor(uniform(0, hi + 1)); }
  bool chance(double p) { return unit() < p; }

 private:
  std::uint64_t s_;
};

/// A shape parameter: ordinary, tiny or huge.
double shape(rng& g) {
  const double u = g.unit();
  if (u < 0.1) return g.log_uniform(1e-8, 1e-4);
  if (u < 0.2) return g.log_uniform(1e4, 1e8);
  return g.log_uniform(1e-3, 1e3);
}

/// Collects violations with the inputs that produced them (first few reported).
struct guard {
  std::size_t checked = 0;
  std::size_t failures = 0;
  std::string first;

  void value(double v, double lo, double hi, const char* what, const std::string& inputs) {
    ++checked;
    if (std::isfinite(v) && v >= lo && v <= hi) return;
    if (failures++ < 5) first += std::string(what) + " = " + std::to_string(v) + " at " + inputs + "\n";
  }
  void values(const std::vector<double>& v, double lo, double hi, const char* what,
              const std::function<std::string(std::size_t)>& inputs) {
    for (std::size_t i = 0; i < v.size(); ++i) value(v[i], lo, hi, what, inputs(i));
  }
  void expect_clean() const {
    EXPECT_EQ(failures, 0u) << first;
    EXPECT_GT(checked, 1000u);
  }
};

constexpr double big = 1.7976931348623157e308;

/// Customers (x, t_x, T) with x <= 1000, T <= 10000, 0 < t_x <= T when x > 0.
struct customers {
  std::vector<double> x, tx, T;
  explicit customers(rng& g, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const double age = g.chance(0.2) ? g.log_uniform(1000, 10000) : g.log_uniform(0.01, 1000);
      const double u = g.unit();
      const double freq = u < 0.3 ? 0 : u < 0.5 ? g.whole(1000) : g.whole(30);
      double rec = freq == 0 ? 0 : (g.chance(0.2) ? age : age * g.uniform(1e-6, 1));
      x.push_back(freq);
      tx.push_back(rec);
      T.push_back(age);
    }
  }
  [[nodiscard]] clv::rfm_view view() const { return {x, tx, T}; }
  [[nodiscard]] std::string at(std::size_t i) const {
    std::ostringstream s;
    s.precision(17);
    s << "x=" << x[i] << " t_x=" << tx[i] << " T=" << T[i];
    return s.str();
  }
};

template <class Params>
std::string describe(const Params& p) {
  std::ostringstream s;
  s.precision(17);
  if constexpr (std::is_same_v<Params, clv::pareto_nbd_params>)
    s << "r=" << p.r << " alpha=" << p.alpha << " s=" << p.s << " beta=" << p.beta;
  else
    s << "r=" << p.r << " alpha=" << p.alpha << " a=" << p.a << " b=" << p.b;
  return s.str();
}

/// The predictions shared by BG/NBD and MBG/NBD.
template <class Params>
void check_bg_family(rng& g, const Params& p, guard& gd) {
  const customers c(g, 8);
  const std::string ps = describe(p);
  const auto at = [&](std::size_t i) { return ps + " " + c.at(i); };
  std::vector<double> out(c.x.size());
  clv::probability_alive(p, c.view(), out, {.threads = 1});
  gd.values(out, 0, 1, "P(alive)", at);
  const double t = g.chance(0.2) ? g.log_uniform(1000, 10000) : g.log_uniform(0.01, 1000);
  clv::conditional_expected_purchases(p, c.view(), t, out, {.threads = 1});
  gd.values(out, 0, big, "conditional expected purchases",
            [&](std::size_t i) { return at(i) + " t=" + std::to_string(t); });
  clv::expected_purchases(p, std::span<const double>(c.T), out, {.threads = 1});
  gd.values(out, 0, big, "expected purchases", at);
  std::vector<double> k(c.x.size(), g.whole(50)), tt(c.x.size(), t);
  clv::probability_of_purchases(p, tt, k, out, {.threads = 1});
  gd.values(out, 0, 1, "P(X(t) = k)",
            [&](std::size_t i) { return ps + " t=" + std::to_string(t) + " k=" + std::to_string(k[i]); });
  clv::discounted_expected_purchases(p, c.view(), clv::per_period_discount{12, 4.345, 0.01}, out,
                                     {.threads = 1});
  gd.values(out, 0, big, "discounted expected purchases", at);
  clv::discounted_expected_purchases(p, c.view(), clv::continuous_discount{52, 0.001}, out, {.threads = 1});
  gd.values(out, 0, big, "discounted expected purchases (continuous)", at);
}

/// A rate (time-scale) parameter. Not below 1: the BG/NBD-family and
/// Pareto/NBD series need of the order of t / alpha terms, so alpha << t is
/// correct but slow (seconds per customer at t / alpha ~ 1e8; see docs/errors.md).
double rate(rng& g) {
  return g.chance(0.1) ? g.log_uniform(1e4, 1e8) : g.log_uniform(10, 1e3);
}

/// A BG/NBD-family shape: as shape(), huge only up to 1e4, because the
/// conditional expectation's series needs of the order of max(r, a, b) terms
/// (1e8 terms, seconds per customer, at shapes of 1e8; see docs/errors.md).
double bg_shape(rng& g) {
  const double u = g.unit();
  if (u < 0.1) return g.log_uniform(1e-8, 1e-4);
  if (u < 0.2) return g.log_uniform(1e3, 1e4);
  return g.log_uniform(1e-3, 1e3);
}
/// A BG/NBD-family dropout shape (a or b): tiny, ordinary or huge. Huge a
/// took seconds per customer and gave NaN before the series chose its form by
/// (a, z) (beta_geometric_textbook_form in src/clv/beta_geometric.hpp).
double bg_dropout_shape(rng& g) {
  const double u = g.unit();
  if (u < 0.1) return g.log_uniform(1e-8, 1e-4);
  if (u < 0.2) return g.log_uniform(1e3, 1e6);
  return g.log_uniform(1e-3, 1e2);
}

template <class Params>
Params bg_params(rng& g, int i) {
  Params p{bg_shape(g), rate(g), bg_dropout_shape(g), bg_dropout_shape(g)};
  if (i % 4 == 1) {  // a + b < 1
    p.a = g.uniform(1e-3, 0.5);
    p.b = g.uniform(1e-3, 0.5);
  }
  return p;
}

}  // namespace

TEST(NumericalGuard, BgNbd) {
  rng g(20050101);
  guard gd;
  for (int i = 0; i < 100; ++i) check_bg_family(g, bg_params<clv::bg_nbd_params>(g, i), gd);
  gd.expect_clean();
}

TEST(NumericalGuard, MbgNbd) {
  rng g(20070301);
  guard gd;
  for (int i = 0; i < 100; ++i) check_bg_family(g, bg_params<clv::mbg_nbd_params>(g, i), gd);
  gd.expect_clean();
}

TEST(NumericalGuard, ParetoNbd) {
  rng g(19870101);
  guard gd;
  for (int i = 0; i < 200; ++i) {
    clv::pareto_nbd_params p{shape(g), rate(g), shape(g), rate(g)};
    if (i % 4 == 1) p.beta = p.alpha;  // alpha == beta
    const customers c(g, 6);
    const std::string ps = describe(p);
    const auto at = [&](std::size_t j) { return ps + " " + c.at(j); };
    std::vector<double> out(c.x.size());
    clv::probability_alive(p, c.view(), out, {.threads = 1});
    gd.values(out, 0, 1, "P(alive)", at);
    const double t = g.log_uniform(0.01, 10000);
    clv::conditional_expected_purchases(p, c.view(), northstar::column<double>(t), out, {.threads = 1});
    gd.values(out, 0, big, "conditional expected purchases", at);
    clv::expected_purchases(p, northstar::column<double>(c.T), out, {.threads = 1});
    gd.values(out, 0, big, "expected purchases", at);
    clv::discounted_expected_residual_transactions(p, c.view(), g.log_uniform(1e-4, 0.5), out,
                                                   {.threads = 1});
    gd.values(out, 0, big, "DERT", at);
    clv::discounted_expected_purchases(p, c.view(), clv::per_period_discount{12, 4.345, 0.01}, out,
                                       {.threads = 1});
    gd.values(out, 0, big, "discounted expected purchases", at);
    if (i % 4 == 0) {  // quadrature: a quarter of the draws
      std::vector<double> k{0, 1, 2, 5, 20, 100};
      std::vector<double> pk(k.size());
      clv::probability_of_purchases(p, northstar::column<double>(t), northstar::column<double>(k), pk,
                                    {.threads = 1});
      gd.values(pk, 0, 1, "P(X(t) = k)",
                [&](std::size_t j) { return ps + " t=" + std::to_string(t) + " k=" + std::to_string(k[j]); });
    }
  }
  gd.expect_clean();
}

TEST(NumericalGuard, GammaGamma) {
  rng g(20130101);
  guard gd;
  for (int i = 0; i < 500; ++i) {
    // q > 1 keeps the expectation finite for every x (q <= 1 is an invalid_model error, tested elsewhere).
    const clv::gamma_gamma_params p{shape(g), 1 + shape(g), shape(g)};
    std::vector<double> x(8), z(8), out(8);
    for (std::size_t j = 0; j < x.size(); ++j) {
      x[j] = g.chance(0.3) ? 0 : g.chance(0.3) ? g.whole(1000) : g.whole(30);
      z[j] = x[j] == 0 ? 0 : g.log_uniform(1e-4, 1e6);
    }
    clv::conditional_expected_spend(p, x, z, out, {.threads = 1});
    gd.values(out, 0, big, "expected spend", [&](std::size_t j) {
      return "p=" + std::to_string(p.p) + " q=" + std::to_string(p.q) + " gamma=" + std::to_string(p.gamma) +
             " x=" + std::to_string(x[j]) + " zbar=" + std::to_string(z[j]);
    });
  }
  gd.expect_clean();
}

TEST(NumericalGuard, Sbg) {
  rng g(20070102);
  guard gd;
  for (int i = 0; i < 500; ++i) {
    const clv::sbg_params m{shape(g), shape(g)};
    std::vector<double> t(8), out(8);
    for (auto& v : t) v = 1 + (g.chance(0.3) ? g.whole(10000) : g.whole(50));
    const std::string ms = "alpha=" + std::to_string(m.alpha) + " beta=" + std::to_string(m.beta);
    const auto at = [&](std::size_t j) { return ms + " t=" + std::to_string(t[j]); };
    clv::survival(m, t, out, {.threads = 1});
    gd.values(out, 0, 1, "S(t)", at);
    clv::churn_probability(m, t, out, {.threads = 1});
    gd.values(out, 0, 1, "P(T = t)", at);
    clv::retention_rate(m, t, out, {.threads = 1});
    gd.values(out, 0, 1, "retention rate", at);
    const double d = g.log_uniform(1e-4, 10);
    gd.value(clv::discounted_expected_lifetime(m, d), 1, big, "DEL", ms + " d=" + std::to_string(d));
    for (auto& v : t) v -= 1;
    clv::discounted_expected_residual_lifetime(m, d, t, out, {.threads = 1});
    gd.values(out, 0, big, "DERL", at);
  }
  gd.expect_clean();
}

TEST(NumericalGuard, BgBb) {
  rng g(20100601);
  guard gd;
  for (int i = 0; i < 300; ++i) {
    const clv::bg_bb_params m{shape(g), shape(g), shape(g), shape(g)};
    std::vector<double> x(8), tx(8), n(8), out(8);
    for (std::size_t j = 0; j < x.size(); ++j) {
      n[j] = g.chance(0.3) ? g.whole(10000) : g.whole(30);
      x[j] = g.chance(0.3) ? 0 : std::min(n[j], g.chance(0.5) ? g.whole(1000) : g.whole(n[j]));
      tx[j] = x[j] == 0 ? 0 : x[j] + g.whole(n[j] - x[j]);
    }
    std::ostringstream s;
    s.precision(17);
    s << "alpha=" << m.alpha << " beta=" << m.beta << " gamma=" << m.gamma << " delta=" << m.delta;
    const std::string ms = s.str();
    const auto at = [&](std::size_t j) {
      return ms + " x=" + std::to_string(x[j]) + " t_x=" + std::to_string(tx[j]) +
             " n=" + std::to_string(n[j]);
    };
    clv::probability_alive(m, x, tx, n, out, {.threads = 1});
    gd.values(out, 0, 1, "P(alive)", at);
    clv::conditional_expected_purchases(m, x, tx, n, g.whole(1000), out, {.threads = 1});
    gd.values(out, 0, big, "conditional expected purchases", at);
    clv::discounted_expected_residual_transactions(m, g.log_uniform(1e-4, 1), x, tx, n, out, {.threads = 1});
    gd.values(out, 0, big, "DERT", at);
    clv::probability_of_purchases(m, n, x, out, {.threads = 1});
    gd.values(out, 0, 1, "P(X(n) = x)", at);
    clv::expected_purchases(m, n, out, {.threads = 1});
    gd.values(out, 0, big, "E[X(n)]", at);
  }
  gd.expect_clean();
}

// Regressions found by fuzzing (fuzz/corpus/*/regression-*).

// sBG DEL was NaN for alpha, beta ~ 1e-134: in the continued fraction of
// 2F1(1, b; c; z), c + 2m - 2 rounded to 0 (0/0). With alpha / beta ~ 4e-16,
// DEL = sum_k (beta)_k / (alpha+beta)_k z^k = 1 / (1 - z) = (1 + d) / d to ~1e-15.
TEST(NumericalGuard, SbgDelWithTinyParameters) {
  const clv::sbg_params m{1.6046910775152538e-149, 4.0508705496099779e-134};
  for (const double d : {0.001, 0.1, 0.5, 0.95597601281757849}) {
    EXPECT_NEAR(clv::discounted_expected_lifetime(m, d), (1 + d) / d, 1e-12 * (1 + d) / d) << d;
    EXPECT_NEAR(clv::discounted_expected_residual_lifetime(m, d, 0), (1 + d) / d, 1e-12 * (1 + d) / d) << d;
  }
}

// Denormal alpha and beta: a_2 = 2 (c-b) / (c (c+1)) of the continued fraction was formed
// as (1/c) ((c-b)/(c+1)) = inf * denormal, then NaN (fuzz/c_api). The limit of tiny
// parameters: DEL = 1 + (beta / (alpha + beta)) / d (point masses of the churn probability
// at 0 and 1).
TEST(NumericalGuard, SbgDelWithDenormalParameters) {
  const double x = 1.3906711615670009e-309, y = 2.7907157194410451e-312;
  for (const auto& [alpha, beta] : {std::pair{x, y}, std::pair{y, x}}) {
    const clv::sbg_params m{alpha, beta};
    for (const double d : {0.001, 0.15378823529411767, 2.0}) {
      const double want = 1 + beta / (alpha + beta) / d;
      EXPECT_NEAR(clv::discounted_expected_lifetime(m, d), want, 1e-9 * want)
          << alpha << " " << beta << " " << d;
    }
  }
}

// BG/BB P(alive) with beta ~ 1e255 and delta ~ 1e94: the dropout terms' ratio was formed as
// (b+m-x)(d+m) / ((a+b+m)(g+d+1+m)) = inf / inf = NaN (fuzz/c_api).
TEST(NumericalGuard, BgBbAliveWithHugeBetaAndDelta) {
  const clv::bg_bb_params m{0.098458075837338815, 3.7537584144023501e+255, 9.3728955506676321e+252,
                            1.0538378485922974e+94};
  for (const double n : {1.0, 15.0, 40.0})
    for (double x = 0; x <= 1; ++x) {
      const double tx = x;  // t_x = 0 with x = 0, 1 with x = 1
      const double p = clv::probability_alive(m, x, tx, n);
      EXPECT_TRUE(p >= 0 && p <= 1) << x << " " << n << ": " << p;
    }
}

// BG/BB DERT of a customer surely gone (A/L underflows to 0) at a denormal discount rate,
// where 2F1(1, d+n+1; g+d+n+1; 1/(1+rate)) diverges (gamma <= 1): 0 * inf was NaN (fuzz/c_api).
TEST(NumericalGuard, BgBbDertOfAGoneCustomerAtATinyRate) {
  const clv::bg_bb_params m{4.1722731462293729e+267, 9.2712555123216589, 0.01, 3.7548989083934737e-322};
  for (const double d : {2.5673475286552589e-289, 1e-17, 0.1}) {
    EXPECT_EQ(clv::probability_alive(m, 13, 16, 24), 0.0);
    EXPECT_EQ(clv::discounted_expected_residual_transactions(m, d, 13, 16, 24), 0.0) << d;
  }
}

// Pareto/NBD DERT of customers surely gone (P(alive) = 0, r = 1.5e5) at a denormal delta, where
// the discount integral overflows: 0 * inf was NaN (fuzz/model_predictions).
TEST(NumericalGuard, ParetoNbdDertOfGoneCustomersAtATinyDelta) {
  const clv::pareto_nbd_params p{153944.97940844539, 0.032602616879348213, 0.007635029366804256,
                                 0.00071016925667456048};
  const std::vector<double> x{256, 5, 5}, tx{0.0099345861858942987, 2317.6768472013582, 38.064973390864353},
      T{0.030641147670019898, 3416.2288788228111, 56.107330720638203};
  std::vector<double> out(3), alive(3);
  clv::probability_alive(p, clv::rfm_view{x, tx, T}, alive);
  for (const double delta : {1e-300, 4.9e-324, 0.1}) {
    clv::discounted_expected_residual_transactions(p, clv::rfm_view{x, tx, T}, delta, out);
    for (std::size_t i = 0; i < 3; ++i) {
      ASSERT_EQ(alive[i], 0.0);
      EXPECT_EQ(out[i], 0.0) << delta << " " << i;
    }
  }
}

// Pareto/NBD DERT where delta (beta + T) overflows (T = 3.7e244, delta = 2.6e151): the
// continued fraction gave inf * 0 = NaN; the integral's limit is 1/delta (fuzz/model_predictions).
TEST(NumericalGuard, ParetoNbdDertWithOverflowingDiscount) {
  const clv::pareto_nbd_params p{421868.77913625474, 1e-6, 136.09812438333134, 244888.1256414259};
  const std::vector<double> x{0, 1}, tx{0, 0.5}, T{3.6898695287483976e+244, 1};
  std::vector<double> out(2);
  clv::discounted_expected_residual_transactions(p, clv::rfm_view{x, tx, T}, 2.5737710107660577e+151, out);
  for (double v : out) EXPECT_TRUE(std::isfinite(v) && v >= 0) << v;
  // Customer 1: P(alive) (r+x)/(alpha+T) / delta to first order in 1/(delta (beta+T)).
  std::vector<double> alive(2);
  clv::probability_alive(p, clv::rfm_view{x, tx, T}, alive);
  EXPECT_NEAR(out[1], alive[1] * (p.r + 1) / (p.alpha + 1) / 2.5737710107660577e+151, 1e-12 * out[1]);
}

// BG/BB probabilities were ~1e42 for beta = 1e40: ln B differences of two
// lgamma values ~ 1e42 lost everything. Now: the pmf over x = 0..n sums to 1
// and its mean is E[X(n)], also when one or both parameters of a Beta are huge.
TEST(NumericalGuard, BgBbPmfSumsToOneWithHugeParameters) {
  const double params[][4] = {
      {8579.0687173052647, 1.0829597703844904e+40, 0.017757975557504139, 4.6301870410537883e-06},
      {5e9, 3e10, 0.7, 2.5},
      {1.2, 0.75, 4e12, 9e13},
      {3e7, 2e7, 1e-5, 1e9}};
  for (const auto& p : params) {
    const clv::bg_bb_params m{p[0], p[1], p[2], p[3]};
    for (const double n : {1.0, 7.0, 40.0}) {
      double total = 0, mean = 0;
      for (double x = 0; x <= n; ++x) {
        const double px = clv::probability_of_purchases(m, n, x);
        ASSERT_TRUE(px >= 0 && px <= 1) << px;
        total += px;
        mean += x * px;
      }
      EXPECT_NEAR(total, 1.0, 1e-9) << p[0] << " " << p[1] << " " << p[2] << " " << p[3] << " n=" << n;
      const double e = clv::expected_purchases(m, n);
      EXPECT_NEAR(mean, e, 1e-9 * std::max(1.0, e)) << p[0] << " " << p[1] << " n=" << n;
    }
  }
}

// MBG/NBD P(X(0) = 0) = b/(a+b) + a/(a+b) = 1 came out as 1 + 1.5e-12 at a = 2006
// (rounding in the lbeta differences; fuzz/corpus/model_predictions/regression-mbg-nbd-pmf-above-one).
TEST(NumericalGuard, MbgNbdPmfAtMostOne) {
  const clv::mbg_nbd_params p{676771.0124751589, 0.0035956660915047447, 2006.5457812035677,
                              8.6617542825906959};
  const double at_zero = clv::probability_of_purchases(p, 0.0, 0.0);
  EXPECT_LE(at_zero, 1.0);
  EXPECT_NEAR(at_zero, 1.0, 1e-9);
  for (const double t : {1e-3, 1.0, 10.0})
    for (const double k : {0.0, 1.0, 5.0}) {
      const double v = clv::probability_of_purchases(p, t, k);
      EXPECT_TRUE(v >= 0 && v <= 1) << "t=" << t << " k=" << k << " P=" << v;
    }
}

// BG/BB E[X(n)] was inf for gamma, delta ~ 1e-289: (g - 1) / (1 + d) rounded to
// -1 and log1p(-1) = -inf (fuzz/corpus/c_api/regression-bg-bb-expected-inf-tiny-parameters).
// Reference: E[X(n)] = a/(a+b) sum_{t=1..n} (d)_t / (g+d)_t, the products summed directly.
TEST(NumericalGuard, BgBbExpectedPurchasesWithTinyDropoutParameters) {
  const double a = 0.32356862745098036, b = 2.5673475286552589e-289, g = b, d = b;
  const clv::bg_bb_params m{a, b, g, d};
  for (const double n : {1.0, 15.0, 20.0}) {
    long double sum = 0, prod = 1;
    for (int t = 1; t <= static_cast<int>(n); ++t) {
      prod *= (static_cast<long double>(d) + (t - 1)) / (static_cast<long double>(g) + d + (t - 1));
      sum += prod;
    }
    const double reference = static_cast<double>(a / (static_cast<long double>(a) + b) * sum);
    EXPECT_NEAR(clv::expected_purchases(m, n), reference, 1e-9 * reference) << n;
  }
}

// sBG DEL with a discount rate so small that 1 / (1 + d) rounds to 1 was
// -1.9e288 (fuzz/corpus/c_api/regression-sbg-del-negative-denormal-discount).
// At z = 1, DEL = 2F1(1, beta; alpha+beta; 1) = (alpha+beta-1)/(alpha-1) = E[T]
// for alpha > 1 (Gauss's sum), and it diverges for alpha <= 1.
TEST(NumericalGuard, SbgDelWithDenormalDiscountRate) {
  const double d = 3.3286208477979712e-316;
  const clv::sbg_params finite{2.5, 3.0};
  EXPECT_NEAR(clv::discounted_expected_lifetime(finite, d), (2.5 + 3.0 - 1) / (2.5 - 1), 1e-12);
  const clv::sbg_params divergent{0.7, 1.2};
  EXPECT_EQ(clv::discounted_expected_lifetime(divergent, d), HUGE_VAL);
}

// BG/BB DERT was NaN for delta ~ 9e276: inf / inf in the 2F1 fraction and in the
// dropout-term products (fuzz/corpus/c_api/regression-bg-bb-dert-huge-delta).
// With gamma ~ 0 and delta huge nobody drops out, so DERT -> (a+x)/(a+b+n) / rate.
TEST(NumericalGuard, BgBbDertWithHugeDeltaIsFinite) {
  const clv::bg_bb_params m{0.098458075837338815, 3.7537584144023501e+255, 2.7021640869264251e-317,
                            9.0826678367541368e+276};
  for (const double rate : {0.001, 0.1, 1.0})
    for (const double n : {3.0, 16.0}) {
      const double v = clv::discounted_expected_residual_transactions(m, rate, 0, 0, n);
      const double want = 0.098458075837338815 / (0.098458075837338815 + 3.7537584144023501e+255 + n) / rate;
      EXPECT_NEAR(v / want, 1.0, 1e-9) << "rate " << rate << " n " << n << " DERT " << v;
    }
}

// E[X(t)] at a denormal t with r = 4e-237: the Euler form's difference rounded to
// -4.9e-324 (fuzz/model_predictions, corpus regression-bg-nbd-expected-denormal-t).
TEST(NumericalGuard, BgNbdExpectedPurchasesAtADenormalTimeAreNotNegative) {
  const clv::bg_nbd_params p{4.2500833831363359e-237, 999999.99999999953, 12107.085158776206,
                             9104.5484537477641};
  const std::vector<double> t{0.0, 3.1746682139175138e-319, 1e-300, 1e-10, 374.55046276498138};
  std::vector<double> out(t.size(), -1.0);
  clv::expected_purchases(p, std::span<const double>(t), out);
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_GE(out[i], 0.0) << t[i];
  EXPECT_EQ(out[0], 0.0);
}
