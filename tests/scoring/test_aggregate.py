"""Aggregation cases written to kill the mutants that survived the first mutmut run.

Every expected number is worked out by hand in a comment.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, InputTypeError, SchemaError, ScoringError
from progress_indicators.scoring import aggregate, outranking_matrix
from progress_indicators.scoring._aggregate import (
    aggregate_array,
    check_options,
    combine,
    power_mean,
)


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
            (
                "aggregate(method='arithmetic'): argument 'data_threshold' must be a finite "
                "number in [0, 1] (got 1.5 that is a float)."
            ),
        ),
        (
            {"offset": math.inf},
            (
                "aggregate(method='arithmetic'): argument 'offset' must be a finite number "
                "(got inf that is a float)."
            ),
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


# --- second pass: the survivors and the not-yet-run mutants of the 11:17 UTC run ---


def pair() -> pd.DataFrame:
    """One row, a = 1 and b = 4 (equal weights unless given)."""
    return pd.DataFrame({"a": [1.0], "b": [4.0]})


@pytest.mark.parametrize(
    ("method", "p", "expected"),
    [
        # p is ignored outside the generalised mean
        ("geometric", 1.0, 2.0),  # sqrt(1 * 4) = 2 (not the arithmetic 2.5)
        ("harmonic", 0.0, 1.6),  # 2 / (1 + 1/4) = 1.6 (not the geometric 2)
        ("minimum", -1.0, 1.0),  # min(1, 4) (not the harmonic 1.6)
        ("median", -1.0, 2.5),  # (1 + 4) / 2
        # generalised: p = 0 is geometric, p = -1 harmonic, p = 1 arithmetic
        ("generalised", 0.0, 2.0),
        ("generalised", -1.0, 1.6),
        ("generalised", 1.0, 2.5),
        # p = -2: ((1 + 1/16) / 2)^(-1/2) = (17/32)^(-1/2) = sqrt(32/17)
        ("generalised", -2.0, math.sqrt(32 / 17)),
        # p = 2: sqrt((1 + 16) / 2) = sqrt(8.5)
        ("generalised", 2.0, math.sqrt(8.5)),
    ],
)
def test_each_mean_and_the_special_powers(method: str, p: float, expected: float) -> None:
    out = aggregate(pair(), method=method, p=p)
    assert out.scores.iloc[0] == pytest.approx(expected, rel=1e-12)


def test_generalised_with_a_positive_integer_power_accepts_zero() -> None:
    # p = 2 only needs values >= 0 ... any real: sqrt((0^2 + 4^2) / 2) = sqrt(8)
    out = aggregate(pd.DataFrame({"a": [0.0], "b": [4.0]}), method="generalised", p=2.0)
    assert out.scores.iloc[0] == pytest.approx(math.sqrt(8.0), rel=1e-12)
    # p = 3 with a negative value: ((-1)^3 + 3^3) / 2 = 13, cube root of 13
    neg = aggregate(pd.DataFrame({"a": [-1.0], "b": [3.0]}), method="generalised", p=3.0)
    assert neg.scores.iloc[0] == pytest.approx(13.0 ** (1 / 3), rel=1e-12)


@pytest.mark.parametrize(
    ("p", "frame", "need"),
    [
        (-2.0, pd.DataFrame({"a": [0.0], "b": [4.0]}), "> 0"),
        (0.0, pd.DataFrame({"a": [0.0], "b": [4.0]}), "> 0"),
        (0.5, pd.DataFrame({"a": [-1.0], "b": [4.0]}), ">= 0"),
    ],
)
def test_generalised_domain_depends_on_p(p: float, frame: pd.DataFrame, need: str) -> None:
    where = "aggregate(method='generalised')"
    with pytest.raises(
        ScoringError, match=re.escape(f"{where}: the generalised mean needs values {need}, got:")
    ):
        aggregate(frame, method="generalised", p=p)


def test_generalised_fractional_power_accepts_zero() -> None:
    # p = 0.5: ((sqrt(0) + sqrt(4)) / 2)^2 = 1
    out = aggregate(pd.DataFrame({"a": [0.0], "b": [4.0]}), method="generalised", p=0.5)
    assert out.scores.iloc[0] == pytest.approx(1.0, rel=1e-12)


def test_domain_error_names_the_offset() -> None:
    # -1 + offset 1 = 0 is outside the geometric mean's domain; the message says so
    with pytest.raises(
        ScoringError,
        match=re.escape(
            "aggregate(method='geometric'): the geometric mean needs values > 0 after adding "
            "offset=1, got:\n  column 'a': row(s) 0 (0)"
        ),
    ):
        aggregate(pd.DataFrame({"a": [-1.0], "b": [3.0]}), method="geometric", offset=1.0)


def test_used_weights_are_nan_for_rows_below_the_threshold() -> None:
    # weights 1, 3; threshold 0.5: q (coverage 1/4) gets no score, so no used weights
    out = aggregate(frame3(), weights=[1, 3], data_threshold=0.5)
    used = out.weights_used
    assert used.dtypes.tolist() == [np.float64, np.float64]
    assert used.to_numpy()[0].tolist() == [0.25, 0.75]
    assert used.loc["q"].isna().all()
    assert list(out.reweighted) == []  # q is not scored, so not reweighted either


def test_unit_weights_with_a_missing_value_are_reweighting() -> None:
    # default weights 1, 1: q misses b (weight 1 > 0) and is scored from a alone
    out = aggregate(frame3())
    assert list(out.reweighted) == ["q"]
    assert out.scores.iloc[1] == 4.0
    assert out.coverage.tolist() == [1.0, 0.5, 0.0]


def test_minimum_and_median_skip_missing_and_weight_zero_columns() -> None:
    # rows: s = (3, 0.5, NaN, 7), t = (1, 2, 9, 4); weights 1, 0, 1, 1
    # minimum over the weighted, present values: s min(3, 7) = 3, t min(1, 9, 4) = 1
    # median: s (3 + 7) / 2 = 5; t median(1, 4, 9) = 4
    frame = pd.DataFrame(
        {"a": [3.0, 1.0], "b": [0.5, 2.0], "c": [np.nan, 9.0], "d": [7.0, 4.0]},
        index=["s", "t"],
    )
    weights = [1.0, 0.0, 1.0, 1.0]
    assert aggregate(frame, weights=weights, method="minimum").scores.tolist() == [3.0, 1.0]
    assert aggregate(frame, weights=weights, method="median").scores.tolist() == [5.0, 4.0]
    # one usable value: the median is that value
    single = pd.DataFrame({"a": [6.0], "b": [np.nan], "c": [2.0]})
    med = aggregate(single, weights=[1.0, 1.0, 0.0], method="median")
    assert med.scores.tolist() == [6.0]


def batch() -> tuple[np.ndarray, np.ndarray]:
    """Two draws of two rows by three columns, with one weight vector per draw."""
    values = np.array(
        [
            [[1.0, 4.0, 2.0], [2.0, np.nan, 8.0]],
            [[4.0, 0.5, 3.0], [np.nan, np.nan, 2.0]],
        ]
    )
    weights = np.array([[1.0, 1.0, 2.0], [1.0, 0.0, 1.0]])
    return values, weights


@pytest.mark.parametrize(
    ("method", "p", "expected"),
    [
        # draw 0, w (1, 1, 2): row 0 (1, 4, 2), row 1 (2, -, 8) with weights 1, 2 (sum 3)
        # draw 1, w (1, 0, 1): row 0 (4, [0.5], 3) with weights 1, 1; row 1 (-, -, 2)
        # (1 + 4 + 4) / 4; (2 + 16) / 3; (4 + 3) / 2; 2
        ("arithmetic", None, [[9 / 4, 6.0], [3.5, 2.0]]),
        # (1 * 4 * 2^2)^(1/4) = 2; (2 * 8^2)^(1/3) = 128^(1/3); sqrt(12); 2
        ("geometric", None, [[2.0, 128 ** (1 / 3)], [math.sqrt(12), 2.0]]),
        # 4 / (1 + 1/4 + 2/2) = 16/9; 3 / (1/2 + 2/8) = 4; 2 / (1/4 + 1/3) = 24/7; 2
        ("harmonic", None, [[16 / 9, 4.0], [24 / 7, 2.0]]),
        # sqrt((1 + 16 + 2 * 4) / 4) = 2.5; sqrt((4 + 2 * 64) / 3) = sqrt(44);
        # sqrt((16 + 9) / 2) = sqrt(12.5); 2
        ("generalised", 2.0, [[2.5, math.sqrt(44)], [math.sqrt(12.5), 2.0]]),
        # p=None falls back to the power 1 (arithmetic)
        ("generalised", None, [[9 / 4, 6.0], [3.5, 2.0]]),
        # minimum of the present values with weight > 0 (0.5 has weight 0)
        ("minimum", None, [[1.0, 2.0], [3.0, 2.0]]),
        # median(1, 2, 4) = 2; (2 + 8) / 2 = 5; (3 + 4) / 2 = 3.5; one value: 2
        ("median", None, [[2.0, 5.0], [3.5, 2.0]]),
    ],
)
def test_combine_is_batched_over_draws(
    method: str, p: float | None, expected: list[list[float]]
) -> None:
    values, weights = batch()
    scores, wsum = combine(values, weights, method, p)
    assert scores.shape == (2, 2)
    np.testing.assert_allclose(scores, np.array(expected), rtol=1e-12)
    # weight on present values: 4, 3; 2, 1
    assert wsum.tolist() == [[4.0, 3.0], [2.0, 1.0]]


def test_combine_row_with_no_weighted_value_is_nan() -> None:
    # row 1 has only a weight-0 value: no score for any method
    values = np.array([[1.0, 2.0], [np.nan, 5.0]])
    weights = np.array([1.0, 0.0])
    for method in ("arithmetic", "minimum", "median"):
        scores, wsum = combine(values, weights, method)
        assert scores[0] == 1.0
        assert math.isnan(scores[1])
        assert wsum.tolist() == [1.0, 0.0]


def test_rows_sharing_no_column_are_not_compared() -> None:
    # x = (1, -), y = (-, 2), z = (0, 3): x and y share no column (NaN, no warning)
    # x vs z on a: x wins -> 1; y vs z on b: z wins -> z,y = 1
    # Copeland: x +1 (beats z); y -1 (loses to z); z: loses to x, beats y -> 0
    frame = pd.DataFrame({"a": [1.0, np.nan, 0.0], "b": [np.nan, 2.0, 3.0]}, index=["x", "y", "z"])
    out = outranking_matrix(frame)
    m = out.matrix
    assert math.isnan(float(m.to_numpy()[0, 1]))
    assert math.isnan(float(m.to_numpy()[1, 0]))
    assert m.loc["x", "z"] == 1.0
    assert m.loc["z", "y"] == 1.0
    assert m.to_numpy().dtype == np.float64
    # dominant pairs: x-z and z-y of 3
    assert out.n_dominant == 2
    assert out.frac_dominant == pytest.approx(2 / 3)
    cop = aggregate(frame, method="copeland")
    assert cop.scores.tolist() == [1.0, -1.0, 0.0]


def test_copeland_with_threshold_and_weights() -> None:
    # weights 1, 3; threshold 0.5: x (coverage 1/4) is dropped, y and z compared on b:
    # z (3) beats y (2): y -1, z +1
    frame = pd.DataFrame({"a": [1.0, np.nan, 0.0], "b": [np.nan, 2.0, 3.0]}, index=["x", "y", "z"])
    out = aggregate(frame, weights=[1.0, 3.0], method="copeland", data_threshold=0.5)
    assert math.isnan(out.scores.iloc[0])
    assert out.scores.tolist()[1:] == [-1.0, 1.0]
    assert out.coverage.tolist() == [0.25, 0.75, 1.0]  # z has both: (1 + 3) / 4
    assert list(out.below_threshold) == ["x"]


@pytest.mark.parametrize(
    ("method", "p"), [("geometric", None), ("harmonic", None), ("generalised", -2.0)]
)
def test_weight_zero_column_holding_zero_is_ignored(method: str, p: float | None) -> None:
    # b has weight 0 ("use 0 to leave a column out"): the mean of a alone is 4
    # (was NaN: 0 * log(0) entered the sum; found by mutation testing, fixed)
    out = aggregate(pd.DataFrame({"a": [4.0], "b": [0.0]}), weights=[1, 0], method=method, p=p)
    assert out.scores.iloc[0] == pytest.approx(4.0)


def test_combine_does_not_handle_copeland() -> None:
    # copeland needs all rows at once (outranking); combine refuses it by name
    with pytest.raises(ConfigError, match=r"^combine: unsupported method 'copeland'$"):
        combine(np.array([[1.0, 2.0]]), np.array([1.0, 1.0]), "copeland")


def test_harmonic_mean_refuses_zero() -> None:
    with pytest.raises(
        ScoringError,
        match=re.escape(
            "aggregate(method='harmonic'): the harmonic mean needs values > 0, got:\n"
            "  column 'a': row(s) 0 (0)\nHint: "
        ),
    ):
        aggregate(pd.DataFrame({"a": [0.0], "b": [3.0]}), method="harmonic")


def test_domain_check_ignores_weight_zero_columns() -> None:
    # b has weight 0, so its 0 (geometric) or -1 (p = 0.5) is not a domain error, and
    # the mean is that of a alone
    frame = pd.DataFrame({"a": [4.0], "b": [0.0]})
    assert aggregate(frame, weights=[1, 0], method="geometric").scores.iloc[0] == 4.0
    negative = pd.DataFrame({"a": [4.0], "b": [-1.0]})
    out = aggregate(negative, weights=[1, 0], method="generalised", p=0.5)
    assert out.scores.iloc[0] == pytest.approx(4.0)


def test_domain_error_lists_five_rows_and_counts_the_rest() -> None:
    # seven zeros: rows 0-4 shown, "and 2 more"
    frame = pd.DataFrame({"a": [0.0] * 7, "b": [1.0] * 7})
    with pytest.raises(
        ScoringError,
        match=re.escape(
            "  column 'a': row(s) 0 (0), 1 (0), 2 (0), 3 (0), 4 (0) and 2 more\nHint: "
        ),
    ):
        aggregate(frame, method="geometric")
    # exactly five: no "more"
    with pytest.raises(
        ScoringError,
        match=re.escape("  column 'a': row(s) 0 (0), 1 (0), 2 (0), 3 (0), 4 (0)\nHint: "),
    ):
        aggregate(frame.iloc[:5], method="geometric")


def test_copeland_threshold_is_inclusive_and_skips_empty_rows() -> None:
    # weights 1, 3: y has coverage 3/4 = threshold 0.75 and is kept; y vs z on b: z wins
    frame = pd.DataFrame({"a": [1.0, np.nan, 0.0], "b": [np.nan, 2.0, 3.0]}, index=["x", "y", "z"])
    out = aggregate(frame, weights=[1.0, 3.0], method="copeland", data_threshold=0.75)
    assert out.scores.tolist()[1:] == [-1.0, 1.0]
    # an all-missing row gets no Copeland score; the other two: 1 < 2 on a
    empty = pd.DataFrame({"a": [1.0, np.nan, 2.0]}, index=["x", "e", "z"])
    cop = aggregate(empty, method="copeland")
    assert cop.scores.iloc[0] == -1.0
    assert math.isnan(cop.scores.iloc[1])
    assert cop.scores.iloc[2] == 1.0


def test_threshold_bounds_are_allowed() -> None:
    # unit weights: coverage p 1, q 1/2, r 0; threshold 0 keeps q, 1 drops it
    assert aggregate(frame3(), data_threshold=0.0).scores.iloc[1] == 4.0
    full = aggregate(frame3(), data_threshold=1.0)
    assert math.isnan(full.scores.iloc[1])
    assert list(full.below_threshold) == ["q"]


def test_generalised_message_has_the_hint() -> None:
    with pytest.raises(
        ConfigError,
        match=re.escape(
            "aggregate(method='generalised'): the generalised mean needs a finite power p= "
            "(got None).\nHint: p=1 is arithmetic, p=0 geometric, p=-1 harmonic."
        ),
    ):
        aggregate(frame3(), method="generalised")


def test_check_options_checks_every_level_of_a_threshold_mapping() -> None:
    check_options("generalised", p=2.0, data_threshold={1: 0.5, 2: 1.0}, offset=1.0, where="w")
    with pytest.raises(ConfigError, match=r"^w: the generalised mean needs a finite power"):
        check_options("generalised", p=None, data_threshold={1: 0.5}, offset=None, where="w")
    with pytest.raises(ConfigError, match=r"^w: argument 'data_threshold' must be .* in \[0, 1\]"):
        check_options("arithmetic", p=None, data_threshold={1: 0.5, 2: 1.5}, offset=None, where="w")
    with pytest.raises(ConfigError, match=r"^w: argument 'offset' must be a finite number"):
        check_options("arithmetic", p=None, data_threshold={1: 0.5}, offset=math.inf, where="w")


def test_domain_message_in_full() -> None:
    # six zeros in a (five shown, "and 1 more"), one negative in b; each column a line
    frame = pd.DataFrame({"a": [0.0] * 6, "b": [1.0] * 5 + [-2.0]})
    with pytest.raises(ScoringError) as info:
        aggregate(frame, method="geometric")
    assert str(info.value) == (
        "aggregate(method='geometric'): the geometric mean needs values > 0, got:\n"
        "  column 'a': row(s) 0 (0), 1 (0), 2 (0), 3 (0), 4 (0) and 1 more\n"
        "  column 'b': row(s) 5 (-2)\n"
        "Hint: normalise onto a positive range (e.g. minmax with lower=1, upper=100, as COINr "
        "does) or pass offset=c to aggregate x + c and subtract c from the result."
    )


def test_unknown_method_suggests_the_closest() -> None:
    with pytest.raises(ConfigError, match=re.escape("Hint: Did you mean 'median'?")):
        aggregate(frame3(), method="medain")


def test_power_mean_puts_back_a_zero_or_a_nan_that_a_positive_weight_meets() -> None:
    """log(0), 0**-1 and (-1)**0.5 are not dropped: they decide the mean.

    Geometric of (0, 4), weights (1, 1) or (0.5, 0.5): exp((log 0 + log 4) / 2) = 0.
    Harmonic of (0, 4): (mean of (inf, 1/4))**-1 = 0. p = 0.5 of (-1, 4): NaN. With
    the 0 at weight 0 it is left out: the geometric mean is 4.
    """
    values = np.array([[0.0, 4.0]])
    for weights in ([1.0, 1.0], [0.5, 0.5]):
        mean, den = power_mean(values, np.array(weights), 0.0)
        assert mean.tolist() == [0.0]
        assert den.tolist() == [sum(weights)]
    assert power_mean(values, np.array([1.0, 1.0]), -1.0)[0].tolist() == [0.0]
    assert np.isnan(power_mean(np.array([[-1.0, 4.0]]), np.array([1.0, 1.0]), 0.5)[0][0])
    assert power_mean(values, np.array([0.0, 1.0]), 0.0)[0].tolist() == [4.0]


def test_copeland_coverage_is_the_present_share_of_the_weight() -> None:
    """Weights (1, 3) sum to 4: a row missing the second column covers 1/4, a full row 1."""
    values = np.array([[1.0, np.nan], [2.0, 3.0], [4.0, 1.0]])
    _, wsum, coverage = aggregate_array(
        values, np.array([1.0, 3.0]), "copeland", p=None, data_threshold=None, offset=None
    )
    assert wsum.tolist() == [1.0, 4.0, 4.0]
    assert coverage.tolist() == [0.25, 1.0, 1.0]


@pytest.mark.parametrize(
    ("options", "error", "argument"),
    [
        ({"offset": 2**1100}, ConfigError, "offset"),  # np.isfinite(int) raised TypeError
        ({"offset": "1"}, InputTypeError, "offset"),
        ({"data_threshold": math.nan}, ConfigError, "data_threshold"),
        ({"data_threshold": "0.5"}, InputTypeError, "data_threshold"),
        ({"method": "generalised", "p": True}, InputTypeError, "p"),
        ({"method": "generalised", "p": 2**1100}, ConfigError, "p"),
    ],
)
def test_junk_options_name_the_argument(
    options: dict[str, object], error: type[Exception], argument: str
) -> None:
    """A number where a number is due: text and ``True`` are not numbers, and so on."""
    with pytest.raises(error, match=rf"^aggregate\(.*\): argument '{argument}' must be a finite"):
        aggregate(frame3(), **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("weights", "argument"),
    [
        ({"a": "1", "b": 1}, "weights[a]"),  # float("1") read the text as a number
        (["1", "2"], "weights"),  # so did np.asarray(..., dtype=float64)
        ([1, True], "weights"),
        ("ab", "weights"),  # a text is not a sequence of weights
        ({1.0, 2.0}, "weights"),  # a set has no column order
        (5, "weights"),
    ],
)
def test_junk_weights_are_input_type_errors(weights: object, argument: str) -> None:
    """Weights are numbers, in column order or by name; anything else names them."""
    with pytest.raises(
        InputTypeError, match=re.escape(f"argument '{argument}' must be one number")
    ):
        aggregate(frame3(), weights=weights)  # type: ignore[arg-type]


def test_a_weight_beyond_the_float_range_is_listed_as_not_finite() -> None:
    """``2**1100`` cannot be a float: it is listed with the other bad weights."""
    with pytest.raises(ConfigError, match=re.escape("(got [('a', inf)])")):
        aggregate(frame3(), weights=[2**1100, 1])
