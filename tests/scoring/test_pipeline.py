"""Pipeline cases written to kill the mutants that survived the first mutmut run.

Expected values never come from :class:`Pipeline` itself: they are the composition of the
building blocks it chains, called directly (:func:`impute`, :func:`treat_outliers`,
:func:`normalise`, :meth:`Hierarchy.aggregate`, :meth:`Hierarchy.indicator_array`), each
tested on its own elsewhere; error messages are written out from the source's wording.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, SchemaError
from progress_indicators.scoring import (
    NORMALISATION_METHODS,
    Hierarchy,
    Pipeline,
    impute,
    normalise,
    treat_outliers,
)


def exact(text: str) -> str:
    """An anchored pattern matching ``text`` literally (the whole message)."""
    return f"^{re.escape(text)}$"


def hierarchy() -> Hierarchy:
    """i1, i2 -> A; i3 -> B; A, B -> Index. i2 is lower-is-better; i2 weighs 3."""
    return Hierarchy.from_frame(
        pd.DataFrame(
            {
                "code": ["i1", "i2", "i3", "A", "B", "Index"],
                "parent": ["A", "A", "B", "Index", "Index", None],
                "level": [1, 1, 1, 2, 2, 3],
                "weight": [1, 3, 1, 1, 1, 1],
                "direction": [1, -1, 1, 1, 1, 1],
            }
        )
    )


def data() -> pd.DataFrame:
    """Ten rows; i1 has a far outlier (fails the outlier test); NaN gaps; a group column.

    The columns are deliberately not in hierarchy order and there is an extra column.
    """
    return pd.DataFrame(
        {
            "extra": list(range(10)),
            "i3": [2.0, 2.0, 5.0, 4.0, 4.0, 7.0, 3.0, 1.0, 6.0, 5.0],
            "g": ["a", "a", "a", "a", "a", "b", "b", "b", "b", "b"],
            "i2": [6.0, np.nan, np.nan, 2.0, 2.0, 1.0, 3.0, 4.0, 5.0, 6.0],
            "i1": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, np.nan, 8.0, 9.0, 100.0],
        },
        index=pd.Index([f"u{k}" for k in range(10)], name="unit"),
    )


INDICATORS = ["i1", "i2", "i3"]


def expected_chain(
    pipeline: Pipeline, frame: pd.DataFrame, *, hier: Hierarchy | None = None
) -> dict[str, Any]:
    """The stages composed by hand from the building blocks."""
    h = hier if hier is not None else pipeline.hierarchy
    groups = frame[pipeline.group_column] if pipeline.group_column is not None else None
    imp = impute(frame[INDICATORS], pipeline.imputation, groups=groups, max_age=pipeline.max_age)
    treated = imp.data
    report = None
    if pipeline.treat:
        tr = treat_outliers(
            imp.data,
            pipeline.winmax,
            pipeline.skew_thresh,
            pipeline.kurt_thresh,
            log_fallback=True,
        )
        treated, report = tr.data, tr.report
    norm = normalise(
        treated,
        pipeline.normalisation,
        directions=h.indicator_directions,
        **pipeline.normalisation_params,
    )
    scores = h.aggregate(
        norm,
        pipeline.aggregation,
        data_threshold=pipeline.data_threshold,
        offset=pipeline.offset,
        p=pipeline.p,
    )
    return {
        "imputed": imp.data,
        "mask": imp.imputed,
        "treated": treated,
        "report": report,
        "normalised": norm,
        "scores": scores,
    }


def check_run(pipeline: Pipeline, frame: pd.DataFrame, *, hier: Hierarchy | None = None) -> None:
    result = pipeline.run(frame)
    want = expected_chain(pipeline, frame, hier=hier)
    pd.testing.assert_frame_equal(result.imputed, want["imputed"])
    pd.testing.assert_frame_equal(result.imputed_mask, want["mask"])
    pd.testing.assert_frame_equal(result.treated, want["treated"])
    if want["report"] is None:
        assert result.treatment_report is None
    else:
        assert result.treatment_report is not None
        pd.testing.assert_frame_equal(result.treatment_report, want["report"])
    pd.testing.assert_frame_equal(result.normalised, want["normalised"])
    pd.testing.assert_frame_equal(result.scores, want["scores"])
    pd.testing.assert_series_equal(result.top, want["scores"]["Index"])
    assert result.top.name == "Index"
    assert list(result.imputed.columns) == INDICATORS
    assert list(result.scores.index) == list(frame.index)


# -- construction ------------------------------------------------------------------------
def test_defaults() -> None:
    p = Pipeline(hierarchy=hierarchy())
    assert p.imputation == "none"
    assert p.group_column is None
    assert p.max_age is None
    assert p.treat is False
    assert p.winmax == 5
    assert p.skew_thresh == 2.0
    assert p.kurt_thresh == 3.5
    assert p.normalisation == "minmax"
    assert p.normalisation_params == {}
    assert p.aggregation == "arithmetic"
    assert p.data_threshold is None
    assert p.offset is None
    assert p.p is None
    assert p.weights is None
    assert p.effective_hierarchy is p.hierarchy


def test_converters() -> None:
    params = {"lower": 1}
    p = Pipeline(
        hierarchy=hierarchy(),
        normalisation_params=params,
        weights={"i1": 2},
        aggregation={"2": "geometric", "3": "arithmetic"},  # type: ignore[dict-item]
    )
    params["upper"] = 5  # the pipeline holds its own copy
    assert p.normalisation_params == {"lower": 1}
    assert p.weights == {"i1": 2.0}
    assert p.weights is not None
    assert all(type(k) is str and type(v) is float for k, v in p.weights.items())
    assert p.aggregation == {2: "geometric", 3: "arithmetic"}
    none_params = Pipeline(hierarchy=hierarchy(), normalisation_params=None)
    assert none_params.normalisation_params == {}
    assert Pipeline(hierarchy=hierarchy(), weights=None).weights is None
    assert Pipeline(hierarchy=hierarchy(), aggregation="geometric").aggregation == "geometric"


def test_unknown_imputation_message() -> None:
    text = (
        "Pipeline: unknown imputation 'lineer'; expected one of "
        "['group_mean', 'group_median', 'linear', 'locf', 'mean', 'median', 'none']"
        "\nHint: Did you mean 'linear'?"
    )
    with pytest.raises(ConfigError, match=exact(text)):
        Pipeline(hierarchy=hierarchy(), imputation="lineer")


def test_unknown_normalisation_message() -> None:
    with pytest.raises(ConfigError) as info:
        Pipeline(hierarchy=hierarchy(), normalisation="minmx")
    text = (
        "Pipeline: unknown normalisation 'minmx'; expected one of "
        + str(sorted(NORMALISATION_METHODS))
        + "\nHint: Did you mean 'minmax'?"
    )
    assert str(info.value) == text


def test_bad_aggregation_mapping_names_the_pipeline() -> None:
    with pytest.raises(
        ConfigError, match=r"^Pipeline: method mapping must give exactly the levels"
    ):
        Pipeline(hierarchy=hierarchy(), aggregation={2: "arithmetic"})


def test_unknown_weight_code_rejected_at_construction() -> None:
    with pytest.raises(
        ConfigError, match=r"^Hierarchy\.with_weights: unknown element\(s\) \['i9'\]"
    ):
        Pipeline(hierarchy=hierarchy(), weights={"i9": 1.0})


def test_evolve_validates_and_names_unknown_settings() -> None:
    p = Pipeline(hierarchy=hierarchy())
    fields = sorted(
        [
            "hierarchy",
            "imputation",
            "group_column",
            "max_age",
            "treat",
            "winmax",
            "skew_thresh",
            "kurt_thresh",
            "normalisation",
            "normalisation_params",
            "aggregation",
            "data_threshold",
            "offset",
            "p",
            "weights",
            "denominators",
            "denomby",
            "unit_screen",
            "dat_thresh",
            "nonzero_thresh",
            "force",
        ]
    )
    text = (
        f"Pipeline.evolve: unknown setting(s) ['treet']; expected some of {fields}."
        "\nHint: Did you mean 'treat'?"
    )
    with pytest.raises(ConfigError, match=exact(text)):
        p.evolve(treet=True)
    with pytest.raises(ConfigError, match=r"^Pipeline: unknown imputation 'bad'"):
        p.with_(imputation="bad")
    q = p.evolve(treat=True, winmax=2)
    assert (q.treat, q.winmax, p.treat, p.winmax) == (True, 2, False, 5)


# -- run: option pass-through -------------------------------------------------------------
def test_run_default_pipeline_matches_the_chain() -> None:
    check_run(Pipeline(hierarchy=hierarchy()), data())


def test_run_group_imputation_uses_the_group_column() -> None:
    p = Pipeline(hierarchy=hierarchy(), imputation="group_mean", group_column="g")
    check_run(p, data())
    # by hand: i2 rows u1, u2 are in group a, whose known i2 values are 6, 2, 2 -> 10/3
    got = p.run(data()).imputed["i2"]
    assert got["u1"] == pytest.approx(10 / 3)
    assert got["u2"] == pytest.approx(10 / 3)
    # i1 row u6 is in group b: 6, 8, 9, 100 -> 30.75
    assert p.run(data()).imputed.loc["u6", "i1"] == pytest.approx(30.75)


def test_run_max_age_is_passed_to_imputation() -> None:
    p = Pipeline(hierarchy=hierarchy(), imputation="locf", max_age=1)
    check_run(p, data())
    got = p.run(data())
    # the i2 gap has two rows: only the first is carried forward
    assert got.imputed.loc["u1", "i2"] == 6.0
    assert got.imputed["i2"].isna().tolist()[1:3] == [False, True]
    assert got.imputed_mask.loc["u1", "i2"]
    assert not got.imputed_mask.loc["u2", "i2"]


@pytest.mark.parametrize(
    ("winmax", "skew_thresh", "kurt_thresh"),
    [(5, 2.0, 3.5), (0, 2.0, 3.5), (1, 2.0, 3.5), (5, 50.0, 3.5), (5, 2.0, 50.0)],
)
def test_run_treatment_settings_are_passed(
    winmax: int, skew_thresh: float, kurt_thresh: float
) -> None:
    p = Pipeline(
        hierarchy=hierarchy(),
        imputation="mean",
        treat=True,
        winmax=winmax,
        skew_thresh=skew_thresh,
        kurt_thresh=kurt_thresh,
    )
    check_run(p, data())


def test_run_treatment_changes_the_outlier_column() -> None:
    frame = data()
    plain = Pipeline(hierarchy=hierarchy(), imputation="mean").run(frame)
    # winmax 0: no winsorisation step, the failing column i1 falls back to the log
    logged = Pipeline(hierarchy=hierarchy(), imputation="mean", treat=True, winmax=0).run(frame)
    report = logged.treatment_report
    assert report is not None
    assert list(report.index) == INDICATORS
    assert report.index.name == "column"
    assert report["log_applied"].tolist() == [True, False, False]
    i1 = plain.imputed["i1"].to_numpy()
    span = i1.max() - i1.min()
    np.testing.assert_allclose(
        logged.treated["i1"].to_numpy(), np.log(i1 - i1.min() + 0.01 * span), rtol=1e-12
    )
    pd.testing.assert_frame_equal(logged.treated[["i2", "i3"]], plain.imputed[["i2", "i3"]])
    assert list(logged.treated.index) == list(frame.index)
    assert list(logged.treated.columns) == INDICATORS
    assert plain.treatment_report is None
    pd.testing.assert_frame_equal(plain.treated, plain.imputed)


def test_run_normalisation_params_and_directions() -> None:
    p = Pipeline(
        hierarchy=hierarchy(),
        imputation="mean",
        normalisation_params={"lower": 1, "upper": 10},
    )
    check_run(p, data())
    norm = p.run(data()).normalised
    # minmax 1..10; i2 is lower-is-better: its lowest raw value (1.0, u5) scores 10
    assert norm.loc["u5", "i2"] == pytest.approx(10.0)
    assert norm["i1"].min() == pytest.approx(1.0)


@pytest.mark.parametrize(
    "settings",
    [
        {"aggregation": "generalised", "p": 2.0},
        {"aggregation": "geometric", "offset": 1.0, "normalisation_params": {"lower": 0}},
        {"data_threshold": 0.9},
        {"aggregation": {2: "harmonic", 3: "arithmetic"}, "normalisation_params": {"lower": 1}},
    ],
)
def test_run_aggregation_options_are_passed(settings: dict[str, Any]) -> None:
    check_run(Pipeline(hierarchy=hierarchy(), **settings), data())


def test_run_data_threshold_blanks_rows_with_too_little_data() -> None:
    # no imputation: u1 lacks i2 (weight 3 of 4 in A) -> A is NaN at threshold 0.5
    scores = Pipeline(hierarchy=hierarchy(), data_threshold=0.5).run(data()).scores
    assert scores["A"].isna().tolist()[:2] == [False, True]


def test_run_uses_the_pipeline_weights() -> None:
    p = Pipeline(hierarchy=hierarchy(), imputation="mean", weights={"i1": 5.0, "B": 3.0})
    reweighted = hierarchy().with_weights({"i1": 5.0, "B": 3.0})
    assert p.effective_hierarchy == reweighted
    check_run(p, data(), hier=reweighted)
    plain = Pipeline(hierarchy=hierarchy(), imputation="mean").run(data())
    assert not np.allclose(p.run(data()).top.to_numpy(), plain.top.to_numpy())


def test_run_missing_indicator_message() -> None:
    frame = data().rename(columns={"i3": "i_3"})
    text = (
        "Pipeline.run: indicator column(s) ['i3'] are missing from the data."
        "\nHint: Did you mean 'i_3'?"
    )
    with pytest.raises(SchemaError, match=exact(text)):
        Pipeline(hierarchy=hierarchy()).run(frame)
    cache: dict[str, Any] = {}
    with pytest.raises(SchemaError, match=exact(text)):
        Pipeline(hierarchy=hierarchy()).normalised_array(frame, cache)


def test_run_missing_group_column_message() -> None:
    frame = data().rename(columns={"g": "groups"})
    p = Pipeline(hierarchy=hierarchy(), imputation="group_mean", group_column="group")
    text = "Pipeline.run: group column 'group' is not in the data.\nHint: Did you mean 'groups'?"
    with pytest.raises(SchemaError, match=exact(text)):
        p.run(frame)
    with pytest.raises(SchemaError, match=exact(text)):
        p.normalised_array(frame, {})


# -- stage keys and the cached array ---------------------------------------------------------
def test_stage_keys_follow_their_settings() -> None:
    base = Pipeline(hierarchy=hierarchy())
    imp, trt, nrm = base.stage_keys()
    change: dict[str, Any]
    assert len({imp, trt, nrm}) == 3
    assert trt.startswith(imp)
    assert nrm.startswith(trt)
    for change in ({"imputation": "mean"}, {"group_column": "g"}, {"max_age": 2}):
        other = base.evolve(**change).stage_keys()
        assert other[0] != imp
        assert other[1] != trt
        assert other[2] != nrm
    for change in (
        {"treat": True},
        {"winmax": 2},
        {"skew_thresh": 1.0},
        {"kurt_thresh": 1.0},
    ):
        other = base.evolve(**change).stage_keys()
        assert other[0] == imp
        assert other[1] != trt
        assert other[2] != nrm
    for change in ({"normalisation": "zscore"}, {"normalisation_params": {"lower": 1}}):
        other = base.evolve(**change).stage_keys()
        assert other[:2] == (imp, trt)
        assert other[2] != nrm
    a = base.evolve(normalisation_params={"lower": 1, "upper": 9}).stage_keys()
    b = base.evolve(normalisation_params={"upper": 9, "lower": 1}).stage_keys()
    assert a == b
    # aggregation settings do not touch the stages before it
    assert base.evolve(aggregation="geometric", p=2.0).stage_keys() == (imp, trt, nrm)


def expected_array(pipeline: Pipeline, frame: pd.DataFrame) -> np.ndarray:
    want = expected_chain(pipeline, frame)
    return pipeline.hierarchy.indicator_array(want["normalised"], where="test")


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"imputation": "group_median", "group_column": "g"},
        {"imputation": "locf", "max_age": 1},
        {"imputation": "mean", "treat": True},
        {"imputation": "mean", "treat": True, "winmax": 0},
        {"imputation": "mean", "treat": True, "winmax": 1, "skew_thresh": 1.0},
        {"imputation": "mean", "treat": True, "kurt_thresh": 50.0},
        {"normalisation": "zscore", "normalisation_params": {"mean": 10, "sd": 2}},
    ],
)
def test_normalised_array_matches_the_chain(settings: dict[str, Any]) -> None:
    p = Pipeline(hierarchy=hierarchy(), **settings)
    cache: dict[str, Any] = {}
    array = p.normalised_array(data(), cache)
    want = expected_array(p, data())
    assert array.dtype == np.float64
    assert array.shape == (10, 6)
    np.testing.assert_array_equal(array, want)
    imp_key, trt_key, nrm_key = p.stage_keys()
    assert set(cache) == {imp_key, trt_key, nrm_key}
    pd.testing.assert_frame_equal(cache[imp_key], expected_chain(p, data())["imputed"])
    pd.testing.assert_frame_equal(cache[trt_key], expected_chain(p, data())["treated"])
    np.testing.assert_array_equal(cache[nrm_key], want)
    # a second call is served from the cache and gives the same array
    np.testing.assert_array_equal(p.normalised_array(data(), cache), want)


def test_normalised_array_reads_each_cache_level() -> None:
    p = Pipeline(hierarchy=hierarchy(), imputation="mean", treat=True)
    imp_key, trt_key, nrm_key = p.stage_keys()
    # the last stage cached: returned as is (as float64), the data is not even read
    sentinel = np.arange(6, dtype=np.int64).reshape(1, 6)
    out = p.normalised_array(pd.DataFrame(), {nrm_key: sentinel})
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, sentinel.astype(np.float64))
    # a treated frame cached: it is normalised, the data is not read
    treated = pd.DataFrame({"i1": [0.0, 2.0, 4.0], "i2": [1.0, 2.0, 3.0], "i3": [5.0, 5.0, 6.0]})
    cache: dict[str, Any] = {trt_key: treated}
    out = p.normalised_array(pd.DataFrame(), cache)
    want = p.hierarchy.indicator_array(
        normalise(treated, "minmax", directions=p.hierarchy.indicator_directions), where="t"
    )
    np.testing.assert_array_equal(out, want)
    assert set(cache) == {trt_key, nrm_key}
    # an imputed frame cached: it is treated and normalised, the data is not read
    rng = np.random.default_rng(0)
    imputed = pd.DataFrame(
        {
            "i1": np.r_[rng.normal(size=19), 40.0],
            "i2": rng.normal(size=20),
            "i3": rng.normal(size=20),
        },
        index=pd.RangeIndex(100, 120),
    )
    cache = {imp_key: imputed}
    out = p.normalised_array(pd.DataFrame(), cache)
    tr = treat_outliers(imputed, 5, 2.0, 3.5, log_fallback=True).data
    pd.testing.assert_frame_equal(cache[trt_key], tr)
    want = p.hierarchy.indicator_array(
        normalise(tr, "minmax", directions=p.hierarchy.indicator_directions), where="t"
    )
    np.testing.assert_array_equal(out, want)
    assert not np.array_equal(tr.to_numpy(), imputed.to_numpy())
    # without treatment the imputed frame itself is the treated stage
    q = p.evolve(treat=False)
    cache = {q.stage_keys()[0]: imputed}
    q.normalised_array(pd.DataFrame(), cache)
    assert cache[q.stage_keys()[1]] is imputed


def test_normalised_array_treats_a_cached_integer_frame_as_float() -> None:
    # a cached imputed stage of integers (impute itself always gives floats): the log
    # fallback (winmax 0) must not be truncated to integers
    p = Pipeline(hierarchy=hierarchy(), treat=True, winmax=0)
    imputed = pd.DataFrame(
        {
            "i1": [1, 2, 3, 4, 5, 6, 7, 8, 9, 100],
            "i2": [6, 5, 4, 2, 2, 1, 3, 4, 5, 6],
            "i3": [2, 2, 5, 4, 4, 7, 3, 1, 6, 5],
        }
    )
    cache: dict[str, Any] = {p.stage_keys()[0]: imputed}
    out = p.normalised_array(pd.DataFrame(), cache)
    as_float = imputed.astype(np.float64)
    tr = treat_outliers(as_float, 0, 2.0, 3.5, log_fallback=True)
    assert tr.report["log_applied"].tolist() == [True, False, False]
    want = p.hierarchy.indicator_array(
        normalise(tr.data, "minmax", directions=p.hierarchy.indicator_directions), where="t"
    )
    np.testing.assert_allclose(out, want, rtol=1e-12)
