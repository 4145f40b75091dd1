"""The test suite's own configuration: partial runs, the coverage floor, CI's command line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from tests import _optional

ROOT = Path(__file__).resolve().parents[1]
# a small, fast test file: far below the coverage floor when run alone
SINGLE_FILE = "tests/model/test_grades.py"


def quick_start_line(number: int) -> str:
    """Line ``number`` of the first code block under the README's ``## Quick start``.

    The same rule as ``.ci/run``, which runs line 2 on a fresh clone.
    """
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Quick start\n", 1)[1]
    block = section.split("```", 2)[1]
    lines = block.splitlines()[1:]  # drop the fence's language tag
    return lines[number - 1]


def run_pytest(tmp_path: Path, *args: str, **env_vars: str) -> subprocess.CompletedProcess[str]:
    """``python -m pytest ARGS`` from the repository root, with its configuration (addopts)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("COV_")}
    env["COVERAGE_FILE"] = str(tmp_path / ".coverage")  # not the outer run's data file
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def total_coverage(output: str) -> float:
    """The percentage on pytest-cov's ``TOTAL`` line."""
    match = re.search(r"^TOTAL\s.*\s(\d+(?:\.\d+)?)%$", output, flags=re.MULTILINE)
    assert match is not None, output
    return float(match.group(1))


@pytest.mark.slow
def test_a_single_test_file_runs_green_on_its_own(tmp_path: Path) -> None:
    """One test file, run alone with the default addopts, exits 0 though coverage is low.

    The coverage report is still printed; the floor must not fail the partial run.
    """
    result = run_pytest(tmp_path, SINGLE_FILE, "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    assert total_coverage(result.stdout) < 90


@pytest.mark.slow
def test_the_floor_on_the_command_line_fails_a_run_below_it(tmp_path: Path) -> None:
    """``--cov-fail-under=90`` (what the Quick start line adds) really fails a thin run."""
    result = run_pytest(tmp_path, SINGLE_FILE, "-q", "--cov-fail-under=90")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Required test coverage of 90% not reached" in result.stdout


def test_ci_holds_the_coverage_floor_on_the_full_run() -> None:
    """README line 2 (run by CI) runs the whole suite with the floor; addopts has none."""
    line = quick_start_line(2)
    pytest_call = line.rsplit("&&", 1)[1].split()
    assert pytest_call == [".venv/bin/python", "-m", "pytest", "--cov-fail-under=90"]
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    addopts = config["tool"]["pytest"]["ini_options"]["addopts"]
    assert "--cov-branch" in addopts
    assert not [option for option in addopts if option.startswith("--cov-fail-under")]


def collected(tmp_path: Path, *args: str) -> list[str]:
    """The node ids ``pytest --collect-only`` selects with ``args`` (markers, paths)."""
    result = run_pytest(tmp_path, "--collect-only", "-q", "--no-cov", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


@pytest.mark.slow
def test_not_slow_drops_the_corpus_docs_spark_and_browser_tests(tmp_path: Path) -> None:
    """``-m "not slow"`` keeps the fast engine cases and drops every test slow by nature."""
    paths = [
        "tests/test_corpus.py",
        "tests/docs/test_site.py",
        "tests/report/test_report_browser.py",
        "tests/frames/test_engine.py",
        "tests/store/test_schema.py",
    ]
    everything = collected(tmp_path, *paths)
    fast = collected(tmp_path, "-m", "not slow", *paths)
    assert any("test_corpus.py" in node for node in everything)
    assert any("[pyspark]" in node for node in everything)
    assert fast
    assert all(node.startswith(("tests/frames/", "tests/store/")) for node in fast), fast
    assert not [node for node in fast if "pyspark" in node]
    spark = collected(tmp_path, "-m", "spark", *paths)
    assert spark
    assert all("pyspark" in node for node in spark)
    backends = collected(tmp_path, "-m", "not backends", *paths)
    assert not [node for node in backends if node.startswith("tests/store/")]
    assert not [node for node in backends if re.search(r"\[(polars|duckdb|dask|pyspark)\]", node)]


NO_SUCH_MODULE = "progress_indicators_no_such_backend"


@pytest.mark.parametrize("value", ["", "0"])
def test_a_missing_optional_module_skips_locally(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """Without the CI switch, a missing backend skips with what is missing and its install."""
    monkeypatch.setenv(_optional.REQUIRE_ALL, value)
    with pytest.raises(pytest.skip.Exception) as caught:
        _optional.module(NO_SUCH_MODULE, "pip install the-extra")
    reason = str(caught.value)
    assert NO_SUCH_MODULE in reason
    assert "pip install the-extra" in reason
    assert "PROGRESS_INDICATORS_REQUIRE_ALL=1" in reason


def test_a_missing_optional_module_fails_where_all_are_required(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under ``PROGRESS_INDICATORS_REQUIRE_ALL=1`` (CI) the same absence is a failure."""
    monkeypatch.setenv(_optional.REQUIRE_ALL, "1")
    with pytest.raises(pytest.fail.Exception) as caught:
        _optional.module(NO_SUCH_MODULE, "pip install the-extra")
    message = str(caught.value)
    assert NO_SUCH_MODULE in message
    assert "Hint: pip install the-extra" in message


def test_a_missing_program_skips_locally_and_fails_where_all_are_required(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A program (chromium, ruff) absent from its folder: skip, or fail under the switch."""
    monkeypatch.delenv(_optional.REQUIRE_ALL, raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install no-such-program"):
        _optional.executable("no-such-program", "apt-get install no-such-program", where=tmp_path)
    monkeypatch.setenv(_optional.REQUIRE_ALL, "1")
    with pytest.raises(pytest.fail.Exception, match="no-such-program"):
        _optional.executable("no-such-program", "apt-get install no-such-program", where=tmp_path)


def test_a_present_module_or_program_is_returned(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What is installed is imported or found, under the switch or not."""
    monkeypatch.setenv(_optional.REQUIRE_ALL, "1")
    assert _optional.module("json", "-") is json
    program = tmp_path / "tool"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    assert _optional.executable("tool", "-", where=tmp_path) == str(program)


def test_ci_requires_every_optional_dependency() -> None:
    """``.ci/run`` sets ``PROGRESS_INDICATORS_REQUIRE_ALL=1`` before it runs the Quick start."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    export = script.index("export PROGRESS_INDICATORS_REQUIRE_ALL=1")
    run = next(i for i, line in enumerate(script) if line.startswith('bash -c "$line"'))
    assert export < run


@pytest.mark.slow
def test_without_duckdb_the_store_tests_skip_locally_and_fail_in_ci(tmp_path: Path) -> None:
    """End to end: with ``duckdb`` made unimportable, tests/store is skipped, or fails (CI)."""
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "duckdb.py").write_text("raise ImportError('blocked by the test')\n", "utf-8")
    # test_schema.py imports duckdb itself; test_processes.py only through the store
    args = ("tests/store/test_schema.py", "tests/store/test_processes.py", "-q", "-rs", "--no-cov")
    local = run_pytest(tmp_path, *args, PYTHONPATH=str(blocked), PROGRESS_INDICATORS_REQUIRE_ALL="")
    assert local.returncode == 0, local.stdout + local.stderr
    for name in ("test_schema.py", "test_processes.py"):
        skipped = rf"SKIPPED \[\d+\] tests/store/{name}:\d+: optional: 'duckdb'"
        assert re.search(skipped, local.stdout), local.stdout
    assert " passed" not in local.stdout
    ci = run_pytest(tmp_path, *args, PYTHONPATH=str(blocked), PROGRESS_INDICATORS_REQUIRE_ALL="1")
    assert ci.returncode != 0, ci.stdout + ci.stderr
    assert "'duckdb' is not installed" in ci.stdout + ci.stderr


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_licence_file_is_the_mit_text_and_is_declared() -> None:
    """``license = "MIT"`` ships the MIT text as its licence file (PEP 639)."""
    project = _pyproject()["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = " ".join((ROOT / "LICENSE").read_text(encoding="utf-8").split())
    assert text.startswith("MIT License Copyright (c) ")
    assert "Permission is hereby granted, free of charge, to any person obtaining a copy" in text
    assert text.endswith("OTHER DEALINGS IN THE SOFTWARE.")


def test_dev_tools_are_pinned_in_the_dev_group_not_the_test_extra() -> None:
    """Ruff and mypy (and mypy's stubs) are exact pins of the PEP 735 ``dev`` group."""
    config = _pyproject()
    dev = [Requirement(line) for line in config["dependency-groups"]["dev"]]
    assert {"ruff", "mypy"} <= {requirement.name for requirement in dev}
    for requirement in dev:
        assert [spec.operator for spec in requirement.specifier] == ["=="], requirement
    test_extra = {
        Requirement(line).name for line in config["project"]["optional-dependencies"]["test"]
    }
    assert not test_extra & {requirement.name for requirement in dev}


def test_python_classifiers_are_versions_the_project_installs_on() -> None:
    """Each ``Programming Language :: Python :: 3.X`` classifier satisfies requires-python."""
    project = _pyproject()["project"]
    supported = SpecifierSet(project["requires-python"])
    versions = [
        classifier.rsplit(" :: ", 1)[1]
        for classifier in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", classifier)
    ]
    assert versions
    assert all(version in supported for version in versions)
