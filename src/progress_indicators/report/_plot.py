"""Charts of a scorecard (matplotlib, imported lazily; the ``[plot]`` extra).

Figures are built with :class:`matplotlib.figure.Figure` directly, not ``pyplot``: no
global figure state, nothing to close, and any backend (Agg in CI) works.

Conventions: Okabe-Ito colours (safe for colour-vision deficiencies); indicator scores on
a fixed 0-100 axis; the index axis fitted to the data (an index near 3 on a 0-100 axis is
a flat line) with a thin full-scale 0-100 strip beside it that marks the zoomed range, so
the zoom is never hidden; periods without coverage drawn as gaps and shaded "no coverage"
(never as 0); humanitarian events on their own panel with persons on its axis (never on
the index axis); user annotations as dotted vertical lines, numbered in a strip above the
index (staggered so close dates do not overlap) and listed in a key under the figure.

Milestones (``kind="milestones"``) are a step chart per indicator on the ladder's own
ordered categories (the rung names on the axis, never a number), with periods whose
evidence a ladder reads is missing shaded "no coverage".

Each axes carries a label (``Axes.get_label()``): ``index``, ``full-scale``, ``key-dates``,
``indicators``, ``ledger``, ``key``, the indicator's value for the four panels, or
``milestones:<indicator>`` for the milestone panels.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from progress_indicators.exceptions import ReportError
from progress_indicators.report._common import (
    INDICATOR_ORDER,
    OKABE_ITO,
    checked_annotations,
    indicator_title,
    uncertainty_band,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from progress_indicators.scorecard import Scorecard

__all__ = [
    "INDEX_MIN_SPAN",
    "LEDGER_TITLE",
    "PLOT_KINDS",
    "SCORE_LABEL",
    "annotation_marks",
    "figure_png",
    "index_limits",
    "plot",
]

PLOT_KINDS = ("index", "indicators", "ledger", "milestones", "overview")
SCORE_LABEL = "score 0\u2013100"
LEDGER_TITLE = "Humanitarian ledger (not part of the index)"

INDICATOR_COLOURS = {
    "cessation_of_attacks": OKABE_ITO["vermillion"],
    "verified_withdrawal": OKABE_ITO["bluish_green"],
    "sovereignty_respect": OKABE_ITO["blue"],
    "narrative_denial": OKABE_ITO["orange"],
}
_STYLE: dict[Any, Any] = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
INDEX_MIN_SPAN = 10.0
"""The fitted index axis spans at least this many points (less would magnify noise)."""
_NO_COVERAGE = "#BBBBBB"
_STRIP_ROWS_MAX = 3  # rows of staggered labels in the key-dates strip
_STRIP_ROW_IN = 0.23  # inches per row of the key-dates strip
_MARK_IN = 0.2  # marks closer than this (inches of axis) share one strip label
_CHAR_IN = 0.075  # inches per character of a strip label (8.5 pt)
_INLINE_MAX = 6  # up to this many annotations are labelled with their own text
_INLINE_CHARS = 32  # an inline label is cut to this many characters
_KEY_LINE_IN = 0.19  # inches per line of the annotation key
_KEY_CHAR_IN = 0.075  # inches per character of the key (monospace, 8.5 pt)
_LEDGER_BACKGROUND = "#F6F0F5"


def _require_matplotlib() -> None:
    import importlib.util  # noqa: PLC0415

    if importlib.util.find_spec("matplotlib") is None:
        msg = (
            "plotting needs matplotlib, which is not installed.\n"
            "Hint: pip install 'progress-indicators[plot]'"
        )
        raise ReportError(msg)


def _x(index: pd.Index) -> pd.DatetimeIndex:
    """Period starts as timestamps (the x positions)."""
    return pd.PeriodIndex(index).start_time


def _days(stamp: pd.Timestamp) -> float:
    """A timestamp as matplotlib's date number (days since its epoch)."""
    import matplotlib as mpl  # noqa: PLC0415

    epoch = pd.Timestamp(str(mpl.rcParams["date.epoch"]))
    return float((stamp - epoch) / pd.Timedelta(days=1))


def _shade_gaps(ax: Axes, series: pd.Series, label: bool) -> None:
    """Shade runs of periods where ``series`` is NaN as "no coverage"."""
    periods = pd.PeriodIndex(series.index)
    missing = series.isna().to_numpy()
    first = True
    start = None
    for i, gap in enumerate([*missing, False]):
        if gap and start is None:
            start = i
        elif not gap and start is not None:
            ax.axvspan(
                _days(periods[start].start_time),
                _days(periods[i - 1].end_time),
                color=_NO_COVERAGE,
                alpha=0.25,
                linewidth=0,
                label="no coverage" if (label and first) else None,
            )
            first = False
            start = None


def annotation_marks(
    annotations: Mapping[Any, str] | None,
) -> list[tuple[int, pd.Timestamp, str]]:
    """The annotations in date order, numbered from 1: ``(number, date, label)``."""
    if not annotations:
        return []
    ordered = sorted(
        ((pd.Timestamp(when), str(label)) for when, label in annotations.items()),
        key=lambda item: item[0],
    )
    return [(number, when, label) for number, (when, label) in enumerate(ordered, start=1)]


def _annotate(ax: Axes, marks: list[tuple[int, pd.Timestamp, str]]) -> None:
    """Dotted vertical lines at the annotated dates (numbers and labels live elsewhere)."""
    many = len(marks) > 5
    for _, stamp, _ in marks:
        ax.axvline(
            _days(stamp),
            color=OKABE_ITO["black"],
            linestyle=":",
            linewidth=0.8 if many else 1.2,
            alpha=0.6 if many else 1.0,
        )


def _stagger(spans: list[tuple[float, float]], max_rows: int) -> list[int]:
    """A row for each ``(left, right)`` span (sorted by left) so spans in a row never touch.

    Greedy: the first row whose last span ends before this one starts (a new row when
    none does, up to ``max_rows``); past that, the row whose last span ends first.
    """
    ends: list[float] = []
    placed = []
    for left, right in spans:
        free = [row for row, end in enumerate(ends) if end <= left]
        if free:
            row = free[0]
        elif len(ends) < max_rows:
            row = len(ends)
            ends.append(-math.inf)
        else:
            row = min(range(len(ends)), key=lambda r: ends[r])
        ends[row] = right
        placed.append(row)
    return placed


def _label_rows(
    labels: list[tuple[str, float]], per_inch: float, max_rows: int
) -> list[tuple[str, float, int]]:
    spans = [
        (x - half, x + half)
        for text, x in labels
        for half in [(len(text) * _CHAR_IN + 0.12) * per_inch / 2]
    ]
    rows = _stagger(spans, max_rows=max_rows)
    return [(text, x, row) for (text, x), row in zip(labels, rows, strict=True)]


def _mark_labels(
    marks: list[tuple[int, pd.Timestamp, str]], span_days: float, width_in: float
) -> tuple[list[tuple[str, float, int]], bool]:
    """The strip labels ``(text, x, row)`` and whether they are the annotations' own text.

    A few annotations that fit in ``_STRIP_ROWS_MAX`` rows are labelled with their text.
    Otherwise each is numbered (the key under the figure lists number, date and text)
    and marks closer than one label's width share a label (``"16-20"``) at their mean
    date, staggered in up to ``_STRIP_ROWS_MAX`` rows.
    """
    per_inch = span_days / max(width_in, 1.0)
    if len(marks) <= _INLINE_MAX:
        own = [(_clip(label, _INLINE_CHARS), _days(stamp)) for _, stamp, label in marks]
        placed = _label_rows(own, per_inch, max_rows=len(marks))
        if max(row for _, _, row in placed) < _STRIP_ROWS_MAX:
            return placed, True
    join = _MARK_IN * per_inch
    groups: list[list[tuple[int, float]]] = []
    for number, stamp, _ in marks:
        x = _days(stamp)
        if groups and x - groups[-1][0][1] < join:
            groups[-1].append((number, x))
        else:
            groups.append([(number, x)])
    labels = []
    for group in groups:
        first, last = group[0][0], group[-1][0]
        joined = "\u2013" if last > first + 1 else ","
        text = str(first) if first == last else f"{first}{joined}{last}"
        labels.append((text, sum(position for _, position in group) / len(group)))
    return _label_rows(labels, per_inch, max_rows=_STRIP_ROWS_MAX), False


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _key_dates_strip(
    ax: Axes, marks: list[tuple[int, pd.Timestamp, str]], labels: list[tuple[str, float, int]]
) -> None:
    """Numbered labels above the index, grouped and staggered so they stay legible."""
    n_rows = max(row for _, _, row in labels) + 1
    for _, stamp, _ in marks:
        ax.axvline(_days(stamp), color=OKABE_ITO["black"], linestyle=":", linewidth=0.7, alpha=0.6)
    for text, x, row in labels:
        ax.text(
            x,
            n_rows - row - 0.5,
            text,
            ha="center",
            va="center",
            fontsize=8.5,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "linewidth": 0.7},
        )
    ax.set_ylim(0, n_rows)
    ax.set_yticks([])
    ax.tick_params(axis="x", which="both", bottom=False, labelbottom=False)
    for side in ("left", "right", "top", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_ylabel("key dates", rotation=0, ha="right", va="center", fontsize=9)


def _strip_labels(
    card: Scorecard, marks: list[tuple[int, pd.Timestamp, str]], width_in: float
) -> tuple[list[tuple[str, float, int]], bool]:
    """The key-dates labels for a figure ``width_in`` wide (``([], True)`` without marks).

    The x range is estimated as matplotlib will draw it: the scored periods and the
    marks, with its default 5% margin on each side.
    """
    if not marks:
        return [], True
    dates = [*pd.PeriodIndex(card.index.index).start_time, *(stamp for _, stamp, _ in marks)]
    span = (max(dates) - min(dates)) / pd.Timedelta(days=1) * 1.1 or 1.0
    return _mark_labels(marks, span, width_in * 0.85)


def _key_columns(n: int) -> int:
    return 1 if n <= 4 else 2 if n <= 12 else 3


def _key_lines(n: int) -> int:
    return math.ceil(n / _key_columns(n)) if n else 0


def _key(ax: Axes, marks: list[tuple[int, pd.Timestamp, str]], width_in: float) -> None:
    """The annotation key: ``number  date  label`` in one to three columns."""
    ax.axis("off")
    columns = _key_columns(len(marks))
    per_column = _key_lines(len(marks))
    width = int(width_in / _KEY_CHAR_IN) // columns - 3
    for position, (number, stamp, label) in enumerate(marks):
        column, line = divmod(position, per_column)
        text = _clip(label, width - 14)
        ax.text(
            column / columns,
            1 - (line + 0.5) / per_column,
            f"{number:>2}  {stamp:%Y-%m-%d}  {text}",
            transform=ax.transAxes,
            ha="left",
            va="center",
            fontsize=8.5,
            family="monospace",
        )
    ax.set_label("key")


def index_limits(card: Scorecard) -> tuple[float, float]:
    """The fitted y-range of the index axis: the data (index, claimed, band) padded.

    At least :data:`INDEX_MIN_SPAN` points wide and inside 0-100; ``(0, 100)`` when
    there is nothing to draw.
    """
    parts = [card.index, card.claimed_index]
    band = uncertainty_band(card)
    if band is not None:
        parts += [band["lower"], band["upper"]]
    values = np.concatenate([np.asarray(p, dtype="float64") for p in parts])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return 0.0, 100.0
    low, high = float(values.min()), float(values.max())
    pad = max(1.0, 0.08 * (high - low))
    low, high = low - pad, high + pad
    if high - low < INDEX_MIN_SPAN:
        middle = (low + high) / 2
        low, high = middle - INDEX_MIN_SPAN / 2, middle + INDEX_MIN_SPAN / 2
    if low < 0:
        low, high = 0.0, min(100.0, high - low)
    if high > 100:
        low, high = max(0.0, low - (high - 100)), 100.0
    return float(math.floor(low)), float(math.ceil(high))


def _full_scale(ax: Axes, card: Scorecard, limits: tuple[float, float]) -> None:
    """A thin 0-100 strip: the full scale, the zoomed range shaded, the latest index."""
    from matplotlib.patches import Rectangle  # noqa: PLC0415 (optional dependency)

    low, high = limits
    ax.set_ylim(0, 100)
    ax.set_xlim(0, 1)
    ax.axvspan(0.3, 0.7, color="#EEEEEE", linewidth=0)
    ax.add_patch(
        Rectangle(
            (0.05, low),
            0.9,
            high - low,
            facecolor=OKABE_ITO["sky_blue"],
            edgecolor=OKABE_ITO["blue"],
            alpha=0.6,
            linewidth=1,
            label="zoomed range",
        )
    )
    scored = card.index.dropna()
    if not scored.empty:
        ax.plot([0.5], [float(scored.iloc[-1])], marker="_", markersize=10, color="black")
    ax.set_xticks([])
    ax.set_yticks([0, 50, 100])
    ax.yaxis.tick_right()
    ax.tick_params(axis="y", labelsize=8)
    for side in ("left", "top", "bottom"):
        ax.spines[side].set_visible(False)
    ax.spines["right"].set_visible(True)
    ax.yaxis.set_label_position("right")
    ax.set_ylabel("full 0\u2013100 scale", fontsize=8)
    ax.set_label("full-scale")


def _index_axes(ax: Axes, card: Scorecard, marks: list[tuple[int, pd.Timestamp, str]]) -> None:
    x = _x(card.index.index)
    band = uncertainty_band(card)
    if band is not None:
        ax.fill_between(
            x,
            band["lower"].to_numpy(dtype="float64"),
            band["upper"].to_numpy(dtype="float64"),
            color=OKABE_ITO["sky_blue"],
            alpha=0.35,
            linewidth=0,
            label="uncertainty band",
        )
    ax.plot(
        x,
        card.claimed_index.to_numpy(dtype="float64"),
        color=OKABE_ITO["orange"],
        linestyle="--",
        linewidth=1.5,
        label="claimed index (not verified)",
    )
    ax.plot(
        x,
        card.index.to_numpy(dtype="float64"),
        color=OKABE_ITO["blue"],
        linewidth=2.2,
        marker="o",
        markersize=2.5,
        label="Verified Progress Index",
    )
    _shade_gaps(ax, card.index, label=True)
    _annotate(ax, marks)
    low, high = index_limits(card)
    ax.set_ylim(low, high)
    zoomed = (low, high) != (0.0, 100.0)
    ax.set_ylabel(f"VPI, {SCORE_LABEL}" + (f"\n(axis {low:g}\u2013{high:g})" if zoomed else ""))
    ax.legend(loc="upper left", frameon=True, framealpha=0.9, ncols=2, fontsize=8.5)
    ax.grid(axis="y", alpha=0.3)
    ax.set_label("index")


def _index_block(
    fig: Figure,
    cells: dict[str, Any],
    card: Scorecard,
    marks: list[tuple[int, pd.Timestamp, str]],
    labels: list[tuple[str, float, int]],
) -> Axes:
    """The index axes, its 0-100 strip and, with annotations, the key-dates strip above.

    ``cells`` maps ``index``, ``full-scale`` and (with annotations) ``key-dates`` to
    grid cells.
    """
    main = fig.add_subplot(cells["index"])
    _index_axes(main, card, marks)
    _full_scale(fig.add_subplot(cells["full-scale"]), card, main.get_ylim())
    title_ax = main
    if marks:
        strip = fig.add_subplot(cells["key-dates"], sharex=main)
        _key_dates_strip(strip, marks, labels)
        strip.set_label("key-dates")
        title_ax = strip
    title_ax.set_title("Verified Progress Index")
    return main


def _indicator_axes(
    ax: Axes, card: Scorecard, name: str, marks: list[tuple[int, pd.Timestamp, str]]
) -> None:
    series = card.indicators[name]
    ax.plot(
        _x(series.index),
        series.to_numpy(dtype="float64"),
        color=INDICATOR_COLOURS[name],
        linewidth=2,
        marker="o",
        markersize=2,
    )
    _shade_gaps(ax, series, label=False)
    _annotate(ax, marks)
    ax.set_ylim(0, 100)
    ax.set_ylabel(SCORE_LABEL)
    ax.set_title(indicator_title(name))
    ax.grid(axis="y", alpha=0.3)
    ax.set_label(name)


def _milestone_axes(
    ax: Axes, card: Scorecard, name: str, marks: list[tuple[int, pd.Timestamp, str]]
) -> None:
    """One indicator's milestone ladder over time: a step line over the rung positions."""
    rungs = card.milestones[name]
    categories = [str(c) for c in rungs.cat.categories]
    codes = rungs.cat.codes.to_numpy(dtype="float64")
    codes[codes < 0] = np.nan  # pandas codes a missing rung as -1
    ax.step(
        _x(rungs.index),
        codes,
        where="post",
        color=INDICATOR_COLOURS[name],
        linewidth=2,
    )
    _shade_gaps(ax, pd.Series(codes, index=rungs.index), label=False)
    _annotate(ax, marks)
    ax.set_yticks(range(len(categories)), categories)
    ax.set_ylim(-0.3, len(categories) - 0.7)
    ax.set_title(indicator_title(name))
    ax.grid(axis="y", alpha=0.3)
    ax.set_label(f"milestones:{name}")


def _all_indicators_axes(
    ax: Axes, card: Scorecard, marks: list[tuple[int, pd.Timestamp, str]]
) -> None:
    styles = ["-", "--", "-.", ":"]
    for name, style in zip(INDICATOR_ORDER, styles, strict=True):
        series = card.indicators[name]
        ax.plot(
            _x(series.index),
            series.to_numpy(dtype="float64"),
            color=INDICATOR_COLOURS[name],
            linestyle=style,
            linewidth=1.8,
            label=indicator_title(name),
        )
    _annotate(ax, marks)
    ax.set_ylim(0, 100)
    ax.set_ylabel(f"indicator, {SCORE_LABEL}")
    ax.set_title("The four indicators (verified)")
    ax.legend(loc="upper left", frameon=False, ncols=2)
    ax.grid(axis="y", alpha=0.3)
    ax.set_label("indicators")


def _ledger_axes(ax: Axes, card: Scorecard, marks: list[tuple[int, pd.Timestamp, str]]) -> None:
    events = card.humanitarian_events.sort_values("date", kind="stable")
    ax.set_facecolor(_LEDGER_BACKGROUND)
    dates = pd.DatetimeIndex(events["date"])
    to_ua = (
        events["returned_to_ukraine"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    )
    to_ru = (
        events["returned_to_russia"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    )
    span = (dates.max() - dates.min()) / pd.Timedelta(days=1) if len(dates) else 0.0
    width = max(2.0, float(span) / 200.0)
    known_ua = np.nan_to_num(to_ua)
    if len(dates):
        ax.bar(
            dates,
            known_ua,
            width=width,
            color=OKABE_ITO["reddish_purple"],
            label="persons returned to Ukraine",
        )
        ax.bar(
            dates,
            np.nan_to_num(to_ru),
            width=width,
            bottom=known_ua,
            color=OKABE_ITO["yellow"],
            edgecolor=OKABE_ITO["black"],
            linewidth=0.3,
            label="persons returned to Russia",
        )
        unknown = np.isnan(to_ua) | np.isnan(to_ru)
        if unknown.any():
            ax.plot(
                dates[unknown],
                np.zeros(int(unknown.sum())),
                linestyle="none",
                marker="^",
                markersize=7,
                color=OKABE_ITO["black"],
                label="event, count unknown",
            )
    _annotate(ax, marks)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("persons returned per event")
    ax.set_title(LEDGER_TITLE)
    if len(dates):
        ax.legend(loc="upper left", frameon=False)
    else:
        ax.text(
            0.5,
            0.5,
            "no humanitarian events recorded",
            transform=ax.transAxes,
            ha="center",
            va="center",
        )
    ax.grid(axis="y", alpha=0.3)
    ax.set_label("ledger")


def plot(
    card: Scorecard,
    kind: Literal["index", "indicators", "ledger", "milestones", "overview"] = "overview",
    annotations: Mapping[Any, str] | None = None,
    *,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Draw the scorecard.

    Args:
        card: the scorecard.
        kind: ``"index"`` (the VPI with its uncertainty band when the scorecard has one,
            and the claimed track), ``"indicators"`` (one panel per indicator),
            ``"ledger"`` (humanitarian events, persons returned per event, on their own
            axis), ``"milestones"`` (one panel per indicator: the milestone reached per
            period, the ladder's rungs on the axis) or ``"overview"`` (index, indicators
            and the ledger stacked on a shared time axis, the ledger in its own shaded
            panel).
        annotations: key dates to mark, ``{date: label}`` (e.g. a ceasefire).
        figsize: inches; defaults suit a briefing slide.

    Returns:
        A :class:`matplotlib.figure.Figure` (not registered with pyplot).

    Raises:
        ReportError: unknown ``kind``, or matplotlib is not installed.
    """
    if kind not in PLOT_KINDS:
        msg = f"plot kind must be one of {', '.join(PLOT_KINDS)} (got {kind!r})."
        raise ReportError(msg)
    # entry check (#16): dates are dates, labels text drawn as written (no mathtext)
    annotations = checked_annotations(annotations, literal_dollars=True)
    _require_matplotlib()
    import matplotlib as mpl  # noqa: PLC0415 (optional dependency, imported lazily)
    from matplotlib.figure import Figure  # noqa: PLC0415

    marks = annotation_marks(annotations)
    width_in = (figsize or (10.0 if kind == "index" else 11.0, 0.0))[0]
    labels, inline = _strip_labels(card, marks, width_in)
    strip_in = (max(row for _, _, row in labels) + 1) * _STRIP_ROW_IN if labels else 0.0
    with_key = bool(marks) and not inline
    key_in = _key_lines(len(marks)) * _KEY_LINE_IN + 0.15 if with_key else 0.0
    with mpl.rc_context(_STYLE):
        if kind in ("ledger", "indicators", "milestones"):
            fig = _panels(card, kind, marks, figsize)
        else:
            panels = {"index": [4.2], "overview": [4.0, 2.6, 2.6]}[kind]
            width, height = figsize or (width_in, sum(panels) + 0.8)
            if figsize is None:
                height += strip_in + key_in
            ratios = ([strip_in] if marks else []) + panels + ([key_in] if with_key else [])
            fig = Figure(figsize=(width, height), layout="constrained")
            grid = fig.add_gridspec(len(ratios), 2, height_ratios=ratios, width_ratios=[40, 1])
            top = 1 if marks else 0
            cells = {"index": grid[top, 0], "full-scale": grid[top, 1], "key-dates": grid[0, 0]}
            main = _index_block(fig, cells, card, marks, labels)
            if kind == "overview":
                middle = fig.add_subplot(grid[top + 1, 0], sharex=main)
                bottom = fig.add_subplot(grid[top + 2, 0], sharex=main)
                _all_indicators_axes(middle, card, marks)
                _ledger_axes(bottom, card, marks)
                for ax in (main, middle):
                    ax.tick_params(axis="x", labelbottom=False)
                bottom.set_xlabel("period start")
            else:
                main.set_xlabel("period start")
            if with_key:
                _key(fig.add_subplot(grid[-1, :]), marks, width)
    return fig


def _panels(
    card: Scorecard,
    kind: str,
    marks: list[tuple[int, pd.Timestamp, str]],
    figsize: tuple[float, float] | None,
) -> Figure:
    """The figures without the index block: the ledger, or one panel per indicator."""
    from matplotlib.figure import Figure  # noqa: PLC0415 (optional dependency)

    if kind == "ledger":
        fig = Figure(figsize=figsize or (10, 4), layout="constrained")
        _ledger_axes(fig.add_subplot(), card, marks)
    elif kind == "indicators":
        fig = Figure(figsize=figsize or (11, 7), layout="constrained")
        axes = fig.subplots(2, 2, sharex=True, sharey=True).ravel()
        for ax, name in zip(axes, INDICATOR_ORDER, strict=True):
            _indicator_axes(ax, card, name, marks)
    else:
        fig = Figure(figsize=figsize or (11, 5), layout="constrained")
        axes = fig.subplots(2, 2, sharex=True).ravel()
        for ax, name in zip(axes, INDICATOR_ORDER, strict=True):
            _milestone_axes(ax, card, name, marks)
        fig.suptitle("Milestones reached (verified)")
    fig.supxlabel("period start")
    return fig


MAX_DPI = 1200
"""The largest ``dpi`` :func:`figure_png` draws at (print quality is 300-600)."""


def figure_png(fig: Figure, *, dpi: int = 110) -> bytes:
    """The figure as PNG bytes, without metadata that would change between runs.

    Raises:
        ReportError: ``fig`` is not a matplotlib figure, or ``dpi`` is not a whole
            number from 1 to :data:`MAX_DPI`.
    """
    import io  # noqa: PLC0415

    _require_matplotlib()
    from matplotlib.figure import Figure  # noqa: PLC0415 (optional dependency)

    given: object = fig
    if not isinstance(given, Figure):
        msg = (
            f"figure_png: fig must be a matplotlib Figure (got {type(fig).__name__}).\n"
            "Hint: pass what card.plot(...) returns."
        )
        raise ReportError(msg)
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 1 <= dpi <= MAX_DPI:
        msg = (
            f"figure_png: dpi must be a whole number from 1 to {MAX_DPI} (got {dpi!r}).\n"
            "Hint: 110 for the screen (the default), 300 for print."
        )
        raise ReportError(msg)

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
