"""Browser tests: the real app on a loopback port, driven by Debian's Chromium through Playwright.

Skipped, with a clear reason, when Chromium is missing; `REQUIRE_BROWSER=1` (set by `.ci/run`)
turns that skip into a failure so CI can never pass without running them.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from complaints import create_app
from complaints.extensions import db as _db
from tests.conftest import config_for

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
_EXPECTED_STATUS = re.compile(r"status of (400|401|404|409|413|422) ")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "build/screenshots"))


# Werkzeug's development server, which serves the app to the browser here, can leave a static
# file's response unclosed when Chromium drops the connection (seen once in CI, on the favicon);
# the warning then surfaces in whichever test the collector runs in. Production never serves
# static files from the app (the proxy does), so only these, and only here, are let through.
_DEV_SERVER_STATIC_FILES = (
    "ignore:unclosed file <_io.BufferedReader name='[^']*/complaints/static/:ResourceWarning",
    "ignore:Exception ignored in. <_io.FileIO name='[^']*/complaints/static/"
    ":pytest.PytestUnraisableExceptionWarning",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            for rule in _DEV_SERVER_STATIC_FILES:
                item.add_marker(pytest.mark.filterwarnings(rule))
    if CHROMIUM.exists():
        return
    reason = f"Chromium not found at {CHROMIUM}: browser tests skipped (apt-get install chromium)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(reason + ", but REQUIRE_BROWSER=1 demands them")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class LiveApp:
    app: Flask
    url: str


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveApp]:
    """The app on a free loopback port, on a fresh SQLite database, served from a thread."""
    app = create_app(config_for(f"sqlite:///{tmp_path / 'browser.db'}"))
    with app.app_context():
        _db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveApp(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            _db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """Console errors and failed requests seen while a journey ran: any one fails the test."""

    problems: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message) -> None:
        # A form answered 422 is the app doing its job; Chromium still logs it as an error.
        if message.type == "error" and not _EXPECTED_STATUS.search(message.text):
            self.problems.append(f"console: {message.text}")

    def _failed(self, request) -> None:
        # ERR_ABORTED is a load the next navigation cancelled, not a failure.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 500:
            self.problems.append(f"server error {response.status}: {response.url}")


def new_page(browser, *, javascript: bool = True, locale: str = "en-US"):
    context = browser.new_context(java_script_enabled=javascript, locale=locale,
                                  accept_downloads=True)  # fmt: skip
    page = context.new_page()
    watched = Watched()
    watched.watch(page)
    return context, page, watched


@pytest.fixture
def page(browser):
    """A fresh browser context and page; the test fails on any console error or failed request."""
    context, page, watched = new_page(browser)
    yield page
    context.close()
    assert watched.problems == []
