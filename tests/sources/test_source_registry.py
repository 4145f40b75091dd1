"""The entry-point registry: discovery, errors naming the plugin and its distribution."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest

from progress_indicators.exceptions import ConfigError, SourceLoadError
from progress_indicators.sources import available_sources, load_source, refresh_sources

if TYPE_CHECKING:
    from pathlib import Path


def _distribution(root: Path, name: str, entry_points: str, modules: dict[str, str]) -> None:
    """Write a real (unpacked) distribution into ``root``: modules and a .dist-info."""
    info = root / f"{name.replace('-', '_')}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.2.3\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[progress_indicators.sources]\n" + textwrap.dedent(entry_points), encoding="utf-8"
    )
    for module, code in modules.items():
        (root / f"{module}.py").write_text(textwrap.dedent(code), encoding="utf-8")


@pytest.fixture
def broken_plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A distribution 'broken-plugins': one plugin fails to import, one is no source."""
    _distribution(
        tmp_path,
        "broken-plugins",
        """\
        crashing = broken_crash:Source
        not_a_source = broken_shape:NotASource
        """,
        {
            "broken_crash": "raise RuntimeError('boom at import')\n",
            "broken_shape": "class NotASource:\n    name = 'x'\n",
        },
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    refresh_sources()
    return tmp_path


def test_import_error_names_the_plugin_and_its_distribution(broken_plugins: Path) -> None:
    """A plugin that raises at import gives SourceLoadError with its name, target and dist."""
    with pytest.raises(SourceLoadError) as info:
        load_source("crashing")
    message = str(info.value)
    assert "'crashing'" in message
    assert "broken_crash:Source" in message
    assert "broken-plugins 1.2.3" in message
    assert "RuntimeError: boom at import" in message
    assert isinstance(info.value, ImportError)


def test_object_not_satisfying_the_protocol_is_refused(broken_plugins: Path) -> None:
    """A class without the protocol's members is refused, naming what is missing."""
    with pytest.raises(SourceLoadError, match=r"missing description, indicators, coverage, read"):
        load_source("not_a_source")


def test_broken_plugins_are_listed_not_hidden(broken_plugins: Path) -> None:
    """available_sources still lists the broken plugins, marked as not loaded."""
    listing = available_sources().set_index("name")
    assert not listing.loc["crashing", "loaded"]
    assert listing.loc["crashing", "distribution"] == "broken-plugins"
    assert str(listing.loc["crashing", "description"]).startswith("(broken)")
    assert listing.loc["table", "loaded"]


def test_a_name_registered_twice_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two distributions registering 'table' make load_source('table') name both."""
    _distribution(tmp_path, "impostor", "table = impostor_mod:T\n", {"impostor_mod": ""})
    monkeypatch.syspath_prepend(str(tmp_path))
    refresh_sources()
    with pytest.raises(SourceLoadError, match=r"more than one distribution.*impostor"):
        load_source("table", path="x.csv")


def test_unknown_name_lists_the_available_ones_with_a_hint() -> None:
    """A misspelt name lists the installed sources and suggests the close one."""
    with pytest.raises(SourceLoadError) as info:
        load_source("osce-smm")
    message = str(info.value)
    assert "Available sources:" in message
    assert "manual" in message
    assert "Did you mean 'osce_smm'?" in message


def test_wrong_options_are_a_config_error_listing_the_accepted_ones() -> None:
    """An option the source's class does not take is reported with the accepted options."""
    with pytest.raises(ConfigError, match=r"options are: path, max_bytes"):
        load_source("osce_smm", path="x.csv", sheet="1")


def test_discovery_is_cached_until_refreshed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plugin installed after discovery appears only after refresh_sources()."""
    assert "late" not in set(available_sources()["name"])
    _distribution(
        tmp_path,
        "late-plugin",
        "late = late_mod:Late\n",
        {"late_mod": "from progress_indicators.sources._osce_smm import OsceSmmSource as Late\n"},
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "late" not in set(available_sources()["name"])
    refresh_sources()
    assert "late" in set(available_sources()["name"])


def test_import_loads_no_plugin_and_reads_no_entry_point() -> None:
    """``import progress_indicators`` imports no source module and no plugin."""
    code = (
        "import sys, progress_indicators as pi;"
        "mods = [m for m in sys.modules if m.startswith(('progress_indicators.sources._table',"
        " 'progress_indicators.sources._manual', 'progress_indicators.sources._osce_smm',"
        " 'progress_indicators.sources._humanitarian', 'progress_indicators_hrmmu'))];"
        "from progress_indicators.sources._registry import _entry_points;"
        "print(','.join(mods), _entry_points.cache_info().currsize)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0"]
