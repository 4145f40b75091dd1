"""Bounded parsing of untrusted YAML and JSON text (configs, hand-coded evidence, GeoJSON).

YAML is composed into a node tree with PyYAML's *safe* loader, then walked with aliases
expanded before any Python object is built: the walk stops as soon as the nesting is
deeper than ``max_depth`` or the expanded tree has more than ``max_nodes`` nodes, so an
anchor/alias bomb ("billion laughs") or a recursive alias is refused after at most
``max_nodes`` steps instead of exhausting memory. JSON nesting is measured with a
vectorised bracket count before :func:`json.loads` runs, so a deeply nested document
is refused with a clear error rather than a ``RecursionError``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import yaml

__all__ = [
    "DEFAULT_JSON_DEPTH",
    "LimitError",
    "TextSafeLoader",
    "compose_yaml",
    "json_depth",
    "load_json",
]

DEFAULT_JSON_DEPTH = 64
"""Deepest JSON nesting accepted by default (GeoJSON needs about 8; configs about 5)."""

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


_SURROGATE = re.compile("[\ud800-\udfff]")


class TextSafeLoader(yaml.SafeLoader):
    r"""PyYAML's safe loader whose strings are always valid Unicode.

    JSON escapes astral characters as surrogate pairs (``"\ud83d\ude00"``), which
    YAML decodes as two lone surrogates that no UTF-8 encoder (pyarrow, files) accepts.
    Pairs are joined into their character; lone surrogates become U+FFFD.
    """

    def construct_scalar(self, node: yaml.Node) -> Any:
        """The scalar's value, with surrogates repaired."""
        value = super().construct_scalar(node)  # type: ignore[arg-type]
        if isinstance(value, str) and _SURROGATE.search(value):
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return value


class LimitError(ValueError):
    """A document is malformed or over a size limit; callers re-raise their own error."""


def compose_yaml(
    text: str, *, loader: type[yaml.SafeLoader], max_depth: int, max_nodes: int
) -> yaml.Node | None:
    """Compose ``text`` with ``loader`` and check depth and expanded node count.

    Raises:
        LimitError: the text is not YAML, nests deeper than ``max_depth`` or expands
            (aliases counted every time they are used) to more than ``max_nodes`` nodes.
    """
    try:
        _check_event_depth(text, loader=loader, max_depth=max_depth)
        root = yaml.compose(text, Loader=loader)
    except (yaml.YAMLError, RecursionError) as exc:
        msg = f"not valid YAML/JSON: {exc}"
        raise LimitError(msg) from None
    if root is None:
        return None
    visited = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        visited += 1
        if depth > max_depth:
            msg = (
                f"nests deeper than {max_depth} levels (line {node.start_mark.line + 1}; "
                "a recursive alias also counts as infinitely deep)"
            )
            raise LimitError(msg)
        if visited > max_nodes:
            msg = (
                f"has more than {max_nodes:,} YAML nodes once aliases are expanded "
                "(an anchor/alias bomb?)"
            )
            raise LimitError(msg)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend(((key, depth + 1), (value, depth + 1)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return root


def _check_event_depth(text: str, *, loader: type[yaml.SafeLoader], max_depth: int) -> None:
    """Refuse deep nesting from the parser's events (iterative: no recursion, no nodes)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > max_depth:
                line = event.start_mark.line + 1 if event.start_mark else "?"
                msg = f"nests deeper than {max_depth} levels (line {line})"
                raise LimitError(msg)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def json_depth(data: bytes) -> int:
    """The deepest nesting of ``[`` and ``{`` in a JSON document (strings ignored)."""
    stripped = _STRING.sub(b'""', data)
    codes = np.frombuffer(stripped, dtype=np.uint8)
    steps = np.zeros(len(codes), dtype=np.int64)
    steps[(codes == ord("[")) | (codes == ord("{"))] = 1
    steps[(codes == ord("]")) | (codes == ord("}"))] = -1
    return int(np.cumsum(steps).max(initial=0))


def load_json(data: bytes | str, *, max_depth: int = DEFAULT_JSON_DEPTH) -> Any:
    """:func:`json.loads` after checking the nesting depth.

    Raises:
        LimitError: not JSON (bad syntax, not UTF-8) or deeper than ``max_depth``.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    depth = json_depth(raw)
    if depth > max_depth:
        msg = f"nests {depth} levels deep, more than the limit of {max_depth}"
        raise LimitError(msg)
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, >4300 digits
        msg = f"not valid JSON: {exc}"
        raise LimitError(msg) from None
