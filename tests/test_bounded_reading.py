"""Limits measured on what is read, special files refused (#16, class 3).

Size limits used ``stat``, so a small ``.gz`` that expands past ``max_bytes``, a symlink
to ``/dev/zero`` or a FIFO (which made config, store and CLI hang) got through. Now one
bounded reader (``model._bounded``) is used everywhere: non-regular files are refused
before anything opens them, and ``max_bytes`` counts the bytes actually read, after
decompression. Every test runs under a ``SIGALRM`` deadline, so a regression fails
instead of hanging the suite.
"""

from __future__ import annotations

import gzip
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest
from typer.testing import CliRunner

import progress_indicators as pi
from progress_indicators.cli import app, load_run
from progress_indicators.exceptions import (
    ConfigError,
    DataFileError,
    ProgressIndicatorsError,
    StoreError,
)
from progress_indicators.model._bounded import read_bounded
from progress_indicators.sources import (
    AcledSource,
    DeepStateMapSource,
    EuvsDisinfoSource,
    HumanitarianLedgerSource,
    ManualSource,
    OsceSmmSource,
    TableSource,
    UcdpGedSource,
    ViinaSource,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX (the refusal is portable)"
)

FIXTURES = Path(__file__).resolve().parent / "sources" / "fixtures"


class _HungError(Exception):
    pass


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    """Fail (not hang) when a read blocks: 20 s is far above any of these reads."""

    def expire(signum: int, frame: Any) -> None:
        raise _HungError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _fifo(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def _zero(folder: Path, name: str) -> Path:
    path = folder / name
    path.symlink_to("/dev/zero")
    return path


SOURCES: dict[str, Callable[[Path], Any]] = {
    "manual.yaml": ManualSource,
    "table.csv": lambda p: TableSource(path=p),
    "ledger.csv": HumanitarianLedgerSource,
    "osce.csv": OsceSmmSource,
    "acled.csv": lambda p: AcledSource(path=p),
    "ucdp.csv": UcdpGedSource,
    "viina.csv": ViinaSource,
    "cases.csv": EuvsDisinfoSource,
    "snapshot.geojson": DeepStateMapSource,
}


@pytest.mark.parametrize("special", [_fifo, _zero], ids=["fifo", "dev-zero"])
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_source_refuses_a_fifo_or_device(
    tmp_path: Path, name: str, special: Callable[[Path, str], Path]
) -> None:
    """A FIFO (blocks on open) or a link to /dev/zero (never ends) is a clear DataFileError."""
    path = special(tmp_path, name)
    with pytest.raises(DataFileError, match=r"FIFO|character device") as info:
        SOURCES[name](path).read()
    assert "not a regular file" in str(info.value)


@pytest.mark.parametrize("special", [_fifo, _zero], ids=["fifo", "dev-zero"])
@pytest.mark.parametrize("loader", ["from_yaml", "from_json"])
def test_config_loaders_refuse_a_fifo_or_device(
    tmp_path: Path, loader: str, special: Callable[[Path, str], Path]
) -> None:
    """``ScorecardConfig.from_yaml(fifo)`` hung in ``read_text``; now a ConfigError."""
    path = special(tmp_path, "config.json" if loader == "from_json" else "config.yaml")
    with pytest.raises(ConfigError, match=r"not a regular file"):
        getattr(pi.ScorecardConfig, loader)(path)


@pytest.mark.parametrize("special", [_fifo, _zero], ids=["fifo", "dev-zero"])
def test_cli_run_config_refuses_a_fifo_or_device(
    tmp_path: Path, special: Callable[[Path, str], Path]
) -> None:
    """``progress-indicators score FIFO`` hung; the run loader now refuses it."""
    path = special(tmp_path, "run.yaml")
    with pytest.raises(ConfigError, match=r"not a regular file"):
        load_run(path)
    result = CliRunner().invoke(app, ["score", str(path), "--out", str(tmp_path / "out")])
    assert isinstance(result.exception, ConfigError)


def test_cli_store_add_refuses_a_fifo_table(tmp_path: Path) -> None:
    """``store add --table FIFO`` is refused before the store is touched."""
    fifo = _fifo(tmp_path, "table.csv")
    result = CliRunner().invoke(
        app, ["store", "add", str(tmp_path / "e.duckdb"), "--table", str(fifo)]
    )
    assert isinstance(result.exception, DataFileError)
    assert "not a regular file" in str(result.exception)


@pytest.mark.parametrize("special", [_fifo, _zero], ids=["fifo", "dev-zero"])
def test_the_store_refuses_a_fifo_or_device(
    tmp_path: Path, special: Callable[[Path, str], Path]
) -> None:
    """DuckDB opening a FIFO blocked; the store file and its lock file are checked first."""
    pytest.importorskip("duckdb")
    path = special(tmp_path, "evidence.duckdb")
    with pytest.raises(StoreError, match=r"not a regular file"):
        pi.EvidenceStore(path)
    special(tmp_path, "other.duckdb.lock")
    with pytest.raises(StoreError, match=r"lock file .* not a regular file"):
        pi.EvidenceStore(tmp_path / "other.duckdb")


def _gzip_bomb(path: Path, rows: int) -> Path:
    header = b"day,oblast,strikes,checked\n"
    body = b"2024-03-01,Kharkiv,14,corroborated\n" * rows
    path.write_bytes(gzip.compress(header + body, compresslevel=9))
    return path


def test_a_small_gzip_expanding_past_max_bytes_is_refused(tmp_path: Path) -> None:
    """2 kB on disk, 3.5 MB of CSV inside: ``max_bytes=100_000`` now counts the 3.5 MB."""
    path = _gzip_bomb(tmp_path / "sheet.csv.gz", 100_000)
    assert path.stat().st_size < 100_000
    source = _table_source(path, 100_000)
    with pytest.raises(DataFileError, match=r"more than 100,000 bytes once decompressed"):
        source.read()


def test_a_gzip_within_the_limit_reads_as_its_csv(tmp_path: Path) -> None:
    """The counted reader changes nothing for a file under the limit (same rows as plain)."""
    kwargs: dict[str, Any] = {
        "columns": {"date": "day", "value": "strikes", "verification": "checked"},
        "metric": "attack_events",
        "indicator": "cessation_of_attacks",
        "unit": "events",
        "source": "test",
        "reliability": "B",
        "credibility": 2,
        "region": "Kharkiv",
    }
    plain = FIXTURES / "table" / "analyst_sheet.csv"
    packed = tmp_path / "analyst_sheet.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    limit = len(plain.read_bytes())
    from_plain = TableSource(path=plain, **kwargs).read(on_invalid="quarantine")
    from_packed = TableSource(path=packed, max_bytes=limit, **kwargs).read(on_invalid="quarantine")
    assert from_packed.accounting == from_plain.accounting
    assert from_packed.observations.drop(columns="observation_id").equals(
        from_plain.observations.drop(columns="observation_id")
    )


def test_the_bounded_reader_counts_exactly(tmp_path: Path) -> None:
    """A limit equal to the bytes read passes; one byte less is refused."""
    path = tmp_path / "data.bin"
    path.write_bytes(b"x" * 5000)
    assert read_bounded(path, what="test", max_bytes=5000) == b"x" * 5000
    with pytest.raises(DataFileError, match=r"more than 4,999 bytes"):
        read_bounded(path, what="test", max_bytes=4999)


def test_a_damaged_gzip_is_a_library_error(tmp_path: Path) -> None:
    """A truncated archive is a DataFileError naming the file, not EOFError."""
    path = tmp_path / "sheet.csv.gz"
    path.write_bytes(gzip.compress(b"a,b\n1,2\n" * 1000)[:-30])
    with pytest.raises(ProgressIndicatorsError, match=r"sheet\.csv\.gz"):
        read_bounded(path, what="table")


def _table_source(path: Path, max_bytes: int) -> TableSource:
    return TableSource(
        path=path,
        columns={"date": "day", "value": "strikes", "verification": "checked"},
        metric="attack_events",
        indicator="cessation_of_attacks",
        unit="events",
        source="test",
        reliability="B",
        credibility=2,
        region="Kharkiv",
        max_bytes=max_bytes,
    )


def _sheet(rows: int) -> pd.DataFrame:
    """A sheet whose notes are one long repeated text: small packed, large unpacked."""
    return pd.DataFrame(
        {
            "day": ["2024-03-01"] * rows,
            "strikes": [14] * rows,
            "checked": ["corroborated"] * rows,
            "note": ["x" * 2_000] * rows,
        }
    )


def test_a_small_excel_file_expanding_past_max_bytes_is_refused(tmp_path: Path) -> None:
    """An .xlsx is a zip: its members' unpacked sizes count against ``max_bytes``."""
    pytest.importorskip("openpyxl")
    path = tmp_path / "sheet.xlsx"
    _sheet(500).to_excel(path, index=False)
    assert path.stat().st_size < 200_000
    with pytest.raises(DataFileError, match=r"more than 200,000 bytes once decompressed"):
        _table_source(path, 200_000).read()
    within = _table_source(path, 100_000_000).read(on_invalid="quarantine")
    assert within.accounting["read"] == 500


def test_a_small_parquet_file_expanding_past_max_bytes_is_refused(tmp_path: Path) -> None:
    """Parquet's footer declares each column chunk's unpacked size; they count too.

    (Dictionary-encoded columns count their dictionary once: the limit bounds what is
    decompressed, here 4 MB of plain-encoded notes.)
    """
    path = tmp_path / "sheet.parquet"
    _sheet(2_000).to_parquet(path, index=False, compression="zstd", use_dictionary=False)
    assert path.stat().st_size < 200_000
    with pytest.raises(DataFileError, match=r"more than 200,000 bytes once decompressed"):
        _table_source(path, 200_000).read()
    within = _table_source(path, 100_000_000).read(on_invalid="quarantine")
    assert within.accounting["read"] == 2_000


def _acled_bomb(tmp_path: Path, rows: int) -> tuple[bytes, bytes]:
    """The fictional ACLED export's header, and a body of one event repeated ``rows`` times."""
    lines = (FIXTURES / "acled" / "acled_fictional.csv").read_bytes().splitlines(keepends=True)
    header, first = lines[0], lines[1]
    body = b"".join(first.replace(b"UKRFX001", f"UKRB{i:07d}".encode()) for i in range(rows))
    return header, body


def test_acled_exports_that_unpack_past_max_bytes_are_refused(tmp_path: Path) -> None:
    """ACLED reads ``.csv.gz`` and Parquet itself: both count the unpacked bytes too."""
    header, body = _acled_bomb(tmp_path, 5_000)
    packed = tmp_path / "acled.csv.gz"
    packed.write_bytes(gzip.compress(header + body, compresslevel=9))
    assert packed.stat().st_size < 200_000 < len(header + body)
    with pytest.raises(DataFileError, match=r"more than 200,000 bytes once decompressed"):
        AcledSource(path=packed, max_bytes=200_000).read()
    within = AcledSource(path=packed, max_bytes=len(header + body)).read(on_invalid="quarantine")
    assert within.accounting["read"] == 5_000
    parquet = tmp_path / "acled.parquet"
    table = pd.read_csv(packed, dtype=str, keep_default_na=False)
    table.to_parquet(parquet, index=False, compression="zstd", use_dictionary=False)
    assert parquet.stat().st_size < 200_000
    with pytest.raises(DataFileError, match=r"more than 200,000 bytes once decompressed"):
        AcledSource(path=parquet, max_bytes=200_000).read()
