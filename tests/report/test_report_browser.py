"""The HTML report in a real headless browser (Debian's ``chromium``).

Driven over the Chrome DevTools Protocol through ``--remote-debugging-pipe`` (fds 3
and 4, NUL-terminated JSON), so no extra Python package is needed. Without chromium the
test is skipped locally and fails in CI, which installs it (``apt-get install -y chromium``)
and sets ``PROGRESS_INDICATORS_REQUIRE_ALL`` (``tests/_optional.py``).
"""

from __future__ import annotations

import base64
import io
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from matplotlib import image

from tests import _optional
from tests.report.conftest import ONERROR_NOTE, SCRIPT_NOTE

if TYPE_CHECKING:
    from collections.abc import Iterator

    import progress_indicators as pi

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,2000",
    "--remote-debugging-pipe",
)
TIMEOUT_S = 60.0


class DevTools:
    """A minimal CDP client over chromium's debugging pipe (flattened sessions)."""

    def __init__(self, chromium: str, profile: Path) -> None:
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        # keep the child's ends away from 3 and 4 until the child maps them there
        child_in = os.dup(to_chrome_r) if to_chrome_r > 4 else _high(to_chrome_r)
        child_out = os.dup(from_chrome_w) if from_chrome_w > 4 else _high(from_chrome_w)
        for fd in (to_chrome_r, from_chrome_w):
            os.close(fd)

        def _map_fds() -> None:  # runs in the child, before exec
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_map_fds,  # noqa: PLW1509 (single-threaded test process)
            # os.dup2 makes 3 and 4 inheritable; every other fd is close-on-exec
            close_fds=False,
        )
        os.close(child_in)
        os.close(child_out)
        self.write_fd = to_chrome_w
        self.read_fd = from_chrome_r
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        """Stop the browser this client started and close the pipe."""
        self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.write_fd)
        os.close(self.read_fd)

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail("chromium did not answer over the DevTools pipe in time")
            ready, _, _ = select.select([self.read_fd], [], [], remaining)
            if ready:
                chunk = os.read(self.read_fd, 1 << 20)
                if not chunk:
                    pytest.fail("chromium closed the DevTools pipe (did it crash?)")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send a command and return its result (events seen meanwhile are kept)."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    pytest.fail(f"DevTools {method} failed: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        """Wait for an event (returning it), keeping the events seen on the way."""
        for event in self.events:
            if event.get("method") == method:
                return event
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            event = self._read_message(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event


def _high(fd: int) -> int:
    """A duplicate of ``fd`` numbered above 4."""
    import fcntl  # noqa: PLC0415 (POSIX only, like chromium's pipe mode)

    return fcntl.fcntl(fd, fcntl.F_DUPFD, 5)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    """A headless chromium driven over its DevTools pipe (Debian's, else one on PATH)."""
    chromium = (
        str(CHROMIUM)
        if CHROMIUM.exists()
        else _optional.executable("chromium", _optional.CHROMIUM_INSTALL)
    )
    client = DevTools(chromium, tmp_path / "profile")
    try:
        yield client
    finally:
        client.close()


def _evaluate(tools: DevTools, session: str, expression: str) -> Any:
    result = tools.call("Runtime.evaluate", session, expression=expression, returnByValue=True)
    return result["result"].get("value")


def test_report_loads_offline_without_errors_and_shows_hostile_notes_as_text(
    browser: DevTools, hostile_card: pi.Scorecard, tmp_path: Path
) -> None:
    """No console error, no network request, a non-blank page, notes shown and not run."""
    report = hostile_card.to_html(tmp_path / "report.html", timestamp="2025-01-01T00:00:00Z")
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable", session)
    browser.call("Page.navigate", session, url=report.as_uri())
    browser.wait_for("Page.loadEventFired")

    assert _evaluate(browser, session, "typeof window.__pwned") == "undefined"
    text = _evaluate(browser, session, "document.body.innerText")
    assert SCRIPT_NOTE in text
    assert ONERROR_NOTE in text
    assert "not part of the index" in text
    assert _evaluate(browser, session, "document.images.length") == 3
    assert _evaluate(
        browser, session, "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
    )
    shot = browser.call("Page.captureScreenshot", session, format="png")
    pixels = image.imread(io.BytesIO(base64.b64decode(shot["data"])), format="png")
    assert pixels.shape[0] > 500
    assert float(np.asarray(pixels).std()) > 0.05  # not a blank page

    events = [e for e in browser.events if e.get("sessionId") == session]
    errors = [
        e["params"]
        for e in events
        if (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")
        or e["method"] == "Runtime.exceptionThrown"
        or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
    ]
    assert errors == []
    requested = [
        e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"
    ]
    remote = [url for url in requested if not url.startswith(("file:", "data:"))]
    assert remote == []
    assert [url for url in requested if url.startswith("file:")] == [report.as_uri()]


def _pixels_near(pixels: np.ndarray[Any, Any], hex_colour: str, tolerance: float = 0.06) -> int:
    """How many pixels of an RGB(A) float image are within ``tolerance`` of a colour."""
    target = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    distance = np.abs(pixels[..., :3] - target).max(axis=-1)
    return int((distance <= tolerance).sum())


def _figure_pixels(browser: DevTools, session: str, position: int, keep: Path) -> np.ndarray:
    """Screenshot the ``position``-th chart of the page (kept at ``keep``), as RGBA floats."""
    box = json.loads(
        _evaluate(
            browser,
            session,
            f"JSON.stringify(document.querySelectorAll('#charts figure')[{position}]"
            ".getBoundingClientRect())",
        )
    )
    shot = browser.call(
        "Page.captureScreenshot",
        session,
        format="png",
        captureBeyondViewport=True,
        clip={
            "x": box["left"],
            "y": box["top"] + _evaluate(browser, session, "window.scrollY"),
            "width": box["width"],
            "height": box["height"],
            "scale": 1,
        },
    )
    png = base64.b64decode(shot["data"])
    keep.write_bytes(png)
    return np.asarray(image.imread(io.BytesIO(png), format="png"), dtype="float64")


def test_the_demo_report_shows_its_charts(browser: DevTools, tmp_path: Path) -> None:
    """Quick start line 1's report (``progress-indicators demo``) has its charts drawn.

    The demo runs as a user runs it; the page is opened in chromium, scrolled to the
    charts and screenshotted there (kept as ``charts.png`` in the test's folder). The
    screenshot holds the index line (Okabe-Ito blue) and the cessation line
    (vermillion): the charts are rendered, not replaced by the 'Charts need matplotlib'
    note.
    """
    out = tmp_path / "demo"
    subprocess.run(
        [sys.executable, "-m", "progress_indicators", "demo", "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    report = out / "report.html"
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    browser.call("Page.enable", session)
    browser.call("Runtime.enable", session)
    browser.call("Page.navigate", session, url=report.as_uri())
    browser.wait_for("Page.loadEventFired")

    text = _evaluate(browser, session, "document.body.innerText")
    assert "Charts need matplotlib" not in text
    assert _evaluate(browser, session, "document.querySelectorAll('#charts img').length") == 3
    assert _evaluate(
        browser,
        session,
        "Array.from(document.querySelectorAll('#charts img'))"
        ".every(i => i.complete && i.naturalWidth > 600)",
    )
    pixels = _figure_pixels(browser, session, 0, tmp_path / "charts.png")
    assert pixels.shape[0] > 400
    assert _pixels_near(pixels, "#0072B2") > 300  # the Verified Progress Index line
    assert _pixels_near(pixels, "#D55E00") > 300  # the cessation-of-attacks line
    # the third chart: the milestone ladders (withdrawal's step line, bluish green)
    pixels = _figure_pixels(browser, session, 2, tmp_path / "milestones.png")
    assert _pixels_near(pixels, "#009E73") > 300  # verified withdrawal's milestone steps
