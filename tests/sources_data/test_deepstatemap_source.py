"""DeepStateMap adapter: geodesic areas, polygon classes, limits, repairs, real snapshots."""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from pathlib import Path

import pandas as pd
import pytest

from progress_indicators.exceptions import DataFileError, InputTypeError, SourceLoadError
from progress_indicators.sources import DeepStateMapSource, EvidenceSource
from progress_indicators.sources._deepstatemap import classify_feature

FIXTURES = Path(__file__).resolve().parents[1] / "sources" / "fixtures" / "deepstatemap"
R = 6_371_007.2


def _require_geo() -> None:
    """Fail (never skip) when the [geo] extra is missing: the test extra installs it."""
    try:
        import pyproj  # noqa: F401, PLC0415
        import shapely  # noqa: F401, PLC0415
    except ImportError:  # pragma: no cover - only without the test extra
        pytest.fail("shapely/pyproj missing: pip install -e '.[test]' (includes [geo])")


def _band_km2(lon0: float, lon1: float, lat0: float, lat1: float) -> float:
    """Area of a lon/lat box on the sphere (closed form, independent of the adapter)."""
    rad = math.radians
    return R**2 * rad(lon1 - lon0) * (math.sin(rad(lat1)) - math.sin(rad(lat0))) / 1e6


def test_classify_feature_rules() -> None:
    """Named pre-2022 areas, joke fill, Transnistria by name whatever its fill, markers."""
    assert classify_feature({"fill": "#880e4f", "name": "ОРДЛО /// CADR and CALR"}, "Polygon") == (
        "occupied_pre2022"
    )
    assert classify_feature({"fill": "#880e4f", "name": "Transnistria"}, "Polygon") == (
        "outside_ukraine"
    )
    assert classify_feature({"fill": "#FF5252", "name": "x"}, "Polygon") == "outside_ukraine"
    assert classify_feature({"fill": "#0f9d58", "name": "Taken back"}, "Polygon") == "liberated"
    assert classify_feature({"name": "Direction"}, "Point") == "marker"


def test_missing_geo_extra_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without shapely the read fails with SourceLoadError naming the [geo] extra."""
    monkeypatch.setitem(sys.modules, "shapely", None)
    with pytest.raises(SourceLoadError, match=r"progress-indicators\[geo\]"):
        DeepStateMapSource(FIXTURES / "archive").read()


def test_options_are_checked_eagerly() -> None:
    """Bad ellipsoid or limits fail in the constructor; the path is not touched."""
    with pytest.raises(InputTypeError):
        DeepStateMapSource("x", ellipsoid="mars")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        DeepStateMapSource("x", max_vertices=0)
    assert isinstance(DeepStateMapSource("nowhere"), EvidenceSource)


def test_archive_folder_areas_match_the_closed_form() -> None:
    """A folder of archive snapshots: holes subtracted, parts summed, date from file name."""
    _require_geo()
    evidence = DeepStateMapSource(FIXTURES / "archive").read()
    obs = evidence.observations
    assert [d.date() for d in obs["date"]] == [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]
    first = (
        _band_km2(36, 38, 47, 48) - _band_km2(36.5, 37, 47.25, 47.75) + _band_km2(33, 34, 45, 46)
    )
    second = _band_km2(36, 38, 47, 48) - _band_km2(36.5, 37, 47.25, 47.75)
    assert obs["value"].iloc[0] == pytest.approx(first, rel=1e-4)
    assert obs["value"].iloc[1] == pytest.approx(second, rel=1e-4)
    assert set(obs["metric"]) == {"occupied_area_km2"}
    assert (set(obs["verification"]), set(obs["reliability"]), set(obs["credibility"])) == (
        {"corroborated"},
        {"B"},
        {2},
    )
    assert obs["source_record"].iloc[0].startswith("deepstatemap_data_20240101.geojson sha256:")


def test_raw_api_snapshot_unions_occupied_classes_and_drops_jokes() -> None:
    """Overlapping occupied polygons count once; Crimea in; joke, Transnistria, others out."""
    _require_geo()
    evidence = DeepStateMapSource(FIXTURES / "raw" / "1700000000.geojson").read()
    obs = evidence.observations
    assert obs["date"].iloc[0].date() == dt.date(2023, 11, 14)  # unix time, UTC
    expected = _band_km2(36, 39, 47, 48) + _band_km2(33, 34, 45, 46)
    assert obs["value"].iloc[0] == pytest.approx(expected, rel=1e-4)
    assert "outside_ukraine 2" in obs["notes"].iloc[0]
    assert evidence.accounting["accepted"] == 1


def test_span_limits_and_bad_files(tmp_path: Path) -> None:
    """Out-of-span files are skipped; too many vertices and an undated name are rejected."""
    _require_geo()
    evidence = DeepStateMapSource(FIXTURES / "archive").read(start=dt.date(2024, 1, 15))
    assert len(evidence.observations) == 1
    assert dict(zip(evidence.skipped["reason"], evidence.skipped["rows"], strict=True)) == {
        "outside_requested_span": 1
    }
    limited = DeepStateMapSource(FIXTURES / "archive", max_vertices=50).read(
        on_invalid="quarantine"
    )
    assert set(limited.rejected["reason"]) == {"too_many_vertices"}
    assert limited.accounting["rejected"] == 2
    undated = tmp_path / "snapshot.geojson"
    undated.write_bytes((FIXTURES / "raw" / "1700000000.geojson").read_bytes())
    quarantined = DeepStateMapSource(undated).read(on_invalid="quarantine")
    assert list(quarantined.rejected["reason"]) == ["unparseable_date"]
    truncated = tmp_path / "1700000000.geojson"
    truncated.write_bytes((FIXTURES / "raw" / "1700000000.geojson").read_bytes()[:500])
    with pytest.raises(DataFileError, match="Hint:"):
        DeepStateMapSource(truncated).read()
    with pytest.raises(DataFileError, match="above the limit"):
        DeepStateMapSource(FIXTURES / "raw", max_bytes=100).read()


def test_invalid_geometry_is_repaired(tmp_path: Path) -> None:
    """A self-intersecting (bow-tie) polygon is repaired with make_valid and noted."""
    _require_geo()
    bowtie = [[36, 47], [37, 48], [37, 47], [36, 48], [36, 47]]
    payload = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [bowtie]},
            }
        ],
    }
    path = tmp_path / "deepstatemap_data_20240301.geojson"
    path.write_text(json.dumps(payload), encoding="utf-8")
    obs = DeepStateMapSource(path).read().observations
    assert "repaired with make_valid" in obs["notes"].iloc[0]
    # Two triangles, each about a quarter of the 1x1 degree box.
    assert obs["value"].iloc[0] == pytest.approx(_band_km2(36, 37, 47, 48) / 2, rel=0.01)


def _reference(path: Path, column: str) -> dict[dt.date, float]:
    frame = pd.read_csv(path)
    return dict(zip(pd.to_datetime(frame["date"]).dt.date, frame[column], strict=True))


def test_real_archive_snapshots_reproduce_the_shared_areas(shared_data: Path) -> None:
    """The 5 bundled snapshots match occupied_area_daily.csv within 0.5%."""
    _require_geo()
    folder = shared_data / "deepstatemap"
    reference = _reference(folder / "occupied_area_daily.csv", "occupied_area_km2")
    obs = DeepStateMapSource(folder / "snapshots").read().observations
    assert len(obs) == 5
    for date, value in zip(obs["date"].dt.date, obs["value"], strict=True):
        assert value == pytest.approx(reference[date], rel=0.005), date


def test_real_raw_api_snapshot_reproduces_the_shared_total(shared_data: Path) -> None:
    """The raw API snapshot of 2022-09-01 matches occupied_total_km2 within 0.5%."""
    _require_geo()
    folder = shared_data / "deepstatemap"
    reference = _reference(
        folder / "occupied_area_daily_2022_2025_rawapi.csv", "occupied_total_km2"
    )
    obs = DeepStateMapSource(folder / "raw_api_snapshot" / "1662064277.geojson").read().observations
    assert obs["date"].iloc[0].date() == dt.date(2022, 9, 1)
    assert obs["value"].iloc[0] == pytest.approx(reference[dt.date(2022, 9, 1)], rel=0.005)
