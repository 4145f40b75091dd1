"""Metric specs, goalposts and grades refuse inconsistent definitions."""

from __future__ import annotations

import datetime as dt
import runpy
import sys

import pytest

import progress_indicators as pi
from progress_indicators.model import Baseline, Goalposts, MetricSpec


def _spec(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "name": "m",
        "indicator": "cessation_of_attacks",
        "unit": "events",
        "kind": "count",
        "aggregation": "sum",
        "goalposts": {"worst": 10.0, "best": 0.0},
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"goalposts": {"worst": 10.0, "best": 1.0, "scale": "log"}}, "best == 0"),
        ({"goalposts": {"worst": float("inf"), "best": 0.0}}, "finite"),
        ({"kind": "level", "aggregation": "last", "zero_fill": True}, "counts only"),
        ({"carry_forward_days": 3}, "cannot be carried"),
        ({"minimum": 5.0, "maximum": 1.0}, "below minimum"),
    ],
)
def test_inconsistent_metric_specs_are_refused(changes: dict[str, object], message: str) -> None:
    """Each contradiction in a metric definition is a validation error naming it."""
    with pytest.raises(ValueError, match=message):
        MetricSpec.model_validate(_spec(**changes))


def test_baseline_window_must_run_forward() -> None:
    """A baseline ending before it starts is refused."""
    with pytest.raises(ValueError, match="before its start"):
        Baseline(start=dt.date(2023, 1, 1), end=dt.date(2022, 1, 1))


def test_log_goalposts_accept_a_baseline_worst() -> None:
    """The log form takes a data-derived worst goalpost and best 0."""
    window = Baseline(start=dt.date(2022, 3, 1), end=dt.date(2022, 12, 31))
    posts = Goalposts(worst=window, best=0.0, scale="log")
    assert posts.worst == window


def test_grades_do_not_compare_with_other_types() -> None:
    """Ordering a grade against a plain number is a TypeError, not a silent answer."""
    grade = pi.Verification.VERIFIED
    for compare in (grade.__lt__, grade.__le__, grade.__gt__, grade.__ge__):
        assert compare(3) is NotImplemented
    with pytest.raises(TypeError):
        _ = grade < 3


def test_module_entry_point_runs_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m progress_indicators --version`` prints the version and exits 0."""
    monkeypatch.setattr(sys, "argv", ["progress-indicators", "--version"])
    with pytest.raises(SystemExit) as caught:
        runpy.run_module("progress_indicators", run_name="__main__")
    assert caught.value.code in (0, None)
    assert pi.__version__ in capsys.readouterr().out
