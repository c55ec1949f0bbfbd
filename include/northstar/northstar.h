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

/** Name of a status ("ok", "invalid_argument", ...; "unknown" for any other int, which is
 *  why it takes an int: an out-of-range enum value is not representable in C++).
 *  Borrowed: a static string. */
NORTHSTAR_C_API const char* northstar_status_name(int status);

/** Version of the header at compile time (equal to those of include/northstar/version.hpp);
 *  compare NORTHSTAR_VERSION_NUMBER with northstar_version() to detect a different library. */
#define NORTHSTAR_VERSION_MAJOR 0
#define NORTHSTAR_VERSION_MINOR 1
#define NORTHSTAR_VERSION_PATCH 0
/** NORTHSTAR_VERSION_MAJOR * 10000 + NORTHSTAR_VERSION_MINOR * 100 + NORTHSTAR_VERSION_PATCH. */
#define NORTHSTAR_VERSION_NUMBER \
  (NORTHSTAR_VERSION_MAJOR * 10000 + NORTHSTAR_VERSION_MINOR * 100 + NORTHSTAR_VERSION_PATCH)

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

/** How l2_penalty enters the objective of a fit (northstar_fit_options.penalty). */
typedef enum northstar_penalty_convention {
  /** LL - W * l2_penalty * sum theta_k^2 (W = total weight of the data), for every model */
  NORTHSTAR_PENALTY_PER_WEIGHT = 0,
  /** the objective of the Python package lifetimes (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma
   *  only; NORTHSTAR_INVALID_ARGUMENT for sBG and BG/BB) */
  NORTHSTAR_PENALTY_LIFETIMES = 1
} northstar_penalty_convention;

/** Options of a maximum-likelihood fit, the same for every model (pass NULL for
 *  the defaults; start from northstar_fit_options_default() to set a few). A bad
 *  value fails the fit with NORTHSTAR_INVALID_ARGUMENT (NORTHSTAR_NOT_FINITE for
 *  NaN or infinity) and a message naming the option. */
typedef struct northstar_fit_options {
  int max_iterations;        /**< L-BFGS iteration limit, > 0 (default 1000) */
  double gradient_tolerance; /**< finite, > 0 (default 1e-7) */
  double l2_penalty;         /**< finite, >= 0 (default 0 = none) */
  int throw_on_failure;      /**< nonzero (default): no convergence = NORTHSTAR_NOT_CONVERGED */
  int penalty;      /**< a northstar_penalty_convention value (default NORTHSTAR_PENALTY_PER_WEIGHT) */
  unsigned threads; /**< threads of the likelihood: 0 = all cores (default), 1 = the calling thread */
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

/* Every model below (sBG, BG/BB, BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma) has
 * the same family of functions, with N its number of parameters:
 *   northstar_<model>_create(<parameters>, &m)  a given model (not fitted)
 *   northstar_<model>_fit(<data>, opt, &m)      a maximum-likelihood fit
 *   northstar_<model>_destroy(m)
 *   northstar_<model>_parameters(m, out)        N doubles, in the model's parameter order
 *   northstar_<model>_standard_errors(m, out)   N doubles, same order
 *   northstar_<model>_covariance(m, out)        N * N doubles, row-major, same order
 *   northstar_<model>_report(m, &report)
 * The standard errors are the square roots of the covariance's diagonal; the
 * covariance is that of the fit (the inverse Hessian of the penalised objective,
 * see docs/c_api.md), NaN everywhere when that Hessian is not positive definite.
 * A model made by _create has NaN standard errors and covariance, and the report
 * {converged = 1, iterations = 0, gradient_norm = NaN, log_likelihood = NaN}.
 * A NULL model or out is NORTHSTAR_INVALID_ARGUMENT ("model is NULL", "out is NULL"). */

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
/** alpha, beta into out[0..2) (borrowed, 2 doubles). */
NORTHSTAR_C_API northstar_status northstar_sbg_parameters(const northstar_sbg* model, double* out);
/** Standard errors of alpha, beta into out[0..2) (NaN for a created model). */
NORTHSTAR_C_API northstar_status northstar_sbg_standard_errors(const northstar_sbg* model, double* out);
/** Covariance of (alpha, beta) into out[0..4), row-major (NaN for a created model). */
NORTHSTAR_C_API northstar_status northstar_sbg_covariance(const northstar_sbg* model, double* out);
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
/** Standard errors of alpha, beta, gamma, delta into out[0..4) (NaN for a created model). */
NORTHSTAR_C_API northstar_status northstar_bg_bb_standard_errors(const northstar_bg_bb* model, double* out);
/** Covariance of (alpha, beta, gamma, delta) into out[0..16), row-major (NaN for a created model). */
NORTHSTAR_C_API northstar_status northstar_bg_bb_covariance(const northstar_bg_bb* model, double* out);
/** The fit's report (converged = 1, iterations = 0 for a created model). */
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

/* ------------------------------------------------- transaction models: data */

/** Per-customer data of the transaction models (BG/NBD, MBG/NBD, Pareto/NBD):
 *  n values each (n given by the call), all borrowed. */
typedef struct northstar_rfm {
  const double* frequency; /**< x: repeat purchases, whole >= 0 */
  const double* recency;   /**< t_x: time of the last purchase after the first, 0 <= t_x <= T */
  const double* age;       /**< T: time from the first purchase to the end of calibration, > 0 */
  const double* weight;    /**< customers per row, >= 0; NULL = 1 each */
} northstar_rfm;

/** Discrete discounting: `periods` periods of `period_length` model time units,
 *  the purchases of period i (1..periods) divided by (1 + rate)^i (the
 *  convention of lifetimes' customer_lifetime_value). E.g. {12, 4.345, 0.01}:
 *  12 months of 4.345 weeks at 1% per month for a model fitted in weeks. */
typedef struct northstar_per_period_discount {
  int periods;          /**< >= 0 */
  double period_length; /**< model time units per period, > 0 */
  double rate;          /**< discount rate per period, > -1 */
} northstar_per_period_discount;

/** Continuous discounting: purchases at time s (model time units from T)
 *  weighted by e^(-rate s) over (0, horizon]. */
typedef struct northstar_continuous_discount {
  double horizon; /**< model time units, finite >= 0 */
  double rate;    /**< continuous rate per model time unit, >= 0 */
} northstar_continuous_discount;

/* ------------------------------------------------------------------ BG/NBD */

/** A fitted (or given) BG/NBD model (Fader, Hardie & Lee 2005). Opaque, immutable; safe to use
 *  from several threads at once. Parameters (in this order everywhere):
 *  r, alpha (purchase rate ~ Gamma(r, alpha)), a, b (dropout ~ Beta(a, b)). Times are in the unit of the data
 * it was fitted on. */
typedef struct northstar_bg_nbd northstar_bg_nbd;

/** A model with the given parameters (finite, > 0). *out is owned: northstar_bg_nbd_destroy. */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_create(double r, double alpha, double a, double b,
                                                         northstar_bg_nbd** out);
/** Maximum-likelihood fit on n customers or weighted patterns (data borrowed;
 *  duplicates are compressed first). opt may be NULL (defaults; opt->threads
 *  gives the threads). *out is owned: northstar_bg_nbd_destroy. */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_fit(const northstar_rfm* data, size_t n,
                                                      const northstar_fit_options* opt,
                                                      northstar_bg_nbd** out);
/** Releases a model; NULL is a no-op. */
NORTHSTAR_C_API void northstar_bg_nbd_destroy(northstar_bg_nbd* model);
/** r, alpha, a, b into out[0..4) (borrowed, 4 doubles). */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_parameters(const northstar_bg_nbd* model, double* out);
/** Standard errors in parameter order into out[0..4) (NaN for a created model,
 *  and where the Hessian of the fit is not positive definite). */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_standard_errors(const northstar_bg_nbd* model, double* out);
/** Covariance of the estimates in parameter order into out[0..16), row-major
 *  (NaN for a created model, and where the Hessian is not positive definite). */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_covariance(const northstar_bg_nbd* model, double* out);
/** The fit's report (converged = 1, iterations = 0 for a created model). */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_report(const northstar_bg_nbd* model,
                                                         northstar_fit_report* out);
/** Weighted log-likelihood of n customers or patterns into *out. */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_log_likelihood(const northstar_bg_nbd* model,
                                                                 const northstar_rfm* data, size_t n,
                                                                 const northstar_run_options* opt,
                                                                 double* out);
/** E[X(t[i])], expected repeat purchases of a new customer in (0, t[i]], into out[i]. */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_expected_purchases(const northstar_bg_nbd* model,
                                                                     const double* t, size_t n,
                                                                     const northstar_run_options* opt,
                                                                     double* out);
/** E[Y(t) | x, t_x, T]: expected purchases of each customer in (T, T + t], into out. */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_conditional_expected_purchases(
    const northstar_bg_nbd* model, double t, const northstar_rfm* data, size_t n,
    const northstar_run_options* opt, double* out);
/** P(alive at T | x, t_x, T) of each customer into out. */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_probability_alive(const northstar_bg_nbd* model,
                                                                    const northstar_rfm* data, size_t n,
                                                                    const northstar_run_options* opt,
                                                                    double* out);
/** P(X(t[i]) = count[i]) for a new customer into out[i] (count whole, >= 0). */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_probability_of_purchases(const northstar_bg_nbd* model,
                                                                           const double* t,
                                                                           const double* count, size_t n,
                                                                           const northstar_run_options* opt,
                                                                           double* out);
/** Discounted expected purchases of each customer over discount.periods periods
 *  (rate per period, see northstar_per_period_discount) into out. */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_discounted_expected_purchases_per_period(
    const northstar_bg_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out);
/** Discounted expected purchases over (T, T + discount.horizon] at a continuous
 *  rate (see northstar_continuous_discount) into out. */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_discounted_expected_purchases_continuous(
    const northstar_bg_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out);
/** CLV = discounted expected purchases (per-period convention) x expected_spend[i]
 *  (borrowed, n values >= 0, e.g. from northstar_gamma_gamma_conditional_expected_spend). */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_customer_lifetime_value_per_period(
    const northstar_bg_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out);
/** CLV = discounted expected purchases (continuous convention) x expected_spend[i]. */
NORTHSTAR_C_API northstar_status northstar_bg_nbd_customer_lifetime_value_continuous(
    const northstar_bg_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out);

/* ------------------------------------------------------------------ MBG/NBD */

/** A fitted (or given) MBG/NBD model (Batislam, Denizel & Filiztekin 2007). Opaque, immutable; safe to use
 *  from several threads at once. Parameters (in this order everywhere):
 *  r, alpha (purchase rate ~ Gamma(r, alpha)), a, b (dropout ~ Beta(a, b)). Times are in the unit of the data
 * it was fitted on. */
typedef struct northstar_mbg_nbd northstar_mbg_nbd;

/** A model with the given parameters (finite, > 0). *out is owned: northstar_mbg_nbd_destroy. */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_create(double r, double alpha, double a, double b,
                                                          northstar_mbg_nbd** out);
/** Maximum-likelihood fit on n customers or weighted patterns (data borrowed;
 *  duplicates are compressed first). opt may be NULL (defaults; opt->threads
 *  gives the threads). *out is owned: northstar_mbg_nbd_destroy. */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_fit(const northstar_rfm* data, size_t n,
                                                       const northstar_fit_options* opt,
                                                       northstar_mbg_nbd** out);
/** Releases a model; NULL is a no-op. */
NORTHSTAR_C_API void northstar_mbg_nbd_destroy(northstar_mbg_nbd* model);
/** r, alpha, a, b into out[0..4) (borrowed, 4 doubles). */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_parameters(const northstar_mbg_nbd* model, double* out);
/** Standard errors in parameter order into out[0..4) (NaN for a created model,
 *  and where the Hessian of the fit is not positive definite). */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_standard_errors(const northstar_mbg_nbd* model,
                                                                   double* out);
/** Covariance of the estimates in parameter order into out[0..16), row-major
 *  (NaN for a created model, and where the Hessian is not positive definite). */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_covariance(const northstar_mbg_nbd* model, double* out);
/** The fit's report (converged = 1, iterations = 0 for a created model). */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_report(const northstar_mbg_nbd* model,
                                                          northstar_fit_report* out);
/** Weighted log-likelihood of n customers or patterns into *out. */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_log_likelihood(const northstar_mbg_nbd* model,
                                                                  const northstar_rfm* data, size_t n,
                                                                  const northstar_run_options* opt,
                                                                  double* out);
/** E[X(t[i])], expected repeat purchases of a new customer in (0, t[i]], into out[i]. */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_expected_purchases(const northstar_mbg_nbd* model,
                                                                      const double* t, size_t n,
                                                                      const northstar_run_options* opt,
                                                                      double* out);
/** E[Y(t) | x, t_x, T]: expected purchases of each customer in (T, T + t], into out. */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_conditional_expected_purchases(
    const northstar_mbg_nbd* model, double t, const northstar_rfm* data, size_t n,
    const northstar_run_options* opt, double* out);
/** P(alive at T | x, t_x, T) of each customer into out. */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_probability_alive(const northstar_mbg_nbd* model,
                                                                     const northstar_rfm* data, size_t n,
                                                                     const northstar_run_options* opt,
                                                                     double* out);
/** P(X(t[i]) = count[i]) for a new customer into out[i] (count whole, >= 0). */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_probability_of_purchases(const northstar_mbg_nbd* model,
                                                                            const double* t,
                                                                            const double* count, size_t n,
                                                                            const northstar_run_options* opt,
                                                                            double* out);
/** Discounted expected purchases of each customer over discount.periods periods
 *  (rate per period, see northstar_per_period_discount) into out. */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_discounted_expected_purchases_per_period(
    const northstar_mbg_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out);
/** Discounted expected purchases over (T, T + discount.horizon] at a continuous
 *  rate (see northstar_continuous_discount) into out. */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_discounted_expected_purchases_continuous(
    const northstar_mbg_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out);
/** CLV = discounted expected purchases (per-period convention) x expected_spend[i]
 *  (borrowed, n values >= 0, e.g. from northstar_gamma_gamma_conditional_expected_spend). */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_customer_lifetime_value_per_period(
    const northstar_mbg_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out);
/** CLV = discounted expected purchases (continuous convention) x expected_spend[i]. */
NORTHSTAR_C_API northstar_status northstar_mbg_nbd_customer_lifetime_value_continuous(
    const northstar_mbg_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out);

/* ------------------------------------------------------------------ Pareto/NBD */

/** A fitted (or given) Pareto/NBD model (Schmittlein, Morrison & Colombo 1987). Opaque, immutable; safe to
 * use from several threads at once. Parameters (in this order everywhere): r, alpha (purchase rate ~ Gamma(r,
 * alpha)), s, beta (dropout rate ~ Gamma(s, beta)). Times are in the unit of the data it was fitted on. */
typedef struct northstar_pareto_nbd northstar_pareto_nbd;

/** A model with the given parameters (finite, > 0). *out is owned: northstar_pareto_nbd_destroy. */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_create(double r, double alpha, double s, double beta,
                                                             northstar_pareto_nbd** out);
/** Maximum-likelihood fit on n customers or weighted patterns (data borrowed;
 *  duplicates are compressed first). opt may be NULL (defaults; opt->threads
 *  gives the threads). *out is owned: northstar_pareto_nbd_destroy. */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_fit(const northstar_rfm* data, size_t n,
                                                          const northstar_fit_options* opt,
                                                          northstar_pareto_nbd** out);
/** Releases a model; NULL is a no-op. */
NORTHSTAR_C_API void northstar_pareto_nbd_destroy(northstar_pareto_nbd* model);
/** r, alpha, s, beta into out[0..4) (borrowed, 4 doubles). */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_parameters(const northstar_pareto_nbd* model,
                                                                 double* out);
/** Standard errors in parameter order into out[0..4) (NaN for a created model,
 *  and where the Hessian of the fit is not positive definite). */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_standard_errors(const northstar_pareto_nbd* model,
                                                                      double* out);
/** Covariance of the estimates in parameter order into out[0..16), row-major
 *  (NaN for a created model, and where the Hessian is not positive definite). */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_covariance(const northstar_pareto_nbd* model,
                                                                 double* out);
/** The fit's report (converged = 1, iterations = 0 for a created model). */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_report(const northstar_pareto_nbd* model,
                                                             northstar_fit_report* out);
/** Weighted log-likelihood of n customers or patterns into *out. */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_log_likelihood(const northstar_pareto_nbd* model,
                                                                     const northstar_rfm* data, size_t n,
                                                                     const northstar_run_options* opt,
                                                                     double* out);
/** E[X(t[i])], expected repeat purchases of a new customer in (0, t[i]], into out[i]. */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_expected_purchases(const northstar_pareto_nbd* model,
                                                                         const double* t, size_t n,
                                                                         const northstar_run_options* opt,
                                                                         double* out);
/** E[Y(t) | x, t_x, T]: expected purchases of each customer in (T, T + t], into out. */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_conditional_expected_purchases(
    const northstar_pareto_nbd* model, double t, const northstar_rfm* data, size_t n,
    const northstar_run_options* opt, double* out);
/** P(alive at T | x, t_x, T) of each customer into out. */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_probability_alive(const northstar_pareto_nbd* model,
                                                                        const northstar_rfm* data, size_t n,
                                                                        const northstar_run_options* opt,
                                                                        double* out);
/** P(X(t[i]) = count[i]) for a new customer into out[i] (count whole, >= 0). */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_probability_of_purchases(
    const northstar_pareto_nbd* model, const double* t, const double* count, size_t n,
    const northstar_run_options* opt, double* out);
/** Discounted expected purchases of each customer over discount.periods periods
 *  (rate per period, see northstar_per_period_discount) into out. */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_discounted_expected_purchases_per_period(
    const northstar_pareto_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out);
/** Discounted expected purchases over (T, T + discount.horizon] at a continuous
 *  rate (see northstar_continuous_discount) into out. */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_discounted_expected_purchases_continuous(
    const northstar_pareto_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    size_t n, const northstar_run_options* opt, double* out);
/** CLV = discounted expected purchases (per-period convention) x expected_spend[i]
 *  (borrowed, n values >= 0, e.g. from northstar_gamma_gamma_conditional_expected_spend). */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_customer_lifetime_value_per_period(
    const northstar_pareto_nbd* model, northstar_per_period_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out);
/** CLV = discounted expected purchases (continuous convention) x expected_spend[i]. */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_customer_lifetime_value_continuous(
    const northstar_pareto_nbd* model, northstar_continuous_discount discount, const northstar_rfm* data,
    const double* expected_spend, size_t n, const northstar_run_options* opt, double* out);
/** DERT: discounted expected residual transactions after T at the continuous
 *  rate `continuous_rate` (> 0) per time unit (Fader, Hardie & Lee 2005, "RFM
 *  and CLV"); for a per-period rate d pass log(1 + d). Into out. */
NORTHSTAR_C_API northstar_status northstar_pareto_nbd_discounted_expected_residual_transactions(
    const northstar_pareto_nbd* model, double continuous_rate, const northstar_rfm* data, size_t n,
    const northstar_run_options* opt, double* out);

/* -------------------------------------------------------------- Gamma-Gamma */

/** A fitted (or given) Gamma-Gamma spend model (Fader, Hardie & Lee 2005;
 *  Fader & Hardie 2013). Parameters p, q, gamma. Opaque, immutable, thread-safe. */
typedef struct northstar_gamma_gamma northstar_gamma_gamma;

/** A model with p, q, gamma finite and > 0. *out owned: northstar_gamma_gamma_destroy. */
NORTHSTAR_C_API northstar_status northstar_gamma_gamma_create(double p, double q, double gamma,
                                                              northstar_gamma_gamma** out);
/** Fits on the customers with frequency > 0: frequency (x, whole >= 0),
 *  mean_spend (zbar, > 0 when x > 0) and weight (NULL = 1 each), n values each,
 *  borrowed. opt may be NULL. *out owned: northstar_gamma_gamma_destroy. */
NORTHSTAR_C_API northstar_status northstar_gamma_gamma_fit(const double* frequency, const double* mean_spend,
                                                           const double* weight, size_t n,
                                                           const northstar_fit_options* opt,
                                                           northstar_gamma_gamma** out);
/** Releases a model; NULL is a no-op. */
NORTHSTAR_C_API void northstar_gamma_gamma_destroy(northstar_gamma_gamma* model);
/** p, q, gamma into out[0..3) (borrowed, 3 doubles). */
NORTHSTAR_C_API northstar_status northstar_gamma_gamma_parameters(const northstar_gamma_gamma* model,
                                                                  double* out);
/** Standard errors of p, q, gamma into out[0..3) (NaN for a created model). */
NORTHSTAR_C_API northstar_status northstar_gamma_gamma_standard_errors(const northstar_gamma_gamma* model,
                                                                       double* out);
/** Covariance of (p, q, gamma) into out[0..9), row-major (NaN for a created model). */
NORTHSTAR_C_API northstar_status northstar_gamma_gamma_covariance(const northstar_gamma_gamma* model,
                                                                  double* out);
/** The fit's report (converged = 1, iterations = 0 for a created model). */
NORTHSTAR_C_API northstar_status northstar_gamma_gamma_report(const northstar_gamma_gamma* model,
                                                              northstar_fit_report* out);
/** Weighted log-likelihood of the customers with frequency > 0 into *out (weight may be NULL). */
NORTHSTAR_C_API northstar_status northstar_gamma_gamma_log_likelihood(const northstar_gamma_gamma* model,
                                                                      const double* frequency,
                                                                      const double* mean_spend,
                                                                      const double* weight, size_t n,
                                                                      double* out);
/** E[Z | x, zbar], expected spend per transaction of each customer, into out
 *  (NORTHSTAR_INVALID_MODEL when p x + q <= 1 for some customer). */
NORTHSTAR_C_API northstar_status northstar_gamma_gamma_conditional_expected_spend(
    const northstar_gamma_gamma* model, const double* frequency, const double* mean_spend, size_t n,
    const northstar_run_options* opt, double* out);

/* ------------------------------------------------- transaction summaries */

/** Unit of recency, age and holdout length. */
typedef enum northstar_time_unit {
  NORTHSTAR_DAYS = 0,  /**< 1 day */
  NORTHSTAR_WEEKS = 1, /**< 7 days */
  NORTHSTAR_MONTHS = 2 /**< 365.25 / 12 days */
} northstar_time_unit;

/** Options of northstar_summarize. Dates are day numbers (days since
 *  1970-01-01, see northstar_civil_day / northstar_parse_date). */
typedef struct northstar_summary_options {
  int unit;                /**< a northstar_time_unit value (default NORTHSTAR_WEEKS) */
  int64_t calibration_end; /**< last day of calibration, inclusive (required) */
  int has_holdout;         /**< nonzero: a holdout period up to holdout_end (default 0) */
  int64_t holdout_end;     /**< last day of the holdout, inclusive, > calibration_end */
  int aggregate_same_day;  /**< nonzero (default): one customer's purchases of one day are one */
} northstar_summary_options;

/** Defaults (weeks, no holdout, same-day aggregation) with calibration_end. */
NORTHSTAR_C_API northstar_summary_options northstar_summary_options_default(int64_t calibration_end);

/** How a transaction CSV is laid out. The strings are borrowed (read during the call). */
typedef struct northstar_csv_format {
  char delimiter;        /**< field separator; ' ' = runs of spaces and tabs */
  int header;            /**< nonzero: the first line names the columns */
  const char* id_column; /**< column names (used when header) */
  const char* date_column;
  const char* amount_column;
  int id_index; /**< 0-based column indices (used when !header) */
  int date_index;
  int amount_index;
  int has_amount;          /**< zero: no amount column */
  const char* date_format; /**< %Y %m %d %H %M %S %% and literals, e.g. "%Y-%m-%d" */
} northstar_csv_format;

/** Defaults: ',' with a header naming id, date, amount; dates "%Y-%m-%d". */
NORTHSTAR_C_API northstar_csv_format northstar_csv_format_default(void);
/** The layout of Fader & Hardie's CDNOW_sample.txt (whitespace, no header,
 *  0-based columns: id 1, date YYYYMMDD 2, dollars 4). */
NORTHSTAR_C_API northstar_csv_format northstar_csv_format_cdnow(void);

/** Day number of a calendar date (NORTHSTAR_INVALID_ARGUMENT if it does not exist). */
NORTHSTAR_C_API northstar_status northstar_civil_day(int year, int month, int day, int64_t* out);
/** Day number of `text` (borrowed, NUL-terminated) read with `format` (borrowed). */
NORTHSTAR_C_API northstar_status northstar_parse_date(const char* text, const char* format, int64_t* out);

/** Per-customer summary of a transaction log (x, t_x, T, spend, holdout).
 *  Opaque, immutable; customers in ascending id order. */
typedef struct northstar_summary northstar_summary;

/** Summarises n transactions: customer[i] (id), day[i] (day number) and
 *  amount[i] (>= 0; amount may be NULL: no values), all borrowed. opt is
 *  required (calibration_end). *out owned: northstar_summary_destroy. */
NORTHSTAR_C_API northstar_status northstar_summarize(const int64_t* customer, const int64_t* day,
                                                     const double* amount, size_t n,
                                                     const northstar_summary_options* opt,
                                                     northstar_summary** out);
/** Reads a transaction CSV at `path` (borrowed; format NULL = default) and
 *  summarises it; errors name the line. *out owned: northstar_summary_destroy. */
NORTHSTAR_C_API northstar_status northstar_summarize_csv(const char* path, const northstar_csv_format* format,
                                                         const northstar_summary_options* opt,
                                                         northstar_summary** out);
/** Releases a summary; NULL is a no-op. */
NORTHSTAR_C_API void northstar_summary_destroy(northstar_summary* summary);

/** Scalars of a summary. */
typedef struct northstar_summary_info {
  size_t customers;                       /**< number of customers (length of every column) */
  int unit;                               /**< northstar_time_unit */
  int64_t calibration_end;                /**< day number */
  int has_holdout;                        /**< nonzero when a holdout was asked for */
  int64_t holdout_end;                    /**< day number (0 without holdout) */
  double holdout_length;                  /**< in `unit` (0 without holdout) */
  size_t transactions_of_later_customers; /**< not counted: customers first seen after calibration_end */
  size_t transactions_after_end;          /**< not counted: after the last day of the periods */
  size_t later_customers;                 /**< customers first seen after calibration_end */
} northstar_summary_info;

/** The summary's scalars (customers first: the length of the columns). */
NORTHSTAR_C_API northstar_status northstar_summary_get_info(const northstar_summary* summary,
                                                            northstar_summary_info* out);

/** Caller buffers for northstar_summary_copy: each NULL (skip) or `customers`
 *  elements (borrowed). */
typedef struct northstar_summary_columns {
  int64_t* id;               /**< customer id */
  int64_t* first_day;        /**< day number of the first purchase */
  double* frequency;         /**< x */
  double* recency;           /**< t_x */
  double* age;               /**< T */
  double* monetary;          /**< zbar: mean value of the repeat purchases (0 when x = 0) */
  double* repeat_spend;      /**< x * zbar */
  double* first_spend;       /**< value of the first purchase (day) */
  double* holdout_frequency; /**< purchases in the holdout (only with a holdout) */
  double* holdout_spend;     /**< their value (only with a holdout) */
} northstar_summary_columns;

/** Copies the columns whose buffer is not NULL. `customers` must equal the
 *  summary's size (NORTHSTAR_SIZE_MISMATCH otherwise); asking for holdout
 *  columns of a summary without holdout is NORTHSTAR_INVALID_ARGUMENT. */
NORTHSTAR_C_API northstar_status northstar_summary_copy(const northstar_summary* summary, size_t customers,
                                                        const northstar_summary_columns* out);

/* ------------------------------------------------------------ OKR evaluation */

/** Options of northstar_okr_evaluate_json (every other convention at the
 *  defaults documented in docs/okr.md). */
typedef struct northstar_okr_options {
  int64_t as_of;    /**< instant of the evaluation, seconds since 1970-01-01 00:00 UTC */
  unsigned threads; /**< 0 = all cores */
  int indent;       /**< report indentation; < 0: one line */
} northstar_okr_options;

/** Reads an OKR set from JSON text (json: borrowed, `length` bytes, need not be
 *  NUL-terminated; see docs/okr_json.md), evaluates it at opt->as_of and
 *  writes the JSON evaluation report to *report: owned, NUL-terminated,
 *  release with northstar_string_free. A bad document is
 *  NORTHSTAR_PARSE_ERROR or NORTHSTAR_INVALID_MODEL, and northstar_last_error()
 *  names the JSON path of the fault (e.g. "/objectives/2/key_results/0/target"). */
NORTHSTAR_C_API northstar_status northstar_okr_evaluate_json(const char* json, size_t length,
                                                             const northstar_okr_options* opt, char** report);
/** Releases a string returned by northstar; NULL is a no-op. */
NORTHSTAR_C_API void northstar_string_free(char* text);

#ifdef __cplusplus
}
#endif

#endif /* NORTHSTAR_NORTHSTAR_H */
