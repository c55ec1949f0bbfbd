// C API: OKR evaluation, JSON text in and JSON report out (docs/okr_json.md).
#include "boundary.hpp"

#include <northstar/okr/evaluate.hpp>
#include <northstar/okr/json.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>

using namespace northstar;
using northstar::c_api::guard;
using northstar::c_api::require;

namespace {
constexpr std::string_view ctx = "okr_evaluate_json";
}  // namespace

extern "C" {

northstar_status northstar_okr_evaluate_json(const char* json, size_t length,
                                             const northstar_okr_options* opt, char** report) {
  return guard([&] {
    require(report, ctx, "report");
    require(opt, ctx, "opt");
    if (length > 0) require(json, ctx, "json");
    const okr::okr_set set = okr::read_json(std::string_view(json == nullptr ? "" : json, length));
    okr::evaluation_options o;
    o.as_of = std::chrono::sys_seconds{std::chrono::seconds{opt->as_of}};
    o.threads = thread_count{opt->threads};
    const okr::evaluation ev = okr::evaluate(set, o);
    const std::string text = okr::write_report_json(set, ev, o, opt->indent);
    // malloc, so that northstar_string_free (free) can release it from any module.
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, text.c_str(), text.size() + 1);
    *report = copy;
  });
}

void northstar_string_free(char* text) {
  std::free(text);
}

}  // extern "C"
