"""The ``manual`` source: hand-coded YAML or JSON files of observations and events.

For evidence no dataset publishes: sovereignty provisions, official statements on the
war's narratives, exchanges reported in the news. The file is a mapping::

    defaults:            # optional: values for every item that lacks them
      source: Kremlin.ru transcripts, coded by the project
      reliability: B
      credibility: 2
    observations:        # rows of the observation contract
      - observation_id: provision-annexation-2022-09-30
        indicator: sovereignty_respect
        metric: provision_annexation
        date: 2022-09-30
        value: 0
        unit: pam_0_3
        verification: verified
    humanitarian:        # rows of the humanitarian contract (routed to the ledger)
      - event_id: exchange-2025-05-25
        date: 2025-05-25
        kind: pow_exchange
        ...

YAML is loaded with PyYAML's ``SafeLoader`` only (no Python objects), after checks on
the file size (bytes actually read), the nesting depth and the number of nodes. Plain
values are resolved with the YAML 1.2 core schema
(:class:`~progress_indicators.model._safe_load.CoreSchemaLoader`): ``1:30``, ``012``,
``007``, ``yes`` and unquoted dates stay text, and validation says what they are. A key
given twice in one mapping (two ``observations:`` sections, a field given twice in an
item) is an error naming both lines. JSON files are read the same
way (JSON is YAML), so both give line numbers: the ``row`` of every reject is the line
on which its item starts in the file. Verification rule: the grade the coder recorded
(per item or in ``defaults``); the source assigns none, and an item without one is
rejected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd
import yaml

from progress_indicators.exceptions import (
    ConfigError,
    DataFileError,
    InputTypeError,
    Reason,
    did_you_mean,
)
from progress_indicators.model import HUMANITARIAN_COLUMNS, OBSERVATION_COLUMNS, Indicator
from progress_indicators.model._bounded import byte_limit, path_argument, read_bounded
from progress_indicators.model._safe_load import CoreSchemaLoader, LimitError, compose_yaml
from progress_indicators.sources._base import (
    Coverage,
    Evidence,
    build_evidence,
    empty_humanitarian,
    empty_observations,
)
from progress_indicators.sources._io import (
    OUTSIDE_SPAN,
    checked_path,
    file_provenance,
    within_span,
)

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from progress_indicators.validation import OnInvalid

__all__ = ["ManualSource"]

_SECTIONS = ("defaults", "observations", "humanitarian")
_SHAPE_HINT = (
    "\nHint: the file is a mapping with 'defaults' (a mapping), 'observations' and "
    "'humanitarian' (lists of mappings)."
)
_MAX_BYTES = 10_000_000
_MAX_DEPTH = 16
_MAX_NODES = 1_000_000


class _Loader(CoreSchemaLoader):
    """The core-schema safe loader; explicit ``!!timestamp`` tags are kept as text too."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    assert isinstance(node, yaml.ScalarNode)
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _compose(text: str, where: str, *, max_depth: int, max_nodes: int) -> yaml.Node | None:
    """Compose the YAML node tree (no Python objects yet) and check its shape limits."""
    try:
        return compose_yaml(text, loader=_Loader, max_depth=max_depth, max_nodes=max_nodes)
    except LimitError as exc:
        hint = exc.hint or (
            "items are flat mappings of contract columns; raise max_depth=/max_nodes= "
            "only for a trusted file."
        )
        msg = f"{where} {exc}.\nHint: {hint}"
        raise DataFileError(msg) from None


def _construct(node: yaml.Node, where: str) -> Any:
    """Build Python values from a node with the safe constructor."""
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    except (yaml.YAMLError, ValueError) as exc:  # e.g. a !!python tag, refused
        detail = str(exc).replace("\n", " ")
        msg = (
            f"{where} is not valid YAML/JSON for the safe loader: {detail}\n"
            "Hint: plain values only; tags that build Python objects are refused."
        )
        raise DataFileError(msg) from None
    finally:
        loader.dispose()


def _positive(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        msg = (
            f"ManualSource {name} must be a whole number > 0 (got {value!r} that is a "
            f"{type(value).__name__}).\nHint: leave it out for the default."
        )
        raise InputTypeError(msg)
    return value


def _cases(rows: list[dict[str, Any]]) -> pd.DataFrame:
    columns = ["row", "column", "check", "value", "reason"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["row"] = frame["row"].astype("Int64")
    return frame


class ManualSource:
    """Observations and humanitarian events coded by hand in a YAML or JSON file.

    Args:
        path: the ``.yaml``/``.yml``/``.json`` file.
        max_bytes: refuse larger files (default 10 MB).
        max_depth: refuse deeper nesting (default 16).
        max_nodes: refuse files with more YAML nodes, aliases expanded (default 1,000,000).
    """

    name: ClassVar[str] = "manual"
    description: ClassVar[str] = (
        "Hand-coded YAML/JSON observations and humanitarian events (sovereignty "
        "provisions, official statements, exchanges); grades as coded; line-numbered errors."
    )

    def __init__(
        self,
        path: str | Path,
        *,
        max_bytes: int = _MAX_BYTES,
        max_depth: int = _MAX_DEPTH,
        max_nodes: int = _MAX_NODES,
    ) -> None:
        self.path = path_argument(path)
        self.max_bytes = byte_limit(max_bytes)
        self.max_depth = _positive(max_depth, "max_depth")
        self.max_nodes = _positive(max_nodes, "max_nodes")

    def __repr__(self) -> str:
        return f"ManualSource({str(self.path)!r})"

    @property
    def indicators(self) -> frozenset[Indicator]:
        """Any of the four: the coder decides."""
        return frozenset(Indicator)

    @property
    def coverage(self) -> Coverage:
        """Open: hand-coded evidence can cover any span."""
        return Coverage(area="as coded in the file")

    def _sections(self, path: Path) -> tuple[dict[str, Any], dict[str, list[tuple[int, Any]]]]:
        data = read_bounded(
            path, what="manual evidence", max_bytes=self.max_bytes, decompress=False
        )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = (
                f"{path.name} is not UTF-8 text (byte {exc.start}).\nHint: save the file as UTF-8."
            )
            raise DataFileError(msg) from None
        root = _compose(text, path.name, max_depth=self.max_depth, max_nodes=self.max_nodes)
        if root is None:
            return {}, {"observations": [], "humanitarian": []}
        if not isinstance(root, yaml.MappingNode):
            msg = (
                f"{path.name}, line {root.start_mark.line + 1}: the file must be a mapping "
                f"with the keys {', '.join(_SECTIONS)} (got a {root.tag.rsplit(':', 1)[-1]})."
                f"{_SHAPE_HINT}"
            )
            raise ConfigError(msg)
        defaults: dict[str, Any] = {}
        items: dict[str, list[tuple[int, Any]]] = {"observations": [], "humanitarian": []}
        for key_node, value_node in root.value:
            key = _construct(key_node, path.name)
            line = key_node.start_mark.line + 1
            if key not in _SECTIONS:
                hint = did_you_mean(str(key), _SECTIONS)
                msg = f"{path.name}, line {line}: unknown section {key!r}; expected {_SECTIONS}."
                msg += f"\nHint: {hint}" if hint else _SHAPE_HINT
                raise ConfigError(msg)
            if key == "defaults":
                value = _construct(value_node, path.name)
                if not isinstance(value, dict):
                    msg = f"{path.name}, line {line}: 'defaults' must be a mapping.{_SHAPE_HINT}"
                    raise ConfigError(msg)
                defaults = value
                continue
            if (
                isinstance(value_node, yaml.ScalarNode)
                and _construct(value_node, path.name) is None
            ):
                continue
            if not isinstance(value_node, yaml.SequenceNode):
                msg = f"{path.name}, line {line}: {key!r} must be a list of items.{_SHAPE_HINT}"
                raise ConfigError(msg)
            items[key] = [
                (item.start_mark.line + 1, _construct(item, path.name)) for item in value_node.value
            ]
        known = set(OBSERVATION_COLUMNS) | set(HUMANITARIAN_COLUMNS)
        unknown = [k for k in defaults if k not in known]
        if unknown:
            known_list = ", ".join(sorted(known))
            msg = (
                f"{path.name}: 'defaults' has unknown keys {unknown}.\n"
                f"Hint: defaults take contract columns: {known_list}."
            )
            raise ConfigError(msg)
        return defaults, items

    @staticmethod
    def _table(
        items: list[tuple[int, Any]],
        contract: tuple[str, ...],
        defaults: dict[str, Any],
        failures: list[dict[str, Any]],
    ) -> pd.DataFrame:
        """Items to a contract table indexed by line; malformed items become failures."""
        records, lines = [], []
        for line, item in items:
            if not isinstance(item, dict):
                failures.append(
                    {
                        "row": line,
                        "column": "-",
                        "check": "item is a mapping",
                        "value": repr(item)[:80],
                        "reason": Reason.MALFORMED_RECORD.value,
                    }
                )
                continue
            unknown = [k for k in item if k not in contract]
            for key in unknown:
                hint = did_you_mean(str(key), contract)
                failures.append(
                    {
                        "row": line,
                        "column": str(key),
                        "check": "is a contract column" + (f" ({hint})" if hint else ""),
                        "value": repr(item[key])[:80],
                        "reason": Reason.UNKNOWN_FIELD.value,
                    }
                )
            record = {k: v for k, v in defaults.items() if k in contract}
            record.update({k: v for k, v in item.items() if k in contract})
            records.append(record)
            lines.append(line)
        table = pd.DataFrame(records, index=pd.Index(lines, dtype="int64"))
        for column in contract:
            if column not in table.columns:
                table[column] = None
        return table[list(contract)].astype(object)

    def read(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        on_invalid: OnInvalid = "raise",
    ) -> Evidence:
        """Read the file; items dated outside ``start``..``end`` are skipped and counted.

        Raises:
            DataFileError: missing, too large, too deep, or not YAML/JSON.
            ConfigError: the file is not a mapping of the known sections.
            ValidationError: in ``raise`` mode, when any item fails a check; each
                failure's ``row`` is the line of its item.
        """
        path = checked_path(self.path, what="manual evidence", max_bytes=self.max_bytes)
        defaults, items = self._sections(path)
        numbering = "line numbers"
        lines = [line for section in items.values() for line, _ in section]
        if len(set(lines)) < len(lines):
            # Several items on one line (flow style, minified JSON) or aliased items:
            # lines cannot tell rows apart, so rows are numbered by item (1, 2, ...).
            numbering = "item numbers, in file order"
            counter = iter(range(1, len(lines) + 1))
            items = {
                key: [(next(counter), item) for _, item in section]
                for key, section in items.items()
            }
        failures: list[dict[str, Any]] = []
        observations = self._table(items["observations"], OBSERVATION_COLUMNS, defaults, failures)
        humanitarian = self._table(items["humanitarian"], HUMANITARIAN_COLUMNS, defaults, failures)
        bad_lines = {f["row"] for f in failures}
        obs_inside = within_span(observations["date"], start, end) | observations.index.isin(
            bad_lines
        )
        hum_inside = within_span(humanitarian["date"], start, end) | humanitarian.index.isin(
            bad_lines
        )
        outside = int((~obs_inside).sum() + (~hum_inside).sum())
        observations = observations[obs_inside]
        humanitarian = humanitarian[hum_inside]
        return build_evidence(
            source=self.name,
            read=len(items["observations"]) + len(items["humanitarian"]),
            observations=observations if len(observations) else empty_observations(),
            humanitarian=humanitarian if len(humanitarian) else empty_humanitarian(),
            rejected=_cases(failures) if failures else None,
            skipped={OUTSIDE_SPAN: outside} if outside else None,
            on_invalid=on_invalid,
            where=f"{path.name} (rows are {numbering})",
            provenance=file_provenance(path),
        )
