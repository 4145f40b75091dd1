"""Milestones: an ordered ladder per indicator, read before the composite.

When the geometric index sits near zero (two indicators at 0 hold it there by design),
an analyst reads the milestones first: has a reduction of attacks, a ceasefire, a
withdrawal, a reversal of a provision or the retraction of a narrative happened? Each
indicator has its own ladder, with documented thresholds (``config.milestones`` and
``config.sustainment``; sources in ``docs/methodology.md``):

* cessation of attacks: ``none < reduction < ceasefire < sustained`` (the cessation
  clock: 90 % below the baseline, 28 and 90 attack-free days);
* verifiable withdrawal: ``none < begun < substantial < complete`` (a lasting 1 %
  reduction of the occupied area, the pre-invasion line, the 1991 borders);
* respect for sovereignty and denial of narratives: ``none < begun < substantial <
  complete`` over their provisions and narratives.

A period without the evidence a ladder reads is missing, never ``none``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from progress_indicators.model import Indicator

if TYPE_CHECKING:
    from progress_indicators.model import LevelLadder, ScorecardConfig, WithdrawalLadder

__all__ = ["CESSATION_LADDER", "MILESTONE_LADDER", "milestones"]

CESSATION_LADDER = ("none", "reduction", "ceasefire", "sustained")
"""The cessation ladder, lowest first."""
MILESTONE_LADDER = ("none", "begun", "substantial", "complete")
"""The ladder of withdrawal, sovereignty and narratives, lowest first."""


def _on_last_covered_day(daily: pd.Series, periods: pd.PeriodIndex) -> pd.Series:
    """The value on the last day of each period that has one (NaN where none)."""
    if daily.empty or len(periods) == 0:
        return pd.Series(np.nan, index=periods, dtype=object)
    present = daily.dropna()
    owner = pd.DatetimeIndex(present.index).to_period(periods.freqstr)
    last = present.groupby(owner).last()
    return last.reindex(periods)


def _cessation(clock: pd.DataFrame, periods: pd.PeriodIndex) -> pd.Series:
    if clock.empty:
        return pd.Series(np.nan, index=periods, dtype=object)
    level = np.select(
        [
            clock["sustained"].to_numpy(bool),
            clock["cessation"].to_numpy(bool),
            clock["reduction"].to_numpy(bool),
        ],
        ["sustained", "ceasefire", "reduction"],
        default="none",
    )
    state = pd.Series(
        level,
        index=pd.DatetimeIndex(
            clock.index.to_timestamp() if isinstance(clock.index, pd.PeriodIndex) else clock.index
        ),
        dtype=object,
    )
    state = state.where(clock["covered"].to_numpy(bool))
    return _on_last_covered_day(state, periods)


def _withdrawal(
    area: pd.Series | None, ladder: WithdrawalLadder, periods: pd.PeriodIndex
) -> pd.Series:
    if area is None or area.dropna().empty:
        return pd.Series(np.nan, index=periods, dtype=object)
    values = area.astype("float64")
    peak = values.rolling(ladder.window_days + 1, min_periods=1).max()
    below = (values <= (1 - ladder.begun_share) * peak).astype("float64").where(values.notna())
    lasting = below.rolling(ladder.lasting_days, min_periods=ladder.lasting_days).sum()
    begun = (lasting >= ladder.lasting_days).to_numpy(bool)
    level = np.select(
        [
            (values <= ladder.complete_km2).to_numpy(bool),
            (values <= ladder.substantial_km2).to_numpy(bool),
            begun,
        ],
        ["complete", "substantial", "begun"],
        default="none",
    )
    state = pd.Series(level, index=values.index, dtype=object).where(values.notna())
    return _on_last_covered_day(state, periods)


def _levels(
    scores: pd.DataFrame,
    indicator_score: pd.Series,
    weights: pd.Series,
    ladder: LevelLadder,
) -> pd.Series:
    if scores.empty or weights.empty:
        return pd.Series(np.nan, index=indicator_score.index, dtype=object)
    values = scores[weights.index].to_numpy(dtype="float64")
    w = weights.to_numpy(dtype="float64")
    complete = (values >= 100.0 - 1e-9).all(axis=1)
    with np.errstate(invalid="ignore"):
        share = ((values >= ladder.substantial_score - 1e-9) * w).sum(axis=1) / w.sum()
        begun = (values >= ladder.begun_score - 1e-9).any(axis=1)
    level = np.select(
        [complete, share >= ladder.substantial_weight_share - 1e-12, begun],
        ["complete", "substantial", "begun"],
        default="none",
    )
    state = pd.Series(level, index=scores.index, dtype=object)
    return state.where(indicator_score.notna())


def milestones(
    *,
    periods: pd.PeriodIndex,
    clock: pd.DataFrame,
    occupied: pd.Series | None,
    metric_scores: pd.DataFrame,
    indicators: pd.DataFrame,
    config: ScorecardConfig,
) -> pd.DataFrame:
    """The milestone reached in each period, per indicator.

    Args:
        periods: the scored periods.
        clock: the cessation clock per day (see :func:`cessation_clock`).
        occupied: the verified daily value of ``config.milestones.withdrawal.metric``
            (NaN where not covered), or None.
        metric_scores: period x metric scores of the track.
        indicators: period x indicator scores of the track.
        config: the settings.

    Returns:
        Period x indicator; each column an ordered categorical (its ladder), missing
        where the ladder's evidence is missing.
    """
    settings = config.milestones
    columns: dict[str, pd.Series] = {
        Indicator.CESSATION_OF_ATTACKS.value: _cessation(clock, periods),
        Indicator.VERIFIED_WITHDRAWAL.value: _withdrawal(occupied, settings.withdrawal, periods),
    }
    for indicator, ladder in (
        (Indicator.SOVEREIGNTY_RESPECT, settings.sovereignty),
        (Indicator.NARRATIVE_DENIAL, settings.narratives),
    ):
        specs = [m for m in config.metrics if m.indicator is indicator and m.weight > 0]
        weights = pd.Series({m.name: m.weight for m in specs}, dtype="float64")
        columns[indicator.value] = _levels(
            metric_scores.reindex(periods),
            indicators[indicator.value].reindex(periods),
            weights,
            ladder,
        )
    out = pd.DataFrame(index=periods)
    for indicator in Indicator:
        ladder_names = (
            CESSATION_LADDER if indicator is Indicator.CESSATION_OF_ATTACKS else MILESTONE_LADDER
        )
        out[indicator.value] = pd.Categorical(
            columns[indicator.value].reindex(periods).to_numpy(dtype=object),
            categories=list(ladder_names),
            ordered=True,
        )
    return out.rename_axis(columns="indicator")
