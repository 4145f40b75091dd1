"""How one metric is aggregated within a period and normalised onto 0-100.

These are pydantic models because they cross the boundary: users write them in YAML or
JSON configs, and their JSON Schema is exported with :class:`ScorecardConfig`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal, Self

from pydantic import ConfigDict, Field, model_validator

from progress_indicators.model._base import ConfigModel
from progress_indicators.model._indicator import Indicator

__all__ = ["Baseline", "Goalposts", "MetricSpec"]

Aggregation = Literal["sum", "mean", "max", "min", "last"]


class Baseline(ConfigModel):
    """A goalpost derived from the scored data: a statistic of the daily values in a window.

    The statistic is taken over the covered days of the window (for a flow, ``mean`` is
    the duration-weighted mean amount per day; for a level, ``max`` is the peak), so it
    does not depend on the scoring frequency. The window is fixed in calendar time, but
    the value still depends on what evidence is passed: evidence added inside the window
    moves it and every score with it. The default metrics use numbers instead (derived
    once, with their source); a ``Baseline`` is the explicit option to derive them anew.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: dt.date
    end: dt.date
    statistic: Literal["mean", "median", "max", "min"] = "mean"

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            msg = f"baseline end {self.end} is before its start {self.start}"
            raise ValueError(msg)
        return self


class Goalposts(ConfigModel):
    """The worst and best values of a metric; scores run from 0 (worst) to 100 (best).

    ``scale="linear"``: ``score = (x - worst) / (best - worst)``, clipped to [0, 1].
    ``scale="log"`` (counts, best must be 0): ``score = 1 - log1p(x) / log1p(worst)``,
    clipped to [0, 1], the log goalpost of DOMAIN.md for counts that span 0 to thousands.

    A goalpost is a number (the defaults are numbers, with their ``source`` and
    ``derivation``), so a published score never moves when other evidence arrives. A
    :class:`Baseline` derives it from the scored data instead, on request.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    worst: float | Baseline
    best: float | Baseline
    scale: Literal["linear", "log"] = "linear"
    source: str = ""
    derivation: str = ""

    @model_validator(mode="after")
    def _log_needs_zero_best(self) -> Self:
        if self.scale == "log" and self.best != 0:
            msg = f"log goalposts need best == 0 (got best={self.best!r})"
            raise ValueError(msg)
        for name in ("worst", "best"):
            value = getattr(self, name)
            if isinstance(value, float) and not math.isfinite(value):
                msg = f"goalpost {name!r} must be finite (got {value!r})"
                raise ValueError(msg)
        return self


class MetricSpec(ConfigModel):
    """One metric of an indicator: its unit, how it aggregates and how it is scored.

    Attributes:
        name: the ``metric`` value in the observation table.
        indicator: the indicator it is evidence on.
        unit: unit of the observed values (``persons``, ``km2``, ``pam_0_3`` ...).
        kind: ``count`` (events or persons in a span; summed) or ``level`` (a state
            such as occupied area or a provision's status).
        aggregation: how observations of one period combine (``last`` takes the mean of
            the values on the latest date).
        carry_forward_days: for levels, how many days a value stays valid in later
            periods without a fresh observation. ``0``: never; ``None``: until replaced
            (legal acts in force). Carried values are flagged in the coverage table.
        weight: weight within its indicator (re-normalised over covered metrics).
        minimum, maximum: the valid range of a single observed value (validation).
        zero_fill: for event counts (one observation per event): a period without events
            inside the span a source reports on counts 0, not missing. Off for figures
            published per period (a month without a published figure is missing).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    indicator: Indicator
    unit: str = Field(min_length=1)
    kind: Literal["count", "level"]
    aggregation: Aggregation
    goalposts: Goalposts
    weight: float = Field(default=1.0, ge=0, allow_inf_nan=False)
    carry_forward_days: int | None = Field(default=0, ge=0)
    minimum: float | None = 0.0
    maximum: float | None = None
    zero_fill: bool = False
    description: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.zero_fill and self.kind != "count":
            msg = "zero_fill applies to counts only"
            raise ValueError(msg)
        if self.kind == "count" and self.carry_forward_days != 0:
            msg = "counts cannot be carried forward (carry_forward_days must be 0)"
            raise ValueError(msg)
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            msg = f"maximum {self.maximum} is below minimum {self.minimum}"
            raise ValueError(msg)
        return self
