"""Hand-built scorecards whose scores can be worked out on paper."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from progress_indicators.model import Goalposts, Indicator, MetricSpec, ScorecardConfig
from tests._warnings import EMPTY, SINGLE, score

if TYPE_CHECKING:
    import progress_indicators as pi

LEVEL_METRICS = {
    "cessation_level": Indicator.CESSATION_OF_ATTACKS,
    "withdrawal_level": Indicator.VERIFIED_WITHDRAWAL,
    "sovereignty_level": Indicator.SOVEREIGNTY_RESPECT,
    "narrative_level": Indicator.NARRATIVE_DENIAL,
}


def row(
    observation_id: str,
    metric: str,
    indicator: Indicator,
    date: str,
    value: float,
    *,
    unit: str = "points",
    verification: str = "verified",
    end_date: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One observation row with an explicit metric, indicator and unit."""
    record: dict[str, Any] = {
        "observation_id": observation_id,
        "indicator": indicator.value,
        "metric": metric,
        "date": date,
        "end_date": end_date,
        "value": value,
        "unit": unit,
        "source": "hand monitor",
        "verification": verification,
        "reliability": "A",
        "credibility": 1,
        "source_record": f"record/{observation_id}",
    }
    record.update(extra)
    return record


def level_config(*, start: str, end: str, aggregation: str = "arithmetic") -> ScorecardConfig:
    """One level metric per indicator; the value is the score (goalposts 0 -> 100)."""
    metrics = tuple(
        MetricSpec(
            name=name,
            indicator=indicator,
            unit="points",
            kind="level",
            aggregation="last",
            goalposts=Goalposts(worst=0.0, best=100.0),
            carry_forward_days=0,
            maximum=100.0,
        )
        for name, indicator in LEVEL_METRICS.items()
    )
    return ScorecardConfig(
        metrics=metrics,
        aggregation=aggregation,
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end),
    )


def index_card(
    index_by_month: dict[str, float | None],
    events: list[dict[str, Any]] | None = None,
) -> pi.Scorecard:
    """A monthly scorecard whose VPI is exactly the given value per month.

    All four indicators get the value (arithmetic mean of equal values), observed on the
    15th; ``None`` leaves the month without evidence (NaN index).
    """
    months = sorted(index_by_month)
    rows = [
        row(f"{name}-{month}", name, indicator, f"{month}-15", value)
        for month in months
        if (value := index_by_month[month]) is not None
        for name, indicator in LEVEL_METRICS.items()
    ]
    last = pd.Period(months[-1], "M").end_time.date().isoformat()
    config = level_config(start=f"{months[0]}-01", end=last)
    ledger = pd.DataFrame(events) if events else None
    # one metric per indicator (by design: scores on paper): score() says so; with no
    # month scored it also says the index is empty
    expect = SINGLE if rows else EMPTY
    return score(pd.DataFrame(rows), expect=expect, config=config, humanitarian=ledger)


def with_band(card: pi.Scorecard, band: pd.DataFrame) -> pi.Scorecard:
    """``card`` with a given uncertainty band (``lower``/``upper`` per period)."""
    return attrs.evolve(card, uncertainty=band)
