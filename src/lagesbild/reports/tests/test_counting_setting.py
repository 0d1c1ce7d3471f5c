"""Whether unreviewed reports count is the municipality's choice (``counts_unreviewed``).

The default for a new municipality is "only reviewed reports count": a partner's report is in no
figure until a coordinator accepts it. The rollup holds exactly what counts, so changing the
setting recounts the municipality's weeks. Only its coordinators change it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from lagesbild.areas.models import Municipality
from lagesbild.audit.models import AuditEntry
from lagesbild.organisations.access import viewer_for
from lagesbild.reports.models import Report, ReportCount
from lagesbild.reports.review import accept_report
from lagesbild.reports.tests import raw_reference as raw
from lagesbild.testing import STOCKHOLM, Cast, file_report

pytestmark = pytest.mark.django_db

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
SETTINGS = reverse("municipality-settings")


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def counted(municipality: Municipality) -> int:
    rows = ReportCount.objects.filter(municipality=municipality)
    return rows.aggregate(n=Sum("reports"))["n"] or 0


def test_a_new_municipality_counts_only_reviewed_reports() -> None:
    assert Municipality.objects.create(code="0997", name="Nystad").counts_unreviewed is False


@pytest.fixture
def only_reviewed(cast: Any) -> Any:
    Municipality.objects.filter(pk=cast.municipality.pk).update(counts_unreviewed=False)
    cast.municipality.refresh_from_db()
    return cast


def test_a_pending_report_counts_once_it_is_accepted(only_reviewed: Any) -> None:
    cast = only_reviewed
    report = file_report(cast.bostad, "klotter", WHEN, Cast.NORR_POINT, "Klotter på gaveln")
    assert report.review_status == Report.Review.PENDING
    assert counted(cast.municipality) == 0
    assert not Report.objects.counted().filter(pk=report.pk).exists()
    accept_report(report, cast.cecilia)
    assert counted(cast.municipality) == 1
    assert raw.rollup_cells() == raw.direct_cells()


def test_the_coordinator_turns_counting_unreviewed_on_and_the_weeks_are_recounted(
    only_reviewed: Any,
) -> None:
    cast = only_reviewed
    file_report(cast.bostad, "klotter", WHEN, Cast.NORR_POINT, "Klotter på gaveln")
    client = client_for(cast.cecilia)
    assert client.get(SETTINGS).status_code == 200
    answer = client.post(SETTINGS, {"counts_unreviewed": "on"})
    assert answer.status_code == 302
    cast.municipality.refresh_from_db()
    assert cast.municipality.counts_unreviewed is True
    assert counted(cast.municipality) == 1
    assert ReportCount.objects.filter(municipality=cast.municipality).get().pending == 1
    assert AuditEntry.objects.filter(action="lagesbild.municipality.settings").exists()
    client.post(SETTINGS, {})  # an unticked box is "off"
    assert counted(cast.municipality) == 0
    assert raw.rollup_cells() == raw.direct_cells()


def test_the_week_follows_the_setting_for_every_viewer(only_reviewed: Any) -> None:
    cast = only_reviewed
    file_report(cast.bostad, "klotter", WHEN, Cast.NORR_POINT, "Klotter på gaveln")
    for user in (cast.cecilia, cast.hugo, cast.rut):
        raw.assert_week_equals_raw(viewer_for(user), cast.municipality, raw.IsoWeek(2024, 37))


@pytest.mark.parametrize("who", ["rut", "anders", "sara", "olle"])
def test_only_the_municipalitys_coordinators_change_the_setting(cast: Any, who: str) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(SETTINGS).status_code == 403
    assert client.post(SETTINGS, {}).status_code == 403
    cast.municipality.refresh_from_db()
    assert cast.municipality.counts_unreviewed is True


def test_another_municipalitys_settings_are_hidden_from_the_coordinator(cast: Any) -> None:
    client = client_for(cast.cecilia)
    url = f"{SETTINGS}?kommun={cast.other_municipality.code}"
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    cast.other_municipality.refresh_from_db()
    assert cast.other_municipality.counts_unreviewed is True


def test_the_daily_reminder_mails_the_coordinators_about_the_waiting_reports(
    cast: Any,
) -> None:
    cast.cecilia.email = "cecilia@example.se"
    cast.cecilia.save()
    cast.ebba.email = "ebba@example.se"  # her membership has ended: she is not reminded
    cast.ebba.save()
    file_report(cast.bostad, "klotter", WHEN, Cast.NORR_POINT, "Klotter på gaveln")
    file_report(cast.bostad, "klotter", WHEN, Cast.SODER_POINT, "Klotter vid skolan")
    call_command("review_reminder", stdout=None)
    assert [m.to for m in mail.outbox] == [["cecilia@example.se"]]
    assert "2 rapporter väntar på granskning" in mail.outbox[0].subject
    assert "?kommun=0999" in mail.outbox[0].body
