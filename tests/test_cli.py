"""The ``progress-indicators`` command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from typer.testing import CliRunner

import progress_indicators as pi
from progress_indicators.cli import app

if TYPE_CHECKING:
    from pathlib import Path

runner = CliRunner()


def test_help_documents_every_command() -> None:
    """--help names each command with its help line."""
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "demo" in result.output
    assert "Score the bundled example" in result.output


def test_demo_prints_summary_and_writes_csv(tmp_path: Path) -> None:
    """The demo prints the latest VPI and the separate ledger, and writes the CSV exports."""
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)], terminal_width=120)
    assert result.exit_code == 0, result.output
    card = pi.score(*pi.datasets.load_example()[:1], humanitarian=pi.datasets.load_example()[1])
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


def test_version_option() -> None:
    """--version prints the package version."""
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert pi.__version__ in result.output
