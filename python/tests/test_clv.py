"""northstar.clv from Python: values (hand-computed closed forms, Fader & Hardie
2007 and Fader, Hardie & Shang 2010 published fits), zero-copy in and out,
dtype/stride errors naming the argument, northstar.Error, pandas, threads."""
import threading
import time

import numpy as np
import pandas as pd
import pytest

import northstar
from northstar import clv


def test_import_layout():
    import northstar.clv as c  # noqa: F401  (importable as a submodule)
    assert c is northstar.clv
    assert northstar.__version__.count(".") == 2
    for name in ("basic_clv", "margin_clv", "repurchase_clv", "retention_clv", "evaluate", "aggregate",
                 "total", "sbg_params", "fit_sbg", "fit_sbg_individual", "survival", "bg_bb_params",
                 "fit_bg_bb", "probability_alive", "discounted_expected_lifetime", "log_likelihood"):
        obj = getattr(clv, name)
        assert obj.__doc__, name  # docstrings on everything


def test_four_formulas_by_hand():
    aov = np.array([50.0, 20.0, 35.0])
    freq = np.array([4.0, 2.0, 1.0])
    assert np.array_equal(clv.basic_clv(aov, freq, 3.0).evaluate(), [600.0, 120.0, 105.0])
    m = clv.margin_clv(average_order_value=aov, gross_margin=0.5, purchase_frequency=freq, lifespan=3.0,
                       acquisition_cost=20.0)
    np.testing.assert_allclose(m.evaluate(), [280.0, 40.0, 32.5], rtol=0, atol=1e-12)
    r = clv.repurchase_clv(revenue=100.0, repurchase_rate=np.array([0.5, 0.25, 1.0]), acquisition_cost=10.0)
    np.testing.assert_allclose(clv.evaluate(r), [40.0, 15.0, 90.0], rtol=0, atol=1e-12)
    q = 0.8 / 1.1
    t = clv.retention_clv(margin=np.array([100.0, 100.0]), retention=0.8, discount_rate=0.1,
                          horizon=np.array([np.inf, 2.0]))
    np.testing.assert_allclose(t.evaluate(), [80.0 / 0.3, 100 * (q + q * q)], rtol=1e-13)
    s = clv.retention_clv(margin=np.array([100.0]), retention=0.8, discount_rate=0.1, timing="start_of_period")
    np.testing.assert_allclose(s.evaluate(), [110.0 / 0.3], rtol=1e-13)


def test_inputs_are_not_copied_and_out_is_written_in_place():
    aov = np.linspace(1.0, 100.0, 1000)
    f = clv.basic_clv(aov, 2.0, 3.0)
    out = np.empty_like(aov)
    res = f.evaluate(out=out)
    assert res is out or np.shares_memory(res, out)
    np.testing.assert_array_equal(out, aov * 6.0)
    # The formula reads the caller's array, not a copy: a change is seen.
    aov[0] = 1000.0
    assert f.evaluate()[0] == 6000.0
    # Same for module-level calls and model predictions.
    res = clv.evaluate(f, out=out)
    assert np.shares_memory(res, out)
    model = clv.sbg_params(0.704, 1.182)
    t = np.arange(1.0, 11.0)
    o = np.zeros(10)
    assert np.shares_memory(clv.survival(model, t, out=o), o)


def test_wrong_dtype_or_strides_name_the_argument():
    ints = np.array([1, 2, 3])
    with pytest.raises(TypeError, match=r"basic_clv: purchase_frequency must have dtype float64, got int64"):
        clv.basic_clv(np.ones(3), ints, 1.0)
    with pytest.raises(TypeError, match=r"average_order_value must be contiguous"):
        clv.basic_clv(np.ones(6)[::2], 1.0, 1.0)
    with pytest.raises(TypeError, match=r"lifespan must be a number"):
        clv.basic_clv(np.ones(3), 1.0, "three")
    f = clv.basic_clv(np.ones(3), 1.0, 1.0)
    with pytest.raises(TypeError, match=r"out must have dtype float64, got float32"):
        f.evaluate(out=np.empty(3, dtype=np.float32))
    ro = np.empty(3)
    ro.flags.writeable = False
    with pytest.raises(TypeError, match=r"out is read-only"):
        f.evaluate(out=ro)
    with pytest.raises(TypeError, match=r"survivors must have dtype float64"):
        clv.fit_sbg(np.array([100, 80, 70]))
    with pytest.raises(TypeError, match=r"segments must have dtype uint32"):
        f.aggregate(segments=np.zeros(3, dtype=np.int64), segment_count=1)


def test_northstar_errors_keep_message_and_code():
    aov = np.array([50.0, -20.0, 35.0])
    out = np.full(3, -1.0)
    with pytest.raises(northstar.Error) as e:
        clv.basic_clv(aov, 1.0, 1.0).evaluate(out=out)
    assert "basic_clv: average_order_value[1] = -2" in str(e.value)
    assert e.value.code == 1 and e.value.code_name == "invalid_argument"
    assert np.all(out == -1.0)  # untouched
    with pytest.raises(northstar.Error) as e:
        clv.basic_clv(np.array([np.nan]), 1.0, 1.0).evaluate()
    assert e.value.code_name == "not_finite"
    with pytest.raises(northstar.Error) as e:
        clv.basic_clv(np.ones(3), np.ones(4), 1.0).evaluate()
    assert e.value.code_name == "size_mismatch"
    with pytest.raises(northstar.Error, match="out has 2 elements"):
        clv.basic_clv(np.ones(3), 1.0, 1.0).evaluate(out=np.empty(2))
    with pytest.raises(northstar.Error, match="every input is a number"):
        clv.basic_clv(1.0, 1.0, 1.0).evaluate()
    with pytest.raises(northstar.Error, match="timing"):
        clv.retention_clv(1.0, 0.5, 0.1, timing="sometimes")
    with pytest.raises(northstar.Error) as e:
        clv.discounted_expected_lifetime(clv.sbg_params(-1.0, 1.0), 0.1)
    assert "sbg::discounted_expected_lifetime: alpha = -1" in str(e.value)
    with pytest.raises(northstar.Error) as e:
        clv.fit_sbg(np.array([1000.0, 631, 468, 382]), max_iterations=1)
    assert e.value.code_name == "not_converged"
    assert issubclass(northstar.Error, RuntimeError)


def test_fused_validation_gives_the_same_bits_and_writes_only_valid_chunks():
    rng = np.random.default_rng(7)
    n = 5000
    aov = rng.uniform(1.0, 200.0, n)
    margin = rng.uniform(0.0, 1.0, n)
    retention = rng.uniform(0.0, 0.95, n)
    formulas = [
        clv.margin_clv(aov, margin, rng.uniform(0.0, 12.0, n), rng.uniform(0.0, 10.0, n), 25.0),
        clv.retention_clv(aov, retention, 0.01, np.inf, rng.uniform(0.0, 50.0, n)),
        clv.retention_clv(aov, retention, 0.02, 36.0, 10.0, timing="start_of_period"),
    ]
    for f in formulas:
        for threads in (1, 2):
            upfront = f.evaluate(threads=threads)
            fused = f.evaluate(threads=threads, validation="fused")
            assert np.array_equal(upfront, fused)  # bit for bit
            assert np.array_equal(clv.evaluate(f, validation="fused"), upfront)
    # Bad input in fused mode: the error names the element; the 512-customer
    # chunks before the bad one are written (one thread), the rest is untouched.
    bad = aov.copy()
    bad[1500] = -3.0
    out = np.full(n, -1.0)
    with pytest.raises(northstar.Error) as e:
        clv.margin_clv(bad, 0.3, 2.0, 3.0, 0.0).evaluate(out=out, threads=1, validation="fused")
    assert "average_order_value[1500] = -3" in str(e.value)
    good = clv.margin_clv(aov, 0.3, 2.0, 3.0, 0.0).evaluate()
    assert np.array_equal(out[:1024], good[:1024])
    assert np.all(out[1024:] == -1.0)
    # The default leaves out untouched.
    out[:] = -1.0
    with pytest.raises(northstar.Error):
        clv.margin_clv(bad, 0.3, 2.0, 3.0, 0.0).evaluate(out=out)
    assert np.all(out == -1.0)
    with pytest.raises(northstar.Error, match="validation = 'lazy': must be 'upfront' or 'fused'") as e:
        clv.margin_clv(aov, 0.3, 2.0, 3.0, 0.0).evaluate(validation="lazy")
    assert e.value.code_name == "invalid_argument"


def test_all_scalar_with_out():
    out = np.empty(4)
    clv.basic_clv(2.0, 3.0, 4.0).evaluate(out=out)
    assert np.all(out == 24.0)


def test_aggregate():
    aov = np.arange(1.0, 11.0)
    f = clv.basic_clv(aov, 1.0, 1.0)
    s = f.aggregate(quantiles=[0.0, 0.5, 1.0], top=2, segments=(np.arange(10) % 2).astype(np.uint32),
                    segment_count=2)
    assert s.count == 10 and s.total == 55.0 and s.mean == 5.5 and s.min == 1.0 and s.max == 10.0
    assert s.quantiles == [1.0, 5.5, 10.0]
    assert [(c.index, c.value) for c in s.top] == [(9, 10.0), (8, 9.0)]
    assert s.segment_totals == [25.0, 30.0] and s.segment_counts == [5, 5]
    assert clv.total(f) == 55.0
    s2 = clv.aggregate(f, quantiles=[0.25])
    assert s2.quantiles == [np.quantile(aov, 0.25)]  # numpy's default is type 7 too
    with pytest.raises(northstar.Error, match=r"quantiles\[0\] = 2"):
        f.aggregate(quantiles=[2.0])


def test_pandas_series_and_dataframe_columns():
    df = pd.DataFrame({"aov": [50.0, 20.0, 35.0], "freq": [4.0, 2.0, 1.0]})
    res = clv.basic_clv(df["aov"], df["freq"], 3.0).evaluate()
    np.testing.assert_array_equal(res, [600.0, 120.0, 105.0])
    # The Series' own memory is read (no copy): a change to it is seen.
    backing = np.array([50.0, 20.0, 35.0])
    series = pd.Series(backing, copy=False)
    f = clv.basic_clv(series, 1.0, 1.0)
    backing[0] = 7.0
    assert f.evaluate()[0] == 7.0
    with pytest.raises(TypeError, match="purchase_frequency must have dtype float64, got int64"):
        clv.basic_clv(df["aov"], pd.Series([1, 2, 3]), 1.0)


def test_sbg_fit_matches_fader_hardie_2007():
    survivors = np.array([1000.0, 631, 468, 382, 326, 289, 262, 241])
    fit = clv.fit_sbg(survivors)
    assert abs(fit.params.alpha - 0.704) < 5e-4 and abs(fit.params.beta - 1.182) < 5e-4
    assert fit.report.converged and fit.standard_errors.alpha > 0 and fit.standard_errors.beta > 0
    assert fit.patterns == len(survivors) - 1
    a, b = fit.params.to_tuple()
    t = np.array([1.0, 2.0])
    np.testing.assert_allclose(clv.survival(fit.params, t)[0], b / (a + b), rtol=1e-12)
    np.testing.assert_allclose(clv.churn_probability(fit.params, t)[0], a / (a + b), rtol=1e-12)
    np.testing.assert_allclose(clv.retention_rate(fit.params, t)[1], (b + 1) / (a + b + 1), rtol=1e-12)
    proj = clv.projected_survivors(fit.params, 1000.0, 3)
    np.testing.assert_allclose(proj, [1000.0, 1000 * b / (a + b), 1000 * b / (a + b) * (b + 1) / (a + b + 1)])
    derl = clv.discounted_expected_residual_lifetime(fit.params, 0.1, np.array([0.0]))
    np.testing.assert_allclose(derl[0], (clv.discounted_expected_lifetime(fit.params, 0.1) - 1) * 1.1, rtol=1e-10)
    ind = clv.fit_sbg_individual(np.array([1.0, 1, 2, 3, 3, 3]), np.array([True, True, True, False, False, False]))
    assert ind.params.alpha > 0
    with pytest.raises(northstar.Error, match="alpha"):
        clv.survival(clv.sbg_params(-1.0, 1.0), t)


def _donations():
    x = np.array([0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6], dtype=float)
    tx = np.array([0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6], dtype=float)
    w = np.array([3464, 1091, 277, 129, 78, 119, 129, 613, 255, 155, 173, 234, 322, 181, 225, 357, 240, 284,
                  512, 335, 728, 1203], dtype=float)
    return x, tx, w


def test_bg_bb_fit_matches_fader_hardie_shang_2010():
    x, tx, w = _donations()
    fit = clv.fit_bg_bb(x, tx, 6.0, w)
    np.testing.assert_allclose(fit.params.to_tuple(), [1.204, 0.750, 0.657, 2.783], atol=5e-4)
    assert abs(fit.report.log_likelihood - (-33225.6)) < 0.05
    assert len(fit.standard_errors.to_tuple()) == 4 and fit.patterns == 22
    alive = clv.probability_alive(fit.params, x, tx, 6.0)
    for i in (0, 5, 21):
        assert alive[i] == clv.probability_alive(fit.params, x[i], tx[i], 6.0, out=np.empty(1))[0]
    cep = clv.conditional_expected_purchases(fit.params, x, tx, 6.0, 5.0)
    assert cep[21] == clv.conditional_expected_purchases(fit.params, 6.0, 6.0, 6.0, 5.0, out=np.empty(1))[0]
    dert = clv.discounted_expected_residual_transactions(fit.params, 0.1, x, tx, 6.0)
    assert dert[3] == clv.discounted_expected_residual_transactions(fit.params, 0.1, 1.0, 3.0, 6.0, out=np.empty(1))[0]
    # The total log-likelihood of the weighted patterns is the fit's; P(X(6) = x) sums to 1 over x.
    assert clv.log_likelihood(fit.params, x, tx, 6.0, w) == pytest.approx(fit.report.log_likelihood, rel=1e-12)
    pmf = clv.probability_of_purchases(fit.params, 6.0, np.arange(7.0))
    assert pmf.sum() == pytest.approx(1.0, rel=1e-12)
    ex = clv.expected_purchases(fit.params, np.array([1.0]))
    a, b, g, d = fit.params.to_tuple()
    assert ex[0] == pytest.approx(a / (a + b) * d / (g + d), rel=1e-12)
    with pytest.raises(northstar.Error, match="t_x"):
        clv.probability_alive(fit.params, 1.0, np.array([7.0]), 6.0)
    with pytest.raises(TypeError, match="x must have dtype float64, got int64"):
        clv.fit_bg_bb(x.astype(np.int64), tx, 6.0, w)


def test_gil_released_during_kernels():
    """While one thread is inside evaluate(), another keeps running Python code.
    With the GIL held the main loop below would stall for the whole call, so
    its longest pause would be about the call's duration. Retried (busy CI
    machines can deschedule a thread), but never passes with the GIL held."""
    n = 10_000_000
    aov = np.random.default_rng(1).uniform(1, 100, n)
    f = clv.margin_clv(aov, 0.3, 2.0, 3.0, 1.0)
    out = np.empty(n)
    f.evaluate(out=out, threads=1)  # warm up (page faults)
    for attempt in range(3):
        span = {}

        def work():
            t0 = time.perf_counter()
            f.evaluate(out=out, threads=1)
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
        pytest.fail(f"main thread stalled {gaps.max():.4f} s of a {t1 - t0:.4f} s call: GIL held?")
    np.testing.assert_array_equal(out, f.evaluate())


def test_two_python_threads_fit_in_parallel_safely():
    x, tx, w = _donations()
    results = [None, None]

    def work(k):
        results[k] = clv.fit_bg_bb(x, tx, 6.0, w)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0].params == results[1].params
