"""``score()``: the one entry point that wires validation, frames, scoring and the ledger.

This is the only module that sees both the observation path and the humanitarian
ledger. It hands the ledger to the :class:`Scorecard` untouched by scoring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

import attrs
import numpy as np
import pandas as pd
from pydantic import BaseModel

from progress_indicators._diagnostics import warn_about
from progress_indicators.exceptions import (
    HumanitarianInScoringError,
    InputTypeError,
    ScoringError,
)
from progress_indicators.frames import (
    MetricPeriods,
    compress_observations,
    compress_table,
    empty_metric_periods,
    finish_metric_periods,
    is_engine_frame,
    period_range,
    select_compressed_track,
)
from progress_indicators.ledger import ledger_periods
from progress_indicators.model import (
    HUMANITARIAN_COLUMNS,
    OBSERVATION_COLUMNS,
    Baseline,
    Frequency,
    HumanitarianEvent,
    Indicator,
    Observation,
    ScorecardConfig,
)
from progress_indicators.scoring import (
    CLOCK_COLUMNS,
    INDEX_NAME,
    Choice,
    UniformWeights,
    apply_caps,
    cessation_clock,
    normalise_metrics,
    score_track,
    sensitivity,
    vpi_input,
    vpi_pipeline,
    vpi_uncertainty,
)
from progress_indicators.validation import (
    validate_engine_observations,
    validate_humanitarian,
    validate_observations,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence
    from pathlib import Path

    from matplotlib.figure import Figure
    from narwhals.typing import IntoFrame

    from progress_indicators.model import MetricSpec
    from progress_indicators.scoring import Distribution, SensitivityResult, TrackScores

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
        uncertainty: Monte Carlo bands of the index per period (``nominal``, ``median``,
            ``lower``, ``upper``, ``prob_rise``) over weights and aggregation
            (``config.uncertainty``); None when turned off.
        uncapped_index: the verified index before ``config.caps``.
        caps_applied: one row per (period, rule) where a cap lowered the index.
        cessation: the cessation clock per day (verified attacks, days without attack,
            reduction / cessation / sustained flags); empty without daily attack data.
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
    uncertainty: pd.DataFrame | None = None
    uncapped_index: pd.Series | None = None
    caps_applied: pd.DataFrame | None = None
    cessation: pd.DataFrame | None = None

    def sensitivity(
        self,
        period: str | pd.Period | None = None,
        *,
        n: int = 256,
        rng: int | None = None,
        n_bootstrap: int = 500,
    ) -> SensitivityResult:
        """Sobol sensitivity of the index in one period to weights and aggregation.

        First-order (Saltelli 2010) and total (Jansen) indices with bootstrap intervals,
        over the indicator and metric weights (uniform, +/- ``config.uncertainty.spread``)
        and the aggregation choices of ``config.uncertainty``. Estimates are noisy at small
        ``n``: read the intervals.

        Args:
            period: the period (default: the latest with an index), positionally or by
                keyword, as in :meth:`explain`.
            n: base sample size (``n * (d + 2)`` pipeline runs).
            rng: seed (default ``config.uncertainty.seed``).
            n_bootstrap: bootstrap resamples for the intervals.

        Raises:
            ScoringError: the period has no index, or nothing varies.
        """
        scored = self.index.dropna()
        if period is None:
            if scored.empty:
                msg = "no period has an index to analyse.\nHint: check card.coverage."
                raise ScoringError(msg)
            label = scored.index[-1]
        else:
            label = pd.Period(period, freq=pd.PeriodIndex(self.index.index).freqstr)
            if label not in scored.index:
                msg = f"period {label} has no index value to analyse.\nHint: check card.coverage."
                raise ScoringError(msg)
        settings = self.config.uncertainty
        params: dict[str, Distribution] = {"weights": UniformWeights(spread=settings.spread)}
        if len(settings.aggregations) > 1:
            params["aggregation"] = Choice(
                options=tuple({2: "arithmetic", 3: a} for a in settings.aggregations)
            )
        data = vpi_input(self.metric_scores, self.config)
        return sensitivity(
            vpi_pipeline(self.config),
            data,
            n=n,
            params=params,
            rng=settings.seed if rng is None else rng,
            row=label,
            n_bootstrap=n_bootstrap,
        )

    as_of: pd.Timestamp | None = None

    @property
    def claimed_gap(self) -> pd.Series:
        """Claimed index minus verified index per period (NaN where either is missing)."""
        return (self.claimed_index - self.index).rename("claimed_minus_verified")

    @property
    def claimed_indicator_gap(self) -> pd.DataFrame:
        """Claimed minus verified score per period and indicator (NaN where either is missing).

        A positive gap is progress that rests on claims below the verification threshold.
        """
        return self.claimed_indicators - self.indicators

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

    # -- analyst outputs: thin wrappers over progress_indicators.report, imported lazily
    # (report sits above this module in the layering; the import stays one-way).

    def __repr__(self) -> str:
        from progress_indicators._repr import scorecard_repr  # noqa: PLC0415

        return scorecard_repr(self)

    def _repr_html_(self) -> str:
        """The notebook card: latest VPI, indicators with trend, gap, the ledger apart."""
        from progress_indicators.report._html import card_html  # noqa: PLC0415

        return card_html(self)

    def plot(
        self,
        kind: Literal["index", "indicators", "ledger", "overview"] = "overview",
        annotations: Mapping[Any, str] | None = None,
        *,
        figsize: tuple[float, float] | None = None,
    ) -> Figure:
        """Draw the scorecard (needs the ``[plot]`` extra); see :func:`report.plot`.

        Args:
            kind: ``"index"``, ``"indicators"``, ``"ledger"`` or ``"overview"``.
            annotations: key dates to mark, ``{date: label}``.
            figsize: figure size in inches.
        """
        from progress_indicators.report._plot import plot  # noqa: PLC0415

        return plot(self, kind, annotations, figsize=figsize)

    def explain(self, period: object, indicator: object = None) -> pd.DataFrame:
        """The evidence behind one period's scores; see :func:`report.explain`."""
        from progress_indicators.report._explain import explain  # noqa: PLC0415

        return explain(self, period, indicator)

    def divergence(
        self,
        before: str | int | pd.Timedelta = "30D",
        after: str | int | pd.Timedelta = "30D",
        *,
        tolerance: float = 1.0,
        by: Literal["event", "period"] = "event",
    ) -> pd.DataFrame:
        """The VPI around each humanitarian event, flagging gestures without progress.

        See :func:`report.divergence` and ``docs/report.md`` for the method.
        """
        from progress_indicators.report._divergence import divergence  # noqa: PLC0415

        return divergence(self, before=before, after=after, tolerance=tolerance, by=by)

    def lead_lag(
        self, max_lag: int = 3, *, activity: Literal["events", "persons"] = "events"
    ) -> pd.DataFrame:
        """Cross-correlation of humanitarian activity with VPI change at lags -k..k."""
        from progress_indicators.report._divergence import lead_lag  # noqa: PLC0415

        return lead_lag(self, max_lag=max_lag, activity=activity)

    def divergence_summary(
        self,
        before: str | int | pd.Timedelta = "30D",
        after: str | int | pd.Timedelta = "30D",
        *,
        tolerance: float = 1.0,
        max_lag: int = 3,
    ) -> dict[str, Any]:
        """Counts of each divergence verdict and the strongest lead-lag correlation."""
        from progress_indicators.report._divergence import (  # noqa: PLC0415
            divergence,
            divergence_summary,
            lead_lag,
        )

        table = divergence(self, before=before, after=after, tolerance=tolerance)
        return divergence_summary(table, lead_lag(self, max_lag=max_lag), tolerance=tolerance)

    def manifest(
        self, timestamp: dt.datetime | str | None = None, *, seed: int | None = None
    ) -> dict[str, Any]:
        """The provenance manifest (version, config and hash, input hashes, sources ...)."""
        from progress_indicators.report._manifest import manifest  # noqa: PLC0415

        return manifest(self, timestamp=timestamp, seed=seed)

    def to_html(
        self,
        path: str | Path,
        *,
        title: str | None = None,
        timestamp: dt.datetime | str | None = None,
        annotations: Mapping[Any, str] | None = None,
    ) -> Path:
        """Write one self-contained offline HTML report; see :func:`report.write_html`."""
        from progress_indicators.report._html import write_html  # noqa: PLC0415

        return write_html(self, path, title=title, timestamp=timestamp, annotations=annotations)

    def to_csv(self, path: str | Path, *, timestamp: dt.datetime | str | None = None) -> list[Path]:
        """Write the tables as CSV (formulas neutralised) and ``manifest.json`` into a folder."""
        from progress_indicators.report._export import to_csv  # noqa: PLC0415

        return to_csv(self, path, timestamp=timestamp)

    def to_parquet(
        self, path: str | Path, *, timestamp: dt.datetime | str | None = None
    ) -> list[Path]:
        """Write the tables as Parquet and ``manifest.json`` into a folder."""
        from progress_indicators.report._export import to_parquet  # noqa: PLC0415

        return to_parquet(self, path, timestamp=timestamp)

    def to_excel(
        self, path: str | Path, *, timestamp: dt.datetime | str | None = None
    ) -> list[Path]:
        """Write ``scorecard.xlsx`` and ``manifest.json`` into a folder (``[excel]`` extra)."""
        from progress_indicators.report._export import to_excel  # noqa: PLC0415

        return to_excel(self, path, timestamp=timestamp)

    def to_json(
        self, path: str | Path, *, timestamp: dt.datetime | str | None = None
    ) -> list[Path]:
        """Write ``scorecard.json`` (every table as records) and ``manifest.json``."""
        from progress_indicators.report._export import to_json  # noqa: PLC0415

        return to_json(self, path, timestamp=timestamp)

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
    observations: pd.DataFrame | Iterable[Observation] | IntoFrame | EvidenceAsOf,
    *,
    config: ScorecardConfig | Mapping[str, Any] | None = None,
    humanitarian: pd.DataFrame | Iterable[HumanitarianEvent] | None = None,
    as_of: Any = None,
) -> Scorecard:
    """Score evidence into the Verified Progress Index.

    Args:
        observations: the observation table (see ``OBSERVATION_COLUMNS``) or an
            iterable of :class:`Observation`. Validated in full first; any bad row
            raises one error listing all of them. The table may also be a polars or
            pyarrow table, a DuckDB relation, or a Dask or PySpark DataFrame: it is then
            validated and aggregated on its own engine and only the per-(metric, grade,
            reliability, source, span) aggregate is collected (see
            ``docs/scaling-out.md``); the per-row ``observations`` and ``excluded`` of the
            scorecard are then left empty. Or an evidence store
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
    resolved = _resolve_as_of(observations, humanitarian, as_of)
    observations, humanitarian, vintage = resolved  # type: ignore[assignment]
    if config is None:
        config = ScorecardConfig()
    elif not isinstance(config, ScorecardConfig):
        config = ScorecardConfig.from_mapping(dict(config))
    if not isinstance(observations, pd.DataFrame) and is_engine_frame(observations):
        validate_engine_observations(observations, metrics=config.metrics)
        compressed = compress_observations(observations)
        table = pd.DataFrame({c: pd.Series(dtype=object) for c in OBSERVATION_COLUMNS})
        excluded: pd.DataFrame | None = _excluded(table, pd.PeriodIndex([], freq="D"), config)
    else:
        obs_frame = _records_frame(observations, Observation, OBSERVATION_COLUMNS, "observations")
        table = validate_observations(obs_frame, metrics=config.metrics).table
        compressed = compress_table(table, None)
        excluded = None
    if humanitarian is None:
        humanitarian = pd.DataFrame(columns=list(HUMANITARIAN_COLUMNS))
    events_frame = _records_frame(
        humanitarian, HumanitarianEvent, HUMANITARIAN_COLUMNS, "humanitarian events"
    )
    events = validate_humanitarian(events_frame).table

    periods = _scored_periods(compressed, config)
    if excluded is None:
        excluded = _excluded(table, periods, config)
    # Baselines and carried-forward levels read data before the scored span, so the
    # tracks are built over the wider span and trimmed to the scored periods after.
    data_periods = _data_periods(compressed, periods, config)
    verified_rows = _verified_rows(compressed, config)
    verified_periods = _track_periods(verified_rows, config.metrics, data_periods)
    claimed_periods = _track_periods(
        select_compressed_track(compressed, None), config.metrics, data_periods
    )
    verified = _trim(score_track(verified_periods, config), periods)
    claimed = _trim(score_track(claimed_periods, config), periods)
    verified_periods = MetricPeriods(
        metric_values=verified_periods.metric_values.reindex(periods),
        observations=verified_periods.observations.reindex(periods),
        carried=verified_periods.carried.reindex(periods),
    )
    index, caps_applied = apply_caps(verified.index, verified.indicators, config.caps)
    claimed_index, _ = apply_caps(claimed.index, claimed.indicators, config.caps)
    card = Scorecard(
        index=index,
        uncapped_index=verified.index,
        caps_applied=caps_applied,
        uncertainty=vpi_uncertainty(
            verified.metric_scores,
            config,
            scenarios=[
                (_verified_scores(compressed, variant, data_periods), variant)
                for variant in config.scenario_configs()
            ],
        ),
        cessation=_cessation(verified_rows, config),
        indicators=verified.indicators,
        claimed_index=claimed_index.rename("claimed_progress_index"),
        claimed_indicators=claimed.indicators,
        coverage=_coverage(verified_periods, verified, config),
        humanitarian=ledger_periods(events, config.frequency),
        humanitarian_events=events,
        metric_values=verified_periods.metric_values,
        metric_scores=verified.metric_scores,
        goalposts=verified.goalposts,
        excluded=excluded,
        observations=table,
        config=config,
        as_of=vintage,
    )
    warn_about(card)  # analyst: CoverageWarning, ExclusionWarning, SingleMetricWarning
    return card


def _scored_periods(table: pd.DataFrame, config: ScorecardConfig) -> pd.PeriodIndex:
    if table.empty and (config.start is None or config.end is None):
        return pd.PeriodIndex([], freq=config.frequency.pandas_freq, name="period")
    first = config.start or table["date"].min()
    last = config.end or table["end_date"].fillna(table["date"]).max()
    return period_range(first, last, config.frequency)


def _verified_rows(compressed: pd.DataFrame, config: ScorecardConfig) -> pd.DataFrame:
    """Compressed groups at or above the verification threshold, from reliable sources."""
    rows = select_compressed_track(compressed, config.verification_threshold)
    allowed = [r for r in "ABCDEF" if r <= config.min_reliability.value]
    return rows[rows["reliability"].isin(allowed).to_numpy(dtype=bool)]


def _track_periods(
    rows: pd.DataFrame, metrics: Sequence[MetricSpec], periods: pd.PeriodIndex
) -> MetricPeriods:
    """One track's per-period values from its compressed groups, events zero-filled."""
    if len(periods) == 0:
        return empty_metric_periods(metrics, periods)
    finished = finish_metric_periods(_over_sources(rows), metrics=metrics, periods=periods)
    return _zero_fill(finished, rows, metrics)


def _over_sources(rows: pd.DataFrame) -> pd.DataFrame:
    """The compressed groups of one track summed over grade, reliability and source.

    Per-period values depend only on metric and span (a mean is ``value_sum / n``,
    ``last`` the mean at the latest end date), so groups that differ only in source
    merge before being spread over periods: the work then grows with the number of
    (metric, span) pairs, not with the number of sources.
    """
    if rows.empty:
        return rows
    merged = rows.groupby(["metric", "date", "end_date"], sort=True).agg(
        value_sum=("value_sum", "sum"),
        value_min=("value_min", "min"),
        value_max=("value_max", "max"),
        n=("n", "sum"),
    )
    return merged.reset_index()


def _verified_scores(
    table: pd.DataFrame, config: ScorecardConfig, periods: pd.PeriodIndex
) -> pd.DataFrame:
    """Verified metric scores under ``config`` (a scenario of the uncertainty analysis)."""
    values = _track_periods(_verified_rows(table, config), config.metrics, periods)
    scores, _ = normalise_metrics(values.metric_values, config)
    return scores


def _zero_fill(
    periods: MetricPeriods, rows: pd.DataFrame, metrics: Sequence[MetricSpec]
) -> MetricPeriods:
    """Count 0 for event metrics in periods a source reported on but saw no event.

    A source's span for a metric runs from the period of its first observation to the
    period of its last; outside every source's span the value stays missing.
    """
    names = [m.name for m in metrics if m.zero_fill]
    values = periods.metric_values
    if not names or values.empty:
        return periods
    events = rows[rows["metric"].isin(names).to_numpy(dtype=bool)]
    if events.empty:
        return periods
    index = pd.PeriodIndex(values.index)
    ordinals = index.asi8
    # each (metric, source) span: its first date and last end date (one group-by over
    # datetimes), then as positions [first, last] in the (consecutive) periods; the
    # union of the spans of one metric, as +1/-1 steps summed over the periods
    spans = (
        pd.DataFrame(
            {
                "metric": events["metric"].to_numpy(),
                "source": events["source"].to_numpy(),
                "first": events["date"].to_numpy(dtype="datetime64[ns]"),
                "last": events["end_date"].fillna(events["date"]).to_numpy(dtype="datetime64[ns]"),
            }
        )
        .groupby(["metric", "source"], sort=False)
        .agg(first=("first", "min"), last=("last", "max"))
    )
    spans["first"] = pd.DatetimeIndex(spans["first"]).to_period(index.freqstr).asi8
    spans["last"] = pd.DatetimeIndex(spans["last"]).to_period(index.freqstr).asi8
    column = values.columns.get_indexer(spans.index.get_level_values("metric"))
    known = column >= 0
    start = np.searchsorted(ordinals, spans["first"].to_numpy()[known], side="left")
    stop = np.searchsorted(ordinals, spans["last"].to_numpy()[known], side="right")
    steps = np.zeros((len(ordinals) + 1, len(values.columns)), dtype=np.int64)
    np.add.at(steps, (start, column[known]), 1)
    np.add.at(steps, (stop, column[known]), -1)
    inside = np.cumsum(steps, axis=0)[:-1] > 0
    current = values.to_numpy(dtype="float64")
    filled = pd.DataFrame(
        np.where(inside & np.isnan(current), 0.0, current),
        index=values.index,
        columns=values.columns,
    )
    return MetricPeriods(
        metric_values=filled, observations=periods.observations, carried=periods.carried
    )


def _cessation(rows: pd.DataFrame, config: ScorecardConfig) -> pd.DataFrame:
    """The cessation clock from the verified daily attack counts."""
    settings = config.sustainment
    specs = [m for m in config.metrics if m.name in settings.metrics]
    attacks = rows[rows["metric"].isin([m.name for m in specs]).to_numpy(dtype=bool)]
    if attacks.empty:
        return pd.DataFrame(columns=list(CLOCK_COLUMNS))
    first = attacks["date"].min()
    last = attacks["end_date"].fillna(attacks["date"]).max()
    days = period_range(first, last, Frequency.DAILY)
    daily = _track_periods(attacks, specs, days)
    values = daily.metric_values
    total = values.sum(axis=1, min_count=1)
    baselines = [m.goalposts.worst for m in specs if isinstance(m.goalposts.worst, Baseline)]
    baseline_mean = float("nan")
    if baselines:
        window = baselines[0]
        inside = (days.start_time >= pd.Timestamp(window.start)) & (
            days.start_time <= pd.Timestamp(window.end)
        )
        baseline_mean = float(total[inside].mean()) if inside.any() else float("nan")
    clock: pd.DataFrame = cessation_clock(total, baseline_mean=baseline_mean, settings=settings)
    return clock


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


_EXCLUSION_REASONS = (
    "below_min_reliability",
    "below_verification_threshold",
    "disputed_or_refuted",
    "outside_scored_period",
    "metric_not_configured",
)


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
    unreliable = (table["reliability"] > config.min_reliability.value).to_numpy(dtype=bool)
    # the last rule that applies wins (most basic reason last); codes, not strings, per row
    code = np.full(len(table), -1, dtype=np.int8)
    for position, mask in enumerate((unreliable, below, never, outside, ~configured)):
        code[mask] = position
    keep = code >= 0
    reasons = np.array(_EXCLUSION_REASONS, dtype=object)
    return pd.DataFrame(
        {
            "observation_id": table["observation_id"][keep],
            "indicator": table["indicator"][keep],
            "metric": table["metric"][keep],
            "verification": table["verification"][keep],
            "reason": pd.Series(reasons[code[keep]], index=table.index[keep], dtype="string"),
        }
    ).reset_index(names="row")
