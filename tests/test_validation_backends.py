"""One observation contract, every backend: the same table gives the same failure cases.

Issue #14: the pandas path and the engine path had drifted (coordinates unchecked on
engines, "Verified" accepted by one and refused by the other, negative counts named
differently). The contract is now declared once (``OBSERVATION_RULES``) and run by the
pandas backend, the Arrow backend (``validate_arrow_observations``, pyarrow.compute) and
the narwhals engines (``validate_engine_observations``). One test body runs the same
typed table through each and requires identical failure cases; a hypothesis test does
the same over generated tables.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings

from progress_indicators.exceptions import HumanitarianInScoringError, ValidationError
from progress_indicators.validation import (
    NESTED_TEXT_CHECK,
    OBSERVATION_RULES,
    ObservationTable,
    arrow_fast_path,
    validate_arrow_observations,
    validate_engine_observations,
    validate_observations,
)

_KEY = ["column", "check", "reason", "observation_id"]


def _row(observation_id: str, **change: object) -> dict[str, object]:
    row: dict[str, object] = {
        "observation_id": observation_id,
        "indicator": "cessation_of_attacks",
        "metric": "attack_events",
        "date": pd.Timestamp("2024-03-01"),
        "value": 3.0,
        "unit": "events",
        "source": "Outlet",
        "verification": "corroborated",
        "reliability": "B",
        "credibility": 2,
        "end_date": pd.NaT,
        "region": "Sumy",
        "latitude": 50.0,
        "longitude": 36.0,
        "source_record": "r",
        "notes": "n",
    }
    row.update(change)
    return row


def _typed(rows: list[dict[str, object]]) -> pa.Table:
    """The rows as a typed Arrow table (dates as timestamps, numbers as numbers)."""
    frame = pd.DataFrame(rows)
    for column in ("date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("value", "latitude", "longitude"):
        frame[column] = frame[column].astype("float64")
    frame["credibility"] = frame["credibility"].astype("Int64")
    return pa.Table.from_pandas(frame, preserve_index=False)


_ROWS = [
    _row("ok"),
    _row(" padded ", verification=" Verified ", reliability="a", indicator="Cessation_of_Attacks"),
    _row("r-missing-metric", metric="  "),
    _row("r-unknown-indicator", indicator="peace"),
    _row("r-grade", verification="rumour"),
    _row("r-letter", reliability="Z"),
    _row("r-credibility", credibility=7),
    _row("r-no-credibility", credibility=None),
    _row("r-no-date", date=pd.NaT),
    _row("r-no-value", value=np.nan),
    _row("r-inf", value=np.inf),
    _row("r-negative", value=-1.0),
    _row("r-share", metric="cessation_share", unit="share", value=1.5),
    _row("r-end", end_date=pd.Timestamp("2024-02-01")),
    _row("r-lat", latitude=91.0),
    _row("r-lon", longitude=-180.5),
    _row("r-lon-inf", longitude=-np.inf),
    _row("ok"),
]


def _pandas_cases(table: pa.Table) -> pd.DataFrame:
    frame = table.to_pandas()
    result = validate_observations(frame, on_invalid="quarantine")
    return _with_ids(result.rejected, frame)


def _arrow_cases(table: pa.Table) -> pd.DataFrame:
    assert arrow_fast_path(table)
    _, cases = validate_arrow_observations(table)
    return _with_ids(cases, table.to_pandas())


def _with_ids(cases: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    ids = frame["observation_id"].astype("string").str.strip()
    out = cases.copy()
    out["observation_id"] = ids.to_numpy(dtype=object)[out["row"].to_numpy(dtype="int64")]
    return out


def _engine_cases(table: pa.Table, backend: str) -> pd.DataFrame:
    native: Any = table
    if backend == "polars":
        import polars as pl  # noqa: PLC0415 (optional backend)

        native = pl.from_arrow(table)
    elif backend == "duckdb":
        import duckdb  # noqa: PLC0415 (optional backend)

        native = duckdb.from_arrow(table)
    try:
        validate_engine_observations(native)
    except HumanitarianInScoringError as error:
        return pd.DataFrame(columns=_KEY) if error.failure_cases is None else error.failure_cases
    except ValidationError as error:
        return error.failure_cases
    return pd.DataFrame(columns=_KEY)


def _keys(cases: pd.DataFrame) -> list[tuple[str, ...]]:
    """Failure cases as sorted (column, check, reason, id); duplicates once per id."""
    keys = {tuple(str(v) for v in row) for row in cases[_KEY].itertuples(index=False, name=None)}
    return sorted(keys)


_ENGINES = ["pyarrow"] + [
    name for name in ("polars", "duckdb") if importlib.util.find_spec(name) is not None
]


@pytest.mark.parametrize("backend", ["arrow", *_ENGINES])
def test_every_backend_gives_the_pandas_failure_cases(backend: str) -> None:
    """Same table, same failure cases (column, check, reason, id) as the pandas backend."""
    table = _typed(_ROWS)
    want = _keys(_pandas_cases(table))
    got = _keys(_arrow_cases(table) if backend == "arrow" else _engine_cases(table, backend))
    assert got == want
    reasons = {k[2] for k in want}
    assert {"out_of_range", "negative_count", "duplicate_id", "non_finite_value"} <= reasons
    assert not any(k[3] == "padded" for k in want)  # normalised text passes everywhere


def test_every_emitted_check_is_declared_in_the_contract() -> None:
    """No backend invents a label: each (column, check, reason) is in OBSERVATION_RULES."""
    declared = {(r.column, r.check, r.reason.value) for r in OBSERVATION_RULES.values()}
    table = _typed(_ROWS)
    for cases in (_pandas_cases(table), _arrow_cases(table), _engine_cases(table, "pyarrow")):
        emitted = set(zip(cases["column"], cases["check"], cases["reason"], strict=True))
        assert emitted <= declared


def test_a_list_in_a_text_cell_is_a_declared_check() -> None:
    """The pandas-only nested-cell check (a list as an id) is declared in the contract too."""
    declared = {(r.column, r.check, r.reason.value) for r in OBSERVATION_RULES.values()}
    rows = [_row("a", notes={"a": 1}), _row("b")]
    rows[1]["observation_id"] = ["b", "c"]
    frame = pd.DataFrame(rows)
    cases = validate_observations(frame, on_invalid="quarantine").rejected
    emitted = set(zip(cases["column"], cases["check"], cases["reason"], strict=True))
    assert emitted == {
        ("observation_id", NESTED_TEXT_CHECK, "malformed_record"),
        ("notes", NESTED_TEXT_CHECK, "malformed_record"),
    }
    assert emitted <= declared


def test_arrow_backend_normalises_like_pandas() -> None:
    """Accepted rows: the Arrow backend's pandas view equals the pandas backend's table."""
    table = _typed(_ROWS)
    accepted, _ = validate_arrow_observations(table)
    want = validate_observations(table.to_pandas(), on_invalid="quarantine").table
    pd.testing.assert_frame_equal(accepted.to_pandas(), want.reset_index(drop=True))


def test_observation_table_is_made_only_by_validation() -> None:
    """The proof of validation cannot be forged from outside."""
    with pytest.raises(TypeError, match="made only by validation"):
        ObservationTable(_typed([_row("a")]), (), object())


_texts = st.sampled_from(["", " ", "a", " A ", "verified", "Verified", "b", "B ", "pow_exchange"])
_numbers = st.sampled_from([0.0, -1.0, 1.0, 2.5, 7.0, 90.5, 200.0, np.nan, np.inf, -np.inf])
_days = st.sampled_from(["2024-03-01", "2024-02-01", None])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["x", "y", " x", "z"]),
            _texts,
            _texts,
            _numbers,
            _numbers,
            _days,
            _days,
            st.sampled_from([1, 3, 6, 0, 9, None]),
            st.sampled_from(["attack_events", "cessation_share", " attack_events", "m"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_arrow_and_pandas_backends_agree_on_generated_tables(cells: list[tuple[Any, ...]]) -> None:
    """Differential: any typed table gives the same verdicts and accepted rows in both."""
    rows = [
        _row(
            i,
            verification=grade,
            reliability=letter,
            value=value,
            latitude=lat,
            date=pd.Timestamp(day) if day else pd.NaT,
            end_date=pd.Timestamp(end) if end else pd.NaT,
            credibility=credibility,
            metric=metric,
        )
        for i, grade, letter, value, lat, day, end, credibility, metric in cells
    ]
    table = _typed(rows)
    pandas_result = validate_observations(table.to_pandas(), on_invalid="quarantine")
    accepted, cases = validate_arrow_observations(table)
    assert _keys(_with_ids(cases, table.to_pandas())) == _keys(
        _with_ids(pandas_result.rejected, table.to_pandas())
    )
    pd.testing.assert_frame_equal(accepted.to_pandas(), pandas_result.table.reset_index(drop=True))
