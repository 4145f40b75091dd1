"""Short text summaries of a Scorecard and of an Evidence (their ``repr``).

The attrs-generated ``repr`` printed every table in full; these summaries say what the
notebook card says, in plain text: for a scorecard the span and frequency, the latest
index with its uncertainty band, the four indicators, the coverage, what was excluded
and the humanitarian ledger (apart: it is never part of the index); for an evidence the
source, the row accounting, the span and the metrics.

This module sits beside ``exceptions`` at the bottom of the layers (it imports neither
``sources`` nor ``report``), so both ``Scorecard.__repr__`` and ``Evidence.__repr__``,
which live on either side of the ``sources``/``report`` wall, can delegate to it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from progress_indicators.scorecard import Scorecard
    from progress_indicators.sources import Evidence

__all__ = ["evidence_repr", "scorecard_repr"]

_INDENT = "  "
_SHOWN_METRICS = 6


def _score(value: object) -> str:
    """A score with one decimal, or ``'-'`` when missing."""
    number = _float(value)
    return "-" if math.isnan(number) else f"{number:.1f}"


def _float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _count(value: object) -> str:
    number = _float(value)
    return "unknown" if math.isnan(number) else f"{int(number):,}"


def _span(first: object, last: object) -> str:
    return f"{first} to {last}" if first != last else f"{first}"


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def scorecard_repr(card: Scorecard) -> str:
    """The text summary of a scorecard (``repr(card)``)."""
    index = card.index
    frequency = card.config.frequency.value
    periods = pd.PeriodIndex(index.index)
    head = f"<Scorecard: {frequency}"
    head += (
        f", {_span(periods[0], periods[-1])} ({_plural(len(periods), 'period')})"
        if len(periods)
        else ", no periods"
    )
    if card.as_of is not None:
        head += f", evidence as of {card.as_of:%Y-%m-%d %H:%M}"
    lines = [head]
    scored = index.dropna()
    if scored.empty:
        lines.append(
            f"{_INDENT}no period has enough verified coverage for an index "
            "(missing, never zero; see card.coverage and card.excluded)"
        )
    else:
        lines.extend(_latest_lines(card, scored))
    lines.append(
        f"{_INDENT}coverage: index in {len(scored):,} of {len(index):,} periods "
        "(the rest are missing, not zero)"
    )
    lines.append(_excluded_line(card))
    lines.append(_ledger_line(card))
    return "\n".join(lines) + ">"


def _latest_lines(card: Scorecard, scored: pd.Series) -> list[str]:
    period: Any = scored.index[-1]
    line = f"{_INDENT}latest {period}: VPI {_score(scored.iloc[-1])} / 100"
    band = card.uncertainty
    has_band = isinstance(band, pd.DataFrame) and {"lower", "upper"} <= set(band.columns)
    if has_band and band is not None and period in band.index:
        lower, upper = _float(band.loc[period, "lower"]), _float(band.loc[period, "upper"])
        if not (math.isnan(lower) or math.isnan(upper)):
            line += f" (band {lower:.1f}-{upper:.1f})"
    line += f", claimed {_score(card.claimed_index.loc[period])}"
    lines = [line]
    coverage = card.coverage.xs(period, level="period")
    names = [str(name) for name in card.indicators.columns]
    width = max(len(name) for name in names)
    lines.append(f"{_INDENT * 2}{'indicator':<{width}}  score  metrics  scored periods")
    for name in names:
        row: Any = coverage.loc[name] if name in coverage.index else None
        metrics = (
            f"{int(row['metrics_covered'])}/{int(row['metrics_total'])}" if row is not None else "-"
        )
        series = card.indicators[name]
        lines.append(
            f"{_INDENT * 2}{name:<{width}}  {_score(series.loc[period]):>5}  {metrics:>7}  "
            f"{int(series.notna().sum()):>6,}/{len(series):,}"
        )
    return lines


def _excluded_line(card: Scorecard) -> str:
    total = len(card.observations)
    excluded = card.excluded
    text = f"{_INDENT}evidence: {_plural(total, 'observation')}, {len(excluded):,} excluded"
    if len(excluded):
        counts = excluded["reason"].astype(str).value_counts()
        text += " (" + ", ".join(f"{int(n):,} {reason}" for reason, n in counts.items()) + ")"
    return text


def _ledger_line(card: Scorecard) -> str:
    events = card.humanitarian_events
    text = f"{_INDENT}humanitarian ledger (never part of the index): "
    if events.empty:
        return text + "no events"
    ledger = card.humanitarian
    unknown = int(ledger["events_with_unknown_counts"].sum())
    return text + (
        f"{_plural(len(events), 'event')}, persons returned to Ukraine "
        f"{_count(ledger['returned_to_ukraine'].sum(min_count=1))}, to Russia "
        f"{_count(ledger['returned_to_russia'].sum(min_count=1))} "
        f"({unknown:,} with an unknown count)"
    )


def evidence_repr(evidence: Evidence) -> str:
    """The text summary of what one source read (``repr(evidence)``)."""
    accounting = evidence.accounting
    head = (
        f"<Evidence from {evidence.source!r}: {accounting['read']:,} rows read, "
        f"{accounting['accepted']:,} accepted, {accounting['rejected']:,} rejected, "
        f"{accounting['routed']:,} routed to the ledger, {accounting['skipped']:,} skipped"
    )
    lines = [head]
    observations = evidence.observations
    if observations.empty:
        lines.append(f"{_INDENT}observations: none")
    else:
        first = pd.Timestamp(observations["date"].min())
        last = pd.Timestamp(observations["end_date"].fillna(observations["date"]).max())
        counts = observations["metric"].astype(str).value_counts()
        shown = ", ".join(f"{name} ({int(n):,})" for name, n in counts.head(_SHOWN_METRICS).items())
        more = len(counts) - _SHOWN_METRICS
        if more > 0:
            shown += f" and {more} more"
        lines.append(
            f"{_INDENT}observations: {len(observations):,}, "
            f"{_span(f'{first:%Y-%m-%d}', f'{last:%Y-%m-%d}')}; "
            f"metrics: {shown}"
        )
    if len(evidence.humanitarian):
        lines.append(
            f"{_INDENT}humanitarian rows (ledger, never scored): {len(evidence.humanitarian):,}"
        )
    if len(evidence.rejected):
        reasons = evidence.rejected["reason"].astype(str).value_counts()
        listed = ", ".join(f"{int(n):,} {reason}" for reason, n in reasons.items())
        lines.append(f"{_INDENT}failed checks: {listed} (see .rejected)")
    if len(evidence.skipped):
        skipped = evidence.skipped
        listed = ", ".join(
            f"{rows:,} {reason}"
            for reason, rows in zip(
                skipped["reason"].astype(str), skipped["rows"].astype("int64"), strict=True
            )
        )
        lines.append(f"{_INDENT}skipped: {listed} (see .skipped)")
    return "\n".join(lines) + ">"
