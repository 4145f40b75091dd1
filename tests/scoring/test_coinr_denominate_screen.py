"""COINr parity of ``denominate`` and ``screen``, and their Pipeline stages (issue #18).

The cases mirror COINr's own tests (``tests/testthat/test-Denominate.R`` and
``test-Screen.R`` of ``bluefoxr/COINr`` v1.1.14) on its ASEM data in
``shared/reference/coinr/asem``; expected values are computed here from the CSV with
plain arithmetic and counting, as COINr's tests compute theirs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, SchemaError
from progress_indicators.scoring import Pipeline, denominate, screen
from tests.scoring.test_scoring_engine import small_hierarchy


def test_denominate_matches_coinrs_data_frame_case(asem_data: pd.DataFrame) -> None:
    """Goods / GDP and Flights / Population * 1000; LPI untouched (COINr's Denominate.df)."""
    data = asem_data[["Goods", "Flights", "LPI"]]
    denoms = asem_data[["GDP", "Population"]]
    denomby = pd.DataFrame(
        {
            "iCode": ["Goods", "Flights"],
            "Denominator": ["GDP", "Population"],
            "ScaleFactor": [1, 1000],
        }
    )
    out = denominate(data, denoms, denomby)
    np.testing.assert_allclose(out["Goods"], data["Goods"] / denoms["GDP"], rtol=1e-12)
    np.testing.assert_allclose(
        out["Flights"], data["Flights"] / denoms["Population"] * 1000, rtol=1e-12
    )
    pd.testing.assert_series_equal(out["LPI"], data["LPI"].astype(float))
    # one value by hand: Austria, 29.01725 thousand seats / 8735.453 thousand people * 1000
    assert out.loc["AUT", "Flights"] == pytest.approx(29.01725 / 8735.453 * 1000, rel=1e-9)


def test_denominate_by_the_meta_denominator_column(
    asem_data: pd.DataFrame, asem_meta: pd.DataFrame
) -> None:
    """COINr's Denominate.coin default: iMeta's Denominator column, scale factor 1."""
    rows = asem_meta[asem_meta["Denominator"].notna()][["iCode", "Denominator"]]
    assert len(rows) > 0
    indicators = list(rows["iCode"])
    out = denominate(asem_data[indicators], asem_data, rows)
    for code, den in zip(rows["iCode"], rows["Denominator"], strict=True):
        np.testing.assert_allclose(out[code], asem_data[code] / asem_data[den], rtol=1e-12)


def test_denominate_gives_na_and_r_arithmetic_where_coinr_does() -> None:
    """Missing denominator: NaN (was an error); zero: inf, -inf, NaN for 0/0, as in R."""
    data = pd.DataFrame({"x": [6.0, 5.0, -5.0, 0.0, np.nan]}, index=list("abcde"))
    dens = pd.DataFrame({"d": [np.nan, 0.0, 0.0, 0.0, 2.0]}, index=list("abcde"))
    out = denominate(data, dens, {"x": "d"})["x"].tolist()
    assert np.isnan(out[0])
    assert out[1:3] == [np.inf, -np.inf]
    assert np.isnan(out[3])
    assert np.isnan(out[4])


def test_denominate_stops_where_coinr_stops() -> None:
    """A unit absent from the denominators, or a text denominator column, is an error."""
    data = pd.DataFrame({"x": [1.0, 2.0]}, index=["AUT", "BEL"])
    with pytest.raises(SchemaError, match=r"unit\(s\) \['BEL'\] of the data have no row"):
        denominate(data, pd.DataFrame({"d": [1.0]}, index=["AUT"]), {"x": "d"})
    with pytest.raises(SchemaError, match="not numeric"):
        denominate(data, pd.DataFrame({"d": ["1", "2"]}, index=["AUT", "BEL"]), {"x": "d"})
    with pytest.raises(ConfigError, match="lacks column"):
        denominate(data, pd.DataFrame({"d": [1.0, 2.0]}), pd.DataFrame({"iCode": ["x"]}))


def _coinr_screen_frame() -> pd.DataFrame:
    """COINr's screendf test frame (10 units x 10 indicators), seeded instead of runif."""
    values = np.random.default_rng(18).uniform(0.01, 1.0, size=(10, 10))
    frame = pd.DataFrame(values, index=list("abcdefghij"), columns=[f"V{i}" for i in range(10)])
    frame.iloc[0, 0:5] = np.nan  # 50% available
    frame.iloc[1, 0] = np.nan  # 90% available
    frame.iloc[2, 0:5] = 0.0  # 50% zeros
    frame.iloc[3, 0] = 0.0  # 90% non-zero
    return frame


def test_screen_reproduces_coinrs_screendf_cases() -> None:
    """ByNA at 0.75 drops a; at 1 drops a, b; byzeros at 0.75 drops c; Force drops f too."""
    frame = _coinr_screen_frame()
    assert screen(frame, "byNA", dat_thresh=0.75).removed.tolist() == ["a"]
    assert screen(frame, "byNA", dat_thresh=1).removed.tolist() == ["a", "b"]
    kept = screen(frame, "byzeros", nonzero_thresh=0.75)
    assert kept.removed.tolist() == ["c"]
    pd.testing.assert_frame_equal(kept.data, frame.drop(index=["c"]))
    forced = screen(frame, "byNA", dat_thresh=1, force={"f": False})
    assert forced.removed.tolist() == ["a", "b", "f"]
    rescued = screen(frame, "byNA", dat_thresh=1, force={"a": True})
    assert rescued.removed.tolist() == ["b"]
    summary = screen(frame, "byNA").summary
    assert [summary["n_missing"]["a"], summary["dat_avail"]["a"]] == [5, 0.5]
    assert [summary["n_zero"]["c"], summary["non_zero"]["c"]] == [5, 0.5]
    # the default threshold is COINr's 2/3: 50% availability is screened out
    assert screen(frame, "byNA").removed.tolist() == ["a"]


def test_screen_on_asem_matches_counting_by_hand(
    asem_data: pd.DataFrame, asem_meta: pd.DataFrame
) -> None:
    """COINr's screen_coin case on the Raw indicators: byNAandzeros, 0.9, 0.5, GBR out."""
    indicators = asem_meta.loc[asem_meta["Type"] == "Indicator", "iCode"].tolist()
    numeric = asem_data[indicators]
    result = screen(
        numeric, "byNAandzeros", dat_thresh=0.9, nonzero_thresh=0.5, force={"GBR": False}
    )
    present = numeric.notna().sum(axis=1)
    avail = present / numeric.shape[1]
    nonzero = 1 - (numeric == 0).sum(axis=1) / present
    keep = ~((avail < 0.9) | (nonzero < 0.5))
    keep["GBR"] = False
    assert result.removed.tolist() == sorted(numeric.index[~keep])
    assert result.data.index.tolist() == numeric.index[keep].tolist()
    assert len(result.removed) >= 1


def test_screen_names_bad_options() -> None:
    """Unknown rule (with a hint), thresholds outside [0, 1] and unknown forced units."""
    frame = _coinr_screen_frame()
    with pytest.raises(ConfigError, match="Did you mean 'byNA'"):
        screen(frame, "byNa")
    with pytest.raises(ConfigError, match="dat_thresh must be"):
        screen(frame, "byNA", dat_thresh=1.5)
    with pytest.raises(ConfigError, match="forced unit 'zz'"):
        screen(frame, "byNA", force={"zz": True})


def test_a_unit_with_no_data_is_dropped_by_every_rule() -> None:
    """All-NA unit: non_zero is NaN (NA in COINr, whose row indexing then loses it)."""
    frame = pd.DataFrame({"a": [1.0, np.nan], "b": [2.0, np.nan]}, index=["x", "y"])
    for rule in ("byNA", "byzeros", "byNAandzeros"):
        assert screen(frame, rule).removed.tolist() == ["y"]
    assert screen(frame, "byzeros").summary["low_nonzero"].isna().tolist() == [False, True]


def _pipeline_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    data = pd.DataFrame(
        {
            "i1": [10.0, 20.0, 30.0, np.nan, 50.0],
            "i2": [5.0, 4.0, 3.0, np.nan, 1.0],
            "i3": [100.0, 300.0, 200.0, 400.0, 500.0],
        },
        index=["u1", "u2", "u3", "u4", "u5"],
    )
    dens = pd.DataFrame({"pop": [1.0, 2.0, 4.0, 8.0, np.nan]}, index=data.index)
    return data, dens


def test_pipeline_denominates_then_screens_then_scores() -> None:
    """The stages equal denominate, then screen, then the plain pipeline on what is left."""
    data, dens = _pipeline_data()
    staged = Pipeline(
        hierarchy=small_hierarchy(),
        denominators=dens,
        denomby={"i1": "pop"},
        unit_screen="byNA",
        dat_thresh=0.75,
    )
    result = staged.run(data)
    divided = denominate(data, dens, {"i1": "pop"})
    assert result.denominated is not None
    pd.testing.assert_frame_equal(result.denominated, divided)
    assert result.screening is not None
    # u4 lacks i1 and i2; u5 lacks its denominator, so i1 / pop is NaN: both < 75 %
    assert result.screening.removed.tolist() == ["u4", "u5"]
    plain = Pipeline(hierarchy=small_hierarchy()).run(divided.loc[["u1", "u2", "u3"]])
    pd.testing.assert_frame_equal(result.scores, plain.scores)
    assert result.scores.index.tolist() == ["u1", "u2", "u3"]


def test_uncertainty_arrays_keep_screened_units_as_missing_rows() -> None:
    """The array path (uncertainty, sensitivity) has a NaN row per screened-out unit."""
    data, dens = _pipeline_data()
    staged = Pipeline(
        hierarchy=small_hierarchy(),
        denominators=dens,
        denomby={"i1": "pop"},
        unit_screen="byNA",
        dat_thresh=0.75,
    )
    array = staged.normalised_array(data, {})
    assert array.shape[0] == len(data)
    assert np.isnan(array[3:]).all()
    kept = staged.run(data).normalised.to_numpy(dtype=np.float64)
    np.testing.assert_array_equal(array[:3, : kept.shape[1]], kept)


def test_pipeline_stage_options_are_checked() -> None:
    """Denominators without denomby, an unknown indicator, an unknown rule are refused."""
    _, dens = _pipeline_data()
    with pytest.raises(ConfigError, match="both denominators"):
        Pipeline(hierarchy=small_hierarchy(), denominators=dens)
    with pytest.raises(ConfigError, match="not indicators"):
        Pipeline(hierarchy=small_hierarchy(), denominators=dens, denomby={"i9": "pop"})
    with pytest.raises(ConfigError, match="unknown unit_screen"):
        Pipeline(hierarchy=small_hierarchy(), unit_screen="byNAandZ")
    with pytest.raises(ConfigError, match="nonzero_thresh"):
        Pipeline(hierarchy=small_hierarchy(), nonzero_thresh=-0.1)
