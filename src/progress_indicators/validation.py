"""Vectorised validation of the observation and humanitarian tables.

Every check runs over whole columns (no per-row pydantic models on the bulk path). All
failures are collected before anything is raised, so one error lists every bad row, in
a ``failure_cases`` DataFrame with the columns ``row, column, check, value, reason``.
Every row read is either accepted or rejected: ``read == accepted + rejected`` (sources
add ``routed`` for rows they send to the humanitarian ledger).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
import numpy as np
import pandas as pd
import pyarrow as pa

from progress_indicators.exceptions import (
    FAILURE_CASE_COLUMNS,
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
    "RELIABILITY_DTYPE",
    "VERIFICATION_DTYPE",
    "OnInvalid",
    "Validated",
    "coerce_dates",
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
"""Largest count stored exactly (counts above it are data errors, not persons)."""

_HUMANITARIAN_NAMES = frozenset(k.value for k in HumanitarianKind)


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
        fmt: the ``pandas.to_datetime`` format (``ISO8601`` by default).
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        parsed = values.dt.tz_convert("UTC").dt.tz_localize(None)
    elif pd.api.types.is_datetime64_dtype(values.dtype):
        parsed = values
    else:
        text = values.astype("string").str.strip()
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


def _check_columns(
    frame: pd.DataFrame, required: Sequence[str], table: str, where: str | None
) -> None:
    missing = [c for c in required if c not in frame.columns]
    if not missing:
        return
    failures = _Failures()
    present = [str(c) for c in frame.columns]
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
        out[column] = _text(raw[column])
        failures.add(out[column].isna(), column, "is not empty", raw[column], Reason.MISSING_VALUE)


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


def _dates(
    out: pd.DataFrame, raw: pd.DataFrame, column: str, failures: _Failures, *, required: bool
) -> None:
    parsed = _parse_dates(raw[column])
    missing = _blank(raw[column])
    failures.add(
        parsed.isna() & ~missing,
        column,
        "is a date (YYYY-MM-DD)",
        raw[column],
        Reason.UNPARSEABLE_DATE,
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
    if on_invalid not in ("raise", "quarantine"):
        msg = f"on_invalid must be 'raise' or 'quarantine' (got {on_invalid!r})"
        raise ValueError(msg)
    accepted = out.drop(index=pd.Index(bad_rows)) if len(bad_rows) else out
    accounting = {
        "read": len(out),
        "accepted": len(accepted),
        "rejected": len(bad_rows),
        "routed": 0,
    }
    return Validated(table=accepted, rejected=cases, accounting=accounting)


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
    _check_columns(raw, OBSERVATION_REQUIRED, "observations", where)
    for column in OBSERVATION_COLUMNS:
        if column not in raw.columns:
            raw[column] = pd.NA
    failures = _Failures()
    out = pd.DataFrame(index=raw.index)
    _check_text(out, raw, ("observation_id", "metric", "unit", "source"), failures)

    indicator = _normalised(raw["indicator"])
    metric_lower = out["metric"].str.lower()
    as_event = indicator.isin(_HUMANITARIAN_NAMES) | metric_lower.isin(_HUMANITARIAN_NAMES)
    if as_event.any():
        named = indicator.astype("string")
        failures.add(
            as_event,
            "indicator",
            "is not a humanitarian event",
            named.where(named.isin(_HUMANITARIAN_NAMES), out["metric"]),
            Reason.HUMANITARIAN_EVENT,
        )
    failures.add(
        ~indicator.isin([i.value for i in Indicator]) & ~as_event,
        "indicator",
        "one of " + ", ".join(i.value for i in Indicator),
        raw["indicator"],
        Reason.UNKNOWN_INDICATOR,
    )
    out["indicator"] = indicator
    _dates(out, raw, "date", failures, required=True)
    out["value"] = _check_number(raw, "value", failures, required=True)
    _check_bounds(out, raw, metrics, failures)
    _check_enum(
        out,
        raw,
        "verification",
        [v.value for v in Verification],
        Reason.UNKNOWN_VERIFICATION,
        failures,
    )
    _check_enum(
        out,
        raw,
        "reliability",
        [r.value for r in Reliability],
        Reason.INVALID_RELIABILITY,
        failures,
        upper=True,
    )
    credibility = pd.to_numeric(raw["credibility"], errors="coerce")
    failures.add(
        ~credibility.isin(range(1, 7)),
        "credibility",
        "an integer 1-6",
        raw["credibility"],
        Reason.INVALID_CREDIBILITY,
    )
    out["credibility"] = credibility
    _dates(out, raw, "end_date", failures, required=False)
    failures.add(
        out["end_date"] < out["date"],
        "end_date",
        "end_date >= date",
        raw["end_date"],
        Reason.END_BEFORE_START,
    )
    for column, limit in (("latitude", 90.0), ("longitude", 180.0)):
        numbers = _check_number(raw, column, failures, required=False)
        failures.add(
            numbers.abs() > limit,
            column,
            f"between -{limit} and {limit}",
            raw[column],
            Reason.OUT_OF_RANGE,
        )
        out[column] = numbers
    for column in ("region", "source_record", "notes"):
        out[column] = _text(raw[column])
    failures.add(
        out["observation_id"].duplicated(keep="first") & out["observation_id"].notna(),
        "observation_id",
        "is unique",
        raw["observation_id"],
        Reason.DUPLICATE_ID,
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
    failures.add(below & counts, "value", ">= 0 for a count", raw["value"], Reason.NEGATIVE_COUNT)
    failures.add(
        below & ~counts, "value", ">= the metric's minimum", raw["value"], Reason.OUT_OF_RANGE
    )
    failures.add(
        out["value"] > upper, "value", "<= the metric's maximum", raw["value"], Reason.OUT_OF_RANGE
    )


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
    _check_columns(raw, HUMANITARIAN_REQUIRED, "humanitarian", where)
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
        failures.add(numbers > _MAX_COUNT, column, "<= 2**53", raw[column], Reason.OUT_OF_RANGE)
        failures.add(
            numbers.notna() & (numbers != np.floor(numbers)),
            column,
            "a whole number",
            raw[column],
            Reason.NOT_A_NUMBER,
        )
        out[column] = numbers.where(numbers <= _MAX_COUNT)
    _check_enum(
        out,
        raw,
        "verification",
        [v.value for v in Verification],
        Reason.UNKNOWN_VERIFICATION,
        failures,
    )
    for column in ("mediator", "notes", "framework", "counts_reported_by"):
        out[column] = _text(raw[column])
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


# -- observation tables on other engines (polars, pyarrow, DuckDB, Dask, PySpark) ---------


def _engine_checks(
    names: Sequence[str], metrics: Sequence[MetricSpec]
) -> dict[tuple[str, str, Reason], Any]:
    """One narwhals expression per check, True where a row fails it."""
    import narwhals as nw  # noqa: PLC0415 (light, but only needed for engine frames)

    def text(column: str) -> Any:
        return nw.col(column).cast(nw.String)

    value = nw.col("value").cast(nw.Float64)
    checks: dict[tuple[str, str, Reason], Any] = {}
    for column in ("observation_id", "metric", "unit", "source"):
        checks[column, "is not empty", Reason.MISSING_VALUE] = nw.col(column).is_null()
    indicators = [i.value for i in Indicator]
    checks["indicator", "one of " + ", ".join(indicators), Reason.UNKNOWN_INDICATOR] = (
        ~text("indicator").is_in(indicators) | nw.col("indicator").is_null()
    )
    human = sorted(_HUMANITARIAN_NAMES)
    checks["metric", "not a humanitarian kind", Reason.HUMANITARIAN_EVENT] = text("metric").is_in(
        human
    ) | text("indicator").is_in(human)
    grades = [v.value for v in Verification]
    checks["verification", "one of " + ", ".join(grades), Reason.UNKNOWN_VERIFICATION] = (
        ~text("verification").is_in(grades) | nw.col("verification").is_null()
    )
    letters = [r.value for r in Reliability]
    checks["reliability", "one of " + ", ".join(letters), Reason.INVALID_RELIABILITY] = (
        ~text("reliability").is_in(letters) | nw.col("reliability").is_null()
    )
    credibility = nw.col("credibility").cast(nw.Float64)
    checks["credibility", "an integer 1-6", Reason.INVALID_CREDIBILITY] = (
        ~credibility.is_in([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]) | nw.col("credibility").is_null()
    )
    checks["date", "is not empty", Reason.MISSING_VALUE] = nw.col("date").is_null()
    checks["value", "is not empty", Reason.MISSING_VALUE] = nw.col("value").is_null()
    checks["value", "is finite", Reason.NON_FINITE_VALUE] = ~value.is_finite()
    below = [
        (nw.col("metric") == m.name) & (value < m.minimum) for m in metrics if m.minimum is not None
    ]
    above = [
        (nw.col("metric") == m.name) & (value > m.maximum) for m in metrics if m.maximum is not None
    ]
    if below:
        checks["value", ">= the metric's minimum", Reason.OUT_OF_RANGE] = nw.any_horizontal(
            *below, ignore_nulls=True
        )
    if above:
        checks["value", "<= the metric's maximum", Reason.OUT_OF_RANGE] = nw.any_horizontal(
            *above, ignore_nulls=True
        )
    if "end_date" in names:
        checks["end_date", "end_date >= date", Reason.END_BEFORE_START] = nw.col(
            "end_date"
        ) < nw.col("date")
    return {key: expr.fill_null(value=False) for key, expr in checks.items()}


def validate_engine_observations(
    frame: Any, *, metrics: Sequence[MetricSpec] = DEFAULT_METRICS, where: str | None = None
) -> int:
    """Validate an observation table held by another engine, on that engine.

    The checks of :func:`validate_observations` run as one aggregation on the engine
    (counts of failing rows per check, plus a group-by for duplicate ids); only when a
    check fails are the failing rows collected, to list them. The engine path does not
    normalise values, so it is stricter than the pandas path: text must already be in
    the validator's form (lower-case indicator, metric and grade, upper-case
    reliability), and ``date``/``end_date`` must be date or datetime columns.

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
        InputTypeError: ``date`` or ``end_date`` is not a date column, or ``value`` is a
            boolean column.
    """
    import narwhals as nw  # noqa: PLC0415 (light, but only needed for engine frames)

    data = nw.from_native(frame)
    schema = data.collect_schema()
    names = schema.names()
    _check_columns(pd.DataFrame(columns=names), OBSERVATION_REQUIRED, "observations", where)
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
    if "value" in schema and schema["value"] == nw.Boolean:
        msg = (
            f"column 'value' of the observation frame holds true/false, not numbers, in "
            f"{where or 'the frame'}.\nHint: a count, share or area must be a number; "
            "cast it on the engine first if 1/0 is really meant."
        )
        raise InputTypeError(msg)
    checks = _engine_checks(names, metrics)
    labels = [f"check_{i}" for i in range(len(checks))]
    exprs = [e.alias(label) for e, label in zip(checks.values(), labels, strict=True)]
    totals = (
        data.select(nw.len().alias("rows"), *(e.cast(nw.Int64).sum() for e in exprs))
        .lazy()
        .collect()
    )
    counts = totals.to_pandas().iloc[0]
    duplicates = (
        data.group_by("observation_id")
        .agg(nw.len().alias("n"))
        .filter(nw.col("n") > 1)
        .lazy()
        .collect()
        .to_pandas()
    )
    if not (counts[labels] > 0).any() and duplicates.empty:
        return int(counts["rows"])
    bad = data.filter(nw.any_horizontal(*exprs, ignore_nulls=True)).with_columns(*exprs)
    rows = bad.lazy().collect().to_pandas()
    parts = []
    for (column, check, reason), label in zip(checks, labels, strict=True):
        hit = rows[rows[label].to_numpy(dtype=bool)]
        if len(hit):
            parts.append(
                pd.DataFrame(
                    {
                        "row": pd.array([pd.NA] * len(hit), dtype="Int64"),
                        "column": column,
                        "check": check,
                        "value": hit[column].astype("string").to_numpy(dtype=object),
                        "reason": reason.value,
                        "observation_id": hit["observation_id"].astype(str).to_numpy(),
                    }
                )
            )
    if len(duplicates):
        ids = duplicates["observation_id"].astype(str).to_numpy()
        parts.append(
            pd.DataFrame(
                {
                    "row": pd.array([pd.NA] * len(ids), dtype="Int64"),
                    "column": "observation_id",
                    "check": "is unique",
                    "value": ids,
                    "reason": Reason.DUPLICATE_ID.value,
                    "observation_id": ids,
                }
            )
        )
    cases = pd.concat(parts, ignore_index=True)
    human = cases[cases["reason"] == Reason.HUMANITARIAN_EVENT.value]
    if len(human):
        msg = (
            f"{len(human)} row(s) of the observation frame are humanitarian events (e.g. "
            f"observation {human['observation_id'].iloc[0]!r}: {human['value'].iloc[0]!r}). "
            "Humanitarian events are kept in a separate ledger and never move the Verified "
            "Progress Index.\nHint: pass them as humanitarian=... instead."
        )
        raise HumanitarianInScoringError(msg, failure_cases=human)
    raise ValidationError(
        cases,
        table="observations",
        where=where,
        hint="rows of an engine frame have no position; .failure_cases names each observation_id.",
    )
