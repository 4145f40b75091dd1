"""Mutation tests of ``scoring/_track.py``: one track's result, read field by field.

The scorecard's fixture (``tests/test_scorecard.py``): one verified observation per
indicator in January 2023 and older evidence in 2022. Expected values are the hand
formulas of that file (``CIV``, ``AREA``) and the documented ladder thresholds.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.model import Baseline, Goalposts
from progress_indicators.scoring import CLOCK_COLUMNS, INDEX_NAME
from tests._factories import month
from tests.test_scorecard import AREA, CIV, _config, _full_quarter

JAN = month("2023-01")


def test_track_result_carries_each_stage_of_its_track() -> None:
    """Name, index name, indicator and metric scores, coverage of the verified track.

    January: civilians score CIV, the area AREA (hand formulas); the withdrawal indicator
    has one observation (``area-jan``) and is covered; cessation has no observation in
    February and is not covered there.
    """
    card = pi.score(_full_quarter(), config=_config())
    verified, claimed = card.verified, card.claimed
    assert verified.name == "verified"
    assert claimed.name == "claimed"
    assert verified.index.name == INDEX_NAME
    assert verified.metric_scores.loc[JAN, "civilians_killed"] == pytest.approx(CIV)
    assert verified.indicators.loc[JAN, "verified_withdrawal"] == pytest.approx(AREA)
    coverage = verified.coverage
    assert coverage.loc[(JAN, "verified_withdrawal"), "observations"] == 1
    assert bool(coverage.loc[(JAN, "verified_withdrawal"), "covered"])
    assert not bool(coverage.loc[(month("2023-02"), "cessation_of_attacks"), "covered"])


def test_goalposts_derived_from_the_tracks_own_daily_series() -> None:
    """A ``max`` baseline over 2022 is read from the track's daily values: 100,000 km2.

    75,000 km2 then scores 100 * (100,000 - 75,000) / 100,000 = 25.
    """
    window = Baseline(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31), statistic="max")
    metrics = tuple(
        m.model_copy(update={"goalposts": Goalposts(worst=window, best=0.0)})
        if m.name == "occupied_area_km2"
        else m
        for m in _config().metrics
    )
    verified = pi.score(_full_quarter(), config=_config(metrics=metrics)).verified
    assert verified.goalposts.loc["occupied_area_km2", "worst"] == 100_000
    assert verified.metric_scores.loc[JAN, "occupied_area_km2"] == pytest.approx(25.0)
    assert verified.indicators.loc[JAN, "verified_withdrawal"] == pytest.approx(25.0)


@pytest.mark.parametrize(("area", "level"), [(40_000, "substantial"), (100, "complete")])
def test_withdrawal_milestone_reads_the_occupied_area(area: float, level: str) -> None:
    """The withdrawal ladder reads the track's daily occupied area.

    Thresholds (``config.milestones.withdrawal``): at most 43,890 km2 (the pre-invasion
    line) is "substantial", at most 150 km2 "complete". January's last covered day is
    31 January, when the area is ``area``.
    """
    rows = _full_quarter()
    rows.loc[rows["observation_id"] == "area-jan", "value"] = area
    verified = pi.score(rows, config=_config()).verified
    assert verified.milestones.loc[JAN, "verified_withdrawal"] == level


def test_cessation_clock_is_empty_without_attack_evidence() -> None:
    """No attack metric covered: an empty clock with its columns and a daily index."""
    rows = _full_quarter()
    rows = rows[~rows["metric"].eq("civilians_killed")]
    clock = pi.score(rows, config=_config()).verified.cessation
    assert clock.empty
    assert list(clock.columns) == list(CLOCK_COLUMNS)
    assert isinstance(clock.index, pd.PeriodIndex)
    assert clock.index.freqstr == "D"
    assert clock.index.name == "period"
