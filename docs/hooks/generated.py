"""MkDocs hook: page content generated from the code, so it can never drift from it.

* ``<!-- generated:cli-reference -->`` becomes the help of every command of the
  ``progress-indicators`` CLI, read from the typer app itself (site only).
* Regions between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->`` hold a
  committed copy of generated Markdown, so the page also reads right on GitHub:

  - ``quick-start``: the Quick start block of ``README.md`` (the same block CI runs);
  - ``sources``: the table of the evidence sources this package registers, read from
    the entry-point registry (name, description, page).

  The build replaces each region with freshly generated text, and
  ``tests/docs/test_generated.py`` fails when a committed copy differs from it.
  ``python docs/hooks/generated.py`` rewrites the committed copies.

The hook runs inside ``mkdocs build``; it reads only the repository and the installed
package (no network).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

CLI_MARKER = "<!-- generated:cli-reference -->"
QUICK_START_MARKER = "<!-- generated:quick-start -->"
CLI_NAME = "progress-indicators"
PACKAGE_DISTRIBUTION = "progress-indicators"
ROOT = Path(__file__).resolve().parents[2]
REGION_PAGES = {
    "quick-start": "getting-started.md",
    "sources": "sources/index.md",
}
"""Which page of ``docs/`` holds each generated region."""

__all__ = [
    "cli_reference",
    "generated_regions",
    "on_page_markdown",
    "quick_start",
    "refresh_regions",
    "sources_table",
]


def cli_reference() -> str:
    """Markdown help for the CLI and each of its commands (from the typer app)."""
    import typer.main  # noqa: PLC0415 (only needed while building)
    import typer.models  # noqa: PLC0415
    from typer.cli import get_docs_for_click  # noqa: PLC0415

    from progress_indicators.cli import app  # noqa: PLC0415

    command = typer.main.get_command(app)
    context = typer.models.Context(command, info_name=CLI_NAME)
    text: str = get_docs_for_click(obj=command, ctx=context, name=CLI_NAME, title=None)
    # the page has its own title; command headings sit one level below it
    return re.sub(r"^## ", "### ", text, flags=re.MULTILINE).strip() + "\n"


def quick_start(readme: Path) -> str:
    """The fenced code block under ``## Quick start`` in ``readme``, fence included.

    Raises:
        ValueError: the README has no Quick start section with a fenced block.
    """
    lines = readme.read_text(encoding="utf-8").splitlines()
    block: list[str] = []
    in_section = False
    for line in lines:
        if line.startswith("## "):
            if in_section:
                break
            in_section = line.strip() == "## Quick start"
        elif in_section and (block or line.startswith("```")):
            block.append(line)
            if len(block) > 1 and line.startswith("```"):
                return "\n".join(block) + "\n"
    msg = f"{readme} has no fenced code block under '## Quick start'."
    raise ValueError(msg)


def sources_table(docs: Path) -> str:
    """A Markdown table of the sources this package registers, from the registry.

    One row per entry point of ``progress_indicators.sources`` supplied by the
    ``progress-indicators`` distribution itself (plugins installed beside it, such as
    the example plugin, are left out), with its description and, when ``docs/sources``
    has a page named after it, a link to that page.
    """
    from progress_indicators.sources import available_sources  # noqa: PLC0415

    table = available_sources()
    own = table[table["distribution"] == PACKAGE_DISTRIBUTION].sort_values("name")
    lines = ["| source | reads | page |", "|---|---|---|"]
    for row in own.itertuples(index=False):
        page = docs / "sources" / f"{row.name}.md"
        link = f"[{row.name}.md]({row.name}.md)" if page.is_file() else "\u2013"
        description = str(row.description).replace("|", "\\|")
        lines.append(f"| `{row.name}` | {description} | {link} |")
    return "\n".join(lines) + "\n"


def generated_regions(root: Path = ROOT) -> dict[str, Callable[[], str]]:
    """Each region name with the function that generates its content."""
    return {
        "quick-start": lambda: quick_start(root / "README.md"),
        "sources": lambda: sources_table(root / "docs"),
    }


def _region(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- generated:{re.escape(name)} -->\n)(.*?)(<!-- /generated:{re.escape(name)} -->)",
        flags=re.DOTALL,
    )


def refresh_regions(markdown: str, regions: dict[str, Callable[[], str]]) -> str:
    """``markdown`` with the content of each of its generated regions regenerated.

    The markers stay, so the result can be committed (and refreshed again).
    """
    for name, generate in regions.items():
        pattern = _region(name)
        match = pattern.search(markdown)
        if match:
            content = generate()
            markdown = markdown[: match.start(2)] + content + markdown[match.end(2) :]
    return markdown


def _expand_regions(markdown: str, regions: dict[str, Callable[[], str]]) -> str:
    """Regions replaced by fresh content, markers dropped (for the built site)."""
    for name, generate in regions.items():
        pattern = _region(name)
        match = pattern.search(markdown)
        if match:
            markdown = markdown[: match.start()] + generate() + markdown[match.end() :]
    return markdown


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """Replace the generated-content markers and regions of a page (MkDocs event)."""
    root = Path(config["config_file_path"]).parent
    regions = generated_regions(root)
    markdown = _expand_regions(markdown, regions)
    if CLI_MARKER in markdown:
        markdown = markdown.replace(CLI_MARKER, cli_reference())
    if QUICK_START_MARKER in markdown:
        markdown = markdown.replace(QUICK_START_MARKER, regions["quick-start"]())
    return markdown


def main() -> int:
    """Rewrite the committed copies of the generated regions; print the pages changed."""
    regions = generated_regions(ROOT)
    for name, page in REGION_PAGES.items():
        path = ROOT / "docs" / page
        text = path.read_text(encoding="utf-8")
        fresh = refresh_regions(text, {name: regions[name]})
        if fresh != text:
            path.write_text(fresh, encoding="utf-8")
            sys.stdout.write(f"updated {path.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
