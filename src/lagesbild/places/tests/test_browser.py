"""A reporter on a phone files a report by typing a place name; the coordinator finds it in the
right district and in the repeat places of the week, and in the meeting's brief (issue 14's
"done when")."""

from __future__ import annotations

from typing import cast as typed

import pytest
from playwright.sync_api import expect

from lagesbild.areas.models import Municipality
from lagesbild.places.importing import import_gazetteer
from lagesbild.testing import Cast, file_report
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import (
    an_hour_ago,
    assert_accessible,
    district_count,
    earlier_in_its_week,
    log_in,
    week_of,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TUNNEL = "Gångtunneln vid Kvartsvägen"


def test_a_report_filed_by_typing_a_place_name_lands_in_its_district_and_repeats(
    cast: Cast, browsing, axe_source: str
) -> None:
    from lagesbild.reports.models import Report

    town = typed(Municipality, cast.municipality)
    gazetteer = f"name,latitude,longitude\n{TUNNEL},56.005,13.005\nStorgatan 14,56.015,13.005\n"
    assert import_gazetteer(gazetteer.encode(), "ortnamn.csv", town).ok
    occurred = an_hour_ago()
    for share in (0.3, 0.6):  # the tunnel was reported twice before, in the same week
        earlier = earlier_in_its_week(occurred, share)
        file_report(cast.bostad, "klotter", earlier, place_text=TUNNEL)

    page = browsing.page()  # a phone
    log_in(page, "sara")
    page.goto("/rapporter/ny/")
    page.get_by_label("Vad har hänt?").select_option(label="Klotter")
    place = page.get_by_label("Adress eller plats")
    place.press_sequentially("gångt")
    expect(page.locator(f'#place-options option[value="{TUNNEL}"]')).to_have_count(1)
    place.fill(TUNNEL)
    place.dispatch_event("input")
    expect(page.locator("#place-status")).to_have_text(f"Känd plats: {TUNNEL}")
    page.get_by_label("När?").fill(occurred.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.locator(".messages")).to_have_text("Tack! Rapporten är registrerad.")

    report = Report.objects.get(reporter__username="sara")
    assert (report.area, report.place_text, report.geocoded) == (cast.soder, TUNNEL, True)

    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.goto(f"/vecka/{week_of(occurred)}/")
    assert district_count(page, "Söder") == "3"
    repeats = page.locator("section[aria-labelledby=repeat-heading] tbody tr")
    expect(repeats).to_have_count(1)
    expect(repeats.first).to_contain_text(TUNNEL)
    expect(repeats.first).to_contain_text("Söder")

    page.goto(f"/vecka/{week_of(occurred)}/underlag/")
    places = page.locator("section[aria-labelledby=brief-places] li")
    expect(places.filter(has_text=TUNNEL)).to_have_text(
        f"{TUNNEL} (Söder): 3 rapporter — upprepad plats"
    )
    assert_accessible(page, axe_source, "the brief")
