"""Column renames, value maps and constants: the one mapping option of every file source.

A file rarely names things as a source expects. Every file source takes the same three
options, declared here once:

* ``columns={expected column: file column}``: read the file's column under the name the
  source expects (the contract's name for ``table`` and ``humanitarian``; the dataset's
  own name for UCDP GED, VIINA, OSCE SMM ...).
* ``values={expected column: {file value: expected value}}``: replace spellings, e.g.
  ``{"kind": {"pow_and_civilian_exchange": "pow_exchange"}}``. File values are matched
  after stripping spaces and ignoring case; a value mapped to ``None`` becomes missing.
  Values not in the map are left as they are, so validation still judges them (a
  spelling nobody mapped is rejected with its reason, never guessed).
* constants (``table`` and ``humanitarian`` only): one value for every row.

What was mapped is recorded in :attr:`Evidence.provenance` (``mapping``: the options as
JSON; ``mapped_values``: how many cells each value map changed), so a reading can be
traced back to the spelling it came from.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from progress_indicators.exceptions import (
    ConfigError,
    DataFileError,
    InputTypeError,
    Reason,
    SchemaError,
    did_you_mean,
)
from progress_indicators.sources._columnar import read_csv_columns, refuse_repeated_columns
from progress_indicators.sources._io import open_bounded, read_table

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = ["FieldMapping", "map_columns", "map_contract", "read_records"]

_MAPPING_HINT = (
    "\nHint: check the file's header and delimiter (comma-separated, or .tsv for tabs), "
    "and columns= ({expected column: file column})."
)


def _columns(value: Mapping[str, str] | None) -> dict[str, str]:
    given: object = value
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        msg = f"columns= must be a mapping {{expected column: file column}} (got {given!r})."
        raise InputTypeError(msg)
    out = {}
    for key, column in given.items():
        if not isinstance(key, str) or not isinstance(column, str):
            msg = f"columns= maps column names to column names (got {key!r}: {column!r})."
            raise InputTypeError(msg)
        out[key] = column
    return out


def _values(value: Mapping[str, Mapping[str, str | None]] | None) -> dict[str, dict[str, Any]]:
    given: object = value
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        msg = (
            f"values= must be a mapping {{column: {{file value: expected value}}}} (got {given!r})."
        )
        raise InputTypeError(msg)
    out: dict[str, dict[str, Any]] = {}
    for column, table in given.items():
        inner: object = table
        if not isinstance(column, str) or not isinstance(inner, Mapping):
            msg = (
                f"values[{column!r}] must be a mapping {{file value: expected value}} "
                f"(got {inner!r})."
            )
            raise InputTypeError(msg)
        folded: dict[str, Any] = {}
        for raw, new in inner.items():
            if not isinstance(raw, str) or not (new is None or isinstance(new, str)):
                msg = f"values[{column!r}] maps text to text or None (got {raw!r}: {new!r})."
                raise InputTypeError(msg)
            key = raw.strip().casefold()
            if key in folded and folded[key] != new:
                msg = (
                    f"values[{column!r}] maps {raw!r} twice (spellings are matched without "
                    f"case or surrounding spaces): to {folded[key]!r} and to {new!r}."
                )
                raise ConfigError(msg)
            folded[key] = new
        out[column] = folded
    return out


@attrs.frozen(kw_only=True)
class FieldMapping:
    """How a file's columns and spellings map onto what a source expects.

    attrs, not pydantic: it is built from keyword options in code (the sources'
    constructors), validated here, and never serialised back except into provenance.

    Attributes:
        columns: ``{expected column: file column}``.
        values: ``{expected column: {file value: expected value or None}}``; keys are
            stored stripped and case-folded (the matching rule).
        constants: ``{expected column: value for every row}``.

    Examples:
        >>> import pandas as pd
        >>> mapping = FieldMapping(
        ...     columns={"kind": "event_type"},
        ...     values={"kind": {"POW_and_civilian_exchange": "pow_exchange"}},
        ... )
        >>> frame = pd.DataFrame({"event_type": ["pow_and_civilian_exchange", "child_return"]})
        >>> mapped, counts = mapping.apply(frame)
        >>> mapped["kind"].tolist(), counts
        (['pow_exchange', 'child_return'], {'kind': {'pow_and_civilian_exchange': 1}})
    """

    columns: dict[str, str] = attrs.field(factory=dict, converter=_columns)
    values: dict[str, dict[str, Any]] = attrs.field(factory=dict, converter=_values)
    constants: dict[str, Any] = attrs.field(factory=dict, converter=dict)

    def __attrs_post_init__(self) -> None:
        both = sorted(set(self.columns) & set(self.constants))
        if both:
            msg = f"{both} are given both as a mapped column and as a constant."
            raise ConfigError(msg)

    @property
    def empty(self) -> bool:
        """No rename, no value map, no constant."""
        return not (self.columns or self.values or self.constants)

    def check(self, expected: Sequence[str], *, what: str) -> None:
        """Refuse options naming columns the source does not know.

        Raises:
            ConfigError: a column, value map or constant names no expected column.
        """
        for option, names in (
            ("columns", self.columns),
            ("values", self.values),
            ("constant", self.constants),
        ):
            unknown = [name for name in names if name not in expected]
            if unknown:
                hints = [h for h in (did_you_mean(n, expected) for n in unknown) if h]
                msg = (
                    f"{what}: {option} names {unknown} that are not columns it reads "
                    f"(expected some of {', '.join(expected)})."
                )
                msg += f"\nHint: {' '.join(hints)}" if hints else _MAPPING_HINT
                raise ConfigError(msg)

    def file_column(self, name: str) -> str:
        """The file's name for the expected column ``name``."""
        return self.columns.get(name, name)

    def file_columns(self, names: Sequence[str]) -> list[str]:
        """The file's names for the expected columns ``names``, in order."""
        return [self.file_column(name) for name in names]

    def expected_header(self, header: Sequence[str]) -> list[str]:
        """A file's header as the source sees it: mapped columns under expected names."""
        names = list(header)
        return names + [name for name, file in self.columns.items() if file in names]

    def apply(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, dict[str, int]]]:
        """Rename mapped file columns to their expected names and map their values.

        A file column may be read under several names. A file column named like an
        expected column that is mapped from elsewhere (the file has both ``kind`` and the
        mapped ``event_type``) gives way to the mapped one. Constants are not added here
        (see :func:`map_columns`).

        Returns:
            The new frame and ``{column: {file value: cells changed}}`` for every value
            map that changed something.
        """
        mapped = {name: file for name, file in self.columns.items() if file in frame.columns}
        out = frame.assign(**{name: frame[file] for name, file in mapped.items()})
        counts: dict[str, dict[str, int]] = {}
        for column, table in self.values.items():
            if column not in out.columns or not table:
                continue
            out[column], changed = _map_values(out[column], table)
            if changed:
                counts[column] = changed
        return out, counts

    def provenance(self, counts: Mapping[str, Mapping[str, int]]) -> dict[str, str]:
        """Provenance entries: the options as JSON and the cells each value map changed."""
        if self.empty:
            return {}
        options = {
            "columns": self.columns,
            "values": self.values,
            "constants": {k: str(v) for k, v in self.constants.items()},
        }
        entries = {"mapping": json.dumps(options, sort_keys=True, ensure_ascii=False)}
        if counts:
            entries["mapped_values"] = json.dumps(counts, sort_keys=True, ensure_ascii=False)
        return entries


def _map_values(series: pd.Series, table: Mapping[str, Any]) -> tuple[pd.Series, dict[str, int]]:
    """Replace the mapped spellings of one column (once per distinct value, not per row).

    A categorical column (a dictionary-encoded read) stays categorical: its categories
    are mapped and the codes re-pointed, so a large file is never decoded row by row.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = pd.Series(series.cat.categories.astype(object))
        key = categories.astype("string").str.strip().str.casefold()
        hit = key.isin(list(table)).fillna(value=False).to_numpy(dtype=bool)
        if not hit.any():
            return series, {}
        new = categories.where(~hit, key.map(table)).to_numpy(dtype=object)
        merged, uniques = pd.factorize(pd.Series(new, dtype=object))
        codes = series.cat.codes.to_numpy()
        lookup = np.append(merged, -1)
        recoded = lookup[np.where(codes >= 0, codes, len(merged))]
        values = pd.Categorical.from_codes(recoded, categories=pd.Index(uniques, dtype=object))
        per_category = np.bincount(codes[codes >= 0], minlength=len(categories))
        changed: dict[str, int] = {}
        for position in np.flatnonzero(hit & (per_category > 0)):
            name = str(key.iloc[position])
            changed[name] = changed.get(name, 0) + int(per_category[position])
        return pd.Series(values, index=series.index, name=series.name), dict(
            sorted(changed.items())
        )
    text = series.astype("string").str.strip().str.casefold()
    mask = text.isin(list(table)).fillna(value=False).astype(bool)
    if not mask.any():
        return series, {}
    replaced = text[mask].map(table)
    out = series.astype(object).copy()
    out[mask] = replaced.astype(object).where(replaced.notna(), None)
    counts = text[mask].value_counts(sort=False)
    return out, {str(k): int(v) for k, v in sorted(counts.items())}


def map_columns(
    frame: pd.DataFrame,
    *,
    contract: Sequence[str],
    columns: Mapping[str, str] | FieldMapping,
    constants: Mapping[str, Any] | None = None,
    what: str,
) -> pd.DataFrame:
    """Build a table in ``contract`` columns from ``frame`` (mapped, same-named or constant).

    Args:
        frame: the table as read.
        contract: the contract's column names.
        columns: ``{contract column: frame column}``, or a whole :class:`FieldMapping`
            (then ``constants`` must be ``None``; value maps are applied too).
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
    return map_contract(
        frame, contract=contract, mapping=_as_mapping(columns, constants), what=what
    )[0]


def _as_mapping(
    columns: Mapping[str, str] | FieldMapping, constants: Mapping[str, Any] | None
) -> FieldMapping:
    if isinstance(columns, FieldMapping):
        return columns
    return FieldMapping(columns=columns, constants=dict(constants or {}))


def map_contract(
    frame: pd.DataFrame, *, contract: Sequence[str], mapping: FieldMapping, what: str
) -> tuple[pd.DataFrame, dict[str, dict[str, int]]]:
    """:func:`map_columns` with a :class:`FieldMapping`, also returning the value counts.

    Raises:
        ConfigError: the mapping names no contract column.
        SchemaError: a mapped column is not in the table.
    """
    mapping.check(contract, what=what)
    present = [str(c) for c in frame.columns]
    absent = {key: col for key, col in mapping.columns.items() if col not in present}
    if absent:
        hints = [h for h in (did_you_mean(c, present) for c in absent.values()) if h]
        msg = (
            f"{what}: mapped columns {sorted(absent.values())} are not in the table "
            f"(it has {', '.join(present)})."
        )
        msg += f"\nHint: {' '.join(hints)}" if hints else _MAPPING_HINT
        raise SchemaError(msg)
    renamed, counts = mapping.apply(frame)
    out = pd.DataFrame(index=frame.index)
    for column in contract:
        if column in mapping.constants:
            out[column] = mapping.constants[column]
        elif column in renamed.columns:
            out[column] = renamed[column]
    return out, counts


def read_records(
    path: Path, *, fmt: str, sheet: str | int | None = None, max_bytes: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a table file; a CSV record with the wrong number of fields is a reject.

    A hand-compiled CSV often has one unquoted comma in a note, which pandas refuses for
    the whole file. Here such a record is rejected (``malformed_record``, with its
    position and field count) and every other record is read. Well-formed files take
    pandas' path (:func:`read_table`) unchanged; only a CSV pandas refuses is read
    again with :mod:`csv` (the one reader that reports the fields of a bad record), so
    the fallback is written here rather than left to the parser. Both reads go through
    the bounded reader (``max_bytes`` counts the bytes read, after decompression).

    Returns:
        The records as text (index: each record's position among the data records) and
        the failure cases of the malformed ones.

    Raises:
        DataFileError: the file cannot be read at all, or is over ``max_bytes``.
    """
    try:
        frame = read_table(path, fmt=fmt, sheet=sheet, max_bytes=max_bytes)
    except DataFileError:
        if fmt != "csv":
            raise
    else:
        return frame.reset_index(drop=True), _no_cases()
    sep = "\t" if path.name.lower().endswith(".tsv") else ","
    try:
        with open_bounded(path, what="table", max_bytes=max_bytes) as raw:
            text = raw.read().decode("utf-8-sig")
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except (UnicodeDecodeError, csv.Error) as error:
        msg = (
            f"cannot read {path} as csv: {type(error).__name__}: {error}\n"
            "Hint: check the file is a complete csv export in UTF-8."
        )
        raise DataFileError(msg) from None
    if not records:
        msg = f"{path} has no header line.\nHint: check the export finished."
        raise DataFileError(msg)
    header = [c.strip() for c in records[0]]
    refuse_repeated_columns(header, where=str(path), what="table")
    body = [r for r in records[1:] if r]  # an empty line is no record (as for pandas)
    width = len(header)
    good = [i for i, r in enumerate(body) if len(r) == width]
    bad = [i for i, r in enumerate(body) if len(r) != width]
    frame = pd.DataFrame(
        [body[i] for i in good], columns=header, index=pd.Index(good, dtype="int64")
    ).astype(object)
    frame = frame.where(frame != "", None)
    cases = pd.DataFrame(
        {
            "row": pd.array(bad, dtype="Int64"),
            "column": "(record)",
            "check": f"has {width} fields like the header (an unquoted comma?)",
            "value": [f"{len(body[i])} fields: {sep.join(body[i])[:120]}" for i in bad],
            "reason": Reason.MALFORMED_RECORD.value,
        }
    )
    return frame, cases


def _no_cases() -> pd.DataFrame:
    from progress_indicators.validation import empty_failure_cases  # noqa: PLC0415

    return empty_failure_cases()


def read_mapped_csv(
    path: Path,
    mapping: FieldMapping,
    *,
    what: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    dictionary: Sequence[str] = (),
) -> tuple[pd.DataFrame, dict[str, dict[str, int]]]:
    """Read a dataset's columns (under their file names), then map names and values.

    Returns:
        The frame with each expected column under its expected name, and the value-map
        counts (see :meth:`FieldMapping.apply`).

    Raises:
        SchemaError: a required column (by its file name) is missing.
        DataFileError: the file cannot be parsed.
    """
    table = read_csv_columns(
        path,
        what=what,
        required=mapping.file_columns(required),
        optional=mapping.file_columns(optional),
        dictionary=mapping.file_columns(dictionary),
    )
    return mapping.apply(table.to_pandas())
