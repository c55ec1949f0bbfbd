// Fuzz target: the C API entry points (closed forms, aggregates, sBG, BG/BB).
// The bytes choose a call, a customer count, each input as a scalar, an array
// or a NULL array, values (raw bit patterns: NaN, inf, denormals, negatives, or
// values in the valid range), run options (NULL, threads, fused validation)
// and NULL pointers wherever the header allows them. Checked: no crash, a
// status from the header's list, the last-error text set exactly on failure,
// outputs untouched on failure (upfront validation), and the documented ranges
// of successful sBG / BG/BB results.
#include "fuzz_input.hpp"

#include <northstar/northstar.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <vector>

namespace {

using northstar_fuzz::input;
using northstar_fuzz::violated;

constexpr double sentinel = -7.25e123;

/// Per-call state: buffers that outlive the call (columns point into them).
struct call {
  input& in;
  std::size_t n = 0;
  std::vector<std::vector<double>> arrays;

  /// A value: raw bits (1 in 4) or in [lo, hi].
  double value(double lo, double hi) {
    return northstar_fuzz::note("value", in.byte() % 4 == 0 ? in.raw() : in.uniform(lo, hi));
  }
  /// A whole number in [0, hi] (or, 1 in 8, raw).
  double count(std::size_t hi) {
    return northstar_fuzz::note("count", in.byte() % 8 == 0 ? in.raw() : in.whole(hi));
  }

  northstar_column column(double lo, double hi, bool whole = false) {
    switch (in.byte() % 4) {
      case 0:
        return northstar_scalar(whole ? count(static_cast<std::size_t>(hi)) : value(lo, hi));
      case 1:
        return northstar_array(nullptr);  // NULL array: an error when n > 0
      default: {
        auto& a = arrays.emplace_back(n);
        for (auto& v : a) v = whole ? count(static_cast<std::size_t>(hi)) : value(lo, hi);
        return northstar_array(a.data());
      }
    }
  }
  const double* array(double lo, double hi, bool whole, std::size_t size) {
    if (in.byte() % 8 == 0) return nullptr;
    auto& a = arrays.emplace_back(size);
    for (auto& v : a) v = whole ? count(static_cast<std::size_t>(hi)) : value(lo, hi);
    return a.data();
  }
};

/// Run options: NULL or a struct (kept alive by the caller).
const northstar_run_options* run_options(input& in, northstar_run_options& storage) {
  const std::uint8_t b = in.byte();
  if (b % 3 == 0) return nullptr;
  storage.threads = b / 3 % 5;
  storage.fused_validation = b % 3 == 2 ? 1 : 0;
  return &storage;
}

bool upfront(const northstar_run_options* opt) {
  return opt == nullptr || opt->fused_validation == 0;
}

void check_status(northstar_status s) {
  const int v = static_cast<int>(s);
  if (!((v >= 0 && v <= 8) || v == 100)) violated("status from the documented list", v);
  const char* text = northstar_last_error();
  if (text == nullptr) violated("last error is never NULL");
  if ((s == NORTHSTAR_OK) != (text[0] == '\0')) violated("last error set exactly on failure", v);
  if (v == NORTHSTAR_INTERNAL) violated("NORTHSTAR_INTERNAL (a bug)", v);
}

/// Output buffer of n values filled with the sentinel (or NULL, 1 in 8).
double* output(input& in, std::vector<double>& buf, std::size_t n) {
  buf.assign(n, sentinel);
  return in.byte() % 8 == 0 ? nullptr : buf.data();
}

void check_untouched(northstar_status s, const northstar_run_options* opt, const std::vector<double>& out) {
  if (s == NORTHSTAR_OK || !upfront(opt)) return;
  for (std::size_t i = 0; i < out.size(); ++i)
    if (std::memcmp(&out[i], &sentinel, sizeof sentinel) != 0)
      violated("output untouched on failure", out[i], i);
}

void check_range(northstar_status s, const std::vector<double>& out, double lo, double hi, const char* what) {
  if (s != NORTHSTAR_OK) return;
  for (std::size_t i = 0; i < out.size(); ++i)
    if (!(out[i] >= lo && out[i] <= hi)) violated(what, out[i], i);
}

void closed_form(input& in, std::size_t which) {
  call c{in, in.range(0, 40), {}};
  northstar_run_options ro;
  const auto* opt = run_options(in, ro);
  std::vector<double> out;
  northstar_status s = NORTHSTAR_OK;
  const bool do_aggregate = in.byte() % 2 == 0;
  northstar_clv_basic b{c.column(0, 100), c.column(0, 10), c.column(0, 10)};
  northstar_clv_margin m{c.column(0, 100), c.column(-1, 1), c.column(0, 10), c.column(0, 10),
                         c.column(0, 50)};
  northstar_clv_repurchase r{c.column(0, 100), c.column(0, 1), c.column(0, 50)};
  northstar_clv_retention t{c.column(-50, 100),    c.column(0, 1),  c.column(-0.5, 0.5),
                            c.column(0, 40, true), c.column(0, 50), static_cast<int>(in.byte() % 3)};
  if (in.byte() % 4 == 0) t.horizon = northstar_scalar(INFINITY);
  if (!do_aggregate) {
    double* o = output(in, out, c.n);
    const bool null_formula = in.byte() % 16 == 0;
    switch (which) {
      case 0:
        s = northstar_clv_basic_evaluate(null_formula ? nullptr : &b, c.n, opt, o);
        break;
      case 1:
        s = northstar_clv_margin_evaluate(null_formula ? nullptr : &m, c.n, opt, o);
        break;
      case 2:
        s = northstar_clv_repurchase_evaluate(null_formula ? nullptr : &r, c.n, opt, o);
        break;
      default:
        s = northstar_clv_retention_evaluate(null_formula ? nullptr : &t, c.n, opt, o);
        break;
    }
    check_status(s);
    check_untouched(s, opt, out);
    // Valid inputs give a number: inf only beyond double's range, never NaN.
    if (s == NORTHSTAR_OK)
      for (std::size_t i = 0; i < out.size() && o != nullptr; ++i)
        if (std::isnan(out[i])) violated("closed-form CLV is not NaN", out[i], i);
    return;
  }
  // Aggregate: a request (or NULL) and caller buffers sized as the request says.
  northstar_aggregate_request req{};
  std::vector<double> q, q_out, top_value, seg_totals;
  std::vector<std::size_t> top_index, seg_counts;
  std::vector<std::uint32_t> segments;
  const bool with_req = in.byte() % 3 != 0;
  if (with_req) {
    q.resize(in.range(0, 4));
    for (auto& v : q) v = c.value(0, 1);
    req.quantiles = q.empty() && in.byte() % 2 ? nullptr : q.data();
    req.quantile_count = q.size();
    req.top = in.range(0, 8);
    req.segment_count = in.range(0, 5);
    if (req.segment_count > 0 || in.byte() % 4 == 0) {
      segments.resize(c.n);
      for (auto& v : segments) v = static_cast<std::uint32_t>(in.range(0, req.segment_count + 1));
      req.segments = in.byte() % 8 == 0 ? nullptr : segments.data();
    }
  }
  northstar_aggregates agg{};
  q_out.resize(req.quantile_count);
  top_index.resize(std::min(req.top, c.n));
  top_value.resize(top_index.size());
  seg_totals.resize(req.segment_count);
  seg_counts.resize(req.segment_count);
  agg.quantiles = q_out.data();
  agg.top_index = top_index.data();
  agg.top_value = top_value.data();
  agg.segment_totals = seg_totals.data();
  agg.segment_counts = seg_counts.data();
  const auto* rq = with_req ? &req : nullptr;
  auto* ao = in.byte() % 16 == 0 ? nullptr : &agg;
  switch (which) {
    case 0:
      s = northstar_clv_basic_aggregate(&b, c.n, rq, opt, ao);
      break;
    case 1:
      s = northstar_clv_margin_aggregate(&m, c.n, rq, opt, ao);
      break;
    case 2:
      s = northstar_clv_repurchase_aggregate(&r, c.n, rq, opt, ao);
      break;
    default:
      s = northstar_clv_retention_aggregate(&t, c.n, rq, opt, ao);
      break;
  }
  check_status(s);
  if (s == NORTHSTAR_OK) {
    if (agg.count != c.n) violated("aggregate count = n", static_cast<double>(agg.count));
    if (agg.top_count != top_index.size())
      violated("top_count = min(top, n)", static_cast<double>(agg.top_count));
    for (std::size_t i = 0; i < agg.top_count; ++i)
      if (top_index[i] >= c.n) violated("top index < n", static_cast<double>(top_index[i]), i);
    // Quantiles lie in [min, max]; NaN only between -inf and +inf (no value defined).
    if (ao != nullptr && c.n > 0)
      for (std::size_t j = 0; j < req.quantile_count; ++j) {
        const double v = q_out[j];
        const bool undefined = std::isinf(agg.min) && std::isinf(agg.max) && agg.min < 0 && agg.max > 0;
        if (!(v >= agg.min && v <= agg.max) && !(std::isnan(v) && undefined))
          violated("quantile in [min, max]", v, j);
      }
    std::size_t counted = 0;
    for (auto k : seg_counts) counted += k;
    if (req.segment_count > 0 && counted != c.n)
      violated("segment counts sum to n", static_cast<double>(counted));
  }
}

/// The penalty options of a fit: mostly valid, sometimes out of range (an
/// unknown convention, a negative, infinite or NaN l2_penalty), 1 or 2 threads.
void vary_fit_options(input& in, northstar_fit_options& fo) {
  static constexpr double penalties[] = {0, 0, 0.001, 0.1, -1, HUGE_VAL, NAN};
  fo.l2_penalty = penalties[in.byte() % std::size(penalties)];
  fo.penalty = static_cast<int>(in.byte() % 5) - 1;  // -1 and 3 are invalid
  fo.threads = 1 + in.byte() % 2;
}

/// The standard errors and covariance of a model (statuses se_s, cov_s, each
/// checked by the caller right after its call) agree: when both were read and
/// the standard errors are finite, the covariance is symmetric with the
/// squared standard errors on its diagonal.
void check_estimates(northstar_status se_s, const double* se, northstar_status cov_s, const double* cov,
                     std::size_t k) {
  if (se_s != NORTHSTAR_OK || cov_s != NORTHSTAR_OK) return;
  for (std::size_t i = 0; i < k; ++i) {
    if (!std::isfinite(se[i])) continue;
    if (!(std::fabs(cov[i * k + i] - se[i] * se[i]) <= 1e-12 * se[i] * se[i]))
      violated("covariance diagonal = squared standard error", cov[i * k + i]);
    for (std::size_t j = 0; j < k; ++j)
      if (!(cov[i * k + j] == cov[j * k + i] ||
            std::fabs(cov[i * k + j] - cov[j * k + i]) <=
                1e-12 * std::fmax(std::fabs(cov[i * k + j]), std::fabs(cov[j * k + i]))))
        violated("covariance symmetric", cov[i * k + j]);
  }
}

void sbg(input& in) {
  northstar_sbg* model = nullptr;
  northstar_status s;
  if (in.byte() % 4 == 0) {  // fit to a small cohort
    call c{in, in.range(0, 8), {}};
    std::vector<double> surv(c.n);
    double level = c.value(1, 1000);
    for (auto& v : surv) {
      v = level;
      level = in.byte() % 8 == 0 ? c.value(0, 1000) : level * in.uniform(0.3, 1.0);
    }
    northstar_fit_options fo = northstar_fit_options_default();
    fo.max_iterations = static_cast<int>(in.range(0, 200)) - 1;
    fo.throw_on_failure = in.byte() % 2;
    vary_fit_options(in, fo);
    s = northstar_sbg_fit(in.byte() % 16 == 0 ? nullptr : surv.data(), surv.size(),
                          in.byte() % 2 ? nullptr : &fo, &model);
  } else {
    call c{in, 0, {}};
    s = northstar_sbg_create(c.value(0.01, 20), c.value(0.01, 20), in.byte() % 16 == 0 ? nullptr : &model);
  }
  check_status(s);
  if (s != NORTHSTAR_OK && model != nullptr) violated("no model on failure");
  const northstar_sbg* m = in.byte() % 16 == 0 ? nullptr : model;
  for (int k = 0; k < 3 && in.remaining() > 0; ++k) {
    call c{in, in.range(0, 24), {}};
    northstar_run_options ro;
    const auto* opt = run_options(in, ro);
    const double* t = c.array(0, 60, true, c.n);
    std::vector<double> out;
    double* o = output(in, out, c.n);
    const double d = c.value(0.001, 1);
    switch (in.byte() % 5) {
      case 0:
        s = northstar_sbg_survival(m, t, c.n, opt, o);
        check_status(s);
        check_range(s, out, 0, 1, "sbg survival in [0, 1]");
        break;
      case 1:
        s = northstar_sbg_churn_probability(m, t, c.n, opt, o);
        check_status(s);
        check_range(s, out, 0, 1, "sbg churn probability in [0, 1]");
        break;
      case 2:
        s = northstar_sbg_retention_rate(m, t, c.n, opt, o);
        check_status(s);
        check_range(s, out, 0, 1, "sbg retention rate in [0, 1]");
        break;
      case 3:
        s = northstar_sbg_discounted_expected_residual_lifetime(m, d, t, c.n, opt, o);
        check_status(s);
        check_range(s, out, 0, HUGE_VAL, "sbg DERL >= 0");  // inf: d -> 0
        break;
      default: {
        double del = sentinel;
        s = northstar_sbg_discounted_expected_lifetime(m, d, in.byte() % 16 == 0 ? nullptr : &del);
        check_status(s);
        // inf allowed: DEL diverges as d -> 0 when alpha <= 1 (d may be denormal here).
        if (s == NORTHSTAR_OK && !(del >= 1.0)) violated("sbg DEL >= 1", del);
        break;
      }
    }
    check_untouched(s, opt, out);
  }
  double p[2], se[2], cov[4];
  northstar_fit_report rep;
  check_status(northstar_sbg_parameters(m, in.byte() % 8 ? p : nullptr));
  const northstar_status se_s = northstar_sbg_standard_errors(m, in.byte() % 8 ? se : nullptr);
  check_status(se_s);
  const northstar_status cov_s = northstar_sbg_covariance(m, in.byte() % 8 ? cov : nullptr);
  check_status(cov_s);
  check_estimates(se_s, se, cov_s, cov, 2);
  check_status(northstar_sbg_report(m, in.byte() % 8 ? &rep : nullptr));
  northstar_sbg_destroy(model);
}

void bg_bb(input& in) {
  northstar_bg_bb* model = nullptr;
  northstar_status s;
  if (in.byte() % 4 == 0) {  // fit to a few patterns
    call c{in, in.range(0, 8), {}};
    const auto n_opp = c.column(0, 8, true);
    const auto x = c.column(0, 8, true);
    const auto tx = c.column(0, 8, true);
    const auto w = c.column(0, 100);
    northstar_fit_options fo = northstar_fit_options_default();
    fo.max_iterations = static_cast<int>(in.range(0, 100)) - 1;
    fo.throw_on_failure = in.byte() % 2;
    vary_fit_options(in, fo);
    s = northstar_bg_bb_fit(x, tx, n_opp, w, c.n, in.byte() % 2 ? nullptr : &fo, &model);
  } else {
    call c{in, 0, {}};
    s = northstar_bg_bb_create(c.value(0.01, 20), c.value(0.01, 20), c.value(0.01, 20), c.value(0.01, 20),
                               in.byte() % 16 == 0 ? nullptr : &model);
  }
  check_status(s);
  if (s != NORTHSTAR_OK && model != nullptr) violated("no model on failure");
  const northstar_bg_bb* m = in.byte() % 16 == 0 ? nullptr : model;
  for (int k = 0; k < 3 && in.remaining() > 0; ++k) {
    call c{in, in.range(0, 24), {}};
    northstar_run_options ro;
    const auto* opt = run_options(in, ro);
    const auto x = c.column(0, 30, true);
    const auto tx = c.column(0, 30, true);
    const auto n_opp = c.column(0, 30, true);
    std::vector<double> out;
    double* o = output(in, out, c.n);
    switch (in.byte() % 4) {
      case 0:
        s = northstar_bg_bb_probability_alive(m, x, tx, n_opp, c.n, opt, o);
        check_status(s);
        check_range(s, out, 0, 1, "bg_bb P(alive) in [0, 1]");
        break;
      case 1:
        s = northstar_bg_bb_conditional_expected_purchases(m, x, tx, n_opp, c.column(0, 30, true), c.n, opt,
                                                           o);
        check_status(s);
        check_range(s, out, 0, DBL_MAX, "bg_bb conditional expected purchases finite >= 0");
        break;
      case 2:
        s = northstar_bg_bb_discounted_expected_residual_transactions(m, c.value(0.001, 1), x, tx, n_opp, c.n,
                                                                      opt, o);
        check_status(s);
        check_range(s, out, 0, HUGE_VAL, "bg_bb DERT >= 0");  // inf: d -> 0
        break;
      default:
        s = northstar_bg_bb_expected_purchases(m, n_opp, c.n, opt, o);
        check_status(s);
        check_range(s, out, 0, DBL_MAX, "bg_bb expected purchases finite >= 0");
        break;
    }
    check_untouched(s, opt, out);
  }
  double p[4], se[4], cov[16];
  northstar_fit_report rep;
  check_status(northstar_bg_bb_parameters(m, in.byte() % 8 ? p : nullptr));
  const northstar_status se_s = northstar_bg_bb_standard_errors(m, in.byte() % 8 ? se : nullptr);
  check_status(se_s);
  const northstar_status cov_s = northstar_bg_bb_covariance(m, in.byte() % 8 ? cov : nullptr);
  check_status(cov_s);
  check_estimates(se_s, se, cov_s, cov, 4);
  check_status(northstar_bg_bb_report(m, in.byte() % 8 ? &rep : nullptr));
  northstar_bg_bb_destroy(model);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  northstar_fuzz::clear_notes();
  input in(data, size);
  for (int op = 0; op < 4 && in.remaining() > 0; ++op) {
    const std::size_t which = in.byte() % 6;
    if (which < 4)
      closed_form(in, which);
    else if (which == 4)
      sbg(in);
    else
      bg_bb(in);
  }
  if (std::strcmp(northstar_status_name(NORTHSTAR_OK), "ok") != 0) violated("status name");
  // Values 0..127 only: the enum's range in C++ (a C caller may pass any int, and
  // status.cpp's switch on a value beyond it is UB, which UBSan reports: left to the C API owner).
  (void)northstar_status_name(static_cast<int>(in.byte()) * 1000003 - 500);
  return 0;
}
