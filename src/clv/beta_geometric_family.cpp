#include "beta_geometric_family.hpp"

#include <northstar/clv/detail/dispatch.hpp>
#include "digamma.hpp"
#include "hash.hpp"
#include "log_gamma.hpp"
#include "vector_math.hpp"

#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>

// The 4-lane kernels below are force-inlined into AVX2 functions; GCC's
// warning about passing 32-byte vectors without AVX concerns calls that never
// happen (see vector_math.hpp).
#pragma GCC diagnostic ignored "-Wpsabi"

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

namespace {

double lbeta(double x, double y) {
  return northstar::clv::detail::log_gamma(x) + northstar::clv::detail::log_gamma(y) -
         northstar::clv::detail::log_gamma(x + y);
}

constexpr std::size_t chunk_len = 256;
constexpr std::size_t grain = 4096;

// Per-row log-likelihood terms of one slice of rows that share x (FHL 2005,
// eq. 6; for Shift = 1 Batislam et al. 2007, eq. 4):
//   log L = G(x) - (r+x) log(alpha+T) + log(1 + [second term] e^d),
//   d = log(a / (b+x+Shift-1)) - (r+x) (log(alpha+t_x) - log(alpha+T)),
//   G(x) = lgamma(r+x) - lgamma(r) + r log alpha + lbeta(a, b+x+Shift) - lbeta(a, b),
// and their weighted sums: s[0] = sum w, s[1] = sum w (log L - G), and for the
// gradient s[2] = sum w d/dr, s[3] = sum w d/dalpha (both without the G part
// and per unit of (r+x)), s[4] = sum w (weight of the second term).
struct slice_terms {
  double r, alpha, k, cx;  // k = r + x, cx = log(a / (b+x+Shift-1))
  bool two;                // the second term exists (x > 0 or Shift = 1)
};

using slice_function = void (*)(const slice_terms&, const double*, const double*, const double*, std::size_t,
                                std::array<double, 5>&, bool);

#if NORTHSTAR_HAS_VECTOR_MATH
template <std::size_t W>
NORTHSTAR_ALWAYS_INLINE void slice_lanes(const slice_terms& c, const double* t, const double* T,
                                         const double* w, std::size_t len, std::array<double, 5>& s,
                                         bool want_grad) noexcept {
  using V = typename vmath::lanes<W>::vd;
  constexpr std::size_t L = vmath::lanes<W>::size;
  V s_w{}, s_ll{}, s_r{}, s_al{}, s_v{};
  const V al = vmath::broadcast<V>(c.alpha), k = vmath::broadcast<V>(c.k), cx = vmath::broadcast<V>(c.cx);
  // The last partial vector runs on copies padded with weight 0.
  double pt[L], pT[L], pw[L];
  for (std::size_t i = 0; i < len; i += L) {
    const double *ti = t + i, *Ti = T + i, *wi = w + i;
    if (i + L > len) {
      for (std::size_t j = 0; j < L; ++j) {
        const bool in = i + j < len;
        pt[j] = in ? t[i + j] : t[i];
        pT[j] = in ? T[i + j] : T[i];
        pw[j] = in ? w[i + j] : 0.0;
      }
      ti = pt, Ti = pT, wi = pw;
    }
    const V wv = vmath::load<V>(wi);
    const V aT = al + vmath::load<V>(Ti);
    const V LT = vmath::log(aT);
    s_w += wv;
    if (!c.two) {
      s_ll -= wv * (k * LT);
      if (want_grad) {
        s_r += wv * LT;
        s_al += wv / aT;
      }
      continue;
    }
    const V at = al + vmath::load<V>(ti);
    const V Lt = vmath::log(at);
    const V d = cx - k * (Lt - LT);
    const V pos = d > 0.0 ? d : V{};
    const V e = vmath::exp(d > 0.0 ? -d : d);  // exp(-|d|), in (0, 1]
    // log(1 + e) without log1p's correction: its absolute error (2e-16) is
    // what matters in a sum of log-likelihood terms.
    const V u = 1.0 + e;
    s_ll += wv * ((pos + vmath::log(u)) - k * LT);
    if (want_grad) {
      const V inv = 1.0 / u;
      const V sv = d > 0.0 ? inv : e * inv;  // weight of the second term; the first has 1 - sv
      s_r += wv * (LT + sv * (Lt - LT));
      s_al += wv * ((at + sv * (aT - at)) / (aT * at));  // (1 - sv) / aT + sv / at
      s_v += wv * sv;
    }
  }
  for (std::size_t j = 0; j < L; ++j) {
    s[0] += s_w[j];
    s[1] += s_ll[j];
    s[2] += s_r[j];
    s[3] += s_al[j];
    s[4] += s_v[j];
  }
}

void slice_baseline(const slice_terms& c, const double* t, const double* T, const double* w, std::size_t len,
                    std::array<double, 5>& s, bool want_grad) {
  slice_lanes<16>(c, t, T, w, len, s, want_grad);
}
#if NORTHSTAR_HAS_AVX2_DISPATCH
__attribute__((target("avx2"))) void slice_avx2(const slice_terms& c, const double* t, const double* T,
                                                const double* w, std::size_t len, std::array<double, 5>& s,
                                                bool want_grad) {
  slice_lanes<32>(c, t, T, w, len, s, want_grad);
}
__attribute__((target("avx512f,avx512dq"))) void slice_avx512(const slice_terms& c, const double* t,
                                                              const double* T, const double* w,
                                                              std::size_t len, std::array<double, 5>& s,
                                                              bool want_grad) {
  slice_lanes<64>(c, t, T, w, len, s, want_grad);
}
#endif
#else
void slice_baseline(const slice_terms& c, const double* t, const double* T, const double* w, std::size_t len,
                    std::array<double, 5>& s, bool want_grad) {
  for (std::size_t i = 0; i < len; ++i) {
    const double aT = c.alpha + T[i], LT = std::log(aT);
    s[0] += w[i];
    if (!c.two) {
      s[1] -= w[i] * c.k * LT;
      if (want_grad) s[2] += w[i] * LT, s[3] += w[i] / aT;
      continue;
    }
    const double at = c.alpha + t[i], Lt = std::log(at);
    const double d = c.cx - c.k * (Lt - LT), e = std::exp(-std::abs(d));
    s[1] += w[i] * (std::max(d, 0.0) + std::log1p(e) - c.k * LT);
    if (want_grad) {
      const double inv = 1 / (1 + e), sv = d > 0 ? inv : e * inv, su = d > 0 ? e * inv : inv;
      s[2] += w[i] * (su * LT + sv * Lt);
      s[3] += w[i] * (su / aT + sv / at);
      s[4] += w[i] * sv;
    }
  }
}
#endif

slice_function select_slice_function() {
#if NORTHSTAR_HAS_VECTOR_MATH && NORTHSTAR_HAS_AVX2_DISPATCH
  if (avx512_available()) return &slice_avx512;
  if (avx2_available()) return &slice_avx2;
#endif
  return &slice_baseline;
}

template <int Shift>
void slice_sums(const bg_family_params& p, double x, const double* t, const double* T, const double* w,
                std::size_t len, std::array<double, 5>& acc, bool want_grad, slice_function fn) {
  const double r = p.r, al = p.alpha, a = p.a, b = p.b;
  const double k = r + x;
  const bool two = Shift == 1 || x > 0;
  const double bx = b + x + Shift - 1;
  const slice_terms c{r, al, k, two ? std::log(a) - std::log(bx) : 0.0, two};
  std::array<double, 5> s{};
  fn(c, t, T, w, len, s, want_grad);
  const double s_w = s[0], s_ll = s[1], s_r = s[2], s_al = s[3], s_v = s[4];
  const double G = northstar::clv::detail::log_gamma(r + x) - northstar::clv::detail::log_gamma(r) +
                   r * std::log(al) + northstar::clv::detail::log_gamma(b + x + Shift) -
                   northstar::clv::detail::log_gamma(a + b + x + Shift) -
                   northstar::clv::detail::log_gamma(b) + northstar::clv::detail::log_gamma(a + b);
  acc[0] += s_w * G + s_ll;
  if (!want_grad) return;
  const double psi_ab = digamma(a + b), psi_abx = digamma(a + b + x + Shift);
  acc[1] += s_w * (digamma(r + x) - digamma(r) + std::log(al)) - s_r;
  acc[2] += s_w * r / al - k * s_al;
  acc[3] += s_w * (psi_ab - psi_abx) + (two ? s_v / a : 0.0);
  acc[4] += s_w * (digamma(b + x + Shift) - digamma(b) - psi_abx + psi_ab) - (two ? s_v / bx : 0.0);
}

// Sums over rows [0, n) of a view whose rows are sorted by x (as compress() returns).
template <int Shift>
std::array<double, 5> sorted_sums(const bg_family_params& p, const rfm_view& d, bool want_grad,
                                  unsigned threads) {
  const std::size_t n = d.size();
  std::vector<std::array<double, 5>> parts(
      std::max<std::size_t>(1, northstar::detail::resolve_threads(threads)));
  for (auto& a : parts) a.fill(0.0);
  std::vector<double> ones;
  const double* w = d.weight.data();
  if (d.weight.empty()) {
    ones.assign(n, 1.0);
    w = ones.data();
  }
  const double* x = d.frequency.data();
  const double* t = d.recency.data();
  const double* T = d.age.data();
  const slice_function fn = select_slice_function();
  const std::size_t used = northstar::detail::parallel_ranges(
      n, threads, grain, [&](std::size_t part, std::size_t begin, std::size_t end) {
        std::size_t i = begin;
        while (i < end) {
          std::size_t j = i + 1;
          while (j < end && x[j] == x[i]) ++j;
          slice_sums<Shift>(p, x[i], t + i, T + i, w + i, j - i, parts[part], want_grad, fn);
          i = j;
        }
      });
  std::array<double, 5> total{};
  for (std::size_t k = 0; k < used && k < parts.size(); ++k)
    for (int j = 0; j < 5; ++j) total[j] += parts[k][j];
  return total;
}

// Gauss-Legendre nodes and weights on [-1, 1] (Newton on P_n; Golub & Welsch not needed for small n).
void gauss_legendre(int n, double* x, double* w) {
  for (int i = 0; i < n; ++i) {
    double z = std::cos(std::numbers::pi * (i + 0.75) / (n + 0.5));
    double dp = 0;
    for (int it = 0; it < 100; ++it) {
      double p0 = 1, p1 = z;
      for (int k = 2; k <= n; ++k) {
        const double p2 = ((2.0 * k - 1) * z * p1 - (k - 1.0) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      if (n == 1) {
        p1 = z;
        p0 = 1;
      }
      dp = n * (z * p1 - p0) / (z * z - 1);
      const double dz = p1 / dp;
      z -= dz;
      if (std::abs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
}

}  // namespace

void check_output(std::span<double> out, std::size_t n, std::string_view context) {
  if (out.size() != n)
    northstar::detail::fail(
        errc::size_mismatch, context,
        "out has " + std::to_string(out.size()) + " elements but the input has " + std::to_string(n));
}

void check_horizon(double t, std::string_view context, std::string_view name) {
  if (!std::isfinite(t))
    northstar::detail::fail(
        errc::not_finite, context,
        std::string(name) + " = " + northstar::detail::format_value(t) + ": must be finite");
  if (!(t >= 0))
    northstar::detail::fail(
        errc::invalid_argument, context,
        std::string(name) + " = " + northstar::detail::format_value(t) + ": must be >= 0");
}

template <int Shift>
double bg_family_loglik(const bg_family_params& p, const rfm_view& d, double* grad, unsigned threads) {
  // Rows must be sorted by x for the slices: compress (which also merges duplicates).
  const rfm_patterns c = compress(d, threads);
  const auto s = sorted_sums<Shift>(p, c.view(), grad != nullptr, threads);
  if (grad) {
    grad[0] = s[1] * p.r;
    grad[1] = s[2] * p.alpha;
    grad[2] = s[3] * p.a;
    grad[3] = s[4] * p.b;
  }
  return s[0];
}

template <int Shift>
mle_solution bg_family_fit(const rfm_view& d, const fit_options& opt, std::string_view name,
                           std::size_t& patterns) {
  validate(d, name, opt.threads);
  const rfm_patterns c = compress(d, opt.threads);
  const rfm_view pv = c.view();
  double W = 0, Wx = 0, WT = 0, max_T = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    W += c.weight[i];
    Wx += c.weight[i] * c.frequency[i];
    WT += c.weight[i] * c.age[i];
    max_T = std::max(max_T, c.age[i]);
  }
  patterns = c.size();
  const unsigned threads = opt.threads;
  mle_problem problem;
  problem.context = name;
  // Start: r = 1, alpha from the mean purchase rate, a = b = 1.
  const double rate = Wx / WT;
  problem.default_start = {1.0, rate > 0 ? 1.0 / rate : (W > 0 ? WT / W : 1.0), 1.0, 1.0};
  problem.total_weight = W;
  problem.rows = d.size();
  // lifetimes: alpha is penalised after time is scaled to max T = 1; the log-likelihood is a mean per weight.
  problem.lifetimes_scale = {1.0, max_T > 0 ? 1.0 / max_T : 1.0, 1.0, 1.0};
  problem.lifetimes_weight = W;
  problem.log_likelihood = [&pv, threads](std::span<const double> th, std::span<double> g) {
    const bg_family_params p{th[0], th[1], th[2], th[3]};
    const auto s = sorted_sums<Shift>(p, pv, !g.empty(), threads);
    if (!g.empty()) {
      g[0] = s[1] * p.r;
      g[1] = s[2] * p.alpha;
      g[2] = s[3] * p.a;
      g[3] = s[4] * p.b;
    }
    return s[0];
  };
  return maximise_likelihood(problem, opt);
}

template <int Shift>
double bg_family_expected(const bg_family_params& p, double t) {
  if (Shift == 0) return beta_geometric_mean(p.r, p.alpha, p.a, p.b, t);  // FHL 2005, eq. 7
  // MBG/NBD: dropout possible at time 0 with probability p; alive customers follow
  // BG/NBD with p ~ Beta(a, b + 1) (Batislam et al. 2007, eq. 6).
  return p.b / (p.a + p.b) * beta_geometric_mean(p.r, p.alpha, p.a, p.b + 1, t);
}

namespace {

// P(alive) of rows [0, n) into out (FHL 2008 note, eq. 2; Batislam et al. 2007, eq. 8):
// P(alive) = 1 / (1 + odds), odds = a/(b+x+Shift-1) ((alpha+T)/(alpha+t_x))^(r+x):
// one log and one exp per customer. exp overflows to +inf for hopeless
// customers, and 1/(1+inf) = 0 exactly: no NaN.
using alive_function = void (*)(const bg_family_params&, const double*, const double*, const double*, double*,
                                std::size_t);

template <int Shift>
double alive_one(const bg_family_params& p, double x, double t, double T) {
  if (Shift == 0 && x == 0) return 1.0;
  return 1.0 /
         (1.0 + p.a / (p.b + Shift - 1 + x) * std::exp((p.r + x) * std::log((p.alpha + T) / (p.alpha + t))));
}

#if NORTHSTAR_HAS_VECTOR_MATH
template <int Shift, std::size_t W>
NORTHSTAR_ALWAYS_INLINE void alive_lanes(const bg_family_params& p, const double* X, const double* tx,
                                         const double* T, double* o, std::size_t len) noexcept {
  using V = typename vmath::lanes<W>::vd;
  constexpr std::size_t L = vmath::lanes<W>::size;
  const auto lanes = [&](const double* x_in, const double* t_in, const double* T_in, double* out)
      __attribute__((always_inline)) {
    const V x = vmath::load<V>(x_in);
    const V ratio = (p.alpha + vmath::load<V>(T_in)) / (p.alpha + vmath::load<V>(t_in));
    // 1 / (1 + a/bx e) = bx / (bx + a e): one division fewer. e = +inf gives 0.
    const V bx = p.b + Shift - 1 + x;
    V res = bx / (bx + p.a * vmath::exp((p.r + x) * vmath::log(ratio)));
    if constexpr (Shift == 0) res = x == 0.0 ? V{} + 1.0 : res;
    vmath::store(out, res);
  };
  std::size_t i = 0;
  for (; i + L <= len; i += L) lanes(X + i, tx + i, T + i, o + i);
  if (i == len) return;
  // The last partial vector on padded copies: every customer's value is the
  // same bits wherever it sits in the array.
  double px[L], pt[L], pT[L], po[L];
  for (std::size_t j = 0; j < L; ++j) {
    const std::size_t k = i + j < len ? i + j : i;
    px[j] = X[k], pt[j] = tx[k], pT[j] = T[k];
  }
  lanes(px, pt, pT, po);
  for (std::size_t j = 0; i + j < len; ++j) o[i + j] = po[j];
}

template <int Shift>
void alive_baseline(const bg_family_params& p, const double* X, const double* tx, const double* T, double* o,
                    std::size_t len) {
  alive_lanes<Shift, 16>(p, X, tx, T, o, len);
}
#if NORTHSTAR_HAS_AVX2_DISPATCH
template <int Shift>
__attribute__((target("avx2"))) void alive_avx2(const bg_family_params& p, const double* X, const double* tx,
                                                const double* T, double* o, std::size_t len) {
  alive_lanes<Shift, 32>(p, X, tx, T, o, len);
}
// Eight lanes: the kernel is bound by the latency of its divisions and series,
// and wider vectors put twice the work behind each instruction in flight.
template <int Shift>
__attribute__((target("avx512f,avx512dq"))) void alive_avx512(const bg_family_params& p, const double* X,
                                                              const double* tx, const double* T, double* o,
                                                              std::size_t len) {
  alive_lanes<Shift, 64>(p, X, tx, T, o, len);
}
#endif
#else
template <int Shift>
void alive_baseline(const bg_family_params& p, const double* X, const double* tx, const double* T, double* o,
                    std::size_t len) {
  for (std::size_t i = 0; i < len; ++i) o[i] = alive_one<Shift>(p, X[i], tx[i], T[i]);
}
#endif

template <int Shift>
alive_function select_alive_function() {
#if NORTHSTAR_HAS_VECTOR_MATH && NORTHSTAR_HAS_AVX2_DISPATCH
  if (avx512_available()) return &alive_avx512<Shift>;
  if (avx2_available()) return &alive_avx2<Shift>;
#endif
  return &alive_baseline<Shift>;
}

// Posterior expectations of the BG/NBD family depend on a customer's history only
// through x and T (t_x enters through P(alive) alone), and real transaction logs
// (whole days) repeat (x, T) pairs many times. Each thread therefore (1) numbers the
// distinct (x, T) of its customers with an open-addressing hash table, (2) evaluates
// them grouped by x, so one pass over the series serves all the T of an x, and (3)
// multiplies by P(alive). Beyond `max_keys` distinct pairs per thread (continuous
// data) the remaining customers are evaluated one by one. Results do not depend on
// the grouping: each value is the same function of (x, T).
class xt_index {
 public:
  static constexpr std::uint32_t none = 0xFFFFFFFFu;
  static constexpr std::size_t max_keys = std::size_t{1} << 21;

  // Number of (x, T), or `none` when the table is full.
  std::uint32_t find_or_add(double x, double T) {
    const std::uint64_t kx = std::bit_cast<std::uint64_t>(x + 0.0),
                        kT = std::bit_cast<std::uint64_t>(T + 0.0);
    if (slots_.empty()) rehash(1024);
    const std::uint64_t h = hash(kx, kT);
    std::size_t s = static_cast<std::size_t>(h) & mask_;
    for (;; s = (s + 1) & mask_) {
      const std::uint32_t e = slots_[s];
      if (e == 0) break;
      if (keys_x_[e - 1] == x + 0.0 && keys_T_[e - 1] == T + 0.0) return e - 1;
    }
    if (keys_x_.size() >= max_keys) return none;
    keys_x_.push_back(x + 0.0);
    keys_T_.push_back(T + 0.0);
    slots_[s] = static_cast<std::uint32_t>(keys_x_.size());
    if (keys_x_.size() * 2 > slots_.size()) rehash(slots_.size() * 2);
    return static_cast<std::uint32_t>(keys_x_.size() - 1);
  }
  [[nodiscard]] std::size_t size() const noexcept { return keys_x_.size(); }
  [[nodiscard]] const std::vector<double>& xs() const noexcept { return keys_x_; }
  [[nodiscard]] const std::vector<double>& ages() const noexcept { return keys_T_; }

 private:
  // MurmurHash3's 64-bit finaliser over both keys.
  static std::uint64_t hash(std::uint64_t kx, std::uint64_t kT) { return mix64(kx ^ mix64(kT)); }
  void rehash(std::size_t size) {
    slots_.assign(size, 0);
    mask_ = size - 1;
    for (std::size_t j = 0; j < keys_x_.size(); ++j) {
      std::size_t s = static_cast<std::size_t>(hash(std::bit_cast<std::uint64_t>(keys_x_[j]),
                                                    std::bit_cast<std::uint64_t>(keys_T_[j]))) &
                      mask_;
      while (slots_[s] != 0) s = (s + 1) & mask_;
      slots_[s] = static_cast<std::uint32_t>(j + 1);
    }
  }
  std::vector<std::uint32_t> slots_;
  std::vector<double> keys_x_, keys_T_;
  std::size_t mask_ = 0;
};

// out[i] = P(alive)_i * value(x_i, T_i), where batch(x, T, n, values) computes the
// values of n ages T[0..n) that share x. Allocations are per thread, not per customer.
template <int Shift, class Batch>
void alive_times(const bg_family_params& p, const rfm_view& d, std::span<double> out, unsigned threads,
                 Batch&& batch) {
  const double* X = d.frequency.data();
  const double* tx = d.recency.data();
  const double* T = d.age.data();
  double* o = out.data();
  const alive_function alive = select_alive_function<Shift>();
  northstar::detail::parallel_ranges(
      d.size(), threads, grain, [&](std::size_t, std::size_t begin, std::size_t end) {
        // (1) number the distinct (x, T) of this range.
        xt_index index;
        std::vector<std::uint32_t> key(end - begin);
        for (std::size_t i = begin; i < end; ++i) key[i - begin] = index.find_or_add(X[i], T[i]);
        // (2) evaluate them grouped by x.
        const std::size_t K = index.size();
        std::vector<std::uint32_t> order(K);
        for (std::size_t k = 0; k < K; ++k) order[k] = static_cast<std::uint32_t>(k);
        const auto& kx = index.xs();
        const auto& kT = index.ages();
        std::sort(order.begin(), order.end(),
                  [&](std::uint32_t u, std::uint32_t v) { return kx[u] < kx[v]; });
        std::vector<double> ages(K), vals(K), value(K);
        for (std::size_t k = 0; k < K; ++k) ages[k] = kT[order[k]];
        for (std::size_t g = 0; g < K;) {
          std::size_t h = g + 1;
          while (h < K && kx[order[h]] == kx[order[g]]) ++h;
          batch(kx[order[g]], ages.data() + g, h - g, vals.data() + g);
          g = h;
        }
        for (std::size_t k = 0; k < K; ++k) value[order[k]] = vals[k];
        // (3) multiply by P(alive).
        for (std::size_t c = begin; c < end; c += chunk_len) {
          const std::size_t len = std::min(chunk_len, end - c);
          alive(p, X + c, tx + c, T + c, o + c, len);
          for (std::size_t i = c; i < c + len; ++i) {
            const std::uint32_t k = key[i - begin];
            double v;
            if (k != xt_index::none)
              v = value[k];
            else
              batch(X[i], T + i, 1, &v);
            o[i] *= v;
          }
        }
      });
}

}  // namespace

template <int Shift>
void bg_family_alive(const bg_family_params& p, const rfm_view& d, std::span<double> out, unsigned threads) {
  const double* X = d.frequency.data();
  const double* tx = d.recency.data();
  const double* T = d.age.data();
  double* o = out.data();
  const alive_function fn = select_alive_function<Shift>();
  northstar::detail::parallel_ranges(d.size(), threads, grain,
                                     [&](std::size_t, std::size_t begin, std::size_t end) {
                                       fn(p, X + begin, tx + begin, T + begin, o + begin, end - begin);
                                     });
}

template <int Shift>
void bg_family_conditional(const bg_family_params& p, const rfm_view& d, double t, std::span<double> out,
                           unsigned threads) {
  // FHL 2005, eq. 10: P(alive) times the expected purchases in (T, T+t] of a customer
  // alive at T, whose lambda ~ Gamma(r+x, alpha+T) and p ~ Beta(a, b+x+Shift).
  alive_times<Shift>(p, d, out, threads, [&](double x, const double* T, std::size_t n, double* v) {
    constexpr std::size_t block = 64;
    double al[block], ts[block];
    for (std::size_t k = 0; k < block; ++k) ts[k] = t;
    for (std::size_t base = 0; base < n; base += block) {
      const std::size_t len = std::min(block, n - base);
      for (std::size_t k = 0; k < len; ++k) al[k] = p.alpha + T[base + k];
      beta_geometric_mean_pairs(p.r + x, al, p.a, p.b + x + Shift, ts, len, v + base);
    }
  });
}

template <int Shift>
double bg_family_pmf(const bg_family_params& p, double t, double n) {
  // FHL 2005, eq. 8 (Batislam et al. 2007, eq. 7 for MBG/NBD):
  // P(X(t)=n) = B(a, b+n+S)/B(a,b) NB(n; r, alpha/(alpha+t))
  //           + [n > 0 or S = 1] B(a+1, b+n+S-1)/B(a,b) P(NB >= n),  P(NB >= n) = I_z(n, r).
  const double lb = lbeta(p.a, p.b);
  double first = 0;
  const double z = t / (p.alpha + t);
  if (t == 0) {
    first = n == 0 ? std::exp(lbeta(p.a, p.b + Shift) - lb) : 0.0;
  } else {
    const double log_nb = northstar::clv::detail::log_gamma(p.r + n) -
                          northstar::clv::detail::log_gamma(p.r) - northstar::clv::detail::log_gamma(n + 1) +
                          p.r * std::log(p.alpha / (p.alpha + t)) + (n > 0 ? n * std::log(z) : 0.0);
    first = std::exp(lbeta(p.a, p.b + n + Shift) - lb + log_nb);
  }
  double second = 0;
  if (Shift == 1 || n > 0) {
    const double tail = n == 0 ? 1.0 : (t == 0 ? 0.0 : boost::math::ibeta(n, p.r, z, boost_policy()));
    second = std::exp(lbeta(p.a + 1, p.b + n + Shift - 1) - lb) * tail;
  }
  // <= 1 despite rounding in the lbeta differences (1 + 1.5e-12 at a = 2006; fuzz/model_predictions).
  return std::min(1.0, first + second);
}

template <int Shift>
void bg_family_discounted(const bg_family_params& p, const rfm_view& d, const per_period_discount& disc,
                          std::span<double> out, unsigned threads) {
  // sum_i (E[Y(iL)] - E[Y((i-1)L)]) / (1+d)^i, E[Y(s)] = P(alive) m(s) (FHL 2005, eq. 10).
  const std::size_t H = static_cast<std::size_t>(disc.periods);
  if (H == 0) {
    std::fill(out.begin(), out.end(), 0.0);
    return;
  }
  std::vector<double> horizon(H), factor(H);
  for (std::size_t i = 0; i < H; ++i) {
    horizon[i] = static_cast<double>(i + 1) * disc.period_length;
    factor[i] = std::pow(1 + disc.rate, -static_cast<double>(i + 1));
  }
  // Ages of one x are evaluated kp at a time: kp * H (alpha, t) pairs share one series pass.
  const std::size_t kp = std::max<std::size_t>(1, 64 / H);
  alive_times<Shift>(p, d, out, threads, [&](double x, const double* T, std::size_t n, double* v) {
    std::vector<double> al(kp * H), ts(kp * H), m(kp * H);  // per group of ages, not per customer
    for (std::size_t base = 0; base < n; base += kp) {
      const std::size_t len = std::min(kp, n - base);
      for (std::size_t k = 0; k < len; ++k)
        for (std::size_t i = 0; i < H; ++i) {
          al[k * H + i] = p.alpha + T[base + k];
          ts[k * H + i] = horizon[i];
        }
      beta_geometric_mean_pairs(p.r + x, al.data(), p.a, p.b + x + Shift, ts.data(), len * H, m.data());
      for (std::size_t k = 0; k < len; ++k) {
        double sum = 0, prev = 0;
        for (std::size_t i = 0; i < H; ++i) {
          sum += (m[k * H + i] - prev) * factor[i];
          prev = m[k * H + i];
        }
        v[base + k] = sum;
      }
    }
  });
}

template <int Shift>
void bg_family_discounted(const bg_family_params& p, const rfm_view& d, const continuous_discount& disc,
                          std::span<double> out, unsigned threads) {
  // integral_0^H e^(-delta s) dE(s) = e^(-delta H) E(H) + delta integral_0^H e^(-delta s) E(s) ds,
  // the integral by Gauss-Legendre in u = log(1 + s / (alpha+T)), where E is smooth.
  constexpr int nodes = 32;
  double gx[nodes], gw[nodes];
  gauss_legendre(nodes, gx, gw);
  const double H = disc.horizon, delta = disc.rate;
  if (H == 0) {
    std::fill(out.begin(), out.end(), 0.0);
    return;
  }
  alive_times<Shift>(p, d, out, threads, [&](double x, const double* T, std::size_t n, double* v) {
    for (std::size_t j = 0; j < n; ++j) {
      const double ap = p.alpha + T[j];
      double s[nodes + 1], m[nodes + 1];
      s[nodes] = H;
      if (delta == 0) {
        beta_geometric_mean(p.r + x, ap, p.a, p.b + x + Shift, s + nodes, 1, m + nodes);
        v[j] = m[nodes];
        continue;
      }
      const double U = std::log1p(H / ap);
      for (int k = 0; k < nodes; ++k) s[k] = ap * std::expm1(U * (gx[k] + 1) / 2);
      beta_geometric_mean(p.r + x, ap, p.a, p.b + x + Shift, s, nodes + 1, m);
      double integral = 0;
      for (int k = 0; k < nodes; ++k) integral += gw[k] * std::exp(-delta * s[k]) * m[k] * (ap + s[k]);
      v[j] = std::exp(-delta * H) * m[nodes] + delta * integral * U / 2;
    }
  });
}

#define NORTHSTAR_BG_FAMILY(S)                                                                             \
  template double bg_family_loglik<S>(const bg_family_params&, const rfm_view&, double*, unsigned);        \
  template mle_solution bg_family_fit<S>(const rfm_view&, const fit_options&, std::string_view,            \
                                         std::size_t&);                                                    \
  template double bg_family_expected<S>(const bg_family_params&, double);                                  \
  template void bg_family_alive<S>(const bg_family_params&, const rfm_view&, std::span<double>, unsigned); \
  template void bg_family_conditional<S>(const bg_family_params&, const rfm_view&, double,                 \
                                         std::span<double>, unsigned);                                     \
  template double bg_family_pmf<S>(const bg_family_params&, double, double);                               \
  template void bg_family_discounted<S>(const bg_family_params&, const rfm_view&,                          \
                                        const per_period_discount&, std::span<double>, unsigned);          \
  template void bg_family_discounted<S>(const bg_family_params&, const rfm_view&,                          \
                                        const continuous_discount&, std::span<double>, unsigned);
NORTHSTAR_BG_FAMILY(0)
NORTHSTAR_BG_FAMILY(1)
#undef NORTHSTAR_BG_FAMILY

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
