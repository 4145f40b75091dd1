"""What machine a benchmark ran on, printed with every result (shared by the scripts)."""

from __future__ import annotations

import importlib
import os
import platform
from pathlib import Path


def cpu_model() -> str:
    """The CPU model from ``/proc/cpuinfo`` (``platform.processor()`` elsewhere)."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine() or "unknown CPU"


def machine(*libraries: str) -> str:
    """nproc, CPU model, Python, the named libraries' versions and the load average."""
    versions = ", ".join(
        f"{name} {getattr(importlib.import_module(name), '__version__', '?')}" for name in libraries
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"nproc={os.cpu_count()}, {cpu_model()}, Python {platform.python_version()}, "
        f"{versions}; load average {load:.1f}"
    )
