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
    "trailing_28d_share",
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
    daily: pd.DataFrame, *, baselines: pd.Series, settings: SustainmentSettings
) -> pd.DataFrame:
    """Days since the last verified attack and the DOMAIN.md thresholds, per day.

    Args:
        daily: day x attack metric, the verified amount per day (NaN where no source
            covered the metric that day). A covered day on which any covered metric is
            above 0 is a day with an attack. A day no metric covers is not a day without
            attacks: it breaks the run of attack-free days, and the clock restarts after it.
        baselines: the worst goalpost (amount per day) of each metric, for "reduction".
        settings: the thresholds.

    Returns:
        One row per day: ``attacks`` (sum of the covered metrics' amounts; only whether
        it is 0 matters, the units differ), ``covered``, ``days_without_attack``
        (consecutive covered days without an attack up to and including the day; NaN on
        uncovered days), ``trailing_28d_share`` (the highest ratio, over the metrics
        covered on all of the last 28 days, of their 28-day mean to their baseline),
        ``reduction`` (that ratio at most ``1 - reduction_share``), ``cessation`` and
        ``sustained`` (attack-free runs of at least ``cessation_days`` /
        ``sustained_days``).
    """
    values = daily.astype("float64")
    covered = values.notna().any(axis=1)
    attacks = values.sum(axis=1, min_count=1)
    quiet = covered & (attacks == 0)
    # run length of consecutive quiet days: restart the count at every non-quiet day
    breaks = (~quiet).cumsum()
    run = quiet.astype("int64").groupby(breaks.to_numpy()).cumsum()
    days = run.astype("float64").where(covered)
    trailing = values.rolling(28, min_periods=28).mean()
    base = baselines.reindex(values.columns).astype("float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        share = trailing.div(base.where(base > 0), axis=1)
    worst_share = share.max(axis=1, skipna=True)
    # 1 - 0.9 is 0.09999999999999998 in floating point: a share exactly at the threshold
    # (90 % below) must count, so the comparison allows for that rounding
    with np.errstate(invalid="ignore"):
        reduction = worst_share <= (1 - settings.reduction_share) + 1e-12
    return pd.DataFrame(
        {
            "attacks": attacks,
            "covered": covered,
            "days_without_attack": days,
            "trailing_28d_share": worst_share,
            "reduction": reduction & worst_share.notna(),
            "cessation": days >= settings.cessation_days,
            "sustained": days >= settings.sustained_days,
        },
        index=daily.index,
    )
