"""Monte Carlo input distributions and the batched evaluator, for the mutants of ``_montecarlo``.

Expected values are worked out by hand in comments (draw indices, uniform values, weight
factors, messages), drawn again with an independently seeded ``numpy`` Generator following
the documented recipe (Dirichlet shares, weighted frequencies), or computed through the
unbatched path (each variant run on its own with ``Pipeline.run``), which does not use the
evaluator under test.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, ScoringError
from progress_indicators.scoring import (
    Choice,
    DirichletWeights,
    Distribution,
    Hierarchy,
    Pipeline,
    Uniform,
    UniformWeights,
)
from progress_indicators.scoring._montecarlo import DrawPlan, Evaluator, plan_draws, unit_dims

SETTINGS = sorted(f.name for f in attrs.fields(Pipeline))


def hierarchy() -> Hierarchy:
    """Index T over pillars P (i1, i2; weights 1 and 3) and Q (i3, i4; weights 2 and 0)."""
    return Hierarchy.from_frame(
        pd.DataFrame(
            {
                "code": ["i1", "i2", "i3", "i4", "P", "Q", "T"],
                "parent": ["P", "P", "Q", "Q", "T", "T", None],
                "level": [1, 1, 1, 1, 2, 2, 3],
                "weight": [1.0, 3.0, 2.0, 0.0, 1.0, 2.0, 1.0],
                "direction": [1, -1, 1, 1, None, None, None],
            }
        )
    )


def data() -> pd.DataFrame:
    """Five rows; i1 is missing in row 2 and i3 in row 4."""
    return pd.DataFrame(
        {
            "i1": [1.0, 4.0, np.nan, 2.0, 5.0],
            "i2": [3.0, 1.0, 2.0, 5.0, 4.0],
            "i3": [2.0, 2.0, 6.0, 3.0, np.nan],
            "i4": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )


def pipeline(**changes: Any) -> Pipeline:
    base = Pipeline(
        hierarchy=hierarchy(), normalisation="minmax", normalisation_params={"lower": 1}
    )
    return base.evolve(**changes) if changes else base


def one_column(*values: float) -> np.ndarray:
    return np.asarray(values, dtype=np.float64).reshape(-1, 1)


# -- Choice ------------------------------------------------------------------------------


def test_choice_needs_an_option() -> None:
    with pytest.raises(ConfigError, match=r"^Choice: needs at least one option\.$"):
        Choice([])


@pytest.mark.parametrize(
    ("probabilities", "shown"),
    [
        ((1.0,), r"\(1\.0,\)"),  # wrong length, otherwise fine
        ((1.0, 2.0, 3.0), r"\(1\.0, 2\.0, 3\.0\)"),  # one too many
        ((0.5, -0.1), r"\(0\.5, -0\.1\)"),  # a negative entry, positive sum
        ((0.0, 0.0), r"\(0\.0, 0\.0\)"),  # no negative entry, zero sum
    ],
)
def test_choice_rejects_bad_probabilities(probabilities: tuple[float, ...], shown: str) -> None:
    pattern = (
        r"^Choice: probabilities must be 2 numbers >= 0 with a positive sum \(got "
        + shown
        + r"\)\.$"
    )
    with pytest.raises(ConfigError, match=pattern):
        Choice(["a", "b"], probabilities=probabilities)


@pytest.mark.parametrize("probabilities", [(0.0, 1.0), (0.5, 0.5), (0.2, 0.3), (3.0, 1.0)])
def test_choice_accepts_probabilities_with_zeros_and_any_positive_sum(
    probabilities: tuple[float, ...],
) -> None:
    # zeros are allowed, the sum need not be 1 (0.5 < 1 < 4)
    choice = Choice(["a", "b"], probabilities=probabilities)
    assert choice.probabilities == probabilities
    assert choice.options == ("a", "b")


def test_unweighted_choice_splits_the_unit_interval_evenly() -> None:
    choice = Choice(["a", "b", "c"])
    unit = one_column(0.0, 0.3333, 0.3334, 0.6666, 0.6667, 0.999999)
    # floor(u * 3): 0, 0.9999 -> 0, 1.0002 -> 1, 1.9998 -> 1, 2.0001 -> 2, 2.999997 -> 2
    assert choice.indices(unit).tolist() == [0, 0, 1, 1, 2, 2]
    assert choice.indices(unit).dtype == np.int64


def test_choice_maps_a_unit_coordinate_of_one_to_the_last_option() -> None:
    # the guard min(., k - 1): floor(1.0 * 3) = 3 is clipped to the last option, 2; the
    # weighted form clips searchsorted's 3 the same way
    assert Choice(["a", "b", "c"]).indices(one_column(1.0)).tolist() == [2]
    weighted = Choice(["a", "b", "c"], probabilities=(1.0, 1.0, 2.0))
    assert weighted.indices(one_column(1.0)).tolist() == [2]


def test_weighted_choice_uses_cumulative_shares_with_right_closed_edges() -> None:
    # probabilities 2, 0, 6 -> shares 0.25, 0, 0.75 -> cumulative edges 0.25, 0.25, 1.0;
    # option 0 for u < 0.25, option 1 never (zero width), option 2 for u >= 0.25
    choice = Choice(["a", "b", "c"], probabilities=(2.0, 0.0, 6.0))
    unit = one_column(0.0, 0.1, 0.2499, 0.25, 0.2501, 0.5, 0.999)
    assert choice.indices(unit).tolist() == [0, 0, 0, 2, 2, 2, 2]


def test_weighted_choice_with_four_options() -> None:
    # probabilities 1, 2, 3, 4 (sum 10) -> edges 0.1, 0.3, 0.6, 1.0
    choice = Choice(["a", "b", "c", "d"], probabilities=(1.0, 2.0, 3.0, 4.0))
    unit = one_column(0.05, 0.1, 0.29, 0.3, 0.59, 0.6, 0.95)
    assert choice.indices(unit).tolist() == [0, 1, 1, 2, 2, 3, 3]


def test_weighted_choice_frequencies_follow_the_probabilities() -> None:
    # the same uniforms, classified by hand-written edges 0.1 / 0.4 (probabilities 1, 3, 6)
    u = np.random.default_rng(11).random(4000)
    expected = np.where(u < 0.1, 0, np.where(u < 0.4, 1, 2))
    choice = Choice(["x", "y", "z"], probabilities=(1.0, 3.0, 6.0))
    got = choice.indices(u.reshape(-1, 1))
    assert got.tolist() == expected.tolist()
    # and the shares are close to 0.1, 0.3, 0.6 (binomial sd at n = 4000 is <= 0.008)
    shares = np.bincount(got, minlength=3) / u.size
    assert shares == pytest.approx([0.1, 0.3, 0.6], abs=0.03)


def test_dimensions_of_each_distribution() -> None:
    assert Choice([1, 2]).dim(7) == 1
    assert Uniform(0.0, 1.0).dim(7) == 1
    assert UniformWeights().dim(7) == 7
    assert DirichletWeights().dim(7) == 0
    params: dict[str, Distribution] = {
        "p": Uniform(1.0, 3.0),
        "aggregation": Choice(["arithmetic"]),
        "weights": UniformWeights(0.1),
    }
    assert unit_dims(params, 5) == {"p": 1, "aggregation": 1, "weights": 5}


def test_unit_dims_rejects_other_values() -> None:
    params: Any = {"p": 1.5, "aggregation": Choice(["arithmetic"]), "winmax": [1, 2]}
    with pytest.raises(
        ConfigError,
        match=(
            r"^params \['p', 'winmax'\] must be Choice, Uniform, UniformWeights or "
            r"DirichletWeights distributions\.$"
        ),
    ):
        unit_dims(params, 3)


# -- Uniform -----------------------------------------------------------------------------


def test_uniform_values_scale_the_unit_interval() -> None:
    # low + u * (high - low) with low 0.5, high 2.0: 0.5, 0.5 + 0.75, 0.5 + 0.375, 2.0
    values = Uniform(0.5, 2.0).values(one_column(0.0, 0.5, 0.25, 1.0))
    assert values.tolist() == [0.5, 1.25, 0.875, 2.0]
    assert values.dtype == np.float64


def test_uniform_setting_is_drawn_per_draw() -> None:
    base = pipeline(aggregation="generalised", p=1.0)
    plan = plan_draws(base, {"p": Uniform(1.0, 3.0)}, {"p": one_column(0.0, 0.5, 0.5, 0.75)}, n=4)
    # p = 1 + 2u: 1.0, 2.0, 2.0, 2.5 -> three distinct variants
    assert [v.p for v in plan.pipelines] == [1.0, 2.0, 2.5]
    assert plan.variant.tolist() == [0, 1, 1, 2]
    assert all(type(v.p) is float for v in plan.pipelines)
    assert plan.weights is None


def test_uniform_needs_a_pipeline_setting_name() -> None:
    pattern = (
        r"^Uniform must be given under a pipeline setting name \(got 'bogus'\)\.\n"
        r"Hint: settings are " + re.escape(str(SETTINGS)) + r"\.$"
    )
    with pytest.raises(ConfigError, match=pattern):
        plan_draws(pipeline(), {"bogus": Uniform(0.0, 1.0)}, {"bogus": one_column(0.5)}, n=1)


# -- UniformWeights ----------------------------------------------------------------------


def test_uniform_weights_defaults() -> None:
    assert UniformWeights().spread == 0.25
    assert UniformWeights().levels is None
    assert DirichletWeights().concentration == 20.0


@pytest.mark.parametrize("spread", [1.0, 1.5, -0.1])
def test_uniform_weights_spread_must_lie_in_zero_one(spread: float) -> None:
    pattern = (
        r"^UniformWeights: spread must lie in \[0, 1\) \(got "
        + re.escape(repr(spread))
        + r"\)\.\nHint: weights must stay > 0\.$"
    )
    with pytest.raises(ConfigError, match=pattern):
        UniformWeights(spread)


@pytest.mark.parametrize("spread", [0.0, 0.5, 0.99])
def test_uniform_weights_accepts_spreads_in_zero_one(spread: float) -> None:
    assert UniformWeights(spread).spread == spread


def test_uniform_weights_levels_are_converted_to_integers() -> None:
    floats: Any = [2.0, 1]
    weights = UniformWeights(0.5, levels=floats)
    assert weights.levels == (2, 1)
    assert weights.levels is not None
    assert [type(level) for level in weights.levels] == [int, int]


def test_uniform_weights_multiply_by_one_plus_spread_times_u_minus_one() -> None:
    nominal = np.array([1.0, 2.0, 4.0])
    levels = np.array([1.0, 1.0, 2.0])
    unit = np.array([[0.25, 0.5, 0.9], [0.0, 1.0, 0.75]])
    # factor 1 + 0.5 * (2u - 1): u 0.25 -> 0.75, 0.5 -> 1.0, 0.9 -> 1.4, 0 -> 0.5,
    # 1 -> 1.5, 0.75 -> 1.25
    got = UniformWeights(0.5).weights(unit, nominal, levels)
    np.testing.assert_allclose(got, [[0.75, 2.0, 5.6], [0.5, 3.0, 5.0]], rtol=1e-12)
    assert got.dtype == np.float64


def test_uniform_weights_only_perturb_the_given_levels() -> None:
    nominal = np.array([1.0, 2.0, 4.0])
    levels = np.array([1.0, 1.0, 2.0])
    unit = np.array([[0.25, 0.5, 0.9]])
    # level 2 only: factors 1, 1, 1.4; level 1 only: 0.75, 1.0, 1
    level_2 = UniformWeights(0.5, levels=(2,)).weights(unit, nominal, levels)
    np.testing.assert_allclose(level_2, [[1.0, 2.0, 5.6]], rtol=1e-12)
    level_1 = UniformWeights(0.5, levels=(1,)).weights(unit, nominal, levels)
    np.testing.assert_allclose(level_1, [[0.75, 2.0, 4.0]], rtol=1e-12)


def test_uniform_weights_in_a_plan_use_the_hierarchy_weights_and_levels() -> None:
    unit = np.full((2, 7), 0.75)  # factor 1 + 0.2 * 0.5 = 1.1 everywhere it applies
    plan = plan_draws(
        pipeline(), {"weights": UniformWeights(0.2, levels=(2,))}, {"weights": unit}, n=2
    )
    # nominal weights 1, 3, 2, 0, 1, 2, 1; only the pillars P and Q (level 2) change
    assert plan.weights is not None
    np.testing.assert_allclose(plan.weights, [[1.0, 3.0, 2.0, 0.0, 1.1, 2.2, 1.0]] * 2, rtol=1e-12)
    assert plan.pipelines == (pipeline(),)
    assert plan.variant.tolist() == [0, 0]


def test_plan_uses_the_pipeline_weights_override() -> None:
    base = pipeline(weights={"i1": 5.0})
    unit = np.full((1, 7), 0.5)  # factor 1
    plan = plan_draws(base, {"weights": UniformWeights(0.2)}, {"weights": unit}, n=1)
    assert plan.weights is not None
    assert plan.weights.tolist() == [[5.0, 3.0, 2.0, 0.0, 1.0, 2.0, 1.0]]


@pytest.mark.parametrize("dist", [UniformWeights(0.2), DirichletWeights(3.0)])
def test_weight_distributions_need_the_weights_key(dist: Distribution) -> None:
    name = type(dist).__name__
    pattern = rf"^{name} must be given under the key 'weights' \(got 'w'\)\.$"
    with pytest.raises(ConfigError, match=pattern):
        plan_draws(pipeline(), {"w": dist}, {"w": np.full((1, 7), 0.5)}, n=1)


@pytest.mark.parametrize("dist", [Choice([{"i1": 1.0}]), Uniform(0.0, 1.0)])
def test_the_weights_key_needs_a_weight_distribution(dist: Distribution) -> None:
    pattern = r"^params\['weights'\] must be UniformWeights or DirichletWeights\.$"
    with pytest.raises(ConfigError, match=pattern):
        plan_draws(pipeline(), {"weights": dist}, {"weights": one_column(0.5)}, n=1)


# -- DirichletWeights --------------------------------------------------------------------


@pytest.mark.parametrize("concentration", [0.0, -1.0, float("nan")])
def test_dirichlet_concentration_must_be_positive(concentration: float) -> None:
    pattern = (
        r"^DirichletWeights: concentration must be > 0 \(got "
        + re.escape(repr(concentration))
        + r"\)\.$"
    )
    with pytest.raises(ConfigError, match=pattern):
        DirichletWeights(concentration)


def test_dirichlet_accepts_a_concentration_below_one() -> None:
    assert DirichletWeights(0.5).concentration == 0.5


def test_dirichlet_draws_sibling_shares_from_concentration_times_nominal_share() -> None:
    nominal = np.array([1.0, 3.0, 2.0, 0.0, 1.0, 2.0, 1.0])
    groups = [(0, 1), (2, 3), (4, 5)]
    got = DirichletWeights(2.0).sample(np.random.default_rng(5), 4, nominal, groups)
    # the documented recipe with the same seed: per group in order, Dirichlet with
    # alpha = 2 * share over the children with a positive share; P: shares 1/4, 3/4 ->
    # alpha 0.5, 1.5; Q: only i3 (share 1) -> alpha 2, i4 stays 0; T's children P, Q:
    # shares 1/3, 2/3 -> alpha 2/3, 4/3; the top keeps its weight 1
    rng = np.random.default_rng(5)
    p = rng.dirichlet([0.5, 1.5], size=4)
    q = rng.dirichlet([2.0], size=4)
    t = rng.dirichlet([2.0 / 3.0, 4.0 / 3.0], size=4)
    expected = np.column_stack(
        [p[:, 0], p[:, 1], q[:, 0], np.zeros(4), t[:, 0], t[:, 1], np.ones(4)]
    )
    assert got.shape == (4, 7)
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    # rows differ from each other (one draw per row)
    assert not np.allclose(got[0], got[1])


def test_dirichlet_in_a_plan_draws_from_the_generator() -> None:
    plan = plan_draws(
        pipeline(),
        {"weights": DirichletWeights(2.0)},
        {"weights": np.empty((3, 0))},
        rng=np.random.default_rng(5),
        n=3,
    )
    expected = DirichletWeights(2.0).sample(
        np.random.default_rng(5),
        3,
        np.array([1.0, 3.0, 2.0, 0.0, 1.0, 2.0, 1.0]),
        [(0, 1), (2, 3), (4, 5)],
    )
    assert plan.weights is not None
    np.testing.assert_array_equal(plan.weights, expected)


def test_dirichlet_is_refused_without_a_generator() -> None:
    pattern = (
        r"^DirichletWeights cannot be used in sensitivity analysis\.\n"
        r"Hint: use UniformWeights\(spread=\.\.\.\) instead\.$"
    )
    with pytest.raises(ConfigError, match=pattern):
        plan_draws(pipeline(), {"weights": DirichletWeights()}, {"weights": np.empty((1, 0))}, n=1)


# -- settings drawn by Choice ------------------------------------------------------------


def test_choice_of_values_sets_the_named_setting() -> None:
    plan = plan_draws(
        pipeline(), {"winmax": Choice([1, 3])}, {"winmax": one_column(0.9, 0.1, 0.6)}, n=3
    )
    # floor(2u): 1, 0, 1 -> winmax 3, 1, 3; variants in order of first appearance
    assert [v.winmax for v in plan.pipelines] == [3, 1]
    assert plan.variant.tolist() == [0, 1, 0]
    assert plan.variant.dtype == np.int64


def test_weighted_choice_in_a_plan() -> None:
    u = np.random.default_rng(3).random(50)
    plan = plan_draws(
        pipeline(),
        {"winmax": Choice([2, 4], probabilities=(0.2, 0.8))},
        {"winmax": u.reshape(-1, 1)},
        n=50,
    )
    got = [plan.pipelines[k].winmax for k in plan.variant]
    assert got == [2 if x < 0.2 else 4 for x in u]


def test_choice_of_mappings_changes_several_settings() -> None:
    options = [{"treat": True, "winmax": 2}, {"aggregation": "geometric"}]
    plan = plan_draws(
        pipeline(), {"scheme": Choice(options)}, {"scheme": one_column(0.2, 0.7, 0.3)}, n=3
    )
    first, second = plan.pipelines
    assert (first.treat, first.winmax, first.aggregation) == (True, 2, "arithmetic")
    assert (second.treat, second.aggregation) == (False, "geometric")
    assert plan.variant.tolist() == [0, 1, 0]


def test_mapping_settings_take_mappings_as_values() -> None:
    plan = plan_draws(
        pipeline(),
        {"normalisation_params": Choice([{"lower": 0}, {"lower": 1}])},
        {"normalisation_params": one_column(0.1, 0.9)},
        n=2,
    )
    assert [dict(v.normalisation_params) for v in plan.pipelines] == [{"lower": 0}, {"lower": 1}]
    levels = plan_draws(
        pipeline(),
        {"aggregation": Choice([{2: "geometric", 3: "arithmetic"}])},
        {"aggregation": one_column(0.5)},
        n=1,
    )
    aggregation: Any = levels.pipelines[0].aggregation
    assert dict(aggregation) == {2: "geometric", 3: "arithmetic"}


def test_no_change_keeps_the_pipeline_itself() -> None:
    base = pipeline()
    plan = plan_draws(base, {}, {}, n=3)
    assert plan.pipelines[0] is base
    assert len(plan.pipelines) == 1
    assert plan.variant.tolist() == [0, 0, 0]
    assert plan.weights is None
    chosen = plan_draws(
        base,
        {"scheme": Choice([{}, {"winmax": 2}])},
        {"scheme": one_column(0.9, 0.1)},
        n=2,
    )
    assert chosen.pipelines[1] is base
    assert chosen.pipelines[0].winmax == 2


def test_choice_of_plain_values_under_an_unknown_name_is_an_error() -> None:
    pattern = (
        r"^params\['bogus'\]: 'bogus' is not a pipeline setting, so each option must be a "
        r"mapping of settings \(got 3\)\.\nHint: settings are " + re.escape(str(SETTINGS)) + r"\.$"
    )
    with pytest.raises(ConfigError, match=pattern):
        plan_draws(pipeline(), {"bogus": Choice([3, 4])}, {"bogus": one_column(0.1)}, n=1)


# -- the batched evaluator ---------------------------------------------------------------


def expected_scores(base: Pipeline, plan: DrawPlan, elements: list[int], rows: slice) -> np.ndarray:
    """Each draw's variant (with its drawn weights) run on its own, unbatched."""
    codes = base.effective_hierarchy.codes
    out = []
    for d, k in enumerate(plan.variant):
        variant = plan.pipelines[int(k)]
        if plan.weights is not None:
            variant = variant.evolve(
                weights=dict(zip(codes, plan.weights[d].tolist(), strict=True))
            )
        scores = variant.run(data()).scores
        out.append(scores[[codes[e] for e in elements]].to_numpy()[rows])
    return np.stack(out)


CASES: list[tuple[dict[str, Any], dict[str, Distribution]]] = [
    ({}, {"aggregation": Choice(["arithmetic", "geometric", "harmonic"])}),
    ({"aggregation": "generalised", "p": 2.0}, {"p": Uniform(-2.0, 3.0)}),
    ({}, {"aggregation": Choice(["median", "minimum", "arithmetic"])}),
    ({"offset": 0.5}, {"aggregation": Choice(["geometric", "harmonic", "median"])}),
    ({"data_threshold": 0.6}, {"aggregation": Choice(["arithmetic", "geometric", "median"])}),
    ({"aggregation": {2: "geometric", 3: "harmonic"}}, {"dummy": Choice([{}, {"offset": 1.0}])}),
    ({"data_threshold": {2: 0.9}}, {"aggregation": Choice(["arithmetic", "median"])}),
    # p is ignored outside the generalised mean
    ({"p": 2.0}, {"aggregation": Choice(["median", "minimum", "arithmetic"])}),
]


@pytest.mark.parametrize(("changes", "params"), CASES)
@pytest.mark.parametrize("with_weights", [False, True])
def test_batched_scores_equal_each_variant_run_alone(
    changes: dict[str, Any], params: dict[str, Distribution], with_weights: bool
) -> None:
    base = pipeline(**changes)
    all_params: dict[str, Distribution] = dict(params)
    if with_weights:
        all_params["weights"] = UniformWeights(0.6)
    n = 9
    rng = np.random.default_rng(21)
    unit = {name: rng.random((n, dim)) for name, dim in unit_dims(all_params, 7).items()}
    plan = plan_draws(base, all_params, unit, rng=rng, n=n)
    evaluator = Evaluator(base, data())
    elements = [6, 4, 5, 0, 3]  # T, P, Q, i1, i4 in a chosen order
    got = evaluator.scores(plan, slice(None), elements)
    expected = expected_scores(base, plan, elements, slice(None))
    assert got.shape == (n, 5, 5)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9, equal_nan=True)
    # a chunk of rows gives the same rows of the full result
    chunk = evaluator.scores(plan, slice(1, 4), elements)
    np.testing.assert_allclose(chunk, expected[:, 1:4], rtol=1e-9, atol=1e-9, equal_nan=True)


def test_batched_scores_with_variant_weights_from_a_mapping() -> None:
    base = pipeline(weights={"i2": 1.0})
    params: dict[str, Distribution] = {
        "scheme": Choice([{"weights": {"i1": 5.0}}, {"aggregation": "geometric"}, {}])
    }
    plan = plan_draws(base, params, {"scheme": one_column(0.1, 0.5, 0.9)}, n=3)
    got = Evaluator(base, data()).scores(plan, slice(None), [6, 4, 0])
    np.testing.assert_allclose(
        got, expected_scores(base, plan, [6, 4, 0], slice(None)), rtol=1e-12, equal_nan=True
    )


def test_arithmetic_means_by_hand() -> None:
    # minmax to [1, 100] per column then the weighted arithmetic mean; row 0 and row 1:
    # i1 (1..5): 1 -> 1, 4 -> 1 + 99 * 3/4 = 75.25; i2 (1..5, direction -1): 3 -> 50.5, 1 -> 100
    # P = (1 * i1 + 3 * i2) / 4: row 0 (1 + 151.5) / 4 = 38.125, row 1 (75.25 + 300) / 4 = 93.8125
    # with weights doubled for i1 in one draw: (2 * 1 + 3 * 50.5) / 5 = 30.7
    base = pipeline()
    weights = np.array([[1.0, 3.0, 2.0, 0.0, 1.0, 2.0, 1.0], [2.0, 3.0, 2.0, 0.0, 1.0, 2.0, 1.0]])
    plan = DrawPlan(pipelines=(base,), variant=np.array([0, 0]), weights=weights)
    got = Evaluator(base, data()).scores(plan, slice(0, 2), [4])
    np.testing.assert_allclose(
        got[:, :, 0], [[38.125, 93.8125], [30.7, (2 * 75.25 + 300) / 5]], rtol=1e-12
    )


def test_geometric_and_harmonic_means_by_hand() -> None:
    # row 0 normalised: i1 1, i2 50.5 (above); P geometric with weights 1, 3:
    # exp((log 1 + 3 log 50.5) / 4) = 50.5 ** 0.75; harmonic: 4 / (1/1 + 3/50.5)
    plan = DrawPlan(
        pipelines=(pipeline(aggregation="geometric"), pipeline(aggregation="harmonic")),
        variant=np.array([0, 1]),
        weights=None,
    )
    got = Evaluator(pipeline(), data()).scores(plan, slice(0, 1), [4])
    assert got[0, 0, 0] == pytest.approx(50.5**0.75)
    assert got[1, 0, 0] == pytest.approx(4 / (1 + 3 / 50.5))


def test_generalised_mean_by_hand() -> None:
    # p = 2 on row 0 of P: sqrt((1 * 1 + 3 * 50.5^2) / 4); p = -0.5: ((1 + 3 * 50.5^-0.5) / 4)^-2
    plan = DrawPlan(
        pipelines=(
            pipeline(aggregation="generalised", p=2.0),
            pipeline(aggregation="generalised", p=-0.5),
        ),
        variant=np.array([0, 1]),
        weights=None,
    )
    got = Evaluator(pipeline(), data()).scores(plan, slice(0, 1), [4])
    assert got[0, 0, 0] == pytest.approx(((1 + 3 * 50.5**2) / 4) ** 0.5)
    assert got[1, 0, 0] == pytest.approx(((1 + 3 * 50.5**-0.5) / 4) ** -2)


def test_missing_values_are_left_out_and_the_threshold_applies() -> None:
    # row 2: i1 missing, so P = i2's score alone; i2 (1..5, direction -1): 2 -> 1 + 99 * 3/4
    # = 75.25. P's coverage is then 3/4 (weight of the present children over all): kept at
    # threshold 0.75, NaN at 0.8; row 4: i3 missing, Q's only weighted child -> NaN
    base = pipeline()
    plan = DrawPlan(
        pipelines=(base, pipeline(data_threshold=0.75), pipeline(data_threshold=0.8)),
        variant=np.array([0, 1, 2]),
        weights=None,
    )
    got = Evaluator(base, data()).scores(plan, slice(None), [4, 5])
    assert got[:, 2, 0].tolist() == pytest.approx([75.25, 75.25, float("nan")], nan_ok=True)
    assert np.isnan(got[0, 4, 1])


def test_copeland_cannot_be_chunked() -> None:
    base = pipeline(aggregation="copeland")
    plan = plan_draws(base, {}, {}, n=2)
    evaluator = Evaluator(base, data())
    pattern = r"^copeland aggregation compares all rows; it cannot be evaluated by row chunk\.$"
    with pytest.raises(ConfigError, match=pattern):
        evaluator.scores(plan, slice(0, 3), [6])
    got = evaluator.scores(plan, slice(None), [6, 4])
    np.testing.assert_allclose(
        got, expected_scores(base, plan, [6, 4], slice(None)), rtol=1e-12, equal_nan=True
    )


def test_copeland_with_drawn_weights() -> None:
    base = pipeline(aggregation={2: "arithmetic", 3: "copeland"})
    params: dict[str, Distribution] = {"weights": UniformWeights(0.9)}
    rng = np.random.default_rng(2)
    plan = plan_draws(base, params, {"weights": rng.random((4, 7))}, n=4)
    got = Evaluator(base, data()).scores(plan, slice(None), [6, 4, 5])
    np.testing.assert_allclose(
        got, expected_scores(base, plan, [6, 4, 5], slice(None)), rtol=1e-12, equal_nan=True
    )


def test_evaluator_rows_and_unused_variants() -> None:
    base = pipeline()
    evaluator = Evaluator(base, data())
    assert evaluator.n_rows == 5
    assert evaluator.pipeline is base
    # a variant no draw uses is skipped (and its settings would fail if it were run);
    # the variants after it are still scored
    plan = DrawPlan(
        pipelines=(pipeline(aggregation="geometric", offset=-10.0), base),
        variant=np.array([1, 1]),
        weights=None,
    )
    got = evaluator.scores(plan, slice(None, 2), [4])
    assert got.shape == (2, 2, 1)
    np.testing.assert_allclose(got[:, :, 0], [[38.125, 93.8125]] * 2, rtol=1e-12)


def three_indicators() -> tuple[Pipeline, pd.DataFrame]:
    """T over i1, i2 and a weight-0 i3 that holds a 0; no normalisation, geometric mean."""
    h = Hierarchy.from_frame(
        pd.DataFrame(
            {
                "code": ["i1", "i2", "i3", "T"],
                "parent": ["T", "T", "T", None],
                "level": [1, 1, 1, 2],
                "weight": [1.0, 1.0, 0.0, 1.0],
                "direction": [1, 1, 1, None],
            }
        )
    )
    frame = pd.DataFrame({"i1": [1.0, 2.0, 3.0], "i2": [2.0, 3.0, 4.0], "i3": [0.0, 1.0, 2.0]})
    return Pipeline(hierarchy=h, normalisation="none", aggregation="geometric"), frame


def test_weight_zero_column_holding_zero_is_left_out_of_batched_means() -> None:
    # a weight-0 column is left out (the nominal run accepts its 0); the batched evaluator
    # must agree. Row 0: draw 1 weights 1, 1 -> sqrt(1 * 2); draw 2 weights 2, 1 ->
    # (1^2 * 2)^(1/3) = 2^(1/3); row 2: sqrt(3 * 4) and (3^2 * 4)^(1/3) = 36^(1/3)
    base, frame = three_indicators()
    assert base.run(frame).scores["T"].tolist() == pytest.approx([2**0.5, 6**0.5, 12**0.5])
    plan = DrawPlan(
        pipelines=(base,),
        variant=np.array([0, 0]),
        weights=np.array([[1.0, 1.0, 0.0, 1.0], [2.0, 1.0, 0.0, 1.0]]),
    )
    got = Evaluator(base, frame).scores(plan, slice(None), [3])
    np.testing.assert_allclose(
        got[:, :, 0],
        [[2**0.5, 6**0.5, 12**0.5], [2 ** (1 / 3), 12 ** (1 / 3), 36 ** (1 / 3)]],
        rtol=1e-12,
    )


def test_batched_domain_error_names_element_level_method_rows_and_offset() -> None:
    # i3 has weight 1 here: its 0 (row 0) is outside the geometric mean's domain; with
    # offset -0.5 the shifted values are i1 0.5, i2 1.5, i3 -0.5 in row 0 and i3 0.5 in
    # row 1, so only row 0 of i3 is shown
    base, frame = three_indicators()
    weighted = base.evolve(weights={"i3": 1.0}, offset=-0.5)
    plan = plan_draws(weighted, {}, {}, n=2)
    expected = (
        "Hierarchy.aggregate: element 'T' (level 2, geometric): the geometric mean needs "
        "values > 0 after adding offset=-0.5, got:\n"
        "  column 'i3': row(s) 0 (-0.5)\n"
        "Hint: normalise onto a positive range (e.g. minmax with lower=1, upper=100, as COINr "
        "does) or pass offset=c to aggregate x + c and subtract c from the result."
    )
    with pytest.raises(ScoringError, match="^" + re.escape(expected) + "$"):
        Evaluator(weighted, frame).scores(plan, slice(None), [3])
    # a chunk of rows names its rows by their index labels: rows 0:2 are labels a, b;
    # generalised with a fractional p = 0.5 needs values >= 0, i3 is -0.5 at label a
    general = weighted.evolve(aggregation="generalised", p=0.5)
    frame2 = frame.set_axis(["a", "b", "c"])
    expected2 = (
        "Hierarchy.aggregate: element 'T' (level 2, generalised): the generalised mean needs "
        "values >= 0 after adding offset=-0.5, got:\n"
        "  column 'i3': row(s) 'a' (-0.5)\n"
    )
    with pytest.raises(ScoringError, match="^" + re.escape(expected2)):
        Evaluator(general, frame2).scores(plan_draws(general, {}, {}, n=1), slice(0, 2), [3])


def test_weight_zero_column_holding_zero_is_left_out_of_batched_harmonic_means() -> None:
    # harmonic with weights 1, 1 (i3 weight 0): row 0 2 / (1/1 + 1/2) = 4/3, row 1
    # 2 / (1/2 + 1/3) = 12/5; as in the nominal run
    base, frame = three_indicators()
    harmonic = base.evolve(aggregation="harmonic")
    assert harmonic.run(frame).scores["T"].tolist()[:2] == pytest.approx([4 / 3, 12 / 5])
    plan = plan_draws(
        harmonic, {"weights": UniformWeights(0.5)}, {"weights": np.full((1, 4), 0.5)}, n=1
    )
    got = Evaluator(harmonic, frame).scores(plan, slice(0, 2), [3])
    np.testing.assert_allclose(got[0, :, 0], [4 / 3, 12 / 5], rtol=1e-12)


def test_a_variant_that_drops_the_weights_override_uses_the_hierarchy_weights() -> None:
    # the pipeline overrides i1's weight (5); an option sets weights=None again, so that
    # variant scores with the hierarchy's own weights, as its run does. Row 0 of P:
    # i1 1, i2 50.5 (see test_arithmetic_means_by_hand) -> (1 * 1 + 3 * 50.5) / 4 = 38.125
    # with the hierarchy's weights, (5 * 1 + 3 * 50.5) / 8 = 19.5625 with the override
    base = pipeline(weights={"i1": 5.0})
    params: dict[str, Distribution] = {"scheme": Choice([{"weights": None}, {}])}
    plan = plan_draws(base, params, {"scheme": one_column(0.1, 0.9)}, n=2)
    assert plan.pipelines[0].weights is None
    got = Evaluator(base, data()).scores(plan, slice(0, 1), [4])
    np.testing.assert_allclose(got[:, 0, 0], [38.125, 19.5625], rtol=1e-12)


def test_copeland_top_with_generalised_pillars_offset_and_threshold() -> None:
    # the Copeland path passes the variant's p, offset and data threshold on (P's row 2,
    # i1 missing, is NaN in the draws where i1 has more than a fifth of P's weight)
    base = pipeline(
        aggregation={2: "generalised", 3: "copeland"}, p=3.0, offset=0.5, data_threshold=0.8
    )
    rng = np.random.default_rng(4)
    plan = plan_draws(base, {"weights": UniformWeights(0.5)}, {"weights": rng.random((3, 7))}, n=3)
    got = Evaluator(base, data()).scores(plan, slice(None), [6, 4, 5])
    expected = expected_scores(base, plan, [6, 4, 5], slice(None))
    np.testing.assert_allclose(got, expected, rtol=1e-12, equal_nan=True)


def test_copeland_path_names_rows_by_label_in_domain_errors() -> None:
    # geometric pillars with offset -1.5 under a Copeland top: i1 is 1 in row 0 of the
    # minmax scores, 1 - 1.5 = -0.5 (see test_arithmetic_means_by_hand)
    base = pipeline(aggregation={2: "geometric", 3: "copeland"}, offset=-1.5)
    frame = data().set_axis(["a", "b", "c", "d", "e"])
    plan = plan_draws(base, {}, {}, n=1)
    with pytest.raises(ScoringError, match=r"column 'i1': row\(s\) 'a' \(-0\.5\)"):
        Evaluator(base, frame).scores(plan, slice(None), [6])


def mixed_levels() -> Pipeline:
    """T (level 3) over the pillar P (i1, i2) and the indicator i3 directly."""
    h = Hierarchy.from_frame(
        pd.DataFrame(
            {
                "code": ["i1", "i2", "i3", "P", "T"],
                "parent": ["P", "P", "T", "T", None],
                "level": [1, 1, 1, 2, 3],
                "weight": [1.0, 3.0, 2.0, 1.0, 1.0],
                "direction": [1, -1, 1, None, None],
            }
        )
    )
    return Pipeline(hierarchy=h, normalisation="minmax", normalisation_params={"lower": 1})


@pytest.mark.parametrize("method", ["arithmetic", "geometric", "median"])
def test_batched_scores_mix_drawn_aggregates_with_indicators(method: str) -> None:
    # T's children are a batched aggregate (one column per draw) and a plain indicator
    base = mixed_levels().evolve(aggregation=method)
    rng = np.random.default_rng(8)
    plan = plan_draws(base, {"weights": UniformWeights(0.7)}, {"weights": rng.random((4, 5))}, n=4)
    assert plan.weights is not None
    frame = data().drop(columns="i4")
    got = Evaluator(base, frame).scores(plan, slice(None), [4, 3, 2])
    codes = base.hierarchy.codes
    runs = [
        base.evolve(weights=dict(zip(codes, w.tolist(), strict=True))).run(frame).scores
        for w in plan.weights
    ]
    expected = np.stack([scores[["T", "P", "i3"]].to_numpy() for scores in runs])
    np.testing.assert_allclose(got, expected, rtol=1e-12, equal_nan=True)


def test_domain_error_at_a_batched_level_names_the_data_rows() -> None:
    # T (geometric) over the drawn pillar P (one column per draw) and i3; offset -1.5:
    # i3's minmax score is 1 in rows 0 and 1 (its minimum, 2), 1 - 1.5 = -0.5; P stays
    # above 1.5 (lowest in row 3: i1 25.75, i2 1; with factors in [0.3, 1.7] at worst
    # (0.3 * 25.75 + 5.1 * 1) / 5.4 = 2.37); the rows named are data rows, not draws
    base = mixed_levels().evolve(aggregation={2: "arithmetic", 3: "geometric"}, offset=-1.5)
    rng = np.random.default_rng(8)
    plan = plan_draws(base, {"weights": UniformWeights(0.7)}, {"weights": rng.random((4, 5))}, n=4)
    expected = (
        "Hierarchy.aggregate: element 'T' (level 3, geometric): the geometric mean needs "
        "values > 0 after adding offset=-1.5, got:\n"
        "  column 'i3': row(s) 0 (-0.5), 1 (-0.5)\n"
        "Hint: normalise onto a positive range (e.g. minmax with lower=1, upper=100, as COINr "
        "does) or pass offset=c to aggregate x + c and subtract c from the result."
    )
    with pytest.raises(ScoringError, match="^" + re.escape(expected) + "$"):
        Evaluator(base, data().drop(columns="i4")).scores(plan, slice(None), [4])
