"""Milestone ladders read on constructed evidence (thresholds worked out by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.model import (
    DEFAULT_METRICS,
    Indicator,
    SustainmentSettings,
    WithdrawalLadder,
)
from progress_indicators.scoring import (
    CESSATION_LADDER,
    MILESTONE_LADDER,
    cessation_clock,
    milestones,
)

MONTHS = pd.period_range("2024-01", periods=4, freq="M")


def _empty_clock() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["covered", "reduction", "cessation", "sustained"],
        index=pd.PeriodIndex([], freq="D"),
    )


def _ladders(
    *,
    occupied: pd.Series | None = None,
    clock: pd.DataFrame | None = None,
    scores: pd.DataFrame | None = None,
    config: pi.ScorecardConfig | None = None,
) -> pd.DataFrame:
    config = config or pi.ScorecardConfig()
    names = [m.name for m in config.metrics]
    metric_scores = (
        scores if scores is not None else pd.DataFrame(np.nan, index=MONTHS, columns=names)
    )
    indicators = pd.DataFrame(np.nan, index=MONTHS, columns=[i.value for i in Indicator])
    for indicator in (Indicator.SOVEREIGNTY_RESPECT, Indicator.NARRATIVE_DENIAL):
        cols = [m.name for m in config.metrics if m.indicator is indicator]
        present = metric_scores.reindex(columns=cols)
        indicators[indicator.value] = present.mean(axis=1).where(present.notna().any(axis=1))
    return milestones(
        periods=MONTHS,
        clock=clock if clock is not None else _empty_clock(),
        occupied=occupied,
        metric_scores=metric_scores,
        indicators=indicators,
        config=config,
    )


def test_ladders_are_ordered_categoricals_and_missing_without_evidence() -> None:
    """No evidence: every cell missing, never 'none'; the categories are the ladders."""
    table = _ladders()
    assert table.isna().all().all()
    assert list(table["cessation_of_attacks"].cat.categories) == list(CESSATION_LADDER)
    assert table["verified_withdrawal"].cat.ordered
    assert list(table["narrative_denial"].cat.categories) == list(MILESTONE_LADDER)


def test_withdrawal_ladder_begun_needs_a_lasting_reduction_then_the_lines() -> None:
    """Begun: 1 % below the 90-day peak for 14 days; substantial and complete by area.

    January: 100,000 flat (none). February: 98,000 from the 1st, held all month
    (begun). March: 40,000 (below the pre-invasion line 43,890: substantial). April:
    100 km2 (complete, within 150 km2 of the 1991 borders).
    """
    days = pd.date_range("2024-01-01", "2024-04-30", freq="D")
    area = pd.Series(100_000.0, index=days)
    area[days >= pd.Timestamp("2024-02-01")] = 98_000.0
    area[days >= pd.Timestamp("2024-03-01")] = 40_000.0
    area[days >= pd.Timestamp("2024-04-01")] = 100.0
    ladder = _ladders(occupied=area)["verified_withdrawal"]
    assert ladder.tolist() == ["none", "begun", "substantial", "complete"]


def test_a_brief_dip_is_not_a_withdrawal() -> None:
    """A 2 % dip that lasts 10 days and is reversed is not 'begun' (lasting: 14 days)."""
    days = pd.date_range("2024-01-01", "2024-04-30", freq="D")
    area = pd.Series(100_000.0, index=days)
    area[(days >= pd.Timestamp("2024-02-10")) & (days < pd.Timestamp("2024-02-20"))] = 98_000.0
    ladder = _ladders(occupied=area)["verified_withdrawal"]
    assert (ladder == "none").all()
    longer = _ladders(
        occupied=area,
        config=pi.ScorecardConfig(milestones={"withdrawal": WithdrawalLadder(lasting_days=7)}),
    )["verified_withdrawal"]
    assert longer.tolist() == ["none", "none", "none", "none"]  # reversed by month end


def test_cessation_ladder_reads_the_clock_on_the_last_covered_day() -> None:
    """The clock's state on each month's last covered day; uncovered months are missing."""
    days = pd.period_range("2024-01-01", "2024-03-31", freq="D")
    clock = pd.DataFrame(
        {"covered": True, "reduction": False, "cessation": False, "sustained": False},
        index=days,
    )
    clock.loc[pd.Period("2024-02-20", "D") :, "reduction"] = True
    clock.loc[pd.Period("2024-03-01", "D") :, "cessation"] = True
    clock.loc[pd.Period("2024-03-31", "D"), "covered"] = False
    ladder = _ladders(clock=clock)["cessation_of_attacks"]
    assert ladder.tolist()[:3] == ["none", "reduction", "ceasefire"]
    assert pd.isna(ladder.iloc[3])  # April: no clock day


def test_level_ladders_for_provisions_and_narratives() -> None:
    """Sovereignty: begun at one provision >= 2 of 3; substantial at half the weight at 3.

    Narratives: softening (2 of 4 = 50) is not a milestone; one retraction (75) is begun;
    all at 4 is complete.
    """
    names = [m.name for m in DEFAULT_METRICS]
    scores = pd.DataFrame(0.0, index=MONTHS, columns=names)
    provisions = [m.name for m in DEFAULT_METRICS if m.indicator is Indicator.SOVEREIGNTY_RESPECT]
    narratives = [m.name for m in DEFAULT_METRICS if m.indicator is Indicator.NARRATIVE_DENIAL]
    scores.loc[MONTHS[1], provisions[0]] = 200 / 3
    scores.loc[MONTHS[2], provisions[:4]] = 100.0
    scores.loc[MONTHS[3], provisions] = 100.0
    scores.loc[MONTHS[0], narratives[0]] = 50.0
    scores.loc[MONTHS[1], narratives[0]] = 75.0
    scores.loc[MONTHS[2], narratives[:5]] = 75.0
    scores.loc[MONTHS[3], narratives] = 100.0
    table = _ladders(scores=scores)
    assert table["sovereignty_respect"].tolist() == ["none", "begun", "substantial", "complete"]
    assert table["narrative_denial"].tolist() == ["none", "begun", "substantial", "complete"]


def test_cessation_ladder_reads_a_clock_from_cessation_clock_up_to_sustained() -> None:
    """The clock as ``cessation_clock`` returns it (a daily DatetimeIndex) reaches every rung.

    Attacks of 5 a day through January 2024, then none from 1 February. Last covered
    day of each month: 31 January, 0 quiet days and a 28-day mean of 5 against a baseline
    of 10 (a share of 0.5, not the 0.1 of a reduction): "none"; 29 February, 29 quiet
    days (>= 28): "ceasefire"; 31 March, 60: "ceasefire"; 30 April, 29 + 31 + 30 = 90
    (>= 90): "sustained".
    """
    days = pd.date_range("2024-01-01", "2024-04-30", freq="D")
    attacks = pd.DataFrame({"attack_events": 0.0}, index=days)
    attacks.loc[days < pd.Timestamp("2024-02-01"), "attack_events"] = 5.0
    clock = cessation_clock(
        attacks, baselines=pd.Series({"attack_events": 10.0}), settings=SustainmentSettings()
    )
    assert isinstance(clock.index, pd.DatetimeIndex)
    ladder = _ladders(clock=clock)["cessation_of_attacks"]
    assert ladder.tolist() == ["none", "ceasefire", "ceasefire", "sustained"]


def test_a_single_period_is_read_like_any_other() -> None:
    """One scored period: its last covered day decides (40,000 km2: "substantial")."""
    days = pd.date_range("2024-01-01", "2024-01-31", freq="D")
    area = pd.Series(40_000.0, index=days)
    config = pi.ScorecardConfig()
    names = [m.name for m in config.metrics]
    table = milestones(
        periods=MONTHS[:1],
        clock=_empty_clock(),
        occupied=area,
        metric_scores=pd.DataFrame(np.nan, index=MONTHS[:1], columns=names),
        indicators=pd.DataFrame(np.nan, index=MONTHS[:1], columns=[i.value for i in Indicator]),
        config=config,
    )
    assert table["verified_withdrawal"].tolist() == ["substantial"]
    assert table["cessation_of_attacks"].isna().all()


@pytest.mark.parametrize(
    ("area", "level"),
    [(150.0, "complete"), (150.5, "substantial"), (43_890.0, "substantial"), (43_891.0, "none")],
)
def test_withdrawal_lines_are_inclusive(area: float, level: str) -> None:
    """At most 150 km2 is complete, at most 43,890 km2 substantial: the lines count.

    A flat area (never 1 % below its own peak, so never "begun") read in January.
    """
    days = pd.date_range("2024-01-01", "2024-01-31", freq="D")
    ladder = _ladders(occupied=pd.Series(area, index=days))["verified_withdrawal"]
    assert ladder.iloc[0] == level


def test_exactly_one_percent_below_the_peak_is_begun() -> None:
    """99,000 km2 is (1 - 0.01) * 100,000 exactly: held 14 days it is "begun"."""
    days = pd.date_range("2024-01-01", "2024-01-31", freq="D")
    area = pd.Series(99_000.0, index=days)
    area.iloc[0] = 100_000.0
    assert _ladders(occupied=area)["verified_withdrawal"].iloc[0] == "begun"


@pytest.mark.parametrize(
    ("peak_day", "ladder"),
    [
        # peak on 1 January (day 0): below on days 1-90, i.e. through 31 March (day 90)
        (0, ["begun", "begun", "begun", "none"]),
        # peak on 30 January (day 29): below on days 30-119; 30 April is day 120
        (29, ["none", "begun", "begun", "none"]),
    ],
)
def test_the_peak_is_taken_over_the_last_91_days(peak_day: int, ladder: list[str]) -> None:
    """The peak is the highest area over the day and the 90 days before it.

    98,000 km2 every day but one day at 100,000: a day is 1 % below the peak while that
    day is within its window (days ``peak_day + 1`` to ``peak_day + 90``); "begun" needs
    the 14 days up to the month's last day below. Month ends are days 30, 59, 90, 120.
    """
    days = pd.date_range("2024-01-01", "2024-04-30", freq="D")
    area = pd.Series(98_000.0, index=days)
    area.iloc[peak_day] = 100_000.0
    assert _ladders(occupied=area)["verified_withdrawal"].tolist() == ladder


def _provision_ladder(scores_of: dict[int, float], weights: dict[int, float]) -> str:
    """The January sovereignty rung for provision scores and weights (by position)."""
    provisions = [m for m in DEFAULT_METRICS if m.indicator is Indicator.SOVEREIGNTY_RESPECT]
    config = pi.ScorecardConfig(
        metrics=[
            m.model_copy(update={"weight": weights[i]}) if i in weights else m
            for i, m in enumerate(provisions)
        ]
        + [m for m in DEFAULT_METRICS if m.indicator is not Indicator.SOVEREIGNTY_RESPECT]
    )
    names = [m.name for m in config.metrics]
    scores = pd.DataFrame(0.0, index=MONTHS, columns=names)
    for i, value in scores_of.items():
        scores.loc[MONTHS[0], provisions[i].name] = value
    return str(_ladders(scores=scores, config=config)["sovereignty_respect"].iloc[0])


def test_level_ladders_weigh_provisions_and_skip_weight_zero() -> None:
    """Substantial is half the weight at 100; a weight-0 provision counts for nothing.

    Seven provisions. One at 100 with weight 6 (the others 1, total 12) holds half the
    weight: "substantial". All at 100 but one with weight 0 left at 0: "complete" (the
    weight-0 provision is not read).
    """
    assert _provision_ladder({0: 100.0}, {0: 6.0}) == "substantial"
    assert _provision_ladder({0: 100.0}, {}) == "begun"  # 1 of 7
    assert _provision_ladder(dict.fromkeys(range(1, 7), 100.0), {0: 0.0}) == "complete"


def test_level_thresholds_are_not_loosened() -> None:
    """Just below a line is below it: 99.5 is not complete, 74.5 not a retraction.

    Sovereignty all at 99.5: under 100 (not complete, not substantial), above 2/3:
    "begun". Narratives all at 74.5: under 75 (begun and substantial both need 75):
    "none". The table's columns are named "indicator".
    """
    names = [m.name for m in DEFAULT_METRICS]
    scores = pd.DataFrame(0.0, index=MONTHS, columns=names)
    provisions = [m.name for m in DEFAULT_METRICS if m.indicator is Indicator.SOVEREIGNTY_RESPECT]
    narratives = [m.name for m in DEFAULT_METRICS if m.indicator is Indicator.NARRATIVE_DENIAL]
    scores.loc[MONTHS[0], provisions] = 99.5
    scores.loc[MONTHS[0], narratives] = 74.5
    table = _ladders(scores=scores)
    assert table.columns.name == "indicator"
    assert table["sovereignty_respect"].iloc[0] == "begun"
    assert table["narrative_denial"].iloc[0] == "none"
