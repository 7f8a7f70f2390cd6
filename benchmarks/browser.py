"""A real headless Chromium, driven over the DevTools protocol through a pipe.

For the HTML report's tests, its benchmark and the README's screenshots. Chromium's
``--remote-debugging-pipe`` reads protocol commands from file descriptor 3 and writes replies and
events to descriptor 4, each message JSON ended by a NUL byte: no websocket library, no browser
download, nothing but the Debian package `chromium` (which `.ci/run` installs when missing).

    with Browser() as browser:
        page = browser.page()
        page.goto(Path("report.html").as_uri())
        page.evaluate("document.title")
        page.console, page.requests        # what the page logged, and every URL it asked for
        page.screenshot()                  # PNG bytes
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

#: Where Debian and others put the browser.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The browser's executable: $CHROMIUM, else the first of `CANDIDATES` on the PATH."""
    named = os.environ.get("CHROMIUM")
    if named:
        return named
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """The browser did not answer, or answered with an error."""


class Browser:
    """One headless Chromium process with its own throwaway profile."""

    def __init__(self, executable: str | None = None, *, timeout: float = 30.0) -> None:
        found = executable or find_chromium()
        if found is None:
            raise BrowserError("no Chromium found (install the Debian package `chromium`, or set $CHROMIUM)")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="disclosure-lint-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire() -> None:  # in the child: the pipe ends become descriptors 3 and 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        args = [found, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--disable-dev-shm-usage",
                "--force-color-profile=srgb", f"--user-data-dir={self.profile}", "about:blank"]
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, preexec_fn=wire, pass_fds=(3, 4))
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        #: Events not yet taken by a page: (sessionId, method, params).
        self.events: list[tuple[str | None, str, dict[str, Any]]] = []

    # --- the protocol ---------------------------------------------------------------------------

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        """Send a command and wait for its result (events met meanwhile are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        while data:
            written = os.write(self._to_browser, data)
            data = data[written:]
        wanted = self._next_id
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append((reply.get("sessionId"), reply["method"], reply.get("params", {})))

    def wait_for(self, session: str, method: str, timeout: float | None = None,
                 where: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any]:
        """Wait for an event of a page (kept events first)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, (sid, name, params) in enumerate(self.events):
                if sid == session and name == method and (where is None or where(params)):
                    del self.events[i]
                    return params
            reply = self._read(deadline)
            if "method" in reply:
                self.events.append((reply.get("sessionId"), reply["method"], reply.get("params", {})))

    def drain(self, seconds: float = 0.0) -> None:
        """Take in the events that arrive within `seconds` (and all that are waiting)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                reply = self._read(deadline, quiet=True)
            except TimeoutError:
                return
            if "method" in reply:
                self.events.append((reply.get("sessionId"), reply["method"], reply.get("params", {})))

    def _read(self, deadline: float, quiet: bool = False) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                if quiet:
                    raise TimeoutError
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the pipe (did it crash?)")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        result: dict[str, Any] = json.loads(message)
        return result

    # --- pages ----------------------------------------------------------------------------------

    def page(self, width: int = 1200, height: int = 900) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return Page(self, session, target, width, height)

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                with contextlib.suppress(BrowserError, OSError):
                    self.send("Browser.close")
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        finally:
            for fd in (self._to_browser, self._from_browser):
                with contextlib.suppress(OSError):
                    os.close(fd)
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


class Page:
    """One tab: what it logged, what it asked the network for, and ways to look at it."""

    def __init__(self, browser: Browser, session: str, target: str, width: int, height: int) -> None:
        self.browser = browser
        self.session = session
        self.target = target
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        #: (level, text) of console messages, uncaught exceptions and browser log entries (a CSP
        #: violation is one: level "error", source "security").
        self.console: list[tuple[str, str]] = []
        #: Every URL the page requested, the page itself included (a request the page's
        #: Content-Security-Policy refuses is one too: it is refused before it leaves).
        self.requests: list[str] = []
        #: Every URL a response came back for (never one the policy refused).
        self.responses: list[str] = []

    def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return self.browser.send(method, params, self.session)

    def _collect(self) -> None:
        kept = []
        for sid, method, params in self.browser.events:
            if sid != self.session:
                kept.append((sid, method, params))
            elif method == "Runtime.consoleAPICalled":
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                self.console.append((params.get("type", "log"), text))
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                self.console.append(("error", details.get("exception", {}).get("description") or details.get("text", "")))
            elif method == "Log.entryAdded":
                entry = params.get("entry", {})
                self.console.append((entry.get("level", "info"), f"{entry.get('source')}: {entry.get('text')}"))
            elif method == "Network.requestWillBeSent":
                self.requests.append(params.get("request", {}).get("url", ""))
            elif method == "Network.responseReceived":
                self.responses.append(params.get("response", {}).get("url", ""))
            else:
                kept.append((sid, method, params))
        self.browser.events[:] = kept

    def goto(self, url: str, settle: float = 0.3) -> float:
        """Load `url`; the seconds from navigation to the load event, as the page measured them."""
        self.send("Page.navigate", {"url": url})
        self.browser.wait_for(self.session, "Page.loadEventFired")
        self.browser.drain(settle)  # late console messages and requests
        self._collect()
        timing = self.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0].toJSON())")
        entry = json.loads(timing)
        return float(entry["loadEventEnd"] - entry["startTime"]) / 1000

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-serialisable values)."""
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": True})
        if "exceptionDetails" in reply:
            raise BrowserError(f"{expression}: {reply['exceptionDetails'].get('text')}")
        self.browser.drain(0.05)
        self._collect()
        return reply.get("result", {}).get("value")

    def errors(self) -> list[str]:
        """Console errors and warnings so far (uncaught exceptions and CSP violations among them)."""
        self.browser.drain(0.05)
        self._collect()
        return [text for level, text in self.console if level in ("error", "warning", "assert")]

    def screenshot(self, full_page: bool = False) -> bytes:
        """A PNG of the viewport (or of the whole page)."""
        import base64

        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
            params["captureBeyondViewport"] = True
        return base64.b64decode(self.send("Page.captureScreenshot", params)["data"])

    def print_pdf(self) -> bytes:
        """The page printed to PDF, as a browser's Print would."""
        import base64

        return base64.b64decode(self.send("Page.printToPDF", {"printBackground": True})["data"])
