"""Scorecards shared by the report tests (built once per session: scoring is not free)."""

from __future__ import annotations

from typing import Any

import pytest

import progress_indicators as pi
from tests._warnings import SINGLE, score
from tests.report._cases import index_card

SCRIPT_NOTE = "<script>window.__pwned=1</script>"
ONERROR_NOTE = '<img src=x onerror="window.__pwned=2">'
FORMULAS = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "=1+2")


def hostile_event(event_id: str, date: str, *, notes: str, mediator: str) -> dict[str, Any]:
    """A ledger row whose free-text fields carry markup or spreadsheet formulas."""
    return {
        "event_id": event_id,
        "date": date,
        "kind": "pow_exchange",
        "returned_to_ukraine": 90,
        "returned_to_russia": None,
        "mediator": mediator,
        "source": f"source of {event_id}",
        "verification": "reported",
        "notes": notes,
    }


@pytest.fixture(scope="session")
def hostile_card() -> pi.Scorecard:
    """Six months, a gap in April, and ledger notes full of markup and formulas."""
    events = [
        hostile_event("ev-script", "2025-02-10", notes=SCRIPT_NOTE, mediator=FORMULAS[0]),
        hostile_event("ev-onerror", "2025-03-10", notes=ONERROR_NOTE, mediator=FORMULAS[1]),
        *(
            hostile_event(f"ev-formula-{i}", "2025-05-10", notes=text, mediator="@UAE")
            for i, text in enumerate(FORMULAS[2:])
        ),
    ]
    return index_card(
        {
            "2025-01": 20.0,
            "2025-02": 25.0,
            "2025-03": 30.0,
            "2025-04": None,
            "2025-05": 40.0,
            "2025-06": 35.0,
        },
        events,
    )


@pytest.fixture(scope="session")
def example_card() -> pi.Scorecard:
    """The bundled example scored with the default settings (withdrawal on one metric)."""
    observations, humanitarian = pi.datasets.load_example()
    return score(observations, expect=SINGLE, humanitarian=humanitarian)
