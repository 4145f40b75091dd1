"""DeepStateMap (deepstatemap.live) snapshots -> ``occupied_area_km2``.

Reads both GeoJSON formats found in the public archives of the map:

- the **daily archive** format (``deepstatemap_data_YYYYMMDD.geojson``): one Feature
  whose MultiPolygon is all occupied territory (Crimea and pre-2022 areas included);
- the **raw API** format (``<unix-time>.geojson``): many features styled from KML.
  Polygons are classified by ``name`` and ``fill`` (``classify_feature``): occupied
  since 2022 (``#a52714``) and occupied before 2022 (named Crimea / ORDLO / Tuzla) are
  kept; liberated, contested, markers (Points) and the ``#ff5252`` joke polygons outside
  Ukraine (and Transnistria, whatever its colour) are not.

The occupied polygons of a snapshot are repaired (``shapely.make_valid``), unioned and
measured geodesically on a sphere of radius 6,371,007.2 m (the authalic radius of
GRS80, as used to derive ``occupied_area_daily.csv``), or on the WGS84 ellipsoid with
``ellipsoid="WGS84"``.

**One dataset row is one snapshot file**: it yields one observation, or is rejected
(invalid geometry that cannot be repaired, too many vertices, no date in the file
name), or skipped (outside ``start``/``end``). The classification of the features is
written in the observation's ``notes``.

shapely and pyproj are imported lazily: install the ``geo`` extra
(``pip install 'progress-indicators[geo]'``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any, Final, Literal

import pandas as pd

from progress_indicators.exceptions import DataFileError, InputTypeError, SourceLoadError
from progress_indicators.model import Indicator
from progress_indicators.model._bounded import byte_limit, path_argument
from progress_indicators.model._time import check_span
from progress_indicators.sources._base import Coverage, Evidence, build_evidence
from progress_indicators.sources._columnar import adapter_rejects
from progress_indicators.sources._io import checked_path, file_provenance, read_json_file
from progress_indicators.validation import check_on_invalid

if TYPE_CHECKING:
    from pathlib import Path
    from types import ModuleType

    from progress_indicators.validation import OnInvalid

__all__ = ["SPHERE_RADIUS_M", "DeepStateMapSource", "FeatureClass", "classify_feature"]

SPHERE_RADIUS_M: Final = 6_371_007.2
"""Authalic radius of the GRS80 ellipsoid: areas on this sphere match the ellipsoid's."""

FeatureClass = Literal[
    "occupied", "occupied_pre2022", "liberated", "contested", "outside_ukraine", "marker", "other"
]

_ARCHIVE_NAME: Final = re.compile(r"deepstatemap_data_(\d{8})\.geojson$", re.IGNORECASE)
_UNIX_NAME: Final = re.compile(r"^(\d{9,11})\.geojson$", re.IGNORECASE)
_PRE2022_NAMES: Final = re.compile(r"crimea|ordlo|cadr|calr|tuzla", re.IGNORECASE)
_OUTSIDE_NAMES: Final = re.compile(r"transnistria|придністров", re.IGNORECASE)
_FILLS: Final[dict[str, FeatureClass]] = {
    "#a52714": "occupied",
    "#bcaaa4": "contested",
    "#bdbdbd": "contested",
    "#0f9d58": "liberated",
    "#0288d1": "liberated",
    "#01579b": "liberated",
    "#ff5252": "outside_ukraine",
}
_SOURCE: Final = "DeepStateMap (deepstatemap.live)"
_GEO_HINT: Final = "Hint: pip install 'progress-indicators[geo]' (shapely and pyproj)."


def classify_feature(properties: dict[str, Any] | None, geometry_type: str | None) -> FeatureClass:
    """The class of one feature of a DeepStateMap snapshot.

    Archive snapshots have empty properties: their single polygon feature is all
    occupied territory. Raw API features are classified by ``name`` first (Crimea,
    ORDLO, Tuzla are occupied before 2022; Transnistria is outside Ukraine, since
    ``#880e4f`` is used for both) and then by ``fill``.

    Examples:
        >>> classify_feature({"fill": "#a52714", "name": "Окуповано /// Occupied"}, "Polygon")
        'occupied'
        >>> classify_feature({"fill": "#ff5252", "name": "Karelia"}, "Polygon")
        'outside_ukraine'
        >>> classify_feature({}, "MultiPolygon")
        'occupied'
    """
    if geometry_type in ("Point", "MultiPoint", "LineString", "MultiLineString", None):
        return "marker"
    props = properties if isinstance(properties, dict) else {}
    name = str(props.get("name") or "")
    fill = str(props.get("fill") or "").lower()
    if not name and not fill:
        return "occupied"
    if _OUTSIDE_NAMES.search(name) or fill == "#ff5252":
        return "outside_ukraine"
    if _PRE2022_NAMES.search(name):
        return "occupied_pre2022"
    return _FILLS.get(fill, "other")


def _geo() -> tuple[ModuleType, ModuleType]:
    try:
        import pyproj  # noqa: PLC0415 (optional dependency, imported lazily)
        import shapely  # noqa: PLC0415
    except ImportError as error:
        msg = (
            f"the deepstatemap source needs shapely and pyproj ({error.name} is not "
            f"installed).\n{_GEO_HINT}"
        )
        raise SourceLoadError(msg) from None
    return shapely, pyproj


def snapshot_date(path: Path) -> dt.date | None:
    """The date of a snapshot from its file name (``YYYYMMDD`` or a Unix time, UTC)."""
    if match := _ARCHIVE_NAME.search(path.name):
        try:
            return dt.datetime.strptime(match.group(1), "%Y%m%d").date()
        except ValueError:
            return None
    if match := _UNIX_NAME.search(path.name):
        return dt.datetime.fromtimestamp(int(match.group(1)), tz=dt.UTC).date()
    return None


class DeepStateMapSource:
    """DeepStateMap snapshots (a file or a folder of them) as ``occupied_area_km2``.

    Args:
        path: a ``.geojson`` snapshot, or a directory of them (sorted by name).
        ellipsoid: ``"sphere"`` (R = 6,371,007.2 m, the default, matching the shared
            derivation) or ``"WGS84"``.
        max_bytes: largest snapshot file accepted (default 50 MB).
        max_vertices: most vertices accepted in one snapshot (default 2,000,000).

    Verification: ``corroborated``, B/2. The occupied area drawn by a Ukrainian OSINT
    map is a report against the reporting side's interest, not contradicted by the
    occupying side, and broadly consistent with ISW's independent maps
    (``datasets/data/SOURCES.md``).
    """

    name = "deepstatemap"
    description = "DeepStateMap GeoJSON snapshots: geodesic occupied area of Ukraine (km2)."

    def __init__(
        self,
        path: str | Path,
        *,
        ellipsoid: Literal["sphere", "WGS84"] = "sphere",
        max_bytes: int = 50_000_000,
        max_vertices: int = 2_000_000,
    ) -> None:
        if ellipsoid not in ("sphere", "WGS84"):
            msg = f"DeepStateMapSource ellipsoid must be 'sphere' or 'WGS84' (got {ellipsoid!r})."
            raise InputTypeError(msg)
        max_bytes = byte_limit(max_bytes) or 0  # checked type (#16); None is no size
        if (
            max_bytes <= 0
            or isinstance(max_vertices, bool)
            or not isinstance(max_vertices, int)
            or max_vertices <= 0
        ):
            msg = (
                "DeepStateMapSource max_bytes and max_vertices must be > 0 "
                f"(got {max_bytes}, {max_vertices})."
            )
            raise InputTypeError(msg)
        self.path = path_argument(path)  # checked type (#16)
        self.ellipsoid = ellipsoid
        self.max_bytes = max_bytes
        self.max_vertices = max_vertices

    def __repr__(self) -> str:
        return f"DeepStateMapSource(path={str(self.path)!r}, ellipsoid={self.ellipsoid!r})"

    @property
    def indicators(self) -> frozenset[Indicator]:
        """Verified withdrawal."""
        return frozenset({Indicator.VERIFIED_WITHDRAWAL})

    @property
    def coverage(self) -> Coverage:
        """The public archives start in April 2022."""
        return Coverage(start=dt.date(2022, 4, 3), end=None, area="Ukraine")

    def _files(self) -> list[Path]:
        path = self.path.expanduser()
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".geojson")
            if not files:
                msg = f"no .geojson snapshots in {path}\nHint: point path= at the snapshot folder."
                raise DataFileError(msg)
            return files
        return [path]

    def read(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        on_invalid: OnInvalid = "raise",
    ) -> Evidence:
        """Measure each snapshot's occupied area.

        Raises:
            SourceLoadError: shapely or pyproj is not installed.
            DataFileError: a snapshot is missing, too large or not GeoJSON.
            ValidationError: in ``raise`` mode, when a snapshot is rejected.
        """
        start, end = check_span(start, end)  # checked bounds (#16): no raw TypeError below
        check_on_invalid(on_invalid)
        shapely, pyproj = _geo()
        if self.ellipsoid == "sphere":
            geod = pyproj.Geod(a=SPHERE_RADIUS_M, b=SPHERE_RADIUS_M)
        else:
            geod = pyproj.Geod(ellps="WGS84")
        files = self._files()
        records: list[dict[str, Any]] = []
        rows: list[int] = []
        rejects: list[pd.DataFrame] = []
        outside = 0
        hashes = []
        for row, file in enumerate(files):
            checked = checked_path(file, what="DeepStateMap", max_bytes=self.max_bytes)
            date = snapshot_date(checked)
            if date is None:
                rejects.append(
                    _reject(
                        row,
                        "path",
                        "a snapshot date in the file name",
                        file.name,
                        "unparseable_date",
                    )
                )
                continue
            if (start is not None and date < start) or (end is not None and date > end):
                outside += 1
                continue
            provenance = file_provenance(checked)
            hashes.append(f"{checked.name}:{provenance['sha256']}")
            measured = _measure(checked, shapely, geod, self.max_vertices)
            if isinstance(measured, pd.DataFrame):
                rejects.append(measured.assign(row=row))
                continue
            area_km2, notes = measured
            records.append(
                {
                    "observation_id": f"deepstatemap-{date.isoformat()}-{checked.stem}",
                    "indicator": Indicator.VERIFIED_WITHDRAWAL.value,
                    "metric": "occupied_area_km2",
                    "date": date.isoformat(),
                    "value": area_km2,
                    "unit": "km2",
                    "source": _SOURCE,
                    "verification": "corroborated",
                    "reliability": "B",
                    "credibility": 2,
                    "region": "Ukraine",
                    "source_record": f"{checked.name} sha256:{provenance['sha256']}",
                    "notes": notes,
                }
            )
            rows.append(row)
        observations = pd.DataFrame.from_records(records) if records else None
        rejected = pd.concat(rejects, ignore_index=True) if rejects else None
        where = self.path.name
        return build_evidence(
            source=self.name,
            read=len(files),
            observations=observations if observations is not None else _empty(),
            observation_rows=pd.Index(rows, dtype="int64"),
            rejected=rejected,
            skipped={"outside_requested_span": outside} if outside else None,
            on_invalid=on_invalid,
            where=where,
            provenance={
                "path": str(self.path),
                "dataset": "DeepStateMap snapshots",
                "files": str(len(files)),
                "area": f"geodesic, {self.ellipsoid}",
                "sha256": "; ".join(hashes),
            },
        )


def _empty() -> pd.DataFrame:
    from progress_indicators.sources._base import empty_observations  # noqa: PLC0415

    return empty_observations()


def _reject(row: int, column: str, check: str, value: str, reason: str) -> pd.DataFrame:
    import numpy as np  # noqa: PLC0415

    return adapter_rejects(
        np.array([row]), column=column, check=check, values=pd.Series([value]), reason=reason
    )


def _load(path: Path) -> list[dict[str, Any]]:
    payload = read_json_file(path, what="DeepStateMap GeoJSON")
    if not isinstance(payload, dict) or payload.get("type") != "FeatureCollection":
        got = payload.get("type") if isinstance(payload, dict) else type(payload).__name__
        msg = (
            f"DeepStateMap file {path} is not a GeoJSON FeatureCollection (got type {got!r}).\n"
            "Hint: pass a DeepStateMap snapshot (archive or raw API format)."
        )
        raise DataFileError(msg)
    features = payload.get("features")
    if not isinstance(features, list):
        msg = (
            f"DeepStateMap file {path} has no 'features' list.\n"
            "Hint: pass a DeepStateMap snapshot (archive or raw API format)."
        )
        raise DataFileError(msg)
    return [f for f in features if isinstance(f, dict)]


def _polygons(geometry: Any, shapely: Any) -> list[Any]:
    """Polygonal parts of a GeoJSON geometry (GeometryCollections are opened)."""
    if not isinstance(geometry, dict):
        return []
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        return [p for g in geometry.get("geometries") or [] for p in _polygons(g, shapely)]
    if kind in ("Polygon", "MultiPolygon"):
        return [shapely.from_geojson(json.dumps(geometry))]
    return []


def _measure(
    path: Path, shapely: Any, geod: Any, max_vertices: int
) -> tuple[float, str] | pd.DataFrame:
    """Area (km²) of the union of a snapshot's occupied polygons, with notes; or rejects."""
    features = _load(path)
    classes: dict[str, int] = {}
    kept: list[Any] = []
    try:
        for feature in features:
            geometry = feature.get("geometry")
            kind = geometry.get("type") if isinstance(geometry, dict) else None
            cls = classify_feature(feature.get("properties"), kind)
            if kind == "GeometryCollection" and cls == "marker":
                cls = "other"
            classes[cls] = classes.get(cls, 0) + 1
            if cls in ("occupied", "occupied_pre2022"):
                kept.extend(_polygons(geometry, shapely))
    except shapely.errors.GEOSException as error:
        return _reject(
            0, "geometry", "valid GeoJSON polygons", str(error)[:120], "invalid_geometry"
        )
    vertices = int(sum(shapely.get_num_coordinates(g) for g in kept))
    if vertices > max_vertices:
        return _reject(
            0,
            "geometry",
            f"at most {max_vertices:,} vertices",
            f"{vertices:,}",
            "too_many_vertices",
        )
    if not kept:
        return _reject(0, "geometry", "at least one occupied polygon", "none", "no_occupied_area")
    bounds = shapely.bounds(kept)
    lon_ok = (bounds[:, 0] >= -180) & (bounds[:, 2] <= 180)
    lat_ok = (bounds[:, 1] >= -90) & (bounds[:, 3] <= 90)
    if not bool((lon_ok & lat_ok).all()):  # also false for NaN coordinates
        return _reject(
            0,
            "geometry",
            "longitudes -180..180 and latitudes -90..90",
            "coordinates out of range or not finite",
            "out_of_range",
        )
    invalid = [g for g in kept if not shapely.is_valid(g)]
    repaired = [shapely.make_valid(g) if not shapely.is_valid(g) else g for g in kept]
    polygonal = [_polygonal_part(g, shapely) for g in repaired]
    if any(p is None for p in polygonal):
        return _reject(
            0, "geometry", "repairable polygons", "make_valid left no polygon", "invalid_geometry"
        )
    # Counter-clockwise exteriors: pyproj then counts exteriors positive, holes negative.
    union = shapely.orient_polygons(shapely.union_all(polygonal), exterior_cw=False)
    area_m2, _ = geod.geometry_area_perimeter(union)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(classes.items()))
    notes = f"union of {len(kept)} occupied polygon(s); features: {summary}"
    if invalid:
        notes += f"; {len(invalid)} invalid polygon(s) repaired with make_valid"
    return float(area_m2) / 1e6, notes


def _polygonal_part(geometry: Any, shapely: Any) -> Any:
    """The polygonal part of a repaired geometry, or None when nothing polygonal is left."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return None if geometry.is_empty else geometry
    parts = [
        g
        for g in getattr(geometry, "geoms", [])
        if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty
    ]
    return shapely.union_all(parts) if parts else None
