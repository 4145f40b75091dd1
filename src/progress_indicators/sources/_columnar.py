"""Columnar helpers shared by the dataset adapters (ACLED, UCDP GED, VIINA, EUvsDisinfo).

Files are read with :mod:`pyarrow.csv`, keeping only the columns an adapter needs
(``include_columns``); repeated strings can be read as dictionaries (pandas
categoricals). Header problems become a :class:`~progress_indicators.exceptions.SchemaError`
that names the missing columns with a did-you-mean hint; parse failures (a truncated
last line, bad UTF-8) become a :class:`~progress_indicators.exceptions.DataFileError`.
No pyarrow traceback reaches the caller.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from progress_indicators.exceptions import DataFileError, SchemaError, did_you_mean
from progress_indicators.model._bounded import open_bounded, read_bounded
from progress_indicators.model._time import check_span
from progress_indicators.validation import coerce_dates

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator, Mapping, Sequence

__all__ = [
    "DICTIONARY",
    "adapter_rejects",
    "category_mask",
    "csv_header",
    "iter_csv_batches",
    "read_csv_columns",
    "read_csv_frame",
    "require_columns",
    "span_mask",
]

DICTIONARY = pa.dictionary(pa.int32(), pa.string())
"""Arrow type for repeated strings (event types, actors, oblasts): pandas categoricals."""


_HEADER_BYTES: Final = 1 << 20
"""The most bytes read to find a CSV header line."""


def csv_header(path: Path, *, what: str, delimiter: str = ",") -> list[str]:
    """The column names in the first line of a CSV file (``.gz`` and ``.bz2`` read through).

    Raises:
        DataFileError: the first line is not valid UTF-8 text.
    """
    try:
        with pa.input_stream(str(path), compression="detect") as handle:
            first = handle.read(_HEADER_BYTES).split(b"\n", 1)[0]
    except (pa.ArrowException, OSError) as error:
        raise _file_error(path, what, error) from None
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        msg = (
            f"{what} file {path} does not start with a UTF-8 CSV header.\n"
            "Hint: export the dataset as CSV (UTF-8)."
        )
        raise DataFileError(msg) from None
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return [c.strip() for c in rows[0]] if rows else []


def require_columns(
    present: Sequence[str], required: Iterable[str], *, what: str, where: str
) -> None:
    """Raise a :class:`SchemaError` naming every missing column, with did-you-mean hints."""
    missing = [c for c in required if c not in present]
    if not missing:
        return
    hints = []
    for column in missing:
        close = did_you_mean(column, present)
        if close:
            hints.append(f"for {column!r}: {close}")
    shown = ", ".join(list(present)[:12]) + (" ..." if len(present) > 12 else "")
    hint = "; ".join(hints) if hints else f"is this a {what} export? It has columns {shown}."
    msg = (
        f"{what} file {where} lacks required column(s) {', '.join(map(repr, missing))} "
        f"(expected the {what} schema; got columns {shown}).\nHint: {hint}"
    )
    raise SchemaError(msg)


def _options(
    columns: Sequence[str], dictionary: Iterable[str], block_size: int | None
) -> tuple[pacsv.ReadOptions, pacsv.ConvertOptions]:
    dict_columns = set(dictionary)
    types = {c: DICTIONARY if c in dict_columns else pa.string() for c in columns}
    read_options = pacsv.ReadOptions(block_size=block_size) if block_size else pacsv.ReadOptions()
    convert = pacsv.ConvertOptions(
        include_columns=list(columns),
        column_types=types,
        null_values=[""],  # only an empty cell is missing ("NA", "nan", "null" are text)
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    return read_options, convert


def _file_error(path: Path, what: str, error: Exception) -> DataFileError:
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    msg = (
        f"{what} file {path} could not be parsed as CSV: {detail}\n"
        "Hint: the file may be truncated or not UTF-8; export it again."
    )
    return DataFileError(msg)


def read_csv_columns(
    path: Path,
    *,
    what: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    dictionary: Iterable[str] = (),
    max_bytes: int | None = None,
) -> pa.Table:
    """Read only the ``required`` and present ``optional`` columns of a CSV, as text.

    Args:
        path: a checked path (see ``checked_path``).
        what: the dataset name, for messages.
        required: columns that must be present.
        optional: columns read when present.
        dictionary: columns read as dictionaries (pandas categoricals).
        max_bytes: with a compressed file (``.gz``, ``.bz2``, ``.xz``), the limit on the
            bytes it unpacks to: it is then read through the counted reader (a plain
            file's size was checked by ``checked_path``).

    Returns:
        An Arrow table with the columns read (strings or dictionaries; empty is null).

    Raises:
        SchemaError: a required column is missing.
        DataFileError: the file cannot be parsed (truncated row, bad encoding).
    """
    header = csv_header(path, what=what)
    require_columns(header, required, what=what, where=str(path))
    columns = [*required, *(c for c in optional if c in header and c not in required)]
    read_options, convert = _options(columns, dictionary, None)
    source: Path | pa.BufferReader = path
    if max_bytes is not None and path.suffix.lower() in {".gz", ".bz2", ".xz"}:
        source = pa.BufferReader(read_bounded(path, what=what, max_bytes=max_bytes))
    try:
        return pacsv.read_csv(source, read_options=read_options, convert_options=convert)
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeDecodeError) as error:
        raise _file_error(path, what, error) from None


def read_csv_frame(
    source: Path | IO[bytes],
    *,
    what: str,
    types: Mapping[str, pa.DataType] | None = None,
    max_bytes: int | None = None,
) -> pd.DataFrame:
    """The library's one reader of whole CSV tables: every column as text unless typed.

    Used for tables in the column contract (the CLI's inputs and the store's files,
    the bundled example) and by the generic table sources. Only an empty cell is
    missing; ``NA``, ``nan`` or ``null`` stay text, so validation, not the parser,
    decides what a number or a date is and reports it per row. ``.tsv`` files are
    tab-separated; ``.gz``/``.bz2`` are read through. pyarrow parses; a malformed file
    (a row with more or fewer fields than the header, bad UTF-8, a truncated quote)
    is a :class:`DataFileError` naming the file, never a parser traceback.

    Args:
        source: a path (checked with ``checked_path`` against ``max_bytes``) or an
            open binary file (a packaged resource).
        what: what the file is, for messages.
        types: Arrow types of some columns (e.g. ``{"value": pa.float64()}``); the
            others are text. A typed cell that does not parse is a :class:`DataFileError`.
        max_bytes: refuse a file larger than this many bytes.

    Returns:
        A new DataFrame (text columns as pandas' ``str`` dtype; typed integer columns as
        nullable ``Int8``/``Int64`` ...).

    Raises:
        DataFileError: missing, empty, too large or malformed.
    """
    from progress_indicators.sources._io import checked_path  # noqa: PLC0415 (_io imports us)

    where: Path | str
    delimiter = ","
    if isinstance(source, (str, Path)):
        path = checked_path(source, what=what, max_bytes=max_bytes)
        where = path
        delimiter = "\t" if _stem(path).endswith(".tsv") else ","
        # the bytes actually read (decompressed too) count against max_bytes
        with open_bounded(path, what=what, max_bytes=max_bytes) as handle:
            data = handle.read()
    else:
        where = getattr(source, "name", what)
        data = source.read()
    first = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    header = [c.strip() for c in next(csv.reader(io.StringIO(first), delimiter=delimiter), [])]
    stream = pa.BufferReader(data)
    refuse_repeated_columns(header, where=str(where), what=what)
    given = dict(types or {})
    column_types = {c: given.get(c, pa.string()) for c in header}
    convert = pacsv.ConvertOptions(
        column_types=column_types,
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    parse = pacsv.ParseOptions(delimiter=delimiter)
    try:
        table = pacsv.read_csv(stream, parse_options=parse, convert_options=convert)
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeDecodeError, OSError) as error:
        raise _file_error(Path(str(where)), what, error) from None
    frame: pd.DataFrame = table.to_pandas(types_mapper=_NULLABLE_INTEGERS.get)
    return frame


def refuse_repeated_columns(header: Sequence[str], *, where: str, what: str) -> None:
    """A column name given twice would make one of the two columns unreachable."""
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name in seen:
            msg = (
                f"{what} file {where} names column {name!r} twice (columns {seen[name]} and "
                f"{position} of the header).\nHint: rename or drop one of them."
            )
            raise DataFileError(msg)
        seen[name] = position


_NULLABLE_INTEGERS: Final = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
}


def _stem(path: Path) -> str:
    """The file name without a compression suffix, lower case."""
    name = path.name.lower()
    for suffix in (".gz", ".bz2"):
        name = name.removesuffix(suffix)
    return name


def iter_csv_batches(
    path: Path,
    *,
    what: str,
    columns: Sequence[str],
    dictionary: Iterable[str] = (),
    block_size: int = 1 << 24,
) -> Iterator[pa.RecordBatch]:
    """Stream a CSV in record batches of ``columns`` (memory bounded by ``block_size``).

    Raises:
        DataFileError: the file cannot be parsed.
    """
    read_options, convert = _options(columns, dictionary, block_size)
    try:
        reader = pacsv.open_csv(path, read_options=read_options, convert_options=convert)
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            yield batch
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeDecodeError) as error:
        raise _file_error(path, what, error) from None


def category_mask(values: pd.Series, pattern: str) -> np.ndarray:
    """Vectorised regex match on a categorical column: match the categories, then take.

    Missing values never match. ``pattern`` is matched at the start (``re.match``).
    """
    cat = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    categories = pd.Series(cat.cat.categories.astype("string"))
    matched = categories.str.match(pattern).fillna(value=False).to_numpy(dtype=bool)
    lookup = np.append(matched, False)  # code -1 (missing) -> False
    codes = cat.cat.codes.to_numpy()
    return lookup[np.where(codes < 0, len(lookup) - 1, codes)]


def span_mask(
    dates: pd.Series, start: dt.date | None, end: dt.date | None, *, fmt: str = "ISO8601"
) -> np.ndarray:
    """Rows whose date lies in ``start``..``end`` (inclusive).

    Unparseable or missing dates count as *inside*, so validation rejects them with a
    reason instead of the span filter skipping them silently.
    """
    start, end = check_span(start, end)  # bounds checked once for every source (#16)
    parsed = coerce_dates(dates, fmt=fmt)
    inside = np.ones(len(dates), dtype=bool)
    if start is not None:
        inside &= ~(parsed < pd.Timestamp(start)).to_numpy(dtype=bool)
    if end is not None:
        inside &= ~(parsed > pd.Timestamp(end)).to_numpy(dtype=bool)
    return inside


def adapter_rejects(
    rows: np.ndarray, *, column: str, check: str, values: pd.Series, reason: str
) -> pd.DataFrame:
    """Failure cases an adapter found itself (``row, column, check, value, reason``)."""
    return pd.DataFrame(
        {
            "row": pd.array(rows, dtype="Int64"),
            "column": column,
            "check": check,
            "value": values.astype("string").to_numpy(dtype=object),
            "reason": reason,
        }
    )
