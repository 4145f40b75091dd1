"""Vectorised validation of the observation and humanitarian tables.

Every check runs over whole columns (no per-row pydantic models on the bulk path). All
failures are collected before anything is raised, so one error lists every bad row, in
a ``failure_cases`` DataFrame with the columns ``row, column, check, value, reason``.
Every row read is either accepted or rejected: ``read == accepted + rejected`` (sources
add ``routed`` for rows they send to the humanitarian ledger).

The observation contract has one home: :data:`OBSERVATION_RULES` and the declarations
beside it (case rules of the coded columns, coordinate limits, credibility grades, the
date range). Three backends run it, as pandera's backends do one schema: pandas
(:func:`validate_observations`, any DataFrame, text parsed), Arrow
(:func:`validate_arrow_observations`, ``pyarrow.compute`` through narwhals, the sources'
fast path) and the narwhals engines (:func:`validate_engine_observations`, checked on
the engine). ``tests/test_validation_backends.py`` runs one body on every backend and
requires identical failure cases. What the Arrow backend accepts is held in an
:class:`ObservationTable`, the proof that ``score`` trusts.
"""

from __future__ import annotations

import decimal
import warnings
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
import narwhals as nw
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from progress_indicators._arguments import argument_error, engine_frame, sequence
from progress_indicators.exceptions import (
    FAILURE_CASE_COLUMNS,
    ConfigError,
    HumanitarianInScoringError,
    InputTypeError,
    Reason,
    ValidationError,
    did_you_mean,
)
from progress_indicators.model import (
    DEFAULT_METRICS,
    HUMANITARIAN_COLUMNS,
    HUMANITARIAN_REQUIRED,
    OBSERVATION_COLUMNS,
    OBSERVATION_REQUIRED,
    HumanitarianKind,
    Indicator,
    Reliability,
    Verification,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from progress_indicators.model import MetricSpec

__all__ = [
    "INDICATOR_DTYPE",
    "KIND_DTYPE",
    "NESTED_TEXT_CHECK",
    "OBSERVATION_RULES",
    "RELIABILITY_DTYPE",
    "VERIFICATION_DTYPE",
    "ObservationTable",
    "OnInvalid",
    "Rule",
    "Validated",
    "arrow_fast_path",
    "check_on_invalid",
    "coerce_dates",
    "concat_observation_tables",
    "date_precision",
    "observation_table",
    "validate_arrow_observations",
    "validate_engine_observations",
    "validate_humanitarian",
    "validate_observations",
]

OnInvalid = Literal["raise", "quarantine"]

INDICATOR_DTYPE = pd.CategoricalDtype([i.value for i in Indicator])
KIND_DTYPE = pd.CategoricalDtype([k.value for k in HumanitarianKind])
RELIABILITY_DTYPE = pd.CategoricalDtype([r.value for r in Reliability], ordered=True)
VERIFICATION_DTYPE = pd.CategoricalDtype([v.value for v in Verification.ordered()], ordered=True)
"""Ordered so that ``refuted < disputed < claimed < reported < corroborated < verified``."""

_MAX_COUNT = 2.0**53
_MAX_COUNT_INT = 2**53
_SHORTEST_DATE = 8
"""Characters of the shortest full date (``20250301``); shorter text is a partial date."""
"""Largest count stored exactly (counts above it are data errors, not persons)."""

_HUMANITARIAN_NAMES = frozenset(k.value for k in HumanitarianKind)


# -- the observation contract, declared once ---------------------------------------------
#
# Every backend (pandas below; Arrow and the narwhals engines at the end of this module)
# reads its checks, their labels and reason codes, the case rules of the coded columns,
# the coordinate limits and the credibility grades from these declarations. A test runs
# one body over every backend and requires identical failure cases.


@attrs.frozen
class Rule:
    """One check of a table's contract: the column it names, its label and its reason."""

    column: str
    check: str
    reason: Reason


_INDICATORS: Final = tuple(i.value for i in Indicator)
_GRADES: Final = tuple(v.value for v in Verification)
_LETTERS: Final = tuple(r.value for r in Reliability)
CODED_CASE: Final = {"indicator": "lower", "verification": "lower", "reliability": "upper"}
"""Coded text columns are stripped, then lower- or upper-cased, before they are checked."""
REQUIRED_TEXT: Final = ("observation_id", "metric", "unit", "source")
OPTIONAL_TEXT: Final = ("region", "source_record", "notes")
COORDINATE_LIMITS: Final = {"latitude": 90.0, "longitude": 180.0}
CREDIBILITY_GRADES: Final = (1, 2, 3, 4, 5, 6)
FIRST_DAY: Final = pd.Timestamp.min.ceil("D")
"""The first midnight ``datetime64[ns]`` holds (1677-09-22); earlier dates are rejected."""
LAST_DAY: Final = pd.Timestamp.max.floor("D")
"""The last midnight ``datetime64[ns]`` holds (2262-04-11); later dates are rejected."""


def _one_of(values: Sequence[str]) -> str:
    return "one of " + ", ".join(values)


NESTED_TEXT_CHECK: Final = "is one text value (not a list or mapping)"
"""The check of a text cell holding a list, tuple, set or mapping (#16, class 7).

Only the pandas backend can meet one: an object column holds any Python value, while
Arrow and engine string columns hold text, and a list column is refused by its type.
"""

OBSERVATION_RULES: Final = {
    **{f"{c}_missing": Rule(c, "is not empty", Reason.MISSING_VALUE) for c in REQUIRED_TEXT},
    **{
        f"{c}_nested": Rule(c, NESTED_TEXT_CHECK, Reason.MALFORMED_RECORD)
        for c in (*REQUIRED_TEXT, *OPTIONAL_TEXT)
    },
    "humanitarian": Rule("indicator", "is not a humanitarian event", Reason.HUMANITARIAN_EVENT),
    "indicator": Rule("indicator", _one_of(_INDICATORS), Reason.UNKNOWN_INDICATOR),
    "date_parse": Rule("date", "is a date (YYYY-MM-DD)", Reason.UNPARSEABLE_DATE),
    "date_missing": Rule("date", "is not empty", Reason.MISSING_VALUE),
    "value_number": Rule("value", "is a number", Reason.NOT_A_NUMBER),
    "value_missing": Rule("value", "is not empty", Reason.MISSING_VALUE),
    "value_finite": Rule("value", "is finite", Reason.NON_FINITE_VALUE),
    "value_negative_count": Rule("value", ">= 0 for a count", Reason.NEGATIVE_COUNT),
    "value_minimum": Rule("value", ">= the metric's minimum", Reason.OUT_OF_RANGE),
    "value_maximum": Rule("value", "<= the metric's maximum", Reason.OUT_OF_RANGE),
    "verification": Rule("verification", _one_of(_GRADES), Reason.UNKNOWN_VERIFICATION),
    "reliability": Rule("reliability", _one_of(_LETTERS), Reason.INVALID_RELIABILITY),
    "credibility": Rule("credibility", "an integer 1-6", Reason.INVALID_CREDIBILITY),
    "end_date_parse": Rule("end_date", "is a date (YYYY-MM-DD)", Reason.UNPARSEABLE_DATE),
    "end_before_start": Rule("end_date", "end_date >= date", Reason.END_BEFORE_START),
    **{
        f"{c}_{kind}": rule
        for c, limit in COORDINATE_LIMITS.items()
        for kind, rule in (
            ("number", Rule(c, "is a number", Reason.NOT_A_NUMBER)),
            ("finite", Rule(c, "is finite", Reason.NON_FINITE_VALUE)),
            ("range", Rule(c, f"between -{limit} and {limit}", Reason.OUT_OF_RANGE)),
        )
    },
    "unique": Rule("observation_id", "is unique", Reason.DUPLICATE_ID),
}
"""Every check of the observation contract, by name (the same on every backend)."""

_BOUND_RULES: Final = frozenset(
    OBSERVATION_RULES[name] for name in ("value_negative_count", "value_minimum", "value_maximum")
)
"""The rules that depend on the metrics' bounds (checked again by ``with_metrics``)."""


@attrs.frozen(kw_only=True)
class Validated:
    """A validated table with its rejects and its row accounting.

    Attributes:
        table: the accepted rows, columns in contract order with normalised dtypes; the
            index holds each row's position in the input.
        rejected: the failure cases (``row, column, check, value, reason``).
        accounting: ``read``, ``accepted``, ``rejected`` and ``routed`` row counts.
    """

    table: pd.DataFrame
    rejected: pd.DataFrame
    accounting: Mapping[str, int]


class _Failures:
    """Collects failure cases column by column, then builds one tidy DataFrame."""

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []

    def add(
        self, mask: pd.Series[bool], column: str, check: str, raw: pd.Series, reason: Reason
    ) -> None:
        if not mask.any():
            return
        rows = mask[mask].index
        self._parts.append(
            pd.DataFrame(
                {
                    "row": rows.to_numpy(dtype="int64"),
                    "column": column,
                    "check": check,
                    "value": raw.loc[rows].astype("string").to_numpy(dtype=object),
                    "reason": reason.value,
                }
            )
        )

    def rule(self, mask: pd.Series[bool], rule: Rule, raw: pd.Series) -> None:
        """Add the rows where ``mask`` holds as failures of a contract ``rule``."""
        self.add(mask, rule.column, rule.check, raw, rule.reason)

    def add_column(self, column: str, check: str, reason: Reason) -> None:
        self._parts.append(
            pd.DataFrame(
                {"row": [pd.NA], "column": [column], "check": [check], "value": [None]}
            ).assign(reason=reason.value)
        )

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return empty_failure_cases()
        cases = pd.concat(self._parts, ignore_index=True)
        cases["row"] = cases["row"].astype("Int64")
        return cases.sort_values(["row", "column"], kind="stable", ignore_index=True)

    def rows(self) -> np.ndarray:
        if not self._parts:
            return np.empty(0, dtype="int64")
        return np.unique(np.concatenate([p["row"].dropna().to_numpy("int64") for p in self._parts]))


def empty_failure_cases() -> pd.DataFrame:
    """An empty ``failure_cases`` frame with the right columns."""
    return pd.DataFrame(
        {
            "row": pd.Series(dtype="Int64"),
            **{c: pd.Series(dtype=object) for c in FAILURE_CASE_COLUMNS[1:]},
        }
    )


def _as_frame(frame: object, table: str, text: Iterable[str] = ()) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        msg = (
            f"the {table} table must be a pandas DataFrame (got {type(frame).__name__}).\n"
            "Hint: read files with a source (pi.load_source) or pandas first."
        )
        raise InputTypeError(msg)
    out = frame.reset_index(drop=True)
    # Categorical columns (e.g. a table validated before, such as Evidence.observations)
    # are read as their values, so they can be re-validated and re-normalised. Text
    # columns stay categorical: _text cleans them once per category.
    keep = set(text)
    categorical = [
        c
        for c in out.columns
        if isinstance(out[c].dtype, pd.CategoricalDtype) and not (c in keep and _has_text(out[c]))
    ]
    if categorical:
        out = out.astype(dict.fromkeys(categorical, object))
    return out


def _has_text(series: pd.Series) -> bool:
    """A categorical whose categories are all strings."""
    categories = series.cat.categories
    return bool(categories.inferred_type in {"string", "empty"})


def _text(series: pd.Series) -> pd.Series:
    """Strip text; empty strings become missing.

    Categorical columns (e.g. an already validated table, or a dictionary-encoded Arrow
    column) are cleaned once per category, not once per row, and decoded by pyarrow
    (no per-row Python objects).
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = _text(pd.Series(series.cat.categories))
        codes = series.cat.codes.to_numpy()
        values = categories.astype(object).where(categories.notna(), None)  # blank: None
        dictionary = pa.array(values.to_numpy(dtype=object), type=pa.string())
        indices = pa.array(codes, mask=codes < 0)
        decoded = pa.DictionaryArray.from_arrays(indices, dictionary).dictionary_decode()
        return pd.Series(pd.arrays.ArrowStringArray(decoded), index=series.index)
    text = series.astype("string").str.strip()
    return text.mask(text == "")


def _normalised(series: pd.Series, *, upper: bool = False) -> pd.Series:
    """:func:`_text`, then lower (or upper) case.

    A text categorical stays categorical, cleaned and re-coded once per category (an
    already validated table is not decoded row by row).
    """
    if isinstance(series.dtype, pd.CategoricalDtype) and _has_text(series):
        categories = _text(pd.Series(series.cat.categories))
        categories = categories.str.upper() if upper else categories.str.lower()
        merged, uniques = pd.factorize(categories)  # "Reported" and "reported" merge
        codes = series.cat.codes.to_numpy()
        recoded = np.where(codes >= 0, np.append(merged, -1)[codes], -1)
        values = pd.Categorical.from_codes(recoded, categories=pd.Index(uniques, dtype=object))
        return pd.Series(values, index=series.index)
    text = _text(series)
    return text.str.upper() if upper else text.str.lower()


def _blank(series: pd.Series) -> pd.Series:
    """Missing, or text that is empty after stripping (numbers and dates: missing only)."""
    if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_datetime64_any_dtype(
        series.dtype
    ):
        return series.isna()
    return series.isna() | (series.astype("string").str.strip() == "")


def coerce_dates(values: pd.Series, *, fmt: str = "ISO8601") -> pd.Series:
    """Parse dates to timezone-naive UTC ``datetime64[ns]``; never raises, never warns.

    Aware values (mixed offsets too) are converted to UTC. Unparseable values, and
    dates outside the nanosecond range (before 1677-09-22 or after 2262-04-11), become
    ``NaT``, so validation rejects them per row instead of pandas raising for the file.

    Args:
        values: text, datetimes or anything convertible to text.
        fmt: the ``pandas.to_datetime`` format (``ISO8601`` by default, ``mixed``, or a
            ``strftime`` format with at least one ``%`` directive).

    Raises:
        ConfigError: ``fmt`` is blank or names no date part (every date would be NaT).
    """
    if isinstance(fmt, str) and fmt not in {"ISO8601", "mixed"} and "%" not in fmt:
        raise argument_error(
            "coerce_dates",
            "fmt",
            "'ISO8601', 'mixed' or a strftime format such as '%d/%m/%Y'",
            fmt,
            hint="a format without a % directive matches no date: every value would be NaT.",
            error=ConfigError,
        )
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        parsed = values.dt.tz_convert("UTC").dt.tz_localize(None)
    elif pd.api.types.is_datetime64_dtype(values.dtype):
        parsed = values
    else:
        text = values.astype("string").str.strip()
        # a bare year or month ("2025", "2025-03": fewer than 8 characters) is no day;
        # pandas would read it as the 1st (#16, class 7)
        text = text.mask(text.str.len() < _SHORTEST_DATE)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # per-element fallback warnings: NaT is the answer
            parsed = pd.to_datetime(text, errors="coerce", format=fmt, utc=True)
        parsed = parsed.dt.tz_localize(None)
    inside = (parsed >= pd.Timestamp.min) & (parsed <= pd.Timestamp.max)
    coerced: pd.Series = parsed.where(inside).astype("datetime64[ns]")
    return coerced


def _parse_dates(series: pd.Series) -> pd.Series:
    """Parse dates to midnight, timezone-naive (aware values are converted to UTC first).

    Unparseable or out-of-range values become ``NaT``.
    """
    normalised: pd.Series = coerce_dates(series).dt.normalize()
    return normalised


def check_columns(
    columns: Iterable[object], required: Sequence[str], table: str, where: str | None
) -> None:
    """A ``ValidationError`` listing every column of ``required`` not in ``columns``.

    Each missing column is a ``missing_column`` failure case; the hint names the
    closest present column, if any. Shared by the three backends and the frames.
    """
    present = [str(c) for c in columns]
    missing = [c for c in required if c not in present]
    if not missing:
        return
    failures = _Failures()
    hints = []
    for column in missing:
        failures.add_column(column, "column is present", Reason.MISSING_COLUMN)
        close = did_you_mean(column, present)
        if close:
            hints.append(f"for {column!r}: {close}")
    hint = "; ".join(hints) if hints else "required columns are " + ", ".join(required) + "."
    raise ValidationError(failures.frame(), table=table, where=where, hint=hint)


def _check_text(
    out: pd.DataFrame, raw: pd.DataFrame, columns: Iterable[str], failures: _Failures
) -> None:
    for column in columns:
        nested = _clean_text(out, raw, column, failures)
        failures.add(
            out[column].isna() & ~nested, column, "is not empty", raw[column], Reason.MISSING_VALUE
        )


_CONTAINERS = (list, tuple, dict, set, frozenset, np.ndarray)


def _clean_text(
    out: pd.DataFrame, raw: pd.DataFrame, column: str, failures: _Failures
) -> pd.Series:
    """:func:`_text` of a column; a list or mapping in a cell is rejected, not its repr.

    Returns the rows rejected so (the caller's "is not empty" check skips them).

    (#16, class 7: ``["a", "b"]`` as an id used to become the text "['a', 'b']".) Only
    object columns that pandas does not already know to hold scalars are looked at
    cell by cell.
    """
    values = raw[column]
    out[column] = _text(values)
    nested = pd.Series(False, index=values.index)
    if values.dtype != object or pd.api.types.infer_dtype(values, skipna=True) not in {
        "mixed",
        "mixed-integer",
        "unknown-array",
    }:
        return nested
    nested = values.map(lambda v: isinstance(v, _CONTAINERS)).astype(bool)
    failures.add(nested, column, NESTED_TEXT_CHECK, values, Reason.MALFORMED_RECORD)
    out[column] = out[column].mask(nested)
    return nested


def _check_enum(  # noqa: PLR0917 (private helper; all call sites pass the same order)
    out: pd.DataFrame,
    raw: pd.DataFrame,
    column: str,
    allowed: Sequence[str],
    reason: Reason,
    failures: _Failures,
    *,
    upper: bool = False,
) -> pd.Series[bool]:
    text = _normalised(raw[column], upper=upper)
    out[column] = text
    bad = ~text.isin(allowed)
    failures.add(bad, column, f"one of {', '.join(allowed)}", raw[column], reason)
    return bad


def _check_number(
    raw: pd.DataFrame, column: str, failures: _Failures, *, required: bool
) -> pd.Series:
    original = raw[column]
    if pd.api.types.is_bool_dtype(original.dtype):
        # True/False is not a count, a share or a coordinate (pandas would read 1.0/0.0)
        numbers = pd.Series(np.nan, index=original.index, dtype="float64")
    elif pd.api.types.is_numeric_dtype(original.dtype):
        numbers = original.astype("float64")
    else:
        numbers = pd.to_numeric(original, errors="coerce").astype("float64")
        if original.dtype == object:  # Python objects already: a per-cell type test
            flags = original.map(lambda v: isinstance(v, (bool, np.bool_)))
            numbers = numbers.mask(flags.astype(bool))
    missing = _blank(original)
    failures.add(numbers.isna() & ~missing, column, "is a number", original, Reason.NOT_A_NUMBER)
    if required:
        failures.add(missing, column, "is not empty", original, Reason.MISSING_VALUE)
    infinite = numbers.isin([np.inf, -np.inf])
    failures.add(infinite, column, "is finite", original, Reason.NON_FINITE_VALUE)
    finite: pd.Series = numbers.where(np.isfinite(numbers))
    return finite


def _above_max_count(numbers: pd.Series, original: pd.Series) -> pd.Series:
    """Counts above 2**53, decided on the original values where float64 cannot tell.

    2**53 + 1 becomes 2**53 as a float, so a value that reads as exactly 2**53 is
    checked again from its own digits (the rare rows only): #16, class 7.
    """
    over = numbers > _MAX_COUNT
    edge = numbers == _MAX_COUNT
    if edge.any():
        # the edge rows alone, in their own dtype: ``where`` would turn an int64 column
        # with other rows into float64 and 2**53 + 1 into 2**53 again
        exact = original[edge].map(_exceeds_max_count).astype(bool)
        over = over | exact.reindex(over.index, fill_value=False)
    return over


def _exceeds_max_count(value: object) -> bool:
    try:
        return decimal.Decimal(str(value).strip()) > _MAX_COUNT_INT
    except decimal.InvalidOperation:
        return False


# -- date precision (owner: loading helper, issue #18) ------------------------------------
# A date written with month ("2025-05") or year ("2025") precision names a span, not its
# first day, and is never read as the 1st. In the observation table it becomes that span
# (date = first day, end_date = last day: _expand_partial_dates, before parsing); the
# humanitarian ledger, with one date per event, rejects it as ``imprecise_date``
# (_dates). Anything else short of a day (``202503``, the number 2025) stays an
# unparseable date, as #16 decided.

_MONTH_TEXT: Final = r"\s*\d{4}-(0?[1-9]|1[0-2])\s*"
_YEAR_TEXT: Final = r"\s*\d{4}\s*"
_SPAN_YEARS: Final = (1678, 2261)
"""Years whose whole span fits pandas' nanosecond range (1677-09-22 .. 2262-04-11)."""


def date_precision(values: pd.Series) -> pd.Series:
    """``"day"``, ``"month"`` (text ``YYYY-MM``) or ``"year"`` (text ``YYYY``) per value.

    Only text can be less precise than a day: datetimes, numbers, missing values and
    anything else are ``"day"`` (parsing judges them).

    Examples:
        >>> import pandas as pd
        >>> date_precision(pd.Series(["2025-05", "2025", "2025-05-03", None, 2025])).tolist()
        ['month', 'year', 'day', 'day', 'day']
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype) or pd.api.types.is_numeric_dtype(
        values.dtype
    ):
        return pd.Series("day", index=values.index, dtype=object)
    text = values.astype("string")
    if values.dtype == object:  # Python objects: only str cells are text (not 2025)
        text = text.where(values.map(lambda v: isinstance(v, str)).astype(bool))
    month = text.str.fullmatch(_MONTH_TEXT).fillna(value=False).to_numpy(dtype=bool)
    year = text.str.fullmatch(_YEAR_TEXT).fillna(value=False).to_numpy(dtype=bool)
    return pd.Series(
        np.where(month, "month", np.where(year, "year", "day")), index=values.index, dtype=object
    )


def _span_bounds(values: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day (``YYYY-MM-DD`` text) of each month or year value; else missing."""
    text = values.astype("string").str.strip()
    year = pd.to_numeric(text.str.slice(0, 4), errors="coerce").astype("float64")
    month = pd.to_numeric(text.str.slice(5), errors="coerce").astype("float64")
    usable = (precision != "day") & year.between(*_SPAN_YEARS)
    parts = pd.DataFrame(
        {
            "year": year.where(usable),
            "month": month.where(precision == "month", 1.0).where(usable),
            "day": pd.Series(1.0, index=values.index).where(usable),
        }
    )
    first = pd.Series(pd.to_datetime(parts, errors="coerce"), index=values.index)
    last = first.mask(precision == "month", first + pd.offsets.MonthEnd(0)).mask(
        precision == "year", first + pd.offsets.YearEnd(0)
    )
    return first.dt.strftime("%Y-%m-%d"), last.dt.strftime("%Y-%m-%d")


def _expand_partial_dates(raw: pd.DataFrame) -> pd.DataFrame:
    """Month and year dates as spans, written out as days before parsing.

    ``date`` becomes the first day of its month or year; an ``end_date`` of month or
    year precision its last day; an empty ``end_date`` next to a month or year ``date``
    the last day of that ``date``'s period. A full date keeps an empty ``end_date``
    empty. ``raw`` is the validator's own copy.
    """
    start_precision = date_precision(raw["date"])
    end_precision = date_precision(raw["end_date"])
    if (start_precision == "day").all() and (end_precision == "day").all():
        return raw
    first, implied_end = _span_bounds(raw["date"], start_precision)
    _, last = _span_bounds(raw["end_date"], end_precision)
    out = raw.copy()
    out["date"] = raw["date"].astype(object).where(first.isna(), first)
    end = raw["end_date"].astype(object).where(last.isna(), last)
    implied = _blank(raw["end_date"]) & implied_end.notna()
    out["end_date"] = end.where(~implied, implied_end)
    return out


# -- end of date precision ----------------------------------------------------------------


def _dates(
    out: pd.DataFrame, raw: pd.DataFrame, column: str, failures: _Failures, *, required: bool
) -> None:
    parsed = _parse_dates(raw[column])
    missing = _blank(raw[column])
    partial = date_precision(raw[column]) != "day"  # a month or a year (issue #18)
    failures.add(
        parsed.isna() & ~missing & ~partial,
        column,
        "is a date (YYYY-MM-DD)",
        raw[column],
        Reason.UNPARSEABLE_DATE,
    )
    failures.add(
        partial,
        column,
        "is a day (YYYY-MM-DD), not a month or a year",
        raw[column],
        Reason.IMPRECISE_DATE,
    )
    if required:
        failures.add(missing, column, "is not empty", raw[column], Reason.MISSING_VALUE)
    out[column] = parsed


def _finish(
    out: pd.DataFrame,
    failures: _Failures,
    *,
    table: str,
    on_invalid: OnInvalid,
    where: str | None,
) -> Validated:
    cases = failures.frame()
    bad_rows = failures.rows()
    if len(cases) and on_invalid == "raise":
        humanitarian = cases[cases["reason"] == Reason.HUMANITARIAN_EVENT.value]
        if len(humanitarian) and table == "observations":
            msg = (
                f"{humanitarian['row'].nunique()} row(s) of the observation table are "
                "humanitarian events (e.g. row "
                f"{humanitarian['row'].iloc[0]}: {humanitarian['value'].iloc[0]!r}). "
                "Humanitarian events are kept in a separate ledger and never move the "
                "Verified Progress Index.\nHint: pass them as humanitarian=... instead."
            )
            raise HumanitarianInScoringError(msg, failure_cases=humanitarian)
        raise ValidationError(cases, table=table, where=where, hint=_hint(cases))
    check_on_invalid(on_invalid)
    accepted = out.drop(index=pd.Index(bad_rows)) if len(bad_rows) else out
    accounting = {
        "read": len(out),
        "accepted": len(accepted),
        "rejected": len(bad_rows),
        "routed": 0,
    }
    return Validated(table=accepted, rejected=cases, accounting=accounting)


def check_on_invalid(on_invalid: object) -> None:
    """Refuse any ``on_invalid`` but the exact strings ``"raise"`` and ``"quarantine"``.

    One rule for every reader (#16): a misspelt mode (``"Raise"``, ``None``) must not
    quarantine silently. ``ConfigError`` is a ``ValueError``, as the error was before.
    """
    if not isinstance(on_invalid, str) or on_invalid not in ("raise", "quarantine"):
        msg = (
            f"on_invalid must be 'raise' or 'quarantine' (got {on_invalid!r})\n"
            "Hint: the modes are lower case; 'raise' stops at the first bad file, "
            "'quarantine' keeps the valid rows and lists the rejects."
        )
        raise ConfigError(msg)


def _hint(cases: pd.DataFrame) -> str | None:
    reasons = set(cases["reason"])
    if Reason.UNKNOWN_INDICATOR.value in reasons:
        return "indicator must be one of " + ", ".join(i.value for i in Indicator) + "."
    if Reason.UNPARSEABLE_DATE.value in reasons:
        return "write dates as YYYY-MM-DD."
    if Reason.DUPLICATE_ID.value in reasons:
        return "give each observation its own observation_id."
    return "use on_invalid='quarantine' to keep the valid rows and inspect the rejects."


_OBSERVATION_TEXT: Final = (
    "observation_id",
    "indicator",
    "metric",
    "unit",
    "source",
    "verification",
    "reliability",
    "region",
    "source_record",
    "notes",
)
_HUMANITARIAN_TEXT: Final = (
    "event_id",
    "kind",
    "source",
    "verification",
    "mediator",
    "notes",
    "framework",
    "counts_reported_by",
)


def validate_observations(
    frame: pd.DataFrame,
    *,
    metrics: Sequence[MetricSpec] = DEFAULT_METRICS,
    on_invalid: OnInvalid = "raise",
    where: str | None = None,
) -> Validated:
    """Validate an observation table and normalise its dtypes.

    Checks (all collected before raising): required columns present; ids, metric, unit
    and source not empty; ``indicator`` one of the four (a humanitarian kind there, or
    in ``metric``, is a :class:`HumanitarianInScoringError`); ``date`` and ``end_date``
    parse and ``end_date >= date``; ``value`` a finite number (not true/false) within the metric's
    configured range (negative counts rejected); ``verification`` a known grade;
    ``reliability`` A-F; ``credibility`` 1-6; coordinates in range; ``observation_id``
    unique (later duplicates rejected). Columns outside the contract are not kept.

    Args:
        frame: the table, one row per observation.
        metrics: metric specs whose ``minimum``/``maximum`` bound the values.
        on_invalid: ``"raise"`` (one error listing every bad row) or ``"quarantine"``
            (keep the valid rows; the rejects are returned).
        where: a file name or source for messages.

    Returns:
        The accepted rows, the failure cases and the row accounting.

    Raises:
        ValidationError: in ``raise`` mode, when any row fails a check.
        HumanitarianInScoringError: when the table, or any row, is a humanitarian event.
    """
    raw = _as_frame(frame, "observations", _OBSERVATION_TEXT)
    columns = set(map(str, raw.columns))
    if {"kind", "event_id"} & columns and "indicator" not in columns:
        msg = (
            "this looks like a humanitarian table (it has columns "
            f"{sorted({'kind', 'event_id'} & columns)} and no 'indicator'). Humanitarian "
            "events are kept in a separate ledger and never move the Verified Progress "
            "Index.\nHint: pass it as humanitarian=... instead of as observations."
        )
        raise HumanitarianInScoringError(msg)
    check_columns(raw.columns, OBSERVATION_REQUIRED, "observations", where)
    for column in OBSERVATION_COLUMNS:
        if column not in raw.columns:
            raw[column] = pd.NA
    raw = _expand_partial_dates(raw)  # month and year dates become spans (issue #18)
    failures = _Failures()
    out = pd.DataFrame(index=raw.index)
    rules = OBSERVATION_RULES
    _check_text(out, raw, REQUIRED_TEXT, failures)

    indicator = _normalised(raw["indicator"], upper=CODED_CASE["indicator"] == "upper")
    metric_lower = out["metric"].str.lower()
    as_event = indicator.isin(_HUMANITARIAN_NAMES) | metric_lower.isin(_HUMANITARIAN_NAMES)
    if as_event.any():
        named = indicator.astype("string")
        shown = named.where(named.isin(_HUMANITARIAN_NAMES), out["metric"])
        failures.rule(as_event, rules["humanitarian"], shown)
    failures.rule(~indicator.isin(_INDICATORS) & ~as_event, rules["indicator"], raw["indicator"])
    out["indicator"] = indicator
    _dates(out, raw, "date", failures, required=True)
    out["value"] = _check_number(raw, "value", failures, required=True)
    _check_bounds(out, raw, metrics, failures)
    for column, allowed in (("verification", _GRADES), ("reliability", _LETTERS)):
        text = _normalised(raw[column], upper=CODED_CASE[column] == "upper")
        out[column] = text
        failures.rule(~text.isin(allowed), rules[column], raw[column])
    credibility = pd.to_numeric(raw["credibility"], errors="coerce")
    failures.rule(~credibility.isin(CREDIBILITY_GRADES), rules["credibility"], raw["credibility"])
    out["credibility"] = credibility
    _dates(out, raw, "end_date", failures, required=False)
    failures.rule(out["end_date"] < out["date"], rules["end_before_start"], raw["end_date"])
    for column, limit in COORDINATE_LIMITS.items():
        numbers = _check_number(raw, column, failures, required=False)
        failures.rule(numbers.abs() > limit, rules[f"{column}_range"], raw[column])
        out[column] = numbers
    for column in OPTIONAL_TEXT:
        _clean_text(out, raw, column, failures)
    ids = out["observation_id"]
    failures.rule(
        ids.duplicated(keep="first") & ids.notna(), rules["unique"], raw["observation_id"]
    )
    result = _finish(out, failures, table="observations", on_invalid=on_invalid, where=where)
    return attrs.evolve(result, table=_observation_dtypes(result.table))


def _check_bounds(
    out: pd.DataFrame, raw: pd.DataFrame, metrics: Sequence[MetricSpec], failures: _Failures
) -> None:
    # one lookup per distinct metric, then a gather (no per-row dictionary lookups)
    codes, names = pd.factorize(out["metric"])
    spec = {m.name: m for m in metrics}
    bound = {
        "lower": [spec[n].minimum if n in spec else None for n in names],
        "upper": [spec[n].maximum if n in spec else None for n in names],
    }
    index = out.index
    lower = pd.Series(
        np.append(np.array(bound["lower"], dtype="float64"), np.nan)[codes], index=index
    )
    upper = pd.Series(
        np.append(np.array(bound["upper"], dtype="float64"), np.nan)[codes], index=index
    )
    kinds = np.array([n in spec and spec[n].kind == "count" for n in names], dtype=bool)
    is_count = np.append(kinds, False)  # stays boolean when no metric is named
    below = out["value"] < lower
    counts = pd.Series(is_count[codes], index=index)
    rules = OBSERVATION_RULES
    failures.rule(below & counts, rules["value_negative_count"], raw["value"])
    failures.rule(below & ~counts, rules["value_minimum"], raw["value"])
    failures.rule(out["value"] > upper, rules["value_maximum"], raw["value"])


def _observation_dtypes(table: pd.DataFrame) -> pd.DataFrame:
    return table.astype(
        {
            "indicator": INDICATOR_DTYPE,
            "verification": VERIFICATION_DTYPE,
            "reliability": RELIABILITY_DTYPE,
            "credibility": "int8",
        }
    )[list(OBSERVATION_COLUMNS)]


def validate_humanitarian(
    frame: pd.DataFrame, *, on_invalid: OnInvalid = "raise", where: str | None = None
) -> Validated:
    """Validate a humanitarian ledger table and normalise its dtypes.

    Checks: required columns present; ``event_id`` unique and not empty; ``date``
    parses; ``kind`` one of :class:`HumanitarianKind`; the two counts are whole numbers
    >= 0 or empty (unknown stays unknown, never 0); ``source`` not empty;
    ``verification`` a known grade.

    Args:
        frame: the ledger, one row per event.
        on_invalid: ``"raise"`` or ``"quarantine"``, as for observations.
        where: a file name or source for messages.

    Returns:
        The accepted rows, the failure cases and the row accounting.
    """
    raw = _as_frame(frame, "humanitarian", _HUMANITARIAN_TEXT)
    check_columns(raw.columns, HUMANITARIAN_REQUIRED, "humanitarian", where)
    for column in HUMANITARIAN_COLUMNS:
        if column not in raw.columns:
            raw[column] = pd.NA
    failures = _Failures()
    out = pd.DataFrame(index=raw.index)
    _check_text(out, raw, ("event_id", "source"), failures)
    _dates(out, raw, "date", failures, required=True)
    _check_enum(
        out, raw, "kind", [k.value for k in HumanitarianKind], Reason.UNKNOWN_KIND, failures
    )
    for column in ("returned_to_ukraine", "returned_to_russia"):
        numbers = _check_number(raw, column, failures, required=False)
        failures.add(numbers < 0, column, ">= 0", raw[column], Reason.NEGATIVE_COUNT)
        failures.add(
            _above_max_count(numbers, raw[column]),
            column,
            "<= 2**53",
            raw[column],
            Reason.OUT_OF_RANGE,
        )
        failures.add(
            numbers.notna() & (numbers != np.floor(numbers)),
            column,
            "a whole number",
            raw[column],
            Reason.NOT_A_NUMBER,
        )
        out[column] = numbers.where(~_above_max_count(numbers, raw[column]))
    _check_enum(
        out,
        raw,
        "verification",
        [v.value for v in Verification],
        Reason.UNKNOWN_VERIFICATION,
        failures,
    )
    for column in ("mediator", "notes", "framework", "counts_reported_by"):
        _clean_text(out, raw, column, failures)
    failures.add(
        out["event_id"].duplicated(keep="first") & out["event_id"].notna(),
        "event_id",
        "is unique",
        raw["event_id"],
        Reason.DUPLICATE_ID,
    )
    result = _finish(out, failures, table="humanitarian", on_invalid=on_invalid, where=where)
    table = result.table.astype(
        {
            "kind": KIND_DTYPE,
            "verification": VERIFICATION_DTYPE,
            "returned_to_ukraine": "Int64",
            "returned_to_russia": "Int64",
        }
    )[list(HUMANITARIAN_COLUMNS)]
    return attrs.evolve(result, table=table)


# -- the columnar backends: Arrow tables and other engines, through narwhals ------------


def _clean(column: str) -> nw.Expr:
    """Text as the contract reads it: stripped; empty after stripping is missing."""
    text = nw.col(column).cast(nw.String).str.strip_chars()
    return nw.when(text != "").then(text)


def _coded(column: str) -> nw.Expr:
    """A coded column (indicator, grade, reliability) stripped and cased as declared."""
    text = _clean(column)
    return text.str.to_uppercase() if CODED_CASE[column] == "upper" else text.str.to_lowercase()


def _day_key(column: str) -> nw.Expr:
    """``YYYYMMDD`` of a date or datetime column, as an integer (portable to every engine)."""
    date = nw.col(column)
    return date.dt.year() * 10000 + date.dt.month() * 100 + date.dt.day()


def _unrepresentable(column: str) -> nw.Expr:
    """Dates outside what ``datetime64[ns]`` holds (the pandas path rejects them too)."""
    key = _day_key(column)
    first = FIRST_DAY.year * 10000 + FIRST_DAY.month * 100 + FIRST_DAY.day
    last = LAST_DAY.year * 10000 + LAST_DAY.month * 100 + LAST_DAY.day
    return (key < first) | (key > last)


def _metric_bounds(
    metric: nw.Expr, metrics: Sequence[MetricSpec]
) -> tuple[nw.Expr, nw.Expr, nw.Expr]:
    """Each row's minimum, maximum (null: none) and whether its metric is a count."""
    names = [m.name for m in metrics]

    def bound(values: list[float | None]) -> nw.Expr:
        if not names:
            return nw.lit(None, dtype=nw.Float64)
        return metric.replace_strict(names, values, default=None, return_dtype=nw.Float64)

    counts = [m.name for m in metrics if m.kind == "count"]
    is_count = metric.is_in(counts).fill_null(value=False) if counts else nw.lit(value=False)
    return bound([m.minimum for m in metrics]), bound([m.maximum for m in metrics]), is_count


def _columnar_checks(
    names: Sequence[str],
    metrics: Sequence[MetricSpec],
    *,
    bounds: tuple[nw.Expr, nw.Expr, nw.Expr] | None = None,
) -> dict[Rule, tuple[nw.Expr, nw.Expr]]:
    """Per contract rule: an expression True where a row fails it, and the value shown.

    ``bounds`` (each row's minimum, maximum and count flag) replaces the per-row lookup
    of the metric's bounds where a backend has them already.

    Columns are typed on these backends (dates as dates, numbers as numbers; see
    :func:`validate_engine_observations`), so "is a number" and "is a date" can fail only
    through the range of a date. Missing numbers are null or NaN, as in pandas.
    """
    rules = OBSERVATION_RULES
    human = sorted(_HUMANITARIAN_NAMES)
    checks: dict[Rule, tuple[nw.Expr, nw.Expr]] = {}
    for column in REQUIRED_TEXT:
        checks[rules[f"{column}_missing"]] = (_clean(column).is_null(), nw.col(column))
    indicator, metric = _coded("indicator"), _clean("metric")
    as_event = indicator.is_in(human).fill_null(value=False) | metric.str.to_lowercase().is_in(
        human
    ).fill_null(value=False)
    shown = nw.when(indicator.is_in(human).fill_null(value=False)).then(indicator)
    checks[rules["humanitarian"]] = (as_event, shown.otherwise(metric))
    known = indicator.is_in(list(_INDICATORS)).fill_null(value=False)
    checks[rules["indicator"]] = (~known & ~as_event, nw.col("indicator"))
    checks[rules["date_parse"]] = (_unrepresentable("date"), nw.col("date"))
    checks[rules["date_missing"]] = (nw.col("date").is_null(), nw.col("date"))
    value = nw.col("value").cast(nw.Float64)
    missing = value.is_null() | value.is_nan().fill_null(value=True)
    checks[rules["value_missing"]] = (missing, nw.col("value"))
    checks[rules["value_finite"]] = (~missing & ~value.is_finite(), nw.col("value"))
    # each row's bounds looked up once per metric name (no comparison per metric)
    lower, upper, is_count = bounds or _metric_bounds(metric, metrics)
    finite = value.is_finite().fill_null(value=False)
    below = finite & (value < lower).fill_null(value=False)
    above = finite & (value > upper).fill_null(value=False)
    with_minimum = [m for m in metrics if m.minimum is not None]
    if any(m.kind == "count" for m in with_minimum):
        checks[rules["value_negative_count"]] = (below & is_count, nw.col("value"))
    if any(m.kind != "count" for m in with_minimum):
        checks[rules["value_minimum"]] = (below & ~is_count, nw.col("value"))
    if any(m.maximum is not None for m in metrics):
        checks[rules["value_maximum"]] = (above, nw.col("value"))
    for column, allowed in (("verification", _GRADES), ("reliability", _LETTERS)):
        fails = ~_coded(column).is_in(list(allowed)).fill_null(value=False)
        checks[rules[column]] = (fails, nw.col(column))
    credibility = nw.col("credibility").cast(nw.Float64)
    grades = [float(g) for g in CREDIBILITY_GRADES]
    checks[rules["credibility"]] = (
        ~credibility.is_in(grades).fill_null(value=False),
        nw.col("credibility"),
    )
    if "end_date" in names:
        checks[rules["end_date_parse"]] = (_unrepresentable("end_date"), nw.col("end_date"))
        after = nw.col("end_date") < nw.col("date")
        checks[rules["end_before_start"]] = (after, nw.col("end_date"))
    for column, limit in COORDINATE_LIMITS.items():
        if column in names:
            number = nw.col(column).cast(nw.Float64)
            known_number = ~(number.is_null() | number.is_nan().fill_null(value=True))
            checks[rules[f"{column}_finite"]] = (
                known_number & ~number.is_finite(),
                nw.col(column),
            )
            outside = known_number & number.is_finite() & (number.abs() > limit)
            checks[rules[f"{column}_range"]] = (outside, nw.col(column))
    return {rule: (fails.fill_null(value=False), show) for rule, (fails, show) in checks.items()}


def _engine_checks(
    names: Sequence[str], metrics: Sequence[MetricSpec]
) -> dict[tuple[str, str, Reason], Any]:
    """One narwhals expression per contract check, True where a row fails it."""
    checks = _columnar_checks(names, metrics)
    return {(r.column, r.check, r.reason): fails for r, (fails, _) in checks.items()}


def _check_engine_types(schema: Any, where: str | None) -> None:
    """Engine columns are typed: dates as dates, numbers as numbers (no text parsing)."""
    for column in ("date", "end_date"):
        if column in schema and not (
            schema[column] == nw.Date or isinstance(schema[column], nw.Datetime)
        ):
            msg = (
                f"column {column!r} of the observation frame must hold dates "
                f"(got {schema[column]}) in {where or 'the frame'}.\nHint: cast it on the "
                "engine first, e.g. polars: pl.col('date').str.to_date()."
            )
            raise InputTypeError(msg)
    for column in ("value", "credibility", *COORDINATE_LIMITS):
        if column not in schema:
            continue
        if schema[column] == nw.Boolean:
            msg = (
                f"column {column!r} of the observation frame holds true/false, not "
                f"numbers, in {where or 'the frame'}.\nHint: a count, share or area must "
                "be a number; cast it on the engine first if 1/0 is really meant."
            )
            raise InputTypeError(msg)
        if not schema[column].is_numeric() and schema[column] != nw.Unknown:
            msg = (
                f"column {column!r} of the observation frame must hold numbers (got "
                f"{schema[column]}) in {where or 'the frame'}.\nHint: cast it on the "
                "engine first, e.g. polars: pl.col('value').cast(pl.Float64)."
            )
            raise InputTypeError(msg)


_NULLABLE_INTEGERS: Final = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
}


def _as_pandas(frame: nw.DataFrame[Any]) -> pd.DataFrame:
    """A small eager frame in pandas, integers kept as integers (a missing one too)."""
    result: pd.DataFrame = frame.to_arrow().to_pandas(types_mapper=_NULLABLE_INTEGERS.get)
    return result


def _humanitarian_frame_error(cases: pd.DataFrame, label: str) -> HumanitarianInScoringError:
    first = cases.iloc[0]
    named = (
        f"observation {first['observation_id']!r}"
        if "observation_id" in cases and pd.isna(first["row"])
        else f"row {first['row']}"
    )
    msg = (
        f"{len(cases)} row(s) of the observation {label} are humanitarian events (e.g. "
        f"{named}: {first['value']!r}). Humanitarian events are kept in a separate ledger "
        "and never move the Verified Progress Index.\nHint: pass them as humanitarian=... "
        "instead."
    )
    return HumanitarianInScoringError(msg, failure_cases=cases)


def validate_engine_observations(
    frame: Any, *, metrics: Sequence[MetricSpec] = DEFAULT_METRICS, where: str | None = None
) -> int:
    """Validate an observation table held by another engine, on that engine.

    The checks are the contract's (:data:`OBSERVATION_RULES`, as for pandas): text is
    stripped, and the coded columns cased, before it is checked, exactly as the pandas
    path normalises it. They run as one aggregation on the engine (counts of failing
    rows per check, plus a group-by for duplicate ids); only when a check fails are the
    failing rows collected, to list them. The engine path does not parse text: ``date``
    and ``end_date`` must be date or datetime columns, ``value``, ``credibility`` and
    the coordinates numbers.

    Args:
        frame: the observation table (polars, pyarrow, DuckDB, Dask, PySpark, ...).
        metrics: metric specs whose ``minimum``/``maximum`` bound the values.
        where: a name for messages.

    Returns:
        The number of rows (all valid).

    Raises:
        ValidationError: a column is missing or a row fails a check. ``failure_cases``
            has ``row`` missing (engine rows have no position) and an extra
            ``observation_id`` column naming each bad row.
        HumanitarianInScoringError: rows are humanitarian events.
        InputTypeError: ``frame`` is no table; ``date`` or ``end_date`` is not a date
            column, or a number column holds text or true/false.
    """
    data = engine_frame(frame, where=where or "validate_engine_observations")
    schema = data.collect_schema()
    names = schema.names()
    check_columns(names, OBSERVATION_REQUIRED, "observations", where)
    _check_engine_types(schema, where)
    checks = _columnar_checks(names, metrics)
    labels = [f"check_{i}" for i in range(len(checks))]
    exprs = [f.alias(label) for (f, _), label in zip(checks.values(), labels, strict=True)]
    shown = [v.alias(f"shown_{i}") for i, (_, v) in enumerate(checks.values())]
    totals = (
        data.select(nw.len().alias("rows"), *(e.cast(nw.Int64).sum() for e in exprs))
        .lazy()
        .collect()
    )
    counts = totals.to_pandas().iloc[0]
    duplicates = (
        data.with_columns(_clean("observation_id").alias("observation_id"))
        .filter(~nw.col("observation_id").is_null())
        .group_by("observation_id")
        .agg(nw.len().alias("n"))
        .filter(nw.col("n") > 1)
        .lazy()
        .collect()
        .to_pandas()
    )
    if not (counts[labels] > 0).any() and duplicates.empty:
        return int(counts["rows"])
    bad = data.filter(nw.any_horizontal(*exprs, ignore_nulls=True)).select(
        nw.col("observation_id"), *exprs, *shown
    )
    rows = _as_pandas(bad.lazy().collect())
    parts = []
    for i, (rule, label) in enumerate(zip(checks, labels, strict=True)):
        hit = rows[rows[label].to_numpy(dtype=bool)]
        if len(hit):
            parts.append(
                pd.DataFrame(
                    {
                        "row": pd.array([pd.NA] * len(hit), dtype="Int64"),
                        "column": rule.column,
                        "check": rule.check,
                        "value": hit[f"shown_{i}"].astype("string").to_numpy(dtype=object),
                        "reason": rule.reason.value,
                        "observation_id": hit["observation_id"].astype(str).to_numpy(),
                    }
                )
            )
    if len(duplicates):
        ids = duplicates["observation_id"].astype(str).sort_values().to_numpy()
        rule = OBSERVATION_RULES["unique"]
        parts.append(
            pd.DataFrame(
                {
                    "row": pd.array([pd.NA] * len(ids), dtype="Int64"),
                    "column": rule.column,
                    "check": rule.check,
                    "value": ids,
                    "reason": rule.reason.value,
                    "observation_id": ids,
                }
            )
        )
    cases = pd.concat(parts, ignore_index=True)
    human = cases[cases["reason"] == Reason.HUMANITARIAN_EVENT.value]
    if len(human):
        raise _humanitarian_frame_error(human.reset_index(drop=True), "frame")
    raise ValidationError(
        cases,
        table="observations",
        where=where,
        hint="rows of an engine frame have no position; .failure_cases names each observation_id.",
    )


# -- validated Arrow tables: validated once, trusted after ------------------------------

_SEAL: Final = object()
"""Only this module can make an :class:`ObservationTable` (the proof of validation)."""


@attrs.frozen(eq=False)
class ObservationTable:
    """A validated observation table, held in Arrow, that carries proof of its validation.

    Made only by the validators of this module (a private seal is checked at
    construction), from rows that passed every check of :data:`OBSERVATION_RULES` against
    ``metrics``. Arrow tables are immutable, so nothing done to a DataFrame built from it
    can change what :func:`~progress_indicators.score` reads: ``score(evidence)`` trusts
    it and validates it no second time (only the metric bounds, when the config's
    metrics differ from ``metrics``).

    Attributes:
        arrow: the accepted rows, contract columns in order: text stripped (empty is
            null), coded columns cased and dictionary-encoded, dates as
            ``timestamp[ns]`` at midnight, numbers as float64, credibility as int8.
        metrics: the metric specs whose bounds were checked.
    """

    arrow: pa.Table = attrs.field(repr=lambda table: f"<{table.num_rows} rows>")
    metrics: tuple[MetricSpec, ...] = attrs.field(repr=lambda ms: f"<{len(ms)} metrics>")
    _seal: object = attrs.field(repr=False, alias="_seal")
    _cache: dict[str, pd.DataFrame] = attrs.field(
        init=False, factory=dict, repr=False, alias="_cache"
    )

    def __attrs_post_init__(self) -> None:
        if self._seal is not _SEAL:
            msg = (
                "an ObservationTable is made only by validation (it is the proof that the "
                "rows passed every check).\nHint: validate with "
                "progress_indicators.sources.build_evidence or pass the DataFrame itself."
            )
            raise InputTypeError(msg)

    def __len__(self) -> int:
        return int(self.arrow.num_rows)

    def to_pandas(self) -> pd.DataFrame:
        """A new pandas DataFrame in the contract's dtypes (what the pandas path returns)."""
        return _arrow_to_contract_frame(self.arrow)

    def frame(self) -> pd.DataFrame:
        """The pandas view, built on first use and kept (``Evidence.observations``)."""
        if "frame" not in self._cache:
            self._cache["frame"] = self.to_pandas()
        return self._cache["frame"]

    def filter(self, keep: np.ndarray) -> ObservationTable:
        """The rows where ``keep`` holds (a subset of valid rows is valid)."""
        if bool(keep.all()):
            return self
        return ObservationTable(self.arrow.filter(pa.array(keep)), self.metrics, _SEAL)

    def with_metrics(self, metrics: Sequence[MetricSpec], *, where: str | None) -> ObservationTable:
        """The same rows checked against other metric bounds (raises on a row outside them).

        Raises:
            ValidationError: a row lies outside a bound of ``metrics``.
        """
        wanted = tuple(metrics)
        if wanted == self.metrics:
            return self
        data = nw.from_native(self.arrow, eager_only=True)
        checks = _columnar_checks(data.columns, wanted)
        bounds = {r: c for r, c in checks.items() if r in _BOUND_RULES}
        cases = _eager_cases(data, bounds)
        if len(cases):
            raise ValidationError(cases, table="observations", where=where, hint=_hint(cases))
        return ObservationTable(self.arrow, wanted, _SEAL)


def concat_observation_tables(
    tables: Sequence[ObservationTable], *, where: str | None = None
) -> ObservationTable:
    """Validated tables as one (each valid; ids checked unique across them).

    Raises:
        ValidationError: an ``observation_id`` appears in more than one table.
        ConfigError: ``tables`` is empty.
        InputTypeError: ``tables`` is not a sequence of ``ObservationTable``.
    """
    label = where or "concat_observation_tables"
    expected = "a non-empty sequence of ObservationTable"
    items = sequence(tables, where=label, name="tables", expected=expected)
    if not items or not all(isinstance(t, ObservationTable) for t in items):
        raise argument_error(
            label,
            "tables",
            expected,
            tables,
            hint="validate each table first (observation_table, validate_arrow_observations).",
            error=InputTypeError if items else ConfigError,
        )
    if len(tables) == 1:
        return tables[0]
    metrics = tables[0].metrics
    combined = pa.concat_tables([_canonical(t.arrow) for t in tables])
    data = nw.from_native(combined, eager_only=True)
    unique = OBSERVATION_RULES["unique"]
    ids = _arrow_text(combined.column("observation_id"))
    cases = _eager_cases(
        data,
        {unique: (nw.lit(value=False), nw.col("observation_id"))},
        {unique: _duplicates_after_first(ids)},
    )
    if len(cases):
        raise ValidationError(cases, table="observations", where=where, hint=_hint(cases))
    same = all(t.metrics == metrics for t in tables)
    return ObservationTable(combined, metrics if same else (), _SEAL)


def _eager_flags(
    data: nw.DataFrame[Any], checks: Mapping[Rule, tuple[nw.Expr, nw.Expr]]
) -> dict[Rule, np.ndarray]:
    """Each check's failing rows as a boolean array, computed in one select."""
    if not checks:
        return {}
    labels = [f"check_{i}" for i in range(len(checks))]
    flags = data.select(
        *(f.alias(label) for (f, _), label in zip(checks.values(), labels, strict=True))
    ).to_arrow()
    return {
        rule: np.asarray(flags.column(label).to_numpy(zero_copy_only=False), dtype=bool)
        for rule, label in zip(checks, labels, strict=True)
    }


def _eager_cases(
    data: nw.DataFrame[Any],
    checks: Mapping[Rule, tuple[nw.Expr, nw.Expr]],
    flags: Mapping[Rule, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Failure cases (row = position) on an eager frame, values shown as pandas shows them.

    ``flags`` (failing rows per rule) default to evaluating ``checks``; only the failing
    rows are taken to pandas, to show their values (so a value reads the same as on the
    pandas path).
    """
    flags = _eager_flags(data, checks) if flags is None else flags
    hit = [f for f in flags.values() if f.any()]
    if not hit:
        return empty_failure_cases()
    any_bad = np.logical_or.reduce(hit)
    positions = np.flatnonzero(any_bad)
    bad = nw.from_native(data.to_arrow().take(pa.array(positions)), eager_only=True)
    rules = [r for r in flags if flags[r][positions].any()]
    shown = _as_pandas(bad.select(*(checks[r][1].alias(f"shown_{i}") for i, r in enumerate(rules))))
    parts = []
    for i, rule in enumerate(rules):
        mask = flags[rule][positions]
        values = shown[f"shown_{i}"][mask].astype("string")
        parts.append(
            pd.DataFrame(
                {
                    "row": positions[mask].astype("int64"),
                    "column": rule.column,
                    "check": rule.check,
                    "value": values.to_numpy(dtype=object),
                    "reason": rule.reason.value,
                }
            )
        )
    cases = pd.concat(parts, ignore_index=True)
    cases["row"] = cases["row"].astype("Int64")
    return cases.sort_values(["row", "column"], kind="stable", ignore_index=True)


_LOW_CARDINALITY: Final = (
    "indicator",
    "metric",
    "unit",
    "source",
    "verification",
    "reliability",
    "credibility",
)
"""Columns with few distinct values: checked once per distinct combination."""
_LOW_RULES: Final = frozenset(
    OBSERVATION_RULES[name]
    for name in (
        "metric_missing",
        "unit_missing",
        "source_missing",
        "humanitarian",
        "indicator",
        "verification",
        "reliability",
        "credibility",
    )
)
"""The rules that read only :data:`_LOW_CARDINALITY` columns."""


def _distinct_rows(table: pa.Table, columns: Sequence[str]) -> tuple[pa.Table, np.ndarray] | None:
    """The distinct combinations of ``columns`` and, per row, which one it holds.

    Each column is dictionary-encoded (a hash pass; already-encoded columns are unified),
    the codes are combined into one integer per row and ``numpy.unique`` finds the
    combinations. ``None`` when the combined code would not fit in 62 bits.
    """
    encoded = pa.table(
        {
            c: table.column(c)
            if pa.types.is_dictionary(table.column(c).type)
            else pc.dictionary_encode(table.column(c))
            for c in columns
        }
    ).unify_dictionaries()
    code = np.zeros(table.num_rows, dtype=np.int64)
    size = 1
    for name in columns:
        column = encoded.column(name)
        width = len(column.chunk(0).dictionary) + 1 if column.num_chunks else 1
        size *= width
        if size >= 1 << 62:
            return None
        indices = pa.chunked_array(
            [chunk.indices for chunk in column.chunks], type=column.type.index_type
        )
        values = pc.fill_null(indices.cast(pa.int64()), -1).to_numpy(zero_copy_only=False)
        code = code * width + (values + 1)
    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    return table.select(list(columns)).take(pa.array(first)), inverse.reshape(-1)


def _duplicates_after_first(ids: pa.ChunkedArray) -> np.ndarray:
    """Rows whose (normalised) id appeared on an earlier row; missing ids never do."""
    n = len(ids)
    present = n - ids.null_count
    if pc.count_distinct(ids, mode="only_valid").as_py() == present:
        return np.zeros(n, dtype=bool)  # the common case: one hash pass, no per-row work
    indices = pc.dictionary_encode(ids).combine_chunks().indices
    codes = pc.fill_null(indices.cast(pa.int64()), -1).to_numpy(zero_copy_only=False)
    _, first = np.unique(codes, return_index=True)
    repeated = np.ones(n, dtype=bool)
    repeated[first] = False
    repeated[codes < 0] = False
    return repeated


_ARROW_TEXT: Final = (pa.types.is_string, pa.types.is_large_string, pa.types.is_null)


def _arrow_kind(kind: pa.DataType) -> str:
    """``text``, ``date``, ``number`` or ``other`` for an Arrow column type."""
    if pa.types.is_dictionary(kind):
        return "text" if any(t(kind.value_type) for t in _ARROW_TEXT) else "other"
    if any(t(kind) for t in _ARROW_TEXT):
        return "text"
    if pa.types.is_date(kind) or (pa.types.is_timestamp(kind) and kind.tz is None):
        return "date"
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return "number"
    return "other"


_ARROW_NEEDS: Final = {
    **dict.fromkeys((*REQUIRED_TEXT, *OPTIONAL_TEXT, *CODED_CASE), "text"),
    "date": "date",
    "end_date": "date",
    **dict.fromkeys(("value", "credibility", *COORDINATE_LIMITS), "number"),
}


_CANONICAL: Final = pa.schema(
    [
        (
            name,
            pa.dictionary(pa.int32(), pa.string())
            if name in CODED_CASE
            else {
                "text": pa.string(),
                "date": pa.timestamp("ns"),
                "number": pa.int8() if name == "credibility" else pa.float64(),
            }[_ARROW_NEEDS[name]],
        )
        for name in OBSERVATION_COLUMNS
    ]
)
"""One Arrow type per contract column, so validated tables from any backend concatenate."""


def _canonical(table: pa.Table) -> pa.Table:
    return pa.table([table.column(f.name).cast(f.type) for f in _CANONICAL], schema=_CANONICAL)


def arrow_fast_path(table: pa.Table) -> bool:
    """Whether the Arrow backend can validate ``table`` as it is (columns typed as due).

    Text columns must be text, ``date``/``end_date`` naive dates or timestamps, numbers
    numbers (not booleans). Anything else (text dates, mixed cells) goes through the
    pandas backend, which parses text and reports each bad cell.
    """
    schema = table.schema
    return all(
        _arrow_kind(schema.field(name).type) in {need, "null"}
        or (pa.types.is_null(schema.field(name).type))
        for name, need in _ARROW_NEEDS.items()
        if name in schema.names
    )


def validate_arrow_observations(
    table: pa.Table, *, metrics: Sequence[MetricSpec] = DEFAULT_METRICS, where: str | None = None
) -> tuple[ObservationTable, pd.DataFrame]:
    """Validate a typed Arrow observation table in Arrow (the fast path of the sources).

    The same contract as :func:`validate_observations` (:data:`OBSERVATION_RULES`), run
    with ``pyarrow.compute`` through narwhals: no object arrays, no per-row Python
    strings; only the failing rows are taken to pandas, to list them. Call it when
    :func:`arrow_fast_path` holds; otherwise use the pandas backend.

    Args:
        table: the observation rows (contract columns; optional ones may be absent).
        metrics: metric specs whose ``minimum``/``maximum`` bound the values.
        where: a name for messages.

    Returns:
        The accepted rows as an :class:`ObservationTable`, and the failure cases
        (``row`` = position in ``table``), as in quarantine mode.

    Raises:
        ValidationError: a required column is missing.
    """
    names = table.column_names
    check_columns(names, OBSERVATION_REQUIRED, "observations", where)
    normalised = _normalised_arrow(table)
    flags: dict[Rule, np.ndarray] = {}
    low = [c for c in _LOW_CARDINALITY if c in names]
    distinct = _distinct_rows(table, low) if len(low) == len(_LOW_CARDINALITY) else None
    bounds = None
    if distinct is not None:
        # the checks of few-valued columns run once per distinct combination, then
        # spread to the rows; each row's bounds likewise
        small, inverse = distinct
        small_data = nw.from_native(small, eager_only=True)
        low_checks = {
            r: c
            for r, c in _columnar_checks(small.column_names, metrics).items()
            if r in _LOW_RULES
        }
        flags = {r: f[inverse] for r, f in _eager_flags(small_data, low_checks).items()}
        lower, upper, is_count = _metric_bounds(_clean("metric"), metrics)
        # with_columns: a bound that is a literal (no metrics, no counts) still gets one
        # value per distinct combination, as the inverse indexes them
        spread = (
            small_data.with_columns(
                lower.alias("__lower"), upper.alias("__upper"), is_count.alias("__is_count")
            )
            .select("__lower", "__upper", "__is_count")
            .rename({"__lower": "lower", "__upper": "upper", "__is_count": "is_count"})
            .to_arrow()
        )
        table = table.append_column(
            "__lower", pa.array(spread.column("lower").to_numpy(zero_copy_only=False)[inverse])
        )
        table = table.append_column(
            "__upper", pa.array(spread.column("upper").to_numpy(zero_copy_only=False)[inverse])
        )
        count_flags = np.asarray(spread.column("is_count").to_numpy(zero_copy_only=False), bool)
        table = table.append_column("__is_count", pa.array(count_flags[inverse]))
        bounds = (nw.col("__lower"), nw.col("__upper"), nw.col("__is_count"))
    data = nw.from_native(table, eager_only=True)
    checks = _columnar_checks(names, metrics, bounds=bounds)
    rest = {r: c for r, c in checks.items() if r not in flags}
    flags |= _eager_flags(data, rest)
    unique = OBSERVATION_RULES["unique"]
    checks[unique] = (nw.lit(value=False), nw.col("observation_id"))
    flags[unique] = _duplicates_after_first(normalised.column("observation_id"))
    cases = _eager_cases(data, checks, {r: flags[r] for r in checks})
    if len(cases):
        keep = np.ones(table.num_rows, dtype=bool)
        keep[cases["row"].dropna().to_numpy(dtype="int64")] = False
        normalised = normalised.filter(pa.array(keep))
    return ObservationTable(normalised, tuple(metrics), _SEAL), cases


def _arrow_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Stripped text; empty after stripping is null."""
    if pa.types.is_dictionary(column.type) or not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    stripped = pc.utf8_trim_whitespace(column)
    empty = pc.equal(stripped, "")
    if not pc.any(empty).as_py():
        return stripped
    return pc.if_else(empty, pa.scalar(None, pa.string()), stripped)


def _cased(text: Any, *, upper: bool) -> Any:
    return pc.utf8_upper(text) if upper else pc.utf8_lower(text)


def _per_value(column: pa.ChunkedArray, transform: Any) -> pa.ChunkedArray:
    """Apply a text ``transform`` once per distinct value; the result dictionary-encoded.

    A dictionary column is transformed on its dictionary and re-encoded (values that
    become equal merge; missing stays missing): no per-row string work.
    """
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    chunks = []
    for chunk in column.chunks:
        values = pc.dictionary_encode(transform(chunk.dictionary))
        indices = pc.take(values.indices, chunk.indices)
        chunks.append(pa.DictionaryArray.from_arrays(indices, values.dictionary))
    kind = pa.dictionary(pa.int32(), pa.string())
    return pa.chunked_array([c.cast(kind) for c in chunks], type=kind)


def _normalised_arrow(table: pa.Table) -> pa.Table:
    """The contract's columns, in order, normalised as the pandas backend does."""
    n = table.num_rows
    names = set(table.column_names)
    columns: dict[str, pa.ChunkedArray | pa.Array] = {}
    for name in OBSERVATION_COLUMNS:
        need = _ARROW_NEEDS[name]
        if name not in names:
            kind = {"text": pa.string(), "date": pa.timestamp("ns"), "number": pa.float64()}
            columns[name] = pa.nulls(n, kind[need])
            continue
        column = table.column(name)
        if name in CODED_CASE:
            upper = CODED_CASE[name] == "upper"
            columns[name] = _per_value(column, lambda t, u=upper: _cased(_arrow_text(t), upper=u))
        elif need == "text" and pa.types.is_dictionary(column.type):
            columns[name] = _per_value(column, _arrow_text)
        elif need == "text":
            columns[name] = _arrow_text(column)
        elif need == "date":
            stamps = column.cast(pa.timestamp("ns"))
            columns[name] = pc.floor_temporal(stamps, unit="day")
        elif name == "credibility":
            columns[name] = column.cast(pa.int8())
        else:
            columns[name] = column.cast(pa.float64())
    return pa.table(columns)


_CODED_DTYPES: Final = {
    "indicator": INDICATOR_DTYPE,
    "verification": VERIFICATION_DTYPE,
    "reliability": RELIABILITY_DTYPE,
}


_TEXT_COLUMNS: Final = frozenset((*REQUIRED_TEXT, *OPTIONAL_TEXT))
_TEXT_DTYPE: Final = pd.StringDtype("pyarrow")
"""Text columns of a validated table (what ``astype("string")`` gives the pandas path)."""


def _arrow_to_contract_frame(table: pa.Table) -> pd.DataFrame:
    """A validated Arrow table as the pandas backend returns it (same dtypes)."""
    columns: dict[str, Any] = {}
    for name in table.column_names:
        column = table.column(name)
        if name in _CODED_DTYPES:
            values = pd.Series(column.to_pandas()).astype(object)
            columns[name] = pd.Categorical(values, dtype=_CODED_DTYPES[name])
        elif _arrow_kind(column.type) == "text" or name in _TEXT_COLUMNS:
            text = column.cast(pa.string())
            columns[name] = pd.array(text, dtype=_TEXT_DTYPE)
        elif name in {"date", "end_date"}:
            columns[name] = column.to_numpy(zero_copy_only=False).astype("datetime64[ns]")
        else:
            columns[name] = column.to_numpy(zero_copy_only=False)
    return pd.DataFrame(columns)[list(OBSERVATION_COLUMNS)]


def observation_table(
    observations: pd.DataFrame | pa.Table,
    *,
    metrics: Sequence[MetricSpec] = DEFAULT_METRICS,
    where: str | None = None,
) -> tuple[ObservationTable, pd.DataFrame, np.ndarray]:
    """Validate observations (quarantine) into an :class:`ObservationTable`.

    A typed Arrow table (see :func:`arrow_fast_path`) is validated in Arrow; anything
    else (a DataFrame, text dates or numbers) by the pandas backend, whose result is
    then held in Arrow. Both run :data:`OBSERVATION_RULES`.

    Returns:
        The accepted rows, the failure cases (``row`` = position in ``observations``)
        and the positions of the accepted rows.
    """
    n = observations.num_rows if isinstance(observations, pa.Table) else len(observations)
    if isinstance(observations, pa.Table) and arrow_fast_path(observations):
        accepted, cases = validate_arrow_observations(observations, metrics=metrics, where=where)
        keep = np.ones(n, dtype=bool)
        keep[cases["row"].dropna().to_numpy(dtype="int64")] = False
        return accepted, cases, np.flatnonzero(keep)
    frame = observations.to_pandas() if isinstance(observations, pa.Table) else observations
    result = validate_observations(frame, metrics=metrics, on_invalid="quarantine", where=where)
    positions = result.table.index.to_numpy(dtype="int64")
    arrow = pa.Table.from_pandas(result.table.reset_index(drop=True), preserve_index=False)
    return ObservationTable(arrow, tuple(metrics), _SEAL), result.rejected, positions


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports  # noqa: E402

check_exports(globals())
