"""The documentation site: strict offline build, key pages, complete API and CLI reference."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

import pytest

import progress_indicators as pi
from progress_indicators import report, scoring, sources
from tests._warnings import SINGLE, score
from tests.docs.conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.docs

KEY_PAGES = (
    "index.html",
    "getting-started/index.html",
    "concepts/index.html",
    "methodology/index.html",
    "case-study/index.html",
    "how-to/index.html",
    "how-to/uncertainty-and-sensitivity/index.html",
    "scoring-engine/index.html",
    "api/index.html",
    "api/core/index.html",
    "api/model/index.html",
    "api/scoring/index.html",
    "api/sources/index.html",
    "api/report/index.html",
    "sources/index.html",
    "report/index.html",
    "cli/index.html",
    "changelog/index.html",
)


def _text(page: Path) -> str:
    """The visible text of an HTML page, tags dropped and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def _api_ids(site: Path) -> set[str]:
    ids: set[str] = set()
    for page in (site / "api").rglob("*.html"):
        ids.update(re.findall(r'id="(progress_indicators[^"]*)"', page.read_text("utf-8")))
    return ids


def test_strict_build_writes_every_key_page(built_site: Path) -> None:
    """``mkdocs build --strict`` succeeds offline and writes each page of the nav."""
    missing = [page for page in KEY_PAGES if not (built_site / page).is_file()]
    assert missing == []
    assert "Verified Progress Index" in _text(built_site / "index.html")


API_MODULES = {
    "progress_indicators": pi,
    "progress_indicators.scoring": scoring,
    "progress_indicators.sources": sources,
    "progress_indicators.report": report,
}


def _documented_as(module: str, name: str) -> set[str]:
    """The reference paths under which ``module.name`` counts as documented.

    Its own path, and the path of the same object in another documented module (the
    package re-exports ``pi.Evidence``, documented as ``progress_indicators.sources.Evidence``).
    """
    obj = getattr(API_MODULES[module], name)
    paths = {f"{module}.{name}"}
    for other, namespace in API_MODULES.items():
        if name in getattr(namespace, "__all__", ()) and getattr(namespace, name) is obj:
            paths.add(f"{other}.{name}")
    return paths


@pytest.mark.parametrize("module", sorted(API_MODULES), ids=lambda m: m.rsplit(".", 1)[-1])
def test_api_reference_documents_every_public_name(built_site: Path, module: str) -> None:
    """Each name in ``__all__`` has its own rendered entry (an anchor) in the API pages."""
    ids = _api_ids(built_site)
    names = list(API_MODULES[module].__all__)
    undocumented = [name for name in names if not _documented_as(module, name) & ids]
    assert undocumented == [], f"add '::: {module}.<name>' to a page of docs/api/"


def test_cli_reference_is_generated_from_the_app(built_site: Path) -> None:
    """The CLI page lists every command of the typer app with each of its options."""
    import typer.main  # noqa: PLC0415

    from progress_indicators.cli import app  # noqa: PLC0415

    page = _text(built_site / "cli" / "index.html")
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})
    assert commands, "the CLI has no sub-command to document"
    for name, command in commands.items():
        assert f"progress-indicators {name}" in page
        for param in command.params:
            for option in param.opts:
                if option.startswith("--"):
                    assert option in page, f"{name} {option} missing from the CLI page"
    assert "<!-- generated:cli-reference -->" not in page


def test_getting_started_shows_the_readme_quick_start(built_site: Path) -> None:
    """The install commands on the site are the README's Quick start lines, verbatim."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    lines = [line for line in block.splitlines()[1:] if line.strip()]
    assert len(lines) == 2
    page = _text(built_site / "getting-started" / "index.html")
    for line in lines:
        assert line in page


def test_case_study_page_shows_the_executed_outputs(built_site: Path) -> None:
    """The case study renders its computed text and figures; hidden prose code stays hidden."""
    raw = (built_site / "case-study" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", raw))
    observations, _ = pi.datasets.load_example()
    card = score(observations, expect=SINGLE, config={"uncertainty": {"draws": 0}})
    latest = card.index.dropna()
    assert f"is {latest.iloc[-1]:.1f} out of 100" in text
    assert raw.count("data:image/png;base64,") >= 4  # indicators, index, overview, Minsk
    assert 'f"The VPI for' not in text  # the code behind the prose is hidden on the site


def test_site_needs_no_network(built_site: Path) -> None:
    """No page loads a script, stylesheet or font from another host (the site reads offline)."""
    remote = re.compile(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', re.IGNORECASE)
    offenders = [
        str(page.relative_to(built_site))
        for page in built_site.rglob("*.html")
        if remote.search(page.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    css = "".join(p.read_text("utf-8") for p in built_site.rglob("*.css"))
    assert "fonts.googleapis" not in css


def test_methodology_page_shows_numbers_computed_at_build(built_site: Path) -> None:
    """The methodology's markers are gone and its numbers are the code's and the data's.

    The thresholds quoted are the config defaults, each default worst goalpost is in the
    goalpost table, and the choice table's default row is score()'s latest index.
    """
    raw = (built_site / "methodology" / "index.html").read_text(encoding="utf-8")
    text = " ".join(_text(built_site / "methodology" / "index.html").split())
    assert "<!-- generated:" not in raw
    assert "<!-- config:" not in raw
    config = pi.ScorecardConfig()
    assert f"min_share_covered = {config.min_share_covered:g}" in text
    for spec in config.metrics:
        worst = spec.goalposts.worst
        if spec.kind == "count" and isinstance(worst, float):
            assert f"{worst:,}" in text, spec.name
    observations, _ = pi.datasets.load_example()
    latest = score(observations, config={"uncertainty": {"draws": 0}}).index.dropna()
    assert f"defaults {latest.iloc[-1]:.2f}" in text
