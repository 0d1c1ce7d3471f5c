"""Fixtures for the browser tests: one Debian chromium per session, a fresh page per test.

The browser is the distribution's /usr/bin/chromium (the project's setup installs it); Playwright
never downloads one. If it is missing the browser tests FAIL, they do not skip: a green run must
mean the pages were really driven.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

import lagesbild

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

# Playwright's sync API runs an asyncio event loop in the test thread; Django's ORM would then
# refuse synchronous queries from that thread (SynchronousOnlyOperation). The tests only touch
# the ORM between browser steps, never concurrently with it, so this is safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
# Generous for a loaded 2-core machine, short enough that a hang fails fast.
TIMEOUT_MS = 15_000

NODE_MODULES = Path(lagesbild.__file__).resolve().parents[2] / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser(django_db_setup, live_server):
    """Debian's chromium, headless, once per session.

    It depends on ``live_server`` so that it is closed first: the server's request threads
    share the test database connection only while the server runs, and a keep-alive connection
    still open from chromium when the server stops would end in a thread-sharing error.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
            "(apt-get install chromium). Playwright must not download its own browser.",
            pytrace=False,
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps its connections in asgiref Locals, i.e. in context variables. Starting
    # Playwright's sync API leaves the test thread in another context, where Django would open
    # *new* connection objects: ones without the snapshot taken at database setup (so
    # serialized_rollback is silently skipped and every test after the first finds no seeded
    # categories), and not the ones the live server thread was given to share. Put the
    # original connection objects back into the new context.
    originals = {connection.alias: connection for connection in connections.all()}
    with sync_playwright() as playwright:
        for alias, connection in originals.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Traffic:
    """What a page did: every request URL, console errors and uncaught exceptions."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def foreign_requests(self, live_server_url: str) -> list[str]:
        allowed = {urlsplit(live_server_url).hostname, "127.0.0.1", "localhost"}
        return [
            url
            for url in self.requests
            # data: and blob: URLs never leave the browser.
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).hostname not in allowed
        ]


class Browsing:
    """Opens contexts for one test and closes them afterwards."""

    def __init__(self, browser: Browser, live_server_url: str) -> None:
        self.browser = browser
        self.url = live_server_url
        self.contexts: list[BrowserContext] = []
        self._traffic: dict[int, Traffic] = {}

    def page(self, viewport: ViewportSize = PHONE) -> Page:
        """Return a new page in a fresh context (own cookies), with its traffic recorded.

        The real Content-Security-Policy stays in force (no bypass_csp): the pages are tested
        as users get them, and axe-core goes in through page.evaluate instead.
        """
        context = self.browser.new_context(
            viewport=viewport, base_url=self.url, locale="sv-SE", timezone_id="Europe/Stockholm"
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        traffic = Traffic()
        page.on("request", lambda request: traffic.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                traffic.console_errors.append(f"{message.text} @ {message.location}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
        self._traffic[id(page)] = traffic
        return page

    def traffic(self, page: Page) -> Traffic:
        return self._traffic[id(page)]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, live_server) -> Iterator[Browsing]:
    from lagesbild.categories.models import Category

    # Fail loudly, not obscurely, if the categories seeded by migration did not survive a flush.
    assert Category.objects.filter(code="klotter").exists(), (
        "The migration-seeded categories are gone: is the test marked "
        "django_db(transaction=True, serialized_rollback=True)?"
    )
    session = Browsing(browser, live_server.url)
    yield session
    session.close()


@pytest.fixture
def phone_page(browsing):
    """A fresh phone-sized page, as a reporter out in the field has."""
    return browsing.page(PHONE)


@pytest.fixture
def desktop_page(browsing):
    """A fresh desktop page, as the coordinator at the office has."""
    return browsing.page(DESKTOP)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run npm ci in the repository root.", pytrace=False)
    return AXE_JS.read_text(encoding="utf-8")
