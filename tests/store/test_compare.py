"""Scoring vintages of a store and comparing them."""

from __future__ import annotations

import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.report import compare_records
from tests._factories import month
from tests._warnings import SINGLE, expecting, score
from tests.store.conftest import QUARTER_METRICS, ledger, quarter

JANUARY = {
    "start": "2023-01-01",
    "end": "2023-03-31",
    "metrics": QUARTER_METRICS,
    "uncertainty": {"draws": 0},
}


@pytest.fixture
def vintages(store: pi.EvidenceStore) -> pi.EvidenceStore:
    """A store where 'narr' was revised from 2 to 4 and 'area-jan' refuted on 1 March 2025."""
    store.add(quarter(), humanitarian=ledger(), recorded_at="2025-01-01")
    revised = quarter()
    revised.loc[revised["observation_id"] == "narr", "value"] = 4
    store.add(revised, recorded_at="2025-03-01")
    return store


@pytest.mark.slow
def test_score_a_store_as_of_a_date_equals_scoring_that_vintage(
    vintages: pi.EvidenceStore,
) -> None:
    """pi.score(store, as_of=d) is score() of the tables known at d, with as_of recorded."""
    card = score(vintages, expect=SINGLE, as_of="2025-02-01", config=JANUARY)
    direct = score(quarter(), expect=SINGLE, humanitarian=ledger(), config=JANUARY)
    pd.testing.assert_series_equal(card.index, direct.index)
    assert card.as_of == pd.Timestamp("2025-02-01")
    assert len(card.humanitarian_events) == 2
    with expecting(SINGLE):
        today = vintages.score(config=JANUARY)
    assert today.indicators.loc[month("2023-01"), "narrative_denial"] == pytest.approx(100.0)


def test_as_of_is_only_for_stores(vintages: pi.EvidenceStore) -> None:
    """A DataFrame with as_of=, or a store with humanitarian=, is a typed error with a hint."""
    with pytest.raises(pi.InputTypeError, match="only valid when scoring an evidence store"):
        score(quarter(), as_of="2025-01-01")
    with pytest.raises(pi.InputTypeError, match="supplies its own ledger"):
        score(vintages, humanitarian=ledger())
    assert score(quarter(), expect={pi.CoverageWarning, pi.SingleMetricWarning}).as_of is None


def test_compare_lists_changed_scores_with_the_records_that_moved_them(
    vintages: pi.EvidenceStore,
) -> None:
    """Revising 'narr' 2 -> 4 moves January's narrative score 50 -> 100 and the index only."""
    with expecting(SINGLE):
        old = vintages.score(as_of="2025-02-01", config=JANUARY)
    with expecting(SINGLE):
        new = vintages.score(as_of="2025-03-01", config=JANUARY)
    changes = pi.compare(old, new)
    assert list(changes.columns) == [
        "period",
        "track",
        "name",
        "old",
        "new",
        "delta",
        "observation_ids",
        "attribution",
    ]
    row = changes[
        (changes["period"] == month("2023-01"))
        & (changes["track"] == "verified")
        & (changes["name"] == "narrative_denial")
    ].iloc[0]
    assert (row["old"], row["new"], row["delta"]) == pytest.approx((50.0, 100.0, 50.0))
    assert row["observation_ids"] == ("narr",)
    assert row["attribution"] == "in_period"
    assert set(changes["name"]) <= {"narrative_denial", "verified_progress_index"}
    assert (changes["delta"].dropna() > 0).all()
    later = changes[changes["period"] > month("2023-01")]
    assert set(later["attribution"]) <= {"indirect"}  # carried forward, not in the period
    assert pi.compare(new, new).empty


@pytest.mark.slow
def test_compare_records_names_each_changed_record(vintages: pi.EvidenceStore) -> None:
    """Revised, added and retracted records are listed with old and new value and grade."""
    vintages.retract(["prov-a"], recorded_at="2025-04-01")
    extra = pd.DataFrame([{**quarter().iloc[0].to_dict(), "observation_id": "civ-feb"}])
    vintages.add(extra, recorded_at="2025-04-02")
    with expecting(SINGLE):
        old = vintages.score(as_of="2025-01-31", config=JANUARY)
    with expecting(SINGLE):
        new = vintages.score(config=JANUARY)
    records = compare_records(old, new).set_index("observation_id")
    assert dict(zip(records.index, records["change"], strict=True)) == {
        "civ-feb": "added",
        "narr": "revised",
        "prov-a": "revised",
    }
    assert records.loc["narr", "old_value"] == 2.0
    assert records.loc["narr", "new_value"] == 4.0
    assert records.loc["prov-a", "new_verification"] == "refuted"
    assert records.loc["narr", "first_period"] == month("2023-01")
    removed = compare_records(new, old).set_index("observation_id")
    assert removed.loc["civ-feb", "change"] == "removed"


def test_compare_refuses_cards_of_different_frequencies(vintages: pi.EvidenceStore) -> None:
    """Monthly and weekly periods cannot be lined up: ConfigError."""
    with expecting(SINGLE):
        monthly = vintages.score(config=JANUARY)
    with expecting({pi.CoverageWarning, pi.SingleMetricWarning}):
        weekly = vintages.score(config={**JANUARY, "frequency": "weekly"})
    with pytest.raises(pi.ConfigError, match="different frequencies"):
        pi.compare(monthly, weekly)
    with pytest.raises(pi.InputTypeError, match="Scorecard"):
        pi.compare(monthly, "card")  # type: ignore[arg-type]
