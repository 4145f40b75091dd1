"""The build hook that generates the CLI reference and the Quick start block."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

import pytest

from tests.docs.conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path
    from types import ModuleType


def _hook() -> ModuleType:
    path = ROOT / "docs" / "hooks" / "generated.py"
    spec = importlib.util.spec_from_file_location("docs_hook_generated", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_start_is_the_first_fenced_block_of_its_section(tmp_path: Path) -> None:
    """Only the block under '## Quick start' is taken, fences included, not a later one."""
    readme = tmp_path / "README.md"
    readme.write_text(
        "# x\n\n```bash\nnot this\n```\n\n## Quick start\n\ntext\n\n```bash\nline 1\n"
        "line 2\n```\n\nmore ```\n\n## Other\n\n```bash\nnor this\n```\n",
        encoding="utf-8",
    )
    assert _hook().quick_start(readme) == "```bash\nline 1\nline 2\n```\n"


def test_quick_start_missing_is_an_error(tmp_path: Path) -> None:
    """A README without the section fails the build instead of leaving the marker."""
    readme = tmp_path / "README.md"
    readme.write_text("# x\n\n## Quick start\n\nno block here\n\n## Next\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Quick start"):
        _hook().quick_start(readme)


def test_markers_are_replaced_on_the_page(tmp_path: Path) -> None:
    """Both markers become generated Markdown; other text is left as it was."""
    (tmp_path / "README.md").write_text(
        "## Quick start\n\n```bash\nrun me\n```\n", encoding="utf-8"
    )
    hook = _hook()
    page = f"intro\n\n{hook.QUICK_START_MARKER}\n\n{hook.CLI_MARKER}\n"
    out = hook.on_page_markdown(
        page, page=None, config={"config_file_path": str(tmp_path / "mkdocs.yml")}, files=None
    )
    assert out.startswith("intro\n\n```bash\nrun me\n```\n")
    assert "progress-indicators demo" in out
    assert "<!--" not in out
