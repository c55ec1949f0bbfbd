// The Python side of the model layer (northstar/clv/fit.hpp), generated from
// each model's descriptor: the <model>_params class, the <model>_fit class, the
// fit_<model> function with the keyword options every fit takes, and the entry
// of the registry northstar.clv.models.
#pragma once

#include "arrays.hpp"

#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace northstar_python {

inline std::string repr_number(double v) {
  return py::repr(py::float_(v)).cast<std::string>();
}

template <clv::model_parameters P>
std::string model_name() {
  return std::string(clv::model_descriptor<P>::name);
}

template <clv::model_parameters P>
std::string params_repr(const P& p) {
  using D = clv::model_descriptor<P>;
  const auto v = clv::to_array(p);
  std::string s = model_name<P>() + "_params(";
  for (std::size_t k = 0; k < v.size(); ++k)
    s += (k ? ", " : "") + std::string(D::parameter_names[k]) + "=" + repr_number(v[k]);
  return s + ")";
}

template <clv::model_parameters P>
py::tuple params_tuple(const P& p) {
  const auto v = clv::to_array(p);
  py::tuple t(v.size());
  for (std::size_t k = 0; k < v.size(); ++k) t[k] = py::float_(v[k]);
  return t;
}

template <clv::model_parameters P, std::size_t... I>
void def_params_init(py::class_<P>& c, std::index_sequence<I...>) {
  using D = clv::model_descriptor<P>;
  c.def(py::init([](decltype((void)I, 0.0)... v) {
          const std::array<double, sizeof...(I)> a{v...};
          return clv::from_array<P>(a);
        }),
        (py::arg(D::parameter_names[I].data()) = 1.0)...,
        "The parameters in this order (not validated here: every function using them does).");
}

/// The Python class <model>_params: fields in the descriptor's order, to_tuple,
/// pickle, repr, ==.
template <clv::model_parameters P>
void bind_params(py::module_& m, const char* doc) {
  using D = clv::model_descriptor<P>;
  constexpr std::size_t n = clv::parameter_count<P>;
  py::class_<P> c(m, (model_name<P>() + "_params").c_str(), doc);
  def_params_init(c, std::make_index_sequence<n>{});
  py::tuple names(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto mp = D::members[k];
    const std::string name(D::parameter_names[k]);
    names[k] = py::str(name);
    c.def_property(
        name.c_str(), [mp](const P& p) { return p.*mp; }, [mp](P& p, double v) { p.*mp = v; },
        ("Parameter " + name + ".").c_str());
  }
  c.attr("parameter_names") = names;
  c.def("__repr__", &params_repr<P>);
  c.def("__eq__", [](const P& a, const P& b) { return clv::to_array(a) == clv::to_array(b); });
  c.def("to_tuple", &params_tuple<P>, "The parameters as a tuple, in constructor order.");
  c.def(py::pickle(&params_tuple<P>, [](const py::tuple& t) {
    if (t.size() != n) throw std::runtime_error(model_name<P>() + "_params: bad pickle state");
    std::array<double, n> a{};
    for (std::size_t k = 0; k < n; ++k) a[k] = t[k].cast<double>();
    return clv::from_array<P>(a);
  }));
}

/// The Python class <model>_fit (clv::fit_result<P>).
template <clv::model_parameters P>
void bind_fit(py::module_& m) {
  using F = clv::fit_result<P>;
  const std::string nm = model_name<P>();
  py::class_<F>(m, (nm + "_fit").c_str(),
                ("The result of fit_" + nm + ": estimate, standard errors, covariance and report.").c_str())
      .def_readonly("params", &F::params, "The (penalised) maximum-likelihood estimate.")
      .def_readonly("standard_errors", &F::standard_errors,
                    "Standard errors: sqrt of the covariance's diagonal (NaN if the Hessian is singular).")
      .def_property_readonly(
          "covariance",
          [](const F& f) {
            const auto n = static_cast<py::ssize_t>(F::size);
            py::array_t<double> a(std::vector<py::ssize_t>{n, n});
            std::copy(f.covariance.begin(), f.covariance.end(), a.mutable_data());
            return a;
          },
          "Covariance of the estimates (N x N float64 array, parameters in the order of params).")
      .def_readonly("report", &F::report, "Convergence, iterations and log-likelihood (without penalty).")
      .def_readonly("patterns", &F::patterns, "Rows the likelihood was evaluated on (distinct patterns).")
      .def("__repr__", [nm](const F& f) {
        return nm + "_fit(params=" + params_repr(f.params) +
               ", log_likelihood=" + repr_number(f.report.log_likelihood) +
               ", converged=" + (f.report.converged ? "True" : "False") +
               ", patterns=" + std::to_string(f.patterns) + ")";
      });
}

inline clv::fit_options fit_options_from(const std::string& ctx, const py::object& start, double l2_penalty,
                                         const std::string& penalty, int max_iterations,
                                         double gradient_tolerance, unsigned threads, bool throw_on_failure) {
  clv::fit_options o;
  if (!start.is_none()) {
    if (!py::isinstance<py::sequence>(start) && !py::isinstance<py::array>(start))
      type_error(ctx, "start", "must be a sequence of numbers or None");
    try {
      o.start = start.cast<std::vector<double>>();
    } catch (const py::cast_error&) {
      type_error(ctx, "start", "must be a sequence of numbers or None");
    }
  }
  o.l2_penalty = l2_penalty;
  if (penalty == "lifetimes")
    o.penalty = clv::penalty_convention::lifetimes;
  else if (penalty != "per_weight")
    throw northstar::error(northstar::errc::invalid_argument,
                           ctx + ": penalty = '" + penalty + "': must be 'per_weight' or 'lifetimes'");
  o.max_iterations = max_iterations;
  o.gradient_tolerance = gradient_tolerance;
  o.threads = threads;
  o.throw_on_failure = throw_on_failure;
  return o;
}

inline constexpr const char* fit_options_doc =
    "\n\nOptions (keyword-only, the same for every model): start=None (natural parameters in the order "
    "of params), l2_penalty=0.0 (objective LL - W * l2_penalty * sum(theta^2), W the total weight), "
    "penalty='per_weight' or 'lifetimes' (the objective of the Python package lifetimes), "
    "max_iterations=1000, gradient_tolerance=1e-7, threads=0 (all cores), throw_on_failure=True "
    "(northstar.Error with code not_converged; False: return the fit with report.converged False). "
    "The GIL is released while fitting.";

template <clv::model_parameters P, class Fn, std::size_t... I, class... Data>
void def_fit_impl(py::module_& m, const std::string& name, Fn fn, const std::string& doc,
                  std::index_sequence<I...>, Data... data) {
  const std::string ctx = model_name<P>() + "::fit";
  m.def(
      name.c_str(),
      [fn, ctx](decltype((void)I, py::object())... d, const py::object& start, double l2,
                const std::string& penalty, int max_iterations, double tolerance, unsigned threads,
                bool throw_on_failure) -> clv::fit_result<P> {
        return fn(d..., fit_options_from(ctx, start, l2, penalty, max_iterations, tolerance, threads,
                                         throw_on_failure));
      },
      data..., py::kw_only(), py::arg("start") = py::none(), py::arg("l2_penalty") = 0.0,
      py::arg("penalty") = "per_weight", py::arg("max_iterations") = 1000,
      py::arg("gradient_tolerance") = 1e-7, py::arg("threads") = 0u, py::arg("throw_on_failure") = true,
      (doc + fit_options_doc).c_str());
}

/// Defines the fit function `name` with the data arguments `data` (py::arg,
/// each received as a py::object) followed by the keyword options of every fit;
/// fn(data objects..., const clv::fit_options&) -> clv::fit_result<P> fits.
template <clv::model_parameters P, class Fn, class... Data>
void def_fit(py::module_& m, const std::string& name, Fn fn, const std::string& doc, Data... data) {
  def_fit_impl<P>(m, name, fn, doc, std::index_sequence_for<Data...>{}, data...);
}

inline const char* data_kind_name(clv::data_kind k) {
  switch (k) {
    case clv::data_kind::customer_histories:
      return "customer_histories";
    case clv::data_kind::repeat_spend:
      return "repeat_spend";
    case clv::data_kind::cohort_survivors:
      return "cohort_survivors";
    case clv::data_kind::opportunity_histories:
      return "opportunity_histories";
  }
  return "?";
}

/// Adds the model to the registry m.models (a dict name -> m.model_info), after
/// fit_<model>, <model>_params and <model>_fit are defined.
template <clv::model_parameters P>
void register_model(py::module_& m) {
  using D = clv::model_descriptor<P>;
  if (!py::hasattr(m, "models")) {
    m.attr("model_info") =
        py::module_::import("collections")
            .attr("namedtuple")("model_info", "name parameter_names data fit params fit_result");
    m.attr("model_info").attr("__doc__") =
        "A model of northstar.clv.models: name, parameter_names (in the order of params), data (the kind of "
        "data it is fitted to), fit (fit_<model>), params (<model>_params) and fit_result (<model>_fit).";
    m.attr("models") = py::dict();
  }
  const std::string nm = model_name<P>();
  py::tuple names(D::parameter_names.size());
  for (std::size_t k = 0; k < D::parameter_names.size(); ++k)
    names[k] = py::str(std::string(D::parameter_names[k]));
  m.attr("models")[py::str(nm)] =
      m.attr("model_info")(nm, names, data_kind_name(D::data), m.attr(("fit_" + nm).c_str()),
                           m.attr((nm + "_params").c_str()), m.attr((nm + "_fit").c_str()));
}

}  // namespace northstar_python
