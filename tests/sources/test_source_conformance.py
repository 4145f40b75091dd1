"""Every registered source passes ``check_source`` on its fixture (the contract holds)."""

from __future__ import annotations

import datetime as dt
import importlib.metadata

import pandas as pd
import pytest

from progress_indicators.exceptions import SourceCheckError
from progress_indicators.sources import Coverage, Evidence, available_sources, load_source
from progress_indicators.testing import check_source
from tests.sources.conftest import PLUGIN_INSTALL, options_for

BUILT_IN = ("humanitarian", "manual", "osce_smm", "table")


def _registered() -> list[str]:
    return sorted(available_sources()["name"])


def test_built_in_sources_are_registered() -> None:
    """The built-in sources are found through their entry points (the package is installed)."""
    names = _registered()
    missing = [n for n in BUILT_IN if n not in names]
    assert missing == [], (
        f"built-in sources {missing} are not registered: install the package so its entry "
        "points exist (pip install -e '.[test]')."
    )
    listing = available_sources().set_index("name")
    assert set(listing.loc[list(BUILT_IN), "distribution"]) == {"progress-indicators"}
    assert listing.loc[list(BUILT_IN), "loaded"].all()


def test_example_plugin_is_discovered_through_its_entry_point() -> None:
    """The example plugin in examples/plugin is installed and listed with its distribution."""
    try:
        dist = importlib.metadata.distribution("progress-indicators-hrmmu")
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(f"the example plugin is not installed; run: {PLUGIN_INSTALL}")
    listing = available_sources().set_index("name")
    assert "un_hrmmu" in listing.index
    assert listing.loc["un_hrmmu", "distribution"] == "progress-indicators-hrmmu"
    assert listing.loc["un_hrmmu", "version"] == dist.version
    evidence = load_source("un_hrmmu", path=options_for("un_hrmmu")["path"]).read()
    assert evidence.observations["value"].tolist() == [141.0, 96.0, 126.0]


@pytest.mark.parametrize("name", _registered())
def test_every_registered_source_passes_check_source(name: str) -> None:
    """check_source holds on every registered source's fixture (full read)."""
    evidence = check_source(load_source(name, **options_for(name)))
    assert evidence.accounting["read"] > 0


@pytest.mark.parametrize("name", _registered())
def test_every_registered_source_honours_a_span(name: str) -> None:
    """check_source with start/end: rows outside are skipped, the rest equal the full read."""
    source = load_source(name, **options_for(name))
    full = source.read(on_invalid="quarantine")
    dates = pd.concat([full.observations["date"], full.humanitarian["date"]]).sort_values()
    assert len(dates) >= 2, f"fixture of {name!r} needs at least two dated rows"
    start = dates.iloc[1].date()  # leaves the earliest row outside
    evidence = check_source(source, start=start, end=dt.date(2100, 1, 1))
    assert evidence.accounting["skipped"] >= 1


class _LeakySource:
    """A deliberately broken source: ignores start/end and miscounts."""

    name = "leaky"
    description = "broken on purpose"

    @property
    def indicators(self) -> frozenset[object]:
        return frozenset()

    @property
    def coverage(self) -> Coverage:
        return Coverage()

    def read(
        self, start: dt.date | None = None, end: dt.date | None = None, *, on_invalid: str = "raise"
    ) -> Evidence:
        inner = load_source("osce_smm", **options_for("osce_smm")).read(on_invalid="quarantine")
        return Evidence(
            observations=inner.observations,
            humanitarian=inner.humanitarian,
            rejected=inner.rejected.iloc[0:0],
            skipped=inner.skipped,
            accounting=dict(inner.accounting),
            source="not-leaky",
        )


def test_check_source_reports_every_broken_rule() -> None:
    """A source that ignores the span, hides rejects and declares no indicator fails each check."""
    with pytest.raises(SourceCheckError) as info:
        check_source(_LeakySource(), start=dt.date(2020, 1, 1))  # type: ignore[arg-type]
    problems = "\n".join(info.value.problems)
    assert "outside start 2020-01-01" in problems
    assert "rejects name 0" in problems
    assert "indicators the source does not declare" in problems
    assert "Evidence.source is 'not-leaky'" in problems
