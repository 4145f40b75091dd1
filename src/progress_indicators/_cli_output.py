"""What the command line prints and writes for a scorecard (shared by its commands).

Kept apart so that ``cli.py`` (the app) and ``_cli_store.py`` (the ``store`` sub-app,
mounted by ``cli.py``) both import it and never each other: the imports run one way,
``cli -> _cli_store -> _cli_output``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.panel import Panel
from rich.table import Table

from progress_indicators.model import Indicator
from progress_indicators.scoring import INDEX_NAME

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd
    from rich.console import Console

    from progress_indicators.scorecard import Scorecard

__all__ = ["summary", "write_scorecard"]


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


def summary(card: Scorecard, console: Console) -> None:
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
        band = card.uncertainty
        if band is not None:
            lower, upper = band.reindex([period])[["lower", "upper"]].to_numpy(dtype=float)[0]
            if not math.isnan(lower):
                q_low, q_high = card.config.uncertainty.quantiles
                table.add_row(
                    f"  uncertainty band ({q_low:.0%}-{q_high:.0%} of draws)",
                    f"{_fmt(lower)}-{_fmt(upper)}",
                    "",
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
