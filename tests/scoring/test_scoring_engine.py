"""Hand-checked cases of the scoring engine: every expected number is worked out in a comment."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, ScoringError, ValidationError
from progress_indicators.scoring import (
    Choice,
    DirichletWeights,
    Distribution,
    Hierarchy,
    Pipeline,
    UniformWeights,
    aggregate,
    bands,
    denominate,
    impute,
    normalise,
    sensitivity,
    sobol_indices,
    treat_outliers,
    uncertainty,
)


def small_hierarchy() -> Hierarchy:
    """i1, i2 -> A (weights 1, 3); i3 -> B; A, B -> Index (1, 1); i2 is lower-is-better."""
    table = pd.DataFrame(
        {
            "code": ["i1", "i2", "i3", "A", "B", "Index"],
            "parent": ["A", "A", "B", "Index", "Index", None],
            "level": [1, 1, 1, 2, 2, 3],
            "weight": [1, 3, 1, 1, 1, 1],
            "direction": [1, -1, 1, 1, 1, 1],
        }
    )
    return Hierarchy.from_frame(table)


def test_goalposts_from_baseline_window() -> None:
    """Goalposts taken from a baseline window of rows: min 10, max 20 over 2020-2021."""
    frame = pd.DataFrame({"x": [10.0, 20.0, 30.0, 15.0]}, index=[2020, 2021, 2022, 2023])
    out = normalise(frame, "goalposts", baseline=(2020, 2021))
    # (x - 10) / (20 - 10) * 100, truncated to [0, 100]
    assert out["x"].tolist() == [0.0, 100.0, 100.0, 50.0]
    raw = normalise(frame, "goalposts", baseline=(2020, 2021), truncate=False)
    assert raw["x"].tolist() == [0.0, 100.0, 200.0, 50.0]


def test_log_goalposts_lower_is_better() -> None:
    """Counts against a base of 99: 0 -> 100, 9 -> 1 - ln10/ln100 = 0.5 -> 50, 99 -> 0."""
    frame = pd.DataFrame({"attacks": [0.0, 9.0, 99.0, 500.0]})
    out = normalise(frame, "log_goalposts", base=99, directions=-1)
    assert out["attacks"].tolist() == pytest.approx([100.0, 50.0, 0.0, 0.0], abs=1e-12)


def test_direction_minus_one_goalposts_are_swapped() -> None:
    """Direction -1 with goalposts 0..10: x=2 scores (10 - 2) / 10 * 100 = 80."""
    out = normalise(pd.DataFrame({"x": [2.0]}), "goalposts", lower=0, upper=10, directions=-1)
    assert out["x"].iloc[0] == pytest.approx(80.0)


def test_constant_column_minmax_is_an_error() -> None:
    """min-max of a constant column raises instead of returning NaN silently."""
    with pytest.raises(ScoringError, match=r"\['x'\].*\nHint: .*goalposts"):
        normalise(pd.DataFrame({"x": [3.0, 3.0]}), "minmax")


def test_unknown_method_suggests_name() -> None:
    """A misspelt method is a ConfigError with a did-you-mean hint."""
    with pytest.raises(ConfigError, match="Did you mean 'minmax'"):
        normalise(pd.DataFrame({"x": [1.0, 2.0]}), "minmx")


def test_reweighting_report_and_threshold() -> None:
    """Row 2 misses b (weight 3 of 4): score 50 = a alone, coverage 1/4, NaN at threshold 0.5."""
    frame = pd.DataFrame({"a": [10.0, 50.0], "b": [30.0, np.nan]}, index=["r1", "r2"])
    result = aggregate(frame, weights={"a": 1, "b": 3})
    # r1: (1 * 10 + 3 * 30) / 4 = 25
    assert result.scores.tolist() == [25.0, 50.0]
    assert result.coverage.tolist() == [1.0, 0.25]
    assert result.weights_used.to_numpy()[1].tolist() == [1.0, 0.0]
    assert list(result.reweighted) == ["r2"]
    strict = aggregate(frame, weights={"a": 1, "b": 3}, data_threshold=0.5)
    assert math.isnan(strict.scores["r2"])
    assert list(strict.below_threshold) == ["r2"]


def test_offset_shifts_geometric_mean() -> None:
    """Geometric mean of (0, 3) with offset 1: sqrt(1 * 4) - 1 = 1."""
    frame = pd.DataFrame({"a": [0.0], "b": [3.0]})
    assert aggregate(frame, method="geometric", offset=1.0).scores.iloc[0] == pytest.approx(1.0)


def test_minimum_median_and_generalised() -> None:
    """Row (1, 4, 9): minimum 1, median 4, power mean p=0.5 = ((1 + 2 + 3) / 3)^2 = 4."""
    frame = pd.DataFrame({"a": [1.0], "b": [4.0], "c": [9.0]})
    assert aggregate(frame, method="minimum").scores.iloc[0] == 1.0
    assert aggregate(frame, method="median").scores.iloc[0] == 4.0
    assert aggregate(frame, method="generalised", p=0.5).scores.iloc[0] == pytest.approx(4.0)


def test_negative_weight_rejected() -> None:
    """A negative weight is a ConfigError naming it."""
    with pytest.raises(ConfigError, match=r"\('b', -1.0\)"):
        aggregate(pd.DataFrame({"a": [1.0], "b": [2.0]}), weights={"a": 1, "b": -1})


def test_hierarchy_aggregate_and_effective_weights() -> None:
    """A = (1 * 0 + 3 * 100) / 4 = 75, B = 40, Index = 57.5; i2 weighs 3/4 * 1/2."""
    h = small_hierarchy()
    scores = h.aggregate(pd.DataFrame({"i1": [0.0], "i2": [100.0], "i3": [40.0]}))
    assert list(scores.columns) == ["i1", "i2", "i3", "A", "B", "Index"]
    assert scores.iloc[0].tolist() == [0.0, 100.0, 40.0, 75.0, 40.0, 57.5]
    weights = h.effective_weights()
    assert weights[["i1", "i2", "i3", "A", "Index"]].tolist() == [0.125, 0.375, 0.5, 0.5, 1.0]
    by_level = h.aggregate(
        pd.DataFrame({"i1": [0.0], "i2": [100.0], "i3": [40.0]}),
        method={2: "arithmetic", 3: "minimum"},
    )
    assert by_level["Index"].iloc[0] == 40.0


def test_hierarchy_errors_listed_together() -> None:
    """Unknown parent, negative weight and a cycle are all reported in failure_cases."""
    table = pd.DataFrame(
        {
            "code": ["i1", "i2", "A", "X", "Y", "Index"],
            "parent": ["A", "Nope", "Index", "Y", "X", None],
            "level": [1, 1, 2, 2, 2, 3],
            "weight": [1, 1, -2, 1, 1, 1],
        }
    )
    with pytest.raises(ValidationError) as err:
        Hierarchy.from_frame(table, direction=None)
    checks = set(err.value.failure_cases["check"])
    assert "parent is a known code" in checks
    assert "finite weight >= 0" in checks
    assert "no cycles" in checks
    assert isinstance(err.value, ValueError)


def test_hierarchy_orphan_reported() -> None:
    """An indicator without parent below the top level is an orphan."""
    table = pd.DataFrame(
        {"code": ["i1", "i2", "Index"], "parent": ["Index", None, None], "level": [1, 1, 2]}
    )
    with pytest.raises(ValidationError, match="no orphans"):
        Hierarchy.from_frame(table, weight=None, direction=None)


def test_hierarchy_geometric_zero_names_element() -> None:
    """A zero reaching a geometric level names the element and the row."""
    h = small_hierarchy()
    data = pd.DataFrame({"i1": [0.0], "i2": [5.0], "i3": [1.0]}, index=["2024-05"])
    with pytest.raises(ScoringError, match=r"'A'.*\n.*'i1'.*'2024-05'"):
        h.aggregate(data, method="geometric")


def test_asem_hierarchy(asem_hierarchy: Hierarchy, asem_data: pd.DataFrame) -> None:
    """ASEM: 49+8+2+1 columns; Index is the mean of Conn and Sust; indicator weights sum to 1."""
    h = asem_hierarchy
    assert len(h.indicators) == 49
    assert h.top == ("Index",)
    weights = h.effective_weights()
    assert weights[list(h.indicators)].sum() == pytest.approx(1.0, abs=1e-12)
    normalised = normalise(
        asem_data[list(h.indicators)], "minmax", directions=h.indicator_directions
    )
    scores = h.aggregate(normalised)
    assert scores.shape == (51, 60)
    assert np.allclose(scores["Index"], (scores["Conn"] + scores["Sust"]) / 2, rtol=1e-12)


def test_treat_outliers_report() -> None:
    """[1..10, 100]: one point (100) winsorised to 10 on the high side, no log."""
    frame = pd.DataFrame({"x": [*range(1, 11), 100], "y": list(range(11))}, dtype=float)
    out = treat_outliers(frame)
    assert out.data["x"].iloc[-1] == 10.0
    report = out.report
    assert report.loc["x", "n_winsorised"] == 1
    assert report.loc["x", "winsorised_side"] == "high"
    assert not report.loc["x", "log_applied"]
    assert not report.loc["y", "failed"]
    assert out.treated["x"].tolist() == [False] * 10 + [True]
    assert frame["x"].iloc[-1] == 100.0  # input untouched


def test_impute_linear_and_locf() -> None:
    """Linear fills 2, 4, 5, 6; locf with max_age 1 fills only the first row of each gap."""
    frame = pd.DataFrame({"x": [1.0, np.nan, 3.0, np.nan, np.nan, np.nan, 7.0]})
    linear = impute(frame, "linear")
    assert linear.data["x"].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    locf = impute(frame, "locf", max_age=1)
    assert locf.data["x"].tolist()[:4] == [1.0, 1.0, 3.0, 3.0]
    assert locf.data["x"].iloc[4:6].isna().all()
    assert locf.imputed["x"].tolist() == [False, True, False, True, False, False, False]


def test_bands_provision_scale() -> None:
    """0-3 provision scale: codes 0..3 score 0, 33.3, 66.7, 100; reversed for direction -1."""
    frame = pd.DataFrame({"aid": [0.0, 1.0, 3.0, np.nan]})
    out = bands(frame, [0, 1, 2, 3, 4], labels=["none", "minimal", "partial", "full"])
    assert out.scores["aid"].tolist()[:3] == pytest.approx([0.0, 100 / 3, 100.0])
    assert out.labels["aid"].tolist()[:3] == ["none", "minimal", "full"]
    assert pd.isna(out.labels["aid"].iloc[3])
    reverse = bands(frame, [0, 1, 2, 3, 4], directions=-1)
    assert reverse.scores["aid"].tolist()[:3] == pytest.approx([100.0, 200 / 3, 0.0])
    with pytest.raises(ScoringError, match="outside"):
        bands(pd.DataFrame({"aid": [5.0]}), [0, 1, 2, 3, 4])


def test_denominate() -> None:
    """Per 100: 10 / 2 * 100 = 500, 20 / 4 * 100 = 500; a zero denominator gives inf (R)."""
    frame = pd.DataFrame({"events": [10.0, 20.0], "other": [1.0, 2.0]})
    dens = pd.DataFrame({"pop": [2.0, 4.0]})
    out = denominate(frame, dens, {"events": "pop"}, scale=100)
    assert out["events"].tolist() == [500.0, 500.0]
    assert out["other"].tolist() == [1.0, 2.0]
    zero = denominate(frame, pd.DataFrame({"pop": [0.0, 4.0]}), {"events": "pop"})
    assert zero["events"].tolist() == [np.inf, 5.0]


def vpi_like() -> tuple[Pipeline, pd.DataFrame]:
    """Five periods, three indicators rising steadily, the small hierarchy."""
    data = pd.DataFrame(
        {
            "i1": [1.0, 2.0, 3.0, 4.0, 5.0],
            "i2": [9.0, 7.0, 5.0, 3.0, 1.0],
            "i3": [2, 4, 6, 8, 10.0],
        },
        index=pd.period_range("2024-01", periods=5, freq="M"),
    )
    pipeline = Pipeline(
        hierarchy=small_hierarchy(), normalisation="minmax", normalisation_params={"lower": 1}
    )
    return pipeline, data


def test_pipeline_run_and_evolve() -> None:
    """Rising data scores 1 in the first period and 100 in the last; evolve leaves the original."""
    pipeline, data = vpi_like()
    before = data.copy()
    result = pipeline.run(data)
    assert result.top.iloc[0] == pytest.approx(1.0)
    assert result.top.iloc[-1] == pytest.approx(100.0)
    pd.testing.assert_frame_equal(data, before)
    geometric = pipeline.evolve(aggregation="geometric")
    assert pipeline.aggregation == "arithmetic"
    assert geometric.aggregation == "geometric"
    with pytest.raises(ConfigError, match="Did you mean 'aggregation'"):
        pipeline.evolve(agregation="geometric")


def test_uncertainty_without_spread_is_nominal() -> None:
    """A single-option Choice gives bands equal to the nominal scores and P(rise) = 1."""
    pipeline, data = vpi_like()
    result = uncertainty(
        pipeline, data, n_draws=50, params={"aggregation": Choice(["arithmetic"])}, rng=3
    )
    np.testing.assert_allclose(result.lower.to_numpy(), result.nominal.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(result.upper.to_numpy(), result.nominal.to_numpy(), rtol=1e-12)
    assert math.isnan(result.prob_rise.iloc[0])
    assert result.prob_rise.iloc[1:].tolist() == [1.0] * 4


def test_uncertainty_reproducible_with_seed() -> None:
    """The same seed gives the same bands; Dirichlet weights keep scores within [1, 100]."""
    pipeline, data = vpi_like()
    params: dict[str, Distribution] = {
        "weights": DirichletWeights(5.0),
        "aggregation": Choice(["arithmetic", "geometric"]),
    }
    one = uncertainty(pipeline, data, n_draws=200, params=params, rng=7)
    two = uncertainty(pipeline, data, n_draws=200, params=params, rng=np.random.default_rng(7))
    pd.testing.assert_frame_equal(one.upper, two.upper)
    assert (one.lower.to_numpy() >= 1 - 1e-9).all()
    assert (one.upper.to_numpy() <= 100 + 1e-9).all()


def test_uncertainty_matches_pipeline_runs() -> None:
    """Each draw of the batched engine equals a plain pipeline run with that draw's settings."""
    pipeline, data = vpi_like()
    result = uncertainty(
        pipeline, data, n_draws=40, params={"aggregation": Choice(["geometric"])}, rng=1
    )
    expected = pipeline.evolve(aggregation="geometric").run(data).scores
    np.testing.assert_allclose(result.median.to_numpy(), expected.to_numpy(), rtol=1e-12)


def test_sensitivity_dummy_input_is_zero() -> None:
    """An input that changes nothing has first-order and total indices of exactly 0."""
    pipeline, data = vpi_like()
    params: dict[str, Distribution] = {
        "weights": UniformWeights(0.5),
        "dummy": Choice([{"data_threshold": None}, {"data_threshold": 0.0}]),
    }
    result = sensitivity(pipeline, data, n=64, params=params, rng=0, row=data.index[2])
    assert result.indices.loc["dummy", "first_order"] == 0.0
    assert result.indices.loc["dummy", "total"] == 0.0
    assert result.indices["total"].to_numpy()[0] > 0.5
    again = sensitivity(pipeline, data, n=64, params=params, rng=0, row=data.index[2])
    pd.testing.assert_frame_equal(result.indices, again.indices)


def test_sobol_indices_layout_checked() -> None:
    """Y must have n * (d + 2) values."""
    with pytest.raises(ConfigError, match=r"n \* \(d \+ 2\) = 12"):
        sobol_indices(np.zeros(10), 3, 2)


def test_dirichlet_not_allowed_in_sensitivity() -> None:
    """Sobol analysis needs a unit-cube map, so Dirichlet weights are refused with a hint."""
    pipeline, data = vpi_like()
    with pytest.raises(ConfigError, match="UniformWeights"):
        sensitivity(pipeline, data, n=8, params={"weights": DirichletWeights()}, rng=0)
