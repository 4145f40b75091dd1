"""Rules applied to evidence before and after scoring: artefacts and milestone ladders.

Pydantic models (frozen, no extra fields): they are part of :class:`ScorecardConfig` and
are written by users in YAML or JSON configs.
"""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import ConfigDict, Field, model_validator

from progress_indicators.model._base import ConfigModel

__all__ = [
    "DEFAULT_ARTEFACTS",
    "ArtefactRule",
    "LevelLadder",
    "MilestoneSettings",
    "WithdrawalLadder",
]


class ArtefactRule(ConfigModel):
    """Evidence known to record how a source was built, not what happened.

    Rows of ``metric`` from a source whose name matches ``source`` (a shell-style
    pattern, case-sensitive, as :func:`fnmatch.fnmatchcase`: ``"DeepStateMap*"``) dated
    from ``start`` to ``end`` (inclusive) never reach a score: they are listed in
    ``Scorecard.excluded`` with reason ``artefact`` and the rule's ``reason``.

    The mechanism is open to any source: a monitor's first weeks of partial coverage, a
    map being filled in, a change of method that breaks a series.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    metric: str = Field(min_length=1)
    source: str = Field(min_length=1)
    start: dt.date
    end: dt.date
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            msg = f"artefact rule end {self.end} is before its start {self.start}"
            raise ValueError(msg)
        return self


DEFAULT_ARTEFACTS: tuple[ArtefactRule, ...] = (
    ArtefactRule(
        metric="occupied_area_km2",
        source="DeepStateMap*",
        start=dt.date(2022, 4, 3),
        end=dt.date(2022, 4, 23),
        reason=(
            "DeepStateMap settling period: the map was still being filled in (contested "
            "area 6,287 km2 on 2022-04-03, under 1,000 km2 from 2022-04-24), so its "
            "occupied area rose by about 13,000 km2 without a Russian advance of that size"
        ),
    ),
)
"""The artefacts known in the bundled data (derivation in ``docs/methodology.md``)."""


class WithdrawalLadder(ConfigModel):
    """Milestones of verifiable withdrawal: ``none < begun < substantial < complete``.

    Read on the verified occupied area (``metric``) on the last covered day of a period:

    * ``complete``: at most ``complete_km2`` occupied (the 1991 borders, within the
      disagreement between map archives);
    * ``substantial``: at most ``substantial_km2`` (all territory seized since
      24 February 2022 returned: the pre-invasion line, Crimea and the areas held
      before 2022, as DeepStateMap draws them);
    * ``begun``: at least ``begun_share`` below the maximum of the preceding
      ``window_days`` days, and held there for ``lasting_days`` (DOMAIN.md: a change
      that lasts at least 14 days);
    * ``none``: otherwise.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    metric: str = "occupied_area_km2"
    complete_km2: float = Field(default=150.0, ge=0, allow_inf_nan=False)
    substantial_km2: float = Field(default=43_890.0, ge=0, allow_inf_nan=False)
    begun_share: float = Field(default=0.01, gt=0, lt=1)
    window_days: int = Field(default=90, ge=1)
    lasting_days: int = Field(default=14, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.substantial_km2 < self.complete_km2:
            msg = "substantial_km2 must be at least complete_km2"
            raise ValueError(msg)
        return self


class LevelLadder(ConfigModel):
    """Milestones of an indicator made of ordinal provisions or narratives.

    Read on the indicator's metric scores (0-100) in a period where the indicator has a
    score: ``complete`` when every metric scores 100; ``substantial`` when metrics
    holding at least ``substantial_weight_share`` of the indicator's weight score at
    least ``substantial_score``; ``begun`` when any metric scores at least
    ``begun_score``; else ``none``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    begun_score: float = Field(ge=0, le=100, allow_inf_nan=False)
    substantial_score: float = Field(ge=0, le=100, allow_inf_nan=False)
    substantial_weight_share: float = Field(default=0.5, gt=0, le=1)


class MilestoneSettings(ConfigModel):
    """The milestone ladders of ``Scorecard.milestones`` (cessation uses ``sustainment``).

    Defaults: sovereignty provisions are scored 0-3 (DOMAIN.md, Peace Accords Matrix
    style): ``begun`` once one provision is at least 2 (reversed in part), ``substantial``
    once half the weight is at 3 (reversed in law and in fact, verified). Narratives are
    scored 0-4: ``begun`` once one narrative is officially retracted (3), ``substantial``
    once half the weight is; softening (2) and silence (1) are not milestones.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    withdrawal: WithdrawalLadder = WithdrawalLadder()
    sovereignty: LevelLadder = LevelLadder(begun_score=200 / 3, substantial_score=100.0)
    narratives: LevelLadder = LevelLadder(begun_score=75.0, substantial_score=75.0)
