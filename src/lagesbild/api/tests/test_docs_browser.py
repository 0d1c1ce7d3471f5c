"""The API's documentation page in a real browser: accessible, fits a phone, no console errors,
nothing fetched from outside the app (CSP 'self')."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lagesbild.web.tests.test_browser import assert_accessible
from lagesbild.web.tests.test_browser_layout import fits_phones

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


def test_the_api_docs_page_fits_a_phone_without_scrolling_sideways(browsing, axe_source) -> None:
    page = browsing.page({"width": 320, "height": 800})
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", level=1, name="Lägesbild API")).to_be_visible()
    # Four columns of parameters had made the tables 9-29 px wider than a 390 px phone (99 px
    # on 320 px): on a phone each parameter is a block, and a long path in code may break.
    fits_phones(page, "the API docs page")
    # Each cell that lost its column header on the screen says what it is.
    row = page.locator("table.parameters tbody tr").first
    expect(row.locator("td").first).to_have_attribute("data-label", "Var")
    assert_accessible(page, axe_source, "the API docs page on a phone")
