"""Per-period aggregation of evidence (the layer between validation and scoring).

:func:`metric_periods` aggregates a validated pandas table; :func:`period_metrics` does
the same for a table on any engine narwhals supports (polars, pyarrow, DuckDB, Dask,
PySpark ...), running the group-by on that engine and collecting only the aggregate.
"""

from __future__ import annotations

from progress_indicators.frames._daily import (
    WHOLE_AREA,
    DailySeries,
    MetricPeriods,
    add_areas,
    area_keys,
    baseline_value,
    daily_series,
    period_values,
)
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
from progress_indicators.frames._exclusions import EXCLUSION_REASONS, artefact_mask, excluded
from progress_indicators.frames._periods import (
    COMPRESSED_KEYS,
    compress_table,
    day_span,
    empty_metric_periods,
    metric_periods,
    period_range,
    periods_from_groups,
    scored_periods,
    select_track,
)
from progress_indicators.frames._tracks import Track

__all__ = [
    "COMPRESSED_COLUMNS",
    "COMPRESSED_KEYS",
    "CONTROL_STATUSES",
    "EXCLUSION_REASONS",
    "WHOLE_AREA",
    "DailySeries",
    "MetricPeriods",
    "Track",
    "add_areas",
    "area_keys",
    "artefact_mask",
    "baseline_value",
    "compress_observations",
    "compress_table",
    "daily_series",
    "day_span",
    "empty_metric_periods",
    "excluded",
    "is_engine_frame",
    "metric_periods",
    "occupied_settlements",
    "period_metrics",
    "period_range",
    "period_values",
    "periods_from_groups",
    "scored_periods",
    "select_compressed_track",
    "select_track",
    "settlement_control",
]


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports

check_exports(globals())
