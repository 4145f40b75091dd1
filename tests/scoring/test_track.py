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
from tests._warnings import score
from tests.test_scorecard import AREA, CIV, _config, _full_quarter

JAN = month("2023-01")


def test_track_result_carries_each_stage_of_its_track() -> None:
    """Name, index name, indicator and metric scores, coverage of the verified track.

    January: civilians score CIV, the area AREA (hand formulas); the withdrawal indicator
    has one observation (``area-jan``) and is covered; cessation has no observation in
    February and is not covered there.
    """
    card = score(_full_quarter(), config=_config())
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
    verified = score(_full_quarter(), config=_config(metrics=metrics)).verified
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
    verified = score(rows, config=_config()).verified
    assert verified.milestones.loc[JAN, "verified_withdrawal"] == level


def test_cessation_clock_is_empty_without_attack_evidence() -> None:
    """No attack metric covered: an empty clock with its columns and a daily index."""
    rows = _full_quarter()
    rows = rows[~rows["metric"].eq("civilians_killed")]
    clock = score(rows, config=_config()).verified.cessation
    assert clock.empty
    assert list(clock.columns) == list(CLOCK_COLUMNS)
    assert isinstance(clock.index, pd.PeriodIndex)
    assert clock.index.freqstr == "D"
    assert clock.index.name == "period"


def test_coverage_per_indicator_weighs_shares_and_counts_carried_metrics() -> None:
    """Coverage rows, by hand from the fixture (civilians weighted 3, missiles 1).

    January: civilians cover all 31 days, missiles none, so cessation's covered share is
    (3 * 1 + 1 * 0) / 4 = 0.75, with 2 metrics in all; the area is observed on 31
    January only: withdrawal covers 1 day, a share of 1/31, and is not carried. In
    February the area is carried forward (counted once); cessation has nothing.
    Rows are (period, indicator), indicators in their documented order.
    """
    weights = {"civilians_killed": 3.0, "missiles_launched": 1.0}
    metrics = tuple(
        m.model_copy(update={"weight": weights.get(m.name, m.weight)}) for m in _config().metrics
    )
    coverage = score(_full_quarter(), config=_config(metrics=metrics)).verified.coverage
    assert coverage.index.names == ["period", "indicator"]
    assert list(coverage.loc[JAN].index) == [i.value for i in pi.Indicator]
    jan_cessation = coverage.loc[(JAN, "cessation_of_attacks")]
    assert jan_cessation["share_covered"] == pytest.approx(0.75)
    assert jan_cessation["metrics_total"] == 2
    assert jan_cessation["days_covered"] == 31
    jan_area = coverage.loc[(JAN, "verified_withdrawal")]
    assert jan_area["share_covered"] == pytest.approx(1 / 31)
    assert jan_area["days_covered"] == 1
    assert jan_area["metrics_carried"] == 0
    feb = month("2023-02")
    assert coverage.loc[(feb, "verified_withdrawal"), "metrics_carried"] == 1
    assert coverage.loc[(feb, "cessation_of_attacks"), "metrics_carried"] == 0
    assert coverage.loc[(feb, "cessation_of_attacks"), "observations"] == 0


def test_an_indicator_without_metrics_has_zero_coverage() -> None:
    """No narrative metric configured: its rows count 0 and its share is missing."""
    metrics = tuple(m for m in _config().metrics if m.name != "narrative_nazi")
    rows = _full_quarter()
    rows = rows[rows["observation_id"] != "narr"]
    coverage = score(rows, config=_config(metrics=metrics)).verified.coverage
    narratives = coverage.loc[(JAN, "narrative_denial")]
    for column in ("observations", "metrics_covered", "metrics_carried", "metrics_total"):
        assert narratives[column] == 0
    assert narratives["days_covered"] == 0
    assert pd.isna(narratives["share_covered"])
    assert not bool(narratives["covered"])


def test_metric_coverage_and_clock_are_indexed_by_name() -> None:
    """Metric coverage rows are (period, metric); the clock's index is daily "period"."""
    verified = score(_full_quarter(), config=_config()).verified
    assert verified.metric_coverage.index.names == ["period", "metric"]
    clock = verified.cessation
    assert isinstance(clock.index, pd.PeriodIndex)
    assert clock.index.name == "period"
    assert clock.index.freqstr == "D"
    # civilians are reported over March 2022 and January 2023: the clock runs between
    assert str(clock.index[0]) == "2022-03-01"
    assert str(clock.index[-1]) == "2023-01-31"


def test_a_config_without_the_withdrawal_metric_has_no_withdrawal_milestone() -> None:
    """Without ``occupied_area_km2`` among the metrics the ladder has no evidence: missing.

    The counts of the coverage table stay integers.
    """
    metrics = tuple(m for m in _config().metrics if m.name != "occupied_area_km2")
    rows = _full_quarter()
    rows = rows[~rows["metric"].eq("occupied_area_km2")]
    verified = score(rows, config=_config(metrics=metrics)).verified
    assert verified.milestones["verified_withdrawal"].isna().all()
    assert verified.milestones.loc[JAN, "narrative_denial"] == "none"  # 2 of 4: 50
    for column in ("observations", "metrics_covered", "days_covered"):
        assert verified.coverage[column].dtype == "int64"
