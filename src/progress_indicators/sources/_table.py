"""The ``table`` source: an analyst's own CSV, Parquet, Excel sheet or DataFrame.

The table's columns are mapped onto the observation contract with ``columns=``
(``{contract column: table column}``); columns already named as in the contract need no
mapping; any contract column can instead be a constant for every row (``source=``,
``verification=``, ``indicator=`` ...). Verification rule: the grade the analyst
recorded (a column or a constant); the source assigns none itself, so a row without a
grade is rejected rather than guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

from progress_indicators.exceptions import ConfigError, InputTypeError, SchemaError, did_you_mean
from progress_indicators.model import OBSERVATION_COLUMNS, Indicator
from progress_indicators.model._bounded import byte_limit, path_argument
from progress_indicators.sources._base import Coverage, Evidence, build_evidence
from progress_indicators.sources._io import (
    OUTSIDE_SPAN,
    checked_path,
    file_provenance,
    read_table,
    table_format,
    within_span,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from progress_indicators.validation import OnInvalid

__all__ = ["TableSource", "map_columns"]

_MAPPING_HINT = (
    "\nHint: check the file's header and delimiter (comma-separated, or .tsv for tabs), "
    "and columns= ({contract column: table column})."
)


def map_columns(
    frame: pd.DataFrame,
    *,
    contract: Sequence[str],
    columns: Mapping[str, str],
    constants: Mapping[str, Any],
    what: str,
) -> pd.DataFrame:
    """Build a table in ``contract`` columns from ``frame`` (mapped, same-named or constant).

    Args:
        frame: the table as read.
        contract: the contract's column names.
        columns: ``{contract column: frame column}``.
        constants: ``{contract column: value for every row}``.
        what: the source, for messages.

    Returns:
        A new frame with the contract columns found (others are left for validation to
        report as missing), on ``frame``'s index.

    Raises:
        ConfigError: a mapping or constant names no contract column, or a column is both
            mapped and constant.
        SchemaError: a mapped column is not in the table.
    """
    for option, names in (("columns", columns), ("constant", constants)):
        unknown = [name for name in names if name not in contract]
        if unknown:
            hints = [h for h in (did_you_mean(n, contract) for n in unknown) if h]
            msg = (
                f"{what}: {option} names {unknown} that are not contract columns "
                f"(expected some of {', '.join(contract)})."
            )
            msg += f"\nHint: {' '.join(hints)}" if hints else _MAPPING_HINT
            raise ConfigError(msg)
    both = sorted(set(columns) & set(constants))
    if both:
        msg = f"{what}: {both} are given both as a mapped column and as a constant."
        raise ConfigError(msg)
    present = [str(c) for c in frame.columns]
    absent = {key: col for key, col in columns.items() if col not in present}
    if absent:
        hints = [h for h in (did_you_mean(c, present) for c in absent.values()) if h]
        msg = (
            f"{what}: mapped columns {sorted(absent.values())} are not in the table "
            f"(it has {', '.join(present)})."
        )
        msg += f"\nHint: {' '.join(hints)}" if hints else _MAPPING_HINT
        raise SchemaError(msg)
    out = pd.DataFrame(index=frame.index)
    for column in contract:
        if column in columns:
            out[column] = frame[columns[column]]
        elif column in constants:
            out[column] = constants[column]
        elif column in frame.columns:
            out[column] = frame[column]
    return out


class TableSource:
    """Observations from any table whose columns are mapped onto the contract.

    Args:
        path: a ``.csv`` (``.csv.gz``, ``.tsv``), ``.parquet`` or ``.xlsx`` file.
        data: a DataFrame instead of a file (not modified).
        columns: ``{contract column: table column}``, e.g. ``{"value": "count"}``.
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
        self.sheet = sheet
        self.format = format
        self.id_prefix = id_prefix
        self.max_bytes = byte_limit(max_bytes)  # checked type (#16)
        self.constants = dict(constants)

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

    def _frame(self) -> tuple[pd.DataFrame, dict[str, str], str]:
        if self.data is not None:
            return self.data.copy(), {"path": "<DataFrame>"}, "DataFrame"
        assert self.path is not None
        path = checked_path(self.path, what="table", max_bytes=self.max_bytes)
        fmt = self.format or table_format(path)
        frame = read_table(path, fmt=fmt, sheet=self.sheet, max_bytes=self.max_bytes)
        provenance = {**file_provenance(path), "format": fmt}
        if self.sheet is not None:
            provenance["sheet"] = str(self.sheet)
        return frame, provenance, path.name

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
        frame, provenance, where = self._frame()
        frame = frame.reset_index(drop=True)
        mapped = map_columns(
            frame,
            contract=OBSERVATION_COLUMNS,
            columns=self.columns,
            constants=self.constants,
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
            read=len(frame),
            observations=mapped[inside],
            skipped={OUTSIDE_SPAN: outside} if outside else None,
            on_invalid=on_invalid,
            where=where,
            provenance=provenance,
        )
