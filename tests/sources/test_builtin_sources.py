"""The built-in sources on hand-written fixtures: mapping, grades, rejects, line numbers."""

from __future__ import annotations

import datetime as dt
import importlib.util
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from progress_indicators.exceptions import (
    ConfigError,
    DataFileError,
    SchemaError,
    ValidationError,
)
from progress_indicators.sources import load_source
from tests.sources.conftest import FIXTURES, options_for

if TYPE_CHECKING:
    from pathlib import Path


def test_osce_daily_and_calendar_spans() -> None:
    """Daily-report windows start the day after period_start; calendar spans are inclusive."""
    daily = load_source("osce_smm", path=FIXTURES / "osce_smm" / "smm_daily_reports.csv").read()
    obs = daily.observations.set_index("observation_id")
    one_day = obs.loc["osce-smm-donetsk-2021-01-15-2021-01-15"]
    assert one_day["value"] == 120.0
    three_days = obs.loc["osce-smm-donetsk-2021-01-16-2021-01-18"]
    assert three_days["value"] == pytest.approx(100.0)  # 300 violations over 3 days
    assert obs.loc["osce-smm-luhansk-2021-01-15-2021-01-15", "value"] == 0.0
    assert set(obs["verification"].astype(str)) == {"verified"}
    assert str(obs.loc["osce-smm-donetsk-2021-01-15-2021-01-15", "source_record"]).startswith(
        "SMM Daily Report 10/2021"
    )
    compiled = load_source("osce_smm", **options_for("osce_smm")).read(on_invalid="quarantine")
    month = compiled.observations.set_index("observation_id").loc[
        "osce-smm-donetsk-luhansk-2019-03-01-2019-03-31"
    ]
    assert month["value"] == pytest.approx(1000.0)  # 31,000 over 31 days
    assert compiled.accounting == {
        "read": 3,
        "accepted": 2,
        "rejected": 1,
        "routed": 0,
        "skipped": 0,
    }
    assert compiled.rejected[["row", "column", "reason"]].values.tolist() == [
        [2, "violations", "not_a_number"]
    ]


def test_osce_raise_mode_lists_the_bad_row() -> None:
    """In raise mode the unparseable count is one ValidationError naming row and column."""
    with pytest.raises(ValidationError, match=r"row 2, column 'violations'"):
        load_source("osce_smm", **options_for("osce_smm")).read()


def test_osce_reproduces_the_bundled_example(shared_data: Path) -> None:
    """The real extracts give the per-day values of the bundled example (built separately)."""
    from progress_indicators.datasets import load_example  # noqa: PLC0415

    example, _ = load_example()
    expected = example[example["metric"] == "ceasefire_violations_per_day"]
    got = pd.concat(
        [
            load_source("osce_smm", path=shared_data / "osce_smm" / f).read().observations
            for f in ("ceasefire_violations_sample_2022.csv",)
        ]
        + [
            load_source("osce_smm", path=shared_data / "facts" / "ceasefire_violations_minsk.csv")
            .read()
            .observations
        ]
    )
    key = ["date", "end_date", "region"]
    merged = expected.assign(
        date=pd.to_datetime(expected["date"]), end_date=pd.to_datetime(expected["end_date"])
    ).merge(got.drop_duplicates(key), on=key, suffixes=("_example", "_source"))
    assert len(merged) == len(expected)
    assert (merged["value_source"] - merged["value_example"]).abs().max() < 1e-3


def test_table_maps_columns_and_constants_from_csv_parquet_and_frame(tmp_path: Path) -> None:
    """The same sheet as CSV, Parquet and DataFrame gives the same observations."""
    options = options_for("table")
    csv_path = options.pop("path")
    from_csv = load_source("table", path=csv_path, **options).read(on_invalid="quarantine")
    frame = pd.read_csv(csv_path)
    frame.to_parquet(tmp_path / "sheet.parquet")
    from_parquet = load_source(
        "table", path=tmp_path / "sheet.parquet", id_prefix="analyst_sheet-", **options
    ).read(on_invalid="quarantine")
    from_frame = load_source("table", data=frame, id_prefix="analyst_sheet-", **options).read(
        on_invalid="quarantine"
    )
    pd.testing.assert_frame_equal(from_csv.observations, from_parquet.observations)
    pd.testing.assert_frame_equal(from_csv.observations, from_frame.observations)
    obs = from_csv.observations
    assert obs["value"].tolist() == [14.0, 9.0, 3.0]
    assert obs["region"].tolist() == ["Kharkiv", "Kharkiv", "Odesa"]
    assert obs["verification"].astype(str).tolist() == ["corroborated", "corroborated", "reported"]
    assert set(obs["source"]) == {"analyst sheet"}
    assert from_csv.rejected[["row", "column", "reason"]].values.tolist() == [
        [3, "value", "missing_value"]
    ]


def test_table_reads_an_excel_sheet(tmp_path: Path) -> None:
    """An .xlsx sheet (openpyxl extra) reads like the CSV."""
    if importlib.util.find_spec("openpyxl") is None:  # pragma: no cover - no test extra
        pytest.fail("openpyxl missing: pip install -e '.[test]' (includes [excel])")
    options = options_for("table")
    csv_path = options.pop("path")
    pd.read_csv(csv_path).to_excel(tmp_path / "sheet.xlsx", sheet_name="data", index=False)
    evidence = load_source("table", path=tmp_path / "sheet.xlsx", sheet="data", **options).read(
        on_invalid="quarantine"
    )
    assert evidence.observations["value"].tolist() == [14.0, 9.0, 3.0]


def test_table_mapping_errors_hint_at_the_right_name() -> None:
    """A mapped column absent from the file, or a non-contract key, is named with a hint."""
    options = options_for("table")
    options["columns"] = {**options["columns"], "value": "strike"}
    with pytest.raises(SchemaError, match=r"Did you mean 'strikes'"):
        load_source("table", **options).read()
    options = options_for("table")
    options["columns"] = {**options["columns"], "regoin": "oblast"}
    with pytest.raises(ConfigError, match=r"Did you mean 'region'"):
        load_source("table", **options).read()


def test_humanitarian_rows_are_routed_never_observations() -> None:
    """Every ledger row is routed to the humanitarian table; no observation comes out."""
    evidence = load_source("humanitarian", **options_for("humanitarian")).read()
    assert evidence.accounting == {
        "read": 3,
        "accepted": 0,
        "rejected": 0,
        "routed": 3,
        "skipped": 0,
    }
    assert evidence.observations.empty
    assert evidence.humanitarian["event_id"].tolist() == [
        "ex-2023-01-08",
        "rep-2023-06-16",
        "ex-2024-05-31",
    ]
    assert evidence.humanitarian["returned_to_russia"].isna().tolist() == [False, True, False]
    assert load_source("humanitarian", **options_for("humanitarian")).indicators == frozenset()


def test_manual_reads_both_sections_and_applies_defaults() -> None:
    """Observations and events are read; defaults fill reliability and credibility."""
    evidence = load_source("manual", **options_for("manual")).read()
    assert evidence.accounting == {
        "read": 3,
        "accepted": 2,
        "rejected": 0,
        "routed": 1,
        "skipped": 0,
    }
    assert evidence.observations["reliability"].astype(str).tolist() == ["B", "B"]
    assert evidence.humanitarian["returned_to_ukraine"].tolist() == [303]


def _write(tmp_path: Path, text: str, name: str = "coded.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_manual_rejects_carry_line_numbers(tmp_path: Path) -> None:
    """A bad item is reported at the line where it starts, with a hint for a typo'd key."""
    path = _write(
        tmp_path,
        "observations:\n"
        "  - observation_id: a\n"  # line 2
        "    indicator: sovereignty_respect\n"
        "    metric: provision_annexation\n"
        "    date: 2022-09-30\n"
        "    value: 0\n"
        "    unit: pam_0_3\n"
        "    source: decree\n"
        "    verification: verified\n"
        "    reliability: A\n"
        "    credibility: 1\n"
        "  - observation_id: b\n"  # line 12
        "    indicator: sovereignty_respect\n"
        "    metric: provision_annexation\n"
        "    date: 2022-13-30\n"
        "    value: 0\n"
        "    unit: pam_0_3\n"
        "    source: decree\n"
        "    verificaton: verified\n"
        "    reliability: A\n"
        "    credibility: 1\n",
    )
    evidence = load_source("manual", path=path).read(on_invalid="quarantine")
    assert evidence.accounting["accepted"] == 1
    assert set(evidence.rejected["row"]) == {12}
    reasons = set(evidence.rejected["reason"])
    assert {"unknown_field", "unparseable_date", "unknown_verification"} <= reasons
    assert evidence.rejected["check"].str.contains("Did you mean.*'verification'").any()
    with pytest.raises(ValidationError, match=r"row 12"):
        load_source("manual", path=path).read()


def test_manual_json_gives_line_numbers_too(tmp_path: Path) -> None:
    """A JSON file is read by the same loader, so rejects point at its lines."""
    path = _write(
        tmp_path,
        '{"humanitarian": [\n'
        '  {"event_id": "e1", "date": "2025-05-25", "kind": "pow_exchange",\n'
        '   "returned_to_ukraine": 1, "returned_to_russia": 1, "mediator": null,\n'
        '   "source": "s", "verification": "reported", "notes": null},\n'
        '  {"event_id": "e2", "date": "2025-05-26", "kind": "handshake",\n'
        '   "returned_to_ukraine": 1, "returned_to_russia": 1, "mediator": null,\n'
        '   "source": "s", "verification": "reported", "notes": null}\n'
        "]}\n",
        "coded.json",
    )
    evidence = load_source("manual", path=path).read(on_invalid="quarantine")
    assert evidence.accounting["routed"] == 1
    assert evidence.rejected[["row", "reason"]].values.tolist() == [[5, "unknown_kind"]]


def test_manual_yaml_is_loaded_safely_and_bounded(tmp_path: Path) -> None:
    """Python tags are refused; too-deep nesting and too-large files are refused before reading."""
    unsafe = _write(tmp_path, "observations:\n  - !!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(DataFileError, match="not valid YAML"):
        load_source("manual", path=unsafe).read()
    deep = _write(tmp_path, "observations:\n  - " + "[" * 30 + "]" * 30 + "\n", "deep.yaml")
    with pytest.raises(DataFileError, match="nests deeper than 16 levels"):
        load_source("manual", path=deep).read()
    with pytest.raises(DataFileError, match="above the limit"):
        load_source("manual", path=deep, max_bytes=10).read()
    typo = _write(tmp_path, "observation: []\n", "typo.yaml")
    with pytest.raises(ConfigError, match=r"line 1.*\n.*Did you mean 'observations'"):
        load_source("manual", path=typo).read()


def test_manual_span_skips_items_outside(tmp_path: Path) -> None:
    """Items dated outside start..end are counted as skipped, not lost."""
    evidence = load_source("manual", **options_for("manual")).read(end=dt.date(2023, 1, 1))
    assert evidence.accounting == {
        "read": 3,
        "accepted": 1,
        "rejected": 0,
        "routed": 0,
        "skipped": 2,
    }
    assert evidence.skipped.values.tolist() == [["outside_requested_span", 2]]
