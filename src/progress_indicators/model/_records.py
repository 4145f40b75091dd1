"""Single records: one observation, one humanitarian event, and the table contracts.

Both records are pydantic models (frozen, no extra fields) because they cross the
boundary: users build them by hand or load them from YAML/JSON. The bulk path never
builds them: tables are validated column-wise in :mod:`progress_indicators.validation`.
A :class:`HumanitarianEvent` is deliberately *not* an :class:`Observation`: the two
types share no base class, so nothing typed to accept observations accepts an event.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from progress_indicators.model._grades import Credibility, Reliability, Verification
from progress_indicators.model._indicator import Indicator

__all__ = [
    "HUMANITARIAN_COLUMNS",
    "HUMANITARIAN_OPTIONAL",
    "HUMANITARIAN_REQUIRED",
    "OBSERVATION_COLUMNS",
    "OBSERVATION_OPTIONAL",
    "OBSERVATION_REQUIRED",
    "HumanitarianEvent",
    "HumanitarianKind",
    "Observation",
]

OBSERVATION_REQUIRED = (
    "observation_id",
    "indicator",
    "metric",
    "date",
    "value",
    "unit",
    "source",
    "verification",
    "reliability",
    "credibility",
)
OBSERVATION_OPTIONAL = ("end_date", "region", "latitude", "longitude", "source_record", "notes")
OBSERVATION_COLUMNS = OBSERVATION_REQUIRED + OBSERVATION_OPTIONAL

HUMANITARIAN_REQUIRED = (
    "event_id",
    "date",
    "kind",
    "returned_to_ukraine",
    "returned_to_russia",
    "source",
    "verification",
)
# ``mediator`` and ``notes`` may be empty in every row (as in HumanitarianEvent), so a
# ledger without those columns is complete (issue #18); the counts stay required
# columns: a misspelt count column must be an error, not a ledger of unknown counts.
HUMANITARIAN_OPTIONAL = ("mediator", "notes", "framework", "counts_reported_by")
HUMANITARIAN_COLUMNS = (
    "event_id",
    "date",
    "kind",
    "returned_to_ukraine",
    "returned_to_russia",
    "mediator",
    "source",
    "verification",
    "notes",
    "framework",
    "counts_reported_by",
)
"""Every column, in the ledger's order (required and optional interleaved as before)."""


class HumanitarianKind(enum.StrEnum):
    """Kinds of humanitarian event: gestures recorded in the ledger, never scored."""

    POW_EXCHANGE = "pow_exchange"
    CIVILIAN_RELEASE = "civilian_release"
    BODY_REPATRIATION = "body_repatriation"
    WOUNDED_TRANSFER = "wounded_transfer"
    CHILD_RETURN = "child_return"
    DETAINEE_EXCHANGE = "detainee_exchange"
    GRAIN_CORRIDOR_DEAL = "grain_corridor_deal"
    NUCLEAR_SAFETY_ARRANGEMENT = "nuclear_safety_arrangement"
    LOCALIZED_CEASEFIRE = "localized_ceasefire"


class Observation(BaseModel):
    """One piece of evidence on one metric of one indicator.

    Examples:
        >>> import datetime as dt
        >>> obs = Observation(
        ...     observation_id="ohchr-2025-05",
        ...     indicator="cessation_of_attacks",
        ...     metric="civilians_killed",
        ...     date=dt.date(2025, 5, 1),
        ...     end_date=dt.date(2025, 5, 31),
        ...     value=183,
        ...     unit="persons",
        ...     source="OHCHR HRMMU",
        ...     verification="verified",
        ...     reliability="A",
        ...     credibility=2,
        ... )
        >>> obs.verification >= "corroborated"
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    observation_id: str = Field(min_length=1)
    indicator: Indicator
    metric: str = Field(min_length=1)
    date: dt.date
    value: float = Field(allow_inf_nan=False)
    unit: str = Field(min_length=1)
    source: str = Field(min_length=1)
    verification: Verification
    reliability: Reliability
    credibility: Credibility
    end_date: dt.date | None = None
    region: str | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    source_record: str | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def _span(self) -> Self:
        if self.end_date is not None and self.end_date < self.date:
            msg = f"end_date {self.end_date} is before date {self.date}"
            raise ValueError(msg)
        return self


class HumanitarianEvent(BaseModel):
    """One humanitarian event (exchange, repatriation, return ...) for the ledger.

    Counts are each side's own figures and may be unknown (``None``), never assumed 0.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    event_id: str = Field(min_length=1)
    date: dt.date
    kind: HumanitarianKind
    returned_to_ukraine: int | None = Field(default=None, ge=0)
    returned_to_russia: int | None = Field(default=None, ge=0)
    mediator: str | None = None
    source: str = Field(min_length=1)
    verification: Verification
    notes: str | None = None
    framework: str | None = None
    counts_reported_by: str | None = None
