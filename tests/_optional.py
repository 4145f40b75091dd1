"""Optional test dependencies: skipped with a reason locally, a failure where all are required.

The optional backends (polars, DuckDB, Dask, PySpark from the ``backends`` extra), Debian's
``chromium``, the ``docs`` extra and the ``dev`` dependency group (ruff, mypy) need not be
installed to run the rest of the suite: a test that needs a missing one is *skipped*, and
its reason says what is missing and the line that installs it (``pytest -ra`` lists them).

CI must run them all: ``.ci/run`` sets ``PROGRESS_INDICATORS_REQUIRE_ALL=1``, under which a
missing one *fails* the test instead, so a broken install cannot hide behind a skip.
"""

from __future__ import annotations

import importlib
import os
import shutil
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from pathlib import Path

REQUIRE_ALL = "PROGRESS_INDICATORS_REQUIRE_ALL"
BACKENDS_INSTALL = (
    "pip install -e '.[test,backends]'  (or one extra: [polars], [duckdb], [dask], [spark])"
)
DOCS_INSTALL = "pip install -e '.[test,docs]'"
DEV_INSTALL = "pip install --group dev  (pip >= 25.1)"
CHROMIUM_INSTALL = "apt-get update && apt-get install -y chromium"


def all_required() -> bool:
    """True where every optional dependency must be present (``REQUIRE_ALL`` set, not 0)."""
    return os.environ.get(REQUIRE_ALL, "").strip() not in ("", "0")


def missing(what: str, install: str) -> NoReturn:
    """Skip the test (or module) for a missing optional dependency; fail where all are required."""
    __tracebackhide__ = True  # report the caller's line, not this helper's
    message = f"{what} is not installed.\nHint: {install}"
    if all_required():
        pytest.fail(f"{message}\n({REQUIRE_ALL} is set: every optional dependency must be present)")
    pytest.skip(
        f"optional: {what} is not installed ({install}); CI sets {REQUIRE_ALL}=1 and fails instead",
        allow_module_level=True,
    )


def module(name: str, install: str) -> Any:
    """Import the optional module ``name``, or skip/fail through :func:`missing`."""
    __tracebackhide__ = True  # report the caller's line, not this helper's
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(f"{name!r}", install)


def executable(name: str, install: str, *, where: Path | None = None) -> str:
    """The path of the program ``name`` (searched in ``where`` if given, else on PATH)."""
    __tracebackhide__ = True  # report the caller's line, not this helper's
    found = shutil.which(name, path=None if where is None else str(where))
    if found is None:
        place = "on PATH" if where is None else f"in {where}"
        missing(f"the program {name!r} ({place})", install)
    return found
