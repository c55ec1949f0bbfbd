// northstar.clv, probabilistic models: BG/NBD, MBG/NBD, Pareto/NBD,
// Gamma-Gamma, sBG and BG/BB (params, fit, every function of each), the fit
// report, discounting conventions, model-based CLV, the seeded simulator and
// the registry clv.models. Same input rules as module.cpp: zero-copy float64
// arrays, a wrong dtype is a TypeError naming the argument, outputs new or
// written into `out=`, the GIL released around every kernel and fit.
#include "arrays.hpp"
#include "bindings.hpp"
#include "model_layer.hpp"

#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace northstar_python {
namespace {

// ------------------------------------------------------------------ helpers

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

// ------------------------------------------------------------------ BG/NBD, MBG/NBD, Pareto/NBD

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
  py::class_<SC> sim(m, "simulated_customers", "Customers drawn by simulate_bg_nbd: read-only numpy views.");
  def_view(sim, "frequency", &SC::frequency, "x.");
  def_view(sim, "recency", &SC::recency, "t_x.");
  def_view(sim, "age", &SC::age, "T.");
  def_view(sim, "mean_spend", &SC::mean_spend, "zbar (empty unless spend was given; 0 when x = 0).");
  def_view(sim, "alive", &SC::alive, "1 if the customer is alive at T (uint8).");
  sim.def("__len__", [](const SC& s) { return s.frequency.size(); });
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

// ------------------------------------------------------------------ sBG, BG/BB

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

void bind_models(py::module_& m) {
  // In this order: pybind11 tries the overloads of a name shared by several
  // models (probability_alive, log_likelihood, ...) in registration order.
  py::class_<clv::fit_report>(m, "fit_report", "What a fit did.")
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
  register_model<clv::bg_nbd_params>(m);
  register_model<clv::mbg_nbd_params>(m);
  register_model<clv::pareto_nbd_params>(m);
  register_model<clv::gamma_gamma_params>(m);
  bind_sbg(m);
  bind_bg_bb(m);
  register_model<clv::sbg_params>(m);
  register_model<clv::bg_bb_params>(m);
}

}  // namespace northstar_python
