"""Vectorised validation of the observation and humanitarian tables.

Every check runs over whole columns (no per-row pydantic models on the bulk path). All
failures are collected before anything is raised, so one error lists every bad row, in
a ``failure_cases`` DataFrame with the columns ``row, column, check, value, reason``.
Every row read is either accepted or rejected: ``read == accepted + rejected`` (sources
add ``routed`` for rows they send to the humanitarian ledger).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Literal

import attrs
import numpy as np
import pandas as pd

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
    "validate_humanitarian",
    "validate_observations",
]

OnInvalid = Literal["raise", "quarantine"]

INDICATOR_DTYPE = pd.CategoricalDtype([i.value for i in Indicator])
KIND_DTYPE = pd.CategoricalDtype([k.value for k in HumanitarianKind])
RELIABILITY_DTYPE = pd.CategoricalDtype([r.value for r in Reliability], ordered=True)
VERIFICATION_DTYPE = pd.CategoricalDtype(
    [v.value for v in sorted(Verification, key=lambda v: (v.rank, v.value))], ordered=True
)
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


def _as_frame(frame: object, table: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        msg = (
            f"the {table} table must be a pandas DataFrame (got {type(frame).__name__}).\n"
            "Hint: read files with a source (pi.load_source) or pandas first."
        )
        raise InputTypeError(msg)
    out = frame.reset_index(drop=True)
    # Categorical columns (e.g. a table validated before, such as Evidence.observations)
    # are read as their values, so they can be re-validated and re-normalised.
    categorical = [c for c in out.columns if isinstance(out[c].dtype, pd.CategoricalDtype)]
    if categorical:
        out = out.astype(dict.fromkeys(categorical, object))
    return out


def _text(series: pd.Series) -> pd.Series:
    """Strip text; empty strings become missing."""
    text = series.astype("string").str.strip()
    return text.mask(text == "")


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
    text = _text(raw[column])
    text = text.str.upper() if upper else text.str.lower()
    out[column] = text
    bad = ~text.isin(allowed)
    failures.add(bad, column, f"one of {', '.join(allowed)}", raw[column], reason)
    return bad


def _check_number(
    raw: pd.DataFrame, column: str, failures: _Failures, *, required: bool
) -> pd.Series:
    original = raw[column]
    numbers = pd.to_numeric(original, errors="coerce").astype("float64")
    missing = original.isna() | (original.astype("string").str.strip() == "")
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
    missing = raw[column].isna() | (raw[column].astype("string").str.strip() == "")
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
    accepted = out.drop(index=pd.Index(bad_rows))
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
    parse and ``end_date >= date``; ``value`` a finite number within the metric's
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
    raw = _as_frame(frame, "observations")
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

    indicator = _text(raw["indicator"]).str.lower()
    metric_lower = out["metric"].str.lower()
    as_event = indicator.isin(_HUMANITARIAN_NAMES) | metric_lower.isin(_HUMANITARIAN_NAMES)
    failures.add(
        as_event,
        "indicator",
        "is not a humanitarian event",
        raw["indicator"].where(indicator.isin(_HUMANITARIAN_NAMES), raw["metric"]),
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
    lower = out["metric"].map({m.name: m.minimum for m in metrics}).astype("float64")
    upper = out["metric"].map({m.name: m.maximum for m in metrics}).astype("float64")
    below = out["value"] < lower
    counts = out["metric"].isin([m.name for m in metrics if m.kind == "count"])
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
    raw = _as_frame(frame, "humanitarian")
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
