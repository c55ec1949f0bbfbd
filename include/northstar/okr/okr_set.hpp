// okr_set: a validated cycle of objectives and key results, flattened for evaluation.
#pragma once

#include <northstar/okr/cycle.hpp>
#include <northstar/okr/key_result.hpp>
#include <northstar/okr/objective.hpp>
#include <northstar/version.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

namespace detail {
/// Flat, index-based copy of the numbers evaluation needs (struct of arrays).
/// Key results are numbered 0..n-1 in objective order ("flat KR index").
struct okr_plan {
  std::vector<std::uint32_t> obj_kr_begin;  ///< size objectives + 1: KRs of objective o are [o], [o+1])
  std::vector<std::uint32_t> kr_objective;  ///< objective of each KR
  std::vector<kr_kind> kind;                ///< per KR
  std::vector<double> baseline;             ///< effective baseline (metric), threshold (guardrail)
  std::vector<double> target;      ///< target (metric), threshold (guardrail), 1 (binary), n (milestones)
  std::vector<double> weight;      ///< KR weight
  std::vector<std::uint8_t> band;  ///< guardrail: bit 0 = at_or_below, bit 1 = strict
  std::vector<std::uint32_t> ci_begin;  ///< size KRs + 1: check-ins of KR k are [ci_begin[k], ci_begin[k+1])
  std::vector<double> ci_day;           ///< check-in time, days since cycle start (sorted per KR)
  std::vector<double> ci_value;         ///< check-in value
  std::vector<std::uint32_t> ms_begin;  ///< size KRs + 1: milestones of KR k
  std::vector<double> ms_cum;           ///< cumulative normalised weight after milestone i (last = 1)
  std::vector<double> ms_due_day;       ///< due instant (end of due day) in days since start; NaN if none
  std::vector<std::uint32_t> parent_begin, parent_index;  ///< alignment graph, CSR, child -> parents
  std::vector<std::uint32_t> child_begin, child_index;    ///< alignment graph, CSR, parent -> children
  std::vector<std::uint32_t> topo;                        ///< objectives, children before parents
  std::uint32_t max_check_ins = 0;                        ///< largest check-in count of any KR
};
}  // namespace detail

/// A validated OKR set for one cycle. Construction checks everything needed to
/// evaluate it and throws `northstar::error(errc::invalid_model)` otherwise; the
/// message names the JSON-style path of the fault, the id and the field, e.g.
/// "okr_set: /objectives/0/key_results/1/target: key_result 'kr-nps' target = 30: equals the baseline".
/// Rejected: empty or duplicate ids (objectives and KRs share one namespace),
/// end before start, non-finite numbers, negative weights, all-zero KR weights of
/// an objective or milestone weights of a KR, metric target == baseline (or no
/// baseline and no check-in to take it from), guardrail/metric fields not finite,
/// kinds without their data (milestones without a list), binary values other than
/// 0/1, milestone counts outside 0..n or not whole, confidence outside [0, 1],
/// unknown parents, objectives with neither KRs nor children, cycles in the
/// alignment graph. Check-ins are sorted by time (stable).
///
///     northstar::okr::okr_set set{q1, {company_objective, support_objective}};
class NORTHSTAR_API okr_set {
 public:
  /// Validates and builds; throws `error(errc::invalid_model)`.
  okr_set(okr::cycle c, std::vector<objective> objectives);

  /// The cycle.
  [[nodiscard]] const okr::cycle& cycle() const noexcept { return cycle_; }
  /// Objectives in the order given.
  [[nodiscard]] std::span<const objective> objectives() const noexcept { return objectives_; }
  /// Number of key results over all objectives.
  [[nodiscard]] std::size_t key_result_count() const noexcept { return plan_.kind.size(); }
  /// Flat index of the first KR of objective `o` (KRs of `o` are [kr_begin(o), kr_begin(o+1))).
  [[nodiscard]] std::size_t kr_begin(std::size_t o) const noexcept { return plan_.obj_kr_begin[o]; }
  /// The objective holding flat KR `k`.
  [[nodiscard]] std::size_t objective_of(std::size_t k) const noexcept { return plan_.kr_objective[k]; }
  /// The key result with flat index `k`.
  [[nodiscard]] const key_result& kr(std::size_t k) const noexcept {
    const std::size_t o = plan_.kr_objective[k];
    return objectives_[o].key_results[k - plan_.obj_kr_begin[o]];
  }
  /// Effective baseline of metric KR `k` (given, else the first check-in value).
  [[nodiscard]] double baseline(std::size_t k) const noexcept { return plan_.baseline[k]; }
  /// Index of the objective with this id, if any (linear search).
  [[nodiscard]] std::optional<std::size_t> find_objective(std::string_view id) const;
  /// Flat index of the key result with this id, if any (linear search).
  [[nodiscard]] std::optional<std::size_t> find_key_result(std::string_view id) const;
  /// Parent objectives of objective `o` (indices).
  [[nodiscard]] std::span<const std::uint32_t> parents(std::size_t o) const noexcept {
    return {plan_.parent_index.data() + plan_.parent_begin[o],
            plan_.parent_begin[o + 1] - plan_.parent_begin[o]};
  }
  /// Child objectives of objective `o` (indices).
  [[nodiscard]] std::span<const std::uint32_t> children(std::size_t o) const noexcept {
    return {plan_.child_index.data() + plan_.child_begin[o], plan_.child_begin[o + 1] - plan_.child_begin[o]};
  }
  /// All objectives, every child before each of its parents.
  [[nodiscard]] std::span<const std::uint32_t> topological_order() const noexcept { return plan_.topo; }
  /// The flat arrays used by the evaluation kernels.
  [[nodiscard]] const detail::okr_plan& plan() const noexcept { return plan_; }

  /// Equal cycles and objectives (as sorted at construction).
  friend bool operator==(const okr_set& a, const okr_set& b) {
    return a.cycle_ == b.cycle_ && a.objectives_ == b.objectives_;
  }

 private:
  okr::cycle cycle_;
  std::vector<objective> objectives_;
  detail::okr_plan plan_;
};

}  // namespace okr
NORTHSTAR_END_NAMESPACE
