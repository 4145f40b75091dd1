"""VIINA 2.0 (Violent Incident Information from News Articles; Zhukov & Ayers, ODbL 1.0).

One class reads both kinds of VIINA file; ``kind="auto"`` (the default) tells them
apart by their columns (a control file has ``status``; an event file has
``a_rus_init_b`` or ``a_rus_init``). Pass ``kind="events"`` or ``kind="control"`` to
insist on one.

- **Events** (``event_1pd_latest_YYYY.csv``, one de-duplicated event per place and day;
  or ``event_labels_latest_YYYY.csv``, one row per report-location): an event initiated by
  Russian forces (``a_rus_init_b == 1``, or ``a_rus_init >= threshold`` when only the
  probability is present) with at least one strike type set (``t_artillery``,
  ``t_airstrike``, ``t_uav`` by default) -> one ``attack_events`` observation, value 1.
- **Control** (``control_latest_YYYY.csv`` or ``kontrol_...``, or the same as Parquet:
  place x day with ``status`` UA / RU / CONTESTED) -> per period (day, ISO week or month;
  the last day of the period present in the file) the number of places with status RU:
  ``settlements_occupied`` (a level on ``verified_withdrawal``). Control files are
  streamed in record batches of the three columns needed and aggregated per batch, so
  an 8.5M-row file never becomes Python objects.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import zipfile
from typing import IO, TYPE_CHECKING, Final, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from progress_indicators.exceptions import DataFileError, InputTypeError, SchemaError
from progress_indicators.model import Indicator
from progress_indicators.model._bounded import byte_limit, path_argument
from progress_indicators.sources._base import Coverage, Evidence, build_evidence
from progress_indicators.sources._columnar import (  # _options: the columnar reader's own
    _options,  # pyarrow options, shared so a zipped CSV reads as the plain one
    adapter_rejects,
    csv_header,
    iter_csv_batches,
    require_columns,
    span_mask,
)
from progress_indicators.sources._io import checked_path, file_provenance
from progress_indicators.sources._mapping import FieldMapping, read_mapped_csv
from progress_indicators.validation import coerce_dates

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from pathlib import Path

    from progress_indicators.validation import OnInvalid

__all__ = ["DEFAULT_STRIKE_TYPES", "VIINA_SOURCE", "ViinaSource"]

VIINA_SOURCE: Final = "VIINA 2.0 (Zhukov & Ayers; ODbL 1.0)"
"""The ``source`` of every observation: the dataset, its authors and its licence."""

DEFAULT_STRIKE_TYPES: Final = ("t_artillery", "t_airstrike", "t_uav")
"""Strike labels that make a Russian-initiated VIINA event an attack (DOMAIN.md)."""

_STATUSES: Final = ("UA", "RU", "CONTESTED")
_PLACE_COLUMNS: Final = ("geonameid", "kod")
_Kind = Literal["auto", "events", "control"]
_Period = Literal["day", "week", "month"]


class ViinaSource:
    """VIINA event files as ``attack_events``; control files as ``settlements_occupied``.

    Args:
        path: a VIINA CSV (events or control), a control file as Parquet, or a ``.zip``
            as published in VIINA's repository (``control_latest_2023.zip`` ...), read
            directly: no unzipping.
        kind: ``"auto"`` (by columns), ``"events"`` or ``"control"``.
        strike_types: labels (without ``_b``) of which one must be set.
        threshold: cut-off on label probabilities when a file has no ``_b`` columns.
        status_column: control column read (``status`` = consensus of the wiki, boost and
            DeepStateMap sources; or ``status_dsm``, ``status_isw``, ``status_wiki`` ...).
        period: control collapsed per ``"day"``, ``"week"`` or ``"month"``.
        max_bytes: refuse files larger than this many bytes (default: no limit).
        columns: ``{VIINA column: file column}`` for a file naming columns otherwise.
        member: the CSV inside a zip holding several (default: its only ``.csv``).
        values: ``{VIINA column: {file value: VIINA value}}`` for other spellings (e.g.
            ``{"status": {"occupied": "RU"}}``), recorded in the provenance.

    Verification:
        Events are machine-classified news reports (a volume proxy, outlets of both
        parties among them): ``reported``, C/3. Control from the consensus ``status``
        agrees across at least two independent maps: ``corroborated``, B/2; a single
        source column (``status_dsm`` ...) is ``reported``, B/3.
    """

    name = "viina"
    description = (
        "VIINA 2.0 (ODbL): Russian-initiated strike events; settlement control per period."
    )

    def __init__(
        self,
        path: str | Path,
        *,
        kind: _Kind = "auto",
        strike_types: tuple[str, ...] = DEFAULT_STRIKE_TYPES,
        threshold: float = 0.5,
        status_column: str = "status",
        period: _Period = "day",
        max_bytes: int | None = None,
        columns: Mapping[str, str] | None = None,
        values: Mapping[str, Mapping[str, str | None]] | None = None,
        member: str | None = None,
    ) -> None:
        self.max_bytes = byte_limit(max_bytes)  # checked type (#16)
        self.member = member
        self.mapping = FieldMapping(columns=columns, values=values)
        if kind not in ("auto", "events", "control"):
            msg = f"ViinaSource kind must be 'auto', 'events' or 'control' (got {kind!r})."
            raise InputTypeError(msg)
        if period not in ("day", "week", "month"):
            msg = f"ViinaSource period must be 'day', 'week' or 'month' (got {period!r})."
            raise InputTypeError(msg)
        if not strike_types or not 0 < threshold < 1:
            msg = (
                "ViinaSource needs at least one strike type and 0 < threshold < 1 "
                f"(got strike_types={strike_types!r}, threshold={threshold!r})."
            )
            raise InputTypeError(msg)
        self.path = path_argument(path)  # checked type (#16)
        self.kind = kind
        self.strike_types = tuple(s.removesuffix("_b") for s in strike_types)
        self.threshold = threshold
        self.status_column = status_column
        self.period = period

    def __repr__(self) -> str:
        return f"ViinaSource(path={str(self.path)!r}, kind={self.kind!r})"

    @property
    def indicators(self) -> frozenset[Indicator]:
        """Cessation of attacks (events) and verified withdrawal (control)."""
        return frozenset({Indicator.CESSATION_OF_ATTACKS, Indicator.VERIFIED_WITHDRAWAL})

    @property
    def coverage(self) -> Coverage:
        """VIINA starts with the full-scale invasion, 2022-02-24."""
        return Coverage(start=dt.date(2022, 2, 24), end=None, area="Ukraine")

    def read(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        on_invalid: OnInvalid = "raise",
    ) -> Evidence:
        """Read an event or control file (see the class docstring).

        Raises:
            DataFileError: the file cannot be parsed.
            SchemaError: required columns are missing, or the kind cannot be told.
            ValidationError: in ``raise`` mode, when any row is invalid.
        """
        path = checked_path(self.path, what="VIINA", max_bytes=self.max_bytes)
        zipped = _ZipCsv.open(path, self.member, self.max_bytes) if _is_zip(path) else None
        parquet = path.suffix.lower() in (".parquet", ".pq")
        if zipped is not None:
            header = zipped.header()
        else:
            header = _parquet_columns(path) if parquet else csv_header(path, what="VIINA")
        header = self.mapping.expected_header(header)
        kind = self._kind(header, path)
        provenance = {**file_provenance(path), "dataset": f"VIINA 2.0 {kind}", "licence": "ODbL"}
        if zipped is not None:
            provenance["member"] = zipped.member
        if not self.mapping.empty:
            provenance["mapping"] = self.mapping.provenance({})["mapping"]
        if kind == "events":
            if parquet:
                msg = f"VIINA event files are read as CSV (got {path.name}).\nHint: use the CSV."
                raise DataFileError(msg)
            return self._events(
                path,
                zipped=zipped,
                header=header,
                start=start,
                end=end,
                on_invalid=on_invalid,
                provenance=provenance,
            )
        return self._control(
            path,
            zipped=zipped,
            header=header,
            parquet=parquet,
            start=start,
            end=end,
            on_invalid=on_invalid,
            provenance=provenance,
        )

    def _kind(self, header: list[str], path: Path) -> Literal["events", "control"]:
        if self.kind != "auto":
            return self.kind
        if "status" in header or self.status_column in header:
            return "control"
        if "a_rus_init_b" in header or "a_rus_init" in header:
            return "events"
        msg = (
            f"VIINA file {path} is neither an event file (no 'a_rus_init_b'/'a_rus_init') "
            f"nor a control file (no {self.status_column!r}).\nHint: pass kind='events' or "
            "kind='control', or check the file is a VIINA export."
        )
        raise SchemaError(msg)

    # -- events ----------------------------------------------------------------------

    def _label(self, header: list[str], label: str) -> tuple[str, bool]:
        """The column for ``label``: the binary ``_b`` one if present, else the probability."""
        if f"{label}_b" in header:
            return f"{label}_b", True
        if label in header:
            return label, False
        return f"{label}_b", True  # reported missing by require_columns

    def _events(
        self,
        path: Path,
        *,
        zipped: _ZipCsv | None,
        header: list[str],
        start: dt.date | None,
        end: dt.date | None,
        on_invalid: OnInvalid,
        provenance: dict[str, str],
    ) -> Evidence:
        id_column = "event_id_1pd" if "event_id_1pd" in header else "event_id"
        labels = {label: self._label(header, label) for label in ("a_rus_init", *self.strike_types)}
        required = (id_column, "date", *(column for column, _ in labels.values()))
        optional = ("ADM1_NAME", "latitude", "longitude", "asciiname", "n_reports", "sources")
        if zipped is None:
            frame, counts = read_mapped_csv(
                path,
                self.mapping,
                what="VIINA events",
                required=required,
                optional=optional,
                dictionary=("ADM1_NAME",),
            )
        else:
            files = self.mapping.file_columns(required)
            require_columns(zipped.header(), files, what="VIINA events", where=zipped.where)
            present = [c for c in self.mapping.file_columns(optional) if c in zipped.header()]
            table = zipped.read([*files, *present], self.mapping.file_columns(["ADM1_NAME"]))
            frame, counts = self.mapping.apply(table.to_pandas())
        provenance = {**provenance, **self.mapping.provenance(counts)}
        n = len(frame)
        flags = {}
        for label, (column, binary) in labels.items():
            number = pd.to_numeric(frame[column], errors="coerce")
            flags[label] = (number >= (0.5 if binary else self.threshold)).to_numpy(dtype=bool)
        date = _iso(frame["date"])
        in_span = span_mask(date, start, end)
        strike = np.logical_or.reduce([flags[s] for s in self.strike_types])
        russian = flags["a_rus_init"]
        selected = in_span & russian & strike
        skipped = {
            "outside_requested_span": int((~in_span).sum()),
            "not_russian_initiated": int((in_span & ~russian).sum()),
            "not_a_strike_type": int((in_span & russian & ~strike).sum()),
        }
        rows = np.flatnonzero(selected)
        part = frame.iloc[rows]
        event_id = part[id_column].astype("string").str.strip()
        types = np.full(len(rows), "", dtype=object)
        for label in self.strike_types:
            types = types + np.where(flags[label][rows], label.removeprefix("t_") + " ", "")
        notes = "strike types: " + pd.Series(types, dtype="string").str.strip().to_numpy(
            dtype=object
        )
        if "n_reports" in part:
            notes = notes + (
                "; reports: " + part["n_reports"].astype("string").fillna("?")
            ).to_numpy(dtype=object)
        observations = pd.DataFrame(
            {
                "observation_id": ("viina-" + event_id).to_numpy(dtype=object),
                "indicator": Indicator.CESSATION_OF_ATTACKS.value,
                "metric": "attack_events",
                "date": date.iloc[rows].to_numpy(dtype=object),
                "value": 1.0,
                "unit": "events",
                "source": VIINA_SOURCE,
                "verification": "reported",
                "reliability": "C",
                "credibility": 3,
                "region": _maybe(part, "ADM1_NAME"),
                "latitude": _maybe(part, "latitude"),
                "longitude": _maybe(part, "longitude"),
                "source_record": event_id.to_numpy(dtype=object),
                "notes": notes,
            }
        )
        return build_evidence(
            source=self.name,
            read=n,
            observations=observations,
            observation_rows=pd.Index(rows),
            skipped={k: v for k, v in skipped.items() if v},
            on_invalid=on_invalid,
            where=path.name,
            provenance=provenance,
        )

    # -- control ---------------------------------------------------------------------

    def _control(
        self,
        path: Path,
        *,
        zipped: _ZipCsv | None,
        header: list[str],
        parquet: bool,
        start: dt.date | None,
        end: dt.date | None,
        on_invalid: OnInvalid,
        provenance: dict[str, str],
    ) -> Evidence:
        place = next((c for c in _PLACE_COLUMNS if c in header), "geonameid")
        columns = (place, "date", self.status_column)
        require_columns(header, columns, what="VIINA control", where=str(path))
        counts: list[pd.DataFrame] = []
        rejects: list[pd.DataFrame] = []
        outside = 0
        offset = 0
        counted: dict[str, dict[str, int]] = {}
        files = tuple(self.mapping.file_columns(columns))
        batches = (
            zipped.batches(files, dictionary=(files[2],))
            if zipped is not None
            else _batches(path, files, parquet=parquet)
        )
        for batch in batches:
            frame, batch_counts = self.mapping.apply(batch.to_pandas())
            for column, changed in batch_counts.items():
                total = counted.setdefault(column, {})
                for value, n in changed.items():
                    total[value] = total.get(value, 0) + n
            size = len(frame)
            date = coerce_dates(frame["date"], fmt="%Y%m%d")
            status = frame[self.status_column].astype("string").str.strip().str.upper()
            bad_date = date.isna().to_numpy(dtype=bool)
            bad_status = (~status.isin(_STATUSES)).to_numpy(dtype=bool) & ~bad_date
            positions = np.arange(offset, offset + size)
            if bad_date.any():
                rejects.append(
                    adapter_rejects(
                        positions[bad_date],
                        column="date",
                        check="is a date (YYYYMMDD)",
                        values=frame["date"][bad_date],
                        reason="unparseable_date",
                    )
                )
            if bad_status.any():
                rejects.append(
                    adapter_rejects(
                        positions[bad_status],
                        column=self.status_column,
                        check="one of UA, RU, CONTESTED",
                        values=frame[self.status_column][bad_status],
                        reason="unknown_status",
                    )
                )
            good = ~bad_date & ~bad_status
            inside = good & span_mask(date.dt.strftime("%Y-%m-%d"), start, end)
            outside += int((good & ~inside).sum())
            kept = pd.DataFrame(
                {
                    "date": date[inside],
                    "places": 1,
                    "ru": (status[inside] == "RU").astype("int64"),
                    "contested": (status[inside] == "CONTESTED").astype("int64"),
                    "row": positions[inside],
                }
            )
            counts.append(
                kept.groupby("date").agg(
                    places=("places", "sum"),
                    ru=("ru", "sum"),
                    contested=("contested", "sum"),
                    row=("row", "min"),
                )
            )
            offset += size
        daily = (
            pd.concat(counts)
            .groupby(level="date")
            .agg(
                places=("places", "sum"),
                ru=("ru", "sum"),
                contested=("contested", "sum"),
                row=("row", "min"),
            )
            if counts
            else pd.DataFrame(columns=["places", "ru", "contested", "row"])
        )
        observations, rows = self._collapse(daily)
        provenance = {**provenance, **self.mapping.provenance(counted)}
        rejected = pd.concat(rejects, ignore_index=True) if rejects else None
        n_rejected = 0 if rejected is None else int(rejected["row"].nunique())
        used = offset - n_rejected - outside
        skipped = {
            "outside_requested_span": outside,
            # Place-day rows counted inside a period's settlement count; the row named in
            # each observation is the period's first row.
            "counted_in_period_aggregate": used - len(observations),
        }
        return build_evidence(
            source=self.name,
            read=offset,
            observations=observations,
            observation_rows=rows,
            rejected=rejected,
            skipped={k: v for k, v in skipped.items() if v},
            on_invalid=on_invalid,
            where=path.name,
            provenance=provenance,
        )

    def _collapse(self, daily: pd.DataFrame) -> tuple[pd.DataFrame, pd.Index]:
        """One observation per period: the last day of the period present."""
        if daily.empty:
            return _empty_control(), pd.Index([], dtype="int64")
        daily = daily.sort_index()
        index = pd.DatetimeIndex(daily.index)
        freq = {"day": "D", "week": "W-SUN", "month": "M"}[self.period]
        period = index.to_period(freq)
        last = daily.assign(period=period).groupby("period", sort=True).tail(1)
        first_row = daily.assign(period=period).groupby("period")["row"].transform("min")
        rows = first_row.loc[last.index].to_numpy(dtype="int64")
        consensus = self.status_column == "status"
        dates = pd.DatetimeIndex(last.index).strftime("%Y-%m-%d")
        notes = (
            "RU "
            + last["ru"].astype("int64").astype("string")
            + " of "
            + last["places"].astype("int64").astype("string")
            + " places (CONTESTED "
            + last["contested"].astype("int64").astype("string")
            + f") per {self.status_column} on that day"
        )
        observations = pd.DataFrame(
            {
                "observation_id": ("viina-control-" + self.status_column + "-" + dates).to_numpy(
                    dtype=object
                ),
                "indicator": Indicator.VERIFIED_WITHDRAWAL.value,
                "metric": "settlements_occupied",
                "date": dates.to_numpy(dtype=object),
                "value": last["ru"].to_numpy(dtype="float64"),
                "unit": "settlements",
                "source": VIINA_SOURCE,
                "verification": "corroborated" if consensus else "reported",
                "reliability": "B",
                "credibility": 2 if consensus else 3,
                "source_record": ("control " + dates).to_numpy(dtype=object),
                "notes": notes.to_numpy(dtype=object),
            }
        )
        return observations, pd.Index(rows)


def _empty_control() -> pd.DataFrame:
    from progress_indicators.sources._base import empty_observations  # noqa: PLC0415

    return empty_observations()


def _iso(dates: pd.Series) -> pd.Series:
    """``YYYYMMDD`` text as ``YYYY-MM-DD`` (anything else is left for validation)."""
    text = dates.astype("string").str.strip()
    compact = text.str.fullmatch(r"\d{8}").fillna(value=False)
    iso = text.str.slice(0, 4) + "-" + text.str.slice(4, 6) + "-" + text.str.slice(6, 8)
    return iso.where(compact, text)


def _maybe(frame: pd.DataFrame, column: str) -> object:
    if column not in frame:
        return None
    return frame[column].astype("string").to_numpy(dtype=object)


def _parquet_columns(path: Path) -> list[str]:
    try:
        return list(pq.ParquetFile(path).schema_arrow.names)
    except Exception as error:  # pyarrow raises several types for a damaged file
        msg = (
            f"VIINA file {path} is not a readable Parquet file: {str(error).splitlines()[0]}\n"
            "Hint: the file may be truncated; download it again, or use the CSV."
        )
        raise DataFileError(msg) from None


def _batches(path: Path, columns: tuple[str, ...], *, parquet: bool) -> Iterator[pa.RecordBatch]:
    if not parquet:
        yield from iter_csv_batches(
            path, what="VIINA control", columns=columns, dictionary=(columns[2],)
        )
        return
    try:
        yield from pq.ParquetFile(path).iter_batches(columns=list(columns), batch_size=1 << 20)
    except Exception as error:  # a damaged Parquet file raises OSError or ArrowInvalid
        msg = f"VIINA file {path} could not be read: {str(error).splitlines()[0]}"
        raise DataFileError(msg) from None


# -- zipped CSVs (VIINA publishes its files zipped) -------------------------------------------
def _is_zip(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


class _ZipCsv:
    """One CSV member of a zip archive, read in place (pyarrow streams the member).

    The member's uncompressed size is checked against ``max_bytes`` before anything is
    decompressed (a small archive can hold a very large file).
    """

    def __init__(self, path: Path, member: str) -> None:
        self.path = path
        self.member = member
        self.where = f"{path}!{member}"
        self._header: list[str] | None = None

    @classmethod
    def open(cls, path: Path, member: str | None, max_bytes: int | None) -> _ZipCsv:
        """The member to read.

        Raises:
            DataFileError: not a zip, no (or no such, or several) CSV member, or a member
                larger than ``max_bytes`` once decompressed.
        """
        try:
            with zipfile.ZipFile(path) as archive:
                infos = {i.filename: i for i in archive.infolist() if not i.is_dir()}
        except (zipfile.BadZipFile, OSError) as error:
            msg = (
                f"VIINA file {path} is not a readable zip archive ({error}).\n"
                "Hint: download it again; the repository's .zip files are read as they are."
            )
            raise DataFileError(msg) from None
        csvs = sorted(n for n in infos if n.lower().endswith(".csv"))
        if member is None:
            if len(csvs) != 1:
                msg = (
                    f"VIINA archive {path} holds {len(csvs)} CSV files ({csvs[:6]}).\n"
                    "Hint: name one with member=."
                )
                raise DataFileError(msg)
            member = csvs[0]
        if member not in infos:
            msg = f"VIINA archive {path} has no member {member!r} (it has {csvs[:6]})."
            raise DataFileError(msg)
        size = infos[member].file_size
        if max_bytes is not None and size > max_bytes:
            msg = (
                f"VIINA archive member {member} is {size:,} bytes once decompressed, above "
                f"the limit of {max_bytes:,}.\nHint: raise max_bytes= if the file is trusted."
            )
            raise DataFileError(msg)
        return cls(path, member)

    @contextlib.contextmanager
    def _stream(self) -> Iterator[IO[bytes]]:
        """The member, decompressed as it is read; the archive is closed afterwards."""
        with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as handle:
            yield handle

    def header(self) -> list[str]:
        """The member's first line, as column names."""
        if self._header is None:
            with self._stream() as handle:
                first = handle.readline()
            try:
                text = first.decode("utf-8-sig")
            except UnicodeDecodeError:
                msg = f"VIINA file {self.where} does not start with a UTF-8 CSV header."
                raise DataFileError(msg) from None
            rows = list(csv.reader(io.StringIO(text)))
            self._header = [c.strip() for c in rows[0]] if rows else []
        return self._header

    def _error(self, error: Exception) -> DataFileError:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        msg = (
            f"VIINA file {self.where} could not be parsed as CSV: {detail}\n"
            "Hint: the archive may be truncated; download it again."
        )
        return DataFileError(msg)

    def read(self, columns: Sequence[str], dictionary: Sequence[str]) -> pa.Table:
        """The ``columns`` of the member (text; ``dictionary`` ones as dictionaries)."""
        read_options, convert = _options(columns, dictionary, None)
        try:
            with self._stream() as handle:
                return pacsv.read_csv(handle, read_options=read_options, convert_options=convert)
        except (
            pa.ArrowInvalid,
            pa.ArrowException,
            UnicodeDecodeError,
            zipfile.BadZipFile,
        ) as error:
            raise self._error(error) from None

    def batches(
        self, columns: Sequence[str], *, dictionary: Sequence[str], block_size: int = 1 << 24
    ) -> Iterator[pa.RecordBatch]:
        """The member in record batches of ``columns`` (memory bounded by ``block_size``)."""
        read_options, convert = _options(columns, dictionary, block_size)
        try:
            with self._stream() as handle:
                reader = pacsv.open_csv(handle, read_options=read_options, convert_options=convert)
                while True:
                    try:
                        yield reader.read_next_batch()
                    except StopIteration:
                        return
        except (
            pa.ArrowInvalid,
            pa.ArrowException,
            UnicodeDecodeError,
            zipfile.BadZipFile,
        ) as error:
            raise self._error(error) from None
