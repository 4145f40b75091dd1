"""The ``progress-indicators`` command line (typer + rich)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import pandas as pd
import pydantic
import typer
from pydantic import BaseModel, ConfigDict, Field
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from progress_indicators import _cli_store, datasets
from progress_indicators._cli_output import summary, write_scorecard
from progress_indicators._version import __version__
from progress_indicators.exceptions import ConfigError, ProgressIndicatorsError
from progress_indicators.model import ScorecardConfig
from progress_indicators.model._bounded import path_argument
from progress_indicators.model._config import (
    CONFIG_MAX_BYTES,
    CONFIG_MAX_DEPTH,
    CONFIG_MAX_NODES,
    parse_yaml,
    read_config_text,
)
from progress_indicators.scorecard import Scorecard, score
from progress_indicators.sources import available_sources, load_source
from progress_indicators.sources._io import (
    checked_path,
    read_table,
    resolve_data_path,
    table_format,
)

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["INPUT_READERS", "RunSpec", "app", "load_run", "main", "write_scorecard"]

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
    summary(card, console)
    for path in write_scorecard(card, out):
        console.print(f"wrote {path}")
    console.print(f"wrote {card.to_html(out / 'report.html')}")


# -- runs from a YAML config: ``score`` and ``report`` -------------------------------


def _read_table_csv(path: Path) -> pd.DataFrame:
    """A table in the column contract, read by the sources' one table reader.

    Cells are read as text (empty = missing) and validation decides what they are; a
    FIFO or device is refused, and a malformed file is a ``DataFileError``.
    """
    checked = checked_path(path, what="input")
    return read_table(checked, fmt=table_format(checked))


INPUT_READERS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "observations": _read_table_csv,
    "humanitarian": _read_table_csv,
}
"""How each ``kind`` of ``inputs:`` entry is read (CSV in the column contract).

Entries naming ``source:`` are read by that registered evidence source instead, and
its ``Evidence`` tables are appended like these files.
"""


class InputSpec(BaseModel):
    """One ``inputs:`` entry.

    Either a CSV file in the observation or humanitarian contract (``{path, kind}``), or
    a file read by a registered evidence source (``{source, path, options}``), whose
    observations and humanitarian rows are both used.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str | None = None
    kind: Literal["observations", "humanitarian"] | None = None
    source: str | None = None
    options: dict[str, Any] = Field(default_factory=dict)


class ReportSpec(BaseModel):
    """The ``report:`` settings: title and key dates to annotate on the charts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str | None = None
    # keys are dates (YAML reads an unquoted 2025-05-23 as a date) or date strings
    annotations: dict[Any, str] = Field(default_factory=dict)


ExportFormat = Literal["csv", "parquet", "json", "excel"]


def _default_exports() -> list[ExportFormat]:
    return ["csv", "parquet", "json"]


class RunSpec(BaseModel):
    """A run of ``progress-indicators score``: settings, inputs, outputs.

    A pydantic model because it is read from a user's YAML file. Paths are resolved
    relative to the config file.

    Attributes:
        scorecard: the :class:`ScorecardConfig` settings.
        inputs: the files to read (``{path, kind}``).
        exports: formats to write (``csv``, ``parquet``, ``json``, ``excel``).
        report: title and annotations of the HTML report.
        timestamp: pin the manifest timestamp (reproducible bytes); default now.
        seed: recorded in the manifest (for stochastic steps).
        data_root: when set (relative to the config file), every input path must lie
            inside it: ``..`` and symbolic links cannot lead out.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    scorecard: dict[str, Any] = Field(default_factory=dict)
    inputs: list[InputSpec] = Field(min_length=1)
    exports: list[ExportFormat] = Field(default_factory=_default_exports)
    report: ReportSpec = Field(default_factory=ReportSpec)
    timestamp: str | None = None
    seed: int | None = None
    data_root: str | None = None


def load_run(path: Path) -> tuple[RunSpec, ScorecardConfig, list[tuple[str, Path]]]:
    """Read a run config (YAML): the run spec, its scorecard settings and its inputs.

    The inputs are ``(kind, path)`` pairs, paths resolved relative to the config file;
    ``kind`` is ``observations``, ``humanitarian`` or ``source:NAME`` for an entry read
    by a registered evidence source (its options stay in ``run.inputs``).

    The file is read like a scorecard config (bounded size, FIFOs and devices refused,
    YAML core schema, a key given twice refused with both lines).

    Raises:
        ConfigError: unreadable YAML, unknown keys, bad settings or a bad input entry.
    """
    path = path_argument(path, name="path")
    text, where = read_config_text(path, ".yaml", max_bytes=CONFIG_MAX_BYTES)
    data = parse_yaml(text, where=where, max_depth=CONFIG_MAX_DEPTH, max_nodes=CONFIG_MAX_NODES)
    try:
        run = RunSpec.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = "\n".join(
            f"  {'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}"
            for err in exc.errors()
        )
        msg = (
            f"{path}: invalid run configuration\n{problems}\nHint: the top-level keys are "
            + ", ".join(sorted(RunSpec.model_fields))
            + "; each input is {path: FILE.csv, kind: observations|humanitarian}."
        )
        raise ConfigError(msg) from None
    inputs: list[tuple[str, Path]] = []
    for position, entry in enumerate(run.inputs):
        if entry.source is not None:
            if entry.path is None or entry.kind is not None:
                msg = (
                    f"{path}: inputs[{position}] names source {entry.source!r}: it needs a "
                    "'path' and no 'kind' (a source yields both tables).\n"
                    "Hint: {source: acled, path: export.csv, options: {...}}"
                )
                raise ConfigError(msg)
            inputs.append((f"source:{entry.source}", _resolve(path, entry.path, run)))
            continue
        if entry.path is None or entry.kind is None:
            msg = (
                f"{path}: inputs[{position}] needs both 'path' and 'kind' "
                f"(got path={entry.path!r}, kind={entry.kind!r}).\n"
                "Hint: {path: observations.csv, kind: observations}"
            )
            raise ConfigError(msg)
        inputs.append((entry.kind, _resolve(path, entry.path, run)))
    config = ScorecardConfig.from_mapping(run.scorecard, where=f"{path}: scorecard")
    return run, config, inputs


def _resolve(config_path: Path, name: str, run: RunSpec) -> Path:
    """A config's data path: relative to the config file, confined to ``data_root``."""
    base = config_path.resolve().parent
    root = None if run.data_root is None else resolve_data_path(run.data_root, base=base, root=None)
    return resolve_data_path(name, base=base, root=root)


def _score_run(config_path: Path, progress: Progress) -> tuple[Scorecard, RunSpec]:
    run, config, inputs = load_run(config_path)
    tables: dict[str, list[pd.DataFrame]] = {"observations": [], "humanitarian": []}
    task = progress.add_task("reading inputs", total=len(inputs))
    for position, (kind, file) in enumerate(inputs):
        if kind.startswith("source:"):
            reader = load_source(
                kind.removeprefix("source:"), path=file, **run.inputs[position].options
            )
            evidence = reader.read()
            tables["observations"].append(evidence.observations)
            tables["humanitarian"].append(evidence.humanitarian)
        else:
            tables[kind].append(INPUT_READERS[kind](file))
        progress.advance(task)
    if not tables["observations"]:
        msg = f"{config_path}: no input of kind 'observations'.\nHint: list at least one."
        raise ConfigError(msg)
    scoring = progress.add_task("scoring", total=1)
    observations = pd.concat(tables["observations"], ignore_index=True)
    humanitarian = (
        pd.concat(tables["humanitarian"], ignore_index=True) if tables["humanitarian"] else None
    )
    card = score(observations, config=config, humanitarian=humanitarian)
    progress.advance(scoring)
    return card, run


def _write_report(card: Scorecard, run: RunSpec, out: Path) -> Path:
    return card.to_html(
        out / "report.html",
        title=run.report.title,
        timestamp=run.timestamp,
        annotations=run.report.annotations or None,
    )


_EXPORTERS: dict[str, str] = {
    "csv": "to_csv",
    "parquet": "to_parquet",
    "json": "to_json",
    "excel": "to_excel",
}


@app.command("score")
def score_command(
    config: Annotated[
        Path | None, typer.Argument(help="Run config (YAML): scorecard, inputs ...")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for exports and report.")] = Path(
        "progress-report"
    ),
    store: Annotated[
        Path | None,
        typer.Option("--store", help="Score an evidence store instead of a run config."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="With --store: what was known then (default now)."),
    ] = None,
) -> None:
    """Score the inputs named in a YAML config; write exports, report.html and a manifest.

    With ``--store STORE [--as-of DATE]``, score an evidence store as it was known at a
    date instead (the same as ``store score``).
    """
    from progress_indicators.report import manifest, manifest_bytes  # noqa: PLC0415

    if store is not None:
        if config is not None:
            msg = "give either a run CONFIG or --store, not both"
            raise typer.BadParameter(msg)
        _cli_store.score(store, as_of=as_of, out=out)
        return
    if config is None:
        msg = "give a run CONFIG (YAML) or --store STORE"
        raise typer.BadParameter(msg)
    if as_of is not None:
        msg = "--as-of only applies with --store"
        raise typer.BadParameter(msg)
    console = Console()
    with Progress(console=console) as progress:
        card, run = _score_run(config, progress)
        formats = [f for f in run.exports if f != "excel" or importlib.util.find_spec("openpyxl")]
        task = progress.add_task("writing exports and report", total=len(formats) + 1)
        written: list[Path] = []
        for name in formats:
            method = getattr(card, _EXPORTERS[name])
            written.extend(method(out / name, timestamp=run.timestamp))
            progress.advance(task)
        written.append(_write_report(card, run, out))
        progress.advance(task)
    if "excel" in run.exports and "excel" not in formats:
        console.print("[yellow]skipped excel:[/] pip install 'progress-indicators[excel]'")
    hashes = {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in written
    }
    record = manifest(card, timestamp=run.timestamp, seed=run.seed, files=hashes)
    (out / "manifest.json").write_bytes(manifest_bytes(record))
    summary(card, console)
    console.print(f"wrote {len(written) + 1} files into {out}")


@app.command("report")
def report_command(
    config: Annotated[Path, typer.Argument(help="Run config (YAML): scorecard, inputs ...")],
    out: Annotated[Path, typer.Option("--out", help="Folder for report.html.")] = Path(
        "progress-report"
    ),
) -> None:
    """Score the inputs named in a YAML config and write the self-contained report.html."""
    console = Console()
    with Progress(console=console) as progress:
        card, run = _score_run(config, progress)
        task = progress.add_task("writing report", total=1)
        path = _write_report(card, run, out)
        progress.advance(task)
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


# The evidence-store commands live in their own module; mounted here as ``store``.
app.add_typer(_cli_store.store_app, name="store")


def main() -> None:
    """Run the command line; library errors become a message and exit code 1."""
    try:
        app()
    except ProgressIndicatorsError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {exc}", highlight=False, markup=False)
        raise SystemExit(1) from None


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports  # noqa: E402

check_exports(globals())
