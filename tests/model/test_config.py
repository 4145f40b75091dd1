"""The scorecard configuration: YAML/JSON loading, schema and clear errors."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

import progress_indicators as pi

if TYPE_CHECKING:
    from pathlib import Path


def test_yaml_file_round_trips_through_json(tmp_path: Path) -> None:
    """A YAML file and the JSON dump of the resulting config give equal configs."""
    path = tmp_path / "vpi.yaml"
    path.write_text(
        "frequency: weekly\naggregation: arithmetic\nverification_threshold: verified\n",
        encoding="utf-8",
    )
    config = pi.ScorecardConfig.from_yaml(path)
    assert config.frequency is pi.Frequency.WEEKLY
    assert config.verification_threshold is pi.Verification.VERIFIED
    again = pi.ScorecardConfig.from_json(config.to_json())
    assert again == config


def test_yaml_with_python_tags_is_refused() -> None:
    """A YAML tag that would build a Python object is a ConfigError, not executed."""
    with pytest.raises(pi.ConfigError, match="not valid YAML"):
        pi.ScorecardConfig.from_yaml("frequency: !!python/object/apply:os.system ['true']\n")


def test_unknown_setting_gets_did_you_mean() -> None:
    """A misspelt key names the setting and suggests the right one."""
    with pytest.raises(pi.ConfigError, match="Did you mean 'aggregation'"):
        pi.ScorecardConfig.from_yaml("agregation: geometric\n")


@pytest.mark.parametrize(
    "text",
    [
        "verification_threshold: disputed\n",
        (
            "indicator_weights: {cessation_of_attacks: -1, verified_withdrawal: 1, "
            "sovereignty_respect: 1, narrative_denial: 1}\n"
        ),
        "index_data_threshold: 0\n",
        "frequency: yearly\n",
        "- a list\n",
    ],
)
def test_invalid_values_raise_config_error(text: str) -> None:
    """Invalid settings raise ConfigError (also a ValueError) naming the setting."""
    with pytest.raises(pi.ConfigError) as caught:
        pi.ScorecardConfig.from_yaml(text)
    assert isinstance(caught.value, ValueError)


def test_json_schema_lists_every_setting() -> None:
    """The exported JSON Schema is valid JSON and names every field of the config."""
    schema = pi.ScorecardConfig.json_schema()
    assert set(schema["properties"]) == set(pi.ScorecardConfig.model_fields)
    json.dumps(schema)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    """A config path that does not exist gives a ConfigError with the path."""
    with pytest.raises(pi.ConfigError, match="not found"):
        pi.ScorecardConfig.from_yaml(tmp_path / "absent.yaml")


def test_duplicate_metric_is_refused() -> None:
    """Two metrics with the same name cannot both be configured."""
    metrics = pi.ScorecardConfig().metrics
    with pytest.raises(ValueError, match="more than once"):
        pi.ScorecardConfig(metrics=(*metrics, metrics[0]))
