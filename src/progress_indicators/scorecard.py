"""``score()``: the one entry point that wires validation, frames, scoring and the ledger.

This is the only module that sees both the observation path and the humanitarian
ledger. It hands the ledger to the :class:`Scorecard` untouched by scoring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs
import pandas as pd
from pydantic import BaseModel

from progress_indicators.exceptions import HumanitarianInScoringError, InputTypeError
from progress_indicators.frames import MetricPeriods, metric_periods, period_range, select_track
from progress_indicators.ledger import ledger_periods
from progress_indicators.model import (
    HUMANITARIAN_COLUMNS,
    OBSERVATION_COLUMNS,
    Baseline,
    HumanitarianEvent,
    Indicator,
    Observation,
    ScorecardConfig,
)
from progress_indicators.scoring import INDEX_NAME, score_track
from progress_indicators.validation import validate_humanitarian, validate_observations

if TYPE_CHECKING:
    from progress_indicators.scoring import TrackScores

__all__ = ["EvidenceAsOf", "Scorecard", "score"]


# --- as-of scoring (the evidence store) ---------------------------------------------
# score() reads a store through this protocol, so this module never imports the store
# (the store sits above scorecard, beside report).


@runtime_checkable
class EvidenceAsOf(Protocol):
    """Anything that can hand over both tables as they were known at a time.

    :class:`progress_indicators.EvidenceStore` implements it; ``score(store,
    as_of=...)`` reads through it.
    """

    def evidence_as_of(self, as_of: Any = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The observation and humanitarian tables as known at ``as_of`` (None: now)."""
        ...


def _resolve_as_of(
    observations: object, humanitarian: object, as_of: object
) -> tuple[object, object, pd.Timestamp | None]:
    """Turn ``score(store, as_of=...)`` into the two tables; check ``as_of`` use."""
    if isinstance(observations, pd.DataFrame) or not isinstance(observations, EvidenceAsOf):
        if as_of is not None:
            msg = (
                "as_of= is only valid when scoring an evidence store (got observations of "
                f"type {type(observations).__name__}).\n"
                "Hint: pi.score(pi.EvidenceStore(path), as_of='2025-06-01')."
            )
            raise InputTypeError(msg)
        return observations, humanitarian, None
    if humanitarian is not None:
        msg = (
            "humanitarian= cannot be given with an evidence store: the store supplies its "
            "own ledger.\nHint: add the events to the store with store.add(...)."
        )
        raise InputTypeError(msg)
    obs_table, events = observations.evidence_as_of(as_of)
    stamp = pd.Timestamp.now(tz="UTC") if as_of is None else pd.Timestamp(str(as_of))
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return obs_table, events, stamp


@attrs.frozen(kw_only=True, eq=False)
class Scorecard:
    """The result of :func:`score`: the index, its indicators, coverage and the ledger.

    An attrs class (internal result, never parsed from user input). Its tables are new
    objects; the caller's data is never modified.

    Attributes:
        index: the Verified Progress Index per period (Series named
            ``verified_progress_index``), 0-100 or NaN where coverage is short.
        indicators: period x the four indicator scores (verified track), 0-100 or NaN.
        claimed_index: the same index from all evidence that is not disputed or refuted.
        claimed_indicators: the indicator scores of the claimed track.
        coverage: one row per (period, indicator): ``observations`` (qualifying
            observations in the period), ``metrics_covered``, ``metrics_carried``
            (covered only by a value carried forward), ``metrics_total`` and
            ``covered`` (whether the indicator has a score).
        humanitarian: the ledger per period (events, persons returned to each side,
            events with unknown counts). Never part of the index.
        humanitarian_events: the validated ledger rows.
        metric_values: period x metric values of the verified track.
        metric_scores: period x metric scores (0-100) of the verified track.
        goalposts: the resolved goalposts per metric (verified track).
        excluded: observations that did not feed the verified index, with the reason.
        observations: the validated observation table that was scored.
        config: the configuration used.
        as_of: the vintage scored when read from an evidence store with ``as_of=``
            (else ``None``).
    """

    index: pd.Series
    indicators: pd.DataFrame
    claimed_index: pd.Series
    claimed_indicators: pd.DataFrame
    coverage: pd.DataFrame
    humanitarian: pd.DataFrame
    humanitarian_events: pd.DataFrame
    metric_values: pd.DataFrame
    metric_scores: pd.DataFrame
    goalposts: pd.DataFrame
    excluded: pd.DataFrame
    observations: pd.DataFrame
    config: ScorecardConfig
    as_of: pd.Timestamp | None = None

    @property
    def claimed_gap(self) -> pd.Series:
        """Claimed index minus verified index per period (NaN where either is missing)."""
        return (self.claimed_index - self.index).rename("claimed_minus_verified")

    def latest(self) -> pd.Series:
        """The last period with a verified index value: index, indicators and claimed index.

        Returns an empty Series when no period has enough coverage for an index.
        """
        scored = self.index.dropna()
        if scored.empty:
            return pd.Series(dtype="float64")
        period = scored.index[-1]
        row: pd.Series = self.indicators.loc[period].copy()
        row[INDEX_NAME] = scored.iloc[-1]
        row["claimed_index"] = self.claimed_index.loc[period]
        row.name = period
        return row

    def to_frame(self) -> pd.DataFrame:
        """Everything in one tidy long table.

        Columns: ``period`` (text), ``period_start`` (timestamp), ``track``
        (``verified``, ``claimed`` or ``ledger``), ``measure`` (``index``,
        ``indicator``, ``metric_value``, ``metric_score``, ``coverage_observations``,
        ``coverage_metrics``, ``humanitarian``), ``name`` and ``value``. The ledger rows
        carry ``track == "ledger"``: they are listed beside the index, never in it.
        """
        parts = [
            _long(self.index.to_frame(), "verified", "index"),
            _long(self.indicators, "verified", "indicator"),
            _long(self.claimed_index.to_frame(), "claimed", "index"),
            _long(self.claimed_indicators, "claimed", "indicator"),
            _long(self.metric_values, "verified", "metric_value"),
            _long(self.metric_scores, "verified", "metric_score"),
            _long(
                self.coverage["observations"].unstack("indicator"),
                "verified",
                "coverage_observations",
            ),
            _long(
                self.coverage["metrics_covered"].unstack("indicator"),
                "verified",
                "coverage_metrics",
            ),
            _long(self.humanitarian.astype("float64"), "ledger", "humanitarian"),
        ]
        table = pd.concat(parts, ignore_index=True)
        return table.sort_values(
            ["track", "measure", "name", "period_start"], kind="stable", ignore_index=True
        )


def _long(wide: pd.DataFrame, track: str, measure: str) -> pd.DataFrame:
    periods = pd.PeriodIndex(wide.index)
    long = (
        wide.astype("float64")
        .set_axis(range(len(wide)))
        .melt(ignore_index=False, var_name="name", value_name="value")
    )
    position = long.index.to_numpy()
    return pd.DataFrame(
        {
            "period": periods.astype(str)[position],
            "period_start": periods.start_time[position],
            "track": track,
            "measure": measure,
            "name": long["name"].astype(str).to_numpy(),
            "value": long["value"].to_numpy(),
        }
    )


def _records_frame(
    records: object, record_type: type[BaseModel], columns: tuple[str, ...], role: str
) -> pd.DataFrame:
    if isinstance(records, pd.DataFrame):
        return records
    if isinstance(records, (BaseModel, str, bytes, Mapping)):
        records = [records]
    if not isinstance(records, Iterable):
        msg = (
            f"{role} must be a DataFrame or an iterable of {record_type.__name__} "
            f"(got {type(records).__name__})."
        )
        raise InputTypeError(msg)
    rows: list[dict[str, Any]] = []
    for position, record in enumerate(records):
        if role == "observations" and isinstance(record, HumanitarianEvent):
            msg = (
                f"item {position} of the observations is a HumanitarianEvent "
                f"({record.kind.value} on {record.date}). Humanitarian events are kept in a "
                "separate ledger and never move the Verified Progress Index.\n"
                "Hint: pass them as humanitarian=... instead."
            )
            raise HumanitarianInScoringError(msg)
        if not isinstance(record, record_type):
            msg = (
                f"item {position} of the {role} is a {type(record).__name__}, "
                f"expected {record_type.__name__}."
            )
            raise InputTypeError(msg)
        rows.append(record.model_dump())
    return pd.DataFrame(rows, columns=list(columns))


def score(
    observations: pd.DataFrame | Iterable[Observation] | EvidenceAsOf,
    *,
    config: ScorecardConfig | Mapping[str, Any] | None = None,
    humanitarian: pd.DataFrame | Iterable[HumanitarianEvent] | None = None,
    as_of: Any = None,
) -> Scorecard:
    """Score evidence into the Verified Progress Index.

    Args:
        observations: the observation table (see ``OBSERVATION_COLUMNS``) or an
            iterable of :class:`Observation`. Validated in full first; any bad row
            raises one error listing all of them. Or an evidence store
            (:class:`EvidenceAsOf`), which supplies both tables.
        config: the settings (defaults: monthly, corroborated threshold, geometric).
        humanitarian: the ledger (table or :class:`HumanitarianEvent` records). It is
            counted per period beside the index and never changes any score.
        as_of: with an evidence store only: score what was known at this time (a date
            means the end of that day; default now).

    Returns:
        The scorecard.

    Raises:
        ValidationError: a row of either table is invalid.
        HumanitarianInScoringError: humanitarian events were passed as observations.

    Examples:
        >>> import progress_indicators as pi
        >>> observations, humanitarian = pi.datasets.load_example()
        >>> card = pi.score(observations, humanitarian=humanitarian)
        >>> bool(card.index.dropna().between(0, 100).all())
        True
    """
    observations, humanitarian, vintage = _resolve_as_of(observations, humanitarian, as_of)  # type: ignore[assignment]
    if config is None:
        config = ScorecardConfig()
    elif not isinstance(config, ScorecardConfig):
        config = ScorecardConfig.from_mapping(dict(config))
    obs_frame = _records_frame(observations, Observation, OBSERVATION_COLUMNS, "observations")
    table = validate_observations(obs_frame, metrics=config.metrics).table
    if humanitarian is None:
        humanitarian = pd.DataFrame(columns=list(HUMANITARIAN_COLUMNS))
    events_frame = _records_frame(
        humanitarian, HumanitarianEvent, HUMANITARIAN_COLUMNS, "humanitarian events"
    )
    events = validate_humanitarian(events_frame).table

    periods = _scored_periods(table, config)
    # Baselines and carried-forward levels read data before the scored span, so the
    # tracks are built over the wider span and trimmed to the scored periods after.
    data_periods = _data_periods(table, periods, config)
    verified_periods = metric_periods(
        select_track(table, config.verification_threshold),
        metrics=config.metrics,
        periods=data_periods,
    )
    claimed_periods = metric_periods(
        select_track(table, None), metrics=config.metrics, periods=data_periods
    )
    verified = _trim(score_track(verified_periods, config), periods)
    claimed = _trim(score_track(claimed_periods, config), periods)
    verified_periods = MetricPeriods(
        metric_values=verified_periods.metric_values.reindex(periods),
        observations=verified_periods.observations.reindex(periods),
        carried=verified_periods.carried.reindex(periods),
    )
    return Scorecard(
        index=verified.index,
        indicators=verified.indicators,
        claimed_index=claimed.index.rename("claimed_progress_index"),
        claimed_indicators=claimed.indicators,
        coverage=_coverage(verified_periods, verified, config),
        humanitarian=ledger_periods(events, config.frequency),
        humanitarian_events=events,
        metric_values=verified_periods.metric_values,
        metric_scores=verified.metric_scores,
        goalposts=verified.goalposts,
        excluded=_excluded(table, periods, config),
        observations=table,
        config=config,
        as_of=vintage,
    )


def _scored_periods(table: pd.DataFrame, config: ScorecardConfig) -> pd.PeriodIndex:
    if table.empty and (config.start is None or config.end is None):
        return pd.PeriodIndex([], freq=config.frequency.pandas_freq, name="period")
    first = config.start or table["date"].min()
    last = config.end or table["end_date"].fillna(table["date"]).max()
    return period_range(first, last, config.frequency)


def _data_periods(
    table: pd.DataFrame, periods: pd.PeriodIndex, config: ScorecardConfig
) -> pd.PeriodIndex:
    """The scored periods extended back to the earliest observation or baseline window."""
    if len(periods) == 0:
        return periods
    starts = [periods.start_time[0]]
    if not table.empty:
        starts.append(table["date"].min())
    for spec in config.metrics:
        for post in (spec.goalposts.worst, spec.goalposts.best):
            if isinstance(post, Baseline):
                starts.append(pd.Timestamp(post.start))
    return period_range(min(starts), periods.end_time[-1], config.frequency)


def _trim(track: TrackScores, periods: pd.PeriodIndex) -> TrackScores:
    return attrs.evolve(
        track,
        metric_scores=track.metric_scores.reindex(periods),
        indicators=track.indicators.reindex(periods),
        index=track.index.reindex(periods),
        metrics_covered=track.metrics_covered.reindex(periods),
    )


def _coverage(periods: MetricPeriods, track: TrackScores, config: ScorecardConfig) -> pd.DataFrame:
    indicator_of = {m.name: m.indicator.value for m in config.metrics}
    groups = [indicator_of[str(name)] for name in periods.observations.columns]
    by_indicator = periods.observations.T.groupby(groups).sum().T
    scored = track.metric_scores.notna()
    carried_only = (periods.carried & scored).T.groupby(groups).sum().T
    columns = [i.value for i in Indicator]
    wide = {
        "observations": by_indicator.reindex(columns=columns, fill_value=0),
        "metrics_covered": track.metrics_covered,
        "metrics_carried": carried_only.reindex(columns=columns, fill_value=0),
        "metrics_total": pd.DataFrame(
            [track.metrics_total.to_numpy()] * len(track.indicators),
            index=track.indicators.index,
            columns=columns,
        ),
        "covered": track.indicators.notna(),
    }
    parts = {name: frame.rename_axis(columns="indicator").stack() for name, frame in wide.items()}
    coverage = pd.DataFrame(parts)
    coverage.index.names = ["period", "indicator"]
    for name in ("observations", "metrics_covered", "metrics_carried", "metrics_total"):
        coverage[name] = coverage[name].astype("int64")
    coverage["covered"] = coverage["covered"].astype(bool)
    return coverage


def _excluded(
    table: pd.DataFrame, periods: pd.PeriodIndex, config: ScorecardConfig
) -> pd.DataFrame:
    configured = table["metric"].isin([m.name for m in config.metrics]).to_numpy(dtype=bool)
    grade = table["verification"]
    never = grade.isin(["disputed", "refuted"]).to_numpy(dtype=bool)
    below = (grade < config.verification_threshold.value).to_numpy(dtype=bool) & ~never
    if len(periods):
        first, last = periods.start_time[0], periods.end_time[-1]
        end = table["end_date"].fillna(table["date"])
        outside = ((end < first) | (table["date"] > last)).to_numpy(dtype=bool)
    else:
        outside = pd.Series(True, index=table.index).to_numpy(dtype=bool)
    reason = pd.Series(pd.NA, index=table.index, dtype="string")
    reason[below] = "below_verification_threshold"
    reason[never] = "disputed_or_refuted"
    reason[outside] = "outside_scored_period"
    reason[~configured] = "metric_not_configured"
    keep = reason.notna().to_numpy(dtype=bool)
    return pd.DataFrame(
        {
            "observation_id": table["observation_id"][keep],
            "indicator": table["indicator"][keep],
            "metric": table["metric"][keep],
            "verification": table["verification"][keep],
            "reason": reason[keep],
        }
    ).reset_index(names="row")
