"""A declarative, frozen, re-runnable scoring pipeline.

Stages (each optional but the last two): denominate -> screen -> impute -> treat outliers
-> normalise -> aggregate, with COINr's semantics for each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from progress_indicators.exceptions import ConfigError, SchemaError, did_you_mean
from progress_indicators.scoring._common import hint
from progress_indicators.scoring._normalise import NORMALISATION_METHODS, normalise
from progress_indicators.scoring._treatment import (
    IMPUTATION_METHODS,
    UNIT_SCREENS,
    ScreenResult,
    denominate,
    impute,
    screen,
    treat_array,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from progress_indicators.scoring._aggregate import Threshold
    from progress_indicators.scoring._common import FloatArray
    from progress_indicators.scoring._hierarchy import Hierarchy, MethodSpec

__all__ = ["Pipeline", "PipelineResult"]


def _frozen_mapping(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value) if value is not None else {}


def _optional_weights(value: Mapping[str, float] | None) -> dict[str, float] | None:
    return None if value is None else {str(k): float(v) for k, v in value.items()}


def _optional_force(value: Mapping[Any, bool] | None) -> dict[Any, bool] | None:
    return None if value is None else {k: bool(v) for k, v in value.items()}


def _denomby(
    value: Mapping[str, str] | pd.DataFrame | None,
) -> dict[str, str] | pd.DataFrame | None:
    if value is None or isinstance(value, pd.DataFrame):
        return value
    return {str(k): str(v) for k, v in value.items()}


def _method_spec(value: MethodSpec) -> MethodSpec:
    return value if isinstance(value, str) else {int(k): str(v) for k, v in value.items()}


@attrs.frozen(kw_only=True)
class PipelineResult:
    """Every stage's output of one pipeline run (attrs: internal result).

    Attributes:
        imputed: indicator values after imputation (rows: the units kept by screening).
        imputed_mask: True where a value was imputed.
        treated: values after outlier treatment (same as ``imputed`` when off).
        treatment_report: the per-column report of :func:`treat_outliers`, or None.
        normalised: normalised indicators.
        scores: every element of every level (columns in hierarchy level order).
        top: the score of the top element (the first if there are several).
        denominated: indicator values after denomination, or None when off.
        screening: the screen's kept rows, per-unit summary and removed units, or None.
    """

    imputed: pd.DataFrame
    imputed_mask: pd.DataFrame
    treated: pd.DataFrame
    treatment_report: pd.DataFrame | None
    normalised: pd.DataFrame
    scores: pd.DataFrame
    top: pd.Series
    denominated: pd.DataFrame | None = None
    screening: ScreenResult | None = None


@attrs.frozen(kw_only=True)
class Pipeline:
    """A frozen recipe: denominate -> screen -> impute -> treat -> normalise -> aggregate.

    attrs rather than pydantic: it holds a :class:`Hierarchy` and is built in code; a
    config loader can validate user files and then construct it. Change one setting with
    :meth:`evolve` (``with_`` is an alias); :meth:`run` is pure.

    Attributes:
        hierarchy: the structure, weights and directions.
        imputation: an :data:`IMPUTATION_METHODS` name.
        group_column: column of ``data`` holding each row's group (for group imputation).
        max_age: limit for ``linear``/``locf`` imputation.
        treat: whether to treat outliers (COINr's winsorise-then-log rule).
        winmax, skew_thresh, kurt_thresh: outlier treatment settings.
        normalisation: a :data:`NORMALISATION_METHODS` name.
        normalisation_params: its options (e.g. ``{"lower": 1, "upper": 100}``).
        aggregation: one method, or a mapping level -> method.
        data_threshold, offset, p: aggregation options (see :func:`aggregate`).
        weights: element weights overriding the hierarchy's (code -> weight).
        denominators: denominator columns, rows labelled like the data (COINr's
            ``denoms``); with ``denomby``, the first stage divides (see
            :func:`denominate`).
        denomby: indicator -> denominator column, or COINr's ``denomby`` table
            (``iCode``, ``Denominator``, ``ScaleFactor``).
        unit_screen: ``"byNA"``, ``"byzeros"`` or ``"byNAandzeros"`` to drop units
            after denomination (COINr's ``Screen``, see :func:`screen`); None: off.
        dat_thresh, nonzero_thresh, force: the screen's options (COINr's names;
            ``dat_thresh`` is the screen's, ``data_threshold`` the aggregation's).
    """

    hierarchy: Hierarchy
    imputation: str = "none"
    group_column: str | None = None
    max_age: int | None = None
    treat: bool = False
    winmax: int = 5
    skew_thresh: float = 2.0
    kurt_thresh: float = 3.5
    normalisation: str = "minmax"
    normalisation_params: dict[str, Any] = attrs.field(factory=dict, converter=_frozen_mapping)
    aggregation: MethodSpec = attrs.field(default="arithmetic", converter=_method_spec)
    data_threshold: Threshold = None
    offset: float | None = None
    p: float | None = None
    weights: dict[str, float] | None = attrs.field(default=None, converter=_optional_weights)
    denominators: pd.DataFrame | None = attrs.field(default=None, eq=False)
    denomby: dict[str, str] | pd.DataFrame | None = attrs.field(
        default=None, converter=_denomby, eq=False
    )
    unit_screen: str | None = None
    dat_thresh: float = 2 / 3
    nonzero_thresh: float = 0.05
    force: dict[Any, bool] | None = attrs.field(default=None, converter=_optional_force)

    def __attrs_post_init__(self) -> None:
        where = "Pipeline"
        if (self.denominators is None) != (self.denomby is None):
            msg = f"{where}: denominate needs both denominators= and denomby= (or neither)."
            raise ConfigError(msg)
        if self.denomby is not None:
            listed = (
                list(self.denomby["iCode"])
                if isinstance(self.denomby, pd.DataFrame) and "iCode" in self.denomby.columns
                else list(self.denomby)
            )
            unknown = [c for c in listed if c not in self.hierarchy.indicators]
            if unknown:
                msg = f"{where}: denomby names {unknown}, which are not indicators."
                raise ConfigError(
                    msg + hint(did_you_mean(str(unknown[0]), self.hierarchy.indicators))
                )
        if self.unit_screen is not None and self.unit_screen not in UNIT_SCREENS:
            msg = (
                f"{where}: unknown unit_screen {self.unit_screen!r}; expected one of "
                f"{list(UNIT_SCREENS)}."
            )
            raise ConfigError(msg + hint(did_you_mean(self.unit_screen, UNIT_SCREENS)))
        for name in ("dat_thresh", "nonzero_thresh"):
            value = getattr(self, name)
            if isinstance(value, bool) or not 0 <= float(value) <= 1:
                msg = f"{where}: {name} must be a number in [0, 1] (got {value!r})."
                raise ConfigError(msg)
        if self.imputation not in IMPUTATION_METHODS:
            msg = f"{where}: unknown imputation {self.imputation!r}; expected one of " + str(
                sorted(IMPUTATION_METHODS)
            )
            raise ConfigError(msg + hint(did_you_mean(self.imputation, IMPUTATION_METHODS)))
        if self.normalisation not in NORMALISATION_METHODS:
            msg = f"{where}: unknown normalisation {self.normalisation!r}; expected one of " + str(
                sorted(NORMALISATION_METHODS)
            )
            raise ConfigError(msg + hint(did_you_mean(self.normalisation, NORMALISATION_METHODS)))
        self.hierarchy.resolve_methods(self.aggregation, where=where)
        if self.weights is not None:
            self.hierarchy.with_weights(self.weights)

    def evolve(self, **changes: Any) -> Pipeline:
        """Return a copy with some settings changed (validated again).

        Raises:
            ConfigError: an unknown setting or an invalid value.
        """
        fields = {f.name for f in attrs.fields(Pipeline)}
        unknown = sorted(set(changes) - fields)
        if unknown:
            msg = (
                f"Pipeline.evolve: unknown setting(s) {unknown}; expected some of {sorted(fields)}."
            )
            raise ConfigError(msg + hint(did_you_mean(unknown[0], fields)))
        return attrs.evolve(self, **changes)

    with_ = evolve

    @property
    def effective_hierarchy(self) -> Hierarchy:
        """The hierarchy with :attr:`weights` applied."""
        return self.hierarchy if self.weights is None else self.hierarchy.with_weights(self.weights)

    def run(self, data: pd.DataFrame) -> PipelineResult:
        """Run every stage on ``data`` (rows = units or periods; indicator columns).

        Raises:
            SchemaError: indicator or group columns missing.
            ConfigError, ScoringError: as raised by the stages.
        """
        hierarchy = self.effective_hierarchy
        denominated, screening = self._prepare(data)
        values = denominated if screening is None else screening.data
        imputed = impute(values, self.imputation, groups=self._groups(data), max_age=self.max_age)
        report: pd.DataFrame | None = None
        treated = imputed.data
        if self.treat:
            out, _, report = treat_array(
                imputed.data.to_numpy(dtype=np.float64),
                self.winmax,
                self.skew_thresh,
                self.kurt_thresh,
                log_fallback=True,
            )
            report.index = pd.Index(list(hierarchy.indicators), name="column")
            treated = pd.DataFrame(out, index=values.index.copy(), columns=values.columns.copy())
        normalised = normalise(
            treated,
            self.normalisation,
            directions=hierarchy.indicator_directions,
            **self.normalisation_params,
        )
        scores = hierarchy.aggregate(
            normalised,
            self.aggregation,
            data_threshold=self.data_threshold,
            offset=self.offset,
            p=self.p,
        )
        return PipelineResult(
            imputed=imputed.data,
            imputed_mask=imputed.imputed,
            treated=treated,
            treatment_report=report,
            normalised=normalised,
            scores=scores,
            top=scores[hierarchy.top[0]],
            denominated=denominated if self.denomby is not None else None,
            screening=screening,
        )

    # -- pieces reused by uncertainty and sensitivity ------------------------------------
    def _prepare(self, data: pd.DataFrame) -> tuple[pd.DataFrame, ScreenResult | None]:
        """The indicator columns, denominated, and the screen's result (None when off)."""
        values = self._indicators(data)
        if self.denomby is not None:
            assert self.denominators is not None
            values = denominate(values, self.denominators, self.denomby)
        if self.unit_screen is None:
            return values, None
        screened = screen(
            values,
            self.unit_screen,
            dat_thresh=self.dat_thresh,
            nonzero_thresh=self.nonzero_thresh,
            force=self.force,
        )
        return values, screened

    def _prepare_key(self) -> str:
        """A cache key of the denominate and screen stages (the data's own key is separate)."""
        if self.denomby is None:
            denominate_key = "none"
        else:
            assert self.denominators is not None
            table = (
                self.denomby.to_csv()
                if isinstance(self.denomby, pd.DataFrame)
                else repr(sorted(self.denomby.items()))
            )
            digest = pd.util.hash_pandas_object(self.denominators, index=True).sum()
            denominate_key = f"{table}|{int(digest)}"
        force = None if self.force is None else sorted(self.force.items(), key=repr)
        return repr((denominate_key, self.unit_screen, self.dat_thresh, self.nonzero_thresh, force))

    def _indicators(self, data: pd.DataFrame) -> pd.DataFrame:
        missing = [c for c in self.hierarchy.indicators if c not in data.columns]
        if missing:
            suggestion = did_you_mean(missing[0], [str(c) for c in data.columns])
            msg = f"Pipeline.run: indicator column(s) {missing} are missing from the data."
            raise SchemaError(msg + hint(suggestion))
        return data[list(self.hierarchy.indicators)]

    def _groups(self, data: pd.DataFrame) -> pd.Series | None:
        if self.group_column is None:
            return None
        if self.group_column not in data.columns:
            msg = f"Pipeline.run: group column {self.group_column!r} is not in the data."
            raise SchemaError(msg + hint(did_you_mean(self.group_column, data.columns)))
        return data[self.group_column]

    def stage_keys(self) -> tuple[str, str, str]:
        """Cache keys of the imputation, treatment and normalisation stages."""
        imp = self._prepare_key() + repr((self.imputation, self.group_column, self.max_age))
        trt = imp + repr((self.treat, self.winmax, self.skew_thresh, self.kurt_thresh))
        nrm = trt + repr((self.normalisation, sorted(self.normalisation_params.items())))
        return imp, trt, nrm

    def normalised_array(self, data: pd.DataFrame, cache: dict[str, Any]) -> FloatArray:
        """Normalised indicators as an array (rows, hierarchy elements), cached by stage."""
        imp_key, trt_key, nrm_key = self.stage_keys()
        if nrm_key in cache:
            return np.asarray(cache[nrm_key], dtype=np.float64)
        if trt_key not in cache:
            if imp_key not in cache:
                denominated, screening = self._prepare(data)
                cache[imp_key] = impute(
                    denominated if screening is None else screening.data,
                    self.imputation,
                    groups=self._groups(data),
                    max_age=self.max_age,
                ).data
            imputed: pd.DataFrame = cache[imp_key]
            if self.treat:
                out = treat_array(
                    imputed.to_numpy(dtype=np.float64),
                    self.winmax,
                    self.skew_thresh,
                    self.kurt_thresh,
                    log_fallback=True,
                )[0]
                cache[trt_key] = pd.DataFrame(out, index=imputed.index, columns=imputed.columns)
            else:
                cache[trt_key] = imputed
        treated: pd.DataFrame = cache[trt_key]
        hierarchy = self.hierarchy
        normalised = normalise(
            treated,
            self.normalisation,
            directions=hierarchy.indicator_directions,
            **self.normalisation_params,
        )
        if self.unit_screen is not None:  # screened-out units: NaN rows, aligned with data
            normalised = normalised.reindex(data.index)
        array = hierarchy.indicator_array(normalised, where="Pipeline")
        cache[nrm_key] = array
        return array
