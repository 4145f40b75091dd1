"""Fixtures of the evidence-store tests.

Without duckdb (the backends extra) every test here is skipped, or fails where
``PROGRESS_INDICATORS_REQUIRE_ALL`` is set, as in CI (``tests/_optional.py``). The check
is a fixture, not a module-level skip: a conftest named on the command line
(``pytest tests/store/test_store.py``) cannot skip at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.model import DEFAULT_METRICS
from tests import _optional
from tests._factories import event, obs, table

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(autouse=True)
def requires_duckdb() -> None:
    """Every store test needs duckdb: skip without it, fail where all are required."""
    _optional.module("duckdb", _optional.BACKENDS_INSTALL)


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
