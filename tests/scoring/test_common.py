"""Shared helpers, growth rate and cessation clock: cases that kill surviving mutants.

The NaN-aware reductions are checked against numpy's own ``nan*`` functions (a separate
implementation); the clock's expected columns are counted by hand in the comments.
"""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, SchemaError, ScoringError
from progress_indicators.model import CapRule, Indicator, SustainmentSettings
from progress_indicators.scoring import CLOCK_COLUMNS, apply_caps, cessation_clock, growth_rate
from progress_indicators.scoring._common import (
    as_float_array,
    check_rng,
    hint,
    nan_mean_sd,
    nan_reduce,
    per_column,
    resolve_directions,
)

# columns with several values, one value, no value; rows likewise
VALUES = np.array(
    [
        [1.0, np.nan, np.nan, 4.0],
        [3.0, 7.0, np.nan, np.nan],
        [-2.0, np.nan, np.nan, 0.5],
    ]
)


@pytest.mark.parametrize("axis", [0, 1])
def test_nan_reduce_matches_numpy(axis: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy warns on all-NaN slices
        expected = {
            "min": np.nanmin(VALUES, axis=axis),
            "max": np.nanmax(VALUES, axis=axis),
            "sum": np.where(np.isnan(VALUES).all(axis=axis), np.nan, np.nansum(VALUES, axis=axis)),
        }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for how, want in expected.items():
            np.testing.assert_array_equal(nan_reduce(VALUES, how, axis=axis), want)


@pytest.mark.parametrize("axis", [0, 1])
def test_nan_mean_sd_matches_numpy(axis: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        want_mean = np.nanmean(VALUES, axis=axis)
        want_sd = np.nanstd(VALUES, axis=axis, ddof=1)
    counts = (~np.isnan(VALUES)).sum(axis=axis)
    want_sd = np.where(counts > 1, want_sd, np.nan)  # one value: no sample sd
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mean, sd = nan_mean_sd(VALUES, axis=axis)
    np.testing.assert_allclose(mean, want_mean, rtol=1e-12)
    np.testing.assert_allclose(sd, want_sd, rtol=1e-12)


def test_check_rng_accepts_none_seed_and_generator_only() -> None:
    assert isinstance(check_rng(None), np.random.Generator)
    generator = np.random.default_rng(1)
    assert check_rng(generator) is generator
    assert check_rng(5).random() == np.random.default_rng(5).random()
    message = (
        "rng must be a numpy.random.Generator, an int seed or None (got str).\n"
        "Hint: pass rng=np.random.default_rng(42) or rng=42."
    )
    with pytest.raises(ConfigError, match=re.escape(message)):
        check_rng("42")


def test_hint_is_empty_without_text() -> None:
    assert hint(None) == ""
    assert hint("") == ""
    assert hint("do this.") == "\nHint: do this."


def test_growth_rate_edge_cases() -> None:
    # a gap: 100 -> 121 over 2 units is 10 % a unit
    assert growth_rate([100.0, math.nan, 121.0], [0, 1, 2]) == pytest.approx(0.1, rel=1e-12)
    message = "growth_rate: times must increase strictly.\nHint: sort the series by time."
    with pytest.raises(ScoringError, match="^" + re.escape(message) + "$"):
        growth_rate([1.0, 2.0], [2020, 2020])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # a change of sign has no real compound rate
        assert math.isnan(growth_rate([100.0, -50.0], [0, 2]))


def test_cessation_clock_counts_days_and_thresholds() -> None:
    # 30 covered days: 10 attacks on days 0 and 1, then none
    index = pd.date_range("2025-01-01", periods=30, freq="D")
    attacks = pd.DataFrame({"attack_events": [10.0, 10.0] + [0.0] * 28}, index=index)
    settings = SustainmentSettings(reduction_share=0.5, cessation_days=28, sustained_days=90)
    # baseline 20/28 a day: the threshold is half of it, 10/28, a share of 0.5
    baselines = pd.Series({"attack_events": 20 / 28})
    clock = cessation_clock(attacks, baselines=baselines, settings=settings)
    assert tuple(clock.columns) == CLOCK_COLUMNS
    assert list(clock.index) == list(index)
    assert clock["attacks"].dtype == np.float64
    # quiet days counted from day 2: 1, 2, ... 28 on day 29
    assert clock["days_without_attack"].tolist() == [0.0, 0.0, *range(1, 29)]
    # trailing mean over the baseline: defined from day 27 (28 days): 1, then 0.5, then 0
    share = clock["trailing_28d_share"]
    assert share.iloc[:27].isna().all()
    assert share.iloc[27:].tolist() == pytest.approx([1.0, 0.5, 0.0])
    # reduction: a share at or below 0.5 (day 28 is exactly at the threshold)
    assert clock["reduction"].tolist() == [False] * 28 + [True, True]
    assert clock["cessation"].tolist() == [False] * 29 + [True]
    assert not clock["sustained"].any()


def test_cessation_clock_needs_every_covered_metric_reduced_and_any_attack_breaks_the_run() -> None:
    """Two attack metrics: the worse one's share decides reduction; either above 0 is an attack."""
    index = pd.date_range("2025-01-01", periods=28, freq="D")
    daily = pd.DataFrame(
        {"attack_events": [0.0] * 28, "civilians_killed": [0.0] * 27 + [28.0]}, index=index
    )
    baselines = pd.Series({"attack_events": 10.0, "civilians_killed": 10.0})
    settings = SustainmentSettings(reduction_share=0.9, cessation_days=5, sustained_days=90)
    clock = cessation_clock(daily, baselines=baselines, settings=settings)
    # civilians: 28 over 28 days = 1 a day = a share of 0.1 of 10 (exactly 90 % below)
    assert clock["trailing_28d_share"].iloc[-1] == pytest.approx(0.1)
    assert clock["reduction"].iloc[-1]
    # the last day has a civilian death: the run of 27 quiet days restarts at 0
    assert clock["days_without_attack"].tolist() == [*map(float, range(1, 28)), 0.0]


def test_cessation_clock_restarts_after_an_uncovered_day() -> None:
    index = pd.date_range("2025-03-01", periods=5, freq="D")
    attacks = pd.DataFrame({"attack_events": [0.0, 0.0, np.nan, 0.0, 0.0]}, index=index)
    settings = SustainmentSettings(cessation_days=2, sustained_days=3)
    clock = cessation_clock(attacks, baselines=pd.Series({"attack_events": 1.0}), settings=settings)
    days = clock["days_without_attack"].tolist()
    assert days[:2] == [1.0, 2.0]
    assert math.isnan(days[2])
    assert days[3:] == [1.0, 2.0]
    assert clock["covered"].tolist() == [True, True, False, True, True]
    assert clock["cessation"].tolist() == [False, True, False, False, True]
    assert not clock["reduction"].any()  # never 28 covered days


def test_apply_caps_table_and_strict_boundaries() -> None:
    # index 50, 50, 50, 10; withdrawal 10, 20, 30, 5; rule: below 20 -> cap 40, named
    periods = pd.period_range("2024-01", periods=4, freq="M")
    index = pd.Series([50.0, 50.0, 50.0, 10.0], index=periods)
    indicators = pd.DataFrame({"verified_withdrawal": [10.0, 20.0, 30.0, 5.0]}, index=periods)
    rule = CapRule(indicator=Indicator.VERIFIED_WITHDRAWAL, below=20, cap=40, name="w")
    capped, table = apply_caps(index, indicators, [rule])
    # row 0: 10 < 20 and 50 > 40 -> 40; row 1: 20 is not below 20; row 3: 10 is not above 40
    assert capped.tolist() == [40.0, 50.0, 50.0, 10.0]
    assert list(table.columns) == [
        "period",
        "rule",
        "indicator",
        "indicator_score",
        "cap",
        "index_before",
        "index_after",
    ]
    assert table.to_dict("records") == [
        {
            "period": periods[0],
            "rule": "w",
            "indicator": "verified_withdrawal",
            "indicator_score": 10.0,
            "cap": 40.0,
            "index_before": 50.0,
            "index_after": 40.0,
        }
    ]
    assert list(table.index) == [0]
    # an index exactly at the cap is not lowered (nothing to record)
    at_cap = pd.Series([40.0] * 4, index=periods)
    _, none = apply_caps(at_cap, indicators, [rule])
    assert none.empty
    assert list(none.columns) == list(table.columns)
    # two rules: the table is renumbered from 0
    second = CapRule(indicator=Indicator.VERIFIED_WITHDRAWAL, below=6, cap=5)
    _, both = apply_caps(index, indicators, [rule, second])
    assert list(both.index) == [0, 1]
    assert both["rule"].tolist() == ["w", "cap_1"]


def test_as_float_array_messages_and_conversion() -> None:
    message = (
        "w: expected a pandas DataFrame (rows = units or periods, columns = indicators), "
        "got Series.\nHint: wrap a Series with .to_frame()."
    )
    with pytest.raises(SchemaError, match="^" + re.escape(message) + "$"):
        as_float_array(pd.Series([1.0]), where="w")
    frame = pd.DataFrame({"ok": [1.0], "flag": [True], "name": pd.Series(["a"], dtype=object)})
    message = (
        "w: column(s) ['flag', 'name'] are not numeric (dtypes ['bool', 'object']); expected "
        "numeric indicator values.\n"
        "Hint: select the indicator columns only, or convert them with pd.to_numeric."
    )
    with pytest.raises(SchemaError, match="^" + re.escape(message) + "$"):
        as_float_array(frame, where="w")
    # nullable integers with a missing value become float64 with NaN, in a copy
    nullable = pd.DataFrame({"n": pd.array([1, None], dtype="Int64")})
    values = as_float_array(nullable, where="w")
    assert values.dtype == np.float64
    assert values[0, 0] == 1.0
    assert np.isnan(values[1, 0])
    plain = pd.DataFrame({"x": [1.0, 2.0]})
    copied = as_float_array(plain, where="w")
    copied[0, 0] = 99.0
    assert plain["x"].tolist() == [1.0, 2.0]


def test_per_column_messages_and_defaults() -> None:
    columns = ["alpha", "beta"]
    message = (
        "w: option 'lower' names unknown column(s) ['alpah']; expected a subset of "
        "['alpha', 'beta'].\nHint: Did you mean 'alpha'?"
    )
    with pytest.raises(ConfigError, match="^" + re.escape(message) + "$"):
        per_column({"alpah": 1.0}, columns, name="lower", where="w")
    message = (
        "w: option 'lower' has no value for column 'beta'; expected one value per column.\n"
        "Hint: add 'beta' to lower= or pass a scalar."
    )
    with pytest.raises(ConfigError, match="^" + re.escape(message) + "$"):
        per_column({"alpha": 1.0}, columns, name="lower", where="w")
    # a mapping may leave columns to the default; a Series is read by label
    assert per_column({"beta": 3.0}, columns, name="d", where="w", default=1.0).tolist() == [
        1.0,
        3.0,
    ]
    series = pd.Series({"beta": 2.0, "alpha": 5.0})
    assert per_column(series, columns, name="d", where="w").tolist() == [5.0, 2.0]


def test_direction_errors_name_the_option() -> None:
    message = (
        "w: direction must be +1 or -1 for every column (got [('b', 0.5)]).\n"
        "Hint: use -1 for indicators where lower values are better."
    )
    with pytest.raises(ConfigError, match="^" + re.escape(message) + "$"):
        resolve_directions({"b": 0.5}, ["a", "b"], where="w")
    with pytest.raises(
        ConfigError, match=re.escape("w: option 'directions' names unknown column(s) ['c']")
    ):
        resolve_directions({"c": 1.0}, ["a", "b"], where="w")


def test_as_float_array_rejects_infinity_by_position() -> None:
    frame = pd.DataFrame({"a": [1.0] + [np.inf] * 11, "b": [-np.inf] + [1.0] * 11})
    message = (
        f"w: infinite value(s) in column(s) ['a', 'b'] at row(s) {list(range(10))}; expected "
        "finite numbers or NaN.\nHint: mark missing evidence as NaN, never as inf."
    )
    with pytest.raises(SchemaError, match="^" + re.escape(message) + "$"):
        as_float_array(frame, where="w")
