"""Synthetic data in the real schemas, for benchmarks (never real ACLED or VIINA rows).

* ACLED-format events (all 31 columns of ``../shared/data/acled/schema.csv``) as CSV or
  Parquet, at any row count, seeded. Dates run from 2022-02-24 to 2026-06-30 with the
  intensity of the full-scale war falling over time; event types and sub-types follow
  ``event_taxonomy.csv`` in realistic shares (most events are shelling and air/drone
  strikes, most initiated by Russian forces); admin1 is a Ukrainian oblast weighted
  towards the front; notes are English narratives of 60 to about 900 characters.
* A VIINA-style control table (``geonameid``, ``date`` as YYYYMMDD, ``status_wiki``,
  ``status_boost``, ``status_dsm``, ``status_isw``, ``status``, ``vcontrol_version``):
  places x days, each status ``UA``, ``RU`` or ``CONTESTED``, as Parquet. Each place
  has a simple front-line history (held by Russia from a start day to an end day, with
  contested days around each change).

Usage::

    python benchmarks/generate.py acled --rows 1000000 --format csv --out benchmarks/data/a.csv
    python benchmarks/generate.py control --places 33141 --days 1509 --out benchmarks/data/c.parquet

Generation is chunked (500,000 rows at a time), so memory stays flat at any size.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

if TYPE_CHECKING:
    from collections.abc import Iterator

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# (event_type, sub_event_type, share of all events); shares follow the ACLED Ukraine mix
# since 2022: remote violence dominates, battles next, protests and strategic rare.
TAXONOMY = (
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.52),
    ("Explosions/Remote violence", "Air/drone strike", 0.20),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0.015),
    ("Explosions/Remote violence", "Grenade", 0.004),
    ("Explosions/Remote violence", "Chemical weapon", 0.0005),
    ("Explosions/Remote violence", "Suicide bomb", 0.0001),
    ("Battles", "Armed clash", 0.15),
    ("Battles", "Government regains territory", 0.006),
    ("Battles", "Non-state actor overtakes territory", 0.004),
    ("Violence against civilians", "Attack", 0.012),
    ("Violence against civilians", "Abduction/forced disappearance", 0.005),
    ("Violence against civilians", "Sexual violence", 0.0004),
    ("Protests", "Peaceful protest", 0.035),
    ("Protests", "Protest with intervention", 0.002),
    ("Protests", "Excessive force against protesters", 0.0002),
    ("Riots", "Violent demonstration", 0.001),
    ("Riots", "Mob violence", 0.001),
    ("Strategic developments", "Agreement", 0.002),
    ("Strategic developments", "Arrests", 0.008),
    ("Strategic developments", "Change to group/activity", 0.006),
    ("Strategic developments", "Disrupted weapons use", 0.012),
    ("Strategic developments", "Headquarters or base established", 0.001),
    ("Strategic developments", "Looting/property destruction", 0.003),
    ("Strategic developments", "Non-violent transfer of territory", 0.0005),
    ("Strategic developments", "Other", 0.006),
)
DISORDER = {
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
RUSSIA = "Military Forces of Russia (2000-)"
UKRAINE = "Military Forces of Ukraine (2019-)"
# actor1 of violent events: (name, inter1 label, share)
VIOLENT_ACTORS = (
    (RUSSIA, "State forces", 0.70),
    (f"{RUSSIA} Air Force", "State forces", 0.06),
    ("Wagner Group", "External/Other forces", 0.01),
    ("Military Forces of the Donetsk People's Republic", "Rebel group", 0.01),
    (UKRAINE, "State forces", 0.20),
    (f"{UKRAINE} Air Force", "State forces", 0.015),
    ("Unidentified Armed Group (Ukraine)", "Political militia", 0.005),
)
OTHER_ACTORS = (
    ("Protesters (Ukraine)", "Protesters", 0.55),
    ("Rioters (Ukraine)", "Rioters", 0.05),
    (UKRAINE, "State forces", 0.2),
    (RUSSIA, "State forces", 0.15),
    ("Police Forces of Ukraine (2019-)", "State forces", 0.05),
)
TARGETS = (
    ("Civilians (Ukraine)", "Civilians"),
    (UKRAINE, "State forces"),
    (RUSSIA, "State forces"),
    ("", ""),
)
# oblast, share of events, rough centre (lat, lon)
OBLASTS = (
    ("Donetsk", 0.30, 48.0, 37.8),
    ("Kharkiv", 0.17, 49.99, 36.23),
    ("Zaporizhia", 0.14, 47.84, 35.14),
    ("Kherson", 0.13, 46.64, 32.61),
    ("Luhansk", 0.06, 48.57, 39.31),
    ("Sumy", 0.06, 50.91, 34.8),
    ("Dnipropetrovsk", 0.04, 48.46, 35.04),
    ("Mykolaiv", 0.025, 46.97, 31.99),
    ("Chernihiv", 0.02, 51.49, 31.29),
    ("Odesa", 0.01, 46.48, 30.72),
    ("Kyiv", 0.008, 50.45, 30.52),
    ("Kyiv City", 0.005, 50.45, 30.52),
    ("Lviv", 0.003, 49.84, 24.03),
    ("Poltava", 0.003, 49.59, 34.55),
    ("Crimea", 0.004, 44.95, 34.1),
    ("Zhytomyr", 0.002, 50.25, 28.66),
    ("Vinnytsia", 0.002, 49.23, 28.47),
    ("Khmelnytskyi", 0.001, 49.42, 26.99),
    ("Rivne", 0.001, 50.62, 26.25),
    ("Volyn", 0.001, 50.75, 25.33),
    ("Cherkasy", 0.001, 49.44, 32.06),
    ("Kirovohrad", 0.001, 48.51, 32.26),
    ("Ivano-Frankivsk", 0.0005, 48.92, 24.71),
    ("Ternopil", 0.0005, 49.55, 25.59),
    ("Chernivtsi", 0.0005, 48.29, 25.94),
    ("Zakarpattia", 0.0005, 48.62, 22.29),
)
SOURCES = (
    "Ukrainska Pravda",
    "Ministry of Defence of Ukraine",
    "Ministry of Defence of Russia",
    "Suspilne Media",
    "Kyiv Independent",
    "Telegram",
    "Ukrinform",
    "RIA Novosti",
    "Twitter",
    "General Staff of the Armed Forces of Ukraine",
)
SCALES = ("National", "Subnational", "New media", "New media-National", "Other-National")
START = dt.date(2022, 2, 24)
END = dt.date(2026, 6, 30)
CHUNK = 500_000

_WORDS = (  # noqa: SIM905 (a sentence reads better than a list of words)
    "Russian forces shelled the outskirts of the settlement with artillery and mortars "
    "damaging residential buildings a school and power lines. According to local "
    "authorities the strike hit a market and a private house; emergency services "
    "worked at the scene. Ukrainian forces reported repelling an assault near the "
    "village. Drones struck energy infrastructure overnight causing outages. "
    "Casualties unknown. The regional administration reported injured civilians."
).split()


def _pick(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    return rng.choice(len(weights), size=n, p=weights / weights.sum())


def _note_pool(rng: np.random.Generator, size: int = 20_000) -> np.ndarray:
    """English-like notes, 60 to ~900 characters (log-normal lengths, median ~230)."""
    words = np.array(_WORDS, dtype=object)
    lengths = np.clip(rng.lognormal(np.log(36), 0.55, size), 10, 140).astype(int)
    notes = []
    for n in lengths:
        text = " ".join(words[rng.integers(0, len(words), n)])
        notes.append(f"On a date, {text}.")
    return np.array(notes, dtype=object)


def _day_weights() -> np.ndarray:
    days = (END - START).days + 1
    t = np.arange(days) / 365.25
    # intense 2022 phase, then a slow decline with yearly seasonality
    return (1.8 * np.exp(-t / 0.7) + 1.0 + 0.25 * np.sin(2 * np.pi * t)).clip(0.2)


def acled_chunks(rows: int, seed: int) -> Iterator[pa.Table]:
    """ACLED-format rows as Arrow tables of at most ``CHUNK`` rows (all 31 columns)."""
    rng = np.random.default_rng(seed)
    notes = _note_pool(rng)
    day_w = _day_weights()
    tax_w = np.array([t[2] for t in TAXONOMY])
    vio_w = np.array([a[2] for a in VIOLENT_ACTORS])
    oth_w = np.array([a[2] for a in OTHER_ACTORS])
    obl_w = np.array([o[1] for o in OBLASTS])
    event_type = np.array([t[0] for t in TAXONOMY], dtype=object)
    sub_type = np.array([t[1] for t in TAXONOMY], dtype=object)
    violent_types = np.isin(
        event_type, ["Explosions/Remote violence", "Battles", "Violence against civilians"]
    )
    disorder = np.array([DISORDER.get(e, "Political violence") for e in event_type], dtype=object)
    obl_names = np.array([o[0] for o in OBLASTS], dtype=object)
    obl_lat = np.array([o[2] for o in OBLASTS])
    obl_lon = np.array([o[3] for o in OBLASTS])
    actor_names = np.array([a[0] for a in VIOLENT_ACTORS + OTHER_ACTORS], dtype=object)
    actor_inter = np.array([a[1] for a in VIOLENT_ACTORS + OTHER_ACTORS], dtype=object)
    target_names = np.array([t[0] for t in TARGETS], dtype=object)
    target_inter = np.array([t[1] for t in TARGETS], dtype=object)
    sources = np.array(SOURCES, dtype=object)
    scales = np.array(SCALES, dtype=object)
    epoch = np.datetime64(START.isoformat(), "D")
    done = 0
    while done < rows:
        n = min(CHUNK, rows - done)
        day = _pick(rng, n, day_w)
        dates = epoch + day.astype("timedelta64[D]")
        kind = _pick(rng, n, tax_w)
        violent = violent_types[kind]
        actor = np.where(violent, _pick(rng, n, vio_w), len(VIOLENT_ACTORS) + _pick(rng, n, oth_w))
        target = rng.choice(len(TARGETS), size=n, p=[0.35, 0.35, 0.2, 0.1])
        oblast = _pick(rng, n, obl_w)
        lat = np.round(obl_lat[oblast] + rng.normal(0, 0.4, n), 4)
        lon = np.round(obl_lon[oblast] + rng.normal(0, 0.6, n), 4)
        fatalities = np.where(rng.random(n) < 0.85, 0, rng.geometric(0.35, n))
        civ = np.where(target == 0, "Civilian targeting", "")
        src = sources[rng.integers(0, len(sources), n)]
        second = rng.random(n) < 0.3
        src = np.where(second, src + "; " + sources[rng.integers(0, len(sources), n)], src)
        years = dates.astype("datetime64[Y]").astype(int) + 1970
        place = rng.integers(1, 4000, n)
        columns = {
            "event_id_cnty": np.char.add("UKR", (done + np.arange(n) + 1).astype(str)),
            "event_date": dates.astype(str),
            "year": years,
            "time_precision": rng.choice([1, 2, 3], size=n, p=[0.9, 0.08, 0.02]),
            "disorder_type": disorder[kind],
            "event_type": event_type[kind],
            "sub_event_type": sub_type[kind],
            "actor1": actor_names[actor],
            "assoc_actor_1": np.where(rng.random(n) < 0.1, "Civilians (Ukraine)", ""),
            "inter1": actor_inter[actor],
            "actor2": target_names[target],
            "assoc_actor_2": "",
            "inter2": target_inter[target],
            "interaction": actor_inter[actor] + "-" + target_inter[target],
            "civilian_targeting": civ,
            "iso": np.full(n, 804),
            "region": "Europe",
            "country": "Ukraine",
            "admin1": obl_names[oblast],
            "admin2": np.char.add("Raion ", (place % 140).astype(str)),
            "admin3": np.char.add("Hromada ", (place % 1400).astype(str)),
            "location": np.char.add("Settlement ", place.astype(str)),
            "latitude": lat,
            "longitude": lon,
            "geo_precision": rng.choice([1, 2, 3], size=n, p=[0.7, 0.25, 0.05]),
            "source": src,
            "source_scale": scales[rng.integers(0, len(scales), n)],
            "notes": notes[rng.integers(0, len(notes), n)],
            "fatalities": fatalities,
            "tags": np.where(rng.random(n) < 0.05, "local administrators", ""),
            "timestamp": rng.integers(1_650_000_000, 1_780_000_000, n),
        }
        table = pa.table({k: pa.array(np.broadcast_to(v, n)) for k, v in columns.items()})
        yield table.select(list(ACLED_COLUMNS))
        done += n


def write_acled(path: Path, rows: int, *, fmt: str, seed: int = 0) -> Path:
    """Write ``rows`` synthetic ACLED events to ``path`` (``csv`` or ``parquet``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    chunks = acled_chunks(rows, seed)
    first = next(chunks)
    if fmt == "csv":
        with pacsv.CSVWriter(path, first.schema) as writer:
            writer.write_table(first)
            for chunk in chunks:
                writer.write_table(chunk)
    else:
        with pq.ParquetWriter(path, first.schema, compression="snappy") as writer:
            writer.write_table(first, row_group_size=CHUNK)
            for chunk in chunks:
                writer.write_table(chunk, row_group_size=CHUNK)
    return path


def control_chunks(places: int, days: int, seed: int) -> Iterator[pa.Table]:
    """VIINA-style control rows, a block of days at a time (all places per day)."""
    rng = np.random.default_rng(seed)
    geonameid = np.sort(rng.choice(np.arange(400_000, 800_000), size=places, replace=False))
    # about 22% of places were ever held by Russia: from day `taken` to day `freed`
    held = rng.random(places) < 0.22
    taken = np.where(rng.random(places) < 0.4, -1, rng.integers(0, 60, places))
    freed = np.where(rng.random(places) < 0.35, rng.integers(30, days + 1, places), days + 10)
    taken = np.where(held, taken, days + 10)
    contested = rng.integers(2, 15, places)
    codes = np.array(["UA", "RU", "CONTESTED"], dtype=object)
    start = np.datetime64("2022-02-24", "D")
    step = max(1, 1_000_000 // places)
    for first in range(0, days, step):
        block = np.arange(first, min(days, first + step))
        d = np.repeat(block, places)
        p = np.tile(np.arange(places), len(block))
        ru = (d >= taken[p]) & (d < freed[p])
        near = (np.abs(d - taken[p]) < contested[p]) | (np.abs(d - freed[p]) < contested[p])
        status = np.where(near, 2, np.where(ru, 1, 0))
        noise = rng.random(len(d))
        dsm = np.where(noise < 0.01, 2, status)
        isw = np.where(noise > 0.995, 0, status)
        ymd = (start + d.astype("timedelta64[D]")).astype(str)
        date = np.char.replace(ymd, "-", "").astype(np.int32)
        dictionary = pa.array(codes.tolist())

        def coded(values: np.ndarray, dictionary: pa.Array = dictionary) -> pa.DictionaryArray:
            return pa.DictionaryArray.from_arrays(pa.array(values.astype(np.int8)), dictionary)

        table = pa.table(
            {
                "geonameid": pa.array(geonameid[p].astype(np.int32)),
                "date": pa.array(date),
                "status_wiki": coded(status),
                "status_boost": coded(status),
                "status_dsm": coded(dsm),
                "status_isw": coded(isw),
                "status": coded(status),
                "vcontrol_version": pa.array(np.full(len(d), "v2.0-synthetic", dtype=object)),
            }
        )
        yield table


def write_control(path: Path, places: int, days: int, *, seed: int = 0) -> Path:
    """Write a places x days control table to Parquet (one row group per block of days)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    chunks = control_chunks(places, days, seed)
    first = next(chunks)
    with pq.ParquetWriter(path, first.schema, compression="snappy") as writer:
        writer.write_table(first)
        for chunk in chunks:
            writer.write_table(chunk)
    return path


def main(argv: list[str] | None = None) -> None:
    """Command line: ``acled`` or ``control``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    acled = sub.add_parser("acled")
    acled.add_argument("--rows", type=int, required=True)
    acled.add_argument("--format", choices=["csv", "parquet"], default="csv")
    acled.add_argument("--out", type=Path, required=True)
    acled.add_argument("--seed", type=int, default=0)
    control = sub.add_parser("control")
    control.add_argument("--places", type=int, default=33_141)
    control.add_argument("--days", type=int, default=1_509)
    control.add_argument("--out", type=Path, required=True)
    control.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.what == "acled":
        write_acled(args.out, args.rows, fmt=args.format, seed=args.seed)
    else:
        write_control(args.out, args.places, args.days, seed=args.seed)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
