"""Verification status and the Admiralty (STANAG 2511) source grades."""

from __future__ import annotations

import enum

__all__ = ["Credibility", "Reliability", "Verification"]

_RANK = {"claimed": 0, "reported": 1, "corroborated": 2, "verified": 3}


class Verification(enum.StrEnum):
    """How well an observation is established.

    Ordered ``CLAIMED < REPORTED < CORROBORATED < VERIFIED``. ``DISPUTED`` and
    ``REFUTED`` never count toward any index: they sort below ``CLAIMED`` and
    :meth:`counts_at` is always ``False`` for them. The comparison operators compare
    these ranks (not the strings), so ``Verification.VERIFIED > Verification.CLAIMED``.

    Examples:
        >>> Verification.CORROBORATED >= Verification.REPORTED
        True
        >>> Verification.DISPUTED.counts_at(Verification.CLAIMED)
        False
    """

    CLAIMED = "claimed"
    REPORTED = "reported"
    CORROBORATED = "corroborated"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    REFUTED = "refuted"

    @property
    def rank(self) -> int:
        """The order of the grade: 0 (claimed) to 3 (verified); -1 for disputed/refuted."""
        return _RANK.get(self.value, -1)

    @property
    def counts(self) -> bool:
        """Whether the grade can count toward any track (False for disputed and refuted)."""
        return self.rank >= 0

    def counts_at(self, threshold: Verification) -> bool:
        """Whether evidence of this grade feeds a track whose threshold is ``threshold``."""
        return self.counts and self.rank >= threshold.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Verification):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Verification):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Verification):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Verification):
            return NotImplemented
        return self.rank >= other.rank


class Reliability(enum.StrEnum):
    """Admiralty source reliability: A (completely reliable) ... F (cannot be judged)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class Credibility(enum.IntEnum):
    """Admiralty information credibility: 1 (confirmed) ... 6 (cannot be judged)."""

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6
