"""The build hook: the CLI reference, the Quick start block and the sources table."""

from __future__ import annotations

import importlib.util
import re
import tomllib
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


def test_a_region_is_refreshed_between_its_markers_which_stay(tmp_path: Path) -> None:
    """Committed regions keep their markers (so they can be refreshed again)."""
    hook = _hook()
    page = "a\n<!-- generated:sources -->\nstale\n<!-- /generated:sources -->\nb\n"
    fresh = hook.refresh_regions(page, {"sources": lambda: "| new |\n"})
    assert fresh == "a\n<!-- generated:sources -->\n| new |\n<!-- /generated:sources -->\nb\n"
    assert hook.refresh_regions(fresh, {"sources": lambda: "| new |\n"}) == fresh


def test_the_site_build_expands_regions_and_drops_their_markers(tmp_path: Path) -> None:
    """In the built page a region is the freshly generated text, without the comments."""
    (tmp_path / "README.md").write_text(
        "## Quick start\n\n```bash\nrun me\n```\n", encoding="utf-8"
    )
    hook = _hook()
    page = "intro\n\n<!-- generated:quick-start -->\nold copy\n<!-- /generated:quick-start -->\n"
    out = hook.on_page_markdown(
        page, page=None, config={"config_file_path": str(tmp_path / "mkdocs.yml")}, files=None
    )
    assert out == "intro\n\n```bash\nrun me\n```\n\n"


@pytest.mark.parametrize("region", ["quick-start", "sources"])
def test_committed_regions_equal_the_generated_text(region: str) -> None:
    """The copies GitHub shows are what the build generates (else: run the hook script)."""
    hook = _hook()
    page = ROOT / "docs" / hook.REGION_PAGES[region]
    text = page.read_text(encoding="utf-8")
    assert f"<!-- generated:{region} -->" in text
    regions = hook.generated_regions(ROOT)
    assert hook.refresh_regions(text, {region: regions[region]}) == text, (
        f"{page.relative_to(ROOT)} is stale: run python docs/hooks/generated.py"
    )


def test_sources_page_lists_every_source_the_package_registers() -> None:
    """docs/sources/index.md names each entry point of pyproject.toml (9, not 4)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    registered = set(project["project"]["entry-points"]["progress_indicators.sources"])
    page = (ROOT / "docs" / "sources" / "index.md").read_text(encoding="utf-8")
    region = page.split("<!-- generated:sources -->", 1)[1].split("<!-- /generated:sources", 1)[0]
    listed = set(re.findall(r"^\| `(\w+)` \|", region, flags=re.MULTILINE))
    assert listed == registered
    assert len(listed) >= 9
