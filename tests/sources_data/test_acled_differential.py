"""ACLED's columnar fast path gives the same verdicts as the library's slow path.

The adapter parses dates, numbers, ids and text in Arrow. The reference is the pandas
observation contract (:func:`validate_observations`) run on the same cells as text: for
every generated file, each row is accepted or rejected for the same reasons, and the
accepted dates, coordinates and regions are the same values. These tests were written
before the fix of issue #16 class 1 (impossible days rolled forward, years outside the
nanosecond range wrapped, ``nan`` text read as a missing coordinate).
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from progress_indicators.exceptions import ValidationError
from progress_indicators.sources import AcledSource
from progress_indicators.validation import validate_observations

if TYPE_CHECKING:
    from collections.abc import Sequence

_HEADER = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "admin1",
    "latitude",
    "longitude",
    "notes",
)
_ACTOR = "Military Forces of Russia (2000-)"

_iso = st.dates(min_value=pd.Timestamp("1600-01-01").date()).map(lambda d: d.isoformat())
_impossible = st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
    st.integers(1, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
)
_noisy = st.text(alphabet="0123456789-T: +/.", max_size=12)
_dates = st.one_of(_iso, _impossible, _noisy)
_number_text = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-400, 400).map(str),
    st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "1e400", " 1", "1_0", "", "x"]),
)
_ids = st.text(alphabet="AB12 ", min_size=0, max_size=3)
_regions = st.sampled_from(["Kharkiv", " Sumy ", "", "  ", "Donetsk"])


def _write(path: Path, rows: Sequence[tuple[str, ...]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(_HEADER)
        writer.writerows(rows)


def _reference(rows: Sequence[tuple[str, ...]]) -> pd.DataFrame:
    """The same rows mapped by hand and validated by the pandas contract, as text."""

    def cell(value: str) -> str | None:
        return value or None  # the CSV reader reads an empty cell as missing

    ids = [cell(r[0]) for r in rows]
    return pd.DataFrame(
        {
            "observation_id": [None if i is None else f"acled-{i}" for i in ids],
            "indicator": "cessation_of_attacks",
            "metric": "attack_events",
            "date": [cell(r[1]) for r in rows],
            "value": 1.0,
            "unit": "events",
            "source": "ACLED (acleddata.com)",
            "verification": "corroborated",
            "reliability": "B",
            "credibility": 2,
            "region": [cell(r[5]) for r in rows],
            "latitude": [cell(r[6]) for r in rows],
            "longitude": [cell(r[7]) for r in rows],
            "source_record": ids,
            "notes": "n",
        },
        dtype=object,
    )


def _verdicts(cases: pd.DataFrame) -> set[tuple[int, str, str]]:
    return {
        (int(r), str(c), str(reason))
        for r, c, reason in zip(cases["row"], cases["column"], cases["reason"], strict=True)
    }


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_ids, _dates, _regions, _number_text, _number_text), min_size=1, max_size=8)
)
@example([("A1", "2022-02-30", "Kharkiv", "50.0", "36.0")])
@example([("A1", "9999-12-31", "Kharkiv", "50.0", "36.0")])
@example([("A1", "1677-09-21", "Kharkiv", "50.0", "36.0")])
@example([("A1", "2022-03-01", "Kharkiv", "nan", "36.0")])
@example([("A1", "2022-03-01", "Kharkiv", "50.0", "inf")])
def test_acled_fast_path_gives_the_slow_paths_verdicts(
    cells: Sequence[tuple[str, str, str, str, str]],
) -> None:
    """Each row: same verdict and reasons; accepted dates, numbers, text and ids equal."""
    rows = [
        (i, d, "Battles", "Armed clash", _ACTOR, region, lat, lon, "n")
        for i, d, region, lat, lon in cells
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "acled.csv"
        _write(path, rows)
        evidence = AcledSource(path=path, country=None).read(on_invalid="quarantine")
    reference = validate_observations(_reference(rows), on_invalid="quarantine")
    assert _verdicts(evidence.rejected) == _verdicts(reference.rejected)
    assert evidence.accounting["read"] == len(rows)
    assert evidence.accounting["accepted"] + evidence.accounting["rejected"] == len(rows)
    got = evidence.observations.reset_index(drop=True)
    want = reference.table.reset_index(drop=True)
    columns = ["observation_id", "date", "latitude", "longitude", "region"]
    pd.testing.assert_frame_equal(
        got[columns].astype(object), want[columns].astype(object), check_dtype=False
    )


@pytest.mark.parametrize("date", ["2022-02-30", "9999-12-31", "1677-09-21"])
def test_acled_impossible_or_unrepresentable_date_raises_in_raise_mode(
    tmp_path: Path, date: str
) -> None:
    """A file whose every date parses in Arrow still refuses 2022-02-30 and 9999-12-31."""
    path = tmp_path / "acled.csv"
    _write(path, [("A1", date, "Battles", "Armed clash", _ACTOR, "Sumy", "50", "36", "n")])
    with pytest.raises(ValidationError) as caught:
        AcledSource(path=path, country=None).read()
    cases = caught.value.failure_cases
    assert list(cases["reason"]) == ["unparseable_date"]
    assert list(cases["value"]) == [date]


def test_acled_na_text_is_text_not_missing(tmp_path: Path) -> None:
    """Only an empty cell is missing: an id or region written "NA" stays that text."""
    path = tmp_path / "acled.csv"
    _write(path, [("NA", "2022-03-01", "Battles", "Armed clash", _ACTOR, "null", "50", "36", "n")])
    evidence = AcledSource(path=path, country=None).read()
    assert list(evidence.observations["observation_id"]) == ["acled-NA"]
    assert list(evidence.observations["region"].astype(str)) == ["null"]
