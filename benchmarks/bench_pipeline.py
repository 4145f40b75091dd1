"""Pipeline benchmarks: ACLED-format file -> weekly VPI scorecard, against baselines.

Every measurement runs in a fresh subprocess (so peak RSS is that measurement's own,
read from ``getrusage`` in the child); the cases of one goal alternate, repetition by
repetition, in one run, and the medians and their ratios are printed.

Run from the repository root::

    python benchmarks/bench_pipeline.py --rows 1000000 --reps 5       # goals 1 and 2
    python benchmarks/bench_pipeline.py --scaling 1,2,4,8 --reps 3    # goal 3
    python benchmarks/bench_pipeline.py --control --reps 3            # goal 4
    python benchmarks/bench_pipeline.py --budget --reps 3             # goal 1's floor

Missing data files are generated first (``benchmarks/data/``, git-ignored).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _machine import machine

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
ATTACK_TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians"]
TERRITORY = [
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
]
RUSSIAN = r"^(Military Forces of Russia|Police Forces of Russia|Wagner Group|Rosgvardia"
RUSSIAN += r"|Military Forces of (the )?(Donetsk|Luhansk) People'?s Republic)"
COLUMNS = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "notes"]
COLUMNS += ["admin1", "latitude", "longitude", "fatalities", "country", "source"]
"""The columns ``AcledSource`` reads (``notes``: sourcing and exchange rules; ``source``:
the citation kept on each observation)."""


# -- the cases (each runs in its own process) -------------------------------------------


def _score(observations: Any) -> Any:
    """Score weekly; the synthetic export covers only cessation, which the library says.

    Its warnings (no index without the other indicators, one metric for cessation) are
    expected here and would only clutter the timings, so they are silenced.
    """
    import warnings

    import progress_indicators as pi

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pi.ProgressIndicatorsWarning)
        return pi.score(observations, config=pi.ScorecardConfig(frequency="weekly"))


def case_pyarrow_csv(path: Path) -> int:
    """Baseline: ``pyarrow.csv.read_csv`` of the whole file."""
    import pyarrow.csv as pacsv

    return int(pacsv.read_csv(path).num_rows)


def case_pandas_analyst(path: Path) -> int:
    """Baseline: what an analyst writes (default ``pd.read_csv``, filter, weekly counts)."""
    import pandas as pd

    df = pd.read_csv(path)
    df = df[df["event_type"].isin(ATTACK_TYPES) & ~df["sub_event_type"].isin(TERRITORY)]
    df = df[df["actor1"].str.contains(RUSSIAN, regex=True, na=False)]
    df["event_date"] = pd.to_datetime(df["event_date"])
    weekly = df.groupby(pd.Grouper(key="event_date", freq="W-SUN")).size()
    return len(weekly)


def case_library_csv(path: Path) -> int:
    """Library: ``AcledSource`` (read, map, validate) -> weekly ``score(evidence)``."""
    from progress_indicators.sources import AcledSource

    evidence = AcledSource(path=path).read(on_invalid="quarantine")
    return len(_score(evidence).index)


def case_pyarrow_parquet(path: Path) -> int:
    """Baseline: ``pyarrow.parquet.read_table`` of the columns the ACLED source reads."""
    import pyarrow.parquet as pq

    return int(pq.read_table(path, columns=COLUMNS).num_rows)


def case_pyarrow_parquet_whole(path: Path) -> int:
    """Baseline: ``pyarrow.parquet.read_table`` of the whole file (every column)."""
    import pyarrow.parquet as pq

    return int(pq.read_table(path).num_rows)


def case_library_parquet(path: Path) -> int:
    """Library: the same export as Parquet through ``AcledSource`` -> weekly ``score()``."""
    return case_library_csv(path)


def case_control_duckdb(path: Path) -> int:
    """Goal 4: control table -> per settlement-week control (to Parquet) + occupied counts."""
    import duckdb

    from progress_indicators.frames import occupied_settlements, settlement_control

    connection = duckdb.connect()
    connection.execute("SET memory_limit='2GB'")
    connection.execute("SET threads=2")
    connection.execute(f"SET temp_directory='{DATA / 'duckdb_tmp'}'")
    relation = connection.read_parquet(str(path))
    weekly = settlement_control(relation)
    weekly.write_parquet(str(DATA / "control_weekly.parquet"))
    counts = occupied_settlements(relation)
    connection.close()
    return len(counts)


CASES = {name[5:]: value for name, value in globals().items() if name.startswith("case_")}


def _child(case: str, path: Path) -> None:
    """Run one case in this process; print seconds and peak RSS as JSON."""
    import pandas  # noqa: F401  (import cost is not part of any measurement)
    import pyarrow  # noqa: F401

    import progress_indicators  # noqa: F401

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = CASES[case](path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "base_mb": base / 1024,
                      "result": result}))  # fmt: skip


# -- the driver ---------------------------------------------------------------------------


def run(case: str, path: Path) -> dict[str, float]:
    """One measurement in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", case, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def compare(cases: list[str], path: Path, reps: int) -> dict[str, dict[str, float]]:
    """Alternate the cases ``reps`` times; medians of time and peak RSS per case."""
    runs: dict[str, list[dict[str, float]]] = {c: [] for c in cases}
    for _ in range(reps):
        for case in cases:
            runs[case].append(run(case, path))
    summary: dict[str, dict[str, float]] = {}
    for case, results in runs.items():
        summary[case] = {
            "seconds": statistics.median(r["seconds"] for r in results),
            "peak_mb": statistics.median(r["peak_mb"] for r in results),
            "base_mb": statistics.median(r["base_mb"] for r in results),
        }
        row = summary[case]
        print(
            f"  {case:18s} median {row['seconds']:7.3f} s  peak RSS {row['peak_mb']:7.0f} MB "
            f"(after imports {row['base_mb']:.0f} MB)  "
            f"runs {[round(r['seconds'], 3) for r in results]}"
        )
    return summary


def _data(name: str, *args: str) -> Path:
    path = DATA / name
    if not path.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), *args, "--out", str(path)], check=True
        )
    return path


def budget(path: Path, reps: int) -> None:
    """Wall and CPU seconds of goal 1's fixed parts (parse, digest) and the whole path.

    Measured in this process (CPU = user + system time of all its threads), medians.
    """
    import hashlib

    import pyarrow.csv as pacsv

    from progress_indicators.sources import _acled
    from progress_indicators.sources._io import file_provenance

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def digest() -> None:
        sha = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                sha.update(chunk)

    parts = {
        "pyarrow read_csv, all columns": lambda: pacsv.read_csv(path),
        "AcledSource parse, its 12 columns": lambda: _acled._read_csv(path, None),
        "SHA-256 of the file (digest='sha256')": digest,
        "BLAKE3 of the file (the default)": lambda: file_provenance(path, digest="blake3"),
        "library_csv (AcledSource + score)": lambda: case_library_csv(path),
    }
    for label, work in parts.items():
        walls, cpus = [], []
        for _ in range(reps):
            wall, used = time.perf_counter(), cpu()
            work()
            walls.append(time.perf_counter() - wall)
            cpus.append(cpu() - used)
        print(
            f"  {label:36s} wall {statistics.median(walls):.2f} s, "
            f"CPU {statistics.median(cpus):.2f} s (medians of {reps})"
        )


def main() -> None:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--scaling")
    parser.add_argument("--control", action="store_true")
    parser.add_argument("--budget", action="store_true")
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], Path(args.child[1]))
        return
    print(machine("pandas", "pyarrow", "narwhals", "duckdb"))
    if args.budget:
        path = _data("acled_1m.csv", "acled", "--rows", "1000000")
        print("Goal 1's floor: the parse and the file digest, 1M rows")
        budget(path, args.reps)
        return
    if args.control:
        path = _data("control_50m.parquet", "control")
        print("Goal 4: control table, 50M place-days, DuckDB")
        compare(["control_duckdb"], path, args.reps)
        return
    if args.scaling:
        print("Goal 3: library CSV path (AcledSource + weekly score), time per row")
        print("  (the pyarrow read of each file alongside, to show the machine's own scaling)")
        per_row: dict[str, dict[int, float]] = {"library_csv": {}, "pyarrow_csv": {}}
        for millions in [int(m) for m in args.scaling.split(",")]:
            rows = millions * 1_000_000
            path = _data(f"acled_{millions}m.csv", "acled", "--rows", str(rows))
            result = compare(["pyarrow_csv", "library_csv"], path, args.reps)
            for case, times in per_row.items():
                times[millions] = result[case]["seconds"] / rows * 1e6
            print(
                f"  {millions}M rows: library {per_row['library_csv'][millions]:.3f} us/row, "
                f"pyarrow read {per_row['pyarrow_csv'][millions]:.3f} us/row, ratio "
                f"{per_row['library_csv'][millions] / per_row['pyarrow_csv'][millions]:.2f}"
            )
        for case, times in per_row.items():
            spread = max(times.values()) / min(times.values())
            print(f"  {case}: time per row max / min = {spread:.2f} (goal: <= 1.20)")
        return
    tag = f"{args.rows // 1_000_000}m" if args.rows % 1_000_000 == 0 else str(args.rows)
    csv = _data(f"acled_{tag}.csv", "acled", "--rows", str(args.rows))
    print(f"Goal 1: ACLED CSV, {args.rows:,} rows ({csv.stat().st_size / 1e6:.0f} MB)")
    cases = ["pyarrow_csv", "library_csv", "pandas_analyst"]
    one = compare(cases, csv, args.reps)
    lib = one["library_csv"]
    base = one["pyarrow_csv"]
    print(
        f"  library / pyarrow read: {lib['seconds'] / base['seconds']:.2f}x time "
        f"(goal <= 1.5); library / pandas analyst: "
        f"{lib['seconds'] / one['pandas_analyst']['seconds']:.2f}x (goal <= 0.7); "
        f"peak RSS library / pyarrow read: {lib['peak_mb'] / base['peak_mb']:.2f}x (goal <= 1)"
    )
    count = str(args.rows)
    parquet = _data(f"acled_{tag}.parquet", "acled", "--rows", count, "--format", "parquet")
    print(f"Goal 2: ACLED Parquet, {args.rows:,} rows")
    two = compare(
        ["pyarrow_parquet_whole", "pyarrow_parquet", "library_parquet"], parquet, args.reps
    )
    library = two["library_parquet"]["seconds"]
    print(
        f"  library / pyarrow read of the whole file: "
        f"{library / two['pyarrow_parquet_whole']['seconds']:.2f}x (goal <= 1.5); "
        f"of the 12 needed columns: {library / two['pyarrow_parquet']['seconds']:.2f}x"
    )


if __name__ == "__main__":
    main()
