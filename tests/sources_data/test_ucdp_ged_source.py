"""UCDP GED adapter: Russia-side rule, deaths in notes, attribution, grades, bad files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from progress_indicators.exceptions import DataFileError, SchemaError
from progress_indicators.sources import EvidenceSource, UcdpGedSource

FIXTURES = Path(__file__).resolve().parents[1] / "sources" / "fixtures" / "ucdp_ged"
CSV = FIXTURES / "ged_fictional.csv"
API_JSON = FIXTURES / "ged_fictional_api.json"


@pytest.mark.parametrize("path", [CSV, API_JSON], ids=["csv", "api-json"])
def test_ucdp_keeps_russia_side_events_in_ukraine(path: Path) -> None:
    """Type 1 with a Russian(-aligned) side and type 3 by Russia count; others are skipped."""
    evidence = UcdpGedSource(path).read()
    obs = evidence.observations.set_index("observation_id")
    assert sorted(obs.index) == [
        "ucdp-ged-900001",
        "ucdp-ged-900002",
        "ucdp-ged-900003",
        "ucdp-ged-900005",
        "ucdp-ged-900008",
    ]
    assert set(obs["metric"]) == {"attack_events"}
    assert set(obs["value"]) == {1.0}
    assert set(obs["source"]) == {"UCDP GED (CC BY 4.0)"}
    skipped = dict(zip(evidence.skipped["reason"], evidence.skipped["rows"], strict=True))
    assert skipped == {"outside_country": 1, "not_russia_ukraine_conflict": 2}
    a = evidence.accounting
    assert (a["read"], a["accepted"], a["skipped"]) == (8, 5, 3)


def test_ucdp_carries_deaths_span_and_grades() -> None:
    """best/low/high deaths go to notes; date_end becomes end_date; Check status is reported."""
    obs = UcdpGedSource(CSV).read().observations.set_index("observation_id")
    first = obs.loc["ucdp-ged-900001"]
    assert "best 12 (low 10, high 15)" in first["notes"]
    assert "civilians 2" in first["notes"]
    assert first["verification"] == "corroborated"
    assert first["credibility"] == 2
    spanning = obs.loc["ucdp-ged-900002"]
    assert (spanning["date"].date(), spanning["end_date"].date()) == (
        dt.date(2022, 3, 2),
        dt.date(2022, 3, 4),
    )
    assert obs.loc["ucdp-ged-900005", "verification"] == "reported"  # code_status Check
    assert obs.loc["ucdp-ged-900003", "verification"] == "reported"  # event_clarity 2


def test_ucdp_span_filter() -> None:
    """Only events starting in the span are kept; the rest are counted as outside it."""
    evidence = UcdpGedSource(CSV).read(start=dt.date(2022, 4, 1))
    assert list(evidence.observations["observation_id"]) == ["ucdp-ged-900008"]
    skipped = dict(zip(evidence.skipped["reason"], evidence.skipped["rows"], strict=True))
    assert skipped["outside_requested_span"] == 7


def test_ucdp_unknown_violence_type_is_rejected_at_its_row(tmp_path: Path) -> None:
    """A Russia-side row with type_of_violence 9 is rejected (quarantine), row 0 named."""
    lines = CSV.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("type_of_violence")] = "9"
    path = tmp_path / "ged.csv"
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    evidence = UcdpGedSource(path).read(on_invalid="quarantine")
    assert list(evidence.rejected["row"]) == [0]
    assert evidence.accounting["rejected"] == 1
    assert evidence.accounting["accepted"] == 4


def test_ucdp_bad_files_give_library_errors(tmp_path: Path) -> None:
    """Missing columns -> SchemaError with a hint; a non-API JSON -> DataFileError."""
    path = tmp_path / "ged.csv"
    path.write_text("id,date_start\n1,2022-01-01\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="side_a") as caught:
        UcdpGedSource(path).read()
    assert "Hint:" in str(caught.value)
    bad = tmp_path / "ged.json"
    bad.write_text('{"data": []}', encoding="utf-8")
    with pytest.raises(DataFileError, match="Result"):
        UcdpGedSource(bad).read()
    assert isinstance(UcdpGedSource(CSV), EvidenceSource)
