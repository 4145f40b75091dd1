"""One evidence track scored end to end: daily series, periods, scores, coverage, milestones.

:func:`evaluate_track` is the whole computation behind one of the scorecard's two tracks
(verified and claimed are the same type, :class:`TrackResult`, computed the same way
from their own selection of the evidence). It reads the compressed observation groups
(frames), never a humanitarian event: the ledger is not an argument of anything here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs
import pandas as pd

from progress_indicators.frames import daily_series, day_span, period_values
from progress_indicators.model import Indicator
from progress_indicators.scoring._conflict import CLOCK_COLUMNS, apply_caps, cessation_clock
from progress_indicators.scoring._milestones import milestones
from progress_indicators.scoring._vpi import INDEX_NAME, resolve_goalposts, score_track
from progress_indicators.scoring._vpi_uncertainty import VpiInputs

if TYPE_CHECKING:
    from progress_indicators.frames import DailySeries, MetricPeriods, Track
    from progress_indicators.model import ScorecardConfig
    from progress_indicators.scoring._vpi import TrackScores

__all__ = ["TrackResult", "evaluate_track", "track_inputs"]


@attrs.frozen(kw_only=True, eq=False)
class TrackResult:
    """The scores of one evidence track (verified or claimed), with their coverage.

    An attrs class (an internal result, never parsed from user input).

    Attributes:
        name: ``verified`` or ``claimed``.
        index: the index per period after ``config.caps``, 0-100 or NaN.
        uncapped_index: the index before the caps.
        caps_applied: one row per (period, rule) where a cap lowered the index.
        indicators: period x indicator scores, 0-100 or NaN.
        metric_values: period x metric values (flows: amount per day; levels: state).
        metric_scores: period x metric scores, 0-100 or NaN.
        goalposts: one row per metric: ``worst``, ``best``, ``scale``,
            ``derived_from_data``, ``source``, ``derivation``.
        coverage: one row per (period, indicator): ``observations``,
            ``metrics_covered``, ``metrics_carried``, ``metrics_total``,
            ``days_covered`` (days on which at least one of its metrics is covered),
            ``share_covered`` (the metrics' covered share of the period's days, weighted
            by metric weight), ``covered_weight`` (share of the metric weight scored) and
            ``covered`` (whether the indicator has a score).
        metric_coverage: one row per (period, metric): ``observations``,
            ``days_covered``, ``share_covered``, ``carried``, ``evidence_age_days``,
            ``scored``.
        milestones: period x indicator, the milestone ladder reached (ordered
            categoricals; missing where the ladder's evidence is missing).
        cessation: the cessation clock per day (empty without attack evidence).
    """

    name: str
    index: pd.Series
    uncapped_index: pd.Series
    caps_applied: pd.DataFrame
    indicators: pd.DataFrame
    metric_values: pd.DataFrame
    metric_scores: pd.DataFrame
    goalposts: pd.DataFrame
    coverage: pd.DataFrame
    metric_coverage: pd.DataFrame
    milestones: pd.DataFrame
    cessation: pd.DataFrame

    def inputs(self, config: ScorecardConfig) -> VpiInputs:
        """The values, goalposts and config the scores were computed from."""
        return VpiInputs(metric_values=self.metric_values, goalposts=self.goalposts, config=config)


def track_inputs(
    groups: pd.DataFrame, track: Track, periods: pd.PeriodIndex, config: ScorecardConfig
) -> tuple[DailySeries, MetricPeriods, pd.DataFrame]:
    """The daily series, per-period values and goalposts of one track.

    Args:
        groups: the compressed observation groups (artefacts already removed).
        track: which groups the track reads.
        periods: the scored periods.
        config: the settings.
    """
    rows = track.select(groups)
    first, last = day_span(rows, periods)
    daily = daily_series(rows, metrics=config.metrics, first=first, last=last)
    values = period_values(
        daily,
        rows,
        metrics=config.metrics,
        periods=periods,
        min_share_covered=config.min_share_covered,
    )
    return daily, values, resolve_goalposts(config.metrics, daily)


def evaluate_track(
    groups: pd.DataFrame, track: Track, periods: pd.PeriodIndex, config: ScorecardConfig
) -> TrackResult:
    """Score one track of the compressed evidence over ``periods``.

    Args:
        groups: the compressed observation groups (artefacts already removed).
        track: which groups the track reads (see :class:`progress_indicators.frames.Track`).
        periods: the scored periods.
        config: the settings.
    """
    daily, values, goalposts = track_inputs(groups, track, periods, config)
    scores = score_track(values, config, goalposts)
    index, caps_applied = apply_caps(scores.index, scores.indicators, config.caps)
    clock = _clock(daily, goalposts, config)
    name = config.milestones.withdrawal.metric
    occupied = daily.frame()[name] if name in daily.metrics else None
    return TrackResult(
        name=track.name,
        index=index.rename(INDEX_NAME),
        uncapped_index=scores.index,
        caps_applied=caps_applied,
        indicators=scores.indicators,
        metric_values=values.metric_values,
        metric_scores=scores.metric_scores,
        goalposts=goalposts,
        coverage=_coverage(values, scores, config),
        metric_coverage=_metric_coverage(values, scores),
        milestones=milestones(
            periods=periods,
            clock=clock,
            occupied=occupied,
            metric_scores=scores.metric_scores,
            indicators=scores.indicators,
            config=config,
        ),
        cessation=clock,
    )


def _clock(daily: DailySeries, goalposts: pd.DataFrame, config: ScorecardConfig) -> pd.DataFrame:
    """The cessation clock over the days the attack metrics cover, first to last."""
    names = [n for n in config.sustainment.metrics if n in daily.metrics]
    frame = daily.frame()[names] if names else pd.DataFrame(index=daily.days)
    covered = frame.notna().any(axis=1)
    if not covered.any():
        empty = pd.DataFrame(columns=list(CLOCK_COLUMNS))
        empty.index = pd.PeriodIndex([], freq="D", name="period")
        return empty
    days = covered.index[covered.to_numpy()]
    frame = frame.loc[days[0] : days[-1]]
    clock = cessation_clock(frame, baselines=goalposts["worst"], settings=config.sustainment)
    clock.index = pd.PeriodIndex(pd.DatetimeIndex(clock.index), freq="D", name="period")
    return clock


def _coverage(values: MetricPeriods, scores: TrackScores, config: ScorecardConfig) -> pd.DataFrame:
    """Coverage per (period, indicator)."""
    names = list(values.metric_values.columns)
    indicator_of = {m.name: m.indicator.value for m in config.metrics}
    weight_of = {m.name: m.weight for m in config.metrics}
    groups = [indicator_of[str(name)] for name in names]
    columns = [i.value for i in Indicator]
    scored = scores.metric_scores.notna()
    by_indicator = values.observations.T.groupby(groups).sum().T
    carried_only = (values.carried & scored).T.groupby(groups).sum().T
    weights = pd.Series([weight_of[str(n)] for n in names], index=values.share_covered.columns)
    weighted_share = values.share_covered.mul(weights, axis=1).T.groupby(groups).sum().T
    weight_total = weights.groupby(groups).sum()
    share = weighted_share.div(weight_total.where(weight_total > 0), axis=1)
    days = values.days_covered.T.groupby(groups).max().T
    wide = {
        "observations": by_indicator.reindex(columns=columns, fill_value=0),
        "metrics_covered": scores.metrics_covered,
        "metrics_carried": carried_only.reindex(columns=columns, fill_value=0),
        "metrics_total": pd.DataFrame(
            [scores.metrics_total.to_numpy()] * len(scores.indicators),
            index=scores.indicators.index,
            columns=columns,
        ),
        "days_covered": days.reindex(columns=columns, fill_value=0),
        "share_covered": share.reindex(columns=columns),
        "covered_weight": scores.covered_weight,
        "covered": scores.indicators.notna(),
    }
    return _long(
        wide,
        "indicator",
        {
            "observations": "int64",
            "metrics_covered": "int64",
            "metrics_carried": "int64",
            "metrics_total": "int64",
            "days_covered": "int64",
            "share_covered": "float64",
            "covered_weight": "float64",
            "covered": "bool",
        },
    )


def _metric_coverage(values: MetricPeriods, scores: TrackScores) -> pd.DataFrame:
    """Coverage per (period, metric)."""
    wide = {
        "observations": values.observations,
        "days_covered": values.days_covered,
        "share_covered": values.share_covered,
        "carried": values.carried,
        "evidence_age_days": values.evidence_age_days,
        "scored": scores.metric_scores.notna(),
    }
    return _long(
        wide,
        "metric",
        {
            "observations": "int64",
            "days_covered": "int64",
            "share_covered": "float64",
            "carried": "bool",
            "evidence_age_days": "float64",
            "scored": "bool",
        },
    )


def _long(
    wide: dict[str, pd.DataFrame],
    level: str,
    dtypes: dict[str, Literal["int64", "float64", "bool"]],
) -> pd.DataFrame:
    """Period x ``level`` tables stacked into one table indexed by (period, ``level``)."""
    parts = {
        name: frame.rename_axis(columns=level).stack(future_stack=True)
        for name, frame in wide.items()
    }
    table = pd.DataFrame(parts)
    table.index.names = ["period", level]
    for name, dtype in dtypes.items():
        column = table[name]
        table[name] = (column.fillna(0) if dtype == "int64" else column).astype(dtype)
    return table
