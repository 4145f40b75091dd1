"""Uncertainty cases written to kill the mutants that survived the first mutmut run.

The expected values come from properties the result must have whatever the draws are
(chunking never changes a result, a band without spread is the nominal score, the
probability of a rise without spread is 0 or 1) and from ``numpy.nanquantile``, which
implements the same linear-interpolation quantile that ``_quantiles`` documents.
"""

from __future__ import annotations

import itertools
import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError
from progress_indicators.scoring import (
    Choice,
    Distribution,
    Hierarchy,
    Pipeline,
    UniformWeights,
    uncertainty,
)
from progress_indicators.scoring import _uncertainty as uncertainty_module


def pipeline_and_data() -> tuple[Pipeline, pd.DataFrame]:
    """Six periods of three indicators that do not move together; rows 3 and 4 are equal."""
    hierarchy = Hierarchy.from_frame(
        pd.DataFrame(
            {
                "code": ["i1", "i2", "i3", "A", "B", "Index"],
                "parent": ["A", "A", "B", "Index", "Index", None],
                "level": [1, 1, 1, 2, 2, 3],
                "weight": [1, 3, 1, 1, 1, 1],
                "direction": [1, -1, 1, 1, 1, 1],
            }
        )
    )
    data = pd.DataFrame(
        {
            "i1": [1.0, 3.0, 2.0, 5.0, 5.0, 6.0],
            "i2": [6.0, 5.0, 6.0, 2.0, 2.0, 1.0],
            "i3": [2.0, 2.0, 5.0, 4.0, 4.0, 7.0],
        },
        index=pd.period_range("2024-01", periods=6, freq="M"),
    )
    pipeline = Pipeline(
        hierarchy=hierarchy, normalisation="minmax", normalisation_params={"lower": 1}
    )
    return pipeline, data


SPREAD: dict[str, Distribution] = {
    "weights": UniformWeights(0.5),
    "aggregation": Choice(["arithmetic", "geometric"]),
}


def test_without_spread_prob_rise_is_the_nominal_direction() -> None:
    pipeline, data = pipeline_and_data()
    result = uncertainty(
        pipeline, data, n_draws=20, params={"aggregation": Choice(["arithmetic"])}, rng=1
    )
    top = result.nominal["Index"].to_numpy()
    # strictly higher than the row before: 1, else 0 (rows 3 and 4 are equal: 0)
    expected = [float(b > a) for a, b in itertools.pairwise(top)]
    assert math.isnan(result.prob_rise.iloc[0])
    assert result.prob_rise.iloc[1:].tolist() == expected
    assert result.prob_rise.iloc[4] == 0.0
    assert result.prob_rise.name == "prob_rise"
    assert list(result.prob_rise.index) == list(data.index)
    np.testing.assert_allclose(result.median.to_numpy(), result.nominal.to_numpy(), rtol=1e-12)


def test_result_carries_its_settings_and_labels() -> None:
    pipeline, data = pipeline_and_data()
    result = uncertainty(pipeline, data, n_draws=30, params=SPREAD, rng=5, quantiles=(0.1, 0.8))
    assert result.n_draws == 30
    assert result.quantiles == (0.1, 0.8)
    for frame in (result.median, result.lower, result.upper):
        assert list(frame.columns) == list(pipeline.hierarchy.column_order)
        assert list(frame.index) == list(data.index)
    lower, median, upper = (f.to_numpy() for f in (result.lower, result.median, result.upper))
    assert (lower <= median + 1e-12).all()
    assert (median <= upper + 1e-12).all()
    # with weights and aggregation drawn, the top score has a real band somewhere
    assert (upper[:, -1] - median[:, -1] > 1e-9).any()
    wide = uncertainty(pipeline, data, n_draws=30, params=SPREAD, rng=5, quantiles=(0.0, 1.0))
    pd.testing.assert_frame_equal(wide.median, result.median)


def test_same_seed_same_bands_other_seed_other_bands() -> None:
    pipeline, data = pipeline_and_data()
    one = uncertainty(pipeline, data, n_draws=40, params=SPREAD, rng=11)
    two = uncertainty(pipeline, data, n_draws=40, params=SPREAD, rng=11)
    other = uncertainty(pipeline, data, n_draws=40, params=SPREAD, rng=12)
    pd.testing.assert_frame_equal(one.upper, two.upper)
    pd.testing.assert_series_equal(one.prob_rise, two.prob_rise)
    assert not one.upper.equals(other.upper)


@pytest.mark.parametrize("cells", [1, 40 * 5 * 2, 40 * 5 * 4])
def test_chunking_rows_changes_nothing(monkeypatch: pytest.MonkeyPatch, cells: int) -> None:
    # 40 draws x 5 elements: chunks of 1, 2 and 4 rows (6 rows: the last chunk is short)
    pipeline, data = pipeline_and_data()
    whole = uncertainty(pipeline, data, n_draws=40, params=SPREAD, rng=3)
    monkeypatch.setattr(uncertainty_module, "_CHUNK_CELLS", cells)
    chunked = uncertainty(pipeline, data, n_draws=40, params=SPREAD, rng=3)
    for name in ("median", "lower", "upper"):
        pd.testing.assert_frame_equal(getattr(chunked, name), getattr(whole, name))
    pd.testing.assert_series_equal(chunked.prob_rise, whole.prob_rise)


def test_copeland_is_never_chunked(monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline, data = pipeline_and_data()
    params: dict[str, Distribution] = {"aggregation": Choice(["copeland", "arithmetic"])}
    whole = uncertainty(pipeline, data, n_draws=10, params=params, rng=2)
    monkeypatch.setattr(uncertainty_module, "_CHUNK_CELLS", 1)
    chunked = uncertainty(pipeline, data, n_draws=10, params=params, rng=2)
    pd.testing.assert_frame_equal(chunked.median, whole.median)
    pd.testing.assert_series_equal(chunked.prob_rise, whole.prob_rise)


@pytest.mark.parametrize("n_draws", [0, -3, 2.5, True])
def test_n_draws_must_be_a_positive_integer(n_draws: object) -> None:
    pipeline, data = pipeline_and_data()
    message = f"uncertainty: n_draws must be an integer >= 1 (got {n_draws!r})."
    with pytest.raises(ConfigError, match=re.escape(message)):
        uncertainty(pipeline, data, n_draws=n_draws, params=SPREAD)  # type: ignore[arg-type]


def test_one_draw_and_extreme_quantiles_are_allowed() -> None:
    pipeline, data = pipeline_and_data()
    result = uncertainty(pipeline, data, n_draws=1, params=SPREAD, rng=1, quantiles=(0, 1))
    np.testing.assert_allclose(result.lower.to_numpy(), result.upper.to_numpy())
    # one draw still says whether the top score rose (1 or 0), from the second row on
    assert set(result.prob_rise.iloc[1:].tolist()) <= {0.0, 1.0}


@pytest.mark.parametrize("quantiles", [(0.5, 0.9), (0.1, 0.5), (-0.1, 0.9), (0.1, 1.5)])
def test_quantiles_must_straddle_the_median(quantiles: tuple[float, float]) -> None:
    pipeline, data = pipeline_and_data()
    message = f"uncertainty: quantiles must be (lower < 0.5 < upper) in [0, 1] (got {quantiles!r})."
    with pytest.raises(ConfigError, match=re.escape(message)):
        uncertainty(pipeline, data, n_draws=5, params=SPREAD, quantiles=quantiles)


def test_quantiles_ignore_nan_draws_like_nanquantile() -> None:
    # draws x rows x elements with NaN draws, an all-NaN cell and a constant cell
    rng = np.random.default_rng(0)
    block = rng.normal(size=(9, 3, 2))
    block[[0, 4], 0, 0] = np.nan
    block[:, 1, 1] = np.nan
    block[:, 2, 0] = 4.0
    block[3, 2, 1] = np.nan
    levels = (0.05, 0.5, 0.95)
    out = uncertainty_module._quantiles(block, levels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the all-NaN cell
        expected = np.nanquantile(block, levels, axis=0)
    np.testing.assert_allclose(out, expected, rtol=1e-12, equal_nan=True)
    assert out.shape == (3, 3, 2)
    assert out.dtype == np.float64


def test_quantiles_at_the_ends_and_of_single_values() -> None:
    # every cell varies (no shortcut); one cell has a single value, another two
    block = np.array([[1.0, 5.0], [np.nan, 2.0], [np.nan, np.nan], [np.nan, 9.0]])[:, None, :]
    block = np.concatenate([block, block * 2 + 1], axis=2)
    levels = (0.0, 0.5, 1.0)
    out = uncertainty_module._quantiles(block, levels)
    expected = np.nanquantile(block, levels, axis=0)
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    assert out[:, 0, 0].tolist() == [1.0, 1.0, 1.0]
    assert out[:, 0, 1].tolist() == [2.0, 5.0, 9.0]
