"""Scoring in tests with the library's warnings asserted, never silenced.

``score()`` warns when a scorecard is valid but thin (``tests/test_diagnostics.py``).
The suite turns warnings into errors, so a test that scores such input states which
warnings it expects: :func:`score` checks exactly those were issued, or, without
``expect``, that the warnings issued are the ones the card's own tables call for (the
warning contract, restated here independently of ``report/_diagnostics.py``).
"""

from __future__ import annotations

import contextlib
import warnings
from typing import TYPE_CHECKING, Any

import progress_indicators as pi

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["EMPTY", "NONE", "SINGLE", "called_for", "expecting", "issued", "score"]

NONE: frozenset[type[pi.ProgressIndicatorsWarning]] = frozenset()
SINGLE = frozenset({pi.SingleMetricWarning})
EMPTY = frozenset({pi.CoverageWarning})


def called_for(card: pi.Scorecard) -> set[type[pi.ProgressIndicatorsWarning]]:
    """The warning classes the contract calls for, read off the card's tables."""
    expected: set[type[pi.ProgressIndicatorsWarning]] = set()
    empty_indicator = any(card.indicators[name].isna().all() for name in card.indicators)
    if card.index.isna().all() or empty_indicator:
        expected.add(pi.CoverageWarning)
    outside = int((card.excluded["reason"].astype(str) == "outside_scored_period").sum())
    in_span = len(card.observations) - outside
    if in_span and len(card.excluded) - outside > 0.5 * in_span:
        expected.add(pi.ExclusionWarning)
    covered = card.coverage[card.coverage["covered"].to_numpy(dtype=bool)]
    most = covered.groupby(level="indicator")["metrics_covered"].max()
    if (most == 1).any():
        expected.add(pi.SingleMetricWarning)
    return expected


@contextlib.contextmanager
def issued() -> Iterator[list[type[pi.ProgressIndicatorsWarning]]]:
    """Collect the library warning classes issued in the block (a list filled on exit).

    Other warnings (pandas, numpy ...) are re-issued, so the suite's
    ``filterwarnings = error`` still sees them.
    """
    found: list[type[pi.ProgressIndicatorsWarning]] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield found
    for warning in caught:
        if issubclass(warning.category, pi.ProgressIndicatorsWarning):
            found.append(warning.category)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


@contextlib.contextmanager
def expecting(expect: Iterable[type[pi.ProgressIndicatorsWarning]]) -> Iterator[None]:
    """Assert that exactly the warning classes ``expect`` are issued in the block."""
    with issued() as found:
        yield
    assert set(found) == set(expect), f"issued {sorted(c.__name__ for c in found)}"


def score(
    observations: Any,
    *,
    expect: Iterable[type[pi.ProgressIndicatorsWarning]] | None = None,
    **options: Any,
) -> pi.Scorecard:
    """``pi.score(observations, **options)``, asserting the library warnings it issues.

    Args:
        observations: as for :func:`pi.score`.
        expect: the warning classes that must be issued (each once, no other); ``None``
            checks them against :func:`called_for`.
        options: passed to :func:`pi.score`.
    """
    with issued() as found:
        card = pi.score(observations, **options)
    assert len(found) == len(set(found)), f"a warning class issued twice: {found}"
    wanted = called_for(card) if expect is None else set(expect)
    assert set(found) == wanted, f"issued {sorted(c.__name__ for c in found)}"
    return card
