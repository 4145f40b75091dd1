"""Shared fixtures: the real extracts in ``../shared`` (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture
def shared_data() -> Path:
    """The ``shared/data`` folder next to the repository, or skip the test."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"real dataset extracts not found at {path} (../shared is absent)")
    return path
