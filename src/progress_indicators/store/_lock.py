"""A bounded-wait reader/writer lock on the store's sidecar ``.lock`` file (``filelock``).

DuckDB lets one process open a database file for writing, or several for reading, and
fails at once otherwise. The store serialises its own processes in front of that: a
writer takes an exclusive lock, a reader a shared one, each waiting at most
``timeout_s`` seconds.

The lock is :class:`filelock.ReadWriteLock` (a well-kept, portable library: it works
where ``fcntl`` does not exist, e.g. Windows). It holds a SQLite transaction on the
sidecar file, so readers share it and a writer excludes everyone; each call takes its
own instance (``is_singleton=False``), so two stores opened on one path in one process
exclude each other too, and the operating system releases the lock when a process dies
(a writer killed mid-append never leaves the store locked). ``filelock`` is imported
inside :func:`file_lock`, so ``import progress_indicators`` never loads it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import TYPE_CHECKING

from progress_indicators.exceptions import StoreError, StoreLockedError
from progress_indicators.model._bounded import refuse_special_file

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["file_lock"]


@contextlib.contextmanager
def file_lock(path: Path, *, exclusive: bool, timeout_s: float, store: Path) -> Iterator[None]:
    """Hold a shared or exclusive lock on ``path`` for the ``with`` block.

    Args:
        path: the lock file (created if missing; only the lock library reads it).
        exclusive: ``True`` for writers, ``False`` for readers.
        timeout_s: how long to wait for the lock before giving up.
        store: the store file, for messages.

    Raises:
        StoreLockedError: the lock was not free within ``timeout_s``.
        StoreError: the lock file cannot be created or is not a regular file.
    """
    from filelock import ReadWriteLock, Timeout  # noqa: PLC0415 (kept out of the package import)

    refuse_special_file(path, what=f"lock file of the evidence store {store}", error=StoreError)
    try:
        lock = ReadWriteLock(path, timeout=timeout_s, is_singleton=False)
    except (OSError, ValueError, sqlite3.Error) as exc:
        msg = (
            f"cannot create the lock file {path} of the evidence store {store}: {exc}.\n"
            "Hint: the store's folder must be writable, even for reading."
        )
        raise StoreError(msg) from exc
    try:
        try:
            if exclusive:
                lock.acquire_write()
            else:
                lock.acquire_read()
        except Timeout:
            kind = "write" if exclusive else "read"
            msg = (
                f"the evidence store {store} is locked by another process; waited "
                f"{timeout_s:g} s for a {kind} lock on {path.name}.\n"
                "Hint: another writer is appending (or a reader is querying); retry "
                "later or raise timeout_s=... of EvidenceStore."
            )
            raise StoreLockedError(msg) from None
        except (OSError, sqlite3.Error) as exc:
            msg = (
                f"cannot lock {path} of the evidence store {store}: {exc}.\n"
                "Hint: the store's folder must be writable, even for reading."
            )
            raise StoreError(msg) from exc
        try:
            yield
        finally:
            lock.release()
    finally:
        lock.close()
