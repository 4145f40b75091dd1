"""Evidence sources: adapters that turn real datasets into validated evidence.

Sources are plugins found through the entry-point group ``progress_indicators.sources``
(the built-in ones too): :func:`load_source` builds one by name and
:func:`available_sources` lists them. Their modules are imported only when loaded.
``sources`` imports nothing from ``scoring``, ``report`` or the CLI.
"""

from __future__ import annotations

from progress_indicators.sources._base import (
    Coverage,
    Evidence,
    EvidenceSource,
    build_evidence,
    empty_humanitarian,
    empty_observations,
)
from progress_indicators.sources._collect import Collection, collect, deduplicate
from progress_indicators.sources._registry import (
    ENTRY_POINT_GROUP,
    available_sources,
    load_source,
    refresh_sources,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "Collection",
    "Coverage",
    "Evidence",
    "EvidenceSource",
    "available_sources",
    "build_evidence",
    "collect",
    "deduplicate",
    "empty_humanitarian",
    "empty_observations",
    "load_source",
    "refresh_sources",
]
