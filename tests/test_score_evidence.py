"""``score(evidence)``: the natural call works, and validated evidence is validated once.

Issue #17: ``pi.score(evidence)`` raised ``InputTypeError``. Evidence a source read now
holds its rows in an immutable Arrow table with the proof of its validation
(``ObservationTable``); ``score`` trusts that table and validates it no second time,
while tables from outside (a DataFrame, evidence built by hand) are still validated.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators import scorecard
from progress_indicators.exceptions import InputTypeError, ValidationError
from progress_indicators.sources import AcledSource, Evidence, build_evidence
from tests._warnings import score

ACLED = Path(__file__).resolve().parent / "sources" / "fixtures" / "acled" / "acled_fictional.csv"
WEEKLY = pi.ScorecardConfig(frequency="weekly")


def _evidence() -> Evidence:
    return AcledSource(path=ACLED).read()


def test_score_accepts_evidence_and_equals_scoring_its_tables() -> None:
    """score(evidence) == score(evidence.observations, humanitarian=evidence.humanitarian)."""
    evidence = _evidence()
    assert evidence.observation_table is not None
    got = score(evidence, expect={pi.CoverageWarning, pi.SingleMetricWarning}, config=WEEKLY)
    want = score(
        evidence.observations,
        expect={pi.CoverageWarning, pi.SingleMetricWarning},
        humanitarian=evidence.humanitarian,
        config=WEEKLY,
    )
    pd.testing.assert_series_equal(got.index, want.index)
    pd.testing.assert_frame_equal(got.observations, want.observations)
    pd.testing.assert_frame_equal(got.humanitarian_events, want.humanitarian_events)
    assert len(got.humanitarian_events) == 2  # the exchanges came from the evidence


def test_validated_evidence_is_not_validated_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pandas validator is never called for evidence the library validated."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated twice")

    evidence = _evidence()
    monkeypatch.setattr(scorecard, "validate_observations", refuse)
    assert (
        len(
            score(
                evidence, expect={pi.CoverageWarning, pi.SingleMetricWarning}, config=WEEKLY
            ).observations
        )
        == 6
    )
    with pytest.raises(AssertionError, match="validated twice"):
        score(evidence.observations, config=WEEKLY)  # a DataFrame from outside is


def test_changing_the_dataframe_view_cannot_change_what_score_trusts() -> None:
    """Writes into evidence.observations (even into its buffers) never reach score()."""
    evidence = _evidence()
    before = score(evidence, expect={pi.CoverageWarning, pi.SingleMetricWarning}, config=WEEKLY)
    frame = evidence.observations
    frame["value"].array[0] = -5.0  # writes into the view's own buffer
    frame.loc[1, "verification"] = "refuted"
    after = score(evidence, expect={pi.CoverageWarning, pi.SingleMetricWarning}, config=WEEKLY)
    pd.testing.assert_series_equal(before.index, after.index)
    assert (after.observations["value"] == 1.0).all()


def test_list_of_evidence_is_combined_and_ids_stay_unique(tmp_path: Path) -> None:
    """A list scores all rows; the same rows twice are duplicate ids, listed as such."""
    first = _evidence()
    copy = tmp_path / "copy.csv"
    text = ACLED.read_text(encoding="utf-8").replace("UKRFX", "UKRCP")
    copy.write_text(text, encoding="utf-8")
    second = AcledSource(path=copy).read()
    card = score(
        [first, second], expect={pi.CoverageWarning, pi.SingleMetricWarning}, config=WEEKLY
    )
    assert len(card.observations) == 12
    with pytest.raises(ValidationError) as caught:
        score([first, first], config=WEEKLY)
    assert set(caught.value.failure_cases["reason"]) == {"duplicate_id"}


def test_evidence_built_by_hand_is_validated() -> None:
    """Evidence holding a DataFrame (no proof) is validated like any table."""
    evidence = _evidence()
    bad = evidence.observations.astype({"value": "float64"}).copy()
    bad.loc[0, "value"] = -3.0
    forged = Evidence(
        observations=bad,
        humanitarian=evidence.humanitarian,
        rejected=evidence.rejected,
        skipped=evidence.skipped,
        accounting=evidence.accounting,
        source="forged",
    )
    assert forged.observation_table is None
    with pytest.raises(ValidationError) as caught:
        score(forged, config=WEEKLY)
    assert list(caught.value.failure_cases["reason"]) == ["negative_count"]


def test_config_bounds_are_checked_on_trusted_evidence() -> None:
    """Metrics with other bounds than the source validated against are checked again."""
    evidence = _evidence()
    metrics = tuple(
        m.model_copy(update={"maximum": 0.5}) if m.name == "attack_events" else m
        for m in WEEKLY.metrics
    )
    config = WEEKLY.model_copy(update={"metrics": metrics})
    with pytest.raises(ValidationError) as caught:
        score(evidence, config=config)
    assert set(caught.value.failure_cases["check"]) == {"<= the metric's maximum"}


def test_humanitarian_twice_is_refused() -> None:
    """Evidence with ledger rows and humanitarian= together is ambiguous: refused."""
    evidence = _evidence()
    with pytest.raises(InputTypeError, match="humanitarian= cannot be given"):
        score(evidence, humanitarian=evidence.humanitarian)


def test_evidence_validated_by_either_backend_scores_together() -> None:
    """Arrow-validated and pandas-validated evidence concatenate (one canonical schema)."""
    arrow_made = _evidence()
    frame = arrow_made.observations.copy()
    frame["observation_id"] = frame["observation_id"].astype(str) + "-copy"
    pandas_made = build_evidence(source="copy", read=len(frame), observations=frame)
    assert pandas_made.observation_table is not None
    card = score(
        [arrow_made, pandas_made],
        expect={pi.CoverageWarning, pi.SingleMetricWarning},
        config=WEEKLY,
    )
    assert len(card.observations) == 2 * len(frame)
    assert card.observations["observation_id"].is_unique
