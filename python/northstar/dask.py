"""northstar.dask: customer lifetime value over a Dask DataFrame of transactions.

The pipeline for transaction logs too large for one machine:

    import northstar.dask as nd
    summary = nd.summarize(transactions, calibration_end="1997-09-30")   # lazy, per customer
    patterns = nd.compress(summary)             # weighted unique (x, t_x, T): small, on the driver
    fit = nd.fit(patterns, model="bg_nbd")      # one C++ fit on the driver (GIL released)
    spend = nd.fit_spend(summary)               # Gamma-Gamma on the customers with x > 0
    scored = nd.predict(summary, fit.params, spend=spend.params)   # lazy, per partition
    scored.nlargest(10, "clv").compute()

1. summarize: validates the columns (a missing column, a wrong dtype, a NaN/NaT, a negative
   amount raise an error naming the column), floors timestamps to days, hash-partitions the
   transactions by customer (a Dask shuffle: every customer's rows end in one partition), then
   runs northstar.clv.summarize -- the same C++ code as the single-process path -- on each
   partition. Same time unit, same day-resolution conventions (purchases of one day are one
   transaction, calibration_end inclusive), so the result equals clv.summarize on the whole log.
2. compress: counts customers per (x, t_x, T) with a tree reduction across partitions. With
   times in days there are far fewer patterns than customers.
3. fit: the C++ fit on the weighted patterns. The likelihood depends on a customer only through
   (x, t_x, T), and the C++ fit compresses customers to the same sorted patterns itself, so the
   estimate is the one of a single-process fit on every customer (bit for bit).
4. predict: map_partitions over the summary with the fitted parameters (picklable), one C++ call
   per partition and quantity.

Dask is imported lazily: `import northstar` works without it. Needs dask[dataframe] (and
distributed for a cluster). On a real cluster pass a distributed.Client connected to the
scheduler address (Client("tcp://scheduler:8786")); nothing else changes.
"""
import numpy as np
import pandas as pd

from . import clv as _clv

__all__ = ["summarize", "compress", "fit", "fit_spend", "predict", "synthetic_transactions",
           "SUMMARY_COLUMNS"]

#: Columns of the per-customer summary frame (see summarize).
SUMMARY_COLUMNS = ("id", "frequency", "recency", "age", "monetary")

#: The models fit() takes: those of northstar.clv.models fitted to (x, t_x, T) histories.
TRANSACTION_MODELS = tuple(name for name, m in _clv.models.items() if m.data == "customer_histories")


def _dd():
    try:
        import dask.dataframe as dd
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("northstar.dask needs dask[dataframe] (pip install 'dask[dataframe]' distributed, "
                          "or apt install python3-dask python3-distributed)") from error
    return dd


def _check_columns(frame, columns, where):
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"northstar.dask.{where}: column '{missing[0]}' is missing "
                       f"(the frame has {list(frame.columns)})")


def _check_dtypes(frame, customer, timestamp, amount):
    kind = frame.dtypes[customer].kind
    if kind not in "iu":
        raise TypeError(f"northstar.dask.summarize: column '{customer}' (customer id) has dtype "
                        f"{frame.dtypes[customer]}: it must be an integer (map string ids to integers first)")
    kind = frame.dtypes[timestamp].kind
    if kind not in "Mi":
        raise TypeError(f"northstar.dask.summarize: column '{timestamp}' (timestamp) has dtype "
                        f"{frame.dtypes[timestamp]}: it must be datetime64 or int64 day numbers")
    if amount is not None and frame.dtypes[amount] != np.float64:
        raise TypeError(f"northstar.dask.summarize: column '{amount}' (amount) has dtype "
                        f"{frame.dtypes[amount]}: it must be float64 (northstar never converts silently: "
                        f"use .astype('float64'))")


def _days(values, column):
    """Timestamps as int64 day numbers (datetime64 floored to the day)."""
    if values.dtype.kind == "M":
        if np.isnat(values).any():
            raise ValueError(f"northstar.dask.summarize: column '{column}' has a missing timestamp (NaT)")
        return values.astype("datetime64[D]").view(np.int64)
    return values.astype(np.int64, copy=False)


def _prepare_partition(part, customer, timestamp, amount):
    """Validates one partition and returns it as (customer, day, amount) int64/int64/float64."""
    ids = part[customer].to_numpy()
    day = _days(part[timestamp].to_numpy(), timestamp)
    out = {"customer": ids.astype(np.int64, copy=False), "day": day}
    if amount is not None:
        values = part[amount].to_numpy()
        bad = ~(values >= 0)  # NaN or negative
        if bad.any():
            i = int(np.argmax(bad))
            what = "NaN" if np.isnan(values[i]) else "negative"
            raise ValueError(f"northstar.dask.summarize: column '{amount}' has a {what} amount {values[i]!r} "
                             f"(customer {ids[i]}): amounts must be finite and >= 0")
        if np.isinf(values).any():
            i = int(np.argmax(np.isinf(values)))
            raise ValueError(f"northstar.dask.summarize: column '{amount}' has an infinite amount "
                             f"(customer {ids[i]}): amounts must be finite and >= 0")
        out["amount"] = values
    return pd.DataFrame(out, index=part.index)


def _summary_meta():
    return pd.DataFrame({"id": np.array([], np.int64), "frequency": np.array([], np.float64),
                         "recency": np.array([], np.float64), "age": np.array([], np.float64),
                         "monetary": np.array([], np.float64)})


def _summarize_partition(part, calibration_end, unit, aggregate_same_day):
    has_amount = "amount" in part.columns
    s = _clv.summarize(np.ascontiguousarray(part["customer"].to_numpy()),
                       np.ascontiguousarray(part["day"].to_numpy()),
                       np.ascontiguousarray(part["amount"].to_numpy()) if has_amount else None,
                       calibration_end=calibration_end, unit=unit, aggregate_same_day=aggregate_same_day)
    # Copies: the frame must own its columns (the summary object goes away).
    return pd.DataFrame({c: np.array(getattr(s, c)) for c in SUMMARY_COLUMNS})


def summarize(transactions, *, calibration_end, customer="customer", timestamp="timestamp",
              amount="amount", unit="weeks", aggregate_same_day=True, npartitions=None,
              partitioned_by_customer=False):
    """Per-customer (id, frequency x, recency t_x, age T, monetary zbar) of a Dask DataFrame of
    transactions, as a lazy Dask DataFrame with one row per customer.

    transactions: columns `customer` (integer id), `timestamp` (datetime64, floored to the day,
    or int64 day numbers since 1970-01-01) and `amount` (float64 >= 0; amount=None for a log
    without amounts: monetary is then 0). calibration_end: the last day of calibration, inclusive
    (a 'YYYY-MM-DD' string, datetime.date, numpy.datetime64 or day number); later transactions and
    customers first seen after it are ignored. unit: 'days', 'weeks' (default) or 'months'
    (30.4375 days). The conventions are those of northstar.clv.summarize, which runs on each
    partition after a shuffle by customer (skip the shuffle with partitioned_by_customer=True when
    every customer's rows are already in one partition). npartitions: partitions after the
    shuffle (default: as many as the input).

    Errors naming the column: KeyError for a missing column, TypeError for a wrong dtype (raised
    here), ValueError for a NaN, negative or infinite amount or a NaT timestamp (raised when the
    partition is computed).
    """
    _dd()
    columns = [customer, timestamp] + ([amount] if amount is not None else [])
    _check_columns(transactions, columns, "summarize")
    _check_dtypes(transactions, customer, timestamp, amount)
    calibration_end = _day_number(calibration_end)
    meta = pd.DataFrame({"customer": np.array([], np.int64), "day": np.array([], np.int64)})
    if amount is not None:
        meta["amount"] = np.array([], np.float64)
    prepared = transactions[columns].map_partitions(_prepare_partition, customer, timestamp, amount, meta=meta)
    if not partitioned_by_customer:
        prepared = prepared.shuffle("customer", npartitions=npartitions or transactions.npartitions,
                                    ignore_index=True)
    return prepared.map_partitions(_summarize_partition, calibration_end, unit, aggregate_same_day,
                                   meta=_summary_meta())


def _day_number(value):
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return _clv.parse_date(value)
    if isinstance(value, np.datetime64):
        return int(value.astype("datetime64[D]").astype(np.int64))
    if hasattr(value, "toordinal"):
        return value.toordinal() - 719163
    raise TypeError(f"northstar.dask: calibration_end must be 'YYYY-MM-DD', a date, a numpy.datetime64 or a "
                    f"day number, got {type(value).__name__}")


def compress(summary):
    """Weighted unique (frequency, recency, age) patterns of a summary (Dask or pandas), computed
    with a tree reduction across partitions. Returns a pandas DataFrame (frequency, recency, age,
    weight) sorted by x, t_x, T -- the order of northstar.clv.compress -- with weight the number
    of customers (float64, exact)."""
    _check_columns(summary, ["frequency", "recency", "age"], "compress")
    keys = ["frequency", "recency", "age"]
    counts = summary[keys].assign(weight=1.0).groupby(keys).weight.sum()
    if hasattr(counts, "compute"):
        counts = counts.compute()
    patterns = counts.reset_index().sort_values(keys, kind="mergesort").reset_index(drop=True)
    patterns["weight"] = patterns["weight"].astype(np.float64)
    return patterns


def fit(patterns, model="bg_nbd", **options):
    """Fits a transaction model ('bg_nbd', 'mbg_nbd' or 'pareto_nbd') on the driver from the
    weighted patterns of compress(). options: the keyword options of every northstar.clv fit
    (start, l2_penalty, penalty, max_iterations, gradient_tolerance, threads, throw_on_failure).
    Returns the <model>_fit."""
    if model not in TRANSACTION_MODELS:
        raise ValueError(f"northstar.dask.fit: model = {model!r}: must be one of "
                         f"{sorted(TRANSACTION_MODELS)}")
    _check_columns(patterns, ["frequency", "recency", "age", "weight"], "fit")
    col = {c: np.ascontiguousarray(patterns[c].to_numpy(dtype=np.float64))
           for c in ("frequency", "recency", "age", "weight")}
    return _clv.models[model].fit(col["frequency"], col["recency"], col["age"], weight=col["weight"], **options)


def fit_spend(summary, **options):
    """Fits the Gamma-Gamma spend model on the customers with frequency > 0. Their (id, x, zbar)
    are collected on the driver (16 bytes a customer; sample the summary first for billions) and
    sorted by id, the order of a single-process summary, so the estimate equals the single-process
    one. options: those of northstar.clv.fit_gamma_gamma. Returns a gamma_gamma_fit."""
    _check_columns(summary, ["id", "frequency", "monetary"], "fit_spend")
    repeat = summary[summary["frequency"] > 0][["id", "frequency", "monetary"]]
    if hasattr(repeat, "compute"):
        repeat = repeat.compute()
    repeat = repeat.sort_values("id", kind="mergesort")
    return _clv.fit_gamma_gamma(np.ascontiguousarray(repeat["frequency"].to_numpy(np.float64)),
                                np.ascontiguousarray(repeat["monetary"].to_numpy(np.float64)), **options)


def _predict_partition(part, params, t, spend, discount, threads):
    x = np.ascontiguousarray(part["frequency"].to_numpy(np.float64))
    tx = np.ascontiguousarray(part["recency"].to_numpy(np.float64))
    age = np.ascontiguousarray(part["age"].to_numpy(np.float64))
    out = part.copy()
    out["probability_alive"] = _clv.probability_alive(params, x, tx, age, threads=threads)
    out["expected_purchases"] = _clv.conditional_expected_purchases(params, x, tx, age, t, threads=threads)
    if spend is not None:
        zbar = np.ascontiguousarray(part["monetary"].to_numpy(np.float64))
        expected = _clv.conditional_expected_spend(spend, x, zbar, threads=threads)
        out["expected_spend"] = expected
        out["clv"] = _clv.customer_lifetime_value(params, x, tx, age, expected, discount, threads=threads)
    return out


def predict(summary, params, *, t=52.0, spend=None, discount=None, threads=1):
    """Adds per-customer predictions to a summary (Dask: lazily, with map_partitions; pandas:
    directly): probability_alive, expected_purchases in the next `t` time units and, when `spend`
    (gamma_gamma_params) is given, expected_spend and clv = discounted expected purchases x
    expected spend under `discount` (per_period_discount or continuous_discount; default
    per_period_discount(12, 4.345, 0.01): 12 months of 4.345 weeks at 1% a month, for a model in
    weeks). params: bg_nbd_params, mbg_nbd_params or pareto_nbd_params. threads: C++ threads per
    partition (1: let Dask run partitions in parallel)."""
    _check_columns(summary, ["frequency", "recency", "age"] + (["monetary"] if spend is not None else []),
                   "predict")
    if discount is None:
        discount = _clv.per_period_discount(12, 4.345, 0.01)
    if not hasattr(summary, "map_partitions"):
        return _predict_partition(summary, params, t, spend, discount, threads)
    meta = summary._meta.copy()
    new = ["probability_alive", "expected_purchases"] + (["expected_spend", "clv"] if spend is not None else [])
    for column in new:
        meta[column] = np.array([], np.float64)
    return summary.map_partitions(_predict_partition, params, t, spend, discount, threads, meta=meta)


# ------------------------------------------------------------------ synthetic data

def _transactions_partition(index, params, customers_per_partition, total, seed, spend, calibration_end,
                            max_age_weeks):
    """One partition of synthetic transactions: customers drawn by clv.simulate_bg_nbd (in weeks,
    on a daily grid), turned into a log whose summary has the simulated x and T (days)."""
    count = max(0, min(customers_per_partition, total - index * customers_per_partition))
    sim = _clv.simulate_bg_nbd(params, customers=count, min_age=1.0, max_age=max_age_weeks,
                               resolution=1.0 / 7.0, seed=seed + index, spend=spend)
    n = len(sim)
    ids = np.arange(n, dtype=np.int64) + index * customers_per_partition
    x = np.asarray(sim.frequency).astype(np.int64)
    span = np.rint(np.asarray(sim.recency) * 7.0).astype(np.int64)     # t_x in days
    first = calibration_end - np.rint(np.asarray(sim.age) * 7.0).astype(np.int64)
    zbar = np.asarray(sim.mean_spend) if spend is not None else np.full(n, 10.0)
    # Repeat purchase k = 1..x on day first + floor(k * span / x): distinct days, the last at t_x.
    per = x + 1
    cust = np.repeat(np.arange(n), per)
    k = np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
    xs = np.maximum(x[cust], 1)
    day = first[cust] + (k * span[cust]) // xs
    # Amounts in quarters (exact in binary, so every order of summation gives the same sums).
    amount = np.maximum(np.rint(zbar[cust] * 4.0), 1.0) / 4.0
    # Every third customer splits its first purchase into two same-day transactions; every
    # seventh buys again after calibration_end (ignored by the summary).
    split = (k == 0) & (ids[cust] % 3 == 0)
    amount = np.where(split, amount / 2.0, amount)
    extra_first = np.flatnonzero(ids % 3 == 0)
    late = np.flatnonzero(ids % 7 == 0)
    cust = np.concatenate([cust, extra_first, late])
    day = np.concatenate([day, first[extra_first], np.full(late.size, calibration_end + 3, np.int64)])
    amount = np.concatenate([amount, np.maximum(np.rint(zbar[extra_first] * 4.0), 1.0) / 8.0,
                             np.full(late.size, 5.0)])
    # Timestamps within the day (hour from the id) so flooring to days matters.
    hours = (ids[cust] * 7 + day) % 24
    ts = (day * 86400 + hours * 3600).astype("datetime64[s]").astype("datetime64[ns]")
    order = np.random.default_rng(seed + index).permutation(cust.size)  # rows not grouped by customer
    return pd.DataFrame({"customer": ids[cust][order], "timestamp": ts[order], "amount": amount[order]})


def synthetic_transactions(customers, *, partitions=8, params=None, spend=None, seed=42,
                           calibration_end="2024-12-31", max_age_weeks=78.0, dask=True):
    """A synthetic transaction log (customer int64, timestamp datetime64[ns], amount float64) of
    `customers` customers drawn with northstar.clv.simulate_bg_nbd (default: the CDNOW BG/NBD and
    Gamma-Gamma estimates), generated partition by partition (on the workers when dask=True, via
    dask.dataframe.from_map; a pandas DataFrame when dask=False). Rows are shuffled within each
    partition; each partition holds its own customers. For tests, examples and benchmarks."""
    if params is None:
        params = _clv.bg_nbd_params(0.243, 4.414, 0.793, 2.426)
    if spend is None:
        spend = _clv.gamma_gamma_params(6.25, 3.74, 15.44)
    per = -(-customers // partitions)
    end = _day_number(calibration_end)
    args = (params, per, customers, seed, spend, end, max_age_weeks)
    if not dask:
        return pd.concat([_transactions_partition(i, *args) for i in range(partitions)], ignore_index=True)
    dd = _dd()
    meta = pd.DataFrame({"customer": np.array([], np.int64), "timestamp": np.array([], "datetime64[ns]"),
                         "amount": np.array([], np.float64)})
    return dd.from_map(_transactions_partition, range(partitions), args=args, meta=meta,
                       divisions=[None] * (partitions + 1), enforce_metadata=False)
