// northstar.clv, transaction summaries: transaction logs (numpy arrays or CSV)
// to per-customer (x, t_x, T, spend), day numbers and dates, compress() of
// (x, t_x, T) into weighted patterns. Same input rules as module.cpp: int64
// ids and days (datetime64[D] accepted), float64 amounts, a wrong dtype is a
// TypeError naming the argument, the GIL released around the C++ calls.
#include "arrays.hpp"
#include "bindings.hpp"

#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace northstar_python {
namespace {

// ------------------------------------------------------------------ helpers

/// A borrowed 1-D contiguous array of T (kept alive by `array`).
template <class T>
struct typed {
  py::array array;
  [[nodiscard]] std::span<const T> span() const {
    return {static_cast<const T*>(array.data()), static_cast<std::size_t>(array.size())};
  }
};

/// obj as a 1-D contiguous int64 array; datetime64[D] is accepted as int64 day
/// numbers (a view, no copy). Anything else is a TypeError naming the argument.
typed<std::int64_t> get_int64(py::handle obj, const std::string& ctx, const std::string& name,
                              bool day_numbers) {
  auto a = obj.is_none() ? std::nullopt : as_array(obj);
  if (!a)
    type_error(ctx, name,
               std::string("must be an int64 numpy array") + (day_numbers ? " of day numbers" : "") +
                   " or a pandas Series, got " + py::str(py::type::of(obj)).cast<std::string>());
  const std::string dt = dtype_name(*a);
  if (day_numbers && a->dtype().kind() == 'M') {
    if (dt != "datetime64[D]")
      type_error(ctx, name,
                 "has dtype " + dt +
                     ": northstar counts days; convert with .astype('datetime64[D]') (floors to the day) "
                     "or pass int64 day numbers");
    a = py::reinterpret_steal<py::array>(a->attr("view")(py::dtype::of<std::int64_t>()).release());
  }
  check_array<std::int64_t>(*a, ctx, name, "int64");
  return {*a};
}

/// A day number from an int, a "YYYY-MM-DD" string, a datetime.date/datetime
/// (its date) or a numpy.datetime64 (floored to the day).
std::int64_t get_day(py::handle obj, const std::string& ctx, const std::string& name) {
  if (py::isinstance<py::str>(obj))
    return clv::parse_date(obj.cast<std::string>(), "%Y-%m-%d", ctx + ": " + name);
  if (py::isinstance<py::int_>(obj) && !py::isinstance<py::bool_>(obj)) return obj.cast<std::int64_t>();
  if (py::hasattr(obj, "toordinal")) return obj.attr("toordinal")().cast<std::int64_t>() - 719163;
  if (py::hasattr(obj, "astype") && py::hasattr(obj, "dtype") &&
      py::str(obj.attr("dtype")).cast<std::string>().rfind("datetime64", 0) == 0)
    return obj.attr("astype")("datetime64[D]").attr("astype")("int64").attr("item")().cast<std::int64_t>();
  type_error(
      ctx, name,
      "must be a day number (int), a 'YYYY-MM-DD' string, a datetime.date or a numpy.datetime64, got " +
          py::str(py::type::of(obj)).cast<std::string>());
}

clv::time_unit get_unit(const std::string& unit) {
  if (unit == "days") return clv::time_unit::days;
  if (unit == "weeks") return clv::time_unit::weeks;
  if (unit == "months") return clv::time_unit::months;
  throw northstar::error(northstar::errc::invalid_argument,
                         "summarize: unit = '" + unit + "': must be 'days', 'weeks' or 'months'");
}

const char* unit_name(clv::time_unit u) {
  switch (u) {
    case clv::time_unit::days:
      return "days";
    case clv::time_unit::weeks:
      return "weeks";
    case clv::time_unit::months:
      return "months";
  }
  return "?";
}

// ------------------------------------------------------------------ summaries

clv::summary_options summary_opts(const py::object& calibration_end, const py::object& holdout_end,
                                  const std::string& unit, bool aggregate_same_day) {
  clv::summary_options o;
  o.unit = get_unit(unit);
  if (calibration_end.is_none())
    throw northstar::error(northstar::errc::invalid_argument, "summarize: calibration_end is required");
  o.calibration_end = get_day(calibration_end, "summarize", "calibration_end");
  if (!holdout_end.is_none()) o.holdout_end = get_day(holdout_end, "summarize", "holdout_end");
  o.aggregate_same_day = aggregate_same_day;
  return o;
}

}  // namespace

void bind_summaries(py::module_& m) {
  m.def("civil_day", &clv::civil_day, py::arg("year"), py::arg("month"), py::arg("day"),
        "civil_day(year, month, day): the day number (days since 1970-01-01) of a calendar date.");
  m.def(
      "parse_date",
      [](const std::string& text, const std::string& format) { return clv::parse_date(text, format); },
      py::arg("text"), py::arg("format") = "%Y-%m-%d",
      "parse_date(text, format='%Y-%m-%d'): the day number of a date (%Y %m %d; %H %M %S checked and "
      "ignored).");

  py::class_<clv::csv_format>(m, "csv_format",
                              "How a transaction CSV is laid out (see read_transactions_csv).")
      .def(py::init<>(), "Defaults: ',' separated, a header naming columns id, date, amount, dates %Y-%m-%d.")
      .def_readwrite("delimiter", &clv::csv_format::delimiter, "Field separator (' ': runs of spaces/tabs).")
      .def_readwrite("header", &clv::csv_format::header, "The first line names the columns.")
      .def_readwrite("id_column", &clv::csv_format::id_column, "Customer id column name (with header).")
      .def_readwrite("date_column", &clv::csv_format::date_column, "Date column name (with header).")
      .def_readwrite("amount_column", &clv::csv_format::amount_column, "Amount column name (with header).")
      .def_readwrite("id_index", &clv::csv_format::id_index, "Customer id column, 0-based (without header).")
      .def_readwrite("date_index", &clv::csv_format::date_index, "Date column, 0-based (without header).")
      .def_readwrite("amount_index", &clv::csv_format::amount_index,
                     "Amount column, 0-based (without header).")
      .def_readwrite("has_amount", &clv::csv_format::has_amount, "Read amounts at all.")
      .def_readwrite("date_format", &clv::csv_format::date_format, "Date format for parse_date.");
  m.def("cdnow_csv_format", &clv::cdnow_csv_format,
        "The layout of Fader & Hardie's CDNOW_sample.txt (whitespace separated, no header).");

  using L = clv::transaction_log;
  py::class_<L> logs(m, "transaction_log",
                     "A transaction log read from CSV: read-only numpy views of its arrays.");
  def_view(logs, "customer", &L::customer, "Customer ids (int64).");
  def_view(logs, "day", &L::day, "Day numbers (int64, days since 1970-01-01).");
  def_view(logs, "amount", &L::amount, "Amounts (float64; empty without amounts).");
  logs.def_property_readonly(
          "line",
          [](py::object s) {
            const auto& l = s.cast<const clv::transaction_log&>().line;
            std::vector<std::uint64_t> v(l.begin(), l.end());
            return py::array_t<std::uint64_t>(static_cast<py::ssize_t>(v.size()), v.data());
          },
          "Source line of each transaction (1-based, uint64; a copy).")
      .def("__len__", [](const clv::transaction_log& l) { return l.customer.size(); });
  m.def(
      "read_transactions_csv",
      [](const std::string& path, const clv::csv_format& format) {
        py::gil_scoped_release release;
        return clv::read_transactions_csv(path, format);
      },
      py::arg("path"), py::arg("format") = clv::csv_format{},
      "read_transactions_csv(path, format=csv_format()) -> transaction_log. Errors name the line and the "
      "offending text (northstar.Error).");

  using S = clv::customer_summary;
  auto cls = py::class_<S>(m, "customer_summary",
                           "Per-customer summary (customers in ascending id order): read-only numpy views.");
  def_view(cls, "id", &S::id, "Customer id (int64).");
  def_view(cls, "first_day", &S::first_day, "Day number of the first purchase (int64).");
  def_view(cls, "frequency", &S::frequency, "x: repeat purchases in calibration.");
  def_view(cls, "recency", &S::recency, "t_x: last purchase - first purchase, in `unit`.");
  def_view(cls, "age", &S::age, "T: calibration_end - first purchase, in `unit`.");
  def_view(cls, "monetary", &S::monetary, "zbar: mean value of the repeat purchases (0 when x = 0).");
  def_view(cls, "repeat_spend", &S::repeat_spend, "Sum of the repeat purchases' values.");
  def_view(cls, "first_spend", &S::first_spend, "Value of the first purchase (day).");
  def_view(cls, "holdout_frequency", &S::holdout_frequency, "Purchases in the holdout (empty without one).");
  def_view(cls, "holdout_spend", &S::holdout_spend, "Their value (empty without a holdout).");
  cls.def_property_readonly(
         "unit", [](const S& s) { return unit_name(s.unit); }, "'days', 'weeks' or 'months'.")
      .def_readonly("calibration_end", &S::calibration_end, "Last calibration day (day number).")
      .def_readonly("holdout_end", &S::holdout_end, "Last holdout day (day number) or None.")
      .def_readonly("holdout_length", &S::holdout_length, "holdout_end - calibration_end in `unit`.")
      .def_readonly("transactions_of_later_customers", &S::transactions_of_later_customers,
                    "Transactions of customers first seen after calibration_end (not counted).")
      .def_readonly("transactions_after_end", &S::transactions_after_end,
                    "Transactions after the holdout (or calibration) end (not counted).")
      .def_readonly("later_customers", &S::later_customers, "Customers first seen after calibration_end.")
      .def("__len__", &S::size)
      .def(
          "to_dict",
          [](py::object s) {
            py::dict d;
            for (const char* k : {"id", "frequency", "recency", "age", "monetary", "first_day",
                                  "repeat_spend", "first_spend"})
              d[k] = s.attr(k);
            if (s.cast<const S&>().holdout_end) {
              d["holdout_frequency"] = s.attr("holdout_frequency");
              d["holdout_spend"] = s.attr("holdout_spend");
            }
            return d;
          },
          "The per-customer arrays as a dict (pandas.DataFrame(s.to_dict()) makes a frame).");

  m.def(
      "summarize",
      [](const py::object& customer, const py::object& day, const py::object& amount,
         const py::object& calibration_end, const py::object& holdout_end, const std::string& unit,
         bool same_day) {
        const auto c = get_int64(customer, "summarize", "customer", false);
        const auto d = get_int64(day, "summarize", "day", true);
        input a;
        if (!amount.is_none()) a = get_array(amount, "summarize", "amount");
        const auto o = summary_opts(calibration_end, holdout_end, unit, same_day);
        py::gil_scoped_release release;
        return clv::summarize(c.span(), d.span(), amount.is_none() ? std::span<const double>{} : a.span(), o);
      },
      py::arg("customer"), py::arg("day"), py::arg("amount") = py::none(), py::kw_only(),
      py::arg("calibration_end"), py::arg("holdout_end") = py::none(), py::arg("unit") = "weeks",
      py::arg("aggregate_same_day") = true,
      "summarize(customer, day, amount=None, *, calibration_end, holdout_end=None, unit='weeks', "
      "aggregate_same_day=True) -> customer_summary\n\ncustomer: int64 ids; day: int64 day numbers or "
      "datetime64[D]; amount: float64 (>= 0) or None. calibration_end / holdout_end: a day number, "
      "'YYYY-MM-DD', datetime.date or numpy.datetime64 (inclusive). Day resolution: purchases of one day are "
      "one transaction (amounts summed) unless aggregate_same_day=False. The GIL is released.");
  m.def(
      "summarize",
      [](const clv::transaction_log& log, const py::object& calibration_end, const py::object& holdout_end,
         const std::string& unit, bool same_day) {
        const auto o = summary_opts(calibration_end, holdout_end, unit, same_day);
        py::gil_scoped_release release;
        return clv::summarize(log, o);
      },
      py::arg("log"), py::kw_only(), py::arg("calibration_end"), py::arg("holdout_end") = py::none(),
      py::arg("unit") = "weeks", py::arg("aggregate_same_day") = true,
      "summarize(log, *, calibration_end, ...) -> customer_summary: the same from a transaction_log read by "
      "read_transactions_csv (messages name the CSV line).");

  using R = clv::rfm_patterns;
  py::class_<R> patterns(m, "rfm_patterns", "Distinct (x, t_x, T) with summed weights (see compress).");
  def_view(patterns, "frequency", &R::frequency, "x of each pattern.");
  def_view(patterns, "recency", &R::recency, "t_x of each pattern.");
  def_view(patterns, "age", &R::age, "T of each pattern.");
  def_view(patterns, "weight", &R::weight, "Summed weight (customers) of each pattern.");
  patterns.def("__len__", &R::size);
  m.def(
      "compress",
      [](const py::object& f, const py::object& r, const py::object& a, const py::object& w) {
        const rfm_in in = get_rfm(f, r, a, w, "compress");
        py::gil_scoped_release release;
        clv::validate(in.view(), "compress");
        return clv::compress(in.view());
      },
      py::arg("frequency"), py::arg("recency"), py::arg("age"), py::arg("weight") = py::none(),
      "compress(frequency, recency, age, weight=None) -> rfm_patterns: distinct (x, t_x, T) sorted by x, "
      "t_x, T with summed weights (validated first). Fitting on the patterns gives the customers' estimate.");
}

}  // namespace northstar_python
