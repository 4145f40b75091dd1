"""The default goalposts are numbers, and each is what its documented window derives."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

import progress_indicators as pi
from progress_indicators.model import DEFAULT_METRICS, GOALPOST_BASELINES
from tests.docs.test_generated import _hook

if TYPE_CHECKING:
    from collections.abc import Callable


@pytest.fixture(scope="module")
def derived() -> dict[str, float]:
    """The documented derivation run again (the methodology page's hook shows the same)."""
    rederive: Callable[[], dict[str, float]] = _hook().rederived_goalposts
    return rederive()


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
