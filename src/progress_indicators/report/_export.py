"""Exports of a scorecard: CSV, Parquet, Excel and JSON, each with ``manifest.json``.

Every export writes the same tables (:func:`export_tables`) into a folder, then a
``manifest.json`` with the provenance (:func:`~progress_indicators.report.manifest`)
and the sha256 of each file written. Bytes are deterministic: the same scorecard and
the same pinned timestamp give identical files (sorted keys, fixed float formatting,
fixed zip dates in Excel workbooks).

CSV and Excel cells of text that begin with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return are prefixed with ``'`` so a spreadsheet shows them as text instead of
running them as a formula (OWASP "CSV injection"). Parquet and JSON keep every value
as it is: they are read by programs, not spreadsheets.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from typing import TYPE_CHECKING, Any

import pandas as pd

from progress_indicators.exceptions import ReportError
from progress_indicators.report._common import checked_output_folder, uncertainty_band
from progress_indicators.report._manifest import FLOAT_FORMAT, manifest, sha256_hex

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path

    from progress_indicators.scorecard import Scorecard

__all__ = [
    "FORMULA_PREFIXES",
    "export_tables",
    "neutralise_formulas",
    "to_csv",
    "to_excel",
    "to_json",
    "to_parquet",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet read a cell as a formula."""

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_PINNED_XLSX_DATE = "1980-01-01T00:00:00Z"


def export_tables(card: Scorecard) -> dict[str, pd.DataFrame]:
    """The tables every export writes, by file stem (a new frame each).

    ``index`` (period, verified and claimed index, their gap, the four indicators, and
    ``lower``/``upper`` when the scorecard has an uncertainty band), ``scorecard`` (the
    tidy long table), ``coverage``, ``goalposts``, ``excluded``, ``humanitarian_ledger``
    (per period) and ``humanitarian_events`` (the ledger rows). The ledger tables are
    separate files: nothing of the ledger is in the index tables.
    """
    wide = card.indicators.copy()
    wide.insert(0, "verified_progress_index", card.index)
    wide.insert(1, "claimed_progress_index", card.claimed_index)
    wide.insert(2, "claimed_minus_verified", card.claimed_gap)
    band = uncertainty_band(card)
    if band is not None:
        wide.insert(1, "index_lower", band["lower"])
        wide.insert(2, "index_upper", band["upper"])
    tables = {
        "index": wide.reset_index(),
        "scorecard": card.to_frame(),
        "coverage": card.coverage.reset_index(),
        "goalposts": card.goalposts.reset_index(),
        "excluded": card.excluded,
        "humanitarian_ledger": card.humanitarian.reset_index(),
        "humanitarian_events": card.humanitarian_events.reset_index(drop=True),
    }
    return {name: _plain(table) for name, table in tables.items()}


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Periods and categories as text, nullable numbers as floats: portable columns."""
    out = table.copy()
    out.columns = [str(c) for c in out.columns]
    for name in out.columns:
        column = out[name]
        if isinstance(column.dtype, (pd.PeriodDtype, pd.CategoricalDtype)):
            out[name] = column.astype(str).where(column.notna()).astype("string")
        elif pd.api.types.is_bool_dtype(column.dtype):
            out[name] = column.astype("bool")
        elif pd.api.types.is_integer_dtype(column.dtype) and column.isna().any():
            out[name] = column.astype("float64")
        elif pd.api.types.is_object_dtype(column.dtype):
            out[name] = column.astype("string")
    return out


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells cannot start a spreadsheet formula.

    Text cells (string and object columns) that begin with one of
    :data:`FORMULA_PREFIXES` get a leading ``'``. Numbers are left alone (a negative
    number is a number, not a formula).
    """
    out = table.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_string_dtype(column.dtype) or pd.api.types.is_object_dtype(column.dtype):
            text = column.astype("string")
            risky = text.str.startswith(FORMULA_PREFIXES).fillna(False).to_numpy(dtype=bool)
            out[name] = text.where(~risky, "'" + text)
    return out


def _folder(out: str | Path) -> Path:
    path = checked_output_folder(out)  # entry check (#16): a path, and one that can be used
    if path.exists() and not path.is_dir():
        msg = (
            f"export target {path} is a file, expected a folder.\n"
            "Hint: pass a folder; the tables and manifest.json are written into it."
        )
        raise ReportError(msg)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = (
            f"cannot create the export folder {path}: {exc.strerror or exc}.\nHint: check the path."
        )
        raise ReportError(msg) from None
    return path


def _finish(
    card: Scorecard,
    folder: Path,
    written: dict[str, bytes],
    timestamp: dt.datetime | str | None,
    seed: int | None,
) -> list[Path]:
    paths = []
    for name, data in written.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    hashes = {name: sha256_hex(data) for name, data in written.items()}
    record = manifest(card, timestamp=timestamp, seed=seed, files=hashes)
    manifest_path = folder / "manifest.json"
    manifest_path.write_bytes(manifest_bytes(record))
    return [*paths, manifest_path]


def manifest_bytes(record: dict[str, Any]) -> bytes:
    r"""The manifest as deterministic JSON bytes (sorted keys, 2-space indent, ``\\n``)."""
    return (json.dumps(record, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


def _csv_bytes(table: pd.DataFrame) -> bytes:
    text = neutralise_formulas(table).to_csv(
        index=False, lineterminator="\n", float_format=FLOAT_FORMAT, date_format="%Y-%m-%d"
    )
    return text.encode("utf-8")


def to_csv(
    card: Scorecard,
    out: str | Path,
    *,
    timestamp: dt.datetime | str | None = None,
    seed: int | None = None,
) -> list[Path]:
    """Write each table of :func:`export_tables` as ``<name>.csv`` plus ``manifest.json``.

    Text cells that could run as a formula are neutralised (see
    :func:`neutralise_formulas`). Returns the paths written.
    """
    folder = _folder(out)
    written = {f"{name}.csv": _csv_bytes(t) for name, t in export_tables(card).items()}
    return _finish(card, folder, written, timestamp, seed)


def _parquet_bytes(table: pd.DataFrame) -> bytes:
    import pyarrow as pa  # noqa: PLC0415 (core dependency, loaded only to export)
    import pyarrow.parquet as pq  # noqa: PLC0415

    buffer = io.BytesIO()
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    pq.write_table(arrow, buffer, compression="zstd")
    return buffer.getvalue()


def to_parquet(
    card: Scorecard,
    out: str | Path,
    *,
    timestamp: dt.datetime | str | None = None,
    seed: int | None = None,
) -> list[Path]:
    """Write each table as ``<name>.parquet`` (values kept as they are) plus the manifest."""
    folder = _folder(out)
    written = {f"{name}.parquet": _parquet_bytes(t) for name, t in export_tables(card).items()}
    return _finish(card, folder, written, timestamp, seed)


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) else float(FLOAT_FORMAT % value)
    if hasattr(value, "item"):
        return _json_value(value.item())
    return value


def _json_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    columns = list(table.columns)
    return [
        {name: _json_value(value) for name, value in zip(columns, row, strict=True)}
        for row in table.itertuples(index=False, name=None)
    ]


def to_json(
    card: Scorecard,
    out: str | Path,
    *,
    timestamp: dt.datetime | str | None = None,
    seed: int | None = None,
) -> list[Path]:
    """Write ``scorecard.json`` (every table as a list of records) plus the manifest.

    Values are kept as they are (no formula neutralisation); NaN is ``null``; floats
    use 12 significant digits; keys are sorted.
    """
    folder = _folder(out)
    document = {name: _json_records(t) for name, t in export_tables(card).items()}
    data = json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
    return _finish(card, folder, {"scorecard.json": (data + "\n").encode("utf-8")}, timestamp, seed)


def _require_openpyxl() -> None:
    import importlib.util  # noqa: PLC0415

    if importlib.util.find_spec("openpyxl") is None:
        msg = (
            "Excel export needs openpyxl, which is not installed.\n"
            "Hint: pip install 'progress-indicators[excel]'"
        )
        raise ReportError(msg)


def _deterministic_zip(data: bytes, fix: Callable[[str, bytes], bytes]) -> bytes:
    """Rewrite a zip with fixed entry dates and order, passing each member through ``fix``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, fix(info.filename, source.read(info.filename)))
    return buffer.getvalue()


def _pin_core_properties(name: str, data: bytes) -> bytes:
    if name != "docProps/core.xml":
        return data
    import re  # noqa: PLC0415

    text = data.decode("utf-8")
    text = re.sub(
        r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
        rf"\g<1>{_PINNED_XLSX_DATE}\g<2>",
        text,
    )
    return text.encode("utf-8")


def to_excel(
    card: Scorecard,
    out: str | Path,
    *,
    timestamp: dt.datetime | str | None = None,
    seed: int | None = None,
) -> list[Path]:
    """Write ``scorecard.xlsx`` (one sheet per table) plus the manifest.

    Needs the optional ``[excel]`` extra (openpyxl). Text that could run as a formula
    is neutralised. The workbook's internal dates are pinned so the bytes are
    reproducible.

    Raises:
        ReportError: openpyxl is not installed.
    """
    _require_openpyxl()
    folder = _folder(out)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in export_tables(card).items():
            safe = neutralise_formulas(table)
            for column in safe.columns:
                if isinstance(safe[column].dtype, pd.DatetimeTZDtype):
                    safe[column] = safe[column].dt.tz_localize(None)
            safe.to_excel(writer, sheet_name=name, index=False)
    data = _deterministic_zip(buffer.getvalue(), _pin_core_properties)
    return _finish(card, folder, {"scorecard.xlsx": data}, timestamp, seed)
