// northstar.clv, probabilistic models: transaction summaries (numpy arrays or
// CSV -> x, t_x, T, spend), BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma,
// discounting conventions, model-based CLV and the seeded simulator. Same
// input rules as module.cpp: zero-copy float64 (int64 for ids and days)
// arrays, a wrong dtype is a TypeError naming the argument, outputs new or
// written into `out=`, the GIL released around every kernel and fit.
#include "arrays.hpp"
#include "model_layer.hpp"

#include <pybind11/stl.h>

#include <string>
#include <type_traits>
#include <utility>
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

/// A read-only numpy view of a vector owned by the Python object `owner`.
template <class T>
py::array view_of(const py::object& owner, const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()), v.data(), owner);
  a.attr("setflags")(py::arg("write") = false);
  return a;
}

/// Borrowed (x, t_x, T[, weight]) arrays.
struct rfm_in {
  input frequency, recency, age;
  input weight;  // empty array when none
  bool has_weight = false;
  [[nodiscard]] clv::rfm_view view() const {
    return {frequency.span(), recency.span(), age.span(),
            has_weight ? weight.span() : std::span<const double>{}};
  }
  [[nodiscard]] std::size_t size() const { return frequency.size(); }
};

rfm_in get_rfm(const py::object& f, const py::object& r, const py::object& a, const py::object& w,
               const std::string& ctx) {
  rfm_in in{
      get_array(f, ctx, "frequency"), get_array(r, ctx, "recency"), get_array(a, ctx, "age"), {}, false};
  if (!w.is_none()) {
    in.weight = get_array(w, ctx, "weight");
    in.has_weight = true;
  }
  return in;
}

template <class P>
clv::fit_result<P> fit_transaction_model(const clv::rfm_view& v, const clv::fit_options& o) {
  if constexpr (std::is_same_v<P, clv::bg_nbd_params>)
    return clv::fit_bg_nbd(v, o);
  else if constexpr (std::is_same_v<P, clv::mbg_nbd_params>)
    return clv::fit_mbg_nbd(v, o);
  else
    return clv::fit_pareto_nbd(v, o);
}

/// Every function of one transaction model (BG/NBD, MBG/NBD, Pareto/NBD).
template <class P>
void bind_transaction_model(py::module_& m) {
  const std::string nm = model_name<P>();
  constexpr bool pareto = std::is_same_v<P, clv::pareto_nbd_params>;

  def_fit<P>(
      m, "fit_" + nm,
      [nm](const py::object& f, const py::object& r, const py::object& a, const py::object& w,
           const clv::fit_options& o) {
        const rfm_in in = get_rfm(f, r, a, w, nm);
        py::gil_scoped_release release;
        return fit_transaction_model<P>(in.view(), o);
      },
      "fit_" + nm + "(frequency, recency, age, weight=None, *, options) -> " + nm +
          "_fit\n\nMaximum-likelihood fit on customers (x, t_x, T as float64 arrays) or on weighted patterns "
          "(weight: customers per row, e.g. from compress()). Duplicates are merged first, so customers and "
          "their patterns give the same estimate. Raises northstar.Error on bad data or options.",
      py::arg("frequency"), py::arg("recency"), py::arg("age"), py::arg("weight") = py::none());

  m.def(
      "log_likelihood",
      [nm](const P& p, const py::object& f, const py::object& r, const py::object& a, const py::object& w,
           unsigned threads) {
        const rfm_in in = get_rfm(f, r, a, w, nm);
        py::gil_scoped_release release;
        return clv::log_likelihood(p, in.view(), run(threads));
      },
      py::arg("params"), py::arg("frequency"), py::arg("recency"), py::arg("age"),
      py::arg("weight") = py::none(), py::arg("threads") = 0u,
      ("log_likelihood(params, frequency, recency, age, weight=None, threads=0): weighted log-likelihood "
       "sum_i w_i log L(params | x_i, t_x_i, T_i) (" +
       nm + ").")
          .c_str());

  m.def(
      "expected_purchases",
      [nm](const P& p, const py::object& t, const py::object& out, unsigned threads) {
        if constexpr (pareto) {
          const input tt = get_input(t, nm, "t");
          auto result = get_output(out, customer_count({&tt}, out, nm), nm);
          auto dest = mutable_span(result);
          py::gil_scoped_release release;
          clv::expected_purchases(p, tt.col(), dest, run(threads));
          return result;
        } else {
          const input tt = get_array(t, nm, "t");
          auto result = get_output(out, tt.size(), nm);
          auto dest = mutable_span(result);
          py::gil_scoped_release release;
          clv::expected_purchases(p, tt.span(), dest, run(threads));
          return result;
        }
      },
      py::arg("params"), py::arg("t"), py::arg("out") = py::none(), py::arg("threads") = 0u,
      ("expected_purchases(params, t, out=None, threads=0): E[X(t)] of a new customer for every t (" + nm +
       "). Returns a float64 array (new, or `out` written in place).")
          .c_str());

  m.def(
      "conditional_expected_purchases",
      [nm](const P& p, const py::object& f, const py::object& r, const py::object& a, const py::object& t,
           const py::object& out, unsigned threads) {
        const rfm_in in = get_rfm(f, r, a, py::none(), nm);
        auto result = get_output(out, in.size(), nm);
        auto dest = mutable_span(result);
        if constexpr (pareto) {
          const input tt = get_input(t, nm, "t");
          py::gil_scoped_release release;
          clv::conditional_expected_purchases(p, in.view(), tt.col(), dest, run(threads));
        } else {
          const double tt = t.cast<double>();
          py::gil_scoped_release release;
          clv::conditional_expected_purchases(p, in.view(), tt, dest, run(threads));
        }
        return result;
      },
      py::arg("params"), py::arg("frequency"), py::arg("recency"), py::arg("age"), py::arg("t"),
      py::arg("out") = py::none(), py::arg("threads") = 0u,
      ("conditional_expected_purchases(params, frequency, recency, age, t, out=None, threads=0): expected "
       "purchases of each customer in (T, T + t] (" +
       nm + (pareto ? "; t a number or an array" : "; t a number") + ").")
          .c_str());

  m.def(
      "probability_alive",
      [nm](const P& p, const py::object& f, const py::object& r, const py::object& a, const py::object& out,
           unsigned threads) {
        const rfm_in in = get_rfm(f, r, a, py::none(), nm);
        auto result = get_output(out, in.size(), nm);
        auto dest = mutable_span(result);
        py::gil_scoped_release release;
        clv::probability_alive(p, in.view(), dest, run(threads));
        return result;
      },
      py::arg("params"), py::arg("frequency"), py::arg("recency"), py::arg("age"),
      py::arg("out") = py::none(), py::arg("threads") = 0u,
      ("probability_alive(params, frequency, recency, age, out=None, threads=0): P(alive at T | x, t_x, T) "
       "of each customer (" +
       nm + ").")
          .c_str());

  m.def(
      "probability_of_purchases",
      [nm](const P& p, const py::object& t, const py::object& n, const py::object& out, unsigned threads) {
        if constexpr (pareto) {
          const input tt = get_input(t, nm, "t"), nn = get_input(n, nm, "n");
          auto result = get_output(out, customer_count({&tt, &nn}, out, nm), nm);
          auto dest = mutable_span(result);
          py::gil_scoped_release release;
          clv::probability_of_purchases(p, tt.col(), nn.col(), dest, run(threads));
          return result;
        } else {
          const input tt = get_array(t, nm, "t"), nn = get_array(n, nm, "n");
          auto result = get_output(out, tt.size(), nm);
          auto dest = mutable_span(result);
          py::gil_scoped_release release;
          clv::probability_of_purchases(p, tt.span(), nn.span(), dest, run(threads));
          return result;
        }
      },
      py::arg("params"), py::arg("t"), py::arg("n"), py::arg("out") = py::none(), py::arg("threads") = 0u,
      ("probability_of_purchases(params, t, n, out=None, threads=0): P(X(t_i) = n_i) for a new customer (" +
       nm + (pareto ? "; t, n numbers or arrays" : "; t, n float64 arrays of one length") + ").")
          .c_str());

  auto discounted = [nm](const P& p, const py::object& f, const py::object& r, const py::object& a,
                         const auto& discount, const py::object& out, unsigned threads) {
    const rfm_in in = get_rfm(f, r, a, py::none(), nm);
    auto result = get_output(out, in.size(), nm);
    auto dest = mutable_span(result);
    py::gil_scoped_release release;
    clv::discounted_expected_purchases(p, in.view(), discount, dest, run(threads));
    return result;
  };
  const char* ddoc =
      "discounted_expected_purchases(params, frequency, recency, age, discount, out=None, threads=0): "
      "discounted expected future purchases of each customer; discount is a per_period_discount (sum over "
      "whole periods, lifetimes' convention) or a continuous_discount (integral over a horizon).";
  m.def(
      "discounted_expected_purchases",
      [discounted](const P& p, const py::object& f, const py::object& r, const py::object& a,
                   const clv::per_period_discount& d, const py::object& out,
                   unsigned threads) { return discounted(p, f, r, a, d, out, threads); },
      py::arg("params"), py::arg("frequency"), py::arg("recency"), py::arg("age"), py::arg("discount"),
      py::arg("out") = py::none(), py::arg("threads") = 0u, ddoc);
  m.def(
      "discounted_expected_purchases",
      [discounted](const P& p, const py::object& f, const py::object& r, const py::object& a,
                   const clv::continuous_discount& d, const py::object& out,
                   unsigned threads) { return discounted(p, f, r, a, d, out, threads); },
      py::arg("params"), py::arg("frequency"), py::arg("recency"), py::arg("age"), py::arg("discount"),
      py::arg("out") = py::none(), py::arg("threads") = 0u, ddoc);

  auto lifetime = [nm](const P& p, const py::object& f, const py::object& r, const py::object& a,
                       const py::object& spend, const auto& discount, const py::object& out,
                       unsigned threads) {
    const rfm_in in = get_rfm(f, r, a, py::none(), nm);
    const input s = get_array(spend, "customer_lifetime_value", "expected_spend");
    auto result = get_output(out, in.size(), "customer_lifetime_value");
    auto dest = mutable_span(result);
    py::gil_scoped_release release;
    clv::customer_lifetime_value(p, in.view(), s.span(), discount, dest, run(threads));
    return result;
  };
  const char* cdoc =
      "customer_lifetime_value(params, frequency, recency, age, expected_spend, discount, out=None, "
      "threads=0): discounted expected purchases (see discounted_expected_purchases) times expected_spend "
      "(e.g. conditional_expected_spend of a Gamma-Gamma fit) for each customer.";
  m.def(
      "customer_lifetime_value",
      [lifetime](const P& p, const py::object& f, const py::object& r, const py::object& a,
                 const py::object& s, const clv::per_period_discount& d, const py::object& out,
                 unsigned threads) { return lifetime(p, f, r, a, s, d, out, threads); },
      py::arg("params"), py::arg("frequency"), py::arg("recency"), py::arg("age"), py::arg("expected_spend"),
      py::arg("discount"), py::arg("out") = py::none(), py::arg("threads") = 0u, cdoc);
  m.def(
      "customer_lifetime_value",
      [lifetime](const P& p, const py::object& f, const py::object& r, const py::object& a,
                 const py::object& s, const clv::continuous_discount& d, const py::object& out,
                 unsigned threads) { return lifetime(p, f, r, a, s, d, out, threads); },
      py::arg("params"), py::arg("frequency"), py::arg("recency"), py::arg("age"), py::arg("expected_spend"),
      py::arg("discount"), py::arg("out") = py::none(), py::arg("threads") = 0u, cdoc);

  if constexpr (pareto) {
    m.def(
        "discounted_expected_residual_transactions",
        [nm](const P& p, const py::object& f, const py::object& r, const py::object& a, double delta,
             const py::object& out, unsigned threads) {
          const rfm_in in = get_rfm(f, r, a, py::none(), nm);
          auto result = get_output(out, in.size(), nm);
          auto dest = mutable_span(result);
          py::gil_scoped_release release;
          clv::discounted_expected_residual_transactions(p, in.view(), delta, dest, run(threads));
          return result;
        },
        py::arg("params"), py::arg("frequency"), py::arg("recency"), py::arg("age"), py::arg("delta"),
        py::arg("out") = py::none(), py::arg("threads") = 0u,
        "discounted_expected_residual_transactions(params, frequency, recency, age, delta, out=None, "
        "threads=0): DERT of each customer at continuous rate delta > 0 per time unit (Pareto/NBD, FHL "
        "2005).");
  }
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

void bind_summary(py::module_& m) {
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

  py::class_<clv::transaction_log>(m, "transaction_log",
                                   "A transaction log read from CSV: read-only numpy views of its arrays.")
      .def_property_readonly(
          "customer", [](py::object s) { return view_of(s, s.cast<const clv::transaction_log&>().customer); },
          "Customer ids (int64).")
      .def_property_readonly(
          "day", [](py::object s) { return view_of(s, s.cast<const clv::transaction_log&>().day); },
          "Day numbers (int64, days since 1970-01-01).")
      .def_property_readonly(
          "amount", [](py::object s) { return view_of(s, s.cast<const clv::transaction_log&>().amount); },
          "Amounts (float64; empty without amounts).")
      .def_property_readonly(
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
  auto field = [&cls](const char* name, auto member, const char* doc) {
    cls.def_property_readonly(
        name, [member](py::object s) { return view_of(s, s.cast<const S&>().*member); }, doc);
  };
  field("id", &S::id, "Customer id (int64).");
  field("first_day", &S::first_day, "Day number of the first purchase (int64).");
  field("frequency", &S::frequency, "x: repeat purchases in calibration.");
  field("recency", &S::recency, "t_x: last purchase - first purchase, in `unit`.");
  field("age", &S::age, "T: calibration_end - first purchase, in `unit`.");
  field("monetary", &S::monetary, "zbar: mean value of the repeat purchases (0 when x = 0).");
  field("repeat_spend", &S::repeat_spend, "Sum of the repeat purchases' values.");
  field("first_spend", &S::first_spend, "Value of the first purchase (day).");
  field("holdout_frequency", &S::holdout_frequency, "Purchases in the holdout (empty without one).");
  field("holdout_spend", &S::holdout_spend, "Their value (empty without a holdout).");
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

  py::class_<clv::rfm_patterns>(m, "rfm_patterns", "Distinct (x, t_x, T) with summed weights (see compress).")
      .def_property_readonly(
          "frequency", [](py::object s) { return view_of(s, s.cast<const clv::rfm_patterns&>().frequency); },
          "x of each pattern.")
      .def_property_readonly(
          "recency", [](py::object s) { return view_of(s, s.cast<const clv::rfm_patterns&>().recency); },
          "t_x of each pattern.")
      .def_property_readonly(
          "age", [](py::object s) { return view_of(s, s.cast<const clv::rfm_patterns&>().age); },
          "T of each pattern.")
      .def_property_readonly(
          "weight", [](py::object s) { return view_of(s, s.cast<const clv::rfm_patterns&>().weight); },
          "Summed weight (customers) of each pattern.")
      .def("__len__", &clv::rfm_patterns::size);
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

// ------------------------------------------------------------------ gamma-gamma, discounting, simulator

void bind_spend_and_simulation(py::module_& m) {
  py::class_<clv::per_period_discount>(
      m, "per_period_discount",
      "Discrete discounting: `periods` periods of `period_length` model time "
      "units, period i divided by (1 + rate)^i.")
      .def(py::init([](int periods, double length, double rate) {
             clv::per_period_discount d{periods, length, rate};
             clv::validate(d, "per_period_discount");
             return d;
           }),
           py::arg("periods") = 12, py::arg("period_length") = 1.0, py::arg("rate") = 0.0, "Validated.")
      .def_readonly("periods", &clv::per_period_discount::periods, "Number of periods.")
      .def_readonly("period_length", &clv::per_period_discount::period_length, "Model time units per period.")
      .def_readonly("rate", &clv::per_period_discount::rate, "Discount rate per period.")
      .def(py::pickle(
          [](const clv::per_period_discount& d) {
            return py::make_tuple(d.periods, d.period_length, d.rate);
          },
          [](const py::tuple& t) {
            return clv::per_period_discount{t[0].cast<int>(), t[1].cast<double>(), t[2].cast<double>()};
          }));
  py::class_<clv::continuous_discount>(m, "continuous_discount",
                                       "Continuous discounting: weight e^(-rate s) over (0, horizon].")
      .def(py::init([](double horizon, double rate) {
             clv::continuous_discount d{horizon, rate};
             clv::validate(d, "continuous_discount");
             return d;
           }),
           py::arg("horizon") = 52.0, py::arg("rate") = 0.0, "Validated.")
      .def_readonly("horizon", &clv::continuous_discount::horizon, "Model time units.")
      .def_readonly("rate", &clv::continuous_discount::rate, "Continuous rate per model time unit.")
      .def(py::pickle([](const clv::continuous_discount& d) { return py::make_tuple(d.horizon, d.rate); },
                      [](const py::tuple& t) {
                        return clv::continuous_discount{t[0].cast<double>(), t[1].cast<double>()};
                      }));

  using G = clv::gamma_gamma_params;
  def_fit<G>(
      m, "fit_gamma_gamma",
      [](const py::object& f, const py::object& z, const py::object& w, const clv::fit_options& o) {
        const input a = get_array(f, "gamma_gamma", "frequency"),
                    b = get_array(z, "gamma_gamma", "mean_spend");
        input c;
        if (!w.is_none()) c = get_array(w, "gamma_gamma", "weight");
        py::gil_scoped_release release;
        return clv::fit_gamma_gamma(a.span(), b.span(), w.is_none() ? std::span<const double>{} : c.span(),
                                    o);
      },
      "fit_gamma_gamma(frequency, mean_spend, weight=None, *, options) -> gamma_gamma_fit: maximum "
      "likelihood on the customers with frequency > 0 (Fader & Hardie 2013, eq. 4); weight: customers per "
      "row.",
      py::arg("frequency"), py::arg("mean_spend"), py::arg("weight") = py::none());
  m.def(
      "log_likelihood",
      [](const G& g, const py::object& f, const py::object& z, const py::object& w) {
        const input a = get_array(f, "gamma_gamma", "frequency"),
                    b = get_array(z, "gamma_gamma", "mean_spend");
        input c;
        if (!w.is_none()) c = get_array(w, "gamma_gamma", "weight");
        py::gil_scoped_release release;
        return clv::log_likelihood(g, a.span(), b.span(), w.is_none() ? std::span<const double>{} : c.span());
      },
      py::arg("params"), py::arg("frequency"), py::arg("mean_spend"), py::arg("weight") = py::none(),
      "log_likelihood(gamma_gamma_params, frequency, mean_spend, weight=None): weighted log-likelihood of "
      "the "
      "customers with frequency > 0.");
  m.def(
      "conditional_expected_spend",
      [](const G& g, const py::object& f, const py::object& z, const py::object& out, unsigned threads) {
        const input a = get_array(f, "gamma_gamma", "frequency"),
                    b = get_array(z, "gamma_gamma", "mean_spend");
        auto result = get_output(out, a.size(), "gamma_gamma");
        auto dest = mutable_span(result);
        py::gil_scoped_release release;
        clv::conditional_expected_spend(g, a.span(), b.span(), dest, run(threads));
        return result;
      },
      py::arg("params"), py::arg("frequency"), py::arg("mean_spend"), py::arg("out") = py::none(),
      py::arg("threads") = 0u,
      "conditional_expected_spend(params, frequency, mean_spend, out=None, threads=0): E[Z | x, zbar] of "
      "each customer (FHL 2005 'RFM and CLV', eq. 5).");

  using SC = clv::simulated_customers;
  py::class_<SC>(m, "simulated_customers", "Customers drawn by simulate_bg_nbd: read-only numpy views.")
      .def_property_readonly(
          "frequency", [](py::object s) { return view_of(s, s.cast<const SC&>().frequency); }, "x.")
      .def_property_readonly(
          "recency", [](py::object s) { return view_of(s, s.cast<const SC&>().recency); }, "t_x.")
      .def_property_readonly(
          "age", [](py::object s) { return view_of(s, s.cast<const SC&>().age); }, "T.")
      .def_property_readonly(
          "mean_spend", [](py::object s) { return view_of(s, s.cast<const SC&>().mean_spend); },
          "zbar (empty unless spend was given; 0 when x = 0).")
      .def_property_readonly(
          "alive", [](py::object s) { return view_of(s, s.cast<const SC&>().alive); },
          "1 if the customer is alive at T (uint8).")
      .def("__len__", [](const SC& s) { return s.frequency.size(); });
  m.def(
      "simulate_bg_nbd",
      [](const clv::bg_nbd_params& p, std::size_t customers, double min_age, double max_age,
         double resolution, std::uint64_t seed, std::optional<G> spend) {
        clv::bg_nbd_simulation o;
        o.customers = customers;
        o.min_age = min_age;
        o.max_age = max_age;
        o.resolution = resolution;
        o.seed = seed;
        o.spend = spend;
        py::gil_scoped_release release;
        return clv::simulate_bg_nbd(p, o);
      },
      py::arg("params"), py::arg("customers") = 1000, py::arg("min_age") = 1.0, py::arg("max_age") = 52.0,
      py::arg("resolution") = 0.0, py::arg("seed") = 42, py::arg("spend") = py::none(),
      "simulate_bg_nbd(params, customers=1000, min_age=1, max_age=52, resolution=0, seed=42, spend=None) -> "
      "simulated_customers. Seeded (std::mt19937_64), reproducible across platforms; resolution > 0 (e.g. "
      "1/7 for days in weeks) gives times on that grid; spend (gamma_gamma_params) also draws zbar.");
}

}  // namespace

void bind_clv_models(py::module_& m) {
  bind_params<clv::bg_nbd_params>(m,
                                  "BG/NBD parameters (Fader, Hardie & Lee 2005): lambda ~ Gamma(r, alpha), "
                                  "p ~ Beta(a, b).");
  bind_params<clv::mbg_nbd_params>(m,
                                   "MBG/NBD parameters (Batislam et al. 2007): lambda ~ Gamma(r, alpha), "
                                   "p ~ Beta(a, b).");
  bind_params<clv::pareto_nbd_params>(m,
                                      "Pareto/NBD parameters (Schmittlein et al. 1987): lambda ~ "
                                      "Gamma(r, alpha), mu ~ Gamma(s, beta).");
  bind_params<clv::gamma_gamma_params>(
      m, "Gamma-Gamma spend model: spend ~ Gamma(p, nu), nu ~ Gamma(q, gamma) (Fader & Hardie 2013).");
  bind_fit<clv::bg_nbd_params>(m);
  bind_fit<clv::mbg_nbd_params>(m);
  bind_fit<clv::pareto_nbd_params>(m);
  bind_fit<clv::gamma_gamma_params>(m);
  bind_spend_and_simulation(m);
  bind_transaction_model<clv::bg_nbd_params>(m);
  bind_transaction_model<clv::mbg_nbd_params>(m);
  bind_transaction_model<clv::pareto_nbd_params>(m);
  bind_summary(m);
  register_model<clv::bg_nbd_params>(m);
  register_model<clv::mbg_nbd_params>(m);
  register_model<clv::pareto_nbd_params>(m);
  register_model<clv::gamma_gamma_params>(m);
}

}  // namespace northstar_python
