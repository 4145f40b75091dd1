"""Gestures vs progress: the verified index around humanitarian events, and lead-lag.

The method is documented in ``docs/report.md`` ("Divergence"). In short: for each event
(or each period with events) the index and the four indicators are averaged over a
window of scored periods before the event's period and a window after it (the event's
own period is in neither, since it mixes days before and after). The verdict reads the
Monte Carlo draws of the scorecard: ``p_progress`` is the share of draws (weights,
aggregation, offset, normalisation form, goalposts) in which the index averaged higher
after than before. A gesture with ``p_progress >= confidence`` (default 0.9) is
``progress_alongside``; otherwise ``gesture_without_progress``: the improvement is not
established. The point change is also classed, for reading, with a tolerance
(``trend``: ``rose``, ``stalled``, ``fell``); it decides the verdict only when the
scorecard has no draws. When either window has no period with an index the verdict is
``unknown``: missing evidence is never read as progress or as its absence.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from progress_indicators._arguments import argument_error, one_of, real_number, whole_number
from progress_indicators.exceptions import ReportError
from progress_indicators.report._common import INDICATOR_ORDER

if TYPE_CHECKING:
    from progress_indicators.scorecard import Scorecard

__all__ = [
    "DEFAULT_CONFIDENCE",
    "DEFAULT_TOLERANCE",
    "VERDICTS",
    "divergence",
    "divergence_summary",
    "lead_lag",
    "window_periods",
]

DEFAULT_TOLERANCE = 1.0
"""Index points: a change within +/- this is a stall in ``trend`` (see ``docs/report.md``)."""

DEFAULT_CONFIDENCE = 0.9
"""Share of Monte Carlo draws that must show a rise for ``progress_alongside``."""

VERDICTS = ("gesture_without_progress", "progress_alongside", "unknown")

_NOMINAL_DAYS = {"daily": 1.0, "weekly": 7.0, "monthly": 30.4375}


def window_periods(window: str | int | pd.Timedelta, frequency: str) -> int:
    """Number of whole periods that cover ``window`` (at least 1).

    An ``int`` is a number of periods. A duration (``"30D"``, ``"12W"``, a Timedelta) is
    divided by the nominal period length (1, 7 or 30.4375 days) and rounded up, so
    ``"30D"`` is one monthly period, five weekly ones or thirty daily ones. A window may
    be longer than any scorecard: :func:`divergence` clips it to the scored span.

    Raises:
        ReportError: the window is not positive, ``NaT`` or cannot be read as a
            duration; the frequency is not ``daily``, ``weekly`` or ``monthly``.
        InputTypeError: the window is neither a whole number nor a duration (a float,
            a bool, a list ...).
    """
    return _periods_in(window, frequency, where="window_periods", name="window")


def _periods_in(window: object, frequency: object, *, where: str, name: str) -> int:
    """:func:`window_periods`, its errors naming ``where`` and the argument ``name``."""
    nominal = _NOMINAL_DAYS[
        one_of(frequency, _NOMINAL_DAYS, where=where, name="frequency", error=ReportError)
    ]
    if isinstance(window, (int, np.integer)) and not isinstance(window, bool):
        return whole_number(
            window, where=where, name=name, minimum=1, error=ReportError, hint=_WINDOW_HINT
        )
    if not isinstance(window, (str, dt.timedelta, np.timedelta64)):
        raise argument_error(where, name, _WINDOW, window, hint=_WINDOW_HINT)
    if isinstance(window, str) and _UNITLESS.fullmatch(window):
        # pandas reads a bare number in text as nanoseconds: "30" would be one period
        expected = f"{_WINDOW} with a unit"
        raise argument_error(where, name, expected, window, hint=_WINDOW_HINT, error=ReportError)
    try:
        length = pd.Timedelta(window)
    except (TypeError, ValueError, OverflowError):
        raise argument_error(
            where, name, _WINDOW, window, hint=_WINDOW_HINT, error=ReportError
        ) from None
    if pd.isna(length) or length <= pd.Timedelta(0):
        expected = f"{_WINDOW} covering at least one period"
        raise argument_error(where, name, expected, window, hint=_WINDOW_HINT, error=ReportError)
    return max(1, math.ceil(length / pd.Timedelta(days=1) / nominal - 1e-9))


_POINTS = "the tolerance is in index points (0-100); changes within it are a stall."
_UNITLESS = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)\s*")
_WINDOW = "a whole number of periods or a duration"
_WINDOW_HINT = "pass e.g. '30D', '8W', pd.Timedelta(days=30) or an int number of periods."


def _positions(start: int, stop: int, size: int) -> np.ndarray:
    """Positions ``start .. stop - 1`` that lie in the scored span ``0 .. size - 1``.

    Clipped before the range is made, so a window of ``2**70`` periods costs no more
    than the span itself (a window longer than the span covers all of it).
    """
    return np.arange(min(max(start, 0), size), min(max(stop, 0), size))


def _window_mean(values: np.ndarray, positions: np.ndarray) -> tuple[float, int]:
    chosen = values[positions]
    chosen = chosen[~np.isnan(chosen)]
    return (float(chosen.mean()) if len(chosen) else math.nan), len(chosen)


def _mask(positions: np.ndarray, size: int) -> np.ndarray:
    """A boolean mask over ``size`` periods selecting ``positions`` (all in range)."""
    mask = np.zeros(size, dtype=bool)
    mask[positions] = True
    return mask


def _trend(change: float, tolerance: float) -> str:
    if math.isnan(change):
        return "unknown"
    if change > tolerance:
        return "rose"
    if change < -tolerance:
        return "fell"
    return "stalled"


def divergence(
    card: Scorecard,
    *,
    before: str | int | pd.Timedelta = "30D",
    after: str | int | pd.Timedelta = "30D",
    tolerance: float = DEFAULT_TOLERANCE,
    by: Literal["event", "period"] = "event",
    confidence: float = DEFAULT_CONFIDENCE,
) -> pd.DataFrame:
    """The verified index and each indicator before and after each humanitarian event.

    Args:
        card: the scorecard.
        before: window before the event's period (duration or number of periods);
            a window longer than the scored span is clipped to it.
        after: window after the event's period (clipped likewise).
        tolerance: index points; changes within +/- tolerance are a stall (``trend``;
            the verdict when the scorecard has no Monte Carlo draws).
        by: ``"event"`` (one row per event) or ``"period"`` (one row per period with
            events: a window of events, counted together).
        confidence: the ``p_progress`` a rise needs to count as progress.

    Returns:
        One row per event (or period with events): ``event_id`` (ids joined with
        ``;`` when ``by="period"``), ``date``, ``period``, ``kind``, ``events``,
        ``persons_returned`` (both sides, NaN when a count is unknown),
        ``index_before``, ``index_after``, ``index_change``, ``periods_before`` and
        ``periods_after`` (periods with an index in each window), ``p_progress`` (share
        of the Monte Carlo draws in which the index rose; NaN without draws), ``trend``
        (``rose``, ``stalled``, ``fell`` or ``unknown``), ``verdict`` (one of
        :data:`VERDICTS`), ``gesture_without_progress`` (nullable boolean: NA when
        unknown), and for each indicator ``<indicator>_before``, ``_after``,
        ``_change`` and ``_p_progress``.

    Raises:
        ReportError: a window, the tolerance or the confidence is invalid.
        InputTypeError: a window is neither a whole number nor a duration.
    """
    where = "divergence"
    tolerance = real_number(
        tolerance, where=where, name="tolerance", minimum=0, error=ReportError, hint=_POINTS
    )
    confidence = real_number(
        confidence, where=where, name="confidence", minimum=0.5, maximum=1, error=ReportError
    )
    one_of(by, ("event", "period"), where=where, name="by", error=ReportError)
    frequency = card.config.frequency
    n_before = _periods_in(before, frequency.value, where=where, name="before")
    n_after = _periods_in(after, frequency.value, where=where, name="after")
    groups = _event_groups(card, by)
    periods = pd.PeriodIndex(card.index.index)
    index = card.index.to_numpy(dtype="float64")
    indicators = card.indicators.reindex(columns=list(INDICATOR_ORDER)).to_numpy(dtype="float64")
    draws = card.monte_carlo
    rows: list[dict[str, Any]] = []
    for group in groups:
        period = pd.Period(group["date"], freq=frequency.pandas_freq)
        here = int(periods.get_indexer(pd.PeriodIndex([period]))[0]) if len(periods) else -1
        if here < 0:
            # outside the scored span: offset from the span's ends by ordinal distance
            here = int(period.ordinal - periods[0].ordinal) if len(periods) else 0
        pos_before = _positions(here - n_before, here, len(periods))
        pos_after = _positions(here + 1, here + 1 + n_after, len(periods))
        vpi_before, covered_before = _window_mean(index, pos_before)
        vpi_after, covered_after = _window_mean(index, pos_after)
        change = vpi_after - vpi_before
        trend = _trend(change, tolerance)
        mask_before, mask_after = _mask(pos_before, len(periods)), _mask(pos_after, len(periods))
        p_progress = (
            math.nan
            if draws is None or trend == "unknown"
            else draws.p_progress(mask_before, mask_after)
        )
        if trend == "unknown":
            verdict = "unknown"
        elif draws is None or math.isnan(p_progress):
            verdict = "progress_alongside" if trend == "rose" else "gesture_without_progress"
        else:
            verdict = (
                "progress_alongside" if p_progress >= confidence else "gesture_without_progress"
            )
        row: dict[str, Any] = {
            **group,
            "period": str(period),
            "index_before": vpi_before,
            "index_after": vpi_after,
            "index_change": change,
            "periods_before": covered_before,
            "periods_after": covered_after,
            "p_progress": p_progress,
            "trend": trend,
            "verdict": verdict,
            "gesture_without_progress": (
                pd.NA if verdict == "unknown" else verdict == "gesture_without_progress"
            ),
        }
        for column, name in enumerate(INDICATOR_ORDER):
            ind_before, _ = _window_mean(indicators[:, column], pos_before)
            ind_after, _ = _window_mean(indicators[:, column], pos_after)
            row[f"{name}_before"] = ind_before
            row[f"{name}_after"] = ind_after
            row[f"{name}_change"] = ind_after - ind_before
            row[f"{name}_p_progress"] = (
                math.nan
                if draws is None or math.isnan(ind_after - ind_before)
                else draws.p_progress(mask_before, mask_after, name)
            )
        rows.append(row)
    return _frame(rows)


_BASE_COLUMNS = (
    "event_id",
    "date",
    "period",
    "kind",
    "events",
    "persons_returned",
    "index_before",
    "index_after",
    "index_change",
    "periods_before",
    "periods_after",
    "p_progress",
    "trend",
    "verdict",
    "gesture_without_progress",
)


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    columns = list(_BASE_COLUMNS) + [
        f"{name}_{part}"
        for name in INDICATOR_ORDER
        for part in ("before", "after", "change", "p_progress")
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"])
    for name in ("event_id", "period", "kind", "trend", "verdict"):
        frame[name] = frame[name].astype("string")
    for name in ("events", "periods_before", "periods_after"):
        frame[name] = frame[name].astype("int64")
    frame["gesture_without_progress"] = frame["gesture_without_progress"].astype("boolean")
    for name in columns:
        if name.endswith(
            ("_before", "_after", "_change", "p_progress", "persons_returned")
        ) and not name.startswith("periods_"):
            frame[name] = frame[name].astype("float64")
    return frame


def _event_groups(card: Scorecard, by: str) -> list[dict[str, Any]]:
    events = card.humanitarian_events.sort_values(["date", "event_id"], kind="stable")
    persons = events["returned_to_ukraine"].astype("Float64") + events["returned_to_russia"].astype(
        "Float64"
    )
    if by == "event":
        return [
            {
                "event_id": str(row.event_id),
                "date": row.date,
                "kind": str(row.kind),
                "events": 1,
                "persons_returned": float("nan") if pd.isna(n) else float(n),
            }
            for row, n in zip(events.itertuples(index=False), persons, strict=True)
        ]
    freq = card.config.frequency.pandas_freq
    period = pd.DatetimeIndex(events["date"]).to_period(freq)
    groups = []
    for key in sorted(set(period)):
        mask = np.asarray(period == key, dtype=bool)
        chosen = events[mask]
        counts = persons[mask]
        groups.append(
            {
                "event_id": ";".join(chosen["event_id"].astype(str)),
                "date": chosen["date"].min(),
                "kind": ";".join(sorted(set(chosen["kind"].astype(str)))),
                "events": int(mask.sum()),
                "persons_returned": float("nan") if counts.isna().any() else float(counts.sum()),
            }
        )
    return groups


def lead_lag(
    card: Scorecard, *, max_lag: int = 3, activity: Literal["events", "persons"] = "events"
) -> pd.DataFrame:
    """Cross-correlation between humanitarian activity and the index's change.

    ``activity_t`` is the number of events (or persons returned, both sides) in period
    ``t``; 0 in a scored period without events, NaN where an event's count is unknown.
    ``change_t = index_t - index_{t-1}``, NaN when either is NaN. For each lag ``k`` in
    ``-max_lag..max_lag`` the Pearson correlation of ``activity_t`` with
    ``change_{t+k}`` over the pairs where both exist (NaN periods are excluded, never
    filled). Positive ``k``: the index changes ``k`` periods *after* the activity.
    A lag as long as the scored span pairs no period, so ``max_lag`` is clipped to
    the number of scored periods minus one (a card of 12 months has lags -11..11).

    Returns:
        One row per lag: ``lag``, ``correlation`` (NaN with fewer than 3 pairs or a
        constant series), ``pairs`` (periods paired).

    Raises:
        ReportError: ``max_lag`` is negative or ``activity`` is unknown.
        InputTypeError: ``max_lag`` is not a whole number.
    """
    where = "lead_lag"
    max_lag = whole_number(
        max_lag,
        where=where,
        name="max_lag",
        minimum=0,
        error=ReportError,
        hint="max_lag is a number of periods; lags -max_lag..max_lag are correlated.",
    )
    one_of(activity, ("events", "persons"), where=where, name="activity", error=ReportError)
    max_lag = min(max_lag, max(len(card.index) - 1, 0))
    series = activity_per_period(card, activity).to_numpy(dtype="float64")
    change = card.index.diff().to_numpy(dtype="float64")
    rows = []
    for lag in range(-max_lag, max_lag + 1):
        if lag >= 0:
            x, y = series[: len(series) - lag], change[lag:]
        else:
            x, y = series[-lag:], change[: len(change) + lag]
        both = ~np.isnan(x) & ~np.isnan(y)
        pairs = int(both.sum())
        corr = math.nan
        if pairs >= 3 and np.std(x[both]) > 0 and np.std(y[both]) > 0:
            corr = float(np.corrcoef(x[both], y[both])[0, 1])
        rows.append({"lag": lag, "correlation": corr, "pairs": pairs})
    return pd.DataFrame(rows).astype({"lag": "int64", "correlation": "float64", "pairs": "int64"})


def activity_per_period(card: Scorecard, activity: str = "events") -> pd.Series:
    """Humanitarian activity on the scored periods (events, or persons returned)."""
    periods = card.index.index
    ledger = card.humanitarian
    if activity == "events":
        return ledger["events"].reindex(periods, fill_value=0).astype("float64")
    persons = ledger["returned_to_ukraine"] + ledger["returned_to_russia"]
    persons = persons.where(ledger["events_with_unknown_counts"] == 0)
    persons = persons.where(ledger["events"] > 0, 0.0)
    return persons.reindex(periods, fill_value=0.0).astype("float64")


def divergence_summary(
    table: pd.DataFrame,
    lags: pd.DataFrame,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    confidence: float = DEFAULT_CONFIDENCE,
) -> dict[str, Any]:
    """A short summary of :func:`divergence` and :func:`lead_lag` results.

    Returns:
        ``rows``, the count of each verdict, ``tolerance``, ``confidence``, and the lag with the
        largest absolute correlation (``strongest_lag``, ``strongest_correlation``,
        ``strongest_pairs``; ``None`` when no lag has a correlation).
    """
    counts = {v: int((table["verdict"] == v).sum()) for v in VERDICTS}
    usable = lags.dropna(subset=["correlation"])
    strongest: dict[str, Any] = {
        "strongest_lag": None,
        "strongest_correlation": None,
        "strongest_pairs": None,
    }
    if len(usable):
        best = usable.iloc[int(usable["correlation"].abs().to_numpy().argmax())]
        strongest = {
            "strongest_lag": int(best["lag"]),
            "strongest_correlation": float(best["correlation"]),
            "strongest_pairs": int(best["pairs"]),
        }
    return {
        "rows": len(table),
        **counts,
        "tolerance": tolerance,
        "confidence": confidence,
        **strongest,
    }
