"""The bundled example loads, validates in full and carries its attribution."""

from __future__ import annotations

import pandas as pd

import progress_indicators as pi
from progress_indicators.validation import validate_humanitarian, validate_observations
from tests._warnings import SINGLE, score


def test_example_validates_without_rejects() -> None:
    """Every bundled row passes validation: the example needs no quarantine."""
    observations, humanitarian = pi.datasets.load_example()
    assert validate_observations(observations).accounting["rejected"] == 0
    assert validate_humanitarian(humanitarian).accounting["rejected"] == 0


def test_example_keeps_the_ledger_apart_and_scores_every_indicator() -> None:
    """The example scores all four indicators somewhere and has the 23 May 2025 exchange."""
    observations, humanitarian = pi.datasets.load_example()
    card = score(observations, expect=SINGLE, humanitarian=humanitarian)
    assert card.indicators.notna().any().all()
    day = humanitarian[humanitarian["date"] == "2025-05-23"]
    assert day["returned_to_ukraine"].tolist() == [390]
    assert card.index.notna().sum() > 0
    assert card.index.isna().sum() > 0  # periods without coverage are shown as missing


def test_each_call_returns_new_frames() -> None:
    """Mutating a loaded frame does not leak into the next load."""
    first, _ = pi.datasets.load_example()
    first.loc[0, "value"] = -1
    second, _ = pi.datasets.load_example()
    assert not second["value"].eq(-1).any()
    assert isinstance(second, pd.DataFrame)


def test_attribution_names_sources_and_licences() -> None:
    """SOURCES.md names OHCHR, DeepStateMap and the OSCE SMM, and speaks of licences."""
    text = pi.datasets.attribution()
    for name in ("OHCHR", "DeepStateMap", "OSCE"):
        assert name in text
    assert "icen" in text  # licence / license
