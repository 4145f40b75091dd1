"""What does not feed the verified index, and why: artefact rules and the exclusion table.

The one home of the exclusion reasons. :func:`artefact_mask` applies
``config.artefacts`` to any table with ``metric``, ``source`` and ``date`` columns (a
validated observation table or its compressed groups); :func:`excluded` lists every
observation that does not feed the verified index with the reason.
"""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from progress_indicators.frames._tracks import Track

if TYPE_CHECKING:
    from collections.abc import Sequence

    from progress_indicators.model import ArtefactRule, ScorecardConfig

__all__ = ["EXCLUSION_REASONS", "artefact_mask", "excluded"]

EXCLUSION_REASONS = (
    "below_min_reliability",
    "below_verification_threshold",
    "disputed_or_refuted",
    "artefact",
    "outside_scored_period",
    "metric_not_configured",
)
"""The reasons in ``Scorecard.excluded``; where several apply, the last listed is given."""


def artefact_mask(table: pd.DataFrame, rules: Sequence[ArtefactRule]) -> np.ndarray:
    """Which rows an artefact rule matches (metric, source pattern, ``date`` in its window).

    Each rule names one metric: its rows are found first (by integer code on a
    categorical column), and sources and dates are compared on those rows only, so on a
    large table of other evidence (ACLED events) a rule costs one comparison per row.

    Returns:
        A boolean array, one entry per row, and no copy of the table.
    """
    hit = np.zeros(len(table), dtype=bool)
    if not rules or table.empty:
        return hit
    for rule in rules:
        rows = np.flatnonzero(_equals(table["metric"], rule.metric))
        if rows.size == 0:
            continue
        sources = table["source"].iloc[rows]
        names = pd.unique(sources.dropna().astype(str))
        matching = [name for name in names if fnmatch.fnmatchcase(name, rule.source)]
        named = sources.notna() & sources.astype(str).isin(matching)
        rows = rows[named.to_numpy(dtype=bool)]
        date = table["date"].iloc[rows].to_numpy(dtype="datetime64[ns]")
        inside = (date >= np.datetime64(rule.start, "ns")) & (
            date < np.datetime64(rule.end, "ns") + np.timedelta64(1, "D")
        )
        hit[rows[inside]] = True
    return hit


def _equals(column: pd.Series, value: str) -> np.ndarray:
    """``column == value`` as a boolean array (on a categorical's codes: no text compared)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        code = column.cat.categories.get_indexer(pd.Index([value]))[0]
        return np.asarray((column.cat.codes.to_numpy() == code) & (code >= 0), dtype=bool)
    return np.asarray(column.to_numpy() == value, dtype=bool)


def _artefact_detail(table: pd.DataFrame, rules: Sequence[ArtefactRule]) -> np.ndarray:
    """The reason of the last rule matching each row (None where none does)."""
    detail = np.full(len(table), None, dtype=object)
    for rule in rules:
        detail[artefact_mask(table, [rule])] = rule.reason
    return detail


def excluded(table: pd.DataFrame, periods: pd.PeriodIndex, config: ScorecardConfig) -> pd.DataFrame:
    """The observations that do not feed the verified index, with the reason.

    Args:
        table: the validated observation table.
        periods: the scored periods.
        config: the settings (metrics, threshold, reliability floor, artefacts).

    Returns:
        One row per excluded observation: ``row`` (its position label in ``table``),
        ``observation_id``, ``indicator``, ``metric``, ``verification``, ``reason`` (one
        of :data:`EXCLUSION_REASONS`) and ``detail`` (the artefact rule's reason, else
        missing).
    """
    configured = table["metric"].isin([m.name for m in config.metrics]).to_numpy(dtype=bool)
    verified = Track.verified(config)
    never = ~Track.claimed().mask(table)
    below = ~table["verification"].isin(verified.grades).to_numpy(dtype=bool) & ~never
    unreliable = ~table["reliability"].isin(verified.reliabilities).to_numpy(dtype=bool)
    artefact = artefact_mask(table, config.artefacts)
    if len(periods):
        first, last = periods.start_time[0], periods.end_time[-1]
        end = table["end_date"].fillna(table["date"])
        outside = ((end < first) | (table["date"] > last)).to_numpy(dtype=bool)
    else:
        outside = np.ones(len(table), dtype=bool)
    # the last rule that applies wins (most basic reason last); codes, not strings, per row
    code = np.full(len(table), -1, dtype=np.int8)
    masks = (unreliable, below, never, artefact, outside, ~configured)
    for position, mask in enumerate(masks):
        code[mask] = position
    keep = code >= 0
    reasons = np.array(EXCLUSION_REASONS, dtype=object)
    detail = _artefact_detail(table[keep], config.artefacts)
    detail[code[keep] != EXCLUSION_REASONS.index("artefact")] = None
    return pd.DataFrame(
        {
            "observation_id": table["observation_id"][keep],
            "indicator": table["indicator"][keep],
            "metric": table["metric"][keep],
            "verification": table["verification"][keep],
            "reason": pd.Series(reasons[code[keep]], index=table.index[keep], dtype="string"),
            "detail": pd.Series(detail, index=table.index[keep], dtype="string"),
        }
    ).reset_index(names="row")
