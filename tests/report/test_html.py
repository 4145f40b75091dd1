"""The notebook card and the self-contained HTML report (static checks; see the browser test)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs
import pandas as pd
import pytest

from tests.report._cases import with_band
from tests.report.conftest import ONERROR_NOTE, SCRIPT_NOTE

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
    assert len(sources) == 2
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
