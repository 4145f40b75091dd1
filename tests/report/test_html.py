"""The notebook card and the self-contained HTML report (static checks; see the browser test)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import attrs
import pandas as pd
import pytest

from progress_indicators.report import report_html
from progress_indicators.report._common import indicator_title
from tests.report._cases import index_card, with_band
from tests.report.conftest import ONERROR_NOTE, SCRIPT_NOTE, hostile_event

if TYPE_CHECKING:
    from pathlib import Path

    import progress_indicators as pi


def test_card_shows_latest_index_trend_gap_and_a_separate_ledger(
    hostile_card: pi.Scorecard,
) -> None:
    """Latest VPI 35.0 (June) with a trend of -5.0 against May, and the ledger apart."""
    card = hostile_card._repr_html_()
    assert "35.0" in card
    assert "latest scored period 2025-06" in card
    assert "\u25bc -5.0" in card  # every indicator fell from 40 to 35
    assert "trend (vs 2025-05)" in card
    assert "claimed minus verified: 0.0" in card
    assert "5 of 6 monthly periods" in card
    ledger = card[card.index('class="pi-ledger"') :]
    assert "not part of the index" in ledger


def test_card_escapes_user_text(hostile_card: pi.Scorecard) -> None:
    """Notes with <script> or onerror are escaped, never emitted as markup."""
    card = hostile_card._repr_html_()
    assert "<script" not in card
    assert "<img" not in card
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in card
    assert "onerror=&quot;window.__pwned=2&quot;" in card


def test_card_shows_the_uncertainty_band_when_present(hostile_card: pi.Scorecard) -> None:
    """With an ``uncertainty`` table the latest value shows its band."""
    band = pd.DataFrame(
        {"lower": hostile_card.index - 2.5, "upper": hostile_card.index + 4},
        index=hostile_card.index.index,
    )
    assert "band 32.5\u201339.0" in with_band(hostile_card, band)._repr_html_()
    assert "band " not in attrs.evolve(hostile_card, uncertainty=None)._repr_html_()


@pytest.mark.slow
def test_report_is_self_contained_and_escaped(hostile_card: pi.Scorecard, tmp_path: Path) -> None:
    """No script, link or remote source; images are data URIs; the CSP forbids fetches."""
    path = hostile_card.to_html(tmp_path / "report.html", timestamp="2025-01-01T00:00:00Z")
    text = path.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert "<link" not in text.lower()
    assert "@import" not in text
    assert "url(" not in text
    sources = re.findall(r'\ssrc="([^"]*)"', text)
    assert len(sources) == 3  # overview, indicators, milestones
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    assert "default-src 'none'" in text
    assert SCRIPT_NOTE not in text
    assert ONERROR_NOTE not in text
    for section in ("Humanitarian ledger", "Methodology settings", "Coverage gaps", "Provenance"):
        assert section in text
    assert "config_sha256" in text
    ledger = text[text.index('<section class="ledger"') :]
    assert "not part of the index" in ledger[:200]


@pytest.mark.slow
def test_report_bytes_are_reproducible(hostile_card: pi.Scorecard, tmp_path: Path) -> None:
    """With a pinned timestamp two reports are byte-identical (charts included)."""
    first = hostile_card.to_html(tmp_path / "a.html", timestamp="2025-01-01T00:00:00Z")
    second = hostile_card.to_html(tmp_path / "b.html", timestamp="2025-01-01T00:00:00Z")
    assert first.read_bytes() == second.read_bytes()


def _ledger_card(source: str, notes: str) -> pi.Scorecard:
    """A two-month card whose one ledger event carries ``source`` and ``notes``."""
    event = {
        **hostile_event("ev-url", "2025-01-10", notes=notes, mediator="UAE"),
        "source": source,
    }
    return index_card({"2025-01": 10.0, "2025-02": 12.0}, [event])


def test_ledger_urls_become_links_showing_their_domain(tmp_path: Path) -> None:
    """A source URL is a link whose text is its domain; the address stays in href/title."""
    url = "https://www.example.org/news/2025/01/10/long-report-on-the-exchange.html"
    card = _ledger_card(f"[ledger.csv] {url} (Reuters)", f"see {url}.")
    text = card.to_html(tmp_path / "r.html", timestamp="2025-03-01T00:00:00Z").read_text(
        encoding="utf-8"
    )
    ledger = text[text.index('<section class="ledger"') :]
    link = f'<a href="{url}" title="{url}" rel="noopener noreferrer">example.org</a>'
    assert f"[ledger.csv] {link} (Reuters)" in ledger
    assert f"see {link}." in ledger  # the sentence's full stop is not part of the address
    assert f">{url}<" not in ledger  # the raw address is never the visible text


def test_only_http_links_are_made_and_quotes_cannot_escape_the_attribute(
    tmp_path: Path,
) -> None:
    """javascript: stays text; a quote ends the address, so no attribute can be injected."""
    card = _ledger_card(
        'javascript:alert(1) https://a.example/x"onmouseover="alert(2)', "plain notes"
    )
    text = card.to_html(tmp_path / "r.html", timestamp="2025-03-01T00:00:00Z").read_text(
        encoding="utf-8"
    )
    ledger = text[text.index('<section class="ledger"') :]
    assert 'href="javascript' not in ledger
    assert '<a href="https://a.example/x" title="https://a.example/x"' in ledger
    assert 'onmouseover="alert' not in ledger
    assert "&quot;onmouseover=&quot;alert(2)" in ledger


def test_ledger_tables_have_a_fixed_layout_so_long_text_wraps(hostile_card: pi.Scorecard) -> None:
    """The ledger tables take the full width with set column widths (no overflow)."""
    text = report_html(hostile_card, timestamp="2025-01-01T00:00:00Z")
    ledger = text[text.index('<section class="ledger"') :]
    assert ledger.count('<table class="fixed"><colgroup>') == 1
    widths = [
        int(w) for w in re.findall(r'<col style="width:(\d+)%">', ledger.split("</colgroup>")[0])
    ]
    assert len(widths) == 9
    assert sum(widths) == 100
    assert "table.fixed{table-layout:fixed;width:100%" in text
    card = hostile_card._repr_html_()
    assert '<table class="fixed"><colgroup>' in card[card.index('class="pi-ledger"') :]


def _rows(html: str, summary: str) -> dict[str, list[str]]:
    """The rows of the ``<details>`` table whose summary starts with ``summary``, by first cell."""
    start = html.index(f"<summary><b>{summary}</b>")
    block = html[start : html.index("</details>", start)]
    rows = re.findall(r"<tr>(.*?)</tr>", block)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]
    return {row[0]: row[1:] for row in cells if row}


def test_report_shows_each_periods_milestone_and_share_of_days_covered(
    example_card: pi.Scorecard,
) -> None:
    """Per indicator and period: the milestone reached and the share of days covered.

    "no evidence" where the ladder has none (never "none"), the share as a percentage;
    the card shows the latest period's, and the report draws the milestone chart.
    """
    html = report_html(example_card)
    assert 'alt="One panel per indicator, the milestone reached per period"' in html
    shares = example_card.coverage["share_covered"].astype("float64").to_dict()
    for name in example_card.indicators.columns:
        rows = _rows(html, indicator_title(name))
        rungs = example_card.milestones[name]
        for period in ("2020-07", "2022-04", "2022-11", "2025-05"):
            milestone, share = rows[period][1], rows[period][3]
            rung = rungs.loc[period]
            assert milestone == ("no evidence" if pd.isna(rung) else str(rung)), (name, period)
            value = float(shares[(pd.Period(period, "M"), name)])
            assert share == ("none" if math.isnan(value) else f"{round(100 * value)}%")
    card = example_card._repr_html_()
    latest = example_card.index.dropna().index[-1]
    for name in example_card.indicators.columns:
        rung = example_card.milestones.loc[latest, name]
        shown = "no evidence" if pd.isna(rung) else str(rung)
        assert re.search(rf"{re.escape(indicator_title(name))}</td>.*?<td[^>]*>{shown}</td>", card)
