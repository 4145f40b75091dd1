"""``import progress_indicators`` works where ``fcntl`` does not exist (#14).

The evidence store's lock imported ``fcntl`` eagerly, so the package could not even be
imported on Windows. The lock is now ``filelock`` (portable), imported only when a
store is locked, and the store package loads on first use. The test imports the
package in a fresh interpreter whose import system refuses ``fcntl``, as Windows would.
"""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

BLOCK_FCNTL = """
import importlib.abc, sys

class NoFcntl(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "fcntl":
            raise ImportError("No module named 'fcntl' (blocked: Windows has none)")
        return None

sys.modules.pop("fcntl", None)
sys.meta_path.insert(0, NoFcntl())
"""

IMPORT_AND_SCORE = """
import progress_indicators as pi
observations, humanitarian = pi.datasets.load_example()
card = pi.score(observations, humanitarian=humanitarian, config={"uncertainty": {"draws": 0}})
assert card.index.notna().any()
assert "fcntl" not in sys.modules, "something imported fcntl"
assert "progress_indicators.store" not in sys.modules, "the store was imported eagerly"
assert "filelock" not in sys.modules and "duckdb" not in sys.modules
print("ok")
"""

USE_STORE = """
import progress_indicators as pi
folder = sys.argv[1]
store = pi.EvidenceStore(folder + "/evidence.duckdb")
observations, _ = pi.datasets.load_example()
store.add(observations.head(20), recorded_at="2025-01-01")
assert len(store.observations()) == 20
assert pi.compare(store.score(), store.score()).empty
assert "fcntl" not in sys.modules
print("ok")
"""


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_FCNTL + script, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_package_imports_and_scores_without_fcntl() -> None:
    """Import and score with ``fcntl`` refused; the store is not loaded by the import."""
    done = _run(IMPORT_AND_SCORE)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"


def test_the_store_works_without_fcntl(tmp_path: Path) -> None:
    """The store's lock needs no ``fcntl`` either: add, read and compare a vintage."""
    pytest.importorskip("duckdb")
    done = _run(USE_STORE, str(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"


def test_the_blocker_really_blocks_fcntl() -> None:
    """The harness is honest: with the finder in place, ``import fcntl`` fails."""
    done = _run("import fcntl\n")
    assert done.returncode != 0
    assert "blocked: Windows has none" in done.stderr


def test_the_old_store_path_of_compare_is_a_deprecated_alias() -> None:
    """``progress_indicators.store.compare`` still works for one release, with a warning."""
    import progress_indicators as pi  # noqa: PLC0415
    import progress_indicators.store  # noqa: PLC0415

    with pytest.warns(DeprecationWarning, match=r"moved to progress_indicators\.report"):
        alias = progress_indicators.store.compare
    assert alias is pi.compare
    with pytest.warns(DeprecationWarning, match=r"compare_records"):
        records = progress_indicators.store.compare_records
    assert records is pi.report.compare_records
