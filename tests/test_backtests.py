"""Back-tests: the defaults tell known history right on the bundled example (issue #15).

Each test states what happened (with the public record behind it) and checks that the
default scorecard reads it that way. The case study (``docs/case-study.ipynb``) shows
the same readings with their numbers, computed by the same calls.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

import progress_indicators as pi
from tests._warnings import SINGLE, score


def _month(text: str) -> Any:
    return pd.Period(text, "M")


@pytest.fixture(scope="module")
def card() -> pi.Scorecard:
    """The bundled example, default settings (monthly, verified track, 1,000 draws)."""
    observations, humanitarian = pi.datasets.load_example()
    return score(observations, expect=SINGLE, humanitarian=humanitarian)


def test_withdrawal_rises_in_the_autumn_2022_counter_offensives(card: pi.Scorecard) -> None:
    """Kharkiv (September) and Kherson (November 2022): verified withdrawal rises, each month.

    DeepStateMap's occupied area fell from about 124,800 km2 (late August) to about
    108,400 km2 (late November); the milestone ladder reads a lasting withdrawal begun.
    """
    withdrawal = card.indicators["verified_withdrawal"]
    autumn = withdrawal.loc[_month("2022-08") : _month("2022-11")].to_numpy()
    assert np.all(np.diff(autumn) > 0)
    assert autumn[-1] - autumn[0] > 10  # more than 10 points of the 0-100 range
    ladder = card.milestones["verified_withdrawal"]
    assert (ladder.loc[_month("2022-09") : _month("2022-11")] == "begun").all()


def test_withdrawal_declines_through_2023_to_2025(card: pi.Scorecard) -> None:
    """After Kherson, Russia gained ground year on year: the annual mean falls, no milestone."""
    withdrawal = card.indicators["verified_withdrawal"].dropna()
    by_year = withdrawal.groupby(pd.PeriodIndex(withdrawal.index).year).mean()
    assert by_year[2023] > by_year[2024] > by_year[2025]
    ladder = card.milestones["verified_withdrawal"]
    later = ladder.loc[_month("2024-01") : _month("2025-12")].dropna()
    assert (later == "none").all()


def test_the_july_2020_ceasefire_is_a_dip_in_violations_but_no_cessation_milestone() -> None:
    """The 27 July 2020 measures cut violations from hundreds a day to dozens, never to zero.

    Weekly: the first week of the measures is far below the spring of 2020; the
    cessation ladder never reaches ``ceasefire`` (28 days without a violation).
    """
    observations, _ = pi.datasets.load_example()
    config = {
        "frequency": "weekly",
        "start": dt.date(2020, 4, 20),
        "end": dt.date(2020, 11, 15),
        "uncertainty": {"draws": 0},
    }
    card = score(observations, expect={pi.CoverageWarning, pi.SingleMetricWarning}, config=config)
    violations = card.metric_values["ceasefire_violations_per_day"]
    spring = violations.loc[: pd.Timestamp("2020-05-17")].dropna()
    week: Any = pd.Period("2020-07-27", "W-SUN")
    measures = violations.loc[week]
    assert spring.min() > 10 * measures  # 700-750 a day against 21.3 a day
    assert measures > 0  # dozens, never zero
    ladder = card.milestones["cessation_of_attacks"].dropna()
    assert not ladder.isin(["ceasefire", "sustained"]).any()


def test_the_may_2025_exchange_is_a_gesture_without_progress_with_its_probability(
    card: pi.Scorecard,
) -> None:
    """The 1000-for-1000 exchange of 23-25 May 2025 came as the index fell (the 25 May attack).

    Every stage is judged ``gesture_without_progress``: in under one draw in ten does
    the index average higher in the month after than in the month before.
    """
    table = card.divergence().set_index("event_id")
    stages = table.loc[
        [
            "hum-pow-exchange-2025-05-23",
            "hum-pow-exchange-2025-05-24",
            "hum-pow-exchange-2025-05-25",
        ]
    ]
    assert (stages["verdict"] == "gesture_without_progress").all()
    assert (stages["p_progress"] < 0.1).all()
    assert (stages["index_change"] < 0).all()


def test_the_map_filling_in_of_april_2022_does_not_score_as_an_advance() -> None:
    """DeepStateMap's settling period (3-23 April 2022) is an artefact, listed and unscored.

    Its contested area fell from 6,287 to under 1,000 km2 as the map was filled in,
    adding about 13,000 km2 of "occupied" area that no Russian advance produced. Weekly,
    no withdrawal score rests on those days; the rows are excluded with the reason.
    """
    observations, _ = pi.datasets.load_example()
    config = {
        "frequency": "weekly",
        "start": dt.date(2022, 3, 28),
        "end": dt.date(2022, 5, 29),
        "uncertainty": {"draws": 0},
    }
    card = score(observations, expect=SINGLE, config=config)
    area = card.metric_values["occupied_area_km2"]
    assert area.loc[: pd.Timestamp("2022-04-17")].isna().all()
    assert area.loc[pd.Timestamp("2022-04-25") :].notna().all()
    artefacts = card.excluded[card.excluded["reason"] == "artefact"]
    assert set(artefacts["metric"]) == {"occupied_area_km2"}
    # one row per archived DeepStateMap day, 3-23 April 2022 (13 April is not archived)
    assert len(artefacts) == 20
    assert artefacts["detail"].str.contains("settling period").all()
    raw = score(observations, expect=SINGLE, config={**config, "artefacts": ()})
    early = raw.metric_values["occupied_area_km2"].loc[: pd.Timestamp("2022-04-17")]
    assert early.notna().all()  # without the rule the filling-in weeks would score


def test_the_cessation_clock_runs_on_real_attack_events(card: pi.Scorecard) -> None:
    """UCDP recorded lethal Russian attacks on every day of September 2022 and February 2023."""
    clock = card.cessation
    september = clock.loc[pd.Period("2022-09-01", "D") : pd.Period("2022-09-30", "D")]
    assert september["covered"].all()
    assert (september["days_without_attack"] == 0).all()
    ladder = card.milestones["cessation_of_attacks"]
    assert ladder.loc[_month("2022-09")] == "none"
    assert ladder.loc[_month("2023-02")] == "none"
    assert card.metric_values.loc[_month("2022-09"), "attack_events"] == pytest.approx(489 / 30)
