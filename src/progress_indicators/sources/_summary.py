"""The short text summary of an Evidence (``repr(evidence)``).

The attrs-generated ``repr`` printed every table in full; this summary says what the
source read: the source, the row accounting (read, accepted, rejected, routed to the
ledger, skipped), the span and the metrics of the observations, the ledger rows, and the
failed checks and skipped rows by reason. ``Evidence.__repr__`` delegates here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from progress_indicators.sources._base import Evidence

__all__ = ["evidence_repr"]

_INDENT = "  "
_SHOWN_METRICS = 6


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
            f"{_INDENT}observations: {len(observations):,}, {_dates(first, last)}; metrics: {shown}"
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


def _dates(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """``'2024-01-05 to 2024-02-10'``, or one date when both are the same day."""
    start, end = f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}"
    return start if start == end else f"{start} to {end}"
