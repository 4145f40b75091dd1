"""Small builders of valid tables for tests (typed, no hypothesis)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from progress_indicators.model import DEFAULT_METRICS

UNITS = {m.name: m.unit for m in DEFAULT_METRICS}
INDICATOR_OF = {m.name: m.indicator.value for m in DEFAULT_METRICS}


def obs(
    observation_id: str,
    metric: str,
    date: str,
    value: float,
    *,
    verification: str = "verified",
    end_date: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One observation row of a default metric, graded A/1 unless told otherwise."""
    row: dict[str, Any] = {
        "observation_id": observation_id,
        "indicator": INDICATOR_OF[metric],
        "metric": metric,
        "date": date,
        "end_date": end_date,
        "value": value,
        "unit": UNITS[metric],
        "source": "test monitor",
        "verification": verification,
        "reliability": "A",
        "credibility": 1,
    }
    row.update(extra)
    return row


def table(*rows: dict[str, Any]) -> pd.DataFrame:
    """A DataFrame of observation rows."""
    return pd.DataFrame(list(rows))


def event(
    event_id: str, date: str, kind: str = "pow_exchange", n: int | None = 100
) -> dict[str, Any]:
    """One humanitarian ledger row."""
    return {
        "event_id": event_id,
        "date": date,
        "kind": kind,
        "returned_to_ukraine": n,
        "returned_to_russia": n,
        "mediator": "UAE",
        "source": "test report",
        "verification": "corroborated",
        "notes": None,
    }


def month(text: str) -> Any:
    """A monthly period as an index key.

    Typed ``Any`` because pandas-stubs does not accept ``Period`` as a ``.loc`` key.
    """
    return pd.Period(text, "M")
