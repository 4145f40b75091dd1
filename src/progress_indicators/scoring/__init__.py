"""Scoring: pure functions from per-period metric values to scores and the index.

``scoring`` imports nothing from ``sources``, the ledger, ``report`` or the CLI, and no
function here accepts a humanitarian event (enforced by ``tests/test_layers.py``).
"""

from __future__ import annotations

from progress_indicators.scoring._vpi import (
    INDEX_NAME,
    TrackScores,
    resolve_goalposts,
    score_track,
)

__all__ = ["INDEX_NAME", "TrackScores", "resolve_goalposts", "score_track"]
