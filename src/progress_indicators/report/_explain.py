"""``explain``: the evidence behind one period's scores, observation by observation."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from progress_indicators.frames import Track
from progress_indicators.model import Indicator
from progress_indicators.report._common import INDICATOR_ORDER, resolve_indicator, resolve_period

if TYPE_CHECKING:
    from progress_indicators.model import MetricSpec
    from progress_indicators.scorecard import Scorecard

__all__ = ["EXPLAIN_COLUMNS", "EXPLAIN_STATUSES", "explain"]

EXPLAIN_STATUSES = ("contributing", "carried_forward", "superseded", "excluded")
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


def _shares(spec: MetricSpec, rows: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Each row's share of the metric's period value, and why a row with share 0 has none."""
    n = len(rows)
    values = rows["value_in_period"].to_numpy(dtype="float64")
    reasons = [""] * n
    how = spec.aggregation
    if how == "sum":
        total = float(values.sum())
        shares = values / total if total != 0 else np.full(n, 1.0 / n)
    elif how == "mean":
        shares = np.full(n, 1.0 / n)
    elif how == "last":
        newest = rows["recency"] == rows["recency"].max()
        latest = newest.to_numpy(dtype=bool)
        shares = np.where(latest, 1.0 / latest.sum(), 0.0)
        reasons = ["" if keep else "older_than_latest_in_period" for keep in latest]
    else:
        extreme = values == (values.max() if how == "max" else values.min())
        shares = np.where(extreme, 1.0 / extreme.sum(), 0.0)
        reasons = ["" if keep else f"not_the_period_{how}" for keep in extreme]
    return shares, reasons


def explain(card: Scorecard, period: object, indicator: object = None) -> pd.DataFrame:
    """The evidence behind the scores of one period.

    One row per observation that bears on the period (of ``indicator`` only, if given):

    - ``contributing``: a qualifying observation (graded at or above the threshold, of a
      configured metric) whose span overlaps the period. ``value_in_period`` is the part
      of its value that counts there (a ``sum`` metric spanning several periods counts
      pro rata by days), ``share_of_metric`` its share of the metric's period value
      (``sum``: its part of the total; ``mean``: 1/n; ``last``: 1/n among the values
      on the latest date; ``max``/``min``: 1/n among the values equal to the extreme).
    - ``carried_forward``: a level observed in an earlier period and carried into this
      one; ``carried_from`` names the observation, ``carried_from_period`` its period.
    - ``superseded``: qualifying, but not part of the value (an older value of a
      ``last`` metric, a value that is not the period's max/min).
    - ``excluded``: did not feed the verified index, with ``reason`` from
      ``card.excluded`` (``below_verification_threshold``, ``disputed_or_refuted``,
      ``metric_not_configured``) or ``no_goalposts`` (a baseline goalpost without
      data), ``zero_weight``, ``indicator_below_data_threshold`` (too few metrics).

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
    qualifies = Track.verified(config).mask(obs)
    metric_of = obs["metric"].astype(str).to_numpy()

    index_value = float(card.index.loc[p])
    indicator_scores = card.indicators.loc[p]
    scale = _index_scale(card, p, index_value)
    index_weights = _index_weights(card, p) if not math.isnan(index_value) else {}

    rows: list[dict[str, Any]] = []
    for spec in config.metrics:
        if only is not None and spec.indicator is not only:
            continue
        ind = spec.indicator.value
        mask = qualifies & (metric_of == spec.name)
        metric_value = float(card.metric_values.loc[p, spec.name])
        metric_score = float(card.metric_scores.loc[p, spec.name])
        w_ind = _weight_in_indicator(card, p, spec)
        w_idx = w_ind * index_weights.get(ind, math.nan)
        base = {
            "period": str(p),
            "indicator": ind,
            "metric": spec.name,
            "metric_value": metric_value,
            "metric_score": metric_score,
            "weight_in_indicator": w_ind,
            "weight_in_index": w_idx,
        }
        blocker = _blocker(spec, metric_score, float(indicator_scores[ind]))
        here = obs[mask & overlaps]
        if len(here):
            here = here.assign(recency=pd.DatetimeIndex(here["end_date"].fillna(here["date"])))
            here = here.assign(value_in_period=_value_in_period(here, spec, p_start, p_end))
            shares, why = _shares(spec, here)
            for (_, row), share, reason in zip(here.iterrows(), shares, why, strict=True):
                status = "superseded" if reason else "contributing"
                rows.append(_row(base, row, share, scale, status=status, reason=reason or blocker))
        elif not math.isnan(metric_value):
            rows.extend(
                _carried(
                    card,
                    spec=spec,
                    p_start=p_start,
                    base=base,
                    mask=mask,
                    scale=scale,
                    blocker=blocker,
                )
            )
    rows.extend(_excluded(card, p, only, overlaps))
    return _finish(rows)


def _value_in_period(
    rows: pd.DataFrame, spec: MetricSpec, p_start: pd.Timestamp, p_end: pd.Timestamp
) -> np.ndarray:
    values = rows["value"].to_numpy(dtype="float64")
    if spec.aggregation != "sum":
        return values
    start = pd.DatetimeIndex(rows["date"]).to_numpy(dtype="datetime64[ns]")
    end = pd.DatetimeIndex(rows["recency"]).to_numpy(dtype="datetime64[ns]")
    first = p_start.to_datetime64()
    last = p_end.to_datetime64()
    day = np.timedelta64(1, "D")
    overlap = (np.minimum(end, last) - np.maximum(start, first)) / day + 1
    total = (end - start) / day + 1
    return np.asarray(values * overlap / total, dtype="float64")


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
        "observation_id": row["observation_id"],
        "source": row["source"],
        "source_record": row["source_record"],
        "verification": str(row["verification"]),
        "date": row["date"],
        "end_date": row["end_date"],
        "value": float(row["value"]),
        "value_in_period": float(row["value_in_period"]),
        "share_of_metric": float(share),
        "contribution_to_indicator": (
            share * base["weight_in_indicator"] * score if counts else math.nan
        ),
        "contribution": share * base["weight_in_index"] * score * scale if counts else math.nan,
        "carried_from": carried_from,
        "carried_from_period": carried_from_period,
    }


def _carried(
    card: Scorecard,
    *,
    spec: MetricSpec,
    p_start: pd.Timestamp,
    base: dict[str, Any],
    mask: np.ndarray,
    scale: float,
    blocker: str,
) -> list[dict[str, Any]]:
    """The observation(s) a carried-forward value came from (latest before the period)."""
    obs = card.observations[mask]
    recency = pd.DatetimeIndex(obs["end_date"].fillna(obs["date"]))
    earlier = np.asarray(recency < p_start, dtype=bool)
    if not earlier.any():
        return []
    newest = recency[earlier].max()
    source = obs[earlier & np.asarray(recency == newest, dtype=bool)]
    source = source.assign(value_in_period=source["value"].astype("float64"))
    freq = card.config.frequency.pandas_freq
    origin = str(pd.Period(newest, freq=freq))
    share = 1.0 / len(source)
    return [
        _row(
            base,
            row,
            share,
            scale,
            status="carried_forward",
            reason=blocker,
            carried_from=str(row["observation_id"]),
            carried_from_period=origin,
        )
        for _, row in source.iterrows()
    ]


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
                "observation_id": row["observation_id"],
                "source": row["source"],
                "source_record": row["source_record"],
                "verification": str(row["verification"]),
                "date": row["date"],
                "end_date": row["end_date"],
                "value": float(row["value"]),
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
