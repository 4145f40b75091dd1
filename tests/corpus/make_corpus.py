"""Build the hostile-input corpus: broken variants of every reader's valid fixture.

Run by ``tests/test_corpus.py`` into a temporary folder (nothing large is committed);
it can also be run by hand to look at the files::

    python tests/corpus/make_corpus.py /tmp/corpus

Each :class:`Case` names a reader (see ``READERS`` in ``tests/test_corpus.py``), a file
name and a function writing the file. ``rows`` is the number of data rows a reader
must account for when the case can be read at all (``None`` when the reader may fairly
refuse the whole file or the count depends on the format's parser).

Small hand-written cases live next to this script in ``tests/corpus/<reader>/``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Callable

FIXTURES = Path(__file__).resolve().parents[1] / "sources" / "fixtures"
CORPUS = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Case:
    """One corpus file: which reader reads it, and how it is written."""

    reader: str
    name: str
    filename: str
    write: Callable[[Path], None]
    rows: int | None = None

    @property
    def id(self) -> str:
        """The pytest id."""
        return f"{self.reader}-{self.name}"


@dataclass(frozen=True)
class Roles:
    """Which columns of a reader's CSV fixture play which part in the mutations."""

    fixture: str
    date: str
    number: str | None
    ident: str | None
    category: str | None
    filename: str


CSV_READERS: dict[str, Roles] = {
    "table_csv": Roles("table/analyst_sheet.csv", "day", "strikes", None, "checked", "sheet.csv"),
    "humanitarian_csv": Roles(
        "humanitarian/ledger.csv", "date", "returned_to_ukraine", "event_id", "kind", "ledger.csv"
    ),
    "osce_smm_csv": Roles(
        "osce_smm/smm_minsk_compiled.csv", "period_start", "violations", None, None, "smm.csv"
    ),
    "acled_csv": Roles(
        "acled/acled_fictional.csv",
        "event_date",
        "fatalities",
        "event_id_cnty",
        "event_type",
        "acled.csv",
    ),
    "ucdp_ged_csv": Roles(
        "ucdp_ged/ged_fictional.csv", "date_start", "best", "id", "type_of_violence", "ged.csv"
    ),
    "viina_events_csv": Roles(
        "viina/event_1pd_fictional.csv",
        "date",
        "a_rus_init_b",
        "event_id_1pd",
        None,
        "events.csv",
    ),
    "viina_control_csv": Roles(
        "viina/control_fictional.csv", "date", None, "geonameid", "status", "control.csv"
    ),
    "euvsdisinfo_csv": Roles(
        "euvsdisinfo/cases_fictional.csv", "date", None, "id", "keywords", "cases.csv"
    ),
}


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _bytes(data: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data)

    return write


def _text(data: str) -> Callable[[Path], None]:
    return _bytes(data.encode("utf-8"))


def _cells(rows: list[list[str]], column: str | None, values: list[str]) -> str | None:
    """Replace the first cells of ``column`` with ``values`` (None if no such column)."""
    if column is None or column not in rows[0]:
        return None
    at = rows[0].index(column)
    out = [list(r) for r in rows]
    for i, value in enumerate(values, start=1):
        if i < len(out) and at < len(out[i]):
            out[i][at] = value
    return _csv(out)


def csv_cases() -> list[Case]:
    """Every CSV reader's fixture, broken in every way the issue lists."""
    cases: list[Case] = []
    for reader, roles in CSV_READERS.items():
        base = (FIXTURES / roles.fixture).read_text(encoding="utf-8")
        rows = _rows(base)
        header, body = rows[0], rows[1:]
        n = len(body)
        first_line = base.splitlines(keepends=True)[0]
        cut = base.rfind("\n", 0, len(base) - 1)
        half = len(base) // 2

        def add(name: str, write: Callable[[Path], None], count: int | None = None) -> None:
            cases.append(Case(reader, name, roles.filename, write, count))  # noqa: B023

        add("empty", _bytes(b""))
        add("header_only", _text(first_line), 0)
        add("header_no_newline", _text(first_line.rstrip("\n")), 0)
        add("truncated_mid_row", _text(base[:half]))
        add("truncated_open_quote", _text(base[: cut + 1] + '"unterminated,' + base[cut + 1 :]))
        add("wrong_delimiter_semicolon", _text(base.replace(",", ";")))
        add("wrong_delimiter_tab", _text(base.replace(",", "\t")))
        add("bom", _bytes(b"\xef\xbb\xbf" + base.encode("utf-8")), n)
        add("non_utf8_latin1", _bytes(base.encode("utf-8") + b"\xff\xfe\xe9,\xe0\n"))
        add("non_utf8_header", _bytes(b"\xff\xfe" + base.encode("utf-8")))
        add("utf16", _bytes(base.encode("utf-16")))
        add("crlf", _bytes(base.replace("\n", "\r\n").encode("utf-8")), n)
        add("nul_bytes", _bytes(base.encode("utf-8").replace(b",", b",\x00", 3)))
        add("binary_garbage", _bytes(bytes(range(256)) * 4))
        add("ragged_rows", _text(base + ",".join(["x"] * (len(header) + 3)) + "\nonly-one\n"))
        add("blank_lines", _text(first_line + "\n\n" + "".join(base.splitlines(True)[1:])), n)
        add("huge_cell", _text(_csv([header, ["x" * 200_000] * len(header)])), 1)
        add("duplicate_rows", _text(_csv([header, *body, *body])), 2 * n)
        add("extra_columns", _text(_csv([[*header, "zz_extra"], *[[*r, "=1+1"] for r in body]])), n)
        add(
            "duplicate_header_names",
            _text(_csv([[*header, header[0]], *[[*r, r[0]] for r in body]])),
        )
        for column in (roles.date, roles.ident, roles.number, roles.category):
            if column is not None and column in header:
                at = header.index(column)
                dropped = [[c for i, c in enumerate(r) if i != at] for r in rows]
                add(f"missing_column_{column}", _text(_csv(dropped)))
        mutations: dict[str, tuple[str | None, list[str]]] = {
            "mixed_date_formats": (
                roles.date,
                ["01/03/2024", "2024-03-02T00:00:00Z", "March 3 2024", "2024.03.04", "20240305"],
            ),
            "dates_out_of_range": (
                roles.date,
                ["9999-12-31", "0001-01-01", "2024-13-45", "99999999", "1677-09-21"],
            ),
            "timezone_mixture": (
                roles.date,
                [
                    "2024-03-01T10:00:00+03:00",
                    "2024-03-01T10:00:00Z",
                    "2024-03-01T10:00:00",
                    "2024-03-01T23:30:00-11:00",
                ],
            ),
            "empty_dates": (roles.date, ["", " ", "NaT", "null"]),
            "nan_and_infinities": (roles.number, ["NaN", "inf", "-inf", "nan", "Infinity"]),
            "negative_counts": (roles.number, ["-5", "-0", "-1e9"]),
            "huge_numbers": (roles.number, ["1e308", "9" * 400, "1e400", "-1e400"]),
            "wrong_types_number": (roles.number, ["abc", "[1, 2]", "{}", "1,5", "0x1F", "true"]),
            "duplicate_ids": (roles.ident, [body[0][header.index(roles.ident)]] * n)
            if roles.ident in header
            else (None, []),
            "unknown_categories": (roles.category, ["bogus", "=HYPERLINK(1)", "", "VERIFIED!"]),
            "wrong_types_date": (roles.date, ["1", "-1", "3.5", "true", "2024-03-01 junk"]),
        }
        for name, (column, values) in mutations.items():
            text = _cells(rows, column, values)
            if text is not None:
                add(name, _text(text), n)
    return cases


# -- Parquet and Excel --------------------------------------------------------------

OBS_ROW = {
    "observation_id": "a-1",
    "indicator": "cessation_of_attacks",
    "metric": "attack_events",
    "date": "2024-03-01",
    "value": 3.0,
    "unit": "events",
    "source": "corpus",
    "verification": "corroborated",
    "reliability": "B",
    "credibility": 2,
}


def _obs_frame(overrides: list[dict[str, object]]) -> pd.DataFrame:
    rows = [{**OBS_ROW, "observation_id": f"a-{i}", **o} for i, o in enumerate(overrides)]
    return pd.DataFrame(rows)


def _write_frame(make: Callable[[], pd.DataFrame], fmt: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        frame = make()
        if fmt == "parquet":
            frame.to_parquet(path)
        else:
            frame.to_excel(path, index=False)

    return write


def _truncated(make: Callable[[Path], None], keep: float) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        make(path)
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])

    return write


def table_frame_cases() -> list[Case]:
    """Parquet and Excel tables for the table source: typed junk the CSV path cannot hold."""
    import numpy as np  # noqa: PLC0415

    frames: dict[str, tuple[Callable[[], pd.DataFrame], int | None]] = {
        "valid": (lambda: _obs_frame([{}, {}]), 2),
        "zero_rows": (lambda: pd.DataFrame({c: pd.Series(dtype=object) for c in OBS_ROW}), 0),
        "nan_and_infinities": (
            lambda: _obs_frame([{"value": np.nan}, {"value": np.inf}, {"value": -np.inf}]),
            3,
        ),
        "negative_and_huge": (
            lambda: _obs_frame([{"value": -3.0}, {"value": 1e308}, {"value": 2.0**70}]),
            3,
        ),
        "wrong_types": (
            lambda: _obs_frame(
                [{"value": "many"}, {"credibility": "two"}, {"date": "soon"}, {"value": "1"}]
            ).astype({"value": str, "credibility": str}),
            4,
        ),
        "unknown_values": (
            lambda: _obs_frame(
                [{"indicator": "world_peace"}, {"verification": "trust_me"}, {"reliability": "Z"}]
            ),
            3,
        ),
        "humanitarian_row": (lambda: _obs_frame([{"indicator": "pow_exchange"}, {}]), 2),
        "duplicate_ids": (lambda: _obs_frame([{}, {}]).assign(observation_id="same"), 2),
        "aware_datetimes": (
            lambda: _obs_frame([{}, {}]).assign(
                date=pd.to_datetime(
                    ["2024-03-01T23:00:00+03:00", "2024-03-02T01:00:00-05:00"], utc=True
                ).tz_convert("Europe/Kyiv")
            ),
            2,
        ),
        "naive_datetimes": (
            lambda: _obs_frame([{}, {}]).assign(date=pd.to_datetime(["2024-03-01", "2024-03-02"])),
            2,
        ),
        "mixed_object_dates": (
            lambda: _obs_frame([{}, {}, {}]).assign(
                date=pd.Series(["2024-03-01", "01/03/2024", "2262-04-12"], dtype=object)
            ),
            3,
        ),
        "missing_columns": (lambda: _obs_frame([{}]).drop(columns=["value", "date"]), None),
        "extra_columns": (lambda: _obs_frame([{}]).assign(zz_extra="=cmd|'/C calc'!A0"), 1),
        "no_columns": (lambda: pd.DataFrame(index=range(3)), None),
        "all_null_column": (lambda: _obs_frame([{}, {}]).assign(value=None), 2),
    }
    cases: list[Case] = []
    for fmt, reader, suffix in (
        ("parquet", "table_parquet", "parquet"),
        ("excel", "table_excel", "xlsx"),
    ):
        for name, (make, rows) in frames.items():
            if fmt == "excel" and name in ("aware_datetimes", "no_columns"):
                continue  # Excel cannot store timezones; an empty sheet is tested below
            cases.append(Case(reader, name, f"obs.{suffix}", _write_frame(make, fmt), rows))
        valid = _write_frame(frames["valid"][0], fmt)
        cases.append(Case(reader, "truncated", f"obs.{suffix}", _truncated(valid, 0.6)))
        cases.append(Case(reader, "header_bytes_only", f"obs.{suffix}", _truncated(valid, 0.02)))
        cases.append(Case(reader, "garbage", f"obs.{suffix}", _bytes(b"PK\x03\x04" + b"\x00" * 64)))
        cases.append(Case(reader, "text_not_binary", f"obs.{suffix}", _text("a,b\n1,2\n")))
        cases.append(Case(reader, "empty", f"obs.{suffix}", _bytes(b"")))
    return cases


def _parquet_of(base: pd.DataFrame) -> Callable[..., Callable[[Path], None]]:
    """``frame(**changes)``: a writer of ``base`` with those columns replaced, as Parquet."""

    def frame(**changes: Any) -> Callable[[Path], None]:
        def write(path: Path) -> None:
            base.assign(**changes).to_parquet(path)

        return write

    return frame


def viina_parquet_cases() -> list[Case]:
    """VIINA control tables as Parquet: valid, typed junk, damaged files."""
    control = pd.read_csv(FIXTURES / "viina" / "control_fictional.csv", dtype=str)
    n = len(control)
    frame = _parquet_of(control)
    valid = frame()
    return [
        Case("viina_control_parquet", "valid", "control.parquet", valid, n),
        Case(
            "viina_control_parquet",
            "int_dates",
            "control.parquet",
            frame(date=control["date"].astype("int64")),
            n,
        ),
        Case(
            "viina_control_parquet",
            "bad_dates",
            "control.parquet",
            frame(date=["junk", "99999999", "", *control["date"][3:]]),
            n,
        ),
        Case(
            "viina_control_parquet",
            "unknown_status",
            "control.parquet",
            frame(status=["ZZ", None, "", *control["status"][3:]]),
            n,
        ),
        Case(
            "viina_control_parquet",
            "float_ids",
            "control.parquet",
            frame(geonameid=[float("nan"), 1e300, *[1.0] * (n - 2)]),
            n,
        ),
        Case(
            "viina_control_parquet",
            "missing_status",
            "control.parquet",
            lambda p: control.drop(columns=["status"]).to_parquet(p),
        ),
        Case("viina_control_parquet", "truncated", "control.parquet", _truncated(valid, 0.5)),
        Case("viina_control_parquet", "garbage", "control.parquet", _bytes(b"PAR1" + b"\x01" * 40)),
    ]


def acled_parquet_cases() -> list[Case]:
    """ACLED exports saved as Parquet: valid, typed junk, damaged files."""
    export = pd.read_csv(FIXTURES / "acled" / "acled_fictional.csv", dtype=str)
    n = len(export)
    frame = _parquet_of(export)
    valid = frame()
    junk = ["junk", "", None, "2022-02-30", *export["event_date"][4:]]
    return [
        Case("acled_parquet", "valid", "acled.parquet", valid, n),
        Case("acled_parquet", "bad_dates", "acled.parquet", frame(event_date=junk), n),
        Case(
            "acled_parquet",
            "text_coordinates",
            "acled.parquet",
            frame(latitude=["north", "inf", "1e400", *export["latitude"][3:]]),
            n,
        ),
        Case(
            "acled_parquet",
            "int_event_types",
            "acled.parquet",
            frame(event_type=list(range(n))),
            n,
        ),
        Case(
            "acled_parquet",
            "missing_actor1",
            "acled.parquet",
            lambda p: export.drop(columns=["actor1"]).to_parquet(p),
        ),
        Case("acled_parquet", "truncated", "acled.parquet", _truncated(valid, 0.5)),
        Case("acled_parquet", "garbage", "acled.parquet", _bytes(b"PAR1" + b"\x01" * 40)),
        Case("acled_parquet", "empty", "acled.parquet", _bytes(b"")),
    ]


# -- GeoJSON ------------------------------------------------------------------------


def _fc(*geometries: Any, props: dict[str, object] | None = None) -> str:
    features = [{"type": "Feature", "properties": props or {}, "geometry": g} for g in geometries]
    return json.dumps({"type": "FeatureCollection", "features": features})


SQUARE = [[[36.0, 47.0], [37.0, 47.0], [37.0, 48.0], [36.0, 48.0], [36.0, 47.0]]]
GEOJSON_NAME = "deepstatemap_data_20240101.geojson"


def geojson_cases() -> list[Case]:
    """DeepStateMap snapshots: malformed, invalid, nested and oversized GeoJSON."""

    def many_vertices(path: Path) -> None:
        ring = [[36.0 + i * 1e-6, 47.0] for i in range(5000)] + [[36.0, 48.0], [36.0, 47.0]]
        path.write_text(_fc({"type": "Polygon", "coordinates": [ring]}), encoding="utf-8")

    deep_collection: dict[str, Any] = {"type": "Polygon", "coordinates": SQUARE}
    for _ in range(60):
        deep_collection = {
            "type": "GeometryCollection",
            "geometries": [deep_collection],
        }
    raw = [
        ("valid", _fc({"type": "Polygon", "coordinates": SQUARE}), 1),
        (
            "bowtie_self_intersection",
            _fc(
                {
                    "type": "Polygon",
                    "coordinates": [
                        [[36.0, 47.0], [37.0, 48.0], [37.0, 47.0], [36.0, 48.0], [36.0, 47.0]]
                    ],
                }
            ),
            1,
        ),
        (
            "two_point_ring",
            _fc({"type": "Polygon", "coordinates": [[[36.0, 47.0], [37.0, 47.0]]]}),
            1,
        ),
        (
            "unclosed_ring",
            _fc(
                {
                    "type": "Polygon",
                    "coordinates": [[[36.0, 47.0], [37.0, 47.0], [37.0, 48.0], [36.0, 48.0]]],
                }
            ),
            1,
        ),
        ("string_coordinates", _fc({"type": "Polygon", "coordinates": [[["a", "b"]] * 4]}), 1),
        ("null_coordinates", _fc({"type": "Polygon", "coordinates": None}), 1),
        ("empty_coordinates", _fc({"type": "MultiPolygon", "coordinates": []}), 1),
        (
            "nan_coordinates",
            _fc(
                {
                    "type": "Polygon",
                    "coordinates": [
                        [[float("nan"), 47.0], [37.0, 47.0], [37.0, 48.0], [float("nan"), 47.0]]
                    ],
                }
            ),
            1,
        ),
        (
            "infinite_coordinates",
            _fc(
                {
                    "type": "Polygon",
                    "coordinates": [
                        [[float("inf"), 47.0], [37.0, 47.0], [37.0, 48.0], [float("inf"), 47.0]]
                    ],
                }
            ),
            1,
        ),
        (
            "huge_coordinates",
            _fc(
                {
                    "type": "Polygon",
                    "coordinates": [[[1e300, 47.0], [37.0, 1e300], [37.0, 48.0], [1e300, 47.0]]],
                }
            ),
            1,
        ),
        ("null_geometry", _fc(None), 1),
        ("unknown_geometry_type", _fc({"type": "Hexagon", "coordinates": SQUARE}), 1),
        ("points_only", _fc({"type": "Point", "coordinates": [36.0, 47.0]}), 1),
        ("deep_geometry_collection", _fc(deep_collection), None),
        (
            "deep_arrays",
            '{"type": "FeatureCollection", "features": ' + "[" * 50_000 + "]" * 50_000 + "}",
            None,
        ),
        ("top_level_list", "[1, 2, 3]", None),
        ("not_a_feature_collection", json.dumps({"type": "Feature", "geometry": None}), None),
        ("features_not_a_list", json.dumps({"type": "FeatureCollection", "features": 7}), None),
        (
            "features_scalars",
            json.dumps({"type": "FeatureCollection", "features": [1, "x", None]}),
            1,
        ),
        (
            "properties_not_a_mapping",
            _fc({"type": "Polygon", "coordinates": SQUARE}).replace(
                '"properties": {}', '"properties": [1, 2]'
            ),
            1,
        ),
        ("truncated", _fc({"type": "Polygon", "coordinates": SQUARE})[:60], None),
        ("huge_integer", '{"type": "FeatureCollection", "features": [' + "9" * 5000 + "]}", None),
    ]
    cases = [
        Case("deepstatemap", name, GEOJSON_NAME, _text(text), rows) for name, text, rows in raw
    ]
    cases += [
        Case("deepstatemap", "empty", GEOJSON_NAME, _bytes(b"")),
        Case("deepstatemap", "non_utf8", GEOJSON_NAME, _bytes(b'{"type": "\xff\xfe"}')),
        Case(
            "deepstatemap",
            "bom",
            GEOJSON_NAME,
            _bytes(b"\xef\xbb\xbf" + _fc({"type": "Polygon", "coordinates": SQUARE}).encode()),
        ),
        Case(
            "deepstatemap",
            "bad_date_in_name",
            "deepstatemap_data_20241345.geojson",
            _text(_fc({"type": "Polygon", "coordinates": SQUARE})),
            1,
        ),
        Case("deepstatemap", "too_many_vertices", GEOJSON_NAME, many_vertices, 1),
    ]
    return cases


# -- YAML and JSON ------------------------------------------------------------------


def billion_laughs(payload_key: str, levels: int = 12) -> str:
    """An anchor/alias bomb: ``levels`` lists of ten aliases of the previous list."""
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, levels):
        refs = ", ".join([f"*lol{i - 1}"] * 10)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    return "\n".join(lines) + f"\n{payload_key}: *lol{levels - 1}\n"


def yaml_cases() -> list[Case]:
    """Generated YAML/JSON for the manual source and the config loaders."""
    deep_yaml = "observations:\n" + "".join("  " * i + "- \n" for i in range(1, 40))
    deep_flow = "observations: " + "[" * 5000 + "]" * 5000 + "\n"
    deep_json = '{"observations": ' + "[" * 100_000 + "]" * 100_000 + "}"
    many_items = "observations:\n" + "".join(
        f"  - {{observation_id: x{i}, indicator: cessation_of_attacks}}\n" for i in range(200)
    )
    return [
        Case("manual", "billion_laughs_in_field", "bomb.yaml", _text(_bomb_manual())),
        Case("manual", "deep_block_nesting", "deep.yaml", _text(deep_yaml)),
        Case("manual", "deep_flow_nesting", "deep.yaml", _text(deep_flow)),
        Case("manual_json", "deep_json_nesting", "deep.json", _text(deep_json)),
        Case("manual", "non_utf8", "bad.yaml", _bytes(b"observations:\n  - notes: \xff\xfe\n")),
        Case("manual", "many_items_missing_fields", "many.yaml", _text(many_items), 200),
        Case(
            "manual",
            "huge_integer",
            "big.yaml",
            _text("observations:\n  - {observation_id: a, value: " + "9" * 5000 + "}\n"),
            1,
        ),
        Case("config_yaml", "billion_laughs", "config.yaml", _text(billion_laughs("metrics"))),
        Case(
            "config_yaml",
            "billion_laughs_unused_key",
            "config.yaml",
            _text(billion_laughs("zz_unused")),
        ),
        Case("config_yaml", "deep_flow_nesting", "config.yaml", _text(deep_flow)),
        Case(
            "config_yaml",
            "huge_integer",
            "config.yaml",
            _text("uncertainty:\n  draws: " + "9" * 5000 + "\n"),
        ),
        Case("config_yaml", "non_utf8", "config.yaml", _bytes(b"frequency: \xff\n")),
        Case("config_json", "deep_json_nesting", "config.json", _text(deep_json)),
        Case(
            "config_json",
            "huge_integer",
            "config.json",
            _text('{"uncertainty": {"draws": ' + "9" * 5000 + "}}"),
        ),
        Case("config_json", "non_utf8", "config.json", _bytes(b'{"frequency": "\xff"}')),
        Case("config_json", "empty", "config.json", _bytes(b"")),
    ]


def _bomb_manual() -> str:
    lines = ['    x: &lol0 "lol"']
    body = ["observations:", "  - observation_id: bomb", "    indicator: cessation_of_attacks"]
    for i in range(1, 12):
        refs = ", ".join([f"*lol{i - 1}"] * 10)
        lines.append(f"    x{i}: &lol{i} [{refs}]")
    return "\n".join([*body, *lines, "    notes: *lol11", ""])


def static_cases() -> list[Case]:
    """The small hand-written files in ``tests/corpus/<reader>/``."""
    cases = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_")):
        for file in sorted(folder.iterdir()):
            if file.is_file():
                data = file.read_bytes()
                cases.append(Case(folder.name, f"static_{file.stem}", file.name, _bytes(data)))
    return cases


def all_cases() -> list[Case]:
    """Every corpus case, generated and hand-written."""
    return [
        *csv_cases(),
        *table_frame_cases(),
        *viina_parquet_cases(),
        *acled_parquet_cases(),
        *geojson_cases(),
        *yaml_cases(),
        *static_cases(),
    ]


def main(argv: list[str]) -> int:
    """Write every case to ``argv[1]/<reader>/<name>/<filename>``."""
    out = Path(argv[1] if len(argv) > 1 else "corpus-out")
    for case in all_cases():
        folder = out / case.reader / case.name
        folder.mkdir(parents=True, exist_ok=True)
        case.write(folder / case.filename)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
