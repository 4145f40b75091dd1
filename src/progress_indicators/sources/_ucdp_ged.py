"""UCDP Georeferenced Event Dataset (GED) and UCDP Candidate events.

Reads the GED CSV (``ged*.csv``, the bulk download) or a saved API response
(``{"Result": [...]}``, ``ucdpapi.pcr.uu.se/api/gedevents/<version>``), or fetches the
events from the UCDP API with a token from the environment (``api=True``; the request
flow is in ``sources/_fetch.py``).

Mapping (see ``docs/sources/ucdp_ged.md``): an event in Ukraine (``country`` is
``Ukraine`` or ``country_id`` is 369) where ``side_a`` or ``side_b`` names Russia or a
Russian-aligned party (``RUSSIAN_SIDES``) is one ``attack_events`` observation (value 1),
dated ``date_start`` with ``end_date = date_end``. UCDP does not code who initiated an
event: a state-based event of the Russia-Ukraine dyad counts as an event of the war,
and one-sided violence (type 3) counts when ``side_a`` is Russian. Deaths ``best``,
``low``, ``high`` and ``deaths_civilians`` are carried in ``notes`` (there is no deaths
metric in the default configuration). Every observation's ``source`` carries the
CC BY 4.0 attribution.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from progress_indicators.exceptions import DataFileError, InputTypeError
from progress_indicators.model import Indicator
from progress_indicators.model._bounded import byte_limit, path_argument
from progress_indicators.sources._base import Coverage, Evidence, build_evidence
from progress_indicators.sources._columnar import category_mask, require_columns, span_mask
from progress_indicators.sources._fetch import HttpClient, fetch_ucdp, urllib_transport
from progress_indicators.sources._io import checked_path, file_provenance, read_json_file
from progress_indicators.sources._mapping import FieldMapping, read_mapped_csv

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from progress_indicators.sources._fetch import Transport
    from progress_indicators.validation import OnInvalid

__all__ = ["RUSSIAN_SIDES", "UCDP_SOURCE", "UcdpGedSource"]

DEFAULT_GED_VERSION: Final = "25.1"
"""The GED version fetched by default (``gedevents/25.1``: GED 25.1, 1989-2024)."""

UCDP_SOURCE: Final = "UCDP GED (CC BY 4.0)"
"""The ``source`` of every observation: the dataset and its licence (attribution)."""

RUSSIAN_SIDES: Final = (
    r".*(Government of Russia|Russia \(Soviet Union\)|Wagner"
    r"|Donetsk People'?s Republic|Luhansk People'?s Republic|\bDPR\b|\bLPR\b|Novorossiya)"
)
"""``side_a``/``side_b`` values that are Russia or Russian-aligned (regex, ``re.match``).

The 2014-2021 Donbas conflict is coded by UCDP as Government of Ukraine vs the "DPR",
"LPR" or "Novorossiya": these Russian-backed proxies count as Russian-aligned. Override
with ``UcdpGedSource(russian_sides=...)``.
"""

_REQUIRED: Final = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "date_start",
    "date_end",
    "best",
    "low",
    "high",
)
_OPTIONAL: Final = (
    "country",
    "country_id",
    "adm_1",
    "latitude",
    "longitude",
    "deaths_civilians",
    "event_clarity",
    "code_status",
    "dyad_name",
)
_DICTIONARY: Final = ("side_a", "side_b", "country", "adm_1", "dyad_name", "code_status")


class UcdpGedSource:
    """UCDP GED events with Russia as a side, as ``attack_events`` (CC BY 4.0).

    Args:
        path: a GED CSV or a saved API JSON response (``.json``).
        russian_sides: regex naming Russian-aligned sides (see ``RUSSIAN_SIDES``).
        country: the country kept (``Ukraine``; GW code 369).
        max_bytes: refuse files larger than this many bytes (default: no limit).
        columns: ``{GED column: file column}`` for a file naming GED columns otherwise.
        api: fetch from the UCDP API instead of a file (token from the environment
            variable ``UCDP_ACCESS_TOKEN``, sent as ``x-ucdp-access-token``).
        version: the GED (``"25.1"``) or candidate (``"25.0.9"``) version to fetch.
        page_size: records per API page (UCDP allows up to 1000).
        max_pages: stop with an error after this many API pages.
        timeout: seconds per API request.
        retries: extra attempts on timeouts, 429 and 5xx.
        transport: ``(request, timeout) -> bytes``; defaults to :mod:`urllib`. Tests
            inject recorded responses here; nothing else touches the network.
        sleep: the back-off sleep (injectable for tests).
        values: ``{GED column: {file value: GED value}}`` for other spellings (matched
            without case or surrounding spaces), recorded in the provenance.

    Verification: GED events are coded by UCDP researchers from several sources and
    released after review: ``corroborated``, B/2. Events with ``event_clarity == 2``
    (lower clarity) or a ``code_status`` other than ``Clear`` (candidate events still to
    be checked) are ``reported``, B/3.
    """

    name = "ucdp_ged"
    description = "UCDP GED events of the Russia-Ukraine war (CC BY 4.0), one per event."

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        russian_sides: str = RUSSIAN_SIDES,
        country: str = "Ukraine",
        max_bytes: int | None = None,
        columns: Mapping[str, str] | None = None,
        values: Mapping[str, Mapping[str, str | None]] | None = None,
        api: bool = False,
        version: str = DEFAULT_GED_VERSION,
        page_size: int = 1000,
        max_pages: int = 1000,
        timeout: float = 60.0,
        retries: int = 3,
        transport: Transport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if (path is None) == (not api):
            msg = (
                "UcdpGedSource needs exactly one of path= (a GED file) or api=True "
                f"(got path={path!r}, api={api!r}).\nHint: UcdpGedSource(path='ged251.csv')."
            )
            raise InputTypeError(msg)
        if page_size <= 0 or max_pages <= 0:
            msg = (
                "UcdpGedSource: page_size and max_pages must be > 0 "
                f"(got {page_size}, {max_pages})."
            )
            raise InputTypeError(msg)
        self.max_bytes = byte_limit(max_bytes)  # checked type (#16)
        self.mapping = FieldMapping(columns=columns, values=values)
        self.mapping.check((*_REQUIRED, *_OPTIONAL), what="UCDP GED source")
        self.path = None if path is None else path_argument(path)  # checked type (#16)
        self.russian_sides = russian_sides
        self.country = country
        self.api = api
        self.version = version
        self.page_size = page_size
        self.max_pages = max_pages
        self._client = HttpClient(
            transport=transport or urllib_transport, timeout=timeout, retries=retries, sleep=sleep
        )

    def __repr__(self) -> str:
        if self.api:
            return f"UcdpGedSource(api=True, version={self.version!r})"
        return f"UcdpGedSource(path={str(self.path)!r})"

    @property
    def indicators(self) -> frozenset[Indicator]:
        """Cessation of attacks only."""
        return frozenset({Indicator.CESSATION_OF_ATTACKS})

    @property
    def coverage(self) -> Coverage:
        """GED covers 1989 onward; Ukraine events from 2014."""
        return Coverage(start=dt.date(1989, 1, 1), end=None, area=self.country)

    def read(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        on_invalid: OnInvalid = "raise",
    ) -> Evidence:
        """Read the GED file and map Russia-side events to ``attack_events``.

        Raises:
            DataFileError: the file cannot be parsed.
            SchemaError: a required GED column is missing.
            ValidationError: in ``raise`` mode, when any row is invalid.
        """
        frame, counts, where, provenance = self._frame(start, end)
        n = len(frame)
        in_span = span_mask(frame["date_start"].astype("string").str.slice(0, 10), start, end)
        in_country = np.ones(n, dtype=bool)
        if "country" in frame:
            in_country &= (frame["country"].astype("string") == self.country).fillna(
                value=False
            ).to_numpy(dtype=bool) | frame["country"].isna().to_numpy(dtype=bool)
        if "country_id" in frame and self.country == "Ukraine":
            code = pd.to_numeric(frame["country_id"], errors="coerce")
            in_country &= (code.isna() | (code == 369)).to_numpy(dtype=bool)
        side_a = category_mask(frame["side_a"], self.russian_sides)
        side_b = category_mask(frame["side_b"], self.russian_sides)
        violence = pd.to_numeric(frame["type_of_violence"], errors="coerce")
        state_based = (violence == 1).to_numpy(dtype=bool)
        one_sided = (violence == 3).to_numpy(dtype=bool)
        russian = (state_based & (side_a | side_b)) | (one_sided & side_a)
        unknown_type = ~violence.isin([1, 2, 3]).to_numpy(dtype=bool)
        usable = in_span & in_country
        # An unknown type_of_violence is mapped (and so rejected by validation) only if
        # the row would otherwise count: it cannot be classified.
        selected = usable & (russian | (unknown_type & (side_a | side_b)))
        skipped = {
            "outside_requested_span": int((~in_span).sum()),
            "outside_country": int((in_span & ~in_country).sum()),
            "not_russia_ukraine_conflict": int((usable & ~selected).sum()),
        }
        observations, rows = _observations(frame, selected, unknown_type)
        return build_evidence(
            source=self.name,
            read=n,
            observations=observations,
            observation_rows=rows,
            skipped={k: v for k, v in skipped.items() if v},
            on_invalid=on_invalid,
            where=where,
            provenance={**provenance, **self.mapping.provenance(counts)},
        )

    def _frame(
        self, start: dt.date | None, end: dt.date | None
    ) -> tuple[pd.DataFrame, dict[str, dict[str, int]], str, dict[str, str]]:
        """The GED rows (from the file or the API), value counts, a name and provenance."""
        if self.api:
            filters = {"Country": "369"} if self.country == "Ukraine" else {}
            if start is not None:
                filters["StartDate"] = start.isoformat()
            if end is not None:
                filters["EndDate"] = end.isoformat()
            records, provenance = fetch_ucdp(
                self._client,
                version=self.version,
                filters=filters,
                page_size=self.page_size,
                max_pages=self.max_pages,
            )
            frame, counts = records_frame(records, self.mapping, where="UCDP API response")
            return frame, counts, "UCDP API", provenance
        assert self.path is not None
        path = checked_path(self.path, what="UCDP GED", max_bytes=self.max_bytes)
        if path.suffix.lower() == ".json":
            frame, counts = _read_json(path, self.mapping)
        else:
            frame, counts = read_mapped_csv(
                path,
                self.mapping,
                what="UCDP GED",
                required=_REQUIRED,
                optional=_OPTIONAL,
                dictionary=_DICTIONARY,
            )
        provenance = {**file_provenance(path), "dataset": "UCDP GED", "licence": "CC BY 4.0"}
        return frame, counts, path.name, provenance


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    return frame[column].astype("string")


def _observations(
    frame: pd.DataFrame, selected: np.ndarray, unknown_type: np.ndarray
) -> tuple[pd.DataFrame, pd.Index]:
    rows = np.flatnonzero(selected)
    part = frame.iloc[rows]
    clarity = pd.to_numeric(_text(part, "event_clarity"), errors="coerce")
    status = _text(part, "code_status").str.strip().str.lower()
    weak = ((clarity == 2) | (status.notna() & (status != "clear"))).to_numpy(dtype=bool)
    event_id = part["id"].astype("string").str.strip()
    notes = (
        "deaths best "
        + _text(part, "best").fillna("?")
        + " (low "
        + _text(part, "low").fillna("?")
        + ", high "
        + _text(part, "high").fillna("?")
        + "); civilians "
        + _text(part, "deaths_civilians").fillna("?")
        + "; type_of_violence "
        + _text(part, "type_of_violence").fillna("?")
        + "; "
        + part["side_a"].astype("string").fillna("?")
        + " vs "
        + part["side_b"].astype("string").fillna("?")
    )
    # A row whose type_of_violence is not 1-3 gets no indicator, so validation rejects
    # it (unknown_indicator) and the reject points at the dataset row.
    indicator = np.where(unknown_type[rows], "", Indicator.CESSATION_OF_ATTACKS.value)
    observations = pd.DataFrame(
        {
            "observation_id": ("ucdp-ged-" + event_id).to_numpy(dtype=object),
            "indicator": indicator,
            "metric": "attack_events",
            "date": part["date_start"].astype("string").str.slice(0, 10).to_numpy(dtype=object),
            "end_date": part["date_end"].astype("string").str.slice(0, 10).to_numpy(dtype=object),
            "value": 1.0,
            "unit": "events",
            "source": UCDP_SOURCE,
            "verification": np.where(weak, "reported", "corroborated"),
            "reliability": "B",
            "credibility": np.where(weak, 3, 2),
            "region": _text(part, "adm_1").to_numpy(dtype=object),
            "latitude": _text(part, "latitude").to_numpy(dtype=object),
            "longitude": _text(part, "longitude").to_numpy(dtype=object),
            "source_record": event_id.to_numpy(dtype=object),
            "notes": notes.to_numpy(dtype=object),
        }
    )
    return observations, pd.Index(rows)


def _read_json(path: Path, mapping: FieldMapping) -> tuple[pd.DataFrame, dict[str, dict[str, int]]]:
    payload: Any = read_json_file(path, what="UCDP GED")
    if not isinstance(payload, dict) or not isinstance(payload.get("Result"), list):
        got = sorted(payload)[:6] if isinstance(payload, dict) else type(payload).__name__
        msg = (
            f"UCDP GED file {path} is not a UCDP API response: expected an object with a "
            f"'Result' list (got {got}).\nHint: save the API's JSON response as it is."
        )
        raise DataFileError(msg)
    return records_frame(payload["Result"], mapping, where=str(path))


def records_frame(
    records: list[dict[str, Any]], mapping: FieldMapping, *, where: str
) -> tuple[pd.DataFrame, dict[str, dict[str, int]]]:
    """GED records (an API page's ``Result``) as the frame the mapping reads.

    Raises:
        SchemaError: a required GED column is missing.
    """
    if not records:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in _REQUIRED}), {}
    frame, counts = mapping.apply(pd.DataFrame.from_records(records))
    require_columns([str(c) for c in frame.columns], _REQUIRED, what="UCDP GED", where=where)
    columns = [*_REQUIRED, *(c for c in _OPTIONAL if c in frame.columns)]
    out = frame[columns].astype("string")
    for column in _DICTIONARY:
        if column in out:
            out[column] = out[column].astype("category")
    return out, counts
