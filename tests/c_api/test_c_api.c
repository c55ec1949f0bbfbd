/* The C API, compiled as C99: every entry point, every reachable status, the
 * per-thread error text, NULL handling. Reference values: hand-computed
 * closed forms; Fader & Hardie (2007) sBG fit (regular segment, alpha 0.704,
 * beta 1.182); Fader, Hardie & Shang (2010) BG/BB fit (1.204, 0.750, 0.657,
 * 2.783, LL -33,225.6). */
#include <northstar/northstar.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                        \
    }                                                                    \
  } while (0)
#define CHECK_NEAR(a, b, tol) CHECK(fabs((double)(a) - (double)(b)) <= (tol))
/* The call fails with `status` and the error text contains `needle`. */
#define CHECK_FAILS(call, status, needle)                                                              \
  do {                                                                                                 \
    northstar_status s_ = (call);                                                                      \
    if (s_ != (status) || strstr(northstar_last_error(), (needle)) == NULL) {                          \
      fprintf(stderr, "%s:%d: FAILED: %s gave %s \"%s\", wanted %s with \"%s\"\n", __FILE__, __LINE__, \
              #call, northstar_status_name(s_), northstar_last_error(), northstar_status_name(status), \
              (needle));                                                                               \
      ++failures;                                                                                      \
    }                                                                                                  \
  } while (0)

static void test_status_values(void) {
  /* Stable values: part of the ABI. */
  CHECK(NORTHSTAR_OK == 0);
  CHECK(NORTHSTAR_INVALID_ARGUMENT == 1);
  CHECK(NORTHSTAR_SIZE_MISMATCH == 2);
  CHECK(NORTHSTAR_NOT_FINITE == 3);
  CHECK(NORTHSTAR_INVALID_MODEL == 4);
  CHECK(NORTHSTAR_PARSE_ERROR == 5);
  CHECK(NORTHSTAR_NOT_CONVERGED == 6);
  CHECK(NORTHSTAR_IO_ERROR == 7);
  CHECK(NORTHSTAR_INTERNAL == 8);
  CHECK(NORTHSTAR_OUT_OF_MEMORY == 100);
  CHECK(strcmp(northstar_status_name(NORTHSTAR_OK), "ok") == 0);
  CHECK(strcmp(northstar_status_name(NORTHSTAR_INVALID_ARGUMENT), "invalid_argument") == 0);
  CHECK(strcmp(northstar_status_name(NORTHSTAR_SIZE_MISMATCH), "size_mismatch") == 0);
  CHECK(strcmp(northstar_status_name(NORTHSTAR_NOT_FINITE), "not_finite") == 0);
  CHECK(strcmp(northstar_status_name(NORTHSTAR_INVALID_MODEL), "invalid_model") == 0);
  CHECK(strcmp(northstar_status_name(NORTHSTAR_PARSE_ERROR), "parse_error") == 0);
  CHECK(strcmp(northstar_status_name(NORTHSTAR_NOT_CONVERGED), "not_converged") == 0);
  CHECK(strcmp(northstar_status_name(NORTHSTAR_IO_ERROR), "io_error") == 0);
  CHECK(strcmp(northstar_status_name(NORTHSTAR_INTERNAL), "internal") == 0);
  CHECK(strcmp(northstar_status_name(NORTHSTAR_OUT_OF_MEMORY), "out_of_memory") == 0);
  CHECK(strcmp(northstar_status_name((northstar_status)42), "unknown") == 0);
  CHECK(northstar_version() >= 100); /* 0.1.0 or later */
}

static void test_closed_form(void) {
  double aov[3] = {50, 20, 35}, freq[3] = {4, 2, 1}, out[3] = {-1, -1, -1};
  northstar_clv_basic b = {northstar_array(aov), northstar_array(freq), northstar_scalar(3)};
  CHECK(northstar_clv_basic_evaluate(&b, 3, NULL, out) == NORTHSTAR_OK);
  CHECK(strcmp(northstar_last_error(), "") == 0);
  CHECK_NEAR(out[0], 600, 0); /* 50 * 4 * 3 */
  CHECK_NEAR(out[1], 120, 0);
  CHECK_NEAR(out[2], 105, 0);

  northstar_clv_margin m = {northstar_array(aov), northstar_scalar(0.5), northstar_array(freq),
                            northstar_scalar(3), northstar_scalar(20)};
  northstar_run_options one_thread = {1, 1};
  CHECK(northstar_clv_margin_evaluate(&m, 3, &one_thread, out) == NORTHSTAR_OK);
  CHECK_NEAR(out[0], 280, 1e-12); /* 50 * 0.5 * 4 * 3 - 20 */
  CHECK_NEAR(out[2], 32.5, 1e-12);

  double rate[3] = {0.5, 0.25, 1};
  northstar_clv_repurchase r = {northstar_scalar(100), northstar_array(rate), northstar_scalar(10)};
  CHECK(northstar_clv_repurchase_evaluate(&r, 3, NULL, out) == NORTHSTAR_OK);
  CHECK_NEAR(out[0], 40, 1e-12);
  CHECK_NEAR(out[1], 15, 1e-12);
  CHECK_NEAR(out[2], 90, 1e-12);

  /* Retention, infinite horizon: m r / (1 + d - r) = 100 * 0.8 / 0.3; finite
   * horizon 2: 100 (q + q^2), q = 0.8 / 1.1; start of period: 100 * 1.1 / 0.3. */
  double horizon[3] = {INFINITY, 2, INFINITY};
  northstar_clv_retention t = {northstar_scalar(100),    northstar_scalar(0.8), northstar_scalar(0.1),
                               northstar_array(horizon), northstar_scalar(0),   NORTHSTAR_END_OF_PERIOD};
  CHECK(northstar_clv_retention_evaluate(&t, 3, NULL, out) == NORTHSTAR_OK);
  CHECK_NEAR(out[0], 80.0 / 0.3, 1e-10);
  CHECK_NEAR(out[1], 100 * (0.8 / 1.1 + (0.8 / 1.1) * (0.8 / 1.1)), 1e-10);
  t.timing = NORTHSTAR_START_OF_PERIOD;
  t.horizon = northstar_scalar(INFINITY);
  CHECK(northstar_clv_retention_evaluate(&t, 3, NULL, out) == NORTHSTAR_OK);
  CHECK_NEAR(out[0], 110.0 / 0.3, 1e-10);

  /* n = 0 with NULL arrays is valid and does nothing. */
  northstar_clv_basic empty = {northstar_array(NULL), northstar_scalar(1), northstar_scalar(1)};
  CHECK(northstar_clv_basic_evaluate(&empty, 0, NULL, NULL) == NORTHSTAR_OK);
}

static void test_closed_form_errors(void) {
  double aov[3] = {50, -20, 35}, out[3] = {-1, -1, -1};
  northstar_clv_basic b = {northstar_array(aov), northstar_scalar(1), northstar_scalar(3)};
  CHECK_FAILS(northstar_clv_basic_evaluate(&b, 3, NULL, out), NORTHSTAR_INVALID_ARGUMENT,
              "average_order_value[1] = -2");
  CHECK(out[0] == -1); /* untouched on error (upfront validation) */
  aov[1] = NAN;
  CHECK_FAILS(northstar_clv_basic_evaluate(&b, 3, NULL, out), NORTHSTAR_NOT_FINITE, "average_order_value[1]");
  aov[1] = 20;
  CHECK_FAILS(northstar_clv_basic_evaluate(NULL, 3, NULL, out), NORTHSTAR_INVALID_ARGUMENT, "f is NULL");
  CHECK_FAILS(northstar_clv_basic_evaluate(&b, 3, NULL, NULL), NORTHSTAR_INVALID_ARGUMENT, "out is NULL");
  b.lifespan = northstar_array(NULL);
  CHECK_FAILS(northstar_clv_basic_evaluate(&b, 3, NULL, out), NORTHSTAR_INVALID_ARGUMENT,
              "lifespan.data is NULL");
  /* The error text is per thread and cleared by the next success. */
  b.lifespan = northstar_scalar(1);
  CHECK(northstar_clv_basic_evaluate(&b, 3, NULL, out) == NORTHSTAR_OK);
  CHECK(strcmp(northstar_last_error(), "") == 0);

  northstar_clv_retention t = {northstar_scalar(100),      northstar_scalar(1.2), northstar_scalar(0.1),
                               northstar_scalar(INFINITY), northstar_scalar(0),   NORTHSTAR_END_OF_PERIOD};
  CHECK_FAILS(northstar_clv_retention_evaluate(&t, 3, NULL, out), NORTHSTAR_INVALID_ARGUMENT, "retention");
  t.retention = northstar_scalar(0.5);
  t.timing = 7;
  CHECK_FAILS(northstar_clv_retention_evaluate(&t, 3, NULL, out), NORTHSTAR_INVALID_ARGUMENT, "timing");
  northstar_clv_margin m = {northstar_array(aov), northstar_scalar(1.5), northstar_scalar(1),
                            northstar_scalar(1), northstar_scalar(0)};
  CHECK_FAILS(northstar_clv_margin_evaluate(&m, 3, NULL, out), NORTHSTAR_INVALID_ARGUMENT, "gross_margin");
  northstar_clv_repurchase r = {northstar_array(aov), northstar_scalar(0.5), northstar_scalar(-1)};
  CHECK_FAILS(northstar_clv_repurchase_evaluate(&r, 3, NULL, out), NORTHSTAR_INVALID_ARGUMENT,
              "acquisition_cost");
}

static void test_summary(void) {
  /* basic CLV = aov for freq = lifespan = 1: values 1..10. */
  double aov[10], q[3] = {0, 0.5, 1}, qv[3], topv[2], seg_tot[2];
  size_t topi[2], seg_n[2];
  uint32_t labels[10];
  int i;
  for (i = 0; i < 10; ++i) {
    aov[i] = i + 1;
    labels[i] = (uint32_t)(i % 2);
  }
  northstar_clv_basic b = {northstar_array(aov), northstar_scalar(1), northstar_scalar(1)};
  northstar_aggregate_request req = {q, 3, 2, labels, 2};
  northstar_aggregates s;
  memset(&s, 0, sizeof s);
  s.quantiles = qv;
  s.top_index = topi;
  s.top_value = topv;
  s.segment_totals = seg_tot;
  s.segment_counts = seg_n;
  CHECK(northstar_clv_basic_aggregate(&b, 10, &req, NULL, &s) == NORTHSTAR_OK);
  CHECK(s.count == 10);
  CHECK_NEAR(s.total, 55, 1e-12);
  CHECK_NEAR(s.mean, 5.5, 1e-12);
  CHECK_NEAR(s.min, 1, 0);
  CHECK_NEAR(s.max, 10, 0);
  CHECK_NEAR(qv[0], 1, 0);
  CHECK_NEAR(qv[1], 5.5, 1e-12); /* type 7 median of 1..10 */
  CHECK_NEAR(qv[2], 10, 0);
  CHECK(s.top_count == 2 && topi[0] == 9 && topi[1] == 8);
  CHECK_NEAR(topv[0], 10, 0);
  CHECK_NEAR(seg_tot[0], 1 + 3 + 5 + 7 + 9, 1e-12);
  CHECK_NEAR(seg_tot[1], 2 + 4 + 6 + 8 + 10, 1e-12);
  CHECK(seg_n[0] == 5 && seg_n[1] == 5);

  /* The other three formulas, no request: totals by hand. */
  northstar_clv_margin m = {northstar_array(aov), northstar_scalar(0.5), northstar_scalar(2),
                            northstar_scalar(1), northstar_scalar(1)};
  northstar_aggregates plain;
  memset(&plain, 0, sizeof plain);
  CHECK(northstar_clv_margin_aggregate(&m, 10, NULL, NULL, &plain) == NORTHSTAR_OK);
  CHECK_NEAR(plain.total, 55 - 10, 1e-12);
  northstar_clv_repurchase r = {northstar_array(aov), northstar_scalar(0.5), northstar_scalar(0)};
  CHECK(northstar_clv_repurchase_aggregate(&r, 10, NULL, NULL, &plain) == NORTHSTAR_OK);
  CHECK_NEAR(plain.total, 27.5, 1e-12);
  northstar_clv_retention t = {northstar_array(aov), northstar_scalar(0.5), northstar_scalar(0),
                               northstar_scalar(1),  northstar_scalar(0),   NORTHSTAR_START_OF_PERIOD};
  CHECK(northstar_clv_retention_aggregate(&t, 10, NULL, NULL, &plain) == NORTHSTAR_OK);
  CHECK_NEAR(plain.total, 55, 1e-12); /* horizon 1, start of period: m */

  /* Errors: bad probability, bad label, missing buffers, all-scalar formula. */
  q[1] = 1.5;
  CHECK_FAILS(northstar_clv_basic_aggregate(&b, 10, &req, NULL, &s), NORTHSTAR_INVALID_ARGUMENT,
              "quantiles[1]");
  q[1] = 0.5;
  labels[4] = 7;
  CHECK_FAILS(northstar_clv_basic_aggregate(&b, 10, &req, NULL, &s), NORTHSTAR_INVALID_ARGUMENT,
              "segments[4]");
  labels[4] = 0;
  s.top_value = NULL;
  CHECK_FAILS(northstar_clv_basic_aggregate(&b, 10, &req, NULL, &s), NORTHSTAR_INVALID_ARGUMENT,
              "out->top_value is NULL");
  CHECK_FAILS(northstar_clv_basic_aggregate(&b, 10, &req, NULL, NULL), NORTHSTAR_INVALID_ARGUMENT,
              "out is NULL");
  northstar_clv_basic scalars = {northstar_scalar(1), northstar_scalar(1), northstar_scalar(1)};
  CHECK_FAILS(northstar_clv_basic_aggregate(&scalars, 10, NULL, NULL, &plain), NORTHSTAR_INVALID_ARGUMENT,
              "single value");
}

static void test_sbg(void) {
  /* Fader & Hardie (2007), Table 1, regular segment, years 0-7. */
  const double survivors[8] = {1000, 631, 468, 382, 326, 289, 262, 241};
  northstar_sbg* model = NULL;
  double alpha = 0, beta = 0, se_a = 0, se_b = 0;
  northstar_fit_report rep;
  CHECK(northstar_sbg_fit(survivors, 8, NULL, &model) == NORTHSTAR_OK);
  CHECK(northstar_sbg_parameters(model, &alpha, &beta) == NORTHSTAR_OK);
  CHECK_NEAR(alpha, 0.704, 5e-4);
  CHECK_NEAR(beta, 1.182, 5e-4);
  CHECK(northstar_sbg_standard_errors(model, &se_a, &se_b) == NORTHSTAR_OK);
  CHECK(se_a > 0 && se_a < 0.2 && se_b > 0 && se_b < 0.5);
  CHECK(northstar_sbg_report(model, &rep) == NORTHSTAR_OK);
  CHECK(rep.converged == 1 && rep.iterations > 0 && rep.log_likelihood < 0);

  /* Predictions against the closed forms S(1) = beta/(alpha+beta),
   * P(T=1) = alpha/(alpha+beta), r_2 = (beta+1)/(alpha+beta+1). */
  const double t[2] = {1, 2};
  double s[2], p[2], r[2], derl[2], del = 0;
  CHECK(northstar_sbg_survival(model, t, 2, NULL, s) == NORTHSTAR_OK);
  CHECK_NEAR(s[0], beta / (alpha + beta), 1e-12);
  CHECK(northstar_sbg_churn_probability(model, t, 2, NULL, p) == NORTHSTAR_OK);
  CHECK_NEAR(p[0], alpha / (alpha + beta), 1e-12);
  CHECK(northstar_sbg_retention_rate(model, t, 2, NULL, r) == NORTHSTAR_OK);
  CHECK_NEAR(r[1], (beta + 1) / (alpha + beta + 1), 1e-12);
  CHECK(northstar_sbg_discounted_expected_lifetime(model, 0.1, &del) == NORTHSTAR_OK);
  {
    /* DEL = sum_t S(t) / 1.1^t by direct summation (S by the recursion r_t). */
    double sum = 0, st = 1, disc = 1;
    int k;
    for (k = 0; k < 2000; ++k) {
      sum += st * disc;
      st *= (beta + k) / (alpha + beta + k);
      disc /= 1.1;
    }
    CHECK_NEAR(del, sum, 1e-9);
  }
  const double renewals[2] = {0, 3};
  CHECK(northstar_sbg_discounted_expected_residual_lifetime(model, 0.1, renewals, 2, NULL, derl) ==
        NORTHSTAR_OK);
  /* By the definitions, DERL after 0 renewals = sum_{t>=1} S(t) / 1.1^(t-1) = (DEL - 1) * 1.1. */
  CHECK_NEAR(derl[0], (del - 1) * 1.1, 1e-9);

  /* Bad input. */
  CHECK_FAILS(northstar_sbg_survival(model, NULL, 2, NULL, s), NORTHSTAR_INVALID_ARGUMENT, "t is NULL");
  const double bad_t[1] = {1.5};
  CHECK_FAILS(northstar_sbg_survival(model, bad_t, 1, NULL, s), NORTHSTAR_INVALID_ARGUMENT, "1.5");
  CHECK_FAILS(northstar_sbg_discounted_expected_lifetime(model, -0.5, &del), NORTHSTAR_INVALID_ARGUMENT,
              "discount_rate");
  CHECK_FAILS(northstar_sbg_parameters(NULL, &alpha, &beta), NORTHSTAR_INVALID_ARGUMENT, "model is NULL");
  CHECK_FAILS(northstar_sbg_parameters(model, NULL, &beta), NORTHSTAR_INVALID_ARGUMENT, "alpha is NULL");
  northstar_sbg_destroy(model);
  northstar_sbg_destroy(NULL); /* NULL-safe */

  northstar_sbg* made = NULL;
  CHECK(northstar_sbg_create(0.704, 1.182, &made) == NORTHSTAR_OK);
  CHECK(northstar_sbg_standard_errors(made, &se_a, &se_b) == NORTHSTAR_OK && se_a == 0 && se_b == 0);
  northstar_sbg_destroy(made);
  made = NULL;
  CHECK_FAILS(northstar_sbg_create(-1, 1, &made), NORTHSTAR_INVALID_ARGUMENT, "alpha");
  CHECK(made == NULL); /* outputs written only on success */
  CHECK_FAILS(northstar_sbg_create(NAN, 1, &made), NORTHSTAR_NOT_FINITE, "alpha");
  CHECK_FAILS(northstar_sbg_create(1, 1, NULL), NORTHSTAR_INVALID_ARGUMENT, "out is NULL");
  const double increasing[3] = {100, 90, 95};
  CHECK_FAILS(northstar_sbg_fit(increasing, 3, NULL, &made), NORTHSTAR_INVALID_ARGUMENT, "survivors[2]");
  CHECK_FAILS(northstar_sbg_fit(survivors, 2, NULL, &made), NORTHSTAR_INVALID_ARGUMENT, "survivors");
  const double nobody[4] = {100, 100, 100, 100};
  CHECK_FAILS(northstar_sbg_fit(nobody, 4, NULL, &made), NORTHSTAR_INVALID_ARGUMENT, "nobody churned");
  /* One iteration cannot converge: not_converged, or a report when asked. */
  northstar_fit_options fo = northstar_fit_options_default();
  CHECK(fo.max_iterations == 1000 && fo.throw_on_failure == 1);
  fo.max_iterations = 1;
  CHECK_FAILS(northstar_sbg_fit(survivors, 8, &fo, &made), NORTHSTAR_NOT_CONVERGED, "sbg");
  CHECK(made == NULL);
  fo.throw_on_failure = 0;
  CHECK(northstar_sbg_fit(survivors, 8, &fo, &made) == NORTHSTAR_OK);
  CHECK(northstar_sbg_report(made, &rep) == NORTHSTAR_OK && rep.converged == 0 && rep.iterations <= 1);
  northstar_sbg_destroy(made);
  made = NULL;
  fo.max_iterations = 0;
  CHECK_FAILS(northstar_sbg_fit(survivors, 8, &fo, &made), NORTHSTAR_INVALID_ARGUMENT, "max_iterations");

  /* Individual data: period/churned. */
  const double period[6] = {1, 1, 2, 3, 3, 3};
  const uint8_t churned[6] = {1, 1, 1, 0, 0, 0};
  CHECK(northstar_sbg_fit_individual(period, churned, 6, NULL, &made) == NORTHSTAR_OK);
  northstar_sbg_destroy(made);
  CHECK_FAILS(northstar_sbg_fit_individual(period, NULL, 6, NULL, &made), NORTHSTAR_INVALID_ARGUMENT,
              "churned is NULL");
}

static void test_bg_bb(void) {
  /* Fader, Hardie & Shang (2010): 11,104 donors as 22 weighted patterns (n = 6). */
  const double x[22] = {0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6};
  const double tx[22] = {0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6};
  const double w[22] = {3464, 1091, 277, 129, 78,  119, 129, 613, 255, 155, 173,
                        234,  322,  181, 225, 357, 240, 284, 512, 335, 728, 1203};
  northstar_bg_bb* model = NULL;
  double p[4], se[4], out[22], alive[22], cep[22], dert[22], ex[1];
  northstar_fit_report rep;
  CHECK(northstar_bg_bb_fit(northstar_array(x), northstar_array(tx), northstar_scalar(6), northstar_array(w),
                            22, NULL, &model) == NORTHSTAR_OK);
  CHECK(northstar_bg_bb_parameters(model, p) == NORTHSTAR_OK);
  CHECK_NEAR(p[0], 1.204, 5e-4);
  CHECK_NEAR(p[1], 0.750, 5e-4);
  CHECK_NEAR(p[2], 0.657, 5e-4);
  CHECK_NEAR(p[3], 2.783, 5e-4);
  CHECK(northstar_bg_bb_report(model, &rep) == NORTHSTAR_OK);
  CHECK_NEAR(rep.log_likelihood, -33225.6, 0.05);
  CHECK(northstar_bg_bb_standard_errors(model, se) == NORTHSTAR_OK);
  CHECK(se[0] > 0 && se[3] > 0);
  CHECK(northstar_bg_bb_probability_alive(model, northstar_array(x), northstar_array(tx), northstar_scalar(6),
                                          22, NULL, alive) == NORTHSTAR_OK);
  /* More recent: more likely alive; with t_x = n the customer was alive at n
   * whatever x, and p and theta are independent: the same P(alive). */
  CHECK(alive[6] > alive[1]);
  CHECK_NEAR(alive[21], alive[6], 1e-12);
  CHECK(northstar_bg_bb_conditional_expected_purchases(model, northstar_array(x), northstar_array(tx),
                                                       northstar_scalar(6), northstar_scalar(5), 22, NULL,
                                                       cep) == NORTHSTAR_OK);
  CHECK(northstar_bg_bb_discounted_expected_residual_transactions(model, 0.1, northstar_array(x),
                                                                  northstar_array(tx), northstar_scalar(6),
                                                                  22, NULL, dert) == NORTHSTAR_OK);
  {
    /* Every output in its range. */
    int i;
    for (i = 0; i < 22; ++i) CHECK(cep[i] >= 0 && dert[i] >= 0 && alive[i] >= 0 && alive[i] <= 1);
  }
  /* E[X(n)] at n = 1 equals alpha/(alpha+beta) * delta/(gamma+delta) (alive at 1, buys). */
  CHECK(northstar_bg_bb_expected_purchases(model, northstar_scalar(1), 1, NULL, ex) == NORTHSTAR_OK);
  CHECK_NEAR(ex[0], p[0] / (p[0] + p[1]) * p[3] / (p[2] + p[3]), 1e-12);

  const double bad_tx[1] = {7};
  CHECK_FAILS(northstar_bg_bb_probability_alive(model, northstar_scalar(1), northstar_array(bad_tx),
                                                northstar_scalar(6), 1, NULL, out),
              NORTHSTAR_INVALID_ARGUMENT, "t_x");
  CHECK_FAILS(northstar_bg_bb_probability_alive(model, northstar_array(NULL), northstar_array(tx),
                                                northstar_scalar(6), 22, NULL, out),
              NORTHSTAR_INVALID_ARGUMENT, "x.data is NULL");
  CHECK_FAILS(northstar_bg_bb_expected_purchases(NULL, northstar_scalar(1), 1, NULL, ex),
              NORTHSTAR_INVALID_ARGUMENT, "model is NULL");
  CHECK_FAILS(northstar_bg_bb_discounted_expected_residual_transactions(
                  model, 0, northstar_scalar(1), northstar_scalar(1), northstar_scalar(6), 1, NULL, out),
              NORTHSTAR_INVALID_ARGUMENT, "discount_rate");
  northstar_bg_bb_destroy(model);
  northstar_bg_bb_destroy(NULL);

  northstar_bg_bb* made = NULL;
  CHECK(northstar_bg_bb_create(1.204, 0.750, 0.657, 2.783, &made) == NORTHSTAR_OK);
  northstar_bg_bb_destroy(made);
  made = NULL;
  CHECK_FAILS(northstar_bg_bb_create(1, 1, 0, 1, &made), NORTHSTAR_INVALID_ARGUMENT, "gamma");
  CHECK(made == NULL);
  CHECK_FAILS(northstar_bg_bb_create(1, 1, 1, INFINITY, &made), NORTHSTAR_NOT_FINITE, "delta");
  const double neg_w[2] = {1, -1};
  CHECK_FAILS(northstar_bg_bb_fit(northstar_scalar(0), northstar_scalar(0), northstar_scalar(6),
                                  northstar_array(neg_w), 2, NULL, &made),
              NORTHSTAR_INVALID_ARGUMENT, "weights");
  CHECK(made == NULL);
}

int main(void) {
  test_status_values();
  test_closed_form();
  test_closed_form_errors();
  test_summary();
  test_sbg();
  test_bg_bb();
  if (failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("C API: all checks passed\n");
  return 0;
}
