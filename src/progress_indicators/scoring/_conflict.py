"""Conflict-specific scoring: caps on the index and the cessation clock.

Composite-indicator tools have neither: a cap keeps rhetoric from masking a stalled
withdrawal ("index at most 40 while verified withdrawal is below 20"), and the cessation
clock reports what monitors look for apart from any score: days since the last verified
attack, and the reduction / cessation / sustained thresholds of DOMAIN.md, reset by one
violation. Pure functions over pandas objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Sequence

    from progress_indicators.model import CapRule, SustainmentSettings

__all__ = ["CLOCK_COLUMNS", "apply_caps", "cessation_clock"]

CLOCK_COLUMNS = (
    "attacks",
    "covered",
    "days_without_attack",
    "trailing_28d_mean",
    "reduction",
    "cessation",
    "sustained",
)


def apply_caps(
    index: pd.Series, indicators: pd.DataFrame, caps: Sequence[CapRule]
) -> tuple[pd.Series, pd.DataFrame]:
    """Cap the index where a rule's indicator is below its level.

    A rule applies only where its indicator has a score: a missing indicator is not
    "below" anything (the index is NaN there anyway under the default data threshold).

    Returns:
        The capped index and one row per (period, rule) that lowered it: ``period``,
        ``rule``, ``indicator``, ``indicator_score``, ``cap``, ``index_before``,
        ``index_after``.
    """
    capped = index.copy()
    applied = []
    for number, rule in enumerate(caps):
        score = indicators[rule.indicator.value]
        hit = (score < rule.below) & (capped > rule.cap)
        if hit.any():
            applied.append(
                pd.DataFrame(
                    {
                        "period": index.index[hit.to_numpy()],
                        "rule": rule.name or f"cap_{number}",
                        "indicator": rule.indicator.value,
                        "indicator_score": score[hit].to_numpy(),
                        "cap": rule.cap,
                        "index_before": capped[hit].to_numpy(),
                        "index_after": rule.cap,
                    }
                )
            )
            capped = capped.mask(hit, rule.cap)
    columns = ["period", "rule", "indicator", "indicator_score", "cap"]
    columns += ["index_before", "index_after"]
    table = pd.concat(applied, ignore_index=True) if applied else pd.DataFrame(columns=columns)
    return capped, table


def cessation_clock(
    daily_attacks: pd.Series, *, baseline_mean: float, settings: SustainmentSettings
) -> pd.DataFrame:
    """Days since the last verified attack and the DOMAIN.md thresholds, per day.

    Args:
        daily_attacks: verified attacks per day (a daily ``PeriodIndex``); NaN where no
            source covered the day. A day without coverage is not a day without attacks:
            it breaks the run of attack-free days, and the clock restarts after it.
        baseline_mean: mean attacks per day in the baseline window (for "reduction").
        settings: the thresholds.

    Returns:
        One row per day: ``attacks``, ``covered``, ``days_without_attack`` (consecutive
        covered days with zero attacks up to and including the day; NaN on uncovered
        days), ``trailing_28d_mean`` (NaN unless all 28 days are covered),
        ``reduction`` (trailing mean at least ``reduction_share`` below the baseline),
        ``cessation`` and ``sustained`` (attack-free runs of at least
        ``cessation_days`` / ``sustained_days``).
    """
    attacks = daily_attacks.astype("float64")
    covered = attacks.notna()
    quiet = covered & (attacks == 0)
    # run length of consecutive quiet days: restart the count at every non-quiet day
    breaks = (~quiet).cumsum()
    run = quiet.astype("int64").groupby(breaks.to_numpy()).cumsum()
    days = run.astype("float64").where(covered)
    trailing = attacks.rolling(28, min_periods=28).mean()
    with np.errstate(invalid="ignore"):
        reduction = trailing <= baseline_mean * (1 - settings.reduction_share)
    return pd.DataFrame(
        {
            "attacks": attacks,
            "covered": covered,
            "days_without_attack": days,
            "trailing_28d_mean": trailing,
            "reduction": reduction & trailing.notna() & np.isfinite(baseline_mean),
            "cessation": days >= settings.cessation_days,
            "sustained": days >= settings.sustained_days,
        },
        index=daily_attacks.index,
    )
