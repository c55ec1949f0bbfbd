// The Python module northstar._northstar (imported as `northstar`): pybind11
// bindings of northstar::clv over numpy arrays, zero-copy (closed forms, sBG and
// BG/BB here; the transaction models in clv_models.cpp, OKR in okr.cpp, the
// input helpers in arrays.hpp).
//
// Inputs: a number (broadcast to every customer), a 1-D C-contiguous float64
// numpy array, or anything with .to_numpy() giving one (pandas Series and
// DataFrame columns). Nothing is converted silently: another dtype or a
// strided array is a TypeError naming the argument. Outputs: a new float64
// array, or written in place into `out=` (same rules, writable). The GIL is
// released around every kernel and fit. northstar::error -> northstar.Error
// (message, .code, .code_name).
#include "arrays.hpp"
#include "model_layer.hpp"

#include <northstar/northstar.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;
namespace clv = northstar::clv;
using northstar::column;

namespace {

using namespace northstar_python;

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

// ------------------------------------------------------------------ models

/// The parameters P from a Python object (validated by the function they are passed to).
template <class P>
P params_from(const py::handle& obj, const char* ctx) {
  if (py::isinstance<P>(obj)) return obj.cast<P>();
  type_error(ctx, "params",
             "must be " + model_name<P>() + "_params (e.g. fit.params), got " +
                 py::str(py::type::of(obj)).cast<std::string>());
}

/// out[i] = fn(params, span_in, out) for an array-only argument (sBG bulk calls).
template <class P, class Fn>
auto bulk1(Fn fn, const char* ctx, const char* name) {
  return [fn, ctx, name](const py::object& params, const py::object& t, const py::object& out,
                         unsigned threads) {
    const P model = params_from<P>(params, ctx);
    const input in = get_array(t, ctx, name);
    auto result = get_output(out, in.size(), ctx);
    auto dest = mutable_span(result);
    {
      py::gil_scoped_release release;
      fn(model, in.span(), dest, run(threads));
    }
    return result;
  };
}

void bind_sbg(py::module_& m) {
  bind_params<clv::sbg_params>(
      m, "sBG parameters (Fader & Hardie 2007): churn probability theta ~ Beta(alpha, beta).");
  bind_fit<clv::sbg_params>(m);
  def_fit<clv::sbg_params>(
      m, "fit_sbg",
      [](const py::object& survivors, const clv::fit_options& o) {
        const input s = get_array(survivors, "sbg", "survivors");
        py::gil_scoped_release release;
        return clv::fit_sbg(s.span(), o);
      },
      "fit_sbg(survivors, *, options) -> sbg_fit: alpha, beta of one cohort's survivor counts "
      "(survivors[0] = cohort size; float64 array).",
      py::arg("survivors"));
  def_fit<clv::sbg_params>(
      m, "fit_sbg_individual",
      [](const py::object& period, const py::object& churned, const clv::fit_options& o) {
        const input p = get_array(period, "sbg", "period");
        auto c = as_array(churned);
        if (!c) type_error("sbg", "churned", "must be a uint8 (or bool) numpy array");
        if (c->dtype().is(py::dtype::of<bool>())) c = c->attr("view")(py::dtype::of<std::uint8_t>());
        check_array<std::uint8_t>(*c, "sbg", "churned", "uint8");
        const std::span<const std::uint8_t> cs(static_cast<const std::uint8_t*>(c->data()),
                                               static_cast<std::size_t>(c->size()));
        py::gil_scoped_release release;
        return clv::fit_sbg_individual(p.span(), cs, o);
      },
      "fit_sbg_individual(period, churned, *, options) -> sbg_fit: alpha, beta of individual customers: "
      "period (float64) and churned (uint8/bool: 1 = churned in that period, 0 = still active after it).",
      py::arg("period"), py::arg("churned"));

  const char* ctx = "sbg";
  m.def("churn_probability",
        bulk1<clv::sbg_params>([](const clv::sbg_params& md, std::span<const double> t, std::span<double> o,
                                  const clv::run_options& r) { clv::churn_probability(md, t, o, r); },
                               ctx, "t"),
        py::arg("params"), py::arg("t"), py::arg("out") = py::none(), py::arg("threads") = 0u,
        "P(T = t[i]) for every i (sBG).");
  m.def("survival",
        bulk1<clv::sbg_params>([](const clv::sbg_params& md, std::span<const double> t, std::span<double> o,
                                  const clv::run_options& r) { clv::survival(md, t, o, r); },
                               ctx, "t"),
        py::arg("params"), py::arg("t"), py::arg("out") = py::none(), py::arg("threads") = 0u,
        "S(t[i]) for every i (sBG).");
  m.def("retention_rate",
        bulk1<clv::sbg_params>([](const clv::sbg_params& md, std::span<const double> t, std::span<double> o,
                                  const clv::run_options& r) { clv::retention_rate(md, t, o, r); },
                               ctx, "t"),
        py::arg("params"), py::arg("t"), py::arg("out") = py::none(), py::arg("threads") = 0u,
        "Retention rate r_{t[i]} for every i (sBG).");
  m.def(
      "discounted_expected_residual_lifetime",
      [](const py::object& params, double d, const py::object& renewals, const py::object& out,
         unsigned threads) {
        const auto md = params_from<clv::sbg_params>(params, "sbg");
        const input in = get_array(renewals, "sbg", "renewals");
        auto result = get_output(out, in.size(), "sbg");
        auto dest = mutable_span(result);
        {
          py::gil_scoped_release release;
          clv::discounted_expected_residual_lifetime(md, d, in.span(), dest, run(threads));
        }
        return result;
      },
      py::arg("params"), py::arg("discount_rate"), py::arg("renewals"), py::arg("out") = py::none(),
      py::arg("threads") = 0u, "DERL of every customer (sBG, F&H 2010 eq. 6).");
  m.def(
      "projected_survivors",
      [](const py::object& params, double cohort, std::size_t periods) {
        const auto md = params_from<clv::sbg_params>(params, "sbg");
        py::array_t<double> result(static_cast<py::ssize_t>(periods));
        auto dest = mutable_span(result);
        clv::projected_survivors(md, cohort, dest);
        return result;
      },
      py::arg("params"), py::arg("cohort_size"), py::arg("periods"),
      "out[t] = cohort_size * S(t) for t = 0 .. periods-1.");
  m.def(
      "discounted_expected_lifetime",
      [](const py::object& params, double d) {
        return clv::discounted_expected_lifetime(params_from<clv::sbg_params>(params, "sbg"), d);
      },
      py::arg("params"), py::arg("discount_rate"),
      "DEL (F&H 2010): sum_t S(t) / (1+d)^t of a just-acquired customer, in periods (sBG).");
}

void bind_bg_bb(py::module_& m) {
  bind_params<clv::bg_bb_params>(
      m,
      "BG/BB parameters (Fader, Hardie & Shang 2010): p ~ Beta(alpha, beta), theta ~ "
      "Beta(gamma, delta).");
  bind_fit<clv::bg_bb_params>(m);

  const char* ctx = "bg_bb";
  def_fit<clv::bg_bb_params>(
      m, "fit_bg_bb",
      [ctx](const py::object& x, const py::object& t_x, const py::object& n, const py::object& w,
            const clv::fit_options& o) {
        const input a = get_input(x, ctx, "x"), b = get_input(t_x, ctx, "t_x"), c = get_input(n, ctx, "n"),
                    d = get_input(w, ctx, "weights");
        py::gil_scoped_release release;
        return clv::fit_bg_bb(a.col(), b.col(), c.col(), d.col(), o);
      },
      "fit_bg_bb(x, t_x, n, weights=1.0, *, options) -> bg_bb_fit: alpha, beta, gamma, delta by maximum "
      "likelihood on customers or weighted patterns (float64 arrays or numbers).",
      py::arg("x"), py::arg("t_x"), py::arg("n"), py::arg("weights") = 1.0);
  m.def(
      "probability_alive",
      [ctx](const py::object& params, const py::object& x, const py::object& t_x, const py::object& n,
            const py::object& out, unsigned threads) {
        const auto md = params_from<clv::bg_bb_params>(params, ctx);
        const input a = get_input(x, ctx, "x"), b = get_input(t_x, ctx, "t_x"), c = get_input(n, ctx, "n");
        auto result = get_output(out, customer_count({&a, &b, &c}, out, ctx), ctx);
        auto dest = mutable_span(result);
        {
          py::gil_scoped_release release;
          clv::probability_alive(md, a.col(), b.col(), c.col(), dest, run(threads));
        }
        return result;
      },
      py::arg("params"), py::arg("x"), py::arg("t_x"), py::arg("n"), py::arg("out") = py::none(),
      py::arg("threads") = 0u, "P(alive at n+1 | x, t_x, n) for every customer (BG/BB).");
  m.def(
      "conditional_expected_purchases",
      [ctx](const py::object& params, const py::object& x, const py::object& t_x, const py::object& n,
            const py::object& n_star, const py::object& out, unsigned threads) {
        const auto md = params_from<clv::bg_bb_params>(params, ctx);
        const input a = get_input(x, ctx, "x"), b = get_input(t_x, ctx, "t_x"), c = get_input(n, ctx, "n"),
                    d = get_input(n_star, ctx, "n_star");
        auto result = get_output(out, customer_count({&a, &b, &c, &d}, out, ctx), ctx);
        auto dest = mutable_span(result);
        {
          py::gil_scoped_release release;
          clv::conditional_expected_purchases(md, a.col(), b.col(), c.col(), d.col(), dest, run(threads));
        }
        return result;
      },
      py::arg("params"), py::arg("x"), py::arg("t_x"), py::arg("n"), py::arg("n_star"),
      py::arg("out") = py::none(), py::arg("threads") = 0u,
      "E[X(n, n+n_star) | x, t_x, n] for every customer (BG/BB).");
  m.def(
      "discounted_expected_residual_transactions",
      [ctx](const py::object& params, double dr, const py::object& x, const py::object& t_x,
            const py::object& n, const py::object& out, unsigned threads) {
        const auto md = params_from<clv::bg_bb_params>(params, ctx);
        const input a = get_input(x, ctx, "x"), b = get_input(t_x, ctx, "t_x"), c = get_input(n, ctx, "n");
        auto result = get_output(out, customer_count({&a, &b, &c}, out, ctx), ctx);
        auto dest = mutable_span(result);
        {
          py::gil_scoped_release release;
          clv::discounted_expected_residual_transactions(md, dr, a.col(), b.col(), c.col(), dest,
                                                         run(threads));
        }
        return result;
      },
      py::arg("params"), py::arg("discount_rate"), py::arg("x"), py::arg("t_x"), py::arg("n"),
      py::arg("out") = py::none(), py::arg("threads") = 0u, "DERT for every customer (BG/BB).");
  m.def(
      "log_likelihood",
      [ctx](const clv::bg_bb_params& params, const py::object& x, const py::object& t_x, const py::object& n,
            const py::object& w) {
        const input a = get_input(x, ctx, "x"), b = get_input(t_x, ctx, "t_x"), c = get_input(n, ctx, "n"),
                    d = get_input(w, ctx, "weights");
        py::gil_scoped_release release;
        return clv::log_likelihood(params, a.col(), b.col(), c.col(), d.col());
      },
      py::arg("params"), py::arg("x"), py::arg("t_x"), py::arg("n"), py::arg("weights") = 1.0,
      "Total weighted log-likelihood of (x, t_x, n) histories (BG/BB; numbers are one customer).");
  m.def(
      "probability_of_purchases",
      [ctx](const clv::bg_bb_params& params, const py::object& n, const py::object& x, const py::object& out,
            unsigned threads) {
        const input c = get_input(n, ctx, "n"), a = get_input(x, ctx, "x");
        auto result = get_output(out, customer_count({&c, &a}, out, ctx), ctx);
        auto dest = mutable_span(result);
        {
          py::gil_scoped_release release;
          clv::probability_of_purchases(params, c.col(), a.col(), dest, run(threads));
        }
        return result;
      },
      py::arg("params"), py::arg("n"), py::arg("x"), py::arg("out") = py::none(), py::arg("threads") = 0u,
      "P(X(n) = x) of a new customer for every (n, x) (BG/BB).");
  m.def(
      "expected_purchases",
      [ctx](const py::object& params, const py::object& n, const py::object& out, unsigned threads) {
        const auto md = params_from<clv::bg_bb_params>(params, ctx);
        const input c = get_input(n, ctx, "n");
        auto result = get_output(out, customer_count({&c}, out, ctx), ctx);
        auto dest = mutable_span(result);
        {
          py::gil_scoped_release release;
          clv::expected_purchases(md, c.col(), dest, run(threads));
        }
        return result;
      },
      py::arg("params"), py::arg("n"), py::arg("out") = py::none(), py::arg("threads") = 0u,
      "E[X(n)] for every value of n (BG/BB).");
}

}  // namespace

PYBIND11_MODULE(_northstar, m) {
  m.doc() = "northstar: OKR scoring and customer lifetime value (C++ core, numpy in and out, zero-copy).";
  m.attr("__version__") = std::to_string(NORTHSTAR_VERSION_MAJOR) + "." +
                          std::to_string(NORTHSTAR_VERSION_MINOR) + "." +
                          std::to_string(NORTHSTAR_VERSION_PATCH);

  static py::exception<northstar::error> error_type(m, "Error", PyExc_RuntimeError);
  error_type.doc() =
      "A northstar error: the message names the argument, the index and the value; .code is "
      "the stable northstar::errc value, .code_name its name.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const northstar::error& e) {
      py::object inst = py::reinterpret_borrow<py::object>(error_type.ptr())(e.what());
      inst.attr("code") = static_cast<int>(e.code());
      inst.attr("code_name") = std::string(northstar::to_string(e.code()));
      PyErr_SetObject(error_type.ptr(), inst.ptr());
    }
  });

  py::module_ c = m.def_submodule("clv",
                                  "Customer lifetime value: closed forms, aggregates, sBG, BG/BB, summaries, "
                                  "BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma and the simulator.");

  py::class_<clv::fit_report>(c, "fit_report", "What a fit did.")
      .def_readonly("converged", &clv::fit_report::converged, "Gradient criterion met.")
      .def_readonly("iterations", &clv::fit_report::iterations, "L-BFGS iterations.")
      .def_readonly("gradient_norm", &clv::fit_report::gradient_norm, "Final gradient norm.")
      .def_readonly("log_likelihood", &clv::fit_report::log_likelihood, "At the estimate, without penalty.")
      .def_readonly("reason", &clv::fit_report::reason, "How it ended, in words.")
      .def("__repr__", [](const clv::fit_report& r) {
        return std::string("fit_report(converged=") + (r.converged ? "True" : "False") +
               ", iterations=" + std::to_string(r.iterations) +
               ", gradient_norm=" + repr_number(r.gradient_norm) +
               ", log_likelihood=" + repr_number(r.log_likelihood) +
               ", reason=" + py::repr(py::str(r.reason)).cast<std::string>() + ")";
      });
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

  bind_clv_models(c);
  bind_sbg(c);
  bind_bg_bb(c);
  register_model<clv::sbg_params>(c);
  register_model<clv::bg_bb_params>(c);
  py::module_ o = m.def_submodule("okr", "OKR sets: JSON in, evaluation report out (see northstar.okr).");
  bind_okr(o);

  // For bench/python_overhead.py: the C++ kernel timed inside C++ (best of
  // `repeat`), to compare with the same call timed from Python.
  py::module_ b = m.def_submodule("_bench", "Benchmark helpers (not part of the API).");
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
