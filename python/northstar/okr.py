"""northstar.okr: OKR sets as JSON in, the evaluation report out.

    import northstar
    report = northstar.okr.evaluate(okr_set_dict_or_json_text, as_of="2026-02-15")
    report["objectives"][0]["score"]

`evaluate` returns the report as a dict (json.loads of the report text);
`evaluate_json` returns the JSON text itself. The format of both is
docs/okr_json.md. A fault in the input raises northstar.Error whose message
names the JSON path (RFC 6901 pointer) of the offending value; the path is also
in the exception's `json_path` attribute (None when the fault has no path,
e.g. malformed JSON, reported by byte offset).
"""
import datetime as _datetime
import json as _json
import re as _re

from ._northstar import Error
from ._northstar import okr as _okr

__all__ = ["evaluate", "evaluate_json", "normalize_json", "Error"]

_PATH = _re.compile(r"^[^:]*: (/[^:]*):")


def _with_path(error):
    match = _PATH.match(str(error))
    error.json_path = match.group(1) if match else None
    return error


def _text(okrs):
    if isinstance(okrs, str):
        return okrs
    if isinstance(okrs, (bytes, bytearray)):
        return okrs.decode("utf-8")
    if isinstance(okrs, dict):
        return _json.dumps(okrs, allow_nan=False)
    raise TypeError(f"okr: okrs must be a dict or JSON text (str), got {type(okrs).__name__}")


def _instant(as_of):
    if isinstance(as_of, _datetime.datetime):
        if as_of.tzinfo is not None:
            as_of = as_of.astimezone(_datetime.timezone.utc).replace(tzinfo=None)
        return as_of.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(as_of, _datetime.date):
        return as_of.isoformat()
    if isinstance(as_of, str):
        return as_of
    raise TypeError(f"okr: as_of must be 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM:SSZ', a date or a datetime, "
                    f"got {type(as_of).__name__}")


def evaluate_json(okrs, as_of, **options):
    """Evaluates an OKR set and returns the report as JSON text.

    okrs: JSON text (str) or a dict (serialised with json.dumps). as_of: 'YYYY-MM-DD',
    'YYYY-MM-DDTHH:MM:SSZ' (UTC), a datetime.date or a datetime.datetime (naive = UTC).
    options: the evaluation_options of the C++ API by name (policy, cap, aggregate, rollup,
    pace, objective_status, grades, milestone_dates, committed_expectation,
    aspirational_expectation, green_threshold, interval_level, threads) and indent (-1: one
    line). Raises northstar.Error with .json_path on a fault in the set.
    """
    try:
        return _okr.evaluate_json(_text(okrs), as_of=_instant(as_of), **options)
    except Error as error:
        raise _with_path(error)


def evaluate(okrs, as_of, **options):
    """Evaluates an OKR set and returns the report as a dict (see evaluate_json).

    Unknown values (NaN in C++) are None, as in the JSON report.
    """
    return _json.loads(evaluate_json(okrs, as_of, **options))


def normalize_json(okrs, indent=2):
    """Validates an OKR set (dict or JSON text) and returns it as canonical JSON text
    (every default spelled out). Raises northstar.Error with .json_path on a fault."""
    try:
        return _okr.normalize_json(_text(okrs), indent)
    except Error as error:
        raise _with_path(error)
