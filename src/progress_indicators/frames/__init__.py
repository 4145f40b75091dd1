"""Per-period aggregation of evidence (the layer between validation and scoring)."""

from __future__ import annotations

from progress_indicators.frames._periods import (
    MetricPeriods,
    metric_periods,
    period_range,
    select_track,
)

__all__ = ["MetricPeriods", "metric_periods", "period_range", "select_track"]
