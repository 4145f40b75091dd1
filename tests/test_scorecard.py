"""Hand-checked scores of the first VPI path (numbers worked out in each test)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.model import DEFAULT_METRICS, Baseline, Goalposts
from tests._factories import event, month, obs, table
from tests._warnings import EMPTY, SINGLE, score

FIXTURE_METRICS = (
    "civilians_killed",
    "missiles_launched",
    "occupied_area_km2",
    "provision_annexation",
    "provision_recognition",
    "narrative_nazi",
)
"""The metrics the fixture covers: each indicator's coverage rests on these alone."""


def _config(**settings: object) -> pi.ScorecardConfig:
    """Jan-Mar 2023 over the fixture's metrics (default goalposts), no Monte Carlo."""
    metrics = tuple(m for m in DEFAULT_METRICS if m.name in FIXTURE_METRICS)
    base: dict[str, object] = {
        "start": dt.date(2023, 1, 1),
        "end": dt.date(2023, 3, 31),
        "metrics": metrics,
        "uncertainty": {"draws": 0},
    }
    return pi.ScorecardConfig.model_validate({**base, **settings})


YEAR_2023 = {"start": dt.date(2023, 1, 1), "end": dt.date(2023, 3, 31)}
NO_DRAWS: dict[str, object] = {"uncertainty": {"draws": 0}}

# hand-computed scores of the fixture, January 2023, under the default goalposts:
# civilians 99 over 31 days against 25.41 a day (log goalposts, best 0)
CIV = 100 * (1 - math.log1p(99 / 31) / math.log1p(25.41))
# 75,000 km2 occupied against 124,856.2 km2 (linear goalposts, best 0)
AREA = 100 * (124_856.2 - 75_000) / 124_856.2


def _full_quarter() -> pd.DataFrame:
    """One verified observation per indicator in Jan-Mar 2023, older evidence in 2022."""
    return table(
        obs("civ-base", "civilians_killed", "2022-03-01", 999, end_date="2022-03-31"),
        obs("civ-jan", "civilians_killed", "2023-01-01", 99, end_date="2023-01-31"),
        obs("area-base", "occupied_area_km2", "2022-06-01", 100_000),
        obs("area-jan", "occupied_area_km2", "2023-01-31", 75_000),
        obs("prov-a", "provision_annexation", "2022-12-01", 0),
        obs("prov-b", "provision_recognition", "2022-12-01", 3),
        obs("narr", "narrative_nazi", "2023-01-10", 2),
    )


def test_log_goalpost_matches_hand_calculation() -> None:
    """99 killed over 31 days against 25.41 a day: 100 * (1 - log1p(99/31) / log1p(25.41))."""
    card = score(_full_quarter(), expect=SINGLE, config=_config())
    assert card.metric_values.loc[month("2023-01"), "civilians_killed"] == pytest.approx(99 / 31)
    assert card.metric_scores.loc[month("2023-01"), "civilians_killed"] == pytest.approx(CIV)


def test_linear_goalpost_is_a_number_and_a_baseline_is_an_explicit_option() -> None:
    """75,000 km2 scores against the published 124,856.2; a max baseline derives 100,000.

    With ``Baseline(statistic="max")`` over 2022 the goalpost is the data's maximum
    (100,000 km2 in June 2022), and 75,000 km2 scores 25.
    """
    card = score(_full_quarter(), expect=SINGLE, config=_config())
    assert card.goalposts.loc["occupied_area_km2", "worst"] == 124_856.2
    assert not card.goalposts.loc["occupied_area_km2", "derived_from_data"]
    assert card.indicators.loc[month("2023-01"), "verified_withdrawal"] == pytest.approx(AREA)
    window = Baseline(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31), statistic="max")
    metrics = tuple(
        m.model_copy(update={"goalposts": Goalposts(worst=window, best=0.0)})
        if m.name == "occupied_area_km2"
        else m
        for m in _config().metrics
    )
    derived = score(_full_quarter(), expect=SINGLE, config=_config(metrics=metrics))
    assert derived.goalposts.loc["occupied_area_km2", "worst"] == 100_000
    assert derived.goalposts.loc["occupied_area_km2", "derived_from_data"]
    assert derived.indicators.loc[month("2023-01"), "verified_withdrawal"] == pytest.approx(25.0)


def test_ordinal_items_average_within_indicator() -> None:
    """Provisions at 0 and 3 of 3 average to 50; a narrative at 2 of 4 scores 50."""
    card = score(_full_quarter(), expect=SINGLE, config=_config())
    jan = card.indicators.loc[month("2023-01")]
    assert jan["sovereignty_respect"] == pytest.approx(50.0)
    assert jan["narrative_denial"] == pytest.approx(50.0)


def test_geometric_index_with_offset() -> None:
    """Index = exp(mean(log(s + 1))) - 1 over the four indicator scores (equal weights)."""
    card = score(_full_quarter(), expect=SINGLE, config=_config())
    scores = [CIV, AREA, 50.0, 50.0]
    expected = math.exp(sum(math.log(s + 1) for s in scores) / 4) - 1
    assert card.index[month("2023-01")] == pytest.approx(expected)


def test_arithmetic_index() -> None:
    """With arithmetic aggregation and weights 2:1:1:0 the index is the weighted mean."""
    weights = {
        pi.Indicator.CESSATION_OF_ATTACKS: 2.0,
        pi.Indicator.VERIFIED_WITHDRAWAL: 1.0,
        pi.Indicator.SOVEREIGNTY_RESPECT: 1.0,
        pi.Indicator.NARRATIVE_DENIAL: 0.0,
    }
    config = _config(aggregation="arithmetic", indicator_weights=weights)
    card = score(_full_quarter(), expect=SINGLE, config=config)
    assert card.index[month("2023-01")] == pytest.approx((2 * CIV + AREA + 50) / 4)


def test_missing_indicator_gives_nan_index_not_a_score() -> None:
    """February has no casualty figure: cessation and the index are NaN, never 0 or 100."""
    card = score(_full_quarter(), expect=SINGLE, config=_config())
    feb = month("2023-02")
    assert np.isnan(card.indicators.loc[feb, "cessation_of_attacks"])
    assert np.isnan(card.index[feb])
    coverage = card.coverage.loc[(feb, "cessation_of_attacks")]
    assert not coverage["covered"]
    assert coverage["metrics_covered"] == 0


def test_lower_data_threshold_renormalises_weights() -> None:
    """With index_data_threshold 0.75, three of four indicators give a geometric index.

    In February the map of 31 January is carried (31 days cover all of February).
    """
    card = score(_full_quarter(), expect=SINGLE, config=_config(index_data_threshold=0.75))
    feb = card.indicators.loc[month("2023-02")]
    assert np.isnan(feb["cessation_of_attacks"])
    expected = math.exp((math.log(AREA + 1) + math.log(51) + math.log(51)) / 3) - 1
    assert card.index[month("2023-02")] == pytest.approx(expected)


def test_levels_carry_forward_within_their_age_limit() -> None:
    """Area seen on 31 Jan is valid 31 days: all of February, 1-3 March, not April.

    A state read at the period's end (``last``) needs one covered day: March takes the
    state of 3 March. The carried value is flagged in the coverage tables, with its age.
    """
    card = score(_full_quarter(), expect=SINGLE, config=_config(end=dt.date(2023, 4, 30)))
    area = card.metric_values["occupied_area_km2"]
    assert area[month("2023-02")] == 75_000
    assert area[month("2023-03")] == 75_000
    assert np.isnan(area[month("2023-04")])
    assert card.coverage.loc[(month("2023-02"), "verified_withdrawal"), "metrics_carried"] == 1
    assert card.coverage.loc[(month("2023-01"), "verified_withdrawal"), "metrics_carried"] == 0
    march = card.metric_coverage.loc[(month("2023-03"), "occupied_area_km2")]
    assert march["days_covered"] == 3
    assert march["evidence_age_days"] == 31  # 31 Jan to 3 Mar
    feb = card.metric_coverage.loc[(month("2023-02"), "occupied_area_km2")]
    assert feb["carried"]
    assert feb["evidence_age_days"] == 28  # 31 Jan to 28 Feb


def test_a_narrative_keeps_its_last_verified_state_until_evidence_changes_it() -> None:
    """A narrative asserted once stays asserted (0), however long ago: silence is not renunciation.

    The state's age is visible in the coverage table.
    """
    rows = table(obs("n", "narrative_nazi", "2022-01-15", 0))
    metrics = tuple(m for m in DEFAULT_METRICS if m.name == "narrative_nazi")
    config = pi.ScorecardConfig(
        start=dt.date(2022, 1, 1), end=dt.date(2023, 3, 31), metrics=metrics
    )
    card = score(rows, expect={pi.CoverageWarning, pi.SingleMetricWarning}, config=config)
    narrative = card.indicators["narrative_denial"]
    assert narrative[month("2022-12")] == 0.0
    assert narrative[month("2023-03")] == 0.0
    age = card.metric_coverage.loc[(month("2023-03"), "narrative_nazi"), "evidence_age_days"]
    assert age == (dt.date(2023, 3, 31) - dt.date(2022, 1, 15)).days


def test_a_total_spanning_two_months_is_spread_evenly_over_its_days() -> None:
    """610 casualties over 1 Mar - 30 Apr (61 days) are 10 a day in March and in April."""
    rows = table(obs("c", "civilians_killed", "2022-03-01", 610, end_date="2022-04-30"))
    card = score(rows, expect={pi.CoverageWarning, pi.SingleMetricWarning}, config=NO_DRAWS)
    values = card.metric_values["civilians_killed"]
    assert values[month("2022-03")] == pytest.approx(10)
    assert values[month("2022-04")] == pytest.approx(10)


def test_weekly_frequency_uses_monday_to_sunday_weeks() -> None:
    """A week ending on Sunday 1 Jan 2023 and the week from Monday 2 Jan are two periods."""
    rows = table(
        obs("a", "civilians_killed", "2022-12-26", 7, end_date="2023-01-01"),
        obs("b", "civilians_killed", "2023-01-02", 14, end_date="2023-01-08"),
    )
    card = score(
        rows,
        expect={pi.CoverageWarning, pi.SingleMetricWarning},
        config={"frequency": "weekly", **NO_DRAWS},
    )
    assert list(card.metric_values["civilians_killed"]) == [1.0, 2.0]
    assert card.index.index[1].start_time == pd.Timestamp("2023-01-02")


def test_last_takes_mean_of_latest_date() -> None:
    """Two maps on the same latest day give their mean; an earlier value is ignored."""
    rows = table(
        obs("a", "occupied_area_km2", "2023-01-05", 1000),
        obs("b", "occupied_area_km2", "2023-01-20", 900),
        obs("c", "occupied_area_km2", "2023-01-20", 800),
    )
    card = score(rows, expect={pi.CoverageWarning, pi.SingleMetricWarning})
    assert card.metric_values["occupied_area_km2"].iloc[0] == pytest.approx(850)


def test_claimed_track_reads_what_the_verified_track_excludes() -> None:
    """A reported-only metric feeds the claimed index, not the verified one, and is listed."""
    rows = _full_quarter()
    extra = table(
        obs(
            "m-jan",
            "missiles_launched",
            "2023-01-01",
            62,
            verification="reported",
            end_date="2023-01-31",
        ),
        obs("d", "civilians_killed", "2023-01-02", 10_000, verification="disputed"),
    )
    card = score(pd.concat([rows, extra]), expect=SINGLE, config=_config())
    jan = month("2023-01")
    assert np.isnan(card.metric_scores.loc[jan, "missiles_launched"])
    # 62 missiles over 31 days = 2 a day, against the published 4.99 a day
    missiles = 100 * (1 - math.log1p(2.0) / math.log1p(4.99))
    assert card.claimed.metric_scores.loc[jan, "missiles_launched"] == pytest.approx(missiles)
    assert card.claimed_indicators.loc[jan, "cessation_of_attacks"] == pytest.approx(
        (CIV + missiles) / 2
    )
    reasons = card.excluded.set_index("observation_id")["reason"]
    assert reasons["m-jan"] == "below_verification_threshold"
    assert reasons["d"] == "disputed_or_refuted"
    assert card.claimed_gap[jan] == pytest.approx(card.claimed_index[jan] - card.index[jan])
    gap = card.claimed_indicator_gap.loc[jan]
    assert gap["cessation_of_attacks"] == pytest.approx((missiles - CIV) / 2)
    assert gap["verified_withdrawal"] == 0


def test_unconfigured_metric_is_excluded_with_reason() -> None:
    """An observation of a metric the config does not score is listed, not dropped silently."""
    rows = table(obs("x", "civilians_killed", "2023-01-01", 3))
    rows.loc[0, "metric"] = "tanks_destroyed"
    card = score(rows, expect={pi.CoverageWarning, pi.ExclusionWarning})
    assert card.excluded["reason"].tolist() == ["metric_not_configured"]


def test_ledger_counts_events_and_keeps_unknown_counts_unknown() -> None:
    """Two May events sum their counts; an event with no counts leaves the sum NaN."""
    events = pd.DataFrame(
        [
            event("e1", "2025-05-23", n=390),
            event("e2", "2025-05-24", n=307),
            event("e3", "2025-07-01", n=None),
        ]
    )
    card = score(
        _full_quarter(), expect={pi.CoverageWarning, pi.SingleMetricWarning}, humanitarian=events
    )
    ledger = card.humanitarian
    assert ledger.loc[month("2025-05"), "returned_to_ukraine"] == 697
    assert ledger.loc[month("2025-06"), "events"] == 0
    july = ledger.loc[month("2025-07")]
    assert np.isnan(july["returned_to_ukraine"])
    assert july["events_with_unknown_counts"] == 1


def test_to_frame_is_tidy_and_keeps_ledger_on_its_own_track() -> None:
    """The long table holds every wide value once, with the ledger under track 'ledger'."""
    events = pd.DataFrame([event("e1", "2023-01-05")])
    card = score(_full_quarter(), expect=SINGLE, config=_config(), humanitarian=events)
    long = card.to_frame()
    assert list(long.columns) == ["period", "period_start", "track", "measure", "name", "value"]
    index_rows = long[(long["measure"] == "index") & (long["track"] == "verified")]
    np.testing.assert_array_equal(index_rows["value"].to_numpy(), card.index.to_numpy())
    ledger = long[long["track"] == "ledger"]
    assert set(ledger["measure"]) == {"humanitarian"}
    assert not (long[long["track"] != "ledger"]["name"].isin(["events"])).any()


def test_score_accepts_observation_records() -> None:
    """Iterables of Observation score the same as the equivalent DataFrame."""
    frame = _full_quarter()
    records = [
        pi.Observation.model_validate({k: v for k, v in row.items() if not pd.isna(v)})
        for row in frame.to_dict("records")
    ]
    config = _config()
    pd.testing.assert_series_equal(
        score(records, expect=SINGLE, config=config).index,
        score(frame, expect=SINGLE, config=config).index,
    )


def test_custom_fixed_goalposts() -> None:
    """A metric's goalposts can be replaced by fixed numbers in the config."""
    metrics = tuple(
        m.model_copy(update={"goalposts": Goalposts(worst=200_000.0, best=0.0)})
        if m.name == "occupied_area_km2"
        else m
        for m in _config().metrics
    )
    card = score(_full_quarter(), expect=SINGLE, config=_config(metrics=metrics))
    assert card.indicators.loc[month("2023-01"), "verified_withdrawal"] == pytest.approx(62.5)


def test_empty_observations_with_period_give_all_nan() -> None:
    """No evidence at all over a configured span: every period NaN, nothing scored."""
    config = pi.ScorecardConfig(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30))
    card = score(
        table(obs("x", "civilians_killed", "2020-01-01", 1)).iloc[:0], expect=EMPTY, config=config
    )
    assert len(card.index) == 6
    assert card.index.isna().all()
    assert card.indicators.isna().all().all()
    assert not card.coverage["covered"].any()


def test_min_reliability_keeps_unreliable_sources_out_of_the_verified_index() -> None:
    """min_reliability C: a verified row from a D-graded source feeds only the claimed track."""
    rows = _full_quarter()
    rows.loc[rows["observation_id"] == "civ-jan", "reliability"] = "D"
    strict = score(
        rows,
        expect={pi.CoverageWarning, pi.SingleMetricWarning},
        config=_config(min_reliability="C"),
    )
    loose = score(rows, expect=SINGLE, config=_config())
    jan = month("2023-01")
    assert np.isnan(strict.indicators.loc[jan, "cessation_of_attacks"])
    assert loose.indicators.loc[jan, "cessation_of_attacks"] == pytest.approx(CIV)
    reasons = strict.excluded.set_index("observation_id")["reason"]
    assert reasons["civ-jan"] == "below_min_reliability"
    assert strict.claimed_indicators.loc[jan, "cessation_of_attacks"] == pytest.approx(
        loose.claimed_indicators.loc[jan, "cessation_of_attacks"]
    )
