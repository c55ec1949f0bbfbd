// Evaluation of an OKR set at an instant: progress, pace status, forecasts,
// objective scores, roll-up, grades, and shortfall attribution.
#pragma once

#include <northstar/core/parallel.hpp>
#include <northstar/okr/forecast.hpp>
#include <northstar/okr/grade.hpp>
#include <northstar/okr/okr_set.hpp>
#include <northstar/okr/pace.hpp>
#include <northstar/okr/progress.hpp>
#include <northstar/version.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

/// How an objective combines its components' scores.
enum class aggregation : std::uint8_t {
  weighted_mean,  ///< sum w_i s_i / sum w_i (the default)
  min,            ///< the lowest component score (weights only select: weight 0 components are skipped)
};

/// Which components make up an objective's score.
enum class rollup_mode : std::uint8_t {
  own,       ///< its own KRs only (the default); an objective without KRs falls back to its children
  children,  ///< its child objectives' scores only (weighted by child weight); without children, its KRs
  pooled,    ///< its KRs (KR weights) and its children's scores (objective weights) together
};

/// How an objective's status is derived from its key results.
enum class objective_status_rule : std::uint8_t {
  worst_kr,       ///< the worst status of its KRs (the default): silence or one KR off track shows
  weighted_pace,  ///< the pace rule applied to the weighted mean of KR progress against the weighted mean of
                  ///< KR expected progress; no_data only when no KR has a check-in
};

/// Every convention of an evaluation, each a named parameter with its default.
struct evaluation_options {
  std::chrono::sys_seconds as_of{};  ///< the instant of the evaluation (check-ins after it are ignored)
  progress_policy policy = progress_policy::clamp_unit;  ///< bound on progress before scoring
  double cap = 1.3;                                      ///< upper bound for progress_policy::clamp_cap
  aggregation aggregate = aggregation::weighted_mean;    ///< objective score from components
  rollup_mode rollup = rollup_mode::own;                 ///< components of an objective's score
  pace_rule pace = pace_rule::difference();              ///< pace status rule and thresholds
  objective_status_rule objective_status = objective_status_rule::worst_kr;  ///< objective status from KRs
  bool milestone_dates =
      true;  ///< milestones KRs whose milestones all have due dates take expected progress from them
  grade_scale grades = grade_scale::google();  ///< scale for objective grades
  double committed_expectation = 1.0;          ///< score a committed objective is expected to reach
  double aspirational_expectation = 0.7;       ///< score an aspirational objective is expected to reach
  double green_threshold = 0.7;                ///< progress of a "green" final grade, for forecast p_green
  double interval_level = 0.90;  ///< two-sided level of the forecast prediction interval, in (0, 1)
  thread_count threads{};        ///< threads for the KR pass (0 = all cores)
};

/// Per key result results. Only check-ins in [cycle start, min(as_of, cycle close)) are used.
struct kr_evaluation {
  double current = 0.0;   ///< latest value used (NaN when no check-in)
  double p_raw = 0.0;     ///< raw progress (metric: (current - b)/(t - b); guardrail 1/0; binary 0/1;
                          ///< milestones: weighted share done); NaN when no check-in
  double progress = 0.0;  ///< p_raw under the policy; no check-in counts as 0 (no progress shown)
  double expected = 0.0;  ///< expected progress now (elapsed fraction, or milestone due dates)
  double in_band_share =
      0.0;  ///< guardrail: share of the used check-ins inside the band (NaN if none); else NaN
  okr::status status = okr::status::no_data;  ///< pace status (guardrail: in band on_track, else off_track)
  bool overachieved = false;                  ///< p_raw > 1
  bool regressed = false;                     ///< p_raw < 0
  std::uint32_t check_ins_used = 0;           ///< check-ins in the window
  okr::forecast forecast;                     ///< trend forecast at the cycle close (metric and guardrail)
};

/// Per objective results.
struct objective_evaluation {
  double own_score = 0.0;  ///< aggregate of its own KRs' progress (NaN without KRs)
  double score = 0.0;      ///< score under the roll-up mode
  okr::status status =
      okr::status::no_data;        ///< per options.objective_status (without KRs: worst of its children)
  std::size_t grade = 0;           ///< band index of `score` in options.grades
  double expectation = 0.0;        ///< committed_expectation or aspirational_expectation
  bool meets_expectation = false;  ///< score >= expectation
  double p_all_targets =
      0.0;                   ///< P(every own KR reaches its target), KRs assumed independent; NaN if unknown
  double p_all_green = 0.0;  ///< P(every own KR ends >= green threshold), independent KRs: equals
                             ///< P(score >= green) under aggregation::min and is a lower bound on it
                             ///< under the weighted mean; NaN if unknown
};

/// The result of `evaluate`: one entry per flat KR index and per objective index.
struct evaluation {
  std::vector<kr_evaluation> key_results;        ///< by flat KR index (see okr_set::kr_begin)
  std::vector<objective_evaluation> objectives;  ///< by objective index
  double elapsed = 0.0;                          ///< elapsed fraction of the cycle at as_of
};

/// Evaluates every KR and objective. Validates the options (finite, cap > 0,
/// interval_level in (0, 1), non-empty grade scale with increasing bounds) and throws
/// `error(errc::invalid_argument)` naming the field. Allocates the result and O(objectives +
/// max check-ins) scratch, nothing per key result; the KR and objective passes run on
/// `options.threads`, the roll-up in topological order on the calling thread.
///
///     auto ev = northstar::okr::evaluate(set, {.as_of = sys_days{2026y / February / 15}});
///     double s = ev.objectives[0].score;
[[nodiscard]] NORTHSTAR_API evaluation evaluate(const okr_set& set, const evaluation_options& options);

/// As above, writing into `out` and reusing its storage: with an `out` from an earlier
/// evaluation of a set of the same size, nothing is allocated for the results.
NORTHSTAR_API void evaluate(const okr_set& set, const evaluation_options& options, evaluation& out);

/// A component of an objective's score and its share of the shortfall.
struct shortfall_share {
  bool is_objective = false;  ///< false: a KR (flat index); true: a child objective (objective index)
  std::size_t index = 0;      ///< flat KR index or objective index
  double share = 0.0;         ///< share of the total shortfall, in [0, 1]; shares sum to 1
};

/// For an objective with score < 1, each component's share of the shortfall
/// w_i * (1 - min(s_i, 1)) / sum_j w_j * (1 - min(s_j, 1)), over the components of
/// `options.rollup` (weighted-mean decomposition of 1 - score). Empty when nothing falls short.
[[nodiscard]] NORTHSTAR_API std::vector<shortfall_share> shortfall(const okr_set& set, const evaluation& ev,
                                                                   const evaluation_options& options,
                                                                   std::size_t objective);

}  // namespace okr
NORTHSTAR_END_NAMESPACE
