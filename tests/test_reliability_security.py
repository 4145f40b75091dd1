"""Security and reproducibility: no network, no leaked keys, confined paths, limits, seeds.

- ``import progress_indicators`` and ``score`` open no connection (sockets are blocked
  in a fresh interpreter; the run must still succeed).
- The ACLED API key never reaches the log output.
- ``resolve_data_path`` keeps config paths under a declared data root (``..`` and
  symbolic links resolved first).
- Every file source honours ``max_bytes=``; the YAML and JSON loaders honour their
  depth and node limits.
- Scoring the bundled example twice in processes with different ``PYTHONHASHSEED``
  gives byte-identical ``to_frame()`` and ``uncertainty``.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import urllib.error
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

import progress_indicators as pi
from progress_indicators.exceptions import ConfigError, DataFileError
from progress_indicators.sources import (
    AcledSource,
    DeepStateMapSource,
    EuvsDisinfoSource,
    HumanitarianLedgerSource,
    ManualSource,
    OsceSmmSource,
    TableSource,
    UcdpGedSource,
    ViinaSource,
)
from progress_indicators.sources._io import resolve_data_path
from tests._warnings import SINGLE, score

FIXTURES = Path(__file__).resolve().parent / "sources" / "fixtures"
SECRET = "s3cr3t-key-0123456789"

SCORE_SCRIPT = """
import socket, sys

def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

import progress_indicators as pi

observations, humanitarian = pi.datasets.load_example()
config = {"uncertainty": {"draws": 200, "seed": 7}}
card = pi.score(observations, humanitarian=humanitarian, config=config)
frame = card.to_frame()
out = sys.stdout
out.write(frame.to_csv(index=False, float_format="%.17g", date_format="%Y-%m-%dT%H:%M:%S"))
out.write("--- uncertainty ---\\n")
out.write(card.uncertainty.to_csv(float_format="%.17g", date_format="%Y-%m-%dT%H:%M:%S"))
"""


def _run_scoring(hash_seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", SCORE_SCRIPT],
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout


@pytest.mark.slow
def test_import_and_score_open_no_connection_and_are_reproducible_across_hash_seeds() -> None:
    """With sockets blocked, two processes (hash seeds 1 and 4242) give identical bytes."""
    first = _run_scoring("1")
    second = _run_scoring("4242")
    assert b"--- uncertainty ---" in first
    assert len(first.splitlines()) > 100  # the card is not empty
    assert first == second


def test_score_in_process_opens_no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """``score`` on the example runs with ``socket.socket.connect`` raising."""
    import socket  # noqa: PLC0415

    calls: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        calls.append(args)
        msg = "network access attempted"
        raise RuntimeError(msg)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    observations, humanitarian = pi.datasets.load_example()
    card = score(
        observations, expect=SINGLE, humanitarian=humanitarian, config={"uncertainty": {"draws": 0}}
    )
    assert card.index.notna().any()
    assert calls == []


class _FailingTransport:
    """An API transport that always answers HTTP 401 quoting the request URL and body."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def __call__(self, request: Any, timeout: float) -> bytes:
        url = request.full_url if hasattr(request, "full_url") else str(request)
        body = request.data.decode() if getattr(request, "data", None) else ""
        self.sent.append(f"{url} {body}")
        raise urllib.error.HTTPError(
            url, 401, f"bad credentials in {url} {body}", Message(), io.BytesIO(b"")
        )


def test_acled_password_never_reaches_the_logs(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """With every logger at DEBUG, a failing API read logs nothing that holds the password.

    ACLED's API takes an OAuth token for the account's e-mail and password (issue #18);
    the password travels in the token request's body.
    """
    monkeypatch.setenv("ACLED_PASSWORD", SECRET)
    monkeypatch.setenv("ACLED_EMAIL", "analyst@example.org")
    monkeypatch.delenv("ACLED_REFRESH_TOKEN", raising=False)
    transport = _FailingTransport()
    source = AcledSource(api=True, transport=transport, retries=1, sleep=lambda _: None)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger().debug("reading %r", source)
        with pytest.raises(DataFileError) as caught:
            source.read()
    assert transport.sent, "the fake transport was not called"
    assert SECRET in transport.sent[0]  # the password was sent ...
    assert SECRET not in caplog.text  # ... but never logged
    assert SECRET not in str(caught.value)
    assert SECRET not in repr(source)
    assert "reading AcledSource" in caplog.text  # the capture itself works


# -- resolve_data_path ----------------------------------------------------------------


def test_resolve_data_path_is_relative_to_the_config_folder(tmp_path: Path) -> None:
    """A relative path starts at ``base``, not at the working directory."""
    resolved = resolve_data_path("data/a.csv", base=tmp_path, root=None)
    assert resolved == (tmp_path / "data" / "a.csv").resolve()


def test_resolve_data_path_allows_paths_inside_the_root(tmp_path: Path) -> None:
    """Inside the root (even through a harmless ``..``) the resolved path is returned."""
    (tmp_path / "data" / "sub").mkdir(parents=True)
    resolved = resolve_data_path("data/sub/../b.csv", base=tmp_path, root=tmp_path / "data")
    assert resolved == (tmp_path / "data" / "b.csv").resolve()
    absolute = resolve_data_path(tmp_path / "data" / "c.csv", base=Path("/"), root=tmp_path)
    assert absolute == (tmp_path / "data" / "c.csv").resolve()


@pytest.mark.parametrize("written", ["../secret.csv", "data/../../secret.csv", "/etc/passwd"])
def test_resolve_data_path_refuses_escapes(tmp_path: Path, written: str) -> None:
    """``..`` climbing out of the root, or an absolute path elsewhere, is a DataFileError."""
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises(DataFileError, match="outside the data root") as caught:
        resolve_data_path(written, base=root, root=root)
    assert "Hint:" in str(caught.value)


def test_resolve_data_path_refuses_symlinks_out_of_the_root(tmp_path: Path) -> None:
    """A symbolic link inside the root that points outside it is refused."""
    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / "outside.csv"
    outside.write_text("x\n", encoding="utf-8")
    (root / "link.csv").symlink_to(outside)
    (root / "dir_link").symlink_to(tmp_path)
    with pytest.raises(DataFileError, match="outside the data root"):
        resolve_data_path("link.csv", base=root, root=root)
    with pytest.raises(DataFileError, match="outside the data root"):
        resolve_data_path("dir_link/outside.csv", base=root, root=root)
    inside = root / "real.csv"
    inside.write_text("x\n", encoding="utf-8")
    (root / "ok_link.csv").symlink_to(inside)
    assert resolve_data_path("ok_link.csv", base=root, root=root) == inside.resolve()


# -- limits ---------------------------------------------------------------------------

SIZED_SOURCES: dict[str, Any] = {
    "table": lambda n: TableSource(FIXTURES / "table" / "analyst_sheet.csv", max_bytes=n),
    "humanitarian": lambda n: HumanitarianLedgerSource(
        FIXTURES / "humanitarian" / "ledger.csv", max_bytes=n
    ),
    "osce_smm": lambda n: OsceSmmSource(
        FIXTURES / "osce_smm" / "smm_minsk_compiled.csv", max_bytes=n
    ),
    "acled": lambda n: AcledSource(FIXTURES / "acled" / "acled_fictional.csv", max_bytes=n),
    "ucdp_ged": lambda n: UcdpGedSource(FIXTURES / "ucdp_ged" / "ged_fictional.csv", max_bytes=n),
    "viina": lambda n: ViinaSource(FIXTURES / "viina" / "control_fictional.csv", max_bytes=n),
    "euvsdisinfo": lambda n: EuvsDisinfoSource(
        FIXTURES / "euvsdisinfo" / "cases_fictional.csv", max_bytes=n
    ),
    "manual": lambda n: ManualSource(FIXTURES / "manual" / "evidence.yaml", max_bytes=n),
    "deepstatemap": lambda n: DeepStateMapSource(FIXTURES / "deepstatemap" / "raw", max_bytes=n),
}


@pytest.mark.parametrize("name", sorted(SIZED_SOURCES))
def test_every_file_source_refuses_files_above_max_bytes(name: str) -> None:
    """``max_bytes=`` is honoured before parsing, with the size, the limit and a hint."""
    with pytest.raises(DataFileError, match="above the limit of 16") as caught:
        SIZED_SOURCES[name](16).read(on_invalid="quarantine")
    assert "Hint: raise max_bytes=" in str(caught.value)


def test_manual_node_limit_counts_aliases_expanded(tmp_path: Path) -> None:
    """A small file whose aliases expand past ``max_nodes`` is refused; a flat one is read."""
    path = tmp_path / "aliases.yaml"
    items = "".join("  - *item\n" for _ in range(30))
    path.write_text("defaults: &item {source: s}\nobservations:\n" + items, encoding="utf-8")
    with pytest.raises(DataFileError, match="more than 50 YAML nodes"):
        ManualSource(path, max_nodes=50).read(on_invalid="quarantine")
    evidence = ManualSource(path, max_nodes=1000).read(on_invalid="quarantine")
    assert evidence.accounting["read"] == 30
    assert evidence.accounting["rejected"] == 30  # aliased items share a line: numbered apart
    assert sorted(evidence.rejected["row"].unique()) == list(range(1, 31))


def test_manual_depth_limit_is_configurable(tmp_path: Path) -> None:
    """Nesting beyond ``max_depth`` is refused before any object is built."""
    path = tmp_path / "deep.yaml"
    path.write_text("observations: [[[[[1]]]]]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="deeper than 4 levels"):
        ManualSource(path, max_depth=4).read()
    evidence = ManualSource(path, max_depth=10).read(on_invalid="quarantine")
    assert evidence.accounting["rejected"] == 1


def test_config_yaml_limits(tmp_path: Path) -> None:
    """``from_yaml`` refuses big, deep and alias-expanding configs with a ConfigError."""
    path = tmp_path / "config.yaml"
    path.write_text("frequency: weekly\n" + "# padding\n" * 200, encoding="utf-8")
    with pytest.raises(ConfigError, match="above the limit of 100"):
        pi.ScorecardConfig.from_yaml(path, max_bytes=100)
    assert pi.ScorecardConfig.from_yaml(path).frequency is pi.Frequency.WEEKLY
    with pytest.raises(ConfigError, match="deeper than 3 levels"):
        pi.ScorecardConfig.from_yaml("caps: [[[[1]]]]\n", max_depth=3)
    bomb = "a: &a [1, 1, 1, 1]\nb: &b [*a, *a, *a, *a]\ncaps: [*b, *b, *b, *b]\n"
    with pytest.raises(ConfigError, match="more than 40 YAML nodes"):
        pi.ScorecardConfig.from_yaml(bomb, max_nodes=40)


def test_config_json_depth_limit_and_draws_bound() -> None:
    """``from_json`` refuses deep nesting; absurd Monte Carlo draws are a ConfigError."""
    with pytest.raises(ConfigError, match="more than the limit of 5"):
        pi.ScorecardConfig.from_json('{"caps": [[[[[[1]]]]]]}', max_depth=5)
    with pytest.raises(ConfigError, match="draws"):
        pi.ScorecardConfig.from_json(json.dumps({"uncertainty": {"draws": 10**9}}))
    config = pi.ScorecardConfig.from_json(json.dumps({"uncertainty": {"draws": 10}}))
    assert config.uncertainty.draws == 10
