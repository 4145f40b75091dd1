"""Per-period aggregation of evidence (the layer between validation and scoring).

:func:`metric_periods` aggregates a validated pandas table; :func:`period_metrics` does
the same for a table on any engine narwhals supports (polars, pyarrow, DuckDB, Dask,
PySpark ...), running the group-by on that engine and collecting only the aggregate.
"""

from __future__ import annotations

from progress_indicators.frames._engine import (
    COMPRESSED_COLUMNS,
    CONTROL_STATUSES,
    compress_observations,
    is_engine_frame,
    occupied_settlements,
    period_metrics,
    select_compressed_track,
    settlement_control,
)
from progress_indicators.frames._periods import (
    MetricPeriods,
    compress_table,
    empty_metric_periods,
    finish_metric_periods,
    metric_periods,
    period_range,
    select_track,
)
from progress_indicators.frames._tracks import Track

__all__ = [
    "COMPRESSED_COLUMNS",
    "CONTROL_STATUSES",
    "MetricPeriods",
    "Track",
    "compress_observations",
    "compress_table",
    "empty_metric_periods",
    "finish_metric_periods",
    "is_engine_frame",
    "metric_periods",
    "occupied_settlements",
    "period_metrics",
    "period_range",
    "select_compressed_track",
    "select_track",
    "settlement_control",
]
