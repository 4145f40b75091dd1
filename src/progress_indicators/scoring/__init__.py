"""The composite-indicator scoring engine: pure functions over DataFrames, COINr conventions.

Rows are units or periods, columns are indicators. Nothing here does I/O or mutates its
inputs; every stochastic function takes ``rng`` (a seed or a ``numpy.random.Generator``).
See ``docs/scoring-engine.md`` for the formulas and conventions. The VPI's own path
(``score_track``) reads per-period metric values; ``scoring`` imports nothing from
``sources``, the ledger, ``report`` or the CLI, and no function here accepts a
humanitarian event (enforced by ``tests/test_layers.py``).
"""

from __future__ import annotations

from progress_indicators.scoring._aggregate import (
    AGGREGATION_METHODS,
    AggregationResult,
    OutrankingResult,
    aggregate,
    outranking_matrix,
)
from progress_indicators.scoring._conflict import CLOCK_COLUMNS, apply_caps, cessation_clock
from progress_indicators.scoring._hierarchy import Hierarchy
from progress_indicators.scoring._milestones import (
    CESSATION_LADDER,
    MILESTONE_LADDER,
    milestones,
)
from progress_indicators.scoring._montecarlo import (
    Choice,
    DirichletWeights,
    Distribution,
    Uniform,
    UniformWeights,
)
from progress_indicators.scoring._normalise import (
    NORMALISATION_METHODS,
    BandsResult,
    bands,
    normalise,
)
from progress_indicators.scoring._pipeline import Pipeline, PipelineResult
from progress_indicators.scoring._sensitivity import (
    SensitivityResult,
    sensitivity,
    sobol_indices,
)
from progress_indicators.scoring._track import TrackResult, evaluate_track, track_inputs
from progress_indicators.scoring._treatment import (
    IMPUTATION_METHODS,
    UNIT_SCREENS,
    ImputationResult,
    ScreenResult,
    TreatmentResult,
    boxcox,
    denominate,
    impute,
    kurtosis,
    log_ct,
    screen,
    skewness,
    treat_outliers,
)
from progress_indicators.scoring._trend import growth_rate
from progress_indicators.scoring._uncertainty import UncertaintyResult, uncertainty
from progress_indicators.scoring._vpi import (
    INDEX_NAME,
    TrackScores,
    normalise_metrics,
    resolve_goalposts,
    score_track,
    vpi_hierarchy,
    vpi_input,
    vpi_pipeline,
)
from progress_indicators.scoring._vpi_uncertainty import (
    MonteCarlo,
    VpiInputs,
    goalpost_variant,
    vpi_sensitivity,
    vpi_uncertainty,
)

__all__ = [
    "AGGREGATION_METHODS",
    "CESSATION_LADDER",
    "CLOCK_COLUMNS",
    "IMPUTATION_METHODS",
    "INDEX_NAME",
    "MILESTONE_LADDER",
    "NORMALISATION_METHODS",
    "UNIT_SCREENS",
    "AggregationResult",
    "BandsResult",
    "Choice",
    "DirichletWeights",
    "Distribution",
    "Hierarchy",
    "ImputationResult",
    "MonteCarlo",
    "OutrankingResult",
    "Pipeline",
    "PipelineResult",
    "ScreenResult",
    "SensitivityResult",
    "TrackResult",
    "TrackScores",
    "TreatmentResult",
    "UncertaintyResult",
    "Uniform",
    "UniformWeights",
    "VpiInputs",
    "aggregate",
    "apply_caps",
    "bands",
    "boxcox",
    "cessation_clock",
    "denominate",
    "evaluate_track",
    "goalpost_variant",
    "growth_rate",
    "impute",
    "kurtosis",
    "log_ct",
    "milestones",
    "normalise",
    "normalise_metrics",
    "outranking_matrix",
    "resolve_goalposts",
    "score_track",
    "screen",
    "sensitivity",
    "skewness",
    "sobol_indices",
    "track_inputs",
    "treat_outliers",
    "uncertainty",
    "vpi_hierarchy",
    "vpi_input",
    "vpi_pipeline",
    "vpi_sensitivity",
    "vpi_uncertainty",
]


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports

check_exports(globals())
