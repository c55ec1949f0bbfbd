// A seeded BG/NBD simulator: synthetic customers (x, t_x, T) and, optionally,
// their mean repeat spend under the Gamma-Gamma model, for benchmarks, tests
// and what-if studies.
//
// Reproducible across platforms by construction: std::mt19937_64 (whose
// output the C++ standard fixes) and distributions implemented here, not the
// std:: distributions (whose algorithms differ between standard libraries).
// Per customer, in this order:
//   1. lambda = G(r) / alpha, with G(k) a standard gamma variate (Marsaglia &
//      Tsang 2000 for k >= 1, normals by Marsaglia's polar method; for k < 1,
//      G(k) = G(k + 1) U^(1/k), handled in logs);
//   2. p = X / (X + Y), X = G(a), Y = G(b) (formed in logs, so tiny shapes do not give 0/0);
//   3. T uniform on [min_age, max_age] (continuous), or a whole number of
//      `resolution` steps, uniform on the steps in that range;
//   4. purchases: exponential gaps -log(U) / lambda; after each repeat purchase
//      before T the customer drops out if U < p (FHL 2005, section 3);
//   5. with spend: nu = G(q) / gamma, zbar = G(p_spend x) / (nu x) (the mean of x
//      Gamma(p_spend, nu) values), 0 when x = 0.
// U = ((u >> 11) + 0.5) 2^-53 from one 64-bit output u, never 0 or 1. Results
// depend only on the seed, parameters and options (not on threads: the
// simulator is sequential). Transcendental functions come from the platform's
// libm, which may differ in the last bit between platforms; the algorithm and
// the stream of random numbers do not.
#pragma once

#include <northstar/clv/bg_nbd.hpp>
#include <northstar/clv/gamma_gamma.hpp>
#include <northstar/clv/rfm.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// What to simulate.
struct bg_nbd_simulation {
  std::size_t customers = 1000;  ///< number of customers
  double min_age = 1;            ///< smallest T (> 0), model time units
  double max_age = 52;           ///< largest T (>= min_age)
  /// 0: continuous times. > 0: a transaction log at this resolution (e.g. 1/7
  /// for days in a model fitted in weeks): T is a whole number of steps, times
  /// are reported at the start of their step, and purchases within the step of
  /// the previous one are merged (as summaries that aggregate same-day purchases
  /// do), so x > 0 implies t_x >= resolution and patterns repeat.
  double resolution = 0;
  std::uint64_t seed = 42;                       ///< seed of std::mt19937_64
  std::optional<gamma_gamma_params> spend = {};  ///< also draw zbar (Gamma-Gamma) when set
};

/// Simulated customers (owned arrays).
struct simulated_customers {
  std::vector<double> frequency;     ///< x
  std::vector<double> recency;       ///< t_x
  std::vector<double> age;           ///< T
  std::vector<double> mean_spend;    ///< zbar (empty unless spend was requested; 0 when x = 0)
  std::vector<unsigned char> alive;  ///< 1 if the customer is still alive at T (the truth P(alive) estimates)
  /// A view of (x, t_x, T) borrowing this object's arrays.
  [[nodiscard]] rfm_view view() const noexcept { return {frequency, recency, age}; }
};

/// Draws customers from BG/NBD with `params` (validated) as described above.
/// Throws northstar::error on invalid options (customers may be 0).
NORTHSTAR_API simulated_customers simulate_bg_nbd(const bg_nbd_params& params,
                                                  const bg_nbd_simulation& options);

}  // namespace clv
NORTHSTAR_END_NAMESPACE
