"""The engine-agnostic aggregation gives pandas' results on every backend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.exceptions import HumanitarianInScoringError, ValidationError
from progress_indicators.frames import (
    metric_periods,
    occupied_settlements,
    period_metrics,
    period_range,
    select_track,
)
from progress_indicators.model import DEFAULT_METRICS, Frequency, Verification
from progress_indicators.validation import validate_observations
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
    return validate_observations(pd.concat([observations, extra], ignore_index=True)).table


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
