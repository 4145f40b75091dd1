"""Shared fixtures (the real extracts in ``../shared``) and the suite's marker rules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Sequence

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
# markers (registered in pyproject.toml) whose tests are slow by nature: a JVM, a browser,
# a notebook and a site build, or hundreds of hostile files
SLOW_BY_NATURE = ("corpus", "docs", "spark", "browser")
# the evidence store runs on DuckDB (the backends extra): its tests are marked backends
STORE_TESTS = REPO_ROOT / "tests" / "store"


def implied_slow(marker_names: Sequence[str]) -> bool:
    """True when a test carries a marker that makes it slow by nature."""
    return any(name in SLOW_BY_NATURE for name in marker_names)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark corpus, docs, spark and browser tests ``slow``, and the store's ``backends``."""
    for item in items:
        if item.path.is_relative_to(STORE_TESTS):
            item.add_marker(pytest.mark.backends)
        names = [mark.name for mark in item.iter_markers()]
        if implied_slow(names) and "slow" not in names:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def shared_data() -> Path:
    """The ``shared/data`` folder next to the repository, or skip the test."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"real dataset extracts not found at {path} (../shared is absent)")
    return path
