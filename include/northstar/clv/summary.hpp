// From a transaction log to the per-customer summary the purchase models fit:
// x (repeat purchases), t_x (time of the last purchase after the first), T (age
// at the end of calibration), the mean value of the repeat purchases, and an
// optional holdout period's purchases and spend.
//
// Time resolution is the calendar day. A transaction's time is a day number
// (days since 1970-01-01, see civil_day / parse_date); all purchases of one day
// are stamped at that day's start. The calibration period runs to the end of
// `calibration_end` (purchases on that day count) and T is measured from the
// first purchase day to the calibration_end day, so a customer whose last
// purchase is on calibration_end has t_x = T. This is the convention of the
// published CDNOW summaries (Fader, Hardie & Lee 2005), which summarize()
// reproduces exactly (tests/clv/test_summary.cpp).
//
//     auto log = northstar::clv::read_transactions_csv("examples/data/CDNOW_sample.txt",
//                                                     northstar::clv::cdnow_csv_format());
//     northstar::clv::summary_options opt;
//     opt.unit = northstar::clv::time_unit::weeks;
//     opt.calibration_end = northstar::clv::civil_day(1997, 9, 30);
//     auto s = northstar::clv::summarize(log, opt);   // s.frequency, s.recency, s.age, ...
#pragma once

#include <northstar/core/error.hpp>

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

/// The unit in which t_x, T and holdout lengths are expressed.
enum class time_unit {
  days,    ///< 1 day
  weeks,   ///< 7 days
  months,  ///< 365.25 / 12 = 30.4375 days (a Julian year over 12; not calendar months)
};

/// Length of one `unit` in days: 1, 7 or 30.4375.
constexpr double days_per(time_unit unit) noexcept {
  switch (unit) {
    case time_unit::days:
      return 1.0;
    case time_unit::weeks:
      return 7.0;
    case time_unit::months:
      return 365.25 / 12.0;
  }
  return 1.0;
}

/// Day number (days since 1970-01-01, proleptic Gregorian) of a calendar date.
/// Throws errc::invalid_argument for a date that does not exist (2023-02-29).
NORTHSTAR_API std::int64_t civil_day(int year, int month, int day);

/// Parses a date with a strftime-like `format`: %Y (4 digits), %m and %d (2
/// digits), %H %M %S (2 digits, checked and ignored: day resolution), %% and
/// literal characters. "%Y%m%d" reads "19970930", "%Y-%m-%d %H:%M:%S" reads
/// "2014-03-08 00:00:00". Returns the day number; throws errc::parse_error
/// naming `context`, the text and the format when it does not match.
NORTHSTAR_API std::int64_t parse_date(std::string_view text, std::string_view format,
                                      std::string_view context = "parse_date");

/// A transaction log as arrays (owned). `line[i]` is the 1-based line of the
/// file the transaction came from (0 when built in memory), used in messages.
struct transaction_log {
  std::vector<std::int64_t> customer;  ///< customer id
  std::vector<std::int64_t> day;       ///< day number (civil_day / parse_date)
  std::vector<double> amount;          ///< value of the transaction, >= 0 (empty: no amounts)
  std::vector<std::size_t> line;       ///< source line (1-based), or empty
};

/// How a transaction CSV is laid out. Columns are chosen by header name when
/// `header` is true, else by 0-based index.
struct csv_format {
  /// Field separator; ' ' means "runs of spaces and tabs" (CDNOW's layout).
  char delimiter = ',';
  /// The first line names the columns.
  bool header = true;
  /// Column names (used when header).
  std::string id_column = "id", date_column = "date", amount_column = "amount";
  /// Column indices, 0-based (used when !header). amount_index < 0: no amounts.
  int id_index = 0, date_index = 1, amount_index = 2;
  /// Read amounts at all (false: the log has no amount column).
  bool has_amount = true;
  /// Date format for parse_date.
  std::string date_format = "%Y-%m-%d";
};

/// The layout of Fader & Hardie's CDNOW_sample.txt: whitespace separated, no
/// header; master id, sample id (used as the customer id), date YYYYMMDD,
/// number of CDs, dollar value.
NORTHSTAR_API csv_format cdnow_csv_format();

/// Reads a transaction CSV. Every line must have the same number of fields as
/// the first (the header when there is one); lines that are empty or only
/// whitespace are skipped; '\r' before '\n' is ignored. Errors (errc::parse_error,
/// or errc::invalid_argument for a negative amount, errc::io_error when the
/// file cannot be read) name the line number and the offending text: an
/// unparseable date or amount or id, a negative or non-finite amount, a wrong
/// field count, a column missing from the header. Nothing is skipped silently.
NORTHSTAR_API transaction_log read_transactions_csv(const std::string& path, const csv_format& format);
/// Same, from a stream; `source` names it in messages.
NORTHSTAR_API transaction_log read_transactions_csv(std::istream& in, const csv_format& format,
                                                    std::string_view source = "csv");

/// Options of summarize().
struct summary_options {
  /// Unit of recency, age and holdout_length.
  time_unit unit = time_unit::weeks;
  /// Last day of the calibration period (inclusive). Required.
  std::optional<std::int64_t> calibration_end;
  /// Last day of the holdout period (inclusive, > calibration_end), or none.
  std::optional<std::int64_t> holdout_end;
  /// Purchases of one customer on one day are one transaction (amounts
  /// summed), as in the published CDNOW summaries. When false each is a
  /// purchase of its own (several repeat purchases at the same time).
  bool aggregate_same_day = true;
};

/// Per-customer summary, customers in ascending id order, for every customer
/// whose first purchase is on or before calibration_end. Field names match
/// rfm_view (frequency = x, recency = t_x, age = T).
struct customer_summary {
  time_unit unit = time_unit::weeks;        ///< unit of recency, age, holdout_length
  std::int64_t calibration_end = 0;         ///< day number
  std::optional<std::int64_t> holdout_end;  ///< day number, if a holdout was asked for
  std::vector<std::int64_t> id;             ///< customer id
  std::vector<std::int64_t> first_day;      ///< day of the first purchase
  std::vector<double> frequency;            ///< x: repeat purchases in calibration
  std::vector<double> recency;              ///< t_x: last purchase - first purchase, in `unit`
  std::vector<double> age;                  ///< T: calibration_end - first purchase, in `unit`
  std::vector<double> monetary;             ///< zbar: mean value of the repeat purchases (0 when x = 0)
  std::vector<double> repeat_spend;         ///< sum of the repeat purchases' values (x * zbar)
  std::vector<double> first_spend;          ///< value of the first purchase (day)
  std::vector<double>
      holdout_frequency;              ///< purchases in (calibration_end, holdout_end] (empty without holdout)
  std::vector<double> holdout_spend;  ///< their value (empty without holdout)
  double holdout_length = 0;          ///< holdout_end - calibration_end, in `unit`
  /// Transactions not counted anywhere, each for a stated reason:
  std::size_t transactions_of_later_customers = 0;  ///< customers first seen after calibration_end
  std::size_t transactions_after_end = 0;  ///< after holdout_end (or calibration_end without holdout)
  std::size_t later_customers = 0;         ///< number of customers first seen after calibration_end
  /// Number of customers.
  [[nodiscard]] std::size_t size() const noexcept { return id.size(); }
};

/// Summarises a log given as arrays (borrowed). `amount` may be empty (no
/// values: monetary, spends are 0). Validates sizes, day numbers and amounts
/// (finite, >= 0) and throws naming the index and value.
NORTHSTAR_API customer_summary summarize(std::span<const std::int64_t> customer,
                                         std::span<const std::int64_t> day, std::span<const double> amount,
                                         const summary_options& options);

/// Summarises a log read by read_transactions_csv (messages name the line).
NORTHSTAR_API customer_summary summarize(const transaction_log& log, const summary_options& options);

}  // namespace clv
NORTHSTAR_END_NAMESPACE
