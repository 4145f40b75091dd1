"""Exact behaviour of humanitarian validation, hints and failure cases (kills mutants).

Written from the mutants mutmut left alive in ``validation.py``: each test pins one
observable detail (a reason code, a column, a dtype, a hint) that a changed operator
or constant would alter.
"""

from __future__ import annotations

import re
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import progress_indicators as pi
from progress_indicators.model import (
    DEFAULT_METRICS,
    HUMANITARIAN_COLUMNS,
    OBSERVATION_COLUMNS,
    Goalposts,
    Indicator,
    MetricSpec,
)
from progress_indicators.validation import (
    _engine_checks,
    coerce_dates,
    empty_failure_cases,
    validate_engine_observations,
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


# -- the whole failure_cases frame, messages and hints (second mutation pass) ------------

_INDICATORS = "cessation_of_attacks, verified_withdrawal, sovereignty_respect, narrative_denial"
_GRADES = "claimed, reported, corroborated, verified, disputed, refuted"
_LETTERS = "A, B, C, D, E, F"


def _text_row(observation_id: str, /, **change: object) -> dict[str, object]:
    """An attack_events row written as text (so each failure's ``value`` is that text)."""
    row: dict[str, object] = {
        "observation_id": observation_id,
        "indicator": "cessation_of_attacks",
        "metric": "attack_events",
        "date": "2024-03-01",
        "end_date": None,
        "value": "3",
        "unit": "events",
        "source": "monitor",
        "verification": "verified",
        "reliability": "A",
        "credibility": "1",
        "latitude": None,
        "longitude": None,
    }
    row.update(change)
    return row


def _same_cases(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal failure cases; ``value`` compared as objects, missing as None.

    pandas infers a text dtype for an all-text ``value`` column, and its missing marker
    (NaN or NA) follows the input column's dtype.
    """

    def plain(cases: pd.DataFrame) -> pd.DataFrame:
        values = cases["value"].astype(object)
        return cases.assign(value=values.where(values.notna(), None))

    pd.testing.assert_frame_equal(plain(got), plain(expected))


def _cases(rows: list[tuple[int, str, str, object, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": pd.array([r[0] for r in rows], dtype="Int64"),
            "column": [r[1] for r in rows],
            "check": [r[2] for r in rows],
            "value": pd.Series([r[3] for r in rows], dtype=object),
            "reason": [r[4] for r in rows],
        }
    )


def test_observation_failure_cases_are_exact() -> None:
    """Every check's row, column, check text, raw value and reason; sorted by row, column."""
    rows = [
        _text_row("ok"),
        _text_row(" "),
        _text_row("r2", indicator="peace"),
        _text_row("r3", date="2024-13-01"),
        _text_row("r4", date="  "),
        _text_row("r5", value="many"),
        _text_row("r6", value="inf"),
        _text_row("r7", value="-1"),
        _text_row(
            "r8",
            indicator="sovereignty_respect",
            metric="provision_annexation",
            unit="pam_0_3",
            value="4",
        ),
        _text_row(
            "r9",
            indicator="sovereignty_respect",
            metric="provision_annexation",
            unit="pam_0_3",
            value="-0.5",
        ),
        _text_row("r10", verification="rumour"),
        _text_row("r11", reliability="g"),
        _text_row("r12", credibility="0"),
        _text_row("r13", end_date="2024-02-29"),
        _text_row("r14", end_date="soon"),
        _text_row("r15", latitude="90.5"),
        _text_row("r16", longitude="-180.5"),
        _text_row("r17", latitude="north"),
        _text_row("ok"),
        _text_row("r19", metric=""),
        _text_row("r20", unit=" ", source=""),
        _text_row("r21", value=""),
        _text_row("r22", credibility="7"),
        _text_row("r23", metric="pow_exchange"),
        _text_row("r24", indicator=" POW_Exchange "),
        _text_row("r25", credibility="2.5"),
        _text_row("r26", longitude="1e400"),
        _text_row("r27", value="-inf"),
        _text_row("", value="x"),
        _text_row("r29", credibility="high"),
    ]
    result = validate_observations(table(*rows), on_invalid="quarantine")
    expected = _cases(
        [
            (1, "observation_id", "is not empty", " ", "missing_value"),
            (2, "indicator", f"one of {_INDICATORS}", "peace", "unknown_indicator"),
            (3, "date", "is a date (YYYY-MM-DD)", "2024-13-01", "unparseable_date"),
            (4, "date", "is not empty", "  ", "missing_value"),
            (5, "value", "is a number", "many", "not_a_number"),
            (6, "value", "is finite", "inf", "non_finite_value"),
            (7, "value", ">= 0 for a count", "-1", "negative_count"),
            (8, "value", "<= the metric's maximum", "4", "out_of_range"),
            (9, "value", ">= the metric's minimum", "-0.5", "out_of_range"),
            (10, "verification", f"one of {_GRADES}", "rumour", "unknown_verification"),
            (11, "reliability", f"one of {_LETTERS}", "g", "invalid_reliability"),
            (12, "credibility", "an integer 1-6", "0", "invalid_credibility"),
            (13, "end_date", "end_date >= date", "2024-02-29", "end_before_start"),
            (14, "end_date", "is a date (YYYY-MM-DD)", "soon", "unparseable_date"),
            (15, "latitude", "between -90.0 and 90.0", "90.5", "out_of_range"),
            (16, "longitude", "between -180.0 and 180.0", "-180.5", "out_of_range"),
            (17, "latitude", "is a number", "north", "not_a_number"),
            (18, "observation_id", "is unique", "ok", "duplicate_id"),
            (19, "metric", "is not empty", "", "missing_value"),
            (20, "source", "is not empty", "", "missing_value"),
            (20, "unit", "is not empty", " ", "missing_value"),
            (21, "value", "is not empty", "", "missing_value"),
            (22, "credibility", "an integer 1-6", "7", "invalid_credibility"),
            (23, "indicator", "is not a humanitarian event", "pow_exchange", "humanitarian_event"),
            (24, "indicator", "is not a humanitarian event", "pow_exchange", "humanitarian_event"),
            (25, "credibility", "an integer 1-6", "2.5", "invalid_credibility"),
            (26, "longitude", "is finite", "1e400", "non_finite_value"),
            (27, "value", "is finite", "-inf", "non_finite_value"),
            (28, "observation_id", "is not empty", "", "missing_value"),
            (28, "value", "is a number", "x", "not_a_number"),
            (29, "credibility", "an integer 1-6", "high", "invalid_credibility"),
        ]
    )
    _same_cases(result.rejected, expected)
    assert result.accounting == {"read": 30, "accepted": 1, "rejected": 29, "routed": 0}
    assert result.table.index.tolist() == [0]


def test_observation_boundaries_are_accepted() -> None:
    """Values on every bound pass: credibility 1 and 6, coordinates +-90/+-180, end == start."""
    rows = [
        _text_row("a", credibility="6", latitude="-90", longitude="180", end_date="2024-03-01"),
        _text_row("b", credibility="1", latitude="90", longitude="-180", value="0"),
        _text_row(
            "c",
            indicator="sovereignty_respect",
            metric="provision_annexation",
            unit="pam_0_3",
            value="3",
        ),
        _text_row(
            "d",
            indicator="sovereignty_respect",
            metric="provision_annexation",
            unit="pam_0_3",
            value="0",
        ),
        _text_row("e", metric="a_metric_without_spec", value="-7"),
    ]
    result = validate_observations(table(*rows))
    got = result.table
    assert result.accounting == {"read": 5, "accepted": 5, "rejected": 0, "routed": 0}
    assert got["credibility"].tolist() == [6, 1, 1, 1, 1]
    assert str(got["credibility"].dtype) == "int8"
    assert got["latitude"].tolist()[:2] == [-90.0, 90.0]
    assert got["longitude"].tolist()[:2] == [180.0, -180.0]
    assert got["value"].tolist() == [3.0, 0.0, 3.0, 0.0, -7.0]
    assert got["end_date"].tolist()[0] == pd.Timestamp("2024-03-01")
    assert str(got["indicator"].dtype) == "category"
    assert got["reliability"].cat.ordered
    assert got["reliability"].cat.categories.tolist() == ["A", "B", "C", "D", "E", "F"]


def _level(name: str, minimum: float | None = None, maximum: float | None = None) -> MetricSpec:
    """A withdrawal level metric in unit ``u`` with the given bounds (goalposts 0-10)."""
    return MetricSpec(
        name=name,
        indicator=Indicator.VERIFIED_WITHDRAWAL,
        unit="u",
        kind="level",
        aggregation="last",
        goalposts=Goalposts(worst=0.0, best=10.0),
        minimum=minimum,
        maximum=maximum,
    )


def test_custom_metric_bounds_and_kinds() -> None:
    """Bounds come from the metrics passed; a count below its minimum is a negative count."""
    level = _level("lvl", 2.0, 5.0)
    count = MetricSpec(
        name="cnt",
        indicator=Indicator.CESSATION_OF_ATTACKS,
        unit="u",
        kind="count",
        aggregation="sum",
        goalposts=Goalposts(worst=10.0, best=0.0),
        minimum=1.0,
    )
    free = _level("free")
    rows = [
        _text_row("a", metric="lvl", unit="u", value="2"),
        _text_row("b", metric="lvl", unit="u", value="5"),
        _text_row("c", metric="lvl", unit="u", value="1.5"),
        _text_row("d", metric="lvl", unit="u", value="5.5"),
        _text_row("e", metric="cnt", unit="u", value="0.5"),
        _text_row("f", metric="cnt", unit="u", value="1"),
        _text_row("g", metric="free", unit="u", value="-1000"),
        _text_row("h", metric="attack_events", unit="u", value="-1"),
    ]
    got = validate_observations(
        table(*rows), metrics=[level, count, free], on_invalid="quarantine"
    ).rejected
    expected = _cases(
        [
            (2, "value", ">= the metric's minimum", "1.5", "out_of_range"),
            (3, "value", "<= the metric's maximum", "5.5", "out_of_range"),
            (4, "value", ">= 0 for a count", "0.5", "negative_count"),
        ]
    )
    _same_cases(got, expected)


def test_observation_error_message_is_exact() -> None:
    """The message: a head with counts and file, one line per case, the hint."""
    rows = [_text_row("a", value="x"), _text_row("b"), _text_row("c", reliability="Q", value="")]
    with pytest.raises(pi.ValidationError) as caught:
        validate_observations(table(*rows), where="obs.csv")
    assert str(caught.value) == (
        "3 failed check(s) on 2 row(s) of the observations table in obs.csv.\n"
        "  row 0, column 'value': is a number (got 'x') [not_a_number]\n"
        "  row 2, column 'reliability': one of A, B, C, D, E, F (got 'Q') "
        "[invalid_reliability]\n"
        "  row 2, column 'value': is not empty (got '') [missing_value]\n"
        "Hint: use on_invalid='quarantine' to keep the valid rows and inspect the rejects."
    )
    assert caught.value.table == "observations"
    assert caught.value.where == "obs.csv"


@pytest.mark.parametrize(
    ("changes", "hint"),
    [
        (
            [{"indicator": "x"}, {"date": "x"}, {"observation_id": "a"}],
            f"indicator must be one of {_INDICATORS}.",
        ),
        ([{"date": "x"}, {"observation_id": "a"}], "write dates as YYYY-MM-DD."),
        (
            [{"value": "x"}, {"observation_id": "a"}],
            "give each observation its own observation_id.",
        ),
    ],
)
def test_hint_priority(changes: list[dict[str, object]], hint: str) -> None:
    """Unknown indicator beats a bad date, which beats a duplicate id."""
    rows = [_text_row("a")] + [_text_row(f"r{i}", **c) for i, c in enumerate(changes)]
    with pytest.raises(pi.ValidationError) as caught:
        validate_observations(table(*rows))
    assert caught.value.hint == hint
    assert str(caught.value).endswith(f"\nHint: {hint}")


def test_humanitarian_rows_in_observations_message_is_exact() -> None:
    """Raise mode: a HumanitarianInScoringError counting the event rows, with only them."""
    rows = [
        _text_row("a"),
        _text_row("b", metric="child_return", value="x"),
        _text_row("c", indicator="Civilian_Release"),
    ]
    with pytest.raises(pi.HumanitarianInScoringError) as caught:
        validate_observations(table(*rows))
    assert str(caught.value) == (
        "2 row(s) of the observation table are humanitarian events (e.g. row 1: "
        "'child_return'). Humanitarian events are kept in a separate ledger and never move "
        "the Verified Progress Index.\nHint: pass them as humanitarian=... instead."
    )
    cases = caught.value.failure_cases
    assert cases is not None
    assert cases["row"].tolist() == [1, 2]
    assert cases["value"].tolist() == ["child_return", "civilian_release"]
    assert set(cases["reason"]) == {"humanitarian_event"}


def test_humanitarian_table_as_observations_message_is_exact() -> None:
    """A table with kind and no indicator is refused with the columns it has."""
    frame = pd.DataFrame([event("e", "2025-05-23")])
    with pytest.raises(pi.HumanitarianInScoringError) as caught:
        validate_observations(frame)
    assert str(caught.value) == (
        "this looks like a humanitarian table (it has columns ['event_id', 'kind'] and no "
        "'indicator'). Humanitarian events are kept in a separate ledger and never move the "
        "Verified Progress Index.\nHint: pass it as humanitarian=... instead of as "
        "observations."
    )
    only_kind = pd.DataFrame({"kind": ["pow_exchange"], "date": ["2025-05-23"]})
    with pytest.raises(pi.HumanitarianInScoringError, match=r"columns \['kind'\] and no"):
        validate_observations(only_kind)


def test_extra_kind_column_with_indicator_is_an_observation_table() -> None:
    """A ``kind`` column next to ``indicator`` does not make the table humanitarian."""
    frame = table(_text_row("a", kind="note", event_id="x"))
    result = validate_observations(frame)
    assert result.accounting["accepted"] == 1
    assert "kind" not in result.table.columns


def test_non_frame_messages_are_exact() -> None:
    """Both validators name their table and the type given."""
    with pytest.raises(pi.InputTypeError) as caught:
        validate_observations([1, 2])  # type: ignore[arg-type]
    assert str(caught.value) == (
        "the observations table must be a pandas DataFrame (got list).\n"
        "Hint: read files with a source (pi.load_source) or pandas first."
    )
    with pytest.raises(pi.InputTypeError) as caught:
        validate_humanitarian("ledger.csv")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "the humanitarian table must be a pandas DataFrame (got str).\n"
        "Hint: read files with a source (pi.load_source) or pandas first."
    )


@pytest.mark.parametrize("bad", [True, False])
def test_on_invalid_must_be_raise_or_quarantine(bad: bool) -> None:
    """Any other on_invalid is a ValueError naming the value, with or without bad rows."""
    rows = [_text_row("a", value="x" if bad else "1")]
    with pytest.raises(
        ValueError, match=r"^on_invalid must be 'raise' or 'quarantine' \(got 'skip'\)\nHint: "
    ):
        validate_observations(table(*rows), on_invalid="skip")  # type: ignore[arg-type]


def test_missing_columns_message_with_hints() -> None:
    """Each missing column is a case without a row; close names are suggested per column."""
    frame = table(_obs()).drop(columns=["credibility", "reliability"])
    with pytest.raises(pi.ValidationError) as caught:
        validate_observations(frame.rename(columns={"unit": "units"}), where="f.csv")
    assert str(caught.value) == (
        "3 failed check(s) on 0 row(s) of the observations table in f.csv.\n"
        "  row -, column 'credibility': column is present (got None) [missing_column]\n"
        "  row -, column 'reliability': column is present (got None) [missing_column]\n"
        "  row -, column 'unit': column is present (got None) [missing_column]\n"
        "Hint: for 'unit': Did you mean 'units'?"
    )
    cases = caught.value.failure_cases
    assert cases["row"].isna().all()
    assert str(cases["row"].dtype) == "Int64"
    assert cases["value"].isna().all()
    assert caught.value.where == "f.csv"


def test_missing_columns_without_close_names_list_the_required_ones() -> None:
    """No close name: the hint lists every required column."""
    frame = table(_obs()).drop(columns=["source"])
    with pytest.raises(pi.ValidationError) as caught:
        validate_observations(frame)
    assert caught.value.hint == (
        "required columns are observation_id, indicator, metric, date, value, unit, source, "
        "verification, reliability, credibility."
    )


def test_two_close_hints_are_joined() -> None:
    """Two missing columns with close names: both hints, joined by '; '."""
    frame = table(_obs()).rename(columns={"unit": "units", "source": "sources"})
    with pytest.raises(pi.ValidationError) as caught:
        validate_observations(frame)
    assert caught.value.hint == (
        "for 'unit': Did you mean 'units'?; for 'source': Did you mean 'sources'?"
    )


def test_rows_are_positions_whatever_the_index() -> None:
    """The caller's index is dropped: rows and the accepted table use input positions."""
    frame = table(_text_row("a"), _text_row("b", value="x"), _text_row("c"))
    frame.index = pd.Index([10, 20, 30], name="region")
    result = validate_observations(frame, on_invalid="quarantine")
    assert result.rejected["row"].tolist() == [1]
    assert result.table.index.tolist() == [0, 2]
    # an index named like an optional column is dropped, not read as that column
    assert result.table["region"].isna().all()


def test_humanitarian_failure_cases_are_exact() -> None:
    """Each ledger check's case: counts >= 0, <= 2**53, whole; ids unique; 2**53 itself passes."""
    rows = [
        event("a", "2025-05-23", n=0),
        event("b", "2025-05-23"),
        event("c", "2025-05-23"),
        event("d", "2025-05-23"),
        event("e", "2025-05-23"),
        event("a", "2025-05-23"),
        event("g", "2025-05-23"),
    ]
    rows[1]["returned_to_ukraine"] = "-1"
    rows[2]["returned_to_russia"] = str(2**53 + 2)
    rows[3]["returned_to_ukraine"] = "2.5"
    rows[4]["returned_to_russia"] = "lots"
    rows[6]["returned_to_ukraine"] = str(2**53)
    rows[6]["kind"] = "Tea"
    result = validate_humanitarian(pd.DataFrame(rows), on_invalid="quarantine")
    expected = _cases(
        [
            (1, "returned_to_ukraine", ">= 0", "-1", "negative_count"),
            (2, "returned_to_russia", "<= 2**53", str(2**53 + 2), "out_of_range"),
            (3, "returned_to_ukraine", "a whole number", "2.5", "not_a_number"),
            (4, "returned_to_russia", "is a number", "lots", "not_a_number"),
            (5, "event_id", "is unique", "a", "duplicate_id"),
            (
                6,
                "kind",
                f"one of {', '.join(k.value for k in pi.HumanitarianKind)}",
                "Tea",
                "unknown_kind",
            ),
        ]
    )
    _same_cases(result.rejected, expected)
    assert result.accounting == {"read": 7, "accepted": 1, "rejected": 6, "routed": 0}
    assert result.table["returned_to_ukraine"].tolist() == [0]


def test_humanitarian_largest_count_is_kept_exactly() -> None:
    """2**53 is accepted and stored as that integer (not NaN, not rounded)."""
    rows = [event("a", "2025-05-23", n=2**53), event("b", "2025-05-23", n=1)]
    result = validate_humanitarian(pd.DataFrame(rows))
    assert result.table["returned_to_ukraine"].tolist() == [2**53, 1]
    assert result.table["returned_to_russia"].tolist() == [2**53, 1]


def test_humanitarian_count_one_above_2_53_is_read_from_its_digits() -> None:
    """2**53 + 1 reads as 2**53 in float64: its own digits say it is over the limit.

    Text among integers (an object column); the other row's 100 is no edge case.
    """
    rows = [event("a", "2025-05-23", n=100), event("b", "2025-05-23", n=100)]
    rows[0]["returned_to_ukraine"] = str(2**53 + 1)
    result = validate_humanitarian(pd.DataFrame(rows), on_invalid="quarantine")
    expected = _cases([(0, "returned_to_ukraine", "<= 2**53", "9007199254740993", "out_of_range")])
    _same_cases(result.rejected, expected)
    assert result.table["returned_to_ukraine"].tolist() == [100]


def test_humanitarian_int64_count_one_above_2_53_is_out_of_range() -> None:
    """The same count as an integer in an int64 column (100 on the other row).

    It was accepted and stored as 9007199254740992: one person lost, silently.
    """
    rows = [event("a", "2025-05-23", n=100), event("b", "2025-05-23", n=100)]
    rows[1]["returned_to_russia"] = 2**53 + 1
    frame = pd.DataFrame(rows)
    assert str(frame["returned_to_russia"].dtype) == "int64"
    result = validate_humanitarian(frame, on_invalid="quarantine")
    expected = _cases([(1, "returned_to_russia", "<= 2**53", "9007199254740993", "out_of_range")])
    _same_cases(result.rejected, expected)


def test_humanitarian_text_columns_are_stripped() -> None:
    """Mediator, notes, framework and who reported the counts are stripped; blanks missing."""
    row = {
        **event("a", "2025-05-23"),
        "mediator": " UAE ",
        "notes": "  ",
        "framework": " Istanbul ",
        "counts_reported_by": " both ",
    }
    got = validate_humanitarian(pd.DataFrame([row])).table.iloc[0]
    assert got["mediator"] == "UAE"
    assert pd.isna(got["notes"])
    assert got["framework"] == "Istanbul"
    assert got["counts_reported_by"] == "both"
    assert got["event_id"] == "a"
    assert got["source"] == "test report"


def test_humanitarian_missing_id_and_date_are_missing_values() -> None:
    """A blank event id, date or source is ``missing_value``; a blank count is allowed."""
    rows = [event("a", "2025-05-23", n=None), event(" ", "  ")]
    rows[1]["source"] = None
    got = validate_humanitarian(pd.DataFrame(rows), on_invalid="quarantine").rejected
    expected = _cases(
        [
            (1, "date", "is not empty", "  ", "missing_value"),
            (1, "event_id", "is not empty", " ", "missing_value"),
            (1, "source", "is not empty", pd.NA, "missing_value"),
        ]
    )
    _same_cases(got, expected)


def test_observation_text_columns_are_stripped() -> None:
    """Region, source record and notes are stripped; ids and metric too; blanks missing."""
    row = _text_row(
        " a ", metric=" attack_events ", region=" Sumy ", source_record=" r1 ", notes=" "
    )
    got = validate_observations(table(row)).table.iloc[0]
    assert got["observation_id"] == "a"
    assert got["metric"] == "attack_events"
    assert got["region"] == "Sumy"
    assert got["source_record"] == "r1"
    assert pd.isna(got["notes"])


def test_categorical_text_first_category_is_kept() -> None:
    """Categorical text cleaned per category keeps the first category and blanks are missing."""
    rows = table(
        _text_row("a", region="Avdiivka", reliability="b", verification="claimed"),
        _text_row("b", region=" ", reliability="B", verification="Claimed"),
        _text_row("c", region=None, reliability="a", verification="verified"),
    )
    got = validate_observations(
        rows.astype({"region": "category", "reliability": "category", "verification": "category"})
    ).table
    assert got["region"].tolist()[0] == "Avdiivka"
    assert got["region"].isna().tolist() == [False, True, True]
    assert got["reliability"].astype(str).tolist() == ["B", "B", "A"]
    assert got["verification"].astype(str).tolist() == ["claimed", "claimed", "verified"]
    # the first category (code 0) is a real value, and a missing row has code -1
    plain = table(
        _text_row("a", region="Avdiivka"),
        _text_row("b", region=None),
        _text_row("c", region="Bakhmut "),
    )
    regions = validate_observations(plain.astype({"region": "category"})).table["region"]
    assert regions.tolist()[0] == "Avdiivka"
    assert regions.tolist()[2] == "Bakhmut"
    assert regions.isna().tolist() == [False, True, False]


def test_non_text_categoricals_are_read_as_values() -> None:
    """Categorical numbers and dates are read as their values."""
    rows = table(_text_row("a", value="2"), _text_row("b", value="5"))
    frame = rows.astype({"value": "float64", "credibility": "int64"}).astype(
        {"value": "category", "credibility": "category", "date": "category"}
    )
    got = validate_observations(frame).table
    assert got["value"].tolist() == [2.0, 5.0]
    assert got["credibility"].tolist() == [1, 1]
    assert got["date"].tolist() == [pd.Timestamp("2024-03-01")] * 2


def test_numeric_value_column_is_read_as_is() -> None:
    """A float column is read as is; its NaN is a missing value, not a bad number."""
    floats = table(_text_row("a"), _text_row("b")).astype({"value": "object"})
    floats["value"] = [1.5, float("nan")]
    got = validate_observations(floats, on_invalid="quarantine")
    assert got.rejected["reason"].tolist() == ["missing_value"]
    assert got.table["value"].tolist() == [1.5]


def test_coerce_dates_handles_aware_and_other_units() -> None:
    """Aware series go to UTC; datetime64 of other units outside the ns range become NaT."""
    aware = pd.Series(pd.to_datetime(["2024-03-01T23:00:00"]).tz_localize("America/New_York"))
    assert coerce_dates(aware).tolist() == [pd.Timestamp("2024-03-02T04:00:00")]
    seconds = pd.Series(np.array(["3000-01-01", "2024-01-01", "1000-01-01"], dtype="datetime64[s]"))
    parsed = coerce_dates(seconds)
    assert str(parsed.dtype) == "datetime64[ns]"
    assert parsed.isna().tolist() == [True, False, True]
    assert parsed.tolist()[1] == pd.Timestamp("2024-01-01")
    naive = pd.Series(pd.to_datetime(["2024-03-01T05:00:00"]))
    assert coerce_dates(naive).tolist() == [pd.Timestamp("2024-03-01T05:00:00")]
    assert coerce_dates(pd.Series(["01/03/2024"]), fmt="%d/%m/%Y").tolist() == [
        pd.Timestamp("2024-03-01")
    ]


# -- engine frames: _engine_checks and validate_engine_observations ---------------------


def _engine_rows(rows: list[dict[str, object]]) -> pa.Table:
    """Observation rows as a pyarrow table with the engine path's types."""
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    frame["value"] = frame["value"].astype("float64")
    frame["credibility"] = frame["credibility"].astype("Int64")
    for column in ("latitude", "longitude"):
        frame[column] = frame[column].astype("float64")
    return pa.Table.from_pandas(frame, preserve_index=False)


def _eng(observation_id: str, /, **change: object) -> dict[str, object]:
    row = _text_row(observation_id, value=3.0, credibility=1)
    row.update(change)
    return row


def test_engine_valid_frame_returns_its_row_count() -> None:
    """Valid rows, on every bound (credibility 1 and 6, min and max, end == start), pass."""
    rows = [
        _eng("a", credibility=6, end_date="2024-03-01"),
        _eng("b", value=0.0),
        _eng(
            "c",
            indicator="sovereignty_respect",
            metric="provision_annexation",
            unit="pam_0_3",
            value=3.0,
        ),
        _eng("d", indicator="narrative_denial", metric="narrative_nazi", unit="denial_0_4"),
        _eng("e", indicator="verified_withdrawal", metric="occupied_area_km2", unit="km2"),
        *(_eng(f"cred-{grade}", credibility=grade) for grade in (2, 3, 4, 5)),
    ]
    assert validate_engine_observations(_engine_rows(rows)) == 9
    assert validate_engine_observations(_engine_rows(rows[:2])) == 2


def test_engine_failure_cases_are_exact() -> None:
    """One case per failing check and row, in check order, duplicates last, each id named."""
    rows = [
        _eng("ok"),
        _eng("r1", metric=None),
        _eng("r2", unit=None),
        _eng("r3", source=None),
        _eng("r4", indicator="peace"),
        _eng("r5", indicator=None),
        _eng("r6", verification="rumour"),
        _eng("r7", reliability="Z"),
        _eng("r8", credibility=7),
        _eng("r9", credibility=None),
        _eng("r10", credibility=0),
        _eng("r11", date=None),
        _eng("r12", value=None),
        _eng("r13", value=float("inf")),
        _eng("r14", value=-1.0),
        _eng(
            "r15",
            indicator="sovereignty_respect",
            metric="provision_annexation",
            unit="pam_0_3",
            value=4.0,
        ),
        _eng("r16", end_date="2024-02-01"),
        _eng("ok"),
    ]
    with pytest.raises(pi.ValidationError) as caught:
        validate_engine_observations(_engine_rows(rows), where="eng")
    end_text = pd.Series([pd.Timestamp("2024-02-01")]).astype("string").iloc[0]
    expected = [
        ("metric", "is not empty", None, "missing_value", "r1"),
        ("unit", "is not empty", None, "missing_value", "r2"),
        ("source", "is not empty", None, "missing_value", "r3"),
        ("indicator", f"one of {_INDICATORS}", "peace", "unknown_indicator", "r4"),
        ("indicator", f"one of {_INDICATORS}", None, "unknown_indicator", "r5"),
        ("date", "is not empty", None, "missing_value", "r11"),
        ("value", "is not empty", None, "missing_value", "r12"),
        ("value", "is finite", "inf", "non_finite_value", "r13"),
        ("value", ">= 0 for a count", "-1.0", "negative_count", "r14"),
        ("value", "<= the metric's maximum", "4.0", "out_of_range", "r15"),
        ("verification", f"one of {_GRADES}", "rumour", "unknown_verification", "r6"),
        ("reliability", f"one of {_LETTERS}", "Z", "invalid_reliability", "r7"),
        ("credibility", "an integer 1-6", "7", "invalid_credibility", "r8"),
        ("credibility", "an integer 1-6", None, "invalid_credibility", "r9"),
        ("credibility", "an integer 1-6", "0", "invalid_credibility", "r10"),
        ("end_date", "end_date >= date", end_text, "end_before_start", "r16"),
        ("observation_id", "is unique", "ok", "duplicate_id", "ok"),
    ]
    cases = caught.value.failure_cases
    assert list(cases.columns) == [
        "row", "column", "check", "value", "reason", "observation_id"
    ]  # fmt: skip
    assert cases["row"].isna().all()
    assert str(cases["row"].dtype) == "Int64"
    values = cases["value"].astype(object).where(cases["value"].notna(), None)
    got = list(
        zip(
            cases["column"],
            cases["check"],
            values,
            cases["reason"],
            cases["observation_id"],
            strict=True,
        )
    )
    assert got == expected
    assert cases.index.equals(pd.RangeIndex(len(expected)))
    assert caught.value.where == "eng"
    assert caught.value.table == "observations"
    assert caught.value.hint == (
        "rows of an engine frame have no position; .failure_cases names each observation_id."
    )


def test_engine_error_message_is_exact() -> None:
    """The engine error reads like the pandas one, rows shown as '-'."""
    rows = [_eng("a", reliability="Z"), _eng("b")]
    with pytest.raises(pi.ValidationError) as caught:
        validate_engine_observations(_engine_rows(rows), where="w.parquet")
    assert str(caught.value) == (
        "1 failed check(s) on 0 row(s) of the observations table in w.parquet.\n"
        f"  row -, column 'reliability': one of {_LETTERS} (got 'Z') [invalid_reliability]\n"
        "Hint: rows of an engine frame have no position; .failure_cases names each "
        "observation_id."
    )


def test_engine_duplicates_alone_are_reported() -> None:
    """Only a duplicate id (every check passes) still raises, naming the id once."""
    rows = [_eng("x"), _eng("y"), _eng("x"), _eng("x")]
    with pytest.raises(pi.ValidationError) as caught:
        validate_engine_observations(_engine_rows(rows))
    cases = caught.value.failure_cases
    assert cases["observation_id"].tolist() == ["x"]
    assert cases["value"].tolist() == ["x"]
    assert cases["reason"].tolist() == ["duplicate_id"]
    assert cases["check"].tolist() == ["is unique"]
    assert cases["column"].tolist() == ["observation_id"]


def test_engine_humanitarian_rows_message_is_exact() -> None:
    """Humanitarian kinds in metric or indicator: counted, the first named, only they kept."""
    rows = [
        _eng("a"),
        _eng("h1", metric="pow_exchange"),
        _eng("h2", indicator="child_return", verification="rumour"),
    ]
    with pytest.raises(pi.HumanitarianInScoringError) as caught:
        validate_engine_observations(_engine_rows(rows))
    assert str(caught.value) == (
        "2 row(s) of the observation frame are humanitarian events (e.g. observation 'h1': "
        "'pow_exchange'). Humanitarian events are kept in a separate ledger and never move "
        "the Verified Progress Index.\nHint: pass them as humanitarian=... instead."
    )
    cases = caught.value.failure_cases
    assert cases is not None
    assert cases["observation_id"].tolist() == ["h1", "h2"]
    assert set(cases["reason"]) == {"humanitarian_event"}
    assert set(cases["check"]) == {"is not a humanitarian event"}
    assert set(cases["column"]) == {"indicator"}


@pytest.mark.parametrize("column", ["date", "end_date"])
def test_engine_text_dates_are_refused(column: str) -> None:
    """A text date column is an InputTypeError naming it, its type and where."""
    rows = _engine_rows([_eng("a", end_date="2024-03-01")])
    position = rows.schema.get_field_index(column)
    rows = rows.set_column(position, column, pa.array(["2024-03-01"], type=pa.string()))
    with pytest.raises(pi.InputTypeError) as caught:
        validate_engine_observations(rows, where="e.parquet")
    assert str(caught.value) == (
        f"column {column!r} of the observation frame must hold dates (got String) in "
        "e.parquet.\nHint: cast it on the engine first, e.g. polars: "
        "pl.col('date').str.to_date()."
    )
    with pytest.raises(pi.InputTypeError, match=r"\(got String\) in the frame\.\n"):
        validate_engine_observations(rows)


def test_engine_date32_columns_are_dates() -> None:
    """Date (not datetime) columns are accepted, and end_date may be absent."""
    rows = _engine_rows([_eng("a", end_date="2024-03-02"), _eng("b")])
    for column in ("date", "end_date"):
        position = rows.schema.get_field_index(column)
        rows = rows.set_column(position, column, rows.column(column).cast(pa.date32()))
    assert validate_engine_observations(rows) == 2
    assert validate_engine_observations(rows.drop_columns(["end_date"])) == 2


def test_engine_missing_column_is_reported() -> None:
    """A missing required column is the pandas path's ValidationError, with where."""
    rows = _engine_rows([_eng("a")]).drop_columns(["source"])
    with pytest.raises(pi.ValidationError) as caught:
        validate_engine_observations(rows, where="e.parquet")
    assert caught.value.failure_cases["column"].tolist() == ["source"]
    assert caught.value.where == "e.parquet"
    assert caught.value.table == "observations"
    assert str(caught.value).startswith(
        "1 failed check(s) on 0 row(s) of the observations table in e.parquet.\n"
    )
    assert caught.value.failure_cases["reason"].tolist() == ["missing_column"]


def _check_keys(names: list[str], metrics: list[MetricSpec]) -> list[tuple[str, str, str]]:
    return [(c, k, r.value) for c, k, r in _engine_checks(names, metrics)]


def test_engine_checks_keys_depend_on_bounds_and_end_date() -> None:
    """Bound checks exist only for metrics with a bound; the end_date check only with the column."""
    base = [
        ("observation_id", "is not empty", "missing_value"),
        ("metric", "is not empty", "missing_value"),
        ("unit", "is not empty", "missing_value"),
        ("source", "is not empty", "missing_value"),
        ("indicator", "is not a humanitarian event", "humanitarian_event"),
        ("indicator", f"one of {_INDICATORS}", "unknown_indicator"),
        ("date", "is a date (YYYY-MM-DD)", "unparseable_date"),
        ("date", "is not empty", "missing_value"),
        ("value", "is not empty", "missing_value"),
        ("value", "is finite", "non_finite_value"),
    ]
    coded = [
        ("verification", f"one of {_GRADES}", "unknown_verification"),
        ("reliability", f"one of {_LETTERS}", "invalid_reliability"),
        ("credibility", "an integer 1-6", "invalid_credibility"),
    ]
    count = ("value", ">= 0 for a count", "negative_count")
    below = ("value", ">= the metric's minimum", "out_of_range")
    above = ("value", "<= the metric's maximum", "out_of_range")
    end = [
        ("end_date", "is a date (YYYY-MM-DD)", "unparseable_date"),
        ("end_date", "end_date >= date", "end_before_start"),
    ]
    coordinates = [
        ("latitude", "is finite", "non_finite_value"),
        ("latitude", "between -90.0 and 90.0", "out_of_range"),
        ("longitude", "is finite", "non_finite_value"),
        ("longitude", "between -180.0 and 180.0", "out_of_range"),
    ]
    unbounded = _level("free")
    capped = unbounded.model_copy(update={"name": "capped", "maximum": 9.0})
    floored = unbounded.model_copy(update={"name": "floored", "minimum": 1.0})
    names = list(OBSERVATION_COLUMNS)
    assert _check_keys(names, list(DEFAULT_METRICS)) == [
        *base, count, below, above, *coded, *end, *coordinates
    ]  # fmt: skip
    assert _check_keys(names[:10], [unbounded]) == [*base, *coded]
    assert _check_keys(names[:10], [capped]) == [*base, above, *coded]
    assert _check_keys(names, [floored]) == [*base, below, *coded, *end, *coordinates]


def test_engine_checks_flag_the_failing_rows() -> None:
    """Each expression is True exactly on the rows that fail it (nulls: not failing)."""
    spec = _level("m", 1.0, 2.0)
    other = spec.model_copy(update={"name": "n", "minimum": 5.0, "maximum": 6.0})
    rows = [
        _eng("a", metric="m", value=1.0),
        _eng("b", metric="m", value=2.0),
        _eng("c", metric="m", value=0.5),
        _eng("d", metric="m", value=2.5),
        _eng("e", metric="n", value=1.5),
        _eng("f", metric="n", value=None),
        _eng("g", metric=None, value=0.0),
    ]
    frame = nw.from_native(_engine_rows(rows))
    checks = _engine_checks(frame.columns, [spec, other])
    got = frame.select(*(e.alias(str(i)) for i, e in enumerate(checks.values()))).to_pandas()
    flags = {key[:2]: got[str(i)].tolist() for i, key in enumerate(checks)}
    assert flags["value", ">= the metric's minimum"] == [0, 0, 1, 0, 1, 0, 0]
    assert flags["value", "<= the metric's maximum"] == [0, 0, 0, 1, 0, 0, 0]
    assert flags["value", "is not empty"] == [0, 0, 0, 0, 0, 1, 0]
    assert flags["value", "is finite"] == [0, 0, 0, 0, 0, 0, 0]
    assert flags["metric", "is not empty"] == [0, 0, 0, 0, 0, 0, 1]
    assert flags["end_date", "end_date >= date"] == [0] * 7


def test_rows_without_any_metric_are_only_missing_values() -> None:
    """No row names a metric: no bound applies, each row is a missing metric (no crash)."""
    rows = [_text_row("a", metric=" ", value="-5"), _text_row("b", metric=None, value="2")]
    got = validate_observations(table(*rows), on_invalid="quarantine").rejected
    expected = _cases(
        [
            (0, "metric", "is not empty", " ", "missing_value"),
            (1, "metric", "is not empty", pd.NA, "missing_value"),
        ]
    )
    _same_cases(got, expected)


def test_missing_values_in_categorical_grades_are_rejected() -> None:
    """A missing verification or reliability in a categorical column is rejected, not recoded."""
    rows = table(
        _text_row("a", verification="claimed", reliability="B"),
        _text_row("b", verification=None, reliability="A"),
        _text_row("c", verification="verified", reliability=None),
    )
    frame = rows.astype({"verification": "category", "reliability": "category"})
    result = validate_observations(frame, on_invalid="quarantine")
    expected = _cases(
        [
            (1, "verification", f"one of {_GRADES}", pd.NA, "unknown_verification"),
            (2, "reliability", f"one of {_LETTERS}", pd.NA, "invalid_reliability"),
        ]
    )
    _same_cases(result.rejected, expected)
    assert result.table["verification"].astype(str).tolist() == ["claimed"]
    assert result.table["reliability"].astype(str).tolist() == ["B"]


def test_categorical_text_with_only_blank_categories_is_missing() -> None:
    """A categorical text column whose every category is blank reads as missing."""
    rows = table(_text_row("a", region="  "), _text_row("b", region=""))
    got = validate_observations(rows.astype({"region": "category"})).table
    assert got["region"].isna().tolist() == [True, True]


def test_coerce_dates_keeps_the_extreme_nanosecond_dates() -> None:
    """The first and last representable nanosecond timestamps are inside the range."""
    extremes = pd.Series([pd.Timestamp.min, pd.Timestamp.max], dtype="datetime64[ns]")
    assert coerce_dates(extremes).tolist() == [pd.Timestamp.min, pd.Timestamp.max]


def test_observation_table_without_indicator_is_a_missing_column() -> None:
    """No indicator and no ledger column: a missing column, not a humanitarian table."""
    frame = table(_obs()).drop(columns=["indicator"])
    with pytest.raises(pi.ValidationError) as caught:
        validate_observations(frame)
    assert caught.value.failure_cases["column"].tolist() == ["indicator"]
    event_ids = pd.DataFrame({"event_id": ["e-1"], "date": ["2025-05-23"]})
    with pytest.raises(pi.HumanitarianInScoringError, match=r"columns \['event_id'\] and no"):
        validate_observations(event_ids)


def test_humanitarian_missing_column_names_table_and_file() -> None:
    """The ledger's missing-column error says which table and which file."""
    # mediator and notes are optional columns since issue #18; verification is not
    frame = pd.DataFrame([event("a", "2025-05-23")]).drop(columns=["verification"])
    with pytest.raises(pi.ValidationError) as caught:
        validate_humanitarian(frame, where="ledger.csv")
    assert caught.value.table == "humanitarian"
    assert caught.value.where == "ledger.csv"
    assert str(caught.value).startswith(
        "1 failed check(s) on 0 row(s) of the humanitarian table in ledger.csv.\n"
        "  row -, column 'verification': column is present (got None) [missing_column]\n"
    )


# -- true/false is not a number ------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([True, False, True]),
        pd.array([True, None, False], dtype="boolean"),
        pd.Series([True, 2.0, "3"], dtype=object),
    ],
    ids=["bool", "nullable-boolean", "object-with-a-bool"],
)
def test_boolean_values_are_not_numbers(values: Any) -> None:
    """A true/false cell is rejected as not a number (pandas alone would read 1.0/0.0)."""
    frame = table(_obs("a"), _obs("b"), _obs("c"))
    frame["value"] = values
    result = validate_observations(frame, on_invalid="quarantine")
    cases = result.rejected
    booleans = [
        (i, str(v)) for i, v in enumerate(pd.Series(values, dtype=object)) if isinstance(v, bool)
    ]
    got = cases[cases["reason"] == "not_a_number"]
    assert list(zip(got["row"], got["value"], strict=True)) == booleans
    assert set(got["check"]) == {"is a number"}
    # only the rows holding a real number (or text of one) are kept
    kept = [i for i, v in enumerate(pd.Series(values, dtype=object)) if not isinstance(v, bool)]
    kept = [i for i in kept if not pd.isna(pd.Series(values, dtype=object)[i])]
    assert result.table.index.tolist() == kept


def test_boolean_humanitarian_counts_are_not_numbers() -> None:
    """The ledger's counts reject true/false the same way."""
    frame = pd.DataFrame([event("e-1", "2024-01-01"), event("e-2", "2024-01-02")])
    frame["returned_to_ukraine"] = [True, False]
    cases = validate_humanitarian(frame, on_invalid="quarantine").rejected
    assert cases[["row", "column", "reason"]].values.tolist() == [
        [0, "returned_to_ukraine", "not_a_number"],
        [1, "returned_to_ukraine", "not_a_number"],
    ]


def test_engine_boolean_value_column_is_refused() -> None:
    """On an engine frame a boolean ``value`` column is a type error naming the frame."""
    engine = _engine_rows([_eng("a"), _eng("b")])
    engine = engine.set_column(
        engine.schema.get_field_index("value"), "value", pa.array([True, False])
    )
    expected = (
        "column 'value' of the observation frame holds true/false, not numbers, in eng.\n"
        "Hint: a count, share or area must be a number; cast it on the engine first if 1/0 "
        "is really meant."
    )
    with pytest.raises(pi.InputTypeError, match="^" + re.escape(expected) + "$"):
        validate_engine_observations(engine, where="eng")
    # without a name the message says "the frame"
    unnamed = expected.replace(" in eng.", " in the frame.")
    with pytest.raises(pi.InputTypeError, match="^" + re.escape(unnamed) + "$"):
        validate_engine_observations(engine)


# -- engine frames: what mutation testing showed untested (2026-12-03) -------------------


@pytest.mark.parametrize(
    ("column", "drop"),
    [
        ("value", None),
        ("credibility", None),
        ("longitude", "latitude"),  # an absent coordinate does not end the checks
    ],
)
def test_engine_text_number_columns_are_refused(column: str, drop: str | None) -> None:
    """A text column where numbers are due is an InputTypeError naming it and its type."""
    rows = _engine_rows([_eng("a")])
    if drop is not None:
        rows = rows.drop_columns([drop])
    position = rows.schema.get_field_index(column)
    rows = rows.set_column(position, column, pa.array(["3"], type=pa.string()))
    with pytest.raises(pi.InputTypeError) as caught:
        validate_engine_observations(rows, where="e.parquet")
    assert str(caught.value) == (
        f"column {column!r} of the observation frame must hold numbers (got String) in "
        "e.parquet.\nHint: cast it on the engine first, e.g. polars: "
        "pl.col('value').cast(pl.Float64)."
    )
    with pytest.raises(pi.InputTypeError, match=r"\(got String\) in the frame\.\n"):
        validate_engine_observations(rows)


@pytest.mark.parametrize("where", [None, "x.parquet"])
def test_engine_non_frame_message_is_exact(where: str | None) -> None:
    """Not a table: named by ``where``, by default the function."""
    with pytest.raises(pi.InputTypeError) as caught:
        validate_engine_observations(5, where=where)
    assert str(caught.value) == (
        f"{where or 'validate_engine_observations'}: argument 'frame' must be a table: a "
        "pandas, polars or pyarrow table, or a DuckDB, Dask or PySpark frame (got 5 that "
        "is a int).\nHint: read files with a source (pi.load_source) or your engine first."
    )


def test_engine_duplicate_ids_are_compared_stripped() -> None:
    """``" x "`` is ``x`` once stripped, as on the pandas path: a duplicate id."""
    rows = [_eng("x"), _eng(" x "), _eng("y")]
    with pytest.raises(pi.ValidationError) as caught:
        validate_engine_observations(_engine_rows(rows))
    cases = caught.value.failure_cases
    assert cases["value"].tolist() == ["x"]
    assert cases["reason"].tolist() == ["duplicate_id"]


def test_engine_humanitarian_failure_cases_are_tidy() -> None:
    """The humanitarian rows' cases: the tidy columns plus the id, numbered from 0."""
    rows = [_eng("a", metric="  "), _eng("h1", metric="pow_exchange")]
    with pytest.raises(pi.HumanitarianInScoringError) as caught:
        validate_engine_observations(_engine_rows(rows))
    cases = caught.value.failure_cases
    assert cases is not None
    assert list(cases.columns) == ["row", "column", "check", "value", "reason", "observation_id"]
    assert cases.index.equals(pd.RangeIndex(1))
    assert cases["observation_id"].tolist() == ["h1"]
