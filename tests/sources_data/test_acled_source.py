"""ACLED adapter: mapping rules, grades, accounting and bad files (the API: test_fetch.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import blake3
import pandas as pd
import pytest

from progress_indicators.exceptions import (
    DataFileError,
    InputTypeError,
    SchemaError,
    ValidationError,
)
from progress_indicators.sources import AcledSource, EvidenceSource
from progress_indicators.sources import _acled as acled_module

FIXTURES = Path(__file__).resolve().parents[1] / "sources" / "fixtures" / "acled"
CSV = FIXTURES / "acled_fictional.csv"
API_JSON = FIXTURES / "acled_fictional_api.json"


def _by_id(frame: pd.DataFrame, column: str = "observation_id") -> dict[str, pd.Series]:
    return {str(row[column]): row for _, row in frame.iterrows()}


def test_acled_satisfies_the_protocol() -> None:
    """The adapter is an EvidenceSource with the documented name and indicators."""
    source = AcledSource(path=CSV)
    assert isinstance(source, EvidenceSource)
    assert source.name == "acled"
    assert {i.value for i in source.indicators} == {"cessation_of_attacks", "verified_withdrawal"}


@pytest.mark.parametrize("path", [CSV, API_JSON], ids=["csv", "api-json"])
def test_acled_maps_each_rule_and_accounts_for_every_row(path: Path) -> None:
    """Russian attacks -> attack_events, territory -> withdrawal, exchanges -> ledger."""
    evidence = AcledSource(path=path).read()
    obs = _by_id(evidence.observations)
    assert set(obs) == {
        "acled-UKRFX001",
        "acled-UKRFX002",
        "acled-UKRFX004",
        "acled-UKRFX008",
        "acled-UKRFX009",
        "acled-UKRFX010",
    }
    assert obs["acled-UKRFX001"]["metric"] == "attack_events"
    assert obs["acled-UKRFX004"]["metric"] == "attack_events"  # DPR forces are Russian-aligned
    assert obs["acled-UKRFX008"]["metric"] == "territory_regained_events"
    assert obs["acled-UKRFX008"]["indicator"] == "verified_withdrawal"
    assert obs["acled-UKRFX009"]["metric"] == "territory_taken_events"
    first = obs["acled-UKRFX001"]
    assert first["value"] == 1.0
    assert first["source_record"] == "UKRFX001"
    assert first["region"] == "Kharkiv"
    assert first["latitude"] == pytest.approx(50.01)
    assert first["longitude"] == pytest.approx(36.25)
    assert first["date"] == pd.Timestamp("2022-03-01")
    hum = _by_id(evidence.humanitarian, "event_id")
    assert set(hum) == {"acled-UKRFX006", "acled-UKRFX011"}
    assert hum["acled-UKRFX006"]["kind"] == "pow_exchange"
    assert hum["acled-UKRFX011"]["kind"] == "body_repatriation"
    assert pd.isna(hum["acled-UKRFX006"]["returned_to_ukraine"])  # unknown, never 0
    assert dict(evidence.accounting) == {
        "read": 11,
        "accepted": 6,
        "rejected": 0,
        "routed": 2,
        "skipped": 3,
    }
    skipped = dict(zip(evidence.skipped["reason"], evidence.skipped["rows"], strict=True))
    assert skipped == {
        "agreement_not_an_exchange": 1,
        "event_type_not_an_attack": 1,
        "not_russian_initiated": 1,
    }


def _parquet(tmp_path: Path, frame: pd.DataFrame, name: str = "acled.parquet") -> Path:
    path = tmp_path / name
    frame.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize("typed", [True, False], ids=["typed-columns", "text-columns"])
def test_acled_parquet_export_reads_like_the_csv(tmp_path: Path, typed: bool) -> None:
    """The same export as Parquet (typed dates and numbers, or all text) gives the same evidence."""
    frame = pd.read_csv(CSV, dtype=None if typed else str)
    if typed:
        frame["event_date"] = pd.to_datetime(frame["event_date"]).dt.date
    from_csv = AcledSource(path=CSV).read()
    parquet = _parquet(tmp_path, frame)
    from_parquet = AcledSource(path=parquet).read()
    pd.testing.assert_frame_equal(from_parquet.observations, from_csv.observations)
    pd.testing.assert_frame_equal(from_parquet.humanitarian, from_csv.humanitarian)
    assert dict(from_parquet.accounting) == dict(from_csv.accounting)
    # provenance names the file read, by a digest computed here independently
    assert from_parquet.provenance["blake3"] == blake3.blake3(parquet.read_bytes()).hexdigest()
    assert from_csv.provenance["blake3"] == blake3.blake3(CSV.read_bytes()).hexdigest()
    assert from_csv.provenance["digest_algorithm"] == "blake3"
    sha = AcledSource(path=CSV, digest="sha256").read().provenance
    assert sha["sha256"] == hashlib.sha256(CSV.read_bytes()).hexdigest()
    assert sha["digest_algorithm"] == "sha256"
    with pytest.raises(InputTypeError, match="digest must be one of sha256, blake3"):
        AcledSource(path=CSV, digest="md5")


def test_acled_parquet_blank_text_is_missing_as_in_the_csv(tmp_path: Path) -> None:
    """Empty strings in Parquet are missing values (a blank event type is rejected)."""
    frame = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    frame.loc[0, "event_type"] = "  "
    frame.loc[1, "admin1"] = ""
    evidence = AcledSource(path=_parquet(tmp_path, frame)).read(on_invalid="quarantine")
    assert evidence.rejected.loc[evidence.rejected["row"] == 0, "reason"].tolist() == [
        "unknown_event_type"
    ]
    second = _by_id(evidence.observations)["acled-UKRFX002"]
    assert pd.isna(second["region"])


def test_acled_damaged_or_incomplete_parquet_is_a_library_error(tmp_path: Path) -> None:
    """A truncated Parquet file is a DataFileError; a missing column a SchemaError."""
    frame = pd.read_csv(CSV, dtype=str)
    good = _parquet(tmp_path, frame).read_bytes()
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(good[: len(good) // 2])
    with pytest.raises(DataFileError, match="Hint:") as caught:
        AcledSource(path=cut).read()
    assert "cut.parquet" in str(caught.value)
    assert caught.value.__cause__ is None
    missing = _parquet(tmp_path, frame.drop(columns=["actor1"]), "no_actor.parquet")
    with pytest.raises(SchemaError, match="actor1"):
        AcledSource(path=missing).read()


def test_acled_parallel_regex_slices_give_the_same_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notes searched in many slices on threads grade and route exactly as one pass."""
    frame = pd.read_csv(CSV, dtype=str)
    big = pd.concat([frame] * 5, ignore_index=True)
    big["event_id_cnty"] = [f"UKRX{i:04d}" for i in range(len(big))]
    path = tmp_path / "acled_big.csv"
    big.to_csv(path, index=False)
    one_pass = AcledSource(path=path).read()
    monkeypatch.setattr(acled_module, "_REGEX_SLICE", 3)
    sliced = AcledSource(path=path).read()
    pd.testing.assert_frame_equal(sliced.observations, one_pass.observations)
    pd.testing.assert_frame_equal(sliced.humanitarian, one_pass.humanitarian)
    assert (sliced.observations["verification"] == "reported").sum() == 5  # UKRFX002 x 5
    assert len(sliced.humanitarian) == 10  # the two exchanges x 5


def test_acled_grades_single_party_sourcing_as_reported() -> None:
    """Curated ACLED events are corroborated B/2; notes citing one side only give reported B/3."""
    obs = _by_id(AcledSource(path=CSV).read().observations)
    assert (obs["acled-UKRFX001"]["verification"], obs["acled-UKRFX001"]["reliability"]) == (
        "corroborated",
        "B",
    )
    assert obs["acled-UKRFX001"]["credibility"] == 2
    assert obs["acled-UKRFX002"]["verification"] == "reported"
    assert obs["acled-UKRFX002"]["credibility"] == 3


def test_acled_span_filter_skips_rows_outside_with_a_reason() -> None:
    """start/end keep only events inside; the others are counted as outside_requested_span."""
    evidence = AcledSource(path=CSV).read(start=dt.date(2022, 4, 1), end=dt.date(2022, 4, 30))
    assert list(evidence.observations["observation_id"]) == ["acled-UKRFX010"]
    assert list(evidence.humanitarian["event_id"]) == ["acled-UKRFX011"]
    skipped = dict(zip(evidence.skipped["reason"], evidence.skipped["rows"], strict=True))
    assert skipped["outside_requested_span"] == 9


def test_acled_custom_actor_rule_is_honoured() -> None:
    """An overridden actor regex changes which rows count as Russian-initiated."""
    evidence = AcledSource(path=CSV, russian_actors=r"Military Forces of Russia").read()
    ids = set(evidence.observations["observation_id"])
    assert "acled-UKRFX004" not in ids  # DPR no longer matched
    assert "acled-UKRFX001" in ids


def _rewrite(tmp_path: Path, edit: dict[int, dict[str, str]]) -> Path:
    frame = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    for row, values in edit.items():
        for column, value in values.items():
            frame.loc[row, column] = value
    out = tmp_path / "acled_edit.csv"
    frame.to_csv(out, index=False)
    return out


def test_acled_bad_rows_raise_or_quarantine_with_dataset_row_numbers(tmp_path: Path) -> None:
    """An unknown event type and a bad latitude are rejected, pointing at their own rows."""
    path = _rewrite(tmp_path, {0: {"latitude": "95.5"}, 4: {"event_type": "Bogus"}})
    with pytest.raises(ValidationError) as caught:
        AcledSource(path=path).read()
    assert "acled_edit.csv" in str(caught.value)
    evidence = AcledSource(path=path).read(on_invalid="quarantine")
    reasons = dict(zip(evidence.rejected["row"], evidence.rejected["reason"], strict=True))
    assert reasons == {0: "out_of_range", 4: "unknown_event_type"}
    assert evidence.accounting["rejected"] == 2
    assert "acled-UKRFX001" not in set(evidence.observations["observation_id"])
    a = evidence.accounting
    assert a["read"] == a["accepted"] + a["rejected"] + a["routed"] + a["skipped"] == 11


def test_acled_wrong_columns_name_the_missing_column_with_a_hint(tmp_path: Path) -> None:
    """A renamed column gives a SchemaError naming it, with a did-you-mean hint."""
    text = CSV.read_text(encoding="utf-8").replace("sub_event_type", "subevent_type", 1)
    path = tmp_path / "renamed.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match="sub_event_type") as caught:
        AcledSource(path=path).read()
    assert "Hint:" in str(caught.value)
    assert "subevent_type" in str(caught.value)


def test_acled_truncated_file_is_a_data_file_error(tmp_path: Path) -> None:
    """A file cut mid-row gives a DataFileError with a hint, not a pyarrow traceback."""
    data = CSV.read_bytes()
    path = tmp_path / "cut.csv"
    path.write_bytes(data[: len(data) - 200])
    with pytest.raises(DataFileError, match="Hint:") as caught:
        AcledSource(path=path).read()
    assert caught.value.__cause__ is None


def test_acled_options_are_checked_eagerly_without_io() -> None:
    """Constructor rejects path+api together, or neither; a missing file waits for read()."""
    with pytest.raises(InputTypeError):
        AcledSource()
    with pytest.raises(InputTypeError):
        AcledSource(path=CSV, api=True)
    lazy = AcledSource(path="does/not/exist.csv")
    with pytest.raises(DataFileError, match="not found"):
        lazy.read()


# The API (OAuth token, bearer reads, paging, retries, redaction) is tested against
# recorded responses in tests/sources/test_fetch.py (issue #18).
