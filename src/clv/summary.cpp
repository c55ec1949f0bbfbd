#include <northstar/clv/summary.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <istream>
#include <numeric>
#include <string>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv {

namespace {

constexpr std::string_view summarize_name = "summarize";

std::string quoted(std::string_view s) {
  std::string out = "'";
  out += s;
  out += '\'';
  return out;
}

// Reads exactly `width` decimal digits from text at pos.
bool read_digits(std::string_view text, std::size_t& pos, int width, int& value) {
  if (pos + static_cast<std::size_t>(width) > text.size()) return false;
  value = 0;
  for (int k = 0; k < width; ++k) {
    const char c = text[pos + static_cast<std::size_t>(k)];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(width);
  return true;
}

bool try_civil_day(int year, int month, int day, std::int64_t& out) {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < -32767 || year > 32767) return false;
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return false;
  out = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return true;
}

bool try_parse_date(std::string_view text, std::string_view format, std::int64_t& out) {
  int year = -1, month = -1, day = -1, ignored = 0;
  std::size_t pos = 0;
  for (std::size_t f = 0; f < format.size(); ++f) {
    if (format[f] != '%') {
      if (pos >= text.size() || text[pos] != format[f]) return false;
      ++pos;
      continue;
    }
    if (++f >= format.size()) return false;
    switch (format[f]) {
      case 'Y':
        if (!read_digits(text, pos, 4, year)) return false;
        break;
      case 'm':
        if (!read_digits(text, pos, 2, month)) return false;
        break;
      case 'd':
        if (!read_digits(text, pos, 2, day)) return false;
        break;
      case 'H':
        if (!read_digits(text, pos, 2, ignored) || ignored > 23) return false;
        break;
      case 'M':
        if (!read_digits(text, pos, 2, ignored) || ignored > 59) return false;
        break;
      case 'S':
        if (!read_digits(text, pos, 2, ignored) || ignored > 60) return false;
        break;
      case '%':
        if (pos >= text.size() || text[pos] != '%') return false;
        ++pos;
        break;
      default:
        return false;
    }
  }
  if (pos != text.size() || year < 0 || month < 0 || day < 0) return false;
  return try_civil_day(year, month, day, out);
}

// Splits a line into fields: on `delim`, or on runs of blanks when delim == ' '.
void split(std::string_view line, char delim, std::vector<std::string_view>& fields) {
  fields.clear();
  if (delim == ' ') {
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i >= line.size()) break;
      std::size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
      fields.push_back(line.substr(i, j - i));
      i = j;
    }
    return;
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = line.find(delim, start);
    if (end == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return;
    }
    fields.push_back(line.substr(start, end - start));
    start = end + 1;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

[[noreturn]] void fail_line(errc code, std::string_view source, std::size_t line, const std::string& what) {
  northstar::detail::fail(code, std::string(source) + ": line " + std::to_string(line), what);
}

// Where transaction i came from, for messages.
std::string where(std::span<const std::size_t> lines, std::size_t i) {
  if (!lines.empty() && lines[i] > 0) return "line " + std::to_string(lines[i]);
  return "transaction[" + std::to_string(i) + "]";
}

customer_summary summarize_impl(std::span<const std::int64_t> customer, std::span<const std::int64_t> day,
                                std::span<const double> amount, std::span<const std::size_t> lines,
                                const summary_options& opt) {
  const std::size_t n = customer.size();
  if (day.size() != n)
    northstar::detail::fail(
        errc::size_mismatch, summarize_name,
        "day has " + std::to_string(day.size()) + " elements but customer has " + std::to_string(n));
  if (!amount.empty() && amount.size() != n)
    northstar::detail::fail(errc::size_mismatch, summarize_name,
                            "amount has " + std::to_string(amount.size()) + " elements but customer has " +
                                std::to_string(n) + " (pass an empty span for no amounts)");
  if (!opt.calibration_end)
    northstar::detail::fail(errc::invalid_argument, summarize_name,
                            "summary_options.calibration_end is required");
  const std::int64_t cal_end = *opt.calibration_end;
  if (opt.holdout_end && *opt.holdout_end <= cal_end)
    northstar::detail::fail(errc::invalid_argument, summarize_name,
                            "summary_options.holdout_end = " + std::to_string(*opt.holdout_end) +
                                " must be after calibration_end = " + std::to_string(cal_end));
  if (opt.unit != time_unit::days && opt.unit != time_unit::weeks && opt.unit != time_unit::months)
    northstar::detail::fail(errc::invalid_argument, summarize_name,
                            "summary_options.unit is not a time_unit");
  for (std::size_t i = 0; i < amount.size(); ++i) {
    const double a = amount[i];
    if (!std::isfinite(a))
      northstar::detail::fail(
          errc::not_finite, summarize_name,
          where(lines, i) + ": amount = " + northstar::detail::format_value(a) + ": must be finite");
    if (a < 0)
      northstar::detail::fail(
          errc::invalid_argument, summarize_name,
          where(lines, i) + ": amount = " + northstar::detail::format_value(a) + ": must be >= 0");
  }
  const std::int64_t hold_end = opt.holdout_end ? *opt.holdout_end : cal_end;
  const double unit = days_per(opt.unit);

  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return customer[a] != customer[b] ? customer[a] < customer[b] : day[a] < day[b];
  });

  customer_summary s;
  s.unit = opt.unit;
  s.calibration_end = cal_end;
  s.holdout_end = opt.holdout_end;
  s.holdout_length = opt.holdout_end ? static_cast<double>(hold_end - cal_end) / unit : 0.0;
  const auto value = [&](std::size_t i) { return amount.empty() ? 0.0 : amount[i]; };

  for (std::size_t g = 0; g < n;) {
    std::size_t e = g;
    while (e < n && customer[order[e]] == customer[order[g]]) ++e;
    const std::int64_t first = day[order[g]];
    if (first > cal_end) {
      ++s.later_customers;
      s.transactions_of_later_customers += e - g;
      g = e;
      continue;
    }
    // Walk the customer's transactions as purchase events (a day, or one row).
    double x = -1, first_spend = 0, repeat_spend = 0, hold_x = 0, hold_spend = 0;
    std::int64_t last_cal = first;
    for (std::size_t k = g; k < e;) {
      std::size_t k2 = k + 1;
      double spend = value(order[k]);
      if (opt.aggregate_same_day)
        while (k2 < e && day[order[k2]] == day[order[k]]) spend += value(order[k2++]);
      const std::int64_t d = day[order[k]];
      if (d <= cal_end) {
        if (x < 0)
          first_spend = spend;
        else
          repeat_spend += spend;
        x += 1;
        last_cal = d;
      } else if (d <= hold_end) {
        hold_x += 1;
        hold_spend += spend;
      } else {
        s.transactions_after_end += k2 - k;
      }
      k = k2;
    }
    s.id.push_back(customer[order[g]]);
    s.first_day.push_back(first);
    s.frequency.push_back(x);
    s.recency.push_back(static_cast<double>(last_cal - first) / unit);
    s.age.push_back(static_cast<double>(cal_end - first) / unit);
    s.monetary.push_back(x > 0 ? repeat_spend / x : 0.0);
    s.repeat_spend.push_back(repeat_spend);
    s.first_spend.push_back(first_spend);
    if (opt.holdout_end) {
      s.holdout_frequency.push_back(hold_x);
      s.holdout_spend.push_back(hold_spend);
    }
    g = e;
  }
  return s;
}

}  // namespace

std::int64_t civil_day(int year, int month, int day) {
  std::int64_t out = 0;
  if (!try_civil_day(year, month, day, out))
    northstar::detail::fail(
        errc::invalid_argument, "civil_day",
        "no such date: " + std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(day));
  return out;
}

std::int64_t parse_date(std::string_view text, std::string_view format, std::string_view context) {
  std::int64_t out = 0;
  if (!try_parse_date(text, format, out))
    northstar::detail::fail(
        errc::parse_error, context,
        "date " + quoted(text) + " does not match format " + quoted(format) + " or is not a calendar date");
  return out;
}

csv_format cdnow_csv_format() {
  csv_format f;
  f.delimiter = ' ';
  f.header = false;
  f.id_index = 1;
  f.date_index = 2;
  f.amount_index = 4;
  f.has_amount = true;
  f.date_format = "%Y%m%d";
  return f;
}

transaction_log read_transactions_csv(std::istream& in, const csv_format& format, std::string_view source) {
  transaction_log log;
  std::string raw;
  std::vector<std::string_view> fields;
  std::size_t line_no = 0, expected_fields = 0;
  int id_col = format.id_index, date_col = format.date_index,
      amount_col = format.has_amount ? format.amount_index : -1;
  bool need_header = format.header;
  if (format.has_amount && !format.header && format.amount_index < 0)
    northstar::detail::fail(errc::invalid_argument, source, "csv_format: has_amount but amount_index < 0");
  while (std::getline(in, raw)) {
    ++line_no;
    std::string_view line(raw);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    split(line, format.delimiter, fields);
    if (need_header) {
      need_header = false;
      expected_fields = fields.size();
      const auto find = [&](const std::string& name) {
        for (std::size_t k = 0; k < fields.size(); ++k)
          if (trim(fields[k]) == name) return static_cast<int>(k);
        std::string names;
        for (auto f : fields) names += (names.empty() ? "" : ", ") + quoted(trim(f));
        fail_line(errc::parse_error, source, line_no,
                  "unknown column " + quoted(name) + " (the header has " + names + ")");
      };
      id_col = find(format.id_column);
      date_col = find(format.date_column);
      if (format.has_amount) amount_col = find(format.amount_column);
      continue;
    }
    if (expected_fields == 0) {
      expected_fields = fields.size();
      const int need = std::max({id_col, date_col, amount_col});
      if (id_col < 0 || date_col < 0 || need >= static_cast<int>(expected_fields))
        fail_line(errc::parse_error, source, line_no,
                  "unknown column: csv_format asks for column " + std::to_string(need) +
                      " but the line has " + std::to_string(expected_fields) + " fields");
    }
    if (fields.size() != expected_fields)
      fail_line(
          errc::parse_error, source, line_no,
          "has " + std::to_string(fields.size()) + " fields, expected " + std::to_string(expected_fields));
    const std::string_view id_text = trim(fields[static_cast<std::size_t>(id_col)]);
    std::int64_t id = 0;
    const auto [id_end, id_ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (id_ec != std::errc() || id_end != id_text.data() + id_text.size() || id_text.empty())
      fail_line(errc::parse_error, source, line_no, "customer id " + quoted(id_text) + " is not an integer");
    const std::string_view date_text = trim(fields[static_cast<std::size_t>(date_col)]);
    std::int64_t d = 0;
    if (!try_parse_date(date_text, format.date_format, d))
      fail_line(errc::parse_error, source, line_no,
                "date " + quoted(date_text) + " does not match format " + quoted(format.date_format) +
                    " or is not a calendar date");
    log.customer.push_back(id);
    log.day.push_back(d);
    log.line.push_back(line_no);
    if (amount_col >= 0) {
      const std::string_view a_text = trim(fields[static_cast<std::size_t>(amount_col)]);
      double a = 0;
      const auto [a_end, a_ec] = std::from_chars(a_text.data(), a_text.data() + a_text.size(), a);
      if (a_ec != std::errc() || a_end != a_text.data() + a_text.size() || a_text.empty())
        fail_line(errc::parse_error, source, line_no, "amount " + quoted(a_text) + " is not a number");
      if (!std::isfinite(a))
        fail_line(errc::not_finite, source, line_no, "amount " + quoted(a_text) + " must be finite");
      if (a < 0)
        fail_line(errc::invalid_argument, source, line_no, "amount " + quoted(a_text) + " must be >= 0");
      log.amount.push_back(a);
    }
  }
  if (in.bad()) northstar::detail::fail(errc::io_error, source, "read error");
  if (need_header) northstar::detail::fail(errc::parse_error, source, "no header line (the input is empty)");
  return log;
}

transaction_log read_transactions_csv(const std::string& path, const csv_format& format) {
  std::ifstream in(path, std::ios::binary);
  if (!in) northstar::detail::fail(errc::io_error, "read_transactions_csv", "cannot open " + quoted(path));
  return read_transactions_csv(in, format, path);
}

customer_summary summarize(std::span<const std::int64_t> customer, std::span<const std::int64_t> day,
                           std::span<const double> amount, const summary_options& options) {
  return summarize_impl(customer, day, amount, {}, options);
}

customer_summary summarize(const transaction_log& log, const summary_options& options) {
  std::span<const std::size_t> lines = log.line;
  if (!lines.empty() && lines.size() != log.customer.size()) lines = {};
  return summarize_impl(log.customer, log.day, log.amount, lines, options);
}

}  // namespace clv
NORTHSTAR_END_NAMESPACE
