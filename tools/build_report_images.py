"""Regenerate the images of ``docs/report.md`` from the bundled example.

Run from the repository root with the ``[plot]`` extra installed and Debian's
``chromium`` on the path::

    python tools/build_report_images.py

Writes ``docs/img/report-overview.png``, ``docs/img/report-indicators.png``,
``docs/img/report-milestones.png`` and ``docs/img/report-screenshot.png`` (a
headless-chromium screenshot of the report, down to its first chart).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import progress_indicators as pi
from progress_indicators.report import figure_png

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "docs" / "img"
ANNOTATIONS = {"2015-02-12": "Minsk II", "2022-02-24": "full-scale invasion"}


def main() -> None:
    """Score the example, draw the charts, render the report and screenshot it."""
    IMG.mkdir(parents=True, exist_ok=True)
    observations, humanitarian = pi.datasets.load_example()
    card = pi.score(observations, humanitarian=humanitarian)
    for kind in ("overview", "indicators", "milestones"):
        fig = card.plot(kind, ANNOTATIONS)  # type: ignore[arg-type]
        (IMG / f"report-{kind}.png").write_bytes(figure_png(fig, dpi=80))
    with tempfile.TemporaryDirectory() as tmp:
        report = card.to_html(Path(tmp) / "report.html", timestamp="2026-01-01T00:00:00Z")
        subprocess.run(  # noqa: S603 (fixed program and flags)
            [
                "/usr/bin/chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={tmp}/profile",
                "--window-size=1100,2300",
                "--hide-scrollbars",
                f"--screenshot={IMG / 'report-screenshot.png'}",
                report.as_uri(),
            ],
            check=True,
            capture_output=True,
        )


if __name__ == "__main__":
    main()
