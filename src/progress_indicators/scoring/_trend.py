"""Trend of a time series: the compound annual growth rate (COINr's ``CAGR``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from progress_indicators.exceptions import ScoringError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["growth_rate"]


def growth_rate(values: Sequence[float], times: Sequence[float]) -> float:
    """Compound growth rate per time unit between the first and last non-missing values.

    ``(y_last / y_first) ** (1 / (t_last - t_first)) - 1``, as COINr's ``CAGR``: with
    ``times`` in years it is the compound annual growth rate. Missing values (NaN) are
    skipped; fewer than two values, or a first value of 0, give NaN (no defined rate).

    Examples:
        >>> round(growth_rate([100, 110, 121, 133.1], [2018, 2019, 2020, 2021]), 12)
        0.1

    Raises:
        ScoringError: ``values`` and ``times`` differ in length, or times do not increase.
    """
    y = np.asarray(values, dtype=np.float64)
    t = np.asarray(times, dtype=np.float64)
    if y.shape != t.shape:
        msg = f"growth_rate: {y.size} values but {t.size} times; give one time per value."
        raise ScoringError(msg)
    present = ~np.isnan(y)
    if np.any(np.diff(t) <= 0):
        msg = "growth_rate: times must increase strictly.\nHint: sort the series by time."
        raise ScoringError(msg)
    y, t = y[present], t[present]
    if y.size < 2 or y[0] == 0:
        return float("nan")
    with np.errstate(invalid="ignore"):
        return float((y[-1] / y[0]) ** (1.0 / (t[-1] - t[0])) - 1.0)
