// Objectives: a level, a type (committed or aspirational), key results, and the
// parent objectives they align to.
#pragma once

#include <northstar/okr/key_result.hpp>
#include <northstar/version.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

/// Where an objective sits in the organisation.
enum class objective_level : std::uint8_t { company, team, individual };

/// Committed objectives are expected to be fully met (1.0); aspirational ones at 0.7.
enum class objective_type : std::uint8_t { committed, aspirational };

/// An objective with its key results. `parents` names the objectives it aligns
/// to (ids); together they form the alignment graph, which must be acyclic.
struct objective {
  std::string id;                                   ///< unique within the OKR set
  std::string title;                                ///< e.g. "Customers love our support"
  std::string owner;                                ///< person or team
  objective_level level = objective_level::team;    ///< company / team / individual
  objective_type type = objective_type::committed;  ///< committed or aspirational
  double weight = 1.0;                              ///< weight in its parents' roll-up, >= 0
  std::vector<std::string> parents;                 ///< ids of parent objectives (may be empty)
  std::vector<key_result> key_results;              ///< its key results
  /// Memberwise equality.
  bool operator==(const objective&) const = default;
};

/// Name of a level as used in JSON.
[[nodiscard]] constexpr std::string_view to_string(objective_level l) noexcept {
  switch (l) {
    case objective_level::company:
      return "company";
    case objective_level::team:
      return "team";
    case objective_level::individual:
      return "individual";
  }
  return "?";
}

/// Name of a type as used in JSON.
[[nodiscard]] constexpr std::string_view to_string(objective_type t) noexcept {
  return t == objective_type::committed ? "committed" : "aspirational";
}

}  // namespace okr
NORTHSTAR_END_NAMESPACE
