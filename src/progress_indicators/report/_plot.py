"""Charts of a scorecard (matplotlib, imported lazily; the ``[plot]`` extra).

Figures are built with :class:`matplotlib.figure.Figure` directly, not ``pyplot``: no
global figure state, nothing to close, and any backend (Agg in CI) works.

Conventions: Okabe-Ito colours (safe for colour-vision deficiencies), scores on a fixed
0-100 axis so small moves are not magnified, periods without coverage drawn as gaps and
shaded "no coverage" (never as 0), humanitarian events on their own panel with persons
on its axis (never on the index axis), user annotations as dotted vertical lines.
"""

from __future__ import annotations

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

__all__ = ["LEDGER_TITLE", "PLOT_KINDS", "SCORE_LABEL", "figure_png", "plot"]

PLOT_KINDS = ("index", "indicators", "ledger", "overview")
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
_NO_COVERAGE = "#BBBBBB"
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


def _annotate(ax: Axes, annotations: Mapping[Any, str] | None, *, text: bool) -> None:
    if not annotations:
        return
    for when, label in sorted(annotations.items(), key=lambda item: pd.Timestamp(item[0])):
        stamp = pd.Timestamp(when)
        ax.axvline(_days(stamp), color=OKABE_ITO["black"], linestyle=":", linewidth=1.2)
        if text:
            ax.annotate(
                str(label),
                xy=(stamp, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -3),
                textcoords="offset points",
                rotation=90,
                va="top",
                ha="left",
                fontsize=9,
            )


def _index_axes(ax: Axes, card: Scorecard, annotations: Mapping[Any, str] | None) -> None:
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
    _annotate(ax, annotations, text=True)
    ax.set_ylim(0, 100)
    ax.set_ylabel(f"VPI, {SCORE_LABEL}")
    ax.set_title("Verified Progress Index")
    ax.legend(loc="upper right", frameon=True, framealpha=0.9)
    ax.grid(axis="y", alpha=0.3)


def _indicator_axes(
    ax: Axes, card: Scorecard, name: str, annotations: Mapping[Any, str] | None
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
    _annotate(ax, annotations, text=False)
    ax.set_ylim(0, 100)
    ax.set_ylabel(SCORE_LABEL)
    ax.set_title(indicator_title(name))
    ax.grid(axis="y", alpha=0.3)


def _all_indicators_axes(ax: Axes, card: Scorecard, annotations: Mapping[Any, str] | None) -> None:
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
    _annotate(ax, annotations, text=False)
    ax.set_ylim(0, 100)
    ax.set_ylabel(f"indicator, {SCORE_LABEL}")
    ax.set_title("The four indicators (verified)")
    ax.legend(loc="upper left", frameon=False, ncols=2)
    ax.grid(axis="y", alpha=0.3)


def _ledger_axes(ax: Axes, card: Scorecard, annotations: Mapping[Any, str] | None) -> None:
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
    _annotate(ax, annotations, text=False)
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


def plot(
    card: Scorecard,
    kind: Literal["index", "indicators", "ledger", "overview"] = "overview",
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
            axis) or ``"overview"`` (index, indicators and the ledger stacked on a
            shared time axis, the ledger in its own shaded panel).
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

    with mpl.rc_context(_STYLE):
        if kind == "index":
            fig = Figure(figsize=figsize or (10, 5), layout="constrained")
            _index_axes(fig.add_subplot(), card, annotations)
        elif kind == "ledger":
            fig = Figure(figsize=figsize or (10, 4), layout="constrained")
            _ledger_axes(fig.add_subplot(), card, annotations)
        elif kind == "indicators":
            fig = Figure(figsize=figsize or (11, 7), layout="constrained")
            axes = fig.subplots(2, 2, sharex=True, sharey=True).ravel()
            for ax, name in zip(axes, INDICATOR_ORDER, strict=True):
                _indicator_axes(ax, card, name, annotations)
        else:
            fig = Figure(figsize=figsize or (11, 10), layout="constrained")
            top, middle, bottom = fig.subplots(
                3, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2, 2]}
            )
            _index_axes(top, card, annotations)
            _all_indicators_axes(middle, card, annotations)
            _ledger_axes(bottom, card, annotations)
        fig.supxlabel("period start")
    return fig


def figure_png(fig: Figure, *, dpi: int = 110) -> bytes:
    """The figure as PNG bytes, without metadata that would change between runs."""
    import io  # noqa: PLC0415

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
