"""Variance-based sensitivity analysis: Sobol indices (Saltelli 2010, Jansen) with bootstrap."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import numpy as np
import pandas as pd

from progress_indicators.exceptions import ConfigError, ScoringError
from progress_indicators.scoring._common import check_rng, hint
from progress_indicators.scoring._montecarlo import Evaluator, plan_draws, unit_dims

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Mapping, Sequence

    from progress_indicators.scoring._common import FloatArray
    from progress_indicators.scoring._montecarlo import Distribution
    from progress_indicators.scoring._pipeline import Pipeline

__all__ = ["SensitivityResult", "saltelli_design", "sensitivity", "sobol_indices", "sobol_result"]


@attrs.frozen(kw_only=True)
class SensitivityResult:
    """First-order and total Sobol indices of each uncertain input (attrs: internal result).

    Attributes:
        indices: one row per input: ``first_order`` (Saltelli 2010), ``total`` (Jansen),
            and their bootstrap confidence bounds ``first_order_low``/``_high``,
            ``total_low``/``_high``.
        variance: the output variance ``V`` (sample variance of the A and B runs).
        outputs: the output of every run, laid out as blocks A, B, AB_1 ... AB_d.
        n: the base sample size; ``n * (d + 2)`` pipeline runs were made.
        confidence: the level of the bootstrap intervals.
    """

    indices: pd.DataFrame
    variance: float
    outputs: FloatArray
    n: int
    confidence: float


def _blocks(y: FloatArray, n: int, d: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    values = np.asarray(y, dtype=np.float64).ravel()
    if values.size != n * (d + 2):
        msg = (
            f"sobol_indices: y must hold n * (d + 2) = {n * (d + 2)} outputs (blocks A, B, "
            f"AB_1 ... AB_d of n = {n} rows), got {values.size}."
        )
        raise ConfigError(msg)
    if np.isnan(values).any():
        msg = f"sobol_indices: {int(np.isnan(values).sum())} output(s) are NaN."
        raise ScoringError(msg + hint("choose an output defined for every run."))
    return values[:n], values[n : 2 * n], values[2 * n :].reshape(d, n)


def sobol_indices(y: FloatArray, n: int, d: int) -> tuple[FloatArray, FloatArray]:
    """First-order and total Sobol indices from outputs laid out as A, B, AB_1 ... AB_d.

    ``S_i = mean(yB * (yAB_i - yA)) / V`` (Saltelli et al. 2010) and
    ``ST_i = sum((yA - yAB_i)**2) / (2 n V)`` (Jansen 1999), with
    ``V = var(concat(yA, yB))`` (n - 1 denominator), as COINr. ``AB_i`` is A with column
    ``i`` taken from B.

    Args:
        y: ``n * (d + 2)`` outputs.
        n: rows per block.
        d: number of inputs.

    Returns:
        ``(S, ST)``, arrays of length ``d``.

    Raises:
        ConfigError: ``y`` has the wrong length.
        ScoringError: NaN outputs or zero variance.

    Examples:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> a, b = rng.random((4000, 2)), rng.random((4000, 2))
        >>> ab = [np.where(np.arange(2) == i, b, a) for i in range(2)]
        >>> f = lambda x: x[:, 0] + 2 * x[:, 1]
        >>> s, st = sobol_indices(np.concatenate([f(a), f(b), *map(f, ab)]), 4000, 2)
        >>> np.round(st, 1).tolist()
        [0.2, 0.8]
    """
    y_a, y_b, y_ab = _blocks(y, n, d)
    first, total = _estimate(y_a[None], y_b[None], y_ab[:, None, :])
    return first[:, 0], total[:, 0]  # the batch of one


def _estimate(y_a: FloatArray, y_b: FloatArray, y_ab: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Estimators over a leading batch axis: y_a, y_b (batch, n); y_ab (d, batch, n)."""
    n = y_a.shape[-1]
    variance = np.var(np.concatenate([y_a, y_b], axis=-1), axis=-1, ddof=1)
    if (variance <= 0).any():
        msg = "sobol_indices: the output does not vary (V = 0); indices are undefined."
        raise ScoringError(msg + hint("check that the inputs change the output."))
    first = np.mean(y_b * (y_ab - y_a), axis=-1) / variance
    total = np.sum((y_a - y_ab) ** 2, axis=-1) / (2 * n * variance)
    return first, total


def sensitivity(
    pipeline: Pipeline,
    data: pd.DataFrame,
    *,
    n: int,
    params: Mapping[str, Distribution],
    rng: np.random.Generator | int | None = None,
    row: Hashable | None = None,
    output: Callable[[FloatArray], FloatArray] | None = None,
    n_bootstrap: int = 1000,
    confidence: float = 0.95,
) -> SensitivityResult:
    """Sobol sensitivity of the pipeline's output to each entry of ``params``.

    Runs the pipeline ``n * (d + 2)`` times on the sample matrices A, B and AB_i (A with
    input ``i`` from B) built from uniform draws of ``rng``, each input mapped through its
    distribution (as in :func:`uncertainty`; weights count as one input, a group). The
    output of a run is, by default, the mean absolute shift of the units' ranks on the
    top score against the nominal ranking (the measure COINr reports); with ``row`` it is
    that row's top score; ``output`` may map the (runs, rows) array of top scores to one
    value per run. Confidence bounds come from resampling the n rows of all blocks
    together (percentile bootstrap).

    Args:
        pipeline: the nominal pipeline.
        data: the raw data.
        n: base sample size (rows per block).
        params: the uncertain inputs (``DirichletWeights`` is not allowed here).
        rng: seed or Generator.
        row: label of the row whose top score is the output.
        output: vectorised output function of the top scores.
        n_bootstrap: bootstrap resamples (0 for none).
        confidence: level of the bootstrap intervals.

    Returns:
        The indices with their intervals, the variance and all run outputs.

    Raises:
        ConfigError: bad sizes or distributions.
        ScoringError: undefined output (NaN or constant).
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        msg = f"sensitivity: n must be an integer >= 2 (got {n!r})."
        raise ConfigError(msg)
    if not 0 < confidence < 1:
        msg = f"sensitivity: confidence must lie in (0, 1) (got {confidence!r})."
        raise ConfigError(msg)
    generator = check_rng(rng)
    evaluator = Evaluator(pipeline, data)
    hierarchy = evaluator.hierarchy
    dims = unit_dims(params, len(hierarchy.codes))
    if not params:
        msg = "sensitivity: params is empty; give at least one uncertain input."
        raise ConfigError(msg)
    unit = saltelli_design(dims, n, generator)
    plan = plan_draws(pipeline, params, unit, rng=None, n=n * (len(dims) + 2))
    top = hierarchy.codes.index(hierarchy.top[0])
    scores = evaluator.scores(plan, slice(None), [top])[:, :, 0]
    y = _outputs(scores, pipeline, data, row=row, output=output)
    return sobol_result(
        y, list(dims), n=n, rng=generator, n_bootstrap=n_bootstrap, confidence=confidence
    )


def saltelli_design(
    dims: Mapping[str, int], n: int, generator: np.random.Generator
) -> dict[str, FloatArray]:
    """Unit-cube coordinates of the Saltelli blocks A, B, AB_1 ... AB_d, per input.

    Each input ``name`` takes ``dims[name]`` coordinates; the rows are the ``n * (d + 2)``
    runs in block order. Used by :func:`sensitivity` and by callers that evaluate the
    runs themselves (the VPI varies its data with some inputs).
    """
    names = list(dims)
    a = {name: generator.random((n, dims[name])) for name in names}
    b = {name: generator.random((n, dims[name])) for name in names}
    return {
        name: np.concatenate(
            [a[name], b[name], *[b[name] if other == name else a[name] for other in names]]
        )
        for name in names
    }


def sobol_result(
    y: FloatArray,
    names: Sequence[str],
    *,
    n: int,
    rng: np.random.Generator,
    n_bootstrap: int,
    confidence: float,
) -> SensitivityResult:
    """Sobol indices with bootstrap intervals from the outputs of a Saltelli design."""
    d = len(names)
    y_a, y_b, y_ab = _blocks(y, n, d)
    point_first, point_total = _estimate(y_a[None], y_b[None], y_ab[:, None, :])
    first, total = point_first[:, 0], point_total[:, 0]  # the batch of one
    alpha = (1 - confidence) / 2
    bounds = np.full((4, d), np.nan)
    if n_bootstrap > 0:
        idx = rng.integers(0, n, size=(n_bootstrap, n))
        boot_first, boot_total = _estimate(y_a[idx], y_b[idx], y_ab[:, idx])
        bounds[0], bounds[1] = np.quantile(boot_first, [alpha, 1 - alpha], axis=1)
        bounds[2], bounds[3] = np.quantile(boot_total, [alpha, 1 - alpha], axis=1)
    indices = pd.DataFrame(
        {
            "first_order": first,
            "first_order_low": bounds[0],
            "first_order_high": bounds[1],
            "total": total,
            "total_low": bounds[2],
            "total_high": bounds[3],
        },
        index=pd.Index(list(names), name="input"),
    )
    variance = float(np.var(np.concatenate([y_a, y_b]), ddof=1))
    return SensitivityResult(
        indices=indices, variance=variance, outputs=y, n=n, confidence=confidence
    )


def _outputs(
    scores: FloatArray,
    pipeline: Pipeline,
    data: pd.DataFrame,
    *,
    row: Hashable | None,
    output: Callable[[FloatArray], FloatArray] | None,
) -> FloatArray:
    """One output per run from the (runs, rows) top scores."""
    if output is not None:
        values = np.asarray(output(scores), dtype=np.float64)
        if values.shape != (scores.shape[0],):
            msg = f"sensitivity: output must return one value per run ({scores.shape[0]})."
            raise ConfigError(msg)
        return values
    if row is not None:
        if row not in data.index:
            msg = f"sensitivity: row {row!r} is not in the data's index."
            raise ConfigError(msg)
        return np.asarray(scores[:, data.index.get_loc(row)], dtype=np.float64)
    nominal = pipeline.run(data).top.to_numpy(dtype=np.float64)
    nominal_rank = pd.Series(nominal).rank(ascending=False, method="min").to_numpy()
    ranks = pd.DataFrame(scores).rank(axis=1, ascending=False, method="min").to_numpy()
    shift = np.abs(ranks - nominal_rank[None, :])
    present = ~np.isnan(shift)
    count = present.sum(axis=1)
    total = np.where(present, shift, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)
