"""VPI extras: caps, the cessation clock, event zero-fill, uncertainty and sensitivity."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.model import CapRule, SustainmentSettings
from progress_indicators.scoring import apply_caps, cessation_clock, vpi_input, vpi_pipeline
from tests._factories import month, obs, table
from tests._warnings import EMPTY, SINGLE, score
from tests.test_scorecard import _config, _full_quarter


def test_cap_limits_index_while_indicator_is_low() -> None:
    """A cap of 10 while withdrawal < 50 lowers the January index to 10 and is reported."""
    config = _config(caps=(CapRule(indicator="verified_withdrawal", below=50, cap=10, name="w"),))
    card = score(_full_quarter(), expect=SINGLE, config=config)
    jan = month("2023-01")
    assert card.uncapped_index is not None
    assert card.uncapped_index[jan] > 10
    assert card.index[jan] == 10
    assert card.caps_applied is not None
    assert card.caps_applied["rule"].tolist() == ["w"]


def test_cap_does_not_apply_above_threshold_or_to_missing() -> None:
    """No cap where the indicator is at or above its level, or where it is missing."""
    index = pd.Series([50.0, 50.0, np.nan])
    indicators = pd.DataFrame({"verified_withdrawal": [25.0, np.nan, 10.0]})
    rule = CapRule(indicator="verified_withdrawal", below=20, cap=40)
    capped, applied = apply_caps(index, indicators, [rule])
    assert capped.iloc[:2].tolist() == [50.0, 50.0]
    assert np.isnan(capped.iloc[2])
    assert applied.empty


def _clock(values: list[float]) -> pd.DataFrame:
    days = pd.date_range("2024-01-01", periods=len(values), freq="D")
    settings = SustainmentSettings(cessation_days=3, sustained_days=5)
    daily = pd.DataFrame({"attack_events": values}, index=days, dtype="float64")
    return cessation_clock(daily, baselines=pd.Series({"attack_events": 10.0}), settings=settings)


def test_clock_counts_quiet_days_and_resets_on_one_attack() -> None:
    """Three quiet days reach cessation; one attack resets the count to zero."""
    clock = _clock([2, 0, 0, 0, 1, 0])
    assert clock["days_without_attack"].tolist() == [0, 1, 2, 3, 0, 1]
    assert clock["cessation"].tolist() == [False, False, False, True, False, False]
    assert not clock["sustained"].any()


def test_clock_treats_no_coverage_as_unknown_not_quiet() -> None:
    """A day without coverage is NaN and breaks the run: quiet days restart after it."""
    clock = _clock([0, 0, float("nan"), 0, 0, 0, 0, 0])
    days = clock["days_without_attack"]
    assert np.isnan(days.iloc[2])
    assert days.tolist()[3:] == [1, 2, 3, 4, 5]
    assert bool(clock["sustained"].iloc[-1])
    assert not bool(clock["covered"].iloc[2])


def test_clock_reduction_needs_a_full_covered_month() -> None:
    """Reduction: trailing 28-day mean at most 10% of the baseline, with all 28 days covered."""
    quiet = [0.5] * 28
    clock = _clock(quiet)
    assert bool(clock["reduction"].iloc[-1])  # mean 0.5 <= 10 * (1 - 0.9)
    assert not clock["reduction"].iloc[:-1].any()  # fewer than 28 days
    noisy = _clock([2.0] * 28)
    assert not bool(noisy["reduction"].iloc[-1])


def test_clock_attacks_are_missing_on_uncovered_days() -> None:
    """``attacks`` sums the covered metrics; a day no metric covers is NaN, not 0."""
    clock = _clock([0, float("nan"), 3])
    attacks = clock["attacks"]
    assert attacks.iloc[0] == 0
    assert np.isnan(attacks.iloc[1])
    assert attacks.iloc[2] == 3


def _two_metric_clock(other: list[float], other_baseline: float) -> pd.DataFrame:
    """attack_events 0.5 a day for 28 days (baseline 10) beside another metric."""
    days = pd.date_range("2024-01-01", periods=28, freq="D")
    daily = pd.DataFrame({"attack_events": 0.5, "missiles_launched": other}, index=days)
    baselines = pd.Series({"attack_events": 10.0, "missiles_launched": other_baseline})
    return cessation_clock(daily, baselines=baselines, settings=SustainmentSettings())


def test_clock_share_ignores_metrics_without_a_baseline_or_a_full_month() -> None:
    """The share counts only metrics with a baseline > 0 covered on all of the last 28 days.

    attack_events: mean 0.5 over 28 days against 10, a share of 0.05 (at most 0.1: a
    reduction). Missiles at 5 a day with a baseline of 0 have no share, nor missiles at
    5 a day (share 0.5) missing one day of the 28: the share stays 0.05.
    """
    no_baseline = _two_metric_clock([5.0] * 28, 0.0)
    gap = _two_metric_clock([5.0] * 13 + [float("nan")] + [5.0] * 14, 10.0)
    for clock in (no_baseline, gap):
        assert clock["trailing_28d_share"].iloc[-1] == pytest.approx(0.05)
        assert bool(clock["reduction"].iloc[-1])
    counted = _two_metric_clock([5.0] * 28, 10.0)
    assert counted["trailing_28d_share"].iloc[-1] == pytest.approx(0.5)
    assert not bool(counted["reduction"].iloc[-1])


def test_event_counts_are_zero_between_reported_events() -> None:
    """attack_events: days without events inside a source's span count 0, outside NaN.

    The span runs 10 March to 1 June: March has 2 events over 22 covered days, April and
    May none, June is covered on 1 day of 30 (below the default share: missing).
    """
    rows = table(
        obs("e1", "attack_events", "2022-03-10", 1),
        obs("e2", "attack_events", "2022-03-11", 1),
        obs("e3", "attack_events", "2022-06-01", 1),
    )
    card = score(
        rows,
        expect={pi.CoverageWarning, pi.SingleMetricWarning},
        config={"end": dt.date(2022, 7, 31), "uncertainty": {"draws": 0}},
    )
    values = card.metric_values["attack_events"]
    assert values.loc[month("2022-03")] == pytest.approx(2 / 22)
    assert values.loc[month("2022-04")] == 0
    assert values.loc[month("2022-05")] == 0
    assert np.isnan(values.loc[month("2022-06")])
    assert card.metric_coverage.loc[(month("2022-06"), "attack_events"), "days_covered"] == 1
    assert np.isnan(values.loc[month("2022-07")])


def test_event_zero_fill_is_the_union_of_the_sources_spans() -> None:
    """Two sources with disjoint spans: months between them stay missing, not zero."""
    rows = table(
        obs("a1", "attack_events", "2022-01-10", 1, source="monitor A"),
        obs("a2", "attack_events", "2022-03-10", 1, source="monitor A"),
        obs("b1", "attack_events", "2022-06-10", 2, source="monitor B"),
        obs("b2", "attack_events", "2022-08-20", 17, source="monitor B", end_date="2022-09-05"),
    )
    card = score(
        rows,
        expect={pi.CoverageWarning, pi.SingleMetricWarning},
        config={"end": dt.date(2022, 10, 31), "uncertainty": {"draws": 0}},
    )
    values = card.metric_values["attack_events"]
    assert values.loc[month("2022-02")] == 0  # inside A's span
    assert np.isnan(values.loc[month("2022-04")])  # between the spans: nobody looked
    assert np.isnan(values.loc[month("2022-05")])
    assert values.loc[month("2022-07")] == 0  # inside B's span
    # 17 events over 20 Aug - 5 Sep (17 days): 12 in August's 31 covered days
    assert values.loc[month("2022-08")] == pytest.approx(12 / 31)
    # September is covered on 5 of 30 days: below the default share, missing
    assert np.isnan(values.loc[month("2022-09")])
    assert np.isnan(values.loc[month("2022-10")])  # after every span


def test_scorecard_cessation_clock_from_events() -> None:
    """The scorecard's clock counts days since the last verified attack event."""
    rows = table(
        obs("e1", "attack_events", "2022-03-01", 1),
        obs("e2", "attack_events", "2022-03-05", 1),
        obs("claim", "attack_events", "2022-03-03", 1, verification="claimed"),
    )
    card = score(rows, expect=EMPTY)
    assert card.cessation is not None
    clock = card.cessation
    assert clock["days_without_attack"].tolist() == [0, 1, 2, 3, 0]  # the claim does not count


def test_uncertainty_band_brackets_the_median_and_is_reproducible() -> None:
    """Bands: lower <= median <= upper; the same seed gives identical bands."""
    config = _config(uncertainty={"draws": 200})
    card = score(_full_quarter(), expect=SINGLE, config=config)
    again = score(_full_quarter(), expect=SINGLE, config=config)
    assert card.uncertainty is not None
    assert again.uncertainty is not None
    band = card.uncertainty.dropna(subset=["median"])
    assert (band["lower"] <= band["median"] + 1e-12).all()
    assert (band["median"] <= band["upper"] + 1e-12).all()
    pd.testing.assert_frame_equal(card.uncertainty, again.uncertainty)
    nominal = card.uncertainty["nominal"].dropna()
    pd.testing.assert_series_equal(nominal, card.index.dropna().rename("nominal"), check_freq=False)


def test_fixed_settings_collapse_the_band() -> None:
    """With fixed weights and one aggregation, the band is the nominal index."""
    settings = {
        "weights": "fixed",
        "aggregations": ("geometric",),
        "offsets": (1.0,),
        "normalisations": ("configured",),
        "goalpost_factors": (1.0,),
        "draws": 50,
    }
    card = score(_full_quarter(), expect=SINGLE, config=_config(uncertainty=settings))
    assert card.uncertainty is not None
    band = card.uncertainty.dropna(subset=["nominal"])
    np.testing.assert_allclose(band["lower"], band["nominal"], rtol=1e-12)
    np.testing.assert_allclose(band["upper"], band["nominal"], rtol=1e-12)


def test_uncertainty_can_be_turned_off() -> None:
    """draws=0 gives no bands (None), not a band of zeros."""
    card = score(_full_quarter(), expect=SINGLE, config=_config())
    assert card.uncertainty is None
    assert card.monte_carlo is None
    assert card.indicator_p_progress is None


def _silent_narrative() -> pd.DataFrame:
    """The fixture with the narrative asserted (0): the geometric and arithmetic means part."""
    rows = _full_quarter()
    rows.loc[rows["observation_id"] == "narr", "value"] = 0
    return rows


def test_sensitivity_attributes_variance_to_aggregation() -> None:
    """With weights barely varied and nothing else drawn, aggregation explains the variance."""
    settings = {
        "spread": 0.01,
        "offsets": (1.0,),
        "normalisations": ("configured",),
        "goalpost_factors": (1.0,),
    }
    card = score(_silent_narrative(), expect=SINGLE, config=_config(uncertainty=settings))
    result = card.sensitivity("2023-01", n=512, n_bootstrap=0)
    total = result.indices["total"]
    assert list(total.index) == ["weights", "aggregation"]
    # a two-valued input's total index is 1 in expectation; at n = 512 the estimate's
    # standard error is about 0.05
    assert float(total["aggregation"]) > 0.8
    assert float(total["weights"]) < 0.05


def test_sensitivity_varies_offset_normalisation_and_goalposts() -> None:
    """The offset, the normalisation form and the goalposts join the Sobol inputs.

    With a single aggregation and one indicator at 0, the geometric offset is where most
    of the variance is: offsets 0.1, 1 and 5 move the geometric mean by several points, a
    1 % weight spread barely at all.
    """
    settings = {"spread": 0.01, "aggregations": ("geometric",)}
    card = score(_silent_narrative(), expect=SINGLE, config=_config(uncertainty=settings))
    result = card.sensitivity("2023-01", n=128, n_bootstrap=0)
    total = result.indices["total"]
    assert list(total.index) == ["weights", "offset", "normalisation", "goalposts"]
    assert float(total["offset"]) > float(total["weights"])
    assert float(total["normalisation"]) > 0  # civilians switch from log to linear


@pytest.mark.parametrize(
    ("varied", "settings"),
    [
        ("normalisation", {"normalisations": ("configured", "linear"), "goalpost_factors": (1.0,)}),
        ("goalposts", {"normalisations": ("configured",), "goalpost_factors": (1.0, 2.0)}),
    ],
)
def test_sensitivity_of_a_single_data_factor_is_its_own(
    varied: str, settings: dict[str, object]
) -> None:
    """One two-valued data factor joins the inputs; each run is scored on its own scores.

    Weights are varied by 1 % and nothing else is drawn besides the factor: civilians
    switch from log to linear goalposts (the index moves by about 2.5 points), or the flow
    metrics' worst goalposts double (about 1 point, while the weights move it by up to
    about 0.5). A two-valued input's total index is about 1 (standard error about 0.05 at
    n = 512); were the runs of one value scored on the other's scores, it would be 0.
    """
    uncertainty = {"spread": 0.01, "aggregations": ("geometric",), "offsets": (1.0,)} | settings
    card = score(_silent_narrative(), config=_config(uncertainty=uncertainty))
    result = card.sensitivity("2023-01", n=512, n_bootstrap=0)
    total = result.indices["total"]
    assert list(total.index) == ["weights", varied]
    assert float(total[varied]) > 0.8
    assert float(total["weights"]) < 0.2


def test_sensitivity_bounds_are_bootstrapped_from_the_seed() -> None:
    """``n_bootstrap`` > 0 gives finite, ordered 95 % bounds, reproducible from the seed.

    The same seed gives the same result; another seed other bounds.
    """
    settings = {"spread": 0.01, "offsets": (1.0,), "normalisations": ("configured",)}
    card = score(
        _silent_narrative(), config=_config(uncertainty=settings | {"goalpost_factors": (1.0,)})
    )
    first = card.sensitivity("2023-01", n=64, rng=3, n_bootstrap=40)
    again = card.sensitivity("2023-01", n=64, rng=3, n_bootstrap=40)
    other = card.sensitivity("2023-01", n=64, rng=4, n_bootstrap=40)
    pd.testing.assert_frame_equal(first.indices, again.indices)
    assert first.confidence == 0.95
    bounds = first.indices[["first_order_low", "first_order_high", "total_low", "total_high"]]
    assert np.isfinite(bounds.to_numpy()).all()
    assert (first.indices["first_order_low"] <= first.indices["first_order_high"]).all()
    assert (first.indices["total_low"] <= first.indices["total_high"]).all()
    assert not first.indices.equals(other.indices)


def test_sensitivity_takes_the_period_positionally_or_by_keyword() -> None:
    """``card.sensitivity("2023-01")`` is ``card.sensitivity(period="2023-01")`` (issue #18).

    ``explain`` takes the period positionally; ``sensitivity`` raised TypeError.
    """
    card = score(_silent_narrative(), expect=SINGLE, config=_config())
    positional = card.sensitivity("2023-01", n=16, rng=3, n_bootstrap=0)
    keyword = card.sensitivity(period="2023-01", n=16, rng=3, n_bootstrap=0)
    pd.testing.assert_frame_equal(positional.indices, keyword.indices)


def test_sensitivity_of_unscored_period_is_an_error() -> None:
    """Asking for a period without an index raises a library error with a hint."""
    card = score(_full_quarter(), expect=SINGLE, config=_config())
    with pytest.raises(pi.ProgressIndicatorsError, match="no index"):
        card.sensitivity(period="2023-03")


@pytest.mark.parametrize(
    ("period", "error"),
    [
        ("x" * 1000, pi.exceptions.ScoringError),  # a raw DateParseError
        ("", pi.exceptions.ScoringError),
        ("NaT", pi.exceptions.ScoringError),
        (-1, pi.InputTypeError),  # pandas read it as the ordinal period 1969-12
        ([2023, 1], pi.InputTypeError),
    ],
)
def test_sensitivity_names_a_junk_period(period: object, error: type[Exception]) -> None:
    """A period that names no period is refused with the argument named, before any draw."""
    card = score(_full_quarter(), expect=SINGLE, config=_config())
    with pytest.raises(error, match=r"Scorecard.sensitivity: argument 'period' must be a period"):
        card.sensitivity(period=period)  # type: ignore[arg-type]


def test_vpi_pipeline_matches_hand_geometric_mean() -> None:
    """The engine-expressed VPI equals the hand formula exp(mean log(s + 1)) - 1."""
    scores = pd.DataFrame(
        {"civilians_killed": [30.0], "occupied_area_km2": [20.0], "provision_annexation": [0.0]}
        | {"narrative_nazi": [50.0]},
        index=pd.period_range("2023-01", periods=1, freq="M"),
    )
    config = _config()
    top = (
        vpi_pipeline(config)
        .run(vpi_input(scores.reindex(columns=[m.name for m in config.metrics]), config))
        .top.iloc[0]
    )
    expected = math.exp(sum(math.log(s + 1) for s in (30.0, 20.0, 0.0, 50.0)) / 4) - 1
    assert top == pytest.approx(expected, rel=1e-12)


def test_threshold_scenario_reports_lost_coverage() -> None:
    """A 'verified only' scenario drops corroborated evidence: those draws have no index.

    With fixed weights and one aggregation, the defined draws all equal the nominal
    index, and the share of defined draws is the share of nominal-scenario picks.
    """
    rows = _full_quarter()
    rows.loc[rows["observation_id"] == "narr", "verification"] = "corroborated"
    settings = {
        "weights": "fixed",
        "aggregations": ("geometric",),
        "offsets": (1.0,),
        "normalisations": ("configured",),
        "goalpost_factors": (1.0,),
        "draws": 400,
        "scenarios": ({"verification_threshold": "verified"},),
    }
    card = score(rows, expect=SINGLE, config=_config(uncertainty=settings))
    assert card.uncertainty is not None
    jan = card.uncertainty.loc[month("2023-01")]
    assert 0.4 < jan["defined_share"] < 0.6
    assert jan["lower"] == pytest.approx(jan["nominal"])
    assert jan["upper"] == pytest.approx(jan["nominal"])


def test_scenarios_cannot_change_the_periods() -> None:
    """A scenario changing the frequency is refused: bands must share the periods."""
    with pytest.raises(pi.ConfigError, match="cannot change"):
        pi.ScorecardConfig.from_mapping({"uncertainty": {"scenarios": [{"frequency": "weekly"}]}})
