"""VIINA adapter: strike events and settlement control collapsed per period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from progress_indicators.exceptions import InputTypeError, SchemaError, ValidationError
from progress_indicators.model import DEFAULT_METRICS
from progress_indicators.sources import EvidenceSource, ViinaSource

FIXTURES = Path(__file__).resolve().parents[1] / "sources" / "fixtures" / "viina"
EVENTS = FIXTURES / "event_1pd_fictional.csv"
CONTROL = FIXTURES / "control_fictional.csv"


def test_viina_events_need_russian_initiation_and_a_strike_type() -> None:
    """a_rus_init_b == 1 plus artillery/airstrike/uav -> attack_events; others skipped."""
    evidence = ViinaSource(EVENTS).read()
    obs = evidence.observations.set_index("observation_id")
    assert sorted(obs.index) == [
        "viina-fict-1pd-0001",
        "viina-fict-1pd-0002",
        "viina-fict-1pd-0005",
    ]
    assert set(obs["metric"]) == {"attack_events"}
    assert set(obs["verification"]) == {"reported"}
    assert obs["date"].dt.date.to_dict()["viina-fict-1pd-0001"] == dt.date(2022, 3, 1)
    assert "airstrike uav" in str(obs["notes"].to_dict()["viina-fict-1pd-0002"])
    assert set(obs["source"]) == {"VIINA 2.0 (Zhukov & Ayers; ODbL 1.0)"}
    skipped = dict(zip(evidence.skipped["reason"], evidence.skipped["rows"], strict=True))
    assert skipped == {"not_russian_initiated": 1, "not_a_strike_type": 1}


def test_viina_strike_types_are_configurable() -> None:
    """Adding t_armor makes the armour-only event (row 3) an attack."""
    evidence = ViinaSource(EVENTS, strike_types=("t_artillery", "t_armor")).read()
    assert "viina-fict-1pd-0004" in set(evidence.observations["observation_id"])
    assert "viina-fict-1pd-0005" not in set(evidence.observations["observation_id"])


def test_viina_control_counts_ru_places_per_day() -> None:
    """Daily counts of status RU; every place-day row is accounted for."""
    evidence = ViinaSource(CONTROL).read()
    obs = evidence.observations
    assert list(obs["value"]) == [1.0, 3.0, 2.0]
    assert [d.date() for d in obs["date"]] == [
        dt.date(2022, 3, 1),
        dt.date(2022, 3, 2),
        dt.date(2022, 4, 1),
    ]
    assert set(obs["metric"]) == {"settlements_occupied"}
    assert set(obs["verification"]) == {"corroborated"}
    assert "CONTESTED 1" in obs["notes"].iloc[0]
    a = evidence.accounting
    assert a["read"] == 9
    assert a["read"] == a["accepted"] + a["rejected"] + a["routed"] + a["skipped"]


def test_viina_control_month_takes_the_last_day_and_single_map_is_reported() -> None:
    """period='month' keeps the last day of each month; status_dsm alone is reported."""
    monthly = ViinaSource(CONTROL, period="month").read().observations
    assert [(d.date(), v) for d, v in zip(monthly["date"], monthly["value"], strict=True)] == [
        (dt.date(2022, 3, 2), 3.0),
        (dt.date(2022, 4, 1), 2.0),
    ]
    dsm = ViinaSource(CONTROL, status_column="status_dsm").read().observations
    assert list(dsm["value"]) == [1.0, 3.0, 1.0]
    assert set(dsm["verification"]) == {"reported"}


def test_viina_control_parquet_matches_csv(tmp_path: Path) -> None:
    """A Parquet control file (streamed in batches) gives the same counts as the CSV."""
    table = pacsv.read_csv(
        CONTROL, convert_options=pacsv.ConvertOptions(column_types={"date": pa.string()})
    )
    path = tmp_path / "control.parquet"
    pq.write_table(table, path, row_group_size=2)
    evidence = ViinaSource(path).read(start=dt.date(2022, 3, 2))
    assert list(evidence.observations["value"]) == [3.0, 2.0]
    skipped = dict(zip(evidence.skipped["reason"], evidence.skipped["rows"], strict=True))
    assert skipped["outside_requested_span"] == 3


def test_viina_control_bad_status_is_rejected_with_its_row(tmp_path: Path) -> None:
    """An unknown status code is rejected (row 4), never counted as UA or RU."""
    lines = CONTROL.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(",RU,vc_test", ",XX,vc_test")
    path = tmp_path / "control.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="unknown_status"):
        ViinaSource(path).read()
    evidence = ViinaSource(path).read(on_invalid="quarantine")
    assert list(evidence.rejected["row"]) == [4]
    assert list(evidence.observations["value"]) == [1.0, 2.0, 2.0]


def test_viina_kind_detection_and_options() -> None:
    """A file that is neither kind is a SchemaError; bad options fail at construction."""
    with pytest.raises(SchemaError, match="kind="):
        ViinaSource(FIXTURES.parent / "ucdp_ged" / "ged_fictional.csv").read()
    with pytest.raises(InputTypeError):
        ViinaSource(EVENTS, kind="both")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        ViinaSource(EVENTS, threshold=1.5)
    assert isinstance(ViinaSource(EVENTS), EvidenceSource)


def test_settlements_occupied_is_a_default_withdrawal_level() -> None:
    """The new metric is a level on verified_withdrawal, best 0, worst the 2022 maximum."""
    spec = next(m for m in DEFAULT_METRICS if m.name == "settlements_occupied")
    assert spec.indicator.value == "verified_withdrawal"
    assert spec.kind == "level"
    assert spec.carry_forward_days == 31
    assert spec.goalposts.best == 0.0
    worst = spec.goalposts.worst
    assert not isinstance(worst, float)
    assert (worst.start, worst.end, worst.statistic) == (
        dt.date(2022, 3, 1),
        dt.date(2022, 12, 31),
        "max",
    )
