#include <northstar/clv/simulate.hpp>

#include <cmath>
#include <random>
#include <string>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

namespace {

// The distributions, written out so that every platform draws the same numbers.
class source {
 public:
  explicit source(std::uint64_t seed) : g_(seed) {}
  // Uniform on (0, 1): never 0 or 1.
  double uniform() { return (static_cast<double>(g_() >> 11) + 0.5) * 0x1.0p-53; }
  // Standard normal, Marsaglia's polar method (one value per accepted pair; the
  // second is discarded so the stream position does not depend on history).
  double normal() {
    for (;;) {
      const double u = 2 * uniform() - 1, v = 2 * uniform() - 1, s = u * u + v * v;
      if (s > 0 && s < 1) return u * std::sqrt(-2 * std::log(s) / s);
    }
  }
  // log of a standard gamma variate with shape k > 0 (Marsaglia & Tsang 2000).
  double log_gamma_variate(double k) {
    if (k < 1) return log_gamma_variate(k + 1) + std::log(uniform()) / k;
    const double d = k - 1.0 / 3, c = 1 / std::sqrt(9 * d);
    for (;;) {
      const double z = normal();
      const double v = 1 + c * z;
      if (v <= 0) continue;
      const double v3 = v * v * v, u = uniform();
      if (std::log(u) < 0.5 * z * z + d - d * v3 + d * std::log(v3)) return std::log(d * v3);
    }
  }
  double gamma_variate(double k) { return std::exp(log_gamma_variate(k)); }

 private:
  std::mt19937_64 g_;
};

[[noreturn]] void bad(std::string_view field, double v, std::string_view reason) {
  northstar::detail::fail(
      std::isfinite(v) ? errc::invalid_argument : errc::not_finite, "simulate_bg_nbd",
      std::string(field) + " = " + northstar::detail::format_value(v) + ": " + std::string(reason));
}

}  // namespace

simulated_customers simulate_bg_nbd(const bg_nbd_params& params, const bg_nbd_simulation& o) {
  validate(params, "simulate_bg_nbd");
  if (o.spend) validate(*o.spend, "simulate_bg_nbd");
  if (!std::isfinite(o.min_age) || !(o.min_age > 0)) bad("min_age", o.min_age, "must be finite and > 0");
  if (!std::isfinite(o.max_age) || !(o.max_age >= o.min_age))
    bad("max_age", o.max_age, "must be finite and >= min_age");
  if (!std::isfinite(o.resolution) || !(o.resolution >= 0))
    bad("resolution", o.resolution, "must be finite and >= 0");
  double first_step = 0, steps = 0;
  if (o.resolution > 0) {
    first_step = std::max(1.0, std::ceil(o.min_age / o.resolution));
    const double last = std::floor(o.max_age / o.resolution);
    if (last < first_step)
      bad("resolution", o.resolution, "leaves no whole step between min_age and max_age");
    steps = last - first_step + 1;
  }
  simulated_customers out;
  const std::size_t n = o.customers;
  out.frequency.resize(n);
  out.recency.resize(n);
  out.age.resize(n);
  out.alive.resize(n);
  if (o.spend) out.mean_spend.resize(n);
  source s(o.seed);
  const double h = o.resolution;
  for (std::size_t i = 0; i < n; ++i) {
    const double lambda = s.gamma_variate(params.r) / params.alpha;
    const double lx = s.log_gamma_variate(params.a), ly = s.log_gamma_variate(params.b);
    const double p = 1 / (1 + std::exp(ly - lx));
    double T;
    if (h > 0)
      T = (first_step + std::min(steps - 1, std::floor(s.uniform() * steps))) * h;
    else
      T = o.min_age + (o.max_age - o.min_age) * s.uniform();
    double time = 0, x = 0, tx = 0, last_step = 0;
    bool alive = true;
    for (;;) {
      time += -std::log(s.uniform()) / lambda;
      if (!(time < T)) break;
      if (h > 0) {
        const double step = std::floor(time / h);
        if (step > last_step) {  // a new day: one more repeat purchase in the log
          ++x;
          tx = step * h;
          last_step = step;
        }
      } else {
        ++x;
        tx = time;
      }
      if (s.uniform() < p) {  // drops out after this purchase
        alive = false;
        break;
      }
    }
    out.frequency[i] = x;
    out.recency[i] = tx;
    out.age[i] = T;
    out.alive[i] = alive ? 1 : 0;
    if (o.spend) {
      const double nu = s.gamma_variate(o.spend->q) / o.spend->gamma;
      out.mean_spend[i] = x > 0 ? s.gamma_variate(o.spend->p * x) / (nu * x) : 0.0;
    }
  }
  return out;
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
