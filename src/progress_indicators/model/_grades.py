"""Verification status and the Admiralty (STANAG 2511) source grades.

This module is the one home of every grade rule: the total order of
:class:`Verification`, which grades feed a track (:meth:`Verification.counting`), and
which source grades are reliable enough (:meth:`Reliability.at_least`). Tables, frames,
scoring selection and source merging all ask these helpers instead of spelling out a
threshold of their own.
"""

from __future__ import annotations

import enum

__all__ = ["Credibility", "Reliability", "Verification"]

_RANK = {
    "refuted": -2,
    "disputed": -1,
    "claimed": 0,
    "reported": 1,
    "corroborated": 2,
    "verified": 3,
}


class Verification(enum.StrEnum):
    """How well an observation is established.

    A total order: ``REFUTED < DISPUTED < CLAIMED < REPORTED < CORROBORATED < VERIFIED``.
    ``DISPUTED`` and ``REFUTED`` never count toward any index (:attr:`counts` is False)
    and sort below every grade that does. The comparison operators compare ranks, never
    the strings, and accept a grade's string value on either side, so
    ``Verification.REPORTED < "corroborated"`` and ``"reported" < Verification.CORROBORATED``
    are both True. Comparing with a string that is not a grade is a ``ValueError``.

    Examples:
        >>> Verification.CORROBORATED >= Verification.REPORTED
        True
        >>> Verification.REPORTED < "corroborated"
        True
        >>> Verification.DISPUTED.counts_at(Verification.CLAIMED)
        False
        >>> [g.value for g in Verification.counting("corroborated")]
        ['corroborated', 'verified']
    """

    CLAIMED = "claimed"
    REPORTED = "reported"
    CORROBORATED = "corroborated"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    REFUTED = "refuted"

    @property
    def rank(self) -> int:
        """The place in the order: -2 (refuted), -1 (disputed), 0 (claimed) ... 3 (verified)."""
        return _RANK[self.value]

    @property
    def counts(self) -> bool:
        """Whether the grade can count toward any track (False for disputed and refuted)."""
        return self.rank >= 0

    def counts_at(self, threshold: Verification | str) -> bool:
        """Whether evidence of this grade feeds a track whose threshold is ``threshold``."""
        return self.counts and self.rank >= _grade(threshold).rank

    @classmethod
    def ordered(cls) -> tuple[Verification, ...]:
        """Every grade, lowest first (the order of the categorical grade column)."""
        return tuple(sorted(cls, key=lambda grade: grade.rank))

    @classmethod
    def counting(cls, threshold: Verification | str | None = None) -> tuple[Verification, ...]:
        """The grades that feed a track, lowest first.

        Args:
            threshold: the track's lowest grade; ``None`` is the claimed track (every
                grade that counts, i.e. all but disputed and refuted).
        """
        floor = 0 if threshold is None else _grade(threshold).rank
        return tuple(g for g in cls.ordered() if g.counts and g.rank >= floor)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return self.rank < _grade(other).rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return self.rank <= _grade(other).rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return self.rank > _grade(other).rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return self.rank >= _grade(other).rank


def _grade(value: Verification | str) -> Verification:
    """``value`` as a grade (a member or its string value); ``ValueError`` otherwise."""
    try:
        return Verification(value)
    except ValueError:
        names = ", ".join(g.value for g in Verification.ordered())
        msg = f"{value!r} is not a verification grade (expected one of {names})"
        raise ValueError(msg) from None


class Reliability(enum.StrEnum):
    """Admiralty source reliability: A (completely reliable) ... F (cannot be judged).

    The letters sort from most to least reliable, so plain string order is the order of
    reliability; :meth:`at_least` is the one place a reliability floor is applied.

    Examples:
        >>> [g.value for g in Reliability.at_least("C")]
        ['A', 'B', 'C']
    """

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @classmethod
    def at_least(cls, grade: Reliability | str) -> tuple[Reliability, ...]:
        """The source grades at least as reliable as ``grade`` (A first)."""
        floor = cls(grade)
        return tuple(g for g in cls if g.value <= floor.value)


class Credibility(enum.IntEnum):
    """Admiralty information credibility: 1 (confirmed) ... 6 (cannot be judged)."""

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6
