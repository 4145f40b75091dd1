"""The invariances a composite-indicator expert demands of the VPI (issue #15).

* Splitting a value across disjoint regions, or a span into sub-spans with the same
  daily rate, never changes a score; nor does reporting a breakdown beside its total.
* One metric moves its indicator by at most ``100 * w / (c * W)`` points (its weight
  share over the indicator's coverage threshold ``c``), whichever others are covered.
* Under the default (numeric) goalposts, evidence added for other periods never moves
  a period's score.
* ``explain()`` attributes a flow's whole value, and a level's state, to its rows,
  whatever the spans, sources, grades and overlapping areas (it re-reads the per-day
  rules row by row).

Each property is checked on generated evidence through the public ``score()``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import progress_indicators as pi
from progress_indicators.model import DEFAULT_METRICS, Indicator
from progress_indicators.scoring import vpi_input, vpi_pipeline
from tests._factories import obs
from tests._warnings import SINGLE, score

NO_DRAWS = {"uncertainty": {"draws": 0}}
START = dt.date(2023, 1, 1)
DAYS = 180

# flow metrics: a total (sum), a rate (mean) and an event count (zero-filled)
FLOWS = ("civilians_killed", "ceasefire_violations_per_day", "attack_events")
SPEC = {m.name: m for m in DEFAULT_METRICS}


def _day(offset: int) -> str:
    return (START + dt.timedelta(days=offset)).isoformat()


@st.composite
def _flow_rows(draw: st.DrawFn, metric: str) -> list[dict[str, Any]]:
    """Non-overlapping reports of one flow metric by one source in one region."""
    cuts = sorted(draw(st.sets(st.integers(1, DAYS - 1), min_size=1, max_size=8)))
    edges = [0, *cuts, DAYS]
    rows = []
    for k, (lo, hi) in enumerate(itertools.pairwise(edges)):
        if not draw(st.booleans()):
            continue  # a gap: days no report covers
        value = draw(st.integers(0, 500))
        rows.append(
            obs(
                f"{metric}-{k}",
                metric,
                _day(lo),
                float(value),
                end_date=_day(hi - 1),
                region="Donetsk",
            )
        )
    return rows


def _score(rows: list[dict[str, Any]], **config: Any) -> pi.Scorecard:
    settings_ = {**NO_DRAWS, "frequency": "weekly", **config}
    return score(pd.DataFrame(rows), config=settings_)  # warnings checked against the card


def _same(a: pd.DataFrame | pd.Series, b: pd.DataFrame | pd.Series) -> None:
    pd.testing.assert_frame_equal(
        pd.DataFrame(a), pd.DataFrame(b), check_exact=False, rtol=1e-9, atol=1e-9
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), metric=st.sampled_from(FLOWS), share=st.floats(0.0, 1.0))
def test_splitting_a_value_across_disjoint_regions_never_changes_a_score(
    data: st.DataObject, metric: str, share: float
) -> None:
    """Donetsk 200 = Donetsk-north 200*s + Donetsk-south 200*(1-s), for rates and totals.

    Rates add over disjoint regions (two same-day rows of 100/day for Donetsk and
    Luhansk are 200/day, not 100), so a split never moves a value or a score.
    """
    rows = data.draw(_flow_rows(metric))
    assume(rows)
    whole = _score(rows)
    split = []
    for row in rows:
        for part, weight in (("north", share), ("south", 1 - share)):
            split.append(
                {
                    **row,
                    "observation_id": f"{row['observation_id']}-{part}",
                    "value": row["value"] * weight,
                    "region": f"Donetsk ({part})",
                }
            )
    parts = _score(split)
    _same(whole.metric_values[[metric]], parts.metric_values[[metric]])
    _same(whole.metric_scores[[metric]], parts.metric_scores[[metric]])
    _same(whole.indicators, parts.indicators)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), metric=st.sampled_from(FLOWS))
def test_splitting_a_span_into_sub_spans_with_the_same_daily_rate_never_changes_a_score(
    data: st.DataObject, metric: str
) -> None:
    """A report over n days equals k reports over its sub-spans at the same daily rate.

    Spans are duration-weighted: a 1-day and a 30-day report do not count equally.
    """
    rows = data.draw(_flow_rows(metric))
    assume(rows)
    whole = _score(rows)
    split = []
    for row in rows:
        first = dt.date.fromisoformat(row["date"])
        last = dt.date.fromisoformat(row["end_date"])
        length = (last - first).days + 1
        cut = data.draw(st.integers(1, length)) if length > 1 else length
        pieces = [(first, first + dt.timedelta(days=cut - 1))]
        if cut < length:
            pieces.append((first + dt.timedelta(days=cut), last))
        for k, (lo, hi) in enumerate(pieces):
            days = (hi - lo).days + 1
            is_total = SPEC[metric].aggregation == "sum"
            value = row["value"] * days / length if is_total else row["value"]
            split.append(
                {
                    **row,
                    "observation_id": f"{row['observation_id']}-{k}",
                    "date": lo.isoformat(),
                    "end_date": hi.isoformat(),
                    "value": value,
                }
            )
    parts = _score(split)
    _same(whole.metric_values[[metric]], parts.metric_values[[metric]])
    _same(whole.metric_scores[[metric]], parts.metric_scores[[metric]])


# figures and levels (events add row by row, whatever their region)
AREA_METRICS = ("civilians_killed", "ceasefire_violations_per_day", "occupied_area_km2")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    metric=st.sampled_from(AREA_METRICS),
    whole=st.sampled_from(["Donetsk+Luhansk", "Ukraine", None]),
)
def test_reporting_a_breakdown_beside_its_total_never_changes_a_score(
    data: st.DataObject, metric: str, whole: str | None
) -> None:
    """A total and parts of it reported for the same days count once, as the total.

    The parts (``Donetsk``, ``Luhansk``, from the same or another source) carry any
    values, even ones that do not add up to the total: on the days the total covers,
    they are contained in it, so they neither add to it nor replace it.
    """
    rows = [{**row, "region": whole} for row in data.draw(_flow_rows(metric))]
    assume(rows)
    alone = _score(rows)
    parts = []
    for row in rows:
        for region in data.draw(st.sets(st.sampled_from(["Donetsk", "Luhansk"]), min_size=1)):
            parts.append(
                {
                    **row,
                    "observation_id": f"{row['observation_id']}-{region}",
                    "value": float(data.draw(st.integers(0, 500))),
                    "region": region,
                    "source": data.draw(st.sampled_from([row["source"], "second monitor"])),
                }
            )
    together = _score(rows + parts)
    _same(alone.metric_values[[metric]], together.metric_values[[metric]])
    _same(alone.metric_scores[[metric]], together.metric_scores[[metric]])
    _same(alone.indicators, together.indicators)


@st.composite
def _overlapping_reports(draw: st.DrawFn, metric: str) -> list[dict[str, Any]]:
    """Reports of one figure by two sources over any spans, areas and qualifying grades.

    Starts and lengths come from a few values, so that readings of the same span (of one
    source and area, of two grades) are common.
    """
    rows = []
    for k in range(draw(st.integers(1, 8))):
        first = draw(st.sampled_from([0, 10, 30, 45, 90, 120, 150]))
        length = draw(st.sampled_from([1, 7, 30, 40]))
        region = draw(st.sampled_from(["Donetsk", "Luhansk", "Donetsk+Luhansk", "Ukraine", None]))
        rows.append(
            obs(
                f"r{k}",
                metric,
                _day(first),
                float(draw(st.integers(0, 500))),
                end_date=_day(min(first + length, DAYS) - 1),
                region=region,
                source=draw(st.sampled_from(["monitor a", "monitor b"])),
                verification=draw(st.sampled_from(["verified", "corroborated"])),
            )
        )
    return rows


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), metric=st.sampled_from(["civilians_killed", "ceasefire_violations_per_day"]))
def test_explain_attributes_every_flow_value_to_its_rows(data: st.DataObject, metric: str) -> None:
    """``explain()`` re-reads the per-day rules row by row; its amounts make the value.

    For a reported figure, the amounts of a period's rows (``value_in_period``) add up to
    the metric's value (an amount per covered day) times the days covered, whatever the
    spans, sources and overlapping areas: the two readings of the rules cannot drift.
    """
    card = _score(data.draw(_overlapping_reports(metric)))
    values = card.metric_values[metric].dropna()
    assume(len(values))
    for period in data.draw(st.lists(st.sampled_from(list(values.index)), max_size=3)):
        rows = card.explain(period)
        rows = rows[rows["metric"] == metric]
        days = card.metric_coverage.loc[(period, metric), "days_covered"]
        total = rows["value_in_period"].sum()
        assert total == pytest.approx(values[period] * days, rel=1e-9, abs=1e-9)


@st.composite
def _overlapping_states(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Occupied-area states by two maps over any areas, grades and (repeated) spans."""
    rows = []
    for k in range(draw(st.integers(1, 8))):
        first = draw(st.sampled_from([0, 10, 30, 45, 90, 120, 150]))
        length = draw(st.sampled_from([1, 7, 30]))
        rows.append(
            obs(
                f"s{k}",
                "occupied_area_km2",
                _day(first),
                float(draw(st.integers(0, 100_000))),
                end_date=_day(min(first + length, DAYS) - 1),
                region=draw(st.sampled_from(["Crimea", "Donetsk", "Donetsk+Luhansk", "Ukraine"])),
                source=draw(st.sampled_from(["map a", "map b"])),
                verification=draw(st.sampled_from(["verified", "corroborated"])),
            )
        )
    return rows


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_explain_weighs_every_level_value_from_its_rows(data: st.DataObject) -> None:
    """``explain()``'s weights of a level's rows, times their values, make its value.

    ``explain()`` reads the rules day by day on its own (the row in force per area, the
    widest area, readings of one span averaged); its weights on the period's last covered
    day, times the rows' values, must give the state the score read there.
    """
    from progress_indicators.report._explain import _level_weights  # noqa: PLC0415

    metric = "occupied_area_km2"
    card = _score(data.draw(_overlapping_states()))
    values = card.metric_values[metric].dropna()
    assume(len(values))
    rows = card.observations[card.observations["metric"] == metric]
    spec = next(m for m in card.config.metrics if m.name == metric)
    for period in data.draw(st.lists(st.sampled_from(list(values.index)), max_size=3)):
        weights, _ = _level_weights(spec, rows, period.start_time, period.end_time.normalize())
        total = float(weights @ rows["value"].to_numpy(dtype="float64"))
        assert total == pytest.approx(values[period], rel=1e-9, abs=1e-9)


def test_two_regions_of_a_per_day_rate_add_up() -> None:
    """Donetsk 100/day and Luhansk 100/day on one day give 200/day (issue #15)."""
    rows = [
        obs("d", "ceasefire_violations_per_day", "2020-08-13", 100.0, region="Donetsk"),
        obs("l", "ceasefire_violations_per_day", "2020-08-13", 100.0, region="Luhansk"),
    ]
    card = _score(rows, frequency="daily")
    assert card.metric_values["ceasefire_violations_per_day"].dropna().tolist() == [200.0]


def test_a_one_day_and_a_thirty_day_report_are_weighted_by_their_days() -> None:
    """1 day at 300/day and 29 days at 0/day make a month of 10/day, not (300 + 0) / 2."""
    rows = [
        obs("a", "ceasefire_violations_per_day", "2020-06-01", 300.0, end_date="2020-06-01"),
        obs("b", "ceasefire_violations_per_day", "2020-06-02", 0.0, end_date="2020-06-30"),
    ]
    card = _score(rows, frequency="monthly")
    assert card.metric_values["ceasefire_violations_per_day"].tolist() == pytest.approx([10.0])


def test_a_period_covered_on_too_few_days_is_missing_and_says_so() -> None:
    """5 days of 31 (July 2020) is below the default 0.5 share: missing, with the share."""
    rows = [obs("a", "ceasefire_violations_per_day", "2020-07-27", 21.3, end_date="2020-07-31")]
    card = _score(rows, frequency="monthly")
    july: Any = pd.Period("2020-07", "M")
    cell = card.metric_coverage.loc[(july, "ceasefire_violations_per_day")]
    assert cell["days_covered"] == 5
    assert cell["share_covered"] == pytest.approx(5 / 31)
    assert not cell["scored"]
    assert np.isnan(card.metric_values["ceasefire_violations_per_day"].iloc[0])
    lenient = _score(rows, frequency="monthly", min_share_covered=0.1)
    assert lenient.metric_values["ceasefire_violations_per_day"].iloc[0] == pytest.approx(21.3)


def test_finest_report_wins_over_a_coarser_one_from_the_same_source() -> None:
    """A daily report overrides the weekly summary on its day; the summary fills the rest."""
    rows = [
        obs("week", "ceasefire_violations_per_day", "2021-03-15", 50.0, end_date="2021-03-21"),
        obs("day", "ceasefire_violations_per_day", "2021-03-17", 10.0, end_date="2021-03-17"),
    ]
    card = _score(rows, frequency="daily")
    values = card.metric_values["ceasefire_violations_per_day"].dropna()
    assert values.tolist() == [50.0, 50.0, 10.0, 50.0, 50.0, 50.0, 50.0]


# -- bounded influence ---------------------------------------------------------------


@st.composite
def _level_scores(draw: st.DrawFn, indicator: Indicator) -> tuple[pd.DataFrame, pi.ScorecardConfig]:
    specs = [m for m in DEFAULT_METRICS if m.indicator is indicator]
    weights = draw(st.lists(st.floats(0.1, 10.0), min_size=len(specs), max_size=len(specs)))
    metrics = tuple(
        m.model_copy(update={"weight": w}) if m.indicator is indicator else m
        for m in DEFAULT_METRICS
        for w in ([weights[specs.index(m)]] if m in specs else [m.weight])
    )
    config = pi.ScorecardConfig(metrics=metrics, uncertainty={"draws": 0})
    covered = draw(st.lists(st.booleans(), min_size=len(specs), max_size=len(specs)))
    values = {
        m.name: (draw(st.floats(0.0, 100.0)) if on else np.nan)
        for m, on in zip(specs, covered, strict=True)
    }
    frame = pd.DataFrame(values, index=pd.period_range("2024-01", periods=1, freq="M"))
    return frame, config


@settings(max_examples=200, deadline=None)
@given(data=st.data(), indicator=st.sampled_from(list(Indicator)))
def test_one_metric_moves_its_indicator_by_at_most_its_weight_share_over_the_threshold(
    data: st.DataObject, indicator: Indicator
) -> None:
    """|change of the indicator| <= 100 * w / (c * W) when one metric's score changes.

    With every metric covered (c's role vanishes) the bound is the weight share itself:
    1/10 of the range for one of ten equally weighted narratives.
    """
    scores, config = data.draw(_level_scores(indicator))
    specs = [m for m in config.metrics if m.indicator is indicator]
    target = data.draw(st.sampled_from(specs))
    new = data.draw(st.floats(0.0, 100.0))

    def indicator_score(frame: pd.DataFrame) -> float:
        full = pd.DataFrame(
            {
                m.name: frame.get(m.name, pd.Series(np.nan, index=frame.index))
                for m in config.metrics
            },
            index=frame.index,
        )
        result = vpi_pipeline(config).run(vpi_input(full, config)).scores
        return float(result[indicator.value].iloc[0])

    before = indicator_score(scores)
    changed = scores.copy()
    changed[target.name] = new
    after = indicator_score(changed)
    weight_total = sum(m.weight for m in specs)
    bound = 100.0 * target.weight / (config.covered_weight_needed(indicator) * weight_total)
    if not (np.isnan(before) or np.isnan(after)):
        assert abs(after - before) <= bound + 1e-9
    if scores.notna().all(axis=None) and not np.isnan(before):
        assert abs(after - before) <= 100.0 * target.weight / weight_total + 1e-9


# -- goalposts that do not move --------------------------------------------------------

SCORED = (
    "civilians_killed",
    "ceasefire_violations_per_day",
    "attack_events",
    "occupied_area_km2",
    "provision_annexation",
    "narrative_nazi",
)


@st.composite
def _evidence(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows = []
    for metric in SCORED:
        spec = SPEC[metric]
        for k in range(draw(st.integers(1, 6))):
            first = draw(st.integers(0, DAYS - 1))
            if spec.kind == "count":
                last = min(DAYS - 1, first + draw(st.integers(0, 40)))
                value = float(draw(st.integers(0, 400)))
            else:
                last = first
                top = spec.maximum if spec.maximum is not None else 200_000.0
                value = float(draw(st.integers(0, int(min(top, 200_000)))))
            rows.append(obs(f"{metric}-{k}", metric, _day(first), value, end_date=_day(last)))
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_evidence(), data=st.data())
def test_new_evidence_in_other_periods_never_moves_a_periods_score(
    rows: list[dict[str, Any]], data: st.DataObject
) -> None:
    """Under the default goalposts, adding later evidence leaves every earlier period as it was.

    The added rows come from a new source, all dated after a cut: every period that ends
    before the cut keeps its metric values, metric scores, indicators and index. (A
    goalpost re-derived from the data, the former default, moved them all.)
    """
    cut = data.draw(st.integers(30, DAYS))
    extra = [
        {**row, "observation_id": f"new-{k}", "source": "a second monitor"}
        for k, row in enumerate(data.draw(_evidence()))
    ]
    late = [
        {
            **row,
            "date": _day(cut + dt.date.fromisoformat(row["date"]).toordinal() - START.toordinal()),
            "end_date": _day(
                cut + dt.date.fromisoformat(row["end_date"]).toordinal() - START.toordinal()
            ),
        }
        for row in extra
    ]
    config = {"frequency": "monthly", "start": START, "end": START + dt.timedelta(days=2 * DAYS)}
    before = _score(rows, **config)
    after = _score(rows + late, **config)
    ended = pd.PeriodIndex(before.index.index).end_time < pd.Timestamp(_day(cut))
    assert ended.any() or cut < 31
    for name in ("metric_values", "metric_scores", "indicators"):
        _same(getattr(before, name)[ended], getattr(after, name)[ended])
    _same(before.index[ended], after.index[ended])
    _same(before.goalposts[["worst", "best"]], after.goalposts[["worst", "best"]])


def test_a_derived_baseline_moves_with_older_evidence_and_a_number_does_not() -> None:
    """The former default re-derived its goalpost; the published number stays put.

    One older annual row moved the ceasefire-violation goalpost 1102.0 -> 1086.3
    (issue #15). With the numeric default the goalpost, and so every score, stays.
    """
    observations, _ = pi.datasets.load_example()
    older = obs(
        "extra-2017",
        "ceasefire_violations_per_day",
        "2017-01-01",
        300.0,
        end_date="2017-07-31",
        source="OSCE SMM",
    )
    more = pd.concat([observations, pd.DataFrame([older])], ignore_index=True)
    base = score(observations, expect=SINGLE, config=NO_DRAWS)
    again = score(more, expect=SINGLE, config=NO_DRAWS)
    metric = "ceasefire_violations_per_day"
    worst = base.goalposts["worst"].to_dict()[metric]
    assert again.goalposts["worst"].to_dict()[metric] == worst
    derived = tuple(
        m.model_copy(
            update={
                "goalposts": m.goalposts.model_copy(
                    update={"worst": pi.model.GOALPOST_BASELINES[metric]}
                )
            }
        )
        if m.name == metric
        else m
        for m in DEFAULT_METRICS
    )
    moving = {**NO_DRAWS, "metrics": derived}
    before = float(
        score(observations, expect=SINGLE, config=moving).goalposts["worst"].to_dict()[metric]
    )
    after = float(score(more, expect=SINGLE, config=moving).goalposts["worst"].to_dict()[metric])
    assert before != after
