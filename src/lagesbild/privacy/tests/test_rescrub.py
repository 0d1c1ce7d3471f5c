"""Texts stored before the scrubber learned more are scrubbed again by ``lagesbild rescrub``."""

from __future__ import annotations

from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from lagesbild.audit.models import AuditEntry
from lagesbild.privacy.rescrub import RESCRUBBED, rescrub_reports
from lagesbild.reports.models import Report
from lagesbild.testing import STOCKHOLM, Cast, file_report

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 11, 30, 22, 15, tzinfo=STOCKHOLM)
# As the scrubber before 2026-12-07 left them: a personnummer typed with an en dash.
OLD_TEXT = "Mannen uppgav pnr 850312\u20131234 och sprang mot Centrum."
OLD_PLACE = "Vid porten, pnr 850312\u20131234"


@pytest.fixture
def stored(cast: Cast) -> dict[str, Report]:
    old = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT, text="x")
    Report.objects.filter(pk=old.pk).update(
        description=OLD_TEXT, place_text=OLD_PLACE, rejection_reason=OLD_PLACE, source_hash="h"
    )
    clean = file_report(
        cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT, text="Klotter vid Centrum kl 22:15."
    )
    return {"old": old, "clean": clean}


def test_a_stored_text_the_scrubber_now_finds_more_in_is_scrubbed_again(stored) -> None:
    clean_before = Report.objects.values().get(pk=stored["clean"].pk)
    out = StringIO()
    call_command("rescrub", stdout=out)
    assert out.getvalue() == "changed the free text of 1 of 2 reports with text.\n"
    old = Report.objects.get(pk=stored["old"].pk)
    assert old.description == "Mannen uppgav pnr [personnummer] och sprang mot Centrum."
    assert old.place_text == old.rejection_reason == "Vid porten, pnr [personnummer]"
    assert old.source_hash == ""  # a re-import of the row scrubs it again
    assert Report.objects.values().get(pk=stored["clean"].pk) == clean_before
    entry = AuditEntry.objects.get(action=RESCRUBBED)
    assert entry.detail == {"reports_read": 2, "reports_changed": 1}


def test_a_dry_run_counts_and_writes_nothing(stored) -> None:
    out = StringIO()
    call_command("rescrub", "--dry-run", stdout=out)
    assert out.getvalue() == "would change the free text of 1 of 2 reports with text.\n"
    assert Report.objects.get(pk=stored["old"].pk).description == OLD_TEXT
    assert not AuditEntry.objects.filter(action=RESCRUBBED).exists()


def test_running_it_again_changes_nothing(stored) -> None:
    rescrub_reports()
    again = rescrub_reports()
    assert (again.read, again.changed) == (2, 0)


def test_a_text_that_grows_by_its_marker_is_cut_to_its_column(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT, text="x")
    head = ("Klotter " * 30)[:181]
    place = head + " ring 070\u2013123 45 67"  # 200 characters, the column's length
    Report.objects.filter(pk=report.pk).update(place_text=place)
    rescrub_reports()
    assert Report.objects.get(pk=report.pk).place_text == (head + " ring [telefonnummer]")[:200]
