"""northstar.okr from Python: the seed set of docs/okr_json.md (hand-computed progress 0.5 for
every seed KR at 2026-02-15), dict and text input, JSON-path errors."""
import datetime
import json
import pathlib
import re

import pytest

import northstar
from northstar import okr

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = json.loads(re.search(r"```json\n(\{\n  \"cycle\".*?)```", (ROOT / "docs" / "okr_json.md").read_text(),
                            re.S).group(1))


def test_docstrings():
    for name in ("evaluate", "evaluate_json", "normalize_json"):
        assert getattr(okr, name).__doc__, name


def test_seed_set_by_hand():
    report = okr.evaluate(SEED, as_of="2026-02-15")
    assert report["as_of"] == "2026-02-15" and report["elapsed"] == 0.5
    c1 = report["objectives"][0]
    assert c1["id"] == "C1"
    # docs/okr_json.md: CSAT (8.0-7.5)/(8.5-7.5), NPS (40-30)/(50-30), churn (4-5)/(3-5), repeat (67.5-60)/(75-60).
    assert [kr["progress"] for kr in c1["key_results"]] == [0.5, 0.5, 0.5, 0.5]
    assert c1["own_score"] == 0.5 and c1["expectation"] == 1.0 and c1["meets_expectation"] is False
    # Text in, text out: the same report.
    text = okr.evaluate_json(json.dumps(SEED), datetime.date(2026, 2, 15))
    assert json.loads(text) == report
    assert okr.evaluate(SEED, datetime.datetime(2026, 2, 15, 0, 0, 0)) == report
    # Options by name reach the evaluation.
    assert okr.evaluate(SEED, "2026-02-15", aggregate="min")["options"]["aggregate"] == "min"


def test_normalize_round_trip():
    text = okr.normalize_json(SEED)
    assert okr.normalize_json(text) == text
    assert json.loads(text)["cycle"]["end"] == "2026-03-31"


def test_errors_carry_the_json_path():
    bad = json.loads(json.dumps(SEED))
    bad["objectives"][0]["key_results"][2]["target"] = "3"
    with pytest.raises(northstar.Error) as info:
        okr.evaluate(bad, "2026-02-15")
    assert info.value.json_path == "/objectives/0/key_results/2/target"
    assert 'expected a number, got string "3"' in str(info.value)
    bad = json.loads(json.dumps(SEED))
    bad["objectives"][1]["key_results"][0]["colour"] = "red"
    with pytest.raises(northstar.Error, match="unknown field 'colour'") as info:
        okr.evaluate(bad, "2026-02-15")
    assert info.value.json_path == "/objectives/1/key_results/0/colour"
    bad = json.loads(json.dumps(SEED))
    bad["objectives"][0]["key_results"][0]["target"] = 7.5  # equals the baseline
    with pytest.raises(northstar.Error, match="invalid_model|baseline") as info:
        okr.evaluate(bad, "2026-02-15")
    assert info.value.json_path == "/objectives/0/key_results/0/target"
    with pytest.raises(northstar.Error, match="malformed JSON") as info:
        okr.evaluate_json("{", "2026-02-15")
    assert info.value.json_path is None


def test_bad_options_name_the_option():
    with pytest.raises(northstar.Error, match="as_of = '2026-02-30'"):
        okr.evaluate(SEED, "2026-02-30")
    with pytest.raises(northstar.Error, match="policy = 'clamp'"):
        okr.evaluate(SEED, "2026-02-15", policy="clamp")
    with pytest.raises(northstar.Error, match="interval_level"):
        okr.evaluate(SEED, "2026-02-15", interval_level=1.5)
    with pytest.raises(TypeError, match="okrs must be a dict"):
        okr.evaluate([1, 2], "2026-02-15")


def test_error_codes_of_okr_and_file_routes():
    # docs/errors.md: the codes that only the OKR and file routes produce, seen from Python.
    bad = json.loads(json.dumps(SEED))
    bad["objectives"][0]["key_results"][0]["target"] = 7.5  # equals the baseline
    with pytest.raises(northstar.Error) as info:
        okr.evaluate(bad, "2026-02-15")
    assert info.value.code_name == "invalid_model" and info.value.code == 4
    with pytest.raises(northstar.Error) as info:
        okr.evaluate_json("{", "2026-02-15")
    assert info.value.code_name == "parse_error" and info.value.code == 5
    from northstar import clv
    with pytest.raises(northstar.Error) as info:
        clv.read_transactions_csv("/nonexistent/northstar/transactions.csv")
    assert info.value.code_name == "io_error" and info.value.code == 7
    assert "/nonexistent/northstar/transactions.csv" in str(info.value)
