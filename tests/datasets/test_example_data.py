"""Tests of the bundled example dataset (``datasets/data/*.csv``) and its build script.

Three groups: (a) the bundled files are exactly what ``tools/build_example_data.py``
derives from the shared extracts; (b) facts taken straight from the source CSVs hold in
the bundled files; (c) the column/contract rules the loader and scoring rely on.
Groups (a) and (b) need ``shared/data`` next to the repository and skip without it.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pandas as pd
import pytest

import progress_indicators as pi

if TYPE_CHECKING:
    from types import ModuleType

REPO_ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
DATA_DIR = REPO_ROOT / "src" / "progress_indicators" / "datasets" / "data"
SHARED = REPO_ROOT.parent / "shared" / "data"
BUILD_SCRIPT = REPO_ROOT / "tools" / "build_example_data.py"

OBSERVATION_COLUMNS = [
    "observation_id",
    "indicator",
    "metric",
    "date",
    "end_date",
    "value",
    "unit",
    "source",
    "verification",
    "reliability",
    "credibility",
    "region",
    "source_record",
    "notes",
]
HUMANITARIAN_COLUMNS = [
    "event_id",
    "date",
    "kind",
    "returned_to_ukraine",
    "returned_to_russia",
    "mediator",
    "framework",
    "counts_reported_by",
    "source",
    "verification",
    "notes",
]
METRICS: dict[str, tuple[str, str, bool]] = {
    # metric: (indicator, unit, covers a span)
    "attack_events": ("cessation_of_attacks", "events", False),
    "civilians_killed": ("cessation_of_attacks", "persons", True),
    "missiles_launched": ("cessation_of_attacks", "munitions", True),
    "long_range_drones_launched": ("cessation_of_attacks", "munitions", True),
    "ceasefire_violations_per_day": ("cessation_of_attacks", "violations/day", True),
    "occupied_area_km2": ("verified_withdrawal", "km2", False),
    **{
        f"provision_{name}": ("sovereignty_respect", "pam_0_3", False)
        for name in (
            "annexation",
            "recognition",
            "passportization",
            "sham_votes",
            "child_deportation",
            "legal_integration",
            "other",
        )
    },
    **{
        f"narrative_{name}": ("narrative_denial", "denial_0_4", False)
        for name in ("nazi", "biolabs", "statehood", "nato_provocation", "puppet", "genocide")
    },
}
VERIFICATION = {"claimed", "reported", "corroborated", "verified", "disputed", "refuted"}
KINDS = {
    "pow_exchange",
    "civilian_release",
    "body_repatriation",
    "wounded_transfer",
    "child_return",
    "detainee_exchange",
    "grain_corridor_deal",
    "nuclear_safety_arrangement",
    "localized_ceasefire",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

BuildFn = Callable[[Path], tuple[pd.DataFrame, pd.DataFrame]]


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_example_data", BUILD_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _read_bundled(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / name, keep_default_na=False, na_values=[""])


def _read_source_rows(path: Path) -> list[dict[str, str]]:
    # csv.DictReader tolerates the ledger row with an unquoted comma in its notes.
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def shared() -> Path:
    if not (SHARED / "facts").is_dir():
        pytest.skip(f"shared source extracts not found at {SHARED}; cannot check derivation")
    return SHARED


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return _load_builder()


@pytest.fixture(scope="module")
def built(builder: ModuleType, shared: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    build = cast("BuildFn", builder.build)
    return build(shared)


@pytest.fixture(scope="module")
def observations() -> pd.DataFrame:
    return _read_bundled("observations.csv")


@pytest.fixture(scope="module")
def humanitarian() -> pd.DataFrame:
    return _read_bundled("humanitarian.csv")


def _metric(observations: pd.DataFrame, metric: str) -> pd.DataFrame:
    return observations[observations["metric"] == metric]


# ------------------------------------------------------------ (a) reproducibility


def test_rebuild_gives_bundled_bytes(
    builder: ModuleType, built: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    """Guards reproducibility: a rebuild from shared/data gives the bundled bytes."""
    render = cast("Callable[[pd.DataFrame], bytes]", builder.render_csv)
    obs, hum = built
    assert render(obs) == (DATA_DIR / "observations.csv").read_bytes()
    assert render(hum) == (DATA_DIR / "humanitarian.csv").read_bytes()


def test_build_returns_contract_columns(built: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """Guards the build() API: both frames come back with the contract columns in order."""
    obs, hum = built
    assert list(obs.columns) == OBSERVATION_COLUMNS
    assert list(hum.columns) == HUMANITARIAN_COLUMNS


def test_bundled_files_are_plain_utf8_lf() -> None:
    """Guards the file format: UTF-8, LF line ends only, trailing newline, no BOM."""
    for name in ("observations.csv", "humanitarian.csv"):
        raw = (DATA_DIR / name).read_bytes()
        raw.decode("utf-8")
        assert b"\r" not in raw
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert raw.endswith(b"\n")


# ------------------------------------------------------- (b) facts from the sources


def test_1000_for_1000_first_day(humanitarian: pd.DataFrame, shared: Path) -> None:
    """Guards a headline fact: 23 May 2025 returned 390 to Ukraine, as both source files say."""
    row = humanitarian[
        (humanitarian["date"] == "2025-05-23") & (humanitarian["kind"] == "pow_exchange")
    ]
    assert len(row) == 1
    assert row["returned_to_ukraine"].iloc[0] == 390
    for path, date_col in (
        (shared / "facts" / "humanitarian_events.csv", "date"),
        (shared / "humanitarian_exchanges" / "exchanges_ledger.csv", "date"),
    ):
        source = [r for r in _read_source_rows(path) if r[date_col] == "2025-05-23"]
        assert [int(r["returned_to_ukraine"]) for r in source] == [390]


def test_humanitarian_counts_match_both_sources(humanitarian: pd.DataFrame, shared: Path) -> None:
    """Guards the merge: every count given in either source file is carried over unchanged."""
    by_key = {(str(r["date"]), str(r["kind"])): r for r in humanitarian.to_dict(orient="records")}
    kind_map = {"prisoner_exchange": "detainee_exchange"}
    checked = 0
    for path in (
        shared / "facts" / "humanitarian_events.csv",
        shared / "humanitarian_exchanges" / "exchanges_ledger.csv",
    ):
        for rec in _read_source_rows(path):
            if rec["event_type"] == "grain_corridor_deal_lapsed":
                continue
            row = by_key[(rec["date"], kind_map.get(rec["event_type"], rec["event_type"]))]
            for col in ("returned_to_ukraine", "returned_to_russia"):
                if rec[col]:
                    assert row[col] == int(rec[col]), (rec["date"], col)
                    checked += 1
    assert checked > 50


def test_missing_counts_stay_missing(humanitarian: pd.DataFrame) -> None:
    """Guards 'empty is not zero': counts absent from both sources are NaN, never 0."""
    row = humanitarian[humanitarian["date"] == "2025-06-09"]
    assert row["returned_to_ukraine"].isna().all()
    assert row["returned_to_russia"].isna().all()
    no_count_kinds = humanitarian["kind"].isin(
        ["grain_corridor_deal", "nuclear_safety_arrangement"]
    )
    assert humanitarian.loc[no_count_kinds, "returned_to_ukraine"].isna().all()


def test_lapse_is_not_a_gesture(humanitarian: pd.DataFrame, shared: Path) -> None:
    """Guards the ledger's meaning: the 2023-07-17 grain-deal lapse is left out of the ledger."""
    lapse = [
        r
        for r in _read_source_rows(shared / "facts" / "humanitarian_events.csv")
        if r["event_type"] == "grain_corridor_deal_lapsed"
    ]
    assert [r["date"] for r in lapse] == ["2023-07-17"]
    assert "2023-07-17" not in set(humanitarian["date"])


def test_one_row_per_event(humanitarian: pd.DataFrame, shared: Path) -> None:
    """Guards deduplication: each (date, kind) of the two source files gives exactly one row."""
    keys: set[tuple[str, str]] = set()
    kind_map = {"prisoner_exchange": "detainee_exchange"}
    for path in (
        shared / "facts" / "humanitarian_events.csv",
        shared / "humanitarian_exchanges" / "exchanges_ledger.csv",
    ):
        for rec in _read_source_rows(path):
            if rec["event_type"] != "grain_corridor_deal_lapsed":
                keys.add((rec["date"], kind_map.get(rec["event_type"], rec["event_type"])))
    assert set(zip(humanitarian["date"], humanitarian["kind"], strict=True)) == keys
    assert len(humanitarian) == len(keys)


def test_occupied_area_matches_deepstatemap(observations: pd.DataFrame, shared: Path) -> None:
    """Guards the area splice: raw-API totals before 2024-07-08, cyterat after, no fill."""
    area = _metric(observations, "occupied_area_km2").set_index("date")["value"]
    dsm = shared / "deepstatemap"
    raw = pd.read_csv(dsm / "occupied_area_daily_2022_2025_rawapi.csv")
    cyt = pd.read_csv(dsm / "occupied_area_daily.csv")
    raw = raw[raw["date"] < "2024-07-08"]
    cyt = cyt[cyt["date"] >= "2024-07-08"]
    expected = pd.concat(
        [
            raw.set_index("date")["occupied_total_km2"],
            cyt.set_index("date")["occupied_area_km2"],
        ]
    )
    assert area.index.is_unique
    assert sorted(area.index) == sorted(expected.index)
    assert (area.sort_index() == expected.sort_index()).all()
    on_new_year = cyt.loc[cyt["date"] == "2026-01-01", "occupied_area_km2"].iloc[0]
    assert area["2026-01-01"] == on_new_year
    assert 115_000 < area["2026-01-01"] < 117_000  # DOMAIN.md: about 116,000 km2


def test_civilians_killed_match_ohchr(observations: pd.DataFrame, shared: Path) -> None:
    """Guards the OHCHR series: one row per source month, same values, 2022-02 spans 24-28 Feb."""
    src = pd.read_csv(shared / "facts" / "civilian_casualties_monthly.csv")
    rows = _metric(observations, "civilians_killed")
    got = dict(zip(rows["date"].str[:7], rows["value"], strict=True))
    assert got == dict(zip(src["month"], src["civilians_killed"].astype(float), strict=True))
    feb = rows[rows["observation_id"] == "ohchr-civ-killed-2022-02"].iloc[0]
    assert (feb["date"], feb["end_date"]) == ("2022-02-24", "2022-02-28")
    assert (rows["verification"] == "verified").all()


def test_aerial_attacks_match_air_force_sums(observations: pd.DataFrame, shared: Path) -> None:
    """Guards the launches series: values equal the monthly sums; media tallies not added."""
    src = pd.read_csv(shared / "facts" / "aerial_attacks_monthly.csv").set_index("month")
    for metric, column in (
        ("missiles_launched", "missiles_launched"),
        ("long_range_drones_launched", "drones_launched"),
    ):
        rows = _metric(observations, metric)
        got = pd.Series(rows["value"].to_numpy(), index=rows["date"].str[:7].to_numpy())
        assert got.index.is_unique
        assert got.sort_index().equals(src[column].astype(float).sort_index().rename(None))
        assert (rows["verification"] == "reported").all()


def test_ceasefire_rates_reproduce_smm_counts(observations: pd.DataFrame, shared: Path) -> None:
    """Guards the per-day rates: rate x days gives back each OSCE SMM daily-report count."""
    rows = _metric(observations, "ceasefire_violations_per_day")
    osce = pd.read_csv(shared / "osce_smm" / "ceasefire_violations_sample_2022.csv")
    for rec in osce.itertuples():
        start = dt.date.fromisoformat(str(rec.period_start))
        end = dt.date.fromisoformat(str(rec.period_end))
        first = (start + dt.timedelta(days=1)).isoformat()  # evening-to-evening window
        match = rows[(rows["region"] == rec.region) & (rows["date"] == first)]
        assert len(match) == 1, (rec.period_start, rec.region)
        days = (end - start).days
        assert match["value"].iloc[0] * days == pytest.approx(rec.ceasefire_violations, abs=0.01)
    annual_2019 = rows[rows["observation_id"] == "osce-cfv-donetsk-luhansk-2019-01-01"]
    assert annual_2019["value"].iloc[0] == pytest.approx(299_633 / 365, abs=0.001)


def test_attack_events_are_the_ucdp_daily_counts_of_two_months(
    observations: pd.DataFrame, shared: Path
) -> None:
    """Guards item 8 of #15: the real UCDP events, each month its own source, attributed.

    Every day of September 2022 and February 2023 carries the shared extract's count;
    no other day has a row (days outside are absent, not zero).
    """
    rows = _metric(observations, "attack_events")
    source = pd.read_csv(shared / "ucdp" / "daily_events_2022plus.csv")
    got = dict(zip(rows["date"], rows["value"], strict=True))
    assert got == {d: float(n) for d, n in zip(source["date"], source["events"], strict=True)}
    assert set(rows["date"].str[:7]) == {"2022-09", "2023-02"}
    assert rows.groupby(rows["date"].str[:7])["source"].nunique().tolist() == [1, 1]
    assert rows["source"].nunique() == 2
    assert (rows["verification"] == "corroborated").all()
    attribution = " ".join(pi.datasets.attribution().split())
    assert "Uppsala Conflict Data Program (UCDP), Candidate Events Dataset" in attribution
    assert "CC BY 4.0" in attribution


def test_sovereignty_rows_match_source(observations: pd.DataFrame, shared: Path) -> None:
    """Guards the provision coding: every violation act is one level-0 row at its date."""
    src = pd.read_csv(shared / "facts" / "sovereignty_events.csv")
    rows = observations[observations["indicator"] == "sovereignty_respect"]
    assert len(rows) == (src["direction"] == "violation").sum()
    assert sorted(rows["date"]) == sorted(src["date"])
    assert (rows["value"] == 0).all()


def test_narrative_rows_match_source(observations: pd.DataFrame, shared: Path) -> None:
    """Guards the denial coding: assert -> 0, soften -> 2 graded only 'reported'."""
    src = pd.read_csv(shared / "facts" / "narrative_statements.csv")
    rows = observations[observations["indicator"] == "narrative_denial"]
    assert len(rows) == len(src)
    soften = rows[rows["observation_id"].str.endswith("-soften")]
    assert len(soften) == (src["stance"] == "soften").sum()
    assert (soften["value"] == 2).all()
    assert (soften["verification"] == "reported").all()
    assert (rows.drop(soften.index)["value"] == 0).all()


# ---------------------------------------------------------------- (c) contract


def test_observation_columns_and_vocabularies(observations: pd.DataFrame) -> None:
    """Guards the observations contract: column order, metric/indicator/unit pairs, grades."""
    assert list(observations.columns) == OBSERVATION_COLUMNS
    assert observations["observation_id"].is_unique
    assert set(observations["metric"]) <= set(METRICS)
    for metric, rows in observations.groupby("metric"):
        indicator, unit, _ = METRICS[str(metric)]
        assert set(rows["indicator"]) == {indicator}
        assert set(rows["unit"]) == {unit}
    assert set(observations["verification"]) <= VERIFICATION
    assert set(observations["reliability"]) <= set("ABCDEF")
    assert observations["credibility"].between(1, 6).all()
    for col in ("source", "source_record", "region"):
        assert observations[col].notna().all(), col
    assert not observations["source"].str.contains("ACLED", case=False).any()


def test_observation_dates_and_spans(observations: pd.DataFrame) -> None:
    """Guards dates: ISO strings; spans have end >= start; level values have no end_date."""
    assert observations["date"].str.fullmatch(ISO_DATE).all()
    for metric, rows in observations.groupby("metric"):
        span = METRICS[str(metric)][2]
        if span:
            assert rows["end_date"].str.fullmatch(ISO_DATE).all(), metric
            assert (rows["end_date"] >= rows["date"]).all(), metric
        else:
            assert rows["end_date"].isna().all(), metric


def test_no_ceasefire_day_counted_twice(observations: pd.DataFrame) -> None:
    """Guards the SMM selection: no day is counted twice.

    No day lies in two rows of one region, or in both a combined Donetsk+Luhansk row
    and a regional row.
    """
    rows = _metric(observations, "ceasefire_violations_per_day")
    seen: dict[str, set[pd.Timestamp]] = {}
    for rec in rows.itertuples():
        days = set(pd.date_range(str(rec.date), str(rec.end_date), freq="D"))
        seen.setdefault(str(rec.region), set())
        for region, taken in seen.items():
            clash = region == rec.region or "Donetsk+Luhansk" in (region, rec.region)
            assert not (clash and days & taken), (rec.observation_id, region)
        seen[str(rec.region)] |= days


def test_ordinal_values_in_range(observations: pd.DataFrame) -> None:
    """Guards the ordinal scales: PAM 0-3 and denial 0-4 values stay on their scales."""
    pam = observations[observations["unit"] == "pam_0_3"]["value"]
    denial = observations[observations["unit"] == "denial_0_4"]["value"]
    assert pam.isin([0, 1, 2, 3]).all()
    assert denial.isin([0, 1, 2, 3, 4]).all()


def test_humanitarian_contract(humanitarian: pd.DataFrame) -> None:
    """Guards the ledger contract: columns, kinds, unique ids, counts >= 0, URLs in source."""
    assert list(humanitarian.columns) == HUMANITARIAN_COLUMNS
    assert humanitarian["event_id"].is_unique
    assert set(humanitarian["kind"]) <= KINDS
    assert set(humanitarian["verification"]) <= VERIFICATION
    assert humanitarian["date"].str.fullmatch(ISO_DATE).all()
    for col in ("returned_to_ukraine", "returned_to_russia"):
        counts = humanitarian[col].dropna()
        assert (counts >= 0).all()
        assert (counts == counts.round()).all()
    assert humanitarian["source"].str.contains("https?://").all()
