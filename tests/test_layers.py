"""The layers and walls of STYLE.md and ARCHITECTURE.md, enforced on the source tree (AST).

Every module of the package belongs to a *unit* (its top-level module or sub-package),
and every unit to one layer of :data:`LAYERS`, lowest first. A unit imports only units of
lower layers (and itself); units of one layer never import each other (``sources`` and
``scoring``, say). A module that is not assigned a layer fails
:func:`test_every_module_has_a_layer`, so a new module is checked from its first commit.
Imports under ``TYPE_CHECKING`` count; the few upward imports the design allows are in
:data:`LAZY_UPWARD` and must sit inside a function.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "progress_indicators"
PACKAGE_NAME = "progress_indicators"

# STYLE.md: exceptions <- model <- frames <- {sources, scoring} <- report <- cli
LAYERS: tuple[tuple[str, ...], ...] = (
    ("exceptions", "_version"),
    # the argument checks every public package applies to its exports (#16)
    ("_boundary",),
    # the value checks (ranges, choices, lists of names) every public package applies
    ("_arguments",),
    ("model",),
    # the vectorised checks of the two tables' column contracts (ARCHITECTURE.md)
    ("validation",),
    ("frames",),
    # the observation path, the scoring engine and the humanitarian ledger: never each other
    ("sources", "scoring", "ledger"),
    # score() wires frames, scoring and the ledger; the bundled example data beside it
    ("scorecard", "datasets"),
    # what reads a finished Scorecard (report), the evidence store (scores as of a date),
    # the conformance check of sources
    ("report", "store", "testing"),
    ("cli",),
    # the package's __init__: re-exports the public surface
    ("__init__",),
)
# modules that belong to another unit than their own name: the CLI's private helpers
UNIT_ALIASES = {"_cli_store": "cli", "_cli_output": "cli", "__main__": "cli"}
# upward imports the design allows, only inside a function (never at import time)
LAZY_UPWARD = {
    # Scorecard.plot / explain / to_html / divergence call the analyst outputs
    ("scorecard", "report"),
}
# walls beyond the layer order (ARCHITECTURE.md): unit -> units it must never import
WALLS = {
    # analyst outputs read a finished Scorecard, never the sources below it
    "report": ("sources",),
}
# only scorecard.py sees both the observation path and the ledger (ARCHITECTURE.md)
ONLY_IMPORTED_BY = {"ledger": ("scorecard",)}
HUMANITARIAN_NAMES = ("HumanitarianEvent", "HumanitarianKind", "HUMANITARIAN_COLUMNS", "ledger")


class Import(NamedTuple):
    """One import of the package from inside it."""

    name: str  # as written, resolved to an absolute dotted name
    unit: str  # the unit it reaches
    line: int
    lazy: bool  # inside a function: runs on call, not at import


def unit_of_module(path: Path, package: Path) -> str:
    """The unit of a module file: its top-level module or sub-package."""
    relative = path.relative_to(package)
    top = relative.parts[0] if len(relative.parts) > 1 else relative.stem
    return UNIT_ALIASES.get(top, top)


def _unit_of_name(parts: list[str]) -> str:
    """The unit a dotted name ``progress_indicators.x.y`` (split) reaches."""
    if len(parts) < 2:
        return "__init__"
    return UNIT_ALIASES.get(parts[1], parts[1])


def _is_module(package: Path, name: str) -> bool:
    return (package / name).is_dir() or (package / f"{name}.py").exists()


def imports_of(path: Path, package: Path) -> list[Import]:
    """Every import of the package in ``path`` (absolute or relative, any depth)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_function = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for inner in ast.walk(node)
        if inner is not node
    }
    own = [PACKAGE_NAME, *path.relative_to(package).parent.parts]
    found: list[Import] = []
    for node in ast.walk(tree):
        lazy = id(node) in in_function
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == PACKAGE_NAME:
                    found.append(Import(alias.name, _unit_of_name(parts), node.lineno, lazy))
        elif isinstance(node, ast.ImportFrom):
            base = own[: len(own) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            parts = module.split(".")
            if parts[0] != PACKAGE_NAME:
                continue
            if len(parts) > 1:
                found.append(Import(module, _unit_of_name(parts), node.lineno, lazy))
                continue
            for alias in node.names:  # from progress_indicators import x: a module or a name
                name = f"{module}.{alias.name}"
                unit = (
                    _unit_of_name([PACKAGE_NAME, alias.name])
                    if _is_module(package, alias.name)
                    else "__init__"
                )
                found.append(Import(name, unit, node.lineno, lazy))
    return found


def layer_violations(package: Path) -> list[str]:
    """Every module without a layer and every import that breaks the layers or a wall."""
    rank = {unit: number for number, layer in enumerate(LAYERS) for unit in layer}
    problems: list[str] = []
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package)
        unit = unit_of_module(path, package)
        if unit not in rank:
            problems.append(
                f"{where}: unit {unit!r} has no layer; add it to LAYERS in tests/test_layers.py"
                " (STYLE.md: exceptions <- model <- frames <- {sources, scoring} <- report <- cli)"
            )
            continue
        for found in imports_of(path, package):
            target = found.unit
            if target == unit:
                continue
            here = f"{where}:{found.line} imports {found.name}"
            if target not in rank:
                problems.append(f"{here}: {target!r} has no layer")
            elif target in WALLS.get(unit, ()):
                problems.append(f"{here}: {unit} must never import {target} (a wall)")
            elif unit not in ONLY_IMPORTED_BY.get(target, (unit,)):
                problems.append(f"{here}: only {ONLY_IMPORTED_BY[target]} may import {target}")
            elif rank[target] == rank[unit]:
                problems.append(f"{here}: {unit} and {target} share a layer and never meet")
            elif rank[target] > rank[unit] and not ((unit, target) in LAZY_UPWARD and found.lazy):
                problems.append(f"{here}: {target} is in a layer above {unit}")
    return problems


def test_every_module_has_a_layer_and_imports_only_below_it() -> None:
    """No module lacks a layer; no import goes up a layer, across a layer or through a wall."""
    assert layer_violations(PACKAGE) == []


def test_every_layer_entry_names_a_unit_of_the_package() -> None:
    """LAYERS lists no unit that does not exist (a renamed module must be renamed here)."""
    units = {unit_of_module(path, PACKAGE) for path in PACKAGE.rglob("*.py")}
    listed = [unit for layer in LAYERS for unit in layer]
    assert sorted(set(listed) - units) == []
    assert len(listed) == len(set(listed))


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    """A throwaway package tree ``files`` (path -> source) under ``tmp_path``."""
    root = tmp_path / PACKAGE_NAME
    for name, source in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


def test_the_check_catches_every_kind_of_breach(tmp_path: Path) -> None:
    """A module without a layer, an upward, a sibling, a walled and an eager lazy import."""
    root = _package(
        tmp_path,
        {
            "diagnostics.py": "",
            "cli.py": "",
            "scoring/__init__.py": "from progress_indicators.sources import thing\n",
            "model/__init__.py": "if TYPE_CHECKING:\n    from progress_indicators import frames\n",
            "frames/__init__.py": "from .. import cli\n",
            "report/__init__.py": "import progress_indicators.sources._io\n",
            "store/__init__.py": "from progress_indicators.ledger import Ledger\n",
            "scorecard.py": "from progress_indicators.report import plot\n",
            "sources/__init__.py": "from progress_indicators import score\n",
        },
    )
    problems = "\n".join(layer_violations(root))
    assert "diagnostics.py: unit 'diagnostics' has no layer" in problems
    assert "scoring/__init__.py:1 imports progress_indicators.sources" in problems
    assert "scoring and sources share a layer" in problems
    assert "model/__init__.py:2 imports progress_indicators.frames" in problems
    assert "frames/__init__.py:1 imports progress_indicators.cli" in problems
    assert "report must never import sources" in problems
    assert "only ('scorecard',) may import ledger" in problems
    assert "scorecard.py:1 imports progress_indicators.report" in problems
    assert "sources/__init__.py:1 imports progress_indicators.score: __init__ is in a" in problems
    assert len(layer_violations(root)) == 8


def test_the_allowed_lazy_import_stays_allowed_only_inside_a_function(tmp_path: Path) -> None:
    """``scorecard`` may reach ``report`` in a method, and nothing else may go up."""
    root = _package(
        tmp_path,
        {
            "scorecard.py": "def plot():\n    from progress_indicators.report import draw\n",
            "report/__init__.py": "from progress_indicators.scorecard import Scorecard\n",
            "frames/__init__.py": "def f():\n    from progress_indicators import scoring\n",
            "scoring/__init__.py": "",
        },
    )
    upward = "frames/__init__.py:2 imports progress_indicators.scoring"
    assert layer_violations(root) == [f"{upward}: scoring is in a layer above frames"]


def test_scorecard_reaches_report_only_inside_methods() -> None:
    """The check reads the real tree: Scorecard's analyst methods import ``report`` lazily."""
    reaching_report = [
        found for found in imports_of(PACKAGE / "scorecard.py", PACKAGE) if found.unit == "report"
    ]
    assert reaching_report
    assert all(found.lazy for found in reaching_report)


def test_scoring_never_names_a_humanitarian_type() -> None:
    """Nothing in scoring mentions the humanitarian types, so it cannot receive one."""
    offenders = []
    for path in sorted((PACKAGE / "scoring").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
            if isinstance(node, ast.alias):
                name = node.name
            if name in HUMANITARIAN_NAMES:
                offenders.append(f"{path.name}:{node.lineno}: {name}")  # type: ignore[attr-defined]
    assert offenders == []


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
