"""Texts stored before the scrubber learned more are scrubbed again by ``lagesbild rescrub``."""

from __future__ import annotations

from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from lagesbild.audit.models import AuditEntry
from lagesbild.jobs.models import Job
from lagesbild.privacy.rescrub import (
    FILE_NAMES_RESCRUBBED,
    RESCRUBBED,
    rescrub_file_names,
    rescrub_reports,
)
from lagesbild.reports.models import QuarantinedRow, Report
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
    assert out.getvalue().startswith("ändrade den fria texten i 1 av 2 rapporter med text.\n")
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
    assert out.getvalue() == (
        "skulle ändra den fria texten i 1 av 2 rapporter med text.\n"
        "skulle skrubba filnamn i 0 rader i karantän, 0 bakgrundsjobb och 0 loggposter.\n"
    )
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


# As uploads were named before 2026-12-07, when file names were kept as typed.
RAW = "Anna_Svensson_850312-1234.csv"
SCRUBBED = "[namn]_[personnummer].csv"


@pytest.fixture
def named(cast: Cast) -> dict[str, object]:
    """A file's raw name where an import kept it: quarantined rows, jobs, audit entries."""

    def row(name: str) -> QuarantinedRow:
        return QuarantinedRow.objects.create(
            organisation=cast.bevakning, file_name=name, line=3, reason="okänd kategori"
        )

    def job(kind: str, title: str) -> Job:
        return Job.objects.create(
            key=f"{kind}-{title}"[:64],
            kind=kind,
            title=title,
            params={"name": RAW, "upload": "t"},
            error=f"{RAW}:3: okänd kategori",
            created_by=cast.cecilia,
        )

    queued = {"kind": "reports-import", "params": {"name": RAW, "upload": "t"}}
    return {
        "row": row(RAW),
        "clean_row": row("export.csv"),
        "job": job("reports-import", f"Import av {RAW} – Bevakning AB"),
        "official": job("official-import", f"Import av Brå: {RAW}"),
        "export": Job.objects.create(  # no upload: its name is not a file's
            key="export",
            kind="reports-export",
            title=RAW,
            params={"name": RAW},
            created_by=cast.cecilia,
        ),
        "imported": AuditEntry.objects.create(
            action="lagesbild.reports.imported", detail={"file": RAW, "rows": 3}
        ),
        "queued": AuditEntry.objects.create(action="lagesbild.job.queued", detail=queued),
        "downloaded": AuditEntry.objects.create(action="lagesbild.export.job", detail=queued),
        "official_import": AuditEntry.objects.create(
            action="lagesbild.import.bra",
            detail={"file": RAW, "errors": [{"source": RAW, "line": 2, "reason": "år saknas"}]},
        ),
        "other": AuditEntry.objects.create(action="lagesbild.login", detail={"file": RAW}),
    }


def test_stored_file_names_are_scrubbed_where_an_import_kept_them(named) -> None:
    out = StringIO()
    call_command("rescrub", stdout=out)
    assert "filnamn i 1 rader i karantän, 2 bakgrundsjobb och 4 loggposter" in out.getvalue()
    assert QuarantinedRow.objects.get(pk=named["row"].pk).file_name == SCRUBBED
    assert QuarantinedRow.objects.get(pk=named["clean_row"].pk).file_name == "export.csv"
    job = Job.objects.get(pk=named["job"].pk)
    assert job.title == f"Import av {SCRUBBED} – Bevakning AB"
    assert job.params == {"name": SCRUBBED, "upload": "t"}
    assert job.error == f"{SCRUBBED}:3: okänd kategori"
    assert Job.objects.get(pk=named["official"].pk).title == f"Import av Brå: {SCRUBBED}"
    assert Job.objects.get(pk=named["export"].pk).params["name"] == RAW
    assert AuditEntry.objects.get(pk=named["imported"].pk).detail == {"file": SCRUBBED, "rows": 3}
    for name in ("queued", "downloaded"):
        assert AuditEntry.objects.get(pk=named[name].pk).detail["params"]["name"] == SCRUBBED
    official = AuditEntry.objects.get(pk=named["official_import"].pk).detail
    assert official == {
        "file": SCRUBBED,
        "errors": [{"source": SCRUBBED, "line": 2, "reason": "år saknas"}],
    }
    assert AuditEntry.objects.get(pk=named["other"].pk).detail == {"file": RAW}
    entry = AuditEntry.objects.get(action=FILE_NAMES_RESCRUBBED)
    assert entry.detail == {"quarantined_rows": 1, "jobs": 2, "audit_entries": 4}


def test_file_names_are_scrubbed_once_and_counted_without_writing_in_a_dry_run(named) -> None:
    dry = rescrub_file_names(dry_run=True)
    assert (dry.quarantined_rows, dry.jobs, dry.audit_entries) == (1, 2, 4)
    assert QuarantinedRow.objects.get(pk=named["row"].pk).file_name == RAW
    assert Job.objects.get(pk=named["job"].pk).params["name"] == RAW
    assert AuditEntry.objects.get(pk=named["imported"].pk).detail["file"] == RAW
    first, again = rescrub_file_names(), rescrub_file_names()
    assert (first.quarantined_rows, first.jobs, first.audit_entries) == (1, 2, 4)
    assert (again.quarantined_rows, again.jobs, again.audit_entries) == (0, 0, 0)
