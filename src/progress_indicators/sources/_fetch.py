"""Fetching from the data providers' APIs: one transport, retries, paging, secrets.

Every API source sends its requests through :class:`HttpClient`: a *transport*
``(request, timeout) -> bytes`` (urllib by default; tests inject a fake that replays
recorded responses, so no test touches the network), retries with exponential back-off
on timeouts, 429 and 5xx responses, and errors that never show a credential.

Credentials are read from the environment into :class:`Secret` values, whose ``repr``
and ``str`` are ``***``; every message, log line and provenance entry built here goes
through :meth:`HttpClient.redact`, which replaces each secret (and its URL-encoded form).

The flows:

* **ACLED** (:func:`fetch_acled`): an OAuth token from ``POST
  https://acleddata.com/oauth/token`` (form fields ``grant_type=password``,
  ``username``, ``password``, ``client_id=acled``; or ``grant_type=refresh_token`` with
  ``refresh_token``), then ``GET https://acleddata.com/api/acled/read`` with
  ``Authorization: Bearer <token>``, page by page (``limit``, ``page``) until a page is
  short. A 401 during paging refreshes the token once.
* **UCDP** (:func:`fetch_ucdp`): ``GET https://ucdpapi.pcr.uu.se/api/<resource>/<version>``
  with the header ``x-ucdp-access-token``, ``pagesize`` and ``page``, following
  ``NextPageUrl`` (on the same host only) until it is empty.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING, Any, Final

import attrs

from progress_indicators.exceptions import DataFileError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    Transport = Callable[[urllib.request.Request, float], bytes]

__all__ = [
    "ACLED_READ_URL",
    "ACLED_TOKEN_URL",
    "UCDP_API_URL",
    "HttpClient",
    "Secret",
    "env_secret",
    "fetch_acled",
    "fetch_ucdp",
    "urllib_transport",
]

LOGGER = logging.getLogger("progress_indicators.sources.fetch")

ACLED_TOKEN_URL: Final = "https://acleddata.com/oauth/token"  # noqa: S105 (a URL, not a secret)
ACLED_READ_URL: Final = "https://acleddata.com/api/acled/read"
UCDP_API_URL: Final = "https://ucdpapi.pcr.uu.se/api"

_RETRY_CODES: Final = frozenset({429, 500, 502, 503, 504})
_MAX_BACKOFF_S: Final = 30.0


class Secret:
    """A credential that never shows itself: ``repr``, ``str`` and format give ``***``.

    Examples:
        >>> token = Secret("s3cr3t")
        >>> f"{token}", repr(token), token.reveal()
        ('***', "Secret('***')", 's3cr3t')
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself, for the one place that sends it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> str | tuple[Any, ...]:
        msg = "a Secret is not pickled (it would write the credential out)"
        raise TypeError(msg)


def env_secret(name: str, environ: Mapping[str, str] | None = None) -> Secret | None:
    """The environment variable ``name`` as a :class:`Secret`, or None when unset or empty."""
    value = (os.environ if environ is None else environ).get(name, "").strip()
    return Secret(value) if value else None


def urllib_transport(request: urllib.request.Request, timeout: float) -> bytes:
    """Send ``request`` with :mod:`urllib` (HTTPS only).

    Raises:
        DataFileError: the URL is not ``https``.
    """
    if urllib.parse.urlsplit(request.full_url).scheme != "https":
        msg = "only https URLs are fetched (credentials travel with the request)."
        raise DataFileError(msg)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (https checked above)
        body: bytes = response.read()
    return body


@attrs.frozen(kw_only=True)
class HttpClient:
    """Requests with retries and redaction, through an injectable transport.

    attrs (frozen): built by the sources from their options; it learns nothing.

    Attributes:
        transport: ``(request, timeout) -> bytes``.
        timeout: seconds per request.
        retries: extra attempts on timeouts, connection errors, 429 and 5xx.
        sleep: the back-off sleep (``min(2 ** attempt, 30)`` seconds).
        what: the provider, for messages.
        secrets: values to hide in every message and log line.
    """

    transport: Transport = urllib_transport
    timeout: float = 60.0
    retries: int = 3
    sleep: Callable[[float], None] = time.sleep
    what: str = "API"
    secrets: tuple[Secret, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.timeout <= 0 or self.retries < 0:
            msg = (
                f"{self.what}: timeout must be > 0 and retries >= 0 "
                f"(got timeout={self.timeout}, retries={self.retries})."
            )
            raise DataFileError(msg)

    def hiding(self, *secrets: Secret | None) -> HttpClient:
        """A client that also hides ``secrets``."""
        known = list(self.secrets) + [s for s in secrets if s]
        return attrs.evolve(self, secrets=tuple(known))

    def redact(self, text: str) -> str:
        """``text`` with every secret (plain and URL-encoded) replaced by ``***``."""
        for secret in self.secrets:
            value = secret.reveal()
            if value:
                for form in (
                    urllib.parse.quote_plus(value),
                    urllib.parse.quote(value, safe=""),
                    value,
                ):
                    text = text.replace(form, "***")
        return text

    def send(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
    ) -> bytes:
        """GET ``url`` (POST ``form`` URL-encoded when given), retrying transient failures.

        Raises:
            DataFileError: a non-retryable HTTP error, or retries exhausted; the message
                names the request with every secret hidden, and chains nothing.
        """
        data = None if form is None else urllib.parse.urlencode(form).encode("ascii")
        request = urllib.request.Request(  # noqa: S310 (scheme checked by the transport)
            url, data=data, headers={"Accept": "application/json", **(headers or {})}
        )
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        shown = f"{'POST' if data is not None else 'GET'} {self.redact(url)}"
        problem = ""
        attempt = 0
        for attempt in range(self.retries + 1):
            LOGGER.debug("%s: %s (attempt %d)", self.what, shown, attempt + 1)
            try:
                return self.transport(request, self.timeout)
            except urllib.error.HTTPError as error:
                problem = f"HTTP {error.code} {self.redact(str(error.reason))}"
                if error.code not in _RETRY_CODES:
                    raise self._failure(problem, shown, attempt, status=error.code) from None
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                reason = getattr(error, "reason", error)
                problem = f"{type(error).__name__}: {self.redact(str(reason))}"
            LOGGER.debug("%s: %s failed: %s", self.what, shown, problem)
            if attempt < self.retries:
                self.sleep(min(2.0**attempt, _MAX_BACKOFF_S))
        raise self._failure(problem, shown, attempt, status=None) from None

    def _failure(self, problem: str, shown: str, attempt: int, *, status: int | None) -> _HttpError:
        hint = (
            "check the credentials in the environment and your access level."
            if status in (401, 403)
            else "check the network and try again later."
        )
        msg = (
            f"{self.what} request failed after {attempt + 1} attempt(s): {problem} "
            f"({shown}).\nHint: {hint} Credentials are never shown."
        )
        return _HttpError(msg, status=status)

    def json(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
    ) -> Any:
        """:meth:`send`, then parse the body as JSON.

        Raises:
            DataFileError: the request failed or the body is not JSON.
        """
        body = self.send(url, headers=headers, form=form)
        try:
            return json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            msg = (
                f"{self.what} returned a body that is not JSON ({type(error).__name__}) for "
                f"{self.redact(url)}.\nHint: the service may be down or behind a login page."
            )
            raise DataFileError(msg) from None


class _HttpError(DataFileError):
    """A failed request, with its HTTP status when there was one (to refresh on 401)."""

    def __init__(self, message: str, *, status: int | None) -> None:
        super().__init__(message)
        self.status = status


def _accessed() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# -- ACLED ----------------------------------------------------------------------------
ACLED_ENV: Final = ("ACLED_EMAIL", "ACLED_PASSWORD", "ACLED_REFRESH_TOKEN")
"""The environment variables of the ACLED flow (account e-mail, password, refresh token)."""


def _acled_grant(environ: Mapping[str, str] | None) -> tuple[dict[str, Secret], list[Secret]]:
    refresh = env_secret("ACLED_REFRESH_TOKEN", environ)
    if refresh:
        return {"grant_type": Secret("refresh_token"), "refresh_token": refresh}, [refresh]
    user = env_secret("ACLED_EMAIL", environ)
    password = env_secret("ACLED_PASSWORD", environ)
    if user and password:
        grant = {"grant_type": Secret("password"), "username": user, "password": password}
        return grant, [user, password]
    missing = [n for n, v in (("ACLED_EMAIL", user), ("ACLED_PASSWORD", password)) if not v]
    legacy = env_secret("ACLED_API_KEY", environ)
    msg = (
        f"the ACLED API needs the environment variable(s) {', '.join(missing)} (your myACLED "
        "account), or ACLED_REFRESH_TOKEN."
    )
    if legacy:
        msg += " ACLED_API_KEY is set, but ACLED's API now takes OAuth tokens, not a key."
    msg += (
        "\nHint: register at acleddata.com, then export ACLED_EMAIL and ACLED_PASSWORD; "
        "nothing is sent without them."
    )
    raise DataFileError(msg)


def _acled_token(
    client: HttpClient, environ: Mapping[str, str] | None
) -> tuple[Secret, HttpClient]:
    grant, secrets = _acled_grant(environ)
    client = client.hiding(*secrets)
    form = {key: value.reveal() for key, value in grant.items()} | {"client_id": "acled"}
    payload = client.json(ACLED_TOKEN_URL, form=form)
    token = payload.get("access_token") if isinstance(payload, dict) else None
    if not isinstance(token, str) or not token:
        keys = sorted(payload)[:6] if isinstance(payload, dict) else type(payload).__name__
        msg = (
            f"ACLED's token endpoint answered without an access_token (got {keys}).\n"
            "Hint: check the account's API access at acleddata.com."
        )
        raise DataFileError(msg)
    access = Secret(token)
    refresh = payload.get("refresh_token")
    extra = [Secret(refresh)] if isinstance(refresh, str) and refresh else []
    return access, client.hiding(access, *extra)


def _acled_page(payload: object, shown: str) -> list[dict[str, Any]]:
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        got = sorted(payload)[:6] if isinstance(payload, dict) else type(payload).__name__
        msg = (
            f"the ACLED API answered {shown} without a 'data' list (got {got}).\n"
            "Hint: check the account's access level for this endpoint."
        )
        raise DataFileError(msg)
    if payload.get("success") is False or payload.get("error"):
        msg = f"the ACLED API reports an error for {shown}: {payload.get('error')!r}."
        raise DataFileError(msg)
    rows: list[dict[str, Any]] = payload["data"]
    return rows


def fetch_acled(
    client: HttpClient,
    *,
    filters: Mapping[str, str],
    page_size: int = 5000,
    max_pages: int = 1000,
    environ: Mapping[str, str] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Every ACLED row matching ``filters``, and the provenance of the pull.

    Args:
        client: the HTTP client (transport, retries).
        filters: ACLED query filters, e.g. ``{"country": "Ukraine"}``.
        page_size: rows per page (``limit``).
        max_pages: stop with an error after this many full pages.
        environ: where credentials are read (default ``os.environ``).

    Returns:
        The rows and a provenance mapping (URL, filters, rows, time; no credential).

    Raises:
        DataFileError: missing credentials, a failed request, or too many pages.
    """
    client = attrs.evolve(client, what="ACLED API")
    token, client = _acled_token(client, environ)
    rows: list[dict[str, Any]] = []
    refreshed = False
    page = 1
    while page <= max_pages:
        query = {"_format": "json", **filters, "limit": str(page_size), "page": str(page)}
        url = f"{ACLED_READ_URL}?{urllib.parse.urlencode(query)}"
        try:
            payload = client.json(url, headers={"Authorization": f"Bearer {token.reveal()}"})
        except _HttpError as error:
            if error.status != 401 or refreshed:
                raise
            token, client = _acled_token(client, environ)  # an expired token: once more
            refreshed = True
            continue
        data = _acled_page(payload, client.redact(url))
        rows.extend(data)
        if len(data) < page_size:
            break
        page += 1
    else:
        msg = (
            f"the ACLED API returned more than {max_pages} pages of {page_size} rows.\n"
            "Hint: narrow start/end or raise max_pages=."
        )
        raise DataFileError(msg)
    provenance = {
        "dataset": "ACLED API",
        "api_url": ACLED_READ_URL,
        "auth": "OAuth bearer token",
        "filters": ", ".join(f"{k}={v}" for k, v in filters.items()) or "none",
        "rows": str(len(rows)),
        "pages": str(page),
        "accessed": _accessed(),
    }
    return rows, {k: client.redact(v) for k, v in provenance.items()}


# -- UCDP -----------------------------------------------------------------------------
UCDP_ENV: Final = "UCDP_ACCESS_TOKEN"
"""The environment variable holding the UCDP API token (sent as ``x-ucdp-access-token``)."""


def fetch_ucdp(
    client: HttpClient,
    *,
    version: str,
    resource: str = "gedevents",
    filters: Mapping[str, str] | None = None,
    page_size: int = 1000,
    max_pages: int = 1000,
    environ: Mapping[str, str] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Every UCDP record of ``resource``/``version`` matching ``filters``, and provenance.

    Args:
        client: the HTTP client (transport, retries).
        version: the dataset version, e.g. ``"25.1"`` (GED) or ``"25.0.9"`` (candidate).
        resource: ``gedevents`` (GED and candidate events).
        filters: UCDP filters, e.g. ``{"Country": "369", "StartDate": "2022-01-01"}``.
        page_size: records per page (``pagesize``; UCDP allows up to 1000).
        max_pages: stop with an error after this many pages.
        environ: where the token is read (default ``os.environ``).

    Returns:
        The records (``Result`` of every page) and a provenance mapping (no token).

    Raises:
        DataFileError: no token, a failed request, a reply that is not a UCDP page, a
            next page on another host, or too many pages.
    """
    token = env_secret(UCDP_ENV, environ)
    if not token:
        msg = (
            f"the UCDP API needs a token in the environment variable {UCDP_ENV} (sent as "
            "the x-ucdp-access-token header).\nHint: request a token from UCDP (see "
            "ucdp.uu.se/apidocs); nothing is sent without it."
        )
        raise DataFileError(msg)
    client = attrs.evolve(client, what="UCDP API").hiding(token)
    query = {"pagesize": str(page_size), **(filters or {})}  # first page: UCDP's default
    url: str | None = f"{UCDP_API_URL}/{resource}/{version}?{urllib.parse.urlencode(query)}"
    host = urllib.parse.urlsplit(UCDP_API_URL).netloc
    records: list[dict[str, Any]] = []
    pages = 0
    while url:
        if pages >= max_pages:
            msg = f"the UCDP API has more than {max_pages} pages.\nHint: raise max_pages=."
            raise DataFileError(msg)
        if urllib.parse.urlsplit(url).netloc != host or not url.startswith("https://"):
            msg = (
                f"the UCDP API pointed to a next page on another host ({client.redact(url)}); "
                "the token is only sent to ucdpapi.pcr.uu.se over https."
            )
            raise DataFileError(msg)
        payload = client.json(url, headers={"x-ucdp-access-token": token.reveal()})
        if not isinstance(payload, dict) or not isinstance(payload.get("Result"), list):
            got = sorted(payload)[:6] if isinstance(payload, dict) else type(payload).__name__
            msg = (
                f"the UCDP API answered {client.redact(url)} without a 'Result' list "
                f"(got {got}).\nHint: check the version name and the token."
            )
            raise DataFileError(msg)
        records.extend(payload["Result"])
        pages += 1
        following = payload.get("NextPageUrl")
        url = following if isinstance(following, str) and following.strip() else None
    provenance = {
        "dataset": f"UCDP {resource} {version}",
        "licence": "CC BY 4.0",
        "api_url": f"{UCDP_API_URL}/{resource}/{version}",
        "filters": ", ".join(f"{k}={v}" for k, v in (filters or {}).items()) or "none",
        "rows": str(len(records)),
        "pages": str(pages),
        "accessed": _accessed(),
    }
    return records, {k: client.redact(v) for k, v in provenance.items()}
