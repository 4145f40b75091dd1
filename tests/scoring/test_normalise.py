"""Normalisation cases written to kill the mutants that survived the first mutmut run.

Each expected number is worked out by hand in a comment; each message is the text the
method documents for that failure (what the user reads), not a captured output.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, InputTypeError, SchemaError, ScoringError
from progress_indicators.scoring import bands, normalise
from progress_indicators.scoring._normalise import goalpost_share

SPREAD = "0 or fewer than two values, so they cannot be rescaled by their own spread."
SPREAD_HINT = "Hint: use method='goalposts' with fixed goalposts for constant indicators."


def col(*values: float) -> pd.DataFrame:
    """One indicator column ``x`` with the given values."""
    return pd.DataFrame({"x": [float(v) for v in values]})


def raises(kind: type[Exception], *parts: str) -> pytest.RaisesExc[Exception]:
    """``pytest.raises`` requiring every literal ``part`` in the message, in order."""
    return pytest.raises(kind, match="(?s)" + ".*".join(re.escape(p) for p in parts))


def test_default_method_is_minmax() -> None:
    # [1, 2, 5]: (x - 1) / 4 * 100 -> 0, 25, 100
    assert normalise(col(1, 2, 5))["x"].tolist() == [0.0, 25.0, 100.0]


def test_zscore_defaults_and_options() -> None:
    # [1, 2, 3]: mean 2, sample sd 1 -> -1, 0, 1; mean=10, sd=2 -> 8, 10, 12;
    # direction -1 negates first: -1, -2, -3 (mean -2) -> 1, 0, -1
    assert normalise(col(1, 2, 3), "zscore")["x"].tolist() == [-1.0, 0.0, 1.0]
    out = normalise(col(1, 2, 3), "zscore", mean=10, sd=2)["x"].tolist()
    assert out == [8.0, 10.0, 12.0]
    assert normalise(col(1, 2, 3), "zscore", directions=-1)["x"].tolist() == [1.0, 0.0, -1.0]


@pytest.mark.parametrize(
    ("method", "params", "values", "what"),
    [
        ("minmax", {}, (4, 4, 4), "max - min"),
        ("zscore", {}, (4, 4, 4), "standard deviation"),
        ("dist_to_max", {}, (4, 4, 4), "max - min"),
        ("dist_to_target", {"targets": 1.0}, (1, 2, 3), "target - min"),
        ("dist_to_ref", {"ref": 0}, (1, 2, 3), "reference - min"),
        ("frac_max", {}, (-3, -2, 0), "a maximum"),
        ("goalposts", {"baseline": (0, 1)}, (2, 2, 9), "goalpost range (upper - lower)"),
    ],
)
def test_spread_errors_name_method_column_and_quantity(
    method: str, params: dict[str, Any], values: tuple[float, ...], what: str
) -> None:
    # dist_to_ref with the minimum as reference: ref - min = 0 (ref + min = 2 would pass);
    # dist_to_target with target 1 = min; frac_max max 0;
    # goalposts from rows 0..1 (both 2): range 0.
    with raises(
        ScoringError,
        f"normalise(method={method!r}): column(s) ['x'] have {what} ",
        SPREAD,
        SPREAD_HINT,
    ):
        normalise(col(*values), method, **params)


def test_percentile_rank_of_a_single_value_is_an_error_that_says_so() -> None:
    with raises(
        ScoringError,
        "normalise(method='percentile_rank'): column(s) ['x'] have fewer than two values, "
        "so their percentile ranks are undefined.",
        "Hint: use method='rank', or give each column two values.",
    ):
        normalise(col(5, np.nan, np.nan), "percentile_rank")


def test_dist_to_max_scale() -> None:
    # [0, 5, 10]: 1 - (10 - x) / 10 -> 0, .5, 1; scale 100 -> 0, 50, 100
    assert normalise(col(0, 5, 10), "dist_to_max")["x"].tolist() == [0.0, 0.5, 1.0]
    assert normalise(col(0, 5, 10), "dist_to_max", scale=100)["x"].tolist() == [0, 50, 100]


def test_dist_to_ref_cap_and_scale() -> None:
    # [0, 2, 4], ref row 1 (value 2): (x - 0) / 2 -> 0, 1, 2; capped -> 0, 1, 1; scale 10
    frame = col(0, 2, 4)
    assert normalise(frame, "dist_to_ref", ref=1)["x"].tolist() == [0.0, 1.0, 2.0]
    assert normalise(frame, "dist_to_ref", ref=1, cap_max=True)["x"].tolist() == [0, 1, 1]
    assert normalise(frame, "dist_to_ref", ref=1, scale=10)["x"].tolist() == [0, 10, 20]
    # direction -1: -x = [0, -2, -4], min -4, ref -2: (-x + 4) / 2 -> 2, 1, 0
    assert normalise(frame, "dist_to_ref", ref=1, directions=-1)["x"].tolist() == [2, 1, 0]


def test_dist_to_ref_requires_ref() -> None:
    with raises(
        ConfigError,
        "normalise(method='dist_to_ref'): option 'ref' (the label of the "
        "reference row) is required.",
    ):
        normalise(col(0, 2, 4), "dist_to_ref")


def test_dist_to_target_cap_scale_and_missing_targets() -> None:
    # [0, 5, 10], target 5: x / 5 -> 0, 1, 2; capped -> 0, 1, 1; scale 100
    frame = col(0, 5, 10)
    assert normalise(frame, "dist_to_target", targets=5)["x"].tolist() == [0.0, 1.0, 2.0]
    out = normalise(frame, "dist_to_target", targets=5, cap_max=True)["x"].tolist()
    assert out == [0.0, 1.0, 1.0]
    assert normalise(frame, "dist_to_target", targets=5, scale=100)["x"].tolist() == [0, 100, 200]
    with raises(
        ConfigError,
        "normalise(method='dist_to_target'): option 'targets' is required.",
        "Hint: pass targets= as a number",
    ):
        normalise(frame, "dist_to_target")


def test_frac_max_scale() -> None:
    # [1, 2, 4]: x / 4 -> .25, .5, 1; scale 100 -> 25, 50, 100
    assert normalise(col(1, 2, 4), "frac_max")["x"].tolist() == [0.25, 0.5, 1.0]
    assert normalise(col(1, 2, 4), "frac_max", scale=100)["x"].tolist() == [25, 50, 100]


def test_goalposts_option_errors() -> None:
    frame = col(1, 2, 3)
    for extra in ({"lower": 0}, {"upper": 5}):
        with raises(
            ConfigError,
            "normalise(method='goalposts'): give either baseline= or lower=/upper=, not both.",
        ):
            normalise(frame, "goalposts", baseline=(0, 2), **extra)
    for missing in ("lower", "upper"):
        given = {"lower": 0.0, "upper": 5.0}
        del given[missing]
        with raises(ConfigError, f"normalise(method='goalposts'): option {missing!r} is required."):
            normalise(frame, "goalposts", **given)
    # equal goalposts are a configuration error, not a spread error
    with raises(
        ConfigError,
        "normalise(method='goalposts'): lower goalpost must be below the "
        "upper one (columns ['x']).",
    ):
        normalise(frame, "goalposts", lower=2, upper=2)


def test_log_goalposts_baseline_window_both_directions() -> None:
    # counts [3, 1, 0, 7], baseline rows 0..1: base = mean(3, 1) = 2, log1p(2) = ln 3.
    # +1: clip(ln(1 + x) / ln 3, 0, 1): ln4/ln3 > 1 -> 1; ln2/ln3; 0; ln8/ln3 > 1 -> 1
    # -1: 1 - that share, clipped: 0; 1 - ln2/ln3; 1; 0
    frame = col(3, 1, 0, 7)
    share = np.log(2) / np.log(3)
    up = normalise(frame, "log_goalposts", baseline=(0, 1))["x"].to_numpy()
    np.testing.assert_allclose(up, [100, 100 * share, 0, 100], rtol=1e-12)
    down = normalise(frame, "log_goalposts", baseline=(0, 1), directions=-1, scale=1)
    np.testing.assert_allclose(down["x"].to_numpy(), [0, 1 - share, 1, 0], rtol=1e-12)


def test_log_goalposts_errors() -> None:
    where = "normalise(method='log_goalposts')"
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [-1.0, 3.0]}, index=["r1", "r2"])
    with raises(
        ScoringError,
        f"{where}: log goalposts take counts >= 0; column(s) ['b'] have "
        "negative values at row(s) ['r1'].",
        "Hint: use method='goalposts' for values that can be negative.",
    ):
        normalise(frame, "log_goalposts", base=2)
    with raises(ConfigError, f"{where}: give either baseline= or base=, not both."):
        normalise(col(1, 2), "log_goalposts", baseline=(0, 1), base=2)
    with raises(ConfigError, f"{where}: option 'base' is required."):
        normalise(col(1, 2), "log_goalposts")
    # a zero baseline count is rejected (a mean of zeros too)
    for params in ({"base": 0}, {"baseline": (0, 0)}):
        with raises(
            ScoringError,
            f"{where}: the baseline count must be > 0 (columns ['x']).",
            "Hint: a zero baseline gives no scale; pick a reference period with events.",
        ):
            normalise(col(0, 2), "log_goalposts", **params)


def test_negative_rows_listed_up_to_ten() -> None:
    frame = col(*([-1.0] * 12))
    with pytest.raises(ScoringError) as info:
        normalise(frame, "log_goalposts", base=1)
    assert f"at row(s) {list(range(10))}." in str(info.value)


@pytest.mark.parametrize("method", ["rank", "percentile_rank", "borda"])
def test_rank_methods_reject_unknown_ties(method: str) -> None:
    with raises(
        ConfigError,
        f"normalise(method={method!r}): ties must be one of "
        "['min', 'max', 'average', 'first', 'dense'] (got 'median').",
    ):
        normalise(col(1, 2, 3), method, ties="median")


def test_rank_keeps_nan_and_ranks_by_direction() -> None:
    # [3, NaN, 1, 2] ascending ranks 3, -, 1, 2; direction -1 ranks the negatives: 1, -, 3, 2
    up = normalise(col(3, np.nan, 1, 2), "rank")["x"].tolist()
    assert up[0] == 3.0
    assert np.isnan(up[1])
    assert up[2:] == [1.0, 2.0]
    down = normalise(col(3, np.nan, 1, 2), "borda", directions=-1)["x"].tolist()
    assert down[0] == 0.0
    assert np.isnan(down[1])
    assert down[2:] == [2.0, 1.0]


def test_unknown_option_is_named_with_suggestion() -> None:
    with raises(
        ConfigError,
        "normalise(method='minmax'): unknown option(s) ['lowr']; expected "
        "some of ['lower', 'upper'].",
        "Hint: ",
        "'lower'",
    ):
        normalise(col(1, 2), "minmax", lowr=1)


def test_errors_of_shared_checks_name_the_method() -> None:
    with pytest.raises(SchemaError, match=re.escape("normalise(method='minmax')")):
        normalise(pd.DataFrame({"x": ["a", "b"]}), "minmax")
    with pytest.raises(ConfigError, match=re.escape("normalise(method='minmax'): direction")):
        normalise(col(1, 2), "minmax", directions=2)


def test_baseline_window_errors() -> None:
    where = "normalise(method='goalposts')"
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=["a", "b", "b"])
    with raises(
        ConfigError,
        f"{where}: baseline row 'z' is not in the index (first rows ['a', 'b', 'b']).",
        "Hint: baseline=(start_label, end_label) uses row labels.",
    ):
        normalise(frame, "goalposts", baseline=("a", "z"))
    with raises(ConfigError, f"{where}: baseline row 'b' is not unique in the index."):
        normalise(frame, "goalposts", baseline=("a", "b"))
    with raises(ConfigError, f"{where}: baseline window (2, 0) ends before it starts."):
        normalise(col(1, 2, 3), "goalposts", baseline=(2, 0))
    many = pd.DataFrame({"x": np.arange(7.0)}, index=list("abcdefg"))
    with raises(ConfigError, "(first rows ['a', 'b', 'c', 'd', 'e'])."):
        normalise(many, "goalposts", baseline=("a", "z"))


def test_bands_through_normalise_keeps_directions() -> None:
    # edges 0..3 make 3 bands scoring 0, 50, 100; direction -1 reverses: 100, 50, 0
    # (values chosen so that a min-max rescaling would give something else: 100, 51.9, 0)
    out = normalise(col(0.2, 1.5, 2.9), "bands", edges=[0, 1, 2, 3], directions=-1)
    assert out["x"].tolist() == [100.0, 50.0, 0.0]


def test_bands_edges_checks() -> None:
    cases: list[Any] = [[1.0], [0.0, 1.0, 1.0, 2.0], [[0.0, 1.0], [2.0, 3.0]]]
    for edges in cases:
        with raises(
            ConfigError,
            f"bands: edges must be at least two strictly ascending numbers (got {edges!r}).",
        ):
            bands(col(0.5), edges)


def test_bands_one_band_scores_100_and_labels_default() -> None:
    # two edges make one band, scored 100, labelled "[0, 2)"
    out = bands(col(0, 1, 2), [0, 2])
    assert out.scores["x"].tolist() == [100.0, 100.0, 100.0]
    assert out.labels["x"].tolist() == ["[0, 2)"] * 3
    three = bands(col(0.5, 2.5), [0, 1, 2.5, 4])
    assert list(three.labels["x"].cat.categories) == ["[0, 1)", "[1, 2.5)", "[2.5, 4)"]
    assert three.labels["x"].cat.ordered


def test_bands_custom_scores_and_count_checks() -> None:
    out = bands(col(0.5, 1.5), [0, 1, 2], scores=[10, 20])
    assert out.scores["x"].tolist() == [10.0, 20.0]
    assert out.scores["x"].dtype == np.float64
    with raises(
        ConfigError,
        "bands: 3 edges make 2 bands; expected 2 labels and 2 scores (got 3 labels, 2 scores).",
    ):
        bands(col(0.5), [0, 1, 2], labels=["a", "b", "c"])
    with raises(ConfigError, "(got 2 labels, 3 scores)."):
        bands(col(0.5), [0, 1, 2], labels=["a", "b"], scores=[1, 2, 3])


def test_bands_edge_values_and_closed_sides() -> None:
    # edges 0, 1, 2: right=False bands [0, 1), [1, 2]: 0 -> 0, 1 -> 1, 2 -> 1 (last closed)
    # right=True bands [0, 1], (1, 2]: 0 -> 0 (first closed), 1 -> 0, 2 -> 1
    frame = col(0, 1, 2)
    assert bands(frame, [0, 1, 2]).scores["x"].tolist() == [0.0, 100.0, 100.0]
    assert bands(frame, [0, 1, 2], right=True).scores["x"].tolist() == [0.0, 0.0, 100.0]


def test_bands_outside_values_message() -> None:
    frame = pd.DataFrame({"aid": [5.0] * 12, "ok": [1.0] * 12})
    with raises(
        ScoringError,
        "bands: value(s) outside the band edges [0, 4] in column(s) "
        f"['aid'] at row(s) {list(range(10))}.",
        "Hint: widen the edges or fix the data.",
    ):
        bands(frame, [0, 1, 2, 4])
    with pytest.raises(SchemaError, match=r"^bands"):
        bands(pd.DataFrame({"x": ["a"]}), [0, 1])
    with pytest.raises(ConfigError, match=r"^bands: direction"):
        bands(col(0.5), [0, 1], directions=0)


def test_bands_keep_index_and_nan() -> None:
    frame = pd.DataFrame({"x": [0.5, np.nan]}, index=["p", "q"])
    out = bands(frame, [0, 1, 2], labels=["low", "high"])
    assert list(out.scores.index) == ["p", "q"]
    assert list(out.labels.index) == ["p", "q"]
    assert out.scores["x"].dtype == np.float64
    assert out.scores["x"].iloc[0] == 0.0
    assert np.isnan(out.scores["x"].iloc[1])
    assert out.labels["x"].tolist()[0] == "low"
    assert out.labels["x"].isna().tolist() == [False, True]


def test_goalpost_share_far_beyond_best_overflows_silently_to_the_clip() -> None:
    """1e300 on goalposts 0 -> 1e-10 is a share of 1e310: past float range, no warning.

    Unclipped it is inf; clipped it scores as the best goalpost, 1. Half-way (5e-11)
    is 0.5 either way. (pytest turns any floating-point warning into an error.)
    """
    x = np.array([[1e300, 5e-11]])
    worst, best = np.array([0.0, 0.0]), np.array([1e-10, 1e-10])
    assert goalpost_share(x, worst, best).tolist() == [[1.0, 0.5]]
    assert goalpost_share(x, worst, best, clip=False).tolist() == [[np.inf, 0.5]]


@pytest.mark.parametrize(
    ("directions", "error", "argument"),
    [
        ("", InputTypeError, "directions"),  # float("") was a raw ValueError
        ([1, "a"], InputTypeError, "directions"),
        ({"a": "-1", "b": 1}, InputTypeError, "directions[a]"),  # float("-1") read the text
        ({"a": float("nan")}, ConfigError, "directions[a]"),
    ],
)
def test_junk_directions_name_the_argument(
    directions: object, error: type[Exception], argument: str
) -> None:
    """A direction is a number (+1 or -1), one for all columns or one per column."""
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 5.0]})
    with pytest.raises(error, match=re.escape(f"argument '{argument}' must be a finite number")):
        normalise(frame, directions=directions)  # type: ignore[arg-type]
