"""The engine-agnostic aggregation gives pandas' results on every backend."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.exceptions import (
    HumanitarianInScoringError,
    InputTypeError,
    ValidationError,
)
from progress_indicators.frames import (
    compress_observations,
    metric_periods,
    occupied_settlements,
    period_metrics,
    period_range,
    select_track,
    settlement_control,
)
from progress_indicators.model import DEFAULT_METRICS, Frequency, Verification
from progress_indicators.validation import validate_engine_observations, validate_observations
from tests._warnings import SINGLE, score
from tests.frames.conftest import BACKENDS, ENGINE_NAMES, FEW_BACKENDS, engines

if TYPE_CHECKING:
    from collections.abc import Callable

    Convert = Callable[[str, pd.DataFrame], Any]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """The bundled example observations, validated, plus a multi-week span and dupes."""
    observations, _ = pi.datasets.load_example()
    extra = observations.iloc[:3].copy()
    extra["observation_id"] = ["span-1", "span-2", "span-3"]
    extra["metric"] = "civilians_killed"
    extra["indicator"] = "cessation_of_attacks"
    extra["unit"] = "persons"
    extra["date"] = ["2024-01-03", "2024-01-03", "2024-02-01"]
    extra["end_date"] = ["2024-01-30", "2024-01-30", "2024-02-01"]
    extra["value"] = [28.0, 7.0, 1.5]
    extra["verification"] = ["verified", "claimed", "disputed"]
    # areas inside wider ones: an oblast inside the SMM's annual Donetsk+Luhansk 2019, the
    # union written another way, and Crimea while the national map is in force
    areas = observations.iloc[:3].copy()
    areas["observation_id"] = ["area-1", "area-2", "area-3"]
    areas["metric"] = ["ceasefire_violations_per_day"] * 2 + ["occupied_area_km2"]
    areas["indicator"] = ["cessation_of_attacks"] * 2 + ["verified_withdrawal"]
    areas["unit"] = ["violations/day"] * 2 + ["km2"]
    areas["region"] = ["Donetsk", " luhansk + donetsk ", "Crimea"]
    areas["date"] = ["2019-03-01", "2019-06-01", "2023-06-01"]
    areas["end_date"] = ["2019-03-31", "2019-06-30", None]
    areas["value"] = [500.0, 900.0, 27000.0]
    areas["verification"] = "verified"
    rows = pd.concat([observations, extra, areas], ignore_index=True)
    return validate_observations(rows).table


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "threshold", [Verification.CORROBORATED, None], ids=["verified", "claimed"]
)
def test_period_metrics_matches_pandas(
    backend: str, threshold: Verification | None, table: pd.DataFrame, to_backend: Convert
) -> None:
    """Weekly values, counts and carried flags equal ``metric_periods`` on pandas.

    Covers pro-rata spans across weeks, ``last`` levels with carry-forward and both
    tracks; the engine collects only the compressed table.
    """
    periods = period_range(table["date"].min(), pd.Timestamp("2026-01-31"), Frequency.WEEKLY)
    track = select_track(table, threshold)
    expected = metric_periods(track, metrics=DEFAULT_METRICS, periods=periods)
    got = period_metrics(
        to_backend(backend, table), frequency="weekly", threshold=threshold, periods=periods
    )
    pd.testing.assert_frame_equal(got.metric_values, expected.metric_values)
    pd.testing.assert_frame_equal(got.observations, expected.observations)
    pd.testing.assert_frame_equal(got.carried, expected.carried)
    assert expected.observations.to_numpy().sum() > 0
    # the Donetsk row inside the SMM's annual Donetsk+Luhansk 2019 (299,633 / 365 a day,
    # observations.csv) counts once, as the union: not + 500; the union written another
    # way by another source is the same area, so the two sources are averaged in June
    annual = 299633 / 365
    values = got.metric_values["ceasefire_violations_per_day"]
    march: Any = pd.Period("2019-03-10", "W-SUN")
    june: Any = pd.Period("2019-06-09", "W-SUN")
    assert values.loc[march] == pytest.approx(annual, abs=1e-3)
    assert values.loc[june] == pytest.approx((annual + 900) / 2)
    # Crimea while the national map is in force changes no week of the occupied area
    without = track[track["observation_id"] != "area-3"]
    national = metric_periods(without, metrics=DEFAULT_METRICS, periods=periods)
    pd.testing.assert_series_equal(
        got.metric_values["occupied_area_km2"], national.metric_values["occupied_area_km2"]
    )


@pytest.mark.parametrize("backend", FEW_BACKENDS)
def test_score_accepts_engine_frames(
    backend: str, table: pd.DataFrame, to_backend: Convert
) -> None:
    """``score()`` on an engine frame gives the pandas scorecard (index, indicators, coverage)."""
    config = pi.ScorecardConfig(frequency="monthly")
    expected = score(table, expect=SINGLE, config=config)
    got = score(to_backend(backend, table), expect=SINGLE, config=config)
    pd.testing.assert_series_equal(got.index, expected.index)
    pd.testing.assert_frame_equal(got.indicators, expected.indicators)
    pd.testing.assert_series_equal(got.claimed_index, expected.claimed_index)
    pd.testing.assert_frame_equal(got.coverage, expected.coverage)
    assert expected.index.notna().sum() > 0


@pytest.mark.parametrize("backend", engines("polars", "duckdb", "dask"))
def test_engine_validation_lists_bad_rows(
    backend: str, table: pd.DataFrame, to_backend: Convert
) -> None:
    """Bad rows on an engine raise one ValidationError naming each bad observation."""
    bad = table.copy()
    bad["verification"] = bad["verification"].astype(object)
    bad.loc[0, "verification"] = "rumoured"
    bad.loc[1, "value"] = -5.0
    bad.loc[2, "observation_id"] = str(bad["observation_id"].iloc[3])
    with pytest.raises(ValidationError) as caught:
        score(to_backend(backend, bad))
    cases = caught.value.failure_cases
    pandas_cases = validate_observations(bad, on_invalid="quarantine").rejected
    assert set(cases["reason"]) == set(pandas_cases["reason"])  # one contract, every backend
    assert set(cases["reason"]) == {"unknown_verification", "negative_count", "duplicate_id"}
    assert str(table.loc[0, "observation_id"]) in set(cases["observation_id"])


@pytest.mark.backends
def test_engine_validation_refuses_humanitarian_rows(
    table: pd.DataFrame, to_backend: Convert
) -> None:
    """A humanitarian kind in an engine frame's metric column is refused, never scored."""
    bad = table.copy()
    bad["metric"] = bad["metric"].astype(object)
    bad.loc[0, "metric"] = "pow_exchange"
    with pytest.raises(HumanitarianInScoringError):
        score(to_backend("polars", bad))


def _control(seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    places, days = 7, 40
    day = np.repeat(np.arange(days), places)
    place = np.tile(np.arange(places) + 1000, days)
    status = rng.choice(["UA", "RU", "CONTESTED"], size=len(day), p=[0.5, 0.4, 0.1])
    dates = pd.Timestamp("2024-02-20") + pd.to_timedelta(day, unit="D")
    frame = pd.DataFrame(
        {"geonameid": place, "date": dates.strftime("%Y%m%d").astype(int), "status": status}
    )
    return frame.sample(frac=0.9, random_state=seed).reset_index(drop=True)


def _expected_occupied(frame: pd.DataFrame) -> pd.DataFrame:
    """Reference in plain pandas: last status in each (place, week), counted per week."""
    dates = pd.to_datetime(frame["date"].astype(str), format="%Y%m%d")
    week = dates.dt.to_period("W-SUN")
    ordered = frame.assign(week=week, day=dates).sort_values("day")
    last = ordered.groupby(["geonameid", "week"])["status"].last().reset_index()
    counts = last.groupby("week").agg(
        occupied=("status", lambda s: int((s == "RU").sum())),
        contested=("status", lambda s: int((s == "CONTESTED").sum())),
        places=("status", "size"),
    )
    counts.index.name = "week"
    return counts.astype("int64")


# DuckDB takes 9-16 s here on the shared machine (measured with --durations)
@pytest.mark.parametrize("backend", engines(*ENGINE_NAMES, slow=("duckdb",)))
def test_occupied_settlements_matches_pandas(backend: str, to_backend: Convert) -> None:
    """Weekly occupied and contested place counts equal a plain-pandas reference.

    The weekly status is the status on the latest day of the week that has a row.
    """
    frame = _control()
    got = occupied_settlements(to_backend(backend, frame))
    expected = _expected_occupied(frame)
    pd.testing.assert_frame_equal(got, expected, check_freq=False)
    assert got["occupied"].sum() > 0


@pytest.mark.parametrize("junk", [None, [{"metric": "x"}], "obs.parquet", pd.Series([1.0])])
@pytest.mark.parametrize(
    "call",
    [
        compress_observations,
        period_metrics,
        settlement_control,
        occupied_settlements,
        validate_engine_observations,
    ],
)
def test_a_frame_that_is_no_table_is_an_input_type_error(
    call: Callable[..., object], junk: object
) -> None:
    """``None``, rows as a list, a path, a Series: narwhals' raw ``TypeError`` before."""
    with pytest.raises(InputTypeError, match=r"argument 'frame' must be a table") as info:
        call(junk)
    assert call.__name__ in str(info.value)
    assert "\nHint: " in str(info.value)


def test_a_missing_column_is_listed_not_a_raw_engine_error(table: pd.DataFrame) -> None:
    """A table without ``metric`` raised narwhals' ``ColumnNotFoundError``."""
    with pytest.raises(ValidationError, match="compress_observations") as info:
        compress_observations(table.drop(columns=["metric", "source"]))
    assert sorted(info.value.failure_cases["column"]) == ["metric", "source"]
    with pytest.raises(ValidationError, match=r"in period_metrics"):
        period_metrics(table.drop(columns=["value"]))


@pytest.mark.parametrize("option", ["metrics", "event_metrics"])
@pytest.mark.parametrize("junk", ["civilians_killed", 5, {"civilians_killed": 1}, [1]])
def test_metric_names_must_be_a_list_of_texts(
    table: pd.DataFrame, option: str, junk: object
) -> None:
    """One text is not a list of names: ``"abc"`` was read as the metrics a, b and c."""
    with pytest.raises(InputTypeError, match=f"argument '{option}' must be a list of texts"):
        compress_observations(table, **{option: junk})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "argument", "error"),
    [
        ({"frequency": "Monthly"}, "frequency", pi.ConfigError),  # a raw ValueError
        ({"frequency": ""}, "frequency", pi.ConfigError),
        ({"threshold": "verifed"}, "threshold", pi.ConfigError),
        ({"threshold": 3}, "threshold", InputTypeError),
        ({"min_share_covered": 0}, "min_share_covered", pi.ConfigError),
        ({"min_share_covered": math.nan}, "min_share_covered", pi.ConfigError),
        ({"min_share_covered": "0.5"}, "min_share_covered", InputTypeError),
        (
            {"periods": pd.period_range("2024-01-01", periods=3, freq="D")},  # monthly due
            "periods",
            pi.ConfigError,
        ),
    ],
)
def test_period_metrics_names_a_junk_option(
    table: pd.DataFrame, options: dict[str, object], argument: str, error: type[Exception]
) -> None:
    """Each option is checked before the engine runs, naming what it takes."""
    with pytest.raises(error, match=f"^period_metrics: argument '{argument}' must be"):
        period_metrics(table, **options)  # type: ignore[arg-type]


def test_a_misspelt_frequency_gets_a_did_you_mean_hint(table: pd.DataFrame) -> None:
    """The hint names the closest frequency."""
    with pytest.raises(pi.ConfigError, match="Did you mean 'monthly'"):
        period_metrics(table, frequency="Monthly")


@pytest.mark.parametrize("call", [settlement_control, occupied_settlements])
def test_control_columns_are_checked_by_name(call: Callable[..., object]) -> None:
    """A column name that is no text, or not in the table, is named (a raw KeyError before)."""
    frame = _control()
    with pytest.raises(InputTypeError, match=f"^{call.__name__}: argument 'place' must be"):
        call(frame, place=5)
    with pytest.raises(ValidationError, match=call.__name__) as info:
        call(frame, date="day", status="")
    assert sorted(info.value.failure_cases["column"]) == ["", "day"]
