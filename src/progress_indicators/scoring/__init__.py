"""The composite-indicator scoring engine: pure functions over DataFrames, COINr conventions.

Rows are units or periods, columns are indicators. Nothing here does I/O or mutates its
inputs; every stochastic function takes ``rng`` (a seed or a ``numpy.random.Generator``).
See ``docs/scoring-engine.md`` for the formulas and conventions.
"""

from __future__ import annotations

from progress_indicators.scoring._aggregate import (
    AGGREGATION_METHODS,
    AggregationResult,
    OutrankingResult,
    aggregate,
    outranking_matrix,
)
from progress_indicators.scoring._hierarchy import Hierarchy
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
from progress_indicators.scoring._treatment import (
    IMPUTATION_METHODS,
    ImputationResult,
    TreatmentResult,
    boxcox,
    denominate,
    impute,
    kurtosis,
    log_ct,
    skewness,
    treat_outliers,
)
from progress_indicators.scoring._uncertainty import UncertaintyResult, uncertainty

__all__ = [
    "AGGREGATION_METHODS",
    "IMPUTATION_METHODS",
    "NORMALISATION_METHODS",
    "AggregationResult",
    "BandsResult",
    "Choice",
    "DirichletWeights",
    "Distribution",
    "Hierarchy",
    "ImputationResult",
    "OutrankingResult",
    "Pipeline",
    "PipelineResult",
    "SensitivityResult",
    "TreatmentResult",
    "UncertaintyResult",
    "Uniform",
    "UniformWeights",
    "aggregate",
    "bands",
    "boxcox",
    "denominate",
    "impute",
    "kurtosis",
    "log_ct",
    "normalise",
    "outranking_matrix",
    "sensitivity",
    "skewness",
    "sobol_indices",
    "treat_outliers",
    "uncertainty",
]
