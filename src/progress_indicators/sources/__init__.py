"""Evidence sources: adapters that turn real datasets into validated evidence.

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

__all__ = [
    "Coverage",
    "Evidence",
    "EvidenceSource",
    "build_evidence",
    "empty_humanitarian",
    "empty_observations",
]
