"""northstar.clv probabilistic models from Python: the CDNOW summary and published fits
(Fader, Hardie & Lee 2005; Fader & Hardie 2005 note; Fader & Hardie 2013), closed forms
recomputed here independently (numpy/scipy), zero-copy in and out, errors naming the argument,
pandas input, the GIL released during fits, the seeded simulator."""
import pathlib
import pickle
import threading
import time

import numpy as np
import pandas as pd
import pytest
from scipy.special import gammaln, hyp2f1

import northstar
from northstar import clv

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"


@pytest.fixture(scope="module")
def cdnow():
    log = clv.read_transactions_csv(str(DATA / "CDNOW_sample.txt"), clv.cdnow_csv_format())
    return clv.summarize(log, calibration_end="1997-09-30", unit="weeks")


def test_names_and_docstrings():
    for name in ("bg_nbd_params", "mbg_nbd_params", "pareto_nbd_params", "gamma_gamma_params", "fit_bg_nbd",
                 "fit_mbg_nbd", "fit_pareto_nbd", "fit_gamma_gamma", "log_likelihood", "expected_purchases",
                 "conditional_expected_purchases", "probability_alive", "probability_of_purchases",
                 "discounted_expected_purchases", "discounted_expected_residual_transactions",
                 "customer_lifetime_value", "conditional_expected_spend", "per_period_discount",
                 "continuous_discount", "summarize", "read_transactions_csv", "csv_format", "cdnow_csv_format",
                 "customer_summary", "transaction_log", "compress", "rfm_patterns", "simulate_bg_nbd",
                 "simulated_customers", "civil_day", "parse_date", "bg_nbd_fit", "gamma_gamma_fit",
                 "mbg_nbd_fit", "pareto_nbd_fit", "sbg_params", "sbg_fit", "bg_bb_params", "bg_bb_fit",
                 "model_info", "fit_report"):
        assert getattr(clv, name).__doc__, name


def test_cdnow_summary_matches_the_published_one(cdnow):
    # lifetimes' cdnow_customers_summary_with_transactions.csv (FHL 2005 data), rounded to 0.01.
    ref = pd.read_csv(DATA / "cdnow_customers_summary_with_transactions.csv")
    assert len(cdnow) == len(ref) == 2357
    np.testing.assert_array_equal(cdnow.id, ref["ID"])
    np.testing.assert_array_equal(cdnow.frequency, ref["x"])
    np.testing.assert_allclose(cdnow.recency, ref["t_x"], atol=0.005 + 1e-12, rtol=0)
    np.testing.assert_allclose(cdnow.age, ref["T"], atol=0.005 + 1e-12, rtol=0)
    np.testing.assert_allclose(cdnow.monetary, ref["zbar"], atol=0.005 + 1e-9, rtol=0)
    assert cdnow.unit == "weeks" and cdnow.calibration_end == clv.civil_day(1997, 9, 30)
    # Same from numpy arrays (datetime64[D] days are viewed as int64, not copied).
    log = clv.read_transactions_csv(str(DATA / "CDNOW_sample.txt"), clv.cdnow_csv_format())
    days = np.array(log.day).astype("datetime64[D]")
    s = clv.summarize(np.array(log.customer), days, np.array(log.amount), calibration_end=np.datetime64("1997-09-30"))
    np.testing.assert_array_equal(s.recency, cdnow.recency)
    np.testing.assert_array_equal(s.monetary, cdnow.monetary)
    frame = pd.DataFrame(s.to_dict())
    assert list(frame.columns[:5]) == ["id", "frequency", "recency", "age", "monetary"]


def test_summary_holdout_and_same_day_by_hand():
    # Customer 1: days 0, 0, 7, 14 (weeks: t_x = 2, T = 3 with end = day 21), holdout day 28.
    # Customer 2: first seen after calibration_end (not counted).
    cust = np.array([1, 1, 1, 1, 1, 2], dtype=np.int64)
    day = np.array([0, 0, 7, 14, 28, 25], dtype=np.int64)
    amount = np.array([1.0, 2.0, 4.0, 6.0, 8.0, 9.0])
    s = clv.summarize(cust, day, amount, calibration_end=21, holdout_end=35)
    assert list(s.id) == [1] and s.later_customers == 1
    assert (s.frequency[0], s.recency[0], s.age[0]) == (2.0, 2.0, 3.0)
    assert s.first_spend[0] == 3.0 and s.monetary[0] == 5.0
    assert s.holdout_frequency[0] == 1.0 and s.holdout_spend[0] == 8.0 and s.holdout_length == 2.0
    t = clv.summarize(cust, day, amount, calibration_end=21, aggregate_same_day=False)
    assert t.frequency[0] == 3.0
    assert clv.summarize(cust, day, None, calibration_end="1970-01-22").monetary[0] == 0.0


def test_bg_nbd_fhl_2005(cdnow):
    # Fader, Hardie & Lee (2005), section 5: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4.
    f = clv.fit_bg_nbd(cdnow.frequency, cdnow.recency, cdnow.age)
    assert f.report.converged
    np.testing.assert_allclose(f.params.to_tuple(), (0.243, 4.414, 0.793, 2.426), atol=0.0006)
    assert round(f.report.log_likelihood, 1) == -9582.4
    assert all(0 < v < 1 for v in f.standard_errors.to_tuple())
    assert f.patterns == len(clv.compress(cdnow.frequency, cdnow.recency, cdnow.age))
    ll = clv.log_likelihood(f.params, cdnow.frequency, cdnow.recency, cdnow.age)
    assert ll == pytest.approx(f.report.log_likelihood, rel=1e-12)


def test_pareto_nbd_published(cdnow):
    # Fader & Hardie (2005) note on the Pareto/NBD, CDNOW: r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669.
    f = clv.fit_pareto_nbd(cdnow.frequency, cdnow.recency, cdnow.age)
    np.testing.assert_allclose(f.params.to_tuple(), (0.553, 10.578, 0.606, 11.669), atol=0.0006)
    assert round(f.report.log_likelihood, 1) == -9595.0


def test_gamma_gamma_fader_hardie_2013(cdnow):
    # Fader & Hardie (2013), "The Gamma-Gamma model of monetary value": p = 6.25, q = 3.74, gamma = 15.44.
    g = clv.fit_gamma_gamma(cdnow.frequency, cdnow.monetary)
    np.testing.assert_allclose(g.params.to_tuple(), (6.25, 3.74, 15.44), atol=0.006)
    assert g.patterns == int((np.asarray(cdnow.frequency) > 0).sum()) == 946
    p, q, gam = g.params.to_tuple()
    x, z = np.asarray(cdnow.frequency), np.asarray(cdnow.monetary)
    # FHL 2005 "RFM and CLV", eq. 5, recomputed here.
    expected = p * (gam + x * z) / (p * x + q - 1)
    np.testing.assert_allclose(clv.conditional_expected_spend(g.params, x, z), expected, rtol=1e-13)


def test_fit_on_patterns_equals_fit_on_customers(cdnow):
    p = clv.compress(cdnow.frequency, cdnow.recency, cdnow.age)
    assert np.sum(p.weight) == len(cdnow)
    for fit in (clv.fit_bg_nbd, clv.fit_mbg_nbd, clv.fit_pareto_nbd):
        a = fit(cdnow.frequency, cdnow.recency, cdnow.age)
        b = fit(p.frequency, p.recency, p.age, weight=p.weight)
        assert a.params == b.params, fit.__name__


def _bg_nbd_alive(params, x, tx, T):
    # Fader, Hardie & Lee (2008), "Computing P(alive) using the BG/NBD model", eq. 2.
    r, alpha, a, b = params.to_tuple()
    odds = np.where(x > 0, a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x), 0.0)
    return 1.0 / (1.0 + odds)


def _bg_nbd_conditional(params, x, tx, T, t):
    # Fader, Hardie & Lee (2005), eq. 10 (a > 1 so the 2F1 converges as printed).
    r, alpha, a, b = params.to_tuple()
    z = t / (alpha + T + t)
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) *
                                       hyp2f1(r + x, b + x, a + b + x - 1, z))
    den = 1 + (x > 0) * a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x)
    return num / den


def test_bg_nbd_predictions_against_independent_formulas(cdnow):
    x, tx, T = (np.asarray(v) for v in (cdnow.frequency, cdnow.recency, cdnow.age))
    p = clv.bg_nbd_params(0.243, 4.414, 0.793, 2.426)
    np.testing.assert_allclose(clv.probability_alive(p, x, tx, T), _bg_nbd_alive(p, x, tx, T), rtol=1e-12)
    q = clv.bg_nbd_params(0.243, 4.414, 1.793, 2.426)
    np.testing.assert_allclose(clv.conditional_expected_purchases(q, x, tx, T, 39.0),
                               _bg_nbd_conditional(q, x, tx, T, 39.0), rtol=1e-10)
    # E[X(t)], FHL 2005 eq. 7 (a > 1).
    t = np.array([1.0, 10.0, 39.0, 78.0])
    r, alpha, a, b = q.to_tuple()
    e7 = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
    np.testing.assert_allclose(clv.expected_purchases(q, t), e7, rtol=1e-11)
    # P(X(t) = n) sums to 1 over n (eq. 8).
    n = np.arange(0.0, 400.0)
    assert clv.probability_of_purchases(p, np.full(n.size, 10.0), n).sum() == pytest.approx(1.0, abs=1e-10)


def test_mbg_nbd_does_not_assume_zero_repeaters_alive(cdnow):
    f = clv.fit_mbg_nbd(cdnow.frequency, cdnow.recency, cdnow.age)
    alive = clv.probability_alive(f.params, cdnow.frequency, cdnow.recency, cdnow.age)
    zero = np.asarray(cdnow.frequency) == 0
    assert np.all(alive[zero] < 1) and np.all(alive > 0)
    # Batislam et al. (2007), eq. 8: 1 / (1 + a / (b + x) ((alpha + T) / (alpha + t_x))^(r + x)).
    r, alpha, a, b = f.params.to_tuple()
    x, tx, T = (np.asarray(v) for v in (cdnow.frequency, cdnow.recency, cdnow.age))
    np.testing.assert_allclose(alive, 1 / (1 + a / (b + x) * ((alpha + T) / (alpha + tx)) ** (r + x)), rtol=1e-12)


def test_discounting_and_clv(cdnow):
    x, tx, T = (np.asarray(v) for v in (cdnow.frequency, cdnow.recency, cdnow.age))
    p = clv.bg_nbd_params(0.243, 4.414, 0.793, 2.426)
    # rate 0: the discounted sum telescopes to E[Y(periods * length)].
    d0 = clv.discounted_expected_purchases(p, x, tx, T, clv.per_period_discount(12, 4.345, 0.0))
    np.testing.assert_allclose(d0, clv.conditional_expected_purchases(p, x, tx, T, 12 * 4.345), rtol=1e-12)
    c0 = clv.discounted_expected_purchases(p, x, tx, T, clv.continuous_discount(horizon=52.0, rate=0.0))
    np.testing.assert_allclose(c0, clv.conditional_expected_purchases(p, x, tx, T, 52.0), rtol=1e-9)
    spend = np.linspace(1.0, 50.0, x.size)
    disc = clv.per_period_discount(12, 4.345, 0.01)
    out = np.empty(x.size)
    res = clv.customer_lifetime_value(p, x, tx, T, spend, disc, out=out)
    assert np.shares_memory(res, out)
    np.testing.assert_allclose(out, clv.discounted_expected_purchases(p, x, tx, T, disc) * spend, rtol=1e-15)
    # Pareto/NBD DERT at a tiny rate -> long-run expected purchases grow; finite and positive.
    pp = clv.pareto_nbd_params(0.553, 10.578, 0.606, 11.669)
    dert = clv.discounted_expected_residual_transactions(pp, x, tx, T, np.log(1.15) / 52)
    assert np.all(np.isfinite(dert)) and np.all(dert > 0)
    with pytest.raises(northstar.Error, match="rate"):
        clv.per_period_discount(12, 4.345, -2.0)


def test_zero_copy_in_and_out(cdnow):
    x, tx, T = (np.array(v) for v in (cdnow.frequency, cdnow.recency, cdnow.age))
    p = clv.bg_nbd_params(0.243, 4.414, 0.793, 2.426)
    out = np.zeros(x.size)
    for fn, args in ((clv.probability_alive, (p, x, tx, T)),
                     (clv.conditional_expected_purchases, (p, x, tx, T, 10.0)),
                     (clv.conditional_expected_spend, (clv.gamma_gamma_params(6.25, 3.74, 15.44), x,
                                                       np.asarray(cdnow.monetary)))):
        res = fn(*args, out=out)
        assert np.shares_memory(res, out), fn.__name__
    # Inputs are read in place: a change is seen by the next call.
    before = clv.probability_alive(p, x, tx, T)[0]
    x[0] += 1.0
    assert clv.probability_alive(p, x, tx, T)[0] != before
    # Summary arrays are read-only views of the C++ vectors (no copy).
    with pytest.raises(ValueError):
        cdnow.frequency[0] = 1.0


def test_pandas_series_and_dataframe_columns(cdnow):
    frame = pd.DataFrame(cdnow.to_dict())
    p = clv.bg_nbd_params(0.243, 4.414, 0.793, 2.426)
    a = clv.probability_alive(p, frame["frequency"], frame["recency"], frame.age)
    np.testing.assert_array_equal(a, clv.probability_alive(p, cdnow.frequency, cdnow.recency, cdnow.age))
    out = pd.Series(np.zeros(len(frame)))
    clv.probability_alive(p, frame.frequency, frame.recency, frame.age, out=out)
    np.testing.assert_array_equal(out.to_numpy(), a)
    f = clv.fit_bg_nbd(frame.frequency, frame.recency, frame.age)
    assert f.params == clv.fit_bg_nbd(cdnow.frequency, cdnow.recency, cdnow.age).params
    log = pd.DataFrame({"c": [1, 1, 2], "d": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-01-02"]),
                        "a": [1.0, 2.0, 3.0]})
    s = clv.summarize(log.c, log.d.to_numpy().astype("datetime64[D]"), log.a, calibration_end="2024-01-29")
    assert list(s.frequency) == [1.0, 0.0] and list(s.recency) == [2.0, 0.0]


def test_wrong_dtype_names_the_argument(cdnow):
    p = clv.bg_nbd_params(0.243, 4.414, 0.793, 2.426)
    x, tx, T = (np.asarray(v) for v in (cdnow.frequency, cdnow.recency, cdnow.age))
    with pytest.raises(TypeError, match=r"bg_nbd: recency must have dtype float64, got float32"):
        clv.probability_alive(p, x, tx.astype(np.float32), T)
    with pytest.raises(TypeError, match=r"bg_nbd: age must be contiguous"):
        clv.fit_bg_nbd(x, tx, np.repeat(T, 2)[::2])
    with pytest.raises(TypeError, match=r"out must have dtype float64"):
        clv.probability_alive(p, x, tx, T, out=np.empty(x.size, np.float32))
    with pytest.raises(TypeError, match=r"weight must have dtype float64, got int64"):
        clv.fit_bg_nbd(x, tx, T, weight=np.ones(x.size, np.int64))
    with pytest.raises(TypeError, match=r"summarize: customer must have dtype int64, got float64"):
        clv.summarize(np.array([1.0]), np.array([1], np.int64), calibration_end=3)
    with pytest.raises(TypeError, match=r"summarize: day has dtype datetime64\[ns\].*datetime64\[D\]"):
        clv.summarize(np.array([1]), np.array(["2024-01-01"], "datetime64[ns]"), calibration_end=3)
    with pytest.raises(TypeError, match=r"summarize: amount must have dtype float64, got int64"):
        clv.summarize(np.array([1]), np.array([1]), np.array([3]), calibration_end=3)
    with pytest.raises(TypeError, match=r"gamma_gamma: mean_spend must have dtype float64"):
        clv.fit_gamma_gamma(x, np.asarray(cdnow.monetary).astype(np.float32))


def test_bad_values_raise_northstar_error_naming_index_and_value(cdnow):
    x, tx, T = (np.array(v) for v in (cdnow.frequency, cdnow.recency, cdnow.age))
    tx[3] = T[3] + 1.0
    with pytest.raises(northstar.Error, match=r"recency\[3\] = .*must be <= age\[3\]"):
        clv.fit_bg_nbd(x, tx, T)
    with pytest.raises(northstar.Error, match=r"transaction\[1\]: amount = -1"):
        clv.summarize(np.array([1, 1]), np.array([1, 2]), np.array([1.0, -1.0]), calibration_end=3)
    with pytest.raises(northstar.Error, match=r"transaction\[0\]: amount = nan"):
        clv.summarize(np.array([1]), np.array([1]), np.array([np.nan]), calibration_end=3)
    with pytest.raises(northstar.Error, match=r"alpha"):
        clv.probability_alive(clv.bg_nbd_params(1, -1, 1, 1), x, np.asarray(cdnow.recency), T)
    with pytest.raises(northstar.Error, match=r"size|elements"):
        clv.probability_alive(clv.bg_nbd_params(), x, np.asarray(cdnow.recency), T, out=np.empty(3))
    with pytest.raises(northstar.Error, match=r"2023-02-29|date"):
        clv.summarize(np.array([1]), np.array([1]), calibration_end="2023-02-29")


def test_csv_errors_name_the_line(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("id,date,amount\n1,2024-01-01,5\n1,2024-01-09,-2\n")
    with pytest.raises(northstar.Error, match=r"line 3"):
        clv.read_transactions_csv(str(path))
    path.write_text("id,date,amount\n1,2024-01-01,5\n2,2024-02-30,3\n")
    with pytest.raises(northstar.Error, match=r"line 3.*2024-02-30"):
        clv.read_transactions_csv(str(path))
    path.write_text("id,date,amount\n1,2024-01-01,5\n1,2024-01-15,3\n")
    log = clv.read_transactions_csv(str(path))
    assert list(log.line) == [2, 3] and list(log.day) == [clv.civil_day(2024, 1, 1), clv.civil_day(2024, 1, 15)]
    s = clv.summarize(log, calibration_end="2024-01-29")
    assert (s.frequency[0], s.recency[0], s.age[0], s.monetary[0]) == (1.0, 2.0, 4.0, 3.0)


def test_simulator_is_seeded_and_unbiased():
    p = clv.bg_nbd_params(0.243, 4.414, 0.793, 2.426)
    a = clv.simulate_bg_nbd(p, customers=20000, min_age=39.0, max_age=39.0, seed=5)
    b = clv.simulate_bg_nbd(p, customers=20000, min_age=39.0, max_age=39.0, seed=5)
    c = clv.simulate_bg_nbd(p, customers=20000, min_age=39.0, max_age=39.0, seed=6)
    np.testing.assert_array_equal(a.frequency, b.frequency)
    assert not np.array_equal(a.frequency, c.frequency)
    # The sample mean of x estimates E[X(39)] (FHL 2005 eq. 7): within 4 standard errors.
    x = np.asarray(a.frequency)
    e = clv.expected_purchases(p, np.array([39.0]))[0]
    assert abs(x.mean() - e) < 4 * x.std() / np.sqrt(x.size)
    s = clv.simulate_bg_nbd(p, customers=100, resolution=1 / 7, spend=clv.gamma_gamma_params(6.25, 3.74, 15.44))
    assert len(s.mean_spend) == 100 and np.all((np.asarray(s.mean_spend) > 0) == (np.asarray(s.frequency) > 0))
    assert set(np.unique(s.alive)) <= {0, 1}


def test_params_pickle_and_repr():
    for p in (clv.bg_nbd_params(0.1, 2, 3, 4), clv.mbg_nbd_params(1, 2, 3, 4), clv.pareto_nbd_params(1, 2, 3, 4),
              clv.gamma_gamma_params(1, 2, 3)):
        q = pickle.loads(pickle.dumps(p))
        assert q == p and repr(q) == repr(p)
    assert repr(clv.bg_nbd_params(0.5, 2, 3, 4)) == "bg_nbd_params(r=0.5, alpha=2.0, a=3.0, b=4.0)"
    d = pickle.loads(pickle.dumps(clv.per_period_discount(6, 2.0, 0.02)))
    assert (d.periods, d.period_length, d.rate) == (6, 2.0, 0.02)


def test_gil_released_during_fit(cdnow):
    """While a thread fits Pareto/NBD, the main thread keeps running Python code."""
    x, tx, T = (np.tile(np.asarray(v), 20) for v in (cdnow.frequency, cdnow.recency, cdnow.age))
    # Distinct ages so compression does not shrink the work away.
    T = T + np.arange(T.size) * 1e-7
    for _ in range(3):
        span = {}

        def work():
            t0 = time.perf_counter()
            clv.fit_pareto_nbd(x, tx, T, threads=1)
            span["t"] = (t0, time.perf_counter())

        worker = threading.Thread(target=work)
        stamps = []
        worker.start()
        while worker.is_alive():
            stamps.append(time.perf_counter())
        worker.join()
        t0, t1 = span["t"]
        inside = [s for s in stamps if t0 <= s <= t1]
        gaps = np.diff([t0] + inside + [t1])
        if len(inside) > 10 and gaps.max() < 0.5 * (t1 - t0):
            break
    else:
        pytest.fail(f"main thread stalled {gaps.max():.4f} s of a {t1 - t0:.4f} s fit: GIL held?")
