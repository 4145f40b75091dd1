"""Evidence sources: adapters that turn real datasets into validated evidence.

Sources are plugins found through the entry-point group ``progress_indicators.sources``
(the built-in ones too): :func:`load_source` builds one by name and
:func:`available_sources` lists them. Their modules are imported only when loaded: the
adapter classes below are resolved lazily on first attribute access (PEP 562), so
``import progress_indicators`` imports no adapter. ``sources`` imports nothing from
``scoring``, ``report`` or the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from progress_indicators.sources._base import (
    Coverage,
    Evidence,
    EvidenceSource,
    build_evidence,
    empty_humanitarian,
    empty_observations,
)
from progress_indicators.sources._collect import (
    Collection,
    collect,
    deduplicate,
    reconcile_ledger,
)
from progress_indicators.sources._registry import (
    ENTRY_POINT_GROUP,
    available_sources,
    load_source,
    refresh_sources,
)

if TYPE_CHECKING:
    from progress_indicators.sources._acled import AcledSource
    from progress_indicators.sources._deepstatemap import DeepStateMapSource
    from progress_indicators.sources._euvsdisinfo import EuvsDisinfoSource
    from progress_indicators.sources._humanitarian import HumanitarianLedgerSource
    from progress_indicators.sources._manual import ManualSource
    from progress_indicators.sources._osce_smm import OsceSmmSource
    from progress_indicators.sources._table import TableSource
    from progress_indicators.sources._ucdp_ged import UcdpGedSource
    from progress_indicators.sources._viina import ViinaSource

_LAZY = {
    "AcledSource": "_acled",
    "DeepStateMapSource": "_deepstatemap",
    "EuvsDisinfoSource": "_euvsdisinfo",
    "HumanitarianLedgerSource": "_humanitarian",
    "ManualSource": "_manual",
    "OsceSmmSource": "_osce_smm",
    "TableSource": "_table",
    "UcdpGedSource": "_ucdp_ged",
    "ViinaSource": "_viina",
}

__all__ = [
    "ENTRY_POINT_GROUP",
    "AcledSource",
    "Collection",
    "Coverage",
    "DeepStateMapSource",
    "EuvsDisinfoSource",
    "Evidence",
    "EvidenceSource",
    "HumanitarianLedgerSource",
    "ManualSource",
    "OsceSmmSource",
    "TableSource",
    "UcdpGedSource",
    "ViinaSource",
    "available_sources",
    "build_evidence",
    "collect",
    "deduplicate",
    "empty_humanitarian",
    "empty_observations",
    "load_source",
    "reconcile_ledger",
    "refresh_sources",
]


def __getattr__(name: str) -> Any:
    """Import a built-in adapter class on first access."""
    module = _LAZY.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


# Exported functions and methods check their arguments' types (#16, class 4).
from progress_indicators._boundary import check_exports  # noqa: E402

check_exports(globals())
