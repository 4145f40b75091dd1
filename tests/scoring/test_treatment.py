"""Data-treatment cases written to kill the mutants that survived the first mutmut run.

Skewness and kurtosis are checked against the textbook (Excel) formulas written out below
with the standard library, a different derivation from the moment ratios the engine uses.
The outlier columns were chosen with those formulas so that each winsorisation step is
clearly on one side of the thresholds (the margins are in the comments).
"""

from __future__ import annotations

import math
import re
import warnings
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, InputTypeError, SchemaError, ScoringError
from progress_indicators.scoring import (
    boxcox,
    denominate,
    impute,
    kurtosis,
    log_ct,
    skewness,
    treat_outliers,
)

if TYPE_CHECKING:
    from collections.abc import Callable

# [1..9, 100]: skew 3.12, kurtosis 9.80 (fails 2 / 3.5); with 100 -> 9: skew -0.15 (passes)
ONE_STEP = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100]
# two steps: 112 -> 33 (skew 2.19, kurtosis 3.73: still fails), 33 -> 10 (-0.38: passes)
TWO_STEP = [3.0, 4, 5, 5, 7, 7, 7, 7, 8, 8, 8, 10, 10, 33, 112]
# three steps: 318 -> 258 (3.20, 9.38), 258 -> 108 (2.65, 5.60), 108 -> 26 (1.68: passes)
THREE_STEP = [0.0, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 6, 6, 6, 7, 7, 8, 8, 8, 8, 9, 9, 10, 10, 10]
THREE_STEP += [26.0, 108, 258, 318]
# skew 2.07, kurtosis 4.32: fails the default kurtosis threshold 3.5 (not 4.5)
KURT_WINDOW = [0.0, 1, 1, 0, 5, 17]


def textbook_skew(values: list[float]) -> float:
    """Excel's SKEW: n / ((n-1)(n-2)) * sum(((x - mean) / s)^3), s the sample sd."""
    v = [x for x in values if not math.isnan(x)]
    n = len(v)
    mean = sum(v) / n
    s = math.sqrt(sum((x - mean) ** 2 for x in v) / (n - 1))
    return n / ((n - 1) * (n - 2)) * sum(((x - mean) / s) ** 3 for x in v)


def textbook_kurt(values: list[float]) -> float:
    """Excel's KURT: n(n+1)/((n-1)(n-2)(n-3)) * sum(z^4) - 3(n-1)^2/((n-2)(n-3))."""
    v = [x for x in values if not math.isnan(x)]
    n = len(v)
    mean = sum(v) / n
    s = math.sqrt(sum((x - mean) ** 2 for x in v) / (n - 1))
    z4 = sum(((x - mean) / s) ** 4 for x in v)
    return n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * z4 - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))


def raises(kind: type[Exception], *parts: str) -> pytest.RaisesExc[Exception]:
    """``pytest.raises`` requiring every literal ``part`` in the message, in order."""
    return pytest.raises(kind, match="(?s)" + ".*".join(re.escape(p) for p in parts))


@pytest.mark.parametrize(
    "values",
    [
        [0.0, 0.1, 0.15, 0.2, 0.9],  # variance below 1
        [2.0, 4, 4, float("nan"), 4, 5, 5, 7, 9],  # a NaN in the middle
        ONE_STEP,
        KURT_WINDOW,
    ],
)
def test_skewness_and_kurtosis_match_the_textbook_formulas(values: list[float]) -> None:
    assert skewness(values) == pytest.approx(textbook_skew(values), rel=1e-12)
    assert kurtosis(values) == pytest.approx(textbook_kurt(values), rel=1e-12)


def test_too_few_values_give_nan_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isnan(skewness([0.1, 0.7]))  # skewness needs 3 values
        assert math.isnan(kurtosis([0.1, 0.7, 0.2]))  # kurtosis needs 4
        assert math.isnan(skewness([3.0, 3.0, 3.0, 3.0]))  # no spread


def test_report_is_per_column_with_its_own_moments() -> None:
    # two columns of different lengths (NaN padding): each report row is its own column's
    frame = pd.DataFrame(
        {"a": ONE_STEP, "b": [*KURT_WINDOW, *[np.nan] * 4]}, index=list("pqrstuvwxy")
    )
    out = treat_outliers(frame, log_fallback=False)
    report = out.report
    assert list(report.columns) == [
        "skew",
        "kurtosis",
        "failed",
        "n_winsorised",
        "winsorised_side",
        "log_applied",
        "skew_after",
        "kurtosis_after",
        "passes_after",
    ]
    assert report.index.name == "column"
    assert list(report.index) == ["a", "b"]
    assert report.loc["a", "skew"] == pytest.approx(textbook_skew(ONE_STEP), rel=1e-12)
    assert report.loc["b", "kurtosis"] == pytest.approx(textbook_kurt(KURT_WINDOW), rel=1e-12)
    assert report["n_winsorised"].dtype == np.int64
    assert report["log_applied"].dtype == bool
    # a: 100 -> 9 in one step; after it skew is the textbook value of the treated column
    assert out.data["a"].tolist() == [*ONE_STEP[:9], 9.0]
    assert report.loc["a", "skew_after"] == pytest.approx(textbook_skew([*ONE_STEP[:9], 9.0]))
    assert list(out.data.index) == list("pqrstuvwxy")
    assert list(out.treated.index) == list("pqrstuvwxy")
    assert out.treated["a"].tolist() == [False] * 9 + [True]


def test_default_kurtosis_threshold_is_3_5() -> None:
    report = treat_outliers(pd.DataFrame({"x": KURT_WINDOW}), log_fallback=False).report
    assert bool(report.loc["x", "failed"])


def test_thresholds_are_inclusive_and_both_needed() -> None:
    # [0, 0, 1, 1]: skew 0 and kurtosis exactly -6 (all binary fractions): with thresholds
    # 0 and -6 it fails (>= on both); ONE_STEP fails skew but not a kurtosis of 20
    frame = pd.DataFrame({"x": [0.0, 0.0, 1.0, 1.0]})
    report = treat_outliers(frame, winmax=0, skew_thresh=0.0, kurt_thresh=-6.0).report
    assert bool(report.loc["x", "failed"])
    high_kurt = treat_outliers(pd.DataFrame({"x": ONE_STEP}), kurt_thresh=20.0).report
    assert not bool(high_kurt.loc["x", "failed"])


def test_negative_skew_is_winsorised_on_the_low_side() -> None:
    # mirror of ONE_STEP: -100 -> -9
    mirrored = [-v for v in ONE_STEP]
    out = treat_outliers(pd.DataFrame({"x": mirrored}))
    assert out.data["x"].tolist() == [*mirrored[:9], -9.0]
    assert out.report.loc["x", "winsorised_side"] == "low"
    assert out.report.loc["x", "n_winsorised"] == 1


def test_passing_column_has_an_empty_side() -> None:
    out = treat_outliers(pd.DataFrame({"x": [1.0, 2, 3, 4, 5]}))
    assert out.report.loc["x", "winsorised_side"] == ""
    assert out.report.loc["x", "n_winsorised"] == 0
    assert not bool(out.report.loc["x", "log_applied"])


def test_winsorisation_counts_steps() -> None:
    frame = pd.DataFrame({"x": TWO_STEP})
    # two steps allowed: 112 and 33 both become 10
    two = treat_outliers(frame, winmax=2)
    assert two.data["x"].tolist()[-2:] == [10.0, 10.0]
    assert two.report.loc["x", "n_winsorised"] == 2
    assert two.report.loc["x", "winsorised_side"] == "high"
    # one step: still failing -> the log fallback on the original column, side cleared
    one = treat_outliers(frame, winmax=1)
    assert bool(one.report.loc["x", "log_applied"])
    assert one.report.loc["x", "winsorised_side"] == ""
    np.testing.assert_allclose(one.data["x"], np.log(np.array(TWO_STEP) - 3 + 0.01 * 109))
    # without the fallback the one step is kept: 112 -> 33
    kept = treat_outliers(frame, winmax=1, log_fallback=False)
    assert kept.data["x"].tolist()[-2:] == [33.0, 33.0]
    assert not bool(kept.report.loc["x", "passes_after"])
    # three steps are needed here: two allowed -> log fallback
    three = treat_outliers(pd.DataFrame({"x": THREE_STEP}), winmax=2)
    assert bool(three.report.loc["x", "log_applied"])


def test_winmax_checks() -> None:
    for bad in (-1, 1.5, True):
        with raises(ConfigError, f"treat_outliers: winmax must be an integer >= 0 (got {bad!r})."):
            treat_outliers(pd.DataFrame({"x": ONE_STEP}), winmax=bad)  # type: ignore[arg-type]
    # winmax 0 is allowed: nothing winsorised, the failing column is logged
    out = treat_outliers(pd.DataFrame({"x": ONE_STEP}), winmax=0)
    assert bool(out.report.loc["x", "log_applied"])
    with pytest.raises(Exception, match=r"^treat_outliers"):
        treat_outliers(pd.DataFrame({"x": ["a", "b"]}))


def test_log_ct_is_per_column_and_keeps_nan() -> None:
    # a: [1, 3, NaN]: log(x - 1 + 0.02) ; b: [10, 20, 30]: log(x - 10 + 0.2)
    values = np.array([[1.0, 10.0], [3.0, 20.0], [np.nan, 30.0]])
    out = log_ct(values)
    np.testing.assert_allclose(out[:2, 0], np.log([0.02, 2.02]))
    assert np.isnan(out[2, 0])
    np.testing.assert_allclose(out[:, 1], np.log([0.2, 10.2, 20.2]))


def test_log_ct_of_constant_or_empty_columns_does_not_warn() -> None:
    values = np.array([[2.0, np.nan], [2.0, np.nan]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = log_ct(values)
    assert np.isneginf(out[:, 0]).all()  # log(0)
    assert np.isnan(out[:, 1]).all()


def test_boxcox_without_shift() -> None:
    # lambda -1 on [1, 2, 4]: (x^-1 - 1) / -1 = 1 - 1/x -> 0, .5, .75 (integers in)
    np.testing.assert_allclose(boxcox([1, 2, 4], -1, makepos=False), [0.0, 0.5, 0.75])
    with pytest.raises(
        ScoringError,
        match=r"^boxcox: values must be > 0\.\nHint: pass makepos=True to shift them first\.$",
    ):
        boxcox([0.0, 1.0], 1, makepos=False)
    with raises(ScoringError, "boxcox: values must be > 0."):
        boxcox([np.nan, -1.0, 2.0], 1, makepos=False)


def test_denominate_aligns_scales_and_coerces() -> None:
    frame = pd.DataFrame({"deaths": [10, 20], "other": [1, 2]}, index=["p", "q"])
    # denominators in the other row order; 0.5 is a valid denominator (> 0)
    dens = pd.DataFrame({"pop": [0.5, 1000.0]}, index=["q", "p"])
    out = denominate(frame, dens, {"deaths": "pop"})
    # p: 10 / 1000, q: 20 / 0.5; default scale 1; other column kept, as float
    assert out["deaths"].tolist() == [0.01, 40.0]
    assert out["other"].dtype == np.float64
    scaled = denominate(frame, dens, {"deaths": "pop"}, scale={"other": 7.0})
    assert scaled["deaths"].tolist() == [0.01, 40.0]  # unlisted in the mapping: factor 1
    by_name = denominate(frame, dens, {"deaths": "pop"}, scale={"deaths": 100.0})
    assert by_name["deaths"].tolist() == [1.0, 4000.0]
    # a unit without a denominator row (p) stops, as in COINr, even with other rows there
    other_rows = pd.DataFrame({"pop": [4.0, 5.0]}, index=["q", "z"])
    with raises(SchemaError, "unit(s) ['p'] of the data have no row in the denominators."):
        denominate(frame, other_rows, {"deaths": "pop"})
    per_100k = denominate(frame, dens, {"deaths": "pop"}, scale=1e5)
    # COINr's order, x / (d / scale): 20 / (0.5 / 1e5) is 3999999.9999999995 in floats
    assert per_100k["deaths"].tolist() == [1000.0, 20 / (0.5 / 1e5)]
    assert per_100k["deaths"].tolist() == pytest.approx([1000.0, 4e6], rel=1e-15)
    text = pd.DataFrame({"pop": ["n/a", "1000"]}, index=["p", "q"])
    with raises(SchemaError, "denominate (denominators): column(s) ['pop'] are not numeric"):
        denominate(frame, text, {"deaths": "pop"})


def test_denominate_messages() -> None:
    frame = pd.DataFrame({"deaths": [10.0] * 12})
    dens = pd.DataFrame({"pop": [0.0] * 12})
    # COINr (R arithmetic): x / 0 is inf, never an error
    assert denominate(frame, dens, {"deaths": "pop"})["deaths"].tolist() == [np.inf] * 12
    with raises(
        ConfigError,
        "denominate: indicator 'death' is not a column of the data.",
        "Hint: ",
        "'deaths'",
    ):
        denominate(frame, dens, {"death": "pop"})
    with raises(
        ConfigError,
        "denominate: denominator 'popp' is not a column of the denominators.",
        "Hint: ",
        "'pop'",
    ):
        denominate(frame, dens, {"deaths": "popp"})
    with pytest.raises(Exception, match=r"^denominate"):
        denominate(pd.DataFrame({"x": ["a"]}), dens, {})


def test_group_imputation_checks_groups() -> None:
    frame = pd.DataFrame({"x": [1.0, np.nan, 3.0, 5.0]}, index=list("abcd"))
    where = "impute(method='group_mean')"
    with raises(ConfigError, f"{where}: groups= is required (one group label per row)."):
        impute(frame, "group_mean")
    short = pd.Series(["g"] * 3, index=list("abc"))
    with raises(
        ConfigError,
        f"{where}: groups has no label for row(s) ['d'].",
        "Hint: align groups on the data's index.",
    ):
        impute(frame, "group_mean", groups=short)
    with raises(ConfigError, f"{where}: expected 4 group labels, got 3."):
        impute(frame, "group_mean", groups=["g", "h", "g"])
    # a Series in another order is aligned on the index: b is in group h with d (5)
    shuffled = pd.Series(["h", "g", "g", "h"], index=list("dcab"))
    assert impute(frame, "group_mean", groups=shuffled).data["x"].tolist() == [1.0, 5.0, 3.0, 5.0]
    many = pd.DataFrame({"x": np.arange(13.0)})
    with raises(ConfigError, f"row(s) {list(range(1, 11))}."):
        impute(many, "group_mean", groups=pd.Series(["g"], index=[0]))


def test_boxcox_shifts_by_default() -> None:
    # makepos: x - min + 1 = [1, 2, 4]; lambda 1: x - 1 -> 0, 1, 3
    np.testing.assert_allclose(boxcox([-1.0, 0.0, 2.0], 1), [0.0, 1.0, 3.0])


def test_skewness_of_three_values() -> None:
    assert skewness([1.0, 2.0, 10.0]) == pytest.approx(textbook_skew([1.0, 2.0, 10.0]), rel=1e-12)


def test_group_labels_keep_their_type() -> None:
    # 1 and "1" are different groups: row b (group "1") takes the mean of d (5), not 3
    frame = pd.DataFrame({"x": [1.0, np.nan, 3.0, 5.0]}, index=list("abcd"))
    out = impute(frame, "group_mean", groups=[1, "1", 1, "1"])
    assert out.data["x"].tolist() == [1.0, 5.0, 3.0, 5.0]


def test_impute_defaults_checks_and_methods() -> None:
    frame = pd.DataFrame({"x": [1.0, np.nan, np.nan, np.nan, 9.0, np.nan]})
    # default method "none": nothing filled, nothing flagged
    none = impute(frame)
    assert none.data["x"].isna().sum() == 4
    assert not none.imputed["x"].any()
    with raises(
        ConfigError,
        "impute: unknown method 'mean_'; expected one of ['group_mean', 'group_median', 'linear', "
        "'locf', 'mean', 'median', 'none'].",
        "Hint: Did you mean one of 'mean', 'median'?",
    ):
        impute(frame, "mean_")
    for bad in (0, 1.5):
        with raises(
            ConfigError,
            f"impute(method='linear'): max_age must be an integer >= 1 or None (got {bad!r}).",
        ):
            impute(frame, "linear", max_age=bad)  # type: ignore[arg-type]
    with pytest.raises(Exception, match=re.escape("impute(method='mean')")):
        impute(pd.DataFrame({"x": pd.Series(["a"], dtype=object)}), "mean")
    # linear: 1 -> 9 over rows 0..4: 3, 5, 7; the trailing NaN is not extrapolated
    linear = impute(frame, "linear").data["x"]
    assert linear.tolist()[:5] == [1.0, 3.0, 5.0, 7.0, 9.0]
    assert np.isnan(linear.iloc[5])
    # at most one row filled per gap
    limited = impute(frame, "linear", max_age=1).data["x"].tolist()
    assert limited[:2] == [1.0, 3.0]
    assert np.isnan(limited[2])


def test_group_median_and_missing_group_labels() -> None:
    # group g: 1, NaN, 2, 10 -> median 2; the NaN-labelled row is its own group (kept NaN)
    frame = pd.DataFrame({"x": [1.0, np.nan, 2.0, 10.0, np.nan]})
    groups = ["g", "g", "g", "g", None]
    median = impute(frame, "group_median", groups=groups).data["x"].tolist()
    assert median[:4] == [1.0, 2.0, 2.0, 10.0]
    assert np.isnan(median[4])
    mean = impute(frame, "group_mean", groups=groups).data["x"].tolist()
    assert mean[1] == pytest.approx(13 / 3)


def test_rows_without_a_group_label_form_their_own_group() -> None:
    # rows c and d have no label (None): together they are one group, d takes c's 7
    frame = pd.DataFrame({"x": [1.0, 3.0, 7.0, np.nan]}, index=list("abcd"))
    out = impute(frame, "group_mean", groups=["g", "g", None, None])
    assert out.data["x"].tolist() == [1.0, 3.0, 7.0, 7.0]


_MOMENTS_AND_TRANSFORMS = [
    ("skewness", skewness),
    ("kurtosis", kurtosis),
    ("log_ct", log_ct),
    ("boxcox", lambda values: boxcox(values, 1)),
]


@pytest.mark.parametrize(("where", "call"), _MOMENTS_AND_TRANSFORMS)
@pytest.mark.parametrize(
    "junk",
    [
        None,  # raw IndexError (a 0-d array) or ufunc TypeError before
        -1.0,  # one number is not a list of numbers
        "1234",  # text was read character by character, or as numbers
        ["1", "2", "3"],  # numpy reads "1" as 1.0
        [True, False, True],  # and True as 1.0
        [1.0, "a"],
        {"a": 1.0},
        {1.0, 2.0},  # a set has no order
        # repr() of a Series has newlines, which pytest escapes in the node id; pytest
        # caches the ids made from ``ids=`` on the mark and escapes them again at the next
        # collection in the same process, so the id changed between mutmut's collections
        # and mutmut could not find the test (docs/quality.md, mutation testing): an
        # explicit one-line id instead.
        pytest.param(pd.Series(["1", "2"]), id="Series(['1', '2'])"),
        [[1.0, 2.0], [3.0]],  # ragged
    ],
    ids=repr,
)
def test_moments_and_transforms_refuse_what_is_not_a_list_of_numbers(
    where: str, call: Callable[[object], object], junk: object
) -> None:
    """Each raised a raw ``IndexError``/``TypeError``/``ValueError`` or read text as numbers."""
    with pytest.raises(InputTypeError, match=f"^{where}: argument 'values' must be a") as info:
        call(junk)
    assert "\nHint: " in str(info.value)


@pytest.mark.parametrize(("where", "call"), _MOMENTS_AND_TRANSFORMS)
def test_moments_and_transforms_refuse_an_infinity(
    where: str, call: Callable[[object], object]
) -> None:
    """An infinity is no measurement (missing is NaN): skewness of it was a silent NaN."""
    with pytest.raises(SchemaError, match=f"^{where}: argument 'values' must be .*finite or NaN"):
        call([1.0, 2.0, math.inf, 4.0])


@pytest.mark.parametrize("call", [skewness, kurtosis])
def test_moments_take_one_dimension_only(call: Callable[[object], float]) -> None:
    """A table went through ``[:, None]`` as a 3-D array and gave one cell's moment."""
    with pytest.raises(InputTypeError, match="must be a 1-D list or array of numbers"):
        call(np.ones((5, 2)))


def test_missing_items_are_nan_and_numbers_of_any_kind_are_read() -> None:
    """``None`` and ``pd.NA`` are missing (as NaN); ints, numpy and nullable Series are read."""
    values = [2.0, 4, 4, 4, 5, 5, 7, 9]
    expected = textbook_skew(values)
    missing = [*values, None, pd.NA]
    assert skewness(missing) == pytest.approx(expected, rel=1e-12)  # type: ignore[arg-type]
    assert skewness(np.array(values, dtype=np.int64)) == pytest.approx(expected, rel=1e-12)
    assert skewness(pd.Series([*values, None], dtype="Float64")) == pytest.approx(
        expected, rel=1e-12
    )
    index = pd.Index(values)
    assert skewness(index) == pytest.approx(expected, rel=1e-12)  # type: ignore[arg-type]


@pytest.mark.parametrize("values", [[], [math.nan, math.nan]])
def test_boxcox_of_no_values_keeps_them(values: list[float]) -> None:
    """All missing (or none) came back as they are, not ``zero-size array`` ``ValueError``."""
    out = boxcox(values, 0.5)
    assert out.shape == (len(values),)
    assert np.isnan(out).all()


@pytest.mark.parametrize(
    ("lmbda", "error"), [(math.nan, ConfigError), (math.inf, ConfigError), ("1", InputTypeError)]
)
def test_boxcox_refuses_a_junk_lambda(lmbda: object, error: type[Exception]) -> None:
    """``lmbda=nan`` returned all NaN without a word; text is not read as a number."""
    with pytest.raises(error, match=r"^boxcox: argument 'lmbda' must be a finite number"):
        boxcox([1.0, 2.0], lmbda)  # type: ignore[arg-type]
