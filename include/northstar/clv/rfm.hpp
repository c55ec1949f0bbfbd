// The data of the transaction (buy-till-you-die) models: per customer the
// number of repeat purchases x (frequency), the time of the last repeat
// purchase t_x measured from the first purchase (recency), and the time from
// the first purchase to the end of calibration T (age), in the caller's time
// unit. Shared by BG/NBD, MBG/NBD, Pareto/NBD and BG/BB.
//
//     std::vector<double> x = ..., tx = ..., T = ...;
//     northstar::clv::rfm_view data{x, tx, T};
//     northstar::clv::validate(data, "bg_nbd");             // throws northstar::error
//     auto patterns = northstar::clv::compress(data);       // duplicates merged, weighted
#pragma once

#include <northstar/core/error.hpp>

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// Borrowed per-customer summaries (nothing is copied; the arrays must outlive
/// the view). All three arrays have one element per customer; `weight` is
/// either empty (every customer counts once) or the same length (the number of
/// customers a row stands for, e.g. after compress()).
struct rfm_view {
  std::span<const double> frequency;    ///< x: repeat purchases, a whole number >= 0
  std::span<const double> recency;      ///< t_x: time of the last purchase after the first, 0 <= t_x <= T
  std::span<const double> age;          ///< T: time from the first purchase to the end of calibration, > 0
  std::span<const double> weight = {};  ///< optional: customers per row, finite >= 0

  /// Number of rows (customers or patterns).
  [[nodiscard]] std::size_t size() const noexcept { return frequency.size(); }
  /// Weight of row i (1 when no weights are given).
  [[nodiscard]] double weight_of(std::size_t i) const noexcept { return weight.empty() ? 1.0 : weight[i]; }
};

/// Checks an rfm_view and throws northstar::error naming `context`, the input,
/// the index and the value on the first bad row:
/// - size_mismatch: recency, age (and weight, if not empty) differ in length from frequency;
/// - not_finite: a NaN or infinite value;
/// - invalid_argument: frequency not a whole number >= 0; recency < 0; age <= 0;
///   recency > age ("bg_nbd: recency[3] = 40: must be <= age[3] = 39");
///   frequency > 0 with recency == 0, or frequency == 0 with recency != 0;
///   weight < 0.
/// The check is one vectorised pass over the arrays on `threads` threads
/// (0 = all cores; the model functions pass their run_options' threads).
NORTHSTAR_API void validate(const rfm_view& data, std::string_view context, unsigned threads = 1);

/// Distinct (x, t_x, T) patterns with the summed weights of the rows that share
/// them, sorted by x, then t_x, then T (a deterministic order independent of
/// the input order). The likelihood of the transaction models depends on a
/// customer only through (x, t_x, T), so fitting on patterns gives the same
/// estimate as fitting on customers, faster when times are rounded (days, weeks).
struct rfm_patterns {
  std::vector<double> frequency;  ///< x of each pattern
  std::vector<double> recency;    ///< t_x of each pattern
  std::vector<double> age;        ///< T of each pattern
  std::vector<double> weight;     ///< summed weight of the rows with this pattern

  /// A view of the patterns (borrowing this object's vectors).
  [[nodiscard]] rfm_view view() const noexcept { return {frequency, recency, age, weight}; }
  /// Number of distinct patterns.
  [[nodiscard]] std::size_t size() const noexcept { return frequency.size(); }
};

/// Merges rows with equal (x, t_x, T), summing their weights in input order
/// (a pattern whose rows all have weight 0 is kept with weight 0).
/// Does not validate: call validate() first. -0.0 and 0.0 are the same value.
/// With threads > 1 (0 = all cores) large inputs are split by hash among
/// threads; the result is the same for any thread count.
NORTHSTAR_API rfm_patterns compress(const rfm_view& data, unsigned threads = 1);

}  // namespace clv
NORTHSTAR_END_NAMESPACE
