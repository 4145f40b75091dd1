"""Example evidence-source plugin: UN HRMMU monthly civilian casualty statements.

The CSV has one row per month: ``month`` (``YYYY-MM``), ``civilians_killed`` and
``statement_url``. Each row becomes one ``civilians_killed`` observation spanning the
month. Verification rule: ``verified``, reliability ``A``, credibility ``2``: HRMMU
publishes only cases it has verified itself (and revises them upward later).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import pandas as pd

from progress_indicators.model import Indicator
from progress_indicators.sources import Coverage, Evidence, build_evidence

if TYPE_CHECKING:
    from progress_indicators.validation import OnInvalid

__all__ = ["HrmmuCasualtiesSource"]

OUTSIDE = "outside_requested_span"


class HrmmuCasualtiesSource:
    """UN HRMMU monthly civilians-killed statements.

    Args:
        path: the CSV file (``month, civilians_killed, statement_url``).
    """

    name: ClassVar[str] = "un_hrmmu"
    description: ClassVar[str] = (
        "UN HRMMU monthly statements of civilians killed (example plugin); verified."
    )

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)  # constructors only store options

    @property
    def indicators(self) -> frozenset[Indicator]:
        """Cessation of attacks (civilians killed)."""
        return frozenset({Indicator.CESSATION_OF_ATTACKS})

    @property
    def coverage(self) -> Coverage:
        """HRMMU has reported since March 2014."""
        return Coverage(start=dt.date(2014, 3, 1))

    def read(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        on_invalid: OnInvalid = "raise",
    ) -> Evidence:
        """Read the statements; months starting outside ``start``..``end`` are skipped."""
        raw = pd.read_csv(self.path, dtype=str, keep_default_na=False, na_values=[""])
        first = pd.to_datetime(raw["month"] + "-01", errors="coerce", format="%Y-%m-%d")
        last = first + pd.offsets.MonthEnd(0)
        mapped = pd.DataFrame(
            {
                "observation_id": "hrmmu-killed-" + raw["month"].fillna("?"),
                "indicator": Indicator.CESSATION_OF_ATTACKS.value,
                "metric": "civilians_killed",
                # an unparseable month stays as text so validation rejects it by row
                "date": first.dt.strftime("%Y-%m-%d").fillna(raw["month"]),
                "end_date": last.dt.strftime("%Y-%m-%d"),
                "value": raw["civilians_killed"],
                "unit": "persons",
                "source": "UN HRMMU",
                "verification": "verified",
                "reliability": "A",
                "credibility": 2,
                "region": "Ukraine",
                "source_record": raw["statement_url"],
            }
        )
        inside = pd.Series(True, index=raw.index)
        if start is not None:
            inside &= ~(first < pd.Timestamp(start))
        if end is not None:
            inside &= ~(first > pd.Timestamp(end))
        outside = int((~inside).sum())
        return build_evidence(
            source=self.name,
            read=len(raw),
            observations=mapped[inside],
            skipped={OUTSIDE: outside} if outside else None,
            on_invalid=on_invalid,
            where=self.path.name,
            provenance={"path": str(self.path)},
        )
