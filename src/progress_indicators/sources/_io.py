"""File helpers shared by the sources: provenance, checked opening, period filtering."""

from __future__ import annotations

import hashlib
import importlib.util
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from progress_indicators.exceptions import DataFileError, InputTypeError
from progress_indicators.model._bounded import (
    byte_limit,
    open_bounded,
    path_argument,
    read_bounded,
    refuse_special_file,
)
from progress_indicators.model._safe_load import DEFAULT_JSON_DEPTH, LimitError, load_json
from progress_indicators.model._time import check_span
from progress_indicators.validation import coerce_dates

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

__all__ = [
    "DIGESTS",
    "OUTSIDE_SPAN",
    "byte_limit",
    "check_unpacked_parquet",
    "checked_path",
    "file_provenance",
    "open_bounded",
    "path_argument",
    "provenance_digest",
    "read_bounded",
    "read_json_file",
    "read_table",
    "refuse_special_file",
    "resolve_data_path",
    "table_format",
    "within_span",
]

_CHUNK = 1 << 20


def checked_path(path: str | Path, *, what: str, max_bytes: int | None = None) -> Path:
    """Resolve ``path`` and check it is a readable, non-empty file within ``max_bytes``.

    ``max_bytes`` is checked here against the size on disk (a quick refusal of a file
    that is plainly too big); readers that decompress count the bytes they read with
    :func:`open_bounded`.

    Raises:
        InputTypeError: ``path`` is not a path, or ``max_bytes`` is not ``None`` or an
            ``int`` > 0.
        DataFileError: missing, a directory, a FIFO or device, empty, or larger than
            ``max_bytes``.
    """
    resolved = path_argument(path).expanduser()
    limit = byte_limit(max_bytes)
    if not resolved.exists():
        msg = f"{what} file not found: {resolved}"
        raise DataFileError(msg)
    if resolved.is_dir():
        msg = f"{what} path is not a file: {resolved} is a directory"
        raise DataFileError(msg)
    refuse_special_file(resolved, what=f"{what} path", error=DataFileError)
    size = resolved.stat().st_size
    max_bytes = limit
    if size == 0:
        msg = f"{what} file is empty: {resolved}\nHint: check the export finished."
        raise DataFileError(msg)
    if max_bytes is not None and size > max_bytes:
        msg = (
            f"{what} file is {size:,} bytes, above the limit of {max_bytes:,}: {resolved}\n"
            "Hint: raise max_bytes= if the file is trusted."
        )
        raise DataFileError(msg)
    return resolved


def resolve_data_path(path: str | Path, *, base: Path, root: Path | None) -> Path:
    """Resolve a data path written in a config file, confined to ``root`` when one is set.

    A relative ``path`` is taken relative to ``base`` (the folder of the config file),
    never to the working directory; ``~`` is not expanded. Symbolic links and ``..``
    are resolved before the check, so neither can lead outside ``root``.

    Args:
        path: the path as written in the config.
        base: the folder relative paths start from (usually ``config_path.parent``).
        root: the declared data root, or ``None`` for no confinement.

    Returns:
        The resolved, absolute path (it need not exist yet).

    Raises:
        DataFileError: the resolved path lies outside ``root``.

    Examples:
        >>> from pathlib import Path
        >>> resolve_data_path("data/a.csv", base=Path("/cfg"), root=None).as_posix()
        '/cfg/data/a.csv'
    """
    raw = Path(path)
    resolved = (raw if raw.is_absolute() else Path(base) / raw).resolve(strict=False)
    if root is None:
        return resolved
    root_resolved = Path(root).resolve(strict=False)
    if not resolved.is_relative_to(root_resolved):
        msg = (
            f"data path {str(path)!r} resolves to {resolved}, outside the data root "
            f"{root_resolved}.\nHint: keep data files under the data root, or declare a "
            "wider one."
        )
        raise DataFileError(msg)
    return resolved


def read_json_file(
    path: Path,
    *,
    what: str,
    max_depth: int = DEFAULT_JSON_DEPTH,
    max_bytes: int | None = None,
) -> Any:
    """Parse a JSON file, refusing nesting deeper than ``max_depth``.

    Raises:
        DataFileError: not JSON, not UTF-8, truncated, nested too deeply, or more than
            ``max_bytes`` bytes read.
    """
    data = read_bounded(path, what=what, max_bytes=max_bytes, decompress=False)
    try:
        return load_json(data, max_depth=max_depth)
    except LimitError as exc:
        msg = (
            f"{what} file {path} is not usable JSON: {exc}.\n"
            "Hint: the file may be truncated or damaged; download or save it again."
        )
        raise DataFileError(msg) from None


DIGESTS: Final = ("sha256", "blake3")
"""The digests a file's provenance can record (the algorithm is recorded beside it)."""


def provenance_digest(provenance: Mapping[str, str]) -> str:
    """The file digest a provenance records, whichever algorithm made it ("" if none).

    ``digest_algorithm`` names the entry (:func:`file_provenance`); provenance written
    before it existed has only ``sha256``.
    """
    algorithm = provenance.get("digest_algorithm", "sha256")
    return provenance.get(algorithm, "")


def file_provenance(path: Path, *, digest: str = "sha256") -> dict[str, str]:
    """Path, size and digest of a file, streamed (never the whole file in memory).

    Args:
        path: the file.
        digest: ``"sha256"`` (the default, the standard) or ``"blake3"`` (a well-kept
            cryptographic hash about three times faster here, from the ``blake3``
            package): large exports are digested while they are mapped, so the hash
            competes with the parse for CPU. The result has ``digest_algorithm`` and
            the hex digest under the algorithm's name.

    Raises:
        InputTypeError: an unknown ``digest``.
    """
    if digest not in DIGESTS:
        msg = f"digest must be one of {', '.join(DIGESTS)} (got {digest!r})."
        raise InputTypeError(msg)
    if digest == "blake3":
        from blake3 import blake3  # noqa: PLC0415 (only when asked for)

        hasher: Any = blake3()
    else:
        hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            hasher.update(chunk)
    return {
        "path": str(path),
        "bytes": str(path.stat().st_size),
        digest: hasher.hexdigest(),
        "digest_algorithm": digest,
    }


def within_span(dates: pd.Series, start: dt.date | None, end: dt.date | None) -> pd.Series:
    """Boolean mask of dates within ``start``..``end`` (inclusive; open ends allowed).

    Missing or unparseable dates are *inside* the span, so validation sees and rejects
    them rather than the span filter skipping them silently. ``start`` and ``end`` are
    checked first (:func:`~progress_indicators.model._time.check_span`).

    Raises:
        InputTypeError: a bound is a number or not a time at all.
        ConfigError: a bound is blank, NaT, a partial date, or ``end`` is before ``start``.
    """
    start, end = check_span(start, end)
    parsed = coerce_dates(dates)
    mask = pd.Series(True, index=dates.index)
    if start is not None:
        mask &= ~(parsed < pd.Timestamp(start))
    if end is not None:
        mask &= ~(parsed > pd.Timestamp(end))
    return mask


OUTSIDE_SPAN = "outside_requested_span"
"""The ``skipped`` reason of valid rows outside the requested ``start``..``end``."""

_CSV_SUFFIXES = (".csv", ".csv.gz", ".txt", ".tsv")
_PARQUET_SUFFIXES = (".parquet", ".pq")
_EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def table_format(path: Path) -> str:
    """``csv``, ``parquet`` or ``excel`` from a file name, or a :class:`DataFileError`."""
    name = path.name.lower()
    for fmt, suffixes in (
        ("csv", _CSV_SUFFIXES),
        ("parquet", _PARQUET_SUFFIXES),
        ("excel", _EXCEL_SUFFIXES),
    ):
        if name.endswith(suffixes):
            return fmt
    known = ", ".join(_CSV_SUFFIXES + _PARQUET_SUFFIXES + _EXCEL_SUFFIXES)
    msg = f"cannot tell the format of {path} from its name (known: {known}).\nHint: pass format=."
    raise DataFileError(msg)


def _parquet_unpacked(path: Path) -> int:
    """The unpacked bytes a Parquet file's footer declares for all its column chunks."""
    import pyarrow.parquet as pq  # noqa: PLC0415 (pyarrow is imported when reading)

    metadata = pq.ParquetFile(path).metadata
    return sum(
        metadata.row_group(i).column(j).total_uncompressed_size
        for i in range(metadata.num_row_groups)
        for j in range(metadata.num_columns)
    )


def check_unpacked_parquet(path: Path, max_bytes: int | None) -> None:
    """Refuse a Parquet file whose declared unpacked size is over ``max_bytes``."""
    if max_bytes is not None:
        _check_unpacked(path, _parquet_unpacked(path), max_bytes)


def _check_unpacked(path: Path, unpacked: int, max_bytes: int | None) -> None:
    """Refuse a packed file (xlsx, Parquet) whose declared unpacked size is over the limit.

    The readers decompress no more than these declared sizes (zipfile stops a member
    at its ``file_size``; Parquet pages at their declared size), so the bound is real
    and is checked before anything is decompressed. A dictionary-encoded Parquet column
    counts its dictionary once, as it is stored, not once per row.
    """
    if max_bytes is not None and unpacked > max_bytes:
        msg = (
            f"table file {path} holds more than {max_bytes:,} bytes once decompressed "
            f"({unpacked:,} declared), above the limit max_bytes={max_bytes:,}.\n"
            "Hint: raise max_bytes= if the file is trusted."
        )
        raise DataFileError(msg)


def read_table(
    path: Path, *, fmt: str, sheet: str | int | None = None, max_bytes: int | None = None
) -> pd.DataFrame:
    """Read a CSV (all columns as text), Parquet or Excel sheet into a DataFrame.

    CSV cells are kept as text (empty cells are missing) so that validation, not the
    parser, decides what a number or a date is, and reports it per row. A CSV is read
    through :func:`open_bounded`: ``max_bytes`` counts the bytes read, after
    decompression of a ``.csv.gz``.

    Raises:
        DataFileError: the file cannot be parsed, is over ``max_bytes``, or the Excel
            extra is not installed.
    """
    try:
        if fmt == "csv":
            from progress_indicators.sources._columnar import (  # noqa: PLC0415 (it imports _io)
                read_csv_frame,
            )

            return read_csv_frame(path, what=f"table {path.name}", max_bytes=max_bytes)
        if fmt == "parquet":
            check_unpacked_parquet(path, max_bytes)
            return pd.read_parquet(path)
        if fmt == "excel":
            if importlib.util.find_spec("openpyxl") is None:
                msg = (
                    f"reading the Excel file {path} needs openpyxl.\n"
                    "Hint: pip install 'progress-indicators[excel]'."
                )
                raise DataFileError(msg) from None
            with zipfile.ZipFile(path) as packed:
                unpacked = sum(member.file_size for member in packed.infolist())
            _check_unpacked(path, unpacked, max_bytes)
            frame: pd.DataFrame = pd.read_excel(path, sheet_name=0 if sheet is None else sheet)
            return frame
    except DataFileError:
        raise
    except (ValueError, OSError, UnicodeDecodeError, KeyError, zipfile.BadZipFile) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else ""
        msg = (
            f"cannot read {path} as {fmt}: {type(exc).__name__}: {detail}\n"
            f"Hint: check the file is a complete {fmt} export in UTF-8 (not truncated, "
            "not another format under this name)."
        )
        raise DataFileError(msg) from None
    msg = f"unknown table format {fmt!r} (expected csv, parquet or excel)"
    raise DataFileError(msg)
