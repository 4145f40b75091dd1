"""Value checks of arguments at a function's entry: ranges, sizes, choices, items (#16).

:mod:`progress_indicators._boundary` turns a wrong *type* into an ``InputTypeError``
after the call has failed. What a type cannot say is checked here, before any work:
a lag of ``2**70`` periods (which would loop for ever), ``nan`` where a share is due,
a text where a list of names is due (a text is a sequence of characters, so it would be
read one letter at a time), an unknown mode, text where a number is due (``float("1")``
would read it silently). Every public package uses these helpers, so the messages read
the same everywhere::

    lead_lag: argument 'max_lag' must be a whole number >= 0 (got -1 that is a int).
    Hint: ...

A value of the wrong kind is an :class:`~progress_indicators.exceptions.InputTypeError`;
a value of the right kind outside its range is the error the caller names (the package's
own: ``ConfigError`` for settings, ``ReportError`` for the report ...). Written by hand:
these are the library's own messages, and pydantic's ``validate_call`` would coerce
(``"1"`` to ``1``) and raise its own error type.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence, Set
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from progress_indicators._boundary import shown
from progress_indicators.exceptions import (
    ConfigError,
    InputTypeError,
    ProgressIndicatorsError,
    did_you_mean,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from numpy.typing import NDArray

__all__ = [
    "argument_error",
    "engine_frame",
    "float_values",
    "names",
    "one_of",
    "period",
    "real_number",
    "sequence",
    "whole_number",
]

ErrorType = type[ProgressIndicatorsError]


def argument_error(
    where: str,
    name: str,
    expected: str,
    value: object,
    *,
    hint: str | None = None,
    error: ErrorType = InputTypeError,
) -> ProgressIndicatorsError:
    """The error for argument ``name`` of ``where``: what was expected and what came.

    Returned, not raised, so that the caller's ``raise`` shows in its traceback.
    """
    text = (
        f"{where}: argument {name!r} must be {expected} "
        f"(got {shown(value)} that is a {type(value).__name__})."
    )
    return error(text + (f"\nHint: {hint}" if hint else ""))


def _bounds(minimum: float | None, maximum: float | None, *, open_minimum: bool = False) -> str:
    if minimum is not None and maximum is not None:
        return f" in {'(' if open_minimum else '['}{minimum:g}, {maximum:g}]"
    if minimum is not None:
        return f" {'>' if open_minimum else '>='} {minimum:g}"
    if maximum is not None:
        return f" <= {maximum:g}"
    return ""


def whole_number(
    value: object,
    *,
    where: str,
    name: str,
    minimum: int | None = None,
    maximum: int | None = None,
    error: ErrorType = ConfigError,
    hint: str | None = None,
) -> int:
    """``value`` as an ``int`` within ``[minimum, maximum]``.

    Python and numpy integers are accepted; ``True``, ``2.0`` and ``"2"`` are not
    (``InputTypeError``). A whole number outside the bounds raises ``error``.
    """
    expected = "a whole number" + _bounds(minimum, maximum)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise argument_error(where, name, expected, value, hint=hint)
    number = int(value)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise argument_error(where, name, expected, value, hint=hint, error=error)
    return number


def real_number(
    value: object,
    *,
    where: str,
    name: str,
    minimum: float | None = None,
    maximum: float | None = None,
    open_minimum: bool = False,
    error: ErrorType = ConfigError,
    hint: str | None = None,
) -> float:
    """``value`` as a finite ``float`` within ``[minimum, maximum]``.

    Python and numpy numbers are accepted; ``True`` and ``"1.5"`` are not
    (``InputTypeError``). ``nan``, an infinity, an integer too large for a float and a
    number outside the bounds raise ``error``. ``open_minimum`` excludes the minimum
    itself (a share that must be > 0).
    """
    expected = "a finite number" + _bounds(minimum, maximum, open_minimum=open_minimum)
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise argument_error(where, name, expected, value, hint=hint)
    try:
        number = float(value)
    except OverflowError:  # an int beyond the float range (2**1024)
        number = math.inf
    below = minimum is not None and (number <= minimum if open_minimum else number < minimum)
    if not math.isfinite(number) or below or (maximum is not None and number > maximum):
        raise argument_error(where, name, expected, value, hint=hint, error=error)
    return number


def one_of(
    value: object,
    choices: Iterable[str],
    *,
    where: str,
    name: str,
    error: ErrorType = ConfigError,
) -> str:
    """``value`` if it is one of ``choices`` (exact text); the hint names the closest."""
    options = list(choices)
    expected = "one of " + ", ".join(repr(c) for c in options)
    if not isinstance(value, str):
        raise argument_error(where, name, expected, value)
    if value not in options:
        close = did_you_mean(value, options) if len(value) <= 100 else None
        raise argument_error(where, name, expected, value, hint=close, error=error)
    return value


def sequence(
    value: object, *, where: str, name: str, expected: str, hint: str | None = None
) -> tuple[object, ...]:
    """The items of ``value``, an ordered sequence (list, tuple, array, Series, Index).

    A text is refused (it would be read one character at a time), and so are a mapping
    (its keys would be read silently), a set (it has no order) and anything else.
    """
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(
        value, (Sequence, np.ndarray, pd.Series, pd.Index)
    ):
        raise argument_error(where, name, expected, value, hint=hint)
    return tuple(value)


def engine_frame(value: object, *, where: str, name: str = "frame") -> Any:
    """``value`` wrapped by narwhals: a table of any engine it reads (pandas included).

    Returns a ``narwhals.DataFrame`` or ``narwhals.LazyFrame``; anything else (``None``,
    a path, a list of rows, a Series) is an ``InputTypeError``.
    """
    import narwhals as nw  # noqa: PLC0415 (a core dependency, loaded where tables are)

    wrapped = nw.from_native(value, pass_through=True)
    if not isinstance(wrapped, (nw.DataFrame, nw.LazyFrame)):
        raise argument_error(
            where,
            name,
            "a table: a pandas, polars or pyarrow table, or a DuckDB, Dask or PySpark frame",
            value,
            hint="read files with a source (pi.load_source) or your engine first.",
        )
    return wrapped


def _is_number(item: object) -> bool:
    return isinstance(item, (int, float, np.integer, np.floating)) and not isinstance(
        item, (bool, np.bool_)
    )


def _float(item: object) -> float:
    """A number item as a float (``nan`` for missing, ``inf`` beyond the float range)."""
    if item is None or item is pd.NA:
        return math.nan
    try:
        return float(item)  # type: ignore[arg-type]
    except OverflowError:  # an int beyond 2**1024
        return math.inf


def float_values(
    value: object,
    *,
    where: str,
    name: str,
    ndims: Collection[int] = (1,),
    error: ErrorType = ConfigError,
    hint: str | None = None,
) -> NDArray[np.float64]:
    """``value`` as a float64 array: a list, tuple, array, Series or Index of numbers.

    Missing items (``None``, ``nan``, ``pd.NA``) become ``nan``. Refused with an
    ``InputTypeError``: a single number or text (``np.asarray`` would make a 0-d array
    of it), a mapping or a set, text or ``True``/``False`` among the items (``numpy``
    reads ``"1"`` and ``True`` as ``1.0``), an array of a dimension not in ``ndims``.
    An infinite item raises ``error`` (an infinity is no measurement; missing is
    ``nan``).
    """
    shape = " or ".join(f"{n}-D" for n in sorted(ndims))
    expected = f"a {shape} list or array of numbers"
    hint = hint or "missing values are NaN or None; convert text with pd.to_numeric."
    if isinstance(value, (str, bytes, Mapping, Set)) or not isinstance(
        value, (Sequence, np.ndarray, pd.Series, pd.Index)
    ):
        raise argument_error(where, name, expected, value, hint=hint)
    if isinstance(value, (pd.Series, pd.Index)):
        if not pd.api.types.is_numeric_dtype(value.dtype) or pd.api.types.is_bool_dtype(
            value.dtype
        ):
            raise argument_error(where, name, expected, value, hint=hint)
        array: NDArray[np.float64] = value.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        try:
            raw = np.asarray(value)
        except (TypeError, ValueError):  # ragged nested lists
            raise argument_error(where, name, expected, value, hint=hint) from None
        if raw.dtype.kind in "iuf":
            array = raw.astype(np.float64, copy=False)
        elif raw.dtype.kind == "O" and all(
            item is None or item is pd.NA or _is_number(item) for item in raw.ravel()
        ):
            items = [_float(item) for item in raw.ravel()]
            array = np.array(items, dtype=np.float64).reshape(raw.shape)
        else:  # text, true/false, dates, complex numbers, other objects
            raise argument_error(where, name, expected, value, hint=hint)
    if array.ndim not in ndims:
        raise argument_error(where, name, expected, value, hint=hint)
    if np.isinf(array).any():
        raise argument_error(
            where, name, f"{expected}, finite or NaN", value, hint=hint, error=error
        )
    return array


def names(value: object, *, where: str, name: str, hint: str | None = None) -> tuple[str, ...]:
    """``value`` as a tuple of texts: a list, tuple, set, Index or Series of ``str``.

    A single text is refused (it would be read one character at a time), and so is a
    mapping (its keys would be read silently) or anything that holds other than text.
    """
    expected = "a list of texts (names)"
    if (
        isinstance(value, (str, bytes, Mapping))
        or not isinstance(value, (Collection, pd.Index, pd.Series))
        or isinstance(value, pd.DataFrame)
    ):
        raise argument_error(where, name, expected, value, hint=hint)
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise argument_error(
                where, name, expected, value, hint=hint or f"{item!r} is not a text."
            )
    return items


def period(
    value: object, *, freq: str, where: str, name: str, error: ErrorType = ConfigError
) -> pd.Period:
    """``value`` as a ``pandas.Period`` of ``freq`` (from a Period, a date or text).

    A ``Period``, a date, a ``Timestamp`` or text such as ``'2025-05'`` is read. Numbers
    are refused (``InputTypeError``): pandas would read ``-1`` as the period before 1970.
    Text that names no period (blank, ``NaT``, not a date) raises ``error``.
    """
    expected = "a period: a pandas.Period, a date or text such as '2025-05'"
    hint = "scored periods are card.index.index."
    if not isinstance(value, (str, pd.Period, dt.date, np.datetime64)):
        raise argument_error(where, name, expected, value, hint=hint)
    try:
        parsed: object = pd.Period(value, freq=freq)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise argument_error(where, name, expected, value, hint=hint, error=error) from None
    if not isinstance(parsed, pd.Period):  # "NaT" parses to NaT
        raise argument_error(where, name, expected, value, hint=hint, error=error)
    return parsed
