// C API: transaction logs -> per-customer summaries (x, t_x, T, spend,
// holdout), as an opaque handle with size query and copy-out.
#include "boundary.hpp"

#include <northstar/clv/summary.hpp>

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>

using namespace northstar;
using northstar::c_api::guard;
using northstar::c_api::require;

/// The handle: the C++ summary, owned.
struct northstar_summary {
  clv::customer_summary summary;
};

namespace {
constexpr std::string_view ctx = "summarize";

clv::summary_options to_options(const northstar_summary_options* opt) {
  require(opt, ctx, "opt");
  clv::summary_options r;
  switch (opt->unit) {
    case NORTHSTAR_DAYS:
      r.unit = clv::time_unit::days;
      break;
    case NORTHSTAR_WEEKS:
      r.unit = clv::time_unit::weeks;
      break;
    case NORTHSTAR_MONTHS:
      r.unit = clv::time_unit::months;
      break;
    default:
      northstar::detail::fail_element(
          errc::invalid_argument, ctx, "opt->unit", 0, static_cast<double>(opt->unit),
          "must be NORTHSTAR_DAYS (0), NORTHSTAR_WEEKS (1) or NORTHSTAR_MONTHS (2)");
  }
  r.calibration_end = opt->calibration_end;
  if (opt->has_holdout != 0) r.holdout_end = opt->holdout_end;
  r.aggregate_same_day = opt->aggregate_same_day != 0;
  return r;
}

/// A NUL-terminated string, or `fallback` when NULL.
std::string text_or(const char* s, const std::string& fallback) {
  return s == nullptr ? fallback : std::string(s);
}

clv::csv_format to_format(const northstar_csv_format* f) {
  clv::csv_format r;
  if (f == nullptr) return r;
  r.delimiter = f->delimiter;
  r.header = f->header != 0;
  r.id_column = text_or(f->id_column, r.id_column);
  r.date_column = text_or(f->date_column, r.date_column);
  r.amount_column = text_or(f->amount_column, r.amount_column);
  r.id_index = f->id_index;
  r.date_index = f->date_index;
  r.amount_index = f->amount_index;
  r.has_amount = f->has_amount != 0;
  r.date_format = text_or(f->date_format, r.date_format);
  return r;
}

/// A C++ format as the C struct; `date_format` is the literal equal to f.date_format.
northstar_csv_format to_c(const clv::csv_format& f, const char* date_format) {
  return {f.delimiter,    f.header ? 1 : 0,     "id",       "date", "amount", f.id_index, f.date_index,
          f.amount_index, f.has_amount ? 1 : 0, date_format};
}

template <class T>
void copy_column(const std::vector<T>& from, T* to) {
  if (to != nullptr) std::copy(from.begin(), from.end(), to);
}
}  // namespace

extern "C" {

northstar_summary_options northstar_summary_options_default(int64_t calibration_end) {
  const clv::summary_options d;
  return {NORTHSTAR_WEEKS, calibration_end, 0, 0, d.aggregate_same_day ? 1 : 0};
}

northstar_csv_format northstar_csv_format_default(void) {
  return to_c(clv::csv_format{}, "%Y-%m-%d");
}

northstar_csv_format northstar_csv_format_cdnow(void) {
  return to_c(clv::cdnow_csv_format(), "%Y%m%d");
}

northstar_status northstar_civil_day(int year, int month, int day, int64_t* out) {
  return guard([&] {
    require(out, "civil_day", "out");
    *out = clv::civil_day(year, month, day);
  });
}

northstar_status northstar_parse_date(const char* text, const char* format, int64_t* out) {
  return guard([&] {
    require(text, "parse_date", "text");
    require(format, "parse_date", "format");
    require(out, "parse_date", "out");
    *out = clv::parse_date(text, format);
  });
}

northstar_status northstar_summarize(const int64_t* customer, const int64_t* day, const double* amount,
                                     size_t n, const northstar_summary_options* opt,
                                     northstar_summary** out) {
  return guard([&] {
    require(out, ctx, "out");
    if (n > 0) {
      require(customer, ctx, "customer");
      require(day, ctx, "day");
    }
    const std::span<const std::int64_t> c{customer, customer == nullptr ? 0 : n};
    const std::span<const std::int64_t> d{day, day == nullptr ? 0 : n};
    const std::span<const double> a{amount, amount == nullptr ? 0 : n};
    *out = new northstar_summary{clv::summarize(c, d, a, to_options(opt))};
  });
}

northstar_status northstar_summarize_csv(const char* path, const northstar_csv_format* format,
                                         const northstar_summary_options* opt, northstar_summary** out) {
  return guard([&] {
    require(path, ctx, "path");
    require(out, ctx, "out");
    const clv::summary_options o = to_options(opt);
    *out = new northstar_summary{clv::summarize(clv::read_transactions_csv(path, to_format(format)), o)};
  });
}

void northstar_summary_destroy(northstar_summary* summary) {
  delete summary;
}

northstar_status northstar_summary_get_info(const northstar_summary* summary, northstar_summary_info* out) {
  return guard([&] {
    require(summary, ctx, "summary");
    require(out, ctx, "out");
    const auto& s = summary->summary;
    northstar_summary_info i{};
    i.customers = s.size();
    i.unit = s.unit == clv::time_unit::days    ? NORTHSTAR_DAYS
             : s.unit == clv::time_unit::weeks ? NORTHSTAR_WEEKS
                                               : NORTHSTAR_MONTHS;
    i.calibration_end = s.calibration_end;
    i.has_holdout = s.holdout_end.has_value() ? 1 : 0;
    i.holdout_end = s.holdout_end.value_or(0);
    i.holdout_length = s.holdout_length;
    i.transactions_of_later_customers = s.transactions_of_later_customers;
    i.transactions_after_end = s.transactions_after_end;
    i.later_customers = s.later_customers;
    *out = i;
  });
}

northstar_status northstar_summary_copy(const northstar_summary* summary, size_t customers,
                                        const northstar_summary_columns* out) {
  return guard([&] {
    require(summary, ctx, "summary");
    require(out, ctx, "out");
    const auto& s = summary->summary;
    if (customers != s.size())
      northstar::detail::fail(errc::size_mismatch, ctx,
                              "customers = " + std::to_string(customers) + " but the summary has " +
                                  std::to_string(s.size()) + " customers");
    if (!s.holdout_end && (out->holdout_frequency != nullptr || out->holdout_spend != nullptr))
      northstar::detail::fail(
          errc::invalid_argument, ctx,
          "out->holdout_frequency/holdout_spend requested but the summary has no holdout");
    copy_column(s.id, out->id);
    copy_column(s.first_day, out->first_day);
    copy_column(s.frequency, out->frequency);
    copy_column(s.recency, out->recency);
    copy_column(s.age, out->age);
    copy_column(s.monetary, out->monetary);
    copy_column(s.repeat_spend, out->repeat_spend);
    copy_column(s.first_spend, out->first_spend);
    copy_column(s.holdout_frequency, out->holdout_frequency);
    copy_column(s.holdout_spend, out->holdout_spend);
  });
}

}  // extern "C"
