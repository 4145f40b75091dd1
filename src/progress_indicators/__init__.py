"""progress_indicators: a Verified Progress Index for Russia-Ukraine peace.

Real progress is measured by four indicators only: cessation of attacks, verifiable
withdrawal, respect for sovereignty and denial of the war's propaganda narratives.
Humanitarian gestures (prisoner exchanges, repatriations, returns) are recorded in a
separate ledger that can never move the index.

Examples:
    >>> import progress_indicators as pi
    >>> observations, humanitarian = pi.datasets.load_example()
    >>> card = pi.score(observations, humanitarian=humanitarian)
    >>> card.index.name
    'verified_progress_index'
"""

from __future__ import annotations

from progress_indicators import datasets
from progress_indicators._version import __version__
from progress_indicators.exceptions import (
    AccountingError,
    ConfigError,
    CoverageWarning,
    DataFileError,
    ExclusionWarning,
    HumanitarianInScoringError,
    InputTypeError,
    ProgressIndicatorsError,
    ProgressIndicatorsWarning,
    Reason,
    ReportError,
    SchemaError,
    ScoringError,
    SingleMetricWarning,
    SourceCheckError,
    SourceLoadError,
    StoreError,
    StoreLockedError,
    StoreOrderError,
    StoreSchemaError,
    ValidationError,
)
from progress_indicators.model import (
    ArtefactRule,
    Baseline,
    CapRule,
    Credibility,
    Frequency,
    Goalposts,
    HumanitarianEvent,
    HumanitarianKind,
    Indicator,
    IndicatorSpec,
    LevelLadder,
    MetricSpec,
    MilestoneSettings,
    Observation,
    Reliability,
    ScorecardConfig,
    SustainmentSettings,
    UncertaintySettings,
    Verification,
    WithdrawalLadder,
)
from progress_indicators.scorecard import Scorecard, score
from progress_indicators.sources import (
    Collection,
    Coverage,
    Evidence,
    EvidenceSource,
    available_sources,
    collect,
    load_source,
)
from progress_indicators.store import EvidenceStore, compare

__all__ = [
    "AccountingError",
    "ArtefactRule",
    "Baseline",
    "CapRule",
    "Collection",
    "ConfigError",
    "Coverage",
    "CoverageWarning",
    "Credibility",
    "DataFileError",
    "Evidence",
    "EvidenceSource",
    "EvidenceStore",
    "ExclusionWarning",
    "Frequency",
    "Goalposts",
    "HumanitarianEvent",
    "HumanitarianInScoringError",
    "HumanitarianKind",
    "Indicator",
    "IndicatorSpec",
    "InputTypeError",
    "LevelLadder",
    "MetricSpec",
    "MilestoneSettings",
    "Observation",
    "ProgressIndicatorsError",
    "ProgressIndicatorsWarning",
    "Reason",
    "Reliability",
    "ReportError",
    "SchemaError",
    "Scorecard",
    "ScorecardConfig",
    "ScoringError",
    "SingleMetricWarning",
    "SourceCheckError",
    "SourceLoadError",
    "StoreError",
    "StoreLockedError",
    "StoreOrderError",
    "StoreSchemaError",
    "SustainmentSettings",
    "UncertaintySettings",
    "ValidationError",
    "Verification",
    "WithdrawalLadder",
    "__version__",
    "available_sources",
    "collect",
    "compare",
    "datasets",
    "load_source",
    "score",
]
