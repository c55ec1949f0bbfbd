// Shared test support: error expectations, relative errors and the loaders
// of the reference data shipped in examples/data.
#pragma once

#include <northstar/clv/rfm.hpp>
#include <northstar/clv/summary.hpp>
#include <northstar/core/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace northstar_test {

// ---------------------------------------------------------------- errors
//
// Two meanings, two names:
//   expect_error_containing: the code, and a message that contains every fragment;
//   expect_error_exact:      the code, and a message equal to the given one.

/// Runs f, expects northstar::error with `code` whose message contains every one of `parts`.
template <class F>
void expect_error_containing(F&& f, northstar::errc code, std::initializer_list<std::string> parts) {
  std::string wanted;
  for (const auto& p : parts) wanted += (wanted.empty() ? "" : " | ") + p;
  try {
    f();
    ADD_FAILURE() << "no exception (expected " << northstar::to_string(code) << ") containing: " << wanted;
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    for (const auto& p : parts)
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what() << "\n  missing: " << p;
  }
}

/// Runs f, expects northstar::error with `code` whose message contains `part`.
template <class F>
void expect_error_containing(F&& f, northstar::errc code, const std::string& part) {
  expect_error_containing(std::forward<F>(f), code, {part});
}

/// Runs f, expects northstar::error with `code` and exactly `message`.
template <class F>
void expect_error_exact(F&& f, northstar::errc code, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "no exception (expected " << northstar::to_string(code) << "): " << message;
  } catch (const northstar::error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_EQ(std::string(e.what()), message);
  }
}

// ---------------------------------------------------------------- relative errors

/// |got - want| / |want| (want of magnitude below 1e-300 counts as 1e-300).
inline double rel(double got, double want) {
  return std::abs(got - want) / std::max(std::abs(want), 1e-300);
}

/// Expects |got - want| / |want| <= tol, computed in long double (|got| when want is 0).
inline void expect_rel(double got, long double want, double tol, const std::string& what) {
  const long double err = want == 0 ? std::fabs(static_cast<long double>(got))
                                    : std::fabs((static_cast<long double>(got) - want) / want);
  EXPECT_LE(static_cast<double>(err), tol)
      << what << ": got " << got << " want " << static_cast<double>(want);
}

// ---------------------------------------------------------------- CSV files

/// Path of a data file shipped with the repository (examples/data).
inline std::string example_data(const std::string& file) {
  return std::string(NORTHSTAR_SOURCE_DIR) + "/examples/data/" + file;
}

/// First line of a file, as read (a trailing '\r' kept).
inline std::string header_line(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  return line;
}

/// Columns of a CSV file by header name (every field parsed as double).
inline std::map<std::string, std::vector<double>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  {
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, ',')) {
      if (!f.empty() && f.back() == '\r') f.pop_back();
      names.push_back(f);
    }
  }
  std::map<std::string, std::vector<double>> cols;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    std::stringstream ss(line);
    std::string f;
    for (const auto& name : names) {
      if (!std::getline(ss, f, ',')) throw std::runtime_error("short line in " + path + ": " + line);
      cols[name].push_back(std::stod(f));
    }
  }
  return cols;
}

/// Every line of a CSV file (header included) as text fields; blank lines skipped.
inline std::vector<std::vector<std::string>> read_csv_rows(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    rows.push_back(f);
  }
  return rows;
}

// ---------------------------------------------------------------- reference data sets

/// Per-customer (x, t_x, T) and, where the file has it, the mean spend zbar.
struct rfm_data {
  std::vector<double> x, tx, T, zbar;
  [[nodiscard]] northstar::clv::rfm_view view() const { return {x, tx, T}; }
};

/// CDNOW calibration summaries (2357 customers, weeks) as lifetimes prints them:
/// cdnow_customers_summary.csv (frequency, recency, T; no zbar).
inline const rfm_data& cdnow_summary() {
  static const rfm_data d = [] {
    auto c = read_csv(example_data("cdnow_customers_summary.csv"));
    return rfm_data{c["frequency"], c["recency"], c["T"], {}};
  }();
  return d;
}

/// CDNOW calibration summaries with the mean spend:
/// cdnow_customers_summary_with_transactions.csv (x, t_x, T, zbar).
inline const rfm_data& cdnow_with_spend() {
  static const rfm_data d = [] {
    auto c = read_csv(example_data("cdnow_customers_summary_with_transactions.csv"));
    return rfm_data{c["x"], c["t_x"], c["T"], c["zbar"]};
  }();
  return d;
}

/// The CDNOW sample transaction log (CDNOW_sample.txt, 6,919 lines).
inline northstar::clv::transaction_log cdnow_log() {
  return northstar::clv::read_transactions_csv(example_data("CDNOW_sample.txt"),
                                               northstar::clv::cdnow_csv_format());
}

/// The CDNOW sample log summarised in weeks with the calibration period ending 1997-09-30.
inline northstar::clv::customer_summary cdnow_from_log() {
  namespace clv = northstar::clv;
  const auto log = cdnow_log();
  clv::summary_options opt;
  opt.unit = clv::time_unit::weeks;
  opt.calibration_end = clv::civil_day(1997, 9, 30);
  return clv::summarize(log, opt);
}

/// The donations data (Fader, Hardie & Shang 2010): 22 (x, t_x, n) patterns with counts.
struct donations_data {
  std::vector<double> x, tx, n, w;
};

inline donations_data donations() {
  const std::string path = example_data("donations.csv");
  EXPECT_EQ(header_line(path), "frequency,recency,periods,weights");
  auto c = read_csv(path);
  donations_data d{c["frequency"], c["recency"], c["periods"], c["weights"]};
  EXPECT_EQ(d.x.size(), 22u);
  return d;
}

/// Fader & Hardie (2007), Table 1: survivors per 1,000 in years 0..12.
struct sbg_table1 {
  std::vector<double> regular, high_end;
};

inline sbg_table1 sbg_fader_hardie_2007() {
  const std::string path = example_data("sbg_fader_hardie_2007.csv");
  EXPECT_EQ(header_line(path), "year,regular,high_end");
  auto c = read_csv(path);
  const auto& year = c["year"];
  for (std::size_t k = 0; k < year.size(); ++k) EXPECT_EQ(year[k], static_cast<double>(k));
  sbg_table1 t{c["regular"], c["high_end"]};
  EXPECT_EQ(t.regular.size(), 13u);
  return t;
}

}  // namespace northstar_test
