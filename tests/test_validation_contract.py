"""Exact behaviour of humanitarian validation, hints and failure cases (kills mutants).

Written from the mutants mutmut left alive in ``validation.py``: each test pins one
observable detail (a reason code, a column, a dtype, a hint) that a changed operator
or constant would alter.
"""

from __future__ import annotations

import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.model import HUMANITARIAN_COLUMNS
from progress_indicators.validation import (
    coerce_dates,
    empty_failure_cases,
    validate_humanitarian,
    validate_observations,
)
from tests._factories import event, obs, table


def _obs(observation_id: str = "o-1", /, **change: object) -> dict[str, object]:
    row = obs(observation_id, "attack_events", "2024-03-01", 3)
    row.update(change)
    return row


def _reasons(rows: list[dict[str, object]]) -> list[tuple[int, str, str]]:
    result = validate_humanitarian(pd.DataFrame(rows), on_invalid="quarantine")
    cases = result.rejected
    return list(zip(cases["row"].tolist(), cases["column"], cases["reason"], strict=True))


def test_humanitarian_each_check_names_row_column_and_reason() -> None:
    """Every humanitarian check rejects its own row with its column and reason code."""
    rows = [
        event("ok", "2025-05-23"),
        event("", "2025-05-23"),
        event("bad-date", "23/05/2025"),
        event("bad-kind", "2025-05-23", kind="tea_party"),
        event("neg", "2025-05-23", n=-2),
        event("ok", "2025-05-24"),
    ]
    rows[1]["event_id"] = " "
    rows.append({**event("no-source", "2025-05-23"), "source": ""})
    rows.append({**event("grade", "2025-05-23"), "verification": "pinky_swear"})
    rows.append({**event("huge", "2025-05-23"), "returned_to_ukraine": 2.0**60})
    rows.append({**event("text", "2025-05-23"), "returned_to_russia": "many"})
    got = _reasons(rows)
    assert (1, "event_id", "missing_value") in got
    assert (2, "date", "unparseable_date") in got
    assert (3, "kind", "unknown_kind") in got
    assert (4, "returned_to_ukraine", "negative_count") in got
    assert (4, "returned_to_russia", "negative_count") in got
    assert (5, "event_id", "duplicate_id") in got
    assert (6, "source", "missing_value") in got
    assert (7, "verification", "unknown_verification") in got
    assert (8, "returned_to_ukraine", "out_of_range") in got
    assert (9, "returned_to_russia", "not_a_number") in got
    assert all(row != 0 for row, _, _ in got)


def test_humanitarian_accepted_rows_have_ledger_dtypes_and_order() -> None:
    """Accepted rows keep the contract's column order, Int64 counts and categories."""
    rows = [event("a", "2025-05-23T10:00:00+03:00", n=3), event("b", "2025-05-24", n=None)]
    rows[0]["kind"] = " POW_Exchange "
    rows[0]["verification"] = "Verified"
    result = validate_humanitarian(pd.DataFrame(rows))
    table_ = result.table
    assert list(table_.columns) == list(HUMANITARIAN_COLUMNS)
    assert str(table_["returned_to_ukraine"].dtype) == "Int64"
    assert table_["returned_to_ukraine"].tolist()[0] == 3
    assert table_["returned_to_ukraine"].isna().tolist() == [False, True]
    assert table_["kind"].tolist() == ["pow_exchange", "pow_exchange"]
    assert table_["verification"].tolist()[0] == "verified"
    assert table_["date"].tolist() == [pd.Timestamp("2025-05-23"), pd.Timestamp("2025-05-24")]
    assert result.accounting == {"read": 2, "accepted": 2, "rejected": 0, "routed": 0}


def test_humanitarian_raise_mode_lists_every_bad_row() -> None:
    """In raise mode one ValidationError carries every failure case of the ledger."""
    rows = [event("a", "2025-05-23", kind="x"), event("b", "nope"), event("c", "2025-05-23")]
    with pytest.raises(pi.ValidationError) as caught:
        validate_humanitarian(pd.DataFrame(rows), where="ledger.csv")
    error = caught.value
    assert error.table == "humanitarian"
    assert sorted(error.failure_cases["row"].tolist()) == [0, 1]
    assert "ledger.csv" in str(error)


def test_humanitarian_missing_column_is_reported_with_the_list() -> None:
    """A ledger without ``kind`` names the column and the required ones."""
    frame = pd.DataFrame([event("a", "2025-05-23")]).drop(columns=["kind"])
    with pytest.raises(pi.ValidationError, match="missing_column") as caught:
        validate_humanitarian(frame)
    assert caught.value.failure_cases["column"].tolist() == ["kind"]


@pytest.mark.parametrize(
    ("change", "hint"),
    [
        ({"indicator": "world_peace"}, "indicator must be one of cessation_of_attacks"),
        ({"date": "03/01/2024"}, "write dates as YYYY-MM-DD."),
        ({"reliability": "Z"}, "use on_invalid='quarantine'"),
    ],
)
def test_observation_errors_end_with_the_reason_specific_hint(
    change: dict[str, object], hint: str
) -> None:
    """The hint matches the failure: indicators listed, date format, or quarantine."""
    with pytest.raises(pi.ValidationError) as caught:
        validate_observations(table(_obs("o-1", **change)))
    assert f"Hint: {hint}" in str(caught.value)


def test_duplicate_id_hint() -> None:
    """Duplicate ids get the 'own observation_id' hint."""
    with pytest.raises(pi.ValidationError, match="give each observation its own"):
        validate_observations(table(_obs(), _obs()))


def test_empty_failure_cases_has_the_tidy_columns_and_dtypes() -> None:
    """The empty frame has ``row`` as Int64 and the other columns as objects."""
    cases = empty_failure_cases()
    assert list(cases.columns) == ["row", "column", "check", "value", "reason"]
    assert str(cases["row"].dtype) == "Int64"
    assert all(cases[c].dtype == object for c in ["column", "check", "value", "reason"])
    assert len(cases) == 0


def test_bounds_distinguish_negative_counts_from_out_of_range() -> None:
    """A negative count is ``negative_count``; a score above its maximum is out of range."""
    got = validate_observations(
        table(
            _obs("neg", value=-1),
            obs("max", "provision_annexation", "2024-03-01", 9),
            obs("min", "provision_annexation", "2024-03-01", -1),
        ),
        on_invalid="quarantine",
    ).rejected
    by_row = dict(zip(got["row"], got["reason"], strict=True))
    assert by_row == {0: "negative_count", 1: "out_of_range", 2: "out_of_range"}


def test_coerce_dates_never_raises_on_hostile_values() -> None:
    """Out-of-range, mixed-offset and junk dates become NaT; aware ones go to UTC."""
    values = pd.Series(
        ["2024-03-01T23:30:00-11:00", "2024-03-01", "9999-12-31", "junk", None, "0001-01-01"]
    )
    parsed = coerce_dates(values)
    assert str(parsed.dtype) == "datetime64[ns]"
    assert parsed.tolist()[:2] == [pd.Timestamp("2024-03-02T10:30:00"), pd.Timestamp("2024-03-01")]
    assert parsed.isna().tolist() == [False, False, True, True, True, True]
