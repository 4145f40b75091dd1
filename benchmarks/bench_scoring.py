"""Benchmarks of the scoring engine (run: ``python benchmarks/bench_scoring.py``).

1. ASEM (51 units, 49 indicators, 4 levels), COINr's own problem: indicators divided by
   their ``Denominator`` (GDP, population, energy, area, as ``iMeta`` says), imputed by
   the mean of their ``EurAsia_group``, winsorised/logged, min-max [1, 100], aggregated
   over 4 levels. One full pipeline run, and a Sobol analysis of 500 pipeline runs over
   winmax in 1..5, normalisation in {minmax [1, 100], zscore (10, 2)} and aggregation in
   {arithmetic, geometric} (n = 100, d = 3: 100 * (3 + 2) = 500 runs), timed twice:
   with the engine's cache of deterministic stages (imputation, treatment and
   normalisation run once per distinct setting: 20 here) and without it (500 full
   ``Pipeline.run`` calls on settings drawn from the same choices, as COINr re-runs
   every stage for every replication).
2. VPI-shaped uncertainty: 1,000 periods x 4 indicators x 10,000 draws, weights perturbed
   (Dirichlet and uniform), arithmetic vs geometric.

Prints the median of several repetitions of each, with the machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from _machine import machine

from progress_indicators.scoring import (
    Choice,
    DirichletWeights,
    Hierarchy,
    Pipeline,
    UniformWeights,
    sensitivity,
    uncertainty,
)

if TYPE_CHECKING:
    from collections.abc import Callable

ASEM = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference" / "coinr" / "asem"
COINR_SOBOL_S = 36.0
"""COINr 1.1.14's time for this Sobol analysis, as recorded in benchmarks/README.md (R is
not installed on this machine, so it is not re-measured here)."""


def timed(label: str, function: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs (after one warm-up), printed."""
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"{label}: median {median:.3f} s over {repeat} runs (min {min(times):.3f} s)")
    return median


def asem() -> tuple[Pipeline, pd.DataFrame]:
    """COINr's ASEM example as COINr builds it: denominated, imputed by ``EurAsia_group``."""
    meta = pd.read_csv(ASEM / "input_iMeta.csv")
    indicators = meta[meta["Type"] == "Indicator"]
    meta = meta[meta["Type"].isin(["Indicator", "Aggregate"])]
    hierarchy = Hierarchy.from_frame(
        meta, code="iCode", parent="Parent", level="Level", weight="Weight", direction="Direction"
    )
    data = pd.read_csv(ASEM / "input_iData.csv").set_index("uCode").sort_index()
    for code, denominator in zip(indicators["iCode"], indicators["Denominator"], strict=True):
        if isinstance(denominator, str):  # COINr's Denominate(): indicator / denominator
            data[code] = data[code] / data[denominator]
    pipeline = Pipeline(
        hierarchy=hierarchy,
        imputation="group_mean",
        group_column="EurAsia_group",
        treat=True,
        normalisation="minmax",
        normalisation_params={"lower": 1, "upper": 100},
    )
    return pipeline, data


def without_cache(
    pipeline: Pipeline, data: pd.DataFrame, settings: list[dict[str, object]]
) -> None:
    """Every run from scratch: ``Pipeline.run`` (all stages) once per setting."""
    for change in settings:
        pipeline.evolve(**change).run(data)


def sobol_settings(runs: int, seed: int) -> list[dict[str, object]]:
    """``runs`` settings drawn from the Sobol analysis's three choices."""
    rng = np.random.default_rng(seed)
    normalisations = [
        {"normalisation": "minmax", "normalisation_params": {"lower": 1, "upper": 100}},
        {"normalisation": "zscore", "normalisation_params": {"mean": 10, "sd": 2}},
    ]
    settings: list[dict[str, object]] = []
    for _ in range(runs):
        change: dict[str, object] = {"winmax": int(rng.integers(1, 6))}
        change |= normalisations[int(rng.integers(0, 2))]
        change["aggregation"] = ["arithmetic", "geometric"][int(rng.integers(0, 2))]
        settings.append(change)
    return settings


def main() -> int:
    """Run the benchmarks."""
    print(machine("numpy", "pandas"))
    if not (ASEM / "input_iMeta.csv").is_file():
        print(f"ASEM data not found at {ASEM.resolve()}")
        return 1
    pipeline, data = asem()
    timed("ASEM full pipeline (1 run)", lambda: pipeline.run(data), repeat=20)
    params = {
        "winmax": Choice(range(1, 6)),
        "normalisation": Choice(
            [
                {"normalisation": "minmax", "normalisation_params": {"lower": 1, "upper": 100}},
                {"normalisation": "zscore", "normalisation_params": {"mean": 10, "sd": 2}},
            ]
        ),
        "aggregation": Choice(["arithmetic", "geometric"]),
    }
    cached = timed(
        "ASEM Sobol, 500 pipeline runs (n=100, d=3, 1000 bootstrap), stage cache",
        lambda: sensitivity(pipeline, data, n=100, params=params, rng=1),
        repeat=5,
    )
    settings = sobol_settings(500, seed=1)
    uncached = timed(
        "ASEM 500 pipeline runs without the stage cache (Pipeline.run each)",
        lambda: without_cache(pipeline, data, settings),
        repeat=3,
    )
    print(
        f"  against COINr's ~{COINR_SOBOL_S:.0f} s for the same 500 runs: "
        f"{COINR_SOBOL_S / cached:,.0f}x with the cache, {COINR_SOBOL_S / uncached:,.1f}x without"
    )

    rng = np.random.default_rng(0)
    periods = pd.period_range("1940-01", periods=1000, freq="M")
    vpi_data = pd.DataFrame(
        rng.uniform(0, 100, (1000, 4)).cumsum(axis=0) / np.arange(1, 1001)[:, None],
        index=periods,
        columns=["ceasefire", "territory", "casualties", "talks"],
    )
    hierarchy = Hierarchy.from_frame(
        pd.DataFrame(
            {
                "code": [*vpi_data.columns, "vpi"],
                "parent": ["vpi"] * 4 + [None],
                "weight": [0.4, 0.3, 0.2, 0.1, 1.0],
            }
        ),
        level=None,
        direction=None,
    )
    vpi = Pipeline(
        hierarchy=hierarchy,
        normalisation="goalposts",
        normalisation_params={"lower": 0, "upper": 100},
        offset=1.0,
    )
    for name, weights in (
        ("Dirichlet(50)", DirichletWeights(50.0)),
        ("uniform 25%", UniformWeights(0.25)),
    ):
        timed(
            f"VPI uncertainty 1000 periods x 4 indicators x 10000 draws, {name}, arith vs geom",
            lambda weights=weights: uncertainty(  # type: ignore[misc]
                vpi,
                vpi_data,
                n_draws=10_000,
                rng=2,
                params={"weights": weights, "aggregation": Choice(["arithmetic", "geometric"])},
            ),
            repeat=5,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
