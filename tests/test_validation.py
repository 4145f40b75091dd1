"""Vectorised validation: every bad row reported at once, with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import pytest

import progress_indicators as pi
from progress_indicators.validation import (
    arrow_fast_path,
    coerce_dates,
    concat_observation_tables,
    date_precision,
    observation_table,
    validate_arrow_observations,
    validate_engine_observations,
    validate_humanitarian,
    validate_observations,
)
from tests._factories import event, obs, table

if TYPE_CHECKING:
    from collections.abc import Callable


def _good() -> pd.DataFrame:
    return table(
        obs("a", "civilians_killed", "2023-01-01", 10, end_date="2023-01-31"),
        obs("b", "occupied_area_km2", "2023-01-05", 100_000.5),
        obs("c", "narrative_nazi", "2023-01-07", 0, verification="corroborated"),
    )


def test_valid_table_is_accepted_with_normalised_dtypes() -> None:
    """A valid table passes whole; grades become ordered categoricals, dates datetimes."""
    result = validate_observations(_good())
    assert result.accounting == {"read": 3, "accepted": 3, "rejected": 0, "routed": 0}
    assert result.table["verification"].cat.ordered
    assert str(result.table["date"].dtype) == "datetime64[ns]"
    assert list(result.table.columns) == list(pi.model.OBSERVATION_COLUMNS)


@pytest.mark.parametrize(
    ("column", "bad", "reason"),
    [
        ("indicator", "peace_talks", "unknown_indicator"),
        ("date", "23/05/2025x", "unparseable_date"),
        ("value", "many", "not_a_number"),
        ("value", float("inf"), "non_finite_value"),
        ("value", -3, "negative_count"),
        ("value", None, "missing_value"),
        ("verification", "confirmed", "unknown_verification"),
        ("reliability", "G", "invalid_reliability"),
        ("credibility", 7, "invalid_credibility"),
        ("end_date", "2022-12-01", "end_before_start"),
        ("source", "  ", "missing_value"),
        ("latitude", 91, "out_of_range"),
    ],
)
def test_each_check_rejects_with_its_reason(column: str, bad: object, reason: str) -> None:
    """Each invalid value raises a ValidationError whose failure case names column and reason."""
    frame = _good().astype({column: object}) if column in _good() else _good()
    frame.loc[0, column] = bad  # type: ignore[call-overload]
    with pytest.raises(pi.ValidationError) as caught:
        validate_observations(frame)
    cases = caught.value.failure_cases
    assert list(cases.columns) == ["row", "column", "check", "value", "reason"]
    hit = cases[(cases["column"] == column) & (cases["reason"] == reason)]
    assert hit["row"].tolist() == [0]
    assert isinstance(caught.value, ValueError)


def test_all_bad_rows_are_reported_at_once() -> None:
    """Three bad rows in different columns give one error listing all three rows."""
    frame = _good().astype({"value": object, "reliability": object})
    frame.loc[0, "value"] = "x"
    frame.loc[1, "reliability"] = "Q"
    frame.loc[2, "indicator"] = "nope"
    with pytest.raises(pi.ValidationError) as caught:
        validate_observations(frame)
    assert sorted(caught.value.failure_cases["row"].tolist()) == [0, 1, 2]
    assert "3 failed check(s) on 3 row(s)" in str(caught.value)


def test_quarantine_keeps_good_rows_and_accounts_for_every_row() -> None:
    """Quarantine: read == accepted + rejected; the good rows keep their input position."""
    frame = _good().astype({"value": object})
    frame.loc[1, "value"] = "?"
    result = validate_observations(frame, on_invalid="quarantine")
    assert result.accounting == {"read": 3, "accepted": 2, "rejected": 1, "routed": 0}
    assert result.table.index.tolist() == [0, 2]
    assert result.rejected["row"].tolist() == [1]


def test_duplicate_ids_reject_later_rows() -> None:
    """The first of two rows sharing an id is kept, the second rejected as a duplicate."""
    frame = pd.concat([_good(), _good().iloc[[0]]], ignore_index=True)
    result = validate_observations(frame, on_invalid="quarantine")
    assert result.rejected["reason"].tolist() == ["duplicate_id"]
    assert result.rejected["row"].tolist() == [3]


def test_missing_column_hints_at_the_close_name() -> None:
    """A misspelt required column is reported with a did-you-mean hint."""
    frame = _good().rename(columns={"verification": "verificaton"})
    with pytest.raises(pi.ValidationError) as caught:
        validate_observations(frame)
    assert caught.value.failure_cases["reason"].tolist() == ["missing_column"]
    assert "Did you mean 'verificaton'?" in str(caught.value)


def test_timezones_and_iso_datetimes_normalise_to_days() -> None:
    """An aware timestamp is converted to UTC and floored to its day."""
    frame = _good().astype({"date": object})
    frame.loc[0, "date"] = "2023-01-01T23:30:00-05:00"
    result = validate_observations(frame)
    assert result.table.loc[0, "date"] == pd.Timestamp("2023-01-02")


def test_humanitarian_table_passed_as_observations_is_refused() -> None:
    """A ledger table given as observations raises HumanitarianInScoringError saying why."""
    ledger = pd.DataFrame([event("e", "2025-05-23")])
    with pytest.raises(pi.HumanitarianInScoringError, match="separate ledger"):
        pi.score(ledger)


def test_humanitarian_rows_inside_observations_are_refused() -> None:
    """A row whose indicator is an exchange kind is refused, even among valid rows."""
    frame = _good()
    frame.loc[1, "indicator"] = "pow_exchange"
    with pytest.raises(pi.HumanitarianInScoringError) as caught:
        pi.score(frame)
    assert caught.value.failure_cases is not None
    assert caught.value.failure_cases["row"].tolist() == [1]


def test_humanitarian_event_records_are_refused_as_observations() -> None:
    """A HumanitarianEvent object among observations is refused by type."""
    record = pi.HumanitarianEvent.model_validate(event("e", "2025-05-23"))
    with pytest.raises(pi.HumanitarianInScoringError):
        pi.score([record])  # type: ignore[arg-type]


def test_non_table_input_gets_library_type_error() -> None:
    """Passing a number is an InputTypeError (also a TypeError), not a pandas traceback."""
    with pytest.raises(pi.InputTypeError):
        validate_observations(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        pi.score(42)  # type: ignore[arg-type]


def test_humanitarian_validation_keeps_unknown_counts_unknown() -> None:
    """Empty counts stay missing (never 0); negative or fractional counts are rejected."""
    rows = [
        event("a", "2025-05-23", n=None),
        event("b", "2025-05-24", n=-1),
        event("c", "2025-05-25"),
    ]
    rows[2]["returned_to_russia"] = 2.5
    result = validate_humanitarian(pd.DataFrame(rows), on_invalid="quarantine")
    assert result.table["returned_to_ukraine"].isna().tolist() == [True]
    reasons = sorted(result.rejected["reason"].tolist())
    assert reasons == ["negative_count", "negative_count", "not_a_number"]
    assert (
        result.accounting["read"] == result.accounting["accepted"] + result.accounting["rejected"]
    )


def test_unknown_humanitarian_kind_is_rejected() -> None:
    """A kind outside the ledger's list (e.g. a ceasefire violation) is rejected."""
    rows = [event("a", "2025-05-23", kind="missile_strike")]
    with pytest.raises(pi.ValidationError, match="unknown_kind"):
        validate_humanitarian(pd.DataFrame(rows))


def test_error_does_not_keep_the_callers_frame() -> None:
    """The error holds failure cases only, never the caller's DataFrame."""
    frame = _good().astype({"value": object})
    frame.loc[0, "value"] = "x"
    with pytest.raises(pi.ValidationError) as caught:
        validate_observations(frame)
    assert all(value is not frame for value in vars(caught.value).values())


def test_a_validated_table_validates_again_unchanged() -> None:
    """validate_observations accepts its own output (categorical columns) and returns it as is."""
    first = validate_observations(
        table(
            obs("a", "civilians_killed", "2023-01-01", 5),
            obs("b", "narrative_nazi", "2023-01-02", 1),
        )
    ).table
    again = validate_observations(first).table
    pd.testing.assert_frame_equal(again, first)


def test_categorical_text_is_cleaned_per_category_like_plain_text() -> None:
    """Categorical text columns (blank, padded, mixed case) validate as the same values as text."""
    rows = table(
        obs("a", "civilians_killed", "2023-01-01", 5, region=" Kharkiv "),
        obs("b", "civilians_killed", "2023-01-02", 1, region="   ", verification="Verified "),
        obs("c", "civilians_killed", "2023-01-03", 2, region=None, verification="VERIFIED"),
    )
    text = validate_observations(rows).table
    categorical = validate_observations(
        rows.astype({"region": "category", "verification": "category", "indicator": "category"})
    ).table
    pd.testing.assert_frame_equal(categorical, text)
    assert text["region"].tolist()[0] == "Kharkiv"
    assert text["region"].isna().tolist() == [False, True, True]
    assert text["verification"].astype(str).tolist() == ["verified"] * 3


@pytest.mark.parametrize("fmt", ["", "xx", "ISO"])
def test_coerce_dates_refuses_a_format_without_a_directive(fmt: str) -> None:
    """Such a format matched no date, so every value became NaT without a word."""
    with pytest.raises(pi.ConfigError, match=r"^coerce_dates: argument 'fmt' must be"):
        coerce_dates(pd.Series(["2024-01-02"]), fmt=fmt)
    assert coerce_dates(pd.Series(["02/01/2024"]), fmt="%d/%m/%Y").tolist() == [
        pd.Timestamp("2024-01-02")
    ]


_ONE_ROW = table(obs("o1", "civilians_killed", "2024-01-02", 3.0))
"""A valid observation table as pandas (where Arrow or a validated table is due)."""


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: coerce_dates(["2024-01-02"]), "values"),  # type: ignore[arg-type]
        (lambda: date_precision("2024"), "values"),  # type: ignore[arg-type]
        (lambda: arrow_fast_path(_ONE_ROW), "table"),
        (lambda: validate_arrow_observations(None), "table"),
        (lambda: observation_table(None), "observations"),
        (lambda: validate_engine_observations(5), "frame"),
        (lambda: concat_observation_tables("abc"), "tables"),  # type: ignore[arg-type]
        (lambda: concat_observation_tables([_ONE_ROW]), "tables"),  # type: ignore[list-item]
    ],
)
def test_every_validation_entry_point_names_a_mistyped_argument(
    call: Callable[[], object], argument: str
) -> None:
    """These raised raw ``AttributeError``/``TypeError`` (``'list' has no attribute 'dtype'``)."""
    with pytest.raises(pi.InputTypeError, match=f"argument '{argument}' must be"):
        call()


def test_concatenating_no_tables_is_a_config_error() -> None:
    """``concat_observation_tables([])`` raised ``IndexError``."""
    with pytest.raises(pi.ConfigError, match=r"argument 'tables' must be a non-empty sequence"):
        concat_observation_tables([])
