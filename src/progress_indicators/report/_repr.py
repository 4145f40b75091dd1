"""The short text summary of a Scorecard (``repr(card)``).

The attrs-generated ``repr`` printed every table in full; this summary says what the
notebook card says, in plain text: the span and frequency, the latest index with its
uncertainty band and the claimed index, the four indicators, the coverage, what was
excluded and the humanitarian ledger (apart: it is never part of the index).
``Scorecard.__repr__`` delegates here lazily, as its other analyst outputs do.
(``repr(evidence)`` lives in ``sources/_summary.py``: ``sources`` sits below ``report``.)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from progress_indicators.scorecard import Scorecard

__all__ = ["scorecard_repr"]

_INDENT = "  "


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
