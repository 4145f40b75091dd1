"""The humanitarian ledger: gestures counted per period, kept apart from the index.

Scoring never imports this module. The only place the ledger meets the index is the
:class:`~progress_indicators.Scorecard`, where the two stand side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from progress_indicators.model import Frequency

__all__ = ["LEDGER_COLUMNS", "ledger_periods"]

LEDGER_COLUMNS = (
    "events",
    "returned_to_ukraine",
    "returned_to_russia",
    "events_with_unknown_counts",
)


def ledger_periods(events: pd.DataFrame, frequency: Frequency) -> pd.DataFrame:
    """Count humanitarian events and persons returned per period.

    Periods run from the first to the last event, every period present (0 events where
    none happened). A sum of persons is NaN when no event in the period reported that
    side's count; ``events_with_unknown_counts`` says how many events lacked a count
    for either side, so a partial sum is never mistaken for a complete one.

    Args:
        events: a validated humanitarian table.
        frequency: period length.

    Returns:
        One row per period (index ``period``) with the columns of ``LEDGER_COLUMNS``.
    """
    if events.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="float64") for c in LEDGER_COLUMNS},
            index=pd.PeriodIndex([], freq=frequency.pandas_freq, name="period"),
        )
    period = pd.DatetimeIndex(events["date"]).to_period(frequency.pandas_freq)
    unknown = events["returned_to_ukraine"].isna() | events["returned_to_russia"].isna()
    frame = pd.DataFrame(
        {
            "period": period,
            "events": 1,
            "returned_to_ukraine": events["returned_to_ukraine"].astype("float64").to_numpy(),
            "returned_to_russia": events["returned_to_russia"].astype("float64").to_numpy(),
            "events_with_unknown_counts": unknown.astype("int64").to_numpy(),
        }
    )
    grouped = frame.groupby("period", sort=True)
    table = pd.DataFrame(
        {
            "events": grouped["events"].sum(),
            "returned_to_ukraine": grouped["returned_to_ukraine"].sum(min_count=1),
            "returned_to_russia": grouped["returned_to_russia"].sum(min_count=1),
            "events_with_unknown_counts": grouped["events_with_unknown_counts"].sum(),
        }
    )
    full = pd.period_range(table.index.min(), table.index.max(), name="period")
    table = table.reindex(full)
    table[["events", "events_with_unknown_counts"]] = (
        table[["events", "events_with_unknown_counts"]].fillna(0).astype("int64")
    )
    return table


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports  # noqa: E402

check_exports(globals())
