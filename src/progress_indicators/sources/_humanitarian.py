"""The ``humanitarian`` source: a ledger CSV in the humanitarian table contract.

Every valid row is *routed* to :attr:`Evidence.humanitarian`; the source supplies no
indicator and no observation, so nothing it reads can reach scoring. Verification rule:
the grade recorded in the ledger (or a ``verification=`` constant); none is assigned.

Ledgers compiled elsewhere are read with the mapping every file source takes
(``columns=``, ``values=``, constants; ``kinds=`` is short for ``values={"kind": ...}``),
recorded in the provenance. Optional columns (``mediator``, ``notes``, ``framework``,
``counts_reported_by``) may be absent. A date of month or year precision (``2022-06``)
is rejected (``imprecise_date``): a ledger event happens on a day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

from progress_indicators.exceptions import ConfigError
from progress_indicators.model import HUMANITARIAN_COLUMNS, Indicator
from progress_indicators.model._bounded import byte_limit, path_argument
from progress_indicators.sources._base import (
    Coverage,
    Evidence,
    build_evidence,
    empty_observations,
)
from progress_indicators.sources._io import (
    OUTSIDE_SPAN,
    checked_path,
    file_provenance,
    table_format,
    within_span,
)
from progress_indicators.sources._mapping import FieldMapping, map_contract, read_records

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
    from pathlib import Path

    from progress_indicators.validation import OnInvalid

__all__ = ["HumanitarianLedgerSource"]


class HumanitarianLedgerSource:
    """Humanitarian events (exchanges, repatriations, returns) from a ledger table.

    Args:
        path: a CSV (or Parquet/Excel) file with the humanitarian contract's columns
            (``event_id, date, kind, returned_to_ukraine, returned_to_russia, source,
            verification`` and optionally ``mediator``, ``notes``, ``framework``,
            ``counts_reported_by``).
        columns: ``{contract column: file column}`` for ledgers named differently.
        values: ``{contract column: {file value: contract value}}`` for other
            spellings (matched without case or surrounding spaces).
        kinds: short for ``values={"kind": kinds}``, e.g.
            ``{"pow_and_civilian_exchange": "pow_exchange"}``.
        id_prefix: prefix of generated ``event_id`` values when the file has none.
        max_bytes: refuse files larger than this.
        **constants: contract columns with one value for every row (``source=`` ...).
    """

    name: ClassVar[str] = "humanitarian"
    description: ClassVar[str] = (
        "Humanitarian ledger (exchanges, repatriations, returns) in the ledger contract; "
        "every row is routed to the ledger, never scored."
    )

    def __init__(
        self,
        path: str | Path,
        *,
        columns: Mapping[str, str] | None = None,
        values: Mapping[str, Mapping[str, str | None]] | None = None,
        kinds: Mapping[str, str | None] | None = None,
        id_prefix: str | None = None,
        max_bytes: int | None = None,
        **constants: Any,
    ) -> None:
        self.path = path_argument(path)  # checked type (#16)
        self.columns = dict(columns or {})
        self.id_prefix = id_prefix
        self.max_bytes = byte_limit(max_bytes)  # checked type (#16)
        self.constants = dict(constants)
        merged = {k: dict(v) for k, v in (values or {}).items()}
        if kinds is not None:
            if "kind" in merged:
                msg = "give the kind spellings once: kinds= or values={'kind': ...}, not both."
                raise ConfigError(msg)
            merged["kind"] = dict(kinds)
        self.values = merged
        self.mapping = FieldMapping(columns=columns, values=merged, constants=constants)
        self.mapping.check(HUMANITARIAN_COLUMNS, what="humanitarian source")

    def __repr__(self) -> str:
        return f"HumanitarianLedgerSource({str(self.path)!r})"

    @property
    def indicators(self) -> frozenset[Indicator]:
        """None: humanitarian events are evidence on no indicator."""
        return frozenset()

    @property
    def coverage(self) -> Coverage:
        """Open: ledgers record events of any date."""
        return Coverage(area="events between Ukraine and Russia")

    def read(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        on_invalid: OnInvalid = "raise",
    ) -> Evidence:
        """Read the ledger; every valid row is routed, rows outside the span skipped.

        Raises:
            DataFileError: the file is missing, empty or unreadable.
            ValidationError: in ``raise`` mode, when any row fails validation.
        """
        path = checked_path(self.path, what="humanitarian ledger", max_bytes=self.max_bytes)
        fmt = table_format(path)
        frame, malformed = read_records(path, fmt=fmt, max_bytes=self.max_bytes)
        mapped, counts = map_contract(
            frame,
            contract=HUMANITARIAN_COLUMNS,
            mapping=self.mapping,
            what=f"humanitarian source ({path.name})",
        )
        if "event_id" not in mapped.columns:
            prefix = self.id_prefix if self.id_prefix is not None else f"{path.stem}-"
            mapped.insert(0, "event_id", prefix + mapped.index.astype(str))
        if "indicator" in frame.columns:
            msg = (
                f"{path.name} has an 'indicator' column: it looks like an observation "
                "table, not a humanitarian ledger.\nHint: read it with the table source."
            )
            raise ConfigError(msg)
        inside = (
            within_span(mapped["date"], start, end)
            if "date" in mapped.columns
            else pd.Series(True, index=mapped.index)
        )
        outside = int((~inside).sum())
        return build_evidence(
            source=self.name,
            read=len(frame) + len(malformed),
            observations=empty_observations(),
            humanitarian=mapped[inside],
            rejected=malformed,
            skipped={OUTSIDE_SPAN: outside} if outside else None,
            on_invalid=on_invalid,
            where=path.name,
            provenance={
                **file_provenance(path),
                "format": fmt,
                **self.mapping.provenance(counts),
            },
        )
