"""The provenance manifest: what produced a result, so a reader can reproduce it."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any

from progress_indicators._version import __version__
from progress_indicators.exceptions import ReportError

if TYPE_CHECKING:
    import pandas as pd

    from progress_indicators.scorecard import Scorecard

__all__ = ["MANIFEST_FORMAT", "canonical_csv", "format_timestamp", "manifest", "sha256_hex"]

MANIFEST_FORMAT = 1
"""Version of the manifest's layout (bumped when keys change meaning)."""

FLOAT_FORMAT = "%.12g"
"""Fixed float formatting of every CSV this package writes or hashes."""


def sha256_hex(data: bytes) -> str:
    """The sha256 of ``data`` as lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def format_timestamp(timestamp: dt.datetime | str | None) -> str:
    """A timestamp as UTC ISO 8601 (``2025-05-23T12:00:00Z``); ``None`` means now.

    Naive datetimes are taken as UTC. Strings are parsed, then normalised the same way.

    Raises:
        ReportError: a string that is not an ISO 8601 timestamp.
    """
    if timestamp is None:
        value = dt.datetime.now(dt.UTC)
    elif isinstance(timestamp, dt.datetime):
        value = timestamp
    else:
        try:
            value = dt.datetime.fromisoformat(str(timestamp).replace("Z", "+00:00"))
        except ValueError:
            msg = (
                f"timestamp {timestamp!r} is not ISO 8601.\n"
                "Hint: pass e.g. '2025-05-23T12:00:00Z' or a datetime."
            )
            raise ReportError(msg) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def canonical_csv(table: pd.DataFrame, key: str) -> bytes:
    r"""The canonical CSV bytes of an input table (the input of its hash).

    Rows are sorted by ``key`` (the unique id), columns keep the contract's order,
    dates are written ``YYYY-MM-DD``, floats with ``%.12g``, line ends ``\\n``, missing
    values empty. Row order of the input therefore does not change the hash; any value
    that does change the scores does.
    """
    ordered = table.sort_values(key, kind="stable") if key in table.columns else table
    text = ordered.to_csv(
        index=False, lineterminator="\n", float_format=FLOAT_FORMAT, date_format="%Y-%m-%d"
    )
    return text.encode("utf-8")


def manifest(
    card: Scorecard,
    *,
    timestamp: dt.datetime | str | None = None,
    seed: int | None = None,
    files: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The provenance manifest of a scorecard.

    Keys: ``manifest_format``, ``library`` (name and version), ``config`` (the settings
    as parsed canonical JSON), ``config_sha256`` (sha256 of ``config.to_json()``),
    ``inputs`` (per table: ``rows`` and ``sha256`` of :func:`canonical_csv`),
    ``sources`` (each observation source with its rows and ``version``, ``None`` until
    a source declares one), ``seed`` (``None`` unless given), ``timestamp`` (UTC ISO
    8601, pinnable) and, when files were written, ``files`` (name -> sha256).

    Args:
        card: the scorecard.
        timestamp: pin the timestamp (``None``: now).
        seed: the seed of any stochastic step (uncertainty), recorded as given.
        files: written file names and their sha256, recorded under ``files``.
    """
    import json  # noqa: PLC0415 (kept next to its single use)

    config_json = card.config.to_json()
    observations = card.observations
    events = card.humanitarian_events
    source_rows = observations["source"].astype(str).value_counts()
    result: dict[str, Any] = {
        "manifest_format": MANIFEST_FORMAT,
        "library": {"name": "progress-indicators", "version": __version__},
        "config": json.loads(config_json),
        "config_sha256": sha256_hex(config_json.encode("utf-8")),
        "inputs": {
            "observations": {
                "rows": len(observations),
                "sha256": sha256_hex(canonical_csv(observations, "observation_id")),
            },
            "humanitarian": {
                "rows": len(events),
                "sha256": sha256_hex(canonical_csv(events, "event_id")),
            },
        },
        "sources": [
            {"name": name, "rows": int(source_rows[name]), "version": None}
            for name in sorted(source_rows.index)
        ],
        "seed": seed,
        "timestamp": format_timestamp(timestamp),
    }
    if files is not None:
        result["files"] = dict(sorted(files.items()))
    return result
