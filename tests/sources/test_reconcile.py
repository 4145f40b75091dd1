"""Ledger reconciliation in ``pi.collect``: one row per exchange, conflicts reported.

Issue #18: two compilations of the 2025-04-19 exchange (246 each way per the Russian
MoD; 277 and 261 with the wounded, per a second list) were both kept, so the persons
returned were double counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progress_indicators.exceptions import ConfigError, InputTypeError
from progress_indicators.sources import Evidence, build_evidence, collect, load_source
from progress_indicators.sources._collect import CONFLICT_COLUMNS, reconcile_ledger
from tests.sources.test_mapping import FACTS_KINDS, LEDGER_MAPPING

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

_COUNTS = ["returned_to_ukraine", "returned_to_russia"]


def _persons(table: pd.DataFrame) -> int:
    return int(table[_COUNTS].sum().sum())


def _event(
    eid: str, date: str, ukraine: float | None, russia: float | None, **extra: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "event_id": eid,
        "date": date,
        "kind": "pow_exchange",
        "returned_to_ukraine": ukraine,
        "returned_to_russia": russia,
        "source": "report",
        "verification": "reported",
    }
    row.update(extra)
    return row


def _ledger(name: str, *rows: Mapping[Any, Any]) -> Evidence:
    from progress_indicators.sources import empty_observations  # noqa: PLC0415

    return build_evidence(
        source=name,
        read=len(rows),
        observations=empty_observations(),
        humanitarian=pd.DataFrame(list(rows)),
    )


def test_the_2025_04_19_exchange_from_two_lists_counts_once(shared_data: Path) -> None:
    """The MoD's 246/246 and the second list's 277/261 are one exchange, not 1,030 people.

    The exchange ledger's row is kept (same grade, richer record: mediator, who
    reported, notes); the conflicts table shows both counts with both values.
    """
    ledger = load_source(
        "humanitarian",
        path=shared_data / "humanitarian_exchanges" / "exchanges_ledger.csv",
        verification="reported",
        **LEDGER_MAPPING,
    ).read(on_invalid="quarantine")
    second = _ledger(
        "second_list",
        _event("second-2025-04-19", "2025-04-19", 277, 261, source="second list"),
    )
    combined = collect([ledger, second])
    day = combined.humanitarian[combined.humanitarian["date"] == "2025-04-19"]
    assert len(day) == 1
    assert _persons(day) == 492
    reporters = str(day["source"].iloc[0]).split("; ")
    assert reporters[0].startswith("https://menafn.com/")  # the ledger's citations
    assert reporters[1] == "second list"
    assert combined.conflicts.columns.tolist() == list(CONFLICT_COLUMNS)
    assert combined.conflicts[
        ["field", "kept_value", "other_value", "other_dataset"]
    ].to_numpy().tolist() == [
        ["returned_to_ukraine", "246", "277", "second_list"],
        ["returned_to_russia", "246", "261", "second_list"],
    ]
    assert set(combined.conflicts["kept_dataset"]) == {"humanitarian"}
    # counts disagree: agreement on the date alone does not corroborate
    assert day["verification"].astype(str).tolist() == ["reported"]


def test_the_two_real_exchange_lists_reconcile_to_the_merged_list(shared_data: Path) -> None:
    """The exchange ledger and the facts list (which merged it) give the facts list's events.

    Every ledger row has a twin in ``facts/humanitarian_events.csv`` (same day and kind,
    same counts or counts missing on the ledger's side), so reconciling keeps 38 events
    and exactly the facts list's persons total, where stacking the two would count 23
    events twice.
    """
    ledger = load_source(
        "humanitarian",
        path=shared_data / "humanitarian_exchanges" / "exchanges_ledger.csv",
        verification="reported",
        **LEDGER_MAPPING,
    ).read(on_invalid="quarantine")
    facts_path = shared_data / "facts" / "humanitarian_events.csv"
    facts = load_source(
        "humanitarian",
        path=facts_path,
        columns={"kind": "event_type", "source": "sources"},
        kinds=FACTS_KINDS,
        verification="reported",
    ).read(on_invalid="quarantine")
    raw = pd.read_csv(facts_path)
    raw = raw[raw["event_type"] != "grain_corridor_deal_lapsed"]  # the one rejected row
    expected_persons = int(raw[_COUNTS].sum().sum())
    combined = collect([ledger, facts])
    assert len(combined.humanitarian) == 38
    assert _persons(combined.humanitarian) == expected_persons
    stacked = _persons(ledger.humanitarian) + _persons(facts.humanitarian)
    assert stacked > expected_persons
    assert combined.accounting["merged"] == 23
    assert set(combined.reported_by["source_id"]) == set(ledger.humanitarian["event_id"]) | set(
        facts.humanitarian["event_id"]
    )


def test_rows_of_one_dataset_disputed_rows_and_far_counts_are_not_matched() -> None:
    """Two rows of one list stay two; disputed never merges; counts 5x apart stay apart."""
    one = _ledger("a", _event("a1", "2025-05-23", 390, 390), _event("a2", "2025-05-23", 390, 390))
    disputed = _ledger("b", _event("b1", "2025-05-23", 390, 390, verification="disputed"))
    far = _ledger("c", _event("c1", "2025-06-16", 6057, 78, kind="body_repatriation"))
    near = _ledger("d", _event("d1", "2025-06-16", 1245, None, kind="body_repatriation"))
    combined = collect([one, disputed, far, near])
    assert len(combined.humanitarian) == 5
    assert combined.conflicts.empty


def test_dates_within_the_tolerance_match_and_the_closest_pair_wins() -> None:
    """With ledger_days=1, staged exchanges pair day by day, not across stages."""
    first = _ledger(
        "first",
        _event("f23", "2025-05-23", 390, 390),
        _event("f24", "2025-05-24", 307, 307),
        _event("f25", "2025-05-25", 303, 303),
    )
    second = _ledger(
        "second",
        _event("s24", "2025-05-24", 307, 307, source="other"),
        _event("s26", "2025-05-26", 303, 303, source="other"),
    )
    strict = collect([first, second])
    assert len(strict.humanitarian) == 4  # 23, 24 (merged), 25, 26
    loose = collect([first, second], ledger_days=1)
    pairs = loose.reported_by.groupby("id")["source_id"].apply(sorted).to_dict()
    assert sorted(pairs.values()) == [["f23"], ["f24", "s24"], ["f25", "s26"]]
    late = loose.conflicts[loose.conflicts["field"] == "date"]
    assert late[["kept_value", "other_value"]].to_numpy().tolist() == [["2025-05-25", "2025-05-26"]]


def test_agreeing_reporters_corroborate_and_the_better_grade_is_kept() -> None:
    """Equal counts from two reporters: corroborated; a verified row is the one kept."""
    a = _ledger("a", _event("a1", "2024-09-14", 103, 103, source="UA HQ"))
    b = _ledger("b", _event("b1", "2024-09-14", 103, None, source="UAE MoFA"))
    c = _ledger("c", _event("c1", "2024-09-14", 103, 103, source="ICRC", verification="verified"))
    agreed = collect([a, b]).humanitarian
    assert agreed["verification"].astype(str).tolist() == ["corroborated"]
    best = collect([a, b, c]).humanitarian
    assert best["event_id"].tolist() == ["c1"]
    assert best["verification"].astype(str).tolist() == ["verified"]
    assert best["source"].tolist() == ["ICRC; UA HQ; UAE MoFA"]


def test_ledger_options_are_checked() -> None:
    """Negative or non-whole day tolerances and negative count tolerances are refused."""
    with pytest.raises(ConfigError, match="ledger_days"):
        collect([], ledger_days=-1)
    with pytest.raises(InputTypeError, match="ledger_days"):  # #16: a type, not a value
        collect([], ledger_days=1.5)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="ledger_tolerance"):
        collect([], ledger_tolerance=-0.1)


_COUNT = st.one_of(st.none(), st.integers(0, 400))


@st.composite
def _ledgers(draw: st.DrawFn) -> list[Evidence]:
    evidence = []
    for name in ("alpha", "beta", "gamma")[: draw(st.integers(1, 3))]:
        n = draw(st.integers(0, 6))
        rows = [
            _event(
                f"{name}-{i}",
                draw(st.sampled_from(["2025-05-23", "2025-05-24", "2025-05-25"])),
                draw(_COUNT),
                draw(_COUNT),
                kind=draw(st.sampled_from(["pow_exchange", "body_repatriation"])),
                source=draw(st.sampled_from(["UA", "RU MoD", name])),
                verification=draw(st.sampled_from(["reported", "verified", "disputed"])),
                mediator=draw(st.sampled_from([None, "UAE", "uae "])),
            )
            for i in range(n)
        ]
        if rows:
            evidence.append(_ledger(name, *rows))
    return evidence


@settings(max_examples=25, deadline=None)
@given(_ledgers(), st.integers(0, 2), st.sampled_from([0.0, 0.1, 0.25, 1.0]))
def test_reconciling_never_increases_the_persons_total(
    evidence: list[Evidence], days: int, tolerance: float
) -> None:
    """Whatever the lists and tolerances: persons never grow, every row is accounted for."""
    combined = collect(evidence, ledger_days=days, ledger_tolerance=tolerance)
    stacked = sum(_persons(e.humanitarian) for e in evidence)
    assert _persons(combined.humanitarian) <= stacked
    inputs = sorted(i for e in evidence for i in e.humanitarian["event_id"])
    assert sorted(combined.reported_by["source_id"]) == inputs
    assert set(combined.reported_by["id"]) == set(combined.humanitarian["event_id"])
    assert combined.humanitarian["event_id"].is_unique


@settings(max_examples=25, deadline=None)
@given(_ledgers())
def test_the_same_events_from_a_second_source_count_once(evidence: list[Evidence]) -> None:
    """A list collected next to its own copy (another dataset) gives the list back.

    Every row matches its copy and nothing else first (identical day, kind and
    counts), so the rows and the persons total are those of the list alone; disputed
    rows are never matched, so they stay twice.
    """
    if not evidence:
        return
    original = evidence[0].humanitarian
    copy = _ledger(
        "copy", *original.assign(event_id="copy-" + original["event_id"]).to_dict("records")
    )
    combined = collect([evidence[0], copy])
    disputed = original["verification"].astype(str) == "disputed"
    assert len(combined.humanitarian) == len(original) + int(disputed.sum())
    assert _persons(combined.humanitarian) == _persons(original) + _persons(original[disputed])


def test_reconcile_ledger_on_an_empty_table_returns_empty_tables() -> None:
    """No rows in, no rows out, and a conflicts table with its columns."""
    from progress_indicators.sources import empty_humanitarian  # noqa: PLC0415

    kept, reported, conflicts = reconcile_ledger(empty_humanitarian())
    assert kept.empty
    assert reported.empty
    assert conflicts.columns.tolist() == list(CONFLICT_COLUMNS)
