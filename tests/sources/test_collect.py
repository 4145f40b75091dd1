"""collect(): one table from several sources, same events merged, corroboration, accounting."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progress_indicators.exceptions import ConfigError
from progress_indicators.sources import (
    Evidence,
    build_evidence,
    collect,
    deduplicate,
    load_source,
)
from tests._factories import obs
from tests.sources.conftest import options_for

_KEY = ("indicator", "metric", "unit", "date", "end_date", "region", "latitude", "longitude")


def _evidence(name: str, *rows: dict[str, Any]) -> Evidence:
    return build_evidence(source=name, read=len(rows), observations=pd.DataFrame(list(rows)))


def _row(
    oid: str, source: str, value: float, grade: str = "reported", **extra: Any
) -> dict[str, Any]:
    options: dict[str, Any] = {"region": "Kharkiv", "reliability": "C", "credibility": 3}
    options.update(extra)
    return obs(
        oid, "attack_events", "2024-03-01", value, verification=grade, source=source, **options
    )


def test_two_independent_sources_agreeing_become_one_corroborated_row() -> None:
    """Same metric/day/place/value from two reporters: one row, corroborated, both recorded."""
    acled = _evidence("acled", _row("a1", "ACLED", 1.0))
    ucdp = _evidence("ucdp_ged", _row("u1", "UCDP GED", 1.0, "claimed", credibility=2))
    combined = collect([acled, ucdp])
    assert len(combined.observations) == 1
    row = combined.observations.iloc[0]
    assert row["verification"] == "corroborated"
    assert row["source"] == "ACLED; UCDP GED"
    assert row["credibility"] == 2
    assert sorted(combined.reported_by["source_id"]) == ["a1", "u1"]
    assert set(combined.reported_by["id"]) == {row["observation_id"]}
    assert combined.accounting["merged"] == 1
    assert combined.accounting["read"] == 2


def test_agreement_never_raises_above_corroborated_and_keeps_verified() -> None:
    """Two reported rows become corroborated (not verified); a verified member stays verified."""
    low = collect([_evidence("a", _row("a1", "A", 5.0)), _evidence("b", _row("b1", "B", 5.0))])
    assert low.observations["verification"].tolist() == ["corroborated"]
    high = collect(
        [_evidence("a", _row("a1", "A", 5.0, "verified")), _evidence("b", _row("b1", "B", 5.0))]
    )
    assert high.observations["verification"].tolist() == ["verified"]


def test_rows_of_one_dataset_disagreeing_or_disputed_rows_are_not_merged() -> None:
    """Two events of one dataset stay two; different values stay apart; disputed never merges."""
    same_dataset = collect([_evidence("a", _row("a1", "A", 1.0), _row("a2", "A", 1.0))])
    assert len(same_dataset.observations) == 2
    apart = collect([_evidence("a", _row("a1", "A", 10.0)), _evidence("b", _row("b1", "B", 20.0))])
    assert len(apart.observations) == 2
    assert set(apart.observations["verification"]) == {"reported"}
    disputed = collect(
        [_evidence("a", _row("a1", "A", 1.0, "disputed")), _evidence("b", _row("b1", "B", 1.0))]
    )
    assert len(disputed.observations) == 2


def test_one_reporter_in_two_datasets_is_deduplicated_without_corroboration() -> None:
    """The SMM's count in two extracts is kept once and stays at the SMM's own grade."""
    first = _evidence("x", _row("s1", "OSCE SMM", 7.0))
    second = _evidence("y", _row("s1", "OSCE SMM", 7.0))
    combined = collect([first, second])
    assert len(combined.observations) == 1
    assert combined.observations["verification"].tolist() == ["reported"]
    assert combined.reported_by["dataset"].tolist() == ["x", "y"]


def test_collect_reads_sources_with_the_span_and_sums_accounting() -> None:
    """Sources are read with start/end; accounting is the sum; Evidence with a span is refused."""
    import datetime as dt  # noqa: PLC0415

    sources = [load_source(n, **options_for(n)) for n in ("manual", "humanitarian")]
    combined = collect(sources, start=dt.date(2023, 1, 1))
    assert combined.accounting == {
        "read": 6,
        "accepted": 1,
        "rejected": 0,
        "routed": 4,
        "skipped": 1,
        "merged": 0,
    }
    assert combined.by_source["source"].tolist() == ["humanitarian", "manual"]
    assert len(combined.humanitarian) == 4
    with pytest.raises(ConfigError, match="already read"):
        collect([sources[0].read()], start=dt.date(2023, 1, 1))


_SOURCES = ("A", "B", "C")


@st.composite
def _tables(draw: st.DrawFn) -> list[Evidence]:
    """Up to three datasets of attack-event rows on a few shared days, places and values."""
    evidence = []
    for name in _SOURCES:
        n = draw(st.integers(0, 6))
        rows = [
            obs(
                f"{name}-{i}",
                "attack_events",
                draw(st.sampled_from(["2024-03-01", "2024-03-02"])),
                float(draw(st.sampled_from([1, 2, 100, 101]))),
                verification=draw(st.sampled_from(["claimed", "reported", "verified", "disputed"])),
                source=name,
                region=draw(st.sampled_from(["Kharkiv", "Sumy"])),
            )
            for i in range(n)
        ]
        if rows:
            evidence.append(_evidence(name.lower(), *rows))
    return evidence


@pytest.mark.slow
@settings(max_examples=15, deadline=None)
@given(_tables(), st.randoms(use_true_random=False))
def test_collect_loses_no_row_and_ignores_input_order(evidence: list[Evidence], rnd: Any) -> None:
    """Every input row is in reported_by once; shuffling the inputs changes nothing."""
    combined = collect(evidence)
    inputs = sorted(i for e in evidence for i in e.observations["observation_id"])
    assert sorted(combined.reported_by["source_id"]) == inputs
    assert set(combined.reported_by["id"]) == set(combined.observations["observation_id"])
    assert combined.accounting["merged"] == len(inputs) - len(combined.observations)
    # value mass of merged groups is never double counted: each output row is one event
    assert len(combined.observations) <= len(inputs)
    shuffled = list(evidence)
    rnd.shuffle(shuffled)
    again = collect(shuffled)
    pd.testing.assert_frame_equal(combined.observations, again.observations)
    pd.testing.assert_frame_equal(combined.reported_by, again.reported_by)


@pytest.mark.slow
@settings(max_examples=15, deadline=None)
@given(_tables())
def test_deduplication_is_idempotent(evidence: list[Evidence]) -> None:
    """Deduplicating an already deduplicated table merges nothing more."""
    if not evidence:
        return
    table = pd.concat([e.observations for e in evidence], ignore_index=True)
    once, _ = deduplicate(table, id_column="observation_id", key=_KEY, values=("value",))
    twice, reported = deduplicate(once, id_column="observation_id", key=_KEY, values=("value",))
    pd.testing.assert_frame_equal(once, twice)
    assert (reported["id"] == reported["source_id"]).all()


def test_two_reads_of_one_source_are_ordered_and_labelled_by_their_blake3_digest() -> None:
    """Two exports of one source (BLAKE3 digests, as ACLED records): either order, same tables.

    Each dataset is labelled with its own digest, not its position in the input.
    """
    digests = {"old": "a" * 64, "new": "b" * 64}

    def read(tag: str, value: float) -> Evidence:
        row = _row(f"{tag}-1", "ACLED", value)
        return build_evidence(
            source="acled",
            read=1,
            observations=pd.DataFrame([row]),
            provenance={"digest_algorithm": "blake3", "blake3": digests[tag]},
        )

    old, new = read("old", 3.0), read("new", 5.0)
    forward, backward = collect([old, new]), collect([new, old])
    pd.testing.assert_frame_equal(forward.observations, backward.observations)
    pd.testing.assert_frame_equal(forward.reported_by, backward.reported_by)
    labels = set(forward.reported_by["dataset"])
    assert labels == {f"acled:{'a' * 12}", f"acled:{'b' * 12}"}
