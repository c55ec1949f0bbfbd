// The bind functions of the Python module, one per binding file, called by
// PYBIND11_MODULE in module.cpp in the order that fixes pybind11's overload
// resolution (see there).
#pragma once

#include <pybind11/pybind11.h>

namespace northstar_python {

/// The closed-form CLV formulas, evaluate, aggregate and total into `clv`; the
/// C++-timed kernel into `bench` (closed_forms.cpp).
void bind_closed_forms(pybind11::module_& clv_module, pybind11::module_& bench_module);
/// The probabilistic models (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma, sBG,
/// BG/BB), fit_report, discounting, model-based CLV, the simulator and the
/// registry clv.models into `clv` (models.cpp).
void bind_models(pybind11::module_& clv_module);
/// Transaction summaries (arrays and CSV), dates, compress into `clv` (summaries.cpp).
void bind_summaries(pybind11::module_& clv_module);
/// northstar.okr (okr.cpp).
void bind_okr(pybind11::module_& okr_module);

}  // namespace northstar_python
