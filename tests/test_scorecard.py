"""Hand-checked scores of the first VPI path (numbers worked out in each test)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.model import Goalposts
from tests._factories import event, month, obs, table
from tests._warnings import EMPTY, SINGLE, score

YEAR_2023 = {"start": dt.date(2023, 1, 1), "end": dt.date(2023, 3, 31)}


def _full_quarter() -> pd.DataFrame:
    """One verified observation per indicator in Jan-Mar 2023, baseline in March 2022."""
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
    """A count of 99 against a baseline of 999 scores 100 * (1 - log 100 / log 1000) = 33.3."""
    card = score(_full_quarter(), expect=SINGLE, config=pi.ScorecardConfig(**YEAR_2023))
    got = card.metric_scores.loc[month("2023-01"), "civilians_killed"]
    assert got == pytest.approx(100 * (1 - math.log(100) / math.log(1000)))


def test_linear_goalpost_and_max_baseline() -> None:
    """75,000 km2 against a 2022 maximum of 100,000 km2 and a target of 0 scores 25."""
    card = score(_full_quarter(), expect=SINGLE, config=pi.ScorecardConfig(**YEAR_2023))
    assert card.goalposts.loc["occupied_area_km2", "worst"] == 100_000
    assert card.indicators.loc[month("2023-01"), "verified_withdrawal"] == pytest.approx(25.0)


def test_ordinal_items_average_within_indicator() -> None:
    """Provisions at 0 and 3 of 3 average to 50; a narrative at 2 of 4 scores 50."""
    card = score(_full_quarter(), expect=SINGLE, config=pi.ScorecardConfig(**YEAR_2023))
    jan = card.indicators.loc[month("2023-01")]
    assert jan["sovereignty_respect"] == pytest.approx(50.0)
    assert jan["narrative_denial"] == pytest.approx(50.0)


def test_geometric_index_with_offset() -> None:
    """Index = exp(mean(log(s + 1))) - 1 over the four indicator scores (equal weights)."""
    card = score(_full_quarter(), expect=SINGLE, config=pi.ScorecardConfig(**YEAR_2023))
    cessation = 100 * (1 - math.log(100) / math.log(1000))
    scores = [cessation, 25.0, 50.0, 50.0]
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
    config = pi.ScorecardConfig(**YEAR_2023, aggregation="arithmetic", indicator_weights=weights)
    card = score(_full_quarter(), expect=SINGLE, config=config)
    cessation = 100 * (1 - math.log(100) / math.log(1000))
    assert card.index[month("2023-01")] == pytest.approx((2 * cessation + 25 + 50) / 4)


def test_missing_indicator_gives_nan_index_not_a_score() -> None:
    """February has no casualty figure: cessation and the index are NaN, never 0 or 100."""
    card = score(_full_quarter(), expect=SINGLE, config=pi.ScorecardConfig(**YEAR_2023))
    feb = month("2023-02")
    assert np.isnan(card.indicators.loc[feb, "cessation_of_attacks"])
    assert np.isnan(card.index[feb])
    coverage = card.coverage.loc[(feb, "cessation_of_attacks")]
    assert not coverage["covered"]
    assert coverage["metrics_covered"] == 0


def test_lower_data_threshold_renormalises_weights() -> None:
    """With index_data_threshold 0.75, three of four indicators give a geometric index."""
    config = pi.ScorecardConfig(**YEAR_2023, index_data_threshold=0.75)
    card = score(_full_quarter(), expect=SINGLE, config=config)
    feb = card.indicators.loc[month("2023-02")]
    assert np.isnan(feb["cessation_of_attacks"])
    expected = math.exp((math.log(26) + math.log(51) + math.log(51)) / 3) - 1
    assert card.index[month("2023-02")] == pytest.approx(expected)


def test_levels_carry_forward_within_their_age_limit() -> None:
    """Area seen on 31 Jan is valid 31 days: February (28 days on) yes, March (59) no.

    The carried value is flagged in the coverage table.
    """
    card = score(_full_quarter(), expect=SINGLE, config=pi.ScorecardConfig(**YEAR_2023))
    area = card.metric_values["occupied_area_km2"]
    assert area[month("2023-02")] == 75_000
    assert np.isnan(area[month("2023-03")])
    assert card.coverage.loc[(month("2023-02"), "verified_withdrawal"), "metrics_carried"] == 1
    assert card.coverage.loc[(month("2023-01"), "verified_withdrawal"), "metrics_carried"] == 0


def test_narrative_assertion_expires_after_a_year() -> None:
    """A narrative asserted once is unknown (NaN) after 365 days: silence is not renunciation."""
    rows = table(obs("n", "narrative_nazi", "2022-01-15", 0))
    config = pi.ScorecardConfig(start=dt.date(2022, 1, 1), end=dt.date(2023, 3, 31))
    card = score(rows, expect={pi.CoverageWarning, pi.SingleMetricWarning}, config=config)
    narrative = card.indicators["narrative_denial"]
    assert narrative[month("2022-12")] == 0.0
    assert np.isnan(narrative[month("2023-02")])


def test_sum_spanning_two_months_is_split_by_days() -> None:
    """610 casualties over 1 Mar - 30 Apr (61 days) count 310 in March and 300 in April."""
    rows = table(obs("c", "civilians_killed", "2022-03-01", 610, end_date="2022-04-30"))
    card = score(rows, expect={pi.CoverageWarning, pi.SingleMetricWarning})
    values = card.metric_values["civilians_killed"]
    assert values[month("2022-03")] == pytest.approx(310)
    assert values[month("2022-04")] == pytest.approx(300)


def test_weekly_frequency_uses_monday_to_sunday_weeks() -> None:
    """A Sunday and the next Monday fall in different weekly periods."""
    rows = table(
        obs("a", "civilians_killed", "2023-01-01", 5),
        obs("b", "civilians_killed", "2023-01-02", 7),
    )
    card = score(
        rows, expect={pi.CoverageWarning, pi.SingleMetricWarning}, config={"frequency": "weekly"}
    )
    assert list(card.metric_values["civilians_killed"]) == [5, 7]
    assert card.index.index[1].start_time == pd.Timestamp("2023-01-02")


def test_last_takes_mean_of_latest_date() -> None:
    """Two maps on the same latest day give their mean; an earlier value is ignored."""
    rows = table(
        obs("a", "occupied_area_km2", "2023-01-05", 1000),
        obs("b", "occupied_area_km2", "2023-01-20", 900),
        obs("c", "occupied_area_km2", "2023-01-20", 800),
    )
    card = score(rows, expect=EMPTY)
    assert card.metric_values["occupied_area_km2"].iloc[0] == pytest.approx(850)


def test_claimed_track_reads_what_the_verified_track_excludes() -> None:
    """A reported-only metric feeds the claimed index, not the verified one, and is listed."""
    rows = _full_quarter()
    extra = table(
        obs("m-base", "missiles_launched", "2022-10-01", 999, verification="reported"),
        obs("m-jan", "missiles_launched", "2023-01-01", 9, verification="reported"),
        obs("d", "civilians_killed", "2023-01-02", 10_000, verification="disputed"),
    )
    card = score(pd.concat([rows, extra]), expect=SINGLE, config=pi.ScorecardConfig(**YEAR_2023))
    jan = month("2023-01")
    assert np.isnan(card.metric_scores.loc[jan, "missiles_launched"])
    cessation_verified = 100 * (1 - math.log(100) / math.log(1000))
    # the claimed baseline (Oct 2022 - Sep 2023) holds both reported months: (999 + 9) / 2
    missiles = 100 * (1 - math.log(10) / math.log(1 + (999 + 9) / 2))
    assert card.claimed_indicators.loc[jan, "cessation_of_attacks"] == pytest.approx(
        (cessation_verified + missiles) / 2
    )
    reasons = card.excluded.set_index("observation_id")["reason"]
    assert reasons["m-jan"] == "below_verification_threshold"
    assert reasons["d"] == "disputed_or_refuted"
    assert card.claimed_gap[jan] == pytest.approx(card.claimed_index[jan] - card.index[jan])
    gap = card.claimed_indicator_gap.loc[jan]
    assert gap["cessation_of_attacks"] == pytest.approx((missiles - cessation_verified) / 2)
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
    card = score(_full_quarter(), expect=SINGLE, humanitarian=events)
    ledger = card.humanitarian
    assert ledger.loc[month("2025-05"), "returned_to_ukraine"] == 697
    assert ledger.loc[month("2025-06"), "events"] == 0
    july = ledger.loc[month("2025-07")]
    assert np.isnan(july["returned_to_ukraine"])
    assert july["events_with_unknown_counts"] == 1


def test_to_frame_is_tidy_and_keeps_ledger_on_its_own_track() -> None:
    """The long table holds every wide value once, with the ledger under track 'ledger'."""
    events = pd.DataFrame([event("e1", "2023-01-05")])
    card = score(
        _full_quarter(), expect=SINGLE, config=pi.ScorecardConfig(**YEAR_2023), humanitarian=events
    )
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
    config = pi.ScorecardConfig(**YEAR_2023)
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
        for m in pi.ScorecardConfig().metrics
    )
    card = score(
        _full_quarter(), expect=SINGLE, config=pi.ScorecardConfig(**YEAR_2023, metrics=metrics)
    )
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
        config=pi.ScorecardConfig(**YEAR_2023, min_reliability="C"),
    )
    loose = score(rows, expect=SINGLE, config=pi.ScorecardConfig(**YEAR_2023))
    jan = month("2023-01")
    assert np.isnan(strict.indicators.loc[jan, "cessation_of_attacks"])
    assert loose.indicators.loc[jan, "cessation_of_attacks"] == pytest.approx(
        100 * (1 - math.log(100) / math.log(1000))
    )
    reasons = strict.excluded.set_index("observation_id")["reason"]
    assert reasons["civ-jan"] == "below_min_reliability"
    assert strict.claimed_indicators.loc[jan, "cessation_of_attacks"] == pytest.approx(
        loose.claimed_indicators.loc[jan, "cessation_of_attacks"]
    )
