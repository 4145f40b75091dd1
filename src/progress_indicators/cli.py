"""The ``progress-indicators`` command line (typer + rich)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from progress_indicators import datasets
from progress_indicators._version import __version__
from progress_indicators.exceptions import ProgressIndicatorsError
from progress_indicators.model import Indicator
from progress_indicators.scorecard import Scorecard, score
from progress_indicators.scoring import INDEX_NAME
from progress_indicators.sources import available_sources, load_source

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


@app.command("sources")
def sources_command() -> None:
    """List the installed evidence sources and the distribution that provides each."""
    table = Table(title="Evidence sources (entry-point group progress_indicators.sources)")
    for column in ("name", "description", "distribution", "version"):
        table.add_column(column, overflow="fold")
    listing = available_sources()
    for row in listing.itertuples(index=False):
        name = str(row.name) if row.loaded else f"[red]{row.name}[/]"
        table.add_row(name, str(row.description), str(row.distribution), str(row.version))
    Console().print(table)


def _parse_options(pairs: list[str]) -> dict[str, object]:
    """``key=value`` pairs; a value that is valid JSON (number, list, mapping) is decoded."""
    options: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            msg = f"--option must be key=value (got {pair!r})"
            raise typer.BadParameter(msg, param_hint="--option")
        try:
            options[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            options[key.strip()] = value
    return options


_SHOWN_REJECTS = 50


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="The file to read.")],
    source: Annotated[str, typer.Option("--source", "-s", help="The source to read it with.")],
    option: Annotated[
        list[str] | None,
        typer.Option("--option", "-o", help="A source option as key=value (repeatable)."),
    ] = None,
) -> None:
    """Read FILE with a source in quarantine mode; report the row accounting and rejects.

    Exits with code 1 when any row is rejected (or the file cannot be read).
    """
    console = Console()
    try:
        reader = load_source(source, path=file, **_parse_options(option or []))
        evidence = reader.read(on_invalid="quarantine")
    except ProgressIndicatorsError as exc:
        Console(stderr=True).print(Text.assemble(("error: ", "bold red"), str(exc)))
        raise typer.Exit(1) from None
    counts = Table(title=f"{file.name} read with {source!r}")
    counts.add_column("rows")
    counts.add_column("count", justify="right")
    for key in ("read", "accepted", "rejected", "routed", "skipped"):
        counts.add_row(key, f"{evidence.accounting[key]:,}")
    console.print(counts)
    for skip in evidence.skipped.to_dict("records"):
        console.print(f"skipped {int(skip['rows']):,} row(s): {skip['reason']}")
    rejected = evidence.rejected
    if len(rejected):
        table = Table(title="Rejected rows")
        for column in ("row", "column", "check", "value", "reason"):
            table.add_column(column, overflow="fold")
        for case in rejected.head(_SHOWN_REJECTS).to_dict("records"):
            position = "-" if case["row"] is pd.NA else str(case["row"])
            table.add_row(position, *(str(case[c]) for c in ("column", "check", "value", "reason")))
        console.print(table)
        if len(rejected) > _SHOWN_REJECTS:
            console.print(f"... and {len(rejected) - _SHOWN_REJECTS} more failed checks.")
        raise typer.Exit(1)
    console.print("[green]no row rejected[/]")


def main() -> None:
    """Run the command line; library errors become a message and exit code 1."""
    try:
        app()
    except ProgressIndicatorsError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {exc}", highlight=False, markup=False)
        raise SystemExit(1) from None
