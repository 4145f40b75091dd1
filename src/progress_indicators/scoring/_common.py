"""Shared helpers of the scoring engine: input checks, per-column options, NaN-safe reductions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from progress_indicators._arguments import real_number
from progress_indicators.exceptions import ConfigError, SchemaError, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

    FloatArray = NDArray[np.float64]

#: Per-column option: one value for all columns, or a mapping (or Series) column -> value.
PerColumn = float | Mapping[str, float] | pd.Series


def hint(text: str | None) -> str:
    """Format an optional ``Hint:`` line."""
    return f"\nHint: {text}" if text else ""


def as_float_array(frame: object, *, where: str) -> FloatArray:
    """Return the values of ``frame`` as a float64 array, checking that every column is numeric.

    Raises:
        SchemaError: a column is not numeric, or ``frame`` is not a DataFrame.
    """
    if not isinstance(frame, pd.DataFrame):
        msg = (
            f"{where}: expected a pandas DataFrame (rows = units or periods, columns = "
            f"indicators), got {type(frame).__name__}." + hint("wrap a Series with .to_frame().")
        )
        raise SchemaError(msg)
    bad = [
        str(c)
        for c, dt in frame.dtypes.items()
        if not (pd.api.types.is_numeric_dtype(dt) and not pd.api.types.is_bool_dtype(dt))
    ]
    if bad:
        msg = (
            f"{where}: column(s) {bad} are not numeric (dtypes "
            f"{[str(frame[c].dtype) for c in bad]}); expected numeric indicator values."
            + hint("select the indicator columns only, or convert them with pd.to_numeric.")
        )
        raise SchemaError(msg)
    values = frame.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
    if np.isinf(values).any():
        rows, cols = np.nonzero(np.isinf(values))
        msg = (
            f"{where}: infinite value(s) in column(s) "
            f"{sorted({str(frame.columns[int(c)]) for c in cols})} at row(s) "
            f"{[frame.index[int(r)] for r in rows[:10]]}; expected finite numbers or NaN."
            + hint("mark missing evidence as NaN, never as inf.")
        )
        raise SchemaError(msg)
    return values


def per_column(
    value: PerColumn | None,
    columns: Sequence[str],
    *,
    name: str,
    where: str,
    default: float | None = None,
) -> FloatArray:
    """Resolve a scalar-or-mapping option to one float per column.

    Raises:
        ConfigError: a column is missing from the mapping (and there is no default), the
            mapping names a column that does not exist, or a value is not finite.
        InputTypeError: a value is not a number (text such as ``"1"`` is not read), or
            ``value`` is neither a number nor a mapping.
    """
    if value is None:
        if default is None:
            msg = f"{where}: option {name!r} is required." + hint(
                f"pass {name}= as a number or as a mapping column -> number."
            )
            raise ConfigError(msg)
        return np.full(len(columns), float(default))
    if isinstance(value, Mapping | pd.Series):
        mapping: Mapping[Any, Any] = value if isinstance(value, Mapping) else value.to_dict()
        unknown = [k for k in mapping if k not in set(columns)]
        if unknown:
            suggestion = did_you_mean(str(unknown[0]), [str(c) for c in columns])
            msg = (
                f"{where}: option {name!r} names unknown column(s) {unknown}; expected a "
                f"subset of {list(columns)}." + hint(suggestion)
            )
            raise ConfigError(msg)
        out = np.empty(len(columns))
        for i, col in enumerate(columns):
            if col in mapping:
                out[i] = real_number(mapping[col], where=where, name=f"{name}[{col}]")
            elif default is not None:
                out[i] = float(default)
            else:
                msg = (
                    f"{where}: option {name!r} has no value for column {col!r}; expected one "
                    f"value per column." + hint(f"add {col!r} to {name}= or pass a scalar.")
                )
                raise ConfigError(msg)
        return out
    number = real_number(
        value,
        where=where,
        name=name,
        hint=f"pass {name}= as a number or as a mapping column -> number.",
    )
    return np.full(len(columns), number)


def resolve_directions(
    directions: PerColumn | None, columns: Sequence[str], *, where: str
) -> FloatArray:
    """Return the direction (+1 or -1) of every column; +1 when not given.

    Raises:
        ConfigError: a direction is not +1 or -1.
    """
    out = per_column(directions, columns, name="directions", where=where, default=1.0)
    bad = [(c, float(d)) for c, d in zip(columns, out, strict=True) if d not in (1.0, -1.0)]
    if bad:
        msg = f"{where}: direction must be +1 or -1 for every column (got {bad})." + hint(
            "use -1 for indicators where lower values are better."
        )
        raise ConfigError(msg)
    return out


def nan_reduce(values: FloatArray, how: str, axis: int = 0) -> FloatArray:
    """Min/max/sum of the non-NaN values along ``axis``; NaN where a slice is all NaN.

    Written without ``np.nanmin`` so that no RuntimeWarning is ever emitted.
    """
    missing = np.isnan(values)
    all_missing = missing.all(axis=axis)
    if how == "min":
        out = np.where(missing, np.inf, values).min(axis=axis)
    elif how == "max":
        out = np.where(missing, -np.inf, values).max(axis=axis)
    else:
        out = np.where(missing, 0.0, values).sum(axis=axis)
    return np.where(all_missing, np.nan, out)


def nan_mean_sd(values: FloatArray, axis: int = 0) -> tuple[FloatArray, FloatArray]:
    """Mean and sample standard deviation (n - 1) of the non-NaN values, without warnings."""
    present = ~np.isnan(values)
    count = present.sum(axis=axis)
    filled = np.where(present, values, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = filled.sum(axis=axis) / count
        dev = np.where(present, values - np.expand_dims(mean, axis), 0.0)
        var = (dev**2).sum(axis=axis) / (count - 1)
    mean = np.where(count > 0, mean, np.nan)
    sd = np.where(count > 1, np.sqrt(np.where(count > 1, var, 0.0)), np.nan)
    return mean, sd


def check_rng(rng: object) -> np.random.Generator:
    """Return a Generator from a seed, a Generator or None (fresh entropy); never global state."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, int | np.integer):
        return np.random.default_rng(rng)
    msg = (
        f"rng must be a numpy.random.Generator, an int seed or None (got {type(rng).__name__})."
        + hint("pass rng=np.random.default_rng(42) or rng=42.")
    )
    raise ConfigError(msg)
