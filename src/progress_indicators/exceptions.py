"""The exceptions of progress_indicators.

Every exception derives from :class:`ProgressIndicatorsError` *and* from the matching
built-in (as attrs does with ``FrozenError(AttributeError)``), so callers can catch either.
Messages say what went wrong, where (file, row, column), what was expected and what
arrived, and end with a ``Hint:`` line when there is a likely fix.

Warnings derive from :class:`ProgressIndicatorsWarning` (a ``UserWarning``): a result that
is valid but probably not what the caller meant (an index with no value in any period,
evidence mostly excluded, an indicator resting on one metric). Each says why and ends with
a ``Hint:`` line; filter them by class with :mod:`warnings`.

Table errors carry every bad row at once in a tidy ``failure_cases`` DataFrame (as
pandera's lazy validation does) with the columns ``row, column, check, value, reason``.
The error never keeps a reference to the caller's DataFrame.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AccountingError",
    "ConfigError",
    "CoverageWarning",
    "DataFileError",
    "ExclusionWarning",
    "HumanitarianInScoringError",
    "InputTypeError",
    "ProgressIndicatorsError",
    "ProgressIndicatorsWarning",
    "Reason",
    "ReportError",
    "SchemaError",
    "ScoringError",
    "SingleMetricWarning",
    "SourceCheckError",
    "SourceLoadError",
    "StoreError",
    "StoreLockedError",
    "StoreOrderError",
    "StoreSchemaError",
    "ValidationError",
    "did_you_mean",
]

FAILURE_CASE_COLUMNS = ("row", "column", "check", "value", "reason")


class Reason(enum.StrEnum):
    """Why a row or a column was rejected: the ``reason`` codes of ``failure_cases``."""

    MISSING_COLUMN = "missing_column"
    MISSING_VALUE = "missing_value"
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNKNOWN_VERIFICATION = "unknown_verification"
    UNKNOWN_KIND = "unknown_kind"
    INVALID_RELIABILITY = "invalid_reliability"
    INVALID_CREDIBILITY = "invalid_credibility"
    UNPARSEABLE_DATE = "unparseable_date"
    IMPRECISE_DATE = "imprecise_date"  # a month or year where a day is due (issue #18)
    END_BEFORE_START = "end_before_start"
    NOT_A_NUMBER = "not_a_number"
    NON_FINITE_VALUE = "non_finite_value"
    NEGATIVE_COUNT = "negative_count"
    OUT_OF_RANGE = "out_of_range"
    DUPLICATE_ID = "duplicate_id"
    HUMANITARIAN_EVENT = "humanitarian_event"
    UNKNOWN_FIELD = "unknown_field"
    MALFORMED_RECORD = "malformed_record"


class ProgressIndicatorsError(Exception):
    """Base of every error raised by progress_indicators."""


class AccountingError(ProgressIndicatorsError, AssertionError):
    """A source lost rows: ``read != accepted + rejected + routed + skipped`` (an adapter bug)."""


class ConfigError(ProgressIndicatorsError, ValueError):
    """A configuration value is invalid (bad YAML/JSON, unknown setting, bad weight)."""


class ReportError(ProgressIndicatorsError, ValueError):
    """A report, plot, explanation or export was asked for something the scorecard lacks.

    Examples: a period outside the scored span, an unknown plot kind, an export target
    that is a file where a folder is due.
    """


class SchemaError(ProgressIndicatorsError, ValueError):
    """A table lacks required columns or has the wrong shape as a whole."""


class ScoringError(ProgressIndicatorsError, ValueError):
    """Data handed to scoring cannot be scored as asked (zero in a geometric mean, ...)."""


class DataFileError(ProgressIndicatorsError, OSError):
    """A data file cannot be read: missing, empty, truncated, wrong format or encoding."""


class HumanitarianInScoringError(ProgressIndicatorsError, TypeError):
    """A humanitarian event was handed to scoring as if it were evidence of progress.

    Humanitarian events (prisoner exchanges, body repatriations, child returns ...) are
    kept in a separate ledger and can never move the Verified Progress Index. Pass them
    as ``humanitarian=`` to :func:`progress_indicators.score` instead.

    Attributes:
        failure_cases: the offending rows (same columns as
            :attr:`ValidationError.failure_cases`), or ``None`` when a whole table or
            record was of the wrong type.
    """

    def __init__(self, message: str, *, failure_cases: pd.DataFrame | None = None) -> None:
        self.failure_cases = failure_cases
        super().__init__(message)


class InputTypeError(ProgressIndicatorsError, TypeError):
    """An argument is of a type the library cannot read (e.g. a list where a table is due)."""


class StoreError(ProgressIndicatorsError, OSError):
    """The evidence store cannot be used: missing or damaged file, failed database call."""


class StoreLockedError(StoreError, TimeoutError):
    """Another process kept the evidence store locked for longer than the timeout."""


class StoreSchemaError(StoreError):
    """The store was written with a schema version this library cannot read or migrate."""


class StoreOrderError(StoreError, ValueError):
    """An append would rewrite the past: ``recorded_at`` is before the store's last batch."""


class SourceLoadError(ProgressIndicatorsError, ImportError):
    """An evidence-source plugin could not be found or loaded."""


class SourceCheckError(ProgressIndicatorsError, AssertionError):
    """An evidence source broke the source contract (raised by ``testing.check_source``).

    Attributes:
        problems: every broken rule found, one message each.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"source {source!r} fails {len(self.problems)} contract check(s):\n{lines}"
        )


class ValidationError(ProgressIndicatorsError, ValueError):
    """One or more rows of a table failed validation.

    Attributes:
        failure_cases: one row per failed check, columns ``row`` (position in the
            input, 0-based), ``column``, ``check``, ``value`` (as text) and ``reason``
            (a :class:`Reason` value).
        table: which table was being validated (e.g. ``"observations"``).
    """

    def __init__(
        self,
        failure_cases: pd.DataFrame,
        *,
        table: str,
        where: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.failure_cases = failure_cases
        self.table = table
        self.where = where
        self.hint = hint
        super().__init__(self._message())

    def _message(self) -> str:
        cases = self.failure_cases
        n_rows = cases["row"].dropna().nunique()
        location = f" in {self.where}" if self.where else ""
        head = (
            f"{len(cases)} failed check(s) on {n_rows} row(s) of the {self.table} table{location}."
        )
        shown = cases.head(10)
        lines = [
            f"  row {_fmt_row(r.row)}, column {r.column!r}: {r.check} (got {r.value!r}) "
            f"[{r.reason}]"
            for r in shown.itertuples(index=False)
        ]
        if len(cases) > len(shown):
            lines.append(f"  ... and {len(cases) - len(shown)} more (see .failure_cases)")
        text = "\n".join([head, *lines])
        if self.hint:
            text += f"\nHint: {self.hint}"
        return text


class ProgressIndicatorsWarning(UserWarning):
    """Base of every warning issued by progress_indicators.

    A warning marks a result that is valid but probably not what was meant. Silence one
    kind with ``warnings.filterwarnings("ignore", category=pi.SingleMetricWarning)``, or
    turn them all into errors with ``category=pi.ProgressIndicatorsWarning``.
    """


class CoverageWarning(ProgressIndicatorsWarning):
    """The index, or an indicator, has no value in any scored period.

    Missing is never zero: such a scorecard is valid, but ``card.latest()`` is empty and
    every chart is a gap. The message says which evidence was excluded and why.
    """


class ExclusionWarning(ProgressIndicatorsWarning):
    """Most of the observations did not feed the verified index (see ``card.excluded``).

    Typical causes: metric names that the config does not define, a verification
    threshold above the grades of the evidence, or a ``start``/``end`` outside its dates.
    """


class SingleMetricWarning(ProgressIndicatorsWarning):
    """An indicator's score rests on one metric in every period where it has a score.

    One source's error then moves the indicator alone, with nothing to cross-check it.
    """


def _fmt_row(row: object) -> str:
    """Show a row position, or ``-`` for column-level failures."""
    try:
        return str(int(row))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "-"


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """Return a ``Did you mean ...?`` hint for ``name`` among ``candidates``, if any is close.

    Examples:
        >>> did_you_mean("indicatr", ["indicator", "metric"])
        "Did you mean 'indicator'?"
        >>> did_you_mean("zzz", ["indicator"]) is None
        True

    Raises:
        InputTypeError: ``name`` is not text, or ``candidates`` is not a collection of text.
    """
    options = list(candidates) if isinstance(candidates, Iterable) else None
    if (
        not isinstance(name, str)
        or isinstance(candidates, (str, bytes))
        or options is None
        or not all(isinstance(c, str) for c in options)
    ):
        msg = (
            "did_you_mean: expected a name (text) and candidates (a list of text), got "
            f"name={type(name).__name__} and candidates={type(candidates).__name__}.\n"
            'Hint: did_you_mean("indicatr", ["indicator", "metric"]).'
        )
        raise InputTypeError(msg)
    close = difflib.get_close_matches(name, options, n=3, cutoff=0.6)
    if not close:
        return None
    if len(close) == 1:
        return f"Did you mean {close[0]!r}?"
    return "Did you mean one of " + ", ".join(repr(c) for c in close) + "?"
