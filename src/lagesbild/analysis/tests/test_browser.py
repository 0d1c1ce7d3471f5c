"""The analyst walks through the analysis pages in Debian's chromium; axe-core checks each.

Run: .venv/bin/pytest -p no:cacheprovider src/lagesbild/analysis/tests/test_browser.py -q
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from lagesbild.analysis.tests.test_pages import WEEK, _burglary_cluster
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import assert_accessible, assert_reflows, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_analyst_walks_through_the_analysis_pages_that_meet_wcag_21_aa(
    cast: Any, browsing, axe_source: str
) -> None:
    _burglary_cluster(cast)
    page = browsing.page(DESKTOP)
    log_in(page, "anders")
    page.goto(f"/vecka/{WEEK}/")
    notes = page.locator("aside.analysis-notes")
    expect(notes).to_contain_text("Upprepningsrisk, Bostadsinbrott")
    assert_accessible(page, axe_source, "the week page with its analysis notes")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Analys", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analys, Exempeltorp")
    assert_accessible(page, axe_source, "the analysis overview")

    page.get_by_role("main").get_by_role("link", name="Upprepning nära i tid och rum").click()
    page.get_by_label("Till och med vecka").fill(str(WEEK))
    page.get_by_role("button", name="Visa").click()
    expect(page.locator("#nr-conclusion")).to_contain_text("inom 100 m och 7 dagar")
    expect(page.get_by_role("columnheader", name="[0, 7] dagar")).to_be_visible()
    assert_accessible(page, axe_source, "the Knox table")

    page.get_by_role("link", name="Tid på dygnet och veckan").first.click()
    page.get_by_label("Kategori").select_option("bostadsinbrott")
    page.get_by_label("Till och med vecka").fill(str(WEEK))
    page.get_by_role("button", name="Visa").click()
    expect(page.locator("p.lead")).to_contain_text("rapporter")
    assert_accessible(page, axe_source, "the time profile")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == f"tidsprofil-0999-{WEEK}.csv"

    page.get_by_role("link", name="Rapporteringsinsats").first.click()
    expect(page.get_by_role("heading", level=2, name="Per vecka")).to_be_visible()
    assert_accessible(page, axe_source, "the reporting effort")

    page.get_by_role("link", name="Polisens händelser").first.click()
    expect(page.locator("#location-caveat")).to_contain_text("mittpunkt")
    assert_accessible(page, axe_source, "the police events")
    page.set_viewport_size({"width": 320, "height": 700})
    assert_reflows(page, "the police events on a narrow phone")
