"""Uncertainty and sensitivity of the VPI over its own choices, and the probability of progress.

The inputs varied (``config.uncertainty``): the indicator and metric weights, the
index aggregation, the geometric offset, the normalisation form of log-scale metrics
(their own log goalposts or linear ones), the worst goalposts of flow metrics (factors
standing for other baseline windows), and any scenario configs (another verification
threshold ...). Each draw picks one value of each. The draws are kept
(:class:`MonteCarlo`), so a change between two periods or two windows carries the
share of draws in which it is an improvement: ``p_progress``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import numpy as np
import pandas as pd

from progress_indicators.model import Indicator
from progress_indicators.scoring._montecarlo import (
    Choice,
    DirichletWeights,
    Evaluator,
    UniformWeights,
    plan_draws,
    unit_dims,
)
from progress_indicators.scoring._sensitivity import saltelli_design, sobol_result
from progress_indicators.scoring._vpi import INDEX_NAME, _normalise, vpi_input, vpi_pipeline

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

    from progress_indicators.model import MetricSpec, ScorecardConfig, UncertaintySettings
    from progress_indicators.scoring._montecarlo import Distribution
    from progress_indicators.scoring._sensitivity import SensitivityResult

__all__ = ["MonteCarlo", "VpiInputs", "goalpost_variant", "vpi_sensitivity", "vpi_uncertainty"]

_INDICATORS = tuple(i.value for i in Indicator)


@attrs.frozen(kw_only=True, eq=False)
class VpiInputs:
    """What one track's scores are computed from: its values, goalposts and config."""

    metric_values: pd.DataFrame
    goalposts: pd.DataFrame
    config: ScorecardConfig


def goalpost_variant(
    goalposts: pd.DataFrame,
    metrics: Sequence[MetricSpec],
    *,
    normalisation: str,
    factor: float,
) -> pd.DataFrame:
    """Goalposts under another normalisation form and worst-goalpost factor.

    ``normalisation="linear"`` scores log-scale metrics on linear goalposts between the
    same two numbers; ``factor`` multiplies the worst goalpost of every flow metric
    (``kind="count"``).
    """
    out = goalposts.copy()
    if normalisation == "linear":
        out["scale"] = "linear"
    flows = [m.name for m in metrics if m.kind == "count" and m.name in out.index]
    out.loc[flows, "worst"] = out.loc[flows, "worst"] * factor
    return out


@attrs.frozen(kw_only=True, eq=False)
class MonteCarlo:
    """The Monte Carlo draws of the index and indicators (attrs: an internal result).

    Attributes:
        periods: the periods (columns of the draws).
        index: ``(draws, periods)`` index values, NaN where a draw has none.
        indicators: ``(draws, periods, 4)`` indicator values, in ``Indicator`` order.
    """

    periods: pd.PeriodIndex
    index: np.ndarray
    indicators: np.ndarray

    def _series(self, indicator: Indicator | str | None) -> np.ndarray:
        if indicator is None or indicator == INDEX_NAME:
            return self.index
        return self.indicators[:, :, _INDICATORS.index(Indicator(indicator).value)]

    def p_progress(
        self,
        before: np.ndarray,
        after: np.ndarray,
        indicator: Indicator | str | None = None,
    ) -> float:
        """Share of draws in which the mean over ``after`` exceeds the mean over ``before``.

        Args:
            before: boolean mask over the periods (the window before).
            after: boolean mask over the periods (the window after).
            indicator: an indicator, or None for the index.

        Returns:
            The share among the draws defined in both windows; NaN if there are none.
        """
        series = self._series(indicator)
        mean_before = _nanmean(series[:, before])
        mean_after = _nanmean(series[:, after])
        both = ~np.isnan(mean_before) & ~np.isnan(mean_after)
        if not both.any():
            return float("nan")
        return float((mean_after[both] > mean_before[both]).mean())

    def period_p_progress(self, indicator: Indicator | str | None = None) -> np.ndarray:
        """Per period: the share of draws in which the value rose from the period before.

        NaN in the first period and where no draw is defined in both periods.
        """
        series = self._series(indicator)
        defined = ~np.isnan(series)
        both = defined[:, 1:] & defined[:, :-1]
        rose = (series[:, 1:] > series[:, :-1]) & both
        pairs = both.sum(axis=0)
        out = np.full(series.shape[1], np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[1:] = np.where(pairs > 0, rose.sum(axis=0) / pairs, np.nan)
        return out

    def indicator_p_progress(self) -> pd.DataFrame:
        """Period x indicator: the share of draws in which the indicator rose."""
        return pd.DataFrame(
            {name: self.period_p_progress(name) for name in _INDICATORS},
            index=self.periods,
        ).rename_axis(columns="indicator")


def _nanmean(block: np.ndarray) -> np.ndarray:
    count = (~np.isnan(block)).sum(axis=1)
    total = np.where(np.isnan(block), 0.0, block).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)


def _pipeline_params(settings: UncertaintySettings, *, sobol: bool) -> dict[str, Distribution]:
    params: dict[str, Distribution] = {}
    if sobol or settings.weights == "uniform":
        params["weights"] = UniformWeights(spread=settings.spread)
    elif settings.weights == "dirichlet":
        params["weights"] = DirichletWeights(concentration=settings.concentration)
    if len(settings.aggregations) > 1:
        params["aggregation"] = Choice(
            options=tuple({2: "arithmetic", 3: a} for a in settings.aggregations)
        )
    if len(settings.offsets) > 1:
        params["offset"] = Choice(options=tuple(float(o) for o in settings.offsets))
    return params


def _variant_scores(inputs: VpiInputs, normalisation: str, factor: float) -> pd.DataFrame:
    posts = goalpost_variant(
        inputs.goalposts, inputs.config.metrics, normalisation=normalisation, factor=factor
    )
    return _normalise(inputs.metric_values, posts)


def vpi_uncertainty(
    nominal: VpiInputs,
    *,
    scenarios: Sequence[VpiInputs] = (),
) -> tuple[pd.DataFrame, MonteCarlo] | None:
    """Monte Carlo bands of the index and the draws behind them (``config.uncertainty``).

    Each draw picks, with equal probability each, a scenario (the nominal inputs or one
    of ``scenarios``, e.g. another verification threshold), a normalisation form, a
    worst-goalpost factor, then weights, the index aggregation and the geometric offset
    from their distributions. Draws are evaluated in batches by the scoring engine.

    Returns:
        None when ``draws`` is 0; else a DataFrame per period (``nominal``, ``median``,
        ``lower``, ``upper``: quantiles over the draws that give an index;
        ``defined_share``: share of draws that give one; ``p_progress``: share of the
        draws defined in both periods in which the index rose from the previous period;
        ``prob_rise``: the same, under its former name) and the draws.
    """
    config = nominal.config
    settings = config.uncertainty
    periods = pd.PeriodIndex(nominal.metric_values.index)
    if settings.draws == 0 or nominal.metric_values.empty:
        return None
    rng = np.random.default_rng(settings.seed)
    bases = [nominal, *scenarios]
    n = settings.draws
    pick = rng.integers(len(bases), size=n)
    norm = rng.integers(len(settings.normalisations), size=n)
    factor = rng.integers(len(settings.goalpost_factors), size=n)
    params = _pipeline_params(settings, sobol=False)
    index = np.full((n, len(periods)), np.nan)
    indicators = np.full((n, len(periods), len(_INDICATORS)), np.nan)
    combos = np.unique(np.stack([pick, norm, factor], axis=1), axis=0)
    for b, k, f in combos:
        draws = np.nonzero((pick == b) & (norm == k) & (factor == f))[0]
        base = bases[int(b)]
        scores = _variant_scores(
            base, settings.normalisations[int(k)], settings.goalpost_factors[int(f)]
        )
        pipeline = vpi_pipeline(base.config)
        if len(settings.aggregations) == 1:
            pipeline = pipeline.evolve(aggregation={2: "arithmetic", 3: settings.aggregations[0]})
        data = vpi_input(scores.reindex(periods), base.config)
        hierarchy = pipeline.effective_hierarchy
        dims = unit_dims(params, len(hierarchy.codes))
        unit = {name: rng.random((draws.size, dim)) for name, dim in dims.items()}
        plan = plan_draws(pipeline, params, unit, rng=rng, n=draws.size)
        elements = [hierarchy.codes.index(code) for code in (INDEX_NAME, *_INDICATORS)]
        block = Evaluator(pipeline, data).scores(plan, slice(None), elements)
        index[draws] = block[:, :, 0]
        indicators[draws] = block[:, :, 1:]
    index = np.clip(index, 0.0, 100.0)
    indicators = np.clip(indicators, 0.0, 100.0)
    draws_of = MonteCarlo(periods=periods, index=index, indicators=indicators)
    defined = ~np.isnan(index)
    count = defined.sum(axis=0)
    low, high = settings.quantiles
    quantiles = np.full((3, len(periods)), np.nan)
    some = count > 0
    if some.any():
        quantiles[:, some] = np.nanquantile(index[:, some], [low, 0.5, high], axis=0)
    p_progress = draws_of.period_p_progress()
    nominal_scores = _normalise(nominal.metric_values, nominal.goalposts)
    top = vpi_pipeline(config).run(vpi_input(nominal_scores, config)).top
    summary = pd.DataFrame(
        {
            "nominal": np.clip(top.to_numpy(dtype="float64"), 0.0, 100.0),
            "median": quantiles[1],
            "lower": quantiles[0],
            "upper": quantiles[2],
            "defined_share": count / n,
            "p_progress": p_progress,
            "prob_rise": p_progress,
        },
        index=periods,
    )
    return summary, draws_of


def vpi_sensitivity(
    inputs: VpiInputs,
    *,
    row: Hashable,
    n: int,
    rng: np.random.Generator,
    n_bootstrap: int,
) -> SensitivityResult:
    """Sobol indices of the index in one period over the VPI's own choices.

    The inputs: ``weights`` (uniform, +/- ``spread``), and, where
    ``config.uncertainty`` gives more than one value, ``aggregation``, ``offset``,
    ``normalisation`` and ``goalposts`` (the worst-goalpost factor). The last two change
    the metric scores, so the runs are grouped by them and each group is evaluated on
    its own scores.
    """
    config = inputs.config
    settings = config.uncertainty
    pipeline = vpi_pipeline(config)
    params = _pipeline_params(settings, sobol=True)
    hierarchy = pipeline.effective_hierarchy
    dims = unit_dims(params, len(hierarchy.codes))
    data_factors: dict[str, Choice] = {}
    if len(settings.normalisations) > 1:
        data_factors["normalisation"] = Choice(options=tuple(settings.normalisations))
    if len(settings.goalpost_factors) > 1:
        data_factors["goalposts"] = Choice(options=tuple(settings.goalpost_factors))
    dims.update(dict.fromkeys(data_factors, 1))
    unit = saltelli_design(dims, n, rng)
    runs = n * (len(dims) + 2)
    norm = (
        data_factors["normalisation"].indices(unit["normalisation"])
        if "normalisation" in data_factors
        else np.zeros(runs, dtype=np.int64)
    )
    factor = (
        data_factors["goalposts"].indices(unit["goalposts"])
        if "goalposts" in data_factors
        else np.zeros(runs, dtype=np.int64)
    )
    y = np.full(runs, np.nan)
    top = hierarchy.codes.index(INDEX_NAME)
    for k, f in np.unique(np.stack([norm, factor], axis=1), axis=0):
        runs_here = np.nonzero((norm == k) & (factor == f))[0]
        scores = _variant_scores(
            inputs, settings.normalisations[int(k)], settings.goalpost_factors[int(f)]
        )
        data = vpi_input(scores, config)
        position = data.index.get_loc(row)
        sub = {name: unit[name][runs_here] for name in params}
        plan = plan_draws(pipeline, params, sub, rng=None, n=runs_here.size)
        y[runs_here] = Evaluator(pipeline, data).scores(plan, slice(None), [top])[:, position, 0]
    return sobol_result(
        np.clip(y, 0.0, 100.0),
        list(dims),
        n=n,
        rng=rng,
        n_bootstrap=n_bootstrap,
        confidence=0.95,
    )
