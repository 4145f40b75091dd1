"""The ``progress-indicators`` command line."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from typer.testing import CliRunner

import progress_indicators as pi
from progress_indicators.cli import app
from progress_indicators.exceptions import ConfigError
from tests._warnings import SINGLE, expecting, score

if TYPE_CHECKING:
    from pathlib import Path

runner = CliRunner()


def test_help_documents_every_command() -> None:
    """--help names each command with its help line."""
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "demo" in result.output
    assert "Score the bundled example" in result.output


@pytest.mark.slow
def test_demo_prints_summary_and_writes_csv(tmp_path: Path) -> None:
    """The demo prints the latest VPI and the ledger apart, and writes CSVs and report.html."""
    with expecting(SINGLE):
        result = runner.invoke(app, ["demo", "--out", str(tmp_path)], terminal_width=120)
    assert result.exit_code == 0, result.output
    observations, humanitarian = pi.datasets.load_example()
    card = score(observations, expect=SINGLE, humanitarian=humanitarian)
    latest = card.latest()
    assert f"latest scored period {latest.name}" in result.output
    assert f"{latest['verified_progress_index']:.1f}" in result.output
    assert "NOT part of the index" in result.output
    index = pd.read_csv(tmp_path / "index.csv")
    assert list(index.columns[:3]) == [
        "period",
        "verified_progress_index",
        "claimed_progress_index",
    ]
    assert len(index) == len(card.index)
    ledger = pd.read_csv(tmp_path / "humanitarian_ledger.csv")
    assert ledger["events"].sum() == len(card.humanitarian_events)
    tidy = pd.read_csv(tmp_path / "scorecard.csv")
    assert set(tidy["track"]) == {"verified", "claimed", "ledger"}
    report = (tmp_path / "report.html").read_text(encoding="utf-8")  # the HTML report too
    assert "Humanitarian ledger" in report
    assert "<script" not in report.lower()


def test_version_option() -> None:
    """--version prints the package version."""
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert pi.__version__ in result.output


def _run_config(tmp_path: Path, extra: str = "") -> Path:
    """A run config in ``conf/`` naming CSV inputs in ``data/`` by relative path."""
    observations, humanitarian = pi.datasets.load_example()
    data = tmp_path / "data"
    data.mkdir()
    observations.to_csv(data / "observations.csv", index=False)
    humanitarian.to_csv(data / "humanitarian.csv", index=False)
    conf = tmp_path / "conf"
    conf.mkdir()
    path = conf / "run.yaml"
    path.write_text(
        "scorecard:\n"
        "  start: 2025-01-01\n"
        "  end: 2025-06-30\n"
        "inputs:\n"
        "  - {path: ../data/observations.csv, kind: observations}\n"
        "  - {path: ../data/humanitarian.csv, kind: humanitarian}\n"
        "exports: [csv, json, excel]\n"
        "report:\n"
        "  title: Test briefing\n"
        "  annotations: {2025-05-23: exchange}\n"
        "timestamp: '2025-07-01T00:00:00Z'\n" + extra,
        encoding="utf-8",
    )
    return path


@pytest.mark.slow
def test_score_command_writes_exports_report_and_manifest(tmp_path: Path) -> None:
    """``score CONFIG --out DIR``: exports per format, report.html, a manifest of all files."""
    config = _run_config(tmp_path)
    out = tmp_path / "out"
    with expecting(SINGLE):
        result = runner.invoke(app, ["score", str(config), "--out", str(out)], terminal_width=120)
    assert result.exit_code == 0, result.output
    index = pd.read_csv(out / "csv" / "index.csv")
    assert list(index["period"]) == [f"2025-0{m}" for m in range(1, 7)]
    assert (out / "json" / "scorecard.json").is_file()
    assert (out / "excel" / "scorecard.xlsx").is_file()
    assert "Test briefing" in (out / "report.html").read_text(encoding="utf-8")
    record = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert record["timestamp"] == "2025-07-01T00:00:00Z"
    assert record["config"]["start"] == "2025-01-01"
    for name, digest in record["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert "report.html" in record["files"]


@pytest.mark.slow
def test_report_command_writes_only_the_report(tmp_path: Path) -> None:
    """``report CONFIG --out DIR`` writes report.html and nothing else."""
    config = _run_config(tmp_path)
    out = tmp_path / "out"
    with expecting(SINGLE):
        result = runner.invoke(app, ["report", str(config), "--out", str(out)], terminal_width=120)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["report.html"]


def test_run_config_source_without_path_is_a_clear_error(tmp_path: Path) -> None:
    """An input naming a source but no file is refused with a hint."""
    config = _run_config(tmp_path, extra="")
    text = config.read_text(encoding="utf-8").replace(
        "  - {path: ../data/humanitarian.csv, kind: humanitarian}\n", "  - {source: acled}\n"
    )
    config.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["score", str(config), "--out", str(tmp_path / "out")])
    assert isinstance(result.exception, ConfigError)
    assert "names source 'acled'" in str(result.exception)
    assert "Hint:" in str(result.exception)


@pytest.mark.slow
def test_run_config_reads_inputs_through_a_source(tmp_path: Path) -> None:
    """An input {source: humanitarian, path: ...} feeds the ledger through that source."""
    config = _run_config(tmp_path, extra="")
    ledger = tmp_path / "data" / "humanitarian.csv"
    text = config.read_text(encoding="utf-8").replace(
        "  - {path: ../data/humanitarian.csv, kind: humanitarian}\n",
        f"  - {{source: humanitarian, path: {ledger.as_posix()}}}\n",
    )
    config.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    with expecting(SINGLE):
        result = runner.invoke(app, ["score", str(config), "--out", str(out)], terminal_width=120)
    assert result.exit_code == 0, result.output
    exported = pd.read_csv(out / "csv" / "humanitarian_events.csv")
    assert len(exported) == len(pd.read_csv(ledger))


@pytest.mark.slow
def test_run_config_inputs_cannot_escape_the_data_root(tmp_path: Path) -> None:
    """With data_root set, an input path leading outside it is a DataFileError."""
    config = _run_config(tmp_path, extra="data_root: .\n")
    result = runner.invoke(app, ["score", str(config), "--out", str(tmp_path / "out")])
    assert isinstance(result.exception, pi.ProgressIndicatorsError)
    assert "outside the data root" in str(result.exception)
    (tmp_path / "ok").mkdir()
    inside = _run_config(tmp_path / "ok", extra="data_root: ..\n")
    with expecting(SINGLE):
        ok = runner.invoke(app, ["score", str(inside), "--out", str(tmp_path / "out2")])
    assert ok.exit_code == 0, ok.output


@pytest.mark.slow
def test_demo_shows_the_uncertainty_band_of_the_latest_index(tmp_path: Path) -> None:
    """The summary prints the latest index's Monte Carlo band beside it."""
    with expecting(SINGLE):
        result = runner.invoke(app, ["demo", "--out", str(tmp_path)], terminal_width=120)
    observations, humanitarian = pi.datasets.load_example()
    card = score(observations, expect=SINGLE, humanitarian=humanitarian)
    assert card.uncertainty is not None
    lower, upper = card.uncertainty.reindex([card.latest().name])[["lower", "upper"]].iloc[0]
    assert f"{lower:.1f}-{upper:.1f}" in result.output
