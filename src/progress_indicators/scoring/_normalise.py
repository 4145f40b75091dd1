"""Normalisation: bring indicators with different units onto one scale (COINr conventions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from progress_indicators.exceptions import ConfigError, ScoringError, did_you_mean
from progress_indicators.scoring._common import (
    as_float_array,
    hint,
    nan_mean_sd,
    nan_reduce,
    per_column,
    resolve_directions,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Sequence

    import numpy.typing as npt

    from progress_indicators.scoring._common import FloatArray, PerColumn

__all__ = ["NORMALISATION_METHODS", "BandsResult", "bands", "goalpost_share", "normalise"]

_RANK_TIES = ("min", "max", "average", "first", "dense")


def normalise(
    frame: pd.DataFrame,
    method: str = "minmax",
    *,
    directions: PerColumn | None = None,
    **params: Any,
) -> pd.DataFrame:
    """Normalise every column of ``frame`` with ``method``; return a new DataFrame.

    Rows are units or periods, columns indicators. NaN stays NaN. Following COINr, each
    column is multiplied by its direction (+1 or -1) *before* normalising, and goalposts,
    targets and references are negated (and swapped) to match, so that for direction -1 a
    lower raw value always gets a higher score.

    Methods and their options (see ``docs/scoring-engine.md`` for the formulas):

    - ``minmax``: ``lower=0``, ``upper=100``.
    - ``zscore``: ``mean=0``, ``sd=1`` (sample standard deviation, n - 1).
    - ``goalposts``: ``lower``, ``upper`` (scalars or per-column mappings), ``scale=100``,
      ``truncate=True``; or ``baseline=(start_label, end_label)`` to take the goalposts as
      the min and max of those rows (inclusive).
    - ``log_goalposts``: counts (>= 0) against a baseline count ``base`` (or the mean over
      ``baseline=(start, end)`` rows), ``scale=100``. Lower-is-better (direction -1):
      ``clip(1 - log1p(A) / log1p(A_base), 0, 1) * scale``; direction +1:
      ``clip(log1p(A) / log1p(A_base), 0, 1) * scale``.
    - ``dist_to_target``: ``targets``, ``cap_max=False``, ``scale=1``.
    - ``dist_to_max``: ``scale=1``. ``frac_max``: ``scale=1``.
    - ``dist_to_ref``: ``ref`` (a row label), ``cap_max=False``, ``scale=1``.
    - ``rank``, ``percentile_rank``, ``borda``: ``ties="min"`` (also ``max``, ``average``,
      ``first``, ``dense``); ranks rise with the value.
    - ``bands``: see :func:`bands` (returns its ``scores``).

    Args:
        frame: numeric indicator values.
        method: one of :data:`NORMALISATION_METHODS`.
        directions: +1 (higher is better, the default) or -1 per column.
        **params: the options of ``method``.

    Returns:
        A new DataFrame with the same index and columns.

    Raises:
        ConfigError: unknown method or option, bad option value.
        SchemaError: non-numeric or infinite input.
        ScoringError: the data cannot be normalised so (e.g. constant column in minmax).

    Examples:
        >>> import pandas as pd
        >>> normalise(pd.DataFrame({"a": [1.0, 2.0, 5.0]}), "minmax")["a"].tolist()
        [0.0, 25.0, 100.0]
    """
    where = f"normalise(method={method!r})"
    spec = _METHODS.get(method)
    if spec is None:
        msg = (
            f"normalise: unknown method {method!r}; expected one of "
            f"{sorted(NORMALISATION_METHODS)}." + hint(did_you_mean(method, _METHODS))
        )
        raise ConfigError(msg)
    unknown = sorted(set(params) - spec.options)
    if unknown:
        msg = (
            f"{where}: unknown option(s) {unknown}; expected some of {sorted(spec.options)}."
            + hint(did_you_mean(unknown[0], spec.options))
        )
        raise ConfigError(msg)
    if method == "bands":
        return bands(frame, directions=directions, **params).scores
    values = as_float_array(frame, where=where)
    columns = [str(c) for c in frame.columns]
    dirs = resolve_directions(directions, columns, where=where)
    context = _Context(frame=frame, columns=columns, where=where)
    out = spec.function(values, dirs, context, params)
    return pd.DataFrame(out, index=frame.index.copy(), columns=frame.columns.copy())


@attrs.frozen
class _Context:
    """What a method needs besides the values: labels for errors and baseline windows."""

    frame: pd.DataFrame
    columns: list[str]
    where: str

    def rows(self, window: tuple[Hashable, Hashable]) -> slice:
        """Positions of the rows from ``window[0]`` to ``window[1]`` inclusive."""
        index = self.frame.index
        positions = []
        for label in window:
            try:
                loc = index.get_loc(label)
            except KeyError:
                msg = (
                    f"{self.where}: baseline row {label!r} is not in the index (first rows "
                    f"{list(index[:5])})."
                    + hint("baseline=(start_label, end_label) uses row labels.")
                )
                raise ConfigError(msg) from None
            if not isinstance(loc, int):
                msg = f"{self.where}: baseline row {label!r} is not unique in the index."
                raise ConfigError(msg)
            positions.append(loc)
        start, end = positions
        if end < start:
            msg = f"{self.where}: baseline window {window!r} ends before it starts."
            raise ConfigError(msg)
        return slice(start, end + 1)


def _minmax(x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]) -> FloatArray:
    lower = float(p.get("lower", 0.0))
    upper = float(p.get("upper", 100.0))
    x = x * dirs
    lo, hi = nan_reduce(x, "min"), nan_reduce(x, "max")
    _check_spread(hi - lo, ctx, "max - min")
    return (x - lo) / (hi - lo) * (upper - lower) + lower


def _zscore(x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]) -> FloatArray:
    x = x * dirs
    mean, sd = nan_mean_sd(x)
    _check_spread(sd, ctx, "standard deviation")
    return (x - mean) / sd * float(p.get("sd", 1.0)) + float(p.get("mean", 0.0))


def _check_spread(spread: FloatArray, ctx: _Context, what: str) -> None:
    bad = [c for c, s in zip(ctx.columns, spread, strict=True) if not (s > 0)]
    if bad:
        msg = (
            f"{ctx.where}: column(s) {bad} have {what} 0 or fewer than two values, so they "
            "cannot be rescaled by their own spread."
            + hint("use method='goalposts' with fixed goalposts for constant indicators.")
        )
        raise ScoringError(msg)


def goalpost_share(
    x: FloatArray,
    worst: FloatArray,
    best: FloatArray,
    *,
    log: npt.NDArray[np.bool_] | bool = False,
    clip: bool = True,
) -> FloatArray:
    """How far each value has come from ``worst`` toward ``best``: 0 at worst, 1 at best.

    The one goalpost rule of the package, used by ``normalise(method="goalposts")``,
    ``normalise(method="log_goalposts")`` and the VPI's metric scores::

        share = (f(x) - f(worst)) / (f(best) - f(worst))

    with ``f = log1p`` on log columns (counts spanning 0 to thousands; DOMAIN.md's
    ``1 - log1p(A) / log1p(A_base)`` is the case ``best = 0``) and the identity
    otherwise. Either goalpost may be the larger one (lower-is-better metrics have
    ``worst > best``).

    Args:
        x: values, ``(rows, cols)``.
        worst: the worst goalpost per column, ``(cols,)`` (share 0).
        best: the best goalpost per column, ``(cols,)`` (share 1).
        log: per-column (or one) flag for the log scale. A log column needs goalposts
            >= 0 (else it gives no scale); a negative value on it counts as 0 (the
            engine's ``log_goalposts`` refuses negative values before this is reached).
        clip: clip the share to [0, 1] (values beyond a goalpost score as that goalpost).

    Returns:
        The shares, NaN where ``x`` is missing and in columns whose goalposts are not
        finite or coincide (they give no scale; callers decide whether that is an error).
    """
    on_log = np.broadcast_to(np.asarray(log, dtype=bool), np.shape(worst))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        fx = np.where(on_log, np.log1p(np.maximum(x, 0.0)), x)
        fw = np.where(on_log, np.log1p(worst), worst)
        fb = np.where(on_log, np.log1p(best), best)
        share = (fx - fw) / (fb - fw)
    usable = np.isfinite(fw) & np.isfinite(fb) & (fb != fw)
    usable &= ~on_log | ((np.asarray(worst) >= 0) & (np.asarray(best) >= 0))
    if clip:
        share = np.clip(share, 0.0, 1.0)
    return np.asarray(np.where(usable, share, np.nan), dtype=np.float64)


def _goalpost_bounds(
    x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper goalposts in direction-adjusted units (negated and swapped for -1)."""
    baseline = p.get("baseline")
    if baseline is not None:
        if "lower" in p or "upper" in p:
            msg = f"{ctx.where}: give either baseline= or lower=/upper=, not both."
            raise ConfigError(msg)
        window = x[ctx.rows(baseline)] * dirs
        lo, hi = nan_reduce(window, "min"), nan_reduce(window, "max")
    else:
        lower = per_column(p.get("lower"), ctx.columns, name="lower", where=ctx.where)
        upper = per_column(p.get("upper"), ctx.columns, name="upper", where=ctx.where)
        bad = [c for c, a, b in zip(ctx.columns, lower, upper, strict=True) if not a < b]
        if bad:
            msg = f"{ctx.where}: lower goalpost must be below the upper one (columns {bad})."
            raise ConfigError(msg)
        lo = np.where(dirs > 0, lower, -upper)
        hi = np.where(dirs > 0, upper, -lower)
    _check_spread(hi - lo, ctx, "goalpost range (upper - lower)")
    return lo, hi


def _goalposts(x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]) -> FloatArray:
    lo, hi = _goalpost_bounds(x, dirs, ctx, p)
    share = goalpost_share(x * dirs, lo, hi, clip=bool(p.get("truncate", True)))
    return share * float(p.get("scale", 100.0))


def _log_goalposts(x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]) -> FloatArray:
    negative = np.nonzero(x < 0)
    if negative[0].size:
        cols = sorted({ctx.columns[int(c)] for c in negative[1]})
        msg = (
            f"{ctx.where}: log goalposts take counts >= 0; column(s) {cols} have negative "
            f"values at row(s) {[ctx.frame.index[int(r)] for r in negative[0][:10]]}."
            + hint("use method='goalposts' for values that can be negative.")
        )
        raise ScoringError(msg)
    baseline = p.get("baseline")
    if baseline is not None:
        if "base" in p:
            msg = f"{ctx.where}: give either baseline= or base=, not both."
            raise ConfigError(msg)
        base = nan_mean_sd(x[ctx.rows(baseline)])[0]
    else:
        base = per_column(p.get("base"), ctx.columns, name="base", where=ctx.where)
    bad = [c for c, b in zip(ctx.columns, base, strict=True) if not b > 0]
    if bad:
        msg = f"{ctx.where}: the baseline count must be > 0 (columns {bad})." + hint(
            "a zero baseline gives no scale; pick a reference period with events."
        )
        raise ScoringError(msg)
    zero = np.zeros_like(base)
    worst, best = np.where(dirs < 0, base, zero), np.where(dirs < 0, zero, base)
    return goalpost_share(x, worst, best, log=True) * float(p.get("scale", 100.0))


def _dist_to_target(
    x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]
) -> FloatArray:
    target = per_column(p.get("targets"), ctx.columns, name="targets", where=ctx.where) * dirs
    return _share_of_reach(x * dirs, target, ctx, p, "target - min")


def _share_of_reach(
    x: FloatArray, reference: FloatArray, ctx: _Context, p: dict[str, Any], label: str
) -> FloatArray:
    """COINr's distance to a target or a reference row: ``(x - min) / (reference - min)``.

    Capped at 1 with ``cap_max``, times ``scale``; ``x`` and ``reference`` already carry
    the directions.
    """
    lo = nan_reduce(x, "min")
    _check_spread(reference - lo, ctx, label)
    out = (x - lo) / (reference - lo)
    if p.get("cap_max", False):
        out = np.minimum(out, 1.0)
    return np.asarray(out * float(p.get("scale", 1.0)), dtype=np.float64)


def _dist_to_max(x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]) -> FloatArray:
    x = x * dirs
    lo, hi = nan_reduce(x, "min"), nan_reduce(x, "max")
    _check_spread(hi - lo, ctx, "max - min")
    return (1.0 - (hi - x) / (hi - lo)) * float(p.get("scale", 1.0))


def _dist_to_ref(x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]) -> FloatArray:
    if "ref" not in p:
        msg = f"{ctx.where}: option 'ref' (the label of the reference row) is required."
        raise ConfigError(msg)
    position = ctx.rows((p["ref"], p["ref"])).start
    x = x * dirs
    return _share_of_reach(x, x[position], ctx, p, "reference - min")


def _identity(x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]) -> FloatArray:
    """Values already on a common scale (e.g. goalpost scores): kept as they are."""
    del dirs, ctx, p
    return x.copy()


def _frac_max(x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]) -> FloatArray:
    x = x * dirs
    hi = nan_reduce(x, "max")
    _check_spread(hi, ctx, "a maximum")
    return x / hi * float(p.get("scale", 1.0))


def _ranks(x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]) -> FloatArray:
    ties = p.get("ties", "min")
    if ties not in _RANK_TIES:
        msg = f"{ctx.where}: ties must be one of {list(_RANK_TIES)} (got {ties!r})."
        raise ConfigError(msg)
    ranked = pd.DataFrame(x * dirs).rank(method=ties, na_option="keep", ascending=True)
    return ranked.to_numpy(dtype=np.float64, na_value=np.nan)


def _rank(x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]) -> FloatArray:
    return _ranks(x, dirs, ctx, p)


def _percentile_rank(
    x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]
) -> FloatArray:
    count = (~np.isnan(x)).sum(axis=0)
    bad = [c for c, n in zip(ctx.columns, count, strict=True) if n < 2]
    if bad:
        msg = (
            f"{ctx.where}: column(s) {bad} have fewer than two values, so their percentile "
            "ranks are undefined." + hint("use method='rank', or give each column two values.")
        )
        raise ScoringError(msg)
    return np.asarray((_ranks(x, dirs, ctx, p) - 1.0) / (count - 1.0), dtype=np.float64)


def _borda(x: FloatArray, dirs: FloatArray, ctx: _Context, p: dict[str, Any]) -> FloatArray:
    return _ranks(x, dirs, ctx, p) - 1.0


@attrs.frozen
class _Method:
    function: Callable[[FloatArray, FloatArray, _Context, dict[str, Any]], FloatArray]
    options: frozenset[str]


_METHODS: dict[str, _Method] = {
    "none": _Method(_identity, frozenset()),
    "minmax": _Method(_minmax, frozenset({"lower", "upper"})),
    "zscore": _Method(_zscore, frozenset({"mean", "sd"})),
    "goalposts": _Method(
        _goalposts, frozenset({"lower", "upper", "scale", "truncate", "baseline"})
    ),
    "log_goalposts": _Method(_log_goalposts, frozenset({"base", "baseline", "scale"})),
    "dist_to_target": _Method(_dist_to_target, frozenset({"targets", "cap_max", "scale"})),
    "dist_to_max": _Method(_dist_to_max, frozenset({"scale"})),
    "dist_to_ref": _Method(_dist_to_ref, frozenset({"ref", "cap_max", "scale"})),
    "frac_max": _Method(_frac_max, frozenset({"scale"})),
    "rank": _Method(_rank, frozenset({"ties"})),
    "percentile_rank": _Method(_percentile_rank, frozenset({"ties"})),
    "borda": _Method(_borda, frozenset({"ties"})),
    "bands": _Method(_minmax, frozenset({"edges", "labels", "scores", "right"})),
}

#: The names accepted by :func:`normalise`.
NORMALISATION_METHODS: frozenset[str] = frozenset(_METHODS)


@attrs.frozen(kw_only=True)
class BandsResult:
    """Scores and labels of an ordinal banding (attrs: an internal result, never parsed).

    Attributes:
        scores: the score of each value's band (NaN where the value is NaN).
        labels: the band label of each value, as an ordered ``pd.Categorical`` per column.
    """

    scores: pd.DataFrame
    labels: pd.DataFrame


def bands(
    frame: pd.DataFrame,
    edges: Sequence[float],
    *,
    labels: Sequence[str] | None = None,
    scores: Sequence[float] | None = None,
    right: bool = False,
    directions: PerColumn | None = None,
) -> BandsResult:
    """Map values onto ordinal bands (e.g. a 0-3 provision scale) with scores and labels.

    ``k + 1`` ascending ``edges`` make ``k`` bands ``[edges[i], edges[i+1])`` (the last band
    closed; with ``right=True`` bands are ``(edges[i], edges[i+1]]``, the first closed).
    Band ``i`` scores ``scores[i]``, by default ``100 * i / (k - 1)``. For direction -1 the
    scores are reversed (the lowest band scores highest). Values outside the edges raise.

    Args:
        frame: numeric values.
        edges: ascending band edges.
        labels: one label per band (default ``"[a, b)"`` strings).
        scores: one score per band.
        right: whether bands are closed on the right.
        directions: +1 or -1 per column.

    Returns:
        The scores and the labels.

    Raises:
        ConfigError: edges not ascending or wrong number of labels/scores.
        ScoringError: a value lies outside the edges.

    Examples:
        >>> import pandas as pd
        >>> out = bands(pd.DataFrame({"aid": [0, 3, 1]}), [0, 1, 2, 3, 4],
        ...             labels=["none", "minimal", "partial", "full"])
        >>> out.scores["aid"].round(1).tolist(), out.labels["aid"].tolist()
        ([0.0, 100.0, 33.3], ['none', 'full', 'minimal'])
    """
    where = "bands"
    edge_arr = np.asarray(edges, dtype=np.float64)
    if edge_arr.ndim != 1 or edge_arr.size < 2 or not np.all(np.diff(edge_arr) > 0):
        msg = f"{where}: edges must be at least two strictly ascending numbers (got {edges!r})."
        raise ConfigError(msg)
    k = edge_arr.size - 1
    band_labels = (
        list(labels)
        if labels is not None
        else [f"[{edge_arr[i]:g}, {edge_arr[i + 1]:g})" for i in range(k)]
    )
    band_scores = (
        np.asarray(scores, dtype=np.float64)
        if scores is not None
        else (np.linspace(0.0, 100.0, k) if k > 1 else np.array([100.0]))
    )
    if len(band_labels) != k or band_scores.shape != (k,):
        msg = (
            f"{where}: {k + 1} edges make {k} bands; expected {k} labels and {k} scores "
            f"(got {len(band_labels)} labels, {band_scores.size} scores)."
        )
        raise ConfigError(msg)
    values = as_float_array(frame, where=where)
    columns = [str(c) for c in frame.columns]
    dirs = resolve_directions(directions, columns, where=where)
    present = ~np.isnan(values)
    outside = present & ((values < edge_arr[0]) | (values > edge_arr[-1]))
    if outside.any():
        rows, cols = np.nonzero(outside)
        msg = (
            f"{where}: value(s) outside the band edges [{edge_arr[0]:g}, {edge_arr[-1]:g}] in "
            f"column(s) {sorted({columns[int(c)] for c in cols})} at row(s) "
            f"{[frame.index[int(r)] for r in rows[:10]]}."
            + hint("widen the edges or fix the data.")
        )
        raise ScoringError(msg)
    filled = np.where(present, values, edge_arr[0])
    band = np.searchsorted(edge_arr, filled, side="left" if right else "right") - 1
    band = np.clip(band, 0, k - 1)
    score_of = np.where(dirs < 0, band_scores[::-1][band], band_scores[band])
    score_frame = pd.DataFrame(
        np.where(present, score_of, np.nan), index=frame.index.copy(), columns=frame.columns.copy()
    )
    categories = pd.CategoricalDtype(band_labels, ordered=True)
    label_frame = pd.DataFrame(
        {
            col: pd.Categorical.from_codes(
                np.where(present[:, j], band[:, j], -1), dtype=categories
            )
            for j, col in enumerate(frame.columns)
        },
        index=frame.index.copy(),
    )
    return BandsResult(scores=score_frame, labels=label_frame)
