"""A writer process for the concurrency and crash tests: ``python -m tests.store._child``.

Commands (argv): ``write STORE PREFIX BATCHES ROWS`` appends BATCHES batches of ROWS new
observations; ``hold STORE SECONDS`` appends one batch but waits SECONDS inside the
transaction before committing; ``crash STORE`` appends one batch and SIGKILLs itself
just before the commit; ``big STORE ROWS`` prints ``start`` and appends one large batch.
"""

from __future__ import annotations

import os
import signal
import sys
import time

import numpy as np
import pandas as pd

import progress_indicators as pi
from progress_indicators.sources import build_evidence
from progress_indicators.store import _store


def rows(prefix: str, n: int) -> pd.DataFrame:
    """``n`` valid verified observations of attack events, built column-wise."""
    days = pd.date_range("2023-01-01", periods=n, freq="D").strftime("%Y-%m-%d")
    return pd.DataFrame(
        {
            "observation_id": [f"{prefix}-{i}" for i in range(n)],
            "indicator": "cessation_of_attacks",
            "metric": "attack_events",
            "date": days,
            "value": np.arange(n, dtype="float64") % 50,
            "unit": "events",
            "source": f"writer {prefix}",
            "verification": "verified",
            "reliability": "A",
            "credibility": 1,
        }
    )


def main(argv: list[str]) -> None:
    command, path = argv[0], argv[1]
    store = pi.EvidenceStore(path, timeout_s=60)
    original_commit = _store._commit
    if command == "write":
        prefix, batches, n = argv[2], int(argv[3]), int(argv[4])
        for batch in range(batches):
            store.add(rows(f"{prefix}{batch}", n), source=prefix)
    elif command == "hold":
        seconds = float(argv[2])

        def slow_commit(con: object) -> None:
            print("holding", flush=True)  # noqa: T201 (the parent waits for this line)
            time.sleep(seconds)
            original_commit(con)  # type: ignore[arg-type]

        _store._commit = slow_commit
        store.add(rows("held", 5), source="hold")
    elif command == "crash":

        def crash(con: object) -> None:
            os.kill(os.getpid(), signal.SIGKILL)

        _store._commit = crash
        store.add(rows("crashed", 200), source="crash")
    elif command == "big":
        table = rows("big", int(argv[2]))
        # validated up front, so the add starts on the database at once
        evidence = build_evidence(source="big", read=len(table), observations=table)
        print("start", flush=True)  # noqa: T201
        store.add(evidence)
        print("committed", flush=True)  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1:])
