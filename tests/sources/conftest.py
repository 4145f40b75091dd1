"""Fixture files per registered source, and a clean registry for each test."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from progress_indicators.sources import refresh_sources

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

FIXTURES = Path(__file__).resolve().parent / "fixtures"

SOURCE_OPTIONS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "humanitarian": lambda d: {"path": d / "humanitarian" / "ledger.csv"},
    "manual": lambda d: {"path": d / "manual" / "evidence.yaml"},
    "osce_smm": lambda d: {"path": d / "osce_smm" / "smm_minsk_compiled.csv"},
    "table": lambda d: {
        "path": d / "table" / "analyst_sheet.csv",
        "columns": {
            "date": "day",
            "region": "oblast",
            "value": "strikes",
            "verification": "checked",
        },
        "indicator": "cessation_of_attacks",
        "metric": "attack_events",
        "unit": "events",
        "source": "analyst sheet",
        "reliability": "B",
        "credibility": 3,
    },
    "un_hrmmu": lambda d: {"path": d / "un_hrmmu" / "statements.csv"},
    "acled": lambda d: {"path": d / "acled" / "acled_fictional.csv"},
    "deepstatemap": lambda d: {"path": d / "deepstatemap" / "archive"},
    "euvsdisinfo": lambda d: {"path": d / "euvsdisinfo" / "cases_fictional.csv"},
    "ucdp_ged": lambda d: {"path": d / "ucdp_ged" / "ged_fictional.csv"},
    "viina": lambda d: {"path": d / "viina" / "event_1pd_fictional.csv"},
}
"""How to build each registered source on its fixture (the lead wires the adapters')."""

PLUGIN_INSTALL = "pip install -e examples/plugin"


def options_for(name: str) -> dict[str, Any]:
    """The options that build source ``name`` on its fixture, or fail saying what is missing."""
    if name not in SOURCE_OPTIONS:
        pytest.fail(
            f"registered source {name!r} has no fixture in tests/sources/conftest.py "
            f"SOURCE_OPTIONS: add its fixture under tests/sources/fixtures/{name}/ and an "
            "entry building it, so that check_source runs on it."
        )
    return SOURCE_OPTIONS[name](FIXTURES)


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    """Each test discovers entry points afresh (tests add temporary distributions)."""
    refresh_sources()
    yield
    refresh_sources()
