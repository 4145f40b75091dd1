"""``progress-indicators store add | log | score | compare``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import progress_indicators as pi
from progress_indicators.cli import app
from progress_indicators.exceptions import SourceLoadError
from tests._warnings import expecting
from tests.store.conftest import ledger, quarter

runner = CliRunner()


def _files(tmp_path: Path) -> tuple[Path, Path]:
    table, events = tmp_path / "observations.csv", tmp_path / "humanitarian.csv"
    quarter().to_csv(table, index=False)
    ledger().to_csv(events, index=False)
    return table, events


def test_store_add_is_idempotent_and_logged(tmp_path: Path) -> None:
    """Adding the same CSV files twice writes one batch; the log shows its label and counts."""
    table, events = _files(tmp_path)
    store = tmp_path / "evidence.duckdb"
    args = ["store", "add", str(store), "--table", str(table), "--ledger", str(events)]
    first = runner.invoke(app, [*args, "--label", "monitor", "--recorded-at", "2025-01-01"])
    assert first.exit_code == 0, first.output
    assert "batch 1 recorded at 2025-01-01" in first.output
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "nothing new" in second.output
    log = runner.invoke(app, ["store", "log", str(store)], terminal_width=160)
    assert log.exit_code == 0, log.output
    assert "1 batch(es)" in log.output
    assert "monitor" in log.output
    assert "+7 new" in log.output
    stored = pi.EvidenceStore(store).log()
    assert "observations_sha256" in stored["provenance"].iloc[0]


@pytest.mark.slow
def test_store_score_and_compare_show_the_vintage(tmp_path: Path) -> None:
    """Store score --as-of prints that vintage; store compare names the revised record.

    The revised record is January's casualty figure (cessation rests on it alone under
    the default coverage thresholds).
    """
    table, _events = _files(tmp_path)
    store = tmp_path / "evidence.duckdb"
    runner.invoke(
        app, ["store", "add", str(store), "--table", str(table), "--recorded-at", "2025-01-01"]
    )
    revised = quarter()
    revised.loc[revised["observation_id"] == "civ-jan", "value"] = 9
    revised.to_csv(table, index=False)
    runner.invoke(
        app, ["store", "add", str(store), "--table", str(table), "--recorded-at", "2025-03-01"]
    )
    with expecting({pi.CoverageWarning, pi.SingleMetricWarning}):
        card = runner.invoke(app, ["store", "score", str(store), "--as-of", "2025-02-01"])
    assert card.exit_code == 0, card.output
    assert "Evidence known at 2025-02-01" in card.output
    assert "Verified Progress Index" in card.output
    with expecting({pi.CoverageWarning, pi.SingleMetricWarning}):
        changes = runner.invoke(
            app, ["store", "compare", str(store), "--old", "2025-02-01"], terminal_width=200
        )
    assert changes.exit_code == 0, changes.output
    assert "cessation_of_attacks" in changes.output
    assert "civ-jan (in_period)" in changes.output


def test_store_add_from_a_registered_source(tmp_path: Path) -> None:
    """--source NAME --path FILE reads through the real registry (the humanitarian source)."""
    ledger = Path(__file__).resolve().parents[1] / "sources" / "fixtures" / "humanitarian"
    store = tmp_path / "evidence.duckdb"
    result = runner.invoke(
        app,
        [
            "store",
            "add",
            str(store),
            "--source",
            "humanitarian",
            "--path",
            str(ledger / "ledger.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    expected = pi.load_source("humanitarian", path=ledger / "ledger.csv").read().humanitarian
    assert len(pi.EvidenceStore(store).humanitarian()) == len(expected)
    assert pi.EvidenceStore(store).log()["source"].tolist() == ["humanitarian"]


def test_store_add_unknown_source_is_a_clear_error(tmp_path: Path) -> None:
    """An unknown --source name fails with SourceLoadError listing the available ones."""
    result = runner.invoke(
        app, ["store", "add", str(tmp_path / "s.duckdb"), "--source", "acledd", "--path", "x.csv"]
    )
    assert isinstance(result.exception, SourceLoadError)
    assert "acled" in str(result.exception)
    missing = runner.invoke(app, ["store", "add", str(tmp_path / "s.duckdb")])
    assert missing.exit_code != 0


def test_top_level_score_reads_a_store_as_of_a_date(tmp_path: Path) -> None:
    """``score --store STORE --as-of DATE`` scores that vintage; a CONFIG with it is refused."""
    table, _events = _files(tmp_path)
    store = tmp_path / "evidence.duckdb"
    runner.invoke(
        app, ["store", "add", str(store), "--table", str(table), "--recorded-at", "2025-01-01"]
    )
    out = tmp_path / "out"
    with expecting({pi.CoverageWarning, pi.SingleMetricWarning}):
        result = runner.invoke(
            app, ["score", "--store", str(store), "--as-of", "2025-02-01", "--out", str(out)]
        )
    assert result.exit_code == 0, result.output
    assert "Evidence known at 2025-02-01" in result.output
    assert (out / "index.csv").exists()
    both = runner.invoke(app, ["score", str(table), "--store", str(store)])
    assert both.exit_code != 0
