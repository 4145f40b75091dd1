"""The evidence-source contract: the ``EvidenceSource`` protocol and ``Evidence``.

A source reads one dataset in its own format and returns :class:`Evidence`: validated
observations, the humanitarian rows the dataset records, the rejected rows with their
reasons, and the accounting of every row it read::

    read == accepted + rejected + routed + skipped

``routed`` rows went to the humanitarian ledger. ``skipped`` rows are valid rows that
are not evidence on any indicator by the source's documented rule (e.g. ACLED protests,
or rows outside the requested ``start``/``end``); they are counted per reason in
``Evidence.skipped`` so nothing is lost silently. (The issue that specified this
contract wrote ``read == accepted + rejected + routed``; calling a protest row
"rejected" would mislabel valid data, so skipped rows are counted apart.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs
import numpy as np
import pandas as pd
import pyarrow as pa

from progress_indicators.exceptions import AccountingError, ValidationError
from progress_indicators.model import HUMANITARIAN_COLUMNS, OBSERVATION_COLUMNS
from progress_indicators.validation import (
    ObservationTable,
    check_on_invalid,
    empty_failure_cases,
    observation_table,
    validate_humanitarian,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from progress_indicators.model import Indicator, MetricSpec
    from progress_indicators.validation import OnInvalid

__all__ = [
    "Coverage",
    "Evidence",
    "EvidenceSource",
    "build_evidence",
    "empty_humanitarian",
    "empty_observations",
]


@attrs.frozen(kw_only=True)
class Coverage:
    """What a source can cover: a time span (either end open) and an area."""

    start: dt.date | None = None
    end: dt.date | None = None
    area: str = "Ukraine"


@runtime_checkable
class EvidenceSource(Protocol):
    """An adapter that turns one dataset into :class:`Evidence`.

    Constructors only store options (file-based sources take ``path=``); all reading
    happens in :meth:`read`.
    """

    name: str
    description: str

    @property
    def indicators(self) -> frozenset[Indicator]:
        """The indicators this source can supply evidence on."""
        ...

    @property
    def coverage(self) -> Coverage:
        """The span and area the source covers."""
        ...

    def read(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        on_invalid: OnInvalid = "raise",
    ) -> Evidence:
        """Read the dataset (rows within ``start``..``end`` when given)."""
        ...


@attrs.frozen(kw_only=True, eq=False)
class Evidence:
    """What one source read: observations, ledger rows, rejects and the accounting.

    Attributes:
        observations: validated observation table (``OBSERVATION_COLUMNS``).
        humanitarian: validated humanitarian rows (``HUMANITARIAN_COLUMNS``).
        rejected: one row per failed check: ``row`` (position in the source file or
            table), ``column``, ``check``, ``value``, ``reason``.
        skipped: rows not used by the source's documented rule: ``reason``, ``rows``.
        accounting: ``read``, ``accepted``, ``rejected``, ``routed``, ``skipped``.
        source: the source's name.
        provenance: what was read (file path, sha256, size, dataset version ...).
    """

    _observations: pd.DataFrame | ObservationTable = attrs.field(alias="observations")
    humanitarian: pd.DataFrame
    rejected: pd.DataFrame
    skipped: pd.DataFrame
    accounting: Mapping[str, int]
    source: str
    provenance: Mapping[str, str] = attrs.field(factory=dict)

    def __repr__(self) -> str:
        from progress_indicators.sources._summary import evidence_repr  # noqa: PLC0415

        return evidence_repr(self)

    @property
    def observations(self) -> pd.DataFrame:
        """The validated observation table (``OBSERVATION_COLUMNS``) as a DataFrame.

        Evidence read by a source holds its rows in Arrow (:attr:`observation_table`);
        this DataFrame is built from them on first use and kept.
        """
        if isinstance(self._observations, ObservationTable):
            return self._observations.frame()
        return self._observations

    @property
    def observation_table(self) -> ObservationTable | None:
        """The validated rows in Arrow with the proof of their validation, if held so.

        ``score(evidence)`` reads this table and does not validate it again. ``None``
        when the evidence was built from a DataFrame by hand (then it is validated).
        """
        table = self._observations
        return table if isinstance(table, ObservationTable) else None

    def __attrs_post_init__(self) -> None:
        a = self.accounting
        total = a["accepted"] + a["rejected"] + a["routed"] + a["skipped"]
        if a["read"] != total:
            msg = (
                f"source {self.source!r} lost rows: read {a['read']} != accepted "
                f"{a['accepted']} + rejected {a['rejected']} + routed {a['routed']} + "
                f"skipped {a['skipped']}"
            )
            raise AccountingError(msg)


def empty_observations() -> pd.DataFrame:
    """An observation table with no rows and the contract's columns."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in OBSERVATION_COLUMNS})


def empty_humanitarian() -> pd.DataFrame:
    """A humanitarian table with no rows and the contract's columns."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in HUMANITARIAN_COLUMNS})


def build_evidence(
    *,
    source: str,
    read: int,
    observations: pd.DataFrame | pa.Table,
    observation_rows: pd.Index | None = None,
    humanitarian: pd.DataFrame | None = None,
    humanitarian_rows: pd.Index | None = None,
    rejected: pd.DataFrame | None = None,
    skipped: Mapping[str, int] | None = None,
    on_invalid: OnInvalid = "raise",
    where: str | None = None,
    metrics: tuple[MetricSpec, ...] | None = None,
    provenance: Mapping[str, str] | None = None,
) -> Evidence:
    """Validate what an adapter mapped and assemble the :class:`Evidence`.

    Args:
        source: the source name.
        read: rows read from the dataset.
        observations: the mapped observation rows (contract columns; strings are fine),
            as a DataFrame or an Arrow table (typed Arrow columns are validated in Arrow).
        observation_rows: for each mapped observation, its row in the dataset (default:
            ``observations.index``), so rejects point at the dataset's own rows.
        humanitarian: mapped ledger rows, if the dataset records any.
        humanitarian_rows: their rows in the dataset.
        rejected: failure cases the adapter found itself (dataset rows it could not
            map), with ``row`` in dataset numbering.
        skipped: rows not used, counted per documented reason.
        on_invalid: ``"raise"`` (one error listing every bad row) or ``"quarantine"``.
        where: file name for messages.
        metrics: metric specs bounding values (defaults to the library's).
        provenance: what was read.

    Returns:
        The evidence, with ``read == accepted + rejected + routed + skipped`` checked.

    Raises:
        ValidationError: in ``raise`` mode when any row was rejected.
    """
    check_on_invalid(on_invalid)  # a misspelt mode must not quarantine silently (#16)
    humanitarian = empty_humanitarian() if humanitarian is None else humanitarian
    options = {} if metrics is None else {"metrics": metrics}
    obs, obs_cases, obs_positions = observation_table(observations, where=where, **options)
    hum = validate_humanitarian(humanitarian, on_invalid="quarantine", where=where)
    n_obs = observations.num_rows if isinstance(observations, pa.Table) else len(observations)
    default_rows = pd.RangeIndex(n_obs) if isinstance(observations, pa.Table) else None
    obs_rows = observation_rows if observation_rows is not None else default_rows
    if obs_rows is None:
        obs_rows = observations.index  # a DataFrame here
    hum_rows = humanitarian.index if humanitarian_rows is None else humanitarian_rows
    parts = [
        _renumber(obs_cases, obs_rows),
        _renumber(hum.rejected, hum_rows),
    ]
    if rejected is not None and len(rejected):
        parts.append(rejected)
    cases = (
        pd.concat([p for p in parts if len(p)], ignore_index=True)
        if any(len(p) for p in parts)
        else empty_failure_cases()
    )
    if len(cases):
        cases["row"] = cases["row"].astype("Int64")
        cases = cases.sort_values(["row", "column"], kind="stable", ignore_index=True)
    if len(cases) and on_invalid == "raise":
        raise ValidationError(
            cases,
            table=f"{source} source",
            where=where,
            hint="use on_invalid='quarantine' to keep the valid rows and inspect the rejects.",
        )
    skipped = dict(skipped or {})
    # Accounting is in dataset rows. A dataset row may yield several observations; if
    # any of them fails, the whole row is rejected, so no row counts twice.
    bad = pd.Index(cases["row"].dropna().astype("int64").unique())
    obs_source_rows = pd.Index(obs_rows.to_numpy()[obs_positions])
    hum_source_rows = pd.Index(hum_rows.to_numpy()[hum.table.index.to_numpy(dtype="int64")])
    keep_obs = ~obs_source_rows.isin(bad)
    keep_hum = ~hum_source_rows.isin(bad)
    # no copy of a large table when nothing was rejected
    observations_table = obs.filter(np.asarray(keep_obs, dtype=bool)) if len(bad) else obs
    humanitarian_table = (hum.table[keep_hum] if len(bad) else hum.table).reset_index(drop=True)
    accounting = {
        "read": read,
        "accepted": obs_source_rows[keep_obs].nunique(),
        "rejected": len(bad),
        "routed": hum_source_rows[keep_hum].nunique(),
        "skipped": sum(skipped.values()),
    }
    return Evidence(
        observations=observations_table,
        humanitarian=humanitarian_table,
        rejected=cases,
        skipped=pd.DataFrame({"reason": list(skipped), "rows": list(skipped.values())}).astype(
            {"rows": "int64"}
        ),
        accounting=accounting,
        source=source,
        provenance=dict(provenance or {}),
    )


def _renumber(cases: pd.DataFrame, rows: pd.Index) -> pd.DataFrame:
    """Map failure-case rows from positions in the mapped table to dataset rows."""
    if cases.empty:
        return cases
    out = cases.copy()
    positions = out["row"].astype("Int64")
    known = positions.notna()
    out.loc[known, "row"] = rows.to_numpy()[positions[known].to_numpy(dtype="int64")]
    return out
