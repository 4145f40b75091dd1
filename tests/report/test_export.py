"""Exports (CSV, Parquet, JSON, Excel) and the provenance manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING

import openpyxl
import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.exceptions import ReportError
from progress_indicators.report import neutralise_formulas
from tests._warnings import score
from tests.report.conftest import FORMULAS, ONERROR_NOTE

if TYPE_CHECKING:
    from pathlib import Path

PINNED = "2025-06-01T12:00:00Z"


def test_csv_neutralises_formula_cells_and_keeps_numbers(
    hostile_card: pi.Scorecard, tmp_path: Path
) -> None:
    """Text starting with = + - @ tab or CR gets a leading quote in CSV; numbers do not."""
    hostile_card.to_csv(tmp_path, timestamp=PINNED)
    events = pd.read_csv(tmp_path / "humanitarian_events.csv", keep_default_na=False)
    assert set(events["notes"]) >= {"'" + text for text in FORMULAS[2:]}
    assert set(events["mediator"]) >= {"'" + FORMULAS[0], "'" + FORMULAS[1], "'@UAE"}
    assert ONERROR_NOTE in set(events["notes"])  # not a formula: kept as is
    index = pd.read_csv(tmp_path / "index.csv")
    assert index["verified_progress_index"].dtype.kind == "f"


def test_neutralise_formulas_covers_tab_and_carriage_return() -> None:
    """Leading tab and CR (stripped by validation upstream) are neutralised too."""
    table = pd.DataFrame({"text": ["\tx", "\ry", "plain", None], "number": [-1.0, 2.0, 3.0, 4.0]})
    out = neutralise_formulas(table)
    assert list(out["text"].iloc[:3]) == ["'\tx", "'\ry", "plain"]
    assert pd.isna(out["text"].iloc[3])
    assert list(out["number"]) == [-1.0, 2.0, 3.0, 4.0]
    assert list(table["text"].iloc[:1]) == ["\tx"]  # the input is not modified


def test_parquet_and_json_keep_values_as_they_are(
    hostile_card: pi.Scorecard, tmp_path: Path
) -> None:
    """Parquet and JSON are read by programs: formula-like text is not altered."""
    hostile_card.to_parquet(tmp_path / "pq", timestamp=PINNED)
    events = pd.read_parquet(tmp_path / "pq" / "humanitarian_events.parquet")
    assert set(events["notes"].dropna()) >= set(FORMULAS[2:])
    hostile_card.to_json(tmp_path / "js", timestamp=PINNED)
    document = json.loads((tmp_path / "js" / "scorecard.json").read_text(encoding="utf-8"))
    assert {row["mediator"] for row in document["humanitarian_events"]} >= set(FORMULAS[:2])
    index = {row["period"]: row for row in document["index"]}
    assert index["2025-04"]["verified_progress_index"] is None  # NaN is null, never 0
    assert index["2025-05"]["verified_progress_index"] == pytest.approx(40.0)


def test_excel_neutralises_formulas_and_holds_no_formula_cell(
    hostile_card: pi.Scorecard, tmp_path: Path
) -> None:
    """No cell of the workbook is a formula; risky text is stored with a leading quote."""
    hostile_card.to_excel(tmp_path, timestamp=PINNED)
    workbook = openpyxl.load_workbook(tmp_path / "scorecard.xlsx")
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {cell.value for line in workbook["humanitarian_events"].iter_rows() for cell in line}
    assert "'" + FORMULAS[0] in values
    assert FORMULAS[0] not in values
    workbook.close()


@pytest.mark.parametrize("method", ["to_csv", "to_parquet", "to_json", "to_excel"])
def test_same_inputs_give_byte_identical_files(
    hostile_card: pi.Scorecard, tmp_path: Path, method: str
) -> None:
    """Two exports with a pinned timestamp are identical byte for byte, manifest included."""
    first = getattr(hostile_card, method)(tmp_path / "a", timestamp=PINNED)
    second = getattr(hostile_card, method)(tmp_path / "b", timestamp=PINNED)
    assert [p.name for p in first] == [p.name for p in second]
    assert "manifest.json" in [p.name for p in first]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_manifest_records_config_inputs_sources_and_file_hashes(
    hostile_card: pi.Scorecard, tmp_path: Path
) -> None:
    """The manifest hashes the canonical config and the files it sits beside."""
    written = hostile_card.to_csv(tmp_path, timestamp=PINNED)
    record = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    config_json = hostile_card.config.to_json()
    assert record["config_sha256"] == hashlib.sha256(config_json.encode()).hexdigest()
    assert record["library"]["version"] == pi.__version__
    assert record["timestamp"] == PINNED
    assert record["seed"] is None
    assert record["inputs"]["observations"]["rows"] == 20
    assert record["inputs"]["humanitarian"]["rows"] == 5
    assert record["sources"] == [{"name": "hand monitor", "rows": 20, "version": None}]
    for path in written[:-1]:
        assert record["files"][path.name] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_input_hash_ignores_row_order_but_not_values() -> None:
    """Shuffled rows hash the same; one changed value changes the hash."""
    observations, humanitarian = pi.datasets.load_example()
    observations = observations.head(300)
    # the first 300 rows cover two indicators only: no index, withdrawal on one metric
    thin = {pi.CoverageWarning, pi.SingleMetricWarning}
    base = score(observations, expect=thin, humanitarian=humanitarian).manifest(PINNED)
    shuffled = observations.sample(frac=1.0, random_state=1).reset_index(drop=True)
    again = score(shuffled, expect=thin, humanitarian=humanitarian).manifest(PINNED)
    changed = observations.copy()
    changed["value"] = changed["value"].where(changed.index != 0, changed["value"] + 1.0)
    other = score(changed, expect=thin, humanitarian=humanitarian).manifest(PINNED)
    assert again["inputs"] == base["inputs"]
    assert other["inputs"]["observations"]["sha256"] != base["inputs"]["observations"]["sha256"]


def test_default_timestamp_is_now_in_utc(hostile_card: pi.Scorecard) -> None:
    """Without a pinned timestamp the manifest records the current UTC time."""
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    stamp = hostile_card.manifest(seed=7)
    recorded = dt.datetime.fromisoformat(stamp["timestamp"].replace("Z", "+00:00"))
    assert stamp["timestamp"].endswith("Z")
    assert before <= recorded <= dt.datetime.now(dt.UTC)
    assert stamp["seed"] == 7


def test_export_into_a_file_path_is_an_error(hostile_card: pi.Scorecard, tmp_path: Path) -> None:
    """Exports write into a folder; a file in the way is reported with a hint."""
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ReportError, match="Hint: pass a folder"):
        hostile_card.to_csv(target)
