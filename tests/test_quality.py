"""Static checks run as tests: ruff (lint and format) and mypy --strict must pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests import _optional

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    """The dev tool ``name`` of this venv (the ``dev`` group), or skip/fail (``_optional``)."""
    return _optional.executable(name, _optional.DEV_INSTALL, where=Path(sys.executable).parent)


@pytest.mark.parametrize(
    "args",
    [("ruff", "check", "."), ("ruff", "format", "--check", ".")],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff(args: tuple[str, ...]) -> None:
    """Ruff finds no lint error and would reformat nothing."""
    result = subprocess.run(
        [_tool(args[0]), *args[1:]], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict() -> None:
    """Mypy --strict (config in pyproject.toml) passes on src and tests."""
    _optional.module("mypy", _optional.DEV_INSTALL)
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
