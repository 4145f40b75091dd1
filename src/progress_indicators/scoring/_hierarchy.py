"""A multi-level composite structure: metrics -> indicators -> ... -> index."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from progress_indicators._arguments import argument_error, sequence
from progress_indicators.exceptions import (
    ConfigError,
    Reason,
    SchemaError,
    ValidationError,
    did_you_mean,
)
from progress_indicators.scoring._aggregate import (
    aggregate_array,
    check_domain,
    check_method,
    check_options,
    level_threshold,
)
from progress_indicators.scoring._common import as_float_array, hint

if TYPE_CHECKING:
    from progress_indicators.scoring._aggregate import Threshold
    from progress_indicators.scoring._common import FloatArray

__all__ = ["Hierarchy", "MethodSpec"]

#: One aggregation method for every level, or a mapping level (2, 3, ...) -> method.
MethodSpec = str | Mapping[int, str]


@attrs.frozen(kw_only=True)
class _Group:
    """One aggregate element and the positions of its children."""

    position: int
    level: int
    children: tuple[int, ...]


# The converters of Hierarchy's fields: each field is an ordered sequence (one item per
# element); an item of the wrong kind is an InputTypeError naming the field and the item
# (str() of a list or None made a code of its repr, int("3") and float("1") read text).
_WHERE = "Hierarchy"


def _items(values: object, name: str, expected: str) -> tuple[object, ...]:
    items = sequence(values, where=_WHERE, name=name, expected=f"a sequence of {expected}")
    for position, item in enumerate(items):
        if not _ITEM_TESTS[name](item):
            raise argument_error(
                _WHERE,
                f"{name}[{position}]",
                expected.removesuffix("s"),
                item,
                hint=f"{name} holds one item per element of the hierarchy.",
            )
    return items


def _is_code(item: object) -> bool:
    return isinstance(item, (str, int, np.integer)) and not isinstance(item, (bool, np.bool_))


def _is_whole(item: object) -> bool:
    return isinstance(item, (int, np.integer)) and not isinstance(item, (bool, np.bool_))


def _is_number(item: object) -> bool:
    return isinstance(item, (int, float, np.integer, np.floating)) and not isinstance(
        item, (bool, np.bool_)
    )


_ITEM_TESTS = {
    "codes": _is_code,
    "parents": lambda item: item is None or _is_code(item),
    "levels": _is_whole,
    "weights": _is_number,
    "directions": _is_number,
}


def _tuple_str(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in _items(values, "codes", "codes (texts)"))


def _tuple_parent(values: Any) -> tuple[str | None, ...]:
    items = _items(values, "parents", "parent codes (texts, None for the top)")
    return tuple(None if v is None else str(v) for v in items)


def _tuple_int(values: Any) -> tuple[int, ...]:
    return tuple(int(v) for v in _items(values, "levels", "whole numbers"))  # type: ignore[call-overload]


def _tuple_float(values: Any) -> tuple[float, ...]:
    return tuple(float(v) for v in _items(values, "weights", "numbers"))  # type: ignore[arg-type]


def _tuple_direction(values: Any) -> tuple[float, ...]:
    return tuple(float(v) for v in _items(values, "directions", "numbers"))  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class Hierarchy:
    """A validated tree (or forest) of elements; level 1 holds the indicators.

    An attrs value (internal, built from a table the caller already parsed): frozen,
    validated at construction. Every element has a code, an optional parent (None for
    the top), a level (parents sit at a higher level than their children), a weight >= 0
    relative to its siblings and a direction (+1 or -1, used for the indicators).

    Build it with :meth:`from_frame`. Change weights with :meth:`with_weights`.

    Raises:
        ValidationError: duplicate codes, unknown parents, cycles, orphans (elements
            without parent below the top level, aggregates without children), indicators
            with children, children not below their parent, negative or non-finite
            weights, all-zero sibling weights, directions other than +1/-1. All failures
            are listed at once in ``failure_cases``.
    """

    codes: tuple[str, ...] = attrs.field(converter=_tuple_str)
    parents: tuple[str | None, ...] = attrs.field(converter=_tuple_parent)
    levels: tuple[int, ...] = attrs.field(converter=_tuple_int)
    weights: tuple[float, ...] = attrs.field(converter=_tuple_float)
    directions: tuple[float, ...] = attrs.field(converter=_tuple_direction)
    _groups: tuple[_Group, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_groups", self._validate())

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_frame(
        cls,
        table: pd.DataFrame,
        *,
        code: str = "code",
        parent: str = "parent",
        level: str | None = "level",
        weight: str | None = "weight",
        direction: str | None = "direction",
    ) -> Hierarchy:
        """Build a hierarchy from a table with one row per element.

        Args:
            table: one row per element (indicators and aggregates).
            code: column of element codes.
            parent: column of parent codes (empty/NaN for the top).
            level: column of levels (1 = indicators); None to derive levels from the tree
                (leaves 1, a parent one above its highest child).
            weight: column of weights; None for equal weights.
            direction: column of directions (+1/-1); None for all +1. Missing directions
                of aggregates are taken as +1.

        Returns:
            The validated hierarchy.

        Raises:
            SchemaError: a named column is absent.
            ValidationError: the structure is invalid (see the class docstring).
        """
        named = {"code": code, "parent": parent, "level": level, "weight": weight}
        named["direction"] = direction
        absent = [(k, v) for k, v in named.items() if v is not None and v not in table.columns]
        if absent:
            key, col = absent[0]
            suggestion = did_you_mean(str(col), [str(c) for c in table.columns])
            msg = (
                f"Hierarchy.from_frame: column {col!r} (for {key}=) is not in the table; "
                f"columns are {list(table.columns)}."
                + hint(suggestion or f"pass {key}=<column name> or {key}=None.")
            )
            raise SchemaError(msg)
        codes = table[code]
        if codes.isna().any():
            cases = pd.DataFrame(
                {
                    "row": np.nonzero(codes.isna().to_numpy())[0],
                    "column": code,
                    "check": "code present",
                    "value": "NaN",
                    "reason": Reason.MISSING_VALUE,
                }
            )
            raise ValidationError(cases, table="hierarchy", where="Hierarchy.from_frame")
        parents = [None if pd.isna(p) or str(p) == "" else str(p) for p in table[parent]]
        weights = (
            [1.0] * len(table)
            if weight is None
            else pd.to_numeric(table[weight], errors="coerce").astype(float).tolist()
        )
        directions = (
            [1.0] * len(table)
            if direction is None
            else pd.to_numeric(table[direction], errors="coerce").fillna(1.0).astype(float).tolist()
        )
        if level is None:
            levels = _derive_levels([str(c) for c in codes], parents)
        else:
            raw = pd.to_numeric(table[level], errors="coerce")
            levels = [-1 if pd.isna(v) else int(v) for v in raw]
        return cls(
            codes=codes.tolist(),
            parents=parents,
            levels=levels,
            weights=weights,
            directions=directions,
        )

    def with_weights(self, weights: Mapping[str, float]) -> Hierarchy:
        """Return a copy with the weights of the named elements replaced.

        Raises:
            ConfigError: an unknown code.
        """
        unknown = [k for k in weights if k not in self.codes]
        if unknown:
            msg = f"Hierarchy.with_weights: unknown element(s) {unknown}." + hint(
                did_you_mean(str(unknown[0]), self.codes)
            )
            raise ConfigError(msg)
        new = tuple(float(weights.get(c, w)) for c, w in zip(self.codes, self.weights, strict=True))
        return attrs.evolve(self, weights=new)

    # -- views --------------------------------------------------------------------------
    @property
    def indicators(self) -> tuple[str, ...]:
        """Codes of the level-1 elements, in table order."""
        return tuple(c for c, lv in zip(self.codes, self.levels, strict=True) if lv == 1)

    @property
    def top_level(self) -> int:
        """The highest level."""
        return max(self.levels)

    @property
    def top(self) -> tuple[str, ...]:
        """Codes of the elements without parent (one for a single index)."""
        return tuple(c for c, p in zip(self.codes, self.parents, strict=True) if p is None)

    @property
    def indicator_directions(self) -> dict[str, float]:
        """Direction of every indicator."""
        return {
            c: d
            for c, d, lv in zip(self.codes, self.directions, self.levels, strict=True)
            if lv == 1
        }

    @property
    def column_order(self) -> tuple[str, ...]:
        """All codes sorted by level (stable within a level): the columns of :meth:`aggregate`."""
        order = sorted(range(len(self.codes)), key=lambda i: self.levels[i])
        return tuple(self.codes[i] for i in order)

    def to_frame(self) -> pd.DataFrame:
        """The hierarchy as a table (code, parent, level, weight, direction)."""
        return pd.DataFrame(
            {
                "code": list(self.codes),
                "parent": list(self.parents),
                "level": list(self.levels),
                "weight": list(self.weights),
                "direction": list(self.directions),
            }
        )

    def effective_weights(self) -> pd.Series:
        """Each element's weight in its top score: the product of sibling shares up the tree.

        Returns:
            A Series indexed by code; indicators sum to 1 under each top element.
        """
        position = {c: i for i, c in enumerate(self.codes)}
        share = self._sibling_shares(np.asarray(self.weights, dtype=np.float64))
        out = np.ones(len(self.codes))
        for i in range(len(self.codes)):
            j: int | None = i
            while j is not None:
                out[i] *= share[j]
                parent = self.parents[j]
                j = position[parent] if parent is not None else None
        return pd.Series(out, index=list(self.codes), name="effective_weight")

    # -- scoring ------------------------------------------------------------------------
    def aggregate(
        self,
        normalised: pd.DataFrame,
        method: MethodSpec = "arithmetic",
        *,
        data_threshold: Threshold = None,
        offset: float | None = None,
        p: float | None = None,
    ) -> pd.DataFrame:
        """Aggregate normalised indicators level by level up to the top.

        Missing values are re-weighted away inside each group (COINr's convention); a group
        whose weight share of non-missing children is below ``data_threshold`` gives NaN.

        Args:
            normalised: rows x indicator columns (every level-1 code; other columns are
                ignored).
            method: one method for every level, or a mapping from the level being
                computed (2, 3, ...) to a method; every level above 1 must be given.
            data_threshold: minimum share of non-missing child weight per group: one
                number, or a mapping from the level being computed to a number (levels
                not in the mapping have no threshold).
            offset: see :func:`~progress_indicators.scoring.aggregate`.
            p: the power of the ``generalised`` mean.

        Returns:
            A new DataFrame with a column for every element of every level
            (:attr:`column_order`), indexed like ``normalised``.

        Raises:
            SchemaError: an indicator column is missing.
            ConfigError: a bad method or option.
            ScoringError: values outside the domain of a mean.
        """
        where = "Hierarchy.aggregate"
        methods = self.resolve_methods(method, where=where)
        for m in methods.values():
            check_options(m, p=p, data_threshold=data_threshold, offset=offset, where=where)
        values = self.indicator_array(normalised, where=where)
        out = self.aggregate_array(
            values,
            np.asarray(self.weights, dtype=np.float64),
            methods,
            data_threshold=data_threshold,
            offset=offset,
            p=p,
            index=normalised.index,
        )
        order = [self.codes.index(c) for c in self.column_order]
        return pd.DataFrame(
            out[:, order], index=normalised.index.copy(), columns=list(self.column_order)
        )

    def resolve_methods(self, method: MethodSpec, *, where: str) -> dict[int, str]:
        """Method per computed level (2 .. top)."""
        levels = sorted({lv for lv in self.levels if lv > 1})
        if isinstance(method, str):
            resolved = dict.fromkeys(levels, method)
        else:
            missing = [lv for lv in levels if lv not in method]
            extra = [lv for lv in method if lv not in levels]
            if missing or extra:
                msg = (
                    f"{where}: method mapping must give exactly the levels {levels} "
                    f"(missing {missing}, unknown {extra})."
                    + hint("keys are the level being computed: 2 for the first aggregates.")
                )
                raise ConfigError(msg)
            resolved = {lv: method[lv] for lv in levels}
        for m in resolved.values():
            check_method(m, where=where)
        return resolved

    def indicator_array(self, normalised: pd.DataFrame, *, where: str) -> FloatArray:
        """Array (rows, elements) with the indicator columns filled and aggregates NaN."""
        missing = [c for c in self.indicators if c not in normalised.columns]
        if missing:
            suggestion = did_you_mean(missing[0], [str(c) for c in normalised.columns])
            msg = (
                f"{where}: indicator column(s) {missing} are missing from the data "
                f"(expected all of the {len(self.indicators)} level-1 codes)." + hint(suggestion)
            )
            raise SchemaError(msg)
        block = as_float_array(normalised[list(self.indicators)], where=where)
        out = np.full((len(normalised), len(self.codes)), np.nan)
        out[:, [self.codes.index(c) for c in self.indicators]] = block
        return out

    def aggregate_array(
        self,
        values: FloatArray,
        weights: FloatArray,
        methods: Mapping[int, str],
        *,
        data_threshold: Threshold,
        offset: float | None,
        p: float | None,
        index: pd.Index,
    ) -> FloatArray:
        """Fill the aggregate columns of ``values`` (rows, elements) level by level."""
        out = values.copy()
        for group in self._groups:
            method = methods[group.level]
            children = list(group.children)
            block = out[:, children]
            w = weights[children]
            shifted = block + offset if offset is not None else block
            check_domain(
                shifted,
                w,
                method,
                p,
                columns=[self.codes[c] for c in children],
                index=index,
                where=(
                    f"Hierarchy.aggregate: element {self.codes[group.position]!r} "
                    f"(level {group.level}, {method})"
                ),
                offset=offset,
            )
            out[:, group.position] = aggregate_array(
                block,
                w,
                method,
                p=p,
                data_threshold=level_threshold(data_threshold, group.level),
                offset=offset,
            )[0]
        return out

    @property
    def groups(self) -> tuple[tuple[int, int, tuple[int, ...]], ...]:
        """(position, level, child positions) of every aggregate, in computation order."""
        return tuple((g.position, g.level, g.children) for g in self._groups)

    # -- validation ---------------------------------------------------------------------
    def _sibling_shares(self, weights: FloatArray) -> FloatArray:
        share = np.ones(len(self.codes))
        for group in self._groups:
            children = list(group.children)
            share[children] = weights[children] / weights[children].sum()
        return share

    def _validate(self) -> tuple[_Group, ...]:
        n = len(self.codes)
        lengths = {len(self.parents), len(self.levels), len(self.weights), len(self.directions)}
        if lengths != {n}:
            msg = "Hierarchy: codes, parents, levels, weights and directions differ in length."
            raise ConfigError(msg)
        cases: list[tuple[int | None, str, str, str, Reason]] = []
        position: dict[str, int] = {}
        for i, c in enumerate(self.codes):
            if c in position:
                cases.append((i, "code", "unique code", c, Reason.DUPLICATE_ID))
            else:
                position[c] = i
        top = max(self.levels) if n else 0
        children: dict[int, list[int]] = {}
        for i, (c, par, lv, w, d) in enumerate(
            zip(self.codes, self.parents, self.levels, self.weights, self.directions, strict=True)
        ):
            cases.extend(_value_checks(i, lv, w, d))
            if par is None:
                if lv != top:
                    cases.append(
                        (
                            i,
                            "parent",
                            f"no orphans: level {lv} < top {top} needs a parent",
                            c,
                            Reason.MISSING_VALUE,
                        )
                    )
                continue
            if par not in position:
                cases.append((i, "parent", "parent is a known code", par, Reason.UNKNOWN_INDICATOR))
                continue
            j = position[par]
            children.setdefault(j, []).append(i)
            if self.levels[j] <= lv:
                cases.append(
                    (
                        i,
                        "level",
                        f"parent {par!r} (level {self.levels[j]}) above child",
                        str(lv),
                        Reason.OUT_OF_RANGE,
                    )
                )
        cases.extend(self._cycles(position))
        cases.extend(self._group_checks(children))
        if cases:
            frame = pd.DataFrame(cases, columns=["row", "column", "check", "value", "reason"])
            raise ValidationError(
                frame,
                table="hierarchy",
                where="Hierarchy",
                hint="rows are positions in the hierarchy table; level 1 holds indicators.",
            )
        groups = [
            _Group(position=i, level=self.levels[i], children=tuple(kids))
            for i, kids in children.items()
        ]
        groups.sort(key=lambda g: (g.level, g.position))
        return tuple(groups)

    def _group_checks(
        self, children: dict[int, list[int]]
    ) -> list[tuple[int | None, str, str, str, Reason]]:
        found: list[tuple[int | None, str, str, str, Reason]] = []
        for i, lv in enumerate(self.levels):
            kids = children.get(i, [])
            code = self.codes[i]
            if lv == 1 and kids:
                check = "indicators (level 1) have no children"
                found.append((i, "level", check, code, Reason.OUT_OF_RANGE))
            if lv > 1 and not kids:
                found.append((i, "code", "aggregates have children", code, Reason.MISSING_VALUE))
            if kids and not sum(self.weights[k] for k in kids if np.isfinite(self.weights[k])) > 0:
                found.append((i, "weight", "some child weight > 0", code, Reason.OUT_OF_RANGE))
        return found

    def _cycles(self, position: dict[str, int]) -> list[tuple[int | None, str, str, str, Reason]]:
        found: list[tuple[int | None, str, str, str, Reason]] = []
        for i in range(len(self.codes)):
            seen = {i}
            par = self.parents[i]
            while par is not None and par in position:
                j = position[par]
                if j in seen:
                    found.append((i, "parent", "no cycles", self.codes[i], Reason.OUT_OF_RANGE))
                    break
                seen.add(j)
                par = self.parents[j]
        return found


def _value_checks(
    i: int, level: int, weight: float, direction: float
) -> list[tuple[int | None, str, str, str, Reason]]:
    found: list[tuple[int | None, str, str, str, Reason]] = []
    if level < 1:
        found.append((i, "level", "level is an integer >= 1", str(level), Reason.OUT_OF_RANGE))
    if not (np.isfinite(weight) and weight >= 0):
        found.append((i, "weight", "finite weight >= 0", str(weight), Reason.OUT_OF_RANGE))
    if direction not in (1.0, -1.0):
        check = "direction is +1 or -1"
        found.append((i, "direction", check, str(direction), Reason.OUT_OF_RANGE))
    return found


def _derive_levels(codes: list[str], parents: list[str | None]) -> list[int]:
    """Leaves get 1, a parent one more than its highest child (cycles left to validation)."""
    position = {c: i for i, c in enumerate(codes)}
    levels = [1] * len(codes)
    for _ in range(len(codes)):
        changed = False
        for i, par in enumerate(parents):
            if par in position:
                j = position[par]
                if levels[j] < levels[i] + 1 <= len(codes):
                    levels[j] = levels[i] + 1
                    changed = True
        if not changed:
            break
    return levels
