"""Aggregation cases written to kill the mutants that survived the first mutmut run.

Every expected number is worked out by hand in a comment.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, SchemaError
from progress_indicators.scoring import aggregate, outranking_matrix


def frame3() -> pd.DataFrame:
    """Rows p, q, r; q is missing b, r is missing everything."""
    return pd.DataFrame(
        {"a": [2.0, 4.0, np.nan], "b": [6.0, np.nan, np.nan]},
        index=pd.Index(["p", "q", "r"], name="unit"),
    )


def test_result_labels_and_used_weights() -> None:
    # weights 1, 3: p = (2 + 18) / 4 = 5; q has only a: 4; r: NaN
    out = aggregate(frame3(), weights=[1, 3])
    assert out.scores.name == "arithmetic"
    assert out.scores.tolist()[:2] == [5.0, 4.0]
    assert math.isnan(out.scores.iloc[2])
    assert list(out.scores.index) == ["p", "q", "r"]
    # used weights: p 1/4, 3/4; q 1, 0; r NaN (no score)
    used = out.weights_used
    assert list(used.columns) == ["a", "b"]
    assert list(used.index) == ["p", "q", "r"]
    assert used.to_numpy()[0].tolist() == [0.25, 0.75]
    assert used.to_numpy()[1].tolist() == [1.0, 0.0]
    assert used.loc["r"].isna().all()
    # coverage: p 1, q 1/4, r 0
    assert out.coverage.name == "coverage"
    assert list(out.coverage.index) == ["p", "q", "r"]
    assert out.coverage.tolist() == [1.0, 0.25, 0.0]
    assert list(out.reweighted) == ["q"]


def test_zero_weight_missing_is_not_reweighting() -> None:
    # b has weight 0: q missing b is not reweighted; a weight of 0 is allowed
    out = aggregate(frame3(), weights={"a": 1.0, "b": 0.0})
    assert list(out.reweighted) == []
    assert out.scores.tolist()[:2] == [2.0, 4.0]


def test_threshold_is_inclusive_and_ignores_empty_rows() -> None:
    # coverage p 1, q 0.25, r 0: threshold 0.25 keeps q; r has no weight at all and is
    # not listed as below the threshold (it has nothing to score)
    out = aggregate(frame3(), weights=[1, 3], data_threshold=0.25)
    assert out.scores.iloc[1] == 4.0
    assert list(out.below_threshold) == []
    higher = aggregate(frame3(), weights=[1, 3], data_threshold=0.5)
    assert list(higher.below_threshold) == ["q"]
    assert math.isnan(higher.scores.iloc[1])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "mean"}, "aggregate(method='mean'): unknown aggregation method 'mean'"),
        (
            {"data_threshold": 1.5},
            "aggregate(method='arithmetic'): data_threshold must lie in [0, 1] (got 1.5).",
        ),
        (
            {"offset": math.inf},
            "aggregate(method='arithmetic'): offset must be a finite number (got inf).",
        ),
        (
            {"method": "generalised"},
            "aggregate(method='generalised'): the generalised mean needs a finite power p=",
        ),
        ({"weights": [1, 2, 3]}, "aggregate(method='arithmetic'): expected 2 weights, got 3."),
    ],
)
def test_option_errors_name_the_call(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        aggregate(frame3(), **kwargs)  # type: ignore[arg-type]


def test_domain_and_schema_errors_name_the_call() -> None:
    with pytest.raises(SchemaError, match=re.escape("aggregate(method='arithmetic')")):
        aggregate(pd.DataFrame({"a": ["x"]}))
    # offset 1 makes 0 positive; without it the geometric mean refuses 0
    shifted = aggregate(pd.DataFrame({"a": [0.0], "b": [3.0]}), method="geometric", offset=1.0)
    assert shifted.scores.iloc[0] == pytest.approx(math.sqrt(1 * 4) - 1)
    with pytest.raises(
        Exception, match=re.escape("aggregate(method='geometric'): the geometric mean needs")
    ):
        aggregate(pd.DataFrame({"a": [0.0], "b": [3.0]}), method="geometric")


def test_weight_errors() -> None:
    where = "aggregate(method='arithmetic')"
    with pytest.raises(
        ConfigError,
        match=re.escape(
            f"{where}: weights must name every column exactly (missing ['b'], unknown ['c'])."
        ),
    ):
        aggregate(frame3(), weights={"a": 1.0, "c": 2.0})
    with pytest.raises(
        ConfigError,
        match=re.escape("(missing ['b'], unknown []).\nHint: give one weight per column."),
    ):
        aggregate(frame3(), weights={"a": 1.0})
    with pytest.raises(
        ConfigError, match=re.escape("(missing [], unknown ['bb']).\nHint: Did you mean 'b'?")
    ):
        aggregate(frame3(), weights={"a": 1.0, "b": 1.0, "bb": 1.0})
    with pytest.raises(
        ConfigError,
        match=re.escape(
            f"{where}: every weight must be a finite number >= 0 (got [('b', -1.0)]).\n"
            "Hint: weights are trade-offs; use 0 to leave a column out."
        ),
    ):
        aggregate(frame3(), weights=[1, -1])
    with pytest.raises(
        ConfigError, match=re.escape(f"{where}: all weights are 0; at least one must be > 0.")
    ):
        aggregate(frame3(), weights=[0, 0])


def test_weights_as_series_and_mapping_agree() -> None:
    # 1 and 3 by name in either form: p = (2 + 18) / 4 = 5
    series = aggregate(frame3(), weights=pd.Series({"b": 3.0, "a": 1.0}))
    mapping = aggregate(frame3(), weights={"b": 3.0, "a": 1.0})
    assert series.scores.iloc[0] == 5.0
    assert mapping.scores.iloc[0] == 5.0


def test_outranking_matrix_compares_on_shared_columns() -> None:
    # x = (1, NaN), y = (0, 5), z = (1, 5); weights 1, 3
    # x vs y: only a is shared, x wins it -> 1; y vs x -> 0
    # x vs z: only a, a tie -> 0.5; y vs z: a lost (0), b tied (0.5 * 3) -> 1.5 / 4
    frame = pd.DataFrame({"a": [1.0, 0.0, 1.0], "b": [np.nan, 5.0, 5.0]}, index=["x", "y", "z"])
    out = outranking_matrix(frame, weights={"a": 1.0, "b": 3.0})
    m = out.matrix
    assert list(m.index) == ["x", "y", "z"]
    assert list(m.columns) == ["x", "y", "z"]
    assert m.loc["x", "y"] == 1.0
    assert m.loc["y", "x"] == 0.0
    assert m.loc["x", "z"] == 0.5
    assert m.loc["y", "z"] == 1.5 / 4
    assert m.loc["z", "y"] == 2.5 / 4
    # dominant pairs (share 1 either way): x-y only, of 3 pairs
    assert out.n_dominant == 1
    assert out.frac_dominant == pytest.approx(1 / 3)


def test_outranking_matrix_edge_cases() -> None:
    one = outranking_matrix(pd.DataFrame({"a": [1.0]}, index=["x"]))
    assert one.n_dominant == 0
    assert math.isnan(one.frac_dominant)
    with pytest.raises(SchemaError, match=r"^outranking_matrix"):
        outranking_matrix(pd.DataFrame({"a": ["x"]}))
    with pytest.raises(ConfigError, match=r"^outranking_matrix: expected 1 weights, got 2\."):
        outranking_matrix(pd.DataFrame({"a": [1.0]}), weights=[1, 2])
    # two rows: 1 pair, y dominates x
    two = outranking_matrix(pd.DataFrame({"a": [1.0, 2.0], "b": [1.0, 2.0]}, index=["x", "y"]))
    assert two.frac_dominant == 1.0
    assert isinstance(two.frac_dominant, float)


def test_copeland_counts_wins_minus_losses() -> None:
    # a: 1, 2, 3 on one column: wins minus losses -2, 0, 2
    out = aggregate(pd.DataFrame({"a": [1.0, 2.0, 3.0]}), method="copeland")
    assert out.scores.tolist() == [-2.0, 0.0, 2.0]
    assert out.scores.dtype == np.float64
