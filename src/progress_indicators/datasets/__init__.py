"""The bundled example: real, attributed figures derived from public sources.

``load_example()`` returns the observation table and the humanitarian ledger built by
``tools/build_example_data.py`` from the extracts described in ``data/SOURCES.md``
(OHCHR civilian casualties, Ukrainian Air Force launch counts, OSCE SMM ceasefire
violations, DeepStateMap occupied area, dated sovereignty acts and official narrative
statements, and the record of exchanges). Where no open data covers an indicator in a
period, the example has no rows there: the index shows that as missing, never as
progress.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Final

import pyarrow as pa

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["attribution", "load_example"]

_DATA = "progress_indicators.datasets"


_TYPES: Final = {
    "value": pa.float64(),
    "credibility": pa.int8(),
    "returned_to_ukraine": pa.float64(),
    "returned_to_russia": pa.float64(),
}
"""The bundled tables' numeric columns; the rest (dates too) are text, as in the files."""


def _read(name: str) -> pd.DataFrame:
    # the library's one CSV reader; imported here so that importing the package loads
    # no source module
    from progress_indicators.sources._columnar import read_csv_frame  # noqa: PLC0415

    with resources.files(_DATA).joinpath("data", name).open("rb") as handle:
        return read_csv_frame(handle, what=f"bundled {name}", types=_TYPES)


def load_example() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load the bundled example: ``(observations, humanitarian)`` as DataFrames.

    Returns:
        The observation table (columns of ``OBSERVATION_COLUMNS``) and the humanitarian
        ledger (columns of ``HUMANITARIAN_COLUMNS``). Each call returns new frames.

    Examples:
        >>> observations, humanitarian = load_example()
        >>> sorted(observations["indicator"].unique())[:2]
        ['cessation_of_attacks', 'narrative_denial']
    """
    return _read("observations.csv"), _read("humanitarian.csv")


def attribution() -> str:
    """The origin, licence and derivation of every bundled series (``SOURCES.md``)."""
    return resources.files(_DATA).joinpath("data", "SOURCES.md").read_text(encoding="utf-8")


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports  # noqa: E402

check_exports(globals())
