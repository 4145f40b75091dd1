"""The schema version in the store: newer refused, older migrated or refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

import progress_indicators as pi
from progress_indicators.store import SCHEMA_VERSION, StoreSchemaError, _schema
from tests import _optional
from tests.store.conftest import quarter

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb
else:  # skipped (or failed, in CI) without the backends extra
    duckdb = _optional.module("duckdb", _optional.BACKENDS_INSTALL)


def _set_version(path: Path, version: int) -> None:
    con = duckdb.connect(str(path))
    con.execute("UPDATE store_meta SET value = ? WHERE key = 'schema_version'", [str(version)])
    con.close()


def test_a_new_store_records_its_schema_version(tmp_path: Path) -> None:
    """The metadata table holds this library's schema version and who created the file."""
    store = pi.EvidenceStore(tmp_path / "evidence.duckdb")
    assert store.schema_version == SCHEMA_VERSION
    con = duckdb.connect(str(store.path), read_only=True)
    meta = dict(con.execute("SELECT key, value FROM store_meta").fetchall())
    con.close()
    assert meta["created_with"] == f"progress_indicators {pi.__version__}"


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    """Opening a store written with a later schema fails with a clear error and an upgrade hint."""
    path = tmp_path / "evidence.duckdb"
    pi.EvidenceStore(path).add(quarter())
    _set_version(path, SCHEMA_VERSION + 1)
    with pytest.raises(StoreSchemaError, match="newer progress_indicators") as info:
        pi.EvidenceStore(path)
    assert "Hint: upgrade" in str(info.value)
    assert isinstance(info.value, pi.StoreError)


def test_an_older_store_without_a_migration_is_refused(tmp_path: Path) -> None:
    """A schema older than any migration path is refused, not guessed at."""
    path = tmp_path / "evidence.duckdb"
    pi.EvidenceStore(path)
    _set_version(path, SCHEMA_VERSION - 1)
    with pytest.raises(StoreSchemaError, match="no migration from version") as info:
        pi.EvidenceStore(path)
    assert "re-ingest" in str(info.value)


def test_an_older_store_is_migrated_on_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a migration registered, opening upgrades the store once and keeps its evidence."""
    path = tmp_path / "evidence.duckdb"
    pi.EvidenceStore(path).add(quarter())
    _set_version(path, SCHEMA_VERSION - 1)
    calls: list[int] = []

    def migrate(con: duckdb.DuckDBPyConnection) -> None:
        calls.append(1)
        con.execute("CREATE TABLE migrated (note VARCHAR)")

    monkeypatch.setitem(_schema.MIGRATIONS, SCHEMA_VERSION - 1, migrate)
    store = pi.EvidenceStore(path)
    pi.EvidenceStore(path)
    assert calls == [1]
    assert store.schema_version == SCHEMA_VERSION
    assert len(store.observations()) == 7
