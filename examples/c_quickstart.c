/* The C API in a few lines: margin CLV over caller arrays, a summary, and an
 * sBG model fitted to a cohort's survivors (Fader & Hardie 2007, Table 1). */
#include <northstar/northstar.h>

#include <stdio.h>

int main(void) {
  double aov[4] = {50, 20, 35, 80}, freq[4] = {4, 2, 1, 6}, clv[4];
  northstar_clv_margin f = {northstar_array(aov), northstar_scalar(0.3), northstar_array(freq),
                            northstar_scalar(3), northstar_scalar(20)};
  if (northstar_clv_margin_evaluate(&f, 4, NULL, clv) != NORTHSTAR_OK) {
    fprintf(stderr, "error: %s\n", northstar_last_error());
    return 1;
  }
  for (int i = 0; i < 4; ++i) printf("customer %d: CLV %.2f\n", i, clv[i]);

  double median;
  double prob = 0.5;
  northstar_aggregate_request req = {&prob, 1, 0, NULL, 0};
  northstar_aggregates s = {0};
  s.quantiles = &median;
  if (northstar_clv_margin_aggregate(&f, 4, &req, NULL, &s) != NORTHSTAR_OK) {
    fprintf(stderr, "error: %s\n", northstar_last_error());
    return 1;
  }
  printf("total %.2f, mean %.2f, median %.2f\n", s.total, s.mean, median);

  /* Bad input gives a status and a message naming the argument. */
  aov[2] = -35;
  northstar_status st = northstar_clv_margin_evaluate(&f, 4, NULL, clv);
  printf("with a negative order value: %s: %s\n", northstar_status_name(st), northstar_last_error());

  const double survivors[8] = {1000, 631, 468, 382, 326, 289, 262, 241};
  northstar_sbg* model = NULL;
  double ab[2], se[2], t = 12, s12; /* alpha, beta and their standard errors */
  if (northstar_sbg_fit(survivors, 8, NULL, &model) != NORTHSTAR_OK ||
      northstar_sbg_parameters(model, ab) != NORTHSTAR_OK ||
      northstar_sbg_standard_errors(model, se) != NORTHSTAR_OK ||
      northstar_sbg_survival(model, &t, 1, NULL, &s12) != NORTHSTAR_OK) {
    fprintf(stderr, "error: %s\n", northstar_last_error());
    northstar_sbg_destroy(model);
    return 1;
  }
  printf("sBG: alpha %.3f (se %.3f) beta %.3f (se %.3f), P(active after 12 years) %.3f\n", ab[0], se[0],
         ab[1], se[1], s12);
  northstar_sbg_destroy(model);
  return st == NORTHSTAR_INVALID_ARGUMENT ? 0 : 1;
}
