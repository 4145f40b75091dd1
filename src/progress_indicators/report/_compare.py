"""``compare``: what changed between two vintages of the scorecard, and which records did it.

Two scorecards of the same evidence base scored at different ``as_of`` dates (or any
two scorecards with the same frequency) are compared score by score: the index and the
four indicators of both tracks (verified and claimed), per period. Each changed score
lists the observations whose version differs between the two scorecards and that can
have moved it: records of that indicator (any indicator for the index) whose span
touches the period (``in_period``); failing that, records of that indicator anywhere
(``indirect``: a baseline window or a value carried forward moved the score).

An analyst output (it reads two finished scorecards), so it lives in ``report``; it was
``progress_indicators.store.compare`` until the store stopped importing scorecards'
consumers (the old path is a deprecated alias).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from progress_indicators.exceptions import ConfigError, InputTypeError
from progress_indicators.model import OBSERVATION_COLUMNS
from progress_indicators.scorecard import Scorecard
from progress_indicators.scoring import INDEX_NAME

if TYPE_CHECKING:
    from progress_indicators.model import Frequency

__all__ = ["compare", "compare_records"]

_COMPARE_COLUMNS = (
    "period",
    "track",
    "name",
    "old",
    "new",
    "delta",
    "observation_ids",
    "attribution",
)
_RECORD_COLUMNS = (
    "observation_id",
    "change",
    "indicator",
    "metric",
    "first_period",
    "last_period",
    "old_value",
    "new_value",
    "old_verification",
    "new_verification",
)


def _check_cards(card_a: object, card_b: object) -> Frequency:
    for name, card in (("card_a", card_a), ("card_b", card_b)):
        if not isinstance(card, Scorecard):
            msg = (
                f"{name} must be a Scorecard (got {type(card).__name__}).\n"
                "Hint: compare(store.score(as_of=...), store.score(as_of=...))."
            )
            raise InputTypeError(msg)
    assert isinstance(card_a, Scorecard)
    assert isinstance(card_b, Scorecard)
    if card_a.config.frequency != card_b.config.frequency:
        msg = (
            "the two scorecards have different frequencies "
            f"({card_a.config.frequency.value} vs {card_b.config.frequency.value}); "
            "their periods cannot be compared.\nHint: score both vintages with one config."
        )
        raise ConfigError(msg)
    return card_a.config.frequency


def compare_records(card_a: Scorecard, card_b: Scorecard) -> pd.DataFrame:
    """The observations whose latest version differs between two scorecards.

    Args:
        card_a: the older vintage.
        card_b: the newer vintage.

    Returns:
        One row per changed ``observation_id``: ``change`` (``added``, ``revised`` or
        ``removed``), ``indicator`` and ``metric`` (of the newer version when there is
        one), ``first_period``/``last_period`` (the periods the old and new spans
        touch), and the old and new ``value`` and ``verification``. Sorted by id.
    """
    frequency = _check_cards(card_a, card_b)
    old = card_a.observations.set_index("observation_id")
    new = card_b.observations.set_index("observation_id")
    columns = [c for c in OBSERVATION_COLUMNS if c != "observation_id"]
    old_hash = pd.util.hash_pandas_object(old[columns].astype("string"), index=True)
    new_hash = pd.util.hash_pandas_object(new[columns].astype("string"), index=True)
    both = old_hash.index.intersection(new_hash.index)
    revised = both[old_hash.loc[both].to_numpy() != new_hash.loc[both].to_numpy()]
    added = new_hash.index.difference(old_hash.index)
    removed = old_hash.index.difference(new_hash.index)
    change = pd.Series(
        ["revised"] * len(revised) + ["added"] * len(added) + ["removed"] * len(removed),
        index=revised.append(added).append(removed),
        dtype="string",
    )
    ids = change.index
    old_rows = old.reindex(ids)
    new_rows = new.reindex(ids)
    freq = frequency.pandas_freq

    def span(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
        return rows["date"], rows["end_date"].fillna(rows["date"])

    old_start, old_end = span(old_rows)
    new_start, new_end = span(new_rows)
    first = pd.concat([old_start, new_start], axis=1).min(axis=1)
    last = pd.concat([old_end, new_end], axis=1).max(axis=1)
    records = pd.DataFrame(
        {
            "observation_id": ids.astype("string"),
            "change": change.to_numpy(),
            "indicator": new_rows["indicator"]
            .astype("string")
            .fillna(old_rows["indicator"].astype("string")),
            "metric": new_rows["metric"].astype("string").fillna(old_rows["metric"]),
            "first_period": first.dt.to_period(freq),
            "last_period": last.dt.to_period(freq),
            "old_value": old_rows["value"].astype("float64"),
            "new_value": new_rows["value"].astype("float64"),
            "old_verification": old_rows["verification"].astype("string"),
            "new_verification": new_rows["verification"].astype("string"),
        }
    )
    records = records.reset_index(drop=True)
    return records.sort_values("observation_id", ignore_index=True)[list(_RECORD_COLUMNS)]


def _scores(card: Scorecard) -> pd.DataFrame:
    """Period x (track, name) of every score of the card."""
    verified = card.indicators.astype("float64").copy()
    verified.insert(0, INDEX_NAME, card.index)
    claimed = card.claimed_indicators.astype("float64").copy()
    claimed.insert(0, INDEX_NAME, card.claimed_index)
    return pd.concat({"verified": verified, "claimed": claimed}, axis=1)


def compare(card_a: Scorecard, card_b: Scorecard, *, tolerance: float = 1e-9) -> pd.DataFrame:
    """Which periods and indicators changed between two vintages, and which records did it.

    Args:
        card_a: the older vintage (e.g. ``store.score(as_of="2025-03-01")``).
        card_b: the newer vintage.
        tolerance: score differences up to this are not changes.

    Returns:
        One row per changed score: ``period``, ``track`` (``verified``/``claimed``),
        ``name`` (``verified_progress_index`` or an indicator), ``old``, ``new``,
        ``delta`` (``new - old``; NaN when either side has no score, e.g. coverage was
        gained or lost), ``observation_ids`` (a tuple of the changed records that can
        have caused it, see :func:`compare_records`) and ``attribution``
        (``in_period``, ``indirect`` or ``none`` when no record changed, e.g. another
        config). Sorted by period, track and name; empty when nothing changed.

    Examples:
        >>> import progress_indicators as pi
        >>> observations, _ = pi.datasets.load_example()
        >>> card = pi.score(observations)
        >>> pi.compare(card, card).empty
        True
    """
    _check_cards(card_a, card_b)
    old_wide = _scores(card_a)
    new_wide = _scores(card_b)
    periods = old_wide.index.union(new_wide.index)
    columns = old_wide.columns.union(new_wide.columns)
    old_values = old_wide.reindex(index=periods, columns=columns)
    new_values = new_wide.reindex(index=periods, columns=columns)
    old_long = old_values.stack([0, 1], future_stack=True)
    new_long = new_values.stack([0, 1], future_stack=True)
    old_arr = old_long.to_numpy(dtype="float64")
    new_arr = new_long.to_numpy(dtype="float64")
    one_missing = np.isnan(old_arr) ^ np.isnan(new_arr)
    moved = np.abs(new_arr - old_arr) > tolerance
    changed = one_missing | moved
    keys = old_long.index[changed].to_frame(index=False)
    keys.columns = pd.Index(["period", "track", "name"])
    result = keys.assign(
        old=old_arr[changed], new=new_arr[changed], delta=new_arr[changed] - old_arr[changed]
    )
    records = compare_records(card_a, card_b)
    ids: list[tuple[str, ...]] = []
    attribution: list[str] = []
    for row in result.itertuples(index=False):  # one per changed score, not per record
        same = records if row.name == INDEX_NAME else records[records["indicator"] == row.name]
        touching = same[(same["first_period"] <= row.period) & (same["last_period"] >= row.period)]
        chosen, how = (touching, "in_period") if len(touching) else (same, "indirect")
        if chosen.empty:
            how = "none"
        ids.append(tuple(chosen["observation_id"].astype(str)))
        attribution.append(how)
    result["observation_ids"] = pd.Series(ids, index=result.index, dtype=object)
    result["attribution"] = pd.Series(attribution, index=result.index, dtype="string")
    result["track"] = result["track"].astype("string")
    result["name"] = result["name"].astype("string")
    order = {"verified": 0, "claimed": 1}
    result = result.sort_values(
        ["period", "track", "name"],
        key=lambda s: s.map(order) if s.name == "track" else s,
        kind="stable",
        ignore_index=True,
    )
    ordered: pd.DataFrame = result[list(_COMPARE_COLUMNS)]
    return ordered
