"""The case-study notebook runs top to bottom and its prose quotes the library's numbers."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest

import progress_indicators as pi
from tests._warnings import SINGLE, score

if TYPE_CHECKING:
    from pathlib import Path


pytestmark = pytest.mark.docs


def _month(text: str) -> Any:
    """A monthly period (typed ``Any``: pandas-stubs do not index a Series by a Period)."""
    return pd.Period(text, "M")


@pytest.fixture(scope="module")
def outputs(executed_notebook: Path) -> list[dict[str, Any]]:
    """Every output of every code cell of the executed notebook."""
    import nbformat  # noqa: PLC0415

    notebook = nbformat.read(executed_notebook, as_version=4)  # type: ignore[no-untyped-call]
    return [
        dict(output)
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    ]


def _prose(outputs: list[dict[str, Any]]) -> str:
    return "\n".join(
        str(output["data"]["text/markdown"])
        for output in outputs
        if "text/markdown" in output.get("data", {})
    )


def test_notebook_runs_without_errors_or_warnings(outputs: list[dict[str, Any]]) -> None:
    """No cell raised and no cell wrote to stderr (warnings would show there)."""
    assert [o for o in outputs if o["output_type"] == "error"] == []
    assert [o["text"] for o in outputs if o.get("name") == "stderr"] == []


def test_prose_quotes_numbers_computed_from_the_data(outputs: list[dict[str, Any]]) -> None:
    """The latest VPI, the scored-month count and the 23 May 2025 exchange match the data."""
    observations, humanitarian = pi.datasets.load_example()
    card = score(
        observations, expect=SINGLE, humanitarian=humanitarian, config={"uncertainty": {"draws": 0}}
    )
    prose = _prose(outputs)
    scored = card.index.dropna()
    assert f"is **{scored.iloc[-1]:.1f}** out of 100" in prose
    assert f"**{len(scored)} of {len(card.index)} months**" in prose
    first_day = humanitarian[
        (humanitarian["date"] == "2025-05-23") & (humanitarian["kind"] == "pow_exchange")
    ].iloc[0]
    assert f"{int(first_day['returned_to_ukraine'])} Ukrainians came home" in prose
    assert "exactly the same index" in prose  # the ledger never moves the index


def test_minsk_back_test_says_there_is_no_index(outputs: list[dict[str, Any]]) -> None:
    """The back-test reports no index before April 2022, as the data allow no other answer."""
    prose = _prose(outputs)
    assert "and the index in **0**" in prose


def test_figures_are_drawn(outputs: list[dict[str, Any]]) -> None:
    """The indicator, index, overview and Minsk-era figures are in the outputs as PNGs."""
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 4


@pytest.fixture(scope="module")
def card_300() -> pi.Scorecard:
    """The bundled example scored as the notebook scores it (300 draws, default seed)."""
    observations, humanitarian = pi.datasets.load_example()
    return score(observations, humanitarian=humanitarian, config={"uncertainty": {"draws": 300}})


def test_takeaway_says_territory_was_returned_in_2022(
    outputs: list[dict[str, Any]], card_300: pi.Scorecard
) -> None:
    """The autumn 2022 withdrawal is quoted from the data, and the old takeaway is gone.

    The occupied area at the end of August and November 2022, the November withdrawal
    score and the ``begun`` milestone are read from the scorecard; the prose must not
    claim that no territory was verifiably returned.
    """
    prose = _prose(outputs)
    area = card_300.metric_values["occupied_area_km2"]
    august, november = _month("2022-08"), _month("2022-11")
    assert f"**{area[august]:,.0f} km²** at the end of August 2022" in prose
    assert f"**{area[november]:,.0f} km²** at the end of November 2022" in prose
    withdrawal = card_300.indicators["verified_withdrawal"]
    assert f"**{withdrawal[november]:.1f}**" in prose
    assert card_300.milestones.loc[november, "verified_withdrawal"] == "begun"
    assert "**`begun`**" in prose
    assert "Territory was verifiably returned in 2022" in prose
    assert "no occupied territory has been verifiably returned" not in prose


def test_geometric_ceiling_is_worked_out_by_hand(outputs: list[dict[str, Any]]) -> None:
    """Two of four equal-weight indicators at 0, two at 100, offset 1: sqrt(101 * 1) - 1."""
    assert f"cannot exceed **{math.sqrt(101.0) - 1.0:.2f}**" in _prose(outputs)


def test_may_2025_exchange_is_quoted_with_its_probability(
    outputs: list[dict[str, Any]], card_300: pi.Scorecard
) -> None:
    """The 23 May 2025 verdict and its p_progress over the 300 draws, as divergence() gives them."""
    table = card_300.divergence().set_index("event_id")
    row = table.loc["hum-pow-exchange-2025-05-23"]
    prose = _prose(outputs)
    assert f"rose in **{row['p_progress']:.0%} of the 300 draws**" in prose
    assert f"verdict *{row['verdict'].replace('_', ' ')}*" in prose
    counts = card_300.divergence_summary()
    assert f"{counts['gesture_without_progress']} are gestures without progress" in prose


def test_artefact_and_july_2020_coverage_are_quoted(
    outputs: list[dict[str, Any]], card_300: pi.Scorecard
) -> None:
    """The excluded April 2022 maps and July 2020's covered days come from the scorecard."""
    prose = _prose(outputs)
    artefacts = card_300.excluded[card_300.excluded["reason"] == "artefact"]
    assert f"**{len(artefacts)} daily maps** are excluded" in prose
    july = card_300.metric_coverage.loc[(_month("2020-07"), "ceasefire_violations_per_day")]
    assert not july["scored"]
    assert f"**{int(july['days_covered'])} of 31 days**" in prose
