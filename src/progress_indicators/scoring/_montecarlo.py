"""Input distributions and the batched evaluator behind uncertainty and sensitivity analysis."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from progress_indicators.exceptions import ConfigError
from progress_indicators.scoring._aggregate import aggregate_array, check_domain, level_threshold
from progress_indicators.scoring._common import hint

if TYPE_CHECKING:
    import pandas as pd

    from progress_indicators.scoring._common import FloatArray
    from progress_indicators.scoring._pipeline import Pipeline

__all__ = ["Choice", "DirichletWeights", "Distribution", "Uniform", "UniformWeights"]


def _as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(values)


@attrs.frozen
class Choice:
    """Pick one of ``options`` (equally likely unless ``probabilities`` are given).

    An option that is a mapping is a set of settings changed together (except under
    ``normalisation_params``, ``weights`` and ``aggregation``, whose values are mappings);
    otherwise it is the value of the setting named by the key
    (``"winmax": Choice([1, 2, 3])``). Mapping options may be given under any key, e.g.
    ``"normalisation": Choice([{"normalisation": "minmax", "normalisation_params": {...}},
    ...])``.
    """

    options: tuple[Any, ...] = attrs.field(converter=_as_tuple)
    probabilities: tuple[float, ...] | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if not self.options:
            msg = "Choice: needs at least one option."
            raise ConfigError(msg)
        if self.probabilities is not None:
            probs = np.asarray(self.probabilities, dtype=np.float64)
            if probs.shape != (len(self.options),) or (probs < 0).any() or probs.sum() <= 0:
                msg = (
                    f"Choice: probabilities must be {len(self.options)} numbers >= 0 with a "
                    f"positive sum (got {self.probabilities!r})."
                )
                raise ConfigError(msg)

    def dim(self, n_elements: int) -> int:
        """Number of unit-interval coordinates one draw uses."""
        return 1

    def indices(self, unit: FloatArray) -> np.ndarray:
        """Option index for each row of ``unit`` (shape (n, 1), values in [0, 1))."""
        k = len(self.options)
        if self.probabilities is None:
            return np.minimum((unit[:, 0] * k).astype(np.int64), k - 1)
        cum = np.cumsum(np.asarray(self.probabilities, dtype=np.float64))
        return np.minimum(np.searchsorted(cum / cum[-1], unit[:, 0], side="right"), k - 1)


@attrs.frozen
class Uniform:
    """A continuous setting drawn uniformly from ``[low, high]`` (e.g. ``p`` or a threshold)."""

    low: float
    high: float

    def dim(self, n_elements: int) -> int:
        """Number of unit-interval coordinates one draw uses."""
        return 1

    def values(self, unit: FloatArray) -> FloatArray:
        """Setting values for each row of ``unit``."""
        return np.asarray(self.low + unit[:, 0] * (self.high - self.low), dtype=np.float64)


def _optional_levels(value: Sequence[int] | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(int(x) for x in value)


@attrs.frozen
class UniformWeights:
    """Each element's weight times ``1 + spread * U(-1, 1)``, independently (key ``"weights"``).

    ``levels`` limits the perturbation to elements of those levels (default all).
    """

    spread: float = 0.25
    levels: tuple[int, ...] | None = attrs.field(default=None, converter=_optional_levels)

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.spread < 1:
            msg = f"UniformWeights: spread must lie in [0, 1) (got {self.spread!r})."
            raise ConfigError(msg + hint("weights must stay > 0."))

    def dim(self, n_elements: int) -> int:
        """Number of unit-interval coordinates one draw uses (one per element)."""
        return n_elements

    def weights(self, unit: FloatArray, nominal: FloatArray, levels: FloatArray) -> FloatArray:
        """Perturbed weights (n, elements) from unit coordinates (n, elements)."""
        factor = 1.0 + self.spread * (2.0 * unit - 1.0)
        if self.levels is not None:
            factor = np.where(np.isin(levels, self.levels), factor, 1.0)
        return np.asarray(nominal * factor, dtype=np.float64)


@attrs.frozen
class DirichletWeights:
    """Sibling weight shares drawn from Dirichlet(concentration * nominal shares).

    The mean is the nominal share; a larger ``concentration`` means less spread. Only for
    :func:`uncertainty` (Sobol analysis needs a map from the unit cube: use
    :class:`UniformWeights` there).
    """

    concentration: float = 20.0

    def __attrs_post_init__(self) -> None:
        if not self.concentration > 0:
            msg = f"DirichletWeights: concentration must be > 0 (got {self.concentration!r})."
            raise ConfigError(msg)

    def dim(self, n_elements: int) -> int:
        """Unit-cube coordinates: none (sampled with the generator)."""
        return 0

    def sample(
        self, rng: np.random.Generator, n: int, nominal: FloatArray, groups: Sequence[Sequence[int]]
    ) -> FloatArray:
        """Draw ``n`` weight vectors."""
        out = np.tile(nominal, (n, 1))
        for children in groups:
            kids = list(children)
            share = nominal[kids] / nominal[kids].sum()
            alpha = np.maximum(self.concentration * share, 1e-12)
            positive = share > 0
            drawn = np.zeros((n, len(kids)))
            drawn[:, positive] = rng.dirichlet(alpha[positive], size=n)
            out[:, kids] = drawn
        return out


#: Any input distribution accepted by ``uncertainty`` and ``sensitivity``.
Distribution = Choice | Uniform | UniformWeights | DirichletWeights


@attrs.frozen(kw_only=True)
class DrawPlan:
    """Pipeline variants and weights for a set of draws.

    Attributes:
        pipelines: the distinct pipeline variants.
        variant: index into ``pipelines`` for every draw.
        weights: (draws, elements) weights, or None for the nominal weights.
    """

    pipelines: tuple[Pipeline, ...]
    variant: np.ndarray
    weights: FloatArray | None


def plan_draws(
    pipeline: Pipeline,
    params: Mapping[str, Distribution],
    unit: Mapping[str, FloatArray],
    *,
    rng: np.random.Generator | None = None,
    n: int,
) -> DrawPlan:
    """Turn unit-cube coordinates per factor into pipeline variants and weights."""
    weights: FloatArray | None = None
    settings: list[dict[str, Any]] = [{} for _ in range(n)]
    field_names = {f.name for f in attrs.fields(type(pipeline))}
    for name, dist in params.items():
        if isinstance(dist, UniformWeights | DirichletWeights):
            if name != "weights":
                msg = f"{type(dist).__name__} must be given under the key 'weights' (got {name!r})."
                raise ConfigError(msg)
            weights = _draw_weights(dist, unit[name], pipeline, rng, n)
            continue
        _apply_setting(name, dist, unit[name], settings, field_names)
    keys: dict[str, int] = {}
    variants: list[Pipeline] = []
    variant = np.empty(n, dtype=np.int64)
    for i, change in enumerate(settings):
        key = repr(sorted(change.items()))
        if key not in keys:
            keys[key] = len(variants)
            variants.append(pipeline.evolve(**change) if change else pipeline)
        variant[i] = keys[key]
    return DrawPlan(pipelines=tuple(variants), variant=variant, weights=weights)


#: Pipeline settings whose value is itself a mapping.
_MAPPING_SETTINGS = frozenset({"normalisation_params", "weights", "aggregation"})


def _apply_setting(
    name: str,
    dist: Choice | Uniform,
    unit: FloatArray,
    settings: list[dict[str, Any]],
    field_names: set[str],
) -> None:
    """Write the drawn value of one setting factor into every draw's changes."""
    if name == "weights":
        msg = "params['weights'] must be UniformWeights or DirichletWeights."
        raise ConfigError(msg)
    if isinstance(dist, Uniform):
        if name not in field_names:
            msg = f"Uniform must be given under a pipeline setting name (got {name!r})."
            raise ConfigError(msg + hint(f"settings are {sorted(field_names)}."))
        for i, v in enumerate(dist.values(unit)):
            settings[i][name] = float(v)
        return
    for i, k in enumerate(dist.indices(unit)):
        option = dist.options[int(k)]
        if isinstance(option, Mapping) and name not in _MAPPING_SETTINGS:
            settings[i].update(option)
        elif name in field_names:
            settings[i][name] = option
        else:
            msg = (
                f"params[{name!r}]: {name!r} is not a pipeline setting, so each option must "
                f"be a mapping of settings (got {option!r})."
            )
            raise ConfigError(msg + hint(f"settings are {sorted(field_names)}."))


def _draw_weights(
    dist: UniformWeights | DirichletWeights,
    unit: FloatArray,
    pipeline: Pipeline,
    rng: np.random.Generator | None,
    n: int,
) -> FloatArray:
    hierarchy = pipeline.effective_hierarchy
    nominal = np.asarray(hierarchy.weights, dtype=np.float64)
    if isinstance(dist, UniformWeights):
        return dist.weights(unit, nominal, np.asarray(hierarchy.levels, dtype=np.float64))
    if rng is None:
        msg = "DirichletWeights cannot be used in sensitivity analysis."
        raise ConfigError(msg + hint("use UniformWeights(spread=...) instead."))
    return dist.sample(rng, n, nominal, [children for _, _, children in hierarchy.groups])


def unit_dims(params: Mapping[str, Distribution], n_elements: int) -> dict[str, int]:
    """Unit-cube coordinates each factor needs."""
    unknown = [k for k, v in params.items() if not isinstance(v, Distribution)]
    if unknown:
        msg = (
            f"params {unknown} must be Choice, Uniform, UniformWeights or DirichletWeights "
            "distributions."
        )
        raise ConfigError(msg)
    return {name: dist.dim(n_elements) for name, dist in params.items()}


def _batched_level(
    block: FloatArray, w: FloatArray, method: str, variant: Pipeline, level: int
) -> FloatArray:
    """Aggregate ``block`` (rows, k) or (draws, rows, k) with weights (draws, k)."""
    scores, _, _ = aggregate_array(
        block,
        w,
        method,
        p=variant.p,
        data_threshold=level_threshold(variant.data_threshold, level),
        offset=variant.offset,
    )
    return np.asarray(scores, dtype=np.float64)


class Evaluator:
    """Scores of many pipeline variants on one data set, stages cached, draws batched."""

    def __init__(self, pipeline: Pipeline, data: pd.DataFrame) -> None:
        self.pipeline = pipeline
        self.data = data
        self.hierarchy = pipeline.effective_hierarchy
        self.cache: dict[str, Any] = {}
        self.n_rows = len(data)

    def scores(self, plan: DrawPlan, rows: slice, elements: Sequence[int]) -> FloatArray:
        """Scores (draws, rows in ``rows``, ``elements``) for every draw of ``plan``."""
        n_draws = plan.variant.size
        n_rows = len(range(*rows.indices(self.n_rows)))
        out = np.full((n_draws, n_rows, len(elements)), np.nan)
        for k, variant in enumerate(plan.pipelines):
            draws = np.nonzero(plan.variant == k)[0]
            if draws.size == 0:
                continue
            base = variant.normalised_array(self.data, self.cache)[rows]
            if plan.weights is not None:
                w = plan.weights[draws]
            else:
                # the variant's own weights: its override, or the hierarchy's without one
                own = np.asarray(variant.effective_hierarchy.weights, dtype=np.float64)
                w = np.tile(own, (draws.size, 1))
            out[draws] = self._variant_scores(variant, base, w, elements, rows)
        return out

    def _variant_scores(
        self,
        variant: Pipeline,
        base: FloatArray,
        w: FloatArray,
        elements: Sequence[int],
        rows: slice,
    ) -> FloatArray:
        methods = self.hierarchy.resolve_methods(variant.aggregation, where="Pipeline")
        if "copeland" in methods.values():
            if rows != slice(None):
                msg = "copeland aggregation compares all rows; it cannot be evaluated by row chunk."
                raise ConfigError(msg)
            return np.stack(
                [
                    self.hierarchy.aggregate_array(
                        base,
                        w[d],
                        methods,
                        data_threshold=variant.data_threshold,
                        offset=variant.offset,
                        p=variant.p,
                        index=self.data.index,
                    )[:, list(elements)]
                    for d in range(w.shape[0])
                ]
            )
        n_draws = w.shape[0]
        columns: dict[int, FloatArray] = {}
        index = self.data.index[rows]

        def column(position: int) -> FloatArray:
            if position in columns:
                return columns[position]
            return base[:, position]

        for position, level, children in self.hierarchy.groups:
            method = methods[level]
            kids = list(children)
            parts = [column(c) for c in kids]
            batched = any(part.ndim == 2 for part in parts)
            if batched:
                block = np.stack(
                    [np.broadcast_to(part, (n_draws, base.shape[0])) for part in parts], axis=-1
                )
                probe = np.min(block, axis=0)
            else:
                block = np.stack(parts, axis=-1)
                probe = block
            shifted = probe + variant.offset if variant.offset is not None else probe
            check_domain(
                shifted,
                w[:, kids].max(axis=0),  # a column is checked if some draw weights it
                method,
                variant.p,
                columns=[self.hierarchy.codes[c] for c in kids],
                index=index,
                where=f"Hierarchy.aggregate: element {self.hierarchy.codes[position]!r} "
                f"(level {level}, {method})",
                offset=variant.offset,
            )
            columns[position] = _batched_level(block, w[:, kids], method, variant, level)
        result = np.empty((n_draws, base.shape[0], len(elements)))
        for j, position in enumerate(elements):
            value = column(position)
            result[:, :, j] = value if value.ndim == 2 else value[None, :]
        return result
