"""EUvsDisinfo disinformation cases -> narrative-assertion evidence.

Reads a case export with the columns ``date, id, title, countries, keywords, languages,
outlets`` (``keywords`` and the other list columns ``+``-separated; ``id`` is the case
URL). Each case's keyword tags are looked up in a mapping from tag to narrative metric
(``DEFAULT_NARRATIVE_TAGS``, overridable); every narrative a case maps to gives one
observation at level **0** (asserted) on that ``narrative_*`` metric, dated on the
case's publication date. Cases whose tags map to no narrative are skipped
(``no_mapped_narrative``).

Grade: **reported**, B/2. A case shows that pro-Kremlin media pushed the narrative on
that date (EEAS East StratCom reviewed it and links the outlet); it is not an official
assertion by the Russian state, which the narrative metrics are about, so it stays
below the default ``corroborated`` threshold and feeds the claimed track only.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd

from progress_indicators.exceptions import InputTypeError
from progress_indicators.model import DEFAULT_METRICS, Indicator
from progress_indicators.model._bounded import byte_limit, path_argument
from progress_indicators.sources._base import Coverage, Evidence, build_evidence
from progress_indicators.sources._columnar import span_mask
from progress_indicators.sources._io import checked_path, file_provenance
from progress_indicators.sources._mapping import FieldMapping, read_mapped_csv

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from progress_indicators.validation import OnInvalid

__all__ = ["DEFAULT_NARRATIVE_TAGS", "EuvsDisinfoSource"]

DEFAULT_NARRATIVE_TAGS: Final[Mapping[str, tuple[str, ...]]] = {
    "narrative_nazi": ("Nazi/Fascist",),
    "narrative_statehood": ("Ukrainian statehood",),
    "narrative_nato_provocation": ("NATO", "Encircling Russia", "EU/NATO enlargement"),
    "narrative_puppet": ("Puppets",),
    "narrative_biolabs": ("Biological weapons", "laboratory"),
    "narrative_genocide": ("Genocide",),
    "narrative_coup": ("Coup", "Euromaidan", "Junta"),
    "narrative_disintegration": ("Ukrainian disintegration",),
    "narrative_russophobia": ("Russophobia", "Ethnic Russians"),
    "narrative_civil_war": ("Civil war",),
}
"""EUvsDisinfo keyword tags per narrative metric (tags matched case-insensitively).

Built from ``keyword_counts_2015_2021.csv`` (the tags DOMAIN.md names, plus close
variants: ``Junta`` for the coup narrative, ``laboratory`` for biolabs, ``Ethnic
Russians`` for the protection pretext behind "Russophobia"). Broad topic tags
(``West``, ``Anti-Russian``, ``War in Ukraine``, ``Crimea``) are left out on purpose:
they do not name one narrative.
"""

_COLUMNS: Final = ("date", "id", "title", "keywords")
_OPTIONAL: Final = ("outlets", "countries", "languages")
_SOURCE: Final = "EUvsDisinfo (EEAS East StratCom)"


class EuvsDisinfoSource:
    """EUvsDisinfo cases as narrative assertions (level 0) per narrative metric.

    Args:
        path: a case export CSV.
        narrative_tags: ``{narrative metric: (keyword tag, ...)}``; replaces the default
            mapping (``DEFAULT_NARRATIVE_TAGS``). Metrics must be ``narrative_*`` names.
        max_bytes: refuse files larger than this many bytes (default: no limit).
        columns: ``{export column: file column}`` for a file naming columns otherwise.
        values: ``{export column: {file value: export value}}`` for other spellings,
            recorded in the provenance.
    """

    name = "euvsdisinfo"
    description = "EUvsDisinfo cases: narratives pushed by pro-Kremlin media (reported)."

    def __init__(
        self,
        path: str | Path,
        *,
        narrative_tags: Mapping[str, tuple[str, ...] | list[str]] | None = None,
        max_bytes: int | None = None,
        columns: Mapping[str, str] | None = None,
        values: Mapping[str, Mapping[str, str | None]] | None = None,
    ) -> None:
        self.max_bytes = byte_limit(max_bytes)  # checked type (#16)
        self.mapping = FieldMapping(columns=columns, values=values)
        self.mapping.check((*_COLUMNS, *_OPTIONAL), what="EUvsDisinfo source")
        mapping = DEFAULT_NARRATIVE_TAGS if narrative_tags is None else narrative_tags
        known = {m.name for m in DEFAULT_METRICS if m.indicator is Indicator.NARRATIVE_DENIAL}
        bad = [m for m in mapping if not m.startswith("narrative_")]
        if bad or not mapping:
            msg = (
                "narrative_tags keys must be narrative metrics "
                f"(got {bad or 'an empty mapping'}).\n"
                f"Hint: the default narratives are {', '.join(sorted(known))}."
            )
            raise InputTypeError(msg)
        tag_to: dict[str, list[str]] = {}
        for metric, tags in mapping.items():
            given: object = tags  # users may pass a bare string from a config file
            if not isinstance(given, (list, tuple)):
                msg = f"narrative_tags[{metric!r}] must be a list of tags (got {tags!r})."
                raise InputTypeError(msg)
            for tag in tags:
                tag_to.setdefault(tag.strip().lower(), []).append(metric)
        self.path = path_argument(path)  # checked type (#16)
        self.narrative_tags = {m: tuple(t) for m, t in mapping.items()}
        self._tag_to = tag_to

    def __repr__(self) -> str:
        return f"EuvsDisinfoSource(path={str(self.path)!r})"

    @property
    def indicators(self) -> frozenset[Indicator]:
        """Narrative denial."""
        return frozenset({Indicator.NARRATIVE_DENIAL})

    @property
    def coverage(self) -> Coverage:
        """The case database starts in 2015."""
        return Coverage(start=dt.date(2015, 1, 1), end=None, area="pro-Kremlin media")

    def read(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        on_invalid: OnInvalid = "raise",
    ) -> Evidence:
        """Map each case to one observation per narrative its tags name.

        Raises:
            DataFileError: the file cannot be parsed.
            SchemaError: a required column is missing.
            ValidationError: in ``raise`` mode, when any case is invalid.
        """
        path = checked_path(self.path, what="EUvsDisinfo", max_bytes=self.max_bytes)
        frame, counts = read_mapped_csv(
            path, self.mapping, what="EUvsDisinfo", required=_COLUMNS, optional=_OPTIONAL
        )
        n = len(frame)
        in_span = span_mask(frame["date"], start, end)
        tags = frame["keywords"].astype("string").str.split("+").explode().str.strip().str.lower()
        lookup = pd.DataFrame(
            [(tag, metric) for tag, names in self._tag_to.items() for metric in names],
            columns=["tag", "metric"],
        )
        pairs = (
            pd.DataFrame({"row": tags.index.to_numpy(dtype="int64"), "tag": tags.to_numpy()})
            .dropna()
            .merge(lookup, on="tag")[["row", "metric"]]
            .drop_duplicates()
        )
        pairs = pairs[in_span[pairs["row"].to_numpy(dtype="int64")]].sort_values(
            ["row", "metric"], kind="stable"
        )
        rows = pairs["row"].to_numpy(dtype="int64")
        mapped = np.zeros(n, dtype=bool)
        mapped[rows] = True
        skipped = {
            "outside_requested_span": int((~in_span).sum()),
            "no_mapped_narrative": int((in_span & ~mapped).sum()),
        }
        part = frame.iloc[rows]
        url = part["id"].astype("string").str.strip()
        slug = url.str.rstrip("/").str.rsplit("/", n=1).str[-1]
        notes = "case: " + part["title"].astype("string").fillna("?")
        if "outlets" in part:
            notes = notes + "; outlets: " + part["outlets"].astype("string").fillna("?")
        observations = pd.DataFrame(
            {
                "observation_id": (
                    "euvsdisinfo-" + slug + "-" + pairs["metric"].to_numpy()
                ).to_numpy(dtype=object),
                "indicator": Indicator.NARRATIVE_DENIAL.value,
                "metric": pairs["metric"].to_numpy(dtype=object),
                "date": part["date"].to_numpy(dtype=object),
                "value": 0.0,
                "unit": "denial_0_4",
                "source": _SOURCE,
                "verification": "reported",
                "reliability": "B",
                "credibility": 2,
                "source_record": url.to_numpy(dtype=object),
                "notes": notes.to_numpy(dtype=object),
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
            provenance={
                **file_provenance(path),
                "dataset": "EUvsDisinfo cases",
                **self.mapping.provenance(counts),
            },
        )
