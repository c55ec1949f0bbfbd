// Transaction log -> (x, t_x, T, zbar): reproduces the published CDNOW
// summaries row by row, plus the options and every bad-input case.
#include <northstar/clv/summary.hpp>

#include <gtest/gtest.h>

#include "support.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ns = northstar;
namespace clv = northstar::clv;
using ns::errc;

using northstar_test::cdnow_from_log;
using northstar_test::cdnow_log;
using northstar_test::expect_error_containing;
using northstar_test::read_csv_rows;

namespace {

std::string fixed2(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

clv::transaction_log read_text(const std::string& text, const clv::csv_format& f) {
  std::istringstream in(text);
  return clv::read_transactions_csv(in, f, "test.csv");
}

}  // namespace

TEST(Summary, CivilDayAndParseDate) {
  EXPECT_EQ(clv::civil_day(1970, 1, 1), 0);
  EXPECT_EQ(clv::civil_day(1997, 9, 30) - clv::civil_day(1997, 1, 1), 272);
  EXPECT_EQ(clv::civil_day(2000, 3, 1) - clv::civil_day(2000, 2, 28), 2);  // leap year
  EXPECT_EQ(clv::civil_day(1900, 3, 1) - clv::civil_day(1900, 2, 28), 1);  // not a leap year
  EXPECT_EQ(clv::parse_date("19970930", "%Y%m%d"), clv::civil_day(1997, 9, 30));
  EXPECT_EQ(clv::parse_date("2014-03-08 13:45:10", "%Y-%m-%d %H:%M:%S"), clv::civil_day(2014, 3, 8));
  EXPECT_EQ(clv::parse_date("08/03/2014", "%d/%m/%Y"), clv::civil_day(2014, 3, 8));
  EXPECT_DOUBLE_EQ(clv::days_per(clv::time_unit::months), 30.4375);
}

// cdnow_customers_summary.csv (lifetimes): ID,frequency,recency,T with values
// rounded to 2 decimals. Recipe: purchases on or before 1997-09-30, same-day
// purchases one transaction, T from the first purchase day to 1997-09-30.
TEST(Summary, ReproducesCdnowCustomersSummaryEveryRow) {
  const auto s = cdnow_from_log();
  const auto ref = read_csv_rows(NORTHSTAR_SOURCE_DIR "/examples/data/cdnow_customers_summary.csv");
  ASSERT_EQ(ref.size(), 2358u);
  ASSERT_EQ(ref[0], (std::vector<std::string>{"ID", "frequency", "recency", "T"}));
  ASSERT_EQ(s.size(), 2357u);
  EXPECT_EQ(s.later_customers, 0u);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto& row = ref[i + 1];
    ASSERT_EQ(row.size(), 4u);
    const bool ok = s.id[i] == std::stoll(row[0]) && s.frequency[i] == std::stod(row[1]) &&
                    std::round(s.recency[i] * 100) / 100 == std::stod(row[2]) &&
                    std::round(s.age[i] * 100) / 100 == std::stod(row[3]);
    if (!ok && ++mismatches < 10)
      ADD_FAILURE() << "row " << i + 1 << ": reference " << row[0] << "," << row[1] << "," << row[2] << ","
                    << row[3] << " vs " << s.id[i] << "," << s.frequency[i] << "," << s.recency[i] << ","
                    << s.age[i];
  }
  EXPECT_EQ(mismatches, 0u);
}

// cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar printed with
// 2 decimals; zbar is the mean of the repeat (same-day summed) purchases,
// rounded half up to the cent (computed here exactly in integer cents).
TEST(Summary, ReproducesCdnowSummaryWithTransactionsEveryRow) {
  const auto s = cdnow_from_log();
  const auto ref =
      read_csv_rows(NORTHSTAR_SOURCE_DIR "/examples/data/cdnow_customers_summary_with_transactions.csv");
  ASSERT_EQ(ref.size(), 2358u);
  ASSERT_EQ(ref[0], (std::vector<std::string>{"ID", "x", "t_x", "T", "zbar"}));
  ASSERT_EQ(s.size(), 2357u);
  std::size_t mismatches = 0, repeaters = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto& row = ref[i + 1];
    ASSERT_EQ(row.size(), 5u);
    const long long x = std::llround(s.frequency[i]);
    const long long cents = std::llround(s.repeat_spend[i] * 100);
    const long long zbar_cents = x > 0 ? (2 * cents + x) / (2 * x) : 0;  // half up
    char zbar[64];
    std::snprintf(zbar, sizeof zbar, "%lld.%02lld", zbar_cents / 100, zbar_cents % 100);
    repeaters += x > 0;
    // the double mean agrees with the exact one to far below a cent
    if (x > 0) {
      EXPECT_NEAR(s.monetary[i] * 100, static_cast<double>(cents) / static_cast<double>(x), 1e-9);
    }
    const bool ok = std::to_string(s.id[i]) == row[0] && std::to_string(x) == row[1] &&
                    fixed2(s.recency[i]) == row[2] && fixed2(s.age[i]) == row[3] && zbar == row[4];
    if (!ok && ++mismatches < 10)
      ADD_FAILURE() << "row " << i + 1 << ": reference " << row[0] << "," << row[1] << "," << row[2] << ","
                    << row[3] << "," << row[4] << " vs " << s.id[i] << "," << x << "," << fixed2(s.recency[i])
                    << "," << fixed2(s.age[i]) << "," << zbar;
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(repeaters, 946u);  // SOURCES.md: 946 customers with x > 0
}

// The CDNOW log grouped by (customer, day) has 6,696 rows and total 244,091.94
// (SOURCES.md, checked against CLVTools' aggregated copy): every transaction
// lands in calibration, holdout or nowhere, and nothing is lost.
TEST(Summary, CdnowHoldoutAccountsForEveryPurchase) {
  const auto log = cdnow_log();
  ASSERT_EQ(log.customer.size(), 6919u);
  clv::summary_options opt;
  opt.calibration_end = clv::civil_day(1997, 9, 30);
  opt.holdout_end = clv::civil_day(1998, 6, 30);
  const auto s = clv::summarize(log, opt);
  double days = 0, spend = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    days += 1 + s.frequency[i] + s.holdout_frequency[i];
    spend += s.first_spend[i] + s.repeat_spend[i] + s.holdout_spend[i];
  }
  EXPECT_EQ(days, 6696.0);
  EXPECT_NEAR(spend, 244091.94, 1e-6);
  EXPECT_EQ(s.transactions_after_end, 0u);
  EXPECT_NEAR(s.holdout_length, 273.0 / 7.0, 1e-12);  // 1997-09-30 .. 1998-06-30
  // Without aggregation every one of the 6,919 lines is a purchase.
  opt.aggregate_same_day = false;
  const auto u = clv::summarize(log, opt);
  double rows = 0;
  for (std::size_t i = 0; i < u.size(); ++i) rows += 1 + u.frequency[i] + u.holdout_frequency[i];
  EXPECT_EQ(rows, 6919.0);
}

TEST(Summary, SmallLogByHand) {
  // customer 7: days 10, 10, 24 (cal), 40 (holdout), 90 (after); customer 3: day 31 only (after cal end)
  const std::vector<std::int64_t> id{7, 3, 7, 7, 7, 7};
  const std::vector<std::int64_t> day{10, 31, 24, 10, 40, 90};
  const std::vector<double> amount{1, 5, 4, 2, 8, 16};
  clv::summary_options opt;
  opt.unit = clv::time_unit::days;
  opt.calibration_end = 30;
  opt.holdout_end = 60;
  auto s = clv::summarize(id, day, amount, opt);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s.id[0], 7);
  EXPECT_EQ(s.frequency[0], 1.0);
  EXPECT_EQ(s.recency[0], 14.0);
  EXPECT_EQ(s.age[0], 20.0);
  EXPECT_EQ(s.first_spend[0], 3.0);
  EXPECT_EQ(s.monetary[0], 4.0);
  EXPECT_EQ(s.holdout_frequency[0], 1.0);
  EXPECT_EQ(s.holdout_spend[0], 8.0);
  EXPECT_EQ(s.transactions_after_end, 1u);
  EXPECT_EQ(s.later_customers, 1u);
  EXPECT_EQ(s.transactions_of_later_customers, 1u);
  EXPECT_EQ(s.holdout_length, 30.0);
  // Not aggregated: the second purchase on day 10 is a repeat at t = 0; input order decides the first.
  opt.aggregate_same_day = false;
  opt.unit = clv::time_unit::months;
  s = clv::summarize(id, day, amount, opt);
  EXPECT_EQ(s.frequency[0], 2.0);
  EXPECT_EQ(s.first_spend[0], 1.0);
  EXPECT_EQ(s.monetary[0], 3.0);
  EXPECT_DOUBLE_EQ(s.recency[0], 14.0 / 30.4375);
  EXPECT_DOUBLE_EQ(s.age[0], 20.0 / 30.4375);
  // No amounts at all.
  s = clv::summarize(id, day, {}, opt);
  EXPECT_EQ(s.monetary[0], 0.0);
}

TEST(Summary, CsvWithHeaderAndNamedColumns) {
  clv::csv_format f;
  f.id_column = "cust";
  f.date_column = "when";
  f.amount_column = "value";
  const auto log = read_text("when,cust,value\r\n2020-01-02,5,1.5\r\n\r\n2020-01-09,5,2.5\r\n", f);
  ASSERT_EQ(log.customer.size(), 2u);
  EXPECT_EQ(log.customer[1], 5);
  EXPECT_EQ(log.day[1] - log.day[0], 7);
  EXPECT_EQ(log.amount[1], 2.5);
  EXPECT_EQ(log.line[1], 4u);
}

TEST(SummaryErrors, UnparseableDateNamesLine) {
  expect_error_containing([] { read_text("id,date,amount\n1,2020-01-02,3\n1,2020-02-30,3\n", {}); },
                          errc::parse_error, "test.csv: line 3: date '2020-02-30'");
  expect_error_containing([] { read_text("id,date,amount\n1,20200102,3\n", {}); }, errc::parse_error,
                          "line 2: date");
}
TEST(SummaryErrors, NegativeAmountNamesLine) {
  expect_error_containing([] { read_text("id,date,amount\n1,2020-01-02,3\n\n1,2020-01-03,-3\n", {}); },
                          errc::invalid_argument, "test.csv: line 4: amount '-3' must be >= 0");
}
TEST(SummaryErrors, BadAmountTextNamesLine) {
  expect_error_containing([] { read_text("id,date,amount\n1,2020-01-02,3x\n", {}); }, errc::parse_error,
                          "line 2: amount '3x' is not a number");
  expect_error_containing([] { read_text("id,date,amount\n1,2020-01-02,nan\n", {}); }, errc::not_finite,
                          "line 2: amount");
}
TEST(SummaryErrors, UnknownColumnNamesHeader) {
  clv::csv_format f;
  f.amount_column = "price";
  expect_error_containing([&] { read_text("id,date,amount\n1,2020-01-02,3\n", f); }, errc::parse_error,
                          "line 1: unknown column 'price'");
  clv::csv_format g = clv::cdnow_csv_format();
  g.amount_index = 9;
  expect_error_containing([&] { read_text("a 1 19970101 1 2.0\n", g); }, errc::parse_error,
                          "line 1: unknown column");
}
TEST(SummaryErrors, WrongFieldCountNamesLine) {
  expect_error_containing([] { read_text("id,date,amount\n1,2020-01-02,3\n1,2020-01-02\n", {}); },
                          errc::parse_error, "line 3: has 2 fields, expected 3");
}
TEST(SummaryErrors, BadCustomerIdNamesLine) {
  expect_error_containing([] { read_text("id,date,amount\nabc,2020-01-02,3\n", {}); }, errc::parse_error,
                          "line 2: customer id 'abc' is not an integer");
}
TEST(SummaryErrors, EmptyInputAndMissingFile) {
  expect_error_containing([] { read_text("", {}); }, errc::parse_error, "no header");
  expect_error_containing([] { clv::read_transactions_csv("/nonexistent/x.csv", {}); }, errc::io_error,
                          "/nonexistent/x.csv");
}
TEST(SummaryErrors, ArraysValidated) {
  const std::vector<std::int64_t> id{1, 2}, day{0, 1}, short_day{0};
  const std::vector<double> amount{1, -2}, nan_amount{1, std::nan("")};
  clv::summary_options opt;
  opt.calibration_end = 5;
  expect_error_containing([&] { clv::summarize(id, short_day, {}, opt); }, errc::size_mismatch,
                          "day has 1 elements");
  expect_error_containing([&] { clv::summarize(id, day, amount, opt); }, errc::invalid_argument,
                          "transaction[1]: amount = -2: must be >= 0");
  expect_error_containing([&] { clv::summarize(id, day, nan_amount, opt); }, errc::not_finite,
                          "transaction[1]: amount = nan");
  clv::summary_options none;
  expect_error_containing([&] { clv::summarize(id, day, {}, none); }, errc::invalid_argument,
                          "calibration_end is required");
  opt.holdout_end = 5;
  expect_error_containing([&] { clv::summarize(id, day, {}, opt); }, errc::invalid_argument,
                          "holdout_end = 5");
  expect_error_containing([] { clv::civil_day(2023, 2, 29); }, errc::invalid_argument, "2023-2-29");
}
TEST(SummaryErrors, LogMessagesNameTheLine) {
  clv::transaction_log log{{1, 1}, {0, 1}, {1.0, -1.0}, {7, 9}};
  clv::summary_options opt;
  opt.calibration_end = 5;
  expect_error_containing([&] { clv::summarize(log, opt); }, errc::invalid_argument, "line 9: amount = -1");
}
