"""The ``osce_smm`` source: OSCE SMM ceasefire-violation tables (Minsk era, 2014-2022).

Reads either layout found in the shared extracts:

* the SMM daily-report table: ``report_no, period_start, period_end, region,
  ceasefire_violations, explosions, source_url``;
* the compiled Minsk-era table: ``period_start, period_end, violations, explosions,
  region, source, notes``.

Each row becomes one ``ceasefire_violations_per_day`` observation (cessation of
attacks) = violations / days of the span, with the span as ``date``..``end_date``.

Span rule (the same as the bundled example's): a single-region row of 1-4 days is a
daily-report window running from the evening (19:30 EET) of ``period_start`` to the
evening of ``period_end``; it is attributed to the days after ``period_start`` up to
``period_end`` (``days = end - start``), so consecutive reports never share a day. Any
other row (``Donetsk+Luhansk`` totals, months, years, "since" windows) is a calendar
span, inclusive of both ends (``days = end - start + 1``).

Verification rule: ``verified``, reliability ``A``, credibility ``2``: the count is the
monitors' own observation (SMM counts do not attribute violations to a side).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd

from progress_indicators.exceptions import Reason, SchemaError
from progress_indicators.model import Indicator
from progress_indicators.model._bounded import byte_limit, path_argument
from progress_indicators.sources._base import Coverage, Evidence, build_evidence
from progress_indicators.sources._io import (
    OUTSIDE_SPAN,
    checked_path,
    file_provenance,
    read_table,
    within_span,
)
from progress_indicators.sources._mapping import FieldMapping
from progress_indicators.validation import coerce_dates

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from progress_indicators.validation import OnInvalid

__all__ = ["OsceSmmSource"]

_VIOLATIONS = ("ceasefire_violations", "violations")
_RECORD = ("source_url", "source")
_REQUIRED = ("period_start", "period_end", "region")
_MAX_DAILY_WINDOW = 4
_LAYOUT = (*_REQUIRED, *_VIOLATIONS, *_RECORD, "explosions", "notes", "report_no")


def _failures(
    mask: pd.Series, column: str, check: str, raw: pd.Series, reason: Reason
) -> pd.DataFrame:
    rows = mask[mask].index
    return pd.DataFrame(
        {
            "row": pd.array(rows.to_numpy(dtype="int64"), dtype="Int64"),
            "column": column,
            "check": check,
            "value": raw.loc[rows].astype("string").to_numpy(dtype=object),
            "reason": reason.value,
        }
    )


def _slug(text: pd.Series) -> pd.Series:
    slug: pd.Series = (
        text.astype("string").str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-")
    )
    return slug


class OsceSmmSource:
    """Ceasefire violations per day from OSCE SMM tables.

    Args:
        path: a CSV in either layout described in the module docstring.
        max_bytes: refuse files larger than this.
        columns: ``{layout column: file column}`` for a file naming columns otherwise.
        values: ``{layout column: {file value: layout value}}`` for other spellings
            (e.g. region names), recorded in the provenance.
    """

    name: ClassVar[str] = "osce_smm"
    description: ClassVar[str] = (
        "OSCE SMM ceasefire-violation counts (Minsk era) -> ceasefire violations per day; "
        "verified (the monitors' own observation)."
    )
    metric: ClassVar[str] = "ceasefire_violations_per_day"

    def __init__(
        self,
        path: str | Path,
        *,
        max_bytes: int | None = None,
        columns: Mapping[str, str] | None = None,
        values: Mapping[str, Mapping[str, str | None]] | None = None,
    ) -> None:
        self.path = path_argument(path)  # checked type (#16)
        self.max_bytes = byte_limit(max_bytes)  # checked type (#16)
        self.mapping = FieldMapping(columns=columns, values=values)
        self.mapping.check(_LAYOUT, what="OSCE SMM source")

    def __repr__(self) -> str:
        return f"OsceSmmSource({str(self.path)!r})"

    @property
    def indicators(self) -> frozenset[Indicator]:
        """Cessation of attacks only."""
        return frozenset({Indicator.CESSATION_OF_ATTACKS})

    @property
    def coverage(self) -> Coverage:
        """The mission's span: first report 2014-03-21, mandate ended 2022-03-31."""
        return Coverage(
            start=dt.date(2014, 3, 21),
            end=dt.date(2022, 3, 31),
            area="Donetsk and Luhansk regions, both sides of the contact line",
        )

    def read(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        on_invalid: OnInvalid = "raise",
    ) -> Evidence:
        """Read the table into ``ceasefire_violations_per_day`` observations.

        Raises:
            DataFileError: the file is missing, empty or unreadable.
            SchemaError: the file has neither layout's columns.
            ValidationError: in ``raise`` mode, when any row fails a check.
        """
        path = checked_path(self.path, what="OSCE SMM table", max_bytes=self.max_bytes)
        raw, counts = self.mapping.apply(
            read_table(path, fmt="csv", max_bytes=self.max_bytes).reset_index(drop=True)
        )
        columns = set(raw.columns)
        violations_col = next((c for c in _VIOLATIONS if c in columns), None)
        missing = [c for c in _REQUIRED if c not in columns]
        if violations_col is None:
            missing.append(" or ".join(_VIOLATIONS))
        if missing:
            msg = (
                f"{path.name} is not an OSCE SMM ceasefire-violation table: missing "
                f"columns {missing} (it has {sorted(columns)}).\n"
                "Hint: see docs/sources/osce_smm.md."
            )
            raise SchemaError(msg)
        assert violations_col is not None
        record_col = next((c for c in _RECORD if c in columns), None)

        first = coerce_dates(raw["period_start"])
        last = coerce_dates(raw["period_end"])
        count = pd.to_numeric(raw[violations_col], errors="coerce")
        region = raw["region"].astype("string").str.strip()
        problems = []
        for column, parsed in (("period_start", first), ("period_end", last)):
            empty = raw[column].isna()
            problems += [
                _failures(empty, column, "is not empty", raw[column], Reason.MISSING_VALUE),
                _failures(
                    parsed.isna() & ~empty,
                    column,
                    "is a date (YYYY-MM-DD)",
                    raw[column],
                    Reason.UNPARSEABLE_DATE,
                ),
            ]
        problems += [
            _failures(
                last < first,
                "period_end",
                "period_end >= period_start",
                raw["period_end"],
                Reason.END_BEFORE_START,
            ),
            _failures(
                raw[violations_col].isna(),
                violations_col,
                "is not empty",
                raw[violations_col],
                Reason.MISSING_VALUE,
            ),
            _failures(
                count.isna() & raw[violations_col].notna(),
                violations_col,
                "is a number",
                raw[violations_col],
                Reason.NOT_A_NUMBER,
            ),
            _failures(region.isna(), "region", "is not empty", raw["region"], Reason.MISSING_VALUE),
        ]
        rejected = pd.concat([p for p in problems if len(p)] or [problems[0]], ignore_index=True)
        bad = raw.index.isin(rejected["row"].dropna().astype("int64"))

        length = (last - first).dt.days
        daily_window = ~region.str.contains("+", regex=False, na=False) & length.between(
            1, _MAX_DAILY_WINDOW
        )
        obs_start = first + pd.to_timedelta(daily_window.astype("int64"), unit="D")
        days = length + 1 - daily_window.astype("int64")
        value = count / days.where(days > 0)
        with np.errstate(invalid="ignore"):
            detail = (
                count.astype("string") + " violations over " + days.astype("string") + " day(s)"
            )
        notes = (
            raw["notes"].astype("string")
            if "notes" in columns
            else pd.Series(pd.NA, index=raw.index, dtype="string")
        )
        detail = detail.where(notes.isna() | (notes.str.strip() == ""), detail + "; " + notes)
        record = raw[record_col].astype("string") if record_col else pd.NA
        if "report_no" in columns:
            record = ("SMM Daily Report " + raw["report_no"].astype("string") + ": ").fillna(
                ""
            ) + record
        mapped = pd.DataFrame(
            {
                "observation_id": "osce-smm-"
                + _slug(region).fillna("unknown")
                + "-"
                + obs_start.dt.strftime("%Y-%m-%d").fillna("nodate")
                + "-"
                + last.dt.strftime("%Y-%m-%d").fillna("nodate"),
                "indicator": Indicator.CESSATION_OF_ATTACKS.value,
                "metric": self.metric,
                "date": obs_start,
                "end_date": last,
                "value": value,
                "unit": "violations/day",
                "source": "OSCE SMM",
                "verification": "verified",
                "reliability": "A",
                "credibility": 2,
                "region": region,
                "source_record": record,
                "notes": detail,
            },
            index=raw.index,
        )
        inside = within_span(mapped["date"], start, end) | bad
        keep = inside & ~bad
        outside = int((~inside).sum())
        return build_evidence(
            source=self.name,
            read=len(raw),
            observations=mapped[keep],
            rejected=rejected,
            skipped={OUTSIDE_SPAN: outside} if outside else None,
            on_invalid=on_invalid,
            where=path.name,
            provenance={
                **file_provenance(path),
                "layout": violations_col,
                **self.mapping.provenance(counts),
            },
        )
