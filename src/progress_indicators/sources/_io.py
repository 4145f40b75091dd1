"""File helpers shared by the sources: provenance, checked opening, period filtering."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from progress_indicators.exceptions import DataFileError

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["checked_path", "file_provenance", "within_span"]

_CHUNK = 1 << 20


def checked_path(path: str | Path, *, what: str, max_bytes: int | None = None) -> Path:
    """Resolve ``path`` and check it is a readable, non-empty file within ``max_bytes``.

    Raises:
        DataFileError: missing, a directory, empty, or larger than ``max_bytes``.
    """
    resolved = Path(path).expanduser()
    if not resolved.exists():
        msg = f"{what} file not found: {resolved}"
        raise DataFileError(msg)
    if not resolved.is_file():
        msg = f"{what} path is not a file: {resolved}"
        raise DataFileError(msg)
    size = resolved.stat().st_size
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


def file_provenance(path: Path) -> dict[str, str]:
    """Path, size and SHA-256 of a file, streamed (never the whole file in memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return {"path": str(path), "bytes": str(path.stat().st_size), "sha256": digest.hexdigest()}


def within_span(dates: pd.Series, start: dt.date | None, end: dt.date | None) -> pd.Series:
    """Boolean mask of dates within ``start``..``end`` (inclusive; open ends allowed).

    Missing or unparseable dates are *inside* the span, so validation sees and rejects
    them rather than the span filter skipping them silently.
    """
    parsed = pd.to_datetime(dates, errors="coerce")
    mask = pd.Series(True, index=dates.index)
    if start is not None:
        mask &= ~(parsed < pd.Timestamp(start))
    if end is not None:
        mask &= ~(parsed > pd.Timestamp(end))
    return mask
