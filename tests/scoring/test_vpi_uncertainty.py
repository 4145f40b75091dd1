"""Mutation tests of ``scoring/_vpi_uncertainty.py``: the kept draws and ``p_progress``.

``MonteCarlo`` holds the draws of the index and the four indicators; ``p_progress`` is the
share of draws in which a mean over a later window exceeds the mean over an earlier one,
among the draws defined in both. The draws below are tiny, written out, and every share
is counted by hand in the comments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from progress_indicators.model import DEFAULT_METRICS, Indicator
from progress_indicators.scoring import INDEX_NAME, MonteCarlo, goalpost_variant

NAN = np.nan
PERIODS = pd.period_range("2024-01", periods=3, freq="M")


def _draws(index: list[list[float]], indicators: np.ndarray | None = None) -> MonteCarlo:
    values = np.asarray(index, dtype="float64")
    if indicators is None:
        indicators = np.full((*values.shape, 4), NAN)
    return MonteCarlo(periods=PERIODS[: values.shape[1]], index=values, indicators=indicators)


def test_p_progress_counts_draws_whose_later_mean_is_strictly_higher() -> None:
    """Means over the windows, strict rise, and only draws defined in both windows count.

    Windows: before = period 0, after = periods 1 and 2 (mean of the defined ones).
    draw 0: 10 -> mean(20, 30) = 25: rose.
    draw 1: 40 -> mean(40, NaN) = 40: equal, not a rise.
    draw 2: NaN -> ...: undefined before, left out.
    draw 3: 50 -> mean(10, 20) = 15: fell.
    draw 4: 5 -> mean(NaN, 6) = 6: rose.
    Defined in both: draws 0, 1, 3, 4; rises: 0 and 4 -> 2 / 4 = 0.5.
    """
    mc = _draws(
        [
            [10, 20, 30],
            [40, 40, NAN],
            [NAN, 90, 90],
            [50, 10, 20],
            [5, NAN, 6],
        ]
    )
    before = np.array([True, False, False])
    after = np.array([False, True, True])
    assert mc.p_progress(before, after) == 0.5
    assert mc.p_progress(before, after, INDEX_NAME) == 0.5
    # the other way round: draws 1 (equal) and 0, 4 (rose) are not rises; 3 is: 1 / 4
    assert mc.p_progress(after, before) == 0.25


def test_p_progress_is_nan_when_no_draw_is_defined_in_both_windows() -> None:
    """Missing is not zero: no draw defined before and after gives NaN, not 0."""
    mc = _draws([[NAN, 10, 20], [NAN, NAN, 30]])
    assert np.isnan(mc.p_progress(np.array([True, False, False]), np.array([False, True, True])))


def test_p_progress_reads_the_named_indicator() -> None:
    """An indicator (member or its string value) reads its own slice, not the index."""
    indicators = np.full((2, 2, 4), NAN)
    # withdrawal (position 1 in Indicator order): draw 0 rises, draw 1 falls -> 0.5
    indicators[:, :, 1] = [[0, 10], [10, 0]]
    # narratives (position 3): both draws rise -> 1.0
    indicators[:, :, 3] = [[1, 2], [3, 4]]
    mc = _draws([[5, 5], [5, 5]], indicators)  # the index never rises -> 0.0
    before, after = np.array([True, False]), np.array([False, True])
    assert mc.p_progress(before, after) == 0.0
    assert mc.p_progress(before, after, Indicator.VERIFIED_WITHDRAWAL) == 0.5
    assert mc.p_progress(before, after, "verified_withdrawal") == 0.5
    assert mc.p_progress(before, after, Indicator.NARRATIVE_DENIAL) == 1.0
    assert np.isnan(mc.p_progress(before, after, Indicator.CESSATION_OF_ATTACKS))


def test_period_p_progress_compares_each_period_with_the_one_before() -> None:
    """Per period: rises / draws defined in both periods; NaN first and where no pair.

    period 1 vs 0: pairs are draws 0, 1, 2 (draw 3 is NaN in period 0); rises: draw 0
    (1 -> 2) only (draw 1 equal, draw 2 fell) -> 1/3.
    period 2 vs 1: pairs are draws 0 and 3 (draws 1, 2 NaN in period 2); rises: draw 3
    (4 -> 9); draw 0 fell (2 -> 1) -> 1/2.
    """
    mc = _draws(
        [
            [1, 2, 1],
            [5, 5, NAN],
            [7, 6, NAN],
            [NAN, 4, 9],
        ]
    )
    got = mc.period_p_progress()
    assert np.isnan(got[0])
    assert got[1] == pytest.approx(1 / 3)
    assert got[2] == 0.5


def test_period_p_progress_is_nan_where_no_draw_is_defined_in_both_periods() -> None:
    """A period after an undefined one has no pairs: NaN, never 0."""
    mc = _draws([[1, NAN, 3], [2, NAN, 1]])
    got = mc.period_p_progress()
    assert np.isnan(got).all()


def test_indicator_p_progress_is_a_period_by_indicator_frame() -> None:
    """One column per indicator, in Indicator order, each its own period_p_progress."""
    indicators = np.zeros((2, 3, 4))
    indicators[:, :, 0] = [[0, 1, 2], [0, 1, 0]]  # cessation: 2/2, then 1/2
    indicators[:, :, 2] = [[3, 2, 1], [3, 3, 3]]  # sovereignty: 0/2, 0/2
    indicators[1, 2, 3] = NAN  # narratives: 0/2, then 0/1
    mc = _draws([[1, 2, 3], [1, 2, 3]], indicators)
    got = mc.indicator_p_progress()
    assert list(got.columns) == [i.value for i in Indicator]
    assert got.columns.name == "indicator"
    assert got.index.equals(PERIODS)
    assert got.iloc[0].isna().all()
    assert got["cessation_of_attacks"].iloc[1:].tolist() == [1.0, 0.5]
    assert got["verified_withdrawal"].iloc[1:].tolist() == [0.0, 0.0]
    assert got["sovereignty_respect"].iloc[1:].tolist() == [0.0, 0.0]
    assert got["narrative_denial"].iloc[1:].tolist() == [0.0, 0.0]


def test_goalpost_variant_scales_only_flow_worst_goalposts_and_switches_the_scale() -> None:
    """``factor`` multiplies the worst goalpost of count metrics present; linear form.

    Goalposts: attack_events (count, worst 100, log) and occupied_area_km2 (level, worst
    50, linear); missiles_launched (count) has no goalpost row and is skipped. With
    factor 1.5: attack_events' worst 150, the area unchanged; "linear" makes every scale
    linear; the input frame is not changed.
    """
    posts = pd.DataFrame(
        {"worst": [100.0, 50.0], "best": [0.0, 0.0], "scale": ["log", "linear"]},
        index=["attack_events", "occupied_area_km2"],
    )
    by_name = {m.name: m for m in DEFAULT_METRICS}
    metrics = [by_name[n] for n in ("attack_events", "occupied_area_km2", "missiles_launched")]
    assert [m.kind for m in metrics] == ["count", "level", "count"]
    got = goalpost_variant(posts, metrics, normalisation="linear", factor=1.5)
    assert got["worst"].tolist() == [150.0, 50.0]
    assert got["best"].tolist() == [0.0, 0.0]
    assert got["scale"].tolist() == ["linear", "linear"]
    assert posts["worst"].tolist() == [100.0, 50.0]
    assert posts["scale"].tolist() == ["log", "linear"]
    kept = goalpost_variant(posts, metrics, normalisation="log", factor=1.0)
    assert kept["scale"].tolist() == ["log", "linear"]
    assert kept["worst"].tolist() == [100.0, 50.0]
