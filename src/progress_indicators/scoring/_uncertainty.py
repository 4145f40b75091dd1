"""Monte Carlo uncertainty analysis over pipeline settings and weights."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import numpy as np
import pandas as pd

from progress_indicators.exceptions import ConfigError
from progress_indicators.scoring._common import check_rng
from progress_indicators.scoring._montecarlo import Evaluator, plan_draws, unit_dims

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from progress_indicators.scoring._common import FloatArray
    from progress_indicators.scoring._montecarlo import Distribution
    from progress_indicators.scoring._pipeline import Pipeline

__all__ = ["UncertaintyResult", "uncertainty"]

#: Upper bound on draws x rows x elements held in memory at once (doubles).
_CHUNK_CELLS = 2_000_000


@attrs.frozen(kw_only=True)
class UncertaintyResult:
    """Distribution of every score over the Monte Carlo draws (attrs: internal result).

    Attributes:
        nominal: the scores of the unperturbed pipeline (rows x elements).
        median: the median over draws of every score.
        lower: the lower quantile (5th percentile by default) of every score.
        upper: the upper quantile (95th percentile by default) of every score.
        prob_rise: for rows in time order, the share of draws in which the top score is
            higher than in the previous row (NaN for the first row, or when either is NaN).
        n_draws: the number of draws.
        quantiles: the (lower, upper) quantile levels.
    """

    nominal: pd.DataFrame
    median: pd.DataFrame
    lower: pd.DataFrame
    upper: pd.DataFrame
    prob_rise: pd.Series
    n_draws: int
    quantiles: tuple[float, float]


def uncertainty(
    pipeline: Pipeline,
    data: pd.DataFrame,
    *,
    n_draws: int,
    params: Mapping[str, Distribution],
    rng: np.random.Generator | int | None = None,
    quantiles: Sequence[float] = (0.05, 0.95),
) -> UncertaintyResult:
    """Propagate uncertain settings and weights through ``pipeline`` by Monte Carlo.

    Each draw samples every entry of ``params`` independently: ``"weights"`` takes a
    :class:`UniformWeights` or :class:`DirichletWeights`; a pipeline setting name (e.g.
    ``"winmax"``, ``"aggregation"``) takes a :class:`Choice` of values or a
    :class:`Uniform`; any other name takes a :class:`Choice` of mappings of settings (e.g.
    a normalisation method with its options). Stages are cached per distinct setting and
    the weights are applied to all draws of a variant at once (vectorised).

    Args:
        pipeline: the nominal pipeline.
        data: the raw data it runs on.
        n_draws: number of Monte Carlo draws (>= 1).
        params: the uncertain inputs and their distributions.
        rng: seed or Generator (never global random state).
        quantiles: the lower and upper quantile levels of the band.

    Returns:
        Medians, bands and, for time-ordered rows, the probability that the top score rose.

    Raises:
        ConfigError: bad ``n_draws``, quantiles or distributions.
        ScoringError: a drawn variant cannot score the data (e.g. zero in a geometric mean).
    """
    if isinstance(n_draws, bool) or not isinstance(n_draws, int) or n_draws < 1:
        msg = f"uncertainty: n_draws must be an integer >= 1 (got {n_draws!r})."
        raise ConfigError(msg)
    q_lo, q_hi = (float(q) for q in quantiles)
    if not 0 <= q_lo < 0.5 < q_hi <= 1:
        msg = f"uncertainty: quantiles must be (lower < 0.5 < upper) in [0, 1] (got {quantiles!r})."
        raise ConfigError(msg)
    generator = check_rng(rng)
    evaluator = Evaluator(pipeline, data)
    hierarchy = evaluator.hierarchy
    dims = unit_dims(params, len(hierarchy.codes))
    unit = {name: generator.random((n_draws, dim)) for name, dim in dims.items()}
    plan = plan_draws(pipeline, params, unit, rng=generator, n=n_draws)
    nominal = pipeline.run(data).scores
    order = [hierarchy.codes.index(c) for c in hierarchy.column_order]
    top = order.index(hierarchy.codes.index(hierarchy.top[0]))
    n_rows = len(data)
    copeland = any(
        "copeland" in hierarchy.resolve_methods(v.aggregation, where="uncertainty").values()
        for v in plan.pipelines
    )
    step = n_rows if copeland else max(1, _CHUNK_CELLS // (n_draws * len(order)))
    stats = np.full((3, n_rows, len(order)), np.nan)
    rise = np.full(n_rows, np.nan)
    for start in range(0, n_rows, step):
        stop = min(start + step, n_rows)
        first = max(start - 1, 0)
        rows = slice(None) if copeland else slice(first, stop)
        block = evaluator.scores(plan, rows, order)
        offset = 0 if copeland else start - first
        chunk = block[:, offset:, :]
        stats[:, start:stop, :] = _quantiles(chunk, (q_lo, 0.5, q_hi))
        top_scores = block[:, :, top]
        previous, current = top_scores[:, :-1], top_scores[:, 1:]
        both = ~np.isnan(previous) & ~np.isnan(current)
        count = both.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = ((current > previous) & both).sum(axis=0) / count
        share = np.where(count > 0, share, np.nan)
        positions = np.arange(first + 1, stop)
        rise[positions] = share[positions - first - 1]
    columns = list(hierarchy.column_order)

    def frame(values: FloatArray) -> pd.DataFrame:
        return pd.DataFrame(values, index=data.index.copy(), columns=columns)

    return UncertaintyResult(
        nominal=nominal,
        median=frame(stats[1]),
        lower=frame(stats[0]),
        upper=frame(stats[2]),
        prob_rise=pd.Series(rise, index=data.index.copy(), name="prob_rise"),
        n_draws=n_draws,
        quantiles=(q_lo, q_hi),
    )


def _quantiles(block: FloatArray, levels: Sequence[float]) -> FloatArray:
    """Quantiles over axis 0 (linear interpolation, as numpy's default), NaN draws ignored.

    Scores identical in every draw (e.g. indicators when only weights vary) are copied, not
    partitioned: that is most of the cost saved.
    """
    qs = np.asarray(levels, dtype=np.float64)
    same = np.all(block == block[:1], axis=0)
    if same.any():
        out = np.broadcast_to(block[0], (qs.size, *block.shape[1:])).copy()
        varying = ~same
        if varying.any():
            out[:, varying] = _quantiles_of(block[:, varying], qs)
        return out
    return _quantiles_of(block, qs)


def _quantiles_of(block: FloatArray, qs: FloatArray) -> FloatArray:
    if not np.isnan(block).any():
        return np.asarray(np.quantile(block, qs, axis=0), dtype=np.float64)
    ordered = np.sort(block, axis=0)
    count = (~np.isnan(block)).sum(axis=0)
    out = np.full((qs.size, *block.shape[1:]), np.nan)
    for i, q in enumerate(qs):
        h = (np.maximum(count, 1) - 1) * q
        lo = np.floor(h).astype(np.int64)
        hi = np.minimum(lo + 1, np.maximum(count - 1, 0))
        a = np.take_along_axis(ordered, lo[None], axis=0)[0]
        b = np.take_along_axis(ordered, hi[None], axis=0)[0]
        out[i] = np.where(count > 0, a + (h - lo) * (b - a), np.nan)
    return out
