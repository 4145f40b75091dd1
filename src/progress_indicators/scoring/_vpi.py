"""The Verified Progress Index: goalpost normalisation and aggregation of one track.

Pure functions: per-period metric values in, new DataFrames out. This module sees only
:class:`~progress_indicators.frames.MetricPeriods` and the config; it cannot receive a
humanitarian event (no function here accepts the ledger, and the layering test forbids
importing it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import numpy as np
import pandas as pd

from progress_indicators.model import Baseline, Indicator
from progress_indicators.scoring._hierarchy import Hierarchy
from progress_indicators.scoring._montecarlo import (
    Choice,
    DirichletWeights,
    Evaluator,
    UniformWeights,
    plan_draws,
    unit_dims,
)
from progress_indicators.scoring._normalise import goalpost_share
from progress_indicators.scoring._pipeline import Pipeline

if TYPE_CHECKING:
    from collections.abc import Sequence

    from progress_indicators.frames import MetricPeriods
    from progress_indicators.model import MetricSpec, ScorecardConfig, UncertaintySettings
    from progress_indicators.scoring._montecarlo import Distribution

__all__ = [
    "INDEX_NAME",
    "TrackScores",
    "normalise_metrics",
    "resolve_goalposts",
    "score_track",
    "vpi_hierarchy",
    "vpi_input",
    "vpi_pipeline",
    "vpi_uncertainty",
]

INDEX_NAME = "verified_progress_index"
_ANY = 1e-12
"""Data threshold meaning "at least one weighted child has a value"."""


@attrs.frozen(kw_only=True, eq=False)
class TrackScores:
    """The scores of one evidence track (verified or claimed).

    Attributes:
        metric_scores: period x metric, 0-100 or NaN.
        indicators: period x indicator, 0-100 or NaN.
        index: the index per period, 0-100 or NaN.
        goalposts: one row per metric: ``worst``, ``best``, ``scale`` as resolved
            (baselines computed), NaN where a baseline had no data.
        metrics_covered: period x indicator, metrics with a score.
        metrics_total: indicator -> metrics configured with weight > 0.
    """

    metric_scores: pd.DataFrame
    indicators: pd.DataFrame
    index: pd.Series
    goalposts: pd.DataFrame
    metrics_covered: pd.DataFrame
    metrics_total: pd.Series


def _baseline_value(values: pd.Series, baseline: Baseline) -> float:
    periods = pd.PeriodIndex(values.index)
    inside = (periods.end_time >= pd.Timestamp(baseline.start)) & (
        periods.start_time <= pd.Timestamp(baseline.end)
    )
    window = values[inside].dropna()
    if window.empty:
        return float("nan")
    return float(window.agg(baseline.statistic))


def resolve_goalposts(values: pd.DataFrame, metrics: tuple[MetricSpec, ...]) -> pd.DataFrame:
    """Turn each metric's goalposts into numbers (baselines computed from ``values``)."""
    rows = []
    for spec in metrics:
        ends = []
        for post in (spec.goalposts.worst, spec.goalposts.best):
            if isinstance(post, Baseline):
                ends.append(_baseline_value(values[spec.name], post))
            else:
                ends.append(float(post))
        rows.append(
            {"metric": spec.name, "worst": ends[0], "best": ends[1], "scale": spec.goalposts.scale}
        )
    return pd.DataFrame(rows).set_index("metric")


def _normalise(values: pd.DataFrame, goalposts: pd.DataFrame) -> pd.DataFrame:
    """Metric scores 0-100 by :func:`goalpost_share` (NaN where a goalpost is missing)."""
    share = goalpost_share(
        values.to_numpy(dtype="float64"),
        goalposts["worst"].reindex(values.columns).to_numpy(dtype="float64"),
        goalposts["best"].reindex(values.columns).to_numpy(dtype="float64"),
        log=(goalposts["scale"].reindex(values.columns) == "log").to_numpy(),
    )
    return pd.DataFrame(share * 100.0, index=values.index, columns=values.columns)


def vpi_hierarchy(config: ScorecardConfig) -> Hierarchy:
    """The VPI as a three-level :class:`Hierarchy`: metrics -> indicators -> index.

    Metrics with weight 0 are left out (they cannot contribute). An indicator with no
    weighted metric gets a placeholder metric that is always missing, so it is NaN.
    """
    rows: list[tuple[str, str | None, int, float]] = []
    for indicator in Indicator:
        specs = [m for m in config.metrics if m.indicator is indicator and m.weight > 0]
        if not specs:
            rows.append((_placeholder(indicator), indicator.value, 1, 1.0))
        rows.extend((m.name, indicator.value, 1, m.weight) for m in specs)
        rows.append((indicator.value, INDEX_NAME, 2, config.indicator_weights[indicator]))
    rows.append((INDEX_NAME, None, 3, 1.0))
    table = pd.DataFrame(rows, columns=["code", "parent", "level", "weight"])
    return Hierarchy.from_frame(table, direction=None)


def vpi_pipeline(config: ScorecardConfig) -> Pipeline:
    """The default VPI expressed in the scoring engine.

    Input: metric scores on 0-100 (goalposts already applied, see :func:`normalise_metrics`).
    Level 2 (indicators): weighted arithmetic mean of the metrics with a score. Level 3
    (index): ``config.aggregation`` (geometric by default) with ``config.geometric_offset``
    and ``config.index_data_threshold`` of the indicator weight required.
    """
    return Pipeline(
        hierarchy=vpi_hierarchy(config),
        normalisation="none",
        aggregation={2: "arithmetic", 3: config.aggregation},
        data_threshold={2: _ANY, 3: max(config.index_data_threshold - 1e-12, 0.0)},
        offset=config.geometric_offset,
    )


def vpi_input(metric_scores: pd.DataFrame, config: ScorecardConfig) -> pd.DataFrame:
    """Metric scores laid out for :func:`vpi_pipeline`.

    Adds the placeholder columns and hides the metrics of an indicator in periods where
    fewer than ``config.min_metrics_per_indicator`` of them have a score.
    """
    frame = metric_scores.copy()
    for indicator in Indicator:
        names = [m.name for m in config.metrics if m.indicator is indicator and m.weight > 0]
        if not names:
            frame[_placeholder(indicator)] = np.nan
            continue
        too_few = frame[names].notna().sum(axis=1) < config.min_metrics_per_indicator
        frame.loc[too_few, names] = np.nan
    return frame


def normalise_metrics(
    metric_values: pd.DataFrame, config: ScorecardConfig
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Goalpost scores (0-100) of each metric and the resolved goalposts."""
    goalposts = resolve_goalposts(metric_values, config.metrics)
    return _normalise(metric_values, goalposts), goalposts


def score_track(periods: MetricPeriods, config: ScorecardConfig) -> TrackScores:
    """Score one track: normalise each metric, average within indicators, aggregate.

    Runs :func:`vpi_pipeline` on the goalpost scores. Within an indicator: the weighted
    arithmetic mean of the metrics that have a score in the period, if at least
    ``config.min_metrics_per_indicator`` do (the re-weighting is reported through
    ``metrics_covered``). Across indicators: the weighted geometric mean
    (``(prod (s_i + o)^w_i) - o`` with ``o = config.geometric_offset``) or the weighted
    arithmetic mean, only where the indicators with a score hold at least
    ``config.index_data_threshold`` of the weight. Otherwise NaN: missing is never
    progress.
    """
    metric_scores, goalposts = normalise_metrics(periods.metric_values, config)
    data = vpi_input(metric_scores, config)
    scores = vpi_pipeline(config).run(data).scores
    columns = pd.Index([i.value for i in Indicator], name="indicator")
    indicators = scores[list(columns)].clip(0.0, 100.0)
    indicators.columns = columns
    covered = pd.DataFrame(0, index=metric_scores.index, columns=columns)
    total = pd.Series(0, index=columns, dtype="int64")
    for indicator in Indicator:
        names = [m.name for m in config.metrics if m.indicator is indicator and m.weight > 0]
        total[indicator.value] = len(names)
        if names:
            covered[indicator.value] = data[names].notna().sum(axis=1)
    index = scores[INDEX_NAME].clip(0.0, 100.0).rename(INDEX_NAME)
    return TrackScores(
        metric_scores=metric_scores,
        indicators=indicators,
        index=index,
        goalposts=goalposts,
        metrics_covered=covered,
        metrics_total=total,
    )


def _draw_params(settings: UncertaintySettings) -> dict[str, Distribution]:
    params: dict[str, Distribution] = {}
    if settings.weights == "dirichlet":
        params["weights"] = DirichletWeights(concentration=settings.concentration)
    elif settings.weights == "uniform":
        params["weights"] = UniformWeights(spread=settings.spread)
    if len(settings.aggregations) > 1:
        params["aggregation"] = Choice(
            options=tuple({2: "arithmetic", 3: a} for a in settings.aggregations)
        )
    return params


def vpi_uncertainty(
    metric_scores: pd.DataFrame,
    config: ScorecardConfig,
    *,
    scenarios: Sequence[tuple[pd.DataFrame, ScorecardConfig]] = (),
) -> pd.DataFrame | None:
    """Monte Carlo bands of the index (``config.uncertainty``).

    Each draw picks a scenario (the nominal one, or one of ``scenarios``: metric scores
    computed under a variant config, e.g. another verification threshold), equally
    likely, then weights and the index aggregation from their distributions. Draws are
    evaluated in batches by the scoring engine (no re-validation, no copies per draw).

    Returns:
        A DataFrame per period: ``nominal`` (the index as configured), ``median``,
        ``lower``, ``upper`` (quantiles over the draws that give an index),
        ``defined_share`` (share of draws that give an index at all: below 1 when a
        scenario loses coverage) and ``prob_rise`` (share of the draws defined in both
        periods in which the index rose from the previous period). None when ``draws``
        is 0.
    """
    settings = config.uncertainty
    if settings.draws == 0 or metric_scores.empty:
        return None
    rng = np.random.default_rng(settings.seed)
    variants = [(metric_scores, config), *scenarios]
    pick = rng.integers(len(variants), size=settings.draws)
    blocks = []
    params = _draw_params(settings)
    for k, (scores, variant_config) in enumerate(variants):
        n_draws = int((pick == k).sum())
        if n_draws == 0:
            continue
        pipeline = vpi_pipeline(variant_config)
        if len(settings.aggregations) == 1:
            pipeline = pipeline.evolve(aggregation={2: "arithmetic", 3: settings.aggregations[0]})
        data = vpi_input(scores.reindex(metric_scores.index), variant_config)
        hierarchy = pipeline.effective_hierarchy
        dims = unit_dims(params, len(hierarchy.codes))
        unit = {name: rng.random((n_draws, dim)) for name, dim in dims.items()}
        plan = plan_draws(pipeline, params, unit, rng=rng, n=n_draws)
        top = hierarchy.codes.index(INDEX_NAME)
        blocks.append(Evaluator(pipeline, data).scores(plan, slice(None), [top])[:, :, 0])
    draws = np.clip(np.concatenate(blocks), 0.0, 100.0)
    defined = ~np.isnan(draws)
    count = defined.sum(axis=0)
    low, high = settings.quantiles
    quantiles = np.full((3, draws.shape[1]), np.nan)
    some = count > 0
    if some.any():
        quantiles[:, some] = np.nanquantile(draws[:, some], [low, 0.5, high], axis=0)
    both = defined[:, 1:] & defined[:, :-1]
    rose = (draws[:, 1:] > draws[:, :-1]) & both
    pairs = both.sum(axis=0)
    prob_rise = np.full(draws.shape[1], np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        prob_rise[1:] = np.where(pairs > 0, rose.sum(axis=0) / pairs, np.nan)
    nominal = vpi_pipeline(config).run(vpi_input(metric_scores, config)).top
    return pd.DataFrame(
        {
            "nominal": np.clip(nominal.to_numpy(dtype="float64"), 0.0, 100.0),
            "median": quantiles[1],
            "lower": quantiles[0],
            "upper": quantiles[2],
            "defined_share": count / draws.shape[0],
            "prob_rise": prob_rise,
        },
        index=metric_scores.index,
    )


def _placeholder(indicator: Indicator) -> str:
    return f"{indicator.value}__no_metric"
