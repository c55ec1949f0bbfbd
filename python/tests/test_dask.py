"""northstar.dask on a LocalCluster (2 worker processes on 127.0.0.1, no dashboard): the
distributed summary, patterns, fits and predictions equal the single-process ones computed with
northstar.clv on the whole log (exactly: the amounts are multiples of 1/4, so every order of
summation gives the same sums); bad input names the column."""
import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import northstar  # noqa: E402
import northstar.dask as nd  # noqa: E402
from northstar import clv  # noqa: E402

END = "2024-12-31"


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, memory_limit="1GiB") as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def log():
    df = nd.synthetic_transactions(20_000, partitions=4, seed=3, calibration_end=END, dask=False)
    # Rows in random order, so most customers' rows are spread over several partitions.
    return df.sample(frac=1.0, random_state=0).reset_index(drop=True)


@pytest.fixture(scope="module")
def single(log):
    days = log["timestamp"].to_numpy().astype("datetime64[D]")
    return clv.summarize(log["customer"], days, log["amount"], calibration_end=END)


@pytest.fixture(scope="module")
def summary(client, log):
    ddf = dd.from_pandas(log, npartitions=5, sort=False)
    return nd.summarize(ddf, calibration_end=END).persist()


def test_the_log_spreads_customers_over_partitions(log):
    part = np.arange(len(log)) * 5 // len(log)
    spread = pd.Series(part).groupby(log["customer"].to_numpy()).nunique()
    assert (spread > 1).mean() > 0.3
    assert np.all((log["amount"].to_numpy() * 8) % 1 == 0)  # eighths: exact sums in any order


def test_distributed_summary_equals_single_process(summary, single):
    got = summary.compute().sort_values("id", kind="mergesort")
    assert len(got) == len(single) == 20_000  # every customer starts before calibration_end
    for column in ("id", "frequency", "recency", "age", "monetary"):
        np.testing.assert_array_equal(got[column].to_numpy(), np.asarray(getattr(single, column)), column)
    assert got["frequency"].max() > 5 and (got["monetary"] > 0).any()


def test_patterns_fit_and_predictions_equal_single_process(summary, single):
    patterns = nd.compress(summary)
    ref = clv.compress(single.frequency, single.recency, single.age)
    assert len(patterns) < len(single)
    for column in ("frequency", "recency", "age", "weight"):
        np.testing.assert_array_equal(patterns[column].to_numpy(), np.asarray(getattr(ref, column)), column)
    x, tx, T, z = (np.asarray(getattr(single, c)) for c in ("frequency", "recency", "age", "monetary"))
    for model, fit in (("bg_nbd", clv.fit_bg_nbd), ("pareto_nbd", clv.fit_pareto_nbd)):
        dist, local = nd.fit(patterns, model=model), fit(x, tx, T)
        assert dist.params == local.params, model  # bit for bit
        assert dist.report.log_likelihood == local.report.log_likelihood
    bg = nd.fit(patterns).params
    spend = nd.fit_spend(summary)
    local_spend = clv.fit_gamma_gamma(x, z)
    assert spend.params == local_spend.params and spend.patterns == local_spend.patterns
    # The simulation's parameters are recovered (CDNOW BG/NBD, 20k customers): a sanity check.
    assert 0.15 < bg.r < 0.4 and 0.5 < bg.a < 1.2

    scored = nd.predict(summary, bg, spend=spend.params, t=26.0).compute().sort_values("id", kind="mergesort")
    alive = clv.probability_alive(bg, x, tx, T)
    purchases = clv.conditional_expected_purchases(bg, x, tx, T, 26.0)
    expected = clv.conditional_expected_spend(spend.params, x, z)
    value = clv.customer_lifetime_value(bg, x, tx, T, expected, clv.per_period_discount(12, 4.345, 0.01))
    # Not bit for bit: the C++ kernels compute pairs of customers in SIMD lanes and an odd last
    # customer with scalar code, which can differ in the last bit (BG/NBD P(alive) does), and a
    # customer's position in its partition differs from its position in the whole array.
    for column, ref in (("probability_alive", alive), ("expected_purchases", purchases),
                        ("expected_spend", expected), ("clv", value)):
        np.testing.assert_allclose(scored[column].to_numpy(), ref, rtol=1e-13, atol=0, err_msg=column)
    top = nd.predict(summary, bg, spend=spend.params, t=26.0).nlargest(5, "clv").compute()
    np.testing.assert_allclose(top["clv"].to_numpy(), np.sort(value)[::-1][:5], rtol=1e-13, atol=0)


def test_generation_on_workers_and_no_shuffle_when_partitioned(client):
    ddf = nd.synthetic_transactions(4_000, partitions=3, seed=9, calibration_end=END)  # from_map, on workers
    local = nd.synthetic_transactions(4_000, partitions=3, seed=9, calibration_end=END, dask=False)
    pd.testing.assert_frame_equal(ddf.compute().reset_index(drop=True), local)
    got = nd.summarize(ddf, calibration_end=END, partitioned_by_customer=True).compute().sort_values("id")
    ref = clv.summarize(local["customer"], local["timestamp"].to_numpy().astype("datetime64[D]"), local["amount"],
                        calibration_end=END)
    assert len(got) == 4_000
    np.testing.assert_array_equal(got["recency"].to_numpy(), np.asarray(ref.recency))
    np.testing.assert_array_equal(got["monetary"].to_numpy(), np.asarray(ref.monetary))


def _frame(**columns):
    base = {"customer": np.array([1, 1, 2], np.int64),
            "timestamp": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-05"]).to_numpy(),
            "amount": np.array([1.0, 2.0, 3.0])}
    base.update(columns)
    return dd.from_pandas(pd.DataFrame({k: v for k, v in base.items() if v is not None}), npartitions=2)


def test_bad_input_names_the_column(client):
    with pytest.raises(KeyError, match="column 'amount' is missing"):
        nd.summarize(_frame(amount=None), calibration_end=END)
    with pytest.raises(KeyError, match="column 'when' is missing"):
        nd.summarize(_frame(), calibration_end=END, timestamp="when")
    with pytest.raises(ValueError, match="column 'amount' has a NaN amount"):
        nd.summarize(_frame(amount=np.array([1.0, np.nan, 3.0])), calibration_end=END).compute()
    with pytest.raises(ValueError, match="column 'amount' has a negative amount -2.0 \\(customer 1\\)"):
        nd.summarize(_frame(amount=np.array([1.0, -2.0, 3.0])), calibration_end=END).compute()
    with pytest.raises(TypeError, match="column 'amount' .* has dtype int64"):
        nd.summarize(_frame(amount=np.array([1, 2, 3])), calibration_end=END)
    with pytest.raises(TypeError, match="column 'customer' .* has dtype object"):
        nd.summarize(_frame(customer=np.array(["a", "a", "b"], object)), calibration_end=END)
    with pytest.raises(ValueError, match="column 'timestamp' has a missing timestamp"):
        nd.summarize(_frame(timestamp=pd.to_datetime(["2024-01-01", None, "2024-01-05"]).to_numpy()),
                     calibration_end=END).compute()
    with pytest.raises(ValueError, match="model = 'bg'"):
        nd.fit(pd.DataFrame({"frequency": [1.0], "recency": [1.0], "age": [2.0], "weight": [1.0]}), model="bg")
    with pytest.raises(northstar.Error, match="recency"):
        nd.fit(pd.DataFrame({"frequency": [1.0], "recency": [3.0], "age": [2.0], "weight": [1.0]}))
