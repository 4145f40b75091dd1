"""Analyst outputs: notebook card, plots, explanations, gestures vs progress, exports.

Everything here reads a finished :class:`~progress_indicators.Scorecard`; nothing here
scores. matplotlib is imported inside the plotting functions only (``[plot]`` extra),
openpyxl inside the Excel export (``[excel]`` extra). The :class:`Scorecard` methods
(``plot``, ``explain``, ``divergence``, ``to_html``, ``to_csv`` ...) call into this
package lazily, so ``import progress_indicators`` stays light.
"""

from __future__ import annotations

from progress_indicators.report._common import OKABE_ITO, uncertainty_band
from progress_indicators.report._compare import compare, compare_records
from progress_indicators.report._divergence import (
    DEFAULT_TOLERANCE,
    VERDICTS,
    activity_per_period,
    divergence,
    divergence_summary,
    lead_lag,
    window_periods,
)
from progress_indicators.report._explain import EXPLAIN_COLUMNS, EXPLAIN_STATUSES, explain
from progress_indicators.report._export import (
    FORMULA_PREFIXES,
    export_tables,
    manifest_bytes,
    neutralise_formulas,
    to_csv,
    to_excel,
    to_json,
    to_parquet,
)
from progress_indicators.report._html import (
    CONTENT_SECURITY_POLICY,
    card_html,
    report_html,
    write_html,
)
from progress_indicators.report._manifest import (
    MANIFEST_FORMAT,
    canonical_csv,
    format_timestamp,
    manifest,
)
from progress_indicators.report._plot import PLOT_KINDS, figure_png, plot

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "DEFAULT_TOLERANCE",
    "EXPLAIN_COLUMNS",
    "EXPLAIN_STATUSES",
    "FORMULA_PREFIXES",
    "MANIFEST_FORMAT",
    "OKABE_ITO",
    "PLOT_KINDS",
    "VERDICTS",
    "activity_per_period",
    "canonical_csv",
    "card_html",
    "compare",
    "compare_records",
    "divergence",
    "divergence_summary",
    "explain",
    "export_tables",
    "figure_png",
    "format_timestamp",
    "lead_lag",
    "manifest",
    "manifest_bytes",
    "neutralise_formulas",
    "plot",
    "report_html",
    "to_csv",
    "to_excel",
    "to_json",
    "to_parquet",
    "uncertainty_band",
    "window_periods",
    "write_html",
]


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports

check_exports(globals())
