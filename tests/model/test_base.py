"""Building a config model directly raises the library's ConfigError, never pydantic's."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

import progress_indicators as pi
from progress_indicators.model import (
    Baseline,
    CapRule,
    Goalposts,
    MetricSpec,
    ScorecardConfig,
    SustainmentSettings,
    UncertaintySettings,
)

GOOD_METRIC: dict[str, Any] = {
    "name": "occupied_area_km2",
    "indicator": "verified_withdrawal",
    "unit": "km2",
    "kind": "level",
    "aggregation": "last",
    "goalposts": {"worst": 100_000.0, "best": 0.0},
}

BAD_CONSTRUCTIONS: dict[str, tuple[type[pydantic.BaseModel], dict[str, Any], str]] = {
    "unknown frequency": (ScorecardConfig, {"frequency": "hourly"}, "frequency"),
    "misspelt setting": (ScorecardConfig, {"frequncy": "weekly"}, "Did you mean 'frequency'?"),
    "metric missing fields": (MetricSpec, {"name": "x"}, "indicator: Field required"),
    "goalposts not finite": (Goalposts, {"worst": float("inf"), "best": 0.0}, "finite"),
    "baseline reversed": (Baseline, {"start": "2024-02-01", "end": "2024-01-01"}, "before"),
    "cap out of range": (
        CapRule,
        {"indicator": "verified_withdrawal", "below": 20, "cap": 140},
        "cap",
    ),
    "draws negative": (UncertaintySettings, {"draws": -1}, "draws"),
    "sustained days negative": (SustainmentSettings, {"sustained_days": "x"}, "sustained_days"),
}


@pytest.mark.parametrize("case", sorted(BAD_CONSTRUCTIONS))
def test_direct_construction_raises_config_error_with_a_hint(case: str) -> None:
    """Each config model's constructor raises ConfigError (a ValueError), named and hinted."""
    model, data, expected = BAD_CONSTRUCTIONS[case]
    with pytest.raises(pi.ConfigError) as caught:
        model(**data)
    text = str(caught.value)
    assert text.startswith(f"{model.__name__}: invalid configuration\n")
    assert expected in text
    assert "\nHint: " in text
    assert isinstance(caught.value, ValueError)
    assert not isinstance(caught.value, pydantic.ValidationError)


def test_the_issue_example_is_a_config_error() -> None:
    """``pi.ScorecardConfig(frequency="hourly")`` names the field, the choices and the value."""
    with pytest.raises(pi.ConfigError, match=r"frequency: Input should be 'daily', 'weekly'"):
        pi.ScorecardConfig(frequency="hourly")


def test_a_nested_error_is_reported_once_with_its_full_location() -> None:
    """A bad goalpost inside a metric inside the config: one ConfigError, full path."""
    metric = {**GOOD_METRIC, "goalposts": {"worst": 1.0, "best": "a"}}
    with pytest.raises(pi.ConfigError) as caught:
        ScorecardConfig(metrics=[metric])
    text = str(caught.value)
    assert text.startswith("ScorecardConfig: invalid configuration\n")
    assert "metrics.0.goalposts.best" in text
    assert text.count("invalid configuration") == 1


def test_valid_nested_mappings_still_build_the_nested_models() -> None:
    """The hook changes only the error: mappings still become MetricSpec and Goalposts."""
    config = ScorecardConfig(metrics=[GOOD_METRIC])
    assert isinstance(config.metrics[0], MetricSpec)
    assert isinstance(config.metrics[0].goalposts, Goalposts)
    assert config.metrics[0].goalposts.worst == 100_000.0


def test_model_validate_keeps_pydantic_semantics_and_from_mapping_wraps_it() -> None:
    """``model_validate`` is pydantic's API (its error); the library's reader wraps it."""
    with pytest.raises(pydantic.ValidationError):
        ScorecardConfig.model_validate({"frequency": "hourly"})
    with pytest.raises(pi.ConfigError, match=r"^config: invalid configuration\n  frequency"):
        ScorecardConfig.from_mapping({"frequency": "hourly"})
