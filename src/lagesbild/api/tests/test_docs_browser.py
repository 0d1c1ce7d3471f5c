"""The API's documentation page in a real browser: accessible, no console errors, nothing fetched
from outside the app (CSP 'self')."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lagesbild.web.tests.test_browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_api_docs_page_is_accessible_and_self_contained(
    desktop_page, browsing, live_server, axe_source
) -> None:
    desktop_page.goto("/api/docs/")
    expect(desktop_page.get_by_role("heading", level=1, name="Lägesbild API")).to_be_visible()
    expect(desktop_page.get_by_role("link", name="GET /api/v1/reports/").first).to_be_visible()
    assert_accessible(desktop_page, axe_source, "the API docs page")
    traffic = browsing.traffic(desktop_page)
    assert traffic.foreign_requests(live_server.url) == []
    assert traffic.console_errors == [] and traffic.page_errors == []
