"""``explain``: the evidence behind one period's scores, observation by observation."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from progress_indicators.frames import Track, add_areas, area_keys, artefact_mask
from progress_indicators.model import Indicator
from progress_indicators.report._common import INDICATOR_ORDER, resolve_indicator, resolve_period

if TYPE_CHECKING:
    from progress_indicators.model import MetricSpec
    from progress_indicators.scorecard import Scorecard

__all__ = ["EXPLAIN_COLUMNS", "EXPLAIN_STATUSES", "explain"]

EXPLAIN_STATUSES = ("contributing", "zero_filled", "carried_forward", "superseded", "excluded")
"""Row statuses, in the order rows are listed."""

EXPLAIN_COLUMNS = (
    "period",
    "indicator",
    "metric",
    "status",
    "reason",
    "observation_id",
    "source",
    "source_record",
    "verification",
    "date",
    "end_date",
    "value",
    "value_in_period",
    "metric_value",
    "metric_score",
    "days_covered",
    "share_covered",
    "share_of_metric",
    "weight_in_indicator",
    "weight_in_index",
    "contribution_to_indicator",
    "contribution",
    "carried_from",
    "carried_from_period",
)


def _days(start: pd.Timestamp, end: pd.Timestamp) -> int:
    return int((end - start) / pd.Timedelta(days=1)) + 1


def explain(card: Scorecard, period: object, indicator: object = None) -> pd.DataFrame:
    """The evidence behind the scores of one period.

    One row per observation that bears on the period (of ``indicator`` only, if given),
    each with the metric's coverage in the period (``days_covered``, ``share_covered``):

    - ``contributing``: a qualifying observation (graded at or above the threshold, from
      a reliable enough source, of a configured metric, not an artefact) that is part of
      the period's value. For a flow, ``value_in_period`` is the amount of it that counts
      there (its daily amount on the days it covers, or, for a reported figure, on the
      days it is the finest report of its source and region, shared with other readings
      and sources); ``share_of_metric`` is that amount's share of the period's total. For
      a level, the row in force on the last covered day (``last``) or its share of the
      covered days (other aggregations).
    - ``zero_filled``: the period of an event metric inside a source's reporting span
      without any event (its value 0 rests on no single row).
    - ``carried_forward``: a level observed before the period and still in force;
      ``carried_from`` names the observation, ``carried_from_period`` its period.
    - ``superseded``: qualifying, but not part of the value (an older level, or a coarse
      report on days a finer one covers).
    - ``excluded``: did not feed the verified index, with ``reason`` from
      ``card.excluded`` (``below_verification_threshold``, ``disputed_or_refuted``,
      ``artefact``, ``metric_not_configured`` ...) or ``no_goalposts`` (a baseline
      goalpost without data, or a metric-period covered on too few days),
      ``zero_weight``, ``indicator_below_data_threshold`` (too little of the
      indicator's weight covered).

    Weights: ``weight_in_indicator`` is the metric's weight divided by the weights of
    the indicator's metrics that have a score in the period (re-normalised over covered
    metrics, as scoring does); ``weight_in_index`` multiplies it by the indicator's
    weight re-normalised over the indicators with a score (NaN when the period has no
    index). ``contribution_to_indicator = share x weight_in_indicator x metric_score``
    sums exactly to the indicator score. ``contribution`` (index points) is
    ``share x weight_in_index x metric_score``; with arithmetic aggregation it sums to
    the index, with geometric aggregation it is scaled by ``index / arithmetic mean`` so
    that it still sums to the index (a proportional attribution, since a geometric mean
    has no exact additive split).

    Args:
        card: the scorecard.
        period: a scored period (``'2025-05'``, a ``pandas.Period`` or a date in it).
        indicator: limit to one indicator (member or value).

    Returns:
        A DataFrame with the columns of :data:`EXPLAIN_COLUMNS`, ordered by status,
        indicator, metric and observation id.

    Raises:
        ReportError: the period is not scored or the indicator is unknown.
    """
    p = resolve_period(card, period)
    only = resolve_indicator(indicator)
    config = card.config
    obs = card.observations
    p_start, p_end = p.start_time, p.end_time.normalize()
    start = pd.DatetimeIndex(obs["date"])
    end = pd.DatetimeIndex(obs["end_date"].fillna(obs["date"]))
    overlaps = np.asarray((start <= p_end) & (end >= p_start), dtype=bool)
    qualifies = Track.verified(config).mask(obs) & ~artefact_mask(obs, config.artefacts)
    metric_of = obs["metric"].astype(str).to_numpy()

    index_value = float(card.index.loc[p])
    indicator_scores = card.indicators.loc[p]
    scale = _index_scale(card, p, index_value)
    index_weights = _index_weights(card, p) if not math.isnan(index_value) else {}
    freq = config.frequency.pandas_freq

    rows: list[dict[str, Any]] = []
    for spec in config.metrics:
        if only is not None and spec.indicator is not only:
            continue
        ind = spec.indicator.value
        metric_value = float(card.metric_values.loc[p, spec.name])
        metric_score = float(card.metric_scores.loc[p, spec.name])
        coverage = card.metric_coverage.loc[(p, spec.name)]
        w_ind = _weight_in_indicator(card, p, spec)
        base = {
            "period": str(p),
            "indicator": ind,
            "metric": spec.name,
            "metric_value": metric_value,
            "metric_score": metric_score,
            "days_covered": float(coverage["days_covered"]),
            "share_covered": float(coverage["share_covered"]),
            "weight_in_indicator": w_ind,
            "weight_in_index": w_ind * index_weights.get(ind, math.nan),
        }
        blocker = _blocker(spec, metric_score, float(indicator_scores[ind]))
        candidates = obs[qualifies & (metric_of == spec.name)]
        if spec.kind == "count":
            here = candidates[overlaps[qualifies & (metric_of == spec.name)]]
            counted, in_wider = _flow_amounts(spec, here, p_start, p_end)
            shares = _normalised(counted)
            for (_, row), amount, share, wider in zip(
                here.iterrows(), counted, shares, in_wider, strict=True
            ):
                status = "contributing" if amount > 0 or counted.sum() == 0 else "superseded"
                reason = _SUPERSEDED[bool(wider), "flow"] if status == "superseded" else blocker
                rows.append(_row(base, row, amount, share, scale, status=status, reason=reason))
            if not len(here) and metric_value == 0:
                rows.append(_zero_filled(base, scale, blocker))
        else:
            counted, in_wider = _level_weights(spec, candidates, p_start, p_end)
            shares = _normalised(counted * candidates["value"].to_numpy(dtype="float64"), counted)
            inside = overlaps[qualifies & (metric_of == spec.name)]
            for (_, row), weight, share, seen, wider in zip(
                candidates.iterrows(), counted, shares, inside, in_wider, strict=True
            ):
                if not (weight > 0 or seen):
                    continue  # an older level that neither counts nor falls in the period
                extra: dict[str, Any] = {"status": "contributing", "reason": blocker}
                if weight == 0:
                    extra = {"status": "superseded", "reason": _SUPERSEDED[bool(wider), "level"]}
                elif not seen:
                    seen_on = row["end_date"] if pd.notna(row["end_date"]) else row["date"]
                    extra = {
                        "status": "carried_forward",
                        "reason": blocker,
                        "carried_from": str(row["observation_id"]),
                        "carried_from_period": str(pd.Period(pd.Timestamp(seen_on), freq=freq)),
                    }
                rows.append(_row(base, row, row["value"], share, scale, **extra))
    rows.extend(_excluded(card, p, only, overlaps))
    return _finish(rows)


_SUPERSEDED = {
    (False, "flow"): "finer_report_on_these_days",
    (False, "level"): "older_than_latest_in_period",
    (True, "flow"): "inside_a_wider_area",
    (True, "level"): "inside_a_wider_area",
}
"""Why a row that does not count was left out: a wider area reported, or by time."""


def _normalised(values: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Shares of a total; a zero total is split evenly over the rows that count.

    The rows that count are those with a positive ``weights`` entry (every row without
    ``weights``).
    """
    total = float(values.sum())
    if total != 0:
        return np.asarray(values / total, dtype="float64")
    counts = np.ones(len(values), dtype=bool) if weights is None else weights > 0
    n = int(counts.sum())
    return np.where(counts, 1.0 / n, 0.0) if n else np.zeros(len(values))


def _days_of(row_start: pd.Series, row_end: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    first = pd.DatetimeIndex(row_start).to_numpy(dtype="datetime64[D]")
    last = pd.DatetimeIndex(row_end.fillna(row_start)).to_numpy(dtype="datetime64[D]")
    return first, last


def _flow_amounts(
    spec: MetricSpec, rows: pd.DataFrame, p_start: pd.Timestamp, p_end: pd.Timestamp
) -> tuple[np.ndarray, np.ndarray]:
    """The amount of each row that counts in the period (the rules of frames._daily).

    Events add over their days in the period. A reported figure counts on the days it
    wins (the finest report of its source and area; readings of one span averaged;
    sources of one area and day averaged; of overlapping areas, the widest). Also
    returns, per row, whether a wider area left it out on some day it would have won.
    """
    if rows.empty:
        return np.zeros(0), np.zeros(0, dtype=bool)
    first, last = _days_of(rows["date"], rows["end_date"])
    length = ((last - first) // np.timedelta64(1, "D") + 1).astype("float64")
    values = rows["value"].to_numpy(dtype="float64")
    per_day = values / length if spec.aggregation == "sum" else values
    lo = np.maximum(first, p_start.to_datetime64().astype("datetime64[D]"))
    hi = np.minimum(last, p_end.to_datetime64().astype("datetime64[D]"))
    days_in = ((hi - lo) // np.timedelta64(1, "D") + 1).clip(0)
    if spec.zero_fill:
        return np.asarray(per_day * days_in, dtype="float64"), np.zeros(len(rows), dtype=bool)
    position = np.repeat(np.arange(len(rows)), days_in)
    offset = np.arange(int(days_in.sum())) - np.repeat(np.cumsum(days_in) - days_in, days_in)
    region = area_keys(rows["region"])
    pairs = pd.DataFrame(
        {
            "row": position,
            "source": rows["source"].astype(object).to_numpy()[position],
            "region": region[position],
            "day": lo[position] + offset.astype("timedelta64[D]"),
            "span": length[position],
        }
    )
    keys = ["source", "region", "day"]
    wins = pairs["span"] == pairs.groupby(keys)["span"].transform("min")
    winners = pairs[wins.to_numpy(dtype=bool)].copy()
    same_span = winners.groupby(keys)["row"].transform("size")
    sources = winners.groupby(["region", "day"])["source"].transform("nunique")
    present = winners.groupby(["day", "region"]).size().unstack("region")
    _, used = add_areas(present.to_numpy(dtype="float64").T, [str(k) for k in present.columns])
    kept = pd.DataFrame(used.T, index=present.index, columns=present.columns).stack()
    in_area = kept.reindex(pd.MultiIndex.from_frame(winners[["day", "region"]])).to_numpy(bool)
    winners["weight"] = np.where(in_area, 1.0 / (same_span * sources), 0.0)
    weight = winners.groupby("row")["weight"].sum().reindex(range(len(rows)), fill_value=0.0)
    left_out = winners.loc[~in_area, "row"].unique()
    wider = np.isin(np.arange(len(rows)), left_out)
    return np.asarray(weight.to_numpy() * per_day, dtype="float64"), wider


def _level_weights(
    spec: MetricSpec, rows: pd.DataFrame, p_start: pd.Timestamp, p_end: pd.Timestamp
) -> tuple[np.ndarray, np.ndarray]:
    """Each level row's weight in the period value (the rules of frames._daily).

    On each day the row in force in each region is the latest-ending one started by
    then (of those, the latest-starting; rows with the same span share), while it is
    no older than ``carry_forward_days``. ``last`` reads the last covered day of the
    period, the other aggregations every covered day (``mean`` with equal weight per day).
    Of overlapping areas in force on a day, the widest counts; also returns, per row,
    whether a wider area left it out on some day.
    """
    weights = np.zeros(len(rows))
    wider = np.zeros(len(rows), dtype=bool)
    if rows.empty:
        return weights, wider
    first, last = _days_of(rows["date"], rows["end_date"])
    carry = np.inf if spec.carry_forward_days is None else float(spec.carry_forward_days)
    region = area_keys(rows["region"])
    days = pd.date_range(p_start, p_end, freq="D").to_numpy(dtype="datetime64[D]")
    day_weights: list[np.ndarray] = []
    for day in days:
        started = first <= day
        per_day = np.zeros(len(rows))
        in_force: dict[str, np.ndarray] = {}
        for name in np.unique(region[started]):
            mine = started & (region == name)
            latest = last[mine].max()
            winners = mine & (last == latest)
            winners &= first == first[winners].max()
            if (day - latest) / np.timedelta64(1, "D") <= carry:
                in_force[str(name)] = winners
        areas = list(in_force)
        _, used = add_areas(np.ones((len(areas), 1)), areas)
        for name, take in zip(areas, used[:, 0], strict=True):
            winners = in_force[name]
            if take:
                per_day[winners] = 1.0 / winners.sum()
            else:
                wider |= winners
        day_weights.append(per_day)
    table = np.array(day_weights)
    covered = table.sum(axis=1) > 0
    if not covered.any():
        return weights, wider
    if spec.aggregation == "last":
        last_day = np.nonzero(covered)[0][-1]
        return np.asarray(table[last_day], dtype="float64"), wider
    return np.asarray(table[covered].sum(axis=0) / covered.sum(), dtype="float64"), wider


def _evidence(row: pd.Series) -> dict[str, Any]:
    """The columns of an explain row that describe the observation itself."""
    return {
        "observation_id": row["observation_id"],
        "source": row["source"],
        "source_record": row["source_record"],
        "verification": str(row["verification"]),
        "date": row["date"],
        "end_date": row["end_date"],
        "value": float(row["value"]),
    }


def _zero_filled(base: dict[str, Any], scale: float, reason: str) -> dict[str, Any]:
    """The row that explains a zero from an event source's span without events."""
    counts = not reason
    score = base["metric_score"]
    return {
        **base,
        "status": "zero_filled",
        "reason": reason or "no_event_inside_the_sources_span",
        "value_in_period": 0.0,
        "share_of_metric": 1.0,
        "contribution_to_indicator": base["weight_in_indicator"] * score if counts else math.nan,
        "contribution": base["weight_in_index"] * score * scale if counts else math.nan,
    }


def _blocker(spec: MetricSpec, metric_score: float, indicator: float) -> str:
    """Why an observed metric does not reach the index ("" when it does)."""
    if spec.weight == 0:
        return "zero_weight"
    if math.isnan(metric_score):
        return "no_goalposts"
    if math.isnan(indicator):
        return "indicator_below_data_threshold"
    return ""


def _weight_in_indicator(card: Scorecard, p: Any, spec: MetricSpec) -> float:
    if spec.weight == 0 or math.isnan(float(card.metric_scores.loc[p, spec.name])):
        return math.nan
    covered = [
        m.weight
        for m in card.config.metrics
        if m.indicator is spec.indicator
        and m.weight > 0
        and not math.isnan(float(card.metric_scores.loc[p, m.name]))
    ]
    return spec.weight / sum(covered)


def _index_weights(card: Scorecard, p: Any) -> dict[str, float]:
    scores = card.indicators.loc[p]
    weights = {
        i.value: card.config.indicator_weights[i]
        for i in Indicator
        if not math.isnan(float(scores[i.value]))
    }
    total = sum(weights.values())
    return {name: w / total for name, w in weights.items()} if total > 0 else {}


def _index_scale(card: Scorecard, p: Any, index_value: float) -> float:
    """Factor that makes weighted arithmetic contributions sum to the index."""
    if math.isnan(index_value) or card.config.aggregation == "arithmetic":
        return 1.0
    weights = _index_weights(card, p)
    scores = card.indicators.loc[p]
    arithmetic = sum(w * float(scores[name]) for name, w in weights.items())
    return index_value / arithmetic if arithmetic > 0 else 0.0


def _row(
    base: dict[str, Any],
    row: pd.Series,
    value_in_period: float,
    share: float,
    scale: float,
    *,
    status: str,
    reason: str,
    carried_from: str | None = None,
    carried_from_period: str | None = None,
) -> dict[str, Any]:
    counts = status in {"contributing", "carried_forward"} and not reason
    if reason and status in {"contributing", "carried_forward"}:
        status = "excluded"
    score = base["metric_score"]
    return {
        **base,
        "status": status,
        "reason": reason or None,
        **_evidence(row),
        "value_in_period": float(value_in_period),
        "share_of_metric": float(share),
        "contribution_to_indicator": (
            share * base["weight_in_indicator"] * score if counts else math.nan
        ),
        "contribution": share * base["weight_in_index"] * score * scale if counts else math.nan,
        "carried_from": carried_from,
        "carried_from_period": carried_from_period,
    }


def _excluded(
    card: Scorecard, p: Any, only: Indicator | None, overlaps: np.ndarray
) -> list[dict[str, Any]]:
    excluded = card.excluded
    if only is not None:
        excluded = excluded[(excluded["indicator"] == only.value).to_numpy(dtype=bool)]
    obs = card.observations
    position = obs.index.get_indexer(pd.Index(excluded["row"]))
    keep = overlaps[position]
    rows = []
    for (_, ex), pos in zip(excluded[keep].iterrows(), position[keep], strict=True):
        row = obs.iloc[pos]
        rows.append(
            {
                "period": str(p),
                "indicator": str(ex["indicator"]),
                "metric": str(ex["metric"]),
                "status": "excluded",
                "reason": str(ex["reason"]),
                **_evidence(row),
            }
        )
    return rows


def _finish(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(EXPLAIN_COLUMNS))
    for name in ("observation_id", "source", "source_record", "reason", "carried_from"):
        frame[name] = frame[name].astype("string")
    for name in ("date", "end_date"):
        frame[name] = pd.to_datetime(frame[name])
    float_columns = EXPLAIN_COLUMNS[
        EXPLAIN_COLUMNS.index("value") : EXPLAIN_COLUMNS.index("carried_from")
    ]
    for name in float_columns:
        frame[name] = frame[name].astype("float64")
    order = {status: n for n, status in enumerate(EXPLAIN_STATUSES)}
    indicator_order = {name: n for n, name in enumerate(INDICATOR_ORDER)}
    frame = frame.assign(
        _s=frame["status"].map(order), _i=frame["indicator"].map(indicator_order)
    ).sort_values(["_s", "_i", "metric", "observation_id"], kind="stable")
    return frame.drop(columns=["_s", "_i"]).reset_index(drop=True)
