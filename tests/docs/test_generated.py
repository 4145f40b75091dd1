"""The build hook: CLI reference, Quick start, sources table, the methodology's numbers."""

from __future__ import annotations

import importlib.util
import math
import re
import tomllib
from typing import TYPE_CHECKING

import pytest

import progress_indicators as pi
from progress_indicators.model import DEFAULT_METRICS, GOALPOST_BASELINES
from tests._warnings import SINGLE, score
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


# -- the methodology's generated numbers ----------------------------------------------------


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    """One instance of the hook module, so its scored examples are cached across tests."""
    return _hook()


def _rows(table: str) -> dict[str, list[str]]:
    """A Markdown table's body rows keyed by their first cell (backticks dropped)."""
    rows = {}
    for line in table.splitlines()[2:]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def _page(hook: ModuleType, markdown: str) -> str:
    out: str = hook.on_page_markdown(markdown, page=None, config={}, files=None)
    return out


def test_config_markers_become_the_config_defaults(hook: ModuleType) -> None:
    """A dotted path reads a default, through nested settings and indicator-keyed maps."""
    config = pi.ScorecardConfig()
    page = _page(
        hook,
        "a <!-- config:min_share_covered --> b <!-- config:uncertainty.draws --> "
        "c <!-- config:min_covered_weight.cessation_of_attacks --> "
        "d <!-- config:uncertainty.offsets --> e <!-- config:verification_threshold -->",
    )
    cessation = config.covered_weight_needed(pi.Indicator.CESSATION_OF_ATTACKS)
    offsets = ", ".join(f"{o:g}" for o in config.uncertainty.offsets)
    assert page == (
        f"a {config.min_share_covered:g} b {config.uncertainty.draws:,} c {cessation:g} "
        f"d {offsets} e {config.verification_threshold.value}"
    )


def test_config_values_are_written_as_in_a_config_file(hook: ModuleType) -> None:
    """Floats without trailing zeros, thousands separated, tuples joined, enums by value."""
    assert hook._plain(0.5) == "0.5"
    assert hook._plain(1000) == "1,000"
    assert hook._plain((0.1, 1.0, 5.0)) == "0.1, 1, 5"
    assert hook._plain(pi.Verification.CORROBORATED) == "corroborated"


@pytest.mark.parametrize(
    "marker", ["<!-- config:no_such_setting -->", "<!-- config:min_covered_weight.nowhere -->"]
)
def test_unknown_config_path_fails_the_build(hook: ModuleType, marker: str) -> None:
    """A path that names no setting raises instead of printing a wrong or empty value."""
    with pytest.raises(ValueError, match="config path"):
        _page(hook, marker)


def test_unknown_generated_marker_fails_the_build(hook: ModuleType) -> None:
    """A misspelt table marker raises instead of reaching the page as an HTML comment."""
    with pytest.raises(ValueError, match="default-goalpost "):
        _page(hook, "<!-- generated:default-goalpost -->")


@pytest.mark.slow
def test_default_goalposts_come_out_again_from_their_windows(hook: ModuleType) -> None:
    """Each published worst goalpost is its window's statistic on the bundled data, rounded.

    The table re-runs the derivation of ``GOALPOST_BASELINES``; the published constant
    must equal that value at the constant's own precision, so a number cannot drift from
    its source unnoticed.
    """
    rows = _rows(hook.default_goalposts_table())
    published = {m.name: m.goalposts.worst for m in DEFAULT_METRICS}
    for name in GOALPOST_BASELINES:
        worst, derived = rows[name][2], rows[name][6]
        value = published[name]
        assert isinstance(value, float)
        assert float(worst.replace(",", "")) == value
        decimals = len(str(value).split(".")[1]) if "." in str(value) else 0
        assert round(float(derived.replace(",", "")), decimals) == pytest.approx(value)
    assert "from the data" in rows["settlements_occupied"][2]  # a Baseline, said so
    assert rows["narrative_*` (each)"][1] == "until replaced"  # narratives keep their state


def test_bounded_influence_worked_out_by_hand(hook: ModuleType) -> None:
    """The bound 100 * w / (c * W), worked out by hand for each indicator.

    One narrative of 10 at c = 0.5 moves 20 points, one provision of 7 moves
    100 / 3.5 = 28.6; one of the 5 cessation metrics (c = 0.2) or of the 2 map metrics
    (c = 0.5) can set its indicator alone (100).
    """
    rows = _rows(hook.bounded_influence_table())
    assert rows["narrative_denial"][-1] == "20.0"
    assert rows["sovereignty_respect"][-1] == f"{100 / 3.5:.1f}"
    assert rows["cessation_of_attacks"][-1] == "100.0"
    assert rows["verified_withdrawal"][-1] == "100.0"


def test_geometric_ceiling_worked_out_by_hand(hook: ModuleType) -> None:
    """Two equal-weight indicators at 100, two at 0: sqrt((100 + o) * o) - o."""
    for offset in (0.1, 1.0, 5.0):
        expected = math.sqrt((100 + offset) * offset) - offset
        assert hook.geometric_ceiling(offset) == pytest.approx(expected, rel=1e-12)
    assert f"| {math.sqrt(101) - 1:.2f} |" in hook.geometric_ceiling_table()


@pytest.mark.slow
def test_choice_effects_are_the_scores_under_each_setting(hook: ModuleType) -> None:
    """The defaults row is score()'s latest index; other rows re-score with one change.

    The arithmetic row is checked by hand: with equal weights it is the plain mean of
    the four indicators of the latest month.
    """
    observations, _ = pi.datasets.load_example()
    card = score(observations, expect=SINGLE, config={"uncertainty": {"draws": 0}})
    latest = card.index.dropna()
    rows = _rows(hook.choice_effects_table())
    assert rows["defaults"][0] == f"{latest.iloc[-1]:.2f}"
    assert rows["defaults"][3] == str(len(latest))
    mean = card.indicators.loc[latest.index[-1]].mean()
    assert rows["aggregation arithmetic"][0] == f"{mean:.2f}"
    low = score(
        observations, expect=SINGLE, config={"geometric_offset": 0.1, "uncertainty": {"draws": 0}}
    )
    assert rows["geometric_offset 0.1"][0] == f"{low.index[latest.index[-1]]:.2f}"
    # every indicator needing all its metrics leaves no month with an index: shown as such
    assert rows["min_covered_weight 1 for every indicator"][:2] == ["—", "—"]
    # the ranking under the table starts with the largest change in the table
    changes = {k: abs(float(v[1])) for k, v in rows.items() if v[1] not in {"—"}}
    footer = hook.choice_effects_table().split("VPI: ", 1)[1]
    assert footer.startswith(max(changes, key=changes.__getitem__) + ";")
    assert "min_covered_weight 1 for every indicator" in footer.split("No month with")[1]


@pytest.mark.slow
def test_verdicts_by_confidence_are_monotone_and_match_the_default(hook: ModuleType) -> None:
    """A stricter confidence never judges more gestures as progress; unknown stays fixed.

    The default row is the scorecard's own ``divergence_summary()``.
    """
    rows = list(_rows(hook.verdict_confidence_table()).values())
    gestures = [int(row[0]) for row in rows[:-1]]
    progress = [int(row[1]) for row in rows[:-1]]
    assert gestures == sorted(gestures)
    assert progress == sorted(progress, reverse=True)
    assert len({row[2] for row in rows}) == 1
    observations, humanitarian = pi.datasets.load_example()
    summary = score(observations, expect=SINGLE, humanitarian=humanitarian).divergence_summary()
    (default,) = [
        row for key, row in _rows(hook.verdict_confidence_table()).items() if "(default)" in key
    ]
    assert default == [
        str(summary["gesture_without_progress"]),
        str(summary["progress_alongside"]),
        str(summary["unknown"]),
    ]


def test_milestone_and_artefact_tables_read_the_defaults(hook: ModuleType) -> None:
    """The ladders' thresholds and the April 2022 artefact rule, by hand.

    Sovereignty ``begun`` is status 2 of 3 (200/3 points), narratives status 3 of 4; the
    April 2022 rule removes the 20 archived DeepStateMap days of 3-23 April (13 April is
    not archived).
    """
    milestones = hook.milestone_thresholds_table()
    assert "66.7 points (status 2 of 3)" in milestones
    assert "75.0 points (status 3 of 4)" in milestones
    artefacts = _rows(hook.artefacts_table())
    assert artefacts["occupied_area_km2"][2] == "20"


@pytest.mark.slow
def test_share_covered_table_shows_july_2020_unscored_and_what_it_would_read(
    hook: ModuleType,
) -> None:
    """July 2020: the SMM report covers 5 of 31 days, so no score; a lax threshold gives one."""
    rows = _rows(hook.share_covered_table())
    days, share, default, lenient = rows["2020-07"]
    assert days == "5 of 31"
    assert share == f"{5 / 31:.2f}"
    assert default == "—"
    assert lenient != "—"


def test_a_marker_indented_under_a_list_item_indents_the_whole_table(
    hook: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every line of a table generated under a list item keeps the item's indent."""
    monkeypatch.setattr(hook, "GENERATED", {"t": lambda: "| a |\n|---|\n| 1 |\n"})
    page = _page(hook, "1. item\n\n    <!-- generated:t -->\n\n2. next\n")
    assert page == "1. item\n\n    | a |\n    |---|\n    | 1 |\n\n2. next\n"
