"""Float extremes in validated settings (#16, class 6).

``geometric_offset=1e20`` gave a VPI of 100, four weights of 1e308 gave NaN everywhere,
weights of 5e-324 changed the index, and a negative seed passed validation and failed
in numpy later. The settings are bounded in ``model/_config.py`` and the weights are
scaled by a power of two in ``scoring._aggregate.resolve_weights``; the properties the
bounds protect are proved with hypothesis.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import progress_indicators as pi
from progress_indicators.exceptions import ConfigError
from progress_indicators.model._config import MAX_OFFSET, WEIGHT_RANGE
from progress_indicators.scoring import aggregate
from tests._warnings import score

INDICATORS = [i.value for i in pi.Indicator]


@pytest.fixture(scope="module")
def example() -> pd.DataFrame:
    observations, _ = pi.datasets.load_example()
    return observations


def _index(observations: pd.DataFrame, **settings: object) -> pd.Series:
    config = {"uncertainty": {"draws": 0}, **settings}
    return score(observations, config=config).index  # warnings checked against the card


@pytest.mark.parametrize("offset", [1e20, 1e16, 101.0, math.inf, math.nan, 0.0, -1.0])
def test_out_of_range_geometric_offsets_are_refused(offset: float) -> None:
    """An offset past one score scale (or not positive and finite) is a ConfigError."""
    with pytest.raises(ConfigError, match=r"geometric_offset"):
        pi.ScorecardConfig.from_mapping({"geometric_offset": offset})


@pytest.mark.parametrize("weight", [1e308, 1e13, 5e-324, 1e-13])
def test_extreme_indicator_weights_are_refused(weight: float) -> None:
    """Weights outside 1e-12..1e12 (or 0) are refused with the range in the message."""
    with pytest.raises(ConfigError, match=r"must be 0 or between 1e-12 and 1e\+12"):
        pi.ScorecardConfig.from_mapping({"indicator_weights": dict.fromkeys(INDICATORS, weight)})


@pytest.mark.parametrize("seed", [-1, -(2**70)])
def test_a_negative_seed_is_refused_at_validation(seed: int) -> None:
    """Numpy refused a negative seed only when the bands were drawn; now the config does."""
    with pytest.raises(ConfigError, match=r"uncertainty\.seed"):
        pi.ScorecardConfig.from_mapping({"uncertainty": {"seed": seed}})


@pytest.mark.parametrize(
    "setting",
    [
        {"uncertainty": {"concentration": 1e308}},
        {"sustainment": {"cessation_days": 10**12}},
        {"sustainment": {"sustained_days": 10**9}},
        {"start": 20250101},
        {"end": "2025"},
        {"start": 1_735_689_600},
    ],
    ids=repr,
)
def test_other_unbounded_settings_are_refused(setting: dict[str, object]) -> None:
    """Huge concentrations and clock windows, and numbers as dates (Unix times), are refused."""
    with pytest.raises(ConfigError):
        pi.ScorecardConfig.from_mapping(setting)


@settings(max_examples=12, deadline=None)
@given(st.floats(min_value=WEIGHT_RANGE[0], max_value=WEIGHT_RANGE[1], allow_subnormal=False))
def test_equal_weights_at_any_allowed_scale_give_the_same_index(
    example: pd.DataFrame, weight: float
) -> None:
    """Weights are relative: four equal weights of any allowed size score like weights of 1."""
    reference = _index(example)
    scaled = _index(example, indicator_weights=dict.fromkeys(INDICATORS, weight))
    pd.testing.assert_series_equal(scaled, reference, rtol=1e-12, atol=1e-9)


@settings(deadline=None)  # timing on a shared machine is no part of the property
@given(
    st.floats(min_value=5e-324, max_value=1.7e308, allow_subnormal=True),
    st.lists(st.floats(min_value=0, max_value=100), min_size=2, max_size=6),
)
def test_aggregate_is_scale_free_in_its_weights_down_to_subnormals(
    weight: float, values: list[float]
) -> None:
    """``aggregate`` with equal weights w (5e-324 .. 1.7e308) equals equal weights of 1."""
    frame = pd.DataFrame([values], columns=[f"c{i}" for i in range(len(values))])
    for method in ("arithmetic", "geometric"):
        offset = 1.0 if method == "geometric" else None
        ones = aggregate(frame, method=method, offset=offset).scores.iloc[0]
        scaled = aggregate(
            frame, weights=[weight] * len(values), method=method, offset=offset
        ).scores.iloc[0]
        assert math.isfinite(scaled)
        assert scaled == pytest.approx(ones, rel=1e-12, abs=1e-12)


@settings(deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=8),
    st.floats(min_value=1e-6, max_value=MAX_OFFSET),
    st.data(),
)
def test_a_shifted_geometric_mean_never_exceeds_the_arithmetic_mean(
    values: list[float], offset: float, data: st.DataObject
) -> None:
    """AM-GM survives the shift for every allowed offset: geometric <= arithmetic."""
    weights = data.draw(
        st.lists(
            st.floats(min_value=WEIGHT_RANGE[0], max_value=WEIGHT_RANGE[1]),
            min_size=len(values),
            max_size=len(values),
        )
    )
    frame = pd.DataFrame([values], columns=[f"c{i}" for i in range(len(values))])
    geometric = aggregate(frame, weights=weights, method="geometric", offset=offset)
    arithmetic = aggregate(frame, weights=weights, method="arithmetic")
    shifted = float(geometric.scores.iloc[0])
    mean = float(arithmetic.scores.iloc[0])
    assert shifted <= mean + 1e-9 * max(1.0, abs(mean))
    assert shifted >= min(values) - 1e-9


def test_the_issue_cases_score_as_expected(example: pd.DataFrame) -> None:
    """The three cases of the issue, at the edge of the new bounds, stay sane."""
    reference = _index(example).to_numpy()
    largest = _index(example, indicator_weights=dict.fromkeys(INDICATORS, WEIGHT_RANGE[1]))
    smallest = _index(example, indicator_weights=dict.fromkeys(INDICATORS, WEIGHT_RANGE[0]))
    np.testing.assert_allclose(largest.to_numpy(), reference, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(smallest.to_numpy(), reference, rtol=1e-12, equal_nan=True)
    widest = _index(example, geometric_offset=MAX_OFFSET).dropna()
    arithmetic = _index(example, aggregation="arithmetic").reindex(widest.index)
    assert (widest <= arithmetic + 1e-9).all()
    assert (widest < 100).all()
