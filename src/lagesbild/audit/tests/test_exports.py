"""Every document export of the web app writes an audit entry: who, which document, when, where."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.audit.models import AuditEntry
from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.tests.helpers import FakeAnalysis
from lagesbild.meetings.services import create_meeting
from lagesbild.statutory.tests import conftest as statutory
from lagesbild.testing import PASSWORD, job_file

ADDRESS = "203.0.113.9"
# The statutory tests' Exempeltorp with a year of figures: a document to export, a report year.
town = statutory.town
draft = statutory.draft

EXPORTS = {
    "week PDF": "lagesbild.week.exported",
    "annual PDF": "lagesbild.annual.exported",
    "statutory PDF": "lagesbild.statutory.exported",
    "statutory DOCX": "lagesbild.statutory.exported",
    "meeting minutes PDF": "lagesbild.meeting.exported",
}


def address_of(export: str, exempeltorp: statutory.Town, document) -> str:
    if export == "week PDF":
        return reverse("week-pdf", args=["2024-W37"])
    if export == "annual PDF":
        return f"/arsrapport/0999/{statutory.YEAR}.pdf"
    if export.startswith("statutory"):
        return reverse("statutory-export", args=[document.pk, export.split()[1].lower()])
    meeting = create_meeting(
        exempeltorp.cast.municipality,
        IsoWeek(2024, 37),
        date(2024, 9, 16),
        exempeltorp.cast.cecilia,
        analyse=FakeAnalysis(),
    )
    return reverse("meeting-pdf", args=[meeting.pk])


@pytest.mark.parametrize("export", EXPORTS)
def test_an_export_is_audited_with_the_reader_and_their_address(town, draft, export: str) -> None:
    """Documents are made in the background: the request that queued the job and the download
    carry the address; the export itself is written when the job made it, as the reader."""
    url = address_of(export, town, draft)
    client = Client(REMOTE_ADDR=ADDRESS)
    assert client.login(username=town.cast.rut.username, password=PASSWORD)
    response = job_file(client, url)
    assert response.status_code == 200
    [entry] = AuditEntry.objects.filter(action=EXPORTS[export], actor=town.cast.rut)
    assert (entry.actor, entry.actor_label) == (town.cast.rut, "rut")
    assert entry.object_id and entry.detail["format"] in ("pdf", "docx") and entry.at
    for action in ("lagesbild.job.queued", "lagesbild.export.job"):
        [entry] = AuditEntry.objects.filter(action=action, actor=town.cast.rut)
        assert entry.ip_address == ADDRESS
