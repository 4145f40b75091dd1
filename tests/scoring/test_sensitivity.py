"""Sensitivity cases written to kill the mutants that survived the first mutmut run.

The reference values are recomputed here from the run outputs with the standard library
(the Saltelli 2010 / Jansen 1999 estimators and the sample variance as the docstring
states them) or from the top scores the engine hands to an ``output`` callable (the mean
absolute rank shift, ranks counted by hand).
"""

from __future__ import annotations

import re
import statistics

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, ScoringError
from progress_indicators.scoring import Choice, Distribution, UniformWeights, sensitivity
from tests.scoring.test_uncertainty import pipeline_and_data

PARAMS: dict[str, Distribution] = {
    "weights": UniformWeights(0.5),
    "aggregation": Choice(["arithmetic", "geometric"]),
}
DUMMY: dict[str, Distribution] = {
    "weights": UniformWeights(0.9),
    "dummy": Choice([{"data_threshold": None}, {"data_threshold": 0.0}]),
}


def rank_min_descending(values: list[float]) -> list[float]:
    """Rank 1 for the highest; ties share the best rank (1 + how many are strictly higher)."""
    return [1.0 + sum(other > v for other in values) for v in values]


def saltelli_jansen(y: list[float], n: int, d: int) -> tuple[list[float], list[float], float]:
    """First-order (Saltelli 2010) and total (Jansen 1999) indices, and V (n - 1)."""
    y_a, y_b = y[:n], y[n : 2 * n]
    v = statistics.variance(y_a + y_b)
    first, total = [], []
    for i in range(d):
        y_ab = y[(2 + i) * n : (3 + i) * n]
        first.append(sum(b * (ab - a) for a, b, ab in zip(y_a, y_b, y_ab, strict=True)) / n / v)
        total.append(sum((a - ab) ** 2 for a, ab in zip(y_a, y_ab, strict=True)) / (2 * n * v))
    return first, total, v


def test_default_output_is_the_mean_absolute_rank_shift() -> None:
    pipeline, data = pipeline_and_data()
    seen: list[np.ndarray] = []

    def keep(scores: np.ndarray) -> np.ndarray:
        seen.append(scores.copy())
        return np.asarray(scores[:, 1], dtype=np.float64)

    sensitivity(pipeline, data, n=8, params=PARAMS, rng=4, output=keep, n_bootstrap=0)
    default = sensitivity(pipeline, data, n=8, params=PARAMS, rng=4, n_bootstrap=0)
    nominal = rank_min_descending(pipeline.run(data).top.tolist())
    expected = []
    for run in seen[0]:
        ranks = rank_min_descending(run.tolist())
        expected.append(sum(abs(r - q) for r, q in zip(ranks, nominal, strict=True)) / len(ranks))
    np.testing.assert_allclose(default.outputs, expected, rtol=1e-12)
    assert np.ptp(default.outputs) > 0  # the draws do move the ranking


def test_row_output_is_that_rows_top_score() -> None:
    pipeline, data = pipeline_and_data()
    seen: list[np.ndarray] = []

    def keep(scores: np.ndarray) -> np.ndarray:
        seen.append(scores.copy())
        return np.asarray(scores[:, 1], dtype=np.float64)

    sensitivity(pipeline, data, n=6, params=PARAMS, rng=9, output=keep, n_bootstrap=0)
    row = sensitivity(pipeline, data, n=6, params=PARAMS, rng=9, row=data.index[2], n_bootstrap=0)
    np.testing.assert_array_equal(row.outputs, seen[0][:, 2])
    assert row.outputs.dtype == np.float64


def test_indices_variance_and_layout_follow_the_estimators() -> None:
    pipeline, data = pipeline_and_data()
    result = sensitivity(
        pipeline, data, n=16, params=PARAMS, rng=2, row=data.index[1], confidence=0.9
    )
    first, total, v = saltelli_jansen(result.outputs.tolist(), 16, 2)
    np.testing.assert_allclose(result.indices["first_order"], first, rtol=1e-10)
    np.testing.assert_allclose(result.indices["total"], total, rtol=1e-10)
    assert result.variance == pytest.approx(v, rel=1e-12)
    assert result.n == 16
    assert result.confidence == 0.9
    assert result.indices.index.name == "input"
    assert list(result.indices.index) == ["weights", "aggregation"]
    assert list(result.indices.columns) == [
        "first_order",
        "first_order_low",
        "first_order_high",
        "total",
        "total_low",
        "total_high",
    ]


def test_bootstrap_bounds_are_per_input_ordered_and_nested() -> None:
    pipeline, data = pipeline_and_data()

    def bounds(confidence: float, n_bootstrap: int = 1000) -> dict[str, dict[str, float]]:
        result = sensitivity(
            pipeline,
            data,
            n=32,
            params=DUMMY,
            rng=1,
            row=data.index[1],
            confidence=confidence,
            n_bootstrap=n_bootstrap,
        )
        return {
            str(k): {str(c): float(v) for c, v in row.items()}
            for k, row in result.indices.iterrows()
        }

    wide, narrow = bounds(0.9), bounds(0.5)
    # the dummy input changes no output: every resample gives exactly 0
    for column in ("first_order_low", "first_order_high", "total_low", "total_high"):
        assert wide["dummy"][column] == 0.0
    assert wide["weights"]["total_low"] > 0.0
    for table in (wide, narrow):
        for row in table.values():
            assert row["first_order_low"] <= row["first_order_high"]
            assert row["total_low"] <= row["total_high"]
    # the 90 % interval contains the 50 % one (same resamples: same seed)
    assert wide["weights"]["total_low"] <= narrow["weights"]["total_low"]
    assert wide["weights"]["total_high"] >= narrow["weights"]["total_high"]
    assert wide["weights"]["first_order_low"] <= narrow["weights"]["first_order_low"]
    assert wide["weights"]["first_order_high"] >= narrow["weights"]["first_order_high"]
    assert wide["weights"]["first_order_high"] - wide["weights"]["first_order_low"] > 0
    assert wide["weights"]["total_high"] - wide["weights"]["total_low"] > 0
    # no resamples: no bounds
    none = bounds(0.9, n_bootstrap=0)["weights"]
    assert all(np.isnan(none[c]) for c in ("first_order_low", "total_high"))


@pytest.mark.parametrize("n", [1, 2.5, True])
def test_n_checks(n: object) -> None:
    pipeline, data = pipeline_and_data()
    with pytest.raises(
        ConfigError, match=re.escape(f"sensitivity: n must be an integer >= 2 (got {n!r}).")
    ):
        sensitivity(pipeline, data, n=n, params=PARAMS)  # type: ignore[arg-type]


@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5])
def test_confidence_checks(confidence: float) -> None:
    pipeline, data = pipeline_and_data()
    message = f"sensitivity: confidence must lie in (0, 1) (got {confidence!r})."
    with pytest.raises(ConfigError, match=re.escape(message)):
        sensitivity(pipeline, data, n=4, params=PARAMS, confidence=confidence)


def test_smallest_sample_runs() -> None:
    pipeline, data = pipeline_and_data()
    result = sensitivity(
        pipeline, data, n=2, params=PARAMS, rng=3, row=data.index[1], n_bootstrap=0
    )
    assert result.outputs.shape == (8,)


def test_argument_and_output_errors() -> None:
    pipeline, data = pipeline_and_data()
    with pytest.raises(
        ConfigError,
        match=r"^sensitivity: params is empty; give at least one uncertain input\.$",
    ):
        sensitivity(pipeline, data, n=4, params={})
    with pytest.raises(
        ConfigError, match=re.escape("sensitivity: row 'nope' is not in the data's index.")
    ):
        sensitivity(pipeline, data, n=4, params=PARAMS, row="nope")
    # n = 4, d = 2: 16 runs
    with pytest.raises(
        ConfigError, match=re.escape("sensitivity: output must return one value per run (16).")
    ):
        sensitivity(pipeline, data, n=4, params=PARAMS, output=lambda s: s[:, :2].ravel())

    def some_nan(scores: np.ndarray) -> np.ndarray:
        out = np.asarray(scores[:, 1], dtype=np.float64)
        out[:3] = np.nan
        return out

    with pytest.raises(
        ScoringError,
        match=re.escape(
            "sobol_indices: 3 output(s) are NaN.\nHint: choose an output defined for every run."
        ),
    ):
        sensitivity(pipeline, data, n=4, params=PARAMS, output=some_nan)
    with pytest.raises(
        ScoringError,
        match=re.escape(
            "sobol_indices: the output does not vary (V = 0); indices are undefined.\n"
            "Hint: check that the inputs change the output."
        ),
    ):
        sensitivity(pipeline, data, n=4, params=PARAMS, output=lambda s: np.zeros(s.shape[0]))


def test_frame_index_is_kept_for_row_lookup() -> None:
    pipeline, data = pipeline_and_data()
    relabelled = data.set_axis(pd.Index(list("abcdef")))
    result = sensitivity(pipeline, relabelled, n=4, params=PARAMS, rng=0, row="b", n_bootstrap=0)
    assert result.outputs.shape == (16,)


def test_one_bootstrap_resample_gives_equal_bounds() -> None:
    """n_bootstrap=1 (allowed by the docstring) once raised AxisError; found by mutmut."""
    pipeline, data = pipeline_and_data()
    one = sensitivity(pipeline, data, n=8, params=DUMMY, rng=1, row=data.index[1], n_bootstrap=1)
    # one resample: both bounds are that resample's estimate
    low, high = one.indices[["total_low", "total_high"]].to_numpy(dtype=float)[0]
    assert low == high
