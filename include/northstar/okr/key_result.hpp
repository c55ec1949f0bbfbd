// Key results and check-ins: the measurable half of an OKR.
#pragma once

#include <northstar/version.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

/// What a key result measures and how its progress is computed.
enum class kr_kind : std::uint8_t {
  metric,      ///< a number moving from `baseline` to `target` (rising if target > baseline, else falling)
  guardrail,   ///< a number that must stay at or above / at or below `threshold`
  binary,      ///< done (check-in value 1) or not (0)
  milestones,  ///< ordered weighted milestones; a check-in's value is how many are done
};

/// Which side of the threshold a guardrail must stay on.
enum class guardrail_bound : std::uint8_t {
  at_or_above,  ///< value >= threshold (value > threshold when strict)
  at_or_below,  ///< value <= threshold (value < threshold when strict)
};

/// Optional input/output tag (input KRs measure activity, output KRs outcomes).
enum class kr_tag : std::uint8_t { none, input, output };

/// One observation of a key result.
struct check_in {
  std::chrono::sys_seconds at{};     ///< when the value was observed (UTC)
  double value = 0.0;                ///< metric/guardrail value; 0/1 for binary; milestones done
  std::optional<double> confidence;  ///< the owner's stated probability of reaching the target, in [0, 1]
  std::string note;                  ///< free text, may be empty
  /// Memberwise equality.
  bool operator==(const check_in&) const = default;
};

/// One step of a milestones key result.
struct milestone {
  std::string title;                         ///< what is delivered
  double weight = 1.0;                       ///< share of the KR (normalised over the list), >= 0
  std::optional<std::chrono::sys_days> due;  ///< optional due day (inclusive), drives expected progress
  /// Memberwise equality.
  bool operator==(const milestone&) const = default;
};

/// A key result. Fields not used by its `kind` are ignored (and kept as given).
struct key_result {
  std::string id;                  ///< unique within the OKR set (objective and KR ids share one namespace)
  std::string title;               ///< e.g. "Raise CSAT from 7.5 to 8.5"
  std::string owner;               ///< person or team; empty means the objective's owner
  kr_kind kind = kr_kind::metric;  ///< how progress is measured
  double weight = 1.0;             ///< weight within its objective, >= 0
  kr_tag tag = kr_tag::none;       ///< optional input/output tag

  // metric
  std::string unit;                ///< unit of the values ("points", "%", ...)
  std::optional<double> baseline;  ///< b; when absent the first check-in's value is used (lint warns)
  double target = 0.0;             ///< t, must differ from the baseline

  // guardrail
  double threshold = 0.0;                                ///< the bound the value must respect
  guardrail_bound bound = guardrail_bound::at_or_above;  ///< side of the threshold
  bool strict = false;                                   ///< exclude the threshold itself (default inclusive)

  // milestones
  std::vector<milestone> milestones;  ///< ordered list, at least one for kind milestones

  std::vector<check_in> check_ins;  ///< observations; sorted by time when the OKR set is built

  /// Memberwise equality.
  bool operator==(const key_result&) const = default;
};

/// Whether a guardrail value lies inside the allowed band.
[[nodiscard]] constexpr bool in_band(double value, double threshold, guardrail_bound bound,
                                     bool strict) noexcept {
  if (bound == guardrail_bound::at_or_above) return strict ? value > threshold : value >= threshold;
  return strict ? value < threshold : value <= threshold;
}

/// Name of a kind as used in JSON ("metric", "guardrail", "binary", "milestones").
[[nodiscard]] constexpr std::string_view to_string(kr_kind k) noexcept {
  switch (k) {
    case kr_kind::metric:
      return "metric";
    case kr_kind::guardrail:
      return "guardrail";
    case kr_kind::binary:
      return "binary";
    case kr_kind::milestones:
      return "milestones";
  }
  return "?";
}

}  // namespace okr
NORTHSTAR_END_NAMESPACE
