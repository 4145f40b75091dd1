"""Every public entry point answers junk with a library error (#16, class 4).

The whole public API is walked: every function and class in ``progress_indicators.__all__``
and in the ``__all__`` of the public submodules, plus the public methods of
``Scorecard``, ``Evidence``, ``EvidenceStore`` and a source. Each parameter in turn gets
junk (``None``, ``-1``, ``2**70``, ``nan``, empty and 100 kB strings, a list, a dict, a
folder, a FIFO, a plain object) while the others keep a
valid value, and the test asserts that only library errors come out
(``ProgressIndicatorsError`` subclasses) or the documented exceptions:

- a pydantic model's own constructor raises ``pydantic.ValidationError`` (a
  ``ValueError``; the loaders ``from_mapping``/``from_yaml``/``from_json`` raise
  ``ConfigError``), and an Enum raises ``ValueError`` for an unknown value;
- returning normally is fine (junk that is valid, e.g. ``None`` for an optional value).

A call is given 20 s (``SIGALRM``): a hang fails too. Entry points that still raise a
raw error are listed in ``KNOWN`` as strict xfails, with the owner of the module that
must check its arguments; fixing one makes its xfail pass and fail the suite, so the
list only shrinks.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import math
import os
import shutil
import signal
import sys
import types
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pydantic
import pytest

import progress_indicators as pi
from progress_indicators.exceptions import ProgressIndicatorsError
from tests._warnings import score

if TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="the junk includes a FIFO"),
    pytest.mark.slow,  # about two minutes of CPU in all: the whole public API, every argument
]

MANUAL = Path(__file__).resolve().parent / "sources" / "fixtures" / "manual" / "evidence.yaml"
MODULES = (
    "progress_indicators",
    "progress_indicators.datasets",
    "progress_indicators.exceptions",
    "progress_indicators.frames",
    "progress_indicators.ledger",
    "progress_indicators.model",
    "progress_indicators.report",
    "progress_indicators.scorecard",
    "progress_indicators.scoring",
    "progress_indicators.sources",
    "progress_indicators.store",
    "progress_indicators.testing",
    "progress_indicators.validation",
)
INSTANCES = ("Scorecard", "Evidence", "EvidenceStore", "ManualSource")

# Still raising raw errors for some junk, by owner (see the module docstring): none left.
KNOWN: dict[str, str] = {}


class _HungError(Exception):
    pass


def _public_callables() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    seen: set[int] = set()
    for name in MODULES:
        module = importlib.import_module(name)
        for export in module.__all__:
            value = getattr(module, export)
            if not callable(value) or id(value) in seen:
                continue
            if inspect.isclass(value) and issubclass(value, BaseException):
                continue
            seen.add(id(value))
            found[f"{name}.{export}"] = value
    return found


CALLABLES = _public_callables()
METHODS = {
    "Scorecard": pi.Scorecard,
    "Evidence": pi.Evidence,
    "EvidenceStore": pi.EvidenceStore,
    "ManualSource": pi.sources.ManualSource,
}
METHOD_NAMES = [
    f"{owner}.{name}"
    for owner, cls in METHODS.items()
    for name, member in vars(cls).items()
    if not name.startswith("_") and inspect.isfunction(member)
]


def _marked(label: str) -> Any:
    if label in KNOWN:
        return pytest.param(
            label, marks=pytest.mark.xfail(strict=True, reason=f"raw errors left: {KNOWN[label]}")
        )
    return label


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Valid values by parameter name, and the junk, in a scratch folder (never the repo)."""
    folder = tmp_path_factory.mktemp("walk")
    fifo = folder / "fifo.csv"
    os.mkfifo(fifo)
    (folder / "a_folder").mkdir()
    manual = folder / "evidence.yaml"
    shutil.copy(MANUAL, manual)
    observations, humanitarian = pi.datasets.load_example()
    card = score(observations, humanitarian=humanitarian, config={"uncertainty": {"draws": 0}})
    evidence = pi.sources.ManualSource(manual).read()
    valid: dict[str, Any] = {
        "card": card,
        "card_a": card,
        "card_b": card,
        "observations": observations,
        "humanitarian": humanitarian,
        "events": humanitarian,
        "table": observations,
        "config": pi.ScorecardConfig.from_mapping({"uncertainty": {"draws": 0}}),
        "path": manual,
        "frame": pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}),
        "name": "manual",
        "source": "manual",
        "values": [1.0, 2.0, 3.0],
        "evidence": evidence,
        "sources": [evidence],
        "period": card.index.index[-1],
        "frequency": pi.Frequency.MONTHLY,
    }
    junk: dict[str, Any] = {
        "None": None,
        "minus_one": -1,
        "huge_int": 2**70,
        "nan": math.nan,
        "empty_text": "",
        "huge_text": "x" * 100_000,
        "list": [1, "a"],
        "dict": {"a": 1},
        "folder": folder / "a_folder",
        "fifo": fifo,
        "object": object(),
    }
    instances = {
        "Scorecard": card,
        "Evidence": evidence,
        "ManualSource": pi.sources.ManualSource(manual),
    }
    if importlib.util.find_spec("duckdb") is not None:
        instances["EvidenceStore"] = pi.EvidenceStore(folder / "evidence.duckdb")
    return {"valid": valid, "junk": junk, "instances": instances, "folder": folder}


def _expire(signum: int, frame: Any) -> None:
    raise _HungError


def _acceptable(target: Callable[..., Any], error: BaseException) -> bool:
    if isinstance(error, ProgressIndicatorsError):
        return True
    if inspect.isclass(target) and issubclass(target, pydantic.BaseModel):
        return isinstance(error, pydantic.ValidationError)
    if inspect.isclass(target) and issubclass(target, enum.Enum):
        return type(error) is ValueError
    return False


def _arguments(
    parameters: list[inspect.Parameter],
    chosen: inspect.Parameter,
    junk: object,
    valid: dict[str, Any],
) -> tuple[list[Any], dict[str, Any]]:
    """Junk for ``chosen``; valid values (or defaults) for the others."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for other in parameters:
        if other is chosen:
            value = junk
        elif other.name in valid:
            value = valid[other.name]
        elif other.default is not other.empty:
            continue
        else:
            value = junk
        if other.kind is other.POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[other.name] = value
    return args, kwargs


def _parameters(target: Callable[..., Any]) -> list[inspect.Parameter]:
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return []
    return [
        p
        for p in signature.parameters.values()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        and not (inspect.isclass(target) and issubclass(target, enum.Enum) and p.name != "value")
    ]


def _walk(
    target: Callable[..., Any],
    world: dict[str, Any],
    *,
    only: tuple[inspect.Parameter, str] | None = None,
) -> list[str]:
    """Call ``target`` with junk in each parameter (or ``only`` one); list what is wrong."""
    parameters = _parameters(target)
    previous = signal.signal(signal.SIGALRM, _expire)
    try:
        # warnings are not errors here (pytest turns them into errors; users see a warning)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _calls(target, parameters, world, only)
    finally:
        signal.signal(signal.SIGALRM, previous)


def _calls(
    target: Callable[..., Any],
    parameters: list[inspect.Parameter],
    world: dict[str, Any],
    only: tuple[inspect.Parameter, str] | None,
) -> list[str]:
    """Call ``target`` once per (parameter, junk); list every unacceptable outcome."""
    cases = (
        [(only[0], only[1])]
        if only is not None
        else [(p, label) for p in parameters for label in world["junk"]]
    )
    problems = []
    for parameter, label in cases:
        args, kwargs = _arguments(parameters, parameter, world["junk"][label], world["valid"])
        signal.alarm(20)
        try:
            target(*args, **kwargs)
        except _HungError:
            problems.append(f"{parameter.name}={label}: hangs (over 20 s)")
        except Exception as error:
            if not _acceptable(target, error):
                head = str(error).splitlines()[0][:100] if str(error) else ""
                problems.append(f"{parameter.name}={label}: {type(error).__name__}: {head}")
        finally:
            signal.alarm(0)
    return problems


@pytest.mark.parametrize("label", [_marked(label) for label in sorted(CALLABLES)])
def test_public_functions_and_classes_refuse_junk_with_library_errors(
    label: str, world: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Junk in any argument of a public function or class gives a library error."""
    monkeypatch.chdir(tmp_path)  # junk such as out="" writes into the working folder
    assert _walk(CALLABLES[label], world) == []


@pytest.mark.parametrize("label", [_marked(label) for label in METHOD_NAMES])
def test_public_methods_refuse_junk_with_library_errors(
    label: str, world: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Junk in any argument of a method of Scorecard, Evidence, EvidenceStore or a source."""
    owner, name = label.split(".")
    if owner not in world["instances"]:
        pytest.skip(f"{owner} needs the duckdb extra")
    monkeypatch.chdir(tmp_path)
    assert _walk(getattr(world["instances"][owner], name), world) == []


def test_a_wrong_type_names_the_argument_what_was_expected_and_what_came() -> None:
    """The boundary's message: function, argument, expected annotation, value and type.

    ``explain(None, ...)`` failed with ``AttributeError: 'NoneType' object has no
    attribute 'config'``; the raw error stays chained as the cause.
    """
    with pytest.raises(pi.InputTypeError) as info:
        pi.report.explain(None, "2023-01")  # type: ignore[arg-type]
    message = str(info.value)
    assert message.startswith("progress_indicators.report.explain: argument 'card' must be")
    assert "Scorecard" in message
    assert "(got None that is a NoneType)" in message
    assert "\nHint: " in message
    assert isinstance(info.value.__cause__, AttributeError)


def test_a_raw_error_with_well_typed_arguments_is_not_disguised() -> None:
    """If every argument has its annotated type, the original error is raised unchanged."""
    from progress_indicators._boundary import checked  # noqa: PLC0415

    def broken(frame: pd.DataFrame) -> None:
        raise KeyError("a bug, not the caller's mistake")

    with pytest.raises(KeyError, match="a bug"):
        checked(broken)(pd.DataFrame())
    with pytest.raises(pi.InputTypeError, match=r"argument 'frame' must be pd\.DataFrame"):
        checked(broken)("not a frame")  # type: ignore[arg-type]


def test_score_with_a_junk_config_is_a_config_error() -> None:
    """``score(config=5)`` raised ``TypeError`` from ``dict(5)``; a Mapping is accepted."""
    observations, _ = pi.datasets.load_example()
    for junk in (5, "weekly", [("frequency", "weekly")]):
        with pytest.raises(pi.ConfigError, match=r"expected a mapping of settings"):
            pi.score(observations, config=junk)  # type: ignore[arg-type]
    frozen = types.MappingProxyType({"frequency": "weekly", "uncertainty": {"draws": 0}})
    assert score(observations, config=frozen).config.frequency is pi.Frequency.WEEKLY


def test_config_loaders_check_their_argument_types() -> None:
    """``from_yaml(5)`` raised ``TypeError``; limits must be whole numbers > 0."""
    with pytest.raises(pi.InputTypeError, match=r"source must be the config text"):
        pi.ScorecardConfig.from_yaml(5)  # type: ignore[arg-type]
    with pytest.raises(pi.InputTypeError, match=r"max_bytes must be a whole number > 0"):
        pi.ScorecardConfig.from_yaml("frequency: weekly", max_bytes="10")  # type: ignore[arg-type]
    with pytest.raises(pi.InputTypeError, match=r"max_depth"):
        pi.ScorecardConfig.from_json("{}", max_depth=-1)


@pytest.mark.parametrize(
    ("make", "options"),
    [
        (pi.sources.ManualSource, {"path": 5}),
        (pi.sources.TableSource, {"path": 5}),
        (pi.sources.AcledSource, {"path": b"x.csv"}),
        (pi.sources.OsceSmmSource, {"path": "x.csv", "max_bytes": "10"}),
        (pi.sources.ViinaSource, {"path": "x.csv", "max_bytes": -1}),
        (pi.sources.DeepStateMapSource, {"path": "x.geojson", "max_bytes": 1.5}),
        (lambda **options: pi.load_source("manual", **options), {"path": 5}),
    ],
)
def test_source_options_are_checked(make: Callable[..., object], options: dict[str, Any]) -> None:
    """``path=5`` and ``max_bytes="10"`` used to fail later with raw errors."""
    with pytest.raises(pi.InputTypeError, match=r"path|max_bytes"):
        make(**options)


def test_report_annotations_and_paths_are_checked(tmp_path: Path) -> None:
    """Mathtext labels draw as written, bad dates and paths are library errors."""
    pytest.importorskip("matplotlib")
    observations, humanitarian = pi.datasets.load_example()
    card = score(observations, humanitarian=humanitarian, config={"uncertainty": {"draws": 0}})
    figure = card.plot("index", annotations={"2023-06-01": r"cost $\frac{1}{0 $ and $x^"})
    texts = [t.get_text() for ax in figure.axes for t in ax.texts]
    assert any(r"\$\frac{1}{0 \$" in t for t in texts)
    pi.report.figure_png(figure)  # drawing the label no longer raises mathtext errors
    with pytest.raises(pi.ConfigError, match=r"annotations key 'soon'"):
        card.plot("index", annotations={"soon": "x"})
    with pytest.raises(pi.InputTypeError, match=r"annotations label"):
        card.to_html(tmp_path / "r.html", annotations={"2023-06-01": 5})  # type: ignore[dict-item]
    with pytest.raises(pi.InputTypeError, match=r"path must be a file path"):
        card.to_html(5)  # type: ignore[arg-type]
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(pi.exceptions.ReportError, match=r"report path .* cannot be inspected"):
        card.to_html(blocker / "report.html")


BOUNDARY_CASES: list[tuple[str, object, object]] = [
    ("Literal['a', 'b']", "a", "c"),
    ("Mapping[str, int]", {"k": 1}, {"k": "1"}),
    ("tuple[int, int]", (1, 2), (1, 2, 3)),
    ("tuple[str, ...]", ("a", "b"), ("a", 1)),
    ("Sequence[str]", ["a"], [1]),
    ("Sequence[int]", [1], "12"),
    ("bool", True, 1),
    ("float", 1, True),
    ("int", 3, 3.0),
    ("Path", Path("x"), "x"),
    ("Callable[..., Any]", len, 5),
    ("int | None", None, "1"),
    ("pd.DataFrame | None", pd.DataFrame(), pd.Series(dtype=float)),
]


@pytest.mark.parametrize(("annotation", "good", "bad"), BOUNDARY_CASES, ids=repr)
def test_the_boundary_reads_each_annotation_form(
    annotation: str, good: object, bad: object
) -> None:
    """Each typing form the package uses: a good value keeps the raw error, a bad one names it."""
    from progress_indicators._boundary import checked  # noqa: PLC0415

    def broken(value: Any) -> None:
        raise KeyError("inside")

    broken.__annotations__ = {"value": annotation, "return": "None"}
    wrapped = checked(broken, module=__name__)
    with pytest.raises(KeyError, match="inside"):
        wrapped(good)
    with pytest.raises(pi.InputTypeError, match=r"argument 'value' must be"):
        wrapped(bad)
