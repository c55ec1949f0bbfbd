// northstar.clv, closed forms: the CLV formulas (basic, margin, repurchase,
// retention) bound to Python inputs, evaluate (per customer, into a new array
// or `out=`), aggregate (count, total, mean, min, max, quantiles, top
// customers, segment totals) and total; and the benchmark helper that times
// the kernel inside C++.
#include "arrays.hpp"
#include "bindings.hpp"

#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace northstar_python {
namespace {

// ------------------------------------------------------------------ formulas

/// A closed-form formula bound to Python inputs (kept alive with it).
template <class F>
struct py_formula {
  std::vector<input> in;  // in F::inputs order
  clv::margin_timing timing = clv::margin_timing::end_of_period;

  static py_formula make(const std::vector<py::object>& args) {
    py_formula f;
    for (std::size_t i = 0; i < F::inputs.size(); ++i)
      f.in.push_back(get_input(args[i], std::string(F::name), std::string(F::inputs[i].name)));
    return f;
  }
  [[nodiscard]] F formula() const { return build(static_cast<F*>(nullptr)); }
  [[nodiscard]] std::size_t count() const {
    for (const auto& i : in)
      if (!i.is_scalar()) return i.size();
    return 0;
  }
  [[nodiscard]] bool all_scalar() const {
    for (const auto& i : in)
      if (!i.is_scalar()) return false;
    return true;
  }

 private:
  clv::basic_clv<double> build(clv::basic_clv<double>*) const {
    return {in[0].col(), in[1].col(), in[2].col()};
  }
  clv::margin_clv<double> build(clv::margin_clv<double>*) const {
    return {in[0].col(), in[1].col(), in[2].col(), in[3].col(), in[4].col()};
  }
  clv::repurchase_clv<double> build(clv::repurchase_clv<double>*) const {
    return {in[0].col(), in[1].col(), in[2].col()};
  }
  clv::retention_clv<double> build(clv::retention_clv<double>*) const {
    return {in[0].col(), in[1].col(), in[2].col(), in[3].col(), in[4].col(), timing};
  }
};

/// clv::validation by its Python name: "upfront" (the default) or "fused".
clv::validation validation_named(const std::string& ctx, const std::string& name) {
  if (name == "upfront") return clv::validation::upfront;
  if (name == "fused") return clv::validation::fused;
  throw northstar::error(northstar::errc::invalid_argument,
                         ctx + ": validation = '" + name + "': must be 'upfront' or 'fused'");
}

template <class F>
py::array_t<double> evaluate(const py_formula<F>& pf, const py::object& out, unsigned threads,
                             const std::string& validation) {
  const std::string ctx(F::name);
  clv::run_options opt = run(threads);
  opt.check = validation_named(ctx, validation);
  std::size_t n = pf.count();
  if (pf.all_scalar()) {
    if (out.is_none())
      throw northstar::error(northstar::errc::invalid_argument,
                             ctx + ": every input is a number: give at least one array, or out=");
    n = static_cast<std::size_t>(as_array(out) ? as_array(out)->size() : 0);
  }
  auto result = get_output(out, n, ctx);
  const F f = pf.formula();
  auto dest = mutable_span(result);
  {
    py::gil_scoped_release release;
    clv::evaluate(f, dest, opt);
  }
  return result;
}

template <class F>
clv::aggregates aggregate(const py_formula<F>& pf, const std::vector<double>& quantiles, std::size_t top,
                          const py::object& segments, std::size_t segment_count, unsigned threads) {
  const std::string ctx(F::name);
  clv::aggregate_request req;
  req.quantiles = quantiles;
  req.top = top;
  py::array seg;
  if (!segments.is_none()) {
    auto a = as_array(segments);
    if (!a) type_error(ctx, "segments", "must be a uint32 numpy array");
    check_array<std::uint32_t>(*a, ctx, "segments", "uint32");
    seg = *a;
    req.segments = {static_cast<const std::uint32_t*>(seg.data()), static_cast<std::size_t>(seg.size())};
  }
  req.segment_count = segment_count;
  const F f = pf.formula();
  py::gil_scoped_release release;
  return clv::aggregate(f, req, run(threads));
}

template <class F, class... Args>
void bind_formula(py::module_& m, const char* doc, Args... args) {
  const std::string name(F::name);
  using PF = py_formula<F>;
  auto cls = py::class_<PF>(m, name.c_str(), doc);
  if constexpr (F::inputs.size() == 3) {
    cls.def(py::init([](py::object a, py::object b, py::object c) { return PF::make({a, b, c}); }), args...);
  } else if constexpr (std::is_same_v<F, clv::retention_clv<double>>) {
    cls.def(py::init([](py::object a, py::object b, py::object c, py::object d, py::object e,
                        std::string timing) {
              PF f = PF::make({a, b, c, d, e});
              if (timing == "start_of_period")
                f.timing = clv::margin_timing::start_of_period;
              else if (timing != "end_of_period")
                throw northstar::error(
                    northstar::errc::invalid_argument,
                    "retention_clv: timing = '" + timing + "': must be 'end_of_period' or 'start_of_period'");
              return f;
            }),
            args..., py::arg("timing") = "end_of_period");
  } else {
    cls.def(py::init([](py::object a, py::object b, py::object c, py::object d, py::object e) {
              return PF::make({a, b, c, d, e});
            }),
            args...);
  }
  cls.def("evaluate", &evaluate<F>, py::arg("out") = py::none(), py::arg("threads") = 0u,
          py::arg("validation") = "upfront",
          "Each customer's CLV as a float64 array (a new one, or written into `out` and returned). "
          "validation='upfront' (default) checks every input before writing: on bad input `out` is "
          "untouched, but inputs are read twice; 'fused' checks in the computing pass (one read, the "
          "fastest for large arrays): on bad input the 512-customer chunks before the bad one are "
          "written. The GIL is released while computing.");
  cls.def("aggregate", &aggregate<F>, py::arg("quantiles") = std::vector<double>{}, py::arg("top") = 0,
          py::arg("segments") = py::none(), py::arg("segment_count") = 0, py::arg("threads") = 0u,
          "Count, total, mean, min, max, type-7 quantiles, top customers and per-segment totals without a "
          "per-customer array (segments: uint32 labels < segment_count).");
  m.def("evaluate", &evaluate<F>, py::arg("formula"), py::arg("out") = py::none(), py::arg("threads") = 0u,
        py::arg("validation") = "upfront",
        "evaluate(formula, out=None, threads=0, validation='upfront'): each customer's CLV (as "
        "formula.evaluate).");
  m.def("aggregate", &aggregate<F>, py::arg("formula"), py::arg("quantiles") = std::vector<double>{},
        py::arg("top") = 0, py::arg("segments") = py::none(), py::arg("segment_count") = 0,
        py::arg("threads") = 0u,
        "aggregate(formula, quantiles=[], top=0, segments=None, segment_count=0): "
        "a clv.aggregates (as formula.aggregate).");
  m.def(
      "total",
      [](const PF& f, unsigned threads) { return aggregate<F>(f, {}, 0, py::none(), 0, threads).total; },
      py::arg("formula"), py::arg("threads") = 0u, "Sum of CLV over all customers.");
}

}  // namespace

void bind_closed_forms(py::module_& c, py::module_& b) {
  py::class_<clv::ranked_customer>(c, "ranked_customer", "A customer and its CLV (an entry of a top-k list).")
      .def_readonly("index", &clv::ranked_customer::index, "Position in the input arrays.")
      .def_readonly("value", &clv::ranked_customer::value, "The customer's CLV.")
      .def("__repr__", [](const clv::ranked_customer& r) {
        return "ranked_customer(index=" + std::to_string(r.index) + ", value=" + std::to_string(r.value) +
               ")";
      });
  py::class_<clv::aggregates>(c, "aggregates", "The result of aggregate().")
      .def_readonly("count", &clv::aggregates::count, "Number of customers.")
      .def_readonly("total", &clv::aggregates::total, "Sum of CLV.")
      .def_readonly("mean", &clv::aggregates::mean, "total / count (NaN when empty).")
      .def_readonly("min", &clv::aggregates::min, "Lowest CLV.")
      .def_readonly("max", &clv::aggregates::max, "Highest CLV.")
      .def_readonly("quantiles", &clv::aggregates::quantiles, "One per requested probability (type 7).")
      .def_readonly("top", &clv::aggregates::top, "Highest-CLV customers, highest first.")
      .def_readonly("segment_totals", &clv::aggregates::segment_totals, "CLV per segment.")
      .def_readonly("segment_counts", &clv::aggregates::segment_counts, "Customers per segment.");

  bind_formula<clv::basic_clv<double>>(c, "Basic CLV = average_order_value * purchase_frequency * lifespan.",
                                       py::arg("average_order_value"), py::arg("purchase_frequency"),
                                       py::arg("lifespan"));
  bind_formula<clv::margin_clv<double>>(
      c, "Margin CLV = aov * gross_margin * purchase_frequency * lifespan - acquisition_cost.",
      py::arg("average_order_value"), py::arg("gross_margin"), py::arg("purchase_frequency"),
      py::arg("lifespan"), py::arg("acquisition_cost") = 0.0);
  bind_formula<clv::repurchase_clv<double>>(
      c, "Repurchase CLV = revenue * repurchase_rate - acquisition_cost.", py::arg("revenue"),
      py::arg("repurchase_rate"), py::arg("acquisition_cost") = 0.0);
  bind_formula<clv::retention_clv<double>>(
      c,
      "Retention CLV = sum over the horizon of margin * retention^t / (1+discount_rate)^t - acquisition_cost "
      "(timing 'end_of_period' or 'start_of_period').",
      py::arg("margin"), py::arg("retention"), py::arg("discount_rate"),
      py::arg("horizon") = std::numeric_limits<double>::infinity(), py::arg("acquisition_cost") = 0.0);

  // For bench/python_overhead.py: the C++ kernel timed inside C++ (best of
  // `repeat`), to compare with the same call timed from Python.
  b.def(
      "evaluate_seconds",
      [](const py_formula<clv::margin_clv<double>>& pf, const py::object& out, int repeat, unsigned threads) {
        auto result = get_output(out, pf.count(), "margin_clv");
        const auto f = pf.formula();
        auto dest = mutable_span(result);
        double best = 1e300;
        py::gil_scoped_release release;
        for (int r = 0; r < repeat; ++r) {
          const auto t0 = std::chrono::steady_clock::now();
          clv::evaluate(f, dest, run(threads));
          best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        return best;
      },
      py::arg("formula"), py::arg("out"), py::arg("repeat") = 5, py::arg("threads") = 0u,
      "Best wall time in seconds of clv.evaluate(formula, out) measured in C++ (margin_clv only).");
}

}  // namespace northstar_python
