"""Verification grades and indicator specs."""

from __future__ import annotations

import pytest

import progress_indicators as pi


def test_verification_order_is_by_rank_not_alphabet() -> None:
    """Grades order by rank (claimed < ... < verified), not alphabetically."""
    v = pi.Verification
    assert v.CLAIMED < v.REPORTED < v.CORROBORATED < v.VERIFIED
    assert sorted([v.VERIFIED, v.CLAIMED, v.CORROBORATED, v.REPORTED]) == [
        v.CLAIMED,
        v.REPORTED,
        v.CORROBORATED,
        v.VERIFIED,
    ]


@pytest.mark.parametrize("grade", [pi.Verification.DISPUTED, pi.Verification.REFUTED])
def test_disputed_and_refuted_never_count(grade: pi.Verification) -> None:
    """Disputed and refuted evidence counts at no threshold, not even 'claimed'."""
    assert not grade.counts
    assert not any(grade.counts_at(t) for t in pi.Verification if t.counts)
    assert grade < pi.Verification.CLAIMED


def test_every_indicator_has_a_spec_with_default_metrics() -> None:
    """Each of the four indicators has a title, a definition and at least one metric."""
    assert [i.value for i in pi.Indicator] == [
        "cessation_of_attacks",
        "verified_withdrawal",
        "sovereignty_respect",
        "narrative_denial",
    ]
    for indicator in pi.Indicator:
        spec = indicator.spec
        assert spec.indicator is indicator
        assert spec.default_metrics
        assert all(m.indicator is indicator for m in spec.default_metrics)


def test_records_are_frozen_and_distinct_types() -> None:
    """Observation and HumanitarianEvent are immutable and unrelated types."""
    event = pi.HumanitarianEvent(
        event_id="e", date="2025-05-23", kind="pow_exchange", source="s", verification="reported"
    )
    with pytest.raises(ValueError, match="frozen"):
        event.event_id = "x"  # type: ignore[misc]
    assert not issubclass(pi.HumanitarianEvent, pi.Observation)
    assert not issubclass(pi.Observation, pi.HumanitarianEvent)


def test_observation_rejects_non_finite_and_inverted_span() -> None:
    """An Observation with an infinite value or end before start does not construct."""
    base = {
        "observation_id": "o",
        "indicator": "cessation_of_attacks",
        "metric": "civilians_killed",
        "date": "2025-01-10",
        "value": 1.0,
        "unit": "persons",
        "source": "s",
        "verification": "verified",
        "reliability": "A",
        "credibility": 1,
    }
    pi.Observation.model_validate(base)
    with pytest.raises(ValueError, match="finite"):
        pi.Observation.model_validate({**base, "value": float("inf")})
    with pytest.raises(ValueError, match="before"):
        pi.Observation.model_validate({**base, "end_date": "2025-01-01"})
