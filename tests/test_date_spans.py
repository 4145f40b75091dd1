"""Month and year dates become spans in the observation table; the ledger refuses them.

Issue #18: ``"2025-05"`` was read as 1 May, so a monthly count landed in one week at
weekly frequency. A date of month (``YYYY-MM``) or year (``YYYY``) precision now names
its whole period (``date`` = first day, ``end_date`` = last day); the ledger, which has
one date per event, rejects it as ``imprecise_date``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from progress_indicators.sources import load_source
from progress_indicators.validation import (
    date_precision,
    validate_humanitarian,
    validate_observations,
)
from tests._factories import obs

if TYPE_CHECKING:
    from pathlib import Path


def _spans(*rows: dict[str, object]) -> list[tuple[str, str | None]]:
    table = validate_observations(pd.DataFrame(list(rows))).table
    return [
        (d.date().isoformat(), None if pd.isna(e) else e.date().isoformat())
        for d, e in zip(table["date"], table["end_date"], strict=True)
    ]


def test_month_and_year_dates_become_their_whole_period() -> None:
    """A month is its first to last day (leap February too); a year is 1 Jan-31 Dec."""
    assert _spans(
        obs("may", "civilians_killed", "2025-05", 183),
        obs("feb", "civilians_killed", "2024-02", 100),
        obs("year", "civilians_killed", "2023", 1974),
        obs("day", "civilians_killed", "2025-05-04", 3),
    ) == [
        ("2025-05-01", "2025-05-31"),
        ("2024-02-01", "2024-02-29"),
        ("2023-01-01", "2023-12-31"),
        ("2025-05-04", None),
    ]


def test_an_end_date_of_month_precision_ends_on_the_months_last_day() -> None:
    """``end_date = "2025-07"`` means through 31 July; a day end_date is kept as given."""
    assert _spans(
        obs("q", "civilians_killed", "2025-05", 500, end_date="2025-07"),
        obs("d", "civilians_killed", "2025-05", 50, end_date="2025-05-15"),
    ) == [("2025-05-01", "2025-07-31"), ("2025-05-01", "2025-05-15")]


def test_a_month_next_to_junk_dates_is_still_a_span() -> None:
    """Junk text (``yesterday``, ``abcd-05``) beside a month is an unparseable date.

    The month row spans May 2025; the two junk rows are rejected, nothing raises.
    """
    rows = [
        obs("may", "civilians_killed", "2025-05", 183),
        obs("junk", "civilians_killed", "yesterday", 1),
        obs("junk-end", "civilians_killed", "2025-05-02", 1, end_date="abcd-05"),
    ]
    result = validate_observations(pd.DataFrame(rows), on_invalid="quarantine")
    assert result.table["observation_id"].tolist() == ["may"]
    assert result.table["end_date"].dt.date.astype(str).tolist() == ["2025-05-31"]
    assert result.rejected[["row", "column", "reason"]].to_numpy().tolist() == [
        [1, "date", "unparseable_date"],
        [2, "end_date", "unparseable_date"],
    ]


@settings(deadline=None)  # validation of one row: no speed goal here (timed under load)
@given(st.integers(1700, 2200), st.integers(1, 12))
def test_every_month_spans_exactly_its_calendar_days(year: int, month: int) -> None:
    """For any month, the span starts on day 1 and lasts the calendar's number of days."""
    ((start, end),) = _spans(obs("m", "civilians_killed", f"{year:04d}-{month:02d}", 1))
    assert end is not None
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    assert first == dt.date(year, month, 1)
    assert (last - first).days + 1 == calendar.monthrange(year, month)[1]


def test_date_precision_reads_only_text_as_imprecise() -> None:
    """Datetime values and full dates are days; only YYYY-MM and YYYY text are not."""
    assert date_precision(pd.Series([" 2025-05 ", "2025", "2025-05-01", None])).tolist() == [
        "month",
        "year",
        "day",
        "day",
    ]
    stamps = pd.Series(pd.to_datetime(["2025-05-01"]))
    assert date_precision(stamps).tolist() == ["day"]


def test_the_ledger_refuses_a_month_where_a_day_is_due() -> None:
    """A ledger event dated ``2022-06`` is rejected (``imprecise_date``), never 1 June."""
    ledger = pd.DataFrame(
        {
            "event_id": ["a", "b"],
            "date": ["2022-06", "2022-09-21"],
            "kind": ["pow_exchange", "pow_exchange"],
            "returned_to_ukraine": [144, 215],
            "returned_to_russia": [None, 56],
            "source": ["s", "s"],
            "verification": ["reported", "reported"],
        }
    )
    result = validate_humanitarian(ledger, on_invalid="quarantine")
    assert result.table["event_id"].tolist() == ["b"]
    assert result.rejected[["row", "column", "reason"]].to_numpy().tolist() == [
        [0, "date", "imprecise_date"]
    ]


def test_real_monthly_casualties_read_as_month_spans(shared_data: Path) -> None:
    """OHCHR's monthly figures (``month`` = YYYY-MM) load as spans covering each month."""
    path = shared_data / "facts" / "civilian_casualties_monthly.csv"
    evidence = load_source(
        "table",
        path=path,
        columns={"date": "month", "value": "civilians_killed", "source_record": "source"},
        indicator="cessation_of_attacks",
        metric="civilians_killed",
        unit="persons",
        source="OHCHR HRMMU",
        verification="verified",
        reliability="A",
        credibility=2,
    ).read()
    table = evidence.observations
    months = pd.read_csv(path, dtype=str)["month"]
    assert len(table) == len(months)
    assert (table["date"].dt.day == 1).all()
    assert (table["end_date"] == table["date"] + pd.offsets.MonthEnd(0)).all()
    assert table["date"].dt.strftime("%Y-%m").tolist() == months.tolist()
