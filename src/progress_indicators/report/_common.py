"""Small helpers shared by the report modules: periods, indicators, the uncertainty band."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from progress_indicators.exceptions import ReportError, did_you_mean
from progress_indicators.model import Indicator

if TYPE_CHECKING:
    from progress_indicators.scorecard import Scorecard

__all__ = [
    "INDICATOR_ORDER",
    "OKABE_ITO",
    "indicator_title",
    "resolve_indicator",
    "resolve_period",
    "uncertainty_band",
]

INDICATOR_ORDER: tuple[str, ...] = tuple(i.value for i in Indicator)

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""The Okabe-Ito palette (Okabe & Ito 2008), distinguishable with every common colour-vision
deficiency. The index is blue, the claimed track orange, the ledger reddish purple."""


def indicator_title(name: str) -> str:
    """The human title of an indicator value (``verified_withdrawal`` -> its spec title)."""
    try:
        return Indicator(name).spec.title
    except ValueError:
        return name.replace("_", " ").capitalize()


def resolve_period(card: Scorecard, period: object) -> Any:
    """The scored period named by ``period`` (a ``Period``, ``'2025-05'``, a date).

    Returns a ``pandas.Period``, typed ``Any`` because pandas-stubs does not accept a
    ``Period`` as a ``.loc`` key.

    Raises:
        ReportError: ``period`` cannot be read as a period or is outside the scored span.
    """
    freq = card.config.frequency.pandas_freq
    try:
        given: Any = period
        value = pd.Period(given, freq=freq)
    except (TypeError, ValueError) as exc:
        msg = (
            f"period {period!r} cannot be read as a {card.config.frequency.value} period "
            f"({exc}).\nHint: pass e.g. '2025-05' or a pandas.Period."
        )
        raise ReportError(msg) from None
    periods = pd.PeriodIndex(card.index.index)
    if value not in periods:
        span = f"{periods[0]} to {periods[-1]}" if len(periods) else "no periods"
        msg = (
            f"period {value} is not scored by this scorecard (expected one of {span}; "
            f"got {period!r}).\nHint: scored periods are card.index.index."
        )
        raise ReportError(msg)
    return value


def resolve_indicator(indicator: object) -> Indicator | None:
    """``None`` or one of the four indicators (by member or by value).

    Raises:
        ReportError: the name is not one of the four indicators.
    """
    if indicator is None or isinstance(indicator, Indicator):
        return indicator
    try:
        return Indicator(str(indicator))
    except ValueError:
        hint = did_you_mean(str(indicator), INDICATOR_ORDER) or (
            "the indicators are " + ", ".join(INDICATOR_ORDER) + "."
        )
        msg = f"indicator {indicator!r} is not one of the four indicators.\nHint: {hint}"
        raise ReportError(msg) from None


def uncertainty_band(card: object) -> pd.DataFrame | None:
    """The index's uncertainty band, if the scorecard carries one.

    Looks for an ``uncertainty`` attribute that is a DataFrame with ``lower`` and
    ``upper`` columns indexed by period (added by the uncertainty analysis). Returns the
    two columns aligned on the scored periods, or ``None`` when there is no band.
    """
    band = getattr(card, "uncertainty", None)
    if not isinstance(band, pd.DataFrame) or not {"lower", "upper"} <= set(band.columns):
        return None
    index = getattr(card, "index", None)
    frame = band[["lower", "upper"]].astype("float64")
    if isinstance(index, pd.Series):
        frame = frame.reindex(index.index)
    return frame
