"""One click from a hotspot of the weekly page to a decided measure with its evaluation set up
(issue 14's "done when"), as a coordinator does it in the browser."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lagesbild.core.weeks import IsoWeek
from lagesbild.testing import STOCKHOLM, Cast, file_report, square
from lagesbild.testing_browser import DESKTOP, PHONE
from lagesbild.web.tests.test_browser import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_one_click_from_a_hotspot_decides_a_measure_with_its_evaluation_set_up(
    cast: Cast, browsing, axe_source: str
) -> None:
    from lagesbild.areas.models import Area
    from lagesbild.briefings.tests.builders import bulk_weekly, weeks_back
    from lagesbild.measures.models import Measure, MeasureEvaluation

    week = IsoWeek.containing(timezone.localdate()).previous()
    east = Area.objects.create(
        municipality=cast.municipality, code="ost", name="Öst", geometry=square(13.02, 56.0, 0.03)
    )
    bulk_weekly(
        cast.bevakning, "klotter", east, (56.015, 13.035), weeks_back(week, 10), [2] * 10 + [12]
    )
    monday = datetime.combine(week.monday, datetime.min.time(), STOCKHOLM)
    for lat in (56.003, 56.012, 56.021, 56.028):
        for lon in (13.004, 13.025, 13.045):
            file_report(cast.bostad, "nedskrapning", monday + timedelta(hours=10), point=(lat, lon))

    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.goto(f"/vecka/{week}/")
    hotspot = page.locator("table.hotspots tbody tr").filter(has_text="Öst").first
    hotspot.get_by_role("link", name="Besluta åtgärd").click()

    # The form opens filled in from the hotspot: title, district, the evaluation offered.
    expect(page.get_by_role("textbox", name="Åtgärd", exact=True)).to_have_value("Åtgärd: Öst")
    expect(page.get_by_role("checkbox", name="Öst")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Ställ in utvärderingen nu")).to_be_checked()
    assert_accessible(page, axe_source, "the measure form opened from a hotspot")
    page.get_by_label("Ansvarig organisation").select_option(label=str(cast.kommunen))
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("heading", name="Utvärdering: fungerade åtgärden?")).to_be_visible()
    measure = Measure.objects.get()
    setup = MeasureEvaluation.objects.get(measure=measure)
    assert measure.status == "decided" and setup.frozen_at is not None
    assert setup.target_area.parent == east and setup.buffer_metres
    assert not any(c.sensitive for c in setup.categories.all())
    expect(page.locator("table.evaluation-counts")).to_contain_text(setup.target_area.name)
    assert_accessible(page, axe_source, "the measure page after a decision from a hotspot")


# The demo's measures (demo/agreement.py) with their owners' names, and a longer owner as a
# municipality may name a department.
DEMO_MEASURES = (
    ("Kartläggning av välfärdsbrott tillsammans med Försäkringskassan",
     "Kommunledningsförvaltningen", "proposed"),
    ("Trygghetsvandring i Solbacken med boende och bostadsbolaget", "Exempelstadshem AB",
     "decided"),
    ("Klottersanering inom 24 timmar vid Vallskolan", "Skol- och fritidsförvaltningen", "decided"),
    ("Extra polispatrullering vid Resecentrum helgkvällar", "Lokalpolisområde Exempelstad",
     "ongoing"),
    ("Ökad tillsyn mot bränder i Björkhaga", "Räddningstjänsten Exempelstad", "ongoing"),
    ("Belysning och röjning av sly vid gångtunneln vid Kvartsvägen", "Stadsbyggnadsförvaltningen",
     "done"),
)  # fmt: skip
LONGER_OWNER = "Samhällsbyggnadsförvaltningen"


def owners_past_their_column(page) -> list[str]:
    """The owners' names on the board wider than their cell, or running past their column."""
    return page.evaluate(
        """() => [...document.querySelectorAll(".board .card dd.owner")]
            .map((dd) => [dd, dd.getBoundingClientRect(),
                          dd.closest("section").getBoundingClientRect()])
            .filter(([dd, box, column]) => dd.scrollWidth > dd.clientWidth
                                           || box.right > column.right + 0.5)
            .map(([dd, box, column]) => `${dd.textContent}: ${dd.scrollWidth}px in `
                                        + `${dd.clientWidth}px, ${box.right - column.right}px `
                                        + "past its column")"""
    )


def assert_owners_fit(page, viewport) -> None:
    """At ``viewport``, every owner's name lies in its column, broken between words only
    ("Kommunledningsför|valtningen" at 1280 px), and so does every title."""
    from lagesbild.web.tests.test_browser_layout import words_split_across_lines

    page.set_viewport_size(viewport)
    width = viewport["width"]
    assert not owners_past_their_column(page), (width, owners_past_their_column(page))
    assert not words_split_across_lines(page, ".board .card dd.owner"), width
    assert not words_split_across_lines(page, ".board .card h3"), width


def test_the_boards_owners_fit_their_columns_whole_on_a_laptop_and_a_phone(
    cast: Cast, browsing
) -> None:
    from lagesbild.measures.models import Measure
    from lagesbild.organisations.models import Organisation

    def owned_by(name: str) -> Organisation:
        return Organisation.objects.create(
            municipality=cast.municipality, slug=f"agare-{Organisation.objects.count()}",
            name=name, kind=Organisation.Kind.MUNICIPAL,
        )  # fmt: skip

    for title, owner, status in DEMO_MEASURES:
        Measure.objects.create(
            municipality=cast.municipality, title=title, owner=owned_by(owner), status=status
        )
    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.goto("/atgarder/")
    expect(page.locator(".board .card")).to_have_count(len(DEMO_MEASURES))
    for viewport in (DESKTOP, PHONE):
        assert_owners_fit(page, viewport)
    page.set_viewport_size(DESKTOP)
    tops = {round(status.bounding_box()["y"]) for status in page.locator(".board > section").all()}
    assert len(tops) == 1, "the demo's five statuses are not side by side on a laptop"

    # A longer name still lies whole in its column; its column may go to a second row.
    Measure.objects.create(
        municipality=cast.municipality,
        title="Trygghetsvandring",
        owner=owned_by(LONGER_OWNER),
        status=Measure.Status.CANCELLED,
    )
    page.reload()
    expect(page.locator(".board .card dd.owner", has_text=LONGER_OWNER)).to_be_visible()
    for viewport in (DESKTOP, PHONE):
        assert_owners_fit(page, viewport)
