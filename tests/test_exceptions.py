"""The exception and warning tree: exported at the top level, each under its built-in."""

from __future__ import annotations

import pytest

import progress_indicators as pi
from progress_indicators import exceptions

CLASSES = sorted(
    name
    for name in exceptions.__all__
    if isinstance(getattr(exceptions, name), type)
    and issubclass(getattr(exceptions, name), (BaseException, Warning))
    and name != "Reason"
)


@pytest.mark.parametrize("name", CLASSES)
def test_every_exception_and_warning_is_exported_at_the_top_level(name: str) -> None:
    """``pi.<Error>`` is the class a public call raises (e.g. ``pi.DataFileError``)."""
    assert name in pi.__all__
    assert getattr(pi, name) is getattr(exceptions, name)


@pytest.mark.parametrize("name", CLASSES)
def test_every_class_derives_from_the_library_base_and_a_builtin(name: str) -> None:
    """Errors: ProgressIndicatorsError plus a built-in; warnings: the library's UserWarning."""
    cls = getattr(exceptions, name)
    if issubclass(cls, Warning):
        assert issubclass(cls, pi.ProgressIndicatorsWarning)
        assert issubclass(cls, UserWarning)
        assert not issubclass(cls, pi.ProgressIndicatorsError)
    elif cls is not pi.ProgressIndicatorsError:  # the base itself is a plain Exception
        assert issubclass(cls, pi.ProgressIndicatorsError)
        builtins = [b for b in cls.__mro__ if b.__module__ == "builtins"]
        assert [b for b in builtins if b not in (Exception, BaseException, object)]


def test_the_errors_named_in_the_issue_are_exported() -> None:
    """DataFileError, SchemaError and ScoringError reach callers through ``pi``."""
    assert {"DataFileError", "SchemaError", "ScoringError"} <= set(CLASSES)


def test_a_public_call_raises_an_exported_class() -> None:
    """A missing data file read by a source raises ``pi.DataFileError`` (catchable as OSError)."""
    source = pi.load_source("table", path="no/such/file.csv")
    with pytest.raises(pi.DataFileError) as caught:
        source.read()
    assert isinstance(caught.value, OSError)
