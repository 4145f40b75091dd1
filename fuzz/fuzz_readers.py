"""Atheris harness for the CSV, YAML/JSON and GeoJSON readers (not run in CI).

Run (needs ``pip install atheris``)::

    python fuzz/fuzz_readers.py -max_total_time=600 -rss_limit_mb=2048

Each input is written to a temporary file and read by one reader chosen by its first
byte. Any exception that is not a ``ProgressIndicatorsError`` is a finding; so is an
``AccountingError`` (a source lost rows). Crashing inputs are saved by libFuzzer as
``crash-*`` files: add them to ``tests/corpus/<reader>/`` once fixed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import progress_indicators as pi
    from progress_indicators.exceptions import AccountingError, ProgressIndicatorsError
    from progress_indicators.sources import (
        AcledSource,
        DeepStateMapSource,
        HumanitarianLedgerSource,
        ManualSource,
        TableSource,
    )

READERS = (
    (
        "table.csv",
        lambda p: TableSource(p, source="fuzz", verification="reported").read(
            on_invalid="quarantine"
        ),
    ),
    ("ledger.csv", lambda p: HumanitarianLedgerSource(p).read(on_invalid="quarantine")),
    ("acled.csv", lambda p: AcledSource(p).read(on_invalid="quarantine")),
    ("evidence.yaml", lambda p: ManualSource(p).read(on_invalid="quarantine")),
    ("evidence.json", lambda p: ManualSource(p).read(on_invalid="quarantine")),
    (
        "deepstatemap_data_20240101.geojson",
        lambda p: DeepStateMapSource(p, max_vertices=10_000).read(on_invalid="quarantine"),
    ),
    ("config.yaml", pi.ScorecardConfig.from_yaml),
    ("config.json", pi.ScorecardConfig.from_json),
)


def test_one_input(data: bytes) -> None:
    """Read ``data[1:]`` with reader ``data[0] % len(READERS)``."""
    if not data:
        return
    name, read = READERS[data[0] % len(READERS)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data[1:])
        try:
            read(path)
        except AccountingError:
            raise
        except ProgressIndicatorsError:
            pass


def main() -> None:
    """Start libFuzzer with the command-line options."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
