"""Bounded reading of files: argument checks, special files refused, bytes counted.

Every file the library reads (sources, configs, run configs, the CLI's tables, the
store's lock) goes through these helpers: a path argument is checked for its type; a
file that is not a regular file (FIFO, device, socket) is refused before it is opened
for reading (opening a FIFO blocks; ``/dev/zero`` never ends); and a size limit counts
the bytes actually read, after decompression, rather than what ``stat`` says. They sit
in ``model`` (the lowest layer that reads files) so configs and sources share them.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import io
import lzma
import os
import reprlib
import stat
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from progress_indicators.exceptions import DataFileError, InputTypeError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "byte_limit",
    "open_bounded",
    "path_argument",
    "read_bounded",
    "refuse_special_file",
    "shown",
]

_CHUNK = 1 << 20


def path_argument(value: object, *, name: str = "path") -> Path:
    """``value`` as a ``Path``; anything but text or a path is an ``InputTypeError``."""
    if isinstance(value, (str, os.PathLike)) and not isinstance(value, bytes):
        text = os.fspath(value)
        if isinstance(text, str) and text.strip() and "\x00" not in text:
            return Path(text)
    msg = (
        f"{name} must be a file path (a str or pathlib.Path, not blank) "
        f"(got {shown(value)} that is a {type(value).__name__}).\n"
        f"Hint: pass {name}='data/export.csv' or a pathlib.Path."
    )
    raise InputTypeError(msg)


def byte_limit(value: object, *, name: str = "max_bytes") -> int | None:
    """``value`` as a size limit: ``None`` (no limit) or an ``int`` > 0."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    msg = (
        f"{name} must be None or a whole number of bytes > 0 "
        f"(got {shown(value)} that is a {type(value).__name__}).\n"
        f"Hint: e.g. {name}=50_000_000 for 50 MB."
    )
    raise InputTypeError(msg)


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages (inputs can be huge)."""
    text = reprlib.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def refuse_special_file(path: Path, *, what: str, error: type[Exception] = DataFileError) -> None:
    """Raise ``error`` when ``path`` exists and is not a regular file (after symlinks).

    ``stat`` never blocks, so a FIFO or ``/dev/zero`` (or a symlink to one) is refused
    before anything opens it. A missing path passes (the caller creates or reports it).
    """
    try:
        mode = Path(path).stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        msg = f"{what} {path} cannot be inspected: {exc.strerror}.\nHint: check the path."
        raise error(msg) from None
    if not stat.S_ISREG(mode):
        msg = (
            f"{what} {path} is {_kind(mode)}, not a regular file.\n"
            "Hint: give the path of an ordinary file (pipes and devices are refused, "
            "since reading them can block or never end)."
        )
        raise error(msg)


_DECOMPRESS = {".gz": gzip.GzipFile, ".bz2": bz2.BZ2File, ".xz": lzma.LZMAFile}
_DECOMPRESS_ERRORS = (EOFError, OSError, lzma.LZMAError, zipfile.BadZipFile)


class _CountedReader(io.RawIOBase):
    """A raw reader that counts the bytes it hands out and stops past ``limit``.

    Written by hand because no library offers a byte budget on a (decompressed)
    stream; it is the one place the limit is enforced, so it is kept to ``readinto``.
    """

    def __init__(
        self, inner: BinaryIO, *, limit: int | None, path: Path, what: str, unpacked: bool
    ) -> None:
        super().__init__()
        self._inner = inner
        self._limit = limit
        self._path = path
        self._what = what
        self._unpacked = unpacked
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            read = self._inner.readinto(buffer)  # type: ignore[attr-defined]
        except _DECOMPRESS_ERRORS as exc:
            msg = (
                f"{self._what} file {self._path} cannot be decompressed: {exc}.\n"
                "Hint: the file may be truncated or not the format its name says."
            )
            raise DataFileError(msg) from None
        self.count += int(read or 0)
        if self._limit is not None and self.count > self._limit:
            how = " once decompressed" if self._unpacked else ""
            msg = (
                f"{self._what} file {self._path} holds more than {self._limit:,} bytes"
                f"{how} (counted while reading), above the limit max_bytes={self._limit:,}.\n"
                "Hint: raise max_bytes= if the file is trusted."
            )
            raise DataFileError(msg)
        return int(read or 0)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._inner.close()
        super().close()


@contextlib.contextmanager
def open_bounded(
    path: Path, *, what: str, max_bytes: int | None = None, decompress: bool = True
) -> Iterator[io.BufferedIOBase]:
    """Open a regular file for reading, counting the bytes read against ``max_bytes``.

    The file is opened without blocking and checked with ``fstat`` on the open
    descriptor (so a FIFO or device swapped in after a check is still refused).
    ``.gz``, ``.bz2`` and ``.xz`` files are decompressed when ``decompress`` is set, and
    the limit then counts the decompressed bytes: a small archive that expands past
    ``max_bytes`` is refused as soon as the reader passes the limit.

    Raises:
        DataFileError: missing, not a regular file, unreadable, not decompressible, or
            more than ``max_bytes`` bytes read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        msg = f"{what} file not found: {path}"
        raise DataFileError(msg) from None
    except OSError as exc:
        msg = f"{what} file {path} cannot be opened: {exc.strerror}.\nHint: check the path."
        raise DataFileError(msg) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        refuse_special_file(path, what=f"{what} file", error=DataFileError)
        msg = f"{what} file {path} is {_kind(mode)}, not a regular file."
        raise DataFileError(msg)
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    raw: BinaryIO = os.fdopen(fd, "rb", buffering=0)
    suffix = path.suffix.lower()
    unpacked = decompress and suffix in _DECOMPRESS
    inner: BinaryIO = _DECOMPRESS[suffix](fileobj=raw) if unpacked else raw
    counted = _CountedReader(inner, limit=max_bytes, path=path, what=what, unpacked=unpacked)
    reader = io.BufferedReader(counted, buffer_size=_CHUNK)
    try:
        yield reader
    finally:
        reader.close()
        raw.close()


def read_bounded(
    path: Path, *, what: str, max_bytes: int | None = None, decompress: bool = True
) -> bytes:
    """All bytes of a regular file, read through :func:`open_bounded`."""
    with open_bounded(path, what=what, max_bytes=max_bytes, decompress=decompress) as handle:
        return handle.read()
