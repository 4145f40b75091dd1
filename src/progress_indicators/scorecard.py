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

from progress_indicators._arguments import period as checked_period
from progress_indicators.exceptions import (
    HumanitarianInScoringError,
    InputTypeError,
    ScoringError,
)
from progress_indicators.frames import (
    Track,
    artefact_mask,
    compress_observations,
    compress_table,
    excluded,
    is_engine_frame,
    scored_periods,
)
from progress_indicators.ledger import ledger_periods
from progress_indicators.model import (
    HUMANITARIAN_COLUMNS,
    OBSERVATION_COLUMNS,
    HumanitarianEvent,
    Observation,
    ScorecardConfig,
)
from progress_indicators.scoring import (
    INDEX_NAME,
    VpiInputs,
    evaluate_track,
    track_inputs,
    vpi_sensitivity,
    vpi_uncertainty,
)
from progress_indicators.sources import Evidence
from progress_indicators.validation import (
    ObservationTable,
    concat_observation_tables,
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

    from progress_indicators.scoring import MonteCarlo, SensitivityResult, TrackResult

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
    objects; the caller's data is never modified. The two evidence tracks are the same
    type (:class:`~progress_indicators.scoring.TrackResult`): ``card.verified`` (evidence
    at or above ``config.verification_threshold``, from sources at least as reliable as
    ``config.min_reliability``) and ``card.claimed`` (all evidence that is not disputed
    or refuted). The attributes below read the verified track unless named ``claimed_``.

    Attributes:
        verified: the verified track (the Verified Progress Index).
        claimed: the claimed track.
        humanitarian: the ledger per period (events, persons returned to each side,
            events with unknown counts). Never part of the index.
        humanitarian_events: the validated ledger rows.
        excluded: observations that did not feed the verified index, with the reason
            (and, for artefacts, the rule's reason in ``detail``).
        observations: the validated observation table that was scored.
        config: the configuration used.
        uncertainty: Monte Carlo bands of the index per period (``nominal``, ``median``,
            ``lower``, ``upper``, ``defined_share``, ``p_progress``) over weights,
            aggregation, offset, normalisation form and goalposts
            (``config.uncertainty``); None when turned off.
        monte_carlo: the draws behind ``uncertainty`` (for ``p_progress`` of any change);
            None when turned off.
        as_of: the vintage scored when read from an evidence store with ``as_of=``
            (else ``None``).
    """

    verified: TrackResult
    claimed: TrackResult
    humanitarian: pd.DataFrame
    humanitarian_events: pd.DataFrame
    excluded: pd.DataFrame
    observations: pd.DataFrame
    config: ScorecardConfig
    uncertainty: pd.DataFrame | None = None
    monte_carlo: MonteCarlo | None = None
    as_of: pd.Timestamp | None = None

    # -- the verified track's tables under their established names --------------------

    @property
    def index(self) -> pd.Series:
        """The Verified Progress Index per period (``verified_progress_index``), 0-100 or NaN."""
        return self.verified.index

    @property
    def indicators(self) -> pd.DataFrame:
        """Period x the four indicator scores (verified track), 0-100 or NaN."""
        return self.verified.indicators

    @property
    def claimed_index(self) -> pd.Series:
        """The same index from all evidence that is not disputed or refuted."""
        return self.claimed.index

    @property
    def claimed_indicators(self) -> pd.DataFrame:
        """The indicator scores of the claimed track."""
        return self.claimed.indicators

    @property
    def coverage(self) -> pd.DataFrame:
        """Coverage per (period, indicator) of the verified track (see ``TrackResult``)."""
        return self.verified.coverage

    @property
    def metric_coverage(self) -> pd.DataFrame:
        """Coverage per (period, metric) of the verified track (see ``TrackResult``)."""
        return self.verified.metric_coverage

    @property
    def metric_values(self) -> pd.DataFrame:
        """Period x metric values of the verified track (flows per day, levels as states)."""
        return self.verified.metric_values

    @property
    def metric_scores(self) -> pd.DataFrame:
        """Period x metric scores (0-100) of the verified track."""
        return self.verified.metric_scores

    @property
    def goalposts(self) -> pd.DataFrame:
        """The goalposts per metric, with their source and derivation."""
        return self.verified.goalposts

    @property
    def uncapped_index(self) -> pd.Series:
        """The verified index before ``config.caps``."""
        return self.verified.uncapped_index

    @property
    def caps_applied(self) -> pd.DataFrame:
        """One row per (period, rule) where a cap lowered the verified index."""
        return self.verified.caps_applied

    @property
    def cessation(self) -> pd.DataFrame:
        """The cessation clock per day (verified); empty without attack evidence."""
        return self.verified.cessation

    @property
    def milestones(self) -> pd.DataFrame:
        """Period x indicator: the milestone reached (verified; ordered categoricals).

        Cessation ``none < reduction < ceasefire < sustained``; the others
        ``none < begun < substantial < complete``. Missing where the evidence a ladder
        reads is missing. Thresholds: ``config.milestones`` and ``config.sustainment``.
        """
        return self.verified.milestones

    @property
    def indicator_p_progress(self) -> pd.DataFrame | None:
        """Period x indicator: share of Monte Carlo draws in which the indicator rose.

        None when the uncertainty analysis is turned off.
        """
        return None if self.monte_carlo is None else self.monte_carlo.indicator_p_progress()

    def sensitivity(
        self,
        period: str | pd.Period | None = None,
        *,
        n: int = 256,
        rng: int | None = None,
        n_bootstrap: int = 500,
    ) -> SensitivityResult:
        """Sobol sensitivity of the index in one period to the VPI's own choices.

        First-order (Saltelli 2010) and total (Jansen) indices with bootstrap intervals,
        over the indicator and metric weights (uniform, +/- ``config.uncertainty.spread``)
        and, where ``config.uncertainty`` offers more than one value, the aggregation,
        the geometric offset, the normalisation form and the worst-goalpost factor.
        Estimates are noisy at small ``n``: read the intervals.

        Args:
            period: the period (default: the latest with an index).
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
            label = checked_period(
                period,
                freq=self.config.frequency.pandas_freq,
                where="Scorecard.sensitivity",
                name="period",
                error=ScoringError,
            )
            if label not in scored.index:
                msg = f"period {label} has no index value to analyse.\nHint: check card.coverage."
                raise ScoringError(msg)
        seed = self.config.uncertainty.seed if rng is None else rng
        return vpi_sensitivity(
            self.verified.inputs(self.config),
            row=label,
            n=n,
            rng=np.random.default_rng(seed),
            n_bootstrap=n_bootstrap,
        )

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
        from progress_indicators.report._repr import scorecard_repr  # noqa: PLC0415

        return scorecard_repr(self)

    def _repr_html_(self) -> str:
        """The notebook card: latest VPI, indicators with trend, gap, the ledger apart."""
        from progress_indicators.report._html import card_html  # noqa: PLC0415

        return card_html(self)

    def plot(
        self,
        kind: Literal["index", "indicators", "ledger", "milestones", "overview"] = "overview",
        annotations: Mapping[Any, str] | None = None,
        *,
        figsize: tuple[float, float] | None = None,
    ) -> Figure:
        """Draw the scorecard (needs the ``[plot]`` extra); see :func:`report.plot`.

        Args:
            kind: ``"index"``, ``"indicators"``, ``"ledger"``, ``"milestones"`` or
                ``"overview"``.
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
        confidence: float = 0.9,
    ) -> pd.DataFrame:
        """The VPI around each humanitarian event, flagging gestures without progress.

        The verdict reads ``p_progress``, the share of Monte Carlo draws in which the
        index rose across the event (``confidence`` needed for progress). See
        :func:`report.divergence` and ``docs/report.md`` for the method.
        """
        from progress_indicators.report._divergence import divergence  # noqa: PLC0415

        return divergence(
            self, before=before, after=after, tolerance=tolerance, by=by, confidence=confidence
        )

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
        confidence: float = 0.9,
    ) -> dict[str, Any]:
        """Counts of each divergence verdict and the strongest lead-lag correlation."""
        from progress_indicators.report._divergence import (  # noqa: PLC0415
            divergence,
            divergence_summary,
            lead_lag,
        )

        table = divergence(
            self, before=before, after=after, tolerance=tolerance, confidence=confidence
        )
        return divergence_summary(
            table, lead_lag(self, max_lag=max_lag), tolerance=tolerance, confidence=confidence
        )

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


def _evidence_input(
    observations: object, humanitarian: object
) -> tuple[object, object, ObservationTable | None]:
    """``score(evidence)`` and ``score([evidence, ...])``: their tables, trusted if validated.

    Evidence whose rows the library validated (held in Arrow with the proof) is not
    validated again; evidence built by hand from DataFrames is, like any table. The
    ledgers of the evidence are scored beside the index unless ``humanitarian=`` is
    given too, which is ambiguous and refused.
    """
    items: list[Evidence]
    if isinstance(observations, Evidence):
        items = [observations]
    elif (
        isinstance(observations, (list, tuple))
        and observations
        and all(isinstance(e, Evidence) for e in observations)
    ):
        items = list(observations)
    else:
        return observations, humanitarian, None
    ledgers = [e.humanitarian for e in items if len(e.humanitarian)]
    if humanitarian is not None and ledgers:
        msg = (
            "humanitarian= cannot be given with evidence that has its own ledger rows "
            f"({sum(len(t) for t in ledgers)} row(s)).\nHint: score the evidence alone, or "
            "pass evidence.observations and the combined ledger explicitly."
        )
        raise InputTypeError(msg)
    if humanitarian is None and ledgers:
        humanitarian = pd.concat(ledgers, ignore_index=True) if len(ledgers) > 1 else ledgers[0]
    tables = [e.observation_table for e in items]
    if all(t is not None for t in tables):
        trusted = concat_observation_tables([t for t in tables if t is not None])
        return trusted, humanitarian, trusted
    frames = [e.observations for e in items]
    return pd.concat(frames, ignore_index=True), humanitarian, None


def score(
    observations: pd.DataFrame
    | Iterable[Observation]
    | IntoFrame
    | EvidenceAsOf
    | Evidence
    | Sequence[Evidence],
    *,
    config: ScorecardConfig | Mapping[str, Any] | None = None,
    humanitarian: pd.DataFrame | Iterable[HumanitarianEvent] | None = None,
    as_of: Any = None,
) -> Scorecard:
    """Score evidence into the Verified Progress Index.

    Args:
        observations: the observation table (see ``OBSERVATION_COLUMNS``) or an
            iterable of :class:`Observation`. Validated in full first; any bad row
            raises one error listing all of them. Or the :class:`Evidence` a source read
            (or a list of them): its rows were validated by the library and are not
            validated again, and its ledger rows are used as ``humanitarian``. The
            table may also be a polars or pyarrow table, a DuckDB relation, or a Dask
            or PySpark DataFrame: it is then validated and aggregated on its own
            engine and only the per-(metric, grade, reliability, source, span)
            aggregate is collected (see
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
    observations, humanitarian, trusted = _evidence_input(observations, humanitarian)  # type: ignore[assignment]
    if config is None:
        config = ScorecardConfig()
    elif not isinstance(config, ScorecardConfig):
        config = ScorecardConfig.from_mapping(config)  # a non-mapping is a ConfigError (#16)
    events_only = [m.name for m in config.metrics if m.zero_fill]
    if trusted is not None:  # validated by the library, held in Arrow: not again
        table = trusted.with_metrics(config.metrics, where="the evidence").to_pandas()
        compressed = compress_table(table, None, event_metrics=events_only)
    elif not isinstance(observations, pd.DataFrame) and is_engine_frame(observations):
        validate_engine_observations(observations, metrics=config.metrics)
        compressed = compress_observations(observations, event_metrics=events_only)
        table = pd.DataFrame({c: pd.Series(dtype=object) for c in OBSERVATION_COLUMNS})
    else:
        obs_frame = _records_frame(observations, Observation, OBSERVATION_COLUMNS, "observations")
        table = validate_observations(obs_frame, metrics=config.metrics).table
        compressed = compress_table(table, None, event_metrics=events_only)
    if humanitarian is None:
        humanitarian = pd.DataFrame(columns=list(HUMANITARIAN_COLUMNS))
    events_frame = _records_frame(
        humanitarian, HumanitarianEvent, HUMANITARIAN_COLUMNS, "humanitarian events"
    )
    events = validate_humanitarian(events_frame).table

    periods = scored_periods(compressed, config)
    groups = compressed[~artefact_mask(compressed, config.artefacts)]
    verified = evaluate_track(groups, Track.verified(config), periods, config)
    claimed = evaluate_track(groups, Track.claimed(), periods, config)
    scenarios = []
    for variant in config.scenario_configs():
        _, values, goalposts = track_inputs(groups, Track.verified(variant), periods, variant)
        scenarios.append(
            VpiInputs(metric_values=values.metric_values, goalposts=goalposts, config=variant)
        )
    monte_carlo = vpi_uncertainty(verified.inputs(config), scenarios=scenarios)
    card = Scorecard(
        verified=verified,
        claimed=attrs.evolve(claimed, index=claimed.index.rename("claimed_progress_index")),
        uncertainty=None if monte_carlo is None else monte_carlo[0],
        monte_carlo=None if monte_carlo is None else monte_carlo[1],
        humanitarian=ledger_periods(events, config.frequency),
        humanitarian_events=events,
        excluded=excluded(table, periods, config),
        observations=table,
        config=config,
        as_of=vintage,
    )
    from progress_indicators.report._diagnostics import warn_about  # noqa: PLC0415

    warn_about(card)  # analyst: CoverageWarning, ExclusionWarning, SingleMetricWarning
    return card


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports  # noqa: E402

check_exports(globals())
