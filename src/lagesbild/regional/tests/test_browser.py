"""A person with roles in two municipalities walks through the regional view and makes a personal
read token, in Debian's chromium; axe-core checks each page.

Run: .venv/bin/pytest -p no:cacheprovider src/lagesbild/regional/tests/test_browser.py -q
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from lagesbild.api.models import PersonalToken
from lagesbild.regional.tests.test_regional import region  # noqa: F401 (a fixture)
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import assert_accessible, assert_reflows, log_in
from lagesbild.web.tests.test_browser_layout import scrolling_tables

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_vilma_compares_her_two_municipalities_and_makes_a_read_token(
    region: Any,  # noqa: F811
    browsing,
    axe_source: str,
) -> None:
    page = browsing.page(DESKTOP)
    log_in(page, "vilma")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Regionen", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regionen")
    rows = page.locator("table.regional tbody tr")
    expect(rows).to_have_count(2)  # Annanstad and Exempeltorp, not Tredjeby
    expect(rows.nth(0).locator("th")).to_contain_text("Annanstad")
    expect(rows.nth(1).locator("th")).to_contain_text("Exempeltorp")
    expect(rows.nth(1).locator("th")).to_contain_text(
        "utom andra organisationers rapporter i känsliga kategorier"
    )
    expect(page.get_by_role("main")).not_to_contain_text("Tredjeby")
    expect(rows.nth(1).locator("td").first).to_have_text("2")  # sensitive report left out
    assert_accessible(page, axe_source, "the regional view")
    page.set_viewport_size({"width": 320, "height": 700})
    assert_reflows(page, "the regional view on a narrow phone")
    # Its eight columns scroll in their frame on a phone (the demo's 769 px in 288 at 320 px
    # and in 358 at 390): the frame is a tab stop named by the caption, and axe agrees.
    assert scrolling_tables(page, "main .table-wrap")
    region_frame = page.get_by_role("group", name=re.compile(r"^Vecka \d{4}-W\d{2} per kommun$"))
    expect(region_frame).to_have_attribute("tabindex", "0")
    assert_accessible(page, axe_source, "the regional view on a narrow phone")
    page.set_viewport_size(DESKTOP)
    assert not scrolling_tables(page, "main .table-wrap")

    rows.nth(0).get_by_role("link", name="Annanstad").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Annanstad")

    page.get_by_role("contentinfo").get_by_role("link", name="Mina API-nycklar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina API-nycklar")
    assert_accessible(page, axe_source, "the token page")
    page.get_by_label("Namn").fill("Power BI")
    page.get_by_label("Giltig i").select_option("30")
    page.get_by_role("button", name="Skapa nyckel").click()
    secret = page.get_by_label("Nyckel", exact=True).input_value()
    token = PersonalToken.objects.get(user__username="vilma")
    assert secret.startswith(f"lbp_{token.prefix}_")
    assert_accessible(page, axe_source, "the token page with a new key")

    page.get_by_role("button", name="Återkalla Power BI").click()
    expect(page.get_by_role("status").first).to_contain_text("återkallad")
    expect(page.get_by_role("cell", name="återkallad")).to_be_visible()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_regional_figures_read_as_a_table_of_figures_on_screen_and_paper(
    region: Any,  # noqa: F811
    browsing,
) -> None:
    from lagesbild.web.tests.test_browser_layout import A4_AT_96_DPI, page_width

    page = browsing.page(DESKTOP)
    log_in(page, "vilma")
    page.goto("/region/")
    row = page.locator("table.regional tbody tr").nth(1)
    # The counts had been left-aligned, and the note under a name as bold as the name.
    expect(row.locator("td").first).to_have_css("text-align", "right")
    expect(row.locator("th .hint").first).to_have_css("font-weight", "400")
    page.set_viewport_size(A4_AT_96_DPI)
    page.emulate_media(media="print")
    scroll, width = page_width(page)
    assert scroll <= width, f"the printed regional view is {scroll}px wide on {width}px of paper"
