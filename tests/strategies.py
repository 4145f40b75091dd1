"""Hypothesis strategies for valid observation and humanitarian tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from hypothesis import strategies as st

from progress_indicators.model import (
    DEFAULT_METRICS,
    HUMANITARIAN_OPTIONAL,
    HUMANITARIAN_REQUIRED,
    OBSERVATION_REQUIRED,
    HumanitarianKind,
)

FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2023, 6, 30)
_RANGES = {
    "count": (0.0, 5_000.0),
    "occupied_area_km2": (0.0, 200_000.0),
}
GRADES = ("claimed", "reported", "corroborated", "verified", "disputed", "refuted")


@st.composite
def observation_rows(draw: st.DrawFn, *, grades: tuple[str, ...] = GRADES) -> dict[str, Any]:
    """One valid observation of a default metric, dated in 2022-01 .. 2023-06."""
    spec = draw(st.sampled_from(DEFAULT_METRICS))
    if spec.kind == "count":
        low, high = _RANGES["count"]
        value = draw(st.floats(low, high, allow_nan=False))
    elif spec.name == "occupied_area_km2":
        low, high = _RANGES["occupied_area_km2"]
        value = draw(st.floats(low, high, allow_nan=False))
    else:
        value = float(draw(st.integers(0, int(spec.maximum or 0))))
    date = draw(st.dates(FIRST_DAY, LAST_DAY))
    end = None
    if spec.kind == "count" and draw(st.booleans()):
        end = date + dt.timedelta(days=draw(st.integers(0, 70)))
    return {
        "indicator": spec.indicator.value,
        "metric": spec.name,
        "date": date.isoformat(),
        "end_date": end.isoformat() if end else None,
        "value": value,
        "unit": spec.unit,
        "source": draw(st.sampled_from(["monitor A", "monitor B", "party C"])),
        "verification": draw(st.sampled_from(grades)),
        "reliability": draw(st.sampled_from("ABCDEF")),
        "credibility": draw(st.integers(1, 6)),
    }


@st.composite
def observation_tables(
    draw: st.DrawFn, *, min_size: int = 1, max_size: int = 40, grades: tuple[str, ...] = GRADES
) -> pd.DataFrame:
    """A valid observation table with unique ids."""
    rows = draw(st.lists(observation_rows(grades=grades), min_size=min_size, max_size=max_size))
    for position, row in enumerate(rows):
        row["observation_id"] = f"obs-{position}"
    columns = ["observation_id", *observation_rows_columns()]
    return pd.DataFrame(rows, columns=columns)


def observation_rows_columns() -> list[str]:
    """Columns produced by :func:`observation_rows` (besides the id): the contract's."""
    return [c for c in (*OBSERVATION_REQUIRED, "end_date") if c != "observation_id"]


@st.composite
def humanitarian_tables(draw: st.DrawFn, *, max_size: int = 30) -> pd.DataFrame:
    """A valid humanitarian ledger of any size, kinds and (possibly unknown) counts."""
    n = draw(st.integers(0, max_size))
    counts = st.one_of(st.none(), st.integers(0, 1_000_000))
    rows = [
        {
            "event_id": f"event-{i}",
            "date": draw(st.dates(dt.date(2014, 1, 1), dt.date(2026, 12, 31))).isoformat(),
            "kind": draw(st.sampled_from([k.value for k in HumanitarianKind])),
            "returned_to_ukraine": draw(counts),
            "returned_to_russia": draw(counts),
            "mediator": draw(st.sampled_from(["UAE", "Türkiye", None])),
            "source": "report",
            "verification": draw(st.sampled_from(GRADES)),
            "notes": None,
        }
        for i in range(n)
    ]
    return pd.DataFrame(
        rows,
        columns=[*HUMANITARIAN_REQUIRED, *HUMANITARIAN_OPTIONAL[:2]],
    )
