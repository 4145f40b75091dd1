"""``progress-indicators store ...``: the evidence-store commands (a typer sub-app).

Kept apart from ``cli.py`` (which only mounts it) so the store's commands and the
rest of the command line can change without touching each other. The imports run one
way: ``cli`` imports this module, and both import ``_cli_output``; nothing here
imports ``cli``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from progress_indicators._cli_output import summary, write_scorecard
from progress_indicators.report import compare
from progress_indicators.sources import Evidence, build_evidence, empty_observations
from progress_indicators.sources._io import checked_path, file_provenance, read_table, table_format
from progress_indicators.store import AddResult, EvidenceStore

__all__ = ["store_app"]

store_app = typer.Typer(
    help=(
        "The evidence store: append evidence (append-only, versioned), see what was added "
        "when, and score what was known at a date."
    ),
    no_args_is_help=True,
)

StorePath = Annotated[Path, typer.Argument(help="The store file (created if missing).")]


def _read_csv(path: Path, what: str) -> pd.DataFrame:
    checked = checked_path(path, what=what)
    return read_table(checked, fmt=table_format(checked))


def _from_registry(name: str, path: Path | None) -> Evidence:
    from progress_indicators.sources import load_source  # noqa: PLC0415

    options = {} if path is None else {"path": path}
    return load_source(name, **options).read()


def _from_files(table: Path | None, ledger: Path | None, label: str) -> Evidence:
    observations = (
        _read_csv(table, "observation table") if table is not None else empty_observations()
    )
    events = _read_csv(ledger, "humanitarian ledger") if ledger is not None else None
    provenance: dict[str, str] = {}
    for key, path in (("observations", table), ("humanitarian", ledger)):
        if path is not None:
            for field, value in file_provenance(path.expanduser()).items():
                provenance[f"{key}_{field}"] = value
    n_events = 0 if events is None else len(events)
    return build_evidence(
        source=label,
        read=len(observations) + n_events,
        observations=observations,
        humanitarian=events,
        # ledger rows numbered after the table's, so the two files' rows never collide
        humanitarian_rows=pd.RangeIndex(len(observations), len(observations) + n_events),
        where=", ".join(str(p) for p in (table, ledger) if p is not None),
        provenance=provenance,
    )


def _print_result(result: AddResult, console: Console) -> None:
    table = Table(
        title=(
            f"batch {result.batch_id} recorded at {result.recorded_at:%Y-%m-%d %H:%M:%S} UTC"
            if result.changed
            else "nothing new: every record was already stored (no batch written)"
        )
    )
    table.add_column("table")
    for column in ("new", "revised", "duplicate"):
        table.add_column(column, justify="right")
    for name, changes in (
        ("observations", result.observations),
        ("humanitarian", result.humanitarian),
    ):
        counts = changes.counts
        table.add_row(name, *(f"{counts[c]:,}" for c in ("new", "revised", "duplicate")))
    console.print(table)


@store_app.command("add")
def add(
    store: StorePath,
    *,
    source: Annotated[
        str | None, typer.Option("--source", help="A registered source name (needs --path).")
    ] = None,
    path: Annotated[
        Path | None, typer.Option("--path", help="The dataset file the source reads.")
    ] = None,
    table: Annotated[
        Path | None, typer.Option("--table", help="An observation table (CSV, the contract).")
    ] = None,
    ledger: Annotated[
        Path | None, typer.Option("--ledger", help="A humanitarian ledger (CSV, the contract).")
    ] = None,
    label: Annotated[
        str, typer.Option("--label", help="Source name recorded for --table/--ledger.")
    ] = "table",
    recorded_at: Annotated[
        str | None,
        typer.Option("--recorded-at", help="When this became known (ISO 8601; default now)."),
    ] = None,
) -> None:
    """Append a source read (or contract CSV files) to the store as one batch."""
    if source is None and table is None and ledger is None:
        raise typer.BadParameter("give --source NAME --path FILE, or --table and/or --ledger")
    if source is not None and (table is not None or ledger is not None):
        raise typer.BadParameter("--source cannot be combined with --table/--ledger")
    evidence = (
        _from_registry(source, path) if source is not None else _from_files(table, ledger, label)
    )
    result = EvidenceStore(store).add(evidence, recorded_at=recorded_at)
    _print_result(result, Console())


@store_app.command("log")
def log(store: StorePath) -> None:
    """List what was added when: batch, recorded_at, source and counts."""
    batches = EvidenceStore(store, create=False).log()
    table = Table(title=f"evidence store {store.name}: {len(batches)} batch(es)")
    for column in ("batch", "recorded_at (UTC)", "source", "observations", "humanitarian"):
        table.add_column(column)
    for row in batches.itertuples(index=False):
        table.add_row(
            str(row.batch_id),
            f"{pd.Timestamp(str(row.recorded_at)):%Y-%m-%d %H:%M:%S}",
            str(row.source),
            f"+{row.observations_new} new, {row.observations_revised} revised, "
            f"{row.observations_duplicate} dup",
            f"+{row.humanitarian_new} new, {row.humanitarian_revised} revised, "
            f"{row.humanitarian_duplicate} dup",
        )
    Console(width=140).print(table)


@store_app.command("score")
def score(
    store: StorePath,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Score what was known then (a date: end of that day)."),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the CSV exports.")] = None,
) -> None:
    """Score the store as it was known at --as-of (default now)."""
    console = Console()
    card = EvidenceStore(store, create=False).score(as_of=as_of)
    console.print(f"Evidence known at {as_of or 'now'} ({store}).")
    summary(card, console)
    if out is not None:
        for written in write_scorecard(card, out):
            console.print(f"wrote {written}")


@store_app.command("compare")
def compare_vintages(
    store: StorePath,
    old: Annotated[str, typer.Option("--old", help="The earlier vintage (ISO date).")],
    new: Annotated[
        str | None, typer.Option("--new", help="The later vintage (default now).")
    ] = None,
) -> None:
    """Show which scores changed between two vintages, and the records that caused it."""
    evidence = EvidenceStore(store, create=False)
    changes = compare(evidence.score(as_of=old), evidence.score(as_of=new))
    console = Console(width=160)
    if changes.empty:
        console.print(f"No score changed between {old} and {new or 'now'}.")
        return
    table = Table(title=f"scores changed between {old} and {new or 'now'}")
    for column in ("period", "track", "name", "old", "new", "delta", "records"):
        table.add_column(column)
    for row in changes.itertuples(index=False):
        records = cast("tuple[str, ...]", row.observation_ids)
        ids = ", ".join(records[:3]) + (" ..." if len(records) > 3 else "")
        table.add_row(
            str(row.period),
            str(row.track),
            str(row.name),
            f"{row.old:.1f}",
            f"{row.new:.1f}",
            f"{row.delta:+.1f}",
            f"{ids} ({row.attribution})",
        )
    console.print(table)
