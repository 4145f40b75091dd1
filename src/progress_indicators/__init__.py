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

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from progress_indicators.report import compare
    from progress_indicators.store import EvidenceStore

# The store (its lock, DuckDB) and the report package load on first use, so that
# ``import progress_indicators`` stays light and works where the store cannot (#14).
_LAZY = {"EvidenceStore": "progress_indicators.store", "compare": "progress_indicators.report"}


def __getattr__(name: str) -> Any:
    """``EvidenceStore``, ``compare`` and the ``store`` package, imported when asked for."""
    import importlib  # noqa: PLC0415

    if name in ("store", "report"):
        return importlib.import_module(f"progress_indicators.{name}")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    msg = f"module 'progress_indicators' has no attribute {name!r}"
    raise AttributeError(msg)


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


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports  # noqa: E402

check_exports(globals())
