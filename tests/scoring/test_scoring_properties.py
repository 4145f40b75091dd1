"""Property tests (hypothesis) for the invariants the composite methodology promises."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from progress_indicators.scoring import (
    Hierarchy,
    Pipeline,
    UniformWeights,
    aggregate,
    normalise,
    sobol_indices,
    uncertainty,
)

FAST = settings(max_examples=40, deadline=None)
#: Deterministic examples for the statistical checks, so they cannot flake.
STATISTICAL = settings(max_examples=8, deadline=None, derandomize=True)

values = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False).map(lambda v: round(v, 3))


@st.composite
def columns(draw: st.DrawFn, min_size: int = 3) -> pd.DataFrame:
    """One column of at least two distinct values, a few NaN."""
    data = draw(st.lists(values, min_size=min_size, max_size=12))
    if len(set(data)) < 2:
        data = [*data, max(data) + 1.0]
    holes = draw(st.lists(st.integers(0, len(data) - 1), max_size=2))
    out = [np.nan if i in holes and len(set(data)) > 3 else v for i, v in enumerate(data)]
    present = [v for v in out if not math.isnan(v)]
    if len(set(present)) < 2:
        out = data
    return pd.DataFrame({"x": out})


def assert_order_kept(raw: pd.Series, scored: pd.Series, direction: int, *, strict: bool) -> None:
    """x_i < x_j implies s_i < s_j (<= when not strict); reversed for direction -1."""
    pairs = [
        (a, b)
        for a in range(len(raw))
        for b in range(len(raw))
        if not (math.isnan(raw.iloc[a]) or math.isnan(raw.iloc[b]))
        and direction * raw.iloc[a] < direction * raw.iloc[b]
    ]
    for a, b in pairs:
        if strict:
            assert scored.iloc[a] < scored.iloc[b]
        else:
            assert scored.iloc[a] <= scored.iloc[b]


@FAST
@given(frame=columns(), direction=st.sampled_from([1, -1]))
def test_minmax_keeps_order_and_range(frame: pd.DataFrame, direction: int) -> None:
    """min-max scores keep the order (reversed for -1), span exactly [0, 100], NaN kept."""
    out = normalise(frame, "minmax", directions=direction)["x"]
    assert_order_kept(frame["x"], out, direction, strict=True)
    present = out.dropna()
    assert present.min() == pytest.approx(0.0, abs=1e-9)
    assert present.max() == pytest.approx(100.0, abs=1e-9)
    assert out.isna().tolist() == frame["x"].isna().tolist()


@FAST
@given(
    frame=columns(),
    direction=st.sampled_from([1, -1]),
    method=st.sampled_from(["zscore", "rank", "percentile_rank", "borda", "dist_to_max"]),
)
def test_other_methods_keep_order(frame: pd.DataFrame, direction: int, method: str) -> None:
    """z-scores, ranks and distances keep the order of the values, reversed for direction -1."""
    out = normalise(frame, method, directions=direction)["x"]
    assert_order_kept(frame["x"], out, direction, strict=True)
    if method == "percentile_rank":
        assert out.dropna().between(0.0, 1.0).all()


@FAST
@given(frame=columns(), direction=st.sampled_from([1, -1]), spread=st.floats(1.0, 500.0))
def test_goalposts_stay_in_scale(frame: pd.DataFrame, direction: int, spread: float) -> None:
    """Truncated goalposts stay within [0, scale] and never reverse the order."""
    out = normalise(
        frame, "goalposts", lower=-spread, upper=spread, scale=10.0, directions=direction
    )["x"]
    assert out.dropna().between(0.0, 10.0).all()
    assert_order_kept(frame["x"], out, direction, strict=False)


@FAST
@given(counts=st.lists(st.integers(0, 10_000), min_size=2, max_size=10), base=st.integers(1, 500))
def test_log_goalposts_in_range(counts: list[int], base: int) -> None:
    """Log goalposts of counts lie in [0, 100] and fall as the count rises (direction -1)."""
    frame = pd.DataFrame({"x": [float(c) for c in counts]})
    out = normalise(frame, "log_goalposts", base=base, directions=-1)["x"]
    assert out.between(0.0, 100.0).all()
    assert_order_kept(frame["x"], out, -1, strict=False)


positive_blocks = arrays(
    np.float64,
    st.tuples(st.integers(2, 6), st.integers(2, 5)),
    elements=st.floats(0.5, 100.0, allow_nan=False),
)
METHODS = ["arithmetic", "geometric", "harmonic", "generalised", "minimum", "median", "copeland"]


@FAST
@given(
    block=positive_blocks,
    scale=st.floats(0.01, 100.0),
    method=st.sampled_from(METHODS),
    data=st.data(),
)
def test_scaling_weights_changes_nothing(
    block: np.ndarray, scale: float, method: str, data: st.DataObject
) -> None:
    """Multiplying every weight by the same factor leaves every aggregate unchanged."""
    frame = pd.DataFrame(block, columns=[f"c{i}" for i in range(block.shape[1])])
    weights = data.draw(
        st.lists(st.floats(0.1, 10.0), min_size=block.shape[1], max_size=block.shape[1])
    )
    p = 2.0 if method == "generalised" else None
    base = aggregate(frame, weights=weights, method=method, p=p).scores
    scaled = aggregate(frame, weights=[w * scale for w in weights], method=method, p=p).scores
    np.testing.assert_allclose(scaled.to_numpy(), base.to_numpy(), rtol=1e-9)


@FAST
@given(block=positive_blocks, method=st.sampled_from(METHODS), data=st.data())
def test_column_order_does_not_matter(block: np.ndarray, method: str, data: st.DataObject) -> None:
    """Permuting the columns (with their weights) leaves every aggregate unchanged."""
    names = [f"c{i}" for i in range(block.shape[1])]
    frame = pd.DataFrame(block, columns=names)
    weights = dict(zip(names, data.draw(st.permutations(range(1, len(names) + 1))), strict=True))
    order = data.draw(st.permutations(names))
    p = -0.5 if method == "generalised" else None
    base = aggregate(frame, weights=weights, method=method, p=p).scores
    shuffled = aggregate(frame[order], weights=weights, method=method, p=p).scores
    np.testing.assert_allclose(shuffled.to_numpy(), base.to_numpy(), rtol=1e-12)


@STATISTICAL
@given(
    block=arrays(np.float64, (6, 3), elements=st.floats(0.0, 50.0, allow_nan=False)),
    spread=st.floats(0.05, 0.6),
    seed=st.integers(0, 2**32 - 1),
)
def test_uncertainty_band_contains_nominal(block: np.ndarray, spread: float, seed: int) -> None:
    """With symmetric weight noise the 5-95% band of every score contains the nominal score."""
    hierarchy = Hierarchy.from_frame(
        pd.DataFrame({"code": ["a", "b", "c", "top"], "parent": ["top", "top", "top", None]}),
        level=None,
        weight=None,
        direction=None,
    )
    data = pd.DataFrame(block, columns=["a", "b", "c"])
    pipeline = Pipeline(
        hierarchy=hierarchy,
        normalisation="goalposts",
        normalisation_params={"lower": 0.0, "upper": 50.0},
    )
    result = uncertainty(
        pipeline, data, n_draws=400, params={"weights": UniformWeights(spread)}, rng=seed
    )
    nominal = result.nominal.to_numpy()
    assert (result.lower.to_numpy() <= nominal + 1e-9).all()
    assert (result.upper.to_numpy() >= nominal - 1e-9).all()


def _saltelli_design(
    rng: np.random.Generator, n: int, d: int, low: float, high: float
) -> np.ndarray:
    """Rows of A, B, AB_1 ... AB_d stacked (AB_i = A with column i from B)."""
    a = rng.uniform(low, high, (n, d))
    b = rng.uniform(low, high, (n, d))
    ab = [np.where(np.arange(d) == i, b, a) for i in range(d)]
    return np.concatenate([a, b, *ab])


def _standard_errors(y: np.ndarray, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Monte Carlo standard errors of both estimators, from their per-row terms."""
    y_a, y_b, y_ab = y[:n], y[n : 2 * n], y[2 * n :].reshape(d, n)
    v = np.var(np.concatenate([y_a, y_b]), ddof=1)
    se_first = np.std(y_b * (y_ab - y_a), axis=1, ddof=1) / (v * np.sqrt(n))
    se_total = np.std((y_a - y_ab) ** 2 / 2, axis=1, ddof=1) / (v * np.sqrt(n))
    return se_first, se_total


# Tolerance: the estimators are sample means of per-row terms, so each error is about
# normal with the standard error computed above. 5 standard errors (plus 1e-3 for the
# variance estimate in the denominator) fails wrongly with probability < 1e-6 per index,
# while a wrong estimator (e.g. swapped A/B roles) misses by far more at n = 20000.
N_SOBOL = 20_000


@STATISTICAL
@given(
    coefficients=st.lists(st.floats(0.2, 5.0), min_size=2, max_size=5),
    seed=st.integers(0, 2**32 - 1),
)
def test_sobol_linear_model(coefficients: list[float], seed: int) -> None:
    """For y = sum a_i x_i with x_i ~ U(0, 1), S_i = ST_i = a_i^2 / sum a_j^2."""
    a = np.asarray(coefficients)
    d = a.size
    x = _saltelli_design(np.random.default_rng(seed), N_SOBOL, d, 0.0, 1.0)
    y = x @ a
    first, total = sobol_indices(y, N_SOBOL, d)
    truth = a**2 / np.sum(a**2)
    se_first, se_total = _standard_errors(y, N_SOBOL, d)
    assert np.all(np.abs(first - truth) <= 5 * se_first + 1e-3)
    assert np.all(np.abs(total - truth) <= 5 * se_total + 1e-3)


@STATISTICAL
@given(seed=st.integers(0, 2**32 - 1))
def test_sobol_ishigami(seed: int) -> None:
    """Ishigami (a=7, b=0.1): S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)."""
    a_coef, b_coef = 7.0, 0.1
    pi = np.pi
    v1 = 0.5 * (1 + b_coef * pi**4 / 5) ** 2
    v2 = a_coef**2 / 8
    v13 = b_coef**2 * pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    first_true = np.array([v1, v2, 0.0]) / v
    total_true = np.array([v1 + v13, v2, v13]) / v
    x = _saltelli_design(np.random.default_rng(seed), N_SOBOL, 3, -pi, pi)
    y = np.sin(x[:, 0]) + a_coef * np.sin(x[:, 1]) ** 2 + b_coef * x[:, 2] ** 4 * np.sin(x[:, 0])
    first, total = sobol_indices(y, N_SOBOL, 3)
    se_first, se_total = _standard_errors(y, N_SOBOL, 3)
    assert np.all(np.abs(first - first_true) <= 5 * se_first + 1e-3)
    assert np.all(np.abs(total - total_true) <= 5 * se_total + 1e-3)
    assert first_true.round(4).tolist() == [0.3139, 0.4424, 0.0]
