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

if TYPE_CHECKING:
    from progress_indicators.frames import MetricPeriods
    from progress_indicators.model import MetricSpec, ScorecardConfig

__all__ = ["INDEX_NAME", "TrackScores", "resolve_goalposts", "score_track"]

INDEX_NAME = "verified_progress_index"


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
    worst = goalposts["worst"].reindex(values.columns).to_numpy()
    best = goalposts["best"].reindex(values.columns).to_numpy()
    log = (goalposts["scale"].reindex(values.columns) == "log").to_numpy()
    x = values.to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        linear = (x - worst) / (best - worst)
        logged = 1.0 - np.log1p(np.maximum(x, 0.0)) / np.log1p(worst)
    usable = np.where(log, worst > 0, best != worst) & np.isfinite(worst) & np.isfinite(best)
    score = np.where(log, logged, linear)
    score = np.where(usable & np.isfinite(score), np.clip(score, 0.0, 1.0), np.nan)
    return pd.DataFrame(score * 100.0, index=values.index, columns=values.columns)


def score_track(periods: MetricPeriods, config: ScorecardConfig) -> TrackScores:
    """Score one track: normalise each metric, average within indicators, aggregate.

    Within an indicator: the weighted arithmetic mean of the metrics that have a score
    in the period, if at least ``config.min_metrics_per_indicator`` do (the re-weighting
    is reported through ``metrics_covered``). Across indicators: the weighted geometric
    mean (``(prod (s_i + o)^w_i) - o`` with ``o = config.geometric_offset``) or the
    weighted arithmetic mean, only where the indicators with a score hold at least
    ``config.index_data_threshold`` of the weight. Otherwise NaN: missing is never
    progress.
    """
    goalposts = resolve_goalposts(periods.metric_values, config.metrics)
    metric_scores = _normalise(periods.metric_values, goalposts)
    indicators = pd.DataFrame(
        index=metric_scores.index, columns=pd.Index([i.value for i in Indicator], name="indicator")
    ).astype("float64")
    covered = pd.DataFrame(0, index=metric_scores.index, columns=indicators.columns)
    total = pd.Series(0, index=indicators.columns, dtype="int64")
    for indicator in Indicator:
        specs = [m for m in config.metrics if m.indicator is indicator and m.weight > 0]
        total[indicator.value] = len(specs)
        if not specs:
            continue
        scores = metric_scores[[m.name for m in specs]].to_numpy()
        weights = np.array([m.weight for m in specs])
        present = ~np.isnan(scores)
        weight_sum = (present * weights).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.nansum(scores * weights, axis=1) / weight_sum
        enough = present.sum(axis=1) >= config.min_metrics_per_indicator
        indicators[indicator.value] = np.where(enough & (weight_sum > 0), mean, np.nan)
        covered[indicator.value] = present.sum(axis=1)
    index = _aggregate_index(indicators, config)
    return TrackScores(
        metric_scores=metric_scores,
        indicators=indicators,
        index=index,
        goalposts=goalposts,
        metrics_covered=covered,
        metrics_total=total,
    )


def _aggregate_index(indicators: pd.DataFrame, config: ScorecardConfig) -> pd.Series:
    weights = np.array([config.indicator_weights[Indicator(c)] for c in indicators.columns])
    weights = weights / weights.sum()
    scores = indicators.to_numpy(dtype="float64")
    present = ~np.isnan(scores)
    share = (present * weights).sum(axis=1)
    used = np.where(present, weights, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        used = used / used.sum(axis=1, keepdims=True)
        filled = np.where(present, scores, 0.0)
        if config.aggregation == "geometric":
            offset = config.geometric_offset
            value = np.exp((used * np.log(filled + offset)).sum(axis=1)) - offset
        else:
            value = (used * filled).sum(axis=1)
    enough = share >= config.index_data_threshold - 1e-12
    value = np.where(enough, np.clip(value, 0.0, 100.0), np.nan)
    return pd.Series(value, index=indicators.index, name=INDEX_NAME)
