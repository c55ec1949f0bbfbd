// JSON in and out: OKR sets and evaluation reports (format: docs/okr_json.md).
// nlohmann/json is used inside the library only; this header exposes strings and streams.
#pragma once

#include <northstar/okr/evaluate.hpp>
#include <northstar/okr/okr_set.hpp>
#include <northstar/version.hpp>

#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

/// Reads an OKR set from JSON text. Every fault is reported with the JSON path
/// (RFC 6901 pointer) of the offending value and nothing is returned half-built:
/// malformed JSON, wrong types, missing required or unknown fields, bad enum
/// strings or dates throw `error(errc::parse_error)` ("okr json: /objectives/2/key_results/0/target:
/// expected a number, got string \"3\""); a model that parses but cannot be evaluated
/// throws `error(errc::invalid_model)` from `okr_set` with the same kind of path.
///
///     auto set = northstar::okr::read_json(R"({"cycle": {...}, "objectives": [...]})");
[[nodiscard]] NORTHSTAR_API okr_set read_json(std::string_view text);

/// Reads an OKR set from a stream (see `read_json(std::string_view)`).
[[nodiscard]] NORTHSTAR_API okr_set read_json(std::istream& in);

/// Reads an OKR set from a file; `error(errc::io_error)` if it cannot be read.
[[nodiscard]] NORTHSTAR_API okr_set load_json(const std::filesystem::path& file);

/// Writes an OKR set as JSON (`indent` < 0: one line). read_json(write_json(s)) == s.
[[nodiscard]] NORTHSTAR_API std::string write_json(const okr_set& set, int indent = 2);

/// Writes an evaluation report: the options used, and per objective its scores,
/// grade label, status, expectation, probabilities, shortfall shares and KR
/// results with forecasts. NaN (unknown) values are written as null.
[[nodiscard]] NORTHSTAR_API std::string write_report_json(const okr_set& set, const evaluation& ev,
                                                          const evaluation_options& options, int indent = 2);

}  // namespace okr
NORTHSTAR_END_NAMESPACE
