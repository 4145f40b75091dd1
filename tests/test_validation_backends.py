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

import progress_indicators as pi
from progress_indicators.exceptions import HumanitarianInScoringError, ValidationError
from progress_indicators.model import (
    DEFAULT_METRICS,
    OBSERVATION_COLUMNS,
    OBSERVATION_REQUIRED,
    Goalposts,
    Indicator,
    MetricSpec,
)
from progress_indicators.validation import (
    NESTED_TEXT_CHECK,
    OBSERVATION_RULES,
    ObservationTable,
    arrow_fast_path,
    concat_observation_tables,
    observation_table,
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


# -- ObservationTable, observation_table, concat_observation_tables ---------------------
# (mutation testing, 2026-12-03: only tests outside mutmut's selection ran these)

_LEVEL = MetricSpec(
    name="lvl",
    indicator=Indicator.VERIFIED_WITHDRAWAL,
    unit="u",
    kind="level",
    aggregation="last",
    goalposts=Goalposts(worst=0.0, best=10.0),
    minimum=2.0,
    maximum=5.0,
)
"""A level metric bounded to [2, 5] that the default metrics do not know."""

_COUNT = MetricSpec(
    name="cnt",
    indicator=Indicator.CESSATION_OF_ATTACKS,
    unit="u",
    kind="count",
    aggregation="sum",
    goalposts=Goalposts(worst=10.0, best=0.0),
    minimum=0.0,
)
"""A count metric (minimum 0) that the default metrics do not know."""


def _ids(accepted: ObservationTable) -> list[object]:
    ids: list[object] = accepted.arrow.column("observation_id").to_pylist()
    return ids


def _text_dates(rows: list[dict[str, object]]) -> pa.Table:
    """The rows as Arrow with the dates as text: not the fast path (pandas parses them)."""
    frame = _typed(rows).to_pandas()
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    return pa.Table.from_pandas(frame, preserve_index=False)


_FORMS = {
    "arrow": _typed,
    "pandas": lambda rows: _typed(rows).to_pandas(),
    "arrow with text dates": _text_dates,
}
"""The three inputs of ``observation_table``: its Arrow path and its two pandas paths."""


@pytest.mark.parametrize("form", list(_FORMS))
def test_observation_table_keeps_the_positions_of_the_valid_rows(form: str) -> None:
    """Rows 1 (credibility 7), 3 (6 above ``lvl``'s maximum 5), 4 (a count of -1) fail.

    Counted by hand: the positions kept are 0 and 2, the ids ``a`` and ``c`` (stripped
    from ``" c "``), in the contract's column order, with the metrics passed. The cases
    are in row order, numbered from 0, although the checks run the value rules before
    the credibility rule.
    """
    rows = [
        _row("a"),
        _row("b", credibility=7),
        _row(" c "),
        _row("d", metric="lvl", value=6.0),
        _row("e", value=-1.0),
    ]
    observations = _FORMS[form](rows)
    if isinstance(observations, pa.Table):
        assert arrow_fast_path(observations) is (form == "arrow")
    metrics = (*DEFAULT_METRICS, _LEVEL)
    accepted, cases, positions = observation_table(observations, metrics=list(metrics))
    assert positions.tolist() == [0, 2]
    assert list(cases.columns) == ["row", "column", "check", "value", "reason"]
    assert str(cases["row"].dtype) == "Int64"  # the tidy dtype, as empty_failure_cases()
    assert cases.index.equals(pd.RangeIndex(3))
    assert cases["row"].tolist() == [1, 3, 4]
    assert cases["check"].tolist() == [
        "an integer 1-6",
        "<= the metric's maximum",
        ">= 0 for a count",
    ]
    assert cases["value"].tolist() == ["7", "6.0", "-1.0"]
    assert cases["reason"].tolist() == ["invalid_credibility", "out_of_range", "negative_count"]
    assert len(accepted) == 2
    assert _ids(accepted) == ["a", "c"]
    assert accepted.arrow.column_names == list(OBSERVATION_COLUMNS)
    assert accepted.metrics == metrics


@pytest.mark.parametrize("form", list(_FORMS))
def test_observation_table_names_its_input_in_errors(form: str) -> None:
    """A missing required column raises, naming ``where`` (the file read)."""
    rows = [{k: v for k, v in _row("a").items() if k != "source"}]
    with pytest.raises(ValidationError) as caught:
        observation_table(_FORMS[form](rows), where="feed.parquet")
    assert caught.value.where == "feed.parquet"
    assert caught.value.failure_cases["column"].tolist() == ["source"]
    assert caught.value.failure_cases["reason"].tolist() == ["missing_column"]


@pytest.mark.parametrize("backend", ["arrow", "pandas"])
def test_missing_ids_are_never_duplicates(backend: str) -> None:
    """Two missing ids (null, blank) next to a real repeat: missing, not duplicates.

    Rows by hand: 1 and 3 have no id (``missing_value``), 2 repeats ``a`` (``duplicate_id``);
    ``b`` on row 4 is new.
    """
    typed = _typed([_row("a"), _row(None), _row("a"), _row("  "), _row("b")])  # type: ignore[arg-type]
    if backend == "arrow":
        _, cases = validate_arrow_observations(typed)
    else:
        cases = validate_observations(typed.to_pandas(), on_invalid="quarantine").rejected
    assert cases[["row", "column", "reason"]].to_numpy().tolist() == [
        [1, "observation_id", "missing_value"],
        [2, "observation_id", "duplicate_id"],
        [3, "observation_id", "missing_value"],
    ]


def test_observation_table_methods() -> None:
    """``len``, the cached pandas view, ``filter`` and ``with_metrics`` of a valid table."""
    accepted, _, _ = observation_table(_typed([_row("a"), _row("b")]))
    assert len(accepted) == 2
    view = accepted.frame()
    assert accepted.frame() is view  # built once, kept
    assert accepted.to_pandas() is not accepted.to_pandas()  # a new frame each call
    pd.testing.assert_frame_equal(view, accepted.to_pandas())
    assert view["observation_id"].tolist() == ["a", "b"]
    assert accepted.filter(np.array([True, True])) is accepted
    second = accepted.filter(np.array([False, True]))
    assert (_ids(second), second.metrics) == (["b"], accepted.metrics)
    assert accepted.with_metrics(list(DEFAULT_METRICS), where=None) is accepted
    wider = accepted.with_metrics([*DEFAULT_METRICS, _LEVEL], where=None)
    assert (_ids(wider), wider.metrics) == (["a", "b"], (*DEFAULT_METRICS, _LEVEL))


def test_arrow_fast_path_reads_the_types_of_the_columns_present() -> None:
    """What the Arrow backend can read as it is.

    Optional columns may be absent and an all-null column fits any type; a number
    column of text or of true/false does not (the pandas backend reads those).
    """
    required = _typed([_row("a")]).select(list(OBSERVATION_REQUIRED))
    assert arrow_fast_path(required)
    no_end = required.append_column("end_date", pa.nulls(1))
    assert no_end.schema.field("end_date").type == pa.null()
    assert arrow_fast_path(no_end)
    at = required.schema.get_field_index("value")
    assert not arrow_fast_path(required.set_column(at, "value", pa.array(["3"])))
    assert not arrow_fast_path(required.set_column(at, "value", pa.array([True])))


def test_arrow_fast_path_reads_dictionary_columns_by_their_values() -> None:
    """A dictionary of strings is text (fast path); a dictionary of integers is not."""
    required = _typed([_row("a")]).select(list(OBSERVATION_REQUIRED))
    at = required.schema.get_field_index("source")
    words = pa.array(["Outlet"]).dictionary_encode()
    assert arrow_fast_path(required.set_column(at, "source", words))
    numbers = pa.array([7]).dictionary_encode()
    assert not arrow_fast_path(required.set_column(at, "source", numbers))


def test_a_forged_observation_table_message_is_exact() -> None:
    """The refusal says why and how to get a validated table."""
    with pytest.raises(pi.InputTypeError) as caught:
        ObservationTable(_typed([_row("a")]), (), object())
    assert str(caught.value) == (
        "an ObservationTable is made only by validation (it is the proof that the rows "
        "passed every check).\nHint: validate with progress_indicators.sources.build_evidence "
        "or pass the DataFrame itself."
    )


def test_with_metrics_checks_the_new_bounds() -> None:
    """``lvl`` is unknown to the default metrics (accepted), then bounded to [2, 5].

    Row 1 (1.0) is below the minimum 2, row 2 (6.0) above the maximum 5; row 0 is
    another metric.
    """
    rows = [_row("a"), _row("l1", metric="lvl", value=1.0), _row("l2", metric="lvl", value=6.0)]
    accepted, cases, _ = observation_table(_typed(rows))
    assert len(accepted) == 3
    assert cases.empty
    with pytest.raises(ValidationError) as caught:
        accepted.with_metrics([_LEVEL], where="w.csv")
    assert str(caught.value) == (
        "2 failed check(s) on 2 row(s) of the observations table in w.csv.\n"
        "  row 1, column 'value': >= the metric's minimum (got '1.0') [out_of_range]\n"
        "  row 2, column 'value': <= the metric's maximum (got '6.0') [out_of_range]\n"
        "Hint: use on_invalid='quarantine' to keep the valid rows and inspect the rejects."
    )
    assert (caught.value.table, caught.value.where) == ("observations", "w.csv")


def test_with_metrics_checks_a_count_minimum() -> None:
    """A count of -1 for ``cnt``: accepted while ``cnt`` is unknown, negative once it is.

    The pandas validator with ``cnt`` rejects that row as ``negative_count``.
    """
    accepted, _, _ = observation_table(_typed([_row("a", metric="cnt", value=-1.0)]))
    with pytest.raises(ValidationError) as caught:
        accepted.with_metrics([_COUNT], where=None)
    assert caught.value.failure_cases["reason"].tolist() == ["negative_count"]


def test_arrow_backend_accepts_no_metrics() -> None:
    """No metrics, no bounds: both rows pass (as on the pandas backend)."""
    rows = [_row("a"), _row("b", metric="other")]
    assert len(validate_observations(_typed(rows).to_pandas(), metrics=[]).table) == 2
    accepted, cases = validate_arrow_observations(_typed(rows), metrics=[])
    assert (len(accepted), len(cases)) == (2, 0)


def test_concat_observation_tables() -> None:
    """Rows in table order across an Arrow-made and a pandas-made table; one table is itself.

    The metrics are kept when every table has the same ones, else none are claimed.
    """
    from_arrow, _, _ = observation_table(_typed([_row("a"), _row("b")]))
    from_pandas, _, _ = observation_table(_typed([_row("c")]).to_pandas())
    both = concat_observation_tables([from_arrow, from_pandas])
    assert (len(both), _ids(both)) == (3, ["a", "b", "c"])
    assert both.metrics == tuple(DEFAULT_METRICS)
    assert concat_observation_tables([from_arrow]) is from_arrow
    bounded, _, _ = observation_table(_typed([_row("d")]), metrics=[*DEFAULT_METRICS, _LEVEL])
    mixed = concat_observation_tables([from_arrow, bounded])
    assert (_ids(mixed), mixed.metrics) == (["a", "b", "d"], ())


def test_concat_observation_tables_refuses_an_id_seen_in_an_earlier_table() -> None:
    """``" b "`` is ``b`` once stripped: row 3 of the three tables (2 + 1 + 1 rows)."""
    first, _, _ = observation_table(_typed([_row("a"), _row("b")]))
    second, _, _ = observation_table(_typed([_row("c")]).to_pandas())
    third, _, _ = observation_table(_typed([_row(" b ")]))
    with pytest.raises(ValidationError) as caught:
        concat_observation_tables([first, second, third], where="merge")
    assert str(caught.value) == (
        "1 failed check(s) on 1 row(s) of the observations table in merge.\n"
        "  row 3, column 'observation_id': is unique (got 'b') [duplicate_id]\n"
        "Hint: give each observation its own observation_id."
    )
    assert (caught.value.table, caught.value.where) == ("observations", "merge")
    cases = caught.value.failure_cases
    assert list(cases.columns) == ["row", "column", "check", "value", "reason"]
    assert str(cases["row"].dtype) == "Int64"


_WANT_TABLES = "must be a non-empty sequence of ObservationTable"
_HINT_TABLES = "\nHint: validate each table first (observation_table, validate_arrow_observations)."


@pytest.mark.parametrize(
    ("tables", "where", "error", "message"),
    [
        ("abc", None, pi.InputTypeError, "(got 'abc' that is a str)."),
        ([], None, pi.ConfigError, "(got [] that is a list)." + _HINT_TABLES),
        ([], "merge", pi.ConfigError, "(got [] that is a list)." + _HINT_TABLES),
        (["x"], None, pi.InputTypeError, "(got ['x'] that is a list)." + _HINT_TABLES),
    ],
)
def test_concat_observation_tables_messages_are_exact(
    tables: object, where: str | None, error: type[Exception], message: str
) -> None:
    """Named by ``where`` (default the function); a text is refused before the hint is due."""
    label = where or "concat_observation_tables"
    with pytest.raises(error) as caught:
        concat_observation_tables(tables, where=where)  # type: ignore[arg-type]
    assert str(caught.value) == f"{label}: argument 'tables' {_WANT_TABLES} {message}"
