"""The per-day rules of ``frames._daily`` on tables small enough to check by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from progress_indicators.frames import compress_table, daily_series, metric_periods
from progress_indicators.model import DEFAULT_METRICS
from progress_indicators.validation import validate_observations
from tests._factories import obs, table

SPEC = {m.name: m for m in DEFAULT_METRICS}


def _daily(*rows: dict[str, object], metric: str) -> pd.Series:
    checked = validate_observations(table(*rows)).table
    groups = compress_table(checked, event_metrics=[m.name for m in DEFAULT_METRICS if m.zero_fill])
    first, last = checked["date"].min(), checked["end_date"].fillna(checked["date"]).max()
    daily = daily_series(
        groups, metrics=[SPEC[metric]], first=first, last=last + pd.Timedelta(days=3)
    )
    return daily.frame()[metric]


def test_level_regions_add_and_each_keeps_its_own_latest_state() -> None:
    """Donetsk 10 (day 1) and Luhansk 5 (day 2) add to 15; Donetsk 12 on day 3 makes 17."""
    series = _daily(
        obs("d1", "occupied_area_km2", "2024-01-01", 10.0, region="Donetsk"),
        obs("l1", "occupied_area_km2", "2024-01-02", 5.0, region="Luhansk"),
        obs("d2", "occupied_area_km2", "2024-01-03", 12.0, region="Donetsk"),
        metric="occupied_area_km2",
    )
    assert series.iloc[:4].tolist() == [10.0, 15.0, 17.0, 17.0]


def test_two_readings_of_one_level_on_one_day_are_averaged_and_a_later_one_replaces_them() -> None:
    """Two maps on 5 January (900, 800) give 850; the map of 6 January replaces it."""
    series = _daily(
        obs("a", "occupied_area_km2", "2024-01-05", 900.0),
        obs("b", "occupied_area_km2", "2024-01-05", 800.0, source="second map"),
        obs("c", "occupied_area_km2", "2024-01-06", 700.0),
        metric="occupied_area_km2",
    )
    assert series.iloc[:2].tolist() == [850.0, 700.0]


def test_a_level_goes_stale_after_its_carry_limit() -> None:
    """occupied_area_km2 carries 31 days: seen 1 January, known to 1 February, unknown after."""
    series = _daily(
        obs("a", "occupied_area_km2", "2024-01-01", 1000.0),
        obs("z", "occupied_area_km2", "2024-03-01", 900.0),
        metric="occupied_area_km2",
    )
    assert series[pd.Timestamp("2024-02-01")] == 1000.0
    assert np.isnan(series[pd.Timestamp("2024-02-02")])


def test_two_sources_of_one_figure_on_one_day_are_averaged_not_added() -> None:
    """OHCHR 10 and a second monitor 20 killed on one day and region: 15, not 30."""
    series = _daily(
        obs("a", "civilians_killed", "2024-01-01", 10.0, region="Ukraine"),
        obs("b", "civilians_killed", "2024-01-01", 20.0, region="Ukraine", source="second"),
        metric="civilians_killed",
    )
    assert series.iloc[0] == pytest.approx(15.0)


def test_monthly_figure_scored_weekly_is_spread_evenly_never_piled_into_one_week() -> None:
    """310 killed over March 2024 is 10 a day in every week of March (#18: never one week)."""
    rows = table(obs("m", "civilians_killed", "2024-03-01", 310.0, end_date="2024-03-31"))
    periods = pd.period_range("2024-03-04", "2024-03-24", freq="W-SUN")
    values = metric_periods(
        validate_observations(rows).table, metrics=[SPEC["civilians_killed"]], periods=periods
    ).metric_values["civilians_killed"]
    assert values.tolist() == pytest.approx([10.0, 10.0, 10.0])


def test_a_total_and_its_own_breakdown_of_one_day_count_once_as_the_total() -> None:
    """Donetsk+Luhansk 100/day with Donetsk 60 and Luhansk 40 that day: 100, not 200.

    The breakdown still counts where the total is silent: on 2 January only Donetsk (60)
    and Luhansk (30) report, 90.
    """
    metric = "ceasefire_violations_per_day"
    series = _daily(
        obs("dl", metric, "2020-01-01", 100.0, region="Donetsk+Luhansk"),
        obs("d1", metric, "2020-01-01", 60.0, region="Donetsk"),
        obs("l1", metric, "2020-01-01", 40.0, region="Luhansk"),
        obs("d2", metric, "2020-01-02", 60.0, region="Donetsk"),
        obs("l2", metric, "2020-01-02", 30.0, region="Luhansk"),
        metric=metric,
    )
    assert series.iloc[:2].tolist() == [100.0, 90.0]


def test_the_whole_area_is_one_area_however_it_is_written() -> None:
    """No region, ``Ukraine`` and ``ukraine`` from three sources: (10 + 20 + 30) / 3 = 20.

    A regional figure of the same day (Kharkiv 7) is part of the whole: not added.
    """
    series = _daily(
        obs("a", "civilians_killed", "2024-01-01", 10.0),
        obs("b", "civilians_killed", "2024-01-01", 20.0, region="Ukraine", source="second"),
        obs("c", "civilians_killed", "2024-01-01", 30.0, region=" ukraine ", source="third"),
        obs("k", "civilians_killed", "2024-01-01", 7.0, region="Kharkiv", source="fourth"),
        metric="civilians_killed",
    )
    assert series.iloc[0] == pytest.approx(20.0)


def test_one_union_written_two_ways_is_one_area_and_disjoint_areas_still_add() -> None:
    """Two spellings of one union are averaged; a disjoint area adds, a part does not.

    ``Donetsk+Luhansk`` 100 and ``luhansk + Donetsk`` 200 (two sources): 150; Kharkiv 5
    shares no part with them: 155. ``Donetsk`` 60 overlaps the union: left out.
    """
    metric = "ceasefire_violations_per_day"
    series = _daily(
        obs("a", metric, "2020-01-01", 100.0, region="Donetsk+Luhansk"),
        obs("b", metric, "2020-01-01", 200.0, region="luhansk + Donetsk", source="second"),
        obs("k", metric, "2020-01-01", 5.0, region="Kharkiv"),
        obs("d", metric, "2020-01-01", 60.0, region="Donetsk"),
        metric=metric,
    )
    assert series.iloc[0] == pytest.approx(155.0)


def test_a_national_level_and_a_regional_one_in_force_together_count_once() -> None:
    """Occupied area: Ukraine 1000 (1 Jan) and Crimea 300 (2 Jan): 1000, then 1000 on 2 Jan.

    Crimea alone counts on the day before any national state (31 Dec: 300), and the
    evidence age of 2 January is that of the national map (1 day), not Crimea's (0).
    """
    rows = (
        obs("c0", "occupied_area_km2", "2023-12-31", 300.0, region="Crimea"),
        obs("u", "occupied_area_km2", "2024-01-01", 1000.0, region="Ukraine"),
        obs("c", "occupied_area_km2", "2024-01-02", 300.0, region="Crimea"),
    )
    checked = validate_observations(table(*rows)).table
    groups = compress_table(checked, event_metrics=[])
    daily = daily_series(
        groups,
        metrics=[SPEC["occupied_area_km2"]],
        first=pd.Timestamp("2023-12-31"),
        last=pd.Timestamp("2024-01-02"),
    )
    assert daily.amounts[:, 0].tolist() == [300.0, 1000.0, 1000.0]
    # day numbers on the grid: 31 Dec is 0; the national state of 1 Jan is day 1
    assert daily.evidence_day[:, 0].tolist() == [0, 1, 1]


def test_readings_of_one_figure_are_averaged_reading_by_reading_whatever_their_grades() -> None:
    """10 and 20 (verified) and 30 (corroborated), one source, area and day: 20, not 22.5.

    The two grades make two compressed groups (means 15 and 30); their mean, 22.5, would
    weigh the corroborated reading twice. ``explain()`` gives each reading a third.
    """
    metric = "ceasefire_violations_per_day"
    series = _daily(
        obs("a", metric, "2020-08-13", 10.0, region="Donetsk"),
        obs("b", metric, "2020-08-13", 20.0, region="Donetsk"),
        obs("c", metric, "2020-08-13", 30.0, region="Donetsk", verification="corroborated"),
        metric=metric,
    )
    assert series.iloc[0] == pytest.approx(20.0)


def test_states_of_one_span_are_averaged_reading_by_reading() -> None:
    """Two maps of 5 January at 900 (verified, two readings) and 600 (corroborated): 800."""
    series = _daily(
        obs("a", "occupied_area_km2", "2024-01-05", 900.0),
        obs("b", "occupied_area_km2", "2024-01-05", 900.0),
        obs("c", "occupied_area_km2", "2024-01-05", 600.0, verification="corroborated"),
        metric="occupied_area_km2",
    )
    assert series.iloc[0] == pytest.approx(800.0)
