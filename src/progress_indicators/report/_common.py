"""Small helpers shared by the report modules: periods, indicators, the uncertainty band."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from progress_indicators.exceptions import InputTypeError, ReportError, did_you_mean
from progress_indicators.model import Indicator
from progress_indicators.model._bounded import path_argument, refuse_special_file, shown
from progress_indicators.model._time import instant

if TYPE_CHECKING:
    from pathlib import Path

    from progress_indicators.scorecard import Scorecard

__all__ = [
    "INDICATOR_ORDER",
    "OKABE_ITO",
    "checked_annotations",
    "checked_output_folder",
    "checked_report_path",
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


# --- argument checks at the entry of the report functions (#16, class 4) -------------


def checked_annotations(
    annotations: object, *, literal_dollars: bool = False
) -> dict[pd.Timestamp, str] | None:
    """``{date: label}`` annotations, checked: keys are dates, labels are text.

    Keys follow the library's one rule for time arguments (a date, a datetime or ISO
    text; numbers, blanks, NaT and partial dates are refused). With
    ``literal_dollars``, ``$`` in a label is escaped so matplotlib draws it as written
    instead of parsing ``$...$`` as mathtext (which raised at drawing time).

    Raises:
        InputTypeError: not a mapping, a key that is no time, or a label that is not text.
        ConfigError: a key that is blank, NaT, a partial date or not ISO 8601.
    """
    if annotations is None:
        return None
    if not isinstance(annotations, Mapping):
        msg = (
            f"annotations must be a mapping {{date: label}} (got {shown(annotations)} that "
            f"is a {type(annotations).__name__}).\nHint: {{'2025-03-11': 'Jeddah talks'}}."
        )
        raise InputTypeError(msg)
    out: dict[pd.Timestamp, str] = {}
    for when, label in annotations.items():
        stamp, _ = instant(when, name=f"annotations key {shown(when)}")
        if not isinstance(label, str):
            msg = (
                f"annotations label of {stamp.date()} must be text (got {shown(label)} that "
                f"is a {type(label).__name__}).\nHint: {{'2025-03-11': 'Jeddah talks'}}."
            )
            raise InputTypeError(msg)
        out[stamp] = label.replace("$", r"\$") if literal_dollars else label
    return out


def checked_report_path(path: object) -> Path:
    """The target of a written report: a path, and not a folder, FIFO or device.

    Raises:
        InputTypeError: ``path`` is not a str or ``pathlib.Path``.
        ReportError: ``path`` is a folder, or exists and is not a regular file.
    """
    target = path_argument(path, name="path")
    refuse_special_file(target, what="report path", error=ReportError)  # also a bad name
    if target.is_dir():
        msg = (
            f"report path {target} is a folder, expected an .html file path.\n"
            f"Hint: pass e.g. {target / 'report.html'}"
        )
        raise ReportError(msg)
    return target


def checked_output_folder(out: object) -> Path:
    """The folder exports are written into, as a ``Path`` that can be inspected.

    Raises:
        InputTypeError: ``out`` is not a str or ``pathlib.Path``.
        ReportError: ``out`` cannot be inspected (a name too long, a file as a parent).
    """
    folder = path_argument(out, name="out")
    try:
        folder.stat()
    except FileNotFoundError:
        return folder
    except OSError as exc:
        msg = f"export folder {folder} cannot be used: {exc.strerror}.\nHint: check the path."
        raise ReportError(msg) from None
    return folder


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
