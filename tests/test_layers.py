"""The walls of ARCHITECTURE.md, enforced on the source tree (AST, not comments)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "progress_indicators"

FORBIDDEN = {
    "scoring": ("sources", "ledger", "report", "store", "cli", "scorecard", "datasets"),
    "sources": ("scoring", "report", "cli", "scorecard", "store"),
    "frames": ("sources", "scoring", "ledger", "report", "store", "cli", "scorecard"),
    # scorecard's analyst methods reach report only lazily (checked below)
    "scorecard": ("store", "cli"),
    "store": ("report", "cli"),
    "model": ("validation", "frames", "sources", "scoring", "ledger", "report", "cli", "scorecard"),
    # analyst outputs read a finished Scorecard: no sources, store or CLI below them
    "report": ("sources", "store", "cli"),
    "exceptions": (
        "model",
        "validation",
        "frames",
        "sources",
        "scoring",
        "ledger",
        "report",
        "cli",
    ),
}
HUMANITARIAN_NAMES = ("HumanitarianEvent", "HumanitarianKind", "HUMANITARIAN_COLUMNS", "ledger")


def _modules(layer: str) -> list[Path]:
    path = PACKAGE / layer
    if path.is_dir():
        return sorted(path.rglob("*.py"))
    module = path.with_suffix(".py")
    return [module] if module.exists() else []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_nothing_above_it(layer: str) -> None:
    """No module of a layer imports a layer it must not see (e.g. scoring -> sources)."""
    offenders = []
    for path in _modules(layer):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "progress_indicators" or len(parts) < 2:
                continue
            if parts[1] in FORBIDDEN[layer]:
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_scoring_never_names_a_humanitarian_type() -> None:
    """Nothing in scoring mentions the humanitarian types, so it cannot receive one."""
    offenders = []
    for path in _modules("scoring"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
            if isinstance(node, ast.alias):
                name = node.name
            if name in HUMANITARIAN_NAMES:
                offenders.append(f"{path.name}:{node.lineno}: {name}")  # type: ignore[attr-defined]
    assert offenders == []


def test_the_layer_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    """The AST check itself sees ``from progress_indicators.sources import x``."""
    module = tmp_path / "bad.py"
    module.write_text("from progress_indicators.sources import thing\n", encoding="utf-8")
    assert "progress_indicators.sources" in _imports(module)


def test_import_is_light() -> None:
    """``import progress_indicators`` loads no plotting, geo, distributed or network module."""
    code = (
        "import sys, progress_indicators;"
        "heavy = [m for m in ('matplotlib', 'shapely', 'pyproj', 'dask', 'pyspark', 'duckdb',"
        " 'requests', 'httpx', 'urllib3') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_import_loads_no_source_plugin() -> None:
    """``import progress_indicators`` imports no source adapter or plugin, nor discovers any."""
    code = (
        "import sys, progress_indicators;"
        "from progress_indicators.sources._registry import _entry_points;"
        "mods = [m for m in sys.modules if m.startswith('progress_indicators.sources._')"
        " and m.split('.')[-1] not in ('_base', '_io', '_collect', '_registry')"
        " or m.startswith('progress_indicators_')];"
        "print(','.join(mods) or '-', _entry_points.cache_info().currsize)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["-", "0"]


def test_scorecard_reaches_report_only_inside_methods() -> None:
    """Scorecard's plot/explain/to_html import ``report`` lazily, never at module level."""
    tree = ast.parse((PACKAGE / "scorecard.py").read_text(encoding="utf-8"))
    module_level = [
        node.module
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.startswith("progress_indicators.report")
    ]
    assert module_level == []
