"""growth_rate: COINr's CAGR, with missing values and undefined rates handled."""

from __future__ import annotations

import math

import pytest

from progress_indicators.exceptions import ScoringError
from progress_indicators.scoring import growth_rate


def test_doubling_over_two_years_is_41_percent() -> None:
    """100 -> 200 over two years: sqrt(2) - 1 per year, worked by hand."""
    assert growth_rate([100, 150, 200], [2020, 2021, 2022]) == pytest.approx(math.sqrt(2) - 1)


def test_missing_values_are_skipped_not_zero() -> None:
    """A NaN first value moves the start to the first observed value and its time."""
    rate = growth_rate([math.nan, 100, 121], [2019, 2020, 2022])
    assert rate == pytest.approx(0.1)


def test_undefined_rates_are_nan() -> None:
    """One value, or a start at zero, has no growth rate: NaN, never 0."""
    assert math.isnan(growth_rate([5.0, math.nan], [1, 2]))
    assert math.isnan(growth_rate([0.0, 5.0], [1, 2]))


def test_bad_times_are_library_errors() -> None:
    """Unsorted times or a length mismatch raise ScoringError with a hint."""
    with pytest.raises(ScoringError, match="increase"):
        growth_rate([1.0, 2.0], [2021, 2020])
    with pytest.raises(ScoringError, match="one time per value"):
        growth_rate([1.0, 2.0], [2021])
