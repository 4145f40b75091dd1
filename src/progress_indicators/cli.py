"""The ``progress-indicators`` command line (typer + rich)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from progress_indicators import datasets
from progress_indicators._version import __version__
from progress_indicators.exceptions import ProgressIndicatorsError
from progress_indicators.model import Indicator
from progress_indicators.scorecard import Scorecard, score
from progress_indicators.scoring import INDEX_NAME

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["app", "main", "write_scorecard"]

app = typer.Typer(
    name="progress-indicators",
    help=(
        "Verified Progress Index for Russia-Ukraine peace: cessation of attacks, "
        "verifiable withdrawal, respect for sovereignty and denial of propaganda "
        "narratives. Humanitarian gestures are listed in a separate ledger and never "
        "count as progress."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"progress-indicators {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Verified Progress Index command line."""


def _fmt(value: float, digits: int = 1) -> str:
    return "no coverage" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def write_scorecard(card: Scorecard, out: Path) -> list[Path]:
    """Write the scorecard as CSV files into ``out`` (created if needed).

    Files: ``scorecard.csv`` (the tidy long table of :meth:`Scorecard.to_frame`),
    ``index.csv`` (period x index, claimed index and the four indicators),
    ``coverage.csv`` and ``humanitarian_ledger.csv`` (the ledger, apart).
    """
    out.mkdir(parents=True, exist_ok=True)
    wide = card.indicators.copy()
    wide.insert(0, INDEX_NAME, card.index)
    wide.insert(1, "claimed_progress_index", card.claimed_index)
    tables: dict[str, pd.DataFrame] = {
        "scorecard.csv": card.to_frame(),
        "index.csv": wide.reset_index(),
        "coverage.csv": card.coverage.reset_index(),
        "humanitarian_ledger.csv": card.humanitarian.reset_index(),
    }
    written = []
    for name, table in tables.items():
        path = out / name
        table.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    return written


def _summary(card: Scorecard, console: Console) -> None:
    latest = card.latest()
    n_scored = int(card.index.notna().sum())
    if latest.empty:
        console.print("[bold]Verified Progress Index:[/] no period has enough verified coverage.")
    else:
        period = latest.name
        table = Table(title=f"Verified Progress Index, latest scored period {period}")
        table.add_column("measure")
        table.add_column("score (0-100)", justify="right")
        table.add_column("verified metrics", justify="right")
        coverage = card.coverage.xs(period, level="period")
        table.add_row(
            "[bold]Verified Progress Index[/]", f"[bold]{_fmt(latest[INDEX_NAME])}[/]", ""
        )
        for indicator in Indicator:
            row = coverage.loc[indicator.value]
            table.add_row(
                indicator.spec.title,
                _fmt(latest[indicator.value]),
                f"{row['metrics_covered']}/{row['metrics_total']}",
            )
        table.add_row(
            "Claimed index (all non-disputed evidence)", _fmt(latest["claimed_index"]), ""
        )
        console.print(table)
    console.print(
        f"Coverage: {n_scored} of {len(card.index)} {card.config.frequency.value} periods "
        "have enough verified evidence for an index; the others are shown as missing, "
        "never as progress."
    )
    ledger = card.humanitarian
    events = card.humanitarian_events
    body = (
        f"{len(events)} events recorded"
        + (
            f" ({events['date'].min():%Y-%m-%d} to {events['date'].max():%Y-%m-%d})"
            if len(events)
            else ""
        )
        + f"; persons returned to Ukraine: {int(ledger['returned_to_ukraine'].sum()):,}"
        + f", to Russia: {int(ledger['returned_to_russia'].sum()):,}"
        + f" ({int(ledger['events_with_unknown_counts'].sum())} events with an unknown count)."
        + "\nThese gestures are NOT part of the index and never change it."
    )
    console.print(Panel(body, title="Humanitarian ledger (separate, not scored)"))


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the CSV exports.")] = Path(
        "progress-report"
    ),
) -> None:
    """Score the bundled example data and write the scorecard as CSV."""
    console = Console()
    observations, humanitarian = datasets.load_example()
    card = score(observations, humanitarian=humanitarian)
    _summary(card, console)
    for path in write_scorecard(card, out):
        console.print(f"wrote {path}")


# The evidence-store commands live in their own module; mounted here as ``store``.
from progress_indicators._cli_store import store_app  # noqa: E402

app.add_typer(store_app, name="store")


def main() -> None:
    """Run the command line; library errors become a message and exit code 1."""
    try:
        app()
    except ProgressIndicatorsError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {exc}", highlight=False, markup=False)
        raise SystemExit(1) from None
