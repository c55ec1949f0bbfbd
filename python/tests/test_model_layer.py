"""The model layer shared by the six probabilistic models (BG/NBD, MBG/NBD, Pareto/NBD,
Gamma-Gamma, sBG, BG/BB): one fit-result type, one params type, one set of fit options, the
registry clv.models; the penalty's invariance to the scale of the weights; the lifetimes
convention against lifetimes' objective (0.11.3's fitters) written here independently in
numpy/scipy and minimised with scipy."""
import pathlib
import pickle

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize
from scipy.special import gammaln, hyp2f1, logsumexp

import northstar
from northstar import clv

ROOT = pathlib.Path(__file__).resolve().parents[2]
CDNOW = ROOT / "examples" / "data" / "cdnow_customers_summary_with_transactions.csv"
MODELS = ("bg_nbd", "mbg_nbd", "pareto_nbd", "gamma_gamma", "sbg", "bg_bb")
TRANSACTION = ("bg_nbd", "mbg_nbd", "pareto_nbd")


@pytest.fixture(scope="module")
def cdnow():
    frame = pd.read_csv(CDNOW)
    return {c: frame[c].to_numpy(np.float64) for c in ("x", "t_x", "T", "zbar")}


def _donations():
    # Fader, Hardie & Shang (2010): (x, t_x) patterns of 6 opportunities and their counts.
    x = np.array([0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6], dtype=float)
    tx = np.array([0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6], dtype=float)
    w = np.array([3464, 1091, 277, 129, 78, 119, 129, 613, 255, 155, 173, 234, 322, 181, 225, 357, 240, 284,
                  512, 335, 728, 1203], dtype=float)
    return x, tx, w


SURVIVORS = np.array([1000.0, 631, 468, 382, 326, 289, 262, 241])


def _fit(name, data, scale=1.0, **options):
    """fit_<name> on its reference data set, every weight (or survivor count) times `scale`."""
    fit = clv.models[name].fit
    if name in TRANSACTION:
        return fit(data["x"], data["t_x"], data["T"], weight=np.full(len(data["x"]), scale), **options)
    if name == "gamma_gamma":
        repeat = data["x"] > 0
        x, z = data["x"][repeat], data["zbar"][repeat]
        return fit(x, z, weight=np.full(len(x), scale), **options)
    if name == "sbg":
        return fit(SURVIVORS * scale, **options)
    x, tx, w = _donations()
    return fit(x, tx, 6.0, w * scale, **options)


def test_registry():
    assert tuple(clv.models) == MODELS
    kinds = {"bg_nbd": "customer_histories", "mbg_nbd": "customer_histories", "pareto_nbd": "customer_histories",
             "gamma_gamma": "repeat_spend", "sbg": "cohort_survivors", "bg_bb": "opportunity_histories"}
    names = {"bg_nbd": ("r", "alpha", "a", "b"), "mbg_nbd": ("r", "alpha", "a", "b"),
             "pareto_nbd": ("r", "alpha", "s", "beta"), "gamma_gamma": ("p", "q", "gamma"),
             "sbg": ("alpha", "beta"), "bg_bb": ("alpha", "beta", "gamma", "delta")}
    for name, model in clv.models.items():
        assert model.name == name and model.data == kinds[name]
        assert model.parameter_names == names[name] == model.params.parameter_names
        assert model.fit is getattr(clv, "fit_" + name)
        assert model.params is getattr(clv, name + "_params")
        assert model.fit_result is getattr(clv, name + "_fit")
        assert model.fit.__doc__ and "l2_penalty" in model.fit.__doc__


@pytest.mark.parametrize("name", MODELS)
def test_params_class(name):
    cls = clv.models[name].params
    n = len(cls.parameter_names)
    values = tuple(0.5 + k for k in range(n))
    p = cls(*values)
    assert p.to_tuple() == values
    assert p == cls(**dict(zip(cls.parameter_names, values))) and not p == cls()
    assert pickle.loads(pickle.dumps(p)) == p
    assert repr(p) == f"{name}_params(" + ", ".join(f"{k}={v!r}" for k, v in zip(cls.parameter_names, values)) + ")"
    setattr(p, cls.parameter_names[-1], 9.0)
    assert p.to_tuple()[-1] == 9.0


@pytest.mark.parametrize("name", MODELS)
def test_every_fit_result_has_the_same_shape(name, cdnow):
    f = _fit(name, cdnow)
    model = clv.models[name]
    n = len(model.parameter_names)
    assert isinstance(f, model.fit_result)
    assert isinstance(f.params, model.params) and isinstance(f.standard_errors, model.params)
    assert f.report.converged and f.report.iterations > 0 and f.report.gradient_norm <= 1e-7
    assert np.isfinite(f.report.log_likelihood) and isinstance(f.report.reason, str) and f.report.reason
    assert isinstance(f.patterns, int) and f.patterns > 0
    cov = f.covariance
    assert cov.shape == (n, n) and cov.dtype == np.float64
    scale = np.abs(cov).max()
    np.testing.assert_allclose(cov, cov.T, rtol=0, atol=1e-12 * scale)
    se = np.array(f.standard_errors.to_tuple())
    assert np.all(se > 0)
    np.testing.assert_allclose(np.diag(cov), se ** 2, rtol=1e-12)
    assert repr(f).startswith(f"{name}_fit(params={name}_params(") and "converged=True" in repr(f)
    assert "converged=True" in repr(f.report)


@pytest.mark.parametrize("name", MODELS)
def test_penalty_is_invariant_to_the_scale_of_the_weights(name, cdnow):
    one = _fit(name, cdnow, l2_penalty=0.01)
    seven = _fit(name, cdnow, scale=7.0, l2_penalty=0.01)
    free = _fit(name, cdnow)
    a, b = np.array(one.params.to_tuple()), np.array(seven.params.to_tuple())
    np.testing.assert_allclose(b, a, rtol=1e-6, err_msg=f"{name}: weights x1 {a}, x7 {b}")
    assert not np.allclose(a, free.params.to_tuple(), rtol=1e-3), f"{name}: the penalty changed nothing"
    # The log-likelihood scales with the weights.
    assert seven.report.log_likelihood == pytest.approx(7 * one.report.log_likelihood, rel=1e-8)


# ------------------------------------------------------------------ lifetimes' objective (0.11.3)

def _bg_nbd_ll(params, x, tx, T):
    r, alpha, a, b = params
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(x > 0, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(tx + alpha), -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def _mbg_nbd_ll(params, x, tx, T):
    r, alpha, a, b = params
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x + 1) - gammaln(b) - gammaln(a + b + x + 1)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
    return a1 + a2 + a3 + np.logaddexp(0.0, a4)


def _pareto_nbd_ll(params, x, tx, T):
    r, alpha, s, beta = params
    rsx = r + s + x
    if alpha < beta:
        low, high, t = alpha, beta, r + x
    else:
        low, high, t = beta, alpha, s + 1
    q1, q2 = high + tx, high + T
    p1 = hyp2f1(rsx, t, rsx + 1, (high - low) / q1)
    p2 = hyp2f1(rsx, t, rsx + 1, (high - low) / q2)
    with np.errstate(divide="ignore"):
        log_a0 = logsumexp([np.log(p1) + rsx * np.log(q2), np.log(p2) + rsx * np.log(q1)], axis=0,
                           b=[np.ones_like(x), -np.ones_like(x)]) - rsx * np.log(q1 * q2)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    a2 = np.logaddexp(-(r + x) * np.log(alpha + T) - s * np.log(beta + T), np.log(s) + log_a0 - np.log(rsx))
    return a1 + a2


def _gamma_gamma_ll(params, x, m):
    p, q, v = params
    return (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v) + (p * x - 1) * np.log(m)
            + p * x * np.log(x) - (p * x + q) * np.log(x * m + v))


def _lifetimes_estimate(name, data, penalizer):
    """lifetimes' fit: minimise its objective over log-parameters (start 0, i.e. all parameters 1)."""
    if name == "gamma_gamma":
        repeat = data["x"] > 0
        x, m = data["x"][repeat], data["zbar"][repeat]
        w = np.ones_like(x)

        def objective(lp):
            params = np.exp(lp)
            return -np.sum(w * _gamma_gamma_ll(params, x, m)) / w.sum() + penalizer * np.sum(params ** 2)
        n, time_scale = 3, ()
    else:
        x, tx, T = data["x"], data["t_x"], data["T"]
        s = 1.0 / T.max()
        w = np.ones_like(x)
        ll = {"bg_nbd": _bg_nbd_ll, "mbg_nbd": _mbg_nbd_ll, "pareto_nbd": _pareto_nbd_ll}[name]
        divisor = w.mean() if name == "pareto_nbd" else w.sum()   # lifetimes' ParetoNBDFitter: the mean

        def objective(lp):
            params = np.exp(lp)
            return -np.sum(w * ll(params, x, tx * s, T * s)) / divisor + penalizer * np.sum(params ** 2)
        n, time_scale = 4, ((1, 3) if name == "pareto_nbd" else (1,))
    result = minimize(objective, np.zeros(n), method="BFGS", options={"gtol": 1e-10, "maxiter": 10000})
    params = np.exp(result.x)
    for k in time_scale:
        params[k] /= s
    return params


@pytest.mark.parametrize("penalizer", [0.001, 0.01])
@pytest.mark.parametrize("name", ("bg_nbd", "mbg_nbd", "pareto_nbd", "gamma_gamma"))
def test_lifetimes_convention_matches_lifetimes_objective(name, penalizer, cdnow):
    reference = _lifetimes_estimate(name, cdnow, penalizer)
    fit = _fit(name, cdnow, l2_penalty=penalizer, penalty="lifetimes")
    ours = np.array(fit.params.to_tuple())
    print(f"{name} penalizer {penalizer}: lifetimes objective {reference}, northstar {ours}")
    np.testing.assert_allclose(ours, reference, rtol=1e-4,
                               err_msg=f"{name} at {penalizer}: northstar {ours}, lifetimes' objective {reference}")


def test_lifetimes_convention_rejected_by_sbg_and_bg_bb(cdnow):
    for name in ("sbg", "bg_bb"):
        with pytest.raises(northstar.Error, match="penalty") as e:
            _fit(name, cdnow, l2_penalty=0.01, penalty="lifetimes")
        assert e.value.code_name == "invalid_argument" and f"{name}::fit" in str(e.value)


# ------------------------------------------------------------------ bad options

@pytest.mark.parametrize("name", MODELS)
def test_bad_options_name_the_option(name, cdnow):
    n = len(clv.models[name].parameter_names)
    cases = [
        ({"penalty": "ridge"}, "penalty", "invalid_argument"),
        ({"start": [1.0] * (n + 1)}, "start", "size_mismatch"),
        ({"start": [1.0] * (n - 1)}, "start", "size_mismatch"),
        ({"start": [1.0] * (n - 1) + [0.0]}, "start", "invalid_argument"),
        ({"start": [-2.0] + [1.0] * (n - 1)}, "start", "invalid_argument"),
        ({"l2_penalty": np.inf}, "l2_penalty", "not_finite"),
        ({"l2_penalty": -0.1}, "l2_penalty", "invalid_argument"),
        ({"max_iterations": 0}, "max_iterations", "invalid_argument"),
        ({"gradient_tolerance": 0.0}, "gradient_tolerance", "invalid_argument"),
    ]
    for options, option, code in cases:
        with pytest.raises(northstar.Error) as e:
            _fit(name, cdnow, **options)
        assert option in str(e.value) and f"{name}::fit" in str(e.value), (options, str(e.value))
        assert e.value.code_name == code, (options, str(e.value))
    with pytest.raises(TypeError, match="start"):
        _fit(name, cdnow, start="abc")
    with pytest.raises(TypeError):
        _fit(name, cdnow, bogus=1)


@pytest.mark.parametrize("name", MODELS)
def test_start_and_iteration_limit(name, cdnow):
    base = _fit(name, cdnow)
    again = _fit(name, cdnow, start=list(base.params.to_tuple()))
    np.testing.assert_allclose(again.params.to_tuple(), base.params.to_tuple(), rtol=1e-5)
    short = _fit(name, cdnow, max_iterations=1, throw_on_failure=False)
    assert not short.report.converged and short.report.iterations == 1
    with pytest.raises(northstar.Error) as e:
        _fit(name, cdnow, max_iterations=1)
    assert e.value.code_name == "not_converged"
    one = _fit(name, cdnow, threads=1)
    assert one.params == base.params
