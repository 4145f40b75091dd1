"""The warnings ``score()`` issues about a valid but probably unintended scorecard."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.model import Goalposts, Indicator, MetricSpec
from progress_indicators.report._diagnostics import EXCLUDED_SHARE, findings

if TYPE_CHECKING:
    from collections.abc import Sequence

NO_DRAWS = {"draws": 0}


def _metrics(per_indicator: int) -> tuple[MetricSpec, ...]:
    """``per_indicator`` level metrics per indicator, named ``<indicator>_<k>``; value = score."""
    return tuple(
        MetricSpec(
            name=f"{indicator.value}_{k}",
            indicator=indicator,
            unit="points",
            kind="level",
            aggregation="last",
            goalposts=Goalposts(worst=0.0, best=100.0),
            maximum=100.0,
        )
        for indicator in Indicator
        for k in range(per_indicator)
    )


def _config(per_indicator: int = 2, **settings: Any) -> pi.ScorecardConfig:
    return pi.ScorecardConfig(
        metrics=_metrics(per_indicator),
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 3, 31),
        uncertainty=NO_DRAWS,
        **settings,
    )


def _rows(metrics: Sequence[str], *, verification: str = "verified") -> pd.DataFrame:
    """One observation of 50 points for each metric in each month of Jan-Mar 2024."""
    records = [
        {
            "observation_id": f"{metric}-{month}",
            "indicator": metric.rsplit("_", 1)[0],
            "metric": metric,
            "date": f"2024-{month:02d}-15",
            "end_date": None,
            "value": 50.0,
            "unit": "points",
            "source": "test monitor",
            "verification": verification,
            "reliability": "A",
            "credibility": 1,
        }
        for metric in metrics
        for month in (1, 2, 3)
    ]
    return pd.DataFrame(records)


def _all(per_indicator: int = 2) -> list[str]:
    return [m.name for m in _metrics(per_indicator)]


def _score(observations: pd.DataFrame, config: pi.ScorecardConfig) -> tuple[Any, list[Any]]:
    """Score and return the card and every warning issued, in order."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        card = pi.score(observations, config=config)
    return card, list(caught)


def test_a_well_covered_scorecard_issues_no_warning() -> None:
    """Two metrics per indicator, all verified, every month: nothing to warn about."""
    card, caught = _score(_rows(_all()), _config())
    assert card.index.notna().all()
    assert caught == []


def test_an_empty_index_warns_and_says_why_and_what_to_do() -> None:
    """Evidence all below the threshold: CoverageWarning naming the threshold, with a Hint."""
    card, caught = _score(_rows(_all(), verification="reported"), _config())
    assert card.latest().empty
    coverage = [w for w in caught if w.category is pi.CoverageWarning]
    assert len(coverage) == 1
    text = str(coverage[0].message)
    assert "no value in any of the 3 monthly periods" in text
    assert "24 of 24 observations were excluded (24 below_verification_threshold)" in text
    assert "claimed track (every grade) has an index in 3" in text
    assert "\nHint: " in text
    assert "verification_threshold='corroborated'" in text


def test_the_bundled_example_at_the_verified_threshold_warns() -> None:
    """The issue's case: 'verified' on the bundled example gives no index; no longer silent."""
    observations, humanitarian = pi.datasets.load_example()
    config = pi.ScorecardConfig(verification_threshold="verified", uncertainty=NO_DRAWS)
    with pytest.warns(pi.ProgressIndicatorsWarning) as record:
        card = pi.score(observations, config=config, humanitarian=humanitarian)
    assert card.latest().empty
    by_class = {w.category: str(w.message) for w in record}
    assert pi.CoverageWarning in by_class
    assert "so card.latest() is an empty Series" in by_class[pi.CoverageWarning]
    assert "below_verification_threshold" in by_class[pi.ExclusionWarning]


def test_unconfigured_metric_names_warn_with_the_closest_configured_name() -> None:
    """Metric names the config lacks: ExclusionWarning listing them and their likely match."""
    rows = _rows(_all())
    rows["metric"] = rows["metric"].str.upper()
    card, caught = _score(rows, _config())
    assert set(card.excluded["reason"].astype(str)) == {"metric_not_configured"}
    categories = [w.category for w in caught]
    assert categories == [pi.CoverageWarning, pi.ExclusionWarning]
    text = str(caught[1].message)
    assert "24 of the 24 observations in the scored span were excluded" in text
    assert "(24 metric_not_configured)" in text
    assert "'CESSATION_OF_ATTACKS_0' -> 'cessation_of_attacks_0'" in text
    assert "\nHint: " in text


def test_exclusion_warns_only_above_half_of_the_evidence() -> None:
    """Half excluded is not 'most'; one more excluded row is."""
    assert EXCLUDED_SHARE == 0.5
    rows = _rows(_all())  # 24 rows
    half = rows.copy()
    half.loc[:11, "verification"] = "disputed"
    more = rows.copy()
    more.loc[:12, "verification"] = "disputed"
    _, at_half = _score(half, _config())
    _, above = _score(more, _config())
    assert pi.ExclusionWarning not in [w.category for w in at_half]
    excluded = [w for w in above if w.category is pi.ExclusionWarning]
    assert len(excluded) == 1
    assert "13 of the 24 observations in the scored span were excluded" in str(excluded[0].message)


def test_observations_outside_the_scored_span_do_not_count_as_excluded() -> None:
    """A span chosen with start/end is deliberate: rows before it feed baselines."""
    rows = _rows(_all())
    earlier = [
        rows.assign(
            observation_id=rows["observation_id"] + f"-{year}",
            date=rows["date"].str.replace("2024", str(year)),
        )
        for year in (2022, 2023)
    ]
    card, caught = _score(pd.concat([*earlier, rows], ignore_index=True), _config())
    assert (card.excluded["reason"].astype(str) == "outside_scored_period").sum() == 48
    assert caught == []


def test_an_indicator_without_any_score_warns_when_the_index_does_without_it() -> None:
    """index_data_threshold 0.75 lets the index skip an indicator: say which one."""
    metrics = [m for m in _all() if not m.startswith("narrative_denial")]
    card, caught = _score(_rows(metrics), _config(index_data_threshold=0.75))
    assert card.index.notna().all()
    assert [w.category for w in caught] == [pi.CoverageWarning]
    text = str(caught[0].message)
    assert "'narrative_denial' have no score in any of the 3 monthly periods" in text
    assert "index_data_threshold=0.75" in text


def test_an_indicator_resting_on_one_metric_warns_naming_the_metric() -> None:
    """Withdrawal fed by one of its two metrics: SingleMetricWarning names both."""
    metrics = [m for m in _all() if m != "verified_withdrawal_1"]
    _, caught = _score(_rows(metrics), _config())
    assert [w.category for w in caught] == [pi.SingleMetricWarning]
    text = str(caught[0].message)
    assert "'verified_withdrawal' rests on 'verified_withdrawal_0' alone in all 3" in text
    assert "(no evidence on 'verified_withdrawal_1')" in text
    assert "cessation_of_attacks" not in text
    assert "\nHint: " in text


def test_a_single_configured_metric_is_named_as_such() -> None:
    """One metric per indicator: one SingleMetricWarning listing all four indicators."""
    _, caught = _score(_rows(_all(1)), _config(per_indicator=1))
    assert [w.category for w in caught] == [pi.SingleMetricWarning]
    text = str(caught[0].message)
    assert text.count("the only metric configured for it") == 4


def test_no_observations_warns_that_there_is_nothing_to_score() -> None:
    """An empty table without start/end: no period at all, and the warning says so."""
    config = pi.ScorecardConfig(uncertainty=NO_DRAWS)
    empty = _rows(_all()).iloc[:0]
    card, caught = _score(empty, config)
    assert len(card.index) == 0
    assert [w.category for w in caught] == [pi.CoverageWarning]
    assert "no period to score" in str(caught[0].message)


def test_the_warning_points_at_the_line_that_called_score() -> None:
    """stacklevel: the warning's location is the caller's file, not the library's."""
    _, caught = _score(_rows(_all(1)), _config(per_indicator=1))
    assert caught[0].filename == __file__


def test_findings_are_warning_objects_in_the_library_tree() -> None:
    """findings() returns the warnings without issuing them; all are UserWarnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        card = pi.score(_rows(_all(), verification="reported"), config=_config())
    found = findings(card)
    assert [type(f) for f in found] == [pi.CoverageWarning, pi.ExclusionWarning]
    assert all(isinstance(f, pi.ProgressIndicatorsWarning) for f in found)
    assert all(isinstance(f, UserWarning) for f in found)
