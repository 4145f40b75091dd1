"""Aggregation of normalised indicators into one score per row, with re-weighting reported."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs
import numpy as np
import pandas as pd

from progress_indicators._arguments import argument_error, real_number, sequence
from progress_indicators.exceptions import ConfigError, ScoringError, did_you_mean
from progress_indicators.scoring._common import as_float_array, hint

if TYPE_CHECKING:
    from collections.abc import Sequence

    from progress_indicators.scoring._common import FloatArray

__all__ = [
    "AGGREGATION_METHODS",
    "AggregationResult",
    "OutrankingResult",
    "aggregate",
    "outranking_matrix",
]

#: The names accepted by :func:`aggregate`.
Threshold = float | Mapping[int, float] | None
"""A data threshold: one share for every level, or a share per level being computed."""

AGGREGATION_METHODS: frozenset[str] = frozenset(
    {"arithmetic", "geometric", "harmonic", "generalised", "minimum", "median", "copeland"}
)
#: Methods whose result does not change when all weights are scaled or perturbed.
WEIGHT_FREE_METHODS: frozenset[str] = frozenset({"minimum", "median"})


@attrs.frozen(kw_only=True)
class AggregationResult:
    """The aggregated score and how missing values were handled (attrs: internal result).

    Attributes:
        scores: one aggregated score per row (NaN when no data or below the threshold).
        weights_used: the normalised weight each column actually had in each row
            (0 where the value was missing, NaN for rows without a score). Each scored
            row sums to 1 (not for ``minimum``/``median``/``copeland``, where it shows the
            weight share of the columns taken into account).
        coverage: share of the total weight carried by non-missing values, per row.
        reweighted: labels of the rows that were scored with some values missing, i.e.
            with weights re-normalised over the rest (COINr's implicit mean imputation).
        below_threshold: labels of the rows set to NaN because ``coverage`` was below
            ``data_threshold``.
    """

    scores: pd.Series
    weights_used: pd.DataFrame
    coverage: pd.Series
    reweighted: pd.Index
    below_threshold: pd.Index


@attrs.frozen(kw_only=True)
class OutrankingResult:
    """COINr's outranking matrix (attrs: internal result).

    Attributes:
        matrix: row ``i``, column ``j``: weight share of the indicators on which ``i`` beats
            ``j`` (ties count half); 0 on the diagonal.
        n_dominant: number of pairs where one row beats the other on every indicator.
        frac_dominant: ``n_dominant`` over the number of pairs.
    """

    matrix: pd.DataFrame
    n_dominant: int
    frac_dominant: float


def resolve_weights(
    weights: Mapping[str, float] | pd.Series | Sequence[float] | None,
    columns: Sequence[str],
    *,
    where: str,
) -> FloatArray:
    """One weight >= 0 per column (1 when ``weights`` is None), checked.

    Raises:
        ConfigError: missing, unknown, negative, non-finite or all-zero weights.
    """
    if weights is None:
        out = np.ones(len(columns))
    elif isinstance(weights, Mapping | pd.Series):
        mapping = weights if isinstance(weights, Mapping) else weights.to_dict()
        unknown = [k for k in mapping if k not in set(columns)]
        missing = [c for c in columns if c not in mapping]
        if unknown or missing:
            suggestion = did_you_mean(str(unknown[0]), columns) if unknown else None
            msg = (
                f"{where}: weights must name every column exactly (missing {missing}, "
                f"unknown {unknown})." + hint(suggestion or "give one weight per column.")
            )
            raise ConfigError(msg)
        out = np.array([_weight(mapping[c], f"weights[{c}]", where) for c in columns])
    else:
        out = _weight_sequence(weights, where)
    if out.shape != (len(columns),):
        msg = f"{where}: expected {len(columns)} weights, got {out.size}."
        raise ConfigError(msg)
    bad = [
        (c, float(w)) for c, w in zip(columns, out, strict=True) if not (np.isfinite(w) and w >= 0)
    ]
    if bad:
        msg = f"{where}: every weight must be a finite number >= 0 (got {bad})." + hint(
            "weights are trade-offs; use 0 to leave a column out."
        )
        raise ConfigError(msg)
    if not out.any():
        msg = f"{where}: all weights are 0; at least one must be > 0."
        raise ConfigError(msg)
    # Weights are relative: scaled by a power of two (exact, so ordinary weights give
    # the same bits) that brings the largest into [0.5, 1), so sums stay finite (four
    # weights of 1e308 overflowed to NaN) and clear of subnormals (5e-324 changed results).
    _, exponent = np.frexp(out.max())
    return np.asarray(np.ldexp(out, -int(exponent)), dtype=np.float64)


_WEIGHTS = "one number >= 0 per column (a sequence), or a mapping column -> number"


def _weight(value: object, name: str, where: str) -> float:
    """One weight: a real number (text such as ``"1"`` is not read as one).

    Only the type is checked here; the range (finite, >= 0) is checked for all weights
    at once, so that one message lists every bad weight.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise argument_error(where, name, _WEIGHTS, value)
    try:
        return float(value)
    except OverflowError:  # an int beyond the float range: not a finite weight
        return math.inf


def _weight_sequence(weights: object, where: str) -> FloatArray:
    """Weights given in column order: a numeric array, or a sequence of numbers."""
    if isinstance(weights, np.ndarray) and weights.dtype.kind in "iuf":
        return weights.astype(np.float64)
    items = sequence(
        weights,
        where=where,
        name="weights",
        expected=_WEIGHTS,
        hint="give one weight per column, or a mapping.",
    )
    return np.array([_weight(w, "weights", where) for w in items], dtype=np.float64)


def check_method(method: str, *, where: str) -> None:
    """Raise ConfigError if ``method`` is not an aggregation method."""
    if method not in AGGREGATION_METHODS:
        msg = (
            f"{where}: unknown aggregation method {method!r}; expected one of "
            f"{sorted(AGGREGATION_METHODS)}." + hint(did_you_mean(method, AGGREGATION_METHODS))
        )
        raise ConfigError(msg)


def check_domain(
    values: FloatArray,
    weights: FloatArray,
    method: str,
    p: float | None,
    *,
    columns: Sequence[str],
    index: pd.Index,
    where: str,
    offset: float | None,
) -> None:
    """Raise ScoringError naming columns and rows when a mean is undefined for the values."""
    if method == "geometric" or (method in {"harmonic", "generalised"} and (p is None or p <= 0)):
        bad = ~np.isnan(values) & (values <= 0) & (weights > 0)
        need = "> 0"
    elif method == "generalised" and p is not None and not float(p).is_integer():
        bad = ~np.isnan(values) & (values < 0) & (weights > 0)
        need = ">= 0"
    else:
        return
    if not bad.any():
        return
    lines = []
    for j in np.nonzero(bad.any(axis=0))[0]:
        rows = np.nonzero(bad[:, j])[0]
        shown = ", ".join(f"{index[int(r)]!r} ({values[r, j]:g})" for r in rows[:5])
        more = f" and {rows.size - 5} more" if rows.size > 5 else ""
        lines.append(f"  column {columns[int(j)]!r}: row(s) {shown}{more}")
    shift = "" if offset is None else f" after adding offset={offset:g}"
    msg = (
        f"{where}: the {method} mean needs values {need}{shift}, got:\n"
        + "\n".join(lines)
        + hint(
            "normalise onto a positive range (e.g. minmax with lower=1, upper=100, as COINr "
            "does) or pass offset=c to aggregate x + c and subtract c from the result."
        )
    )
    raise ScoringError(msg)


def power_mean(
    values: FloatArray, weights: FloatArray, power: float
) -> tuple[FloatArray, FloatArray]:
    """Weighted power mean of the non-missing values along the last axis.

    The one implementation of the arithmetic (``power=1``), geometric (``0``), harmonic
    (``-1``) and generalised means, for a single weight vector or a batch of them.
    Missing values are dropped and the weights re-normalised over the present ones; a
    value whose weight is 0 is left out (so ``log(0)`` or ``1/0`` of a weight-0 column
    never reaches the sum). Domain checks (values > 0 for geometric ...) are the
    caller's job.

    Args:
        values: ``(rows, k)`` or ``(draws, rows, k)``.
        weights: ``(k,)`` or ``(draws, k)``.
        power: the exponent ``p`` of ``(sum w x^p / sum w)^(1/p)``; 0 is the geometric mean.

    Returns:
        ``(mean, weight_sum)``, each ``(rows,)`` or ``(draws, rows)``; the mean is NaN
        where no value with a positive weight is present.
    """
    present = ~np.isnan(values)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if power == 0:
            t = np.log(np.where(present, values, 1.0))
        elif power == 1:
            t = np.where(present, values, 0.0)
        else:
            t = np.where(present, values, 1.0) ** power
    # 0 * inf and 0 * nan are NaN in a matrix product: sum the finite terms, then put
    # back the others (log(0) = -inf, 0**p = +inf for p < 0, (-1)**0.5 = nan) only where
    # a positive weight meets one
    finite = np.isfinite(t)
    num = _weighted_sum(np.where(present & finite, t, 0.0), weights)
    den = _weighted_sum(present.astype(np.float64), weights)
    if not finite[present].all():
        weighted = (weights > 0).astype(np.float64)
        for bad, value in ((np.isinf(t), -np.inf if power == 0 else np.inf), (np.isnan(t), np.nan)):
            hits = _weighted_sum((present & bad).astype(np.float64), weighted)
            num = np.where(hits > 0, value, num)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        mean = num / den
        if power == 0:
            out = np.exp(mean)
        elif power == 1:
            out = mean
        else:
            out = mean ** (1.0 / power)
    return np.where(den > 0, out, np.nan), den


def _weighted_sum(terms: FloatArray, weights: FloatArray) -> FloatArray:
    """``sum_k terms[..., r, k] * weights[..., k]`` as a matrix product where it can be."""
    if terms.ndim == 2:
        out = terms @ weights.T
        return np.asarray(out if weights.ndim == 1 else out.T, dtype=np.float64)
    return np.asarray(np.einsum("...rk,...k->...r", terms, weights), dtype=np.float64)


_POWERS = {"arithmetic": 1.0, "geometric": 0.0, "harmonic": -1.0}


def method_power(method: str, p: float | None) -> float | None:
    """The power of ``method`` as a power mean, or None for minimum, median and copeland."""
    if method == "generalised":
        return 1.0 if p is None else float(p)
    return _POWERS.get(method)


def combine(
    values: FloatArray,
    weights: FloatArray,
    method: str,
    p: float | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Weighted mean of the non-missing values along the last axis, batched.

    ``values`` has shape ``(rows, cols)`` or ``(draws, rows, cols)`` and ``weights``
    ``(cols,)`` or ``(draws, cols)`` (broadcast against the rows). Missing values are
    dropped and the weights re-normalised. Domain checks are the caller's job.
    ``copeland`` is not handled here. Power means go through :func:`power_mean`.

    Returns:
        ``(scores, weight_sum)``: scores ``(..., rows)`` (NaN where no weighted value) and
        the sum of the weights of the present values (same shape).
    """
    power = method_power(method, p)
    if power is not None:
        return power_mean(values, weights, power)
    w = np.expand_dims(weights, -2)
    present = ~np.isnan(values)
    wsum = np.where(present, w, 0.0).sum(axis=-1)
    use = present & (w > 0)
    if method == "minimum":
        out = np.where(use, values, np.inf).min(axis=-1)
        out = np.where(use.any(axis=-1), out, np.nan)
    elif method == "median":
        ordered = np.sort(np.where(use, values, np.nan), axis=-1)
        count = use.sum(axis=-1)
        lo = np.maximum((count - 1) // 2, 0)
        hi = np.maximum(count // 2, 0)
        a = np.take_along_axis(ordered, lo[..., None], axis=-1)[..., 0]
        b = np.take_along_axis(ordered, hi[..., None], axis=-1)[..., 0]
        out = np.where(count > 0, (a + b) / 2.0, np.nan)
    else:  # pragma: no cover - guarded by check_method
        msg = f"combine: unsupported method {method!r}"
        raise ConfigError(msg)
    out = np.where(wsum > 0, out, np.nan)
    return out, wsum


def outrank(values: FloatArray, weights: FloatArray) -> FloatArray:
    """Outranking matrix of the rows of ``values`` (pairwise over columns present in both)."""
    a = values[:, None, :]
    b = values[None, :, :]
    both = ~np.isnan(a) & ~np.isnan(b)
    wins = np.where(both, (a > b) + 0.5 * (a == b), 0.0)
    wb = np.where(both, weights, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        matrix = (wins * weights).sum(axis=-1) / wb.sum(axis=-1)
    np.fill_diagonal(matrix, 0.0)
    return np.asarray(matrix, dtype=np.float64)


_TIE_TOLERANCE = 1e-12
"""Outranking shares within this of 1/2 are ties (rounding of normalised weights)."""


def copeland(values: FloatArray, weights: FloatArray) -> FloatArray:
    """Copeland score per row: wins minus losses in pairwise outranking (ties score 0)."""
    matrix = outrank(values, weights)
    scored = ~np.isnan(matrix)
    np.fill_diagonal(scored, val=False)
    margin = np.where(scored, matrix - 0.5, 0.0)
    # a tie must stay a tie whatever the weights' scale: shares that differ from 1/2 only
    # by rounding (weights normalised in floating point) count as ties
    sign = np.where(np.abs(margin) <= _TIE_TOLERANCE, 0.0, np.sign(margin))
    return np.asarray(sign.sum(axis=1), dtype=np.float64)


def aggregate_array(
    values: FloatArray,
    weights: FloatArray,
    method: str,
    *,
    p: float | None,
    data_threshold: float | None,
    offset: float | None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Aggregate a block; return scores, weight sums and coverage (weight share present).

    The one place where the offset and the data threshold are applied: ``values`` is
    ``(rows, cols)`` with ``weights`` ``(cols,)``, or batched as in :func:`combine`
    (``copeland`` only unbatched). A row whose present weight share is below
    ``data_threshold`` is NaN.
    """
    shifted = values + offset if offset is not None else values
    total = weights.sum(axis=-1)
    if method == "copeland":
        present = ~np.isnan(values)
        wsum = np.where(present, weights, 0.0).sum(axis=1)
        coverage = wsum / total
        keep = coverage >= (data_threshold or 0.0)
        keep &= wsum > 0
        scores = np.full(values.shape[0], np.nan)
        scores[keep] = copeland(values[keep], weights)
        return scores, wsum, coverage
    scores, wsum = combine(shifted, weights, method, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = wsum / (total if np.ndim(total) == 0 else np.expand_dims(total, -1))
    if data_threshold is not None:
        scores = np.where(coverage >= data_threshold, scores, np.nan)
    if offset is not None:
        scores = scores - offset
    return scores, wsum, coverage


def aggregate(
    frame: pd.DataFrame,
    *,
    weights: Mapping[str, float] | pd.Series | Sequence[float] | None = None,
    method: str = "arithmetic",
    data_threshold: float | None = None,
    offset: float | None = None,
    p: float | None = None,
) -> AggregationResult:
    """Aggregate the columns of ``frame`` into one score per row.

    Methods (weights ``w`` re-normalised over the non-missing values ``x`` of a row):
    ``arithmetic`` (sum w x), ``geometric`` (prod x^w), ``harmonic`` (1 / sum(w / x)),
    ``generalised`` (power mean (sum w x^p)^(1/p), ``p`` required; p=0 is geometric),
    ``minimum`` and ``median`` (of the values with weight > 0; weights otherwise ignored)
    and ``copeland`` (COINr's outranking: wins minus losses over all pairs of rows).

    Missing values are dropped and the weights re-normalised (COINr's convention, an
    implicit mean imputation); rows where the share of weight on non-missing values is
    below ``data_threshold`` get NaN. Both are reported in the result.

    Geometric, harmonic and generalised (p <= 0) means need values > 0: zeros or negatives
    raise :class:`~progress_indicators.exceptions.ScoringError` naming the columns and rows,
    never a silent NaN. ``offset=c`` aggregates ``x + c`` and subtracts ``c`` afterwards.

    Args:
        frame: normalised values, rows x columns.
        weights: one weight >= 0 per column (mapping, Series or sequence); equal if None.
        method: one of :data:`AGGREGATION_METHODS`.
        data_threshold: minimum share (0-1) of the weight that must be on non-missing
            values for a row to be scored.
        offset: constant added before and subtracted after aggregating.
        p: the power of the ``generalised`` mean.

    Returns:
        The scores with the re-weighting report.

    Raises:
        ConfigError: bad method, weights, threshold or ``p``.
        ScoringError: values outside the domain of the mean.

    Examples:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"a": [10.0, 50.0], "b": [30.0, None]})
        >>> result = aggregate(df, weights={"a": 1, "b": 3})
        >>> result.scores.tolist(), list(result.reweighted)
        ([25.0, 50.0], [1])
    """
    where = f"aggregate(method={method!r})"
    check_method(method, where=where)
    values = as_float_array(frame, where=where)
    columns = [str(c) for c in frame.columns]
    w = resolve_weights(weights, columns, where=where)
    check_options(method, p=p, data_threshold=data_threshold, offset=offset, where=where)
    shifted = values + offset if offset is not None else values
    check_domain(
        shifted, w, method, p, columns=columns, index=frame.index, where=where, offset=offset
    )
    scores, wsum, coverage = aggregate_array(
        values, w, method, p=p, data_threshold=data_threshold, offset=offset
    )
    present = ~np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        used = np.where(present, w, 0.0) / wsum[:, None]
    used = np.where(np.isnan(scores)[:, None], np.nan, used)
    positive_missing = (~present & (w > 0)).any(axis=1)
    return AggregationResult(
        scores=pd.Series(scores, index=frame.index.copy(), name=method),
        weights_used=pd.DataFrame(used, index=frame.index.copy(), columns=frame.columns.copy()),
        coverage=pd.Series(coverage, index=frame.index.copy(), name="coverage"),
        reweighted=frame.index[positive_missing & ~np.isnan(scores)],
        below_threshold=frame.index[
            (coverage < data_threshold) & (wsum > 0)
            if data_threshold is not None
            else np.zeros(len(frame), dtype=bool)
        ],
    )


def level_threshold(data_threshold: Threshold, level: int) -> float | None:
    """The data threshold that applies when computing ``level`` (a number or per level)."""
    if data_threshold is None or isinstance(data_threshold, (int, float)):
        return data_threshold
    return data_threshold.get(level)


def check_options(
    method: str,
    *,
    p: float | None,
    data_threshold: Threshold,
    offset: float | None,
    where: str,
) -> None:
    """Check the scalar options of an aggregation."""
    if isinstance(data_threshold, Mapping):
        for value in data_threshold.values():
            check_options(method, p=p, data_threshold=value, offset=offset, where=where)
        return
    if method == "generalised":
        if p is None:
            msg = f"{where}: the generalised mean needs a finite power p= (got None)."
            raise ConfigError(msg + hint(_POWER_HINT))
        real_number(p, where=where, name="p", hint=_POWER_HINT)
    if data_threshold is not None:
        real_number(
            data_threshold,
            where=where,
            name="data_threshold",
            minimum=0,
            maximum=1,
            hint="the share of the weight that must be on non-missing values.",
        )
    if offset is not None:
        real_number(offset, where=where, name="offset", hint=_OFFSET_HINT)


_POWER_HINT = "p=1 is arithmetic, p=0 geometric, p=-1 harmonic."
_OFFSET_HINT = "offset=c aggregates x + c and subtracts c from the result."


def outranking_matrix(
    frame: pd.DataFrame,
    *,
    weights: Mapping[str, float] | pd.Series | Sequence[float] | None = None,
) -> OutrankingResult:
    """COINr's outranking matrix of the rows of ``frame`` (see :class:`OutrankingResult`).

    Raises:
        ConfigError: bad weights.
        SchemaError: non-numeric input.
    """
    where = "outranking_matrix"
    values = as_float_array(frame, where=where)
    w = resolve_weights(weights, [str(c) for c in frame.columns], where=where)
    matrix = outrank(values, w)
    n = len(frame)
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    dominant = int((upper & ((matrix == 1.0) | (matrix.T == 1.0))).sum())
    pairs = n * (n - 1) // 2
    return OutrankingResult(
        matrix=pd.DataFrame(matrix, index=frame.index.copy(), columns=frame.index.copy()),
        n_dominant=dominant,
        frac_dominant=dominant / pairs if pairs else float("nan"),
    )
