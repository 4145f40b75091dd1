"""The Python code blocks of the README and the docs pages run verbatim.

Each page's ```` ```python ```` blocks are executed in order in one namespace, as a
reader pasting them into a notebook would, in a scratch working directory (files the
snippets write land there). The README's ``my_acled_export.csv`` is an ACLED export in
that folder: the test suite's fictional fixture. The bash Quick start block is not run
here: CI runs it itself.

The library warnings each page's code issues are part of what it shows, so they are
asserted (exactly those, ``tests/_warnings.py``); any other warning fails the test.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import pytest

import progress_indicators as pi
from tests._warnings import expecting
from tests.docs.conftest import ROOT

pytestmark = pytest.mark.slow  # about 15 s: the pages score the example several times

if TYPE_CHECKING:
    from pathlib import Path

ACLED_FIXTURE = ROOT / "tests" / "sources" / "fixtures" / "acled" / "acled_fictional.csv"

PAGES: dict[str, set[type[pi.ProgressIndicatorsWarning]]] = {
    "README.md": {pi.SingleMetricWarning},
    "docs/getting-started.md": {
        pi.SingleMetricWarning,
        pi.CoverageWarning,
        pi.ExclusionWarning,
    },
    "docs/how-to/uncertainty-and-sensitivity.md": {pi.SingleMetricWarning},
    "docs/how-to/index.md": {pi.SingleMetricWarning},
}
"""Each page with the warnings its code issues (the pages say why, in their prose)."""

_FENCE = re.compile(r"^```python\n(.*?)^```\n", re.DOTALL | re.MULTILINE)


def python_blocks(text: str) -> list[str]:
    """The bodies of the ```` ```python ```` fenced blocks of a Markdown text, in order."""
    return _FENCE.findall(text)


def test_python_blocks_are_found_and_other_languages_are_not() -> None:
    """Only python fences count; bash and yaml blocks are left alone."""
    text = "```bash\nrm -rf /\n```\n\n```python\nx = 1\n```\n\n```yaml\na: 1\n```\n"
    assert python_blocks(text) == ["x = 1\n"]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_code_runs_verbatim(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every python block of the page runs, in order, unchanged, with its warnings."""
    blocks = python_blocks((ROOT / page).read_text(encoding="utf-8"))
    assert blocks, f"{page} has no python block"
    shutil.copy(ACLED_FIXTURE, tmp_path / "my_acled_export.csv")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    with mpl.rc_context({"backend": "Agg"}), expecting(PAGES[page]):
        for number, block in enumerate(blocks, start=1):
            code = compile(block, f"{page} (python block {number})", "exec")
            exec(code, namespace)  # the documentation's own code, verbatim


def test_quick_start_line_1_installs_what_the_report_charts_need() -> None:
    """Line 1's install names extras that bring matplotlib, so the demo report has charts.

    (The report writes a 'Charts need matplotlib' note instead of charts without it;
    ``tests/report/test_report_browser.py`` checks the charts of the demo's report.)
    """
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    line_1 = block.splitlines()[0]
    assert "progress-indicators demo" in line_1
    extras = re.search(r"-e '?\.\[([\w,]+)\]'?", line_1)
    assert extras is not None, f"line 1 installs no extra: {line_1}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    optional = project["optional-dependencies"]
    brought = [dep for extra in extras.group(1).split(",") for dep in optional[extra]]
    assert any(dep.startswith("matplotlib") for dep in [*brought, *project["dependencies"]])
