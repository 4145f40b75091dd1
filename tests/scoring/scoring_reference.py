"""Where COINr's reference numbers live, for the scoring tests (no file reads at import)."""

from __future__ import annotations

from pathlib import Path


def repo_root() -> Path:
    """The directory holding pyproject.toml (the clone's root)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    return here.parents[2]  # pragma: no cover - layout is fixed


def coinr_dir() -> Path:
    """``<root>/../shared/reference/coinr`` for the nearest root that has one.

    mutmut runs the tests from a copy of the clone in ``<root>/mutants/`` (which has its
    own pyproject.toml), so every enclosing root is tried, innermost first; when none has
    the data, the clone's own path is returned and the tests that need it skip.
    """
    here = Path(__file__).resolve()
    roots = [p for p in here.parents if (p / "pyproject.toml").is_file()]
    for root in roots:
        candidate = root / ".." / "shared" / "reference" / "coinr"
        if candidate.is_dir():
            return candidate
    return repo_root() / ".." / "shared" / "reference" / "coinr"


#: COINr's reference data: ``shared/`` sits next to the clone (``<root>/../shared``).
COINR_DIR = coinr_dir()
ASEM_DIR = COINR_DIR / "asem"
