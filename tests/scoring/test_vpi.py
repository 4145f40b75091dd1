"""Mutation tests of ``scoring/_vpi.py``: goalposts, hierarchy, input layout, uncertainty.

Expected values are derived by hand from the formulas documented in ``_vpi.py`` and
``model/_metric.py`` (linear ``(x - worst) / (best - worst)``, log
``1 - log1p(x) / log1p(worst)``, clipped to [0, 1], times 100; weighted arithmetic
mean within an indicator; ``prod (s_i + o)^w_i - o`` across indicators).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.frames import DailySeries, MetricPeriods, baseline_value
from progress_indicators.model import Baseline, Indicator, MetricSpec
from progress_indicators.scoring import _vpi
from progress_indicators.scoring._montecarlo import Choice, DirichletWeights, UniformWeights
from progress_indicators.scoring._vpi_uncertainty import (
    VpiInputs,
    _pipeline_params,
    vpi_uncertainty,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

IND = list(Indicator)
MONTHS = pd.period_range("2023-01", periods=4, freq="M", name="period")


def _spec(
    name: str,
    indicator: Indicator,
    worst: float | Baseline,
    best: float | Baseline,
    *,
    scale: str = "linear",
    weight: float = 1.0,
) -> MetricSpec:
    return MetricSpec.model_validate(
        {
            "name": name,
            "indicator": indicator,
            "unit": "u",
            "kind": "level",
            "aggregation": "mean",
            "goalposts": {"worst": worst, "best": best, "scale": scale},
            "weight": weight,
        }
    )


def _config(**update: object) -> pi.ScorecardConfig:
    """Two metrics for the first indicator (weights 1 and 3), one for each other one.

    The uncertainty varies only what a test asks for: one offset (the nominal 1), the
    configured normalisation and the published goalposts unless told otherwise.
    """
    metrics = (
        _spec("a1", IND[0], 0.0, 100.0),
        _spec("a2", IND[0], 0.0, 100.0, weight=3.0),
        _spec("b", IND[1], 0.0, 100.0),
        _spec("c", IND[2], 0.0, 100.0),
        _spec("d", IND[3], 0.0, 100.0),
    )
    fixed = {"offsets": (1.0,), "normalisations": ("configured",), "goalpost_factors": (1.0,)}
    given = update.pop("uncertainty", {})
    assert isinstance(given, dict)
    return pi.ScorecardConfig.model_validate(
        {"metrics": metrics, "uncertainty": {**fixed, **given}, **update}
    )


def _mc(
    scores: pd.DataFrame,
    config: pi.ScorecardConfig,
    scenarios: Sequence[tuple[pd.DataFrame, pi.ScorecardConfig]] = (),
) -> pd.DataFrame | None:
    """The uncertainty summary of metric values that equal their scores (goalposts 0-100)."""

    def inputs(values: pd.DataFrame, cfg: pi.ScorecardConfig) -> VpiInputs:
        return VpiInputs(
            metric_values=values, goalposts=_vpi.resolve_goalposts(cfg.metrics), config=cfg
        )

    out = vpi_uncertainty(inputs(scores, config), scenarios=[inputs(v, c) for v, c in scenarios])
    return None if out is None else out[0]


# --- goalposts -----------------------------------------------------------------------


def _daily(values: list[float], start: str = "2023-01-01") -> DailySeries:
    days = pd.date_range(start, periods=len(values), freq="D")
    amounts = np.array(values, dtype="float64")[:, None]
    evidence = np.where(np.isnan(amounts), -1, np.arange(len(values))[:, None])
    return DailySeries(days=days, metrics=("m",), amounts=amounts, evidence_day=evidence)


def test_baseline_window_is_inclusive_and_skips_missing() -> None:
    """Days in [start, end] count, both ends included; uncovered days are dropped."""
    daily = _daily([10.0, 20.0, np.nan, 40.0])  # 1-4 January 2023
    both = Baseline(start=dt.date(2023, 1, 1), end=dt.date(2023, 1, 2))
    assert baseline_value(daily, "m", both) == pytest.approx(15.0)
    last = Baseline(start=dt.date(2023, 1, 4), end=dt.date(2023, 1, 4), statistic="min")
    assert baseline_value(daily, "m", last) == 40.0
    gap = Baseline(start=dt.date(2023, 1, 3), end=dt.date(2023, 1, 3))
    assert math.isnan(baseline_value(daily, "m", gap))
    whole = Baseline(start=dt.date(2023, 1, 1), end=dt.date(2023, 1, 31), statistic="median")
    assert baseline_value(daily, "m", whole) == 20.0
    peak = Baseline(start=dt.date(2022, 12, 1), end=dt.date(2023, 1, 31), statistic="max")
    assert baseline_value(daily, "m", peak) == 40.0


def test_resolve_goalposts_keeps_worst_best_scale_per_metric() -> None:
    """One row per metric, in order: worst, best (baselines from the daily series), scale."""
    daily = DailySeries(
        days=pd.date_range("2023-01-01", periods=3, freq="D"),
        metrics=("m", "n"),
        amounts=np.array([[4.0, 1.0], [8.0, 1.0], [6.0, 1.0]]),
        evidence_day=np.array([[0, 0], [1, 1], [2, 2]]),
    )
    base = Baseline(start=dt.date(2023, 1, 1), end=dt.date(2023, 1, 2))
    specs = (
        _spec("m", IND[0], base, 0.0, scale="log"),
        _spec("n", IND[1], 3.0, 9.0),
    )
    posts = _vpi.resolve_goalposts(specs, daily)
    assert posts.index.tolist() == ["m", "n"]
    assert posts.index.name == "metric"
    assert posts.columns.tolist() == [
        "worst",
        "best",
        "scale",
        "derived_from_data",
        "source",
        "derivation",
    ]
    assert posts.loc["m", "worst"] == 6.0  # mean of 4 and 8
    assert posts.loc["m", "best"] == 0.0
    assert posts.loc["m", "scale"] == "log"
    assert posts.loc["m", "derived_from_data"]
    assert posts.loc["n", "worst"] == 3.0
    assert posts.loc["n", "best"] == 9.0
    assert posts.loc["n", "scale"] == "linear"
    assert not posts.loc["n", "derived_from_data"]
    unresolved = float(_vpi.resolve_goalposts(specs)["worst"].to_dict()["m"])
    assert math.isnan(unresolved)  # no data: unresolved


def test_normalise_linear_and_log_formulas() -> None:
    """Linear (x - w)/(b - w), clipped; log 1 - log1p(max(x, 0))/log1p(w), clipped."""
    values = pd.DataFrame(
        {
            "lin": [25.0, -10.0, 300.0, np.nan],
            "inv": [80.0, 100.0, 0.0, 50.0],
            "log": [0.0, 3.0, 99.0, -5.0],
        },
        index=MONTHS,
    )
    posts = pd.DataFrame(
        {
            "worst": [0.0, 100.0, 99.0],
            "best": [200.0, 0.0, 0.0],
            "scale": ["linear", "linear", "log"],
        },
        index=pd.Index(["lin", "inv", "log"], name="metric"),
    )
    out = _vpi._normalise(values, posts)
    # lin: 25/200 = 0.125 -> 12.5; -10 -> clipped 0; 300 -> clipped 100; NaN stays NaN
    assert out["lin"].iloc[:3].tolist() == pytest.approx([12.5, 0.0, 100.0])
    assert math.isnan(out["lin"].iloc[3])
    # inv: (80 - 100)/(0 - 100) = 0.2 -> 20; 100 -> 0; 0 -> 100; 50 -> 50
    assert out["inv"].tolist() == pytest.approx([20.0, 0.0, 100.0, 50.0])
    # log: log1p(99) = log(100); x=3: 1 - log(4)/log(100); negative x counts as 0
    expected = [100.0, 100.0 * (1 - math.log(4) / math.log(100)), 0.0, 100.0]
    assert out["log"].tolist() == pytest.approx(expected, rel=1e-12)
    assert out.index.equals(values.index)
    assert out.columns.tolist() == ["lin", "inv", "log"]


def test_normalise_unusable_goalposts_give_nan() -> None:
    """Equal linear goalposts, log worst <= 0, or a NaN goalpost: the column is NaN."""
    values = pd.DataFrame(
        {"flat": [1.0, 5.0], "zero": [0.0, 1.0], "neg": [0.0, 1.0], "gone": [1.0, 2.0]},
        index=MONTHS[:2],
    )
    posts = pd.DataFrame(
        {
            "worst": [5.0, 0.0, -3.0, np.nan],
            "best": [5.0, 0.0, 0.0, 10.0],
            "scale": ["linear", "log", "log", "linear"],
        },
        index=["flat", "zero", "neg", "gone"],
    )
    out = _vpi._normalise(values, posts)
    assert out.isna().all().all()


def test_normalise_nan_best_and_log_overflow_are_nan_or_clipped() -> None:
    """A NaN best goalpost masks the column; a log column with a huge value clips to 0."""
    values = pd.DataFrame({"m": [1.0, 2.0], "big": [1e308, 0.5]}, index=MONTHS[:2])
    posts = pd.DataFrame(
        {"worst": [0.0, 1.0], "best": [np.nan, 0.0], "scale": ["linear", "log"]},
        index=["m", "big"],
    )
    out = _vpi._normalise(values, posts)
    assert out["m"].isna().all()
    # 1 - log1p(1e308)/log(2) is very negative -> 0; 0.5: 1 - log(1.5)/log(2)
    assert out["big"].tolist() == pytest.approx([0.0, 100.0 * (1 - math.log(1.5) / math.log(2))])


def test_normalise_metrics_returns_scores_and_goalposts() -> None:
    """normalise_metrics = resolve_goalposts then the goalpost formula."""
    config = _config()
    values = pd.DataFrame(
        {"a1": [10.0], "a2": [20.0], "b": [30.0], "c": [40.0], "d": [150.0]}, index=MONTHS[:1]
    )
    scores, posts = _vpi.normalise_metrics(values, config)
    assert scores.iloc[0].tolist() == pytest.approx([10.0, 20.0, 30.0, 40.0, 100.0])
    assert posts["worst"].tolist() == [0.0] * 5
    assert posts["best"].tolist() == [100.0] * 5


# --- hierarchy, pipeline, input --------------------------------------------------------


def test_vpi_hierarchy_levels_weights_and_placeholder() -> None:
    """Weight-0 metrics are left out; an indicator without metrics gets a placeholder."""
    metrics = (
        _spec("a1", IND[0], 0.0, 1.0, weight=2.0),
        _spec("a0", IND[0], 0.0, 1.0, weight=0.0),
        _spec("b", IND[1], 0.0, 1.0),
        _spec("c", IND[2], 0.0, 1.0, weight=0.5),
    )
    weights = {IND[0]: 1.0, IND[1]: 2.0, IND[2]: 3.0, IND[3]: 4.0}
    config = pi.ScorecardConfig.model_validate({"metrics": metrics, "indicator_weights": weights})
    frame = _vpi.vpi_hierarchy(config).to_frame()
    table = frame.set_index("code")
    placeholder = f"{IND[3].value}__no_metric"
    assert "a0" not in table.index
    assert set(table.index) == {
        "a1",
        "b",
        "c",
        placeholder,
        *(i.value for i in IND),
        _vpi.INDEX_NAME,
    }
    assert table.loc["a1", "parent"] == IND[0].value
    assert table.loc[placeholder, "parent"] == IND[3].value
    assert table.loc["a1", "level"] == 1
    assert table.loc[placeholder, "level"] == 1
    assert table.loc[IND[0].value, "level"] == 2
    assert table.loc[_vpi.INDEX_NAME, "level"] == 3
    assert table.loc[IND[2].value, "parent"] == _vpi.INDEX_NAME


def test_vpi_pipeline_options() -> None:
    """Arithmetic within indicators, the configured aggregation, offset, thresholds."""
    config = _config(aggregation="arithmetic", geometric_offset=2.5, index_data_threshold=0.5)
    pipeline = _vpi.vpi_pipeline(config)
    assert pipeline.normalisation == "none"
    assert pipeline.aggregation == {2: "arithmetic", 3: "arithmetic"}
    assert pipeline.offset == 2.5
    threshold = pipeline.data_threshold
    assert isinstance(threshold, dict)
    assert threshold[2] == _vpi._ANY
    assert threshold[3] == pytest.approx(0.5 - 1e-12, abs=1e-15)


def _scores(rows: list[list[float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["a1", "a2", "b", "c", "d"], index=MONTHS[: len(rows)])


def test_index_weighted_within_indicator_and_geometric_across() -> None:
    """Indicator a = (1*20 + 3*60)/4 = 50; index = ((51 * 41 * 31 * 11)^(1/4)) - 1 (offset 1)."""
    config = _config()
    data = _vpi.vpi_input(_scores([[20.0, 60.0, 40.0, 30.0, 10.0]]), config)
    result = _vpi.vpi_pipeline(config).run(data)
    expected = (51.0 * 41.0 * 31.0 * 11.0) ** 0.25 - 1.0
    assert result.top.iloc[0] == pytest.approx(expected, rel=1e-12)
    # with a1 missing, a is 60 (mean of the metrics with a score)
    data = _vpi.vpi_input(_scores([[np.nan, 60.0, 40.0, 30.0, 10.0]]), config)
    result = _vpi.vpi_pipeline(config).run(data)
    assert result.scores[IND[0].value].iloc[0] == pytest.approx(60.0)


def test_index_threshold_of_indicator_weight() -> None:
    """Threshold 0.75 with 4 equal weights: 3 indicators suffice, 2 do not."""
    config = _config(index_data_threshold=0.75, aggregation="arithmetic")
    three = [[40.0, 40.0, 20.0, 30.0, np.nan]]  # a=40, b=20, c=30 -> mean 30
    two = [[40.0, 40.0, 20.0, np.nan, np.nan]]
    top3 = _vpi.vpi_pipeline(config).run(_vpi.vpi_input(_scores(three), config)).top
    top2 = _vpi.vpi_pipeline(config).run(_vpi.vpi_input(_scores(two), config)).top
    assert top3.iloc[0] == pytest.approx(30.0)
    assert math.isnan(top2.iloc[0])
    # threshold 1.0 (default): one missing indicator gives no index
    full = _config(aggregation="arithmetic")
    top = _vpi.vpi_pipeline(full).run(_vpi.vpi_input(_scores(three), full)).top
    assert math.isnan(top.iloc[0])


def test_vpi_input_hides_indicator_below_min_metrics() -> None:
    """min_metrics_per_indicator=2: a period with one of a1/a2 hides both; others stay."""
    config = _config(min_metrics_per_indicator=2)
    scores = _scores([[10.0, np.nan, 1.0, 2.0, 3.0], [10.0, 20.0, 1.0, 2.0, 3.0]])
    out = _vpi.vpi_input(scores, config)
    assert out[["a1", "a2"]].iloc[0].isna().all()
    assert out[["a1", "a2"]].iloc[1].tolist() == [10.0, 20.0]
    # b, c, d have one metric each (< 2): hidden in every period
    assert out[["b", "c", "d"]].isna().all().all()
    assert scores["a2"].iloc[1] == 20.0  # input not modified
    assert not scores.iloc[0, 2:].isna().any()


def test_vpi_input_adds_placeholder_column_for_indicator_without_metrics() -> None:
    """The placeholder column is all-NaN; metrics of weight 0 are not touched."""
    metrics = (
        _spec("a1", IND[0], 0.0, 1.0),
        _spec("z", IND[0], 0.0, 1.0, weight=0.0),
        _spec("b", IND[1], 0.0, 1.0),
        _spec("c", IND[2], 0.0, 1.0),
    )
    config = pi.ScorecardConfig.model_validate({"metrics": metrics, "min_metrics_per_indicator": 1})
    scores = pd.DataFrame({"a1": [5.0], "z": [7.0], "b": [np.nan], "c": [1.0]}, index=MONTHS[:1])
    out = _vpi.vpi_input(scores, config)
    placeholder = f"{IND[3].value}__no_metric"
    assert placeholder in out.columns
    assert out[placeholder].isna().all()
    assert out["z"].iloc[0] == 7.0
    assert out["a1"].iloc[0] == 5.0
    assert math.isnan(out["b"].iloc[0])


# --- score_track ---------------------------------------------------------------------


def _periods(values: pd.DataFrame) -> MetricPeriods:
    ones = pd.DataFrame(1, index=values.index, columns=values.columns)
    return MetricPeriods(
        metric_values=values,
        observations=ones,
        carried=ones.astype(bool) & False,
        days_covered=ones * 31,
        share_covered=ones.astype("float64"),
        evidence_age_days=ones * 0.0,
    )


def test_score_track_outputs() -> None:
    """Indicators (columns named ``indicator``), index, coverage and totals by hand."""
    metrics = (
        _spec("a1", IND[0], 0.0, 100.0),
        _spec("a2", IND[0], 0.0, 100.0, weight=3.0),
        _spec("a0", IND[0], 0.0, 100.0, weight=0.0),
        _spec("b", IND[1], 0.0, 100.0),
        _spec("c", IND[2], 0.0, 100.0),
        _spec("d", IND[3], 0.0, 100.0),
    )
    config = pi.ScorecardConfig.model_validate({"metrics": metrics})
    values = pd.DataFrame(
        {
            "a1": [20.0, np.nan],
            "a2": [60.0, 40.0],
            "a0": [0.0, 0.0],
            "b": [40.0, 10.0],
            "c": [30.0, np.nan],
            "d": [10.0, 100.0],
        },
        index=MONTHS[:2],
    )
    track = _vpi.score_track(_periods(values), config)
    assert track.indicators.columns.tolist() == [i.value for i in IND]
    assert track.indicators.columns.name == "indicator"
    assert track.indicators.iloc[0].tolist() == pytest.approx([50.0, 40.0, 30.0, 10.0])
    assert track.index.name == _vpi.INDEX_NAME
    assert track.index.iloc[0] == pytest.approx((51.0 * 41.0 * 31.0 * 11.0) ** 0.25 - 1.0)
    assert math.isnan(track.index.iloc[1])  # c missing: threshold 1.0 not met
    assert track.metrics_total.tolist() == [2, 1, 1, 1]
    assert track.metrics_total.index.tolist() == [i.value for i in IND]
    assert track.metrics_total.dtype == np.int64
    assert track.metrics_covered.iloc[0].tolist() == [2, 1, 1, 1]
    assert track.metrics_covered.iloc[1].tolist() == [1, 1, 0, 1]
    assert track.metrics_covered.columns.name == "indicator"
    assert track.goalposts.index.tolist() == ["a1", "a2", "a0", "b", "c", "d"]
    assert track.metric_scores["a1"].iloc[0] == pytest.approx(20.0)


def test_score_track_placeholder_indicator_counts_zero() -> None:
    """An indicator without weighted metrics: total 0, covered 0, indicator NaN."""
    metrics = (
        _spec("a1", IND[0], 0.0, 100.0),
        _spec("b", IND[1], 0.0, 100.0),
        _spec("c", IND[2], 0.0, 100.0),
    )
    config = pi.ScorecardConfig.model_validate(
        {"metrics": metrics, "index_data_threshold": 0.75, "aggregation": "arithmetic"}
    )
    values = pd.DataFrame({"a1": [10.0], "b": [20.0], "c": [60.0]}, index=MONTHS[:1])
    track = _vpi.score_track(_periods(values), config)
    assert track.metrics_total.tolist() == [1, 1, 1, 0]
    assert track.metrics_covered.iloc[0].tolist() == [1, 1, 1, 0]
    assert math.isnan(track.indicators[IND[3].value].iloc[0])
    assert track.index.iloc[0] == pytest.approx(30.0)  # (10 + 20 + 60) / 3


# --- uncertainty ---------------------------------------------------------------------


def test_draw_params_by_setting() -> None:
    """Dirichlet/uniform weights from their settings; a Choice only for 2+ aggregations."""
    dirichlet = _config(
        uncertainty={"weights": "dirichlet", "concentration": 7.0, "aggregations": ("geometric",)}
    ).uncertainty
    params = _pipeline_params(dirichlet, sobol=False)
    assert set(params) == {"weights"}
    assert isinstance(params["weights"], DirichletWeights)
    assert params["weights"].concentration == 7.0
    uniform = _config(uncertainty={"weights": "uniform", "spread": 0.4}).uncertainty
    params = _pipeline_params(uniform, sobol=False)
    assert isinstance(params["weights"], UniformWeights)
    assert params["weights"].spread == 0.4
    choice = params["aggregation"]
    assert isinstance(choice, Choice)
    assert choice.options == (
        {2: "arithmetic", 3: "geometric"},
        {2: "arithmetic", 3: "arithmetic"},
    )
    fixed = _config(uncertainty={"weights": "fixed", "aggregations": ("arithmetic",)}).uncertainty
    assert _pipeline_params(fixed, sobol=False) == {}


def test_draw_params_offset_choice_from_two_offsets() -> None:
    """Two offsets are already a choice (equal chances); a single offset is fixed."""
    two = _config(uncertainty={"weights": "fixed", "offsets": (0.1, 1.0)}).uncertainty
    choice = _pipeline_params(two, sobol=False)["offset"]
    assert isinstance(choice, Choice)
    assert choice.options == (0.1, 1.0)
    one = _config(uncertainty={"weights": "fixed", "offsets": (1.0,)}).uncertainty
    assert "offset" not in _pipeline_params(one, sobol=False)


def test_vpi_uncertainty_none_without_draws_or_data() -> None:
    """draws=0 or an empty frame: None."""
    config = _config(uncertainty={"draws": 0})
    assert _mc(_scores([[1.0] * 5]), config) is None
    empty = _scores([]).astype("float64")
    assert _mc(empty, _config(uncertainty={"draws": 5})) is None


def test_vpi_uncertainty_fixed_weights_one_aggregation_equals_nominal() -> None:
    """Fixed weights, one aggregation: every draw is the nominal index.

    Nominal (geometric, offset 1): period 0 a=(20+180)/4=50, b=40, c=30, d=10;
    period 1 all 50 -> 50; period 2 c missing -> NaN; period 3 all 60 -> 60.
    The configured aggregation is arithmetic, but the uncertainty's single aggregation
    (geometric) is what the draws use: period 0's draws are the geometric mean.
    """
    config = _config(
        aggregation="arithmetic",
        uncertainty={"weights": "fixed", "aggregations": ("geometric",), "draws": 7},
    )
    scores = _scores(
        [
            [20.0, 60.0, 40.0, 30.0, 10.0],
            [50.0, 50.0, 50.0, 50.0, 50.0],
            [50.0, 50.0, 50.0, np.nan, 50.0],
            [60.0, 60.0, 60.0, 60.0, 60.0],
        ]
    )
    out = _mc(scores, config)
    assert out is not None
    assert out.columns.tolist() == [
        "nominal",
        "median",
        "lower",
        "upper",
        "defined_share",
        "p_progress",
        "prob_rise",
    ]
    assert out.index.equals(scores.index)
    geo = (51.0 * 41.0 * 31.0 * 11.0) ** 0.25 - 1.0
    arith = (50.0 + 40.0 + 30.0 + 10.0) / 4
    assert out["nominal"].iloc[0] == pytest.approx(arith)
    for col in ("median", "lower", "upper"):
        assert out[col].iloc[0] == pytest.approx(geo, rel=1e-12)
        assert out[col].iloc[1] == pytest.approx(50.0)
        assert math.isnan(out[col].iloc[2])
        assert out[col].iloc[3] == pytest.approx(60.0)
    assert out["defined_share"].tolist() == [1.0, 1.0, 0.0, 1.0]
    # prob_rise: first NaN; 1 vs 0: geo (~27) -> 50 rose in every draw; 2: no pair; 3: no pair
    assert math.isnan(out["prob_rise"].iloc[0])
    assert out["prob_rise"].iloc[1] == 1.0
    assert math.isnan(out["prob_rise"].iloc[2])
    assert math.isnan(out["prob_rise"].iloc[3])


def test_vpi_uncertainty_fall_gives_zero_prob_rise_and_quantiles_bracket() -> None:
    """A fall in every draw gives prob_rise 0; lower <= median <= upper with random weights."""
    config = _config(uncertainty={"weights": "dirichlet", "draws": 50, "quantiles": (0.1, 0.9)})
    scores = _scores([[90.0, 90.0, 80.0, 70.0, 60.0], [10.0, 10.0, 20.0, 30.0, 5.0]])
    out = _mc(scores, config)
    assert out is not None
    assert out["prob_rise"].iloc[1] == 0.0
    assert (out["lower"] <= out["median"]).all()
    assert (out["median"] <= out["upper"]).all()
    assert (out["lower"] < out["upper"]).all()  # random weights spread the index
    # a continuous spread: the 10 % quantile is strictly below the median
    assert (out["lower"] < out["median"]).all()
    # every draw is a weighted mean of values in [60, 90] / [5, 30]
    assert out["lower"].iloc[0] >= 60.0
    assert out["upper"].iloc[1] <= 30.0
    assert out["defined_share"].tolist() == [1.0, 1.0]


def test_vpi_uncertainty_scenario_without_coverage_halves_defined_share() -> None:
    """A scenario whose scores are all missing gives no index: share = nominal picks."""
    config = _config(
        uncertainty={"weights": "fixed", "aggregations": ("arithmetic",), "draws": 200}
    )
    scores = _scores([[40.0, 40.0, 40.0, 40.0, 40.0]])
    missing = scores * np.nan
    out = _mc(scores, config, [(missing, config)])
    assert out is not None
    # the scenario is picked with probability 1/2: share near 0.5, strictly inside (0, 1)
    share = out["defined_share"].iloc[0]
    assert 0.3 < share < 0.7
    assert out["median"].iloc[0] == pytest.approx(40.0)
    # reproduce the pick with the same seed: rng.integers(2, size=200), 0 = nominal
    pick = np.random.default_rng(config.uncertainty.seed).integers(2, size=200)
    assert share == pytest.approx(float((pick == 0).sum()) / 200)


def test_normalise_aligns_goalposts_to_columns_by_name() -> None:
    """Goalpost rows in another order than the value columns are matched by metric name."""
    values = pd.DataFrame({"lin": [50.0], "log": [3.0]}, index=MONTHS[:1])
    posts = pd.DataFrame(
        {"worst": [99.0, 0.0], "best": [0.0, 200.0], "scale": ["log", "linear"]},
        index=["log", "lin"],
    )
    out = _vpi._normalise(values, posts)
    # lin: 50/200 -> 25; log: 1 - log(4)/log(100)
    assert out["lin"].iloc[0] == pytest.approx(25.0)
    assert out["log"].iloc[0] == pytest.approx(100.0 * (1 - math.log(4) / math.log(100)))


def test_normalise_overflow_in_the_discarded_log_form_is_silent() -> None:
    """A linear column with a tiny positive worst: the discarded log form overflows.

    log1p(x)/log1p(1e-310) overflows in the log form, which is discarded; the linear score
    (50 - w)/(100 - w) = 0.5 -> 50 stands, and no RuntimeWarning escapes (warnings are
    errors in this test suite).
    """
    values = pd.DataFrame({"m": [50.0]}, index=MONTHS[:1])
    posts = pd.DataFrame({"worst": [1e-310], "best": [100.0], "scale": ["linear"]}, index=["m"])
    out = _vpi._normalise(values, posts)
    assert out["m"].iloc[0] == pytest.approx(50.0)


def test_vpi_uncertainty_one_draw_equal_periods_do_not_rise() -> None:
    """One draw, fixed weights: equal consecutive indices are no rise (0), a rise is 1.

    All metrics at 10, 10, 20: the index is 10, 10, 20; one pair per period (pairs = 1).
    """
    config = _config(uncertainty={"weights": "fixed", "aggregations": ("arithmetic",), "draws": 1})
    scores = _scores([[10.0] * 5, [10.0] * 5, [20.0] * 5])
    out = _mc(scores, config)
    assert out is not None
    assert math.isnan(out["prob_rise"].iloc[0])
    assert out["prob_rise"].iloc[1:].tolist() == [0.0, 1.0]
    assert out["median"].tolist() == pytest.approx([10.0, 10.0, 20.0])
    assert out["defined_share"].tolist() == [1.0, 1.0, 1.0]


def test_vpi_uncertainty_scenario_frame_is_aligned_on_periods() -> None:
    """Scenario scores are reindexed on the nominal periods (missing period -> no index)."""
    config = _config(uncertainty={"weights": "fixed", "aggregations": ("arithmetic",), "draws": 40})
    scores = _scores([[40.0] * 5, [60.0] * 5])
    # the scenario only has the second period, at 20
    scenario = _scores([[20.0] * 5, [20.0] * 5]).iloc[[1]]
    out = _mc(scores, config, [(scenario, config)])
    assert out is not None
    pick = np.random.default_rng(config.uncertainty.seed).integers(2, size=40)
    nominal_share = float((pick == 0).sum()) / 40
    assert 0.0 < nominal_share < 1.0
    # period 0: only the nominal draws have an index (40); period 1: all (60 or 20)
    assert out["defined_share"].tolist() == pytest.approx([nominal_share, 1.0])
    assert out["lower"].iloc[0] == pytest.approx(40.0)
    assert out["upper"].iloc[0] == pytest.approx(40.0)
    assert out["lower"].iloc[1] == pytest.approx(20.0)
    assert out["upper"].iloc[1] == pytest.approx(60.0)
    # the median of period 1 is 60 when most draws are nominal, else 20
    assert out["median"].iloc[1] == pytest.approx(60.0 if nominal_share > 0.5 else 20.0)
    # rose 40 -> 60 in every nominal draw, the scenario draws have no pair
    assert out["prob_rise"].iloc[1] == 1.0


@pytest.mark.parametrize("level", [0.0, 100.0])
@pytest.mark.parametrize("aggregation", ["geometric", "arithmetic"])
def test_score_track_all_worst_or_all_best_stays_within_0_100(
    level: float, aggregation: str
) -> None:
    """Every metric at its worst gives 0, at its best 100, never outside 0-100.

    Weighted means of equal values can round just past the value in floating point:
    0.3/3.3 * 100 + 3/3.3 * 100 = 100.00000000000001 (metric weights 0.3 and 3) and, for
    the geometric mean with offset 1, exp(log(101)) - 1 = 100.00000000000003; the
    documented range of the indicators and the index is 0-100 (clipped).
    """
    metrics = tuple(
        _spec(f"m{k}{j}", ind, 0.0, 100.0, weight=w)
        for k, ind in enumerate(IND)
        for j, w in enumerate((0.3, 3.0))
    )
    weights = {IND[0]: 0.2, IND[1]: 0.7, IND[2]: 0.2, IND[3]: 0.7}
    config = pi.ScorecardConfig.model_validate(
        {"metrics": metrics, "indicator_weights": weights, "aggregation": aggregation}
    )
    values = pd.DataFrame(level, index=MONTHS[:2], columns=[m.name for m in metrics])
    track = _vpi.score_track(_periods(values), config)
    cells = [*track.indicators.to_numpy().ravel(), *track.index.to_numpy()]
    assert cells == pytest.approx([level] * len(cells), abs=1e-9)
    assert all(0.0 <= v <= 100.0 for v in cells)


def test_normalise_log_with_negative_worst_is_unusable() -> None:
    """Log goalposts need worst > 0: worst -0.5 gives a finite but meaningless form.

    1 - log1p(3) / log1p(-0.5) = 1 + log(4)/log(2) = 3 would clip to 100; the column
    must be NaN instead.
    """
    values = pd.DataFrame({"m": [3.0]}, index=MONTHS[:1])
    posts = pd.DataFrame({"worst": [-0.5], "best": [0.0], "scale": ["log"]}, index=["m"])
    assert _vpi._normalise(values, posts)["m"].isna().all()


def test_vpi_input_ignores_weight_zero_metrics_and_continues_after_a_placeholder() -> None:
    """Min 2 metrics: a weight-0 metric does not count; later indicators are checked.

    The first indicator has no metric (placeholder); the ones after it are still hidden
    where they have too few metrics.
    """
    metrics = (
        _spec("b", IND[1], 0.0, 1.0),
        _spec("c1", IND[2], 0.0, 1.0),
        _spec("c0", IND[2], 0.0, 1.0, weight=0.0),
        _spec("d1", IND[3], 0.0, 1.0),
        _spec("d2", IND[3], 0.0, 1.0),
    )
    config = pi.ScorecardConfig.model_validate({"metrics": metrics, "min_metrics_per_indicator": 2})
    scores = pd.DataFrame(
        {"b": [1.0], "c1": [2.0], "c0": [3.0], "d1": [4.0], "d2": [5.0]}, index=MONTHS[:1]
    )
    out = _vpi.vpi_input(scores, config)
    assert math.isnan(out["b"].iloc[0])  # one metric < 2
    assert math.isnan(out["c1"].iloc[0])  # c0 has weight 0: one metric < 2
    assert out["c0"].iloc[0] == 3.0  # not part of the indicator, untouched
    assert out[["d1", "d2"]].iloc[0].tolist() == [4.0, 5.0]
    assert out[f"{IND[0].value}__no_metric"].isna().all()


@pytest.mark.parametrize("level", [0.0, 100.0])
def test_vpi_uncertainty_stays_within_0_100(level: float) -> None:
    """All metrics at 0 or 100: nominal, median and bounds are 0 or 100, within 0-100.

    The geometric mean with offset 1 of 100s is exp(log(101)) - 1 = 100.00000000000003
    before clipping.
    """
    config = _config(uncertainty={"weights": "dirichlet", "draws": 20})
    out = _mc(_scores([[level] * 5, [level] * 5]), config)
    assert out is not None
    cells = out[["nominal", "median", "lower", "upper"]].to_numpy().ravel().tolist()
    assert cells == pytest.approx([level] * len(cells), abs=1e-9)
    assert all(0.0 <= v <= 100.0 for v in cells)


def test_vpi_uncertainty_rise_is_against_the_previous_period() -> None:
    """Index 10, 30, 20 in the single draw: rose, then fell (not compared with period 0)."""
    config = _config(uncertainty={"weights": "fixed", "aggregations": ("arithmetic",), "draws": 1})
    out = _mc(_scores([[10.0] * 5, [30.0] * 5, [20.0] * 5]), config)
    assert out is not None
    assert out["prob_rise"].iloc[1:].tolist() == [1.0, 0.0]


def test_vpi_uncertainty_only_scenario_draws() -> None:
    """With a seed whose single draw picks the scenario, the nominal variant has no draw.

    Seeds are tried with numpy's generator directly (integers(2, size=1) == 1 means the
    scenario); the draw is then the scenario's index (all metrics 20 -> 20).
    """
    seed = next(s for s in range(100) if np.random.default_rng(s).integers(2, size=1)[0] == 1)
    config = _config(
        uncertainty={
            "weights": "fixed",
            "aggregations": ("arithmetic",),
            "draws": 1,
            "seed": seed,
        }
    )
    scores = _scores([[40.0] * 5])
    out = _mc(scores, config, [(_scores([[20.0] * 5]), config)])
    assert out is not None
    assert out["median"].iloc[0] == pytest.approx(20.0)
    assert out["nominal"].iloc[0] == pytest.approx(40.0)


def test_vpi_uncertainty_uniform_weights() -> None:
    """Uniform weight draws (one coordinate per hierarchy element).

    Every draw is a weighted mean of indicators in [20, 80], and the weights spread it.
    """
    config = _config(uncertainty={"weights": "uniform", "spread": 0.5, "draws": 30})
    out = _mc(_scores([[20.0, 20.0, 40.0, 60.0, 80.0]]), config)
    assert out is not None
    assert 20.0 <= out["lower"].iloc[0] < out["upper"].iloc[0] <= 80.0
    assert out["defined_share"].iloc[0] == 1.0
