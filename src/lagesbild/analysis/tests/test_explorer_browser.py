"""The analyst explores Brå statistics in Debian's chromium; axe-core checks every state.

Run: .venv/bin/pytest -p no:cacheprovider src/lagesbild/analysis/tests/test_explorer_browser.py -q
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from lagesbild.analysis.explorer import ExplorerQuery, explore
from lagesbild.analysis.tests.test_explorer import statistics
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import assert_accessible, assert_reflows, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_analyst_compares_vandalism_with_peers_on_a_page_that_meets_wcag_21_aa(
    cast: Any, browsing, axe_source: str
) -> None:
    statistics()
    (expected,) = explore(
        cast.municipality, ExplorerQuery(("skadegorelse",), 2014, 2023, "rate", None)
    ).rows
    page = browsing.page(DESKTOP)
    log_in(page, "anders")
    page.goto("/analys/")
    page.get_by_role("main").get_by_role("link", name="Brå-statistik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brå-statistik, Exempeltorp")
    # All crimes over the last ten years with Brå figures, by default.
    expect(page.locator("#ex-table")).to_contain_text("Alla brott, Exempeltorp")
    assert_accessible(page, axe_source, "the statistics explorer's first view")

    page.get_by_role("checkbox", name="Alla brott").uncheck()
    page.get_by_role("checkbox", name="Skadegörelse", exact=True).check()
    page.get_by_role("radio", name="per 100 000 invånare").check()
    page.get_by_role("button", name="Visa statistiken").click()
    expect(page.locator("#ex-peers-rule")).to_contain_text(
        "Jämförs med 3 kommuner av samma storlek, 25\u00a0000–49\u00a0999 invånare år 2023"
    )
    own = page.get_by_role("row", name="Skadegörelse, Exempeltorp")
    expect(own.get_by_role("cell").last).to_have_text("700,0")
    peers = page.get_by_role("row", name="Skadegörelse, median jämförbara")
    expect(peers.get_by_role("cell").last).to_have_text("500,0 (3)")
    expect(page.locator("p.statement").first).to_have_text(expected.statements[0].text)
    expect(page.get_by_role("img", name="Linjediagram: skadegörelse")).to_be_visible()
    assert_accessible(page, axe_source, "vandalism per 100 000 beside the population band")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    assert download.value.suggested_filename == "statistik-0999-2014-2023.xlsx"

    page.get_by_role("radio", name="kommuner jag väljer:").check()
    page.get_by_label("Kommuner att jämföra med").select_option(["0114", "0115"])
    page.get_by_role("button", name="Visa statistiken").click()
    expect(page.locator("#ex-peers-rule")).to_have_text("Jämförs med 2 valda kommuner.")
    expect(peers.get_by_role("cell").last).to_have_text("1\u00a0200,0 (2)")
    assert_accessible(page, axe_source, "vandalism beside two chosen municipalities")

    page.get_by_label("Från år").fill("2023")
    page.get_by_label("Till och med år").fill("2020")
    page.get_by_role("button", name="Visa statistiken").click()
    expect(page.get_by_role("alert")).to_contain_text("Sista året måste ligga efter det första.")
    expect(page.get_by_label("Till och med år")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, axe_source, "the explorer with a reversed span of years")
    page.set_viewport_size({"width": 320, "height": 700})
    assert_reflows(page, "the statistics explorer on a narrow phone")
