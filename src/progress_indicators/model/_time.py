"""Time arguments: one rule for ``start``/``end`` of a read and the store's time values.

pandas reads almost anything as a time: an integer is nanoseconds since 1970, a blank
text or ``None`` in a list is ``NaT`` (which then compares false with everything, so a
read or a vintage is silently empty), an aware datetime cannot be compared with the
naive dates of the tables, and ``"2025"`` is 1 January. Arguments are therefore checked
here before pandas sees them:

- accepted: ``datetime.date``, ``datetime.datetime`` and ``pandas.Timestamp`` (aware
  ones are converted to UTC), ``numpy.datetime64``, and ISO 8601 text with a full date
  (``2025-06-01``, or a date and time for store times);
- refused with an error naming the argument: numbers (``InputTypeError``), blank text,
  ``NaT``, partial dates (``2025``, ``2025-06``) and other text (``ConfigError``), and
  any other type (``InputTypeError``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

from progress_indicators.exceptions import ConfigError, InputTypeError

__all__ = ["check_span", "date_bound", "instant"]

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EXAMPLE = "Hint: e.g. 2025-06-01 (a full date; a datetime or pandas.Timestamp also works)."


def instant(value: object, *, name: str) -> tuple[pd.Timestamp, bool]:
    """``value`` as a naive UTC ``Timestamp``, and whether it named a whole day.

    Raises:
        InputTypeError: a number, a bool or another type that is no time.
        ConfigError: blank text, ``NaT``, a partial date or text that is not ISO 8601.
    """
    if isinstance(value, (bool, int, float, np.number)):
        msg = (
            f"{name} must be a date or a time, not a number (got {value!r}); pandas would "
            f"read an integer as nanoseconds since 1970.\n{_EXAMPLE}"
        )
        raise InputTypeError(msg)
    whole_day = False
    if isinstance(value, str):
        text = value.strip()
        if not text:
            msg = f"{name} is blank; give a date or leave it out (None).\n{_EXAMPLE}"
            raise ConfigError(msg)
        if not _FULL_DATE.match(text):
            msg = (
                f"{name} must be an ISO 8601 date YYYY-MM-DD, optionally with a time "
                f"(got {value!r}); a bare year or month is not a day.\n{_EXAMPLE}"
            )
            raise ConfigError(msg)
        whole_day = _DATE_ONLY.match(text) is not None
        raw: object = text
    elif isinstance(value, (dt.date, np.datetime64)) or value is pd.NaT:
        whole_day = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        raw = value
    else:
        msg = (
            f"{name} must be a date, a datetime or an ISO 8601 text "
            f"(got {value!r} that is a {type(value).__name__}).\n{_EXAMPLE}"
        )
        raise InputTypeError(msg)
    try:
        parsed: Any = pd.Timestamp(raw)  # type: ignore[arg-type]
    except (ValueError, OverflowError) as exc:
        msg = f"{name} is not a valid date or time (got {value!r}: {exc}).\n{_EXAMPLE}"
        raise ConfigError(msg) from None
    if parsed is pd.NaT:
        msg = f"{name} is NaT (not a time); give a date or leave it out (None).\n{_EXAMPLE}"
        raise ConfigError(msg)
    stamp: pd.Timestamp = parsed
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp, whole_day


def date_bound(value: object, *, name: str) -> dt.date | None:
    """A ``start``/``end`` argument of a read as a day (``None`` stays ``None``).

    A datetime counts as its day (in UTC when aware): reads filter whole days.
    """
    if value is None:
        return None
    stamp, _ = instant(value, name=name)
    day: dt.date = stamp.date()
    return day


def check_span(start: object, end: object) -> tuple[dt.date | None, dt.date | None]:
    """Both bounds of a read, checked; ``end`` before ``start`` is a ``ConfigError``."""
    first = date_bound(start, name="start")
    last = date_bound(end, name="end")
    if first is not None and last is not None and last < first:
        msg = (
            f"end {last} is before start {first}: the span would be empty.\n"
            "Hint: swap them, or leave one out for an open span."
        )
        raise ConfigError(msg)
    return first, last
