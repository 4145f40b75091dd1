"""``Scorecard.explain``: the evidence behind a period's scores, on a hand-built case.

The case (period 2025-02, 28 days, arithmetic index, goalposts chosen so scores are easy):

- attacks (events: every row adds, days without events inside the source's span count 0;
  worst 10 a day, best 0, weight 1): 30 + 10 verified/corroborated in February, the
  span running 10 Jan - 3 Mar -> 40 over 28 days -> 10/7 a day -> score 100 - 100/7 =
  85.714; a claimed 50 and a disputed 5 are excluded.
- shelling (a reported figure, worst 10 a day, weight 3): 60 over 16 Jan - 14 Feb (30
  days) = 2 a day, covering 14 of February's 28 days (share 0.5, just enough) -> 2 a
  day -> score 80. Cessation = (1 x 85.714 + 3 x 80) / 4 = 81.4286.
- area (level, carried up to 62 days): 400 km2 observed 20 Jan only -> carried into
  February -> score 60.
- annexation (level, 0-3, last): 1 on 3 Feb, 2 on 20 Feb -> 2 -> 66.667; 3 Feb superseded.
- nazi (level, 0-4): 0 -> score 0.
- Index (arithmetic, equal weights) = (81.4286 + 60 + 66.667 + 0) / 4 = 52.0238.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.exceptions import ReportError
from progress_indicators.model import Goalposts, Indicator, MetricSpec, ScorecardConfig
from tests._warnings import SINGLE
from tests._warnings import score as score_warned
from tests.report._cases import row

C, W, S, N = (
    Indicator.CESSATION_OF_ATTACKS,
    Indicator.VERIFIED_WITHDRAWAL,
    Indicator.SOVEREIGNTY_RESPECT,
    Indicator.NARRATIVE_DENIAL,
)


def _config(aggregation: str = "arithmetic") -> ScorecardConfig:
    def count(name: str, weight: float, *, events: bool) -> MetricSpec:
        return MetricSpec(
            name=name,
            indicator=C,
            unit="events",
            kind="count",
            aggregation="sum",
            goalposts=Goalposts(worst=10.0, best=0.0),
            weight=weight,
            zero_fill=events,
        )

    def level(name: str, ind: Indicator, worst: float, best: float, keep: int | None) -> MetricSpec:
        return MetricSpec(
            name=name,
            indicator=ind,
            unit="units",
            kind="level",
            aggregation="last",
            goalposts=Goalposts(worst=worst, best=best),
            carry_forward_days=keep,
            maximum=max(worst, best),
        )

    return ScorecardConfig(
        metrics=(
            count("attacks", 1.0, events=True),
            count("shelling", 3.0, events=False),
            level("area", W, 1000.0, 0.0, 62),
            level("annexation", S, 0.0, 3.0, None),
            level("nazi", N, 0.0, 4.0, None),
        ),
        aggregation=aggregation,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 3, 31),
        uncertainty={"draws": 0},
    )


def _violations(weight: float = 1.0) -> MetricSpec:
    """A reported rate of cessation: violations a day, worst 100, best 0."""
    return MetricSpec(
        name="violations",
        indicator=C,
        unit="violations/day",
        kind="count",
        aggregation="mean",
        goalposts=Goalposts(worst=100.0, best=0.0),
        weight=weight,
    )


def _observations() -> pd.DataFrame:
    return pd.DataFrame(
        [
            row("a1", "attacks", C, "2025-02-05", 30, unit="events"),
            row("a2", "attacks", C, "2025-02-10", 10, unit="events", verification="corroborated"),
            row("a3", "attacks", C, "2025-02-11", 50, unit="events", verification="claimed"),
            row("a4", "attacks", C, "2025-02-12", 5, unit="events", verification="disputed"),
            row("a-jan", "attacks", C, "2025-01-10", 20, unit="events"),
            row("a-mar", "attacks", C, "2025-03-03", 1, unit="events"),
            row("s1", "shelling", C, "2025-01-16", 60, unit="events", end_date="2025-02-14"),
            row("area-jan", "area", W, "2025-01-20", 400, unit="units"),
            row("ann-early", "annexation", S, "2025-02-03", 1, unit="units"),
            row("ann-late", "annexation", S, "2025-02-20", 2, unit="units"),
            row("nazi-feb", "nazi", N, "2025-02-01", 0, unit="units"),
            row("other", "unconfigured_metric", C, "2025-02-02", 7, unit="events"),
        ]
    )


@pytest.fixture(scope="module")
def card() -> pi.Scorecard:
    # area and nazi are each their indicator's only metric
    return score_warned(_observations(), expect=SINGLE, config=_config())


@pytest.fixture(scope="module")
def feb(card: pi.Scorecard) -> pd.DataFrame:
    return card.explain("2025-02").set_index("observation_id")


def test_contributing_observations_have_hand_computed_weights_and_contributions(
    feb: pd.DataFrame,
) -> None:
    """Each contributing observation's share, weights and index points match the paper case."""
    attacks = 100 - 100 / 7
    expected = {
        # id: (share_of_metric, weight_in_indicator, weight_in_index, metric_score, contribution)
        "a1": (0.75, 0.25, 0.0625, attacks, 0.75 * 0.0625 * attacks),
        "a2": (0.25, 0.25, 0.0625, attacks, 0.25 * 0.0625 * attacks),
        "s1": (1.0, 0.75, 0.1875, 80.0, 15.0),
        "ann-late": (1.0, 1.0, 0.25, 200.0 / 3.0, 50.0 / 3.0),
        "nazi-feb": (1.0, 1.0, 0.25, 0.0, 0.0),
    }
    for obs_id, (share, w_ind, w_idx, score, contribution) in expected.items():
        got = feb.loc[obs_id]
        assert got["status"] == "contributing", obs_id
        assert got["share_of_metric"] == pytest.approx(share), obs_id
        assert got["weight_in_indicator"] == pytest.approx(w_ind), obs_id
        assert got["weight_in_index"] == pytest.approx(w_idx), obs_id
        assert got["metric_score"] == pytest.approx(score), obs_id
        assert got["contribution"] == pytest.approx(contribution), obs_id
    assert feb.loc["s1", "value_in_period"] == pytest.approx(28.0)  # 2 a day on 14 days
    assert feb.loc["s1", "days_covered"] == 14
    assert feb.loc["s1", "share_covered"] == pytest.approx(0.5)
    assert feb.loc["a1", "days_covered"] == 28
    assert feb.loc["s1", "source_record"] == "record/s1"


def test_contributions_sum_to_the_index_and_indicator_scores(
    card: pi.Scorecard, feb: pd.DataFrame
) -> None:
    """Index points add up to the paper index 52.02; per indicator to 81.43, 60, 66.7, 0."""
    cessation = (1 * (100 - 100 / 7) + 3 * 80) / 4
    assert feb["contribution"].sum() == pytest.approx((cessation + 60 + 200 / 3 + 0) / 4)
    by_indicator = feb.groupby("indicator")["contribution_to_indicator"].sum()
    assert by_indicator[C.value] == pytest.approx(cessation)
    assert by_indicator[W.value] == pytest.approx(60.0)
    assert by_indicator[S.value] == pytest.approx(200 / 3)
    assert float(card.index.loc["2025-02"]) == pytest.approx(feb["contribution"].sum())


def test_carried_value_points_to_the_observation_it_came_from(feb: pd.DataFrame) -> None:
    """The February area value is carried from the 20 January observation."""
    got = feb.loc["area-jan"]
    assert got["status"] == "carried_forward"
    assert got["carried_from"] == "area-jan"
    assert got["carried_from_period"] == "2025-01"
    assert got["contribution"] == pytest.approx(15.0)


def test_superseded_and_excluded_observations_say_why(feb: pd.DataFrame) -> None:
    """Older level values are superseded; claimed, disputed, unconfigured are excluded."""
    assert feb.loc["ann-early", "status"] == "superseded"
    assert feb.loc["ann-early", "reason"] == "older_than_latest_in_period"
    assert math.isnan(feb["contribution"].to_dict()["ann-early"])
    reasons = {
        "a3": "below_verification_threshold",
        "a4": "disputed_or_refuted",
        "other": "metric_not_configured",
    }
    for obs_id, reason in reasons.items():
        assert feb.loc[obs_id, "status"] == "excluded"
        assert feb.loc[obs_id, "reason"] == reason
    assert "a-jan" not in feb.index  # January evidence does not explain February


def test_geometric_contributions_still_sum_to_the_index() -> None:
    """With geometric aggregation the attribution is scaled to sum to the index."""
    card = score_warned(_observations(), expect=SINGLE, config=_config("geometric"))
    table = card.explain("2025-02")
    assert table["contribution"].sum() == pytest.approx(float(card.index.loc["2025-02"]))


def test_indicator_filter_and_bad_arguments(card: pi.Scorecard) -> None:
    """``indicator=`` keeps one indicator; unknown periods and indicators raise ReportError."""
    only = card.explain("2025-02", indicator="verified_withdrawal")
    assert set(only["indicator"]) == {"verified_withdrawal"}
    assert list(only["observation_id"]) == ["area-jan"]
    with pytest.raises(ReportError, match="not scored"):
        card.explain("2024-12")
    with pytest.raises(ReportError, match="Did you mean 'verified_withdrawal'"):
        card.explain("2025-02", indicator="verified_withdrawl")


def test_a_zero_from_an_event_span_and_a_coarser_report_are_explained() -> None:
    """A zero from an event span is ``zero_filled``; a coarser report yields to a finer one.

    February lies inside the attack source's span (5 January to 30 March) with no event:
    its 0 rests on no row. A weekly summary (50/day) counts on the 6 days a daily report
    (10 on 5 February) does not cover.
    """
    events = MetricSpec(
        name="attacks",
        indicator=C,
        unit="events",
        kind="count",
        aggregation="sum",
        goalposts=Goalposts(worst=10.0, best=0.0),
        zero_fill=True,
    )
    rate = _violations(weight=0.0)
    config = ScorecardConfig(
        metrics=(events, rate),
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 3, 31),
        index_data_threshold=0.25,
        uncertainty={"draws": 0},
    )
    rows = pd.DataFrame(
        [
            row("jan", "attacks", C, "2025-01-05", 3, unit="events"),
            row("mar", "attacks", C, "2025-03-30", 1, unit="events"),
            row(
                "week",
                "violations",
                C,
                "2025-02-03",
                50,
                unit="violations/day",
                end_date="2025-02-09",
            ),
            row("day", "violations", C, "2025-02-05", 10, unit="violations/day"),
        ]
    )
    # cessation only (threshold 0.25): the other three indicators are empty
    card = score_warned(rows, expect={pi.CoverageWarning, pi.SingleMetricWarning}, config=config)
    feb = card.explain("2025-02").set_index("status")
    zero = feb.loc["zero_filled"]
    assert zero["metric"] == "attacks"
    assert zero["metric_score"] == pytest.approx(100.0)
    assert zero["contribution_to_indicator"] == pytest.approx(100.0)
    by_id = card.explain("2025-02").set_index("observation_id")
    # the weekly 50/day counts on 6 of its 7 days; the daily 10 replaces it on 5 February
    assert by_id.loc["week", "value_in_period"] == pytest.approx(300.0)
    assert by_id.loc["day", "value_in_period"] == pytest.approx(10.0)
    assert by_id.loc["week", "share_of_metric"] == pytest.approx(300 / 310)


def test_a_breakdown_inside_a_wider_area_is_explained_as_superseded() -> None:
    """Of overlapping areas on one day, the widest counts, and ``explain`` says so.

    Violations (a rate): ``Donetsk+Luhansk`` 100/day over 1-14 February, ``Donetsk``
    60/day over all 28 days, ``Luhansk`` 40 on 3 February. On 1-14 February the union
    wins (Donetsk and Luhansk are inside it), on 15-28 February Donetsk alone counts:
    (14 x 100 + 14 x 60) / 28 = 80/day, from 1,400 and 840; Luhansk's 40 counts on no
    day. Area (a level read on the last day): ``Ukraine`` 900 and ``Crimea`` 300, both in
    force on 28 February: the whole country's 900, Crimea inside it.
    """
    rate = _violations()
    area = MetricSpec(
        name="area",
        indicator=W,
        unit="km2",
        kind="level",
        aggregation="last",
        goalposts=Goalposts(worst=1000.0, best=0.0),
        carry_forward_days=62,
    )
    config = ScorecardConfig(
        metrics=(rate, area),
        start=dt.date(2025, 2, 1),
        end=dt.date(2025, 2, 28),
        index_data_threshold=0.5,
        uncertainty={"draws": 0},
    )
    v, km2 = "violations/day", "km2"
    rows = pd.DataFrame(
        [
            row("dl", "violations", C, "2025-02-01", 100, unit=v, end_date="2025-02-14")
            | {"region": "Donetsk+Luhansk"},
            row("d", "violations", C, "2025-02-01", 60, unit=v, end_date="2025-02-28")
            | {"region": "Donetsk"},
            row("l", "violations", C, "2025-02-03", 40, unit=v) | {"region": "Luhansk"},
            row("ua", "area", W, "2025-02-01", 900, unit=km2) | {"region": "Ukraine"},
            row("crimea", "area", W, "2025-02-10", 300, unit=km2) | {"region": "Crimea"},
        ]
    )
    # two of four indicators covered, each by one metric
    card = score_warned(rows, expect={pi.CoverageWarning, pi.SingleMetricWarning}, config=config)
    assert card.metric_values.loc["2025-02", "violations"] == pytest.approx(80.0)
    assert card.metric_values.loc["2025-02", "area"] == pytest.approx(900.0)
    feb = card.explain("2025-02").set_index("observation_id")
    assert feb.loc["dl", "value_in_period"] == pytest.approx(1400.0)
    assert feb.loc["d", "value_in_period"] == pytest.approx(840.0)
    assert feb.loc["dl", "share_of_metric"] == pytest.approx(1400 / 2240)
    assert feb.loc["d", "status"] == "contributing"
    for superseded in ("l", "crimea"):
        assert feb.loc[superseded, "status"] == "superseded"
        assert feb.loc[superseded, "reason"] == "inside_a_wider_area"
    assert feb.loc["ua", "status"] == "contributing"
    assert feb.loc["ua", "share_of_metric"] == pytest.approx(1.0)
