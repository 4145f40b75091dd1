"""Property tests of the invariants the methodology promises (hypothesis).

Every ``score`` here also checks that the warnings issued are the ones the card's own
tables call for (``tests/_warnings.py``): the warning contract holds on random input.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import progress_indicators as pi
from progress_indicators.model import Goalposts
from tests._warnings import SINGLE, score
from tests.strategies import humanitarian_tables, observation_rows, observation_tables

NO_BANDS = pi.UncertaintySettings(draws=0)
"""Bands are not what these properties are about; skipping them keeps the suite fast."""
FIXED_SPAN = {"start": dt.date(2022, 1, 1), "end": dt.date(2023, 6, 30), "uncertainty": NO_BANDS}
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _fixed_goalposts() -> pi.ScorecardConfig:
    """The default config with numeric goalposts (no data-derived baselines)."""
    metrics = []
    for spec in pi.ScorecardConfig().metrics:
        fixed = spec
        if spec.kind == "count":
            fixed = spec.model_copy(
                update={"goalposts": Goalposts(worst=1000.0, best=0.0, scale="log")}
            )
        elif spec.name == "occupied_area_km2":
            fixed = spec.model_copy(update={"goalposts": Goalposts(worst=150_000.0, best=0.0)})
        metrics.append(fixed)
    return pi.ScorecardConfig(**FIXED_SPAN, metrics=tuple(metrics))


def _same(a: pi.Scorecard, b: pi.Scorecard) -> None:
    pd.testing.assert_series_equal(a.index, b.index)
    pd.testing.assert_frame_equal(a.indicators, b.indicators)


@pytest.mark.slow
@SETTINGS
@given(observation_tables(), humanitarian_tables())
def test_humanitarian_events_never_change_the_index(
    observations: pd.DataFrame, events: pd.DataFrame
) -> None:
    """Any number and size of humanitarian events leaves .index and .indicators unchanged."""
    config = pi.ScorecardConfig(**FIXED_SPAN)
    alone = score(observations, config=config)
    with_ledger = score(observations, config=config, humanitarian=events)
    _same(alone, with_ledger)
    pd.testing.assert_series_equal(alone.claimed_index, with_ledger.claimed_index)
    assert int(with_ledger.humanitarian["events"].sum()) == len(events)


@SETTINGS
@given(humanitarian_tables(max_size=10).filter(lambda t: len(t) > 0))
def test_humanitarian_table_as_observations_always_raises(events: pd.DataFrame) -> None:
    """A ledger passed as observations is refused with the library's own error."""
    with pytest.raises(pi.HumanitarianInScoringError, match="ledger"):
        pi.score(events)


@pytest.mark.slow
@SETTINGS
@given(
    observation_tables(grades=("corroborated", "verified")),
    st.lists(observation_rows(grades=("claimed", "reported", "disputed", "refuted")), max_size=15),
)
def test_evidence_below_threshold_never_changes_the_index(
    observations: pd.DataFrame, weak: list[dict[str, object]]
) -> None:
    """Adding claimed, reported, disputed or refuted rows leaves the verified index unchanged."""
    config = pi.ScorecardConfig(**FIXED_SPAN)
    extra = pd.DataFrame(weak, columns=[c for c in observations.columns if c != "observation_id"])
    extra.insert(0, "observation_id", [f"weak-{i}" for i in range(len(extra))])
    combined = pd.concat([observations, extra], ignore_index=True)
    _same(score(observations, config=config), score(combined, config=config))


@pytest.mark.slow
@SETTINGS
@given(observation_tables(), st.floats(1.0, 50.0), st.integers(0, 10_000))
def test_more_attacks_never_raise_cessation(
    observations: pd.DataFrame, factor: float, extra: int
) -> None:
    """Scaling up and adding to attack counts never raises any period's cessation score.

    With fixed goalposts; adding a *new* metric to a period changes coverage, which the
    coverage table reports, so this property multiplies existing counts.
    """
    config = _fixed_goalposts()
    counts = observations["metric"].isin([m.name for m in config.metrics if m.kind == "count"])
    worse = observations.copy()
    worse.loc[counts, "value"] = worse.loc[counts, "value"] * factor + extra
    before = score(observations, config=config).indicators["cessation_of_attacks"]
    after = score(worse, config=config).indicators["cessation_of_attacks"]
    assert before.isna().equals(after.isna())
    assert (after.dropna() <= before.dropna() + 1e-9).all()


@pytest.mark.slow
@SETTINGS
@given(observation_tables(), st.floats(0.0, 100_000.0))
def test_larger_occupied_area_never_raises_withdrawal(
    observations: pd.DataFrame, added_km2: float
) -> None:
    """More occupied km2 never raises any period's withdrawal score (fixed goalposts)."""
    config = _fixed_goalposts()
    area = observations["metric"] == "occupied_area_km2"
    worse = observations.copy()
    worse.loc[area, "value"] = (worse.loc[area, "value"] + added_km2).clip(upper=600_000)
    before = score(observations, config=config).indicators["verified_withdrawal"]
    after = score(worse, config=config).indicators["verified_withdrawal"]
    assert (after.dropna() <= before.dropna() + 1e-9).all()


@pytest.mark.slow
@SETTINGS
@given(observation_tables(), st.sampled_from(["geometric", "arithmetic"]))
def test_scores_lie_in_0_100_or_are_nan(observations: pd.DataFrame, aggregation: str) -> None:
    """Every index, claimed index and indicator value is in [0, 100] or NaN."""
    card = score(observations, config={"aggregation": aggregation, "uncertainty": NO_BANDS})
    for values in (card.index, card.claimed_index, *card.indicators.to_numpy().T):
        finite = pd.Series(values).dropna()
        assert ((finite >= 0) & (finite <= 100)).all()


@pytest.mark.slow
@SETTINGS
@given(observation_tables(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(observations: pd.DataFrame, random: object) -> None:
    """Shuffling the input rows gives identical scores and coverage."""
    order = list(range(len(observations)))
    random.shuffle(order)  # type: ignore[attr-defined]
    shuffled = observations.iloc[order]
    config = pi.ScorecardConfig(uncertainty=NO_BANDS)
    a, b = score(observations, config=config), score(shuffled, config=config)
    _same(a, b)
    pd.testing.assert_frame_equal(a.coverage, b.coverage)
    pd.testing.assert_series_equal(a.claimed_index, b.claimed_index)


@pytest.mark.slow
@SETTINGS
@given(observation_tables())
def test_no_coverage_gives_nan(observations: pd.DataFrame) -> None:
    """Periods after all evidence expires are NaN with covered == False, never a score.

    Legal acts in force and asserted narratives keep their last verified state until
    evidence changes it (silence is not renunciation): only sovereignty and narrative
    denial may stay covered; flows and the occupied area expire.
    """
    config = pi.ScorecardConfig(
        start=dt.date(2030, 1, 1), end=dt.date(2030, 12, 31), uncertainty=NO_BANDS
    )
    card = score(observations, config=config)
    assert card.index.isna().all()
    others = card.indicators.drop(columns=["sovereignty_respect", "narrative_denial"])
    assert others.isna().all().all()
    assert not card.coverage.xs("cessation_of_attacks", level="indicator")["covered"].any()


@pytest.mark.slow
@SETTINGS
@given(observation_tables())
def test_index_is_nan_wherever_an_indicator_is_missing(observations: pd.DataFrame) -> None:
    """With the default data threshold (all four), a missing indicator means a missing index."""
    card = score(observations, config=pi.ScorecardConfig(uncertainty=NO_BANDS))
    missing_any = card.indicators.isna().any(axis=1)
    assert card.index[missing_any].isna().all()
    assert card.index[~missing_any].notna().all()


def test_reproducible_across_runs() -> None:
    """The same input scored twice gives identical exports (no hidden state)."""
    observations, humanitarian = pi.datasets.load_example()
    a = score(observations, expect=SINGLE, humanitarian=humanitarian).to_frame()
    b = score(observations, expect=SINGLE, humanitarian=humanitarian).to_frame()
    pd.testing.assert_frame_equal(a, b)
    assert np.isfinite(a["value"].dropna()).all()
