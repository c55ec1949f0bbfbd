// Validation and flattening of an OKR set.
#include <northstar/core/error.hpp>
#include <northstar/okr/okr_set.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {
namespace {

// "/objectives/1/key_results/0"
std::string obj_path(std::size_t o) {
  return "/objectives/" + std::to_string(o);
}
std::string kr_path(std::size_t o, std::size_t k) {
  return obj_path(o) + "/key_results/" + std::to_string(k);
}

[[noreturn]] void invalid(const std::string& path, std::string_view what) {
  std::string msg = path;
  msg += ": ";
  msg += what;
  northstar::detail::fail(errc::invalid_model, "okr_set", msg);
}

// "<entity> '<id>' <field> = <value>: <reason>"
[[noreturn]] void invalid_value(const std::string& path, std::string_view entity, const std::string& id,
                                std::string_view field, double value, std::string_view reason) {
  std::string what(entity);
  what += " '" + id + "' ";
  what += field;
  what += " = " + northstar::detail::format_value(value) + ": ";
  what += reason;
  invalid(path, what);
}

// Paths and messages are built only on failure (`path` is a callable returning the path).
template <class Path>
void check_weight(const Path& path, std::string_view entity, const std::string& id, double w) {
  if (!std::isfinite(w)) invalid_value(path() + "/weight", entity, id, "weight", w, "must be finite");
  if (w < 0) invalid_value(path() + "/weight", entity, id, "weight", w, "must be >= 0");
}

void validate_kr(const key_result& kr, std::size_t o, std::size_t k) {
  const auto path = [&] { return kr_path(o, k); };
  const std::string& id = kr.id;
  check_weight(path, "key_result", id, kr.weight);
  const auto num = [&](std::string_view field, double v) {
    if (!std::isfinite(v))
      invalid_value(path() + "/" + std::string(field), "key_result", id, field, v, "must be finite");
  };
  switch (kr.kind) {
    case kr_kind::metric: {
      num("target", kr.target);
      double b;
      if (kr.baseline) {
        num("baseline", *kr.baseline);
        b = *kr.baseline;
      } else {
        if (kr.check_ins.empty())
          invalid(path() + "/baseline",
                  "key_result '" + id + "' baseline: missing, and no check-in to take it from");
        // the earliest check-in (check-ins are sorted later; find the minimum time here)
        const auto first = std::min_element(kr.check_ins.begin(), kr.check_ins.end(),
                                            [](const check_in& a, const check_in& c) { return a.at < c.at; });
        b = first->value;
      }
      if (kr.target == b)
        invalid_value(path() + "/target", "key_result", id, "target", kr.target,
                      kr.baseline ? "equals the baseline (progress undefined)"
                                  : "equals the baseline taken from the first check-in (progress undefined)");
      break;
    }
    case kr_kind::guardrail:
      num("threshold", kr.threshold);
      break;
    case kr_kind::binary:
      break;
    case kr_kind::milestones: {
      if (kr.milestones.empty())
        invalid(path() + "/milestones", "key_result '" + id + "' milestones: empty list");
      double sum = 0;
      for (std::size_t m = 0; m < kr.milestones.size(); ++m) {
        const double w = kr.milestones[m].weight;
        if (!std::isfinite(w) || w < 0)
          check_weight([&] { return path() + "/milestones/" + std::to_string(m); },
                       "key_result '" + id + "' milestone", std::to_string(m), w);
        sum += kr.milestones[m].weight;
      }
      if (!(sum > 0))
        invalid(path() + "/milestones", "key_result '" + id + "' milestones: all weights are zero");
      break;
    }
  }
  for (std::size_t c = 0; c < kr.check_ins.size(); ++c) {
    const check_in& ci = kr.check_ins[c];
    const auto cp = [&] { return path() + "/check_ins/" + std::to_string(c); };
    const auto field = [&] { return "check_ins[" + std::to_string(c) + "]"; };
    if (!std::isfinite(ci.value))
      invalid_value(cp() + "/value", "key_result", id, field() + ".value", ci.value, "must be finite");
    if (ci.confidence) {
      const double p = *ci.confidence;
      if (!std::isfinite(p) || p < 0 || p > 1)
        invalid_value(cp() + "/confidence", "key_result", id, field() + ".confidence", p,
                      "must be in [0, 1]");
    }
    if (kr.kind == kr_kind::binary && ci.value != 0 && ci.value != 1)
      invalid_value(cp() + "/value", "key_result", id, field() + ".value", ci.value,
                    "binary value must be 0 or 1");
    if (kr.kind == kr_kind::milestones &&
        (ci.value < 0 || ci.value > static_cast<double>(kr.milestones.size()) ||
         ci.value != std::floor(ci.value)))
      invalid_value(
          cp() + "/value", "key_result", id, field() + ".value", ci.value,
          "must be a whole number of milestones done in [0, " + std::to_string(kr.milestones.size()) + "]");
  }
}

}  // namespace

okr_set::okr_set(okr::cycle c, std::vector<objective> objectives)
    : cycle_(std::move(c)), objectives_(std::move(objectives)) {
  if (cycle_.end < cycle_.start) invalid("/cycle/end", "cycle '" + cycle_.name + "' end is before its start");
  const std::size_t n_obj = objectives_.size();
  if (n_obj >= std::numeric_limits<std::uint32_t>::max()) invalid("/objectives", "too many objectives");

  // ids: one namespace for objectives and key results
  std::unordered_map<std::string_view, std::size_t> obj_index;
  // id -> where it was first used: (objective, KR index or npos for the objective itself)
  constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::unordered_map<std::string_view, std::pair<std::size_t, std::size_t>> seen;
  obj_index.reserve(n_obj);
  std::size_t n_kr = 0;
  for (const auto& ob : objectives_) n_kr += ob.key_results.size();
  seen.reserve(n_obj + n_kr);
  const auto where = [&](std::pair<std::size_t, std::size_t> at) {
    return at.second == npos ? obj_path(at.first) : kr_path(at.first, at.second);
  };
  const auto claim = [&](const std::string& id, std::size_t o, std::size_t k) {
    const std::string_view entity = k == npos ? "objective" : "key_result";
    if (id.empty()) invalid(where({o, k}) + "/id", std::string(entity) + " id: empty");
    auto [it, fresh] = seen.try_emplace(id, o, k);
    if (!fresh)
      invalid(where({o, k}) + "/id",
              std::string(entity) + " id '" + id + "': duplicate of " + where(it->second));
  };
  for (std::size_t o = 0; o < n_obj; ++o) {
    const objective& ob = objectives_[o];
    claim(ob.id, o, npos);
    obj_index.emplace(ob.id, o);
    check_weight([&] { return obj_path(o); }, "objective", ob.id, ob.weight);
    double kr_weight_sum = 0;
    for (std::size_t k = 0; k < ob.key_results.size(); ++k) {
      claim(ob.key_results[k].id, o, k);
      validate_kr(ob.key_results[k], o, k);
      kr_weight_sum += ob.key_results[k].weight;
    }
    if (!ob.key_results.empty() && !(kr_weight_sum > 0))
      invalid(obj_path(o) + "/key_results", "objective '" + ob.id + "' key_results: all weights are zero");
  }
  if (n_kr >= std::numeric_limits<std::uint32_t>::max()) invalid("/objectives", "too many key results");

  // alignment graph
  detail::okr_plan& p = plan_;
  p.parent_begin.assign(n_obj + 1, 0);
  for (std::size_t o = 0; o < n_obj; ++o) {
    const objective& ob = objectives_[o];
    p.parent_begin[o + 1] = p.parent_begin[o] + static_cast<std::uint32_t>(ob.parents.size());
    for (std::size_t q = 0; q < ob.parents.size(); ++q) {
      const auto pp = [&] { return obj_path(o) + "/parents/" + std::to_string(q); };
      auto it = obj_index.find(ob.parents[q]);
      if (it == obj_index.end())
        invalid(pp(), "objective '" + ob.id + "' parents: unknown objective '" + ob.parents[q] + "'");
      if (it->second == o) invalid(pp(), "objective '" + ob.id + "' parents: names itself (alignment cycle)");
      for (std::size_t r = 0; r < q; ++r)
        if (ob.parents[r] == ob.parents[q])
          invalid(pp(), "objective '" + ob.id + "' parents: '" + ob.parents[q] + "' listed twice");
      p.parent_index.push_back(static_cast<std::uint32_t>(it->second));
    }
  }
  p.child_begin.assign(n_obj + 1, 0);
  for (std::uint32_t par : p.parent_index) ++p.child_begin[par + 1];
  for (std::size_t o = 0; o < n_obj; ++o) p.child_begin[o + 1] += p.child_begin[o];
  p.child_index.resize(p.parent_index.size());
  {
    std::vector<std::uint32_t> fill(p.child_begin.begin(), p.child_begin.end() - 1);
    for (std::size_t o = 0; o < n_obj; ++o)
      for (std::uint32_t q = p.parent_begin[o]; q < p.parent_begin[o + 1]; ++q)
        p.child_index[fill[p.parent_index[q]]++] = static_cast<std::uint32_t>(o);
  }
  for (std::size_t o = 0; o < n_obj; ++o) {
    if (objectives_[o].key_results.empty() && p.child_begin[o + 1] == p.child_begin[o])
      invalid(obj_path(o) + "/key_results",
              "objective '" + objectives_[o].id + "' key_results: empty, and no child objective to roll up");
    if (p.child_begin[o + 1] > p.child_begin[o]) {
      double s = 0;
      for (std::uint32_t q = p.child_begin[o]; q < p.child_begin[o + 1]; ++q)
        s += objectives_[p.child_index[q]].weight;
      if (!(s > 0))
        invalid(obj_path(o),
                "objective '" + objectives_[o].id + "': the weights of all its children are zero");
    }
  }
  // Kahn's algorithm, children first: an objective is ready when all its children are done.
  {
    std::vector<std::uint32_t> pending(n_obj);
    p.topo.reserve(n_obj);
    for (std::size_t o = 0; o < n_obj; ++o) {
      pending[o] = p.child_begin[o + 1] - p.child_begin[o];
      if (pending[o] == 0) p.topo.push_back(static_cast<std::uint32_t>(o));
    }
    for (std::size_t head = 0; head < p.topo.size(); ++head) {
      const std::uint32_t o = p.topo[head];
      for (std::uint32_t q = p.parent_begin[o]; q < p.parent_begin[o + 1]; ++q)
        if (--pending[p.parent_index[q]] == 0) p.topo.push_back(p.parent_index[q]);
    }
    if (p.topo.size() != n_obj) {
      // Every objective left over lies on or above a cycle; walk parents from one
      // left over whose remaining children are all cyclic to print the cycle.
      std::size_t start = 0;
      while (pending[start] == 0) ++start;
      std::vector<std::size_t> walk{start};
      std::vector<int> pos(n_obj, -1);
      pos[start] = 0;
      for (;;) {
        const std::size_t cur = walk.back();
        std::size_t next = n_obj;
        for (std::uint32_t q = p.child_begin[cur]; q < p.child_begin[cur + 1]; ++q)
          if (pending[p.child_index[q]] != 0) {
            next = p.child_index[q];
            break;
          }
        if (pos[next] >= 0) {
          std::string chain;
          for (std::size_t i = static_cast<std::size_t>(pos[next]); i < walk.size(); ++i)
            chain += "'" + objectives_[walk[i]].id + "' <- ";
          chain += "'" + objectives_[next].id + "'";
          invalid(obj_path(next) + "/parents", "objective '" + objectives_[next].id +
                                                   "' parents: cycle in the alignment graph: " + chain +
                                                   " (a <- b: b is a child of a)");
        }
        pos[next] = static_cast<int>(walk.size());
        walk.push_back(next);
      }
    }
  }

  // sort check-ins and flatten
  p.obj_kr_begin.assign(n_obj + 1, 0);
  p.kr_objective.reserve(n_kr);
  p.kind.reserve(n_kr);
  p.baseline.reserve(n_kr);
  p.target.reserve(n_kr);
  p.weight.reserve(n_kr);
  p.band.reserve(n_kr);
  p.ci_begin.reserve(n_kr + 1);
  p.ms_begin.reserve(n_kr + 1);
  p.ci_begin.push_back(0);
  p.ms_begin.push_back(0);
  std::size_t n_ci = 0;
  for (auto& ob : objectives_)
    for (auto& kr : ob.key_results) n_ci += kr.check_ins.size();
  if (n_ci >= std::numeric_limits<std::uint32_t>::max()) invalid("/objectives", "too many check-ins");
  p.ci_day.reserve(n_ci);
  p.ci_value.reserve(n_ci);
  for (std::size_t o = 0; o < n_obj; ++o) {
    for (auto& kr : objectives_[o].key_results) {
      std::stable_sort(kr.check_ins.begin(), kr.check_ins.end(),
                       [](const check_in& a, const check_in& b) { return a.at < b.at; });
      p.kr_objective.push_back(static_cast<std::uint32_t>(o));
      p.kind.push_back(kr.kind);
      p.weight.push_back(kr.weight);
      double b = 0, t = 0;
      std::uint8_t band = 0;
      switch (kr.kind) {
        case kr_kind::metric:
          b = kr.baseline ? *kr.baseline : kr.check_ins.front().value;
          t = kr.target;
          break;
        case kr_kind::guardrail:
          b = t = kr.threshold;
          band = static_cast<std::uint8_t>((kr.bound == guardrail_bound::at_or_below ? 1 : 0) |
                                           (kr.strict ? 2 : 0));
          break;
        case kr_kind::binary:
          t = 1;
          break;
        case kr_kind::milestones: {
          t = static_cast<double>(kr.milestones.size());
          double sum = 0;
          for (const auto& m : kr.milestones) sum += m.weight;
          double cum = 0;
          for (const auto& m : kr.milestones) {
            cum += m.weight;
            p.ms_cum.push_back(cum / sum);
            p.ms_due_day.push_back(
                m.due ? days_since_start(cycle_, std::chrono::sys_seconds{*m.due + std::chrono::days{1}})
                      : std::numeric_limits<double>::quiet_NaN());
          }
          break;
        }
      }
      p.baseline.push_back(b);
      p.target.push_back(t);
      p.band.push_back(band);
      for (const auto& ci : kr.check_ins) {
        p.ci_day.push_back(days_since_start(cycle_, ci.at));
        p.ci_value.push_back(ci.value);
      }
      p.max_check_ins = std::max(p.max_check_ins, static_cast<std::uint32_t>(kr.check_ins.size()));
      p.ci_begin.push_back(static_cast<std::uint32_t>(p.ci_day.size()));
      p.ms_begin.push_back(static_cast<std::uint32_t>(p.ms_cum.size()));
    }
    p.obj_kr_begin[o + 1] = static_cast<std::uint32_t>(p.kind.size());
  }
}

std::optional<std::size_t> okr_set::find_objective(std::string_view id) const {
  for (std::size_t o = 0; o < objectives_.size(); ++o)
    if (objectives_[o].id == id) return o;
  return std::nullopt;
}

std::optional<std::size_t> okr_set::find_key_result(std::string_view id) const {
  for (std::size_t k = 0; k < key_result_count(); ++k)
    if (kr(k).id == id) return k;
  return std::nullopt;
}

}  // namespace okr
NORTHSTAR_END_NAMESPACE
