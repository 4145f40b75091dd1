"""``Scorecard.plot``: gaps stay gaps, the ledger has its own axis, bands and annotations."""

from __future__ import annotations

import itertools
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
from progress_indicators.report._plot import INDEX_MIN_SPAN, _stagger
from tests.report._cases import index_card, with_band

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D


def _axes(fig: Figure, label: str) -> Axes:
    """The one axes of ``fig`` labelled ``label`` (``index``, ``full-scale``, ``ledger`` ...)."""
    found = [ax for ax in fig.axes if ax.get_label() == label]
    assert len(found) == 1, [ax.get_label() for ax in fig.axes]
    return found[0]


def _line(ax: Axes, label: str) -> Line2D:
    lines: list[Line2D] = [line for line in ax.get_lines() if line.get_label() == label]
    assert len(lines) == 1, label
    return lines[0]


def test_index_gap_is_drawn_as_a_gap_not_zero(hostile_card: pi.Scorecard) -> None:
    """April has no index: the VPI line holds NaN there (a break), never 0."""
    fig = hostile_card.plot("index")
    index_ax = _axes(fig, "index")
    line = _line(index_ax, "Verified Progress Index")
    y = np.asarray(line.get_ydata(), dtype="float64")
    assert math.isnan(y[3])
    assert list(y[[0, 1, 2, 4, 5]]) == [20.0, 25.0, 30.0, 40.0, 35.0]
    assert line.get_color() == OKABE_ITO["blue"]
    assert index_ax.get_ylabel().startswith("VPI, score 0\u2013100")
    legend_box = index_ax.get_legend()
    assert legend_box is not None
    legend = [t.get_text() for t in legend_box.get_texts()]
    assert "no coverage" in legend


def test_index_axis_fits_the_data_and_a_strip_shows_the_full_scale(
    hostile_card: pi.Scorecard,
) -> None:
    """The index (20-40 here) gets an axis around its values, not 0-100.

    A thin 0-100 strip beside it marks the zoomed range, so the zoom is never hidden.
    """
    fig = hostile_card.plot("index")
    low, high = _axes(fig, "index").get_ylim()
    assert 0.0 < low <= 20.0
    assert 40.0 <= high < 100.0
    assert f"(axis {low:g}\u2013{high:g})" in _axes(fig, "index").get_ylabel()
    strip = _axes(fig, "full-scale")
    assert strip.get_ylim() == (0.0, 100.0)
    zoomed = [p for p in strip.patches if p.get_label() == "zoomed range"]
    assert len(zoomed) == 1
    assert isinstance(zoomed[0], Rectangle)
    assert zoomed[0].get_y() == low
    assert zoomed[0].get_height() == pytest.approx(high - low)


def test_a_flat_index_near_zero_is_not_magnified_below_the_minimum_span() -> None:
    """An index of 2-3 points gets an axis of at least INDEX_MIN_SPAN points from 0."""
    card = index_card({"2025-01": 2.0, "2025-02": 3.0, "2025-03": 2.5})
    low, high = _axes(attrs.evolve(card, uncertainty=None).plot("index"), "index").get_ylim()
    assert low == 0.0
    assert high - low >= INDEX_MIN_SPAN


def test_ledger_is_on_its_own_axis_never_on_the_index_axis(hostile_card: pi.Scorecard) -> None:
    """In the overview, persons returned are bars on the ledger axis only."""
    fig = hostile_card.plot("overview")
    index_ax, indicators_ax, ledger_ax = (
        _axes(fig, name) for name in ("index", "indicators", "ledger")
    )
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
    assert indicators_ax.get_ylim() == (0.0, 100.0)


def test_band_is_drawn_only_when_the_scorecard_has_one(hostile_card: pi.Scorecard) -> None:
    """A ``lower``/``upper`` uncertainty band becomes a filled area on the index axis."""
    plain = _axes(attrs.evolve(hostile_card, uncertainty=None).plot("index"), "index")
    assert not [c for c in plain.collections if isinstance(c, PolyCollection)]
    band = pd.DataFrame(
        {"lower": hostile_card.index - 5, "upper": hostile_card.index + 5},
        index=hostile_card.index.index,
    )
    banded = _axes(with_band(hostile_card, band).plot("index"), "index")
    fills = [c for c in banded.collections if isinstance(c, PolyCollection)]
    assert len(fills) == 1
    assert fills[0].get_label() == "uncertainty band"
    assert banded.get_ylim()[0] <= 15.0  # the fitted axis holds the band (20 - 5)


def test_annotations_mark_user_dates_on_every_time_panel(hostile_card: pi.Scorecard) -> None:
    """A ceasefire date is labelled in the key-dates strip and a line on every time panel."""
    fig = hostile_card.plot("overview", annotations={"2025-03-01": "ceasefire"})
    assert [t.get_text() for t in _axes(fig, "key-dates").texts] == ["ceasefire"]
    assert not [ax for ax in fig.axes if ax.get_label() == "key"]  # one label needs no key
    for name in ("key-dates", "index", "indicators", "ledger"):
        dotted = [line for line in _axes(fig, name).get_lines() if line.get_linestyle() == ":"]
        assert dotted, name


def _many_dates(n: int) -> dict[str, str]:
    """``n`` annotations a week apart from 2025-01-06, labelled ``event k``."""
    days = pd.date_range("2025-01-06", periods=n, freq="7D")
    return {f"{day:%Y-%m-%d}": f"event {k}" for k, day in enumerate(days, start=1)}


def test_many_annotations_are_numbered_with_a_key_listing_each(
    hostile_card: pi.Scorecard,
) -> None:
    """25 close dates: short numbered labels, close ones grouped (e.g. '1-3').

    A key under the figure has one line per annotation: number, date, label.
    """
    annotations = _many_dates(25)
    fig = hostile_card.plot("overview", annotations=annotations)
    strip = [t.get_text() for t in _axes(fig, "key-dates").texts]
    assert all(len(text) <= 5 for text in strip)
    covered: set[int] = set()
    for text in strip:
        first, _, last = text.replace("\u2013", "-").replace(",", "-").partition("-")
        covered.update(range(int(first), int(last or first) + 1))
    assert covered == set(range(1, 26))
    key = [t.get_text() for t in _axes(fig, "key").texts]
    assert len(key) == 25
    for number, (when, label) in enumerate(sorted(annotations.items()), start=1):
        assert f"{number:>2}  {when}  {label}" in key


def test_strip_labels_in_one_row_never_overlap() -> None:
    """The staggering puts touching spans in different rows (up to its row limit)."""
    spans = [(0.0, 2.0), (1.0, 3.0), (2.5, 4.0), (3.5, 5.0), (10.0, 11.0)]
    rows = _stagger(spans, max_rows=3)
    assert rows == [0, 1, 0, 1, 0]
    for row in set(rows):
        mine = sorted(span for span, r in zip(spans, rows, strict=True) if r == row)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(mine))


def test_indicator_panels_one_per_indicator(hostile_card: pi.Scorecard) -> None:
    """Four panels titled with the indicators, each with its 0-100 scale."""
    fig = hostile_card.plot("indicators")
    titles = [ax.get_title() for ax in fig.axes]
    assert [ax.get_label() for ax in fig.axes] == [i.value for i in pi.Indicator]
    assert titles == [i.spec.title for i in pi.Indicator]
    assert {ax.get_ylim() for ax in fig.axes} == {(0.0, 100.0)}


def test_unknown_kind_is_an_error(hostile_card: pi.Scorecard) -> None:
    """A misspelt kind names the valid ones."""
    with pytest.raises(ReportError, match="index, indicators, ledger, milestones, overview"):
        hostile_card.plot("indexes")  # type: ignore[arg-type]


def test_an_empty_ledger_says_so_instead_of_drawing_nothing() -> None:
    """Without events the ledger panel states it (and no legend warning is raised)."""
    card = index_card({"2025-01": 10.0, "2025-02": None})
    ax = _axes(card.plot("ledger"), "ledger")
    assert [t.get_text() for t in ax.texts] == ["no humanitarian events recorded"]
    assert ax.containers == []
    assert "No humanitarian events recorded." in card._repr_html_()


LADDERS = {
    "cessation_of_attacks": ["none", "reduction", "ceasefire", "sustained"],
    "verified_withdrawal": ["none", "begun", "substantial", "complete"],
    "sovereignty_respect": ["none", "begun", "substantial", "complete"],
    "narrative_denial": ["none", "begun", "substantial", "complete"],
}
"""The documented ladders (docs/methodology.md), written out here, not read from the code."""


def test_milestone_panels_step_through_the_named_rungs(example_card: pi.Scorecard) -> None:
    """One panel per indicator: the step line sits on the rung reached, rungs named on the axis.

    A period whose ladder has no evidence is a break in the line (NaN, never rung 0 "none")
    and is shaded "no coverage".
    """
    fig = example_card.plot("milestones")
    for name, ladder in LADDERS.items():
        ax = _axes(fig, f"milestones:{name}")
        assert [t.get_text() for t in ax.get_yticklabels()] == ladder
        (line,) = ax.get_lines()
        y = np.asarray(line.get_ydata(), dtype="float64")
        rungs = example_card.milestones[name]
        expected = [ladder.index(str(r)) if pd.notna(r) else math.nan for r in rungs]
        np.testing.assert_array_equal(y, np.asarray(expected, dtype="float64"))
        shaded = [p for p in ax.patches if isinstance(p, Rectangle)] + [
            c for c in ax.collections if isinstance(c, PolyCollection)
        ]
        assert bool(shaded) == bool(rungs.isna().any()), name
    # the bundled example reaches more than one rung somewhere (the chart is not flat)
    withdrawal = example_card.milestones["verified_withdrawal"].dropna().astype(str)
    assert withdrawal.nunique() > 1
