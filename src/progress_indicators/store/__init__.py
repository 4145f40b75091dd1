"""The evidence store: an append-only, versioned evidence base with as-of reads (DuckDB).

``EvidenceStore`` keeps every version of every observation and humanitarian event with
its provenance; ``store.observations(as_of=...)`` and ``store.score(as_of=...)`` show
what was known at a date, and :func:`compare` shows what changed between two vintages.
DuckDB (the ``duckdb`` extra) is imported only when a store is opened.

The store sits beside ``report``: it reads ``model``, ``validation``, ``sources``'
``Evidence`` and ``scorecard``; nothing below it imports it.
"""

from __future__ import annotations

from progress_indicators.exceptions import (
    StoreError,
    StoreLockedError,
    StoreOrderError,
    StoreSchemaError,
)
from progress_indicators.store._compare import compare, compare_records
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
    "compare",
    "compare_records",
]
