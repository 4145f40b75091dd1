"""``artefact_mask``: which rows an artefact rule matches, on text and categorical columns."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from progress_indicators.frames import artefact_mask
from progress_indicators.model import ArtefactRule

RULES = (
    ArtefactRule(
        metric="occupied_area_km2",
        source="DeepStateMap*",
        start=dt.date(2022, 4, 3),
        end=dt.date(2022, 4, 30),
        reason="map being filled in",
    ),
    ArtefactRule(
        metric="civilians_killed",
        source="*",
        start=dt.date(2022, 2, 24),
        end=dt.date(2022, 2, 24),
        reason="first day",
    ),
)

# (metric, source, date, matched?) and why
ROWS = [
    ("occupied_area_km2", "DeepStateMap (cyterat)", "2022-04-03", True),  # first day
    ("occupied_area_km2", "DeepStateMap", "2022-04-30", True),  # last day, inclusive
    ("occupied_area_km2", "DeepStateMap", "2022-05-01", False),  # a day after the window
    ("occupied_area_km2", "DeepStateMap", "2022-04-02", False),  # a day before it
    ("occupied_area_km2", "deepstatemap", "2022-04-10", False),  # the pattern is case-sensitive
    ("occupied_area_km2", "ISW", "2022-04-10", False),  # another source
    ("attack_events", "DeepStateMap", "2022-04-10", False),  # another metric
    ("civilians_killed", "OHCHR", "2022-02-24", True),  # the second rule, any source
    ("civilians_killed", "OHCHR", "2022-02-25", False),
]


@pytest.mark.parametrize("categorical", [False, True])
def test_a_rule_matches_its_metric_source_pattern_and_inclusive_window(categorical: bool) -> None:
    table = pd.DataFrame(
        {
            "metric": [r[0] for r in ROWS],
            "source": [r[1] for r in ROWS],
            "date": pd.to_datetime([r[2] for r in ROWS]),
        }
    )
    if categorical:
        table = table.astype({"metric": "category", "source": "category"})
    assert artefact_mask(table, RULES).tolist() == [r[3] for r in ROWS]


def test_a_metric_or_source_absent_from_the_table_matches_nothing() -> None:
    """A categorical without the rule's metric; a missing source even under ``*``."""
    table = pd.DataFrame(
        {
            "metric": pd.Categorical(["attack_events", "civilians_killed"]),
            "source": [None, None],
            "date": pd.to_datetime(["2022-04-10", "2022-02-24"]),
        }
    )
    assert artefact_mask(table, RULES).tolist() == [False, False]
    assert artefact_mask(table.iloc[:0], RULES).tolist() == []
    assert artefact_mask(table, ()).tolist() == [False, False]
