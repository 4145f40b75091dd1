"""The ``table`` source: an analyst's own CSV, Parquet, Excel sheet or DataFrame.

The table's columns are mapped onto the observation contract with ``columns=``
(``{contract column: table column}``); columns already named as in the contract need no
mapping; spellings are mapped with ``values=`` (``{contract column: {file value: contract
value}}``); any contract column can instead be a constant for every row (``source=``,
``verification=``, ``indicator=`` ...). The mapping is the one every file source takes
(:mod:`progress_indicators.sources._mapping`) and is recorded in the provenance.
Verification rule: the grade the analyst recorded (a column or a constant); the source
assigns none itself, so a row without a grade is rejected rather than guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

from progress_indicators.exceptions import ConfigError, InputTypeError
from progress_indicators.model import OBSERVATION_COLUMNS, Indicator
from progress_indicators.model._bounded import byte_limit, path_argument
from progress_indicators.sources._base import Coverage, Evidence, build_evidence
from progress_indicators.sources._io import (
    OUTSIDE_SPAN,
    checked_path,
    file_provenance,
    table_format,
    within_span,
)
from progress_indicators.sources._mapping import (
    FieldMapping,
    map_columns,
    map_contract,
    read_records,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
    from pathlib import Path

    from progress_indicators.validation import OnInvalid

__all__ = ["TableSource", "map_columns"]


class TableSource:
    """Observations from any table whose columns are mapped onto the contract.

    Args:
        path: a ``.csv`` (``.csv.gz``, ``.tsv``), ``.parquet`` or ``.xlsx`` file.
        data: a DataFrame instead of a file (not modified).
        columns: ``{contract column: table column}``, e.g. ``{"value": "count"}``.
        values: ``{contract column: {file value: contract value}}``, e.g.
            ``{"verification": {"confirmed": "verified"}}`` (matched without case or
            surrounding spaces; ``None`` makes a value missing).
        sheet: the Excel sheet (name or position; default the first).
        format: ``csv``, ``parquet`` or ``excel`` when the file name does not say.
        id_prefix: prefix of generated ``observation_id`` values (``<prefix><row>``)
            when the table has none; defaults to the file's stem and a dash.
        max_bytes: refuse files larger than this.
        **constants: contract columns that take one value for every row, e.g.
            ``source="My NGO"``, ``verification="reported"``.

    Examples:
        >>> import pandas as pd
        >>> data = pd.DataFrame({"day": ["2025-05-01"], "killed": [3]})
        >>> source = TableSource(
        ...     data=data,
        ...     columns={"date": "day", "value": "killed"},
        ...     indicator="cessation_of_attacks",
        ...     metric="civilians_killed",
        ...     unit="persons",
        ...     source="regional administration",
        ...     verification="claimed",
        ...     reliability="C",
        ...     credibility=3,
        ... )
        >>> source.read().accounting["accepted"]
        1
    """

    name: ClassVar[str] = "table"
    description: ClassVar[str] = (
        "Any CSV, Parquet or Excel sheet (or a DataFrame) mapped onto the observation "
        "contract; grades as recorded by the analyst."
    )

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        data: pd.DataFrame | None = None,
        columns: Mapping[str, str] | None = None,
        values: Mapping[str, Mapping[str, str | None]] | None = None,
        sheet: str | int | None = None,
        format: str | None = None,  # noqa: A002 (the natural name of the option)
        id_prefix: str | None = None,
        max_bytes: int | None = None,
        **constants: Any,
    ) -> None:
        if (path is None) == (data is None):
            msg = "the table source needs exactly one of path= or data="
            raise ConfigError(msg)
        given: object = data
        if given is not None and not isinstance(given, pd.DataFrame):
            msg = f"data= must be a pandas DataFrame (got {type(given).__name__})"
            raise InputTypeError(msg)
        self.path = None if path is None else path_argument(path)  # checked type (#16)
        self.data = data
        self.columns = dict(columns or {})
        self.values = {k: dict(v) for k, v in (values or {}).items()}
        self.sheet = sheet
        self.format = format
        self.id_prefix = id_prefix
        self.max_bytes = byte_limit(max_bytes)  # checked type (#16)
        self.constants = dict(constants)
        self.mapping = FieldMapping(columns=columns, values=values, constants=constants)
        self.mapping.check(OBSERVATION_COLUMNS, what="table source")

    def __repr__(self) -> str:
        where = str(self.path) if self.path is not None else "<DataFrame>"
        return f"TableSource({where!r}, columns={self.columns!r})"

    @property
    def indicators(self) -> frozenset[Indicator]:
        """The constant ``indicator`` if one was given, else all four."""
        if "indicator" in self.constants:
            return frozenset({Indicator(str(self.constants["indicator"]).strip().lower())})
        return frozenset(Indicator)

    @property
    def coverage(self) -> Coverage:
        """Open: an analyst's table can cover any span."""
        return Coverage(area="as recorded in the table")

    def _frame(self) -> tuple[pd.DataFrame, pd.DataFrame | None, dict[str, str], str]:
        if self.data is not None:
            frame = self.data.reset_index(drop=True)
            return frame, None, {"path": "<DataFrame>"}, "DataFrame"
        assert self.path is not None
        path = checked_path(self.path, what="table", max_bytes=self.max_bytes)
        fmt = self.format or table_format(path)
        frame, malformed = read_records(path, fmt=fmt, sheet=self.sheet, max_bytes=self.max_bytes)
        provenance = {**file_provenance(path), "format": fmt}
        if self.sheet is not None:
            provenance["sheet"] = str(self.sheet)
        return frame, malformed, provenance, path.name

    def read(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        on_invalid: OnInvalid = "raise",
    ) -> Evidence:
        """Read the table; rows dated outside ``start``..``end`` are skipped and counted.

        Raises:
            DataFileError: the file is missing, empty or unreadable.
            ConfigError, SchemaError: the mapping does not fit the table.
            ValidationError: in ``raise`` mode, when any row fails validation.
        """
        frame, malformed, provenance, where = self._frame()
        mapped, counts = map_contract(
            frame,
            contract=OBSERVATION_COLUMNS,
            mapping=self.mapping,
            what=f"table source ({where})",
        )
        if "observation_id" not in mapped.columns:
            prefix = self.id_prefix
            if prefix is None:
                prefix = f"{self.path.stem}-" if self.path is not None else "row-"
            mapped.insert(0, "observation_id", prefix + mapped.index.astype(str))
        inside = (
            within_span(mapped["date"], start, end)
            if "date" in mapped.columns
            else pd.Series(True, index=mapped.index)
        )
        outside = int((~inside).sum())
        return build_evidence(
            source=self.name,
            read=len(frame) + (0 if malformed is None else len(malformed)),
            observations=mapped[inside],
            rejected=malformed,
            skipped={OUTSIDE_SPAN: outside} if outside else None,
            on_invalid=on_invalid,
            where=where,
            provenance={**provenance, **self.mapping.provenance(counts)},
        )
