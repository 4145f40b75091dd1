"""The typed core: indicators, grades, records, metric specs and the config."""

from __future__ import annotations

from progress_indicators.model._config import (
    CapRule,
    Frequency,
    ScorecardConfig,
    SustainmentSettings,
    UncertaintySettings,
)
from progress_indicators.model._defaults import (
    DEFAULT_METRICS,
    GOALPOST_BASELINES,
    INDICATOR_SPECS,
    UKRAINE_AREA_KM2,
    IndicatorSpec,
)
from progress_indicators.model._grades import Credibility, Reliability, Verification
from progress_indicators.model._indicator import Indicator
from progress_indicators.model._metric import Baseline, Goalposts, MetricSpec
from progress_indicators.model._records import (
    HUMANITARIAN_COLUMNS,
    HUMANITARIAN_OPTIONAL,
    HUMANITARIAN_REQUIRED,
    OBSERVATION_COLUMNS,
    OBSERVATION_OPTIONAL,
    OBSERVATION_REQUIRED,
    HumanitarianEvent,
    HumanitarianKind,
    Observation,
)
from progress_indicators.model._rules import (
    DEFAULT_ARTEFACTS,
    ArtefactRule,
    LevelLadder,
    MilestoneSettings,
    WithdrawalLadder,
)

__all__ = [
    "DEFAULT_ARTEFACTS",
    "DEFAULT_METRICS",
    "GOALPOST_BASELINES",
    "HUMANITARIAN_COLUMNS",
    "HUMANITARIAN_OPTIONAL",
    "HUMANITARIAN_REQUIRED",
    "INDICATOR_SPECS",
    "OBSERVATION_COLUMNS",
    "OBSERVATION_OPTIONAL",
    "OBSERVATION_REQUIRED",
    "UKRAINE_AREA_KM2",
    "ArtefactRule",
    "Baseline",
    "CapRule",
    "Credibility",
    "Frequency",
    "Goalposts",
    "HumanitarianEvent",
    "HumanitarianKind",
    "Indicator",
    "IndicatorSpec",
    "LevelLadder",
    "MetricSpec",
    "MilestoneSettings",
    "Observation",
    "Reliability",
    "ScorecardConfig",
    "SustainmentSettings",
    "UncertaintySettings",
    "Verification",
    "WithdrawalLadder",
]


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports

check_exports(globals())
