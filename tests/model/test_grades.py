"""Verification grades and indicator specs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


_ORDER = ["refuted", "disputed", "claimed", "reported", "corroborated", "verified"]


@given(st.sampled_from(_ORDER), st.sampled_from(_ORDER))
def test_grade_comparisons_are_total_and_the_same_for_members_and_strings(a: str, b: str) -> None:
    """Guards #16 class 8: the order is total and a grade's string value compares alike.

    ``Verification.REPORTED < "corroborated"`` used to be False (string order) while
    ``REPORTED < CORROBORATED`` was True, and disputed/refuted had no order between them.
    """
    ga, gb = pi.Verification(a), pi.Verification(b)
    expected = _ORDER.index(a) < _ORDER.index(b)
    assert (ga < gb) is expected
    assert (ga < b) is expected
    assert (a < gb) is expected
    assert (ga <= gb) is (_ORDER.index(a) <= _ORDER.index(b))
    assert (ga > b) is (_ORDER.index(a) > _ORDER.index(b))
    assert (a >= gb) is (_ORDER.index(a) >= _ORDER.index(b))
    # exactly one of <, ==, > holds (a total order)
    assert [ga < gb, ga == gb, ga > gb].count(True) == 1


def test_sorting_grades_follows_the_rank_order() -> None:
    """sorted() of every grade gives refuted < disputed < claimed < ... < verified."""
    assert [g.value for g in sorted(pi.Verification)] == _ORDER
    assert [g.value for g in pi.Verification.ordered()] == _ORDER


def test_comparing_with_a_string_that_is_not_a_grade_is_an_error() -> None:
    """A misspelt grade is refused instead of falling back to string order."""
    with pytest.raises(ValueError, match=r"'Verified' is not a verification grade"):
        _ = pi.Verification.REPORTED < "Verified"
    with pytest.raises(TypeError):
        _ = pi.Verification.REPORTED < 3


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [
        (None, ["claimed", "reported", "corroborated", "verified"]),
        ("claimed", ["claimed", "reported", "corroborated", "verified"]),
        ("corroborated", ["corroborated", "verified"]),
        (pi.Verification.VERIFIED, ["verified"]),
    ],
)
def test_counting_grades_never_include_disputed_or_refuted(
    threshold: pi.Verification | str | None, expected: list[str]
) -> None:
    """The one rule of which grades feed a track (claimed track: threshold None)."""
    assert [g.value for g in pi.Verification.counting(threshold)] == expected


def test_reliability_at_least_keeps_the_more_reliable_grades() -> None:
    """A reliability floor of C keeps A, B and C (A is the most reliable)."""
    assert [g.value for g in pi.Reliability.at_least("C")] == ["A", "B", "C"]
    assert [g.value for g in pi.Reliability.at_least(pi.Reliability.F)] == list("ABCDEF")
