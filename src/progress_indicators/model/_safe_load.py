"""Bounded parsing of untrusted YAML and JSON text (configs, hand-coded evidence, GeoJSON).

YAML is composed into a node tree with PyYAML's *safe* loader, then walked with aliases
expanded before any Python object is built: the walk stops as soon as the nesting is
deeper than ``max_depth`` or the expanded tree has more than ``max_nodes`` nodes, so an
anchor/alias bomb ("billion laughs") or a recursive alias is refused after at most
``max_nodes`` steps instead of exhausting memory. JSON nesting is measured with a
vectorised bracket count before :func:`json.loads` runs, so a deeply nested document
is refused with a clear error rather than a ``RecursionError``.

Valid syntax must not lose data either:

- a key given twice in one mapping (YAML or JSON) is refused with both lines named
  (the parsers would keep the last one silently);
- YAML is resolved with :class:`CoreSchemaLoader`, a YAML 1.2 style *core schema*
  instead of PyYAML's YAML 1.1 one: only ``true``/``false`` are booleans, only ``null``,
  ``~`` and empty are null, integers are decimal without leading zeros, and floats are
  decimal (``1e3`` included) or ``.inf``/``.nan``. Everything else stays text:
  ``1:30`` is not 90 (sexagesimal), ``012`` and ``007`` are not octal or 7, ``yes``,
  ``no``, ``on`` and ``off`` are not booleans, ``0x1F`` is not 31 and unquoted dates
  are not ``datetime.date`` objects. Validation then decides what a value is and
  reports it per row, as it does for CSV cells. An explicit tag (``!!int 012``) is
  still honoured: it says what is meant.
"""

from __future__ import annotations

import contextlib
import json
import json.decoder
import json.scanner
import re
from typing import Any

import numpy as np
import yaml

__all__ = [
    "DEFAULT_JSON_DEPTH",
    "CoreSchemaLoader",
    "DuplicateKeyError",
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


class CoreSchemaLoader(TextSafeLoader):
    """The safe loader with YAML 1.2 core-schema resolution of plain scalars (see above).

    PyYAML implements YAML 1.1, whose implicit types turn text into numbers, booleans
    and dates (``1:30`` -> 90, ``012`` -> 10, ``no`` -> False); the resolvers are
    replaced here rather than hand-parsing YAML (``ruamel.yaml`` would add a dependency
    for the same few patterns).
    """

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012


_CORE_RESOLVERS = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        (
            r"^(?:[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
)
for _tag, _pattern, _first in _CORE_RESOLVERS:
    CoreSchemaLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


class LimitError(ValueError):
    """A document is malformed or over a size limit; callers re-raise their own error.

    Attributes:
        hint: what to do about it, when the caller's generic hint would not fit.
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class DuplicateKeyError(LimitError):
    """A mapping gives one key twice; ``lines`` are where (1-based; ``None`` if unknown)."""

    def __init__(self, key: object, lines: tuple[int | None, int | None]) -> None:
        first, second = lines
        where = (
            f" (line {first} and line {second})" if first is not None and second is not None else ""
        )
        super().__init__(
            f"the key {str(key)!r} is given twice in one mapping{where}; the parser would "
            "keep only the last one and lose the first silently",
            hint="remove or rename one of the two; each setting or field is given once.",
        )
        self.key = key
        self.lines = lines


def _scalar_key(node: yaml.ScalarNode) -> tuple[str, object]:
    """A comparable identity of a plain or quoted key (``1`` and ``+1`` are one int)."""
    value: object = node.value
    with contextlib.suppress(ValueError):
        if node.tag.endswith(":int"):
            value = int(node.value.replace("_", ""))
        elif node.tag.endswith(":float"):
            value = float(node.value.replace("_", ""))
        elif node.tag.endswith((":bool", ":null")):
            value = node.value.lower().replace("~", "null")
    return node.tag, value


def _check_unique_keys(node: yaml.MappingNode) -> None:
    seen: dict[tuple[str, object], int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag.endswith(":merge"):
            continue
        identity = _scalar_key(key)
        line = key.start_mark.line + 1
        if identity in seen:
            raise DuplicateKeyError(key.value, (seen[identity], line))
        seen[identity] = line


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
            _check_unique_keys(node)
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
        return json.loads(raw, object_pairs_hook=_unique_pairs)
    except _RepeatedKey as repeated:
        raise DuplicateKeyError(repeated.key, _json_key_lines(raw, repeated.key)) from None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, >4300 digits
        msg = f"not valid JSON: {exc}"
        raise LimitError(msg) from None


_JSON_OBJECT: Any = getattr(json.decoder, "JSONObject")  # noqa: B009 (not in the stubs)
_SCANSTRING: Any = getattr(json.decoder, "scanstring")  # noqa: B009


class _RepeatedKey(Exception):  # noqa: N818 (internal signal, never leaves this module)
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook``: a dict, or :class:`_RepeatedKey` when a key repeats."""
    out = dict(pairs)
    if len(out) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RepeatedKey(key)
            seen.add(key)
    return out


def _json_key_lines(raw: bytes, wanted: str) -> tuple[int | None, int | None]:
    """The lines of the first two occurrences of ``wanted`` as a key of one JSON object.

    Only run on the error path: the document is decoded again with the standard
    library's pure-Python scanner, whose object parser is wrapped to note where each
    key of an object starts (the fast C decoder gives no positions).
    """
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    found: list[int] = []

    def parse_object(state: tuple[str, int], strict: bool, scan_once: Any, *rest: Any) -> Any:
        document, start = state
        result, end = _JSON_OBJECT(state, strict, scan_once, None, list, *rest[2:])
        keys = [key for key, _ in result]
        if not found and len(set(keys)) < len(keys) and keys.count(wanted) > 1:
            position = start
            for key in keys:
                position = document.index('"', position)
                if key == wanted:
                    found.append(position)
                _, position = _SCANSTRING(document, position + 1, strict)
                position = document.index(":", position) + 1
                while document[position] in " \t\r\n":
                    position += 1
                _, position = scan_once(document, position)
        return dict(result), end

    decoder = json.JSONDecoder()
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    with contextlib.suppress(ValueError, RecursionError):
        decoder.decode(text)
    lines = [text.count("\n", 0, position) + 1 for position in found[:2]]
    return (lines[0], lines[1]) if len(lines) == 2 else (None, None)
