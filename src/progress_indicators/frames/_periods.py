"""Periods, track selection and the compressed observation table.

:func:`compress_table` groups a validated observation table by metric, grade, source,
region and span, the input of every per-period computation (see
:mod:`progress_indicators.frames._daily`); :func:`metric_periods` runs that whole chain
on a pandas table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from progress_indicators._arguments import names as names_of
from progress_indicators.frames._daily import MetricPeriods, daily_series, period_values
from progress_indicators.frames._tracks import Track
from progress_indicators.validation import check_columns

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection, Sequence

    from progress_indicators.model import Frequency, MetricSpec, ScorecardConfig, Verification

__all__ = [
    "COMPRESSED_KEYS",
    "compress_table",
    "empty_metric_periods",
    "metric_periods",
    "period_range",
    "scored_periods",
    "select_track",
]


def period_range(
    first: dt.date | pd.Timestamp, last: dt.date | pd.Timestamp, frequency: Frequency
) -> pd.PeriodIndex:
    """All periods from the one holding ``first`` to the one holding ``last``."""
    return pd.period_range(
        pd.Timestamp(first), pd.Timestamp(last), freq=frequency.pandas_freq, name="period"
    )


def scored_periods(groups: pd.DataFrame, config: ScorecardConfig) -> pd.PeriodIndex:
    """The periods a scorecard covers: ``config.start``/``end``, else the evidence's span.

    The span runs from the first ``date`` to the last ``end_date`` of every row read
    (any metric, any grade), so both tracks share one set of periods.
    """
    if groups.empty and (config.start is None or config.end is None):
        return pd.PeriodIndex([], freq=config.frequency.pandas_freq, name="period")
    first = config.start or groups["date"].min()
    last = config.end or groups["end_date"].fillna(groups["date"]).max()
    return period_range(first, last, config.frequency)


def select_track(table: pd.DataFrame, threshold: Verification | None) -> pd.DataFrame:
    """The rows of a validated observation table graded for a track (see :class:`Track`).

    ``threshold=None`` selects the claimed track: every row that is not disputed or
    refuted. Otherwise rows graded at or above ``threshold``.
    """
    return Track(name="claimed" if threshold is None else "verified", threshold=threshold).select(
        table
    )


def compress_table(
    table: pd.DataFrame,
    names: Sequence[str] | None = None,
    *,
    event_metrics: Collection[str] = (),
) -> pd.DataFrame:
    """Group a validated pandas observation table by metric, grade, source, region and span.

    The keys are ``(metric, verification, reliability, source, region, date,
    end_date)``: the grade and the source's reliability select the tracks, the source
    bounds the span in which event counts are zero-filled, and the region tells which
    values add (see :mod:`progress_indicators.frames._daily`). Event metrics (one row
    per event; every row adds) are grouped without their region, so a million events
    make as few groups as their days and sources.

    The pandas counterpart of :func:`progress_indicators.frames.compress_observations`
    (same columns), written directly against pandas because it is the hot path of
    :func:`progress_indicators.score`: one ``groupby`` over integer codes.

    Raises:
        InputTypeError: ``names`` or ``event_metrics`` is not a list of metric names (a
            single text would be read letter by letter).
        ValidationError: a contract column the grouping needs is missing.
    """
    where = "compress_table"
    check_columns(table.columns, TABLE_COLUMNS, "observations", where)
    if names is not None:
        names = names_of(names, where=where, name="names")
    event_metrics = names_of(event_metrics, where=where, name="event_metrics")
    rows = table
    if names is not None:
        keep = table["metric"].isin(names).to_numpy(dtype=bool)
        rows = table[keep] if not keep.all() else table
    date = rows["date"].to_numpy(dtype="datetime64[ns]")
    end = rows["end_date"].to_numpy(dtype="datetime64[ns]")
    end = np.where(np.isnat(end), date, end)
    region = rows["region"] if "region" in rows.columns else pd.Series(pd.NA, index=rows.index)
    if event_metrics:
        region = region.mask(rows["metric"].isin(list(event_metrics)).to_numpy(dtype=bool))
    frame = pd.DataFrame(
        {
            "metric": _sorted_categorical(rows["metric"]),
            "verification": _sorted_categorical(rows["verification"]),
            "reliability": _sorted_categorical(rows["reliability"]),
            "source": _sorted_categorical(rows["source"]),
            "region": _sorted_categorical(region.astype(object).where(region.notna(), None)),
            "date": date,
            "end_date": end,
            "value": rows["value"].to_numpy(dtype="float64"),
        }
    )
    grouped = frame.groupby(list(COMPRESSED_KEYS), observed=True, sort=True, dropna=False)[
        "value"
    ].agg(["sum", "min", "max", "size"])
    keys = grouped.index
    region_level = keys.get_level_values("region").astype(object)
    return pd.DataFrame(
        {
            "metric": keys.get_level_values("metric").astype(object).to_numpy(),
            "verification": keys.get_level_values("verification").astype(object).to_numpy(),
            "reliability": keys.get_level_values("reliability").astype(object).to_numpy(),
            "source": keys.get_level_values("source").astype(object).to_numpy(),
            "region": np.asarray(region_level.where(pd.notna(region_level), None), dtype=object),
            "date": keys.get_level_values("date").to_numpy(dtype="datetime64[ns]"),
            "end_date": keys.get_level_values("end_date").to_numpy(dtype="datetime64[ns]"),
            "value_sum": grouped["sum"].to_numpy(dtype="float64"),
            "value_min": grouped["min"].to_numpy(dtype="float64"),
            "value_max": grouped["max"].to_numpy(dtype="float64"),
            "n": grouped["size"].to_numpy(dtype="int64"),
        }
    )


COMPRESSED_KEYS = ("metric", "verification", "reliability", "source", "region", "date", "end_date")
"""The group-by keys of a compressed observation table."""
TABLE_COLUMNS = ("metric", "verification", "reliability", "source", "date", "end_date", "value")
"""The columns :func:`compress_table` groups (``region`` is optional)."""


def _sorted_categorical(values: pd.Series) -> pd.Categorical:
    """The column as a categorical with its categories in text order.

    Factorised once (pyarrow's hash for Arrow strings, the codes for a categorical), so
    no per-row Python strings are made; text order keeps the groups in the same order
    whatever the column's dtype (a grade categorical is ordered by rank, not text).
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        uniques = values.cat.categories.astype(str).to_numpy(dtype=object)
    else:
        codes, found = pd.factorize(values)
        uniques = np.asarray(found, dtype=object).astype(str)
    if not len(uniques):
        empty: pd.Categorical = pd.Categorical.from_codes(
            np.full(len(codes), -1), categories=pd.Index([], dtype=object)
        )
        return empty
    order = np.argsort(uniques, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    ranked = np.where(codes >= 0, rank[np.clip(codes, 0, None)], -1)
    ordered: pd.Categorical = pd.Categorical.from_codes(ranked, categories=pd.Index(uniques[order]))
    return ordered


def empty_metric_periods(metrics: Sequence[MetricSpec], periods: pd.PeriodIndex) -> MetricPeriods:
    """All-missing values, zero counts and no carried cells over ``periods``."""
    return metric_periods(_EMPTY, metrics=metrics, periods=periods, min_share_covered=1.0)


def metric_periods(
    table: pd.DataFrame,
    *,
    metrics: Sequence[MetricSpec],
    periods: pd.PeriodIndex,
    min_share_covered: float = 0.5,
) -> MetricPeriods:
    """Per-period metric values of a validated pandas observation table (one track).

    Groups the rows (:func:`compress_table`), lays them out per day and forms the
    periods (:func:`~progress_indicators.frames._daily.period_values`): rates add over
    regions, spans are weighted by their days, levels carry; see the rules in
    :mod:`progress_indicators.frames._daily`.

    Args:
        table: validated observations (see :func:`progress_indicators.validation.
            validate_observations`), already restricted to one track.
        metrics: the configured metrics; others are ignored (the caller reports them).
        periods: the periods to fill, consecutive, of one frequency.
        min_share_covered: share of a period's days a metric must cover.

    Returns:
        Values, coverage and provenance, period x metric.
    """
    groups = compress_table(
        table, [m.name for m in metrics], event_metrics=[m.name for m in metrics if m.zero_fill]
    )
    return periods_from_groups(
        groups, metrics=metrics, periods=periods, min_share_covered=min_share_covered
    )


def periods_from_groups(
    groups: pd.DataFrame,
    *,
    metrics: Sequence[MetricSpec],
    periods: pd.PeriodIndex,
    min_share_covered: float,
) -> MetricPeriods:
    """:func:`metric_periods` from an already compressed (and selected) table."""
    first, last = day_span(groups, periods)
    daily = daily_series(groups, metrics=metrics, first=first, last=last)
    return period_values(
        daily, groups, metrics=metrics, periods=periods, min_share_covered=min_share_covered
    )


def day_span(groups: pd.DataFrame, periods: pd.PeriodIndex) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The days a daily grid needs: every period in full and every group's span."""
    firsts: list[pd.Timestamp] = []
    lasts: list[pd.Timestamp] = []
    if len(periods):
        firsts.append(periods.start_time[0].normalize())
        lasts.append(periods.end_time[-1].normalize())
    if not groups.empty:
        firsts.append(pd.Timestamp(groups["date"].min()).normalize())
        lasts.append(pd.Timestamp(groups["end_date"].max()).normalize())
    if not firsts:
        today = pd.Timestamp("1970-01-01")
        return today, today - pd.Timedelta(days=1)
    return min(firsts), max(lasts)


_EMPTY = pd.DataFrame(
    {
        "metric": pd.Series(dtype=object),
        "verification": pd.Series(dtype=object),
        "reliability": pd.Series(dtype=object),
        "source": pd.Series(dtype=object),
        "region": pd.Series(dtype=object),
        "date": pd.Series(dtype="datetime64[ns]"),
        "end_date": pd.Series(dtype="datetime64[ns]"),
        "value": pd.Series(dtype="float64"),
    }
)
