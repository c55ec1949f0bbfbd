// The Python module northstar._northstar (imported as `northstar`): pybind11
// bindings of northstar::clv over numpy arrays, zero-copy (closed forms in
// closed_forms.cpp, the probabilistic models in models.cpp, transaction
// summaries in summaries.cpp, OKR in okr.cpp, the input helpers in
// arrays.hpp, the model-layer templates in model_layer.hpp).
//
// Inputs: a number (broadcast to every customer), a 1-D C-contiguous float64
// numpy array, or anything with .to_numpy() giving one (pandas Series and
// DataFrame columns). Nothing is converted silently: another dtype or a
// strided array is a TypeError naming the argument. Outputs: a new float64
// array, or written in place into `out=` (same rules, writable). The GIL is
// released around every kernel and fit. northstar::error -> northstar.Error
// (message, .code, .code_name).
#include "bindings.hpp"

#include <northstar/northstar.hpp>

#include <pybind11/pybind11.h>

#include <exception>
#include <string>

namespace py = pybind11;

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
  py::module_ o = m.def_submodule("okr", "OKR sets: JSON in, evaluation report out (see northstar.okr).");
  py::module_ b = m.def_submodule("_bench", "Benchmark helpers (not part of the API).");

  // pybind11 tries the overloads of a name (probability_alive, log_likelihood,
  // expected_purchases, ...) in the order they were registered: closed forms,
  // then the models (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma, sBG, BG/BB).
  northstar_python::bind_closed_forms(c, b);
  northstar_python::bind_models(c);
  northstar_python::bind_summaries(c);
  northstar_python::bind_okr(o);
}
