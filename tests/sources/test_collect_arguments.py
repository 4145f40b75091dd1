"""``collect``, ``deduplicate`` and ``reconcile_ledger`` name a junk argument (#16, class 4).

Each case raised a raw ``KeyError``, ``IndexError``, ``TypeError`` or ``ValueError``
from pandas or numpy, or hung (``ledger_days=2**70`` joined the ledger once per day).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, InputTypeError, ValidationError
from progress_indicators.sources import collect, deduplicate, reconcile_ledger
from progress_indicators.validation import validate_humanitarian, validate_observations
from tests._factories import event, obs, table

_KEY = ("indicator", "metric", "unit", "date", "end_date")


def _ledger() -> pd.DataFrame:
    """Two lists of one exchange, a day apart, and a later one."""
    rows = table(
        event("a1", "2025-05-23"),
        event("b1", "2025-05-24"),
        event("b2", "2025-06-30"),
    )
    rows["source"] = ["list A", "list B", "list B"]
    return validate_humanitarian(rows).table


def _observations() -> pd.DataFrame:
    return validate_observations(
        table(
            obs("o1", "attack_events", "2024-03-01", 4.0, source="A"),
            obs("o2", "attack_events", "2024-03-01", 4.0, source="B"),
        )
    ).table


def test_reconcile_ledger_of_an_observation_table_lists_the_missing_columns() -> None:
    """An observation table raised ``KeyError: 'kind'``; now every missing column is named."""
    with pytest.raises(ValidationError, match="reconcile_ledger") as info:
        reconcile_ledger(_observations())
    assert sorted(info.value.failure_cases["column"]) == [
        "event_id",
        "kind",
        "returned_to_russia",
        "returned_to_ukraine",
    ]


@pytest.mark.parametrize(
    ("options", "error", "argument"),
    [
        ({"days": -1}, ConfigError, "days"),
        ({"days": 1.5}, InputTypeError, "days"),
        ({"days": "1"}, InputTypeError, "days"),
        ({"days": True}, InputTypeError, "days"),
        ({"tolerance": -1}, ConfigError, "tolerance"),
        ({"tolerance": math.nan}, ConfigError, "tolerance"),  # nan matched nothing, silently
        ({"tolerance": math.inf}, ConfigError, "tolerance"),
        ({"tolerance": "0.1"}, InputTypeError, "tolerance"),
        ({"datasets": pd.Series(["A"])}, ConfigError, "datasets"),  # pandas' length error
        ({"datasets": "A"}, InputTypeError, "datasets"),
    ],
)
def test_reconcile_ledger_names_a_junk_option(
    options: dict[str, Any], error: type[Exception], argument: str
) -> None:
    """Each option says what it takes, what came, and a hint."""
    with pytest.raises(error, match=f"^reconcile_ledger: argument '{argument}' must be") as info:
        reconcile_ledger(_ledger(), **options)
    assert "\nHint: " in str(info.value)


def test_a_day_window_wider_than_the_ledger_matches_as_the_ledger_span_does() -> None:
    """``days=2**70`` looped once per day for ever; a window past the span changes nothing."""
    ledger = _ledger()
    span = (ledger["date"].max() - ledger["date"].min()).days
    wide, wide_reported, _ = reconcile_ledger(ledger, days=2**70)
    exact, exact_reported, _ = reconcile_ledger(ledger, days=span)
    pd.testing.assert_frame_equal(wide, exact)
    pd.testing.assert_frame_equal(wide_reported, exact_reported)
    assert wide["event_id"].tolist() == ["a1", "b2"]  # list B's row of 05-24 joined a1
    same_day, _, _ = reconcile_ledger(ledger)
    assert len(same_day) == 3


def test_datasets_label_the_rows_by_position() -> None:
    """``datasets`` is read row by row, whatever its index (the table's is reset)."""
    ledger = _ledger().assign(source="one reporter")
    labels = pd.Series(["A", "B", "B"], index=[10, 11, 12])
    _, reported, _ = reconcile_ledger(ledger, datasets=labels, days=1)
    assert sorted(reported["dataset"]) == ["A", "B", "B"]
    assert reported["id"].nunique() == 2  # A's row and B's first row are one event


@pytest.mark.parametrize(
    ("options", "error", "argument"),
    [
        ({"values": ""}, InputTypeError, "values"),  # IndexError before
        ({"values": "value"}, InputTypeError, "values"),  # read as columns v, a, l, u, e
        ({"key": []}, ConfigError, "key"),
        ({"key": [1]}, InputTypeError, "key"),
        ({"id_column": 5}, InputTypeError, "id_column"),
        ({"tolerance": math.nan}, ConfigError, "tolerance"),
        ({"tolerance": -0.5}, ConfigError, "tolerance"),
        ({"datasets": ["A"]}, ConfigError, "datasets"),
    ],
)
def test_deduplicate_names_a_junk_option(
    options: dict[str, Any], error: type[Exception], argument: str
) -> None:
    """Each option is checked before the rows are grouped."""
    arguments: dict[str, Any] = {"id_column": "observation_id", "key": _KEY, "values": ["value"]}
    with pytest.raises(error, match=f"^deduplicate: argument '{argument}' must be"):
        deduplicate(_observations(), **(arguments | options))


def test_deduplicate_lists_columns_it_cannot_find() -> None:
    """A misspelt key column raised ``KeyError``; it is a ``ValidationError`` naming it."""
    with pytest.raises(ValidationError, match="deduplicate") as info:
        deduplicate(_observations(), id_column="observation_id", key=["metrik"], values=["valeu"])
    assert sorted(info.value.failure_cases["column"]) == ["metrik", "valeu"]


def test_deduplicate_still_merges_two_reporters() -> None:
    """The checks leave a correct call as it was: two reporters of one value, one row."""
    out, reported = deduplicate(
        _observations(), id_column="observation_id", key=_KEY, values=("value",)
    )
    assert len(out) == 1
    assert sorted(reported["reporter"]) == ["A", "B"]


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"tolerance": math.nan}, ConfigError),
        ({"ledger_tolerance": -1}, ConfigError),
        ({"ledger_tolerance": "0.25"}, InputTypeError),
        ({"ledger_days": 2.0}, InputTypeError),
    ],
)
def test_collect_checks_its_options_like_the_functions_it_calls(
    options: dict[str, Any], error: type[Exception]
) -> None:
    """The same messages as ``reconcile_ledger``/``deduplicate``, naming ``collect``."""
    (argument,) = options
    with pytest.raises(error, match=f"^collect: argument '{argument}' must be"):
        collect([], **options)


def test_collect_takes_huge_but_valid_options() -> None:
    """``tolerance=2**70`` raised numpy's ``isfinite`` ``TypeError``; it is a finite number."""
    combined = collect([], tolerance=2**70, ledger_tolerance=2**70, ledger_days=2**70)
    assert combined.accounting["read"] == 0
