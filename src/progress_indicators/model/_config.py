"""The scorecard configuration: every methodological choice in one validated object."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Self

import pydantic
import yaml
from pydantic import ConfigDict, Field, field_validator, model_validator

from progress_indicators.exceptions import ConfigError, DataFileError, InputTypeError
from progress_indicators.model._base import ConfigModel, describe_errors
from progress_indicators.model._bounded import read_bounded, refuse_special_file, shown
from progress_indicators.model._defaults import DEFAULT_METRICS
from progress_indicators.model._grades import Reliability, Verification
from progress_indicators.model._indicator import Indicator
from progress_indicators.model._metric import MetricSpec
from progress_indicators.model._rules import DEFAULT_ARTEFACTS, ArtefactRule, MilestoneSettings
from progress_indicators.model._safe_load import (
    CoreSchemaLoader,
    LimitError,
    compose_yaml,
    load_json,
)

__all__ = [
    "CONFIG_MAX_BYTES",
    "CONFIG_MAX_DEPTH",
    "CONFIG_MAX_NODES",
    "CapRule",
    "Frequency",
    "ScorecardConfig",
    "SustainmentSettings",
    "UncertaintySettings",
]

CONFIG_MAX_BYTES = 1_000_000
"""Largest config file or text accepted by default (a real config is a few kB)."""
CONFIG_MAX_DEPTH = 32
"""Deepest nesting accepted in a config by default (a real config nests 4 levels)."""
CONFIG_MAX_NODES = 100_000
"""Most YAML nodes, aliases expanded, accepted in a config by default."""
MAX_DRAWS = 1_000_000
"""Most Monte Carlo draws a config may ask for (each draw re-scores every period)."""
MAX_OFFSET = 100.0
"""Largest ``geometric_offset``: one whole score scale. A larger shift makes the
geometric mean an arithmetic one, and past about 1e15 the subtraction after the mean
loses every digit of the scores (an offset of 1e20 gave an index of 100)."""
WEIGHT_RANGE = (1e-12, 1e12)
"""Smallest and largest non-zero indicator weight. Weights are relative (re-normalised),
so the range loses nothing, and it keeps sums finite (four weights of 1e308 overflowed
to NaN) and products out of the subnormal range (weights of 5e-324 changed the index)."""
MAX_CONCENTRATION = 1e6
"""Largest Dirichlet concentration (1e6 already means weights fixed to 0.1 %)."""
MAX_CLOCK_DAYS = 36_500
"""Longest cessation or sustainment window of the clock, in days (a century)."""


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _ConfigLoader(CoreSchemaLoader):
    """The safe, core-schema loader (no Python objects), used with depth and node limits.

    Core schema (see :mod:`progress_indicators.model._safe_load`): ``seed: 012`` is
    the text ``"012"`` that the setting then refuses or reads explicitly, never octal
    10; an unquoted ``start: 2025-01-01`` is text that pydantic reads as a date.
    """


class Frequency(enum.StrEnum):
    """Length of a scoring period."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"

    @property
    def pandas_freq(self) -> str:
        """The pandas period alias (weeks run Monday to Sunday, as ISO weeks do)."""
        return {"daily": "D", "weekly": "W-SUN", "monthly": "M"}[self.value]


class UncertaintySettings(ConfigModel):
    """Monte Carlo over the VPI's own choices, run with every scorecard.

    Attributes:
        draws: number of draws (0 turns the bands off).
        seed: seed of the random generator (same seed, same bands).
        weights: how indicator and metric weights vary: ``dirichlet`` (concentration
            ``concentration`` around the nominal weights), ``uniform`` (each weight times
            a factor in ``1 +/- spread``) or ``fixed``.
        aggregations: the index aggregations drawn with equal probability.
        quantiles: lower and upper quantile of the band.
        offsets: geometric offsets drawn with equal probability for the index (the
            offset decides how far a zero indicator pulls the geometric mean down).
        normalisations: ``configured`` (each metric's own goalpost scale) and/or
            ``linear`` (log-scale metrics scored on linear goalposts instead), drawn with
            equal probability.
        goalpost_factors: factors applied to the worst goalpost of every flow metric,
            drawn with equal probability (1.0 is the published goalpost; 0.8 and 1.25
            stand for a baseline window that gave a lower or higher reference).
        scenarios: alternative settings drawn with the nominal ones, each a mapping of
            config fields to values (e.g. ``{"verification_threshold": "verified"}`` or
            other ``metrics`` goalposts and baseline windows). Each scenario is scored
            once; draws pick the nominal config or a scenario with equal probability.
            ``frequency``, ``start``, ``end`` and ``uncertainty`` cannot vary.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    draws: int = Field(default=1000, ge=0, le=MAX_DRAWS)
    seed: int = Field(default=20_220_224, ge=0)
    weights: Literal["dirichlet", "uniform", "fixed"] = "dirichlet"
    concentration: float = Field(default=20.0, gt=0, le=MAX_CONCENTRATION, allow_inf_nan=False)
    spread: float = Field(default=0.25, gt=0, lt=1)
    aggregations: tuple[Literal["geometric", "arithmetic"], ...] = ("geometric", "arithmetic")
    quantiles: tuple[float, float] = (0.05, 0.95)
    offsets: tuple[float, ...] = (0.1, 1.0, 5.0)
    normalisations: tuple[Literal["configured", "linear"], ...] = ("configured", "linear")
    goalpost_factors: tuple[float, ...] = (0.8, 1.0, 1.25)
    scenarios: tuple[dict[str, Any], ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Self:
        low, high = self.quantiles
        if not 0 <= low < 0.5 < high <= 1:
            msg = f"quantiles must satisfy 0 <= lower < 0.5 < upper <= 1 (got {self.quantiles})"
            raise ValueError(msg)
        if not self.aggregations:
            msg = "aggregations needs at least one method"
            raise ValueError(msg)
        for name in ("offsets", "normalisations", "goalpost_factors"):
            if not getattr(self, name):
                msg = f"{name} needs at least one value"
                raise ValueError(msg)
        if not all(math.isfinite(v) and 0 < v <= 100 for v in self.offsets):
            msg = f"offsets must be finite numbers in (0, 100] (got {self.offsets})"
            raise ValueError(msg)
        if not all(math.isfinite(v) and 0 < v <= 100 for v in self.goalpost_factors):
            msg = (
                f"goalpost_factors must be finite numbers in (0, 100] (got {self.goalpost_factors})"
            )
            raise ValueError(msg)
        fixed = {"frequency", "start", "end", "uncertainty"}
        for number, scenario in enumerate(self.scenarios):
            bad = sorted(set(scenario) & fixed)
            if bad:
                msg = f"scenario {number} cannot change {bad}: they define the periods"
                raise ValueError(msg)
        return self


class CapRule(ConfigModel):
    """A cap on the index: ``index <= cap`` while ``indicator < below``.

    Example: ``{indicator: verified_withdrawal, below: 20, cap: 40}`` keeps the index at
    or under 40 while verified withdrawal scores under 20 (a veto is ``cap: 0``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    indicator: Indicator
    below: float = Field(ge=0, le=100, allow_inf_nan=False)
    cap: float = Field(ge=0, le=100, allow_inf_nan=False)
    name: str = ""


class SustainmentSettings(ConfigModel):
    """Thresholds of the cessation clock (DOMAIN.md, "Cessation of attacks").

    Attributes:
        metrics: count metrics whose verified daily values say whether attacks happened:
            a covered day on which any of them is above 0 is a day with an attack.
        reduction_share: a day counts as "reduction" when the trailing 28-day mean of
            every covered attack metric is at least this far below its worst goalpost
            (0.9 = 90% below).
        cessation_days: consecutive days without a verified attack for "cessation".
        sustained_days: consecutive days without a verified attack for "sustained".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    metrics: tuple[str, ...] = (
        "attack_events",
        "ceasefire_violations_per_day",
        "civilians_killed",
        "missiles_launched",
        "long_range_drones_launched",
    )
    reduction_share: float = Field(default=0.9, gt=0, le=1)
    cessation_days: int = Field(default=28, ge=1, le=MAX_CLOCK_DAYS)
    sustained_days: int = Field(default=90, ge=1, le=MAX_CLOCK_DAYS)


def _equal_weights() -> dict[Indicator, float]:
    return dict.fromkeys(Indicator, 1.0)


def _default_covered_weight() -> dict[Indicator, float]:
    shares = dict.fromkeys(Indicator, 0.5)
    shares[Indicator.CESSATION_OF_ATTACKS] = 0.2
    return shares


class ScorecardConfig(ConfigModel):
    """Settings of a Verified Progress Index run.

    Load one with :meth:`from_yaml` (safe YAML) or :meth:`from_json`; export the schema
    with :meth:`json_schema`. The object is frozen: derive variants with
    ``config.model_copy(update={...})``.

    Attributes:
        frequency: period length of the index.
        start, end: optional first and last date scored (inclusive).
        verification_threshold: lowest grade that feeds the verified index (default
            ``corroborated``). Everything that is not disputed or refuted feeds the
            parallel claimed track.
        min_reliability: the least reliable Admiralty source grade that feeds the verified
            index (default ``F``: every grade; ``C`` keeps A-C, as DOMAIN.md's rule for
            "verified" asks). The claimed track reads every grade.
        metrics: the metrics scored, with their aggregation and goalposts.
        indicator_weights: weights of the four indicators in the index (trade-offs,
            not importance; re-normalised to sum to 1).
        aggregation: ``geometric`` (default; non-compensatory) or ``arithmetic``.
        geometric_offset: points added to every indicator score before the geometric
            mean and subtracted after, so a score of 0 gives a defined, low index
            instead of an error (DOMAIN.md: zeros handled explicitly).
        min_metrics_per_indicator: how many metrics need coverage in a period for the
            indicator to have a score there.
        min_share_covered: share of a period's days a metric must cover to have a value
            in that period (below it the metric-period is missing, never extrapolated).
        min_covered_weight: share of an indicator's metric weight that needs a value in
            a period for the indicator to have a score there (one share for all, or one
            per indicator). It bounds the influence of one metric: a metric of weight
            ``w`` among weights summing to ``W`` moves its indicator by at most
            ``100 * w / (min_covered_weight * W)`` points. Defaults: 0.2 for cessation
            (its five metrics are alternative measures of attacks, each enough on its
            own), 0.5 for the others (half of the provisions or narratives, one of the
            two map measures).
        artefacts: evidence known to record how a source was built (excluded, listed in
            ``Scorecard.excluded`` with reason ``artefact``).
        milestones: the milestone ladders of ``Scorecard.milestones``.
        index_data_threshold: share of indicator weight that needs a score for the
            index to have one (1.0: all four; missing is never progress).
        caps: rules capping the index while an indicator is below a level.
        uncertainty: the Monte Carlo behind ``Scorecard.uncertainty``.
        sustainment: thresholds of the cessation clock (``Scorecard.cessation``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    frequency: Frequency = Frequency.MONTHLY
    start: dt.date | None = None
    end: dt.date | None = None
    verification_threshold: Verification = Verification.CORROBORATED
    min_reliability: Reliability = Reliability.F
    metrics: tuple[MetricSpec, ...] = DEFAULT_METRICS
    indicator_weights: dict[Indicator, float] = Field(default_factory=_equal_weights)
    aggregation: Literal["geometric", "arithmetic"] = "geometric"
    geometric_offset: float = Field(default=1.0, gt=0, le=MAX_OFFSET, allow_inf_nan=False)
    min_metrics_per_indicator: int = Field(default=1, ge=1)
    min_share_covered: float = Field(default=0.5, gt=0, le=1)
    min_covered_weight: float | dict[Indicator, float] = Field(
        default_factory=_default_covered_weight
    )
    artefacts: tuple[ArtefactRule, ...] = DEFAULT_ARTEFACTS
    milestones: MilestoneSettings = MilestoneSettings()
    index_data_threshold: float = Field(default=1.0, gt=0, le=1)
    caps: tuple[CapRule, ...] = ()
    uncertainty: UncertaintySettings = UncertaintySettings()
    sustainment: SustainmentSettings = SustainmentSettings()

    @field_validator("verification_threshold")
    @classmethod
    def _threshold_counts(cls, value: Verification) -> Verification:
        if not value.counts:
            msg = f"the verification threshold cannot be {value.value!r}, which never counts"
            raise ValueError(msg)
        return value

    @field_validator("start", "end", mode="before")
    @classmethod
    def _whole_date(cls, value: object) -> object:
        # pydantic reads numbers as Unix times (20250101 would be a date in 1970) and
        # "2025" as a timestamp: a scoring bound is written as a date, nothing else.
        if isinstance(value, (bool, int, float)) or (
            isinstance(value, str) and value.strip() and not _ISO_DATE.match(value.strip())
        ):
            msg = (
                f"must be a date written YYYY-MM-DD (got {value!r}); numbers, bare years "
                "and times are not read as dates"
            )
            raise ValueError(msg)
        return value

    @field_validator("indicator_weights")
    @classmethod
    def _weights(cls, value: dict[Indicator, float]) -> dict[Indicator, float]:
        low, high = WEIGHT_RANGE
        for indicator, weight in value.items():
            if not math.isfinite(weight) or weight < 0:
                msg = f"weight of {indicator.value!r} must be a finite number >= 0 (got {weight})"
                raise ValueError(msg)
            if weight != 0 and not low <= weight <= high:
                msg = (
                    f"weight of {indicator.value!r} must be 0 or between {low:g} and "
                    f"{high:g} (got {weight!r}); weights are relative, so scale them "
                    "(e.g. to sum to 1)"
                )
                raise ValueError(msg)
        missing = [i.value for i in Indicator if i not in value]
        if missing:
            msg = f"weights missing for {missing}; give all four indicators a weight"
            raise ValueError(msg)
        if sum(value.values()) <= 0:
            msg = "indicator weights sum to 0; at least one must be positive"
            raise ValueError(msg)
        return value

    @field_validator("min_covered_weight")
    @classmethod
    def _covered_weight(
        cls, value: float | dict[Indicator, float]
    ) -> float | dict[Indicator, float]:
        shares = value.values() if isinstance(value, dict) else [value]
        for share in shares:
            if not (math.isfinite(share) and 0 < share <= 1):
                msg = f"min_covered_weight must be a share in (0, 1] (got {share!r})"
                raise ValueError(msg)
        if isinstance(value, dict):
            missing = [i.value for i in Indicator if i not in value]
            if missing:
                msg = f"min_covered_weight missing for {missing}; give all four indicators one"
                raise ValueError(msg)
        return value

    def covered_weight_needed(self, indicator: Indicator) -> float:
        """The share of ``indicator``'s metric weight a period needs for a score."""
        value = self.min_covered_weight
        return value[indicator] if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _check(self) -> Self:
        names = [m.name for m in self.metrics]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            msg = f"metrics defined more than once: {duplicated}"
            raise ValueError(msg)
        if self.start and self.end and self.end < self.start:
            msg = f"end {self.end} is before start {self.start}"
            raise ValueError(msg)
        return self

    def scenario_configs(self) -> tuple[ScorecardConfig, ...]:
        """The variant configs of ``uncertainty.scenarios`` (validated, bands off)."""
        base = self.model_dump()
        variants = []
        for number, scenario in enumerate(self.uncertainty.scenarios):
            data = {**base, **scenario, "uncertainty": {"draws": 0}}
            variants.append(
                ScorecardConfig.from_mapping(data, where=f"uncertainty.scenarios[{number}]")
            )
        return tuple(variants)

    def metric(self, name: str) -> MetricSpec:
        """The spec of the metric called ``name`` (``KeyError`` if it is not configured)."""
        for spec in self.metrics:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @classmethod
    def from_mapping(cls, data: Any, *, where: str = "config") -> ScorecardConfig:
        """Validate a mapping (parsed YAML or JSON) into a config, raising ``ConfigError``."""
        if data is None:
            data = {}
        if isinstance(data, Mapping) and not isinstance(data, dict):
            data = dict(data)
        if not isinstance(data, dict):
            msg = (
                f"{where}: expected a mapping of settings at the top level "
                f"(got {type(data).__name__}).\nHint: write settings as 'name: value' "
                "lines, e.g. 'frequency: weekly'."
            )
            raise ConfigError(msg)
        try:
            return cls.model_validate(data)
        except pydantic.ValidationError as exc:
            raise ConfigError(describe_errors(exc, cls.model_fields, where=where)) from None

    @classmethod
    def from_yaml(
        cls,
        source: str | Path,
        *,
        max_bytes: int = CONFIG_MAX_BYTES,
        max_depth: int = CONFIG_MAX_DEPTH,
        max_nodes: int = CONFIG_MAX_NODES,
    ) -> ScorecardConfig:
        """Load a config from a YAML file path or a YAML string (PyYAML's safe loader).

        Args:
            source: a path (``Path``, or a one-line string ending in ``.yaml``/``.yml``)
                or the YAML text itself.
            max_bytes: refuse larger files or texts.
            max_depth: refuse deeper nesting.
            max_nodes: refuse documents with more nodes once aliases are expanded
                (anchor/alias "billion laughs" bombs).

        Raises:
            ConfigError: unreadable, over a limit, not YAML, a Python-object tag, or an
                invalid setting.
        """
        _limits(max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes)
        text, where = read_config_text(source, ".yaml", max_bytes=max_bytes)
        return cls.from_mapping(
            parse_yaml(text, where=where, max_depth=max_depth, max_nodes=max_nodes), where=where
        )

    @classmethod
    def from_json(
        cls,
        source: str | Path,
        *,
        max_bytes: int = CONFIG_MAX_BYTES,
        max_depth: int = CONFIG_MAX_DEPTH,
    ) -> ScorecardConfig:
        """Load a config from a JSON file path or a JSON string.

        Raises:
            ConfigError: unreadable, over a limit, not JSON, or an invalid setting.
        """
        _limits(max_bytes=max_bytes, max_depth=max_depth)
        text, where = read_config_text(source, ".json", max_bytes=max_bytes)
        try:
            data = load_json(text, max_depth=max_depth)
        except LimitError as exc:
            hint = exc.hint or "check brackets and commas."
            msg = f"{where}: not a valid JSON config: {exc}.\nHint: {hint}"
            raise ConfigError(msg) from None
        return cls.from_mapping(data, where=where)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of the configuration (for editors and validators)."""
        return cls.model_json_schema()

    def to_json(self) -> str:
        """The config as canonical JSON (sorted keys), the input of the config hash."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))


def parse_yaml(text: str, *, where: str, max_depth: int, max_nodes: int) -> Any:
    """Parse a YAML config text (bounded, core schema, unique keys) into plain data.

    Shared by :meth:`ScorecardConfig.from_yaml` and the command line's run configs.

    Raises:
        ConfigError: not YAML, over a limit, a key given twice, or a Python-object tag.
    """
    try:
        root = compose_yaml(text, loader=_ConfigLoader, max_depth=max_depth, max_nodes=max_nodes)
        return None if root is None else _ConfigLoader("").construct_document(root)
    except (LimitError, yaml.YAMLError, ValueError) as exc:
        detail = str(exc).replace("\n", " ")
        hint = getattr(exc, "hint", None) or (
            "check indentation and quoting; configs hold plain settings, "
            "no Python tags, and nest a few levels at most."
        )
        msg = f"{where}: not valid YAML for a config: {detail}\nHint: {hint}"
        raise ConfigError(msg) from None


def _limits(**limits: object) -> None:
    """Check the loaders' limit arguments: each an ``int`` > 0 (``InputTypeError``)."""
    for name, value in limits.items():
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            msg = (
                f"{name} must be a whole number > 0 (got {shown(value)} that is a "
                f"{type(value).__name__}).\nHint: leave it out for the default."
            )
            raise InputTypeError(msg)


def read_config_text(source: object, suffix: str, *, max_bytes: int) -> tuple[str, str]:
    """Return the text of ``source`` and a name for messages.

    A ``Path``, or a one-line string ending with ``suffix``, is read as a file, through
    the bounded reader: a FIFO or device is refused before it is opened, and
    ``max_bytes`` counts the bytes actually read.
    """
    if isinstance(source, bytes) or not isinstance(source, (str, os.PathLike)):
        msg = (
            f"source must be the config text (str) or the path of a config file "
            f"(got {shown(source)} that is a {type(source).__name__}).\n"
            f"Hint: pass a pathlib.Path, a file name ending in {suffix}, or the text itself."
        )
        raise InputTypeError(msg)
    looks_like_path = not isinstance(source, str) or (
        "\n" not in source and source.strip().lower().endswith((suffix, ".yml"))
    )
    if not looks_like_path:
        text = str(source)
        if len(text) > max_bytes:
            msg = (
                f"config: the text is {len(text):,} characters, above the limit of "
                f"{max_bytes:,}.\nHint: raise max_bytes= if the config is trusted."
            )
            raise ConfigError(msg)
        return text, "config"
    path = Path(os.fspath(source))
    try:
        refuse_special_file(path, what="config file", error=ConfigError)
        if path.is_file() and path.stat().st_size > max_bytes:
            msg = (
                f"{path}: the config file is {path.stat().st_size:,} bytes, above the limit "
                f"of {max_bytes:,}.\nHint: raise max_bytes= if the config is trusted."
            )
            raise ConfigError(msg)
        data = read_bounded(path, what="config", max_bytes=max_bytes, decompress=False)
        return data.decode("utf-8"), str(path)
    except DataFileError as exc:
        if not path.exists():
            msg = (
                f"config file not found: {path}\nHint: paths are relative to the working directory."
            )
            raise ConfigError(msg) from None
        raise ConfigError(str(exc)) from None
    except UnicodeDecodeError as exc:
        msg = f"{path}: not UTF-8 text (byte {exc.start}).\nHint: save the config as UTF-8."
        raise ConfigError(msg) from None
    except OSError as exc:
        msg = f"{path}: cannot read the config file ({exc.strerror}).\nHint: check the path."
        raise ConfigError(msg) from None
