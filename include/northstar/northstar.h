/* northstar C API (C99). Stable, exception-free access to northstar from C and
 * from any language with a C FFI. Includes nothing of C++.
 *
 * Conventions
 * - Every function returns a northstar_status; NORTHSTAR_OK (0) is success.
 *   On failure, northstar_last_error() gives the message (naming the argument,
 *   the index and the value) for the calling thread.
 * - Output parameters come last. Outputs are written only on success.
 * - "borrowed": the caller owns the memory; northstar reads (or writes) it
 *   during the call only and keeps no reference.
 *   "owned": northstar allocated it; release it with the named destroy
 *   function. Destroy functions accept NULL.
 * - No C++ exception, abort or exit crosses this interface.
 * - A NULL pointer where n > 0 elements are expected is NORTHSTAR_INVALID_ARGUMENT.
 *
 *     double aov[3] = {50, 20, 35}, out[3];
 *     northstar_clv_margin f = {northstar_array(aov), northstar_scalar(0.3), northstar_scalar(4),
 *                               northstar_scalar(3), northstar_scalar(20)};
 *     if (northstar_clv_margin_evaluate(&f, 3, NULL, out) != NORTHSTAR_OK)
 *       fprintf(stderr, "%s\n", northstar_last_error());
 */
#ifndef NORTHSTAR_NORTHSTAR_H
#define NORTHSTAR_NORTHSTAR_H

#include <stddef.h>
#include <stdint.h>

#if defined(NORTHSTAR_C_STATIC)
#define NORTHSTAR_C_API
#elif defined(_WIN32)
#if defined(NORTHSTAR_C_BUILDING)
#define NORTHSTAR_C_API __declspec(dllexport)
#else
#define NORTHSTAR_C_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define NORTHSTAR_C_API __attribute__((visibility("default")))
#else
#define NORTHSTAR_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ status */

/** Result of every call. The numeric values are stable and never change; codes
 *  1..8 equal northstar::errc of the C++ library. */
typedef enum northstar_status {
  NORTHSTAR_OK = 0,               /**< success */
  NORTHSTAR_INVALID_ARGUMENT = 1, /**< a value outside its domain, or a NULL pointer */
  NORTHSTAR_SIZE_MISMATCH = 2,    /**< arrays that must have equal length do not */
  NORTHSTAR_NOT_FINITE = 3,       /**< NaN or infinity where a finite number is required */
  NORTHSTAR_INVALID_MODEL = 4,    /**< a model that cannot be evaluated */
  NORTHSTAR_PARSE_ERROR = 5,      /**< malformed text input */
  NORTHSTAR_NOT_CONVERGED = 6,    /**< a fit stopped without meeting its criterion */
  NORTHSTAR_IO_ERROR = 7,         /**< a file could not be read */
  NORTHSTAR_INTERNAL = 8,         /**< a bug: please report it */
  NORTHSTAR_OUT_OF_MEMORY = 100   /**< an allocation failed */
} northstar_status;

/** Message of the last failed call on the calling thread ("" if none).
 *  Borrowed: valid until the next northstar call on this thread. */
NORTHSTAR_C_API const char* northstar_last_error(void);

/** Name of a status ("ok", "invalid_argument", ...; "unknown" otherwise).
 *  Borrowed: a static string. */
NORTHSTAR_C_API const char* northstar_status_name(northstar_status status);

/** Version as major * 10000 + minor * 100 + patch of the library actually loaded. */
NORTHSTAR_C_API int northstar_version(void);

/* ------------------------------------------------------------------ inputs */

/** One per-customer input: an array of n values or one value for all. */
typedef struct northstar_column {
  const double* data; /**< borrowed: n values (used when is_scalar == 0) */
  double value;       /**< the value of every customer (used when is_scalar != 0) */
  int is_scalar;      /**< nonzero: broadcast `value`; zero: read `data` */
} northstar_column;

/** A column reading the borrowed array p (n values, n given by the call). */
static inline northstar_column northstar_array(const double* p) {
  northstar_column c;
  c.data = p;
  c.value = 0.0;
  c.is_scalar = 0;
  return c;
}
/** A column giving every customer the value v. */
static inline northstar_column northstar_scalar(double v) {
  northstar_column c;
  c.data = NULL;
  c.value = v;
  c.is_scalar = 1;
  return c;
}

/** Options of bulk calls (pass NULL for the defaults). */
typedef struct northstar_run_options {
  unsigned threads;     /**< 0 = all cores (default), 1 = calling thread only */
  int fused_validation; /**< 0 (default): validate everything before writing;
                             nonzero: validate chunk by chunk in the computing pass */
} northstar_run_options;

/* ------------------------------------------------------- closed-form CLV */

/** Basic CLV = average_order_value * purchase_frequency * lifespan. */
typedef struct northstar_clv_basic {
  northstar_column average_order_value; /**< >= 0 */
  northstar_column purchase_frequency;  /**< >= 0, orders per period */
  northstar_column lifespan;            /**< >= 0, periods */
} northstar_clv_basic;

/** Margin CLV = aov * gross_margin * frequency * lifespan - acquisition_cost. */
typedef struct northstar_clv_margin {
  northstar_column average_order_value; /**< >= 0 */
  northstar_column gross_margin;        /**< <= 1 */
  northstar_column purchase_frequency;  /**< >= 0 */
  northstar_column lifespan;            /**< >= 0 */
  northstar_column acquisition_cost;    /**< >= 0 */
} northstar_clv_margin;

/** Repurchase CLV = revenue * repurchase_rate - acquisition_cost. */
typedef struct northstar_clv_repurchase {
  northstar_column revenue;          /**< >= 0 */
  northstar_column repurchase_rate;  /**< in [0, 1] */
  northstar_column acquisition_cost; /**< >= 0 */
} northstar_clv_repurchase;

/** When the margin of a period arrives (see docs/clv_closed_form.md). */
typedef enum northstar_margin_timing {
  NORTHSTAR_END_OF_PERIOD = 0,  /**< m r / (1 + d - r) with no horizon (default) */
  NORTHSTAR_START_OF_PERIOD = 1 /**< m (1 + d) / (1 + d - r) with no horizon */
} northstar_margin_timing;

/** Retention CLV = sum over the horizon of m r^t / (1+d)^t - acquisition_cost. */
typedef struct northstar_clv_retention {
  northstar_column margin;           /**< finite */
  northstar_column retention;        /**< in [0, 1] */
  northstar_column discount_rate;    /**< > -1 */
  northstar_column horizon;          /**< whole >= 0, or +INFINITY for none */
  northstar_column acquisition_cost; /**< >= 0 */
  int timing; /**< a northstar_margin_timing value (an int: fixed size, any value checked) */
} northstar_clv_retention;

/** Each customer's CLV into out[0..n) (borrowed, n doubles). f is borrowed;
 *  its arrays have n values. opt may be NULL. */
NORTHSTAR_C_API northstar_status northstar_clv_basic_evaluate(const northstar_clv_basic* f, size_t n,
                                                              const northstar_run_options* opt, double* out);
/** As northstar_clv_basic_evaluate, for the margin formula. */
NORTHSTAR_C_API northstar_status northstar_clv_margin_evaluate(const northstar_clv_margin* f, size_t n,
                                                               const northstar_run_options* opt, double* out);
/** As northstar_clv_basic_evaluate, for the repurchase formula. */
NORTHSTAR_C_API northstar_status northstar_clv_repurchase_evaluate(const northstar_clv_repurchase* f,
                                                                   size_t n, const northstar_run_options* opt,
                                                                   double* out);
/** As northstar_clv_basic_evaluate, for the retention formula. */
NORTHSTAR_C_API northstar_status northstar_clv_retention_evaluate(const northstar_clv_retention* f, size_t n,
                                                                  const northstar_run_options* opt,
                                                                  double* out);

/** What an aggregate computes besides count, total, mean, min and max. All
 *  pointers borrowed. Zero-initialise for no extras. */
typedef struct northstar_aggregate_request {
  const double* quantiles; /**< quantile_count probabilities in [0, 1] */
  size_t quantile_count;
  size_t top;               /**< number of highest-CLV customers to list */
  const uint32_t* segments; /**< n labels < segment_count, or NULL for none */
  size_t segment_count;
} northstar_aggregate_request;

/** The result of an aggregate. The array members are borrowed buffers that the
 *  CALLER provides (set them before the call; NULL when not requested):
 *  quantiles: quantile_count doubles; top_index/top_value: `top` entries;
 *  segment_totals/segment_counts: segment_count entries. */
typedef struct northstar_aggregates {
  size_t count;           /**< customers (written) */
  double total;           /**< sum of CLV (written) */
  double mean;            /**< total / count, NaN when empty (written) */
  double min;             /**< lowest CLV, NaN when empty (written) */
  double max;             /**< highest CLV, NaN when empty (written) */
  double* quantiles;      /**< caller buffer: type-7 quantiles */
  size_t* top_index;      /**< caller buffer: customer indices, highest CLV first */
  double* top_value;      /**< caller buffer: their CLV */
  size_t top_count;       /**< entries written to top_* (min(top, n)) (written) */
  double* segment_totals; /**< caller buffer: CLV per segment */
  size_t* segment_counts; /**< caller buffer: customers per segment */
} northstar_aggregates;

/** Summary of the formula's CLV over n customers without a per-customer array
 *  (at least one input must be an array, as in C++).
 *  req and opt may be NULL; out is borrowed (its buffers are written). */
NORTHSTAR_C_API northstar_status northstar_clv_basic_aggregate(const northstar_clv_basic* f, size_t n,
                                                               const northstar_aggregate_request* req,
                                                               const northstar_run_options* opt,
                                                               northstar_aggregates* out);
/** As northstar_clv_basic_aggregate, for the margin formula. */
NORTHSTAR_C_API northstar_status northstar_clv_margin_aggregate(const northstar_clv_margin* f, size_t n,
                                                                const northstar_aggregate_request* req,
                                                                const northstar_run_options* opt,
                                                                northstar_aggregates* out);
/** As northstar_clv_basic_aggregate, for the repurchase formula. */
NORTHSTAR_C_API northstar_status northstar_clv_repurchase_aggregate(const northstar_clv_repurchase* f,
                                                                    size_t n,
                                                                    const northstar_aggregate_request* req,
                                                                    const northstar_run_options* opt,
                                                                    northstar_aggregates* out);
/** As northstar_clv_basic_aggregate, for the retention formula. */
NORTHSTAR_C_API northstar_status northstar_clv_retention_aggregate(const northstar_clv_retention* f, size_t n,
                                                                   const northstar_aggregate_request* req,
                                                                   const northstar_run_options* opt,
                                                                   northstar_aggregates* out);

/* ------------------------------------------------------------------ fitting */

/** Options of a maximum-likelihood fit (pass NULL for the defaults). */
typedef struct northstar_fit_options {
  int max_iterations;        /**< L-BFGS iteration limit (default 1000) */
  double gradient_tolerance; /**< default 1e-7 */
  double l2_penalty;         /**< default 0 */
  int throw_on_failure;      /**< nonzero (default): no convergence = NORTHSTAR_NOT_CONVERGED */
} northstar_fit_options;

/** The defaults of northstar_fit_options. */
NORTHSTAR_C_API northstar_fit_options northstar_fit_options_default(void);

/** What a fit did. */
typedef struct northstar_fit_report {
  int converged;         /**< nonzero when the gradient criterion was met */
  int iterations;        /**< L-BFGS iterations */
  double gradient_norm;  /**< final gradient norm */
  double log_likelihood; /**< at the estimate, without penalty */
} northstar_fit_report;

/* ---------------------------------------------------------------------- sBG */

/** A fitted (or given) sBG model (Fader & Hardie 2007). Opaque, immutable;
 *  safe to use from several threads at once. */
typedef struct northstar_sbg northstar_sbg;

/** A model with the given alpha, beta > 0. *out is owned: northstar_sbg_destroy. */
NORTHSTAR_C_API northstar_status northstar_sbg_create(double alpha, double beta, northstar_sbg** out);
/** Fits to one cohort's survivor counts (borrowed, count >= 3 values). opt may
 *  be NULL. *out is owned: northstar_sbg_destroy. */
NORTHSTAR_C_API northstar_status northstar_sbg_fit(const double* survivors, size_t count,
                                                   const northstar_fit_options* opt, northstar_sbg** out);
/** Fits to individual customers: period[i] and churned[i] (0/1), n each, borrowed. */
NORTHSTAR_C_API northstar_status northstar_sbg_fit_individual(const double* period, const uint8_t* churned,
                                                              size_t n, const northstar_fit_options* opt,
                                                              northstar_sbg** out);
/** Releases a model; NULL is a no-op. */
NORTHSTAR_C_API void northstar_sbg_destroy(northstar_sbg* model);
/** alpha and beta. */
NORTHSTAR_C_API northstar_status northstar_sbg_parameters(const northstar_sbg* model, double* alpha,
                                                          double* beta);
/** Standard errors of alpha and beta (0 for a model made by northstar_sbg_create). */
NORTHSTAR_C_API northstar_status northstar_sbg_standard_errors(const northstar_sbg* model, double* alpha_se,
                                                               double* beta_se);
/** The fit's report (converged = 1, iterations = 0 for a created model). */
NORTHSTAR_C_API northstar_status northstar_sbg_report(const northstar_sbg* model, northstar_fit_report* out);
/** S(t[i]) into out[i], n each (borrowed). */
NORTHSTAR_C_API northstar_status northstar_sbg_survival(const northstar_sbg* model, const double* t, size_t n,
                                                        const northstar_run_options* opt, double* out);
/** P(T = t[i]) into out[i]. */
NORTHSTAR_C_API northstar_status northstar_sbg_churn_probability(const northstar_sbg* model, const double* t,
                                                                 size_t n, const northstar_run_options* opt,
                                                                 double* out);
/** Retention rate r_{t[i]} into out[i]. */
NORTHSTAR_C_API northstar_status northstar_sbg_retention_rate(const northstar_sbg* model, const double* t,
                                                              size_t n, const northstar_run_options* opt,
                                                              double* out);
/** DEL: discounted expected lifetime of a new customer (discount_rate > 0). */
NORTHSTAR_C_API northstar_status northstar_sbg_discounted_expected_lifetime(const northstar_sbg* model,
                                                                            double discount_rate,
                                                                            double* out);
/** DERL of each customer with renewals[i] renewals made, into out[i]. */
NORTHSTAR_C_API northstar_status northstar_sbg_discounted_expected_residual_lifetime(
    const northstar_sbg* model, double discount_rate, const double* renewals, size_t n,
    const northstar_run_options* opt, double* out);

/* -------------------------------------------------------------------- BG/BB */

/** A fitted (or given) BG/BB model (Fader, Hardie & Shang 2010). Opaque,
 *  immutable; safe to use from several threads at once. */
typedef struct northstar_bg_bb northstar_bg_bb;

/** A model with alpha, beta, gamma, delta > 0. *out owned: northstar_bg_bb_destroy. */
NORTHSTAR_C_API northstar_status northstar_bg_bb_create(double alpha, double beta, double gamma, double delta,
                                                        northstar_bg_bb** out);
/** Fits to n customers or patterns (x, t_x, n_opportunities, weights: arrays
 *  of n values or scalars; use northstar_scalar(1) for unit weights). */
NORTHSTAR_C_API northstar_status northstar_bg_bb_fit(northstar_column x, northstar_column t_x,
                                                     northstar_column n_opportunities,
                                                     northstar_column weights, size_t n,
                                                     const northstar_fit_options* opt, northstar_bg_bb** out);
/** Releases a model; NULL is a no-op. */
NORTHSTAR_C_API void northstar_bg_bb_destroy(northstar_bg_bb* model);
/** alpha, beta, gamma, delta into out[0..4) (borrowed, 4 doubles). */
NORTHSTAR_C_API northstar_status northstar_bg_bb_parameters(const northstar_bg_bb* model, double* out);
/** Standard errors of alpha, beta, gamma, delta into out[0..4) (0 for a created model). */
NORTHSTAR_C_API northstar_status northstar_bg_bb_standard_errors(const northstar_bg_bb* model, double* out);
/** The fit's report. */
NORTHSTAR_C_API northstar_status northstar_bg_bb_report(const northstar_bg_bb* model,
                                                        northstar_fit_report* out);
/** P(alive at n+1 | x, t_x, n) for n customers into out. */
NORTHSTAR_C_API northstar_status northstar_bg_bb_probability_alive(const northstar_bg_bb* model,
                                                                   northstar_column x, northstar_column t_x,
                                                                   northstar_column n_opportunities, size_t n,
                                                                   const northstar_run_options* opt,
                                                                   double* out);
/** E[X(n, n + n_star) | x, t_x, n] for n customers into out. */
NORTHSTAR_C_API northstar_status northstar_bg_bb_conditional_expected_purchases(
    const northstar_bg_bb* model, northstar_column x, northstar_column t_x, northstar_column n_opportunities,
    northstar_column n_star, size_t n, const northstar_run_options* opt, double* out);
/** DERT(d | x, t_x, n) for n customers into out (discount_rate > 0). */
NORTHSTAR_C_API northstar_status northstar_bg_bb_discounted_expected_residual_transactions(
    const northstar_bg_bb* model, double discount_rate, northstar_column x, northstar_column t_x,
    northstar_column n_opportunities, size_t n, const northstar_run_options* opt, double* out);
/** E[X(n)] of a new customer for n values of n_opportunities into out. */
NORTHSTAR_C_API northstar_status northstar_bg_bb_expected_purchases(const northstar_bg_bb* model,
                                                                    northstar_column n_opportunities,
                                                                    size_t n,
                                                                    const northstar_run_options* opt,
                                                                    double* out);

#ifdef __cplusplus
}
#endif

#endif /* NORTHSTAR_NORTHSTAR_H */
