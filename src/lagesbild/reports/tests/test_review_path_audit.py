"""The review queue as a coordinator reads it (audit of 2026-12-06): what it says counts, and
which parts a failed action opens."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from lagesbild.core.weeks import IsoWeek
from lagesbild.reports import review
from lagesbild.reports.tests.test_reporter_path_audit import (
    WHEN,
    in_english,
    only_reviewed_reports_count,
)
from lagesbild.testing import Cast, client_for, file_report

WEEK = IsoWeek(2024, 37)
QUEUE = f"{reverse('review-queue')}?vecka={WEEK}"


# The review queue's sentence on what counts follows the municipality's setting.


def test_the_queue_says_pending_reports_do_not_count_where_only_reviewed_ones_do(
    cast: Cast,
) -> None:
    only_reviewed_reports_count(cast)
    file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    text = client_for(cast.cecilia).get(QUEUE).content.decode()
    assert "Bara godkända rapporter räknas i lägesbilden" in text
    assert "Ej granskade och godkända rapporter räknas" not in text
    english = in_english(client_for(cast.cecilia)).get(QUEUE).content.decode()
    assert "Only accepted reports are counted in the situation picture" in english


def test_the_queue_says_pending_partner_reports_count_where_they_do(cast: Cast) -> None:
    file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    text = client_for(cast.cecilia).get(QUEUE).content.decode()
    assert "Ej granskade och godkända rapporter räknas i lägesbilden" in text
    assert "Tips från allmänheten räknas först när de godkänts." in text


def _reviewed_list_open(html: str) -> bool:
    summary = html.index("granskad rapport")
    return html.rfind("<details open>", 0, summary) > html.rfind("<details>", 0, summary)


def test_a_failed_rejection_leaves_the_list_of_reviewed_reports_closed(cast: Cast) -> None:
    pending = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    accepted = file_report(cast.bostad, "klotter", WHEN + timedelta(days=1))
    client = client_for(cast.cecilia)
    review.accept_report(accepted, cast.cecilia)
    empty_reason = {f"a{pending.pk}-reason": "", "vecka": str(WEEK)}
    page = client.post(reverse("review-reject", args=[pending.pk]), empty_reason)
    assert page.status_code == 400 and "Skriv ett skäl" in page.content.decode()
    assert not _reviewed_list_open(page.content.decode())
    # A failed action on a reviewed report opens the list, so its form shows.
    no_point = {f"c{accepted.pk}-latitude": "56.0", "vecka": str(WEEK)}
    page = client.post(reverse("review-correct", args=[accepted.pk]), no_point)
    assert page.status_code == 400 and _reviewed_list_open(page.content.decode())
