"""docs/architecture.md names one home per concept: each named module and name exists."""

from __future__ import annotations

import importlib
import re

from tests.docs.conftest import ROOT

PAGE = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "src" / "progress_indicators"


def _homes() -> list[tuple[str, list[str]]]:
    """(module path, names) from the 'its one home' column of the concept table."""
    homes: list[tuple[str, list[str]]] = []
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in {"concept", "---"} or set(cells[0]) <= {"-"}:
            continue
        home = cells[1]
        path = re.match(r"`([\w/]+\.py)`", home)
        assert path, f"no module path in {home!r}"
        tokens = re.findall(r"`([^`]+)`", home[path.end() :])
        for token in tokens:
            if token.endswith(".py"):
                homes.append((token, []))  # a second home named in the same cell
        names = [t.split("(")[0] for t in tokens if not t.endswith(".py")]
        homes.append((path.group(1), names))
    return homes


def test_every_home_is_a_module_holding_the_names_it_lists() -> None:
    """A renamed or moved rule fails here until the page says where it went."""
    homes = _homes()
    assert len(homes) >= 15
    for path, names in homes:
        assert (PACKAGE / path).is_file(), path
        module = importlib.import_module(
            "progress_indicators." + path.removesuffix(".py").replace("/", ".")
        )
        for dotted in names:
            if not re.fullmatch(r"[A-Za-z_][\w.]*", dotted) or dotted == "filelock":
                continue  # an option value or a library, not a name of the module
            target: object = module
            for part in dotted.split("."):
                assert hasattr(target, part), f"{path} has no {dotted}"
                target = getattr(target, part)
