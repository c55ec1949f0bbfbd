/* The C API on real data: the CDNOW transaction log (examples/data) becomes a
 * weekly summary, BG/NBD and Gamma-Gamma are fitted to it, and each customer
 * gets P(alive), expected purchases in the next year and a 12-month CLV. Then
 * an OKR set (examples/data/okrs.json) is evaluated to a JSON report.
 *
 *   c_clv_models [repository root]      (default: the current directory)   */
#include <northstar/northstar.h>

#include <stdio.h>
#include <stdlib.h>

static int fail(const char* what) {
  fprintf(stderr, "%s: %s\n", what, northstar_last_error());
  return 1;
}

/* Reads a whole file into a malloc'd buffer; *size its length. */
static char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  char* text = NULL;
  long len;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    text = malloc((size_t)len + 1);
    if (text != NULL && fread(text, 1, (size_t)len, f) != (size_t)len) {
      free(text);
      text = NULL;
    } else if (text != NULL) {
      *size = (size_t)len;
    }
  }
  fclose(f);
  return text;
}

int main(int argc, char** argv) {
  const char* root = argc > 1 ? argv[1] : ".";
  char path[4096];
  int64_t cal_end;
  northstar_summary* summary = NULL;
  northstar_summary_info info;
  northstar_summary_columns cols = {0};
  northstar_bg_nbd* bgnbd = NULL;
  northstar_gamma_gamma* gg = NULL;
  double *x, *tx, *T, *zbar, *alive, *next_year, *spend, *clv, p[4], g[3];
  northstar_fit_report rep;
  size_t i, n;
  int rc = 0;

  /* 1. Transactions -> (x, t_x, T, zbar) per customer, in weeks, calibration to 1997-09-30. */
  const northstar_csv_format cdnow = northstar_csv_format_cdnow();
  if (northstar_civil_day(1997, 9, 30, &cal_end) != NORTHSTAR_OK) return fail("civil_day");
  northstar_summary_options opt = northstar_summary_options_default(cal_end);
  snprintf(path, sizeof path, "%s/examples/data/CDNOW_sample.txt", root);
  if (northstar_summarize_csv(path, &cdnow, &opt, &summary) != NORTHSTAR_OK) return fail("summarize_csv");
  if (northstar_summary_get_info(summary, &info) != NORTHSTAR_OK) return fail("summary_get_info");
  n = info.customers;
  x = malloc(n * sizeof *x);
  tx = malloc(n * sizeof *tx);
  T = malloc(n * sizeof *T);
  zbar = malloc(n * sizeof *zbar);
  alive = malloc(n * sizeof *alive);
  next_year = malloc(n * sizeof *next_year);
  spend = malloc(n * sizeof *spend);
  clv = malloc(n * sizeof *clv);
  if (!x || !tx || !T || !zbar || !alive || !next_year || !spend || !clv) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  cols.frequency = x;
  cols.recency = tx;
  cols.age = T;
  cols.monetary = zbar;
  if (northstar_summary_copy(summary, n, &cols) != NORTHSTAR_OK) {
    rc = fail("summary_copy");
    goto done;
  }
  printf("%zu customers, calibration to day %lld\n", n, (long long)info.calibration_end);

  /* 2. Fit BG/NBD (Fader, Hardie & Lee 2005 publish 0.243 4.414 0.793 2.426). */
  {
    northstar_rfm data = {x, tx, T, NULL};
    northstar_per_period_discount year = {12, 52.0 / 12.0, 0.01}; /* 12 months of 4.33 weeks, 1%/month */
    if (northstar_bg_nbd_fit(&data, n, NULL, &bgnbd) != NORTHSTAR_OK ||
        northstar_bg_nbd_parameters(bgnbd, p) != NORTHSTAR_OK ||
        northstar_bg_nbd_report(bgnbd, &rep) != NORTHSTAR_OK) {
      rc = fail("bg_nbd_fit");
      goto done;
    }
    printf("BG/NBD: r %.3f alpha %.3f a %.3f b %.3f, LL %.1f after %d iterations\n", p[0], p[1], p[2], p[3],
           rep.log_likelihood, rep.iterations);
    /* 3. Spend: Gamma-Gamma on the repeat buyers (published: p 6.25, q 3.74, gamma 15.44). */
    if (northstar_gamma_gamma_fit(x, zbar, NULL, n, NULL, &gg) != NORTHSTAR_OK ||
        northstar_gamma_gamma_parameters(gg, g) != NORTHSTAR_OK) {
      rc = fail("gamma_gamma_fit");
      goto done;
    }
    printf("Gamma-Gamma: p %.2f q %.2f gamma %.2f\n", g[0], g[1], g[2]);
    /* 4. Predictions into caller arrays. */
    if (northstar_bg_nbd_probability_alive(bgnbd, &data, n, NULL, alive) != NORTHSTAR_OK ||
        northstar_bg_nbd_conditional_expected_purchases(bgnbd, 52, &data, n, NULL, next_year) !=
            NORTHSTAR_OK ||
        northstar_gamma_gamma_conditional_expected_spend(gg, x, zbar, n, NULL, spend) != NORTHSTAR_OK ||
        northstar_bg_nbd_customer_lifetime_value_per_period(bgnbd, year, &data, spend, n, NULL, clv) !=
            NORTHSTAR_OK) {
      rc = fail("predictions");
      goto done;
    }
    printf("customer  x    t_x      T  P(alive)  E[next 52 weeks]  E[spend]  12-month CLV\n");
    for (i = 0; i < 5 && i < n; ++i)
      printf("%8zu %2.0f %6.2f %6.2f %9.3f %17.3f %9.2f %13.2f\n", i + 1, x[i], tx[i], T[i], alive[i],
             next_year[i], spend[i], clv[i]);
  }

  /* 5. Bad input is a status and a message, never a crash. */
  {
    double bad_tx = 50, one_x = 1, one_T = 38;
    northstar_rfm bad = {&one_x, &bad_tx, &one_T, NULL};
    northstar_status st = northstar_bg_nbd_probability_alive(bgnbd, &bad, 1, NULL, alive);
    printf("recency > age: %s: %s\n", northstar_status_name(st), northstar_last_error());
    if (st != NORTHSTAR_INVALID_ARGUMENT) rc = 1;
  }

  /* 6. OKRs: JSON in, JSON report out (owned string). */
  {
    size_t size = 0;
    char* report = NULL;
    char* json;
    northstar_okr_options okr = {0, 0, -1};
    int64_t day;
    snprintf(path, sizeof path, "%s/examples/data/okrs.json", root);
    json = read_file(path, &size);
    if (json == NULL || northstar_civil_day(2026, 2, 15, &day) != NORTHSTAR_OK) {
      fprintf(stderr, "cannot read %s\n", path);
      rc = 1;
    } else {
      okr.as_of = day * 86400;
      if (northstar_okr_evaluate_json(json, size, &okr, &report) != NORTHSTAR_OK)
        rc = fail("okr_evaluate_json");
      else
        printf("OKR report: %.160s...\n", report);
      northstar_string_free(report);
    }
    free(json);
  }

done:
  northstar_gamma_gamma_destroy(gg);
  northstar_bg_nbd_destroy(bgnbd);
  northstar_summary_destroy(summary);
  free(x);
  free(tx);
  free(T);
  free(zbar);
  free(alive);
  free(next_year);
  free(spend);
  free(clv);
  return rc;
}
