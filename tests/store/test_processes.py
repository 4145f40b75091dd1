"""Concurrent writers and crashes, with real processes (``tests/store/_child.py``)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import progress_indicators as pi
from tests.store._child import rows
from tests.store.conftest import quarter

REPO_ROOT = Path(__file__).resolve().parents[2]


def _child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store._child", *args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(process: subprocess.Popen[str], line: str) -> None:
    assert process.stdout is not None
    got = process.stdout.readline().strip()
    assert got == line, (
        f"child said {got!r}; stderr: {process.stderr.read() if process.stderr else ''}"
    )


@pytest.mark.slow
def test_two_writer_processes_interleave_without_losing_a_batch(tmp_path: Path) -> None:
    """Two processes appending at once: every batch lands whole, batch ids stay 1..n in order."""
    path = tmp_path / "evidence.duckdb"
    pi.EvidenceStore(path)
    writers = [_child("write", str(path), prefix, "3", "40") for prefix in ("a", "b")]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    store = pi.EvidenceStore(path)
    log = store.log()
    assert log["batch_id"].tolist() == [1, 2, 3, 4, 5, 6]
    assert log["recorded_at"].is_monotonic_increasing
    assert sorted(log["source"].tolist()) == ["a", "a", "a", "b", "b", "b"]
    assert (log["observations_new"] == 40).all()
    observations = store.observations()
    assert len(observations) == 240
    assert observations["observation_id"].str.match(r"^[ab]\d-\d+$").all()


@pytest.mark.slow
def test_a_second_writer_waits_then_gives_up_with_a_clear_error(tmp_path: Path) -> None:
    """Mid-append in another process: a short timeout raises StoreLockedError, a long one waits."""
    path = tmp_path / "evidence.duckdb"
    quick = pi.EvidenceStore(path, timeout_s=0.2)
    patient = pi.EvidenceStore(path, timeout_s=60)
    holder = _child("hold", str(path), "2.0")
    try:
        _wait_for(holder, "holding")
        started = time.monotonic()
        with pytest.raises(pi.store.StoreLockedError, match="locked by another process") as info:
            quick.add(quarter())
        assert time.monotonic() - started < 1.5
        assert "Hint:" in str(info.value)
        assert isinstance(info.value, TimeoutError)
        result = patient.add(quarter(), source="patient")
    finally:
        holder.communicate(timeout=60)
    assert holder.returncode == 0
    assert result.batch_id == 2  # it waited for the holder's batch 1 to commit
    assert patient.log()["source"].tolist() == ["hold", "patient"]


@pytest.mark.slow
def test_a_writer_killed_before_commit_loses_only_its_append(tmp_path: Path) -> None:
    """SIGKILL inside the append's transaction: reopened, earlier data intact, no partial batch."""
    path = tmp_path / "evidence.duckdb"
    store = pi.EvidenceStore(path)
    store.add(quarter(), recorded_at="2025-01-01")
    before = store.observations()
    crasher = _child("crash", str(path))
    crasher.communicate(timeout=120)
    assert crasher.returncode == -signal.SIGKILL
    reopened = pi.EvidenceStore(path)
    assert reopened.row_counts() == {"observations": 7, "humanitarian": 0, "batches": 1}
    pd.testing.assert_frame_equal(reopened.observations(), before)
    after = reopened.add(rows("next", 3), source="after-crash")
    assert after.batch_id == 2


@pytest.mark.slow
def test_a_writer_killed_at_a_random_moment_leaves_all_or_nothing(tmp_path: Path) -> None:
    """Killing a large append mid-way: its batch is either wholly there or wholly absent."""
    path = tmp_path / "evidence.duckdb"
    store = pi.EvidenceStore(path)
    store.add(quarter(), recorded_at="2025-01-01")
    n = 20_000
    writer = _child("big", str(path), str(n))
    _wait_for(writer, "start")
    time.sleep(0.3)
    writer.send_signal(signal.SIGKILL)
    writer.communicate(timeout=60)
    counts = pi.EvidenceStore(path).row_counts()
    assert counts["observations"] in {7, 7 + n}
    assert counts["batches"] == (1 if counts["observations"] == 7 else 2)


def test_a_program_holding_the_file_outside_the_lock_file_is_reported(tmp_path: Path) -> None:
    """DuckDB's own lock (e.g. a notebook has the file open) becomes a StoreLockedError."""
    path = tmp_path / "evidence.duckdb"
    store = pi.EvidenceStore(path, timeout_s=0.3)
    code = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
        "print('open', flush=True); time.sleep(3)"
    )
    other = subprocess.Popen(
        [sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        _wait_for(other, "open")
        with pytest.raises(pi.store.StoreLockedError, match="another program") as info:
            store.observations()
        assert "Hint: close other DuckDB sessions" in str(info.value)
    finally:
        other.kill()
        other.communicate(timeout=30)
    assert store.observations().empty  # usable again once the other program is gone
