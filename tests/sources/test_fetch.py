"""Getting real data: ACLED's OAuth flow, the UCDP API, VIINA zips (issue #18).

No test touches the network: the HTTP transport is a fake that replays recorded
responses (the fictional fixtures in each provider's schema) and records every request.
Credentials come from the environment and must never appear in a message, a repr, a
log line or the provenance.
"""

from __future__ import annotations

import datetime as dt
import email.message
import io
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from progress_indicators.exceptions import DataFileError, InputTypeError
from progress_indicators.sources import AcledSource, UcdpGedSource, ViinaSource
from progress_indicators.sources._fetch import (
    ACLED_READ_URL,
    ACLED_TOKEN_URL,
    UCDP_API_URL,
    Secret,
)
from tests.sources.conftest import FIXTURES

if TYPE_CHECKING:
    from pathlib import Path

PASSWORD = "pw-TEST-0123456789"
USER = "analyst@example.org"
ACCESS = "at-TEST-abcdefabcdef"
REFRESH = "rt-TEST-fedcbafedcba"
UCDP_TOKEN = "ucdp-TEST-5555aaaa"
SECRETS = (PASSWORD, USER, ACCESS, REFRESH, UCDP_TOKEN)

ACLED_JSON = FIXTURES / "acled" / "acled_fictional_api.json"
UCDP_JSON = FIXTURES / "ucdp_ged" / "ged_fictional_api.json"


class _Transport:
    """Replays queued responses; records each request (method, URL, headers, form)."""

    def __init__(self, *responses: bytes | Exception) -> None:
        self.responses = list(responses)
        self.requests: list[urllib.request.Request] = []

    def __call__(self, request: urllib.request.Request, timeout: float) -> bytes:
        self.requests.append(request)
        item = self.responses.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    def form(self, i: int) -> dict[str, str]:
        data = self.requests[i].data
        assert isinstance(data, bytes)
        return dict(urllib.parse.parse_qsl(data.decode("ascii")))

    def header(self, i: int, name: str) -> str | None:
        value = self.requests[i].get_header(name.capitalize())
        return None if value is None else str(value)


def _http_error(code: int, url: str, *echoed: str) -> urllib.error.HTTPError:
    """An HTTP error whose reason echoes what the request sent (a careless server)."""
    reason = f"denied: {' / '.join(echoed)}" if echoed else "Service Unavailable"
    return urllib.error.HTTPError(url, code, reason, email.message.Message(), io.BytesIO(b""))


def _token(access: str = ACCESS) -> bytes:
    return json.dumps(
        {
            "token_type": "Bearer",
            "expires_in": 86400,
            "access_token": access,
            "refresh_token": REFRESH,
        }
    ).encode()


def _acled_pages(size: int) -> list[bytes]:
    rows = json.loads(ACLED_JSON.read_text(encoding="utf-8"))["data"]
    return [
        json.dumps({"status": 200, "success": True, "data": rows[i : i + size]}).encode()
        for i in range(0, len(rows) + 1, size)
    ]


def _assert_hidden(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
            assert urllib.parse.quote_plus(secret) not in text


@pytest.fixture
def acled_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACLED_EMAIL", USER)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)
    monkeypatch.delenv("ACLED_REFRESH_TOKEN", raising=False)
    monkeypatch.delenv("ACLED_API_KEY", raising=False)


@pytest.mark.usefixtures("acled_account")
def test_acled_oauth_token_then_bearer_pages_map_like_the_saved_response(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """POST the password grant, then page with the bearer token; same evidence as the file."""
    caplog.set_level(logging.DEBUG, logger="progress_indicators.sources.fetch")
    transport = _Transport(_token(), *_acled_pages(6))
    source = AcledSource(api=True, page_size=6, transport=transport)
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    evidence = source.read(start=start, end=end)
    first = transport.requests[0]
    assert first.full_url == ACLED_TOKEN_URL
    assert first.get_method() == "POST"
    assert transport.form(0) == {
        "grant_type": "password",
        "username": USER,
        "password": PASSWORD,
        "client_id": "acled",
    }
    reads = transport.requests[1:]
    assert len(reads) == 2
    assert all(r.full_url.startswith(ACLED_READ_URL + "?") for r in reads)
    assert all(transport.header(i, "Authorization") == f"Bearer {ACCESS}" for i in (1, 2))
    assert "page=2" in reads[1].full_url
    assert "event_date=2022-01-01%7C2022-12-31" in reads[0].full_url
    saved = AcledSource(path=ACLED_JSON).read(start=start, end=end)
    pd.testing.assert_frame_equal(evidence.observations, saved.observations)
    assert evidence.accounting == saved.accounting
    assert evidence.provenance["auth"] == "OAuth bearer token"
    _assert_hidden(json.dumps(dict(evidence.provenance)), repr(source), caplog.text)
    assert "GET https://acleddata.com/api/acled/read" in caplog.text


def test_acled_refresh_token_grant_and_one_renewal_on_401(monkeypatch: pytest.MonkeyPatch) -> None:
    """ACLED_REFRESH_TOKEN takes the refresh grant; a 401 while paging re-tokens once."""
    monkeypatch.setenv("ACLED_REFRESH_TOKEN", REFRESH)
    pages = _acled_pages(20)
    transport = _Transport(_token("at-old"), _http_error(401, ACLED_READ_URL), _token(), *pages)
    evidence = AcledSource(api=True, page_size=20, transport=transport, sleep=lambda _: None).read()
    assert transport.form(0) == {
        "grant_type": "refresh_token",
        "refresh_token": REFRESH,
        "client_id": "acled",
    }
    assert transport.requests[2].full_url == ACLED_TOKEN_URL
    assert transport.header(3, "Authorization") == f"Bearer {ACCESS}"
    assert evidence.accounting["read"] == 11


@pytest.mark.usefixtures("acled_account")
def test_acled_errors_never_show_a_credential(caplog: pytest.LogCaptureFixture) -> None:
    """A rejected token request (HTTP 401 echoing the credentials) hides all of them."""
    caplog.set_level(logging.DEBUG, logger="progress_indicators.sources.fetch")
    source = AcledSource(
        api=True,
        transport=_Transport(_http_error(401, ACLED_TOKEN_URL, USER, PASSWORD)),
        sleep=lambda _: None,
    )
    with pytest.raises(DataFileError) as caught:
        source.read()
    error = caught.value
    _assert_hidden(str(error), repr(error), repr(source), caplog.text)
    assert "HTTP 401" in str(error)
    assert "POST https://acleddata.com/oauth/token" in str(error)
    assert error.__cause__ is None
    assert error.__suppress_context__


@pytest.mark.usefixtures("acled_account")
def test_acled_retries_server_errors_with_back_off() -> None:
    """503 and a timeout are retried (1 s, 2 s); the third attempt's data is used."""
    body = json.dumps({"status": 200, "success": True, "data": []}).encode()
    transport = _Transport(_token(), _http_error(503, ACLED_READ_URL), TimeoutError("slow"), body)
    waits: list[float] = []
    evidence = AcledSource(api=True, transport=transport, retries=2, sleep=waits.append).read()
    assert len(transport.requests) == 4
    assert waits == [1.0, 2.0]
    assert evidence.accounting["read"] == 0


def test_acled_without_credentials_names_the_variables_and_sends_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No password: the error names ACLED_PASSWORD, says a key is not enough, sends nothing."""
    monkeypatch.setenv("ACLED_EMAIL", USER)
    monkeypatch.delenv("ACLED_PASSWORD", raising=False)
    monkeypatch.delenv("ACLED_REFRESH_TOKEN", raising=False)
    monkeypatch.setenv("ACLED_API_KEY", PASSWORD)
    transport = _Transport()
    with pytest.raises(DataFileError, match="ACLED_PASSWORD") as caught:
        AcledSource(api=True, transport=transport).read()
    assert "OAuth tokens, not a key" in str(caught.value)
    _assert_hidden(str(caught.value))
    assert transport.requests == []


def test_a_secret_never_shows_itself() -> None:
    """repr, str and format of a Secret are masked; pickling it is refused."""
    import pickle  # noqa: PLC0415

    secret = Secret(PASSWORD)
    _assert_hidden(repr(secret), str(secret), f"{secret}", f"{secret!r}")
    assert secret.reveal() == PASSWORD
    with pytest.raises(TypeError, match="not pickled"):
        pickle.dumps(secret)


# -- UCDP ------------------------------------------------------------------------------


def _ucdp_pages() -> list[bytes]:
    saved = json.loads(UCDP_JSON.read_text(encoding="utf-8"))
    rows = saved["Result"]
    second = f"{UCDP_API_URL}/gedevents/25.1?pagesize=5&page=1&Country=369"
    return [
        json.dumps({**saved, "TotalPages": 2, "NextPageUrl": second, "Result": rows[:5]}).encode(),
        json.dumps({**saved, "TotalPages": 2, "NextPageUrl": "", "Result": rows[5:]}).encode(),
    ]


@pytest.fixture
def ucdp_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UCDP_ACCESS_TOKEN", UCDP_TOKEN)


@pytest.mark.usefixtures("ucdp_token")
def test_ucdp_api_pages_with_the_token_header_and_maps_like_the_saved_response(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two recorded pages, the token in x-ucdp-access-token; same evidence as the file."""
    caplog.set_level(logging.DEBUG, logger="progress_indicators.sources.fetch")
    transport = _Transport(*_ucdp_pages())
    source = UcdpGedSource(api=True, page_size=5, transport=transport)
    evidence = source.read()
    assert [r.full_url.split("?")[0] for r in transport.requests] == [
        f"{UCDP_API_URL}/gedevents/25.1"
    ] * 2
    assert "Country=369" in transport.requests[0].full_url
    assert "pagesize=5" in transport.requests[0].full_url
    assert all(transport.header(i, "X-ucdp-access-token") == UCDP_TOKEN for i in range(2))
    saved = UcdpGedSource(UCDP_JSON).read()
    pd.testing.assert_frame_equal(evidence.observations, saved.observations)
    assert evidence.accounting == saved.accounting
    assert evidence.provenance["pages"] == "2"
    _assert_hidden(json.dumps(dict(evidence.provenance)), repr(source), caplog.text)


@pytest.mark.usefixtures("ucdp_token")
def test_ucdp_next_page_on_another_host_is_refused_and_errors_hide_the_token() -> None:
    """A NextPageUrl off ucdpapi.pcr.uu.se is never requested; a 401 hides the token."""
    page = json.loads(_ucdp_pages()[0])
    page["NextPageUrl"] = "https://elsewhere.example/api/gedevents/25.1?page=1"
    transport = _Transport(json.dumps(page).encode())
    with pytest.raises(DataFileError, match="another host"):
        UcdpGedSource(api=True, transport=transport).read()
    assert len(transport.requests) == 1
    failing = _Transport(_http_error(401, f"{UCDP_API_URL}/gedevents/25.1", UCDP_TOKEN))
    with pytest.raises(DataFileError) as caught:
        UcdpGedSource(api=True, transport=failing, sleep=lambda _: None).read()
    _assert_hidden(str(caught.value), repr(caught.value))


def test_ucdp_without_a_token_says_which_variable_and_sends_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No UCDP_ACCESS_TOKEN: a DataFileError naming it, and no request."""
    monkeypatch.delenv("UCDP_ACCESS_TOKEN", raising=False)
    transport = _Transport()
    with pytest.raises(DataFileError, match="UCDP_ACCESS_TOKEN"):
        UcdpGedSource(api=True, transport=transport).read()
    assert transport.requests == []
    with pytest.raises(InputTypeError, match="exactly one of path"):
        UcdpGedSource()


# -- VIINA zips --------------------------------------------------------------------------


def _zip(path: Path, *members: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            archive.write(member, arcname=member.name)
    return path


@pytest.mark.parametrize("name", ["event_1pd_fictional.csv", "control_fictional.csv"])
def test_viina_zip_reads_like_the_csv_inside(tmp_path: Path, name: str) -> None:
    """Events and control files read from the repository's .zip, without unzipping."""
    csv_path = FIXTURES / "viina" / name
    archive = _zip(tmp_path / (name.removesuffix(".csv") + ".zip"), csv_path)
    expected = ViinaSource(csv_path).read(on_invalid="quarantine")
    got = ViinaSource(archive).read(on_invalid="quarantine")
    pd.testing.assert_frame_equal(got.observations, expected.observations)
    assert got.accounting == expected.accounting
    assert got.provenance["member"] == name
    assert sorted(p.name for p in tmp_path.iterdir()) == [archive.name]  # nothing unzipped


def test_viina_zip_with_several_files_needs_a_member_and_respects_max_bytes(
    tmp_path: Path,
) -> None:
    """Two CSVs: member= picks one; a member above max_bytes is refused before reading."""
    events = FIXTURES / "viina" / "event_1pd_fictional.csv"
    control = FIXTURES / "viina" / "control_fictional.csv"
    archive = _zip(tmp_path / "viina.zip", events, control)
    with pytest.raises(DataFileError, match="member="):
        ViinaSource(archive).read()
    chosen = ViinaSource(archive, member=control.name).read(on_invalid="quarantine")
    assert chosen.provenance["dataset"] == "VIINA 2.0 control"
    header, row = control.read_text(encoding="utf-8").splitlines()[:2]
    big = tmp_path / "control_big.csv"
    big.write_text(header + "\n" + (row + "\n") * 5000, encoding="utf-8")
    bomb = _zip(tmp_path / "bomb.zip", big)
    limit = bomb.stat().st_size + 1  # the archive passes; its member does not
    assert big.stat().st_size > limit
    with pytest.raises(DataFileError, match="once decompressed"):
        ViinaSource(bomb, max_bytes=limit).read()
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataFileError, match="not a readable zip"):
        ViinaSource(tmp_path / "broken.zip").read()
