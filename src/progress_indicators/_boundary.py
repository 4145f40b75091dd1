"""Argument checks at the public boundary: a wrong type is an ``InputTypeError``.

Every public function and method of progress_indicators annotates its parameters; when
a caller passes something of another type (``None`` where a table is due, an ``int``
where a path is due, a ``dict`` where a scorecard is due), the function used to fail
somewhere inside with a raw ``TypeError``, ``AttributeError`` or ``KeyError``. The
wrappers made here catch such a raw error and compare the arguments with their
annotations: when one does not match, they raise
:class:`~progress_indicators.exceptions.InputTypeError` naming the function, the
argument, what was expected and what arrived (#16, class 4). The function's own checks
run first and keep their errors; a correct call costs one ``try``.

:func:`check_exports` wraps the functions a public package exports (in its
``__all__``) and the public methods of the classes it exports; internal calls between
modules use the unwrapped functions. The
signature, name and docstring of each function are kept (``functools.wraps``).

Written by hand: pydantic's ``validate_call`` would coerce values (``"1"`` to ``1``) and
raise its own error type, and cannot resolve the annotations that this codebase keeps
under ``TYPE_CHECKING``. Only the type is checked here; values are checked by each
function, as before. Annotations that cannot be resolved, ``Any``, arrays and type
variables are not checked.
"""

from __future__ import annotations

import collections.abc as cabc
import datetime as dt
import enum
import functools
import inspect
import os
import reprlib
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
import pandas as pd

from progress_indicators.exceptions import InputTypeError, ProgressIndicatorsError

__all__ = ["check_exports", "checked", "shown"]

Predicate = typing.Callable[[object], bool]
F = TypeVar("F", bound=typing.Callable[..., Any])

_SKIP = object()


def _namespace(module: str) -> dict[str, Any]:
    """Names an annotation string may use: the module's, then common typing-only ones."""
    space: dict[str, Any] = {
        "pd": pd,
        "np": np,
        "dt": dt,
        "Path": Path,
        "Any": Any,
        "Literal": Literal,
        "Mapping": cabc.Mapping,
        "Sequence": cabc.Sequence,
        "Iterable": cabc.Iterable,
        "Iterator": cabc.Iterator,
        "Callable": cabc.Callable,
        "OnInvalid": Literal["raise", "quarantine"],
    }
    for library in _TYPING_ONLY:  # names modules import under TYPE_CHECKING only
        loaded = sys.modules.get(library)
        if loaded is not None:
            space.update({n: getattr(loaded, n) for n in getattr(loaded, "__all__", ())})
    space.update(vars(sys.modules[module]) if module in sys.modules else {})
    return space


_TYPING_ONLY = (
    "progress_indicators.model",
    "progress_indicators.frames",
    "progress_indicators.scoring",
    "progress_indicators.sources",
    "progress_indicators.scorecard",
)


def _predicate(annotation: Any) -> Predicate | None:  # noqa: PLR0911, PLR0912 (one case per typing form)
    """A test of a value against a resolved annotation, or ``None`` for "anything goes"."""
    if annotation is Any or annotation is object or isinstance(annotation, TypeVar):
        return None
    if annotation is None or annotation is type(None):
        return lambda value: value is None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _predicate(args[0])
    if origin in (typing.Union, types.UnionType):
        parts = [_predicate(a) for a in args]
        if any(p is None for p in parts):
            return None
        tests = [p for p in parts if p is not None]
        return lambda value: any(test(value) for test in tests)
    if origin is Literal:
        allowed = [(type(a), a) for a in args]
        return lambda value: (
            any(type(value) is kind and value == a for kind, a in allowed)
            or (isinstance(value, enum.Enum) and any(value == a for _, a in allowed))
        )
    if origin is not None:
        container = _container_predicate(origin, args)
        if container is not None:
            return container
        annotation = origin
    if annotation is np.ndarray:
        return None  # array-likes (lists, Series) are accepted wherever arrays are
    if annotation is bool:
        return lambda value: isinstance(value, (bool, np.bool_))
    if annotation is int:
        return lambda value: isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if annotation is float:
        return lambda value: (
            isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
        )
    if annotation is cabc.Callable:
        return callable
    if not isinstance(annotation, type):
        return None
    if getattr(annotation, "_is_protocol", False) and not getattr(
        annotation, "_is_runtime_protocol", False
    ):
        return None
    if annotation is Path:
        return lambda value: isinstance(value, os.PathLike)
    kind = annotation
    return lambda value: isinstance(value, kind)


_ITEMS = (cabc.Sequence, cabc.Iterable, cabc.Collection, cabc.Set, list, set, frozenset, tuple)


def _container_predicate(origin: Any, args: tuple[Any, ...]) -> Predicate | None:
    """Containers checked item by item (only run once a call has failed, so cheap enough).

    Text is a sequence of characters, so it only passes where items may be text;
    iterators are not consumed (only lists, tuples and sets are looked into).
    """
    if origin in (cabc.Mapping, dict) and len(args) == 2:
        key_test, value_test = _predicate(args[0]), _predicate(args[1])

        def mapping(value: object) -> bool:
            if not isinstance(value, cabc.Mapping):
                return False
            return all(
                (key_test is None or key_test(k)) and (value_test is None or value_test(v))
                for k, v in value.items()
            )

        return mapping
    if origin not in _ITEMS or not args:
        return None
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        tests = [_predicate(a) for a in args]

        def fixed(value: object) -> bool:
            return (
                isinstance(value, tuple)
                and len(value) == len(tests)
                and all(t is None or t(v) for t, v in zip(tests, value, strict=True))
            )

        return fixed
    item_test = _predicate(args[0])
    kind = origin if isinstance(origin, type) else object

    def items(value: object) -> bool:
        if not isinstance(value, kind) or isinstance(value, bytes):
            return False
        if isinstance(value, str):
            return item_test is None or item_test("x")
        if isinstance(value, (list, tuple, set, frozenset)) and item_test is not None:
            return all(item_test(item) for item in value)
        return True

    return items


def _expected(annotation: Any) -> str:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.replace("typing.", "").replace("collections.abc.", "")


def shown(value: object) -> str:
    """A short ``repr`` of an argument for a message: one line, at most 60 characters."""
    text = " ".join(reprlib.repr(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _resolved_predicate(annotation: Any, space: dict[str, Any]) -> Predicate | None:
    """Resolve an annotation (a string under ``from __future__ import annotations``).

    ``typing.get_type_hints`` does the resolving, on a stand-in function holding just
    this annotation; a name it cannot find (a ``TYPE_CHECKING``-only import) means the
    parameter is not checked.
    """

    def probe() -> None: ...

    probe.__annotations__ = {"value": annotation}
    try:
        resolved = typing.get_type_hints(probe, globalns=space, include_extras=True)["value"]
        return _predicate(resolved)
    except Exception:
        return None


def _rules(
    func: typing.Callable[..., Any], module: str
) -> tuple[inspect.Signature, dict[str, tuple[Predicate, str]]]:
    signature = inspect.signature(func)
    space = _namespace(module)
    rules: dict[str, tuple[Predicate, str]] = {}
    for name, parameter in signature.parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD) or name in (
            "self",
            "cls",
        ):
            continue
        annotation = parameter.annotation
        if annotation is parameter.empty:
            continue
        test = _resolved_predicate(annotation, space)
        if test is not None:
            rules[name] = (test, _expected(annotation))
    return signature, rules


def _mismatch(
    where: str,
    rules: tuple[inspect.Signature, dict[str, tuple[Predicate, str]]],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> str | None:
    """The message for the first argument that is not of its annotated type, if any."""
    signature, tests = rules
    short = where.rsplit(".", maxsplit=1)[-1]
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as exc:
        return f"{where}: {exc}.\nHint: see help({short}) for its arguments."
    for name, value in bound.arguments.items():
        rule = tests.get(name)
        if rule is not None and not rule[0](value):
            return (
                f"{where}: argument {name!r} must be {rule[1]} "
                f"(got {shown(value)} that is a {type(value).__name__}).\n"
                f"Hint: see help({short}) for what {name!r} takes."
            )
    return None


def checked(func: F, *, owner: str | None = None, module: str | None = None) -> F:
    """Wrap ``func`` so that a wrong argument type ends in an ``InputTypeError``.

    The call runs first: the function's own checks and errors come first, unchanged,
    and a correct call pays nothing but a ``try``. Only when the call fails with an
    error that is not the library's are the arguments compared with the annotations:
    if one does not match, the failure becomes an ``InputTypeError`` naming it (the
    original error chained as its cause); if all match, the original error is raised
    as it was (it is not the caller's mistake, and hiding it would hide a bug).
    """
    if getattr(func, "__pi_checked__", False):
        return func
    where: str = owner or str(getattr(func, "__qualname__", "function"))
    state: dict[str, Any] = {}

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (ProgressIndicatorsError, Warning):
            raise
        except Exception as error:
            if not state:
                state["rules"] = _rules(func, module or func.__module__)
            problem = _mismatch(where, state["rules"], args, kwargs)
            if problem is None:
                raise  # every argument has its annotated type: not a caller's mistake
            raise InputTypeError(problem) from error

    wrapper.__pi_checked__ = True  # type: ignore[attr-defined]
    return typing.cast("F", wrapper)


def _wrap_class(cls: type) -> None:
    """Check the public methods (and ``__init__`` of plain classes) of a library class."""
    import pydantic  # noqa: PLC0415 (already imported by the model)

    if (
        issubclass(cls, (enum.Enum, BaseException, pydantic.BaseModel))
        or getattr(cls, "_is_protocol", False)  # a protocol's members define isinstance
        or getattr(cls, "__pi_checked__", False)
    ):
        return
    names = [n for n in vars(cls) if not n.startswith("_")] + ["__init__"]
    for name in names:
        attribute = inspect.getattr_static(cls, name)
        if isinstance(attribute, (staticmethod, classmethod)):
            inner = attribute.__func__
            wrapped = checked(inner, owner=f"{cls.__name__}.{name}", module=cls.__module__)
            setattr(cls, name, type(attribute)(wrapped))
        elif inspect.isfunction(attribute):
            owner = cls.__name__ if name == "__init__" else f"{cls.__name__}.{name}"
            setattr(cls, name, checked(attribute, owner=owner, module=cls.__module__))
    cls.__pi_checked__ = True  # type: ignore[attr-defined]


def check_exports(namespace: dict[str, Any]) -> None:
    """Wrap every function and class method that ``namespace['__all__']`` exports.

    Called at the end of each public package's ``__init__`` (after its imports), so the
    names users import are checked and the modules' own names stay untouched.
    """
    package = namespace.get("__name__", "")
    for name in namespace.get("__all__", ()):
        if name in namespace:
            namespace[name] = _checked_value(namespace[name], f"{package}.{name}")
    getter = namespace.get("__getattr__")
    if getter is not None and not getattr(getter, "__pi_checked__", False):
        # names the package loads on first use are checked when they are loaded

        def lazy(name: str) -> Any:
            return _checked_value(getter(name), f"{package}.{name}")

        lazy.__pi_checked__ = True  # type: ignore[attr-defined]
        namespace["__getattr__"] = lazy


def _checked_value(value: Any, owner: str) -> Any:
    """``value`` with its arguments checked, if it is a function or class of the library."""
    if not str(getattr(value, "__module__", "")).startswith("progress_indicators"):
        return value
    if inspect.isclass(value):
        _wrap_class(value)
        return value
    if inspect.isfunction(value):
        return checked(value, owner=owner)
    return value
