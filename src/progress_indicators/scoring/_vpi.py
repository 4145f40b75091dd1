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

from progress_indicators.frames import baseline_value
from progress_indicators.model import Baseline, Indicator
from progress_indicators.scoring._hierarchy import Hierarchy
from progress_indicators.scoring._normalise import goalpost_share
from progress_indicators.scoring._pipeline import Pipeline

if TYPE_CHECKING:
    from collections.abc import Sequence

    from progress_indicators.frames import DailySeries, MetricPeriods
    from progress_indicators.model import MetricSpec, ScorecardConfig

__all__ = [
    "INDEX_NAME",
    "TrackScores",
    "normalise_metrics",
    "placeholder",
    "resolve_goalposts",
    "score_track",
    "vpi_hierarchy",
    "vpi_input",
    "vpi_pipeline",
]

INDEX_NAME = "verified_progress_index"
_ANY = 1e-12
"""Data threshold meaning "at least one weighted child has a value"."""
_EPS = 1e-12
"""Slack on a data threshold, so a share equal to it passes despite rounding."""


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
        covered_weight: period x indicator, share of the indicator's metric weight
            that has a score (the indicator needs ``config.min_covered_weight``).
    """

    metric_scores: pd.DataFrame
    indicators: pd.DataFrame
    index: pd.Series
    goalposts: pd.DataFrame
    metrics_covered: pd.DataFrame
    metrics_total: pd.Series
    covered_weight: pd.DataFrame


def resolve_goalposts(
    metrics: Sequence[MetricSpec], daily: DailySeries | None = None
) -> pd.DataFrame:
    """Each metric's goalposts as numbers, with the scale, source and derivation.

    A number is taken as it is. A :class:`Baseline` is computed from ``daily`` (the
    track's daily series, see :func:`progress_indicators.frames.baseline_value`); NaN
    without it or where the window has no data (the metric then has no score).
    """
    rows = []
    for spec in metrics:
        ends = []
        for post in (spec.goalposts.worst, spec.goalposts.best):
            if isinstance(post, Baseline):
                value = float("nan") if daily is None else baseline_value(daily, spec.name, post)
                ends.append(value)
            else:
                ends.append(float(post))
        rows.append(
            {
                "metric": spec.name,
                "worst": ends[0],
                "best": ends[1],
                "scale": spec.goalposts.scale,
                "derived_from_data": any(
                    isinstance(p, Baseline) for p in (spec.goalposts.worst, spec.goalposts.best)
                ),
                "source": spec.goalposts.source,
                "derivation": spec.goalposts.derivation,
            }
        )
    columns = ["metric", "worst", "best", "scale", "derived_from_data", "source", "derivation"]
    return pd.DataFrame(rows, columns=columns).set_index("metric")


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
            rows.append((placeholder(indicator), indicator.value, 1, 1.0))
        rows.extend((m.name, indicator.value, 1, m.weight) for m in specs)
        rows.append((indicator.value, INDEX_NAME, 2, config.indicator_weights[indicator]))
    rows.append((INDEX_NAME, None, 3, 1.0))
    table = pd.DataFrame(rows, columns=["code", "parent", "level", "weight"])
    return Hierarchy.from_frame(table, direction=None)


def vpi_pipeline(config: ScorecardConfig) -> Pipeline:
    """The default VPI expressed in the scoring engine.

    Input: metric scores on 0-100 (goalposts already applied, see :func:`normalise_metrics`)
    laid out by :func:`vpi_input`. Level 2 (indicators): weighted arithmetic mean of the
    metrics with a score. Level 3
    (index): ``config.aggregation`` (geometric by default) with ``config.geometric_offset``
    and ``config.index_data_threshold`` of the indicator weight required.
    """
    return Pipeline(
        hierarchy=vpi_hierarchy(config),
        normalisation="none",
        aggregation={2: "arithmetic", 3: config.aggregation},
        data_threshold={2: _ANY, 3: max(config.index_data_threshold - _EPS, 0.0)},
        offset=config.geometric_offset,
    )


def vpi_input(metric_scores: pd.DataFrame, config: ScorecardConfig) -> pd.DataFrame:
    """Metric scores laid out for :func:`vpi_pipeline`.

    Adds the placeholder columns and hides the metrics of an indicator in periods where
    those with a score hold less than ``config.covered_weight_needed(indicator)`` of its
    weight, or number fewer than ``config.min_metrics_per_indicator``.
    """
    frame = metric_scores.copy()
    for indicator in Indicator:
        specs = [m for m in config.metrics if m.indicator is indicator and m.weight > 0]
        if not specs:
            frame[placeholder(indicator)] = np.nan
            continue
        names = [m.name for m in specs]
        present = frame[names].notna().to_numpy()
        weights = np.array([m.weight for m in specs])
        share = (present * weights).sum(axis=1) / weights.sum()
        too_few = (present.sum(axis=1) < config.min_metrics_per_indicator) | (
            share < config.covered_weight_needed(indicator) - _EPS
        )
        frame.loc[too_few, names] = np.nan
    return frame


def normalise_metrics(
    metric_values: pd.DataFrame,
    config: ScorecardConfig,
    goalposts: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Goalpost scores (0-100) of each metric and the goalposts used.

    Args:
        metric_values: period x metric values.
        config: the settings (its metrics' goalposts).
        goalposts: resolved goalposts (see :func:`resolve_goalposts`); default: the
            config's numbers, with any :class:`Baseline` left unresolved (NaN).
    """
    if goalposts is None:
        goalposts = resolve_goalposts(config.metrics)
    return _normalise(metric_values, goalposts), goalposts


def score_track(
    periods: MetricPeriods | pd.DataFrame,
    config: ScorecardConfig,
    goalposts: pd.DataFrame | None = None,
) -> TrackScores:
    """Score one track: normalise each metric, average within indicators, aggregate.

    Runs :func:`vpi_pipeline` on the goalpost scores. Within an indicator: the weighted
    arithmetic mean of the metrics that have a score in the period, if they hold at least
    ``config.min_covered_weight`` of its weight and number at least
    ``config.min_metrics_per_indicator`` (``covered_weight`` and ``metrics_covered``
    report it). Across indicators: the weighted geometric mean
    (``(prod (s_i + o)^w_i) - o`` with ``o = config.geometric_offset``) or the weighted
    arithmetic mean, only where the indicators with a score hold at least
    ``config.index_data_threshold`` of the weight. Otherwise NaN: missing is never
    progress.

    Args:
        periods: per-period metric values (a :class:`MetricPeriods` or its
            ``metric_values``).
        config: the settings.
        goalposts: resolved goalposts (default: the config's numbers).
    """
    values = periods if isinstance(periods, pd.DataFrame) else periods.metric_values
    metric_scores, goalposts = normalise_metrics(values, config, goalposts)
    data = vpi_input(metric_scores, config)
    scores = vpi_pipeline(config).run(data).scores
    columns = pd.Index([i.value for i in Indicator], name="indicator")
    indicators = scores[list(columns)].clip(0.0, 100.0)
    indicators.columns = columns
    covered = pd.DataFrame(0, index=metric_scores.index, columns=columns)
    weight = pd.DataFrame(0.0, index=metric_scores.index, columns=columns)
    total = pd.Series(0, index=columns, dtype="int64")
    for indicator in Indicator:
        specs = [m for m in config.metrics if m.indicator is indicator and m.weight > 0]
        total[indicator.value] = len(specs)
        if specs:
            present = data[[m.name for m in specs]].notna().to_numpy()
            w = np.array([m.weight for m in specs])
            covered[indicator.value] = present.sum(axis=1)
            weight[indicator.value] = (present * w).sum(axis=1) / w.sum()
    index = scores[INDEX_NAME].clip(0.0, 100.0).rename(INDEX_NAME)
    return TrackScores(
        metric_scores=metric_scores,
        indicators=indicators,
        index=index,
        goalposts=goalposts,
        metrics_covered=covered,
        metrics_total=total,
        covered_weight=weight,
    )


def placeholder(indicator: Indicator) -> str:
    return f"{indicator.value}__no_metric"
