"""Every page that shows sensitive reports writes who saw which, when and from where."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.audit.models import AuditEntry
from lagesbild.audit.services import SENSITIVE_READ
from lagesbild.testing import PASSWORD, STOCKHOLM, Cast, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
WEEK = "2024-W37"


def client_for(user) -> Client:
    client = Client(REMOTE_ADDR="198.51.100.7")
    assert client.login(username=user.username, password=PASSWORD)
    return client


def reads() -> list[AuditEntry]:
    """The sensitive reads logged in this test (the cast is made anew for each test)."""
    return list(
        AuditEntry.objects.filter(action=SENSITIVE_READ, actor__isnull=False).order_by("pk")
    )


def test_a_coordinator_opening_a_sensitive_report_is_logged_with_who_what_when_and_where(
    cast: Cast,
) -> None:
    report = file_report(cast.polisen, "narkotika_forsaljning", WHEN, text="Langning vid torget.")
    response = client_for(cast.cecilia).get(reverse("report-detail", args=[report.pk]))
    assert response.status_code == 200
    [entry] = reads()
    assert (entry.actor, entry.actor_label, entry.ip_address) == (
        cast.cecilia,
        "cecilia",
        "198.51.100.7",
    )
    assert (entry.object_type, entry.object_id) == ("reports.report", str(report.pk))
    assert entry.detail == {"reports": [report.pk], "where": "report_detail"} and entry.at


def test_a_report_that_is_not_sensitive_is_read_without_an_entry(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, text="Tagg på väggen.")
    assert (
        client_for(cast.cecilia).get(reverse("report-detail", args=[report.pk])).status_code == 200
    )
    assert reads() == []


def test_a_sensitive_report_hidden_from_the_viewer_is_404_and_nothing_is_logged(cast: Cast) -> None:
    report = file_report(cast.polisen, "narkotika_forsaljning", WHEN)
    assert client_for(cast.sara).get(reverse("report-detail", args=[report.pk])).status_code == 404
    assert reads() == []


@pytest.mark.parametrize(
    ("address", "where"),
    [
        (lambda: reverse("report-list"), "report_list"),
        (lambda: reverse("week", args=[WEEK]), "week"),
        (lambda: f"{reverse('review-queue')}?vecka={WEEK}", "review"),
    ],
    ids=["report list", "weekly page", "review queue"],
)
def test_the_list_the_weekly_page_and_the_review_queue_log_the_sensitive_rows_shown(
    cast: Cast, address, where: str
) -> None:
    drugs = file_report(cast.polisen, "narkotika_forsaljning", WHEN, point=Cast.NORR_POINT)
    file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    response = client_for(cast.cecilia).get(address())
    assert response.status_code == 200
    [entry] = reads()
    assert entry.actor == cast.cecilia and entry.detail == {"reports": [drugs.pk], "where": where}
