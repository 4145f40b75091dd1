"""``Scorecard.divergence`` and ``lead_lag`` on constructed cases with known answers."""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import InputTypeError, ReportError
from progress_indicators.report import window_periods
from tests._warnings import score
from tests.report._cases import index_card

if TYPE_CHECKING:
    from progress_indicators import Scorecard

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


def _event(event_id: str, date: str, n: int | None = 100) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "date": date,
        "kind": "pow_exchange",
        "returned_to_ukraine": n,
        "returned_to_russia": n,
        "mediator": "UAE",
        "source": "test",
        "verification": "reported",
        "notes": None,
    }


@functools.cache
def _card(values: tuple[float | None, ...]) -> Scorecard:
    return index_card(dict(zip(MONTHS[:5], values, strict=True)), [_event("x", "2025-03-15")])


def _verdict(values: list[float | None], **kwargs: Any) -> pd.Series:
    return _card(tuple(values)).divergence(**kwargs).iloc[0]


def test_flat_index_around_an_exchange_is_a_gesture_without_progress() -> None:
    """Index 50 before and after a March exchange: stalled, flagged."""
    got = _verdict([50, 50, 50, 50, 50])
    assert got["trend"] == "stalled"
    assert got["verdict"] == "gesture_without_progress"
    assert bool(got["gesture_without_progress"]) is True
    assert got["index_before"] == pytest.approx(50)
    assert got["index_change"] == pytest.approx(0)


def test_rising_index_is_not_flagged() -> None:
    """Index 10, 20, 30, 40, 50: February 20 -> April 40, rose; not flagged."""
    got = _verdict([10, 20, 30, 40, 50])
    assert got["trend"] == "rose"
    assert got["verdict"] == "progress_alongside"
    assert bool(got["gesture_without_progress"]) is False
    assert got["index_change"] == pytest.approx(20)
    assert got["cessation_of_attacks_change"] == pytest.approx(20)


def test_falling_index_is_flagged() -> None:
    """Index falling 40 -> 20 around the exchange: fell, flagged."""
    got = _verdict([50, 40, 30, 20, 10])
    assert got["trend"] == "fell"
    assert got["verdict"] == "gesture_without_progress"


def test_no_coverage_around_the_event_is_unknown_not_either_verdict() -> None:
    """No evidence in February: the verdict is unknown and the flag is NA."""
    got = _verdict([50, None, 50, 50, 50])
    assert got["verdict"] == "unknown"
    assert got["trend"] == "unknown"
    assert pd.isna(got["gesture_without_progress"])
    assert got["periods_before"] == 0


def test_tolerance_decides_what_a_stall_is() -> None:
    """A 0.5-point rise is a stall at tolerance 1, a rise at tolerance 0.1."""
    values: list[float | None] = [50, 50, 50, 50.5, 50.5]
    assert _verdict(values)["trend"] == "stalled"
    assert _verdict(values, tolerance=0.1)["trend"] == "rose"
    with pytest.raises(ReportError, match="tolerance"):
        _verdict(values, tolerance=-1.0)


def test_windows_cover_several_periods() -> None:
    """A 60-day window on monthly data averages two periods on each side."""
    got = _verdict([10, 30, 99, 50, 70], before="60D", after="60D")
    assert got["index_before"] == pytest.approx(20)
    assert got["index_after"] == pytest.approx(60)
    assert got["periods_before"] == 2


@pytest.mark.parametrize(
    ("window", "frequency", "expected"),
    [("30D", "monthly", 1), ("60D", "monthly", 2), ("30D", "weekly", 5), ("30D", "daily", 30)],
)
def test_window_in_days_becomes_whole_periods(window: str, frequency: str, expected: int) -> None:
    """Durations are rounded up to whole periods of the scorecard's frequency."""
    assert window_periods(window, frequency) == expected


def test_by_period_groups_the_events_of_a_period() -> None:
    """Two events in March become one row with both ids and both counts."""
    card = index_card(
        dict.fromkeys(MONTHS[:5], 50.0),
        [_event("a", "2025-03-02", 10), _event("b", "2025-03-20", 20)],
    )
    table = card.divergence(by="period")
    assert len(table) == 1
    assert table.loc[0, "event_id"] == "a;b"
    assert table.loc[0, "events"] == 2
    assert table.loc[0, "persons_returned"] == pytest.approx(60)


@functools.cache
def _lagged_card(with_gap: bool) -> Scorecard:
    # the index rises 10 points in the month after each event month (Feb, Jun, Sep)
    levels: list[float | None] = [10, 10, 20, 20, 20, 20, 30, 30, 30, 40, 40, 40]
    if with_gap:
        levels[-1] = None
    events = [_event("e1", "2025-02-10"), _event("e2", "2025-06-10"), _event("e3", "2025-09-10")]
    return index_card(dict(zip(MONTHS, levels, strict=True)), events)


def test_lead_lag_finds_the_lag_at_which_the_index_follows() -> None:
    """Change follows events by one period exactly: correlation 1 at lag +1, 11 pairs."""
    lags = _lagged_card(with_gap=False).lead_lag(max_lag=2).set_index("lag")
    assert list(lags.index) == [-2, -1, 0, 1, 2]
    assert lags.loc[1, "correlation"] == pytest.approx(1.0)
    assert lags.loc[1, "pairs"] == 11
    assert abs(lags["correlation"].to_dict()[0]) < 0.5


def test_lead_lag_excludes_periods_without_an_index() -> None:
    """A month without an index removes its pairs instead of being filled."""
    lags = _lagged_card(with_gap=True).lead_lag(max_lag=1).set_index("lag")
    assert lags.loc[1, "pairs"] == 10
    assert lags.loc[1, "correlation"] == pytest.approx(1.0)


def test_summary_counts_verdicts_and_names_the_strongest_lag() -> None:
    """The summary counts each verdict and reports lag +1 as the strongest."""
    summary = _lagged_card(with_gap=False).divergence_summary(max_lag=2)
    assert summary["rows"] == 3
    assert summary["progress_alongside"] == 3
    assert summary["strongest_lag"] == 1
    assert summary["strongest_pairs"] == 11


def test_a_window_longer_than_the_scored_span_is_clipped_to_it() -> None:
    """``before=2**70`` periods averages every period before the event, at once.

    It raised ``OverflowError`` (an ``np.arange`` of 2**70 positions); a window longer
    than the scored span now covers the whole span on its side, as a window of exactly
    that many periods does (five months, event in March: two before, two after).
    """
    card = _card((10.0, 20.0, 30.0, 40.0, 50.0))
    huge = card.divergence(before=2**70, after=2**70).iloc[0]
    exact = card.divergence(before=2, after=2).iloc[0]
    assert huge["periods_before"] == exact["periods_before"] == 2
    assert huge["periods_after"] == exact["periods_after"] == 2
    assert huge["index_before"] == pytest.approx(15.0)
    assert huge["index_after"] == pytest.approx(45.0)
    longest = card.divergence(before="36500D", after="36500D").iloc[0]  # a century
    assert longest["index_change"] == pytest.approx(30.0)


def test_a_max_lag_longer_than_the_scored_span_is_clipped_to_it() -> None:
    """``max_lag=2**70`` looped for ever; lags are clipped to the span (12 months: 11)."""
    card = _lagged_card(with_gap=False)
    lags = card.lead_lag(max_lag=2**70)
    assert lags["lag"].tolist() == list(range(-11, 12))
    pd.testing.assert_frame_equal(lags, card.lead_lag(max_lag=11))
    assert card.divergence_summary(max_lag=2**70) == card.divergence_summary(max_lag=11)


@pytest.mark.parametrize(
    ("window", "error", "message"),
    [
        ("", ReportError, "covering at least one period"),
        ("30", ReportError, "with a unit"),  # pandas read a bare number as nanoseconds
        ("soon", ReportError, "a duration"),
        (pd.Timedelta(days=-1), ReportError, "covering at least one period"),
        (0, ReportError, r"whole number >= 1"),
        (2.5, InputTypeError, "whole number of periods or a duration"),
        (True, InputTypeError, "whole number of periods or a duration"),
        (None, InputTypeError, "whole number of periods or a duration"),
    ],
)
def test_a_junk_window_is_refused_naming_the_argument(
    window: object, error: type[Exception], message: str
) -> None:
    """Junk windows were raw ``ValueError``s (``""``: NaT) or read as nanoseconds ("30")."""
    with pytest.raises(error, match=f"argument 'before' must be .*{message}") as info:
        _card((50.0,) * 5).divergence(before=window)  # type: ignore[arg-type]
    assert "\nHint: " in str(info.value)
    with pytest.raises(error, match=f"window_periods: argument 'window' must be .*{message}"):
        window_periods(window, "monthly")  # type: ignore[arg-type]


def test_window_periods_names_a_misspelt_frequency() -> None:
    """``frequency=""`` was a raw ``KeyError``; a near miss gets a did-you-mean hint."""
    with pytest.raises(ReportError, match=r"argument 'frequency' must be one of") as info:
        window_periods("30D", "Monthly")
    assert "Did you mean 'monthly'?" in str(info.value)
    with pytest.raises(InputTypeError, match=r"argument 'frequency'"):
        window_periods("30D", None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("max_lag", "error"),
    [(-1, ReportError), (1.5, InputTypeError), (True, InputTypeError), ("3", InputTypeError)],
)
def test_a_junk_max_lag_is_refused_naming_the_argument(
    max_lag: object, error: type[Exception]
) -> None:
    """A lag is a whole number of periods >= 0; ``True`` and ``"3"`` are not lags."""
    with pytest.raises(error, match=r"lead_lag: argument 'max_lag' must be a whole number >= 0"):
        _lagged_card(with_gap=False).lead_lag(max_lag=max_lag)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("option", "value"),
    [("tolerance", math.nan), ("tolerance", -1), ("confidence", 0.2), ("by", "events")],
)
def test_junk_options_of_divergence_are_report_errors(option: str, value: object) -> None:
    """Each option is named with what it takes."""
    with pytest.raises(ReportError, match=f"divergence: argument '{option}' must be"):
        _card((50.0,) * 5).divergence(**{option: value})  # type: ignore[arg-type]


def test_the_verdict_reads_p_progress_not_the_point_change() -> None:
    """A rise by the nominal index that the draws do not agree on is not progress.

    Before the March exchange (February) cessation alone is at 60; after it (April) the
    other three indicators are at 20. The nominal index (arithmetic, equal weights) is 15
    in both months, and the draws split: weights heavy on cessation see a fall, the others
    a rise. ``p_progress`` lies strictly between 0 and 1, and the verdict follows the
    confidence asked for, whatever the point change.
    """
    from tests.report._cases import LEVEL_METRICS, level_config, row  # noqa: PLC0415

    values = {
        "2025-02": (60.0, 0.0, 0.0, 0.0),
        "2025-03": (30.0, 10.0, 10.0, 10.0),
        "2025-04": (0.0, 20.0, 20.0, 20.0),
    }
    rows = [
        row(f"{name}-{month}", name, indicator, f"{month}-15", value)
        for month, scores in values.items()
        for (name, indicator), value in zip(LEVEL_METRICS.items(), scores, strict=True)
    ]
    config = level_config(start="2025-02-01", end="2025-04-30")
    card = score(
        pd.DataFrame(rows), config=config, humanitarian=pd.DataFrame([_event("x", "2025-03-10")])
    )
    strict = card.divergence(before=1, after=1).iloc[0]
    assert 0.0 < strict["p_progress"] < 1.0
    assert strict["index_change"] == pytest.approx(0.0)  # 60/4 = 15 before, 60/4 = 15 after
    assert strict["verdict"] == "gesture_without_progress"
    lenient = card.divergence(before=1, after=1, confidence=0.5).iloc[0]
    expected = "progress_alongside" if strict["p_progress"] >= 0.5 else "gesture_without_progress"
    assert lenient["verdict"] == expected
    # per indicator: cessation fell in every draw, the others rose in every draw
    assert strict["cessation_of_attacks_p_progress"] == 0.0
    assert strict["verified_withdrawal_p_progress"] == 1.0


def test_without_draws_the_tolerance_decides() -> None:
    """With the Monte Carlo off, p_progress is NaN and the point change decides, as before."""
    card = _card((10, 20, 30, 40, 50))
    off = attrs.evolve(card, monte_carlo=None, uncertainty=None)
    got = off.divergence().iloc[0]
    assert np.isnan(got["p_progress"])
    assert got["verdict"] == "progress_alongside"
