"""Combine several sources into one observation table and one humanitarian table.

Rule (documented in ``docs/sources/index.md``):

* **Same event.** Two rows describe the same event when they agree on the metric,
  indicator, unit, ``date``, ``end_date`` and place (``region`` and coordinates rounded
  to 0.01 degree; missing equals missing) and their values agree within ``tolerance``
  (relative; ``0`` means equal). Humanitarian rows: same ``date`` and ``kind`` and the
  same two counts (unknown equals unknown).
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
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from progress_indicators.exceptions import ConfigError, InputTypeError
from progress_indicators.model import Verification
from progress_indicators.sources._base import (
    Evidence,
    EvidenceSource,
    empty_humanitarian,
    empty_observations,
)
from progress_indicators.validation import VERIFICATION_DTYPE, empty_failure_cases

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping, Sequence

    from progress_indicators.validation import OnInvalid

__all__ = ["Collection", "collect", "deduplicate"]

SEPARATOR = "; "
_ACCOUNTING = ("read", "accepted", "rejected", "routed", "skipped")
_OBS_KEY = ("indicator", "metric", "unit", "date", "end_date", "region", "latitude", "longitude")
_HUM_KEY = ("date", "kind")
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
    """

    observations: pd.DataFrame
    humanitarian: pd.DataFrame
    rejected: pd.DataFrame
    skipped: pd.DataFrame
    accounting: Mapping[str, int]
    by_source: pd.DataFrame
    reported_by: pd.DataFrame
    evidence: tuple[Evidence, ...]


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
    """
    table = table.reset_index(drop=True)
    origin = (
        table["source"].astype(str)
        if datasets is None
        else pd.Series(datasets.to_numpy(dtype=object), index=table.index).astype(str)
    )
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
    return sorted(evidence, key=lambda e: (e.source, e.provenance.get("sha256", "")))


def collect(
    sources: Iterable[EvidenceSource | Evidence],
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    on_invalid: OnInvalid = "raise",
    tolerance: float = 0.01,
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

    Returns:
        The combined :class:`Collection`.

    Raises:
        InputTypeError: an input is neither a source nor Evidence.
        ConfigError: ``start``/``end`` given with Evidence already read.

    Examples:
        >>> import progress_indicators as pi
        >>> combined = pi.collect([pi.load_source("osce_smm", path="smm.csv")])
        >>> combined.accounting["read"] >= combined.accounting["accepted"]
        True
    """
    if tolerance < 0 or not np.isfinite(tolerance):
        msg = f"tolerance must be a finite number >= 0 (got {tolerance!r})"
        raise ConfigError(msg)
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
    humanitarian, hum_reported = _dedup_tagged(
        humanitarian,
        id_column="event_id",
        key=_HUM_KEY,
        values=("returned_to_ukraine", "returned_to_russia"),
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
    )


def _dataset_labels(evidence: list[Evidence]) -> list[str]:
    """One label per evidence: its source name, plus the file hash when names repeat."""
    names = [e.source for e in evidence]
    return [
        f"{e.source}:{e.provenance.get('sha256', str(i))[:12]}"
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
