"""Milestone ladders read on constructed evidence (thresholds worked out by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import progress_indicators as pi
from progress_indicators.model import DEFAULT_METRICS, Indicator, WithdrawalLadder
from progress_indicators.scoring import CESSATION_LADDER, MILESTONE_LADDER, milestones

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
