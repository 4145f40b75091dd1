"""No silent coercion of values into something else (#16, class 7).

- Ledger counts above 2**53 are refused as the docs say (2**53 + 1 used to be rounded
  to 2**53 by the float conversion and accepted).
- A list or mapping in a text cell (an id, a source, notes) is rejected per row; it used
  to become its ``repr`` (``"['a', 'b']"``).
- A bare year or month (``2025``, ``2025-03``) in a ``date`` is never read as 1 January
  (or the 1st), as pandas did silently: an observation's becomes its whole month or
  year (issue #18, ``tests/test_date_spans.py``), a ledger date is rejected as
  ``imprecise_date``; other partial dates (``202503``, the number 2025) are unparseable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest

from progress_indicators.sources import ManualSource
from progress_indicators.validation import validate_humanitarian, validate_observations
from tests._factories import event, obs, table

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    "count", [2**53 + 1, "9007199254740993", " 9007199254740993 ", 2**64, "1e400"], ids=repr
)
def test_ledger_counts_above_two_to_the_53_are_rejected(count: Any) -> None:
    """The values the float conversion rounds onto 2**53 (or past it) are out of range."""
    rows = pd.DataFrame([event("e1", "2025-01-01", n=5)]).astype({"returned_to_ukraine": object})
    rows.loc[0, "returned_to_ukraine"] = count
    result = validate_humanitarian(rows, on_invalid="quarantine")
    assert result.accounting["rejected"] == 1
    assert set(result.rejected["reason"]) <= {"out_of_range", "non_finite_value"}


@pytest.mark.parametrize("count", [2**53, "9007199254740992", 2**53 - 1, 0], ids=repr)
def test_ledger_counts_up_to_two_to_the_53_are_kept_exactly(count: Any) -> None:
    """The bound itself and everything below it are accepted with their exact value."""
    rows = pd.DataFrame([event("e1", "2025-01-01", n=5)]).astype({"returned_to_ukraine": object})
    rows.loc[0, "returned_to_ukraine"] = count
    result = validate_humanitarian(rows, on_invalid="quarantine")
    assert result.accounting["rejected"] == 0
    assert int(result.table["returned_to_ukraine"].iloc[0]) == int(count)


def test_int64_counts_above_the_bound_are_rejected_too() -> None:
    """A numpy int64 column (Parquet, pandas) is checked from its integers as well."""
    rows = pd.DataFrame([event("e1", "2025-01-01", n=5), event("e2", "2025-01-02", n=5)])
    rows["returned_to_ukraine"] = pd.array([2**53 + 1, 2**53], dtype="int64")
    result = validate_humanitarian(rows, on_invalid="quarantine")
    assert result.rejected["row"].tolist() == [0]
    assert result.rejected["check"].tolist() == ["<= 2**53"]


@pytest.mark.parametrize("cell", [["a", "b"], {"id": 1}, ("a",), {"a"}], ids=repr)
@pytest.mark.parametrize("column", ["observation_id", "source", "notes", "region"])
def test_a_container_in_a_text_cell_is_rejected_not_its_repr(cell: Any, column: str) -> None:
    """``["a", "b"]`` as an id used to be stored as the text "['a', 'b']"."""
    rows = table(
        obs("x1", "attack_events", "2025-01-01", 3), obs("x2", "attack_events", "2025-01-02", 3)
    )
    rows[column] = rows.get(column, pd.Series([None, None])).astype(object)
    rows.at[0, column] = cell
    result = validate_observations(rows, on_invalid="quarantine")
    assert result.rejected["row"].tolist() == [0]
    assert result.rejected["column"].tolist() == [column]
    assert result.rejected["reason"].tolist() == ["malformed_record"]
    assert result.table["observation_id"].tolist() == ["x2"]


def test_a_list_as_an_id_in_a_manual_file_is_rejected(tmp_path: Path) -> None:
    """The same rule reaches YAML input: a flow list as an id is a reject with its line."""
    path = tmp_path / "evidence.yaml"
    path.write_text(
        "observations:\n"
        "  - observation_id: [a, b]\n"
        "    indicator: sovereignty_respect\n"
        "    metric: provision_annexation\n"
        "    date: '2022-09-30'\n"
        "    value: 0\n"
        "    unit: pam_0_3\n"
        "    source: decree\n"
        "    verification: verified\n"
        "    reliability: B\n"
        "    credibility: 2\n",
        encoding="utf-8",
    )
    evidence = ManualSource(path).read(on_invalid="quarantine")
    assert evidence.rejected[["row", "column", "reason"]].values.tolist() == [
        [2, "observation_id", "malformed_record"]
    ]


@pytest.mark.parametrize("date", ["202503", 2025])
def test_a_bare_year_or_month_is_no_date(date: Any) -> None:
    """``202503`` or the number 2025 is no day and no month text: rejected as unparseable.

    (``2025`` and ``2025-03`` as text are spans since issue #18: see test_date_spans.py.)
    """
    rows = table(obs("x1", "attack_events", "2025-01-01", 3)).astype({"date": object})
    rows.at[0, "date"] = date
    result = validate_observations(rows, on_invalid="quarantine")
    assert result.rejected["reason"].tolist() == ["unparseable_date"]


def test_a_bare_year_in_a_ledger_date_is_rejected() -> None:
    """The ledger's ``date`` is one day: a year is rejected as imprecise (issue #18)."""
    rows = pd.DataFrame([event("e1", "2025")])
    result = validate_humanitarian(rows, on_invalid="quarantine")
    assert result.rejected["reason"].tolist() == ["imprecise_date"]


@pytest.mark.parametrize("date", ["2025-03-01", "20250301", "2025-03-01T10:00:00Z"])
def test_full_dates_are_still_read(date: str) -> None:
    """Full ISO dates (basic or extended, with a time) are unchanged."""
    rows = table(obs("x1", "attack_events", date, 3))
    result = validate_observations(rows, on_invalid="quarantine")
    assert result.accounting["rejected"] == 0
    assert result.table["date"].iloc[0] == pd.Timestamp("2025-03-01")
