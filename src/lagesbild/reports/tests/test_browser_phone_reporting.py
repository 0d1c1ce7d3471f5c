"""A guard files a report on a 320 px phone in Debian's chromium, goes Back and sends the form
again: one report. What only a browser shows: the form's key and map pin coming back with the
typed fields (test_phone_reporter_audit.py proves the server's side), and the zoom buttons' size."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lagesbild.reports.models import Report
from lagesbild.reports.tests.test_phone_reporter_audit import ALREADY_FILED
from lagesbild.testing import Cast
from lagesbild.web.tests.test_browser import log_in, place_pin, wait_for_report_map

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_back_and_send_again_on_a_phone_files_one_report(cast: Cast, phone_page) -> None:
    page = phone_page
    page.set_viewport_size({"width": 320, "height": 640})
    log_in(page, "sara")
    page.goto("/rapporter/ny/")
    wait_for_report_map(page)
    zoom = page.locator(".leaflet-control-zoom a")
    assert [box["height"] for box in (zoom.nth(i).bounding_box() for i in range(2))] == [44, 44]
    key = page.locator("#id_submission").input_value()
    page.get_by_label("Vad har hänt?").select_option(label="Klotter")
    place_pin(page, *Cast.NORR_POINT)
    pinned = page.locator("#id_latitude").input_value()
    page.get_by_label("Beskrivning").fill("Tagg på gaveln")
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Klotter")

    page.go_back()
    expect(page.get_by_label("Beskrivning")).to_have_value("Tagg på gaveln")
    assert page.locator("#id_submission").input_value() == key
    expect(page.locator("#id_latitude")).to_have_value(pinned)  # the pin comes back too
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_text(ALREADY_FILED)).to_be_visible()
    assert Report.objects.count() == 1
