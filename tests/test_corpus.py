"""Hostile and broken input: every reader ends in a library error or in quarantined rows.

The corpus (``tests/corpus/``: hand-written files plus ``make_corpus.py``, which writes
the generated and the large cases into ``tmp_path``) holds, for every reader, empty,
truncated, mis-delimited, mis-encoded, mis-typed, out-of-range, duplicated, oversized,
deeply nested and code-building inputs. Each case is read in both ``raise`` and
``quarantine`` mode under a time limit. The contract:

- either a :class:`ProgressIndicatorsError` whose message names the file and ends in a
  ``Hint:`` (never a raw pandas/pyarrow/shapely/yaml/json exception),
- or evidence whose accounting adds up (``read == accepted + rejected + routed +
  skipped``), whose rejects all carry a reason, and which, in ``raise`` mode, has no
  rejects at all;
- and never a hang (a ``SIGALRM`` time limit per case).
"""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING, Any

import pytest

import progress_indicators as pi
from progress_indicators.exceptions import DataFileError, ProgressIndicatorsError
from progress_indicators.sources import (
    AcledSource,
    DeepStateMapSource,
    EuvsDisinfoSource,
    Evidence,
    HumanitarianLedgerSource,
    ManualSource,
    OsceSmmSource,
    TableSource,
    UcdpGedSource,
    ViinaSource,
)
from tests.corpus.make_corpus import Case, all_cases

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

pytestmark = pytest.mark.corpus

TIME_LIMIT_S = 30
"""Generous on a loaded 2-core machine; a bomb that is not refused takes far longer."""

TABLE_OPTIONS: dict[str, Any] = {
    "columns": {"date": "day", "region": "oblast", "value": "strikes", "verification": "checked"},
    "indicator": "cessation_of_attacks",
    "metric": "attack_events",
    "unit": "events",
    "source": "analyst sheet",
    "reliability": "B",
    "credibility": 3,
}

READERS: dict[str, Callable[[Path], Any]] = {
    "table_csv": lambda p: TableSource(p, **TABLE_OPTIONS),
    "table_parquet": TableSource,
    "table_excel": TableSource,
    "humanitarian_csv": HumanitarianLedgerSource,
    "osce_smm_csv": OsceSmmSource,
    "acled_csv": AcledSource,
    "acled_parquet": AcledSource,
    "ucdp_ged_csv": UcdpGedSource,
    "viina_events_csv": ViinaSource,
    "viina_control_csv": ViinaSource,
    "viina_control_parquet": ViinaSource,
    "euvsdisinfo_csv": EuvsDisinfoSource,
    "deepstatemap": lambda p: DeepStateMapSource(p, max_vertices=1000),
    "manual": ManualSource,
    "manual_json": ManualSource,
    "config_yaml": pi.ScorecardConfig.from_yaml,
    "config_json": pi.ScorecardConfig.from_json,
}
"""How each corpus folder's files are read (a source to ``read()``, or a config loader)."""

CASES = all_cases()


class Hang(BaseException):
    """Raised by the alarm: the case ran past the time limit."""


@pytest.fixture
def time_limit() -> Iterator[None]:
    """Interrupt the test with :class:`Hang` after ``TIME_LIMIT_S`` seconds."""

    def alarm(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_case(case: Case, path: Path, on_invalid: str) -> object:
    """Read ``path`` with the case's reader (sources in ``on_invalid`` mode)."""
    reader = READERS[case.reader](path)
    if isinstance(reader, pi.ScorecardConfig):
        return reader
    return reader.read(on_invalid=on_invalid)


def check_message(error: ProgressIndicatorsError, path: Path) -> None:
    """A library error names the file and ends with a hint."""
    message = str(error)
    assert path.name in message, f"{type(error).__name__} does not name {path.name}: {message}"
    assert "Hint:" in message, f"{type(error).__name__} has no hint: {message}"


def check_outcome(case: Case, path: Path, on_invalid: str) -> str:
    """Run one case and assert the contract; return a label of how it ended."""
    try:
        result = read_case(case, path, on_invalid)
    except ProgressIndicatorsError as error:
        check_message(error, path)
        return type(error).__name__
    except Hang:
        pytest.fail(f"{case.id} did not finish within {TIME_LIMIT_S} s")
    except Exception as error:  # the point: nothing else may escape
        pytest.fail(
            f"{case.id} raised a raw {type(error).__module__}.{type(error).__name__}: {error}"
        )
    if isinstance(result, pi.ScorecardConfig):
        return "config"
    assert isinstance(result, Evidence)
    a = result.accounting
    assert a["read"] == a["accepted"] + a["rejected"] + a["routed"] + a["skipped"]
    assert a["accepted"] <= len(result.observations) or a["accepted"] == 0
    assert len(result.observations) >= a["accepted"]
    if case.rows is not None:
        assert a["read"] == case.rows, f"read {a['read']} of {case.rows} data rows"
    rejected = result.rejected
    assert rejected["reason"].notna().all()
    assert (rejected["reason"].astype(str).str.len() > 0).all()
    if a["rejected"]:
        assert rejected["row"].notna().any(), "rejected rows are not identified"
    if on_invalid == "raise":
        assert a["rejected"] == 0
    return "quarantined" if a["rejected"] else "accepted"


@pytest.mark.usefixtures("time_limit")
@pytest.mark.parametrize("on_invalid", ["raise", "quarantine"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus_case_ends_in_library_error_or_quarantine(
    case: Case, on_invalid: str, tmp_path: Path
) -> None:
    """Each hostile file ends in a named, hinted library error or in accounted rows."""
    path = tmp_path / case.filename
    case.write(path)
    check_outcome(case, path, on_invalid)


def test_corpus_covers_every_reader() -> None:
    """Every reader has cases, and the issue's named hazards are all present."""
    readers = {c.reader for c in CASES}
    assert readers == set(READERS)
    names = {c.name for c in CASES}
    for hazard in (
        "empty",
        "header_only",
        "truncated_mid_row",
        "wrong_delimiter_semicolon",
        "bom",
        "non_utf8_latin1",
        "mixed_date_formats",
        "dates_out_of_range",
        "timezone_mixture",
        "nan_and_infinities",
        "negative_counts",
        "huge_numbers",
        "duplicate_ids",
        "unknown_categories",
        "wrong_types_number",
        "extra_columns",
        "deep_arrays",
        "too_many_vertices",
        "bowtie_self_intersection",
        "billion_laughs",
        "static_python_object_apply",
    ):
        assert hazard in names, hazard


def test_code_building_yaml_tags_never_run(tmp_path: Path) -> None:
    """A ``!!python/object/apply`` tag is refused before anything is executed."""
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(
        f'observations:\n  - !!python/object/apply:os.system ["touch {marker}"]\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="safe loader"):
        ManualSource(path).read()
    config = tmp_path / "evil_config.yaml"
    config.write_text(f'seed: !!python/object/apply:os.system ["touch {marker}"]\n', "utf-8")
    with pytest.raises(pi.ConfigError):
        pi.ScorecardConfig.from_yaml(config)
    assert not marker.exists()
