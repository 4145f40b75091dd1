"""Daily evidence series: the one place rates add, spans are weighted and levels carry.

Every metric of one evidence track is laid out on a grid of days before any period is
formed, so that the rules below hold whatever the scoring frequency:

* **Flows** (``kind="count"``) become an amount per day. A total over a span
  (``aggregation="sum"``) is spread evenly over the days of its span; a rate
  (``aggregation="mean"``, units such as ``violations/day``) is that amount on each day.

  - *Event metrics* (``zero_fill=True``, one observation per event): every row adds. A
    day inside a source's reporting span (its first date to its last end date) with no
    event is a day with 0, not a missing day.
  - *Reported figures* (``zero_fill=False``): within one source and region, the finest
    report wins on each day (a daily report over a weekly summary that covers the same
    day; coarser reports fill only the days no finer one covers). Two reports of one
    source, region and span are two readings of one figure: they are averaged, reading
    by reading (whatever their grades). Sources reporting the same region and day are
    averaged too, source by source (they measure the same thing).
    Regions add: values over disjoint regions (``Donetsk`` and ``Luhansk``) are summed.

* **Levels** (``kind="level"``, a state such as an occupied area or a provision's
  status): a row holds from its ``date`` to its ``end_date`` and, after that, until a
  newer row replaces it or it is older than the metric's ``carry_forward_days``
  (``None``: until replaced). Where rows overlap, the one that ends latest wins (and of
  those, the one that starts latest); rows with the same span are averaged, row by
  row. Regions add, as for flows.

* **Overlapping regions** (reported figures and levels): a region is read as a set of
  parts. No region, or ``Ukraine`` (:data:`WHOLE_AREA`), is the whole area, which
  contains every region; ``Donetsk+Luhansk`` is the union of ``Donetsk`` and
  ``Luhansk`` (parts compared case-insensitively, so ``luhansk + Donetsk`` is the same
  area and its readings are averaged with the others of that area). On each day the
  widest area wins: areas are taken widest first (the whole area, then by number of
  parts, ties by name) and an area is added only where no area already taken overlaps
  it. A total and its own breakdown reported for one day therefore count once, as the
  total, and the breakdown still counts on the days the total does not cover. Names
  that are not written as ``+`` unions are taken as disjoint: the library holds no
  gazetteer, so ``Donetsk`` and ``Donetsk oblast`` would add.

A day is *covered* for a metric when some row (or an event source's span, or a carried
state) speaks for it. Periods are formed from these days by :func:`period_values`:
flows take the mean amount per covered day (so the value is a daily rate and does not
depend on the period length), levels their aggregation over the covered days (``last``:
the state on the last covered day). A metric-period covered on fewer than
``min_share_covered`` of its days is missing, never extrapolated; a level read with
``last`` (the state at the end of the period) needs only one covered day, its age being
bounded by ``carry_forward_days`` instead.

Why hand-written: these rules (spans, finest-first, carry with staleness) are the
library's own methodology; numpy does the arithmetic (``numpy.add.at`` over difference
arrays, one cumulative maximum per level series), pandas the group-bys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs
import numpy as np
import pandas as pd

from progress_indicators._arguments import argument_error

if TYPE_CHECKING:
    from collections.abc import Sequence

    from progress_indicators.model import Baseline, MetricSpec

__all__ = [
    "WHOLE_AREA",
    "DailySeries",
    "MetricPeriods",
    "add_areas",
    "area_keys",
    "baseline_value",
    "daily_series",
    "period_values",
    "region_parts",
]

_DAY = np.timedelta64(1, "D")

WHOLE_AREA: Final = frozenset({"", "ukraine"})
"""Region names (case-folded) read as the whole area: no region, or the country."""


def region_parts(name: object) -> frozenset[str] | None:
    """The parts of a region name; ``None`` for the whole area (see the module docstring).

    >>> sorted(region_parts("Luhansk + donetsk"))
    ['donetsk', 'luhansk']
    >>> region_parts("Ukraine") is None, region_parts(None) is None
    (True, True)
    """
    if not isinstance(name, str):
        return None
    parts = frozenset(part.strip() for part in name.casefold().split("+")) - {""}
    if not parts or parts & WHOLE_AREA:
        return None
    return parts


def area_keys(regions: pd.Series) -> np.ndarray:
    """One key per area (``""`` for the whole area, else the sorted parts joined by ``+``)."""
    codes, uniques = pd.factorize(regions.astype(object), use_na_sentinel=True)
    keys = []
    for name in uniques:
        parts = region_parts(name)
        keys.append("" if parts is None else "+".join(sorted(parts)))
    table = np.array([*keys, ""], dtype=object)  # the sentinel -1 reads the last: whole
    return np.asarray(table[codes], dtype=object)


def _widest_first(keys: Sequence[str]) -> tuple[list[int], list[frozenset[str] | None]]:
    """The order areas are taken in (whole, then more parts, then name) and their parts."""
    parts = [None if key == "" else frozenset(key.split("+")) for key in keys]
    order = sorted(
        range(len(keys)), key=lambda i: (parts[i] is not None, -len(parts[i] or ()), keys[i])
    )
    return order, parts


def _overlap(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    return a is None or b is None or bool(a & b)


def add_areas(states: np.ndarray, keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per day, the sum over non-overlapping areas taken widest first.

    Args:
        states: ``(areas, days)``; each area's value per day, NaN where it has none.
        keys: the areas (:func:`area_keys`), one per row of ``states``.

    Returns:
        The total per day (NaN where no area has a value) and ``(areas, days)``: whether
        each area's value was added.

    Raises:
        InputTypeError: ``states`` is not a 2-D numeric array with one row per key.
    """
    is_numeric = isinstance(states, np.ndarray) and states.dtype.kind in "fiub"
    if not is_numeric or states.ndim != 2 or states.shape[0] != len(keys):
        expected = f"a 2-D array of numbers with one row per key ({len(keys)})"
        raise argument_error("frames.add_areas", "states", expected, states)
    order, parts = _widest_first(keys)
    used = np.zeros(states.shape, dtype=bool)
    for rank, i in enumerate(order):
        blocked = np.zeros(states.shape[1], dtype=bool)
        for j in order[:rank]:
            if _overlap(parts[i], parts[j]):
                blocked |= used[j]
        used[i] = ~np.isnan(states[i]) & ~blocked
    total = np.where(used, states, 0.0).sum(axis=0)
    return np.where(used.any(axis=0), total, np.nan), used


@attrs.frozen(kw_only=True, eq=False)
class DailySeries:
    """One track's metrics on a grid of days (attrs: an internal result).

    Attributes:
        days: the grid, one timestamp per day (midnight), consecutive.
        metrics: the metric names, the columns of the arrays.
        amounts: ``(days, metrics)``; flows: amount per day; levels: the state; NaN
            where the day is not covered.
        evidence_day: ``(days, metrics)``; the last day of the newest evidence behind
            the value (for flows the day itself), as a day number on the grid; -1 where
            not covered.
        observations: ``(days, metrics)``; the number of observations whose span covers
            the day (0 on carried or uncovered days).
    """

    days: pd.DatetimeIndex
    metrics: tuple[str, ...]
    amounts: np.ndarray
    evidence_day: np.ndarray

    @property
    def covered(self) -> np.ndarray:
        """``(days, metrics)``: whether the day has a value."""
        return np.asarray(~np.isnan(self.amounts))

    def frame(self) -> pd.DataFrame:
        """The values as a day x metric DataFrame (NaN where not covered)."""
        return pd.DataFrame(
            self.amounts, index=self.days, columns=pd.Index(self.metrics, name="metric")
        )


@attrs.frozen(kw_only=True, eq=False)
class MetricPeriods:
    """Per-period values of each configured metric (one evidence track).

    Attributes:
        metric_values: period x metric; NaN where the metric is missing in the period
            (no coverage, or covered on fewer than ``min_share_covered`` of its days).
            Flows are amounts per day; levels their state.
        observations: period x metric; observations whose span overlaps the period.
        carried: period x metric; True where the value rests only on a level carried
            forward from an earlier period (no observation in the period).
        days_covered: period x metric; covered days in the period.
        share_covered: period x metric; ``days_covered`` over the days of the period.
        evidence_age_days: period x metric; days from the end of the newest evidence
            behind the value to the period's last covered day (0 for flows).
    """

    metric_values: pd.DataFrame
    observations: pd.DataFrame
    carried: pd.DataFrame
    days_covered: pd.DataFrame
    share_covered: pd.DataFrame
    evidence_age_days: pd.DataFrame


def _day_numbers(values: pd.Series | np.ndarray, day0: np.datetime64) -> np.ndarray:
    stamps = np.asarray(values, dtype="datetime64[ns]").astype("datetime64[D]")
    return np.asarray((stamps - day0) // _DAY, dtype=np.int64)


def daily_series(
    groups: pd.DataFrame,
    *,
    metrics: Sequence[MetricSpec],
    first: pd.Timestamp,
    last: pd.Timestamp,
) -> DailySeries:
    """Lay one track's evidence out on the days from ``first`` to ``last``.

    Args:
        groups: compressed observation groups of one track (see
            :func:`progress_indicators.frames.compress_table`): ``metric``, ``source``,
            ``region`` (missing for event metrics), ``date``, ``end_date`` (filled),
            ``value_sum``, ``n``. Rows outside the grid are clipped to it.
        metrics: the configured metrics (the columns, in this order).
        first: the first day of the grid.
        last: the last day of the grid.

    Returns:
        The daily values and where they come from.
    """
    day0 = pd.Timestamp(first).normalize().to_datetime64().astype("datetime64[D]")
    days = pd.date_range(pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize(), freq="D")
    n_days = len(days)
    names = tuple(m.name for m in metrics)
    values = np.full((n_days, len(names)), np.nan)
    evidence = np.full((n_days, len(names)), -1, dtype=np.int64)
    column = {name: k for k, name in enumerate(names)}
    rows = groups[groups["metric"].isin(names).to_numpy(dtype=bool)]
    if rows.empty or n_days == 0:
        return DailySeries(days=days, metrics=names, amounts=values, evidence_day=evidence)
    start = _day_numbers(rows["date"], day0)
    end = _day_numbers(rows["end_date"], day0)
    inside = (end >= 0) & (start < n_days)
    rows, start, end = rows[inside], start[inside], end[inside]
    col = rows["metric"].map(column).to_numpy(dtype=np.int64)
    specs = {m.name: m for m in metrics}
    kind = np.array([specs[name].kind for name in names])
    is_rate = np.array([specs[name].aggregation != "sum" for name in names])
    is_event = np.array([specs[name].zero_fill for name in names])
    length = (end - start + 1).astype("float64")
    flow = kind[col] == "count"
    event = flow & is_event[col]
    figure = flow & ~is_event[col]
    level = ~flow
    # an amount per day: a total is spread over its span, a rate is that amount each day;
    # events add row by row (value_sum); readings of one figure or state are averaged
    # reading by reading (sums and counts n carried together, never a mean of means)
    value_sum = rows["value_sum"].to_numpy(dtype="float64")
    readings = rows["n"].to_numpy(dtype="float64")
    per_day_sum = np.where(is_rate[col], value_sum, value_sum / length)
    clipped = (np.clip(start, 0, n_days - 1), np.clip(end, 0, n_days - 1))
    if event.any():
        _events(
            values,
            evidence,
            rows[event],
            (clipped[0][event], clipped[1][event]),
            col[event],
            per_day_sum[event],
        )
    if figure.any():
        _figures(
            values,
            evidence,
            rows[figure],
            (clipped[0][figure], clipped[1][figure]),
            length[figure],
            col[figure],
            (per_day_sum[figure], readings[figure]),
        )
    if level.any():
        carry = {
            column[m.name]: (np.inf if m.carry_forward_days is None else m.carry_forward_days)
            for m in metrics
            if m.kind == "level"
        }
        _levels(
            values,
            evidence,
            rows[level],
            (start[level], end[level]),
            col[level],
            (value_sum[level], readings[level]),
            carry,
        )
    return DailySeries(days=days, metrics=names, amounts=values, evidence_day=evidence)


def _events(  # noqa: PLR0917 (private helper; one call site passes the arrays in order)
    values: np.ndarray,
    evidence: np.ndarray,
    rows: pd.DataFrame,
    clipped: tuple[np.ndarray, np.ndarray],
    c: np.ndarray,
    amount: np.ndarray,
) -> None:
    """Event metrics: every row adds over its span; a source's span is covered (zero-fill)."""
    n_days = values.shape[0]
    start, end = clipped
    total = np.zeros((n_days + 1, values.shape[1]))
    np.add.at(total, (start, c), amount)
    np.add.at(total, (end + 1, c), -amount)
    total = np.cumsum(total, axis=0)[:-1]
    # each (metric, source) reports from its first day to its last: inside, no event is 0
    spans = (
        pd.DataFrame({"col": c, "source": rows["source"].to_numpy(), "start": start, "end": end})
        .groupby(["col", "source"], sort=False)
        .agg(start=("start", "min"), end=("end", "max"))
    )
    span_col = spans.index.get_level_values("col").to_numpy(dtype=np.int64)
    steps = np.zeros((n_days + 1, values.shape[1]), dtype=np.int64)
    np.add.at(steps, (spans["start"].to_numpy(), span_col), 1)
    np.add.at(steps, (spans["end"].to_numpy() + 1, span_col), -1)
    inside = np.cumsum(steps, axis=0)[:-1] > 0
    touched = np.unique(c)
    # float noise of the +/- steps must not leave a tiny non-zero where nothing happened
    cleaned = np.where(np.abs(total) < 1e-9 * (1.0 + np.abs(total).max()), 0.0, total)
    for k in touched:
        values[:, k] = np.where(inside[:, k], cleaned[:, k], np.nan)
        evidence[:, k] = np.where(inside[:, k], np.arange(n_days), -1)


def _figures(  # noqa: PLR0917 (private helper; one call site passes the arrays in order)
    values: np.ndarray,
    evidence: np.ndarray,
    rows: pd.DataFrame,
    clipped: tuple[np.ndarray, np.ndarray],
    span: np.ndarray,
    col: np.ndarray,
    per_day: tuple[np.ndarray, np.ndarray],
) -> None:
    """Reported figures: finest report first per source and area, sources averaged.

    ``per_day``: each group's per-day amount summed over its readings, and their number.
    """
    start, end = clipped
    length = end - start + 1
    position = np.repeat(np.arange(len(start)), length)
    offset = np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length)
    region = area_keys(rows["region"])
    expanded = pd.DataFrame(
        {
            "col": col[position],
            "source": rows["source"].astype(object).to_numpy()[position],
            "region": region[position],
            "day": start[position] + offset,
            "span": span[position],
            "amount": per_day[0][position],
            "n": per_day[1][position],
        }
    )
    keys = ["col", "source", "region", "day"]
    finest = expanded["span"] == expanded.groupby(keys, sort=False)["span"].transform("min")
    sums = expanded[finest.to_numpy(dtype=bool)].groupby(keys, sort=False)[["amount", "n"]].sum()
    per_source = sums["amount"] / sums["n"]
    per_region = per_source.groupby(level=["col", "region", "day"], sort=False).mean()
    for k, per_metric in per_region.groupby(level="col", sort=False):
        grid = per_metric.droplevel("col").unstack("region")
        keys = [str(key) for key in grid.columns]
        total, _ = add_areas(grid.to_numpy(dtype="float64").T, keys)
        d = grid.index.to_numpy(dtype=np.int64)
        has = ~np.isnan(total)
        values[d[has], int(str(k))] = total[has]
        evidence[d[has], int(str(k))] = d[has]


def _levels(  # noqa: PLR0917 (private helper; one call site passes the arrays in order)
    values: np.ndarray,
    evidence: np.ndarray,
    rows: pd.DataFrame,
    span: tuple[np.ndarray, np.ndarray],
    col: np.ndarray,
    value: tuple[np.ndarray, np.ndarray],
    carry: dict[int, float],
) -> None:
    """Level metrics: the latest state per area, carried until replaced or stale.

    ``value``: each group's values summed over its readings, and their number.
    """
    n_days = values.shape[0]
    grid = np.arange(n_days)
    region = area_keys(rows["region"])
    table = (
        pd.DataFrame(
            {
                "col": col,
                "region": region,
                "start": np.clip(span[0], 0, None),
                "end": span[1],
                "value": value[0],
                "n": value[1],
            }
        )
        .groupby(["col", "region", "start", "end"], sort=True)[["value", "n"]]
        .sum()
        .reset_index()
    )
    table["value"] /= table["n"]
    for k, per_metric in table.groupby("col", sort=True):
        keys: list[str] = []
        states: list[np.ndarray] = []
        ages: list[np.ndarray] = []
        for area, part in per_metric.groupby("region", sort=True):
            starts = part["start"].to_numpy(dtype=np.int64)
            ends = part["end"].to_numpy(dtype=np.int64)
            # the row in force on a day: the latest end among the rows started by then,
            # then the latest start; one integer key, so a running maximum finds it
            key = ends * np.int64(n_days + 1) + starts
            order = np.argsort(key)
            best = np.full(n_days, -1, dtype=np.int64)
            np.maximum.at(best, starts, key)
            best = np.maximum.accumulate(best)
            known = best >= 0
            row = order[np.searchsorted(key[order], np.where(known, best, key[order][0]))]
            state_end = ends[row]
            valid = known & (grid - state_end <= carry[int(str(k))])
            keys.append(str(area))
            states.append(np.where(valid, part["value"].to_numpy(dtype="float64")[row], np.nan))
            ages.append(np.minimum(state_end, grid))
        total, used = add_areas(np.vstack(states), keys)
        oldest = np.where(used, np.vstack(ages), n_days).min(axis=0)
        column = int(str(k))
        values[:, column] = total
        evidence[:, column] = np.where(np.isnan(total), -1, oldest)


def baseline_value(daily: DailySeries, metric: str, baseline: Baseline) -> float:
    """A goalpost derived from the data: ``baseline.statistic`` of the daily values.

    The statistic is taken over the covered days of the window, so a mean of a flow is
    the duration-weighted mean amount per day, and it does not depend on the frequency.
    NaN when no day of the window is covered.
    """
    k = daily.metrics.index(metric)
    inside = (daily.days >= pd.Timestamp(baseline.start)) & (
        daily.days <= pd.Timestamp(baseline.end)
    )
    window = daily.amounts[np.asarray(inside), k]
    window = window[~np.isnan(window)]
    if window.size == 0:
        return float("nan")
    return float(pd.Series(window).agg(baseline.statistic))


def period_values(
    daily: DailySeries,
    groups: pd.DataFrame,
    *,
    metrics: Sequence[MetricSpec],
    periods: pd.PeriodIndex,
    min_share_covered: float,
) -> MetricPeriods:
    """Per-period values from a track's daily series (see the module docstring).

    Args:
        daily: the daily series (its grid covers every period in full).
        groups: the same compressed groups (for the observation counts).
        metrics: the configured metrics.
        periods: the periods to fill, consecutive, of one frequency.
        min_share_covered: the share of a period's days a metric must cover to have a
            value there.

    Returns:
        Values, coverage and provenance per period and metric.
    """
    names = pd.Index([m.name for m in metrics], name="metric")
    freq = periods.freqstr
    if len(periods) == 0:
        empty = pd.DataFrame(np.nan, index=periods, columns=names)
        zeros = pd.DataFrame(0, index=periods, columns=names, dtype="int64")
        return MetricPeriods(
            metric_values=empty,
            observations=zeros,
            carried=zeros.astype(bool),
            days_covered=zeros,
            share_covered=empty.copy(),
            evidence_age_days=empty.copy(),
        )
    day_period = daily.days.to_period(freq)
    position = np.asarray(periods.get_indexer(day_period))
    on = position >= 0
    values = daily.amounts[on]
    where = position[on]
    covered = ~np.isnan(values)
    n_periods = len(periods)
    period_days = (
        np.asarray(periods.end_time.normalize() - periods.start_time.normalize()) // _DAY + 1
    )
    days_covered = np.zeros((n_periods, values.shape[1]), dtype=np.int64)
    np.add.at(days_covered, where, covered.astype(np.int64))
    share = days_covered / period_days[:, None]
    frame = pd.DataFrame(values, columns=names)
    grouped = frame.groupby(where, sort=True)
    out = pd.DataFrame(np.nan, index=range(n_periods), columns=names)
    how = {
        m.name: (
            "mean" if m.kind == "count" and m.aggregation in {"sum", "mean"} else m.aggregation
        )
        for m in metrics
    }
    for rule in sorted(set(how.values())):
        cols = [name for name in names if how[name] == rule]
        part = grouped[cols].agg(rule) if rule != "last" else grouped[cols].last()
        out.loc[part.index, cols] = part.to_numpy(dtype="float64")
    result = out.to_numpy(dtype="float64")
    # a state read at the period's end needs one covered day (its staleness is governed by
    # carry_forward_days); every other value needs the share of covered days
    point = np.array([m.kind == "level" and m.aggregation == "last" for m in metrics])
    enough = (share >= min_share_covered) | (point[None, :] & (days_covered > 0))
    result = np.where(enough, result, np.nan)
    # the age of the evidence on the period's last covered day
    day_number = np.arange(len(daily.days))[on]
    last_day = (
        pd.DataFrame(np.where(covered, day_number[:, None], np.nan))
        .groupby(where)
        .max()
        .reindex(range(n_periods))
        .to_numpy(dtype="float64")
    )
    used = np.full_like(last_day, np.nan)
    have = ~np.isnan(last_day)
    cells = np.nonzero(have)
    used[cells] = daily.evidence_day[last_day[cells].astype(np.int64), cells[1]]
    age = np.where(have, last_day - used, np.nan)
    counts = _observation_counts(groups, names, periods)
    kinds = np.array([m.kind for m in metrics])
    carried = (kinds == "level")[None, :] & ~np.isnan(result) & (counts == 0)
    return MetricPeriods(
        metric_values=pd.DataFrame(result, index=periods, columns=names),
        observations=pd.DataFrame(counts, index=periods, columns=names),
        carried=pd.DataFrame(carried, index=periods, columns=names),
        days_covered=pd.DataFrame(days_covered, index=periods, columns=names),
        share_covered=pd.DataFrame(share, index=periods, columns=names),
        evidence_age_days=pd.DataFrame(age, index=periods, columns=names),
    )


def _observation_counts(
    groups: pd.DataFrame, names: pd.Index, periods: pd.PeriodIndex
) -> np.ndarray:
    """Observations whose span overlaps each period, per metric (one step per group)."""
    counts = np.zeros((len(periods) + 1, len(names)), dtype=np.int64)
    rows = groups[groups["metric"].isin(names).to_numpy(dtype=bool)]
    if rows.empty:
        return counts[:-1]
    freq = periods.freqstr
    first = pd.DatetimeIndex(rows["date"]).to_period(freq).asi8
    last = pd.DatetimeIndex(rows["end_date"]).to_period(freq).asi8
    ordinals = periods.asi8
    lo = np.searchsorted(ordinals, first, side="left")
    hi = np.searchsorted(ordinals, last, side="right")
    keep = hi > lo
    col = names.get_indexer(pd.Index(rows["metric"]))[keep]
    n = rows["n"].to_numpy(dtype=np.int64)[keep]
    np.add.at(counts, (lo[keep], col), n)
    np.add.at(counts, (hi[keep], col), -n)
    return np.cumsum(counts, axis=0)[:-1]
