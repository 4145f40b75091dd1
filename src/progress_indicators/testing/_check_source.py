"""``check_source``: the conformance check of the evidence-source contract."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from progress_indicators.exceptions import SourceCheckError, ValidationError
from progress_indicators.model import Indicator
from progress_indicators.sources import Coverage, Evidence, EvidenceSource
from progress_indicators.validation import validate_humanitarian, validate_observations

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

__all__ = ["check_source"]

_ACCOUNTING = ("read", "accepted", "rejected", "routed", "skipped")


def _same(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(left, right)
    except AssertionError:
        return False
    return True


def _check_identity(source: EvidenceSource, problems: list[str]) -> None:
    for attribute in ("name", "description"):
        value = getattr(source, attribute, None)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{attribute} must be a non-empty string (got {value!r})")
    indicators: object = source.indicators
    if not isinstance(indicators, frozenset) or not all(
        isinstance(i, Indicator) for i in indicators
    ):
        problems.append(f"indicators must be a frozenset of Indicator (got {indicators!r})")
    coverage: object = source.coverage
    if not isinstance(coverage, Coverage):
        problems.append(f"coverage must be a Coverage (got {coverage!r})")


def _check_tables(source: EvidenceSource, evidence: Evidence, problems: list[str]) -> None:
    observations, humanitarian = evidence.observations, evidence.humanitarian
    try:
        again = validate_observations(observations, on_invalid="raise").table
        if not _same(again.reset_index(drop=True), observations):
            problems.append(
                "observations are not in the contract's columns and dtypes "
                "(re-validating them changes the table)"
            )
    except (ValidationError, ValueError, TypeError) as exc:
        problems.append(f"observations do not pass validation: {exc}")
    try:
        again = validate_humanitarian(humanitarian, on_invalid="raise").table
        if not _same(again.reset_index(drop=True), humanitarian):
            problems.append(
                "humanitarian rows are not in the contract's columns and dtypes "
                "(re-validating them changes the table)"
            )
    except (ValidationError, ValueError, TypeError) as exc:
        problems.append(f"humanitarian rows do not pass validation: {exc}")
    if len(observations):
        for column in ("source", "verification"):
            if column in observations and observations[column].isna().any():
                problems.append(f"some observations have no {column}")
        if "indicator" in observations:
            found = {Indicator(v) for v in observations["indicator"].dropna().astype(str)}
            extra = found - set(source.indicators)
            if extra:
                problems.append(
                    f"observations on indicators the source does not declare: {sorted(extra)}"
                )
    if evidence.source != source.name:
        problems.append(f"Evidence.source is {evidence.source!r}, not the name {source.name!r}")


def _check_accounting(evidence: Evidence, problems: list[str]) -> None:
    accounting = evidence.accounting
    missing = [k for k in _ACCOUNTING if k not in accounting]
    if missing:
        problems.append(f"accounting lacks {missing}")
        return
    counts = {k: accounting[k] for k in _ACCOUNTING}
    if any(not isinstance(v, int) or v < 0 for v in counts.values()):
        problems.append(f"accounting counts must be integers >= 0 (got {counts})")
        return
    if counts["read"] != sum(counts[k] for k in _ACCOUNTING[1:]):
        problems.append(f"read != accepted + rejected + routed + skipped: {counts}")
    if len(evidence.observations) and counts["accepted"] == 0:
        problems.append("observations were returned but accepted is 0")
    if len(evidence.humanitarian) and counts["routed"] == 0:
        problems.append("humanitarian rows were returned but routed is 0")
    if counts["accepted"] > len(evidence.observations):
        problems.append(
            f"accepted ({counts['accepted']}) exceeds the observations returned "
            f"({len(evidence.observations)})"
        )
    rejected = evidence.rejected
    if counts["rejected"] != rejected["row"].dropna().nunique():
        problems.append(
            f"accounting says {counts['rejected']} rejected row(s) but the rejects name "
            f"{rejected['row'].dropna().nunique()}"
        )
    reasons = rejected["reason"].astype("string").str.strip()
    if (reasons.isna() | (reasons == "")).any():
        problems.append("some rejected rows have no reason")
    skipped = evidence.skipped
    if int(skipped["rows"].sum()) != counts["skipped"]:
        problems.append("the skipped table does not add up to accounting['skipped']")
    if (skipped["reason"].astype("string").fillna("").str.strip() == "").any():
        problems.append("some skipped rows have no reason")


def _check_span(
    evidence: Evidence,
    start: dt.date | None,
    end: dt.date | None,
    coverage: Coverage,
    problems: list[str],
) -> None:
    for table_name in ("observations", "humanitarian"):
        table: pd.DataFrame = getattr(evidence, table_name)
        if not len(table) or "date" not in table:
            continue
        dates = pd.to_datetime(table["date"])
        for bound, label, outside in (
            (start, "start", lambda d, b: d < b),
            (end, "end", lambda d, b: d > b),
            (coverage.start, "coverage.start", lambda d, b: d < b),
            (coverage.end, "coverage.end", lambda d, b: d > b),
        ):
            if bound is None:
                continue
            check: Callable[[pd.Series, pd.Timestamp], pd.Series] = outside
            n = int(check(dates, pd.Timestamp(bound)).sum())
            if n:
                problems.append(f"{n} {table_name} row(s) dated outside {label} {bound}")


def check_source(
    source: EvidenceSource,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Evidence:
    """Check that ``source`` honours the evidence-source contract; raise if it does not.

    Reads the source (in quarantine mode) and checks: it satisfies the
    :class:`EvidenceSource` protocol (name, description, indicators, coverage); its
    tables are in the contract's columns and dtypes (re-validating them changes
    nothing); observations carry a source and a verification grade and only declared
    indicators; two reads give equal output; rows dated outside ``start``/``end`` (and
    the declared coverage) are not returned; ``read == accepted + rejected + routed +
    skipped``; every reject and every skipped count has a reason; ``raise`` mode raises
    when rows were rejected; and a read with ``start``/``end`` returns exactly the
    full read's rows in that span.

    Args:
        source: the source to check (constructed, e.g. with a fixture path).
        start: first day to read, to exercise the span filter.
        end: last day to read.

    Returns:
        The evidence read (so tests can add their own assertions).

    Raises:
        SourceCheckError: listing every broken rule.

    Examples:
        >>> from progress_indicators.testing import check_source
        >>> evidence = check_source(pi.load_source("osce_smm", path="smm.csv"))
    """
    name = str(getattr(source, "name", type(source).__name__))
    if not isinstance(source, EvidenceSource):
        raise SourceCheckError(name, ["does not satisfy the EvidenceSource protocol"])
    problems: list[str] = []
    _check_identity(source, problems)
    first = source.read(start, end, on_invalid="quarantine")
    second = source.read(start, end, on_invalid="quarantine")
    if not isinstance(first, Evidence):
        raise SourceCheckError(name, [f"read() returned {type(first).__name__}, not Evidence"])
    for table_name in ("observations", "humanitarian", "rejected", "skipped"):
        if not _same(getattr(first, table_name), getattr(second, table_name)):
            problems.append(f"two reads gave different {table_name}")
    if dict(first.accounting) != dict(second.accounting):
        problems.append("two reads gave different accounting")
    _check_tables(source, first, problems)
    _check_accounting(first, problems)
    _check_span(first, start, end, source.coverage, problems)
    if first.accounting.get("rejected", 0):
        try:
            source.read(start, end, on_invalid="raise")
            problems.append("read(on_invalid='raise') did not raise although rows were rejected")
        except ValidationError:
            pass
    if start is not None or end is not None:
        full = source.read(on_invalid="quarantine").observations
        dates = pd.to_datetime(full["date"])
        inside = pd.Series(True, index=full.index)
        if start is not None:
            inside &= dates >= pd.Timestamp(start)
        if end is not None:
            inside &= dates <= pd.Timestamp(end)
        expected = full[inside].reset_index(drop=True)
        if not _same(expected, first.observations):
            problems.append("a read with start/end differs from the full read's rows in that span")
    if problems:
        raise SourceCheckError(name, problems)
    return first
