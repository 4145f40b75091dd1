"""MkDocs hook: pages generated at build time, so they can never drift from the code.

* ``<!-- generated:cli-reference -->`` becomes the help of every command of the
  ``progress-indicators`` CLI, read from the typer app itself.
* ``<!-- generated:quick-start -->`` becomes the Quick start commands of ``README.md``
  (the same block CI runs), so the Getting started page always shows the real commands.

The hook runs inside ``mkdocs build``; it reads only the repository (no network).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

CLI_MARKER = "<!-- generated:cli-reference -->"
QUICK_START_MARKER = "<!-- generated:quick-start -->"
CLI_NAME = "progress-indicators"

__all__ = ["cli_reference", "on_page_markdown", "quick_start"]


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


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """Replace the generated-content markers of a page (MkDocs event)."""
    if CLI_MARKER in markdown:
        markdown = markdown.replace(CLI_MARKER, cli_reference())
    if QUICK_START_MARKER in markdown:
        readme = Path(config["config_file_path"]).parent / "README.md"
        markdown = markdown.replace(QUICK_START_MARKER, quick_start(readme))
    return markdown
