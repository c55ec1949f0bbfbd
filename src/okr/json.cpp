// JSON reading and writing of OKR sets and reports (nlohmann/json, private).
#include <northstar/core/error.hpp>
#include <northstar/okr/json.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <sstream>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {
namespace {

using json = nlohmann::ordered_json;
using namespace std::chrono;

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  northstar::detail::fail(errc::parse_error, "okr json",
                          (path.empty() ? std::string("/") : path) + ": " + what);
}

// "string \"3\"", "number 42", "object" (scalars shown, shortened to 40 characters)
std::string type_name(const json& j) {
  std::string name = j.is_number() ? "number" : j.type_name();
  if (j.is_primitive() && !j.is_null()) {
    std::string v = j.dump();
    if (v.size() > 40) v = v.substr(0, 37) + "...";
    name += " " + v;
  }
  return name;
}

// ---- dates: "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SSZ" (UTC)

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool parse_day(std::string_view s, sys_days& out) {
  int y, m, d;
  if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return false;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return false;
  out = sys_days{ymd};
  return true;
}

bool parse_instant(std::string_view s, sys_seconds& out) {
  sys_days d;
  if (!parse_day(s, d)) return false;
  if (s.size() == 10) {
    out = sys_seconds{d};
    return true;
  }
  int hh, mm, ss;
  if (s.size() != 20 || s[10] != 'T' || !digits(s, 11, 2, hh) || s[13] != ':' || !digits(s, 14, 2, mm) ||
      s[16] != ':' || !digits(s, 17, 2, ss) || s[19] != 'Z' || hh > 23 || mm > 59 || ss > 59)
    return false;
  out = sys_seconds{d} + hours{hh} + minutes{mm} + seconds{ss};
  return true;
}

std::string format_day(sys_days d) {
  const year_month_day ymd{d};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string format_instant(sys_seconds t) {
  const sys_days d = floor<days>(t);
  const auto rest = t - sys_seconds{d};
  if (rest.count() == 0) return format_day(d);
  const hh_mm_ss<seconds> hms{rest};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", format_day(d).c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

// RFC 6901: "~" -> "~0", "/" -> "~1" inside a path segment.
std::string escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// ---- typed field access with paths

struct reader {
  const json& j;
  std::string path;

  reader at(const char* key) const { return {j.at(key), path + "/" + key}; }  // keys we name need no escaping
  reader at(std::size_t i) const { return {j.at(i), path + "/" + std::to_string(i)}; }
  bool has(const char* key) const { return j.contains(key); }

  void expect_object(std::initializer_list<const char*> allowed) const {
    if (!j.is_object()) bad(path, "expected an object, got " + type_name(j));
    for (auto it = j.begin(); it != j.end(); ++it) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || it.key() == a;
      if (!ok) bad(path + "/" + escape(it.key()), "unknown field '" + it.key() + "'");
    }
  }
  reader req(const char* key) const {
    if (!j.contains(key)) bad(path + "/" + key, std::string("missing required field '") + key + "'");
    return at(key);
  }
  double number() const {
    if (!j.is_number()) bad(path, "expected a number, got " + type_name(j));
    const double v = j.get<double>();
    if (!std::isfinite(v)) bad(path, "number out of range");
    return v;
  }
  std::string string() const {
    if (!j.is_string()) bad(path, "expected a string, got " + type_name(j));
    return j.get<std::string>();
  }
  bool boolean() const {
    if (!j.is_boolean()) bad(path, "expected true or false, got " + type_name(j));
    return j.get<bool>();
  }
  std::size_t array() const {
    if (!j.is_array()) bad(path, "expected an array, got " + type_name(j));
    return j.size();
  }
  sys_days day_value() const {
    sys_days d;
    const std::string s = string();
    if (s.size() != 10 || !parse_day(s, d)) bad(path, "'" + s + "' is not a date YYYY-MM-DD");
    return d;
  }
  sys_seconds instant() const {
    sys_seconds t;
    const std::string s = string();
    if (!parse_instant(s, t))
      bad(path, "'" + s + "' is not a date YYYY-MM-DD or UTC time YYYY-MM-DDTHH:MM:SSZ");
    return t;
  }
  template <class E>
  E choice(std::initializer_list<std::pair<const char*, E>> options) const {
    const std::string s = string();
    std::string names;
    for (const auto& [name, value] : options) {
      if (s == name) return value;
      names += names.empty() ? "" : ", ";
      names += name;
    }
    bad(path, "'" + s + "' is not one of " + names);
  }
  std::string opt_string(const char* key) const { return has(key) ? at(key).string() : std::string(); }
  double opt_number(const char* key, double def) const { return has(key) ? at(key).number() : def; }
};

check_in read_check_in(const reader& r) {
  r.expect_object({"at", "value", "confidence", "note"});
  check_in c;
  c.at = r.req("at").instant();
  c.value = r.req("value").number();
  if (r.has("confidence")) c.confidence = r.at("confidence").number();
  c.note = r.opt_string("note");
  return c;
}

key_result read_kr(const reader& r) {
  if (!r.j.is_object()) bad(r.path, "expected an object, got " + type_name(r.j));
  key_result k;
  k.kind = r.req("kind").choice<kr_kind>({{"metric", kr_kind::metric},
                                          {"guardrail", kr_kind::guardrail},
                                          {"binary", kr_kind::binary},
                                          {"milestones", kr_kind::milestones}});
  switch (k.kind) {
    case kr_kind::metric:
      r.expect_object(
          {"id", "title", "owner", "kind", "weight", "tag", "check_ins", "unit", "baseline", "target"});
      break;
    case kr_kind::guardrail:
      r.expect_object({"id", "title", "owner", "kind", "weight", "tag", "check_ins", "unit", "threshold",
                       "bound", "strict"});
      break;
    case kr_kind::binary:
      r.expect_object({"id", "title", "owner", "kind", "weight", "tag", "check_ins"});
      break;
    case kr_kind::milestones:
      r.expect_object({"id", "title", "owner", "kind", "weight", "tag", "check_ins", "milestones"});
      break;
  }
  k.id = r.req("id").string();
  k.title = r.opt_string("title");
  k.owner = r.opt_string("owner");
  k.weight = r.opt_number("weight", 1.0);
  if (r.has("tag"))
    k.tag = r.at("tag").choice<kr_tag>({{"input", kr_tag::input}, {"output", kr_tag::output}});
  k.unit = r.opt_string("unit");
  switch (k.kind) {
    case kr_kind::metric:
      if (r.has("baseline")) k.baseline = r.at("baseline").number();
      k.target = r.req("target").number();
      break;
    case kr_kind::guardrail:
      k.threshold = r.req("threshold").number();
      k.bound = r.req("bound").choice<guardrail_bound>(
          {{"at_or_above", guardrail_bound::at_or_above}, {"at_or_below", guardrail_bound::at_or_below}});
      if (r.has("strict")) k.strict = r.at("strict").boolean();
      break;
    case kr_kind::binary:
      break;
    case kr_kind::milestones: {
      const reader ms = r.req("milestones");
      const std::size_t n = ms.array();
      for (std::size_t i = 0; i < n; ++i) {
        const reader m = ms.at(i);
        m.expect_object({"title", "weight", "due"});
        milestone x;
        x.title = m.req("title").string();
        x.weight = m.opt_number("weight", 1.0);
        if (m.has("due")) x.due = m.at("due").day_value();
        k.milestones.push_back(std::move(x));
      }
      break;
    }
  }
  if (r.has("check_ins")) {
    const reader cs = r.at("check_ins");
    const std::size_t n = cs.array();
    k.check_ins.reserve(n);
    for (std::size_t i = 0; i < n; ++i) k.check_ins.push_back(read_check_in(cs.at(i)));
  }
  return k;
}

objective read_objective(const reader& r) {
  r.expect_object({"id", "title", "owner", "level", "type", "weight", "parents", "key_results"});
  objective o;
  o.id = r.req("id").string();
  o.title = r.opt_string("title");
  o.owner = r.opt_string("owner");
  if (r.has("level"))
    o.level = r.at("level").choice<objective_level>({{"company", objective_level::company},
                                                     {"team", objective_level::team},
                                                     {"individual", objective_level::individual}});
  if (r.has("type"))
    o.type = r.at("type").choice<objective_type>(
        {{"committed", objective_type::committed}, {"aspirational", objective_type::aspirational}});
  o.weight = r.opt_number("weight", 1.0);
  if (r.has("parents")) {
    const reader ps = r.at("parents");
    const std::size_t n = ps.array();
    for (std::size_t i = 0; i < n; ++i) o.parents.push_back(ps.at(i).string());
  }
  if (r.has("key_results")) {
    const reader ks = r.at("key_results");
    const std::size_t n = ks.array();
    o.key_results.reserve(n);
    for (std::size_t i = 0; i < n; ++i) o.key_results.push_back(read_kr(ks.at(i)));
  }
  return o;
}

okr_set read_document(const json& doc) {
  const reader root{doc, ""};
  root.expect_object({"cycle", "objectives"});
  const reader c = root.req("cycle");
  c.expect_object({"name", "start", "end"});
  cycle cyc;
  cyc.name = c.opt_string("name");
  cyc.start = c.req("start").day_value();
  cyc.end = c.req("end").day_value();
  const reader os = root.req("objectives");
  const std::size_t n = os.array();
  std::vector<objective> objs;
  objs.reserve(n);
  for (std::size_t i = 0; i < n; ++i) objs.push_back(read_objective(os.at(i)));
  return okr_set(std::move(cyc), std::move(objs));
}

json number_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

// Well-formed UTF-8 (RFC 3629, section 4: no overlongs, no surrogates, <= U+10FFFF).
bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned c = p[i];
    std::size_t len;
    unsigned lo = 0x80, hi = 0xBF;  // range of the second byte
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
    i += len;
  }
  return true;
}

// JSON Pointer escaping of an object key (RFC 6901).
std::string pointer_token(const std::string& key) {
  std::string out;
  for (char ch : key) out += ch == '~' ? "~0" : ch == '/' ? "~1" : std::string(1, ch);
  return out;
}

// The path of the first string (key or value) that is not UTF-8, or "".
std::string first_non_utf8(const json& j, const std::string& path) {
  if (j.is_string()) return valid_utf8(j.get_ref<const std::string&>()) ? "" : (path.empty() ? "/" : path);
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto p = first_non_utf8(j[i], path + "/" + std::to_string(i)); !p.empty()) return p;
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (!valid_utf8(key)) return path + "/<key>";
      if (auto p = first_non_utf8(value, path + "/" + pointer_token(key)); !p.empty()) return p;
    }
  }
  return "";
}

// JSON text must be UTF-8: text that is not (possible in objects built in C++;
// read_json rejects it) is an error naming its JSON path, never replaced.
std::string dump(const json& j, int indent) {
  if (const auto path = first_non_utf8(j, ""); !path.empty())
    northstar::detail::fail(errc::invalid_argument, "okr json",
                            path + ": text is not valid UTF-8; JSON output needs UTF-8");
  return j.dump(indent < 0 ? -1 : indent);
}

}  // namespace

okr_set read_json(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    northstar::detail::fail(errc::parse_error, "okr json",
                            "byte " + std::to_string(e.byte) + ": malformed JSON (" + e.what() + ")");
  } catch (const json::exception& e) {  // e.g. number overflow: nlohmann reports no position
    northstar::detail::fail(errc::parse_error, "okr json", std::string("malformed JSON (") + e.what() + ")");
  }
  return read_document(doc);
}

okr_set read_json(std::istream& in) {
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) northstar::detail::fail(errc::io_error, "okr json", "stream read failed");
  return read_json(std::string_view(text));
}

okr_set load_json(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) northstar::detail::fail(errc::io_error, "okr json", "cannot open '" + file.string() + "'");
  try {
    return read_json(in);
  } catch (const error& e) {
    throw error(e.code(), file.string() + ": " + e.what());  // name the file too
  }
}

std::string write_json(const okr_set& set, int indent) {
  json doc;
  doc["cycle"] = {{"name", set.cycle().name},
                  {"start", format_day(set.cycle().start)},
                  {"end", format_day(set.cycle().end)}};
  json objs = json::array();
  for (const objective& o : set.objectives()) {
    json jo;
    jo["id"] = o.id;
    jo["title"] = o.title;
    jo["owner"] = o.owner;
    jo["level"] = std::string(to_string(o.level));
    jo["type"] = std::string(to_string(o.type));
    jo["weight"] = o.weight;
    jo["parents"] = o.parents;
    json krs = json::array();
    for (const key_result& k : o.key_results) {
      json jk;
      jk["id"] = k.id;
      jk["title"] = k.title;
      jk["owner"] = k.owner;
      jk["kind"] = std::string(to_string(k.kind));
      jk["weight"] = k.weight;
      if (k.tag != kr_tag::none) jk["tag"] = k.tag == kr_tag::input ? "input" : "output";
      switch (k.kind) {
        case kr_kind::metric:
          jk["unit"] = k.unit;
          if (k.baseline) jk["baseline"] = *k.baseline;
          jk["target"] = k.target;
          break;
        case kr_kind::guardrail:
          jk["unit"] = k.unit;
          jk["threshold"] = k.threshold;
          jk["bound"] = k.bound == guardrail_bound::at_or_above ? "at_or_above" : "at_or_below";
          jk["strict"] = k.strict;
          break;
        case kr_kind::binary:
          break;
        case kr_kind::milestones: {
          json ms = json::array();
          for (const milestone& m : k.milestones) {
            json jm{{"title", m.title}, {"weight", m.weight}};
            if (m.due) jm["due"] = format_day(*m.due);
            ms.push_back(std::move(jm));
          }
          jk["milestones"] = std::move(ms);
          break;
        }
      }
      json cis = json::array();
      for (const check_in& c : k.check_ins) {
        json jc{{"at", format_instant(c.at)}, {"value", c.value}};
        if (c.confidence) jc["confidence"] = *c.confidence;
        if (!c.note.empty()) jc["note"] = c.note;
        cis.push_back(std::move(jc));
      }
      jk["check_ins"] = std::move(cis);
      krs.push_back(std::move(jk));
    }
    jo["key_results"] = std::move(krs);
    objs.push_back(std::move(jo));
  }
  doc["objectives"] = std::move(objs);
  return dump(doc, indent);
}

std::string write_report_json(const okr_set& set, const evaluation& ev, const evaluation_options& opt,
                              int indent) {
  if (ev.objectives.size() != set.objectives().size() || ev.key_results.size() != set.key_result_count())
    northstar::detail::fail(errc::invalid_argument, "write_report_json",
                            "evaluation does not match the OKR set");
  static constexpr const char* policies[] = {"clamp_unit", "floor_zero", "clamp_cap"};
  static constexpr const char* rollups[] = {"own", "children", "pooled"};
  json doc;
  doc["cycle"] = set.cycle().name;
  doc["as_of"] = format_instant(opt.as_of);
  doc["elapsed"] = ev.elapsed;
  doc["options"] = {{"policy", policies[static_cast<int>(opt.policy)]},
                    {"cap", opt.cap},
                    {"aggregate", opt.aggregate == aggregation::min ? "min" : "weighted_mean"},
                    {"rollup", rollups[static_cast<int>(opt.rollup)]},
                    {"pace_rule", opt.pace.rule == pace_rule::kind::difference ? "difference" : "ratio"},
                    {"pace_on_track", opt.pace.on_track},
                    {"pace_at_risk", opt.pace.at_risk},
                    {"objective_status",
                     opt.objective_status == objective_status_rule::worst_kr ? "worst_kr" : "weighted_pace"},
                    {"grades", opt.grades.name},
                    {"committed_expectation", opt.committed_expectation},
                    {"aspirational_expectation", opt.aspirational_expectation},
                    {"green_threshold", opt.green_threshold},
                    {"interval_level", opt.interval_level}};
  json objs = json::array();
  for (std::size_t o = 0; o < set.objectives().size(); ++o) {
    const objective_evaluation& r = ev.objectives[o];
    json jo;
    jo["id"] = set.objectives()[o].id;
    jo["own_score"] = number_or_null(r.own_score);
    jo["score"] = number_or_null(r.score);
    jo["grade"] = opt.grades.bands.at(r.grade).label;
    jo["status"] = std::string(to_string(r.status));
    jo["expectation"] = r.expectation;
    jo["meets_expectation"] = r.meets_expectation;
    jo["p_all_targets"] = number_or_null(r.p_all_targets);
    jo["p_all_green"] = number_or_null(r.p_all_green);
    json sh = json::array();
    for (const shortfall_share& s : shortfall(set, ev, opt, o))
      sh.push_back(
          {{"id", s.is_objective ? set.objectives()[s.index].id : set.kr(s.index).id}, {"share", s.share}});
    jo["shortfall"] = std::move(sh);
    json krs = json::array();
    for (std::size_t k = set.kr_begin(o); k < set.kr_begin(o + 1); ++k) {
      const kr_evaluation& x = ev.key_results[k];
      const forecast& f = x.forecast;
      json jk{{"id", set.kr(k).id},
              {"current", number_or_null(x.current)},
              {"p_raw", number_or_null(x.p_raw)},
              {"progress", x.progress},
              {"expected", x.expected},
              {"status", std::string(to_string(x.status))},
              {"overachieved", x.overachieved},
              {"regressed", x.regressed},
              {"in_band_share", number_or_null(x.in_band_share)},
              {"check_ins_used", x.check_ins_used}};
      if (f.available)
        jk["forecast"] = {{"value", f.value},
                          {"lower", number_or_null(f.lower)},
                          {"upper", number_or_null(f.upper)},
                          {"slope_per_day", f.slope_per_day},
                          {"p_target", number_or_null(f.p_target)},
                          {"p_green", number_or_null(f.p_green)},
                          {"df", f.df}};
      else
        jk["forecast"] = nullptr;
      krs.push_back(std::move(jk));
    }
    jo["key_results"] = std::move(krs);
    objs.push_back(std::move(jo));
  }
  doc["objectives"] = std::move(objs);
  return dump(doc, indent);
}

}  // namespace okr
NORTHSTAR_END_NAMESPACE
