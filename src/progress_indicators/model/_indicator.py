"""The four indicators of real progress."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from progress_indicators.model._defaults import IndicatorSpec

__all__ = ["Indicator"]


class Indicator(enum.StrEnum):
    """The four things that measure real progress (and nothing else does).

    Each member has a :attr:`spec` with its definition, unit, polarity and default
    metrics and goalposts.

    Examples:
        >>> Indicator("verified_withdrawal") is Indicator.VERIFIED_WITHDRAWAL
        True
        >>> Indicator.CESSATION_OF_ATTACKS.spec.polarity
        'higher_is_better'
    """

    CESSATION_OF_ATTACKS = "cessation_of_attacks"
    VERIFIED_WITHDRAWAL = "verified_withdrawal"
    SOVEREIGNTY_RESPECT = "sovereignty_respect"
    NARRATIVE_DENIAL = "narrative_denial"

    @property
    def spec(self) -> IndicatorSpec:
        """The indicator's definition, unit, polarity and default metrics."""
        from progress_indicators.model._defaults import INDICATOR_SPECS  # noqa: PLC0415

        return INDICATOR_SPECS[self]
