"""Build the bundled example dataset of ``progress_indicators`` from the shared extracts.

The script reads the hand-compiled and derived extracts in ``shared/data`` (see each
folder's ``SOURCE.md``) and writes two attributed tables into the package:

* ``src/progress_indicators/datasets/data/observations.csv``: one row per observation of
  one metric of one of the four indicators, with its verification grade.
* ``src/progress_indicators/datasets/data/humanitarian.csv``: the humanitarian ledger
  (exchanges, repatriations, deals). It never counts in the index.

Every rule used here (span conventions, selections, grades) is documented in
``src/progress_indicators/datasets/data/SOURCES.md``. Nothing is interpolated: where
no source covers a period the series has no rows. The build is deterministic: running
it twice gives byte-identical files.

Usage::

    python tools/build_example_data.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import pandas as pd

__all__ = [
    "HUMANITARIAN_COLUMNS",
    "HUMANITARIAN_KINDS",
    "INDICATORS",
    "OBSERVATION_COLUMNS",
    "VERIFICATION_STATUSES",
    "build",
    "main",
    "render_csv",
]

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
DEFAULT_SHARED_DATA: Final = REPO_ROOT.parent / "shared" / "data"
OUTPUT_DIR: Final = REPO_ROOT / "src" / "progress_indicators" / "datasets" / "data"

OBSERVATION_COLUMNS: Final = (
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
)
HUMANITARIAN_COLUMNS: Final = (
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
)
INDICATORS: Final = (
    "cessation_of_attacks",
    "verified_withdrawal",
    "sovereignty_respect",
    "narrative_denial",
)
VERIFICATION_STATUSES: Final = (
    "claimed",
    "reported",
    "corroborated",
    "verified",
    "disputed",
    "refuted",
)
HUMANITARIAN_KINDS: Final = (
    "pow_exchange",
    "civilian_release",
    "body_repatriation",
    "wounded_transfer",
    "child_return",
    "detainee_exchange",
    "grain_corridor_deal",
    "nuclear_safety_arrangement",
    "localized_ceasefire",
)

Row = dict[str, str | float | int | None]

_URL_RE: Final = re.compile(r"https?://[^\s|;,]+")
_COMMIT_RE: Final = re.compile(r"@([0-9a-f]{40})")
_DSM_SPLICE_DATE: Final = "2024-07-08"
# Commits of the two DeepStateMap archives, as recorded in deepstatemap/SOURCE.md
# (the derived CSVs name the file and its SHA-256, not the commit).
_RAWAPI_REPO: Final = "DanielRose2310/deepstatemaps-history"
_RAWAPI_COMMIT: Final = "df633a1700680411949934a4345f1af263327377"
_CYTERAT_REPO: Final = "cyterat/deepstate-map-data"
_CYTERAT_COMMIT: Final = "e904719a6726c7e6b5d6e87a7701e1b77b18e554"
_SMM_COMBINED: Final = "Donetsk+Luhansk"


# --------------------------------------------------------------------------- helpers


def _read_rows(path: Path) -> list[dict[str, str]]:
    """Read a CSV file into a list of string dicts, repairing unquoted commas in notes.

    Some hand-compiled rows have an unquoted comma inside the ``notes`` field, which
    gives the row one field too many. The surplus fields are joined back into
    ``notes``; any other shape mismatch raises.

    Args:
        path: The CSV file.

    Returns:
        One dict per data row, keyed by the header, values stripped of nothing.

    Raises:
        ValueError: If a row has the wrong number of fields and cannot be repaired.
    """
    with path.open(newline="", encoding="utf-8") as handle:
        records = list(csv.reader(handle))
    header, body = records[0], records[1:]
    rows: list[dict[str, str]] = []
    for number, fields in enumerate(body, start=2):
        extra = len(fields) - len(header)
        repaired = fields
        if extra > 0 and "notes" in header:
            at = header.index("notes")
            repaired = [
                *fields[:at],
                ",".join(fields[at : at + extra + 1]),
                *fields[at + extra + 1 :],
            ]
        if len(repaired) != len(header):
            msg = f"{path}:{number}: {len(fields)} fields, expected {len(header)}"
            raise ValueError(msg)
        rows.append(dict(zip(header, repaired, strict=True)))
    return rows


def _urls(text: str) -> list[str]:
    """Return the URLs in ``text`` in order of appearance, without duplicates.

    Args:
        text: Free text holding URLs.

    Returns:
        The distinct URLs, trailing full stops removed.
    """
    found: list[str] = []
    for match in _URL_RE.findall(text):
        url = match.rstrip(".")
        if url not in found:
            found.append(url)
    return found


def _domain(url: str) -> str:
    """Return the registrable-looking host of ``url`` (``www.``/``m.`` prefixes removed).

    Args:
        url: An absolute URL.

    Returns:
        The lower-case host without port and common mobile/www prefixes.
    """
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "m.", "amp."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host


def _outlets(source: str) -> list[str]:
    """Return the distinct outlets (hosts) cited in a `` | ``-separated source cell.

    Args:
        source: The source cell.

    Returns:
        Distinct hosts in order of appearance.
    """
    hosts: list[str] = []
    for url in _urls(source):
        host = _domain(url)
        if host not in hosts:
            hosts.append(host)
    return hosts


def _month_span(month: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day of a ``YYYY-MM`` month.

    Args:
        month: The month.

    Returns:
        (first day, last day).
    """
    year, mon = (int(part) for part in month.split("-"))
    return dt.date(year, mon, 1), dt.date(year, mon, calendar.monthrange(year, mon)[1])


def _obs(
    *,
    observation_id: str,
    indicator: str,
    metric: str,
    date: str,
    end_date: str | None,
    value: float,
    unit: str,
    source: str,
    verification: str,
    reliability: str,
    credibility: int,
    region: str,
    source_record: str,
    notes: str,
) -> Row:
    """Assemble one observation row (keyword-only, so no column is misplaced).

    Args:
        observation_id: Stable readable id.
        indicator: One of :data:`INDICATORS`.
        metric: Metric name used by the scoring config.
        date: Start of what the value covers (ISO).
        end_date: Inclusive end for span values; ``None`` for level/point values.
        value: The value.
        unit: Unit of the value.
        source: Organisation / dataset.
        verification: One of :data:`VERIFICATION_STATUSES`.
        reliability: Admiralty source reliability A-F.
        credibility: Admiralty information credibility 1-6.
        region: Area the value covers.
        source_record: URL(s) or archive file + commit the row came from.
        notes: Short caveats.

    Returns:
        The row as a dict keyed by :data:`OBSERVATION_COLUMNS`.
    """
    return {
        "observation_id": observation_id,
        "indicator": indicator,
        "metric": metric,
        "date": date,
        "end_date": end_date,
        "value": float(value),
        "unit": unit,
        "source": source,
        "verification": verification,
        "reliability": reliability,
        "credibility": credibility,
        "region": region,
        "source_record": source_record,
        "notes": notes,
    }


# ------------------------------------------------------------ 1. cessation of attacks


def _civilians_killed(shared: Path) -> list[Row]:
    """OHCHR/HRMMU verified civilians killed per month.

    Args:
        shared: The shared data folder.

    Returns:
        One span row per month present in the source (gaps stay gaps).
    """
    rows: list[Row] = []
    for rec in _read_rows(shared / "facts" / "civilian_casualties_monthly.csv"):
        start, end = _month_span(rec["month"])
        if rec["month"] == "2022-02":
            start = dt.date(2022, 2, 24)  # facts/SOURCE.md: 2022-02 covers 24-28 Feb only
        rows.append(
            _obs(
                observation_id=f"ohchr-civ-killed-{rec['month']}",
                indicator="cessation_of_attacks",
                metric="civilians_killed",
                date=start.isoformat(),
                end_date=end.isoformat(),
                value=float(rec["civilians_killed"]),
                unit="persons",
                source="OHCHR HRMMU",
                verification="verified",
                reliability="A",
                credibility=2,
                region="Ukraine",
                source_record=" | ".join(_urls(rec["source"])),
                notes=rec["notes"],
            )
        )
    return rows


_UCDP_SOURCE: Final = "UCDP Candidate Events (extract via peacerep/ukraine-map, {month})"
_UCDP_RECORD: Final = (
    "peacerep/ukraine-map@b858735e464ab6e80749b08e15b8b513c65bf6b6:data/UCDP-Ukraine.csv "
    "(sha256 576624c95494ae8ffd5a1ed23f8e1d6e7b232a6252f6e5ded326a2d68f808079)"
)


def _attack_events(shared: Path) -> list[Row]:
    """UCDP Candidate events initiated by Russia, per day (ucdp/daily_events_2022plus.csv).

    The extract covers two whole months only (September 2022 and February 2023; every
    day present, none with zero events; days outside are absent, not zero). Each month
    is named as its own source, so the zero-fill span of one month never bridges the
    gap to the other. UCDP codes only events with at least one death: this counts
    lethal events, not all attacks.

    Args:
        shared: The shared data folder.

    Returns:
        One row per day with the number of events that started that day.
    """
    rows: list[Row] = []
    for rec in _read_rows(shared / "ucdp" / "daily_events_2022plus.csv"):
        month = rec["date"][:7]
        rows.append(
            _obs(
                observation_id=f"ucdp-candidate-events-{rec['date']}",
                indicator="cessation_of_attacks",
                metric="attack_events",
                date=rec["date"],
                end_date=None,
                value=float(rec["events"]),
                unit="events",
                source=_UCDP_SOURCE.format(month=month),
                verification="corroborated",
                reliability="B",
                credibility=2,
                region="Ukraine",
                source_record=_UCDP_RECORD,
                notes=(
                    f"{rec['events']} events ({rec['events_state_based']} state-based, "
                    f"{rec['events_one_sided']} one-sided), {rec['fatalities_best']} deaths "
                    f"(best), {rec['civilian_deaths']} civilian; candidate (preliminary) data; "
                    "lethal events only; events dated by date_start"
                ),
            )
        )
    return rows


def _aerial_attacks(shared: Path) -> list[Row]:
    """Missiles and long-range drones launched per month (Ukrainian Air Force figures).

    Only ``aerial_attacks_monthly.csv`` is used; the media tallies in
    ``aerial_attacks_monthly_media.csv`` restate the same Air Force data for some of
    the same months and are left out to avoid double counting.

    Args:
        shared: The shared data folder.

    Returns:
        Two span rows (missiles, drones) per month.

    Raises:
        ValueError: If a row does not name the commit of the upstream copy.
    """
    rows: list[Row] = []
    series = (
        ("missiles_launched", "uaf-missiles", "missiles_launched"),
        ("long_range_drones_launched", "uaf-drones", "drones_launched"),
    )
    for rec in _read_rows(shared / "facts" / "aerial_attacks_monthly.csv"):
        commit = _COMMIT_RE.search(rec["source"])
        if commit is None:
            msg = f"no upstream commit in aerial_attacks_monthly.csv row {rec['month']}"
            raise ValueError(msg)
        start, end = _month_span(rec["month"])
        record = (
            "Androm2018/ukraine-drone-weather-analysis:missile_attacks_daily.csv"
            f"@{commit.group(1)} (monthly sum, facts/aerial_attacks_monthly.csv)"
        )
        note = "national Air Force reports only; drones = Shahed-type incl. decoys"
        if rec["month"] < "2024-09":
            note += "; upstream coverage likely incomplete before 2024-09"
        for metric, prefix, column in series:
            if rec[column] == "":
                continue
            rows.append(
                _obs(
                    observation_id=f"{prefix}-{rec['month']}",
                    indicator="cessation_of_attacks",
                    metric=metric,
                    date=start.isoformat(),
                    end_date=end.isoformat(),
                    value=float(rec[column]),
                    unit="munitions",
                    source="Ukrainian Air Force (via piterfm/massive-missile-attacks-on-ukraine)",
                    verification="reported",
                    reliability="B",
                    credibility=3,
                    region="Ukraine",
                    source_record=record,
                    notes=note,
                )
            )
    return rows


# Rows of facts/ceasefire_violations_minsk.csv left out so that no day is counted twice
# (key: period_start, period_end, region). Documented in SOURCES.md.
_SMM_DROPPED: Final[dict[tuple[str, str, str], str]] = {
    ("2017-01-01", "2017-12-22", _SMM_COMBINED): "year-to-date total covering kept 2017 rows",
    ("2017-08-26", "2017-09-01", _SMM_COMBINED): "straddles the kept Aug and Sep 2017 months",
    ("2020-01-01", "2020-12-31", _SMM_COMBINED): "annual total covering kept 2020 rows",
    ("2020-07-27", "2020-11-30", _SMM_COMBINED): "cumulative snapshot; first snapshot kept",
    ("2020-07-27", "2021-01-17", _SMM_COMBINED): "cumulative snapshot; first snapshot kept",
    ("2020-07-27", "2021-03-17", _SMM_COMBINED): "cumulative snapshot; first snapshot kept",
}


def _smm_span(start: str, end: str, region: str) -> tuple[dt.date, dt.date, int]:
    """Map an SMM reporting window to an inclusive day span.

    Single-region rows are SMM daily-report windows running from the evening of
    ``start`` to the evening of ``end``; they are attributed to the days after
    ``start`` up to ``end`` (most of each 24-hour window), so consecutive daily
    reports do not share a day. Combined ``Donetsk+Luhansk`` rows are calendar spans
    (months, weeks, years, cumulative-since) and are inclusive of both ends.

    Args:
        start: ``period_start`` (ISO).
        end: ``period_end`` (ISO).
        region: ``Donetsk``, ``Luhansk`` or ``Donetsk+Luhansk``.

    Returns:
        (first day, last day, number of days).

    Raises:
        ValueError: If a daily-report window is empty or longer than four days.
    """
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if region == _SMM_COMBINED:
        return first, last, (last - first).days + 1
    days = (last - first).days
    if not 1 <= days <= 4:
        msg = f"unexpected SMM daily-report window {start}..{end} ({region})"
        raise ValueError(msg)
    return first + dt.timedelta(days=1), last, days


def _ceasefire_violations(shared: Path) -> list[Row]:
    """OSCE SMM ceasefire violations per day, from a non-overlapping selection of spans.

    Args:
        shared: The shared data folder.

    Returns:
        One span row per selected report window.

    Raises:
        ValueError: If duplicates disagree, a drop rule matches nothing, or two kept
            rows share a day (same region, or a combined row and a regional row).
    """
    osce = _read_rows(shared / "osce_smm" / "ceasefire_violations_sample_2022.csv")
    minsk = _read_rows(shared / "facts" / "ceasefire_violations_minsk.csv")
    by_key: dict[tuple[str, str, str], dict[str, str]] = {}
    for rec in osce:
        key = (rec["period_start"], rec["period_end"], rec["region"])
        by_key[key] = {
            "violations": rec["ceasefire_violations"],
            "explosions": rec["explosions"],
            "record": f"SMM Daily Report {rec['report_no']}: {rec['source_url']}",
            "notes": "",
        }
    unused_drops = set(_SMM_DROPPED)
    for rec in minsk:
        key = (rec["period_start"], rec["period_end"], rec["region"])
        if key in _SMM_DROPPED:
            unused_drops.discard(key)
            continue
        urls = _urls(rec["source"])
        if key in by_key:  # same report in both files: keep the osce_smm row (report no.)
            kept = by_key[key]
            if kept["violations"] != rec["violations"]:
                msg = f"SMM duplicate {key} disagrees: {kept['violations']} vs {rec['violations']}"
                raise ValueError(msg)
            extra = [url for url in urls if url not in kept["record"]]
            if extra:
                kept["record"] += " | " + " | ".join(extra)
            kept["notes"] = rec["notes"]
            continue
        by_key[key] = {
            "violations": rec["violations"],
            "explosions": rec["explosions"],
            "record": " | ".join(urls),
            "notes": rec["notes"],
        }
    if unused_drops:
        msg = f"SMM drop rules matched no row: {sorted(unused_drops)}"
        raise ValueError(msg)

    rows: list[Row] = []
    days_taken: dict[str, set[dt.date]] = {}
    for (start, end, region), rec in sorted(by_key.items()):
        first, last, days = _smm_span(start, end, region)
        covered = {first + dt.timedelta(days=i) for i in range(days)}
        clashes = {region, _SMM_COMBINED} if region != _SMM_COMBINED else set(days_taken)
        for other in clashes:
            if covered & days_taken.get(other, set()):
                msg = f"SMM span {start}..{end} ({region}) overlaps kept {other} rows"
                raise ValueError(msg)
        days_taken.setdefault(region, set()).update(covered)
        violations = int(rec["violations"])
        detail = f"{violations} violations over {days} day(s)"
        if rec["explosions"]:
            detail += f", {rec['explosions']} explosions"
        notes = f"{detail}; {rec['notes']}" if rec["notes"] else detail
        slug = region.lower().replace("+", "-")
        rows.append(
            _obs(
                observation_id=f"osce-cfv-{slug}-{first.isoformat()}",
                indicator="cessation_of_attacks",
                metric="ceasefire_violations_per_day",
                date=first.isoformat(),
                end_date=last.isoformat(),
                value=round(violations / days, 3),
                unit="violations/day",
                source="OSCE SMM",
                verification="verified",
                reliability="A",
                credibility=2,
                region=region,
                source_record=rec["record"],
                notes=notes,
            )
        )
    return rows


# ------------------------------------------------------------- 2. verified withdrawal


def _occupied_area(shared: Path) -> list[Row]:
    """DeepStateMap occupied area (km2), one level row per day, two archives spliced.

    Before 2024-07-08 the raw-API archive (``occupied_total_km2``) is used; from
    2024-07-08 on the cyterat archive (``occupied_area_km2``). No date appears twice.

    Args:
        shared: The shared data folder.

    Returns:
        One level row per day present in the archives.
    """
    folder = shared / "deepstatemap"
    rows: list[Row] = []
    common: Row = {
        "indicator": "verified_withdrawal",
        "metric": "occupied_area_km2",
        "unit": "km2",
        "verification": "corroborated",
        "reliability": "B",
        "credibility": 2,
        "region": "Ukraine",
    }
    for rec in _read_rows(folder / "occupied_area_daily_2022_2025_rawapi.csv"):
        if rec["date"] >= _DSM_SPLICE_DATE:
            continue
        rows.append(
            {
                "observation_id": f"dsm-area-{rec['date']}",
                "date": rec["date"],
                "end_date": None,
                "value": float(rec["occupied_total_km2"]),
                "source": f"DeepStateMap (via {_RAWAPI_REPO})",
                "source_record": (
                    f"{_RAWAPI_REPO}@{_RAWAPI_COMMIT}:{rec['source_file']} "
                    f"sha256:{rec['file_sha256']}"
                ),
                "notes": (
                    f"raw API snapshot {rec['snapshot_utc']}; union of occupied polygons "
                    "incl. Crimea/pre-2022 areas; geodesic area derived in shared extract"
                ),
                **common,
            }
        )
    for rec in _read_rows(folder / "occupied_area_daily.csv"):
        if rec["date"] < _DSM_SPLICE_DATE:
            continue
        rows.append(
            {
                "observation_id": f"dsm-area-{rec['date']}",
                "date": rec["date"],
                "end_date": None,
                "value": float(rec["occupied_area_km2"]),
                "source": f"DeepStateMap (via {_CYTERAT_REPO})",
                "source_record": (
                    f"{_CYTERAT_REPO}@{_CYTERAT_COMMIT}:{rec['source_file']} "
                    f"sha256:{rec['file_sha256']}"
                ),
                "notes": (
                    "daily MultiPolygon incl. Crimea/pre-2022 areas; geodesic area derived "
                    "in shared extract"
                ),
                **common,
            }
        )
    return rows


# ----------------------------------------------------------- 3. sovereignty respect

_PROVISION_OF_CATEGORY: Final = {
    "annexation": "provision_annexation",
    "recognition": "provision_recognition",
    "passportization": "provision_passportization",
    "sham_vote": "provision_sham_votes",
    "deportation": "provision_child_deportation",
    "legal": "provision_legal_integration",
    "other": "provision_other",
}
# Rows whose content fits another provision than their category (date, category).
_PROVISION_OVERRIDES: Final = {
    ("2023-04-27", "deportation"): (
        "provision_passportization",
        (
            "source category 'deportation'; the decree targets adults refusing Russian "
            "citizenship (coerced passportization), not deported children"
        ),
    ),
}
# Single-outlet rows whose grade needs a lower reliability (date, category).
_SOVEREIGNTY_RELIABILITY: Final = {
    ("2025-09-10", "passportization"): (
        "C",
        "a Ukrainian governor's account of a decree whose text was not read",
    ),
}


def _sovereignty(shared: Path) -> list[Row]:
    """Peace-Accords-Matrix-style provision levels from dated Russian acts.

    Every ``violation`` row is a level 0 at its date. Grade: at least two distinct
    outlets cited -> corroborated (B/2); one outlet -> reported (B/3).

    Args:
        shared: The shared data folder.

    Returns:
        One level row per act.

    Raises:
        ValueError: On an unknown category or direction (e.g. a ``respect`` row, which
            would need a coding rule for levels 1-3 first).
    """
    rows: list[Row] = []
    for rec in _read_rows(shared / "facts" / "sovereignty_events.csv"):
        if rec["direction"] != "violation":
            msg = f"no coding rule for direction {rec['direction']!r} ({rec['date']})"
            raise ValueError(msg)
        key = (rec["date"], rec["category"])
        metric = _PROVISION_OF_CATEGORY[rec["category"]]
        caveats: list[str] = []
        if key in _PROVISION_OVERRIDES:
            metric, why = _PROVISION_OVERRIDES[key]
            caveats.append(why)
        outlets = _outlets(rec["source"])
        corroborated = len(outlets) >= 2
        reliability = "B"
        if key in _SOVEREIGNTY_RELIABILITY:
            reliability, why = _SOVEREIGNTY_RELIABILITY[key]
            caveats.append(why)
        caveats.append(f"{len(outlets)} outlet(s): {', '.join(outlets)}")
        rows.append(
            _obs(
                observation_id=f"sov-{metric.removeprefix('provision_')}-{rec['date']}",
                indicator="sovereignty_respect",
                metric=metric,
                date=rec["date"],
                end_date=None,
                value=0.0,
                unit="pam_0_3",
                source="Public record (news agencies, RFE/RL, Kremlin acts as reported)",
                verification="corroborated" if corroborated else "reported",
                reliability=reliability,
                credibility=2 if corroborated else 3,
                region="Ukraine",
                source_record=" | ".join(_urls(rec["source"])),
                notes=f"{rec['event']} [{'; '.join(caveats)}]",
            )
        )
    return rows


# -------------------------------------------------------------- 4. narrative denial

# A single cited source still corroborates when it is the official record of the
# statement or a news-agency report of it (markers matched case-insensitively).
_RECORD_MARKERS: Final = (
    ("press.un.org", "UN meeting record"),
    ("transcript", "official transcript"),
    ("tass.com", "TASS agency report"),
    ("sputnik", "Sputnik agency report"),
    ("(dpa)", "dpa agency report"),
    ("(reuters", "Reuters agency report"),
    ("(afp)", "AFP agency report"),
    ("(ap)", "AP agency report"),
)
# The two 'soften' rows are weak (facts/SOURCE.md): grade reported, doubtful (4).
_SOFTEN_GRADES: Final = {
    "2022-05-05": ("C", "third party (Israeli PM's office) reports an apology for one remark"),
    "2025-06-20": ("B", "conditional; same answer asserts 'all of Ukraine is ours'"),
}


def _narratives(shared: Path) -> list[Row]:
    """Denial level per narrative from dated official Russian statements.

    ``assert`` -> 0; ``soften`` -> 2 (graded reported). ``assert`` rows are
    corroborated (B/2) with two or more distinct outlets cited, or one source that is
    the official record or an agency report of the statement; otherwise reported (B/3).

    Args:
        shared: The shared data folder.

    Returns:
        One level row per statement and narrative.

    Raises:
        ValueError: On an unknown stance.
    """
    rows: list[Row] = []
    for rec in _read_rows(shared / "facts" / "narrative_statements.csv"):
        outlets = _outlets(rec["source"])
        speaker = f"{rec['speaker']} ({rec['role']})"
        suffix = ""
        if rec["stance"] == "assert":
            value = 0.0
            markers = [label for mark, label in _RECORD_MARKERS if mark in rec["source"].lower()]
            if len(outlets) >= 2:
                verification, reliability, credibility = "corroborated", "B", 2
                basis = f"{len(outlets)} outlets"
            elif markers:
                verification, reliability, credibility = "corroborated", "B", 2
                basis = markers[0]
            else:
                verification, reliability, credibility = "reported", "B", 3
                basis = f"single outlet ({outlets[0]})"
        elif rec["stance"] == "soften":
            value, suffix = 2.0, "-soften"
            reliability, basis = _SOFTEN_GRADES[rec["date"]]
            verification, credibility = "reported", 4
            basis = f"weak softening: {basis}"
        else:
            msg = f"no coding rule for stance {rec['stance']!r} ({rec['date']})"
            raise ValueError(msg)
        surname = rec["speaker"].split()[-1].lower()
        rows.append(
            _obs(
                observation_id=f"nar-{rec['narrative']}-{rec['date']}-{surname}{suffix}",
                indicator="narrative_denial",
                metric=f"narrative_{rec['narrative']}",
                date=rec["date"],
                end_date=None,
                value=value,
                unit="denial_0_4",
                source="Official Russian statements (public record)",
                verification=verification,
                reliability=reliability,
                credibility=credibility,
                region="Ukraine",
                source_record=" | ".join(_urls(rec["source"])),
                notes=f"{speaker}; {rec['stance']}; graded on: {basis}",
            )
        )
    return rows


# ------------------------------------------------------------ humanitarian ledger

_KIND_MAP: Final = {"prisoner_exchange": "detainee_exchange"}
_LEFT_OUT_KINDS: Final = frozenset({"grain_corridor_deal_lapsed"})
_NO_COUNT_KINDS: Final = frozenset({"grain_corridor_deal", "nuclear_safety_arrangement"})
# Rows with no counts_reported_by in either file where a cited source is the mediator's
# own statement of the counts (date, source kind) -> who reported, read from `sources`.
_COUNTS_REPORTED_BY: Final = {
    ("2024-02-08", "pow_exchange"): "UAE (MoFA statement)",
    ("2024-10-18", "pow_exchange"): "UAE (WAM)",
    ("2025-01-15", "pow_exchange"): "UAE (WAM)",
    ("2026-04-24", "pow_exchange"): "UAE (mediation statement)",
}
_MEDIATOR_TOKENS: Final = ("uae", "qatar", "icrc", "turkiye", "türkiye", "us envoy")


def _source_items(text: str) -> list[str]:
    """Split a `` | ``-separated source cell into items that hold a URL.

    Args:
        text: The cell.

    Returns:
        Stripped items containing ``://``.
    """
    return [item.strip() for item in text.split(" | ") if "://" in item]


def _merge_sources(*cells: str) -> str:
    """Union of source items from several cells, one item per URL (longest kept).

    Args:
        *cells: Source cells in order of preference.

    Returns:
        The `` | ``-joined items.
    """
    items: dict[str, str] = {}
    for cell in cells:
        for item in _source_items(cell):
            url = _urls(item)[0]
            if len(item) > len(items.get(url, "")):
                items[url] = item
    return " | ".join(items.values())


def _hum_verification(kind: str, reported_by: str) -> str:
    """Grade a ledger row from who reported its counts.

    Args:
        kind: The DOMAIN kind.
        reported_by: The ``counts_reported_by`` cell.

    Returns:
        ``corroborated`` when both sides or a mediator/ICRC report the counts (or, for
        deals without counts, always: the mediator's own act); else ``reported``.
    """
    if kind in _NO_COUNT_KINDS:
        return "corroborated"
    text = reported_by.lower()
    both_sides = "both" in text or (
        re.search(r"\bua\b", text) is not None and re.search(r"\bru\b", text) is not None
    )
    mediator = any(token in text for token in _MEDIATOR_TOKENS)
    return "corroborated" if both_sides or mediator else "reported"


def _richness(rec: dict[str, str]) -> int:
    """Count the informative cells of a ledger record (for picking the richer one).

    Args:
        rec: A normalised record.

    Returns:
        Number of non-empty fields plus number of cited URLs.
    """
    fields = (
        "returned_to_ukraine",
        "returned_to_russia",
        "mediator",
        "framework",
        "counts_reported_by",
        "notes",
    )
    return sum(bool(rec[f]) for f in fields) + len(_urls(rec["sources"]))


def _merge_ledgers(
    shared: Path,
) -> dict[tuple[str, str], tuple[dict[str, str], list[str]]]:
    """Merge the two humanitarian files into one record per (date, kind).

    Where both files hold an event, the richer record is kept (see :func:`_richness`)
    and the cited sources of both are united.

    Args:
        shared: The shared data folder.

    Returns:
        ``{(date, kind): (record, origins)}``.

    Raises:
        ValueError: On an unknown kind, or where the two files give different counts.
    """
    facts = _read_rows(shared / "facts" / "humanitarian_events.csv")
    ledger = _read_rows(shared / "humanitarian_exchanges" / "exchanges_ledger.csv")
    for rec in facts:
        # An unquoted comma in notes shifts a fragment into `sources`: put it back.
        if rec["sources"] and "://" not in rec["sources"]:
            rec["notes"] = f"{rec['notes']},{rec['sources']}"
            rec["sources"] = ""
    for rec in ledger:
        rec["sources"] = rec.pop("source_urls")
    merged: dict[tuple[str, str], tuple[dict[str, str], list[str]]] = {}
    for origin, records in (
        ("facts/humanitarian_events.csv", facts),
        ("humanitarian_exchanges/exchanges_ledger.csv", ledger),
    ):
        for rec in records:
            if rec["event_type"] in _LEFT_OUT_KINDS:
                continue
            kind = _KIND_MAP.get(rec["event_type"], rec["event_type"])
            if kind not in HUMANITARIAN_KINDS:
                msg = f"unknown humanitarian kind {rec['event_type']!r} ({rec['date']})"
                raise ValueError(msg)
            key = (rec["date"], kind)
            if key not in merged:
                merged[key] = (rec, [origin])
                continue
            other, origins = merged[key]
            for col in ("returned_to_ukraine", "returned_to_russia"):
                if rec[col] and other[col] and rec[col] != other[col]:
                    msg = f"{key}: {col} differs between files ({other[col]} vs {rec[col]})"
                    raise ValueError(msg)
            richer = rec if _richness(rec) > _richness(other) else other
            sources = _merge_sources(richer["sources"], other["sources"], rec["sources"])
            merged[key] = ({**richer, "sources": sources}, [*origins, origin])
    return merged


def _humanitarian(shared: Path) -> list[Row]:
    """Build the humanitarian ledger: one row per event, both origins cited.

    Args:
        shared: The shared data folder.

    Returns:
        One row per (date, kind) event.
    """
    merged = _merge_ledgers(shared)
    rows: list[Row] = []
    for (date, kind), (rec, origins) in sorted(merged.items()):
        notes = [rec["notes"]] if rec["notes"] else []
        if rec["event_type"] != kind:
            notes.append(f"source type {rec['event_type']} mapped to {kind}")
        reported_by = rec["counts_reported_by"]
        if not reported_by and (date, kind) in _COUNTS_REPORTED_BY:
            reported_by = _COUNTS_REPORTED_BY[(date, kind)]
            notes.append("counts_reported_by read from the cited source in this build")
        mediator = "" if rec["mediator"] == "not stated" else rec["mediator"]
        source = f"[{'; '.join(origins)}] {_merge_sources(rec['sources'])}"
        rows.append(
            {
                "event_id": f"hum-{kind.replace('_', '-')}-{date}",
                "date": date,
                "kind": kind,
                "returned_to_ukraine": _count_or_none(rec["returned_to_ukraine"]),
                "returned_to_russia": _count_or_none(rec["returned_to_russia"]),
                "mediator": mediator or None,
                "framework": rec["framework"] or None,
                "counts_reported_by": reported_by or None,
                "source": source,
                "verification": _hum_verification(kind, reported_by),
                "notes": "; ".join(notes) or None,
            }
        )
    return rows


def _count_or_none(cell: str) -> float | None:
    """Parse a count cell; empty stays missing (never 0).

    Args:
        cell: The cell text.

    Returns:
        The count as float, or ``None`` when empty.
    """
    return float(cell) if cell.strip() else None


# ---------------------------------------------------------------------------- API


def build(shared_data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Derive the example observations and humanitarian ledger from the shared extracts.

    Args:
        shared_data: The ``shared/data`` folder (holding ``facts/``, ``deepstatemap/``,
            ``osce_smm/`` and ``humanitarian_exchanges/``).

    Returns:
        ``(observations, humanitarian)``, with the columns of
        :data:`OBSERVATION_COLUMNS` and :data:`HUMANITARIAN_COLUMNS`, sorted
        deterministically. Dates are ISO strings; missing values are NaN.

    Raises:
        ValueError: If a source file breaks an assumption of the build, or an id is
            not unique.
    """
    obs_rows = [
        *_attack_events(shared_data),
        *_civilians_killed(shared_data),
        *_aerial_attacks(shared_data),
        *_ceasefire_violations(shared_data),
        *_occupied_area(shared_data),
        *_sovereignty(shared_data),
        *_narratives(shared_data),
    ]
    observations = pd.DataFrame(obs_rows, columns=list(OBSERVATION_COLUMNS))
    observations["indicator_order"] = observations["indicator"].map(INDICATORS.index)
    observations = (
        observations.sort_values(
            ["indicator_order", "metric", "date", "region", "observation_id"], kind="mergesort"
        )
        .drop(columns="indicator_order")
        .reset_index(drop=True)
    )
    humanitarian = pd.DataFrame(_humanitarian(shared_data), columns=list(HUMANITARIAN_COLUMNS))
    humanitarian = humanitarian.sort_values(["date", "kind"], kind="mergesort").reset_index(
        drop=True
    )
    for frame, id_col in ((observations, "observation_id"), (humanitarian, "event_id")):
        duplicated = frame.loc[frame[id_col].duplicated(), id_col].tolist()
        if duplicated:
            msg = f"duplicate {id_col}: {duplicated}"
            raise ValueError(msg)
    return observations, humanitarian


def render_csv(frame: pd.DataFrame) -> bytes:
    """Serialise a built table exactly as it is bundled (UTF-8, LF line ends, no index).

    Floats are written with ``%.10g``: integral counts print without a decimal point,
    areas and rates keep the digits the build rounded them to.

    Args:
        frame: A table returned by :func:`build`.

    Returns:
        The CSV bytes.
    """
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", float_format="%.10g")
    return buffer.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build and write the bundled CSVs.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        The process exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "shared_data",
        nargs="?",
        type=Path,
        default=DEFAULT_SHARED_DATA,
        help=f"the shared/data folder (default: {DEFAULT_SHARED_DATA})",
    )
    args = parser.parse_args(argv)
    observations, humanitarian = build(args.shared_data)
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUTPUT_DIR / "observations.csv").write_bytes(render_csv(observations))
    (OUTPUT_DIR / "humanitarian.csv").write_bytes(render_csv(humanitarian))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
