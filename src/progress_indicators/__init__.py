"""progress_indicators: a Verified Progress Index for Russia-Ukraine peace."""

from __future__ import annotations

from progress_indicators._version import __version__

__all__ = ["__version__"]
