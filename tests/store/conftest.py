"""Fixtures of the evidence-store tests (they fail, never skip, without duckdb)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import pytest

from progress_indicators.model import DEFAULT_METRICS
from tests._factories import event, obs, table

try:
    import duckdb  # noqa: F401
except ImportError:  # pragma: no cover - only without the backends extra
    pytest.fail("duckdb missing: pip install -e '.[test,backends]'", pytrace=False)

import progress_indicators as pi

if TYPE_CHECKING:
    from pathlib import Path


def quarter() -> pd.DataFrame:
    """One verified observation per indicator in Jan 2023 plus 2022 baselines."""
    return table(
        obs("civ-base", "civilians_killed", "2022-03-01", 999, end_date="2022-03-31"),
        obs("civ-jan", "civilians_killed", "2023-01-01", 99, end_date="2023-01-31"),
        obs("area-base", "occupied_area_km2", "2022-06-01", 100_000),
        obs("area-jan", "occupied_area_km2", "2023-01-31", 75_000),
        obs("prov-a", "provision_annexation", "2022-12-01", 0),
        obs("prov-b", "provision_recognition", "2022-12-01", 3),
        obs("narr", "narrative_nazi", "2023-01-10", 2, region="Moscow", notes='say "x"'),
    )


QUARTER_METRICS = tuple(
    m
    for m in DEFAULT_METRICS
    if m.name
    in {
        "civilians_killed",
        "occupied_area_km2",
        "provision_annexation",
        "provision_recognition",
        "narrative_nazi",
    }
)
"""The metrics :func:`quarter` covers: each indicator's coverage rests on them alone."""


def ledger() -> pd.DataFrame:
    """Two humanitarian events."""
    return pd.DataFrame([event("ex-1", "2023-01-05"), event("ex-2", "2023-02-07", n=None)])


@pytest.fixture
def store(tmp_path: Path) -> pi.EvidenceStore:
    """A new, empty evidence store in a temporary folder."""
    return pi.EvidenceStore(tmp_path / "evidence.duckdb")
