"""Valid syntax must not lose data (#16, class 2).

- A key given twice in one mapping (a manual evidence file, a scorecard config in YAML or
  JSON, a CLI run config, any JSON the sources read) is an error naming both lines; the
  parsers used to keep the last one silently.
- YAML is read with a YAML 1.2 style core schema: text such as ``1:30`` (YAML 1.1
  sexagesimal 90), ``012`` (octal 10), ``007`` (7), ``yes``/``no``/``on``/``off``
  (booleans) and ``0x1F`` (31) stays the text it is, so ids keep their spelling and
  validation reports a value that is not a number instead of a silent conversion.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

import progress_indicators as pi
from progress_indicators.cli import load_run
from progress_indicators.exceptions import ConfigError, DataFileError
from progress_indicators.model._safe_load import (
    CoreSchemaLoader,
    DuplicateKeyError,
    compose_yaml,
    load_json,
)
from progress_indicators.sources import ManualSource

if TYPE_CHECKING:
    from pathlib import Path

OBSERVATION = """\
  - observation_id: {id}
    indicator: sovereignty_respect
    metric: provision_annexation
    date: "2022-09-30"
    value: {value}
    unit: pam_0_3
    source: Kremlin.ru decree
    verification: verified
    reliability: B
    credibility: 2
"""


def _manual(tmp_path: Path, text: str) -> ManualSource:
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    return ManualSource(path)


def test_two_observation_sections_in_a_manual_file_are_refused_naming_both_lines(
    tmp_path: Path,
) -> None:
    """Two ``observations:`` sections: the first used to vanish without a word."""
    first = OBSERVATION.format(id="a", value=0)
    second = OBSERVATION.format(id="b", value=1)
    text = f"observations:\n{first}observations:\n{second}"
    source = _manual(tmp_path, text)
    second_line = 2 + first.count("\n")
    with pytest.raises(DataFileError, match=rf"'observations' .*line 1 and line {second_line}"):
        source.read()


def test_a_field_given_twice_in_one_item_is_refused_naming_both_lines(tmp_path: Path) -> None:
    """``value: 0`` then ``value: 3`` in one item: the 0 used to be lost."""
    item = OBSERVATION.format(id="a", value=0) + "    value: 3\n"
    source = _manual(tmp_path, "observations:\n" + item)
    with pytest.raises(DataFileError, match=r"'value' is given twice.*line 6 and line 12") as info:
        source.read()
    assert "Hint: remove or rename one of the two" in str(info.value)


def test_a_repeated_config_setting_is_refused_in_yaml_and_json(tmp_path: Path) -> None:
    """``frequency`` twice in a config: YAML and JSON both say which lines."""
    with pytest.raises(ConfigError, match=r"'frequency' .*line 1 and line 3"):
        pi.ScorecardConfig.from_yaml(
            "frequency: weekly\naggregation: arithmetic\nfrequency: daily\n"
        )
    text = '{\n  "frequency": "weekly",\n  "uncertainty": {"draws": 0},\n  "frequency": "daily"\n}'
    path = tmp_path / "config.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"'frequency' .*line 2 and line 4") as info:
        pi.ScorecardConfig.from_json(path)
    assert str(path) in str(info.value)


def test_a_repeated_key_nested_in_json_names_its_own_lines() -> None:
    """The lines are those of the object holding the duplicate, not another object's key."""
    text = b'{"a": {"x": 1,\n "y": {"x": 2},\n "x": 3}}'
    with pytest.raises(DuplicateKeyError) as info:
        load_json(text)
    assert info.value.lines == (1, 3)


def test_a_repeated_key_in_a_cli_run_config_is_refused(tmp_path: Path) -> None:
    """The run loader used plain ``yaml.safe_load`` and kept the last ``inputs:``."""
    config = tmp_path / "run.yaml"
    config.write_text(
        "inputs:\n  - {path: a.csv, kind: observations}\n"
        "inputs:\n  - {path: b.csv, kind: observations}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"'inputs' .*line 1 and line 3"):
        load_run(config)


def test_merge_keys_may_override_without_being_a_duplicate() -> None:
    """``<<: *defaults`` then an explicit key is YAML's documented override, not a clash."""
    text = "base: &b {x: 1}\nitem:\n  <<: *b\n  x: 2\n"
    root = compose_yaml(text, loader=CoreSchemaLoader, max_depth=8, max_nodes=100)
    assert root is not None
    assert CoreSchemaLoader("").construct_document(root)["item"] == {"x": 2}


YAML11_TEXT = ["1:30", "012", "007", "0x1F", "0o17", "yes", "no", "on", "off", "Y", "2025-01-01"]


@pytest.mark.parametrize("text", YAML11_TEXT)
def test_yaml_1_1_implicit_types_stay_text_in_ids(tmp_path: Path, text: str) -> None:
    """An id written ``007`` or ``1:30`` is read as that text (YAML 1.1 made 7 and 90)."""
    source = _manual(tmp_path, "observations:\n" + OBSERVATION.format(id=text, value=0))
    evidence = source.read()
    assert evidence.observations["observation_id"].tolist() == [text]


def test_sexagesimal_value_is_rejected_not_read_as_ninety(tmp_path: Path) -> None:
    """``value: 1:30`` is not a number: quarantined with a reason, never 90."""
    source = _manual(tmp_path, "observations:\n" + OBSERVATION.format(id="a", value="1:30"))
    evidence = source.read(on_invalid="quarantine")
    assert evidence.accounting["accepted"] == 0
    assert evidence.rejected["value"].tolist() == ["1:30"]
    assert evidence.rejected["reason"].tolist() == ["not_a_number"]


def test_sexagesimal_draws_in_a_config_are_refused() -> None:
    """``draws: 1:30`` used to ask for 90 draws; now the setting says it is not a number."""
    with pytest.raises(ConfigError, match=r"uncertainty\.draws"):
        pi.ScorecardConfig.from_yaml("uncertainty:\n  draws: 1:30\n")


@given(
    st.one_of(
        st.integers(min_value=-(10**12), max_value=10**12).map(str),
        st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr),
        st.sampled_from(["true", "false", "null", "~", ".inf", "-.inf", "1e3", "-0"]),
    )
)
def test_core_schema_agrees_with_json_on_json_scalars(text: str) -> None:
    """Plain scalars that are JSON numbers, booleans or null load as JSON loads them."""
    yaml_value = CoreSchemaLoader("").construct_document(
        compose_yaml(f"k: {text}\n", loader=CoreSchemaLoader, max_depth=4, max_nodes=10)
    )["k"]
    json_text = {"~": "null", ".inf": "Infinity", "-.inf": "-Infinity"}.get(text, text)
    assert yaml_value == load_json(f'{{"k": {json_text}}}')["k"]


@given(st.from_regex(r"\A(0[0-9]+|[0-9]+:[0-5][0-9]|0x[0-9a-f]+|yes|no|on|off)\Z"))
def test_core_schema_keeps_yaml_1_1_numbers_and_booleans_as_text(text: str) -> None:
    """Leading zeros, sexagesimal, hex and yes/no/on/off are text under the core schema."""
    loaded = CoreSchemaLoader("").construct_document(
        compose_yaml(f"k: {text}\n", loader=CoreSchemaLoader, max_depth=4, max_nodes=10)
    )["k"]
    assert loaded == text


def test_documented_timestamps_in_configs_still_load() -> None:
    """``start: 2022-02-24`` unquoted is text now, and the setting still reads it as a date."""
    config = pi.ScorecardConfig.from_yaml(
        textwrap.dedent(
            """\
            start: 2022-02-24
            end: 2022-12-31
            """
        )
    )
    assert (config.start.isoformat(), config.end.isoformat()) == ("2022-02-24", "2022-12-31")  # type: ignore[union-attr]
