"""``EvidenceStore``: an append-only, versioned evidence base in one DuckDB file.

Every call opens the file, does its work and closes it again, behind a sidecar
``.lock`` file (see :mod:`progress_indicators.store._lock`): writers one at a time,
readers together. So a store can be shared by several processes (a notebook reading
while a scheduled job appends), and nothing stays open between calls.

``duckdb`` is imported inside the methods: ``import progress_indicators`` never loads it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import math
import time
from typing import TYPE_CHECKING, Any, NoReturn

import attrs
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from progress_indicators._version import __version__
from progress_indicators.exceptions import (
    ConfigError,
    InputTypeError,
    StoreError,
    StoreLockedError,
    StoreOrderError,
    StoreSchemaError,
)
from progress_indicators.model import (
    HUMANITARIAN_COLUMNS,
    OBSERVATION_COLUMNS,
    Indicator,
)
from progress_indicators.model._bounded import path_argument, refuse_special_file
from progress_indicators.model._time import instant
from progress_indicators.sources import Evidence
from progress_indicators.store._lock import file_lock
from progress_indicators.store._schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    TABLES,
    content_hash_sql,
    create_schema,
)
from progress_indicators.validation import (
    INDICATOR_DTYPE,
    KIND_DTYPE,
    RELIABILITY_DTYPE,
    VERIFICATION_DTYPE,
    validate_humanitarian,
    validate_observations,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping
    from pathlib import Path

    import duckdb

    from progress_indicators.model import ScorecardConfig
    from progress_indicators.scorecard import Scorecard

__all__ = ["AddResult", "EvidenceStore", "TableChanges", "TimeLike"]

TimeLike = str | dt.date | dt.datetime | pd.Timestamp
"""A point in time: ``datetime``/``Timestamp`` (naive means UTC), a ``date`` or an ISO text."""

_OBSERVATION_DTYPES: Mapping[str, Any] = {
    "indicator": INDICATOR_DTYPE,
    "verification": VERIFICATION_DTYPE,
    "reliability": RELIABILITY_DTYPE,
    "credibility": "int8",
    "value": "float64",
    "latitude": "float64",
    "longitude": "float64",
    "date": "datetime64[ns]",
    "end_date": "datetime64[ns]",
}
_HUMANITARIAN_DTYPES: Mapping[str, Any] = {
    "kind": KIND_DTYPE,
    "verification": VERIFICATION_DTYPE,
    "returned_to_ukraine": "Int64",
    "returned_to_russia": "Int64",
    "date": "datetime64[ns]",
}


_CATEGORICAL = ("indicator", "verification", "reliability", "kind")


@attrs.frozen(kw_only=True, eq=False)
class TableChanges:
    """What one :meth:`EvidenceStore.add` did to one table, by record id.

    An attrs class (an internal result, never parsed from user input).

    Attributes:
        new: ids seen for the first time.
        revised: ids already in the store, added as a new version (a correction or a
            new status such as ``refuted``).
        duplicate: ids whose content was already stored as one of their versions
            (nothing written).
    """

    new: pd.Index
    revised: pd.Index
    duplicate: pd.Index

    @property
    def counts(self) -> dict[str, int]:
        """``{"new": ..., "revised": ..., "duplicate": ...}``."""
        return {
            "new": len(self.new),
            "revised": len(self.revised),
            "duplicate": len(self.duplicate),
        }

    @property
    def written(self) -> int:
        """Rows written (new + revised)."""
        return len(self.new) + len(self.revised)


@attrs.frozen(kw_only=True, eq=False)
class AddResult:
    """The outcome of :meth:`EvidenceStore.add` (an attrs class, internal result).

    Attributes:
        batch_id: the batch written, or ``None`` when everything was a duplicate (then
            nothing at all was written, not even a log entry).
        recorded_at: the batch's ``recorded_at`` (UTC, naive).
        source: the source name recorded with the batch.
        observations: the changes to the observation table.
        humanitarian: the changes to the humanitarian table.
    """

    batch_id: int | None
    recorded_at: pd.Timestamp
    source: str
    observations: TableChanges
    humanitarian: TableChanges

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return self.batch_id is not None

    def __repr__(self) -> str:
        return (
            f"AddResult(batch_id={self.batch_id}, recorded_at={self.recorded_at}, "
            f"source={self.source!r}, observations={self.observations.counts}, "
            f"humanitarian={self.humanitarian.counts})"
        )


def _commit(con: duckdb.DuckDBPyConnection) -> None:
    """Commit the append's transaction (a seam the crash-safety tests interrupt)."""
    con.execute("COMMIT")


def _utc(value: object, name: str, *, end_of_day: bool) -> pd.Timestamp:
    """A naive UTC timestamp from a time-like value (checked by ``model._time.instant``).

    A ``date`` or a ``YYYY-MM-DD`` text means the whole day when ``end_of_day`` (for
    ``as_of``: everything recorded on that day counts), else its midnight. Blank text,
    ``NaT``, numbers and partial dates are refused, never read as an empty vintage.
    """
    stamp, whole_day = instant(value, name=name)
    if whole_day and end_of_day:
        stamp = stamp.normalize() + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    return stamp.as_unit("us")


_CLOCK_SLACK = pd.Timedelta(seconds=5)
"""How far ahead of this machine's clock a ``recorded_at`` may be (another machine's
clock, rounding); anything later is refused as a future batch."""


def _now() -> pd.Timestamp:
    return pd.Timestamp.now(tz="UTC").tz_localize(None).as_unit("us")


def _empty_changes() -> TableChanges:
    empty = pd.Index([], dtype="string")
    return TableChanges(new=empty, revised=empty, duplicate=empty)


class EvidenceStore:
    """A persistent, append-only evidence base: every version of every record, with when.

    Observations and humanitarian events live in one DuckDB file with their provenance
    (source, source record, ingest batch, ``recorded_at``). Nothing is ever updated or
    deleted: a correction is a new version of a record (same id, later
    ``recorded_at``), a retraction is a new version with the status ``refuted``. Reads
    return the tables as they were known at ``as_of``.

    Opening a path creates the store if needed, checks its schema version (a newer one
    is refused; an older one is migrated when a migration exists, else refused) and
    closes it again; each call then opens the file for just as long as it needs.

    Args:
        path: the store file (e.g. ``evidence.duckdb``); a ``.lock`` file sits beside it.
        timeout_s: how long a call waits for another process's lock before raising
            :class:`~progress_indicators.exceptions.StoreLockedError`.
        create: create the store when the file does not exist (else raise).

    Raises:
        StoreError: the file is not an evidence store, or cannot be opened.
        StoreSchemaError: the store's schema version cannot be read by this library.

    Examples:
        >>> import tempfile, pathlib
        >>> import progress_indicators as pi
        >>> observations, humanitarian = pi.datasets.load_example()
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> store = pi.EvidenceStore(folder / "evidence.duckdb")
        >>> first = store.add(observations, humanitarian=humanitarian, source="example")
        >>> again = store.add(observations, humanitarian=humanitarian, source="example")
        >>> first.observations.counts["new"] == len(observations), again.changed
        (True, False)
    """

    def __init__(self, path: str | Path, *, timeout_s: float = 30.0, create: bool = True) -> None:
        self._path = path_argument(path)
        self._lock_path = self._path.with_name(self._path.name + ".lock")
        if (
            isinstance(timeout_s, bool)
            or not isinstance(timeout_s, (int, float))
            or not 0 <= timeout_s < math.inf
        ):
            msg = (
                f"timeout_s must be a finite number of seconds >= 0 (got {timeout_s!r} "
                f"that is a {type(timeout_s).__name__}).\nHint: e.g. timeout_s=30."
            )
            raise InputTypeError(msg)
        self._timeout_s = float(timeout_s)
        # a FIFO or device would block or never end when DuckDB opens it
        refuse_special_file(self._path, what="evidence store", error=StoreError)
        if not self._path.exists() and not create:
            msg = (
                f"no evidence store at {self._path}.\n"
                "Hint: pass create=True (the default) to start a new store."
            )
            raise StoreError(msg)
        with self._session(write=True):
            pass  # creates, checks or migrates the schema

    def __repr__(self) -> str:
        return f"EvidenceStore({str(self._path)!r})"

    @property
    def path(self) -> Path:
        """The store file."""
        return self._path

    # -- connections -------------------------------------------------------------------

    def _connect(self, *, read_only: bool) -> duckdb.DuckDBPyConnection:
        import duckdb  # noqa: PLC0415 (optional dependency, kept out of the package import)

        deadline = time.monotonic() + self._timeout_s
        while True:
            try:
                return duckdb.connect(str(self._path), read_only=read_only)
            except duckdb.IOException as exc:
                # A program outside the lock file (duckdb CLI, a notebook) holds the file:
                # wait for it within the same bound as for the lock file.
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    self._raise_open_error(exc)
                time.sleep(0.05)
            except duckdb.Error as exc:
                self._raise_open_error(exc)

    def _raise_open_error(self, exc: Exception) -> NoReturn:
        import duckdb  # noqa: PLC0415

        if isinstance(exc, duckdb.IOException):
            if "lock" in str(exc).lower():
                msg = (
                    f"the evidence store {self._path} is open in another program that does "
                    f"not use the store's lock file; waited {self._timeout_s:g} s ({exc}).\n"
                    "Hint: close other DuckDB sessions on this file (duckdb CLI, notebooks)."
                )
                raise StoreLockedError(msg) from exc
            msg = f"cannot open the evidence store {self._path}: {exc}"
            raise StoreError(msg) from exc
        msg = (
            f"cannot open the evidence store {self._path}: {exc}.\n"
            "Hint: is this file a DuckDB database written by progress_indicators?"
        )
        raise StoreError(msg) from exc

    @contextlib.contextmanager
    def _session(self, *, write: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        import duckdb  # noqa: PLC0415

        with file_lock(
            self._lock_path, exclusive=write, timeout_s=self._timeout_s, store=self._path
        ):
            con = self._connect(read_only=not write)
            try:
                self._check_schema(con, write=write)
                yield con
            except duckdb.Error as exc:
                msg = f"evidence store {self._path}: database error: {exc}"
                raise StoreError(msg) from exc
            finally:
                con.close()

    def _check_schema(self, con: duckdb.DuckDBPyConnection, *, write: bool) -> None:
        tables = {
            row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        if "store_meta" not in tables:
            if tables or not write:
                msg = (
                    f"{self._path} is a DuckDB database but not an evidence store "
                    f"(no store_meta table; found {sorted(tables)}).\n"
                    "Hint: give EvidenceStore a new file name."
                )
                raise StoreError(msg)
            con.execute("BEGIN TRANSACTION")
            create_schema(
                con,
                library_version=__version__,
                created_at=_now().isoformat(timespec="seconds"),
            )
            con.execute("COMMIT")
            return
        row = _one(con, "SELECT value FROM store_meta WHERE key = 'schema_version'")
        try:
            version = int(row[0]) if row else -1
        except ValueError:
            version = -1
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            msg = (
                f"the evidence store {self._path} has schema version {version}, written by a "
                f"newer progress_indicators; this version ({__version__}) reads schema "
                f"{SCHEMA_VERSION} and older.\n"
                "Hint: upgrade progress-indicators (pip install -U 'progress-indicators[duckdb]')."
            )
            raise StoreSchemaError(msg)
        missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
        if version < 0 or missing:
            msg = (
                f"the evidence store {self._path} has schema version "
                f"{row[0] if row else 'missing'}, older than this library's {SCHEMA_VERSION}, "
                f"and there is no migration from version {missing[0] if missing else version}.\n"
                "Hint: re-ingest the sources into a new store with this version."
            )
            raise StoreSchemaError(msg)
        if not write:
            msg = (
                f"the evidence store {self._path} has schema version {version} and must be "
                f"migrated to {SCHEMA_VERSION} first.\n"
                "Hint: open it once with EvidenceStore(path) (it migrates on opening)."
            )
            raise StoreSchemaError(msg)
        con.execute("BEGIN TRANSACTION")
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](con)
        con.execute(
            "UPDATE store_meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)]
        )
        con.execute("COMMIT")

    # -- writing -----------------------------------------------------------------------

    def add(
        self,
        evidence: Evidence | pd.DataFrame | None = None,
        *,
        humanitarian: pd.DataFrame | None = None,
        recorded_at: TimeLike | None = None,
        source: str | None = None,
    ) -> AddResult:
        """Append what a source read, as one batch in one transaction.

        Each record's version is identified by a hash of its contract fields: content
        already stored (as any version of that id) is a *duplicate* and is not written
        again, whatever its ``recorded_at``; a known id with new content is a
        *revision*; an unknown id is *new*. When nothing is new or revised, nothing is
        written at all, so adding the same read twice changes nothing.

        Args:
            evidence: an :class:`~progress_indicators.sources.Evidence` (its observations
                and humanitarian rows are added together), or an observation table (or a
                humanitarian table, recognised by its ``event_id`` column), validated
                here in full.
            humanitarian: a humanitarian table to add in the same batch.
            recorded_at: when this evidence became known (default: now, UTC). It may not
                be earlier than the store's latest batch, so published vintages never
                change.
            source: the name recorded with the batch (default: the evidence's source,
                else ``"table"``).

        Returns:
            The batch id (``None`` when nothing changed) and the new, revised and
            duplicate ids per table.

        Raises:
            ValidationError: a table handed in directly has invalid rows.
            StoreOrderError: ``recorded_at`` is before the latest batch.
            StoreLockedError: another process held the store past the timeout.
        """
        observations, events, name, provenance = _incoming(evidence, humanitarian, source)
        given = None if recorded_at is None else _utc(recorded_at, "recorded_at", end_of_day=False)
        with self._session(write=True) as con:
            last_batch, last_recorded = con.execute(
                "SELECT coalesce(max(batch_id), 0), max(recorded_at) FROM batches"
            ).fetchall()[0]
            # "now" is taken under the lock, so a writer that waited for another one is
            # never earlier than the batch it waited for (clock steps are clamped).
            now = _now()
            if given is not None and given > now + _CLOCK_SLACK:
                msg = (
                    f"recorded_at {given} is in the future (now is {now} UTC); a batch "
                    "recorded later than now would hide every later append from as-of "
                    "reads until that time.\nHint: leave recorded_at unset (now), or give "
                    "the time the evidence actually became known."
                )
                raise StoreOrderError(msg)
            stamp = given if given is not None else now
            if given is None and last_recorded is not None:
                stamp = max(stamp, pd.Timestamp(last_recorded).as_unit("us"))
            if last_recorded is not None and stamp < pd.Timestamp(last_recorded):
                msg = (
                    f"recorded_at {stamp} is before the latest batch of {self._path} "
                    f"({pd.Timestamp(last_recorded)}, batch {last_batch}); appending it would "
                    "change what earlier vintages show.\n"
                    "Hint: add evidence in the order it became known, or leave recorded_at "
                    "unset (now)."
                )
                raise StoreOrderError(msg)
            batch_id = int(last_batch) + 1
            con.execute("BEGIN TRANSACTION")
            try:
                changes = {
                    table: _append(con, table, frame, batch_id, stamp)
                    for table, frame in (("observations", observations), ("humanitarian", events))
                }
                if not any(c.written for c in changes.values()):
                    con.execute("ROLLBACK")
                    return AddResult(
                        batch_id=None,
                        recorded_at=stamp,
                        source=name,
                        observations=changes["observations"],
                        humanitarian=changes["humanitarian"],
                    )
                counts = [
                    changes[t].counts[k]
                    for t in ("observations", "humanitarian")
                    for k in ("new", "revised", "duplicate")
                ]
                con.execute(
                    "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        batch_id,
                        stamp.to_pydatetime(),
                        _now().to_pydatetime(),
                        name,
                        json.dumps(dict(provenance), sort_keys=True),
                        *counts,
                    ],
                )
                _commit(con)
            except BaseException:
                with contextlib.suppress(Exception):
                    con.execute("ROLLBACK")
                raise
        return AddResult(
            batch_id=batch_id,
            recorded_at=stamp,
            source=name,
            observations=changes["observations"],
            humanitarian=changes["humanitarian"],
        )

    def retract(
        self,
        observation_ids: Iterable[str],
        *,
        recorded_at: TimeLike | None = None,
        note: str | None = None,
        source: str = "retraction",
    ) -> AddResult:
        """Record that observations were refuted: a new version with status ``refuted``.

        The latest version of each id is copied with ``verification = "refuted"`` (and
        ``notes`` set to ``note`` when given) and added as a revision; the earlier
        versions stay in the store and in earlier vintages.

        Args:
            observation_ids: the ids to retract (each must be in the store).
            recorded_at: when the retraction became known (default: now).
            note: why, kept in the new version's ``notes``.
            source: the name recorded with the batch.

        Returns:
            The result of the append (already refuted ids are duplicates).

        Raises:
            StoreError: an id is not in the store.
        """
        ids = list(dict.fromkeys(observation_ids))
        current = self.observations(as_of=None)
        known = current[current["observation_id"].isin(ids)].copy()
        missing = sorted(set(ids) - set(known["observation_id"].astype(str)))
        if missing:
            msg = (
                f"cannot retract {len(missing)} observation id(s) not in {self._path}: "
                f"{missing[:5]}.\nHint: list the stored ids with store.observations()."
            )
            raise StoreError(msg)
        known = known.astype({"verification": "string"})
        known["verification"] = "refuted"
        if note is not None:
            known["notes"] = note
        return self.add(known, recorded_at=recorded_at, source=source)

    # -- reading -----------------------------------------------------------------------

    def observations(
        self,
        as_of: TimeLike | None = None,
        start: TimeLike | None = None,
        end: TimeLike | None = None,
        indicators: Iterable[Indicator | str] | None = None,
    ) -> pd.DataFrame:
        """The observation table as it was known at ``as_of``.

        For each ``observation_id`` the latest version recorded at or before ``as_of``
        (a date means the end of that day; default now). The filters run inside DuckDB
        on that latest version: ``start``/``end`` keep observations whose span
        (``date`` .. ``end_date``) overlaps the window; ``indicators`` keeps those
        indicators.

        Returns:
            The table in the library's contract with the dtypes of
            :func:`~progress_indicators.validation.validate_observations`, in the order
            the current versions were recorded (batch, then position in the batch; a
            single add reads back in its input order). Refuted versions are returned as
            they are (scoring never counts them).
        """
        filters: list[str] = []
        params: dict[str, Any] = {}
        if start is not None:
            filters.append("coalesce(o.end_date, o.date) >= $start")
            params["start"] = _utc(start, "start", end_of_day=False).date()
        if end is not None:
            filters.append("o.date <= $end")
            params["end"] = _utc(end, "end", end_of_day=False).date()
        if indicators is not None:
            chosen = [_indicator(i) for i in indicators]
            filters.append("list_contains($indicators, o.indicator)")
            params["indicators"] = chosen
        frame = self._latest("observations", as_of, filters, params)
        return _observation_contract(frame)

    def humanitarian(
        self,
        as_of: TimeLike | None = None,
        start: TimeLike | None = None,
        end: TimeLike | None = None,
    ) -> pd.DataFrame:
        """The humanitarian ledger as it was known at ``as_of`` (latest version per event).

        Returns:
            The ledger with the dtypes of
            :func:`~progress_indicators.validation.validate_humanitarian`, in the order
            the current versions were recorded.
        """
        filters: list[str] = []
        params: dict[str, Any] = {}
        if start is not None:
            filters.append("o.date >= $start")
            params["start"] = _utc(start, "start", end_of_day=False).date()
        if end is not None:
            filters.append("o.date <= $end")
            params["end"] = _utc(end, "end", end_of_day=False).date()
        frame = self._latest("humanitarian", as_of, filters, params)
        return _humanitarian_contract(frame)

    def evidence_as_of(self, as_of: TimeLike | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Both tables as known at ``as_of``: what :func:`progress_indicators.score` reads."""
        return self.observations(as_of=as_of), self.humanitarian(as_of=as_of)

    def _latest(
        self, table: str, as_of: TimeLike | None, filters: list[str], params: dict[str, Any]
    ) -> pd.DataFrame:
        id_column, types = TABLES[table]
        # as_of=None is "everything stored", not "now": a batch a clock ahead of this one
        # recorded (or an older store's future batch) must not hide from current reads.
        bound = (
            pd.Timestamp.max.floor("s") if as_of is None else _utc(as_of, "as_of", end_of_day=True)
        )
        columns = ", ".join(f'o."{c}"' for c in types)
        where = " AND ".join(["o.batch_id <= $batch", *filters])
        with self._session(write=False) as con:
            # recorded_at never decreases with batch_id (checked on add), so "recorded at
            # or before as_of" is "batch_id <= the last batch recorded by then".
            row = _one(
                con,
                "SELECT coalesce(max(batch_id), 0) FROM batches WHERE recorded_at <= $bound",
                {"bound": bound.to_pydatetime()},
            )
            params = {**params, "batch": int(row[0]) if row else 0}
            # A row is current unless a later revision (batch <= the bound) of its id
            # exists; revisions are few, so the join's build side is small.
            sql = f"""
                WITH newest AS (
                    SELECT {id_column}, max(batch_id) AS newest_batch
                    FROM {table} WHERE revision AND batch_id <= $batch GROUP BY {id_column}
                )
                SELECT {columns}, o.rowid AS _row
                FROM {table} o LEFT JOIN newest n USING ({id_column})
                WHERE (n.newest_batch IS NULL OR o.batch_id = n.newest_batch) AND {where}
            """  # noqa: S608 (identifiers are the module's constants; values are parameters)
            frame = _frame(con, sql, params, categorical=_CATEGORICAL)
        # Rows come in storage order (batch, then position within it). DuckDB usually
        # returns them so already; reordering is needed (and paid) only when it did not.
        stored = frame["_row"].to_numpy()
        if len(stored) > 1 and not bool((np.diff(stored) > 0).all()):
            frame = frame.take(np.argsort(stored, kind="stable"))
        return frame.drop(columns="_row")

    def versions(
        self, table: str = "observations", ids: Iterable[str] | None = None
    ) -> pd.DataFrame:
        """Every stored version, with its provenance, oldest first.

        Args:
            table: ``"observations"`` or ``"humanitarian"``.
            ids: restrict to these record ids.

        Returns:
            The contract columns (as stored: plain text and dates) plus
            ``content_hash``, ``batch_id``, ``recorded_at`` and the batch's ``source``.
        """
        if table not in TABLES:
            msg = f"table must be one of {sorted(TABLES)} (got {table!r})."
            raise InputTypeError(msg)
        id_column, _ = TABLES[table]
        params: dict[str, Any] = {}
        where = ""
        if ids is not None:
            where = f"WHERE list_contains($ids, t.{id_column})"
            params["ids"] = [str(i) for i in ids]
        with self._session(write=False) as con:
            return _frame(
                con,
                f"SELECT t.*, b.source AS batch_source FROM {table} t "  # noqa: S608
                f"JOIN batches b USING (batch_id) {where} ORDER BY t.batch_id, t.{id_column}",
                params,
            )

    def log(self) -> pd.DataFrame:
        """What was added when: one row per batch, oldest first.

        Columns: ``batch_id``, ``recorded_at``, ``added_at``, ``source``,
        ``provenance`` (JSON text) and per table the ``new``, ``revised`` and
        ``duplicate`` counts.
        """
        with self._session(write=False) as con:
            return con.execute("SELECT * FROM batches ORDER BY batch_id").df()

    def row_counts(self) -> dict[str, int]:
        """Stored rows per table (all versions), and the number of batches."""
        with self._session(write=False) as con:
            return {
                table: int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])  # noqa: S608
                for table in ("observations", "humanitarian", "batches")
            }

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the store."""
        with self._session(write=False) as con:
            row = _one(con, "SELECT value FROM store_meta WHERE key = 'schema_version'")
        return int(row[0]) if row else -1

    # -- scoring -----------------------------------------------------------------------

    def score(
        self,
        as_of: TimeLike | None = None,
        config: ScorecardConfig | Mapping[str, Any] | None = None,
    ) -> Scorecard:
        """Score what was known at ``as_of`` (same as ``pi.score(store, as_of=...)``)."""
        from progress_indicators.scorecard import score  # noqa: PLC0415 (store sits above)

        return score(self, as_of=as_of, config=config)


def _indicator(value: Indicator | str) -> str:
    try:
        return Indicator(str(value).strip().lower()).value
    except ValueError:
        msg = (
            f"unknown indicator {value!r}; expected one of "
            + ", ".join(i.value for i in Indicator)
            + "."
        )
        raise ConfigError(msg) from None


@functools.cache
def _empty_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Empty observation and humanitarian tables in the contract (built once; never mutated)."""
    return (
        validate_observations(pd.DataFrame(columns=list(OBSERVATION_COLUMNS))).table,
        validate_humanitarian(pd.DataFrame(columns=list(HUMANITARIAN_COLUMNS))).table,
    )


def _from_evidence(
    evidence: Evidence, source: str | None
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, str, Mapping[str, str]]:
    """The tables of an ``Evidence`` (validated by the source's ``build_evidence``)."""
    name = source or evidence.source
    parts = (
        (evidence.observations, OBSERVATION_COLUMNS),
        (evidence.humanitarian, HUMANITARIAN_COLUMNS),
    )
    for part, columns in parts:
        missing = [c for c in columns if c not in part.columns]
        if missing and len(part):
            msg = (
                f"evidence from {name!r} lacks the columns {missing}.\n"
                "Hint: build Evidence with progress_indicators.sources.build_evidence."
            )
            raise InputTypeError(msg)
    observations = evidence.observations if len(evidence.observations) else None
    events = evidence.humanitarian if len(evidence.humanitarian) else None
    return observations, events, name, dict(evidence.provenance)


def _incoming(
    evidence: object, humanitarian: pd.DataFrame | None, source: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, str, Mapping[str, str]]:
    """Normalise ``add``'s arguments to (observations, humanitarian, source, provenance)."""
    observations: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    provenance: Mapping[str, str] = {}
    name = source or "table"
    if isinstance(evidence, Evidence):
        observations, events, name, provenance = _from_evidence(evidence, source)
    elif isinstance(evidence, pd.DataFrame):
        if "event_id" in evidence.columns and "observation_id" not in evidence.columns:
            events = validate_humanitarian(evidence, where=name).table
        else:
            observations = validate_observations(evidence, where=name).table
    elif evidence is not None:
        msg = (
            "store.add takes an Evidence or a DataFrame "
            f"(got {type(evidence).__name__}).\n"
            "Hint: read files with a source first, or pass a pandas DataFrame."
        )
        raise InputTypeError(msg)
    if humanitarian is not None:
        if events is not None:
            msg = (
                "two humanitarian tables given: the evidence's own and humanitarian=.\n"
                "Hint: add them in two calls."
            )
            raise InputTypeError(msg)
        events = validate_humanitarian(humanitarian, where=name).table
    if observations is None:
        observations = _empty_tables()[0]
    if events is None:
        events = _empty_tables()[1]
    for frame, (id_column, _) in zip((observations, events), TABLES.values(), strict=True):
        doubled = frame[id_column].duplicated()
        if doubled.any():
            first = frame.loc[doubled, id_column].iloc[0]
            msg = (
                f"{int(doubled.sum())} {id_column} value(s) occur twice in one batch "
                f"(e.g. {first!r}); a batch holds one version per record.\n"
                "Hint: add the versions in separate batches, oldest first."
            )
            raise StoreError(msg)
    return observations, events, name, provenance


def _append(
    con: duckdb.DuckDBPyConnection,
    table: str,
    frame: pd.DataFrame,
    batch_id: int,
    recorded_at: pd.Timestamp,
) -> TableChanges:
    """Insert the versions of ``frame`` not yet stored; classify every id. Vectorised."""
    if frame.empty:
        return _empty_changes()
    id_column, types = TABLES[table]
    arrow = pa.Table.from_pandas(frame[list(types)], preserve_index=False)
    con.register("incoming", arrow)
    try:
        casts = ", ".join(f'CAST(i."{c}" AS {t.split()[0]}) AS "{c}"' for c, t in types.items())
        contract = ", ".join(f'"{c}"' for c in types)
        con.execute(
            f"""
            INSERT INTO {table}
            SELECT {contract}, content_hash, $batch, $recorded_at,
                   {id_column} IN (SELECT {id_column} FROM {table}) AS revision
            FROM (
                SELECT *, {content_hash_sql(types)} AS content_hash
                FROM (SELECT {casts} FROM incoming i)
            ) s
            WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.content_hash = s.content_hash)
            """,  # noqa: S608 (identifiers are the module's constants; values are parameters)
            {"batch": batch_id, "recorded_at": recorded_at.to_pydatetime()},
        )
        kinds = _frame(
            con,
            f"""
                SELECT {id_column} AS id, revision AS revised
                FROM {table} WHERE batch_id = $batch
                """,  # noqa: S608
            {"batch": batch_id},
        )
        duplicate = _frame(
            con,
            f"""
                SELECT CAST(i.{id_column} AS VARCHAR) AS id FROM incoming i
                WHERE NOT EXISTS (
                    SELECT 1 FROM {table} t
                    WHERE t.batch_id = $batch AND t.{id_column} = CAST(i.{id_column} AS VARCHAR)
                )
                """,  # noqa: S608
            {"batch": batch_id},
        )
    finally:
        con.unregister("incoming")
    revised = kinds["revised"].to_numpy(dtype=bool)
    ids = kinds["id"].astype("string")
    return TableChanges(
        new=pd.Index(ids[~revised], dtype="string"),
        revised=pd.Index(ids[revised], dtype="string"),
        duplicate=pd.Index(duplicate["id"].astype("string"), dtype="string"),
    )


def _one(
    con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> tuple[Any, ...] | None:
    """The first row of a query, reading the result to its end (DuckDB wants it consumed)."""
    rows = con.execute(sql, dict(params or {})).fetchall()
    return rows[0] if rows else None


def _frame(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: Mapping[str, Any] | None = None,
    *,
    categorical: Iterable[str] = (),
) -> pd.DataFrame:
    """A query's result as pandas through Arrow: text stays Arrow-backed (no Python strings).

    Columns named in ``categorical`` are dictionary-encoded in Arrow first, so pandas
    receives codes rather than strings to categorise.
    """
    table = con.sql(sql, params=dict(params or {})).to_arrow_table()
    for name in categorical:
        if name in table.column_names:
            position = table.column_names.index(name)
            table = table.set_column(position, name, pc.dictionary_encode(table[name]))
    strings = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow")}
    frame: pd.DataFrame = table.to_pandas(types_mapper=strings.get, date_as_object=False)
    return frame


def _strings(frame: pd.DataFrame, columns: Iterable[str]) -> None:
    for column in columns:
        frame[column] = frame[column].astype("string")


def _observation_contract(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    text = [c for c in OBSERVATION_COLUMNS if c not in _OBSERVATION_DTYPES]
    _strings(out, text)
    out = out.astype(dict(_OBSERVATION_DTYPES))
    return out[list(OBSERVATION_COLUMNS)].reset_index(drop=True)


def _humanitarian_contract(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    text = [c for c in HUMANITARIAN_COLUMNS if c not in _HUMANITARIAN_DTYPES]
    _strings(out, text)
    out = out.astype(dict(_HUMANITARIAN_DTYPES))
    return out[list(HUMANITARIAN_COLUMNS)].reset_index(drop=True)
