"""Hierarchy cases written for the mutants of ``_hierarchy`` (issue #7).

Every expected value is worked out by hand in a comment.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, SchemaError
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
