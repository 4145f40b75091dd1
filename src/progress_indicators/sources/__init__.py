"""Evidence sources: adapters that turn real datasets into validated evidence.

``sources`` imports nothing from ``scoring``, ``report`` or the CLI.
"""

from __future__ import annotations

from progress_indicators.sources._acled import AcledSource
from progress_indicators.sources._base import (
    Coverage,
    Evidence,
    EvidenceSource,
    build_evidence,
    empty_humanitarian,
    empty_observations,
)
from progress_indicators.sources._deepstatemap import DeepStateMapSource
from progress_indicators.sources._euvsdisinfo import EuvsDisinfoSource
from progress_indicators.sources._ucdp_ged import UcdpGedSource
from progress_indicators.sources._viina import ViinaSource

__all__ = [
    "AcledSource",
    "Coverage",
    "DeepStateMapSource",
    "EuvsDisinfoSource",
    "Evidence",
    "EvidenceSource",
    "UcdpGedSource",
    "ViinaSource",
    "build_evidence",
    "empty_humanitarian",
    "empty_observations",
]
