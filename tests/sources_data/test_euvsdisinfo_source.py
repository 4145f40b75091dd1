"""EUvsDisinfo adapter: keyword-to-narrative mapping, grades, skipped cases, real counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from progress_indicators.exceptions import InputTypeError, SchemaError
from progress_indicators.sources import EuvsDisinfoSource, EvidenceSource
from progress_indicators.sources._euvsdisinfo import DEFAULT_NARRATIVE_TAGS

FIXTURES = Path(__file__).resolve().parents[1] / "sources" / "fixtures" / "euvsdisinfo"
CASES = FIXTURES / "cases_fictional.csv"


def test_euvsdisinfo_maps_tags_to_narratives() -> None:
    """One observation per (case, narrative), value 0, reported, source_record = case URL."""
    evidence = EuvsDisinfoSource(CASES).read()
    obs = evidence.observations
    pairs = sorted(
        zip(obs["source_record"].str.rsplit("/", n=2).str[-2], obs["metric"], strict=True)
    )
    assert pairs == [
        ("fictional-case-1", "narrative_coup"),
        ("fictional-case-1", "narrative_nazi"),
        ("fictional-case-2", "narrative_statehood"),
        ("fictional-case-4", "narrative_biolabs"),
        ("fictional-case-5", "narrative_nato_provocation"),
    ]
    assert set(obs["value"]) == {0.0}
    assert set(obs["verification"]) == {"reported"}
    assert set(obs["unit"]) == {"denial_0_4"}
    a = evidence.accounting
    assert (a["read"], a["accepted"], a["skipped"]) == (5, 4, 1)
    skipped = dict(zip(evidence.skipped["reason"], evidence.skipped["rows"], strict=True))
    assert skipped == {"no_mapped_narrative": 1}


def test_euvsdisinfo_mapping_is_overridable_and_checked() -> None:
    """A custom mapping replaces the default; non-narrative metric names are refused."""
    evidence = EuvsDisinfoSource(
        CASES, narrative_tags={"narrative_russophobia": ["sanctions"]}
    ).read()
    assert list(evidence.observations["metric"]) == ["narrative_russophobia"]
    with pytest.raises(InputTypeError, match="narrative"):
        EuvsDisinfoSource(CASES, narrative_tags={"attack_events": ["NATO"]})
    with pytest.raises(InputTypeError, match="list"):
        EuvsDisinfoSource(CASES, narrative_tags={"narrative_nazi": "Nazi/Fascist"})  # type: ignore[dict-item]


def test_euvsdisinfo_span_and_bad_columns(tmp_path: Path) -> None:
    """start/end skip cases outside; a file without keywords is a SchemaError."""
    evidence = EuvsDisinfoSource(CASES).read(start=dt.date(2020, 1, 1))
    assert set(evidence.observations["metric"]) == {
        "narrative_biolabs",
        "narrative_nato_provocation",
    }
    bad = tmp_path / "cases.csv"
    bad.write_text("date,id,title\n2020-01-01,x,y\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="keywords"):
        EuvsDisinfoSource(bad).read()
    assert isinstance(EuvsDisinfoSource(CASES), EvidenceSource)


def test_euvsdisinfo_real_counts_match_keyword_counts(shared_data: Path) -> None:
    """Per narrative, cases mapped lie between the largest and the sum of its tags' counts."""
    folder = shared_data / "euvsdisinfo"
    counts = pd.read_csv(folder / "keyword_counts_2015_2021.csv")
    per_tag = dict(
        zip(counts["keyword"].str.lower(), counts["n_cases_ukraine_related"], strict=True)
    )
    evidence = EuvsDisinfoSource(folder / "cases_ukraine_related_2015_2021.csv").read()
    got = evidence.observations["metric"].value_counts()
    for metric, tags in DEFAULT_NARRATIVE_TAGS.items():
        sizes = [per_tag.get(t.lower(), 0) for t in tags]
        assert max(sizes) <= got.get(metric, 0) <= sum(sizes), metric
        if len(tags) == 1:
            assert got.get(metric, 0) == sizes[0], metric
    a = evidence.accounting
    assert a["read"] == 4238 == a["accepted"] + a["skipped"]
