"""Warnings about a finished scorecard that is valid but probably not what was meant.

:func:`score` calls :func:`warn_about` once, at its end. The checks read only the
finished :class:`~progress_indicators.Scorecard` (never the caller's data) and issue at
most one warning of each class, each saying why and ending with a ``Hint:`` line:

* :class:`~progress_indicators.exceptions.CoverageWarning`: the index has no value in
  any scored period (``card.latest()`` is then empty), or an indicator has none;
* :class:`~progress_indicators.exceptions.ExclusionWarning`: more than half of the
  observations in the scored span did not feed the verified index (``card.excluded``);
* :class:`~progress_indicators.exceptions.SingleMetricWarning`: an indicator's score
  rests on one metric in every period where it has a score.

:func:`findings` returns the same warnings as objects without issuing them.
"""

from __future__ import annotations

import difflib
import inspect
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from progress_indicators.exceptions import (
    CoverageWarning,
    ExclusionWarning,
    ProgressIndicatorsWarning,
    SingleMetricWarning,
)
from progress_indicators.model import Indicator

if TYPE_CHECKING:
    from progress_indicators.scorecard import Scorecard

__all__ = ["EXCLUDED_SHARE", "findings", "warn_about"]

EXCLUDED_SHARE = 0.5
"""Above this share of excluded observations, :class:`ExclusionWarning` is issued."""

_PACKAGE = str(Path(__file__).resolve().parents[1]) + os.sep
"""Frames from files under this folder are the library's own (``progress_indicators/``)."""
_OUTSIDE = "outside_scored_period"
_SHOWN = 5
"""How many names (metrics, indicators) a message lists before saying "and N more"."""


def warn_about(card: Scorecard) -> None:
    """Issue every warning :func:`findings` finds about ``card``.

    Each warning points at the first caller outside the package (the line that called
    ``pi.score``, ``store.score`` ...), however many of the library's own frames lie
    between: ``warnings.warn``'s ``skip_file_prefixes`` does this from Python 3.12 only.
    """
    level = _outside_stacklevel()
    for finding in findings(card):
        warnings.warn(finding, stacklevel=level)


def _outside_stacklevel() -> int:
    """The ``stacklevel`` (seen from :func:`warn_about`) of the first frame outside the package."""
    level = 1
    frame = inspect.currentframe()
    frame = frame.f_back if frame is not None else None  # warn_about: stacklevel 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    return level


def findings(card: Scorecard) -> list[ProgressIndicatorsWarning]:
    """The warnings ``card`` deserves, as objects (at most one of each class)."""
    found: list[ProgressIndicatorsWarning] = []
    coverage = _coverage_finding(card)
    if coverage is not None:
        found.append(coverage)
    excluded = _exclusion_finding(card)
    if excluded is not None:
        found.append(excluded)
    single = _single_metric_finding(card)
    if single is not None:
        found.append(single)
    return found


def _names(values: list[str]) -> str:
    """``'a', 'b'`` (quoted, the first few, then how many more)."""
    shown = ", ".join(repr(v) for v in values[:_SHOWN])
    more = len(values) - _SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _periods(card: Scorecard, n: int) -> str:
    """``'650 weekly periods'``."""
    noun = "period" if n == 1 else "periods"
    return f"{n} {card.config.frequency.value} {noun}"


def _reason_counts(card: Scorecard) -> pd.Series:
    """Excluded observations per reason, most frequent first."""
    counts: pd.Series = card.excluded["reason"].astype(str).value_counts()
    return counts


def _unconfigured_metrics(card: Scorecard) -> list[str]:
    excluded = card.excluded
    names = excluded.loc[excluded["reason"].astype(str) == "metric_not_configured", "metric"]
    return sorted({str(name) for name in names})


def _close_names(unknown: list[str], configured: list[str]) -> str:
    """``'civilians-killed' -> 'civilians_killed', ...`` (case-insensitive, closest only)."""
    by_lower = {name.lower(): name for name in configured}
    pairs = []
    for name in unknown[:_SHOWN]:
        match = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
        if match:
            pairs.append(f"{name!r} -> {by_lower[match[0]]!r}")
    return ", ".join(pairs)


def _reason_hint(card: Scorecard, reason: str) -> str:
    """What to do about the most frequent exclusion reason."""
    config = card.config
    if reason == "metric_not_configured":
        unknown = _unconfigured_metrics(card)
        text = (
            f"the metric names {_names(unknown)} are not in config.metrics: rename them to "
            "configured metrics, or add a MetricSpec for each to ScorecardConfig(metrics=...)."
        )
        close = _close_names(unknown, [m.name for m in config.metrics])
        return f"{text} Closest configured names: {close}." if close else text
    if reason == "below_verification_threshold":
        return (
            f"the evidence is graded below verification_threshold="
            f"{config.verification_threshold.value!r}: lower the threshold, add corroborating "
            "evidence, or read the claimed track (card.claimed_index), which takes every grade."
        )
    if reason == "below_min_reliability":
        return (
            f"the sources are graded less reliable than min_reliability="
            f"{config.min_reliability.value!r}: allow lower grades, or add evidence from more "
            "reliable sources."
        )
    if reason == "outside_scored_period":
        return (
            f"the observations fall outside start={config.start} .. end={config.end}: widen "
            "or drop start and end."
        )
    return (
        "disputed and refuted evidence never counts: add evidence that is not contested, "
        "or settle the dispute in the source."
    )


def _exclusion_summary(card: Scorecard) -> str:
    """``'1,669 of 1,757 observations were excluded (1,669 below_verification_threshold)'``."""
    counts = _reason_counts(card)
    total = len(card.observations)
    parts = ", ".join(f"{int(n):,} {reason}" for reason, n in counts.items())
    return f"{len(card.excluded):,} of {total:,} observations were excluded ({parts})"


def _coverage_finding(card: Scorecard) -> CoverageWarning | None:
    index = card.index
    empty_indicators = [
        str(name) for name in card.indicators.columns if card.indicators[name].isna().all()
    ]
    if len(index) == 0:
        return CoverageWarning(
            "the scorecard has no period to score: no observation falls in the scored span, "
            "so the index is empty and card.latest() is an empty Series.\n"
            "Hint: check that the observation table has rows, and that config.start and "
            "config.end (if set) enclose their dates."
        )
    if index.isna().all():
        return CoverageWarning(_empty_index_message(card, empty_indicators))
    if empty_indicators:
        return CoverageWarning(
            f"the indicator(s) {_names(empty_indicators)} have no score in any of the "
            f"{_periods(card, len(index))}; the index has values only because "
            f"index_data_threshold={card.config.index_data_threshold:g} lets it go without "
            "them, so it does not measure them.\n"
            f"Hint: add evidence on {_names(empty_indicators)} (see card.coverage for the "
            "metrics covered per period), or read the index as covering the other indicators "
            "only."
        )
    return None


def _empty_index_message(card: Scorecard, empty_indicators: list[str]) -> str:
    head = (
        "the Verified Progress Index has no value in any of the "
        f"{_periods(card, len(card.index))}, so card.latest() is an empty Series. "
        "Missing evidence is missing, never zero."
    )
    if empty_indicators:
        head += f" Indicators without a score in any period: {_names(empty_indicators)}."
    claimed = int(card.claimed_index.notna().sum())
    if claimed:
        head += f" The claimed track (every grade) has an index in {claimed} of them."
    counts = _reason_counts(card)
    if len(card.observations) and not counts.empty:
        head += f" {_exclusion_summary(card)}."
        hint = _reason_hint(card, str(counts.index[0]))
    else:
        config = card.config
        hint = (
            f"the evidence covers too few metrics: min_metrics_per_indicator="
            f"{config.min_metrics_per_indicator} and index_data_threshold="
            f"{config.index_data_threshold:g} (the share of indicator weight that needs a "
            "score). Add evidence on the indicators above, or lower those settings."
        )
    return f"{head}\nHint: {hint} See card.coverage and card.excluded."


def _exclusion_finding(card: Scorecard) -> ExclusionWarning | None:
    """Most observations that bear on the scored span did not feed the verified index.

    Observations outside the scored span are left out of both counts: choosing a span
    with ``start``/``end`` is deliberate, and those rows still feed baselines and levels
    carried into the span.
    """
    counts = _reason_counts(card)
    outside = int(counts.get(_OUTSIDE, 0))
    in_span = len(card.observations) - outside
    excluded = len(card.excluded) - outside
    if in_span <= 0 or excluded <= EXCLUDED_SHARE * in_span:
        return None
    reasons = counts.drop(_OUTSIDE, errors="ignore")
    parts = ", ".join(f"{int(n):,} {reason}" for reason, n in reasons.items())
    return ExclusionWarning(
        f"{excluded:,} of the {in_span:,} observations in the scored span were excluded "
        f"({parts}): {excluded / in_span:.0%} of the evidence did not feed the verified "
        f"index.\nHint: {_reason_hint(card, str(reasons.index[0]))} Every excluded row and "
        "its reason is in card.excluded."
    )


def _single_metric_finding(card: Scorecard) -> SingleMetricWarning | None:
    coverage = card.coverage
    if coverage.empty:
        return None
    scored = coverage[coverage["covered"].to_numpy(dtype=bool)]
    most = scored.groupby(level="indicator")["metrics_covered"].max()
    metrics_of: dict[str, list[str]] = {}
    for spec in card.config.metrics:
        metrics_of.setdefault(spec.indicator.value, []).append(spec.name)
    lines = []
    for indicator in Indicator:
        if most.get(indicator.value) != 1:
            continue
        rows = scored.xs(indicator.value, level="indicator")
        periods = pd.PeriodIndex(rows.index)
        configured = metrics_of.get(indicator.value, [])
        used = [
            name
            for name in configured
            if name in card.metric_scores.columns
            and card.metric_scores.loc[periods, name].notna().any()
        ]
        others = [name for name in configured if name not in used]
        line = (
            f"{indicator.value!r} rests on {_names(used)} alone in all "
            f"{_periods(card, len(rows))} where it has a score"
        )
        line += (
            f" (no evidence on {_names(others)})"
            if others
            else " (the only metric configured for it)"
        )
        lines.append(line)
    if not lines:
        return None
    listing = "; ".join(lines)
    return SingleMetricWarning(
        f"{listing}. An error in that one metric moves the indicator with nothing to "
        "cross-check it.\nHint: add evidence on a second metric of the indicator (configure "
        "one in ScorecardConfig(metrics=...) if it has none; card.coverage shows "
        "metrics_covered per period), or quote the indicator with that caveat."
    )
