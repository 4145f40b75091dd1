"""``frames._periods``: the compressed observation table, and what it refuses."""

from __future__ import annotations

import pandas as pd
import pytest

from progress_indicators.exceptions import InputTypeError, ValidationError
from progress_indicators.frames import compress_observations, compress_table
from progress_indicators.validation import validate_observations
from tests._factories import obs, table


def _checked() -> pd.DataFrame:
    return validate_observations(
        table(
            obs("a", "civilians_killed", "2024-01-01", 3.0, region="Donetsk"),
            obs("b", "civilians_killed", "2024-01-01", 4.0, region="Luhansk"),
            obs("c", "occupied_area_km2", "2024-01-02", 10.0),
        )
    ).table


@pytest.mark.parametrize("option", ["names", "event_metrics"])
@pytest.mark.parametrize("junk", ["civilians_killed", "", 5, {"civilians_killed": 1}, [None]])
def test_metric_names_must_be_a_list_of_texts(option: str, junk: object) -> None:
    """``names="civilians_killed"`` was a raw ``TypeError`` from ``isin``; ``5`` too."""
    with pytest.raises(
        InputTypeError, match=f"^compress_table: argument '{option}' must be a list of texts"
    ):
        compress_table(_checked(), **{option: junk})  # type: ignore[arg-type]


def test_a_table_without_the_grouped_columns_is_a_validation_error() -> None:
    """A raw ``KeyError`` before; every missing column is listed."""
    with pytest.raises(ValidationError, match="compress_table") as info:
        compress_table(_checked().drop(columns=["end_date", "reliability"]))
    assert sorted(info.value.failure_cases["column"]) == ["end_date", "reliability"]


def test_names_as_a_tuple_or_set_group_as_a_list_does() -> None:
    """Any collection of texts is accepted; the pandas and engine paths agree on it."""
    checked = _checked()
    as_list = compress_table(checked, ["civilians_killed"], event_metrics=["civilians_killed"])
    as_tuple = compress_table(checked, ("civilians_killed",), event_metrics={"civilians_killed"})
    pd.testing.assert_frame_equal(as_list, as_tuple)
    assert as_list["n"].tolist() == [2]  # one event group: the regions are left out
    engine = compress_observations(
        checked, metrics=["civilians_killed"], event_metrics={"civilians_killed"}
    )
    assert engine["value_sum"].tolist() == as_list["value_sum"].tolist() == [7.0]
