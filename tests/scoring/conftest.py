"""Shared fixtures of the scoring tests: where COINr's reference numbers live."""

from __future__ import annotations

import pandas as pd
import pytest

from progress_indicators.scoring import Hierarchy
from tests.scoring.scoring_reference import ASEM_DIR


def _asem_or_skip() -> tuple[pd.DataFrame, pd.DataFrame]:
    if not (ASEM_DIR / "input_iMeta.csv").is_file():
        pytest.skip(f"COINr ASEM reference data not found at {ASEM_DIR.resolve()}")
    meta = pd.read_csv(ASEM_DIR / "input_iMeta.csv")
    data = pd.read_csv(ASEM_DIR / "input_iData.csv").set_index("uCode").sort_index()
    return meta, data


@pytest.fixture(scope="session")
def asem_meta() -> pd.DataFrame:
    """COINr's ASEM metadata rows for indicators and aggregates."""
    meta, _ = _asem_or_skip()
    return meta[meta["Type"].isin(["Indicator", "Aggregate"])].reset_index(drop=True)


@pytest.fixture(scope="session")
def asem_data() -> pd.DataFrame:
    """COINr's ASEM data, one row per country sorted by uCode (COINr's convention 1)."""
    return _asem_or_skip()[1]


@pytest.fixture(scope="session")
def asem_hierarchy(asem_meta: pd.DataFrame) -> Hierarchy:
    """The 4-level ASEM hierarchy loaded through Hierarchy.from_frame."""
    return Hierarchy.from_frame(
        asem_meta,
        code="iCode",
        parent="Parent",
        level="Level",
        weight="Weight",
        direction="Direction",
    )
