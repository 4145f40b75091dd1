"""Mode strings and time values are refused unless exact (#16, class 5).

- A misspelt ``on_invalid`` (``"Raise"``, ``None``, ``"skip"``) used to quarantine
  silently in every source (``build_evidence`` compared with ``"raise"`` only).
- A blank or ``NaT`` ``as_of``/``start`` gave an empty vintage or read; integers were
  read as nanoseconds since 1970; aware datetimes raised pandas' ``TypeError``; a bare
  year was 1 January. One rule (``model._time``) now checks every time argument.
- A ``recorded_at`` in the future is refused (``tests/store/test_store.py``), and
  ``as_of=None`` reads everything stored.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.exceptions import ConfigError, InputTypeError
from progress_indicators.sources import ManualSource, TableSource, build_evidence
from tests._factories import obs, table

FIXTURES = Path(__file__).resolve().parent / "sources" / "fixtures"
MANUAL = FIXTURES / "manual" / "evidence.yaml"

BAD_MODES: list[Any] = ["Raise", "RAISE", "quarantined", "skip", "", None, True, 0]


@pytest.mark.parametrize("mode", BAD_MODES)
def test_a_misspelt_on_invalid_is_refused_by_sources(mode: Any) -> None:
    """``read(on_invalid="Raise")`` used to quarantine; now a ConfigError names the value."""
    with pytest.raises(ConfigError, match=r"on_invalid must be 'raise' or 'quarantine'"):
        ManualSource(MANUAL).read(on_invalid=mode)


@pytest.mark.parametrize("mode", BAD_MODES)
def test_a_misspelt_on_invalid_is_refused_by_build_evidence_and_validation(mode: Any) -> None:
    """The rule is one function: build_evidence and the validators refuse the same values."""
    rows = table(obs("a", "attack_events", "2025-01-01", 3))
    with pytest.raises(ConfigError, match=r"on_invalid"):
        build_evidence(source="s", read=1, observations=rows, on_invalid=mode)
    with pytest.raises(ConfigError, match=r"on_invalid"):
        pi.validation.validate_observations(rows, on_invalid=mode)


def test_a_misspelt_mode_with_bad_rows_does_not_quarantine_them() -> None:
    """The silent part of the defect: bad rows kept out, no error, under "Raise"."""
    rows = table(obs("a", "attack_events", "2025-01-01", 3), obs("b", "attack_events", "x", 3))
    with pytest.raises(ConfigError):
        build_evidence(source="s", read=2, observations=rows, on_invalid="Raise")  # type: ignore[arg-type]


BAD_TIMES: list[tuple[Any, type[Exception]]] = [
    ("", ConfigError),
    ("   ", ConfigError),
    (pd.NaT, ConfigError),
    (np.datetime64("NaT"), ConfigError),
    ("2025", ConfigError),
    ("2025-06", ConfigError),
    ("yesterday", ConfigError),
    ("2025-02-30", ConfigError),
    (20250101, InputTypeError),
    (1.7e18, InputTypeError),
    (True, InputTypeError),
    ([2025, 1, 1], InputTypeError),
]


@pytest.mark.parametrize(("value", "error"), BAD_TIMES, ids=repr)
def test_read_start_and_end_are_checked(value: Any, error: type[Exception]) -> None:
    """``read(start=...)`` refuses blanks, NaT, numbers (nanoseconds) and partial dates."""
    source = ManualSource(MANUAL)
    with pytest.raises(error, match=r"start"):
        source.read(start=value)
    with pytest.raises(error, match=r"end"):
        source.read(end=value)


def test_aware_datetimes_bound_a_read_by_their_utc_day() -> None:
    """An aware ``start`` raised pandas' naive/aware TypeError; now it is its UTC day."""
    kyiv = dt.timezone(dt.timedelta(hours=2))
    source = ManualSource(MANUAL)
    aware = source.read(start=dt.datetime(2023, 2, 21, 1, 0, tzinfo=kyiv))  # 2023-02-20 UTC
    naive = source.read(start=dt.date(2023, 2, 20))
    assert aware.accounting == naive.accounting
    assert aware.observations["observation_id"].tolist() == ["narrative-nazi-2023-02-21"]


def test_end_before_start_is_refused_not_an_empty_read() -> None:
    """A span that can hold nothing is a mistake in the call, said so."""
    with pytest.raises(ConfigError, match=r"end 2023-01-01 is before start 2024-01-01"):
        ManualSource(MANUAL).read(start="2024-01-01", end="2023-01-01")  # type: ignore[arg-type]


def test_columnar_sources_apply_the_same_rule() -> None:
    """The Arrow-based adapters' span filter checks bounds with the same function."""
    source = pi.sources.AcledSource(path=FIXTURES / "acled" / "acled_fictional.csv")
    with pytest.raises(InputTypeError, match=r"nanoseconds"):
        source.read(start=5)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"start is blank"):
        source.read(start="")  # type: ignore[arg-type]


def test_table_source_refuses_nat_start() -> None:
    """``TableSource(data=...)`` (no file) goes through the same check."""
    frame = table(obs("a", "attack_events", "2025-01-01", 3))
    with pytest.raises(ConfigError, match=r"NaT"):
        TableSource(data=frame).read(start=pd.NaT)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> pi.EvidenceStore:
    pytest.importorskip("duckdb")
    evidence = pi.EvidenceStore(tmp_path / "e.duckdb")
    evidence.add(table(obs("a", "attack_events", "2025-01-01", 3)), recorded_at="2025-02-01")
    return evidence


@pytest.mark.parametrize(("value", "error"), BAD_TIMES, ids=repr)
def test_store_time_arguments_are_checked(
    store: pi.EvidenceStore, value: Any, error: type[Exception]
) -> None:
    """A blank or NaT ``as_of`` returned an empty vintage; every time argument is checked."""
    with pytest.raises(error, match=r"as_of"):
        store.observations(as_of=value)
    with pytest.raises(error, match=r"as_of"):
        pi.score(store, as_of=value)
    with pytest.raises(error, match=r"start"):
        store.observations(start=value)
    with pytest.raises(error, match=r"recorded_at"):
        store.add(table(obs("b", "attack_events", "2025-01-02", 3)), recorded_at=value)


def test_store_as_of_reads_are_unchanged_for_good_values(store: pi.EvidenceStore) -> None:
    """Dates, aware datetimes and ISO texts still select the vintage they name."""
    assert len(store.observations(as_of="2025-01-31")) == 0
    assert len(store.observations(as_of="2025-02-01")) == 1
    assert len(store.observations(as_of=dt.date(2025, 2, 1))) == 1
    utc_plus_3 = dt.timezone(dt.timedelta(hours=3))
    assert len(store.observations(as_of=dt.datetime(2025, 2, 1, 2, tzinfo=utc_plus_3))) == 0
    assert len(store.observations(as_of=None)) == 1
