// C API: the four closed-form CLV formulas (evaluate and aggregate).
#include "boundary.hpp"

#include <northstar/clv/closed_form.hpp>
#include <northstar/clv/reductions.hpp>

#include <algorithm>

namespace northstar::c_api {
namespace {

using clv::basic_clv;
using clv::margin_clv;
using clv::repurchase_clv;
using clv::retention_clv;

// C formula structs -> C++ formulas over n customers.
basic_clv<double> to_formula(const northstar_clv_basic& f, std::size_t n) {
  constexpr std::string_view c = basic_clv<double>::name;
  return {to_column(f.average_order_value, n, c, "average_order_value.data"),
          to_column(f.purchase_frequency, n, c, "purchase_frequency.data"),
          to_column(f.lifespan, n, c, "lifespan.data")};
}
margin_clv<double> to_formula(const northstar_clv_margin& f, std::size_t n) {
  constexpr std::string_view c = margin_clv<double>::name;
  return {to_column(f.average_order_value, n, c, "average_order_value.data"),
          to_column(f.gross_margin, n, c, "gross_margin.data"),
          to_column(f.purchase_frequency, n, c, "purchase_frequency.data"),
          to_column(f.lifespan, n, c, "lifespan.data"),
          to_column(f.acquisition_cost, n, c, "acquisition_cost.data")};
}
repurchase_clv<double> to_formula(const northstar_clv_repurchase& f, std::size_t n) {
  constexpr std::string_view c = repurchase_clv<double>::name;
  return {to_column(f.revenue, n, c, "revenue.data"),
          to_column(f.repurchase_rate, n, c, "repurchase_rate.data"),
          to_column(f.acquisition_cost, n, c, "acquisition_cost.data")};
}
retention_clv<double> to_formula(const northstar_clv_retention& f, std::size_t n) {
  constexpr std::string_view c = retention_clv<double>::name;
  if (f.timing != NORTHSTAR_END_OF_PERIOD && f.timing != NORTHSTAR_START_OF_PERIOD)
    northstar::detail::fail_element(errc::invalid_argument, c, "timing", 0, static_cast<double>(f.timing),
                                    "must be NORTHSTAR_END_OF_PERIOD (0) or NORTHSTAR_START_OF_PERIOD (1)");
  return {to_column(f.margin, n, c, "margin.data"),
          to_column(f.retention, n, c, "retention.data"),
          to_column(f.discount_rate, n, c, "discount_rate.data"),
          to_column(f.horizon, n, c, "horizon.data"),
          to_column(f.acquisition_cost, n, c, "acquisition_cost.data"),
          f.timing == NORTHSTAR_START_OF_PERIOD ? clv::margin_timing::start_of_period
                                                : clv::margin_timing::end_of_period};
}

// Every formula's evaluate: one template, one line per formula below.
template <class CFormula>
northstar_status evaluate(const CFormula* f, std::size_t n, const northstar_run_options* opt, double* out) {
  return guard([&] {
    require(f, "northstar_clv_evaluate", "f");
    const auto formula = to_formula(*f, n);
    clv::evaluate(formula, output(out, n, decltype(formula)::name, "out"), to_run_options(opt));
  });
}

template <class CFormula>
northstar_status aggregate(const CFormula* f, std::size_t n, const northstar_aggregate_request* req,
                           const northstar_run_options* opt, northstar_aggregates* out) {
  return guard([&] {
    require(f, "northstar_clv_aggregate", "f");
    require(out, "northstar_clv_aggregate", "out");
    const auto formula = to_formula(*f, n);
    constexpr std::string_view c = decltype(formula)::name;
    // As in C++, at least one input must be an array (else: invalid_argument).
    clv::aggregate_request r;
    if (req != nullptr) {
      const auto q = array(req->quantiles, req->quantile_count, c, "req->quantiles");
      r.quantiles.assign(q.begin(), q.end());
      r.top = std::min(req->top, n);  // never reserve more than there are customers
      if (req->segments != nullptr || req->segment_count > 0) {
        if (n > 0) require(req->segments, c, "req->segments");
        r.segments = {req->segments, req->segments == nullptr ? 0 : n};
        r.segment_count = req->segment_count;
      }
      if (!r.quantiles.empty()) require(out->quantiles, c, "out->quantiles");
      if (r.top > 0) {
        require(out->top_index, c, "out->top_index");
        require(out->top_value, c, "out->top_value");
      }
      if (r.segment_count > 0) {
        require(out->segment_totals, c, "out->segment_totals");
        require(out->segment_counts, c, "out->segment_counts");
      }
    }
    const clv::aggregates s = clv::aggregate(formula, r, to_run_options(opt));
    out->count = s.count;
    out->total = s.total;
    out->mean = s.mean;
    out->min = s.min;
    out->max = s.max;
    std::copy(s.quantiles.begin(), s.quantiles.end(), out->quantiles);
    out->top_count = s.top.size();
    for (std::size_t i = 0; i < s.top.size(); ++i) {
      out->top_index[i] = s.top[i].index;
      out->top_value[i] = s.top[i].value;
    }
    std::copy(s.segment_totals.begin(), s.segment_totals.end(), out->segment_totals);
    std::copy(s.segment_counts.begin(), s.segment_counts.end(), out->segment_counts);
  });
}

}  // namespace
}  // namespace northstar::c_api

using northstar::c_api::evaluate;
using northstar::c_api::aggregate;

extern "C" {

northstar_status northstar_clv_basic_evaluate(const northstar_clv_basic* f, size_t n,
                                              const northstar_run_options* opt, double* out) {
  return evaluate(f, n, opt, out);
}
northstar_status northstar_clv_margin_evaluate(const northstar_clv_margin* f, size_t n,
                                               const northstar_run_options* opt, double* out) {
  return evaluate(f, n, opt, out);
}
northstar_status northstar_clv_repurchase_evaluate(const northstar_clv_repurchase* f, size_t n,
                                                   const northstar_run_options* opt, double* out) {
  return evaluate(f, n, opt, out);
}
northstar_status northstar_clv_retention_evaluate(const northstar_clv_retention* f, size_t n,
                                                  const northstar_run_options* opt, double* out) {
  return evaluate(f, n, opt, out);
}

northstar_status northstar_clv_basic_aggregate(const northstar_clv_basic* f, size_t n,
                                               const northstar_aggregate_request* req,
                                               const northstar_run_options* opt, northstar_aggregates* out) {
  return aggregate(f, n, req, opt, out);
}
northstar_status northstar_clv_margin_aggregate(const northstar_clv_margin* f, size_t n,
                                                const northstar_aggregate_request* req,
                                                const northstar_run_options* opt, northstar_aggregates* out) {
  return aggregate(f, n, req, opt, out);
}
northstar_status northstar_clv_repurchase_aggregate(const northstar_clv_repurchase* f, size_t n,
                                                    const northstar_aggregate_request* req,
                                                    const northstar_run_options* opt,
                                                    northstar_aggregates* out) {
  return aggregate(f, n, req, opt, out);
}
northstar_status northstar_clv_retention_aggregate(const northstar_clv_retention* f, size_t n,
                                                   const northstar_aggregate_request* req,
                                                   const northstar_run_options* opt, northstar_aggregates* out) {
  return aggregate(f, n, req, opt, out);
}

}  // extern "C"
