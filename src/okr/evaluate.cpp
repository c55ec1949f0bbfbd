// Evaluation kernels: one pass over the key results (parallel), one over the
// objectives (parallel), one roll-up pass in topological order.
#include <northstar/core/error.hpp>
#include <northstar/okr/evaluate.hpp>

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

NORTHSTAR_BEGIN_NAMESPACE
namespace okr {

double trend::prediction_se(double x) const noexcept {
  const double d = x - x_mean;
  return s * std::sqrt(1.0 + 1.0 / static_cast<double>(n) + d * d / sxx);
}

trend fit_trend(std::span<const double> x, std::span<const double> y) noexcept {
  // Ordinary least squares on centred sums (two passes for accuracy).
  trend r;
  const std::size_t n = std::min(x.size(), y.size());
  if (n < 2) return r;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 0)) return r;
  r.n = n;
  r.slope = sxy / sxx;
  r.intercept = my - r.slope * mx;
  r.x_mean = mx;
  r.sxx = sxx;
  if (n > 2) {
    double sse = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double e = y[i] - r.at(x[i]);
      sse += e * e;
    }
    r.s = std::sqrt(sse / static_cast<double>(n - 2));
  }
  return r;
}

namespace detail {

double student_t_cdf(double t, unsigned df) noexcept {
  // A(t|df) = P(|T| <= |t|), Abramowitz & Stegun 26.7.3 (odd) / 26.7.4 (even), with theta = atan(|t| /
  // sqrt(df)): sin(theta) = |t| / sqrt(df + t^2), cos^2(theta) = df / (df + t^2) (no trigonometry needed for
  // even df).
  const double nu = static_cast<double>(df), at = std::fabs(t);
  const double r = 1.0 / std::sqrt(nu + t * t);
  const double s = at * r, c2 = nu * r * r;
  double a;
  if (df % 2 == 1) {
    // (2/pi) [theta + sin(theta) (cos + 2/3 cos^3 + ... + (2*4*..*(df-3))/(1*3*..*(df-2)) cos^(df-2))]
    const double c = std::sqrt(nu) * r;
    double term = c, sum = 0;
    for (unsigned k = 1; k + 2 <= df; k += 2) {  // term for cos^k
      sum += term;
      term *= c2 * static_cast<double>(k + 1) / static_cast<double>(k + 2);
    }
    a = 2.0 / std::numbers::pi * (std::atan(at / std::sqrt(nu)) + s * sum);
  } else {
    // sin(theta) [1 + 1/2 cos^2 + (1*3)/(2*4) cos^4 + ... + (1*3*..*(df-3))/(2*4*..*(df-2)) cos^(df-2)]
    double term = 1, sum = 0;
    for (unsigned k = 0; k + 2 <= df; k += 2) {  // term for cos^k
      sum += term;
      term *= c2 * static_cast<double>(k + 1) / static_cast<double>(k + 2);
    }
    a = s * sum;
  }
  return t >= 0 ? 0.5 + 0.5 * a : 0.5 - 0.5 * a;
}

}  // namespace detail

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void check_options(const evaluation_options& o) {
  using northstar::detail::fail;
  using northstar::detail::format_value;
  const auto finite = [](std::string_view name, double v) {
    if (!std::isfinite(v))
      fail(errc::invalid_argument, "evaluate",
           std::string("options.") + std::string(name) + " = " + format_value(v) + ": must be finite");
  };
  finite("cap", o.cap);
  finite("pace.on_track", o.pace.on_track);
  finite("pace.at_risk", o.pace.at_risk);
  finite("committed_expectation", o.committed_expectation);
  finite("aspirational_expectation", o.aspirational_expectation);
  finite("green_threshold", o.green_threshold);
  finite("interval_level", o.interval_level);
  if (!(o.cap > 0))
    fail(errc::invalid_argument, "evaluate", "options.cap = " + format_value(o.cap) + ": must be > 0");
  if (!(o.interval_level > 0 && o.interval_level < 1))
    fail(errc::invalid_argument, "evaluate",
         "options.interval_level = " + format_value(o.interval_level) + ": must be in (0, 1)");
  if (o.pace.at_risk > o.pace.on_track)
    fail(errc::invalid_argument, "evaluate",
         "options.pace.at_risk = " + format_value(o.pace.at_risk) + ": must be <= pace.on_track (" +
             format_value(o.pace.on_track) + ")");
  if (o.grades.bands.empty()) fail(errc::invalid_argument, "evaluate", "options.grades.bands: empty");
  for (std::size_t b = 0; b < o.grades.bands.size(); ++b) {
    const double lo = o.grades.bands[b].lower;
    if (std::isnan(lo) || (b > 0 && !(lo > o.grades.bands[b - 1].lower)))
      northstar::detail::fail_element(errc::invalid_argument, "evaluate", "options.grades.bands.lower", b, lo,
                                      "bounds must increase");
  }
}

// Upper-tail probability P(Y >= y) for Y = value + se * T_df (se > 0), or the
// step function when se == 0 (a perfect fit).
struct tail {
  double upper(double value, double se, unsigned df, double y) const {
    if (se == 0) return value >= y ? 1.0 : 0.0;
    return detail::student_t_cdf((value - y) / se, df);  // P(T >= (y - value)/se) = F((value - y)/se)
  }
};

}  // namespace

evaluation evaluate(const okr_set& set, const evaluation_options& opt) {
  evaluation ev;
  evaluate(set, opt, ev);
  return ev;
}

void evaluate(const okr_set& set, const evaluation_options& opt, evaluation& ev) {
  check_options(opt);
  const detail::okr_plan& p = set.plan();
  const okr::cycle& cyc = set.cycle();
  const std::size_t n_kr = set.key_result_count();
  const std::size_t n_obj = set.objectives().size();
  const double length = cyc.length_days();
  const double now = days_since_start(cyc, opt.as_of);
  const double elapsed = elapsed_fraction(cyc, opt.as_of);

  ev.elapsed = elapsed;
  ev.key_results.resize(n_kr);
  ev.objectives.resize(n_obj);

  // Two-sided Student t quantiles, one per degree of freedom (Boost.Math).
  const unsigned max_df = p.max_check_ins > 2 ? p.max_check_ins - 2 : 0;
  std::vector<double> quant(max_df + 1, nan);
  for (unsigned df = 1; df <= max_df; ++df)
    quant[df] =
        boost::math::quantile(boost::math::students_t(static_cast<double>(df)), 0.5 + opt.interval_level / 2);
  const tail tails{};

  // ---- key results
  northstar::detail::parallel_ranges(
      n_kr, opt.threads.value, 4096, [&](std::size_t, std::size_t kb, std::size_t ke) {
        for (std::size_t k = kb; k < ke; ++k) {
          kr_evaluation& r = ev.key_results[k];
          r = kr_evaluation{};  // storage may be reused from an earlier evaluation
          const kr_kind kind = p.kind[k];
          const double b = p.baseline[k], t = p.target[k];
          std::uint32_t lo = p.ci_begin[k], hi = p.ci_begin[k + 1];
          while (lo < hi && p.ci_day[lo] < 0) ++lo;
          std::uint32_t end = lo;
          while (end < hi && p.ci_day[end] <= now && p.ci_day[end] < length) ++end;
          hi = end;
          const std::uint32_t n = hi - lo;
          r.check_ins_used = n;

          // expected progress
          double e = elapsed;
          if (kind == kr_kind::milestones && opt.milestone_dates) {
            const std::uint32_t mb = p.ms_begin[k], me = p.ms_begin[k + 1];
            bool dated = true;
            double due_share = 0;
            for (std::uint32_t m = mb; m < me; ++m) {
              if (std::isnan(p.ms_due_day[m])) {
                dated = false;
                break;
              }
              if (p.ms_due_day[m] <= now) due_share = p.ms_cum[m];
            }
            if (dated) e = due_share;
          }
          r.expected = e;

          const bool below = (p.band[k] & 1) != 0, strict = (p.band[k] & 2) != 0;
          const guardrail_bound bound = below ? guardrail_bound::at_or_below : guardrail_bound::at_or_above;
          if (n == 0) {
            r.current = r.p_raw = nan;
            r.progress = 0;
            r.in_band_share = nan;
            r.status = status::no_data;
          } else {
            const double cur = p.ci_value[hi - 1];
            r.current = cur;
            r.in_band_share = nan;
            switch (kind) {
              case kr_kind::metric:
                r.p_raw = raw_progress(cur, b, t);
                break;
              case kr_kind::guardrail: {
                r.p_raw = in_band(cur, t, bound, strict) ? 1.0 : 0.0;
                std::uint32_t inside = 0;
                for (std::uint32_t c = lo; c < hi; ++c)
                  inside += in_band(p.ci_value[c], t, bound, strict) ? 1u : 0u;
                r.in_band_share = static_cast<double>(inside) / n;
                break;
              }
              case kr_kind::binary:
                r.p_raw = cur;
                break;
              case kr_kind::milestones: {
                const auto done = static_cast<std::uint32_t>(cur);
                r.p_raw = done == 0 ? 0.0 : p.ms_cum[p.ms_begin[k] + done - 1];
                break;
              }
            }
            r.progress = bounded_progress(r.p_raw, opt.policy, opt.cap);
            r.overachieved = r.p_raw > 1;
            r.regressed = r.p_raw < 0;
            r.status = kind == kr_kind::guardrail ? (r.p_raw == 1 ? status::on_track : status::off_track)
                                                  : opt.pace.classify(r.progress, e);
          }

          // forecast at the close of the cycle
          forecast& f = r.forecast;
          if ((kind == kr_kind::metric || kind == kr_kind::guardrail) && n >= 2) {
            const trend tr = fit_trend({p.ci_day.data() + lo, n}, {p.ci_value.data() + lo, n});
            if (tr.n >= 2) {
              f.available = true;
              f.value = tr.at(length);
              f.slope_per_day = tr.slope;
              f.df = n - 2;
              if (n == 2) {
                f.lower = f.upper = f.p_target = f.p_green = nan;
              } else {
                const double se = tr.prediction_se(length);
                f.lower = f.value - quant[f.df] * se;
                f.upper = f.value + quant[f.df] * se;
                if (kind == kr_kind::metric) {
                  const bool rising = t > b;
                  const double yg = b + opt.green_threshold * (t - b);
                  const double up_t = tails.upper(f.value, se, f.df, t),
                               up_g = tails.upper(f.value, se, f.df, yg);
                  // falling: P(Y <= y) = 1 - P(Y >= y) for a continuous Y (se > 0); step otherwise
                  f.p_target = rising ? up_t : (se == 0 ? (f.value <= t ? 1.0 : 0.0) : 1 - up_t);
                  f.p_green = rising ? up_g : (se == 0 ? (f.value <= yg ? 1.0 : 0.0) : 1 - up_g);
                } else {
                  const double up = tails.upper(f.value, se, f.df, t);
                  f.p_target = !below ? up : (se == 0 ? (f.value <= t ? 1.0 : 0.0) : 1 - up);
                  f.p_green = f.p_target;
                }
              }
            }
          }
          if (!f.available) f.value = f.lower = f.upper = f.slope_per_day = f.p_target = f.p_green = nan;
        }
      });

  // ---- objectives: own KRs
  std::vector<double> own_num(n_obj), own_den(n_obj), own_min(n_obj);
  const auto& objs = set.objectives();
  northstar::detail::parallel_ranges(
      n_obj, opt.threads.value, 4096, [&](std::size_t, std::size_t ob, std::size_t oe) {
        for (std::size_t o = ob; o < oe; ++o) {
          objective_evaluation& r = ev.objectives[o];
          double num = 0, den = 0, mn = std::numeric_limits<double>::infinity();
          double pt = 1, pg = 1;
          status st = status::on_track;
          double e_num = 0;
          bool any_data = false;
          const std::uint32_t kb = p.obj_kr_begin[o], ke = p.obj_kr_begin[o + 1];
          for (std::uint32_t k = kb; k < ke; ++k) {
            const kr_evaluation& kr = ev.key_results[k];
            const double w = p.weight[k];
            num += w * kr.progress;
            den += w;
            if (w > 0) mn = std::min(mn, kr.progress);
            st = worst(st, kr.status);
            e_num += w * kr.expected;
            any_data = any_data || kr.check_ins_used > 0;
            double kt, kg;
            if (kr.forecast.available) {
              kt = kr.forecast.p_target;
              kg = kr.forecast.p_green;
            } else if ((p.kind[k] == kr_kind::binary || p.kind[k] == kr_kind::milestones) &&
                       kr.check_ins_used > 0 && kr.p_raw >= 1) {
              kt = kg = 1;  // already done
            } else {
              kt = kg = nan;
            }
            pt *= kt;
            pg *= kg;
          }
          own_num[o] = num;
          own_den[o] = den;
          own_min[o] = mn;
          const bool has_kr = ke > kb;
          r.own_score = has_kr ? (opt.aggregate == aggregation::min ? mn : num / den) : nan;
          if (opt.objective_status == objective_status_rule::weighted_pace && has_kr)
            // pace rule on the objective's weighted progress against its KRs' weighted expected progress
            r.status = any_data ? opt.pace.classify(num / den, e_num / den) : status::no_data;
          else
            r.status = st;
          r.p_all_targets = has_kr ? pt : nan;
          r.p_all_green = has_kr ? pg : nan;
          r.expectation = objs[o].type == objective_type::committed ? opt.committed_expectation
                                                                    : opt.aspirational_expectation;
        }
      });

  // ---- roll-up, children before parents
  for (const std::uint32_t o : p.topo) {
    objective_evaluation& r = ev.objectives[o];
    const bool has_kr = p.obj_kr_begin[o + 1] > p.obj_kr_begin[o];
    const bool has_children = p.child_begin[o + 1] > p.child_begin[o];
    bool use_kr, use_children;
    switch (opt.rollup) {
      case rollup_mode::own:
        use_kr = has_kr, use_children = !has_kr;
        break;
      case rollup_mode::children:
        use_children = has_children, use_kr = !has_children;
        break;
      default:
        use_kr = has_kr, use_children = has_children;
        break;
    }
    double num = use_kr ? own_num[o] : 0, den = use_kr ? own_den[o] : 0;
    double mn = use_kr ? own_min[o] : std::numeric_limits<double>::infinity();
    status child_status = status::on_track;
    for (std::uint32_t q = p.child_begin[o]; q < p.child_begin[o + 1]; ++q) {
      const std::uint32_t c = p.child_index[q];
      child_status = worst(child_status, ev.objectives[c].status);
      if (!use_children) continue;
      const double w = objs[c].weight;
      num += w * ev.objectives[c].score;
      den += w;
      if (w > 0) mn = std::min(mn, ev.objectives[c].score);
    }
    r.score = opt.aggregate == aggregation::min ? mn : num / den;
    if (!has_kr) r.status = child_status;
    r.grade = opt.grades.band_of(r.score);
    r.meets_expectation = r.score >= r.expectation;
  }
}

std::vector<shortfall_share> shortfall(const okr_set& set, const evaluation& ev,
                                       const evaluation_options& opt, std::size_t o) {
  const detail::okr_plan& p = set.plan();
  if (o >= set.objectives().size() || ev.objectives.size() != set.objectives().size() ||
      ev.key_results.size() != set.key_result_count())
    northstar::detail::fail(errc::invalid_argument, "shortfall",
                            "objective index " + std::to_string(o) + " or evaluation does not match the set");
  const bool has_kr = p.obj_kr_begin[o + 1] > p.obj_kr_begin[o];
  const bool has_children = p.child_begin[o + 1] > p.child_begin[o];
  bool use_kr = has_kr, use_children = has_children;
  if (opt.rollup == rollup_mode::own) use_children = !has_kr;
  if (opt.rollup == rollup_mode::children) use_kr = !has_children;
  std::vector<shortfall_share> out;
  double total = 0;
  const auto add = [&](bool is_obj, std::size_t i, double w, double s) {
    const double gap = w * (1.0 - std::min(s, 1.0));
    out.push_back({is_obj, i, gap});
    total += gap;
  };
  if (use_kr)
    for (std::size_t k = p.obj_kr_begin[o]; k < p.obj_kr_begin[o + 1]; ++k)
      add(false, k, p.weight[k], ev.key_results[k].progress);
  if (use_children)
    for (std::uint32_t q = p.child_begin[o]; q < p.child_begin[o + 1]; ++q)
      add(true, p.child_index[q], set.objectives()[p.child_index[q]].weight,
          ev.objectives[p.child_index[q]].score);
  if (!(total > 0)) return {};
  for (auto& s : out) s.share /= total;
  return out;
}

}  // namespace okr
NORTHSTAR_END_NAMESPACE
