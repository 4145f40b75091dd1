"""The mapping option of every file source: column renames, value maps, provenance.

Issue #18: a second, independently compiled exchange list lost rows to spellings such as
``pow_and_civilian_exchange`` and to a missing ``notes`` column. These tests read the
real shared ledgers with a documented mapping and check that every row loads or is
rejected with a reason, and that the same mapping option works on each file source.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from progress_indicators.exceptions import ConfigError, InputTypeError, ValidationError
from progress_indicators.sources import load_source
from progress_indicators.sources._mapping import FieldMapping
from tests.sources.conftest import FIXTURES, options_for

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

LEDGER_MAPPING = {"columns": {"kind": "event_type", "source": "source_urls"}}
"""The documented mapping of ``humanitarian_exchanges/exchanges_ledger.csv``."""

FACTS_KINDS = {
    "prisoner_exchange": "detainee_exchange",
    "pow_and_civilian_exchange": "pow_exchange",
    "repatriation_of_bodies": "body_repatriation",
}
"""The documented kind spellings of the shared exchange lists (facts/SOURCE.md, section 6)."""


def _accounted(a: Mapping[str, int]) -> bool:
    return bool(a["read"] == a["accepted"] + a["rejected"] + a["routed"] + a["skipped"])


def test_real_exchange_ledger_loads_every_row_or_rejects_it_with_a_reason(
    shared_data: Path,
) -> None:
    """The exchange ledger (no event_id, source or verification columns) loads mapped.

    Its 2022-06-29 record has an unquoted comma in its note (11 fields for a 10-column
    header): pandas refuses the whole file for it; the source rejects that record as
    ``malformed_record`` and reads the other 23.
    """
    path = shared_data / "humanitarian_exchanges" / "exchanges_ledger.csv"
    evidence = load_source(
        "humanitarian", path=path, verification="reported", **LEDGER_MAPPING
    ).read(on_invalid="quarantine")
    assert evidence.accounting == {
        "read": 24,
        "accepted": 0,
        "rejected": 1,
        "routed": 23,
        "skipped": 0,
    }
    reject = evidence.rejected.iloc[0]
    assert (reject["row"], reject["reason"]) == (1, "malformed_record")
    assert str(reject["value"]).startswith("11 fields: 2022-06-29,pow_exchange,144")
    assert evidence.humanitarian["kind"].astype(str).value_counts().to_dict() == {
        "pow_exchange": 17,
        "body_repatriation": 4,
        "child_return": 2,
    }
    recorded = json.loads(evidence.provenance["mapping"])
    assert recorded["columns"] == LEDGER_MAPPING["columns"]
    assert recorded["constants"] == {"verification": "reported"}
    with pytest.raises(ValidationError, match="malformed_record"):
        load_source("humanitarian", path=path, verification="reported", **LEDGER_MAPPING).read()


def test_real_facts_ledger_kind_spellings_are_mapped_and_the_rest_rejected(
    shared_data: Path,
) -> None:
    """facts/humanitarian_events.csv: a kind map loads the 2019 prisoner exchange.

    Without the map 2 of 39 rows are rejected (``prisoner_exchange`` and
    ``grain_corridor_deal_lapsed``); with it only the lapse of the grain deal is left,
    rejected as an unknown kind (a lapse is no humanitarian event). The provenance
    says which spelling was mapped how often.
    """
    path = shared_data / "facts" / "humanitarian_events.csv"
    options = {"columns": {"kind": "event_type", "source": "sources"}, "verification": "reported"}
    plain = load_source("humanitarian", path=path, **options).read(on_invalid="quarantine")
    assert plain.accounting["rejected"] == 2
    assert sorted(plain.rejected["value"]) == ["grain_corridor_deal_lapsed", "prisoner_exchange"]
    mapped = load_source("humanitarian", path=path, kinds=FACTS_KINDS, **options).read(
        on_invalid="quarantine"
    )
    assert mapped.accounting["read"] == 39
    assert mapped.accounting["routed"] == 38
    assert mapped.rejected[["row", "column", "value", "reason"]].to_numpy().tolist() == [
        [10, "kind", "grain_corridor_deal_lapsed", "unknown_kind"]
    ]
    assert _accounted(mapped.accounting)
    assert json.loads(mapped.provenance["mapped_values"]) == {"kind": {"prisoner_exchange": 1}}
    row = mapped.humanitarian[mapped.humanitarian["date"] == "2019-09-07"]
    assert row["kind"].astype(str).tolist() == ["detainee_exchange"]


def _second_list(tmp_path: Path) -> Path:
    """A ledger in the second compilation's spellings, without notes or mediator columns."""
    path = tmp_path / "second_list.csv"
    path.write_text(
        "date,type,to_ukraine,to_russia,who\n"
        "2025-05-23,pow_and_civilian_exchange,390,390,both\n"
        "2025-06-16, Repatriation_of_Bodies ,6057,78,UA\n"
        "2025-08-24,POW_AND_CIVILIAN_EXCHANGE,146,154,both\n"
        "2025-09-18,unknown,1000,24,RU\n",
        encoding="utf-8",
    )
    return path


def test_value_maps_match_without_case_or_spaces_and_optional_columns_may_be_absent(
    tmp_path: Path,
) -> None:
    """Spellings map case- and space-insensitively; no notes/mediator column is fine.

    A value mapped to None becomes missing and is then rejected by validation with its
    own reason (a kind that is none of the kinds), never dropped silently.
    """
    source = load_source(
        "humanitarian",
        path=_second_list(tmp_path),
        columns={
            "kind": "type",
            "returned_to_ukraine": "to_ukraine",
            "returned_to_russia": "to_russia",
            "counts_reported_by": "who",
        },
        kinds={**FACTS_KINDS, "unknown": None},
        source="second list",
        verification="reported",
    )
    evidence = source.read(on_invalid="quarantine")
    assert evidence.accounting["routed"] == 3
    assert evidence.humanitarian["kind"].astype(str).tolist() == [
        "pow_exchange",
        "body_repatriation",
        "pow_exchange",
    ]
    assert evidence.humanitarian["notes"].isna().all()
    assert evidence.rejected[["row", "column", "reason"]].to_numpy().tolist() == [
        [3, "kind", "unknown_kind"]
    ]
    counts = json.loads(evidence.provenance["mapped_values"])
    assert counts == {
        "kind": {"pow_and_civilian_exchange": 2, "repatriation_of_bodies": 1, "unknown": 1}
    }


def test_mapping_options_are_checked_when_the_source_is_built() -> None:
    """A misspelt target column, a non-text map or a doubly mapped spelling is refused."""
    path = FIXTURES / "humanitarian" / "ledger.csv"
    with pytest.raises(ConfigError, match="Did you mean 'kind'"):
        load_source("humanitarian", path=path, values={"knid": {"a": "b"}})
    with pytest.raises(InputTypeError, match="maps text to text or None"):
        load_source("humanitarian", path=path, kinds={"a": 1})
    with pytest.raises(ConfigError, match="maps 'A' twice"):
        FieldMapping(values={"kind": {"a": "x", "A": "y"}})
    with pytest.raises(ConfigError, match="kinds= or values"):
        load_source("humanitarian", path=path, kinds={}, values={"kind": {}})


def test_table_values_map_does_not_touch_the_callers_frame() -> None:
    """``values=`` on a DataFrame maps a copy; the caller's frame is unchanged."""
    data = pd.DataFrame(
        {"day": ["2025-05-01", "2025-05-02"], "n": [3, 4], "grade": ["Confirmed", "claim"]}
    )
    before = data.copy()
    evidence = load_source(
        "table",
        data=data,
        columns={"date": "day", "value": "n", "verification": "grade"},
        values={"verification": {"confirmed": "verified", "claim": "claimed"}},
        indicator="cessation_of_attacks",
        metric="attack_events",
        unit="events",
        source="sheet",
        reliability="B",
        credibility=2,
    ).read()
    assert evidence.observations["verification"].astype(str).tolist() == ["verified", "claimed"]
    pd.testing.assert_frame_equal(data, before)


def _renamed(source: Path, target: Path, old: str, new: str) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    lines[0] = ",".join(new if c == old else c for c in header) + "\n"
    target.write_text("".join(lines), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("ucdp_ged", "date_start"),
        ("viina", "a_rus_init_b"),
        ("euvsdisinfo", "keywords"),
        ("osce_smm", "violations"),
        ("humanitarian", "kind"),
    ],
)
def test_every_file_source_reads_a_renamed_column_through_columns(
    tmp_path: Path, name: str, column: str
) -> None:
    """A file whose column is named otherwise reads, mapped, as the original does."""
    options = options_for(name)
    original = options.pop("path")
    renamed = _renamed(original, tmp_path / original.name, column, "renamed_column")
    expected = load_source(name, path=original, **options).read(on_invalid="quarantine")
    got = load_source(name, path=renamed, columns={column: "renamed_column"}, **options).read(
        on_invalid="quarantine"
    )
    pd.testing.assert_frame_equal(got.observations, expected.observations)
    pd.testing.assert_frame_equal(got.humanitarian, expected.humanitarian)
    assert got.accounting == expected.accounting
    assert json.loads(got.provenance["mapping"])["columns"] == {column: "renamed_column"}


def test_viina_control_status_spellings_are_mapped_on_the_dictionary(tmp_path: Path) -> None:
    """A control file spelling statuses otherwise reads as VIINA's UA/RU/CONTESTED."""
    original = FIXTURES / "viina" / "control_fictional.csv"
    text = original.read_text(encoding="utf-8")
    header, *rows = text.splitlines()
    position = header.split(",").index("status")
    spelled = {"RU": "occupied", "UA": "ukraine", "CONTESTED": "contested"}
    out = [header]
    for row in rows:
        cells = row.split(",")
        cells[position] = spelled[cells[position]]
        out.append(",".join(cells))
    path = tmp_path / "control_spelled.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    expected = load_source("viina", path=original).read()
    got = load_source(
        "viina",
        path=path,
        values={"status": {"occupied": "RU", "ukraine": "UA", "contested": "CONTESTED"}},
    ).read()
    pd.testing.assert_frame_equal(got.observations, expected.observations)
    counts = json.loads(got.provenance["mapped_values"])["status"]
    assert sum(counts.values()) == len(rows)
