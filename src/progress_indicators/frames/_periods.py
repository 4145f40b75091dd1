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

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from progress_indicators.model import Frequency, MetricSpec, Verification

__all__ = ["MetricPeriods", "metric_periods", "period_range", "select_track"]


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
    """The rows of a validated observation table that feed a track.

    ``threshold=None`` selects the claimed track: every row that is not disputed or
    refuted. Otherwise rows graded at or above ``threshold``.
    """
    grade = table["verification"]
    keep = ~grade.isin(["disputed", "refuted"]) if threshold is None else grade >= threshold.value
    return table[keep.to_numpy(dtype=bool)]


def metric_periods(
    table: pd.DataFrame, *, metrics: Sequence[MetricSpec], periods: pd.PeriodIndex
) -> MetricPeriods:
    """Aggregate a validated observation table into per-period metric values.

    An observation covering a span (``date`` to ``end_date``) that crosses period
    boundaries counts in each period it overlaps: a ``sum`` metric gets the share of the
    value proportional to the days of overlap (pro rata), other aggregations get the
    whole value in each period. ``last`` takes the mean of the values with the latest
    end date in the period, so the result does not depend on row order.

    Args:
        table: validated observations (see :func:`progress_indicators.validation.
            validate_observations`).
        metrics: the configured metrics; others are ignored (the caller reports them).
        periods: the periods to fill, consecutive, of one frequency.

    Returns:
        Values, observation counts and carried-forward flags, period x metric.
    """
    names = [m.name for m in metrics]
    empty = pd.DataFrame(np.nan, index=periods, columns=pd.Index(names, name="metric"))
    counts = pd.DataFrame(0, index=periods, columns=empty.columns, dtype="int64")
    if len(periods) == 0:
        return MetricPeriods(metric_values=empty, observations=counts, carried=counts.astype(bool))
    rows = table[table["metric"].isin(names).to_numpy(dtype=bool)]
    kinds = {m.name: str(m.aggregation) for m in metrics}
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
    """One row per (observation, period it overlaps), within ``periods``.

    Sum metrics spanning several periods get the day-weighted share of their value.
    """
    freq = periods.freqstr
    first_ord, last_ord = int(periods.asi8[0]), int(periods.asi8[-1])
    start = pd.DatetimeIndex(rows["date"])
    end = pd.DatetimeIndex(rows["end_date"].fillna(rows["date"]))
    start_ord = start.to_period(freq).asi8
    n = (end.to_period(freq).asi8 - start_ord + 1).astype("int64")
    position = np.repeat(np.arange(len(rows)), n)
    ordinal = start_ord[position] + np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    inside = (ordinal >= first_ord) & (ordinal <= last_ord)
    position, ordinal = position[inside], ordinal[inside]
    metric = rows["metric"].to_numpy(dtype=object)[position]
    value = rows["value"].to_numpy(dtype="float64")[position]
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
        value = value * np.where(pro_rata, overlap / total, 1.0)
    return pd.DataFrame({"ordinal": ordinal, "metric": metric, "value": value, "recency": obs_end})


def _aggregate(long: pd.DataFrame, kinds: Mapping[str, str]) -> pd.DataFrame:
    """Aggregate the expanded rows per (period ordinal, metric) by each metric's rule."""
    parts = []
    agg_of = long["metric"].map(kinds)
    for how in ("sum", "mean", "max", "min"):
        part = long[(agg_of == how).to_numpy(dtype=bool)]
        if len(part):
            grouped = part.groupby(["ordinal", "metric"], sort=True)
            parts.append(
                grouped.agg(value=("value", how), n=("value", "size"), recency=("recency", "max"))
            )
    last = long[(agg_of == "last").to_numpy(dtype=bool)]
    if len(last):
        newest = last.groupby(["ordinal", "metric"])["recency"].transform("max")
        latest = last[(last["recency"] == newest).to_numpy(dtype=bool)]
        value = latest.groupby(["ordinal", "metric"], sort=True).agg(
            value=("value", "mean"), recency=("recency", "max")
        )
        value["n"] = last.groupby(["ordinal", "metric"], sort=True).size()
        parts.append(value)
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
