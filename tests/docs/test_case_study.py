"""The case-study notebook runs top to bottom and its prose quotes the library's numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

import progress_indicators as pi
from tests._warnings import SINGLE, score

if TYPE_CHECKING:
    from pathlib import Path


pytestmark = pytest.mark.docs


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
