"""``Scorecard.plot``: gaps stay gaps, the ledger has its own axis, bands and annotations."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import attrs
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.patches import Rectangle

import progress_indicators as pi
from progress_indicators.exceptions import ReportError
from progress_indicators.report import OKABE_ITO
from tests.report._cases import index_card, with_band

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D


def _line(ax: Axes, label: str) -> Line2D:
    lines: list[Line2D] = [line for line in ax.get_lines() if line.get_label() == label]
    assert len(lines) == 1, label
    return lines[0]


def test_index_gap_is_drawn_as_a_gap_not_zero(hostile_card: pi.Scorecard) -> None:
    """April has no index: the VPI line holds NaN there (a break), never 0."""
    fig = hostile_card.plot("index")
    line = _line(fig.axes[0], "Verified Progress Index")
    y = np.asarray(line.get_ydata(), dtype="float64")
    assert math.isnan(y[3])
    assert list(y[[0, 1, 2, 4, 5]]) == [20.0, 25.0, 30.0, 40.0, 35.0]
    assert line.get_color() == OKABE_ITO["blue"]
    assert fig.axes[0].get_ylabel() == "VPI, score 0\u2013100"
    assert fig.axes[0].get_ylim() == (0.0, 100.0)
    legend_box = fig.axes[0].get_legend()
    assert legend_box is not None
    legend = [t.get_text() for t in legend_box.get_texts()]
    assert "no coverage" in legend


def test_ledger_is_on_its_own_axis_never_on_the_index_axis(hostile_card: pi.Scorecard) -> None:
    """In the overview, persons returned are bars on the third axis only."""
    fig = hostile_card.plot("overview")
    index_ax, indicators_ax, ledger_ax = fig.axes
    assert index_ax.containers == []  # no bar container on the index axis
    assert indicators_ax.containers == []
    assert len(ledger_ax.containers) == 2  # persons returned to each side
    assert "not part of the index" in ledger_ax.get_title()
    assert "persons" in ledger_ax.get_ylabel()
    heights = [bar.get_height() for bar in ledger_ax.containers[0] if isinstance(bar, Rectangle)]
    assert heights == [90.0] * 5  # returned to Ukraine; the Russian count is unknown
    unknown = _line(ledger_ax, "event, count unknown")
    assert len(unknown.get_xdata()) == 5  # type: ignore[arg-type]
    assert indicators_ax.get_ylabel() == "indicator, score 0\u2013100"


def test_band_is_drawn_only_when_the_scorecard_has_one(hostile_card: pi.Scorecard) -> None:
    """A ``lower``/``upper`` uncertainty band becomes a filled area on the index axis."""
    plain = attrs.evolve(hostile_card, uncertainty=None).plot("index").axes[0]
    assert not [c for c in plain.collections if isinstance(c, PolyCollection)]
    band = pd.DataFrame(
        {"lower": hostile_card.index - 5, "upper": hostile_card.index + 5},
        index=hostile_card.index.index,
    )
    banded = with_band(hostile_card, band).plot("index").axes[0]
    fills = [c for c in banded.collections if isinstance(c, PolyCollection)]
    assert len(fills) == 1
    assert fills[0].get_label() == "uncertainty band"


def test_annotations_mark_user_dates_on_every_time_panel(hostile_card: pi.Scorecard) -> None:
    """A ceasefire date is a labelled line on the index panel and a line on the others."""
    fig = hostile_card.plot("overview", annotations={"2025-03-01": "ceasefire"})
    index_ax = fig.axes[0]
    assert "ceasefire" in [t.get_text() for t in index_ax.texts]
    for ax in fig.axes:
        dotted = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
        assert dotted, ax.get_title()


def test_indicator_panels_one_per_indicator(hostile_card: pi.Scorecard) -> None:
    """Four panels titled with the indicators, each with its 0-100 scale."""
    fig = hostile_card.plot("indicators")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [i.spec.title for i in pi.Indicator]
    assert {ax.get_ylim() for ax in fig.axes} == {(0.0, 100.0)}


def test_unknown_kind_is_an_error(hostile_card: pi.Scorecard) -> None:
    """A misspelt kind names the valid ones."""
    with pytest.raises(ReportError, match="index, indicators, ledger, overview"):
        hostile_card.plot("indexes")  # type: ignore[arg-type]


def test_an_empty_ledger_says_so_instead_of_drawing_nothing() -> None:
    """Without events the ledger panel states it (and no legend warning is raised)."""
    card = index_card({"2025-01": 10.0, "2025-02": None})
    ax = card.plot("ledger").axes[0]
    assert [t.get_text() for t in ax.texts] == ["no humanitarian events recorded"]
    assert ax.containers == []
    assert "No humanitarian events recorded." in card._repr_html_()
