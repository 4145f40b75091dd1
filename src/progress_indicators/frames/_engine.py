"""Per-period aggregation written once over narwhals, run on whichever engine holds the data.

The observation table may be a pandas, polars or pyarrow table, or a lazy DuckDB
relation, Dask or PySpark DataFrame. The engine does the one pass over all rows: a
group-by on ``(metric, verification, reliability, source, region, date, end_date)``
(the region left out for event metrics) that keeps, per group, the sum, minimum and
maximum of ``value`` and the number of rows. Only that *compressed* table (thousands of
rows, whatever the input size) is collected. Every rule of
:mod:`~progress_indicators.frames._daily` can be finished exactly from it, because each
depends on a row only through its metric, source, region and span: events add (a
group's sum), readings of one figure average (a group's sum over its count), levels
take the mean of the rows with the same span.

VIINA-style control tables (one row per place per day) are reduced the same way: the
weekly status of each place (its status on the latest day of the week) and the number
of places held per week are computed on the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import narwhals as nw
import numpy as np
import pandas as pd

from progress_indicators._arguments import (
    argument_error,
    engine_frame,
    one_of,
    real_number,
)
from progress_indicators._arguments import names as names_of
from progress_indicators.exceptions import ConfigError
from progress_indicators.frames._periods import (
    COMPRESSED_KEYS,
    empty_metric_periods,
    period_range,
    periods_from_groups,
)
from progress_indicators.frames._tracks import Track
from progress_indicators.model import DEFAULT_METRICS, Frequency, Verification
from progress_indicators.validation import check_columns

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from progress_indicators.frames._daily import MetricPeriods
    from progress_indicators.model import MetricSpec

__all__ = [
    "COMPRESSED_COLUMNS",
    "CONTROL_STATUSES",
    "compress_observations",
    "is_engine_frame",
    "occupied_settlements",
    "period_metrics",
    "select_compressed_track",
    "settlement_control",
]

COMPRESSED_COLUMNS: Final = (
    *COMPRESSED_KEYS,
    "value_sum",
    "value_min",
    "value_max",
    "n",
)
"""Columns of the compressed observation table (one row per metric, grade, region, span)."""

CONTROL_STATUSES: Final = ("UA", "RU", "CONTESTED")
"""VIINA control codes, in the order used to encode them (0, 1, 2)."""


def is_engine_frame(frame: object) -> bool:
    """Whether ``frame`` is a dataframe narwhals can wrap (pandas included)."""
    wrapped = nw.from_native(frame, pass_through=True)
    return isinstance(wrapped, (nw.DataFrame, nw.LazyFrame))


def _to_pandas(frame: nw.DataFrame[Any] | nw.LazyFrame[Any]) -> pd.DataFrame:
    """Collect a (small, aggregated) narwhals frame into pandas."""
    eager = frame.collect() if isinstance(frame, nw.LazyFrame) else frame
    native = nw.to_native(eager)
    if isinstance(native, pd.DataFrame):
        return native
    result: pd.DataFrame = eager.to_pandas()
    return result


def compress_observations(
    frame: Any, *, metrics: Sequence[str] | None = None, event_metrics: Collection[str] = ()
) -> pd.DataFrame:
    """Group observations by metric, grade, reliability, source, region and span.

    Args:
        frame: an observation table (contract columns ``metric``, ``verification``,
            ``date``, ``end_date`` (optional), ``value``), already validated, in any
            backend narwhals supports; lazy frames stay lazy until the aggregate.
        metrics: keep only these metrics (pushed down to the engine as a filter).
        event_metrics: metrics grouped without their region (every row adds).

    Returns:
        The compressed table (``COMPRESSED_COLUMNS``) as pandas: ``date`` and
        ``end_date`` as ``datetime64[ns]`` (``end_date`` filled with ``date``), ``metric``
        and ``verification`` as strings, ``n`` as int64.

    Raises:
        InputTypeError: ``frame`` is no table, or ``metrics``/``event_metrics`` is not
            a list of metric names (a single text would be read letter by letter).
        ValidationError: a contract column the grouping needs is missing.
    """
    return _compress(
        frame, metrics=metrics, event_metrics=event_metrics, where="compress_observations"
    )


def _compress(frame: Any, *, metrics: object, event_metrics: object, where: str) -> pd.DataFrame:
    """:func:`compress_observations`, its errors naming ``where``."""
    data = engine_frame(frame, where=where)
    names = data.collect_schema().names()
    check_columns(names, _GROUPED_COLUMNS, "observations", where)
    wanted = None if metrics is None else names_of(metrics, where=where, name="metrics")
    event_names = names_of(event_metrics, where=where, name="event_metrics")
    end = nw.col("end_date") if "end_date" in names else nw.col("date")
    region = nw.lit(None, nw.String)
    if "region" in names:
        stripped = _stripped("region")
        region = nw.when(stripped != "").then(stripped)  # blank is missing, as validated
    if event_names:
        events = _stripped("metric").is_in(list(event_names))
        region = nw.when(~events).then(region).otherwise(None)
    if wanted is not None:
        data = data.filter(_stripped("metric").is_in(list(wanted)))
    # text as validation reads it (stripped; coded columns cased: validation.CODED_CASE)
    grouped = (
        data.with_columns(
            _stripped("metric"),
            _stripped("verification").str.to_lowercase(),
            _stripped("reliability").str.to_uppercase(),
            _stripped("source"),
            region.alias("region"),
            nw.coalesce(end, nw.col("date")).alias("end_date"),
        )
        .group_by(*COMPRESSED_KEYS, drop_null_keys=False)
        .agg(
            nw.col("value").sum().alias("value_sum"),
            nw.col("value").min().alias("value_min"),
            nw.col("value").max().alias("value_max"),
            nw.len().alias("n"),
        )
    )
    small = _to_pandas(grouped)
    return pd.DataFrame(
        {
            "metric": small["metric"].astype(object).to_numpy(),
            "verification": small["verification"].astype(object).to_numpy(),
            "reliability": small["reliability"].astype(object).to_numpy(),
            "source": small["source"].astype(object).to_numpy(),
            "region": small["region"]
            .astype(object)
            .where(small["region"].notna(), None)
            .to_numpy(),
            "date": _datetimes(small["date"]),
            "end_date": _datetimes(small["end_date"]),
            "value_sum": small["value_sum"].to_numpy(dtype="float64"),
            "value_min": small["value_min"].to_numpy(dtype="float64"),
            "value_max": small["value_max"].to_numpy(dtype="float64"),
            "n": small["n"].to_numpy(dtype="int64"),
        }
    )


_GROUPED_COLUMNS: Final = ("metric", "verification", "reliability", "source", "date", "value")
"""The columns a compressed table is grouped from (``region``, ``end_date`` optional)."""


def _stripped(column: str) -> nw.Expr:
    return nw.col(column).cast(nw.String).str.strip_chars()


def _datetimes(column: pd.Series) -> np.ndarray:
    values = pd.to_datetime(column)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    return values.to_numpy(dtype="datetime64[ns]")


def select_compressed_track(
    compressed: pd.DataFrame, threshold: Verification | None
) -> pd.DataFrame:
    """The groups of a compressed table graded for a track (see ``select_track``)."""
    return Track(name="claimed" if threshold is None else "verified", threshold=threshold).select(
        compressed
    )


def period_metrics(
    frame: Any,
    *,
    frequency: Frequency | str = Frequency.MONTHLY,
    metrics: Sequence[MetricSpec] = DEFAULT_METRICS,
    threshold: Verification | str | None = Verification.CORROBORATED,
    periods: pd.PeriodIndex | None = None,
    min_share_covered: float = 0.5,
) -> MetricPeriods:
    """Per-period metric values from a validated observation table on any engine.

    The group-by runs on the frame's own engine (pandas, polars, pyarrow, DuckDB, Dask,
    PySpark ...); only the compressed table is collected, then finished in pandas with
    the semantics of :func:`~progress_indicators.frames.metric_periods` (rates add over
    regions, spans weighted by their days, levels carried).

    Args:
        frame: validated observations (contract columns) in any narwhals backend.
        frequency: ``daily``, ``weekly`` or ``monthly``.
        metrics: the configured metrics.
        threshold: lowest grade counted; ``None`` for the claimed track (everything
            not disputed or refuted).
        periods: the periods to fill (default: from the first to the last observation).
        min_share_covered: share of a period's days a metric must cover.

    Returns:
        Values, observation counts and carried-forward flags, period x metric.

    Raises:
        ConfigError: an unknown frequency or grade, a share outside (0, 1], or
            ``periods`` of another frequency.
        InputTypeError: ``frame`` is no table.
        ValidationError: a contract column is missing.

    Examples:
        >>> import polars as pl  # doctest: +SKIP
        >>> period_metrics(pl.scan_parquet("obs.parquet"), frequency="weekly")  # doctest: +SKIP
    """
    where = "period_metrics"
    frequency = Frequency(
        one_of(frequency, [f.value for f in Frequency], where=where, name="frequency")
    )
    grade = None
    if threshold is not None:
        grade = Verification(
            one_of(threshold, [v.value for v in Verification], where=where, name="threshold")
        )
    real_number(
        min_share_covered,
        where=where,
        name="min_share_covered",
        minimum=0,
        maximum=1,
        open_minimum=True,
        hint="the share of a period's days a metric must cover (0.5: half of them).",
    )
    if periods is not None:
        _check_periods(periods, frequency, where=where)
    compressed = _compress(
        frame,
        metrics=[m.name for m in metrics],
        event_metrics=[m.name for m in metrics if m.zero_fill],
        where=where,
    )
    track = select_compressed_track(compressed, grade)
    if periods is None:
        if track.empty:
            periods = pd.PeriodIndex([], freq=frequency.pandas_freq, name="period")
        else:
            periods = period_range(track["date"].min(), track["end_date"].max(), frequency)
    if len(periods) == 0:
        return empty_metric_periods(metrics, periods)
    return periods_from_groups(
        track, metrics=metrics, periods=periods, min_share_covered=min_share_covered
    )


def _check_periods(periods: object, frequency: Frequency, *, where: str) -> None:
    """``periods`` must be a ``PeriodIndex`` of ``frequency`` (else values would be misread)."""
    expected = f"a pandas.PeriodIndex of {frequency.value} periods ({frequency.pandas_freq})"
    if not isinstance(periods, pd.PeriodIndex):
        raise argument_error(where, "periods", expected, periods)
    wanted = pd.PeriodIndex([], freq=frequency.pandas_freq).freqstr
    if len(periods) and periods.freqstr != wanted:
        raise argument_error(
            where,
            "periods",
            expected,
            periods,
            hint=f"pass frequency={periods.freqstr!r}'s Frequency, or periods of {wanted}.",
            error=ConfigError,
        )


# -- VIINA-style control tables ----------------------------------------------------------


def _day_number(date: nw.Expr, kind: str) -> nw.Expr:
    """Days since 1970-01-01 from a YYYYMMDD integer or a date column (integer maths).

    Howard Hinnant's ``days_from_civil``: portable to every engine (only ``//``, ``%``,
    ``*`` and ``when``), and valid for the proleptic Gregorian calendar after year 0.
    """
    if kind == "int":
        year, month, day = date // 10000, (date // 100) % 100, date % 100
    else:
        year, month, day = date.dt.year(), date.dt.month(), date.dt.day()
    early = month <= 2
    y = nw.when(early).then(year - 1).otherwise(year)
    era = y // 400
    yoe = y - era * 400
    m = nw.when(early).then(month + 9).otherwise(month - 3)
    doy = (153 * m + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def settlement_control(
    frame: Any,
    *,
    place: str = "geonameid",
    date: str = "date",
    status: str = "status",
) -> Any:
    """Weekly control of each place, computed on the frame's engine (not collected).

    For each place and week (Monday to Sunday): the status on the latest day of the
    week that has a row, and the number of days ``UA``, ``RU`` and ``CONTESTED``.

    Args:
        frame: a control table, one row per place per day (VIINA ``control_latest``):
            ``date`` as a YYYYMMDD integer or a date; ``status`` one of ``UA``,
            ``RU``, ``CONTESTED`` (other values count as no status).
        place: the place id column.
        date: the date column.
        status: the status column.

    Returns:
        A native frame of the same backend (lazy stays lazy) with columns ``place``
        (the place column's name), ``week_start`` (days since 1970-01-01 of the Monday,
        int), ``status``, ``days_ua``, ``days_ru``, ``days_contested``. Collect it, or
        write it out with the engine, as the size requires (one row per place-week).

    Raises:
        InputTypeError: ``frame`` is no table, or a column name is not a text.
        ValidationError: a named column is not in the table.
    """
    return _weekly_control(frame, place=place, date=date, status=status, where="settlement_control")


def _weekly_control(frame: Any, *, place: object, date: object, status: object, where: str) -> Any:
    """:func:`settlement_control`, its errors naming ``where``."""
    data = engine_frame(frame, where=where)
    schema = data.collect_schema()
    chosen: list[str] = []
    for name, column in (("place", place), ("date", date), ("status", status)):
        if not isinstance(column, str):
            raise argument_error(where, name, "a column name (text)", column)
        chosen.append(column)
    check_columns(schema.names(), chosen, "control", where)
    place, date, status = chosen
    dtype = schema[date]
    kind = "date" if dtype in (nw.Date, nw.Datetime) or isinstance(dtype, nw.Datetime) else "int"
    text = nw.col(status).cast(nw.String)
    code = (
        nw.when(text == "UA")
        .then(0)
        .when(text == "RU")
        .then(1)
        .when(text == "CONTESTED")
        .then(2)
        .otherwise(3)
    )
    day = _day_number(nw.col(date), kind)
    weekly = (
        data.select(
            nw.col(place),
            ((day + 3) // 7).alias("week"),
            (day * 4 + code).alias("day_code"),
            (code == 0).cast(nw.Int32).alias("ua"),
            (code == 1).cast(nw.Int32).alias("ru"),
            (code == 2).cast(nw.Int32).alias("contested"),
        )
        .group_by(place, "week")
        .agg(
            nw.col("day_code").max().alias("last_code"),
            nw.col("ua").sum().alias("days_ua"),
            nw.col("ru").sum().alias("days_ru"),
            nw.col("contested").sum().alias("days_contested"),
        )
        .select(
            nw.col(place),
            (nw.col("week") * 7 - 3).alias("week_start"),
            nw.when(nw.col("last_code") % 4 == 0)
            .then(nw.lit("UA"))
            .when(nw.col("last_code") % 4 == 1)
            .then(nw.lit("RU"))
            .when(nw.col("last_code") % 4 == 2)
            .then(nw.lit("CONTESTED"))
            .otherwise(nw.lit(None, dtype=nw.String))
            .alias("status"),
            nw.col("days_ua"),
            nw.col("days_ru"),
            nw.col("days_contested"),
        )
    )
    return weekly.to_native()


def occupied_settlements(
    frame: Any,
    *,
    place: str = "geonameid",
    date: str = "date",
    status: str = "status",
) -> pd.DataFrame:
    """Places held by Russia (and contested) per week, computed on the frame's engine.

    Args:
        frame: a control table (see :func:`settlement_control`), any backend.
        place: the place id column.
        date: the date column.
        status: the status column.

    Returns:
        A small pandas table indexed by ``week`` (a weekly ``Period``, Monday to
        Sunday) with ``occupied`` (places whose weekly status is ``RU``), ``contested``
        and ``places`` (places with any row that week), sorted by week.

    Raises:
        InputTypeError: ``frame`` is no table, or a column name is not a text.
        ValidationError: a named column is not in the table.
    """
    control = _weekly_control(
        frame, place=place, date=date, status=status, where="occupied_settlements"
    )
    weekly = nw.from_native(control)
    counts = (
        weekly.select(
            nw.col("week_start"),
            (nw.col("status") == "RU").cast(nw.Int64).alias("is_ru"),
            (nw.col("status") == "CONTESTED").cast(nw.Int64).alias("is_contested"),
        )
        .group_by("week_start")
        .agg(
            nw.col("is_ru").sum().alias("occupied"),
            nw.col("is_contested").sum().alias("contested"),
            nw.len().alias("places"),
        )
    )
    small = _to_pandas(counts)
    start = np.datetime64("1970-01-01", "D") + small["week_start"].to_numpy(dtype="int64")
    week = pd.PeriodIndex(pd.DatetimeIndex(start), freq="W-SUN", name="week")
    table = pd.DataFrame(
        {
            "occupied": small["occupied"].to_numpy(dtype="int64"),
            "contested": small["contested"].to_numpy(dtype="int64"),
            "places": small["places"].to_numpy(dtype="int64"),
        },
        index=week,
    )
    return table.sort_index()
