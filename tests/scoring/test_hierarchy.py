"""Hierarchy cases written for the mutants of ``_hierarchy`` (issue #7).

Every expected value is worked out by hand in a comment.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from progress_indicators.exceptions import (
    ConfigError,
    InputTypeError,
    Reason,
    SchemaError,
    ScoringError,
    ValidationError,
)
from progress_indicators.scoring import Hierarchy


def table() -> pd.DataFrame:
    """Index T over pillars P (i1, i2) and Q (i3); weights 1, 3 under P."""
    return pd.DataFrame(
        {
            "code": ["i1", "i2", "i3", "P", "Q", "T"],
            "parent": ["P", "P", "Q", "T", "T", None],
            "level": [1, 1, 1, 2, 2, 3],
            "weight": [1.0, 3.0, 2.0, 1.0, 1.0, 1.0],
            "direction": [1, -1, 1, None, None, None],
        }
    )


def test_to_frame_round_trips_the_table() -> None:
    h = Hierarchy.from_frame(table())
    out = h.to_frame()
    assert list(out.columns) == ["code", "parent", "level", "weight", "direction"]
    assert out["code"].tolist() == ["i1", "i2", "i3", "P", "Q", "T"]
    assert out["parent"].tolist()[:5] == ["P", "P", "Q", "T", "T"]
    assert out["parent"].isna().tolist() == [False] * 5 + [True]  # the top has no parent
    assert out["level"].tolist() == [1, 1, 1, 2, 2, 3]
    assert out["weight"].tolist() == [1.0, 3.0, 2.0, 1.0, 1.0, 1.0]
    # missing directions of aggregates are +1
    assert out["direction"].tolist() == [1.0, -1.0, 1.0, 1.0, 1.0, 1.0]
    assert Hierarchy.from_frame(out) == h


def test_with_weights_replaces_only_the_named_elements() -> None:
    h = Hierarchy.from_frame(table())
    new = h.with_weights({"i2": 1.0, "Q": 2})
    assert new.weights == (1.0, 1.0, 2.0, 1.0, 2.0, 1.0)
    assert all(isinstance(w, float) for w in new.weights)
    assert h.weights == (1.0, 3.0, 2.0, 1.0, 1.0, 1.0)  # the original is unchanged
    assert new.codes == h.codes
    assert new.parents == h.parents
    assert new.levels == h.levels
    assert new.directions == h.directions
    # effective weights after the change: P and Q 1/3, 2/3; i1, i2 1/2 of P; i3 all of Q
    eff = new.effective_weights()
    assert eff.name == "effective_weight"
    assert eff.to_dict() == pytest.approx(
        {"i1": 1 / 6, "i2": 1 / 6, "i3": 2 / 3, "P": 1 / 3, "Q": 2 / 3, "T": 1.0}
    )
    assert h.with_weights({}) == h


def test_with_weights_unknown_code() -> None:
    h = Hierarchy.from_frame(table())
    with pytest.raises(
        ConfigError,
        match=r"^Hierarchy\.with_weights: unknown element\(s\) \['i4', 'X'\]\.",
    ):
        h.with_weights({"i4": 1.0, "X": 2.0})


def test_views() -> None:
    h = Hierarchy.from_frame(table())
    assert h.indicators == ("i1", "i2", "i3")
    assert h.top_level == 3
    assert h.top == ("T",)
    assert h.indicator_directions == {"i1": 1.0, "i2": -1.0, "i3": 1.0}
    assert h.column_order == ("i1", "i2", "i3", "P", "Q", "T")
    # effective weights: P, Q 1/2 each; i1 1/4 of P -> 1/8, i2 3/4 of P -> 3/8, i3 1/2
    eff = h.effective_weights()
    assert list(eff.index) == ["i1", "i2", "i3", "P", "Q", "T"]
    assert eff.to_dict() == pytest.approx(
        {"i1": 1 / 8, "i2": 3 / 8, "i3": 0.5, "P": 0.5, "Q": 0.5, "T": 1.0}
    )


def test_from_frame_defaults_and_derived_levels() -> None:
    # no weight or direction columns: all 1; levels derived: leaves 1, P/Q 2, T 3
    t = table().drop(columns=["weight", "direction", "level"])
    h = Hierarchy.from_frame(t, level=None, weight=None, direction=None)
    assert h.levels == (1, 1, 1, 2, 2, 3)
    assert h.weights == (1.0,) * 6
    assert h.directions == (1.0,) * 6
    assert h.parents == ("P", "P", "Q", "T", "T", None)


def test_from_frame_missing_column_message() -> None:
    with pytest.raises(
        SchemaError,
        match=re.escape(
            "Hierarchy.from_frame: column 'wieght' (for weight=) is not in the table; "
            "columns are ['code', 'parent', 'level', 'weight', 'direction']."
            "\nHint: Did you mean 'weight'?"
        ),
    ):
        Hierarchy.from_frame(table(), weight="wieght")
    with pytest.raises(
        SchemaError,
        match=re.escape("(for direction=) is not in the table; columns are ['code', 'parent']."),
    ):
        Hierarchy.from_frame(table()[["code", "parent"]], level=None, weight=None, direction="zz")


def test_with_weights_suggests_a_close_code() -> None:
    h = Hierarchy.from_frame(table())
    with pytest.raises(
        ConfigError,
        match=re.escape(
            "Hierarchy.with_weights: unknown element(s) ['PP'].\nHint: Did you mean 'P'?"
        ),
    ):
        h.with_weights({"PP": 1.0})


def test_derived_levels_when_parents_come_first() -> None:
    # listed top first: T, P (child of T), i1 (child of P); one pass over the rows gives
    # T 2 and P 2, a second pass lifts T to 3 (one above P)
    t = pd.DataFrame({"code": ["T", "P", "i1"], "parent": [None, "T", "P"]})
    h = Hierarchy.from_frame(t, level=None, weight=None, direction=None)
    assert h.levels == (3, 2, 1)
    assert h.indicators == ("i1",)
    assert h.column_order == ("i1", "P", "T")


# -- error messages of aggregate and its helpers (second pass) ---------------------------

AGG_HINT = (
    "normalise onto a positive range (e.g. minmax with lower=1, upper=100, as COINr does) "
    "or pass offset=c to aggregate x + c and subtract c from the result."
)


def normalised() -> pd.DataFrame:
    return pd.DataFrame({"i1": [1.0, 4.0], "i2": [3.0, 1.0], "i3": [2.0, 5.0]})


def test_aggregate_method_mapping_must_name_exactly_the_levels() -> None:
    h = Hierarchy.from_frame(table())
    pattern = (
        r"^Hierarchy\.aggregate: method mapping must give exactly the levels \[2, 3\] "
        r"\(missing \[3\], unknown \[4\]\)\.\n"
        r"Hint: keys are the level being computed: 2 for the first aggregates\.$"
    )
    with pytest.raises(ConfigError, match=pattern):
        h.aggregate(normalised(), {2: "arithmetic", 4: "arithmetic"})
    # only an unknown level is also an error
    with pytest.raises(ConfigError, match=r"\(missing \[\], unknown \[1\]\)\."):
        h.aggregate(normalised(), {1: "arithmetic", 2: "arithmetic", 3: "arithmetic"})


def test_aggregate_unknown_method_names_the_caller() -> None:
    h = Hierarchy.from_frame(table())
    with pytest.raises(
        ConfigError,
        match=r"^Hierarchy\.aggregate: unknown aggregation method 'mean'; expected one of ",
    ):
        h.aggregate(normalised(), "mean")
    with pytest.raises(ConfigError, match=r"^Hierarchy\.aggregate: unknown aggregation method 'x'"):
        h.aggregate(normalised(), {2: "arithmetic", 3: "x"})


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        (
            {"method": "generalised"},
            (
                r"^Hierarchy\.aggregate: the generalised mean needs a finite power p= "
                r"\(got None\)\.\nHint: p=1 is arithmetic, p=0 geometric, p=-1 harmonic\.$"
            ),
        ),
        (
            {"method": "arithmetic", "data_threshold": 1.5},
            (
                r"^Hierarchy\.aggregate: argument 'data_threshold' must be a finite number in "
                r"\[0, 1\] \(got 1\.5 that is a float\)\.\nHint: .*$"
            ),
        ),
        (
            {"method": "arithmetic", "offset": math.inf},
            (
                r"^Hierarchy\.aggregate: argument 'offset' must be a finite number "
                r"\(got inf that is a float\)\.\nHint: .*$"
            ),
        ),
    ],
)
def test_aggregate_option_errors_name_the_caller(options: dict[str, Any], pattern: str) -> None:
    h = Hierarchy.from_frame(table())
    with pytest.raises(ConfigError, match=pattern):
        h.aggregate(normalised(), **options)


def test_aggregate_missing_indicator_columns() -> None:
    h = Hierarchy.from_frame(table())
    frame = pd.DataFrame({"i1": [1.0], "i2x": [1.0]})
    # i2 and i3 missing; the suggestion is for the first one: difflib's ratio of i2 and
    # i2x is 2 * 2 / 5 = 0.8 (above the 0.6 cutoff), of i2 and i1 2 * 1 / 4 = 0.5; for i3
    # both are below (i1 0.5, i2x 0.4), so a suggestion for i3 would be none
    pattern = (
        r"^Hierarchy\.aggregate: indicator column\(s\) \['i2', 'i3'\] are missing from the "
        r"data \(expected all of the 3 level-1 codes\)\.\nHint: Did you mean 'i2x'\?$"
    )
    with pytest.raises(SchemaError, match=pattern):
        h.aggregate(frame)


def test_aggregate_missing_indicator_without_a_close_name_has_no_hint() -> None:
    h = Hierarchy.from_frame(table())
    frame = pd.DataFrame({"i1": [1.0], "i2": [1.0], "zzz": [0.0]})
    pattern = (
        r"^Hierarchy\.aggregate: indicator column\(s\) \['i3'\] are missing from the "
        r"data \(expected all of the 3 level-1 codes\)\.$"
    )
    with pytest.raises(SchemaError, match=pattern):
        h.aggregate(frame)


def test_aggregate_non_numeric_indicator_names_the_caller() -> None:
    h = Hierarchy.from_frame(table())
    frame = normalised().assign(i2=["a", "b"])
    with pytest.raises(
        SchemaError, match=r"^Hierarchy\.aggregate: column\(s\) \['i2'\] are not numeric"
    ):
        h.aggregate(frame)


def test_aggregate_domain_error_with_offset() -> None:
    h = Hierarchy.from_frame(table())
    # offset -1.5: i1 row 0 is 1 - 1.5 = -0.5 (bad), row 1 4 - 1.5 = 2.5; i2 3 -> 1.5 and
    # 1 -> -0.5 (bad): P is the first aggregate checked
    expected = (
        "Hierarchy.aggregate: element 'P' (level 2, geometric): the geometric mean needs "
        "values > 0 after adding offset=-1.5, got:\n"
        "  column 'i1': row(s) 0 (-0.5)\n"
        "  column 'i2': row(s) 1 (-0.5)\n"
        "Hint: " + AGG_HINT
    )
    with pytest.raises(ScoringError, match="^" + re.escape(expected) + "$"):
        h.aggregate(normalised(), "geometric", offset=-1.5)


def test_aggregate_generalised_mean_uses_p() -> None:
    h = Hierarchy.from_frame(table())
    out = h.aggregate(normalised(), "generalised", p=2.0)
    # row 0: P = sqrt((1 * 1^2 + 3 * 3^2) / 4) = sqrt(7); Q = 2; T = sqrt((7 + 4) / 2)
    # row 1: P = sqrt((4^2 + 3 * 1^2) / 4) = sqrt(4.75); Q = 5; T = sqrt((4.75 + 25) / 2)
    assert out["P"].tolist() == pytest.approx([math.sqrt(7), math.sqrt(4.75)])
    assert out["Q"].tolist() == pytest.approx([2.0, 5.0])
    assert out["T"].tolist() == pytest.approx([math.sqrt(5.5), math.sqrt(14.875)])


# -- validation --------------------------------------------------------------------------


def test_lengths_must_agree() -> None:
    with pytest.raises(
        ConfigError,
        match=r"^Hierarchy: codes, parents, levels, weights and directions differ in length\.$",
    ):
        Hierarchy(
            codes=["a", "b"], parents=[None], levels=[1, 1], weights=[1, 1], directions=[1, 1]
        )


def test_an_empty_hierarchy_has_no_groups() -> None:
    # n == 0 is handled (no max over an empty sequence): nothing to check, no groups
    h = Hierarchy(codes=[], parents=[], levels=[], weights=[], directions=[])
    assert h.groups == ()
    assert h.codes == ()


def cases(error: ValidationError) -> list[tuple[Any, ...]]:
    frame = error.failure_cases
    assert list(frame.columns) == ["row", "column", "check", "value", "reason"]
    return [tuple(r) for r in frame.itertuples(index=False)]


def test_duplicate_codes_are_listed() -> None:
    with pytest.raises(ValidationError) as info:
        Hierarchy(
            codes=["i1", "i1", "T"],
            parents=["T", "T", None],
            levels=[1, 1, 2],
            weights=[1, 1, 1],
            directions=[1, 1, 1],
        )
    # the second i1 (row 1) is the duplicate
    assert cases(info.value) == [(1, "code", "unique code", "i1", Reason.DUPLICATE_ID)]


def test_orphans_unknown_parents_and_parents_not_above_are_all_listed() -> None:
    with pytest.raises(ValidationError) as info:
        Hierarchy(
            codes=["i1", "i2", "i3", "P", "Q", "T"],
            parents=[None, "X", "Q", "T", "P", None],
            levels=[1, 1, 1, 2, 2, 3],
            weights=[1, 1, 1, 1, 1, 1],
            directions=[1, 1, 1, 1, 1, 1],
        )
    # row 0: no parent below the top (3); row 1: unknown parent X; row 4: Q (level 2) under
    # P (level 2), a parent not above its child; the rows after the orphan are still checked
    assert cases(info.value) == [
        (0, "parent", "no orphans: level 1 < top 3 needs a parent", "i1", Reason.MISSING_VALUE),
        (1, "parent", "parent is a known code", "X", Reason.UNKNOWN_INDICATOR),
        (4, "level", "parent 'P' (level 2) above child", "2", Reason.OUT_OF_RANGE),
    ]


def test_value_checks_report_their_row() -> None:
    with pytest.raises(ValidationError) as info:
        Hierarchy(
            codes=["i1", "i2", "T"],
            parents=["T", "T", None],
            levels=[1, 1, 2],
            weights=[3.0, -2.0, 1.0],  # the siblings still sum to 1 > 0
            directions=[1, 1, 1],
        )
    assert cases(info.value) == [(1, "weight", "finite weight >= 0", "-2.0", Reason.OUT_OF_RANGE)]


def test_indicator_array_fills_indicators_and_leaves_aggregates_nan() -> None:
    h = Hierarchy.from_frame(table())
    values = h.indicator_array(normalised(), where="test")
    # aggregates start as NaN; indicators in code order
    assert np.isnan(values[:, 3:]).all()
    assert values[:, :3].tolist() == [[1.0, 3.0, 2.0], [4.0, 1.0, 5.0]]


def test_from_frame_missing_code_is_a_failure_case() -> None:
    t = pd.DataFrame({"id": ["i1", None, "T"], "parent": ["T", "T", None], "level": [1, 1, 2]})
    with pytest.raises(ValidationError) as info:
        Hierarchy.from_frame(t, code="id", weight=None, direction=None)
    # row 1 has no code; the column is the one named by code=
    assert cases(info.value) == [(1, "id", "code present", "NaN", Reason.MISSING_VALUE)]
    assert info.value.table == "hierarchy"
    assert info.value.where == "Hierarchy.from_frame"
    assert str(info.value).startswith(
        "1 failed check(s) on 1 row(s) of the hierarchy table in Hierarchy.from_frame."
    )


@pytest.mark.parametrize(
    ("argument", "column"), [("code", "cd"), ("parent", "parnt"), ("level", "lvl")]
)
def test_from_frame_names_the_argument_of_a_missing_column(argument: str, column: str) -> None:
    options: dict[str, Any] = {argument: column}
    pattern = (
        rf"^Hierarchy\.from_frame: column '{column}' \(for {argument}=\) is not in the table; "
    )
    with pytest.raises(SchemaError, match=pattern):
        Hierarchy.from_frame(table(), **options)


def test_from_frame_parses_text_cells() -> None:
    t = pd.DataFrame(
        {
            "code": ["i1", "i2", "T"],
            "parent": ["T", "T", ""],  # an empty parent is the top
            "level": ["1", "x", "2"],  # 'x' is not a level: -1, reported
            "weight": [1.0, "x", 1.0],  # 'x' is not a weight: NaN, reported
            "direction": ["?", 2, None],  # '?' and a missing direction are +1; 2 is reported
        }
    )
    with pytest.raises(ValidationError) as info:
        Hierarchy.from_frame(t)
    # only row 1 fails, in the order level, weight, direction; T (parent '') is the top
    assert cases(info.value) == [
        (1, "level", "level is an integer >= 1", "-1", Reason.OUT_OF_RANGE),
        (1, "weight", "finite weight >= 0", "nan", Reason.OUT_OF_RANGE),
        (1, "direction", "direction is +1 or -1", "2.0", Reason.OUT_OF_RANGE),
    ]


def test_from_frame_text_cells_that_parse() -> None:
    t = pd.DataFrame(
        {
            "code": ["i1", "i2", "T"],
            "parent": ["T", "T", ""],
            "level": ["1", "1", "2"],
            "weight": ["2", 1.0, 1.0],
            "direction": ["?", -1, None],
        }
    )
    h = Hierarchy.from_frame(t)
    assert h.parents == ("T", "T", None)
    assert h.levels == (1, 1, 2)
    assert h.weights == (2.0, 1.0, 1.0)
    assert h.directions == (1.0, -1.0, 1.0)


def test_validation_error_names_the_table_and_gives_a_hint() -> None:
    with pytest.raises(ValidationError) as info:
        Hierarchy(
            codes=["i1", "i1"],
            parents=[None, None],
            levels=[1, 1],
            weights=[1, 1],
            directions=[1, 1],
        )
    assert info.value.table == "hierarchy"
    assert info.value.where == "Hierarchy"
    assert info.value.hint == "rows are positions in the hierarchy table; level 1 holds indicators."


def test_group_checks_are_listed() -> None:
    with pytest.raises(ValidationError) as info:
        Hierarchy(
            codes=["i1", "x", "A", "B", "T"],
            parents=["A", "i1", "T", "T", None],
            levels=[1, 1, 2, 2, 3],
            weights=[0.0, 1.0, 1.0, 1.0, 1.0],
            directions=[1, 1, 1, 1, 1],
        )
    # row loop: x (level 1) under i1 (level 1); then the group checks in row order:
    # i1 is an indicator with a child, A's only child has weight 0, B (level 2) has none
    assert cases(info.value) == [
        (1, "level", "parent 'i1' (level 1) above child", "1", Reason.OUT_OF_RANGE),
        (0, "level", "indicators (level 1) have no children", "i1", Reason.OUT_OF_RANGE),
        (2, "weight", "some child weight > 0", "A", Reason.OUT_OF_RANGE),
        (3, "code", "aggregates have children", "B", Reason.MISSING_VALUE),
    ]


def test_cycles_are_listed() -> None:
    with pytest.raises(ValidationError) as info:
        Hierarchy(
            codes=["a", "b", "T"],
            parents=["b", "a", None],
            levels=[1, 2, 3],
            weights=[1.0, 1.0, 1.0],
            directions=[1, 1, 1],
        )
    # b (level 2) under a (level 1); a -> b -> a and b -> a -> b are cycles; then a is an
    # indicator with a child and T (level 3) has no children
    assert cases(info.value) == [
        (1, "level", "parent 'a' (level 1) above child", "2", Reason.OUT_OF_RANGE),
        (0, "parent", "no cycles", "a", Reason.OUT_OF_RANGE),
        (1, "parent", "no cycles", "b", Reason.OUT_OF_RANGE),
        (0, "level", "indicators (level 1) have no children", "a", Reason.OUT_OF_RANGE),
        (2, "code", "aggregates have children", "T", Reason.MISSING_VALUE),
    ]


_FIELDS = {
    "codes": ["i1", "T"],
    "parents": ["T", None],
    "levels": [1, 2],
    "weights": [1.0, 1.0],
    "directions": [1, 1],
}


@pytest.mark.parametrize(
    ("field", "junk", "argument"),
    [
        ("codes", None, "codes"),  # 'NoneType' object is not iterable
        ("codes", "i1", "codes"),  # a text was read as the codes 'i', '1'
        ("codes", {"i1": 1, "T": 2}, "codes"),  # a mapping: its keys were read
        ("codes", [["i1"], "T"], "codes[0]"),  # a list became the code "['i1']"
        ("parents", ["T", 0.5], "parents[1]"),
        ("levels", [1, "2"], "levels[1]"),  # int("2") read the text
        ("levels", [1, 2.5], "levels[1]"),  # int(2.5) truncated to 2
        ("weights", ["1", 1], "weights[0]"),  # float("1") read the text
        ("directions", [1, None], "directions[1]"),
    ],
)
def test_junk_fields_name_the_field_and_the_item(field: str, junk: object, argument: str) -> None:
    """Each field is a sequence of one kind of item; anything else is an InputTypeError."""
    with pytest.raises(InputTypeError, match=rf"^Hierarchy: argument '{re.escape(argument)}' must"):
        Hierarchy(**{**_FIELDS, field: junk})
    assert Hierarchy(**_FIELDS).codes == ("i1", "T")
