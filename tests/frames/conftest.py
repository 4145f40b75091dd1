"""Backends for the frame tests: one test body, run on every dataframe engine.

A backend that is not installed skips its tests with the install line, and fails them
where ``PROGRESS_INDICATORS_REQUIRE_ALL`` is set, as in CI (``tests/_optional.py``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest

from tests import _optional

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from _pytest.mark import ParameterSet

# pandas and pyarrow are core dependencies; the others come from the backends extra
ENGINE_MARKS = {
    "polars": (pytest.mark.backends,),
    "duckdb": (pytest.mark.backends,),
    "dask": (pytest.mark.backends,),
    "pyspark": (pytest.mark.backends, pytest.mark.spark),
}


def engines(*names: str, slow: tuple[str, ...] = ()) -> list[ParameterSet]:
    """The named backends as test parameters, marked ``backends`` (and ``spark``) as needed.

    The backends named in ``slow`` are also marked ``slow`` (measured with ``--durations``).
    """
    return [
        pytest.param(
            name,
            marks=(*ENGINE_MARKS.get(name, ()), *((pytest.mark.slow,) if name in slow else ())),
            id=name,
        )
        for name in names
    ]


ENGINE_NAMES = ("pandas", "polars", "pyarrow", "duckdb", "dask", "pyspark")
BACKENDS = engines(*ENGINE_NAMES)
FEW_BACKENDS = engines("pandas", "polars", "duckdb", "pyspark")


def require(module: str) -> Any:
    """Import a backend, or skip (fail where all are required) with the line that installs it."""
    return _optional.module(module, _optional.BACKENDS_INSTALL)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session (``local[1]``) for the whole test session."""
    sql = require("pyspark.sql")
    if not os.environ.get("JAVA_HOME"):  # PySpark starts the JVM found on PATH
        _optional.executable("java", "apt-get install -y default-jre-headless")
    os.environ.setdefault("PYSPARK_PYTHON", "python3")
    session = (
        sql.SparkSession.builder.master("local[1]")
        .appName("progress-indicators-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as plain strings (what a user's engine table holds)."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(str).astype(object)
    return out


@pytest.fixture
def to_backend(request: pytest.FixtureRequest) -> Callable[[str, pd.DataFrame], Any]:
    """Convert a pandas frame to the named backend's native frame."""

    def convert(name: str, frame: pd.DataFrame) -> Any:
        plain = _plain(frame)
        if name == "pandas":
            return frame
        if name == "polars":
            return require("polars").from_pandas(plain)
        pa = require("pyarrow")
        arrow = pa.Table.from_pandas(plain, preserve_index=False)
        if name == "pyarrow":
            return arrow
        if name == "duckdb":
            duckdb = require("duckdb")
            connection = duckdb.connect()
            request.addfinalizer(connection.close)
            return connection.from_arrow(arrow)
        if name == "dask":
            dd = require("dask.dataframe")
            require("dask").config.set(scheduler="synchronous")
            return dd.from_pandas(plain, npartitions=3)
        if name == "pyspark":
            session = request.getfixturevalue("spark")
            return session.createDataFrame(plain)
        msg = f"unknown backend {name}"
        raise AssertionError(msg)

    return convert
