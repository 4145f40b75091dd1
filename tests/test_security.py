"""Security scans of the source tree: no code execution from data, no unsafe loaders."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "progress_indicators"
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "jsonpickle"}
UNSAFE_YAML = {"load", "load_all", "unsafe_load", "full_load", "unsafe_load_all"}


def _violations(tree: ast.AST, name: str) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                found.append(f"{name}:{node.lineno}: {func.id}()")
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "yaml"
                and func.attr in UNSAFE_YAML
            ):
                found.append(f"{name}:{node.lineno}: yaml.{func.attr}()")
            for keyword in node.keywords:
                if keyword.arg == "shell" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                ):
                    found.append(f"{name}:{node.lineno}: shell=...")
        elif isinstance(node, ast.Import):
            found += [
                f"{name}:{node.lineno}: import {a.name}"
                for a in node.names
                if a.name.split(".")[0] in FORBIDDEN_MODULES
            ]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.split(".")[0] in FORBIDDEN_MODULES
        ):
            found.append(f"{name}:{node.lineno}: from {node.module} import ...")
    return found


def test_source_tree_has_no_eval_exec_pickle_or_unsafe_yaml() -> None:
    """No eval/exec/compile, pickle-like modules, unsafe YAML loaders or shell=True in src."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += _violations(tree, str(path.relative_to(SRC)))
    assert offenders == []


@pytest.mark.parametrize(
    "snippet",
    [
        "eval('1')",
        "import pickle",
        "from marshal import loads",
        "import yaml\nyaml.load(text)",
        "import subprocess\nsubprocess.run(cmd, shell=True)",
    ],
)
def test_scan_catches_each_forbidden_pattern(snippet: str) -> None:
    """The scanner itself flags each forbidden construct (so the scan can fail)."""
    assert _violations(ast.parse(snippet), "snippet")


def test_safe_yaml_is_allowed() -> None:
    """yaml.safe_load and yaml.compose with SafeLoader are not flagged."""
    assert _violations(ast.parse("import yaml\nyaml.safe_load(text)"), "ok") == []
