"""A bounded-wait file lock on the store's sidecar ``.lock`` file (``fcntl.flock``).

DuckDB lets one process open a database file for writing, or several for reading, and
fails at once otherwise. The store serialises its own processes in front of that: a
writer takes an exclusive lock, a reader a shared one, each waiting at most
``timeout_s`` seconds. ``flock`` locks belong to the open file, so two handles in one
process exclude each other too, and the kernel releases them when a process dies
(a writer killed mid-append never leaves the store locked).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from typing import TYPE_CHECKING

from progress_indicators.exceptions import StoreError, StoreLockedError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["file_lock"]

_POLL_S = 0.02


@contextlib.contextmanager
def file_lock(path: Path, *, exclusive: bool, timeout_s: float, store: Path) -> Iterator[None]:
    """Hold a shared or exclusive ``flock`` on ``path`` for the ``with`` block.

    Args:
        path: the lock file (created if missing; its content is never read).
        exclusive: ``True`` for writers, ``False`` for readers.
        timeout_s: how long to wait for the lock before giving up.
        store: the store file, for messages.

    Raises:
        StoreLockedError: the lock was not free within ``timeout_s``.
        StoreError: the lock file cannot be created.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        msg = (
            f"cannot create the lock file {path} of the evidence store {store}: {exc}.\n"
            "Hint: the store's folder must be writable, even for reading."
        )
        raise StoreError(msg) from exc
    operation = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                fcntl.flock(fd, operation)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    kind = "write" if exclusive else "read"
                    msg = (
                        f"the evidence store {store} is locked by another process; waited "
                        f"{timeout_s:g} s for a {kind} lock on {path.name}.\n"
                        "Hint: another writer is appending (or a reader is querying); retry "
                        "later or raise timeout_s=... of EvidenceStore."
                    )
                    raise StoreLockedError(msg) from None
                time.sleep(_POLL_S)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock
