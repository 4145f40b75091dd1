"""Benchmark of the evidence store: ingest rate and as-of query time.

Run from the repository root (needs the ``duckdb`` extra)::

    python benchmarks/bench_store.py --rows 10000000 --dir /tmp/bench-store

The synthetic observations are generated column-wise (no per-row Python objects) in
the validated contract and handed over as an ``Evidence``, so the figures are the
store's own cost (hashing, de-duplication, insert, classification of every id). The
store file is written under ``--dir`` (outside the repository) and deleted afterwards
unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from _machine import machine

import progress_indicators as pi
from progress_indicators.model import DEFAULT_METRICS
from progress_indicators.sources import Evidence, empty_humanitarian
from progress_indicators.validation import (
    INDICATOR_DTYPE,
    RELIABILITY_DTYPE,
    VERIFICATION_DTYPE,
)

if TYPE_CHECKING:
    from collections.abc import Callable


def synthetic(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` observations in the validated contract, built column-wise."""
    rng = np.random.default_rng(seed)
    metrics = [m for m in DEFAULT_METRICS if m.kind == "count"]
    which = rng.integers(0, len(metrics), n)
    names = np.array([m.name for m in metrics], dtype=object)
    indicators = np.array([m.indicator.value for m in metrics], dtype=object)
    units = np.array([m.unit for m in metrics], dtype=object)
    days = pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, 4500, n), unit="D")
    grades = np.array(["verified", "corroborated", "reported", "claimed"], dtype=object)
    ids = "obs-" + pd.Series(np.arange(n)).astype("string")
    return pd.DataFrame(
        {
            "observation_id": ids.astype("string"),
            "indicator": pd.Categorical(indicators[which], dtype=INDICATOR_DTYPE),
            "metric": pd.Series(names[which], dtype="string"),
            "date": days.astype("datetime64[ns]"),
            "value": rng.poisson(30, n).astype("float64"),
            "unit": pd.Series(units[which], dtype="string"),
            "source": pd.Series(np.where(which % 2, "monitor A", "monitor B"), dtype="string"),
            "verification": pd.Categorical(grades[rng.integers(0, 4, n)], dtype=VERIFICATION_DTYPE),
            "reliability": pd.Categorical(np.full(n, "B"), dtype=RELIABILITY_DTYPE),
            "credibility": np.full(n, 2, dtype="int8"),
            "end_date": pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]"),
            "region": pd.Series(pd.NA, index=range(n), dtype="string"),
            "latitude": rng.uniform(44, 52, n),
            "longitude": rng.uniform(22, 40, n),
            "source_record": ids.astype("string"),
            "notes": pd.Series(pd.NA, index=range(n), dtype="string"),
        }
    )


def evidence(table: pd.DataFrame, name: str) -> Evidence:
    """Wrap an already-validated table as a source's Evidence."""
    n = len(table)
    return Evidence(
        observations=table,
        humanitarian=empty_humanitarian(),
        rejected=pd.DataFrame(),
        skipped=pd.DataFrame(),
        accounting={"read": n, "accepted": n, "rejected": 0, "routed": 0, "skipped": 0},
        source=name,
    )


def timed(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--revised", type=float, default=0.01, help="share revised later")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(dir=args.dir))
    n = args.rows
    rows: list[tuple[str, str]] = []
    try:
        start = time.perf_counter()
        table = synthetic(n)
        rows.append(("generate (vectorised)", f"{time.perf_counter() - start:.1f} s"))
        store = pi.EvidenceStore(folder / "bench.duckdb", timeout_s=600)

        start = time.perf_counter()
        first = store.add(evidence(table, "bench"), recorded_at="2025-01-01")
        seconds = time.perf_counter() - start
        rows.append(
            (
                f"ingest {n:,} new observations (1 batch)",
                f"{seconds:.1f} s ({n / seconds:,.0f} rows/s)",
            )
        )
        assert first.observations.counts["new"] == n

        k = int(n * args.revised)
        revised = table.iloc[:k].copy()
        revised["value"] = revised["value"] + 1
        start = time.perf_counter()
        second = store.add(evidence(revised, "bench-revision"), recorded_at="2025-02-01")
        rows.append((f"ingest {k:,} revisions into {n:,}", f"{time.perf_counter() - start:.1f} s"))
        assert second.observations.counts["revised"] == k

        start = time.perf_counter()
        again = store.add(evidence(revised, "bench-revision"), recorded_at="2025-03-01")
        rows.append(
            (f"re-add the same {k:,} (all duplicates)", f"{time.perf_counter() - start:.1f} s")
        )
        assert not again.changed

        median, latest = timed(store.observations, args.repeat)
        rows.append(
            (f"as-of now, all {n:,} rows to pandas", f"{median:.1f} s (median of {args.repeat})")
        )
        assert len(latest) == n
        median, _ = timed(lambda: store.observations(as_of="2025-01-15"), args.repeat)
        rows.append(("as-of before the revisions, all rows", f"{median:.1f} s (median)"))
        median, window = timed(
            lambda: store.observations(
                as_of="2025-01-15",
                start="2022-01-01",
                end="2022-03-31",
                indicators=["cessation_of_attacks"],
            ),
            args.repeat,
        )
        rows.append(
            (
                f"as-of + one quarter + one indicator ({len(window):,} rows)",
                f"{median:.2f} s (median)",
            )
        )
        size = (folder / "bench.duckdb").stat().st_size
        rows.append(("store file size", f"{size / 1e6:,.0f} MB"))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(machine("duckdb", "pandas"))
    print("| Step | Time |\n|---|---|")
    for step, figure in rows:
        print(f"| {step} | {figure} |")


if __name__ == "__main__":
    main()
