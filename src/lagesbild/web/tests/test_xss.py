"""A script in a report's free text is shown as text on every page that displays it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Dialog

from lagesbild.core.weeks import IsoWeek
from lagesbild.testing import Cast, client_for, file_report
from lagesbild.web.tests.test_browser import log_in

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_report(cast: Cast):
    when = timezone.localtime() - timedelta(hours=2)
    return file_report(
        cast.bevakning, "klotter", when, point=Cast.NORR_POINT, text=PAYLOAD, place_text=PAYLOAD
    )


def pages(report) -> list[str]:
    week = str(IsoWeek.containing(timezone.localtime(report.occurred_from).date()))
    return [
        reverse("report-detail", args=[report.pk]),
        reverse("report-list"),
        reverse("week", args=[week]),
        reverse("review-queue") + f"?vecka={week}",
    ]


@pytest.mark.parametrize("username", ["cecilia", "sara"])
def test_a_script_in_free_text_is_escaped_on_every_page_that_shows_it(
    cast: Cast, hostile_report, username: str
) -> None:
    client = client_for(getattr(cast, username))
    shown = 0
    for url in pages(hostile_report):
        response = client.get(url)
        if response.status_code == 403:  # the review queue is the coordinator's
            continue
        body = response.content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
        shown += "&lt;script&gt;alert" in body
    assert shown >= 3  # the text really was on the pages, escaped


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_script_from_free_text_runs_in_the_browser(cast: Cast, desktop_page) -> None:
    when = timezone.localtime() - timedelta(hours=2)
    report = file_report(
        cast.bevakning, "klotter", when, point=Cast.NORR_POINT, text=PAYLOAD, place_text=PAYLOAD
    )
    dialogs: list[str] = []

    def note_and_dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    desktop_page.on("dialog", note_and_dismiss)
    log_in(desktop_page, "cecilia")
    for url in pages(report):
        desktop_page.goto(url)
        desktop_page.wait_for_load_state("networkidle")
        assert desktop_page.locator("text=<script>alert").count() >= 1, url  # shown as text
    assert dialogs == []
