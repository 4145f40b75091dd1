"""Where COINr's reference numbers live, for the scoring tests (no I/O at import)."""

from __future__ import annotations

from pathlib import Path


def repo_root() -> Path:
    """The directory holding pyproject.toml (the clone's root)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    return here.parents[2]  # pragma: no cover - layout is fixed


#: COINr's reference data: ``shared/`` sits next to the clone (``<root>/../shared``).
COINR_DIR = repo_root() / ".." / "shared" / "reference" / "coinr"
ASEM_DIR = COINR_DIR / "asem"
