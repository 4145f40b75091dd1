"""ACLED (Armed Conflict Location & Event Data) exports and API pulls.

Reads a user's own ACLED export (CSV with the API header, the same saved as Parquet, or
the API's JSON ``{"status": ..., "data": [...]}``), or fetches the user's own pull from the API with
credentials from the environment (OAuth, ``sources/_fetch.py``). ACLED's terms forbid
redistributing its rows: this module ships none, and nothing it writes contains a
credential.

Mapping (one ACLED row -> at most one output row; see ``docs/sources/acled.md``):

- ``Battles``, ``Explosions/Remote violence`` and ``Violence against civilians``
  events whose ``actor1`` is Russian or Russian-aligned (``RUSSIAN_ACTORS``, a regex
  matched at the start of ``actor1``) -> ``attack_events`` (cessation), value 1.
- Territory sub-events (``Government regains territory``, ``Non-state actor overtakes
  territory``, ``Non-violent transfer of territory``) -> withdrawal evidence:
  ``territory_regained_events`` when ``actor1`` is Ukrainian, ``territory_taken_events``
  when it is Russian-aligned (neither metric is in the default scoring config).
- ``Strategic developments / Agreement`` rows whose notes mention a prisoner or body
  exchange -> the humanitarian ledger (never scored).
- Everything else is skipped with a reason.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from progress_indicators.exceptions import DataFileError, InputTypeError, SchemaError
from progress_indicators.model import Indicator
from progress_indicators.model._bounded import byte_limit, path_argument
from progress_indicators.sources._base import Coverage, Evidence, build_evidence
from progress_indicators.sources._columnar import (
    adapter_rejects,
    category_mask,
    read_csv_columns,
    require_columns,
    span_mask,
)
from progress_indicators.sources._fetch import (
    ACLED_READ_URL,
    HttpClient,
    fetch_acled,
    urllib_transport,
)
from progress_indicators.sources._io import (
    DIGESTS,
    check_unpacked_parquet,
    checked_path,
    file_provenance,
    read_json_file,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from progress_indicators.sources._fetch import Transport
    from progress_indicators.validation import OnInvalid

__all__ = [
    "ACLED_API_URL",
    "ATTACK_EVENT_TYPES",
    "ONE_PARTY_PATTERN",
    "RUSSIAN_ACTORS",
    "UKRAINIAN_ACTORS",
    "AcledSource",
]

ACLED_API_URL: Final = ACLED_READ_URL
"""The ACLED read endpoint (the OAuth flow is in ``sources/_fetch.py``)."""

ATTACK_EVENT_TYPES: Final = ("Battles", "Explosions/Remote violence", "Violence against civilians")
TERRITORY_SUB_EVENTS: Final = (
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
)
EVENT_TYPES: Final = (
    *ATTACK_EVENT_TYPES,
    "Protests",
    "Riots",
    "Strategic developments",
)

RUSSIAN_ACTORS: Final = (
    r"(Military Forces of Russia|Police Forces of Russia|Wagner Group|Rosgvardia"
    r"|Military Forces of (the )?(Donetsk|Luhansk) People'?s Republic"
    r"|Police Forces of (the )?(Donetsk|Luhansk) People'?s Republic"
    r"|(Donetsk|Luhansk) People'?s Republic)"
)
"""Russian or Russian-aligned ``actor1`` values (regex, matched at the start).

ACLED names state forces ``Military Forces of Russia (2000-)`` (with suffixes such as
``Air Force``); the proxy forces of the "DPR"/"LPR" and the Wagner Group are
Russian-aligned. Override with ``AcledSource(russian_actors=...)``.
"""

UKRAINIAN_ACTORS: Final = r"(Military Forces of Ukraine|Police Forces of Ukraine)"
"""Ukrainian ``actor1`` values (regex, matched at the start)."""

EXCHANGE_PATTERN: Final = (
    r"(?i)(prisoner|\bPOWs?\b|captive|detainee)s?[^.]{0,60}(exchange|swap)"
    r"|(exchange|swap)[^.]{0,60}(prisoner|\bPOWs?\b|captive|detainee)"
)
BODY_PATTERN: Final = r"(?i)(exchange|repatriat|return)[^.]{0,40}(bodies|remains)"

ONE_PARTY_PATTERN: Final = (
    r"(?i)(\bclaimed\b|\bunverified\b|\bunconfirmed\b|could not be (independently )?verified"
    r"|according to (the )?(russian|ukrainian) (side|sources?|mod|ministry|military|officials?"
    r"|authorities|forces))"
)
"""Notes that show single-party sourcing; such rows are graded ``reported`` B/3."""

_REQUIRED: Final = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "notes",
)
_OPTIONAL: Final = ("admin1", "latitude", "longitude", "fatalities", "country", "source")
_DICTIONARY: Final = ("event_type", "sub_event_type", "actor1", "admin1", "country")
_SOURCE: Final = "ACLED (acleddata.com)"


class AcledSource:
    """ACLED events as cessation and withdrawal evidence, exchanges as ledger rows.

    Args:
        path: an ACLED CSV export, the same as ``.parquet``, or a ``.json`` file saved
            from the API.
        api: fetch from the ACLED API instead of a file: an OAuth token from
            ``ACLED_EMAIL`` and ``ACLED_PASSWORD`` (or ``ACLED_REFRESH_TOKEN``) in the
            environment, then bearer-authenticated reads (see ``sources/_fetch.py``).
        country: the ``country`` filter for API pulls and file rows (``None``: all).
        russian_actors: regex for Russian-aligned ``actor1`` (see ``RUSSIAN_ACTORS``).
        one_party_pattern: regex on ``notes`` that downgrades a row to ``reported``.
        timeout: seconds per API request.
        retries: extra attempts on timeouts, 429 and 5xx responses.
        page_size: rows per API page.
        max_pages: stop (with an error) after this many pages.
        transport: ``(request, timeout) -> bytes``; defaults to :mod:`urllib`. Tests
            inject a fake here; nothing in the library touches the network otherwise.
        sleep: the back-off sleep (injectable for tests).
        max_bytes: refuse files larger than this many bytes (default: no limit).
        digest: the file digest recorded in ``provenance``: ``"blake3"`` (default;
            about three times faster than SHA-256 on a large export) or ``"sha256"``.
            ``provenance["digest_algorithm"]`` names it.

    Examples:
        >>> src = AcledSource(path="acled_ukraine.csv")
        >>> src.name
        'acled'
    """

    name = "acled"
    description = (
        "ACLED export or API pull: Russian-initiated attacks, territory transfers, "
        "prisoner exchanges (to the ledger)."
    )

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        api: bool = False,
        country: str | None = "Ukraine",
        russian_actors: str = RUSSIAN_ACTORS,
        one_party_pattern: str = ONE_PARTY_PATTERN,
        timeout: float = 60.0,
        retries: int = 3,
        page_size: int = 5000,
        max_pages: int = 1000,
        transport: Transport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_bytes: int | None = None,
        digest: str = "blake3",
    ) -> None:
        self.max_bytes = byte_limit(max_bytes)  # checked type (#16)
        if digest not in DIGESTS:
            msg = f"AcledSource: digest must be one of {', '.join(DIGESTS)} (got {digest!r})."
            raise InputTypeError(msg)
        self.digest = digest
        if (path is None) == (not api):
            msg = (
                "AcledSource needs exactly one of path= (an export file) or api=True "
                f"(got path={path!r}, api={api!r}).\nHint: AcledSource(path='export.csv')."
            )
            raise InputTypeError(msg)
        if timeout <= 0 or retries < 0 or page_size <= 0 or max_pages <= 0:
            msg = (
                "AcledSource: timeout, page_size and max_pages must be > 0 and retries >= 0 "
                f"(got timeout={timeout}, retries={retries}, page_size={page_size}, "
                f"max_pages={max_pages})."
            )
            raise InputTypeError(msg)
        self.path = None if path is None else path_argument(path)  # checked type (#16)
        self.api = api
        self.country = country
        self.russian_actors = russian_actors
        self.one_party_pattern = one_party_pattern
        self.timeout = timeout
        self.retries = retries
        self.page_size = page_size
        self.max_pages = max_pages
        self._transport: Transport = transport or urllib_transport
        self._sleep = sleep

    def __repr__(self) -> str:
        where = "api=True" if self.api else f"path={str(self.path)!r}"
        return f"AcledSource({where}, country={self.country!r})"

    @property
    def indicators(self) -> frozenset[Indicator]:
        """Cessation of attacks and verified withdrawal."""
        return frozenset({Indicator.CESSATION_OF_ATTACKS, Indicator.VERIFIED_WITHDRAWAL})

    @property
    def coverage(self) -> Coverage:
        """ACLED covers Ukraine from 2018-01-01."""
        return Coverage(start=dt.date(2018, 1, 1), end=None, area=self.country or "world")

    def read(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        on_invalid: OnInvalid = "raise",
    ) -> Evidence:
        """Read the export (or fetch from the API) and map it to evidence.

        Raises:
            DataFileError: the file cannot be read, or the API request failed.
            SchemaError: a required ACLED column is missing.
            ValidationError: in ``raise`` mode, when any row is invalid.
        """
        if self.api:
            table, provenance = self._fetch(start, end)
            return self._map(
                table, start, end, on_invalid=on_invalid, where="ACLED API", provenance=provenance
            )
        path = checked_path(self.path or Path(), what="ACLED", max_bytes=self.max_bytes)
        table = _read_file(path, self.max_bytes)
        # A digest of a large export costs CPU next to the parse (SHA-256 about as much
        # as parsing it; BLAKE3, the default, about a third). The file is hashed in a
        # thread (both release the GIL) while the rows are mapped, and the digest joins
        # the provenance at the end.
        with ThreadPoolExecutor(max_workers=1) as pool:
            hashed = pool.submit(file_provenance, path, digest=self.digest)
            evidence = self._map(
                table, start, end, on_invalid=on_invalid, where=path.name, provenance={}
            )
            provenance = {**hashed.result(), "dataset": "ACLED export"}
        return attrs.evolve(evidence, provenance=provenance)

    # -- mapping ---------------------------------------------------------------------

    def _map(
        self,
        table: pa.Table,
        start: dt.date | None,
        end: dt.date | None,
        *,
        on_invalid: OnInvalid,
        where: str,
        provenance: dict[str, str],
    ) -> Evidence:
        n = table.num_rows
        notes_arrow = table.column("notes")
        # the exchange patterns only matter on agreements: search those notes alone
        is_agreement = pc.equal(table.column("sub_event_type").cast(pa.string()), "Agreement")
        exchange = _regex(notes_arrow, EXCHANGE_PATTERN, where=is_agreement)
        bodies = _regex(notes_arrow, BODY_PATTERN, where=is_agreement)
        # the masks need the short columns only; the long text stays in Arrow
        masks = ["event_type", "sub_event_type", "actor1", "country"]
        frame = table.select([c for c in masks if c in table.column_names]).to_pandas()
        dates = _iso_dates(table.column("event_date"))
        event_type = frame["event_type"]
        sub_event = frame["sub_event_type"]  # categorical: compared once per category
        known_type = event_type.isin(EVENT_TYPES).to_numpy(dtype=bool)
        russian = category_mask(frame["actor1"], self.russian_actors)
        ukrainian = category_mask(frame["actor1"], UKRAINIAN_ACTORS)
        in_span = span_mask(dates, start, end)
        in_country = np.ones(n, dtype=bool)
        if self.country is not None and "country" in frame:
            country = frame["country"]
            in_country = (country.isna() | (country == self.country)).to_numpy(dtype=bool)

        territory = sub_event.isin(TERRITORY_SUB_EVENTS).to_numpy(dtype=bool)
        attack_type = event_type.isin(ATTACK_EVENT_TYPES).to_numpy(dtype=bool) & ~territory
        agreement = (sub_event == "Agreement").to_numpy(dtype=bool, na_value=False)

        usable = known_type & in_span & in_country
        routed = usable & agreement & (exchange | bodies)
        attacks = usable & attack_type & russian
        regained = usable & territory & ukrainian
        taken = usable & territory & russian
        skipped = {
            "outside_requested_span": int((known_type & ~in_span).sum()),
            "outside_country": int((known_type & in_span & ~in_country).sum()),
            "agreement_not_an_exchange": int((usable & agreement & ~routed).sum()),
            "event_type_not_an_attack": int(
                (usable & ~attack_type & ~territory & ~agreement).sum()
            ),
            "not_russian_initiated": int((usable & attack_type & ~russian).sum()),
            "territory_transfer_other_actor": int(
                (usable & territory & ~russian & ~ukrainian).sum()
            ),
        }
        rejected = adapter_rejects(
            np.flatnonzero(~known_type),
            column="event_type",
            check="one of the six ACLED event types",
            values=event_type[~known_type],
            reason="unknown_event_type",
        )
        observations, rows = _observations(
            table, dates, attacks, regained, taken, self.one_party_pattern
        )
        humanitarian, hum_rows = _exchanges(table, routed, bodies)
        return build_evidence(
            source=self.name,
            read=n,
            observations=observations,
            observation_rows=rows,
            humanitarian=humanitarian,
            humanitarian_rows=hum_rows,
            rejected=rejected,
            skipped={k: v for k, v in skipped.items() if v},
            on_invalid=on_invalid,
            where=where,
            provenance=provenance,
        )

    # -- API -------------------------------------------------------------------------

    def _fetch(self, start: dt.date | None, end: dt.date | None) -> tuple[pa.Table, dict[str, str]]:
        # The API flow (OAuth token, bearer reads, paging, retries, redaction) lives in
        # sources/_fetch.py (loading helper, issue #18).
        filters: dict[str, str] = {}
        if self.country:
            filters["country"] = self.country
        if start is not None or end is not None:
            low = (start or dt.date(1997, 1, 1)).isoformat()
            high = (end or dt.date(2100, 1, 1)).isoformat()
            filters |= {"event_date": f"{low}|{high}", "event_date_where": "BETWEEN"}
        client = HttpClient(
            transport=self._transport,
            timeout=self.timeout,
            retries=self.retries,
            sleep=self._sleep,
        )
        rows, provenance = fetch_acled(
            client, filters=filters, page_size=self.page_size, max_pages=self.max_pages
        )
        return _table_from_records(rows, where="ACLED API response"), provenance


def _records(payload: object, *, where: str) -> list[dict[str, Any]]:
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        got = type(payload).__name__ if not isinstance(payload, dict) else sorted(payload)[:6]
        msg = (
            f"{where} is not an ACLED API payload: expected an object with a 'data' list "
            f"(got {got}).\nHint: save the API's JSON response as it is."
        )
        raise DataFileError(msg)
    if payload.get("success") is False or payload.get("error"):
        msg = f"{where} reports an error: {payload.get('error')!r}."
        raise DataFileError(msg)
    data: list[dict[str, Any]] = payload["data"]
    return data


def _read_json(path: Path, max_bytes: int | None) -> pa.Table:
    payload = read_json_file(path, what="ACLED", max_bytes=max_bytes)
    return _table_from_records(_records(payload, where=f"ACLED file {path}"), where=str(path))


def _table_from_records(records: list[dict[str, Any]], *, where: str) -> pa.Table:
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    if records:
        require_columns([str(c) for c in frame.columns], _REQUIRED, what="ACLED", where=where)
    else:
        frame = pd.DataFrame({c: pd.Series(dtype="string") for c in _REQUIRED})
    columns = [*_REQUIRED, *(c for c in _OPTIONAL if c in frame.columns)]
    arrays = {}
    for column in columns:
        text = frame[column].astype("string").str.strip()
        text = text.mask(text == "")
        arrow = pa.array(text, type=pa.string(), from_pandas=True)
        arrays[column] = arrow.dictionary_encode() if column in _DICTIONARY else arrow
    return pa.table(arrays)


def _read_file(path: Path, max_bytes: int | None) -> pa.Table:
    """The file as an Arrow table; ``max_bytes`` bounds what it unpacks to."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _read_json(path, max_bytes)
    if suffix in {".parquet", ".pq"}:
        return _read_parquet(path, max_bytes)
    return _read_csv(path, max_bytes)


def _read_parquet(path: Path, max_bytes: int | None) -> pa.Table:
    """The needed columns of an ACLED export saved as Parquet, as the CSV reader gives them.

    Only the needed columns are read (column pruning); text columns of repeated values
    are read as dictionaries; empty strings are missing, as in the CSV. The unpacked
    sizes the file declares count against ``max_bytes`` before anything is read.
    """
    try:
        check_unpacked_parquet(path, max_bytes)
        schema = pq.read_schema(path)
        require_columns(schema.names, _REQUIRED, what="ACLED", where=str(path))
        columns = [*_REQUIRED, *(c for c in _OPTIONAL if c in schema.names)]
        text = [c for c in _DICTIONARY if c in columns and _is_text(schema.field(c).type)]
        table = pq.read_table(path, columns=columns, read_dictionary=text)
    except (SchemaError, DataFileError):
        raise
    except Exception as error:  # a damaged file raises OSError, ArrowInvalid and others
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        msg = (
            f"ACLED file {path} is not a readable Parquet file: {detail}\n"
            "Hint: the file may be truncated or another format; export it again."
        )
        raise DataFileError(msg) from None
    return pa.table({name: _empty_is_null(table.column(name)) for name in table.column_names})


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _empty_is_null(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Empty strings (also in a dictionary) become missing, as in the CSV."""
    if pa.types.is_dictionary(column.type):
        chunks = [
            pa.DictionaryArray.from_arrays(
                pc.if_else(
                    pc.is_null(_blank_text(chunk.dictionary)).take(chunk.indices),
                    pa.scalar(None, chunk.indices.type),
                    chunk.indices,
                ),
                chunk.dictionary,
            )
            for chunk in column.chunks
        ]
        return pa.chunked_array(chunks, type=column.type)
    if _is_text(column.type):
        return _blank_text(column)
    return column


def _blank_text(values: Any) -> Any:
    """Empty strings as missing (the CSV reader's rule); no copy when there are none."""
    empty = pc.equal(values, "")
    if not pc.any(empty).as_py():
        return values
    return pc.if_else(empty, pa.scalar(None, values.type), values)


def _read_csv(path: Path, max_bytes: int | None) -> pa.Table:
    return read_csv_columns(
        path,
        what="ACLED",
        required=_REQUIRED,
        optional=_OPTIONAL,
        dictionary=_DICTIONARY,
        max_bytes=max_bytes,
    )


def _regex(
    column: pa.ChunkedArray, pattern: str, *, where: pa.Array | pa.ChunkedArray | None = None
) -> np.ndarray:
    """Vectorised RE2 search over a text column (missing never matches).

    With ``where`` (a boolean mask), only those rows are searched; the others are False.
    """
    text = column.cast(pa.string())
    if where is not None:
        selected = np.asarray(where.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
        text = text.filter(pa.array(selected))
    try:
        pc.match_substring_regex(pa.array([], pa.string()), pattern)
    except pa.ArrowInvalid as error:
        msg = f"invalid regular expression {pattern!r}: {error}"
        raise SchemaError(msg) from None
    matched = _search_in_parallel(text, pattern)
    if where is None:
        return matched
    out = np.zeros(len(column), dtype=bool)
    out[selected] = matched
    return out


_REGEX_SLICE: Final = 250_000
"""Rows per slice of a parallel regex search."""


def _search_in_parallel(text: pa.ChunkedArray, pattern: str) -> np.ndarray:
    """``match_substring_regex`` over slices of the column, one thread per core.

    Arrow runs one compute call on one core and releases the GIL; the searches over
    long notes are the adapter's biggest single cost after parsing, so large columns
    are cut into slices searched concurrently (the result is the same, in order).
    """
    n = len(text)
    workers = min(os.cpu_count() or 1, max(1, -(-n // _REGEX_SLICE)))

    def search(offset: int) -> np.ndarray:
        part = text.slice(offset, _REGEX_SLICE)
        found = pc.match_substring_regex(part, pattern).fill_null(False)
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)

    offsets = range(0, n, _REGEX_SLICE)
    if workers == 1:
        parts = [search(offset) for offset in offsets]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(search, offsets))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _iso_dates(column: pa.ChunkedArray) -> pd.Series:
    """``YYYY-MM-DD`` text as dates, parsed by Arrow; the text itself unless all are exact.

    Arrow's ``strptime`` rolls impossible days forward (2022-02-30 -> 2022-03-02), so
    the text is cast instead (Arrow's strict ISO 8601 parser refuses impossible days);
    its result is used only when every value parses and lies inside the nanosecond
    range (years outside 1677-2262 would wrap); otherwise the whole column stays text,
    and validation parses it and rejects each bad row with its own value and reason
    (the slow path's verdicts).
    """
    typed = pa.types.is_date(column.type) or pa.types.is_timestamp(column.type)
    if typed and getattr(column.type, "tz", None) is None:
        stamps = column.cast(pa.timestamp("s"))
        if _inside_nanoseconds(stamps):
            return pd.Series(stamps.to_numpy(zero_copy_only=False).astype("datetime64[ns]"))
        return pd.Series(pd.arrays.ArrowStringArray(column.cast(pa.string())))
    text = column.cast(pa.string())
    try:
        parsed = text.cast(pa.timestamp("s"))  # strict ISO 8601: no impossible days
    except pa.ArrowInvalid:
        return pd.Series(pd.arrays.ArrowStringArray(text))
    if _inside_nanoseconds(parsed):
        return pd.Series(parsed.to_numpy(zero_copy_only=False).astype("datetime64[ns]"))
    return pd.Series(pd.arrays.ArrowStringArray(text))


_FIRST_DAY: Final = pa.scalar(pd.Timestamp.min.ceil("D").to_pydatetime(), pa.timestamp("s"))
_LAST_DAY: Final = pa.scalar(pd.Timestamp.max.floor("D").to_pydatetime(), pa.timestamp("s"))


def _inside_nanoseconds(stamps: pa.ChunkedArray) -> bool:
    """Whether every midnight in ``stamps`` fits ``datetime64[ns]`` (1677-09-22..2262-04-11)."""
    low, high = pc.min(stamps).as_py(), pc.max(stamps).as_py()
    return low is None or (low >= _FIRST_DAY.as_py() and high <= _LAST_DAY.as_py())


def _numbers(column: pa.ChunkedArray) -> pd.Series:
    """Text as float64 by Arrow; the text itself when a value is not a finite number."""
    if pa.types.is_floating(column.type) or pa.types.is_integer(column.type):
        return pd.Series(column.cast(pa.float64()).to_numpy(zero_copy_only=False))
    text = column.cast(pa.string())
    try:
        numbers = pc.cast(text, pa.float64())
    except pa.ArrowInvalid:
        return pd.Series(pd.arrays.ArrowStringArray(text))
    # "nan" and "inf" cast, but are not numbers the contract accepts: the text goes to
    # validation, which rejects each such row with its reason (the slow path's verdict)
    if pc.any(pc.or_(pc.is_nan(numbers), pc.is_inf(numbers))).as_py():
        return pd.Series(pd.arrays.ArrowStringArray(text))
    return pd.Series(numbers.to_numpy(zero_copy_only=False))


def _arrow_dates(dates: pd.Series) -> pa.Array:
    """Parsed dates as Arrow timestamps; text (a value that did not parse) stays text."""
    if pd.api.types.is_datetime64_dtype(dates.dtype):
        return pa.array(dates.to_numpy(dtype="datetime64[ns]"), type=pa.timestamp("ns"))
    return pa.array(dates.astype("string"), type=pa.string(), from_pandas=True)


def _arrow_numbers(column: pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Coordinates as float64 when every value is a finite number, else the text."""
    numbers = _numbers(column)
    if pd.api.types.is_float_dtype(numbers.dtype):
        return pa.array(numbers.to_numpy(dtype="float64"), type=pa.float64())
    return column.cast(pa.string())


def _dictionary(codes: np.ndarray, names: list[str]) -> pa.DictionaryArray:
    """Repeated values as an Arrow dictionary (one string per distinct value, not per row)."""
    return pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int8()), pa.array(names))


def _codes(choices: list[np.ndarray], names: list[str]) -> pa.DictionaryArray:
    """``names[i]`` where ``choices[i]`` first holds (else the last name), dictionary-encoded."""
    codes = np.select(choices, list(range(len(choices))), default=len(names) - 1)
    return _dictionary(codes.astype(np.int8), names)


def _constant(value: str, n: int) -> pa.DictionaryArray:
    """``value`` on every row, as a one-entry dictionary."""
    return _dictionary(np.zeros(n, dtype=np.int8), [value])


def _observations(  # noqa: PLR0917 (private helper; one call site)
    table: pa.Table,
    dates: pd.Series,
    attacks: np.ndarray,
    regained: np.ndarray,
    taken: np.ndarray,
    one_party_pattern: str,
) -> tuple[pa.Table, pd.Index]:
    """The observation rows as an Arrow table: no per-row Python objects.

    Repeated values (indicator, metric, unit, grades, citation, region) are dictionaries;
    ids and notes are built by Arrow kernels from the dictionary-encoded event columns.
    """
    selected = attacks | regained | taken
    # single-party sourcing only grades observations: search those rows' notes alone
    one_party = _regex(table.column("notes"), one_party_pattern, where=pa.array(selected))
    rows = np.flatnonzero(selected)
    used = ["event_id_cnty", "event_type", "sub_event_type", "actor1"]
    extra = ("fatalities", "source", "admin1", "latitude", "longitude")
    used += [c for c in extra if c in table.column_names]
    part = table.select(used).filter(pa.array(selected))  # filter: chunk by chunk, no concat
    n = len(rows)
    is_attack = attacks[rows]
    weak = one_party[rows]

    def text(name: str, fill: str | None = None) -> pa.ChunkedArray:
        column = part.column(name).cast(pa.string())
        return column if fill is None else pc.coalesce(column, pa.scalar(fill))

    event_id = text("event_id_cnty")
    pieces = [text("event_type"), " / ", text("sub_event_type", "?")]
    pieces += ["; actor1: ", text("actor1", "?")]
    if "fatalities" in part.column_names:
        pieces += ["; fatalities: ", text("fatalities", "?")]
    notes = pc.binary_join_element_wise(*pieces, "")
    suffix = pc.if_else(pa.array(weak), "; single-party sourcing in notes", "")
    notes = pc.binary_join_element_wise(notes, suffix, "")
    if "source" in part.column_names:
        # one citation per distinct source, then taken per row (a dictionary)
        sources = pc.dictionary_encode(part.column("source").cast(pa.string())).combine_chunks()
        cited = pc.binary_join_element_wise(_SOURCE + " citing ", sources.dictionary, "")
        cited = pc.coalesce(cited, pa.scalar(_SOURCE))
        citation: pa.Array = pa.DictionaryArray.from_arrays(
            pc.fill_null(sources.indices, len(cited)),
            pa.concat_arrays([cited, pa.array([_SOURCE])]),
        )
    else:
        citation = _constant(_SOURCE, n)
    columns: dict[str, pa.Array | pa.ChunkedArray] = {
        "observation_id": pc.binary_join_element_wise("acled-", event_id, ""),
        "indicator": _codes(
            [is_attack],
            [Indicator.CESSATION_OF_ATTACKS.value, Indicator.VERIFIED_WITHDRAWAL.value],
        ),
        "metric": _codes(
            [is_attack, regained[rows]],
            ["attack_events", "territory_regained_events", "territory_taken_events"],
        ),
        "date": _arrow_dates(dates.iloc[rows].reset_index(drop=True)),
        "value": pa.array(np.ones(n)),
        "unit": _constant("events", n),
        "source": citation,
        "verification": _codes([weak], ["reported", "corroborated"]),
        "reliability": _constant("B", n),
        "credibility": pa.array(np.where(weak, 3, 2).astype(np.int8)),
    }
    if "admin1" in part.column_names:
        columns["region"] = part.column("admin1")
    for name in ("latitude", "longitude"):
        if name in part.column_names:
            columns[name] = _arrow_numbers(part.column(name))
    columns["source_record"] = event_id
    columns["notes"] = notes
    return pa.table(columns), pd.Index(rows)


def _exchanges(
    table: pa.Table, routed: np.ndarray, bodies: np.ndarray
) -> tuple[pd.DataFrame, pd.Index]:
    rows = np.flatnonzero(routed)
    part = table.select(["event_id_cnty", "event_date", "notes"]).filter(pa.array(routed))
    part = part.to_pandas()
    is_body = bodies[rows]
    event_id = part["event_id_cnty"].astype("string")
    humanitarian = pd.DataFrame(
        {
            "event_id": ("acled-" + event_id).to_numpy(dtype=object),
            "date": part["event_date"].to_numpy(dtype=object),
            "kind": np.where(is_body, "body_repatriation", "pow_exchange"),
            "returned_to_ukraine": np.full(len(rows), np.nan),
            "returned_to_russia": np.full(len(rows), np.nan),
            "mediator": None,
            "source": _SOURCE + " event " + event_id.to_numpy(dtype=object),
            "verification": "corroborated",
            "notes": part["notes"].astype("string").to_numpy(dtype=object),
        }
    )
    return humanitarian, pd.Index(rows)
