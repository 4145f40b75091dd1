"""Helpers for testing code built on progress_indicators, e.g. third-party sources.

:func:`check_source` is the conformance check every evidence source must pass (as
scikit-learn's ``check_estimator`` is for estimators). Importing this module imports
nothing beyond the core dependencies.
"""

from __future__ import annotations

from progress_indicators.testing._check_source import check_source

__all__ = ["check_source"]


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports

check_exports(globals())
