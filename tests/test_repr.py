"""``repr(card)`` and ``repr(evidence)``: a short summary, never a dump of every table."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.model import INDICATOR_SPECS


@pytest.fixture(scope="module")
def card() -> pi.Scorecard:
    """The bundled example, default settings (its bands included)."""
    observations, humanitarian = pi.datasets.load_example()
    with warnings.catch_warnings():
        # the example's withdrawal rests on one metric (tests/test_diagnostics.py)
        warnings.simplefilter("ignore", pi.SingleMetricWarning)
        return pi.score(observations, humanitarian=humanitarian)


def test_scorecard_repr_is_a_short_summary(card: pi.Scorecard) -> None:
    """A dozen lines, no pandas table dump (the attrs repr printed every field)."""
    text = repr(card)
    assert text.startswith("<Scorecard: monthly, ")
    assert text.endswith(">")
    assert len(text.splitlines()) <= 12
    assert "dtype" not in text
    assert "Length:" not in text


def test_scorecard_repr_shows_span_latest_value_and_band(card: pi.Scorecard) -> None:
    """Span and frequency, then the latest VPI with its uncertainty band and the claimed."""
    periods = pd.PeriodIndex(card.index.index)
    scored = card.index.dropna()
    period = scored.index[-1]
    assert card.uncertainty is not None
    lower, upper = card.uncertainty.loc[period, ["lower", "upper"]]
    text = repr(card)
    assert f"{periods[0]} to {periods[-1]} ({len(periods)} periods)" in text
    assert f"latest {period}: VPI {scored.iloc[-1]:.1f} / 100" in text
    assert f"(band {lower:.1f}-{upper:.1f})" in text
    assert f"claimed {card.claimed_index.loc[period]:.1f}" in text


def test_scorecard_repr_lists_indicators_coverage_and_ledger(card: pi.Scorecard) -> None:
    """Each indicator with its score; periods with an index; the ledger totals, apart."""
    text = repr(card)
    period = card.index.dropna().index[-1]
    for indicator in INDICATOR_SPECS:
        name = indicator.value
        assert f"{name}" in text
        assert f"{card.indicators.loc[period, name]:.1f}" in text
    scored = int(card.index.notna().sum())
    assert f"index in {scored} of {len(card.index)} periods" in text
    events = len(card.humanitarian_events)
    to_ukraine = int(card.humanitarian["returned_to_ukraine"].sum())
    assert f"{events} events, persons returned to Ukraine {to_ukraine:,}" in text
    assert "never part of the index" in text
    assert f"{len(card.observations):,} observations, {len(card.excluded):,} excluded" in text


def test_scorecard_repr_without_an_index_says_so(card: pi.Scorecard) -> None:
    """No scored period: the summary says missing, and shows no 'latest' line."""
    observations, _ = pi.datasets.load_example()
    config = pi.ScorecardConfig(verification_threshold="verified", uncertainty={"draws": 0})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pi.ProgressIndicatorsWarning)
        empty = pi.score(observations, config=config)
    text = repr(empty)
    assert "no period has enough verified coverage for an index" in text
    assert "latest" not in text
    assert "index in 0 of" in text


def _evidence() -> pi.Evidence:
    """Three rows of a table: two valid observations, one with an unknown grade."""
    frame = pd.DataFrame(
        {
            "date": ["2024-01-05", "2024-02-10", "2024-03-01"],
            "value": [3, 4, 5],
            "verification": ["reported", "reported", "rumoured"],
        }
    )
    source = pi.load_source(
        "table",
        data=frame,
        indicator="cessation_of_attacks",
        metric="attack_events",
        unit="events",
        source="analyst sheet",
        reliability="B",
        credibility=3,
    )
    return source.read(on_invalid="quarantine")


def test_evidence_repr_shows_source_accounting_span_and_metrics() -> None:
    """Source, read/accepted/rejected, the span of the observations and their metrics."""
    evidence = _evidence()
    text = repr(evidence)
    accounting = evidence.accounting
    assert accounting["read"] == 3
    assert text.startswith(
        f"<Evidence from {evidence.source!r}: 3 rows read, {accounting['accepted']} accepted, "
        f"{accounting['rejected']} rejected"
    )
    assert "2024-01-05 to 2024-02-10" in text
    assert "attack_events (2)" in text
    assert "unknown_verification" in text
    assert "dtype" not in text
    assert len(text.splitlines()) <= 6
