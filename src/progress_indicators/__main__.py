"""Run the command line with ``python -m progress_indicators``."""

from __future__ import annotations

from progress_indicators.cli import main

main()
