"""Which evidence feeds which track: the one place rows are selected by grade and source.

A track is the set of evidence one index is computed from. The **verified** track reads
rows graded at or above ``config.verification_threshold`` from sources at least as
reliable as ``config.min_reliability``; the **claimed** track reads every row whose
grade counts at all (not disputed, not refuted), whatever the source. The grade rules
themselves (the order, which grades count) live in
:class:`progress_indicators.model.Verification` and
:class:`progress_indicators.model.Reliability`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs

from progress_indicators.model import Reliability, Verification

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from progress_indicators.model import ScorecardConfig

__all__ = ["Track"]


@attrs.frozen(kw_only=True)
class Track:
    """The selection rule of one evidence track (attrs: an internal value).

    Attributes:
        name: ``verified`` or ``claimed``.
        threshold: the lowest grade read (``None``: every grade that counts).
        min_reliability: the least reliable source grade read.
    """

    name: Literal["verified", "claimed"]
    threshold: Verification | None
    min_reliability: Reliability = Reliability.F

    @classmethod
    def verified(cls, config: ScorecardConfig) -> Track:
        """The verified track of ``config``."""
        return cls(
            name="verified",
            threshold=config.verification_threshold,
            min_reliability=config.min_reliability,
        )

    @classmethod
    def claimed(cls) -> Track:
        """The claimed track: all evidence that is not disputed or refuted."""
        return cls(name="claimed", threshold=None)

    @property
    def grades(self) -> list[str]:
        """The grade values the track reads, lowest first."""
        return [g.value for g in Verification.counting(self.threshold)]

    @property
    def reliabilities(self) -> list[str]:
        """The source grades the track reads."""
        return [g.value for g in Reliability.at_least(self.min_reliability)]

    def mask(self, table: pd.DataFrame) -> np.ndarray:
        """Which rows of a table with ``verification`` and ``reliability`` columns it reads."""
        keep = table["verification"].isin(self.grades).to_numpy(dtype=bool)
        if self.min_reliability is not Reliability.F:
            keep = keep & table["reliability"].isin(self.reliabilities).to_numpy(dtype=bool)
        return keep

    def select(self, table: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``table`` the track reads."""
        return table[self.mask(table)]
