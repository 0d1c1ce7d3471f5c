"""The statutory document's pages in Debian's chromium: the coordinator's cycle and WCAG 2.1 AA.

Run: .venv/bin/pytest -p no:cacheprovider src/lagesbild/statutory/tests/test_browser.py -q
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lagesbild.statutory.models import StatutoryDocument
from lagesbild.testing import run_queued_jobs
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import assert_accessible, assert_reflows, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_coordinator_generates_edits_and_decides_on_pages_that_meet_wcag_21_aa(
    town,
    browsing,
    axe_source: str,
) -> None:
    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.get_by_role("link", name="Lägesbild & åtgärdsplan").click()
    assert_accessible(page, axe_source, "the list of versions")
    page.get_by_label("År").fill("2024")
    page.get_by_role("button", name="Ta fram utkast").click()
    # The draft is written by a background job: its page says so, the worker runs it (here, in
    # the test's process), and the page then links to the draft.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nytt utkast till lägesbild och åtgärdsplan 2024"
    )
    assert run_queued_jobs() == 1
    # The page's own poll sees the job end and reloads; the reloaded page says so in its title
    # and moves focus to the link to what was made, which the status describes.
    result = page.get_by_role("link", name="Öppna det som skapades")
    expect(result).to_be_focused(timeout=10_000)  # a poll every two seconds, then the reload
    expect(page).to_have_title("Klar: Nytt utkast till lägesbild och åtgärdsplan 2024 – Lägesbild")
    expect(result).to_have_accessible_description("Klar")
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lägesbild och åtgärdsplan 2024 – Exempeltorp"
    )
    expect(page.get_by_role("heading", level=2, name="4 Åtgärdsplan")).to_be_visible()
    assert_accessible(page, axe_source, "the draft")

    page.locator("#avsnitt-orsaker ~ details summary").first.click()
    page.get_by_label("Text i avsnittet 3.2 Orsaker").fill("Mörka gångstråk och olåsta cykelrum.")
    assert_accessible(page, axe_source, "the draft with a section open for editing")
    page.get_by_role("button", name="Spara texten").click()
    expect(
        page.get_by_role("paragraph").filter(has_text="Mörka gångstråk och olåsta cykelrum.")
    ).to_be_visible()

    page.get_by_role("link", name="Ändra Ny belysning i gångtunneln").click()
    assert_accessible(page, axe_source, "the plan row form")
    page.get_by_label("Vem (ansvarig organisation)").select_option(
        label="Kommunledningsförvaltningen"
    )
    page.get_by_label("Gul – risk för avvikelse").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#cap-plan")).to_be_visible()
    expect(page.get_by_text("Gul – risk för avvikelse")).to_be_visible()

    page.get_by_label("Beslutsparagraf").fill("KF § 123")
    page.get_by_role("button", name="Besluta och lås versionen").click()
    expect(page.get_by_role("status").first).to_contain_text("är beslutad och låst")
    assert StatutoryDocument.objects.get().is_decided
    assert_accessible(page, axe_source, "the decided version")


def test_a_reader_reads_the_document_on_a_narrow_phone(town, browsing, axe_source: str) -> None:
    from lagesbild.statutory.services import generate_draft

    document = generate_draft(town.cast.municipality, 2024, town.cast.cecilia)
    page = browsing.page({"width": 320, "height": 700})
    log_in(page, "rut")
    page.goto(f"/lagesbild-atgardsplan/{document.pk}/")
    expect(page.get_by_role("heading", level=2, name="1 Kartläggning")).to_be_visible()
    expect(page.get_by_role("button", name="Spara texten")).to_have_count(0)
    assert_reflows(page, "the document")
    assert_accessible(page, axe_source, "the document at 320 px")


def test_the_coordinators_forms_fit_a_phone_with_finger_sized_fields(town, browsing) -> None:
    from lagesbild.statutory.services import generate_draft
    from lagesbild.testing_browser import PHONE
    from lagesbild.web.tests.test_browser_layout import page_width, too_small_to_tap

    document = generate_draft(town.cast.municipality, 2024, town.cast.cecilia)
    page = browsing.page(PHONE)
    log_in(page, "cecilia")
    # The decision's date and the plan item's start and end were 41 px high: this page's own
    # date style had a thinner border and less padding than every other field.
    for path in ("", "problem/ny/", "atgard/ny/"):
        page.goto(f"/lagesbild-atgardsplan/{document.pk}/{path}")
        scroll, width = page_width(page)
        assert scroll <= width, f"{path or 'the document'} is {scroll}px wide on a phone"
        assert not too_small_to_tap(page), path or "the document"
    expect(page.locator("input[type=date]").first).to_have_css("border-top-width", "2px")
