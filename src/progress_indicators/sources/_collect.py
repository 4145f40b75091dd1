"""Combine several sources into one observation table and one humanitarian table.

Rule (documented in ``docs/sources/index.md``):

* **Same event.** Two rows describe the same event when they agree on the metric,
  indicator, unit, ``date``, ``end_date`` and place (``region`` and coordinates rounded
  to 0.01 degree; missing equals missing) and their values agree within ``tolerance``
  (relative; ``0`` means equal). Humanitarian rows are *reconciled* by their own rule
  (below).
* **Only across datasets.** Rows are merged only when they come from different
  datasets (one per source read; a merged row belongs to all of its datasets): two
  rows of one dataset are two events, never one.
* **Clustering.** Within a key, rows are taken in a fixed order (value, source, id) and
  each joins the first earlier cluster whose first row (the anchor) it agrees with and
  whose datasets it does not share, else starts a cluster. The merged row is the
  anchor's, with ``source`` the sorted reporters joined by ``"; "``, the best member
  grade, and the best reliability and credibility of the members. ``disputed`` and
  ``refuted`` rows are never merged.
* **Corroboration.** Reporters are the ``source`` values (a merged row's reporters are
  its ``source`` split on ``"; "``). Two datasets republishing one reporter (two
  extracts of the OSCE SMM's own counts) are deduplicated but corroborate nothing. A
  merged row with two or more distinct reporters agreeing gets ``max(best member
  grade, corroborated)``: agreement raises a grade to ``corroborated`` and never
  above; a member already ``verified`` keeps ``verified``.
* **Nothing lost.** :attr:`Collection.reported_by` has one row per input row: which
  output row it became part of, its dataset, its reporter, its own id and its own grade.

Ledger reconciliation (issue #18). Two compilations of the same exchange often disagree
on its counts (2025-04-19: 246 each way by the Russian MoD, 277 and 261 with the
wounded), and keeping both double counts the persons returned.

* **Same event.** Two ledger rows from different datasets are one event when they have
  the same ``kind``, dates at most ``ledger_days`` apart (default 0: the same day), and
  each count agrees within ``ledger_tolerance`` (relative to the larger; default 0.25)
  or is missing on one side. ``disputed``/``refuted`` rows are never matched. Candidate
  pairs are taken closest first (days apart, then the larger relative count gap, then
  ids); a pair joins two groups only when every member of one matches every member of
  the other and no dataset would appear twice.
* **Keep one.** The row kept is the best graded, then the richer record (more of the
  counts, ``mediator``, ``framework``, ``counts_reported_by`` and ``notes`` filled),
  then the first dataset and id. Its fields are kept as they are (never a blend); its
  ``source`` lists every reporter of the group, and its grade rises to ``corroborated``
  (never above) when two or more reporters agree on every count both give.
* **Report.** :attr:`Collection.conflicts` has one row per field on which a dropped row
  disagrees with the kept one (``date``, the two counts, ``mediator``, ``framework``,
  ``counts_reported_by``; text compared without case or surrounding spaces): both
  values and which row was kept. Reconciling keeps a subset of the rows, so the persons
  total never grows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from progress_indicators._arguments import argument_error, real_number, whole_number
from progress_indicators._arguments import names as names_of
from progress_indicators.exceptions import ConfigError, InputTypeError
from progress_indicators.model import Verification
from progress_indicators.sources._base import (
    Evidence,
    EvidenceSource,
    empty_humanitarian,
    empty_observations,
)
from progress_indicators.sources._io import provenance_digest
from progress_indicators.validation import (
    VERIFICATION_DTYPE,
    check_columns,
    empty_failure_cases,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping, Sequence

    from progress_indicators.validation import OnInvalid

__all__ = ["CONFLICT_COLUMNS", "Collection", "collect", "deduplicate", "reconcile_ledger"]

SEPARATOR = "; "
_ACCOUNTING = ("read", "accepted", "rejected", "routed", "skipped")
_OBS_KEY = ("indicator", "metric", "unit", "date", "end_date", "region", "latitude", "longitude")
_COUNTS = ("returned_to_ukraine", "returned_to_russia")
_RICHNESS = (*_COUNTS, "mediator", "framework", "counts_reported_by", "notes")
_COMPARED = ("date", *_COUNTS, "mediator", "framework", "counts_reported_by")
CONFLICT_COLUMNS = (
    "event_id",
    "field",
    "kept_value",
    "other_value",
    "kept_dataset",
    "other_dataset",
    "kept_source_id",
    "other_source_id",
)
"""The columns of :attr:`Collection.conflicts`."""
_LEDGER_COLUMNS = ("event_id", "date", "kind", "source", "verification", *_COUNTS)
"""The columns :func:`reconcile_ledger` matches and keeps rows by."""
_NEVER_MERGED = tuple(g.value for g in Verification if not g.counts)
_CORROBORATED_RANK = list(VERIFICATION_DTYPE.categories).index("corroborated")


@attrs.frozen(kw_only=True, eq=False)
class Collection:
    """Evidence gathered from several sources, deduplicated across them.

    Attributes:
        observations: one observation table (contract columns), ready for ``pi.score``.
        humanitarian: one humanitarian table (contract columns), for the ledger.
        rejected: every source's rejects, with a leading ``source`` column.
        skipped: every source's skipped rows: ``source``, ``reason``, ``rows``.
        accounting: the sum over sources of ``read``, ``accepted``, ``rejected``,
            ``routed``, ``skipped`` (so ``read == accepted + rejected + routed +
            skipped``), plus ``merged``: rows folded into another source's row.
        by_source: the accounting of each source, one row per source.
        reported_by: one row per input row: ``table``, ``id`` (the output row it is part
            of), ``dataset`` (the source read), ``reporter`` (its ``source``),
            ``source_id`` (its own id) and ``verification`` (its own grade).
        evidence: the per-source evidence, sorted by source name.
        conflicts: one row per field on which a ledger row folded into another
            disagrees with the kept one (``CONFLICT_COLUMNS``: the output ``event_id``,
            ``field``, ``kept_value``, ``other_value``, and the dataset and own id of
            each side).
    """

    observations: pd.DataFrame
    humanitarian: pd.DataFrame
    rejected: pd.DataFrame
    skipped: pd.DataFrame
    accounting: Mapping[str, int]
    by_source: pd.DataFrame
    reported_by: pd.DataFrame
    evidence: tuple[Evidence, ...]
    conflicts: pd.DataFrame = attrs.field(factory=lambda: empty_conflicts())  # noqa: PLW0108 (defined below)


def _origin(table: pd.DataFrame, datasets: object, where: str) -> pd.Series:
    """The dataset of each row of ``table`` as text: ``datasets``, else ``source``.

    ``datasets`` must give one label per row (a Series, list or array as long as
    ``table``): a shorter one raised pandas' length ``ValueError``.
    """
    if datasets is None:
        return table["source"].astype(str)
    expected = f"a Series with one dataset per row of the table ({len(table)})"
    hint = "leave it out to use each row's source."
    if isinstance(datasets, (str, bytes)) or not isinstance(
        datasets, (pd.Series, pd.Index, np.ndarray, list, tuple)
    ):
        raise argument_error(where, "datasets", expected, datasets, hint=hint)
    if len(datasets) != len(table):
        raise argument_error(where, "datasets", expected, datasets, hint=hint, error=ConfigError)
    labels = pd.Series(np.asarray(datasets, dtype=object), index=table.index)
    return labels.astype(str)


def _tolerance(value: object, where: str, name: str = "tolerance") -> float:
    """A relative tolerance: a finite number >= 0 (0 means equal)."""
    return real_number(
        value,
        where=where,
        name=name,
        minimum=0,
        hint="a relative gap: 0 means equal, 0.01 one percent of the larger value.",
    )


def _days(value: object, where: str, name: str = "days") -> int:
    """A number of days apart: a whole number >= 0 (0 means the same day)."""
    return whole_number(
        value,
        where=where,
        name=name,
        minimum=0,
        hint="how many days apart two datasets may date one event (0: the same day).",
    )


def _reporters(source: str) -> frozenset[str]:
    return frozenset(part.strip() for part in str(source).split(SEPARATOR) if part.strip())


def _agree(anchor: np.ndarray, other: np.ndarray, tolerance: float) -> bool:
    """Whether two value vectors agree (missing equals missing; relative tolerance)."""
    for a, b in zip(anchor, other, strict=True):
        a_missing, b_missing = pd.isna(a), pd.isna(b)
        if a_missing or b_missing:
            if a_missing != b_missing:
                return False
            continue
        fa, fb = float(a), float(b)
        if abs(fa - fb) > tolerance * max(abs(fa), abs(fb)):
            return False
    return True


def _key(table: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    parts = []
    for column in columns:
        values = table[column]
        if column in ("latitude", "longitude"):
            values = values.astype("float64").round(2)
        parts.append(values.astype("string").fillna("\x00"))
    key = parts[0]
    for part in parts[1:]:
        key = key + "\x1f" + part
    return key


def _cluster(
    keys: np.ndarray,
    rows: np.ndarray,
    values: np.ndarray,
    origins: np.ndarray,
    tolerance: float,
) -> dict[int, list[int]]:
    """Greedy clustering of rows sorted by key (see the module docstring).

    Returns:
        ``{anchor row: member rows}`` for every cluster of two or more rows.
    """
    merged: dict[int, list[int]] = {}
    clusters: list[tuple[int, np.ndarray, set[str], list[int]]] = []
    current: object = None

    def close() -> None:
        for anchor, _, _, members in clusters:
            if len(members) > 1:
                merged[anchor] = members

    for i, row in enumerate(rows):
        if keys[i] != current:
            close()
            clusters = []
            current = keys[i]
        datasets = set(_reporters(origins[i]))
        for _anchor, anchor_values, cluster_datasets, members in clusters:
            if datasets.isdisjoint(cluster_datasets) and _agree(
                anchor_values, values[i], tolerance
            ):
                cluster_datasets.update(datasets)
                members.append(int(row))
                break
        else:
            clusters.append((int(row), values[i], datasets, [int(row)]))
    close()
    return merged


def deduplicate(
    table: pd.DataFrame,
    *,
    id_column: str,
    key: Sequence[str],
    values: Sequence[str],
    tolerance: float = 0.0,
    datasets: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge rows of one table that report the same event from independent reporters.

    Vectorised except inside keys that several reporters share (a Python pass over those
    rows only).

    Args:
        table: a validated observation or humanitarian table with unique ids.
        id_column: ``observation_id`` or ``event_id``.
        key: columns that must be equal.
        values: columns that must agree within ``tolerance``.
        tolerance: relative tolerance on ``values``.
        datasets: the dataset of each row (aligned with ``table``; several joined by
            ``"; "`` for rows already merged). Defaults to the ``source`` column.

    Returns:
        The deduplicated table (sorted by key and id) and the ``reported_by`` rows
        (``id``, ``dataset``, ``reporter``, ``source_id``, ``verification``), one per
        input row.

    Raises:
        InputTypeError: ``id_column`` is not a text, ``key``/``values`` not a list of
            column names, ``tolerance`` not a number.
        ConfigError: ``tolerance`` is negative or not finite, or ``datasets`` does not
            give one dataset per row.
        ValidationError: a named column (or ``source``/``verification``) is missing.
    """
    where = "deduplicate"
    if not isinstance(id_column, str):
        raise argument_error(where, "id_column", "a column name (text)", id_column)
    key = names_of(key, where=where, name="key")
    values = names_of(values, where=where, name="values")
    if not key:
        raise argument_error(where, "key", "at least one column name", key, error=ConfigError)
    check_columns(
        table.columns,
        list(dict.fromkeys([id_column, *key, *values, "source", "verification"])),
        "table",
        where,
    )
    tolerance = _tolerance(tolerance, where)
    table = table.reset_index(drop=True)
    origin = _origin(table, datasets, where)
    keys = _key(table, key)
    countable = ~table["verification"].astype("string").isin(_NEVER_MERGED)
    shared = countable & (
        pd.DataFrame({"_key": keys, "_origin": origin})[countable]
        .groupby("_key")["_origin"]
        .transform("nunique")
        > 1
    ).reindex(table.index, fill_value=False)
    target = pd.Series(table.index.to_numpy(), index=table.index)  # row -> its anchor row
    merged_rows: dict[int, list[int]] = {}
    if shared.any():
        candidates = table[shared].assign(_key=keys[shared])
        order = candidates.sort_values(
            ["_key", *values, "source", id_column], kind="stable", na_position="last"
        )
        merged_rows = _cluster(
            order["_key"].to_numpy(),
            order.index.to_numpy(),
            order[list(values)].to_numpy(dtype=object),
            origin[order.index].to_numpy(),
            tolerance,
        )

    drop: list[int] = []
    out = table.copy()
    out["verification"] = out["verification"].astype(VERIFICATION_DTYPE)
    for anchor, members in merged_rows.items():
        group = table.loc[members]
        names = sorted(set().union(*(_reporters(s) for s in group["source"])))
        out.loc[anchor, "source"] = SEPARATOR.join(names)
        rank = int(group["verification"].astype(VERIFICATION_DTYPE).cat.codes.max())
        if len(names) > 1:
            rank = max(rank, _CORROBORATED_RANK)
        out.loc[anchor, "verification"] = VERIFICATION_DTYPE.categories[rank]
        if "reliability" in out.columns:
            out.loc[anchor, "reliability"] = min(group["reliability"].astype(str))
            out.loc[anchor, "credibility"] = int(group["credibility"].min())
        if "source_record" in out.columns:
            records = sorted({str(r) for r in group["source_record"].dropna()})
            out.loc[anchor, "source_record"] = " | ".join(records) if records else pd.NA
        target[members] = anchor
        drop.extend(m for m in members if m != anchor)
    kept = out.index.difference(pd.Index(drop))
    ids = out.loc[kept, id_column].astype(str)
    clash = ids.duplicated(keep=False)
    if clash.any():  # the same id from different datasets: name the dataset
        ids[clash] = ids[clash] + "@" + origin[ids[clash].index].str.split(SEPARATOR).str[0]
    out.loc[kept, id_column] = ids
    reported_by = pd.DataFrame(
        {
            "id": ids[target.to_numpy()].to_numpy(dtype=object),
            "dataset": origin.to_numpy(dtype=object),
            "reporter": table["source"].astype(str).to_numpy(dtype=object),
            "source_id": table[id_column].astype(str).to_numpy(dtype=object),
            "verification": table["verification"].astype(str).to_numpy(dtype=object),
        }
    )
    out = out.drop(index=drop)
    out = out.assign(_key=keys.drop(index=drop)).sort_values(
        ["_key", id_column], kind="stable", ignore_index=True
    )
    out = out.drop(columns="_key").astype(table.dtypes.to_dict())
    reported_by = reported_by.sort_values(
        ["id", "dataset", "reporter", "source_id"], ignore_index=True
    )
    return out, reported_by


# -- ledger reconciliation (issue #18) ---------------------------------------------------
def empty_conflicts() -> pd.DataFrame:
    """A conflicts table with no rows (:data:`CONFLICT_COLUMNS`, text)."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in CONFLICT_COLUMNS})


def _count_gap(a: Any, b: Any) -> float:
    """Relative gap of two counts (0 when either is missing: missing matches anything)."""
    if pd.isna(a) or pd.isna(b):
        return 0.0
    fa, fb = float(a), float(b)
    top = max(abs(fa), abs(fb))
    return 0.0 if top == 0 else abs(fa - fb) / top


def _same_text(a: object, b: object) -> bool:
    return str(a).strip().casefold() == str(b).strip().casefold()


class _Ledger:
    """The rows being reconciled, with what the matching needs per row."""

    def __init__(self, table: pd.DataFrame, datasets: pd.Series) -> None:
        self.table = table
        self.datasets = [_reporters(d) for d in datasets.astype(str)]
        self.day = table["date"].to_numpy(dtype="datetime64[D]").astype("int64")
        self.kind = table["kind"].astype(str).to_numpy()
        self.counts = table[list(_COUNTS)].to_numpy(dtype=object)

    def gap(self, i: int, j: int) -> float:
        return max(_count_gap(a, b) for a, b in zip(self.counts[i], self.counts[j], strict=True))

    def match(self, i: int, j: int, days: int, tolerance: float) -> bool:
        return (
            self.kind[i] == self.kind[j]
            and abs(int(self.day[i]) - int(self.day[j])) <= days
            and self.gap(i, j) <= tolerance
        )


def _candidate_pairs(ledger: _Ledger, countable: np.ndarray, days: int) -> list[tuple[int, int]]:
    """Row pairs of one kind, ``days`` apart at most, from different datasets.

    Found by joining on ``(kind, day + offset)`` for each offset, so only rows near in
    time are ever compared (no quadratic pass over a large ledger).
    """
    rows = np.flatnonzero(countable)
    base = pd.DataFrame({"row": rows, "kind": ledger.kind[rows], "day": ledger.day[rows]})
    pairs: set[tuple[int, int]] = set()
    span = int(ledger.day[rows].max() - ledger.day[rows].min()) if len(rows) else 0
    for offset in range(min(days, span) + 1):  # no pair is further apart than the span
        shifted = base.assign(day=base["day"] + offset)
        joined = base.merge(shifted, on=["kind", "day"], suffixes=("", "_other"))
        for i, j in zip(joined["row"], joined["row_other"], strict=True):
            a, b = (int(i), int(j)) if i < j else (int(j), int(i))
            if a != b and ledger.datasets[a].isdisjoint(ledger.datasets[b]):
                pairs.add((a, b))
    return sorted(pairs)


def _richness(table: pd.DataFrame) -> np.ndarray:
    present = [c for c in _RICHNESS if c in table.columns]
    filled: np.ndarray = table[present].notna().sum(axis=1).to_numpy(dtype="int64")
    return filled


def _groups(ledger: _Ledger, days: int, tolerance: float) -> list[list[int]]:
    """Greedy complete-link grouping of matching rows, closest pairs first."""
    table = ledger.table
    countable = ~table["verification"].astype("string").isin(_NEVER_MERGED).to_numpy(dtype=bool)
    ids = table["event_id"].astype(str).to_numpy()
    candidates = [
        (abs(int(ledger.day[i]) - int(ledger.day[j])), ledger.gap(i, j), ids[i], ids[j], i, j)
        for i, j in _candidate_pairs(ledger, countable, days)
        if ledger.match(i, j, days, tolerance)
    ]
    group_of = {i: [i] for i in range(len(table))}
    for *_, i, j in sorted(candidates):
        left, right = group_of[i], group_of[j]
        if left is right:
            continue
        used = [ledger.datasets[m] for m in left]
        if any(not ledger.datasets[n].isdisjoint(d) for n in right for d in used):
            continue
        if not all(ledger.match(m, n, days, tolerance) for m in left for n in right):
            continue
        left.extend(right)
        for member in right:
            group_of[member] = left
    unique = {id(group): sorted(group) for group in group_of.values()}
    return sorted(unique.values())


def _conflicts(
    table: pd.DataFrame, kept: int, other: int, labels: Sequence[str]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for field in _COMPARED:
        if field not in table.columns:
            continue
        a: Any = table.loc[kept, field]
        b: Any = table.loc[other, field]
        if pd.isna(a) or pd.isna(b):
            continue
        if field in _COUNTS:
            differ = float(a) != float(b)
        elif field == "date":
            differ = pd.Timestamp(a) != pd.Timestamp(b)
        else:
            differ = not _same_text(a, b)
        if differ:
            show = (lambda v: pd.Timestamp(v).date().isoformat()) if field == "date" else str
            rows.append(
                {
                    "field": field,
                    "kept_value": show(a),
                    "other_value": show(b),
                    "kept_dataset": labels[kept],
                    "other_dataset": labels[other],
                    "kept_source_id": str(table.loc[kept, "event_id"]),
                    "other_source_id": str(table.loc[other, "event_id"]),
                }
            )
    return rows


def reconcile_ledger(
    table: pd.DataFrame,
    *,
    datasets: pd.Series | None = None,
    days: int = 0,
    tolerance: float = 0.25,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Keep one row per exchange reported by several datasets; report what disagrees.

    See the module docstring for the rule (same kind, dates within ``days``, counts
    within ``tolerance`` or missing on one side; keep the best graded, then the richer
    record).

    Args:
        table: a validated humanitarian table with unique ``event_id`` values.
        datasets: the dataset of each row (aligned with ``table``); defaults to
            ``source``.
        days: how many days apart two reports of one event may be dated.
        tolerance: relative gap allowed between two counts of one event.

    Returns:
        The reconciled table (sorted by date, kind and id), the ``reported_by`` rows
        (one per input row) and the conflicts (:data:`CONFLICT_COLUMNS`).

    Raises:
        InputTypeError: ``days`` is not a whole number, ``tolerance`` not a number.
        ConfigError: ``days`` or ``tolerance`` is negative (``tolerance`` not finite),
            or ``datasets`` does not give one dataset per row.
        ValidationError: a ledger column is missing (an observation table, say).

    Examples:
        >>> import pandas as pd
        >>> rows = pd.DataFrame(
        ...     {
        ...         "event_id": ["mod", "uae"],
        ...         "date": pd.to_datetime(["2025-04-19", "2025-04-19"]),
        ...         "kind": ["pow_exchange", "pow_exchange"],
        ...         "returned_to_ukraine": [246, 277],
        ...         "returned_to_russia": [246, 261],
        ...         "source": ["RU MoD", "UAE MoFA"],
        ...         "verification": ["reported", "reported"],
        ...         "mediator": [None, "UAE"],
        ...     }
        ... )
        >>> kept, _, conflicts = reconcile_ledger(rows)
        >>> kept["event_id"].tolist(), conflicts["field"].tolist()
        (['uae'], ['returned_to_ukraine', 'returned_to_russia'])
    """
    where = "reconcile_ledger"
    check_columns(table.columns, _LEDGER_COLUMNS, "humanitarian", where)
    days = _days(days, where)
    tolerance = _tolerance(tolerance, where)
    table = table.reset_index(drop=True)
    origin = _origin(table, datasets, where)
    labels = origin.tolist()
    ledger = _Ledger(table, origin)
    rank = table["verification"].astype(VERIFICATION_DTYPE).cat.codes.to_numpy(dtype="int64")
    rich = _richness(table)
    ids = table["event_id"].astype(str).tolist()
    out = table.copy()
    out["verification"] = out["verification"].astype(VERIFICATION_DTYPE)
    target = np.arange(len(table))
    drop: list[int] = []
    conflicts: list[dict[str, object]] = []
    for group in _groups(ledger, days, tolerance):
        if len(group) == 1:
            continue
        kept = min(group, key=lambda r: (-rank[r], -rich[r], labels[r], ids[r]))
        others = [r for r in group if r != kept]
        found = []
        for other in others:
            found += _conflicts(table, kept, other, labels)
        names = sorted(set().union(*(_reporters(str(table.loc[r, "source"])) for r in group)))
        out.loc[kept, "source"] = SEPARATOR.join(names)
        grade = int(rank[kept])
        counts_agree = not any(c["field"] in _COUNTS for c in found)
        if len(names) > 1 and counts_agree:
            grade = max(grade, _CORROBORATED_RANK)
        out.loc[kept, "verification"] = VERIFICATION_DTYPE.categories[grade]
        target[group] = kept
        drop.extend(others)
        conflicts += [{"kept_row": kept, **c} for c in found]
    kept_rows = out.index.difference(pd.Index(drop))
    out_ids = out.loc[kept_rows, "event_id"].astype(str)
    clash = out_ids.duplicated(keep=False)
    if clash.any():  # the same id from different datasets: name the dataset
        out_ids[clash] = (
            out_ids[clash] + "@" + origin[out_ids[clash].index].str.split(SEPARATOR).str[0]
        )
    out.loc[kept_rows, "event_id"] = out_ids
    reported_by = pd.DataFrame(
        {
            "id": out_ids[target].to_numpy(dtype=object),
            "dataset": origin.to_numpy(dtype=object),
            "reporter": table["source"].astype(str).to_numpy(dtype=object),
            "source_id": table["event_id"].astype(str).to_numpy(dtype=object),
            "verification": table["verification"].astype(str).to_numpy(dtype=object),
        }
    ).sort_values(["id", "dataset", "reporter", "source_id"], ignore_index=True)
    out = out.drop(index=drop)
    out = out.sort_values(["date", "kind", "event_id"], kind="stable", ignore_index=True)
    out = out.astype(table.dtypes.to_dict())
    report = (
        pd.DataFrame(conflicts)
        .assign(event_id=lambda f: out_ids[f["kept_row"]].to_numpy(dtype=object))
        .drop(columns="kept_row")[list(CONFLICT_COLUMNS)]
        .assign(_order=lambda f: f["field"].map(_COMPARED.index))
        .sort_values(["event_id", "other_dataset", "_order"], ignore_index=True)
        .drop(columns="_order")
        if conflicts
        else empty_conflicts()
    )
    return out, reported_by, report


def _read_all(
    inputs: Iterable[EvidenceSource | Evidence],
    start: dt.date | None,
    end: dt.date | None,
    on_invalid: OnInvalid,
) -> list[Evidence]:
    evidence = []
    for item in inputs:
        if isinstance(item, Evidence):
            if start is not None or end is not None:
                msg = (
                    f"the evidence of source {item.source!r} was already read, so start/end "
                    "cannot apply to it.\nHint: pass the source itself to collect(), or "
                    "read it with start/end first and collect without them."
                )
                raise ConfigError(msg)
            evidence.append(item)
            continue
        candidate: object = item
        if not isinstance(candidate, EvidenceSource):
            msg = (
                "collect() takes evidence sources (pi.load_source(...)) or Evidence "
                f"(got {type(candidate).__name__})."
            )
            raise InputTypeError(msg)
        evidence.append(candidate.read(start, end, on_invalid=on_invalid))
    return sorted(evidence, key=lambda e: (e.source, provenance_digest(e.provenance)))


def collect(
    sources: Iterable[EvidenceSource | Evidence],
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    on_invalid: OnInvalid = "raise",
    tolerance: float = 0.01,
    ledger_days: int = 0,
    ledger_tolerance: float = 0.25,
) -> Collection:
    """Gather several sources into one observation table and one humanitarian table.

    The same event reported by several sources is kept once, with every reporter
    recorded in :attr:`Collection.reported_by`; where two or more independent reporters
    agree the grade is raised to ``corroborated`` (never above). See the module
    docstring for the exact rule.

    Args:
        sources: evidence sources (read here with ``start``/``end``) or Evidence
            already read (then ``start``/``end`` must be ``None``).
        start: first day to read (inclusive).
        end: last day to read (inclusive).
        on_invalid: passed to each source's ``read``.
        tolerance: relative tolerance for two values to agree (default 1%).
        ledger_days: how many days apart two datasets may date one humanitarian event
            (default 0: the same day).
        ledger_tolerance: relative gap allowed between two datasets' counts of one
            humanitarian event (default 0.25: the two sides' counts of one exchange
            differ by up to a fifth in the shared facts, 189 vs 150 on 2024-12-30).

    Returns:
        The combined :class:`Collection`.

    Raises:
        InputTypeError: an input is neither a source nor Evidence; a tolerance is not a
            number, ``ledger_days`` not a whole number.
        ConfigError: ``start``/``end`` given with Evidence already read; a tolerance
            or ``ledger_days`` is negative (a tolerance not finite).

    Examples:
        >>> import progress_indicators as pi
        >>> combined = pi.collect([pi.load_source("osce_smm", path="smm.csv")])
        >>> combined.accounting["read"] >= combined.accounting["accepted"]
        True
    """
    tolerance = _tolerance(tolerance, "collect")
    ledger_tolerance = _tolerance(ledger_tolerance, "collect", "ledger_tolerance")
    ledger_days = _days(ledger_days, "collect", "ledger_days")
    evidence = _read_all(sources, start, end, on_invalid)
    labels = _dataset_labels(evidence)
    observation_tables = [
        e.observations.assign(_dataset=labels[i])
        for i, e in enumerate(evidence)
        if len(e.observations)
    ]
    humanitarian_tables = [
        e.humanitarian.assign(_dataset=labels[i])
        for i, e in enumerate(evidence)
        if len(e.humanitarian)
    ]
    observations = (
        pd.concat(observation_tables, ignore_index=True)
        if observation_tables
        else _typed_empty(evidence, "observations")
    )
    humanitarian = (
        pd.concat(humanitarian_tables, ignore_index=True)
        if humanitarian_tables
        else _typed_empty(evidence, "humanitarian")
    )
    observations, obs_reported = _dedup_tagged(
        observations,
        id_column="observation_id",
        key=_OBS_KEY,
        values=("value",),
        tolerance=tolerance,
    )
    if "_dataset" not in humanitarian.columns:
        humanitarian = humanitarian.assign(_dataset=pd.Series(dtype=object))
    humanitarian, hum_reported, conflicts = reconcile_ledger(
        humanitarian.drop(columns="_dataset"),
        datasets=humanitarian["_dataset"],
        days=ledger_days,
        tolerance=ledger_tolerance,
    )
    reported_by = pd.concat(
        [obs_reported.assign(table="observations"), hum_reported.assign(table="humanitarian")],
        ignore_index=True,
    )[["table", "id", "dataset", "reporter", "source_id", "verification"]]
    by_source = pd.DataFrame(
        [{"source": e.source, **{k: int(e.accounting[k]) for k in _ACCOUNTING}} for e in evidence],
        columns=["source", *_ACCOUNTING],
    )
    accounting: dict[str, int] = {k: int(by_source[k].sum()) for k in _ACCOUNTING}
    accounting["merged"] = len(reported_by) - len(observations) - len(humanitarian)
    return Collection(
        observations=observations,
        humanitarian=humanitarian,
        rejected=_stack([e.rejected.assign(source=e.source) for e in evidence], "rejected"),
        skipped=_stack([e.skipped.assign(source=e.source) for e in evidence], "skipped"),
        accounting=accounting,
        by_source=by_source,
        reported_by=reported_by,
        evidence=tuple(evidence),
        conflicts=conflicts,
    )


def _dataset_labels(evidence: list[Evidence]) -> list[str]:
    """One label per evidence: its source name, plus the file hash when names repeat."""
    names = [e.source for e in evidence]
    return [
        f"{e.source}:{(provenance_digest(e.provenance) or str(i))[:12]}"
        if names.count(e.source) > 1
        else e.source
        for i, e in enumerate(evidence)
    ]


def _dedup_tagged(table: pd.DataFrame, **options: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deduplicate a table carrying a ``_dataset`` column (dropped from the result)."""
    if "_dataset" not in table.columns:
        table = table.assign(_dataset=pd.Series(dtype=object))
    datasets = table["_dataset"]
    out, reported_by = deduplicate(table.drop(columns="_dataset"), datasets=datasets, **options)
    return out, reported_by


def _typed_empty(evidence: list[Evidence], table: str) -> pd.DataFrame:
    """An empty table with the sources' dtypes (or object columns without sources)."""
    for item in evidence:
        frame: pd.DataFrame = getattr(item, table)
        return frame.iloc[0:0]
    return empty_observations() if table == "observations" else empty_humanitarian()


def _stack(parts: list[pd.DataFrame], what: str) -> pd.DataFrame:
    columns: dict[str, Any] = {
        "rejected": ["source", *empty_failure_cases().columns],
        "skipped": ["source", "reason", "rows"],
    }
    full = [p for p in parts if len(p)]
    if not full:
        base = (
            empty_failure_cases()
            if what == "rejected"
            else pd.DataFrame({"reason": pd.Series(dtype=object), "rows": pd.Series(dtype="int64")})
        )
        empty: pd.DataFrame = base.assign(source=pd.Series(dtype=object))[columns[what]]
        return empty
    stacked: pd.DataFrame = pd.concat(full, ignore_index=True)[columns[what]]
    return stacked
