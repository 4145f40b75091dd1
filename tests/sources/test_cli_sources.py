"""The ``sources`` and ``validate`` commands."""

from __future__ import annotations

from typer.testing import CliRunner

from progress_indicators.cli import app
from tests.sources.conftest import FIXTURES

runner = CliRunner()


def test_sources_lists_the_registered_sources_with_their_distribution() -> None:
    """`sources` shows every built-in name and the distribution that provides it."""
    result = runner.invoke(app, ["sources"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for name in ("humanitarian", "manual", "osce_smm", "table"):
        assert name in result.output
    assert "progress-indicators" in result.output


def test_validate_reports_counts_and_reasons_and_exits_1_on_rejects() -> None:
    """A file with a bad row: counts shown, the reason listed, exit code 1; a clean file exits 0."""
    bad = runner.invoke(
        app,
        ["validate", str(FIXTURES / "osce_smm" / "smm_minsk_compiled.csv"), "--source", "osce_smm"],
        terminal_width=200,
    )
    assert bad.exit_code == 1, bad.output
    assert "not_a_number" in bad.output
    assert "accepted" in bad.output
    clean = runner.invoke(
        app,
        ["validate", str(FIXTURES / "humanitarian" / "ledger.csv"), "--source", "humanitarian"],
        terminal_width=200,
    )
    assert clean.exit_code == 0, clean.output
    assert "no row rejected" in clean.output


def test_validate_passes_options_and_reports_unknown_sources() -> None:
    """--option key=value reaches the source (JSON decoded); an unknown source exits 1."""
    result = runner.invoke(
        app,
        [
            "validate",
            str(FIXTURES / "table" / "analyst_sheet.csv"),
            "--source",
            "table",
            "-o",
            (
                'columns={"date": "day", "region": "oblast", "value": "strikes", '
                '"verification": "checked"}'
            ),
            "-o",
            "indicator=cessation_of_attacks",
            "-o",
            "metric=attack_events",
            "-o",
            "unit=events",
            "-o",
            "source=sheet",
            "-o",
            "reliability=B",
            "-o",
            "credibility=3",
        ],
        terminal_width=200,
    )
    assert result.exit_code == 1, result.output  # one row has no value
    assert "missing_value" in result.output
    unknown = runner.invoke(app, ["validate", "x.csv", "--source", "osce"], terminal_width=200)
    assert unknown.exit_code == 1
