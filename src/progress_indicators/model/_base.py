"""The shared base of the configuration models: invalid settings raise ``ConfigError``.

``ScorecardConfig.from_yaml``/``from_json``/``from_mapping`` always raised the library's
:class:`~progress_indicators.exceptions.ConfigError`, but building a model directly
(``pi.ScorecardConfig(frequency="hourly")``, ``pi.MetricSpec(...)``) let pydantic's
``ValidationError`` escape. :class:`ConfigModel` closes that gap with one hook, its
``__init__``.

Why not a class that subclasses both ``ConfigError`` and pydantic's ``ValidationError``:
pydantic-core's ``ValidationError`` has no constructor (``ValidationError(msg)`` raises
``TypeError: No constructor defined``; only ``from_exception_data`` builds one), while
``ConfigError(message)`` is raised with a plain message throughout the library; and
pydantic's documentation asks validation code never to raise ``ValidationError`` itself.

``__init__`` is marked ``__pydantic_base_init__`` (as pydantic's own ``BaseModel`` and
``RootModel`` mark theirs) because it only wraps ``BaseModel.__init__``: pydantic then
keeps validating nested models and ``model_validate`` input without calling it, so a
nested error is reported once, by the outermost constructor, with its full location
(``metrics.0.goalposts.best``). ``model_validate`` itself still raises pydantic's
``ValidationError`` (pydantic's own API); the library's readers wrap it in
``ConfigError``.
"""

from __future__ import annotations

import reprlib
from typing import TYPE_CHECKING, Any

import pydantic

from progress_indicators.exceptions import ConfigError, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["ConfigModel", "describe_errors"]


def _short(value: object, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters (inputs can be huge)."""
    text = reprlib.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_errors(exc: pydantic.ValidationError, fields: Iterable[str], *, where: str) -> str:
    """A ``ConfigError`` message for a pydantic ``ValidationError``.

    One line per problem (location, pydantic's message, the value given), then a
    ``Hint:`` (a did-you-mean for an unknown top-level setting, else the valid names).

    Args:
        exc: the error pydantic raised.
        fields: the valid setting names of the model that was validated.
        where: what was being read, for the first line (``config``, a file name ...).
    """
    names = sorted(fields)
    problems = "\n".join(
        f"  {'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']} "
        f"(got {_short(err.get('input'))})"
        for err in exc.errors()
    )
    hints = [
        did_you_mean(str(err["loc"][-1]), names)
        for err in exc.errors()
        if err["type"] == "extra_forbidden" and len(err["loc"]) == 1
    ]
    hint = " ".join(h for h in hints if h) or ("valid settings are " + ", ".join(names) + ".")
    return f"{where}: invalid configuration\n{problems}\nHint: {hint}"


class ConfigModel(pydantic.BaseModel):
    """Base of the configuration models: direct construction raises ``ConfigError``.

    ``ConfigError`` is also a ``ValueError``, as pydantic's ``ValidationError`` is, so
    ``except ValueError`` keeps catching both.
    """

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as exc:
            name = type(self).__name__
            message = describe_errors(exc, type(self).model_fields, where=name)
            raise ConfigError(message) from None

    # Only wraps BaseModel.__init__: pydantic may validate nested models without it.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]
