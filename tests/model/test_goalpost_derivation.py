"""The default goalposts are numbers, and each is what its documented window derives."""

from __future__ import annotations

import pytest

import progress_indicators as pi
from progress_indicators.model import DEFAULT_METRICS, GOALPOST_BASELINES
from tests._warnings import score


@pytest.fixture(scope="module")
def derived() -> dict[str, float]:
    """Each default worst goalpost derived anew from the bundled example.

    Every metric's worst goalpost is replaced by its ``GOALPOST_BASELINES`` window, and
    the example is scored on the claimed track (every grade that counts: the Air Force's
    figures are a party's, graded ``reported``), artefacts excluded as by default.
    """
    metrics = tuple(
        m.model_copy(
            update={
                "goalposts": m.goalposts.model_copy(update={"worst": GOALPOST_BASELINES[m.name]})
            }
        )
        if m.name in GOALPOST_BASELINES
        else m
        for m in DEFAULT_METRICS
    )
    observations, _ = pi.datasets.load_example()
    card = score(observations, config={"metrics": metrics, "uncertainty": {"draws": 0}})
    worst = card.claimed.goalposts["worst"].to_dict()
    return {name: float(worst[name]) for name in GOALPOST_BASELINES}


@pytest.mark.parametrize("metric", sorted(GOALPOST_BASELINES))
def test_each_default_goalpost_is_its_window_derived_from_the_bundled_data(
    derived: dict[str, float], metric: str
) -> None:
    """The published number equals the derivation, rounded as published (2 decimals).

    A change to the data or to the derivation shows here before it can drift silently.
    """
    spec = next(m for m in DEFAULT_METRICS if m.name == metric)
    published = spec.goalposts.worst
    assert isinstance(published, float)
    assert round(derived[metric], 2) == pytest.approx(published, abs=0.005)
    assert spec.goalposts.source
    assert spec.goalposts.derivation


def test_only_the_settlements_goalpost_is_derived_from_the_data_passed() -> None:
    """Every default goalpost is a number, except settlements (no published figure bundled)."""
    from_data = [
        m.name
        for m in DEFAULT_METRICS
        for post in (m.goalposts.worst, m.goalposts.best)
        if isinstance(post, pi.Baseline)
    ]
    assert from_data == ["settlements_occupied"]
