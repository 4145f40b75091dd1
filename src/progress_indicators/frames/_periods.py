"""Per-period metric values: the aggregation of evidence within each period.

Input: a validated observation table. Output: a period x metric table of values (NaN
where nothing qualifying was observed), the number of observations behind each value,
and whether a value was observed in the period or carried forward from an earlier one.
All of it is vectorised: spans are expanded with ``numpy.repeat``, never row by row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import numpy as np
import pandas as pd

from progress_indicators.frames._tracks import Track

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from progress_indicators.model import Frequency, MetricSpec, Verification

__all__ = [
    "MetricPeriods",
    "compress_table",
    "empty_metric_periods",
    "finish_metric_periods",
    "metric_periods",
    "period_range",
    "select_track",
]


@attrs.frozen(kw_only=True, eq=False)
class MetricPeriods:
    """Per-period values of each configured metric (one evidence track).

    Attributes:
        metric_values: period x metric; NaN where the metric has no coverage in the period.
        observations: period x metric; how many observations fed the value (0 when the
            value was carried forward or is missing).
        carried: period x metric; True where the value was carried forward from an
            earlier period (levels only, within the metric's ``carry_forward_days``).
    """

    metric_values: pd.DataFrame
    observations: pd.DataFrame
    carried: pd.DataFrame


def period_range(
    first: dt.date | pd.Timestamp, last: dt.date | pd.Timestamp, frequency: Frequency
) -> pd.PeriodIndex:
    """All periods from the one holding ``first`` to the one holding ``last``."""
    return pd.period_range(
        pd.Timestamp(first), pd.Timestamp(last), freq=frequency.pandas_freq, name="period"
    )


def select_track(table: pd.DataFrame, threshold: Verification | None) -> pd.DataFrame:
    """The rows of a validated observation table graded for a track (see :class:`Track`).

    ``threshold=None`` selects the claimed track: every row that is not disputed or
    refuted. Otherwise rows graded at or above ``threshold``.
    """
    return Track(name="claimed" if threshold is None else "verified", threshold=threshold).select(
        table
    )


def empty_metric_periods(metrics: Sequence[MetricSpec], periods: pd.PeriodIndex) -> MetricPeriods:
    """All-missing values, zero counts and no carried cells over ``periods``."""
    names = pd.Index([m.name for m in metrics], name="metric")
    empty = pd.DataFrame(np.nan, index=periods, columns=names)
    counts = pd.DataFrame(0, index=periods, columns=names, dtype="int64")
    return MetricPeriods(metric_values=empty, observations=counts, carried=counts.astype(bool))


def compress_table(table: pd.DataFrame, names: Sequence[str] | None = None) -> pd.DataFrame:
    """Group a validated pandas observation table by metric, grade, source and span.

    The keys are ``(metric, verification, reliability, source, date, end_date)``: the
    grade and the source's reliability select the tracks, and the source bounds the
    span in which event counts are zero-filled.

    The pandas counterpart of :func:`progress_indicators.frames.compress_observations`
    (same columns), written directly against pandas because it is the hot path of
    :func:`progress_indicators.score`: one ``groupby`` over integer codes.
    """
    rows = table
    if names is not None:
        keep = table["metric"].isin(names).to_numpy(dtype=bool)
        rows = table[keep] if not keep.all() else table
    date = rows["date"].to_numpy(dtype="datetime64[ns]")
    end = rows["end_date"].to_numpy(dtype="datetime64[ns]")
    end = np.where(np.isnat(end), date, end)
    frame = pd.DataFrame(
        {
            "metric": _sorted_categorical(rows["metric"]),
            "verification": _sorted_categorical(rows["verification"]),
            "reliability": _sorted_categorical(rows["reliability"]),
            "source": _sorted_categorical(rows["source"]),
            "date": date,
            "end_date": end,
            "value": rows["value"].to_numpy(dtype="float64"),
        }
    )
    grouped = frame.groupby(
        ["metric", "verification", "reliability", "source", "date", "end_date"],
        observed=True,
        sort=True,
    )["value"].agg(["sum", "min", "max", "size"])
    keys = grouped.index
    return pd.DataFrame(
        {
            "metric": keys.get_level_values("metric").astype(object).to_numpy(),
            "verification": keys.get_level_values("verification").astype(object).to_numpy(),
            "reliability": keys.get_level_values("reliability").astype(object).to_numpy(),
            "source": keys.get_level_values("source").astype(object).to_numpy(),
            "date": keys.get_level_values("date").to_numpy(dtype="datetime64[ns]"),
            "end_date": keys.get_level_values("end_date").to_numpy(dtype="datetime64[ns]"),
            "value_sum": grouped["sum"].to_numpy(dtype="float64"),
            "value_min": grouped["min"].to_numpy(dtype="float64"),
            "value_max": grouped["max"].to_numpy(dtype="float64"),
            "n": grouped["size"].to_numpy(dtype="int64"),
        }
    )


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


def metric_periods(
    table: pd.DataFrame, *, metrics: Sequence[MetricSpec], periods: pd.PeriodIndex
) -> MetricPeriods:
    """Aggregate a validated observation table into per-period metric values.

    An observation covering a span (``date`` to ``end_date``) that crosses period
    boundaries counts in each period it overlaps: a ``sum`` metric gets the share of the
    value proportional to the days of overlap (pro rata), other aggregations get the
    whole value in each period. ``last`` takes the mean of the values with the latest
    end date in the period, so the result does not depend on row order.

    The rows are first grouped by metric, grade and span (see :func:`compress_table`),
    so the work after that one ``groupby`` does not grow with the number of rows.

    Args:
        table: validated observations (see :func:`progress_indicators.validation.
            validate_observations`).
        metrics: the configured metrics; others are ignored (the caller reports them).
        periods: the periods to fill, consecutive, of one frequency.

    Returns:
        Values, observation counts and carried-forward flags, period x metric.
    """
    if len(periods) == 0:
        return empty_metric_periods(metrics, periods)
    compressed = compress_table(table, [m.name for m in metrics])
    return finish_metric_periods(compressed, metrics=metrics, periods=periods)


def finish_metric_periods(
    compressed: pd.DataFrame, *, metrics: Sequence[MetricSpec], periods: pd.PeriodIndex
) -> MetricPeriods:
    """Per-period values from a compressed table (one row per metric, grade and span).

    Args:
        compressed: columns ``metric``, ``date``, ``end_date`` (filled), ``value_sum``,
            ``value_min``, ``value_max``, ``n``, restricted to one track.
        metrics: the configured metrics.
        periods: the periods to fill, consecutive, of one frequency (not empty).

    Returns:
        Values, observation counts and carried-forward flags, period x metric.
    """
    names = [m.name for m in metrics]
    kinds = {m.name: str(m.aggregation) for m in metrics}
    rows = compressed[compressed["metric"].isin(names).to_numpy(dtype=bool)]
    long = _expand(rows, kinds, periods)
    aggregated = _aggregate(long, kinds)
    index = _from_ordinals(aggregated["ordinal"].to_numpy(), periods.freqstr)
    aggregated.index = pd.MultiIndex.from_arrays(
        [index, aggregated["metric"].to_numpy()], names=["period", "metric"]
    )
    values = aggregated["value"].unstack("metric").reindex(index=periods, columns=names)
    counts = (
        aggregated["n"].unstack("metric").reindex(index=periods, columns=names).fillna(0)
    ).astype("int64")
    recency = aggregated["recency"].unstack("metric").reindex(index=periods, columns=names)
    filled, carried = _carry_forward(
        values.to_numpy(dtype="float64"),
        recency.to_numpy(dtype="datetime64[ns]"),
        periods.end_time.normalize().to_numpy(),
        metrics,
    )
    columns = pd.Index(names, name="metric")
    counts.columns = columns
    return MetricPeriods(
        metric_values=pd.DataFrame(filled, index=periods, columns=columns),
        observations=counts,
        carried=pd.DataFrame(carried, index=periods, columns=columns),
    )


def _carry_forward(
    values: np.ndarray,
    recency: np.ndarray,
    period_end: np.ndarray,
    metrics: Sequence[MetricSpec],
) -> tuple[np.ndarray, np.ndarray]:
    """Fill gaps in level metrics with the last value still within its age limit.

    The age is measured from the end of the last observation to the end of the period.
    Returns the filled values and the mask of carried cells.
    """
    n_periods, n_metrics = values.shape
    observed = ~np.isnan(values)
    rows = np.where(observed, np.arange(n_periods)[:, None], -1)
    last = np.maximum.accumulate(rows, axis=0) if n_periods else rows
    columns = np.arange(n_metrics)[None, :]
    source = np.clip(last, 0, None)
    day = np.timedelta64(1, "D")
    age_days = (period_end[:, None] - recency[source, columns]) / day
    limit = np.array(
        [
            0.0
            if m.kind != "level" or m.carry_forward_days == 0
            else np.inf
            if m.carry_forward_days is None
            else float(m.carry_forward_days)
            for m in metrics
        ]
    )
    with np.errstate(invalid="ignore"):
        carried = (last >= 0) & ~observed & (age_days <= limit[None, :]) & (limit[None, :] > 0)
    filled = np.where(carried, values[source, columns], values)
    return filled, carried


def _from_ordinals(ordinals: np.ndarray, freq: str) -> pd.PeriodIndex:
    """Periods from their integer ordinals (pandas' own representation)."""
    return pd.PeriodIndex.from_ordinals(ordinals, freq=freq)  # type: ignore[attr-defined,no-any-return]


def _expand(rows: pd.DataFrame, kinds: dict[str, str], periods: pd.PeriodIndex) -> pd.DataFrame:
    """One row per (group of observations, period it overlaps), within ``periods``.

    Sum metrics spanning several periods get the day-weighted share of their value: the
    share depends only on the span, so it applies to a group's sum as to each row's.
    """
    freq = periods.freqstr
    first_ord, last_ord = int(periods.asi8[0]), int(periods.asi8[-1])
    start = pd.DatetimeIndex(rows["date"])
    end = pd.DatetimeIndex(rows["end_date"])
    start_ord = start.to_period(freq).asi8
    n = (end.to_period(freq).asi8 - start_ord + 1).astype("int64")
    position = np.repeat(np.arange(len(rows)), n)
    ordinal = start_ord[position] + np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    inside = (ordinal >= first_ord) & (ordinal <= last_ord)
    position, ordinal = position[inside], ordinal[inside]
    metric = rows["metric"].to_numpy(dtype=object)[position]
    value_sum = rows["value_sum"].to_numpy(dtype="float64")[position]
    obs_start = start.to_numpy()[position]
    obs_end = end.to_numpy()[position]
    pro_rata = (pd.Series(metric, dtype=object).map(kinds).to_numpy() == "sum") & (n[position] > 1)
    if pro_rata.any():
        spread = _from_ordinals(ordinal, freq)
        p_start = spread.start_time.to_numpy()
        p_end = spread.end_time.normalize().to_numpy()
        day = np.timedelta64(1, "D")
        overlap = (np.minimum(obs_end, p_end) - np.maximum(obs_start, p_start)) // day + 1
        total = (obs_end - obs_start) // day + 1
        value_sum = value_sum * np.where(pro_rata, overlap / total, 1.0)
    return pd.DataFrame(
        {
            "ordinal": ordinal,
            "metric": metric,
            "value_sum": value_sum,
            "value_min": rows["value_min"].to_numpy(dtype="float64")[position],
            "value_max": rows["value_max"].to_numpy(dtype="float64")[position],
            "n": rows["n"].to_numpy(dtype="int64")[position],
            "recency": obs_end,
        }
    )


def _aggregate(long: pd.DataFrame, kinds: Mapping[str, str]) -> pd.DataFrame:
    """Aggregate the expanded groups per (period ordinal, metric) by each metric's rule."""
    parts = []
    agg_of = long["metric"].map(kinds)
    keys = ["ordinal", "metric"]
    for how in ("sum", "mean", "max", "min"):
        part = long[(agg_of == how).to_numpy(dtype=bool)]
        if not len(part):
            continue
        grouped = part.groupby(keys, sort=True).agg(
            value_sum=("value_sum", "sum"),
            value_min=("value_min", "min"),
            value_max=("value_max", "max"),
            n=("n", "sum"),
            recency=("recency", "max"),
        )
        value = {
            "sum": grouped["value_sum"],
            "mean": grouped["value_sum"] / grouped["n"],
            "max": grouped["value_max"],
            "min": grouped["value_min"],
        }[how]
        recency = grouped["recency"]
        parts.append(pd.DataFrame({"value": value, "n": grouped["n"], "recency": recency}))
    last = long[(agg_of == "last").to_numpy(dtype=bool)]
    if len(last):
        newest = last.groupby(keys)["recency"].transform("max")
        latest = last[(last["recency"] == newest).to_numpy(dtype=bool)]
        at_latest = latest.groupby(keys, sort=True).agg(
            value_sum=("value_sum", "sum"), n=("n", "sum"), recency=("recency", "max")
        )
        parts.append(
            pd.DataFrame(
                {
                    "value": at_latest["value_sum"] / at_latest["n"],
                    "n": last.groupby(keys, sort=True)["n"].sum(),
                    "recency": at_latest["recency"],
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            {
                "ordinal": pd.Series(dtype="int64"),
                "metric": pd.Series(dtype=object),
                "value": pd.Series(dtype="float64"),
                "n": pd.Series(dtype="int64"),
                "recency": pd.Series(dtype="datetime64[ns]"),
            }
        )
    return pd.concat(parts).reset_index()
