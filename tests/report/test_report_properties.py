"""Invariants of the report helpers, checked on generated inputs (hypothesis)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progress_indicators.report import FORMULA_PREFIXES, neutralise_formulas, window_periods


@pytest.mark.slow
@given(st.lists(st.text(max_size=12), min_size=1, max_size=20))
def test_no_neutralised_cell_can_start_a_formula(cells: list[str]) -> None:
    """After neutralising, no text cell starts with = + - @ tab or CR, and nothing is lost."""
    out = neutralise_formulas(pd.DataFrame({"text": cells}))["text"].tolist()
    for before, after in zip(cells, out, strict=True):
        assert not str(after).startswith(FORMULA_PREFIXES)
        assert after in {before, "'" + before}
        assert (after != before) == before.startswith(FORMULA_PREFIXES)


@settings(max_examples=50)
@given(st.integers(min_value=1, max_value=400), st.sampled_from(["daily", "weekly", "monthly"]))
def test_a_window_covers_at_least_its_duration(days: int, frequency: str) -> None:
    """Whole periods covering a window span at least its days, and one period less does not."""
    nominal = {"daily": 1.0, "weekly": 7.0, "monthly": 30.4375}[frequency]
    n = window_periods(f"{days}D", frequency)
    assert n * nominal >= days - 1e-9
    assert (n - 1) * nominal < days
    assert n >= 1
