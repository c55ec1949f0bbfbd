// Shared by the binding files of the Python module: how Python objects become
// borrowed northstar inputs and outputs (see module.cpp for the rules).
#pragma once

#include <northstar/northstar.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace northstar_python {

namespace py = pybind11;
namespace clv = northstar::clv;
using northstar::column;

// ------------------------------------------------------------------ inputs

/// A validated input: a borrowed float64 array (kept alive by `array`) or a number.
struct input {
  py::array array;  ///< unused for a number
  double value = 0;
  bool scalar = true;
  [[nodiscard]] bool is_scalar() const { return scalar; }
  [[nodiscard]] std::size_t size() const { return scalar ? 0 : static_cast<std::size_t>(array.size()); }
  [[nodiscard]] const double* data() const { return static_cast<const double*>(array.data()); }
  [[nodiscard]] column<double> col() const {
    return is_scalar() ? column<double>(value) : column<double>(std::span<const double>(data(), size()));
  }
  [[nodiscard]] std::span<const double> span() const { return {data(), size()}; }
};

[[noreturn]] inline void type_error(const std::string& context, const std::string& name,
                                    const std::string& what) {
  throw py::type_error(context + ": " + name + " " + what);
}

inline std::string dtype_name(const py::array& a) {
  return py::str(a.dtype()).cast<std::string>();
}

/// obj as a numpy array without copying (pandas: .to_numpy(), a view for float64).
inline std::optional<py::array> as_array(py::handle obj) {
  if (py::isinstance<py::array>(obj)) return py::reinterpret_borrow<py::array>(obj);
  if (!PyFloat_Check(obj.ptr()) && py::hasattr(obj, "to_numpy")) {
    py::object a = obj.attr("to_numpy")();
    if (py::isinstance<py::array>(a)) return py::reinterpret_borrow<py::array>(a);
  }
  return std::nullopt;
}

/// Checks that a is 1-D, of dtype T and contiguous: else a TypeError naming the argument.
template <class T>
void check_array(const py::array& a, const std::string& context, const std::string& name, const char* want) {
  if (!a.dtype().is(py::dtype::of<T>()))
    type_error(context, name,
               "must have dtype " + std::string(want) + ", got " + dtype_name(a) +
                   " (northstar never converts silently: use .astype(np." + want + "))");
  if (a.ndim() != 1)
    type_error(context, name, "must be 1-D, got " + std::to_string(a.ndim()) + " dimensions");
  if (a.size() > 1 && a.strides(0) != static_cast<py::ssize_t>(sizeof(T)))
    type_error(context, name,
               "must be contiguous (got stride " + std::to_string(a.strides(0)) +
                   " bytes): use np.ascontiguousarray");
}

/// A per-customer input: number or float64 array.
inline input get_input(py::handle obj, const std::string& context, const std::string& name) {
  if (obj.is_none()) type_error(context, name, "is None");
  if (auto a = as_array(obj)) {
    if (a->ndim() == 0 && a->dtype().is(py::dtype::of<double>()))
      return {py::array(), py::cast<double>(a->attr("item")()), true};
    check_array<double>(*a, context, name, "float64");
    return {*a, 0, false};
  }
  if (PyNumber_Check(obj.ptr()) && !py::isinstance<py::bool_>(obj)) {
    const double v = PyFloat_AsDouble(obj.ptr());
    if (v == -1.0 && PyErr_Occurred()) throw py::error_already_set();
    return {py::array(), v, true};
  }
  type_error(context, name,
             "must be a number, a float64 numpy array or a pandas Series, got " +
                 py::str(py::type::of(obj)).cast<std::string>());
}

/// An array-only input (float64).
inline input get_array(py::handle obj, const std::string& context, const std::string& name) {
  input in = get_input(obj, context, name);
  if (in.is_scalar()) type_error(context, name, "must be an array (float64), got a number");
  return in;
}

/// The output: a new float64 array of n, or `out` checked (float64, 1-D, contiguous, writable, size n).
inline py::array_t<double> get_output(const py::object& out, std::size_t n, const std::string& context) {
  if (out.is_none()) return py::array_t<double>(static_cast<py::ssize_t>(n));
  auto a = as_array(out);
  if (!a) type_error(context, "out", "must be a float64 numpy array");
  check_array<double>(*a, context, "out", "float64");
  if (!a->writeable()) type_error(context, "out", "is read-only");
  if (static_cast<std::size_t>(a->size()) != n)
    throw northstar::error(northstar::errc::size_mismatch,
                           context + ": out has " + std::to_string(a->size()) + " elements but there are " +
                               std::to_string(n) + " customers");
  return py::reinterpret_borrow<py::array_t<double>>(*a);
}

inline std::span<double> mutable_span(py::array_t<double>& a) {
  return {static_cast<double*>(a.mutable_data()), static_cast<std::size_t>(a.size())};
}

/// Number of customers: the common length of the array inputs (the C++ call
/// reports mismatches), else out's length, else an error.
inline std::size_t customer_count(std::initializer_list<const input*> ins, const py::object& out,
                                  const std::string& context) {
  for (const input* in : ins)
    if (!in->is_scalar()) return in->size();
  if (!out.is_none()) {
    if (auto a = as_array(out)) return static_cast<std::size_t>(a->size());
  }
  throw northstar::error(northstar::errc::invalid_argument,
                         context + ": every input is a number: give at least one array, or out=");
}

inline clv::run_options run(unsigned threads) {
  clv::run_options r;
  r.threads = threads;
  return r;
}

// ------------------------------------------------------------------ views and (x, t_x, T)

/// A read-only numpy view of a vector owned by the Python object `owner`.
template <class T>
py::array view_of(const py::object& owner, const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()), v.data(), owner);
  a.attr("setflags")(py::arg("write") = false);
  return a;
}

/// Adds to cls the read-only property `name`: a numpy view (view_of) of the
/// vector `member` of the bound object.
template <class C, class M>
py::class_<C>& def_view(py::class_<C>& cls, const char* name, M C::*member, const char* doc) {
  return cls.def_property_readonly(
      name, [member](py::object s) { return view_of(s, s.cast<const C&>().*member); }, doc);
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

inline rfm_in get_rfm(const py::object& f, const py::object& r, const py::object& a, const py::object& w,
                      const std::string& ctx) {
  rfm_in in{
      get_array(f, ctx, "frequency"), get_array(r, ctx, "recency"), get_array(a, ctx, "age"), {}, false};
  if (!w.is_none()) {
    in.weight = get_array(w, ctx, "weight");
    in.has_weight = true;
  }
  return in;
}

}  // namespace northstar_python
