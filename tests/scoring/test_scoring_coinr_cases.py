"""Reproduce COINr 1.1.14's reference cases (``shared/reference/coinr/cases_vectors.json``).

Compared with ``rel=1e-9, abs=1e-12``. Every case is covered except:

- every case is covered (``CAGR`` by :func:`~progress_indicators.scoring.growth_rate`).

COINr functions map onto the engine as: ``n_minmax``/``n_zscore``/``n_goalposts``/
``n_dist2targ``/``n_dist2max``/``n_dist2ref``/``n_fracmax``/``n_rank``/``n_prank``/
``n_borda``/``Normalise.numeric`` -> :func:`normalise` (``n_scaled`` is goalposts without
truncation); ``a_*`` and ``Aggregate.data.frame`` -> :func:`aggregate`; ``outrankMatrix``
-> :func:`outranking_matrix`; ``check_SkewKurt``/``skew``/``kurt`` ->
:func:`skewness`/:func:`kurtosis`; ``Treat.numeric`` -> :func:`treat_outliers` (its
winsorise-only step with ``log_fallback=False``); ``log_CT``, ``boxcox`` -> same names;
``i_mean``/``i_median``/``i_mean_grp`` -> :func:`impute`.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ScoringError
from progress_indicators.scoring import (
    aggregate,
    boxcox,
    growth_rate,
    impute,
    kurtosis,
    log_ct,
    normalise,
    outranking_matrix,
    skewness,
    treat_outliers,
)
from tests.scoring.scoring_reference import COINR_DIR

if TYPE_CHECKING:
    from collections.abc import Callable

NOT_COVERED: dict[str, str] = {}
REL, ABS = 1e-9, 1e-12


def _cases() -> list[Any]:
    path = COINR_DIR / "cases_vectors.json"
    if not path.is_file():
        reason = f"COINr reference cases not found at {path.resolve()}"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-reference")]
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    params = []
    for case in cases:
        marks = []
        if case["coinr_function"] in NOT_COVERED:
            marks.append(pytest.mark.skip(reason=NOT_COVERED[case["coinr_function"]]))
        params.append(pytest.param(case, marks=marks, id=case["id"]))
    return params


def _col(values: Any) -> pd.DataFrame:
    data = [np.nan if v is None else float(v) for v in np.atleast_1d(np.asarray(values, object))]
    return pd.DataFrame({"x": data})


def _rows(records: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame.from_records(records).astype(float)


def assert_matches(got: Any, expected: Any) -> None:
    """Element-wise comparison at COINr tolerance; None in expected means NaN."""
    got_arr = np.atleast_1d(np.asarray(got, dtype=np.float64))
    exp_arr = np.atleast_1d(
        np.asarray(
            [np.nan if e is None else e for e in np.atleast_1d(np.asarray(expected, dtype=object))],
            dtype=np.float64,
        )
    )
    assert got_arr.shape == exp_arr.shape
    for g, e in zip(got_arr, exp_arr, strict=True):
        if math.isnan(e):
            assert math.isnan(g)
        else:
            assert g == pytest.approx(e, rel=REL, abs=ABS)


NORMALISE_CALLS: dict[str, Callable[[Any, pd.DataFrame], pd.DataFrame]] = {
    "n_minmax": lambda p, x: normalise(x, "minmax", lower=p["l_u"][0], upper=p["l_u"][1]),
    "n_zscore": lambda p, x: normalise(x, "zscore", mean=p["m_sd"][0], sd=p["m_sd"][1]),
    "n_dist2targ": lambda p, x: normalise(
        x, "dist_to_target", targets=p["targ"], cap_max=p["cap_max"], directions=p["direction"]
    ),
    "n_goalposts": lambda p, x: normalise(
        x,
        "goalposts",
        lower=p["gposts"][0],
        upper=p["gposts"][1],
        scale=p["gposts"][2],
        truncate=p["trunc2posts"],
        directions=p["direction"],
    ),
    "n_scaled": lambda p, x: normalise(
        x,
        "goalposts",
        lower=p["npara"][0],
        upper=p["npara"][1],
        scale=p["scale_factor"],
        truncate=False,
    ),
    "n_rank": lambda p, x: normalise(x, "rank", ties=p["ties.method"]),
    "n_prank": lambda p, x: normalise(x, "percentile_rank", ties=p["ties.method"]),
    "n_borda": lambda p, x: normalise(x, "borda", ties=p["ties.method"]),
    "n_dist2max": lambda p, x: normalise(x, "dist_to_max"),
    "n_dist2ref": lambda p, x: normalise(
        x, "dist_to_ref", ref=x.index[p["iref"] - 1], cap_max=p["cap_max"]
    ),
    "n_fracmax": lambda p, x: normalise(x, "frac_max"),
    "Normalise.numeric": lambda p, x: normalise(
        x,
        "minmax",
        lower=p["f_n_para"]["l_u"][0],
        upper=p["f_n_para"]["l_u"][1],
        directions=p["direction"],
    ),
}

MEANS = {"a_amean": "arithmetic", "a_gmean": "geometric", "a_hmean": "harmonic"}
MEANS["a_genmean"] = "generalised"


def check_normalise(case: dict[str, Any]) -> None:
    """Normalisation cases: one column in, one column out."""
    if case["coinr_function"] == "Normalise.numeric":
        assert case["params"]["f_n"] == "n_minmax"
    out = NORMALISE_CALLS[case["coinr_function"]](case["params"], _col(case["input"]))
    assert_matches(out["x"], case["expected"])


def check_mean(case: dict[str, Any]) -> None:
    """Weighted means of one row, including COINr's errors on zero/negative values."""
    p, inp, expected = case["params"], case["input"], case["expected"]
    frame = _col(inp).T.set_axis([f"c{i}" for i in range(len(inp))], axis=1)
    method = MEANS[case["coinr_function"]]
    if expected == "ERROR":
        with pytest.raises(ScoringError, match=r"'c2'.*\nHint: .*offset="):
            aggregate(frame, weights=p["w"], method=method)
        return
    result = aggregate(frame, weights=p["w"], method=method, p=p.get("p"))
    assert_matches(result.scores, expected)


def check_threshold(case: dict[str, Any]) -> None:
    """Data threshold: rows with too little data give NaN."""
    p = case["params"]
    result = aggregate(
        _rows(case["input"]),
        weights=p["f_ag_para"]["w"],
        method="arithmetic",
        data_threshold=p["dat_thresh"],
    )
    assert_matches(result.scores, case["expected"])


def check_outranking(case: dict[str, Any]) -> None:
    """Outranking matrix and its dominance counts."""
    expected = case["expected"]
    out = outranking_matrix(_rows(case["input"]), weights=case["params"]["w"])
    assert_matches(out.matrix.to_numpy().ravel(), np.asarray(expected["OutRankMatrix"]).ravel())
    assert out.n_dominant == expected["nDominant"]
    assert out.frac_dominant == pytest.approx(expected["fracDominant"], rel=REL)


def check_copeland(case: dict[str, Any]) -> None:
    """Copeland scores."""
    result = aggregate(_rows(case["input"]), weights=case["params"]["w"], method="copeland")
    assert_matches(result.scores, case["expected"])


def check_skew_kurt(case: dict[str, Any]) -> None:
    """Type-2 skewness and kurtosis and COINr's pass/fail rule."""
    x, p, expected = np.asarray(case["input"], dtype=float), case["params"], case["expected"]
    assert_matches(skewness(x), expected["Skew"])
    assert_matches(kurtosis(x), expected["Kurt"])
    fails = abs(skewness(x)) >= p["skew_thresh"] and kurtosis(x) >= p["kurt_thresh"]
    assert (not fails) == expected["Pass"]


def check_winsorise(case: dict[str, Any]) -> None:
    """Winsorisation alone (no log fallback)."""
    expected = case["expected"]
    out = treat_outliers(_col(case["input"]), winmax=case["params"]["winmax"], log_fallback=False)
    assert_matches(out.data["x"], expected["x"] if isinstance(expected, dict) else expected)
    if isinstance(expected, dict):
        assert bool(out.report.loc["x", "passes_after"]) == expected["passes_after"]


def check_treat(case: dict[str, Any]) -> None:
    """Winsorisation falling back to log_CT of the original column."""
    out = treat_outliers(_col(case["input"]), winmax=case["params"]["winmax"])
    assert_matches(out.data["x"], case["expected"])
    assert bool(out.report.loc["x", "log_applied"])


def check_impute(case: dict[str, Any]) -> None:
    """Mean, median and group-mean imputation, with the imputed mask."""
    method = {"i_mean": "mean", "i_median": "median", "i_mean_grp": "group_mean"}
    p = case["params"]
    groups = p.get("f") if isinstance(p, dict) else None
    out = impute(_col(case["input"]), method[case["coinr_function"]], groups=groups)
    assert_matches(out.data["x"], case["expected"])
    assert out.imputed["x"].tolist() == [v is None for v in case["input"]]


CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    **dict.fromkeys(NORMALISE_CALLS, check_normalise),
    **dict.fromkeys(MEANS, check_mean),
    "Aggregate.data.frame": check_threshold,
    "outrankMatrix": check_outranking,
    "a_copeland": check_copeland,
    "check_SkewKurt": check_skew_kurt,
    "Treat.numeric/winsorise": check_winsorise,
    "Treat.numeric": check_treat,
    "log_CT": lambda c: assert_matches(
        log_ct(np.asarray(c["input"], dtype=float)[:, None])[:, 0], c["expected"]
    ),
    "boxcox": lambda c: assert_matches(
        boxcox(c["input"], c["params"]["lambda"], makepos=c["params"]["makepos"]), c["expected"]
    ),
    "skew": lambda c: assert_matches(skewness(c["input"]), c["expected"]),
    "kurt": lambda c: assert_matches(kurtosis(c["input"]), c["expected"]),
    **dict.fromkeys(["i_mean", "i_median", "i_mean_grp"], check_impute),
    "CAGR": lambda c: assert_matches(growth_rate(c["input"], c["params"]["x"]), c["expected"]),
}


@pytest.mark.parametrize("case", _cases())
def test_coinr_case(case: dict[str, Any]) -> None:
    """The engine reproduces COINr 1.1.14's output for this reference case."""
    check = CHECKS.get(case["coinr_function"])
    if check is None:
        pytest.fail(f"no mapping for COINr function {case['coinr_function']!r}")
    check(case)


def test_error_case_message_names_rows() -> None:
    """A zero in a geometric mean names the column and the row and hints at offset=."""
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [0.0, 3.0]}, index=["2024-01", "2024-02"])
    with pytest.raises(ScoringError) as err:
        aggregate(frame, method="geometric")
    text = str(err.value)
    assert "'b'" in text
    assert "'2024-01' (0)" in text
    assert "'2024-02'" not in text
    assert isinstance(err.value, ValueError)
