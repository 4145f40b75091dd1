"""Hypothesis fuzzing of the parsers and of ``score``: library error or accounted rows.

Near-valid inputs are built from valid ones by replacing cells with junk (text, numbers
out of range, dates in other formats, control characters). Every reader must end in a
:class:`ProgressIndicatorsError` or in evidence whose accounting adds up; ``score``
must either score or raise a library error, never a raw pandas/numpy exception.
Examples are few (the suite runs on a shared 2-core machine); ``fuzz/`` holds atheris
harnesses for long runs.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import progress_indicators as pi
from progress_indicators.exceptions import ProgressIndicatorsError
from progress_indicators.sources import (
    DeepStateMapSource,
    Evidence,
    HumanitarianLedgerSource,
    ManualSource,
    TableSource,
)
from tests._warnings import score

FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FIXTURES = Path(__file__).resolve().parent / "sources" / "fixtures"

JUNK = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "NaN",
            "inf",
            "-inf",
            "-1",
            "1e400",
            "9" * 40,
            "0x10",
            "2024-02-30",
            "31/12/2024",
            "2024-03-01T10:00:00+05:00",
            "9999-12-31",
            "null",
            "true",
            "=1+1",
            '"',
            "\x00",
            "\u202e",
            "pow_exchange",
            "verified ",
            "Z",
        ]
    ),
    st.text(max_size=12),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def _mutated_rows(
    data: st.DataObject, rows: list[dict[Any, Any]], columns: list[str]
) -> list[dict[Any, Any]]:
    draw = data.draw
    out = [dict(r) for r in rows]
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        i = draw(st.integers(min_value=0, max_value=len(out) - 1))
        column = draw(st.sampled_from(columns))
        out[i][column] = draw(JUNK)
    return out


def _check(read: Any) -> Evidence | None:
    """Run ``read``; a library error is fine, anything else fails; check the accounting."""
    try:
        evidence: Evidence = read()
    except ProgressIndicatorsError:
        return None
    a = evidence.accounting
    assert a["read"] == a["accepted"] + a["rejected"] + a["routed"] + a["skipped"]
    assert evidence.rejected["reason"].notna().all()
    return evidence


def _write_csv(rows: list[dict[str, Any]], columns: list[str]) -> Path:
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (kept for the reader; removed below)
        "w", suffix=".csv", delete=False, encoding="utf-8", newline=""
    )
    with handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return Path(handle.name)


def _read_fixture(name: str) -> tuple[list[dict[str, Any]], list[str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    return rows, list(reader.fieldnames or [])


TABLE_ROWS, TABLE_COLUMNS = _read_fixture("table/analyst_sheet.csv")
LEDGER_ROWS, LEDGER_COLUMNS = _read_fixture("humanitarian/ledger.csv")


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_fuzz_table_csv(data: st.DataObject) -> None:
    """Junk cells in an analyst's sheet are quarantined with reasons, never lost."""
    rows = _mutated_rows(data, TABLE_ROWS, TABLE_COLUMNS)
    path = _write_csv(rows, TABLE_COLUMNS)
    try:
        source = TableSource(
            path,
            columns={
                "date": "day",
                "region": "oblast",
                "value": "strikes",
                "verification": "checked",
            },
            indicator="cessation_of_attacks",
            metric="attack_events",
            unit="events",
            source="sheet",
            reliability="B",
            credibility=3,
        )
        evidence = _check(lambda: source.read(on_invalid="quarantine"))
        if evidence is not None:
            assert evidence.accounting["read"] == len(rows)
        _check(lambda: source.read(on_invalid="raise"))
    finally:
        path.unlink()


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_fuzz_humanitarian_csv(data: st.DataObject) -> None:
    """Junk in a ledger is quarantined or refused; routed rows are never scored."""
    rows = _mutated_rows(data, LEDGER_ROWS, LEDGER_COLUMNS)
    path = _write_csv(rows, LEDGER_COLUMNS)
    try:
        evidence = _check(lambda: HumanitarianLedgerSource(path).read(on_invalid="quarantine"))
        if evidence is not None:
            assert evidence.accounting["read"] == len(rows)
            assert evidence.observations.empty
    finally:
        path.unlink()


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.text(max_size=10),
    st.sampled_from(["2024-03-01", "cessation_of_attacks", "verified", "B", "attack_events"]),
)
NESTED = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
ITEM = st.dictionaries(
    st.sampled_from(
        [
            *("observation_id", "indicator", "metric", "date", "value", "unit", "source"),
            *("verification", "reliability", "credibility", "event_id", "kind", "zz_extra"),
        ]
    ),
    NESTED,
    max_size=10,
)
DOCUMENT = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "defaults": st.dictionaries(
                st.sampled_from(["source", "unit", "reliability"]), SCALARS
            ),
            "observations": st.lists(ITEM | NESTED, max_size=6),
            "humanitarian": st.lists(ITEM | NESTED, max_size=4),
        },
    ),
    NESTED,
)


@pytest.mark.slow
@FUZZ
@given(document=DOCUMENT, as_json=st.booleans())
def test_fuzz_manual_yaml_and_json(document: Any, as_json: bool) -> None:
    """Arbitrary documents (valid-looking or not) end in a library error or accounted rows."""
    suffix = ".json" if as_json else ".yaml"
    text = json.dumps(document, allow_nan=True) if as_json else yaml.safe_dump(document, width=60)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"evidence{suffix}"
        path.write_text(text, encoding="utf-8")
        evidence = _check(lambda: ManualSource(path).read(on_invalid="quarantine"))
        if evidence is not None and isinstance(document, dict):
            items = [document.get("observations"), document.get("humanitarian")]
            assert evidence.accounting["read"] == sum(len(i or []) for i in items)


@FUZZ
@given(text=st.text(max_size=200))
def test_fuzz_manual_raw_text(text: str) -> None:
    """Any text at all is either read or refused with a library error."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "evidence.yaml"
        path.write_text(text, encoding="utf-8")
        _check(lambda: ManualSource(path).read(on_invalid="quarantine"))


COORD: st.SearchStrategy[Any] = st.one_of(
    st.floats(min_value=30, max_value=40),
    st.floats(),
    st.sampled_from([None, "x", [], 1e300]),
)
GEOMETRY = st.one_of(
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["Polygon", "MultiPolygon", "GeometryCollection", "Point"]),
            "coordinates": st.lists(st.lists(st.lists(COORD, max_size=3), max_size=6), max_size=2),
        }
    ),
    NESTED,
)


@pytest.mark.slow
@FUZZ
@given(
    geometries=st.lists(GEOMETRY, max_size=3),
    properties=st.one_of(st.just({}), NESTED),
)
def test_fuzz_deepstatemap_geojson(geometries: list[Any], properties: Any) -> None:
    """Arbitrary geometries are measured, rejected with a reason, or refused."""
    features = [{"type": "Feature", "properties": properties, "geometry": g} for g in geometries]
    document = {"type": "FeatureCollection", "features": features}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deepstatemap_data_20240101.geojson"
        path.write_text(json.dumps(document, allow_nan=True), encoding="utf-8")
        evidence = _check(lambda: DeepStateMapSource(path).read(on_invalid="quarantine"))
        if evidence is not None:
            assert evidence.accounting["read"] == 1


@FUZZ
@given(settings_doc=NESTED)
def test_fuzz_config_mapping(settings_doc: Any) -> None:
    """Arbitrary settings give a config or a ConfigError (never a pydantic traceback)."""
    text = yaml.safe_dump(settings_doc)
    try:
        config = pi.ScorecardConfig.from_yaml(text + "\n")
    except pi.ConfigError as error:
        message = str(error)
    else:
        assert isinstance(config, pi.ScorecardConfig)
        return
    assert "Hint:" in message


EXAMPLE_OBSERVATIONS, EXAMPLE_HUMANITARIAN = pi.datasets.load_example()
SCORE_SAMPLE = EXAMPLE_OBSERVATIONS.sample(n=120, random_state=3).reset_index(drop=True)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzz_score_on_near_valid_tables(data: st.DataObject) -> None:
    """``score`` on the example with junk cells scores or raises a library error.

    Without junk it must score; with junk, validation must refuse it (score validates in
    full and raises one error for every bad row).
    """
    rows = SCORE_SAMPLE.astype(object).to_dict("records")
    columns = ["indicator", "metric", "date", "value", "verification", "reliability"]
    columns += ["credibility", "observation_id"]
    mutated = _mutated_rows(data, rows, columns)
    frame = pd.DataFrame(mutated, columns=list(SCORE_SAMPLE.columns))
    config = {"uncertainty": {"draws": 0}}
    try:
        # the warnings issued must be the ones the card calls for (tests/_warnings.py)
        card = score(frame, humanitarian=EXAMPLE_HUMANITARIAN, config=config)
    except ProgressIndicatorsError:
        assert mutated != rows
        return
    assert card.index.index.is_monotonic_increasing


def test_fuzz_helpers_build_distinct_tables() -> None:
    """The CSV writer keeps every mutated row (the fuzz accounting relies on it)."""
    rows = [{"a": "1", "b": "x\ny"}, {"a": '"', "b": ""}]
    path = _write_csv(rows, ["a", "b"])
    try:
        back = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    finally:
        path.unlink()
    assert back == rows
