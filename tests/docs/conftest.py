"""Fixtures of the documentation tests: the case study run once, the site built once.

The notebook is executed a single time per test session (nbclient); the site is then
built with ``mkdocs build --strict`` from a copy of ``docs/`` holding that executed
notebook, so the build renders the same outputs without running the notebook again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import _optional

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "case-study.ipynb"
# the case study must run in a few minutes at most, even on a busy machine
NOTEBOOK_TIMEOUT_S = 240
BUILD_TIMEOUT_S = 300


def _require(*modules: str) -> None:
    """Skip without the docs extra (fail where all are required: ``tests/_optional.py``)."""
    for module in modules:
        _optional.module(module, _optional.DOCS_INSTALL)


@pytest.fixture(scope="session")
def executed_notebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The case study executed top to bottom with nbclient, saved to a temporary file."""
    _require("nbclient", "nbformat", "ipykernel")
    import nbclient  # noqa: PLC0415
    import nbformat  # noqa: PLC0415

    notebook = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    client = nbclient.NotebookClient(
        notebook,
        timeout=NOTEBOOK_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "docs")}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on failure
    out = tmp_path_factory.mktemp("notebook") / "case-study.ipynb"
    nbformat.write(notebook, out)  # type: ignore[no-untyped-call]
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, executed_notebook: Path) -> Path:
    """``mkdocs build --strict`` of a copy of the project docs, offline; the site folder.

    Proxies point at a closed local port, so any attempt to fetch from the network
    during the build fails it.
    """
    _require("mkdocs", "material", "mkdocs_jupyter", "mkdocstrings", "mkdocstrings_handlers.python")
    work = tmp_path_factory.mktemp("docs-build")
    shutil.copytree(ROOT / "docs", work / "docs")
    shutil.copy2(executed_notebook, work / "docs" / "case-study.ipynb")
    for name in ("README.md", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, work / name)
    config = work / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\n", encoding="utf-8")
    site = work / "site"
    closed = "http://127.0.0.1:9"
    env = {
        **os.environ,
        "PI_DOCS_EXECUTE": "false",  # the notebook above is already executed
        "NO_MKDOCS_2_WARNING": "1",
        "HTTP_PROXY": closed,
        "HTTPS_PROXY": closed,
        "http_proxy": closed,
        "https_proxy": closed,
        "NO_PROXY": "",
        "no_proxy": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site
