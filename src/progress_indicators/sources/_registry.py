"""The evidence-source registry: plugins found through entry points.

Sources register under the entry-point group ``progress_indicators.sources``; each
entry point names a class that is called with the user's options as keyword arguments
(``load_source("table", path="my.csv")`` is ``TableSource(path="my.csv")``). The
built-in sources register the same way as third-party ones.

Discovery is lazy and cached: nothing is read from the installed distributions until a
function here is first called, and no plugin module is imported until that plugin is
loaded by name (or listed by :func:`available_sources`, which needs each description).
Every plugin is recorded with the distribution that supplied it (as pluggy does), so
errors and listings say where a source came from.
"""

from __future__ import annotations

import functools
import importlib.metadata
import inspect
from typing import TYPE_CHECKING, Any

import pandas as pd

from progress_indicators.exceptions import ConfigError, SourceLoadError, did_you_mean
from progress_indicators.sources._base import EvidenceSource

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["ENTRY_POINT_GROUP", "available_sources", "load_source", "refresh_sources"]

ENTRY_POINT_GROUP = "progress_indicators.sources"

_REQUIRED_MEMBERS = ("name", "description", "indicators", "coverage", "read")


@functools.cache
def _entry_points() -> dict[str, tuple[EntryPoint, ...]]:
    """Entry points of the group by name (several when distributions clash), cached."""
    found: dict[str, list[EntryPoint]] = {}
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(entry_point.name, []).append(entry_point)
    return {name: tuple(found[name]) for name in sorted(found)}


def refresh_sources() -> None:
    """Forget the cached discovery, e.g. after installing a plugin in a running session."""
    _entry_points.cache_clear()
    _load_class.cache_clear()


def _distribution(entry_point: EntryPoint) -> tuple[str, str]:
    """The name and version of the distribution that provides an entry point."""
    dist = entry_point.dist
    if dist is None:  # pragma: no cover - only for entry points built by hand
        return "<unknown distribution>", ""
    return str(dist.metadata["Name"] or dist.name), str(dist.version)


def _describe(entry_point: EntryPoint) -> str:
    name, version = _distribution(entry_point)
    return f"source plugin {entry_point.name!r} ({entry_point.value}) from {name} {version}"


@functools.cache
def _load_class(name: str) -> type[Any]:
    """Import the class behind source ``name`` and check it has the protocol's members."""
    registered = _entry_points()
    if name not in registered:
        available = list(registered)
        hint = did_you_mean(name, available)
        msg = (
            f"no evidence source named {name!r}. Available sources: "
            + (", ".join(available) if available else "(none installed)")
            + "."
        )
        msg += f"\nHint: {hint}" if hint else "\nHint: see progress-indicators sources."
        raise SourceLoadError(msg)
    candidates = registered[name]
    if len(candidates) > 1:
        providers = "; ".join(_describe(ep) for ep in candidates)
        msg = (
            f"evidence source {name!r} is registered by more than one distribution: "
            f"{providers}.\nHint: uninstall one of them."
        )
        raise SourceLoadError(msg)
    entry_point = candidates[0]
    where = _describe(entry_point)
    try:
        loaded = entry_point.load()
    except Exception as exc:  # a plugin may fail in any way while importing
        msg = (
            f"{where} could not be imported: {type(exc).__name__}: {exc}\n"
            "Hint: reinstall or upgrade that distribution, or uninstall it."
        )
        raise SourceLoadError(msg) from exc
    if not inspect.isclass(loaded):
        msg = (
            f"{where} must name a class (called with the options as keyword arguments), "
            f"got {type(loaded).__name__}."
        )
        raise SourceLoadError(msg)
    missing = [member for member in _REQUIRED_MEMBERS if not hasattr(loaded, member)]
    if missing:
        msg = (
            f"{where} does not satisfy the EvidenceSource protocol: missing "
            + ", ".join(missing)
            + ".\nHint: see docs/sources/writing-a-plugin.md."
        )
        raise SourceLoadError(msg)
    return loaded


def load_source(name: str, /, **options: Any) -> EvidenceSource:
    """Build the evidence source registered as ``name`` with ``options``.

    Args:
        name: the entry-point name (``table``, ``manual``, ``osce_smm`` ...).
        **options: keyword arguments of the source's class (e.g. ``path=``).

    Returns:
        The source; call its ``read(start, end, on_invalid=...)``.

    Raises:
        SourceLoadError: unknown name (the message lists the available ones), or a
            plugin that cannot be imported or does not satisfy the protocol (the message
            names the plugin and its distribution).
        ConfigError: the options do not fit the source's constructor.

    Examples:
        >>> import progress_indicators as pi
        >>> source = pi.load_source("osce_smm", path="smm.csv")
        >>> source.name
        'osce_smm'
    """
    cls = _load_class(name)
    try:
        inspect.signature(cls).bind(**options)
    except TypeError as exc:
        try:
            accepted = ", ".join(
                p.name
                for p in inspect.signature(cls).parameters.values()
                if p.kind is not inspect.Parameter.VAR_KEYWORD
            )
        except (TypeError, ValueError):  # pragma: no cover - builtins without signature
            accepted = "?"
        msg = (
            f"evidence source {name!r} does not accept these options: {exc}.\n"
            f"Hint: its options are: {accepted}."
        )
        raise ConfigError(msg) from None
    source = cls(**options)
    if not isinstance(source, EvidenceSource):
        entry_point = _entry_points()[name][0]
        msg = f"{_describe(entry_point)} built an object that is not an EvidenceSource."
        raise SourceLoadError(msg)
    return source


def available_sources() -> pd.DataFrame:
    """The installed evidence sources, one row each, sorted by name.

    Columns: ``name``, ``description`` (the class's ``description``, or why the plugin
    failed to load), ``distribution`` and ``version`` (who provided it), ``loaded``
    (``False`` for a broken plugin, so listings show it instead of hiding it).
    """
    rows = []
    for name, candidates in _entry_points().items():
        dist, version = _distribution(candidates[0])
        if len(candidates) > 1:
            dist = ", ".join(_distribution(ep)[0] for ep in candidates)
        try:
            description = str(_load_class(name).description)
            loaded = True
        except SourceLoadError as exc:
            description = f"(broken) {str(exc).splitlines()[0]}"
            loaded = False
        rows.append(
            {
                "name": name,
                "description": description,
                "distribution": dist,
                "version": version,
                "loaded": loaded,
            }
        )
    columns = ["name", "description", "distribution", "version", "loaded"]
    return pd.DataFrame(rows, columns=columns).astype({"loaded": bool})
