"""The evidence store: idempotent ingest, versions, retractions and as-of reads."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import progress_indicators as pi
import progress_indicators.store._store as store_module
from progress_indicators.exceptions import StoreOrderError
from progress_indicators.sources import build_evidence
from progress_indicators.validation import validate_humanitarian, validate_observations
from tests._warnings import expecting
from tests.store.conftest import ledger, quarter

if TYPE_CHECKING:
    from pathlib import Path


def test_adding_the_same_read_twice_changes_nothing(store: pi.EvidenceStore) -> None:
    """The second add of identical tables writes no row and no batch, and says so."""
    first = store.add(quarter(), humanitarian=ledger(), recorded_at="2025-01-01")
    counts = store.row_counts()
    again = store.add(quarter(), humanitarian=ledger(), recorded_at="2025-02-01")
    assert first.batch_id == 1
    assert first.observations.counts == {"new": 7, "revised": 0, "duplicate": 0}
    assert first.humanitarian.counts == {"new": 2, "revised": 0, "duplicate": 0}
    assert again.batch_id is None
    assert not again.changed
    assert again.observations.counts == {"new": 0, "revised": 0, "duplicate": 7}
    assert set(again.humanitarian.duplicate) == {"ex-1", "ex-2"}
    assert store.row_counts() == counts == {"observations": 7, "humanitarian": 2, "batches": 1}


def test_a_correction_is_a_new_version_and_the_old_one_stays(store: pi.EvidenceStore) -> None:
    """Changing one value adds a revision; earlier vintages still show the old value."""
    store.add(quarter(), recorded_at="2025-01-01")
    corrected = quarter()
    corrected.loc[corrected["observation_id"] == "civ-jan", "value"] = 120
    result = store.add(corrected, recorded_at="2025-03-01")
    assert list(result.observations.revised) == ["civ-jan"]
    assert len(result.observations.duplicate) == 6
    assert store.row_counts()["observations"] == 8

    def value(frame: pd.DataFrame) -> float:
        return float(frame.loc[frame["observation_id"] == "civ-jan", "value"].iloc[0])

    assert value(store.observations(as_of="2025-02-01")) == 99
    assert value(store.observations()) == 120
    versions = store.versions(ids=["civ-jan"])
    assert versions["value"].tolist() == [99, 120]
    assert versions["batch_id"].tolist() == [1, 2]
    assert versions["content_hash"].nunique() == 2


def test_duplicate_content_is_a_duplicate_even_later_and_after_a_revision(
    store: pi.EvidenceStore,
) -> None:
    """Re-adding an earlier version's content writes nothing (identity is the content hash)."""
    store.add(quarter(), recorded_at="2025-01-01")
    corrected = quarter()
    corrected.loc[0, "value"] = 1000
    store.add(corrected, recorded_at="2025-02-01")
    replay = store.add(quarter(), recorded_at="2025-03-01")
    assert replay.batch_id is None
    assert store.observations().loc[lambda f: f["observation_id"] == "civ-base", "value"].iloc[
        0
    ] == pytest.approx(1000)


def test_the_content_hash_is_md5_of_the_canonical_json_of_the_fields(
    store: pi.EvidenceStore,
) -> None:
    """The version hash is pinned (stores stay idempotent across releases) and typing-blind."""
    store.add(quarter())
    typed = validate_observations(quarter()).table
    assert store.add(typed).batch_id is None  # typed and text input hash the same
    canonical = (
        '["narr","narrative_denial","narrative_nazi","2023-01-10",2.0,"denial_0_4",'
        '"test monitor","verified","A",1,null,"Moscow",null,null,null,"say \\"x\\""]'
    )
    hashes = store.versions().set_index("observation_id")["content_hash"]
    assert hashes["narr"] == hashlib.md5(canonical.encode()).hexdigest()


@pytest.mark.slow
def test_retraction_is_a_refuted_version_that_scoring_drops(store: pi.EvidenceStore) -> None:
    """retract() adds a refuted version: today's card excludes it, the earlier vintage keeps it."""
    store.add(quarter(), recorded_at="2025-01-01")
    result = store.retract(["area-jan"], recorded_at="2025-04-01", note="map misread")
    assert list(result.observations.revised) == ["area-jan"]
    now = store.observations().set_index("observation_id")
    assert now.loc["area-jan", "verification"] == "refuted"
    assert now.loc["area-jan", "notes"] == "map misread"
    before = store.observations(as_of="2025-03-31").set_index("observation_id")
    assert before.loc["area-jan", "verification"] == "verified"
    january = {"start": "2023-01-01", "end": "2023-01-31"}
    with expecting({pi.CoverageWarning, pi.SingleMetricWarning}):
        card_now = store.score(config=january)
    with expecting({pi.CoverageWarning, pi.SingleMetricWarning}):
        card_then = store.score(as_of="2025-03-31", config=january)
    # 75,000 km2 against the published 124,856.2 km2 (linear goalposts, best 0)
    expected = 100 * (124_856.2 - 75_000) / 124_856.2
    assert card_then.indicators["verified_withdrawal"].iloc[0] == pytest.approx(expected)
    assert pd.isna(card_now.indicators["verified_withdrawal"].iloc[0])
    reasons = card_now.excluded.set_index("observation_id")["reason"]
    assert reasons["area-jan"] == "disputed_or_refuted"
    assert store.retract(["area-jan"], recorded_at="2025-05-01").batch_id is None


def test_retracting_an_unknown_id_is_an_error(store: pi.EvidenceStore) -> None:
    """An id that was never stored cannot be retracted; nothing is written."""
    store.add(quarter(), recorded_at="2025-01-01")
    with pytest.raises(pi.StoreError, match="not in"):
        store.retract(["nope"])
    assert store.row_counts()["batches"] == 1


def test_as_of_a_date_means_the_end_of_that_day(store: pi.EvidenceStore) -> None:
    """Evidence recorded at 15:00 on 1 March is in the 1 March vintage, not in 28 February's."""
    store.add(quarter(), recorded_at="2025-03-01T15:00:00")
    assert len(store.observations(as_of="2025-03-01")) == 7
    assert store.observations(as_of="2025-02-28").empty
    assert store.observations(as_of=pd.Timestamp("2025-03-01T14:59")).empty
    aware = pd.Timestamp("2025-03-01T16:30", tz="Europe/Kyiv")  # 14:30 UTC
    assert store.observations(as_of=aware).empty


def test_recorded_at_cannot_go_back_in_time(store: pi.EvidenceStore) -> None:
    """Appending before the latest batch would change a published vintage: refused."""
    store.add(quarter(), recorded_at="2025-03-01")
    late = quarter()
    late.loc[0, "value"] = 5
    with pytest.raises(StoreOrderError, match="before the latest batch") as info:
        store.add(late, recorded_at="2025-02-01")
    assert "Hint:" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert store.row_counts()["observations"] == 7


def test_tables_come_back_in_the_validation_contract(store: pi.EvidenceStore) -> None:
    """Stored tables read back equal to validate_*() output: columns, dtypes and order."""
    store.add(quarter(), humanitarian=ledger())
    expected = validate_observations(quarter()).table.reset_index(drop=True)
    pd.testing.assert_frame_equal(store.observations(), expected)  # input order kept
    events = validate_humanitarian(ledger()).table
    pd.testing.assert_frame_equal(store.humanitarian(), events.reset_index(drop=True))


def test_filters_apply_to_the_latest_version(store: pi.EvidenceStore) -> None:
    """start/end/indicators select on the version current at as_of, never on an older one."""
    store.add(quarter(), recorded_at="2025-01-01")
    moved = quarter()
    moved.loc[moved["observation_id"] == "narr", "date"] = "2022-05-01"
    store.add(moved, recorded_at="2025-02-01")
    january = store.observations(start="2023-01-01", end="2023-01-31")
    assert set(january["observation_id"]) == {"civ-jan", "area-jan"}
    old_january = store.observations(as_of="2025-01-15", start="2023-01-01", end="2023-01-31")
    assert set(old_january["observation_id"]) == {"civ-jan", "area-jan", "narr"}
    spans = store.observations(start="2022-03-15", end="2022-03-20")
    assert set(spans["observation_id"]) == {"civ-base"}  # March span overlaps the window
    only = store.observations(indicators=[pi.Indicator("sovereignty_respect")])
    assert set(only["indicator"]) == {"sovereignty_respect"}
    assert len(only) == 2
    with pytest.raises(pi.ConfigError, match="unknown indicator"):
        store.observations(indicators=["ceasefire"])


def test_humanitarian_reads_and_the_wall(store: pi.EvidenceStore) -> None:
    """A ledger added alone never appears among observations; its own reads filter by date."""
    result = store.add(ledger(), recorded_at="2025-01-01")
    assert result.humanitarian.counts["new"] == 2
    assert store.observations().empty
    assert list(store.humanitarian(start="2023-02-01")["event_id"]) == ["ex-2"]
    assert store.humanitarian(as_of="2024-12-31").empty


def test_evidence_from_a_source_keeps_its_provenance(store: pi.EvidenceStore) -> None:
    """An Evidence is added as one batch with its source name and provenance in the log."""
    evidence = build_evidence(
        source="test-monitor",
        read=9,
        observations=quarter(),
        humanitarian=ledger(),
        provenance={"sha256": "abc", "path": "monitor.csv"},
    )
    result = store.add(evidence, recorded_at="2025-01-01")
    assert result.source == "test-monitor"
    log = store.log()
    assert log["source"].tolist() == ["test-monitor"]
    assert json.loads(log["provenance"].iloc[0]) == {"path": "monitor.csv", "sha256": "abc"}
    assert log[["observations_new", "humanitarian_new"]].iloc[0].tolist() == [7, 2]
    assert store.versions("humanitarian")["batch_source"].tolist() == ["test-monitor"] * 2


def test_invalid_rows_are_refused_and_nothing_is_written(store: pi.EvidenceStore) -> None:
    """A table with a bad row raises the validation error; the store stays empty."""
    bad = quarter()
    bad.loc[0, "verification"] = "rumour"
    with pytest.raises(pi.ValidationError, match="verification"):
        store.add(bad)
    assert store.row_counts() == {"observations": 0, "humanitarian": 0, "batches": 0}


def test_one_batch_holds_one_version_per_record(store: pi.EvidenceStore) -> None:
    """Evidence with the same id twice is refused (validation would also reject a table)."""
    doubled = validate_observations(quarter()).table
    doubled = pd.concat([doubled, doubled.iloc[[0]]], ignore_index=True)
    evidence = pi.sources.Evidence(
        observations=doubled,
        humanitarian=validate_humanitarian(ledger()).table,
        rejected=pd.DataFrame(),
        skipped=pd.DataFrame(),
        accounting={"read": 10, "accepted": 8, "rejected": 0, "routed": 2, "skipped": 0},
        source="twice",
    )
    with pytest.raises(pi.StoreError, match="occur twice"):
        store.add(evidence)


def test_other_files_and_missing_stores_are_clear_errors(tmp_path: Path) -> None:
    """A DuckDB file that is not a store, or a missing one with create=False, raises StoreError."""
    import duckdb  # noqa: PLC0415

    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (a INT)")
    con.close()
    with pytest.raises(pi.StoreError, match="not an evidence store"):
        pi.EvidenceStore(other)
    with pytest.raises(pi.StoreError, match="no evidence store"):
        pi.EvidenceStore(tmp_path / "missing.duckdb", create=False)
    text = tmp_path / "notes.duckdb"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(pi.StoreError, match="cannot open"):
        pi.EvidenceStore(text)


def test_bad_arguments_are_typed_errors(store: pi.EvidenceStore) -> None:
    """Wrong types for add/as_of raise InputTypeError; unparseable dates ConfigError."""
    with pytest.raises(pi.InputTypeError, match="Evidence or a DataFrame"):
        store.add([1, 2])  # type: ignore[arg-type]
    with pytest.raises(pi.InputTypeError, match="as_of"):
        store.observations(as_of=3.5)  # type: ignore[arg-type]
    with pytest.raises(pi.ConfigError, match="ISO 8601"):
        store.observations(as_of="next tuesday")


_EDITS = st.lists(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=4),
    min_size=1,
    max_size=3,
)


@pytest.mark.slow
@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=_EDITS)
def test_append_only_row_counts_never_fall_and_vintages_never_change(
    tmp_path_factory: pytest.TempPathFactory, edits: list[list[tuple[int, int]]]
) -> None:
    """Any sequence of adds (corrections, re-adds) only grows the store; old vintages stay put."""
    store = pi.EvidenceStore(tmp_path_factory.mktemp("prop") / "evidence.duckdb")
    base = quarter()
    vintages: list[tuple[str, pd.DataFrame]] = []
    previous = 0
    for day, batch in enumerate(edits, start=1):
        values = base["value"].to_numpy(dtype="float64").copy()
        for row, bump in batch:
            values[row] += bump
        frame = base.assign(value=values)
        stamp = f"2025-01-{day:02d}"
        store.add(frame, recorded_at=stamp)
        total = store.row_counts()["observations"]
        assert total >= previous
        previous = total
        vintages.append((stamp, store.observations()))
    for stamp, seen in vintages:
        pd.testing.assert_frame_equal(store.observations(as_of=stamp), seen)
    versions = store.versions()
    assert len(versions) == previous
    assert not versions.duplicated(["observation_id", "content_hash"]).any()


def test_now_is_never_before_the_latest_batch(
    store: pi.EvidenceStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without recorded_at, a batch is stamped under the lock, never before the last batch.

    The clock is made to step back a day between two appends (a clock correction): the
    second batch takes the first one's time rather than an earlier one.
    """
    first = store.add(quarter())
    earlier = first.recorded_at - pd.Timedelta(days=1)
    monkeypatch.setattr(store_module, "_now", lambda: earlier)
    result = store.add(ledger())
    assert result.batch_id == 2
    assert result.recorded_at == first.recorded_at
    assert store.log()["recorded_at"].is_monotonic_increasing


def test_a_future_recorded_at_is_refused_so_it_cannot_hide_later_adds(
    store: pi.EvidenceStore,
) -> None:
    """A recorded_at in the future is refused (#16, class 5).

    A batch recorded three days ahead used to make every later add (stamped at least as
    late) invisible to as-of reads until then.
    """
    future = pd.Timestamp.now(tz="UTC").tz_localize(None) + pd.Timedelta(days=3)
    with pytest.raises(pi.store.StoreOrderError, match="in the future"):
        store.add(quarter(), recorded_at=future)
    assert store.row_counts()["batches"] == 0
    store.add(quarter())
    assert len(store.observations()) == len(quarter())


def test_two_ledgers_in_one_call_are_refused(store: pi.EvidenceStore) -> None:
    """A ledger given twice (as the table and as humanitarian=) is an error, not a silent pick."""
    with pytest.raises(pi.InputTypeError, match="two humanitarian tables"):
        store.add(ledger(), humanitarian=ledger())
    evidence = build_evidence(
        source="s", read=2, observations=quarter().iloc[:0], humanitarian=ledger()
    )
    with pytest.raises(pi.InputTypeError, match="two humanitarian tables"):
        store.add(evidence, humanitarian=ledger())
    assert store.row_counts()["batches"] == 0
