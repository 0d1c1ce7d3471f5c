"""Raw free text is emptied after the retention period; every figure stays."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lagesbild.audit.models import AuditEntry
from lagesbild.jobs.models import Job
from lagesbild.privacy.retention import PURGED, purge_old_text
from lagesbild.reports import review
from lagesbild.reports.models import QuarantinedRow, Report
from lagesbild.testing import STOCKHOLM, Cast, file_report

WHEN = datetime(2023, 3, 14, 21, 30, tzinfo=STOCKHOLM)
FIGURES = (
    "category_id",
    "occurred_from",
    "latitude",
    "longitude",
    "area_id",
    "count",
    "insecurity",
)


def received(report: Report, days_ago: int) -> Report:
    """Pretend the report reached us ``days_ago`` days ago (created_at is set on insert)."""
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return report


def figures() -> list[tuple]:
    return list(Report.objects.order_by("pk").values_list(*FIGURES))


@pytest.fixture
def reports(cast: Cast) -> dict[str, Report]:
    def report(days_ago: int, organisation=cast.bevakning, **extra) -> Report:
        made = file_report(
            organisation,
            "klotter",
            WHEN,
            point=Cast.NORR_POINT,
            text="Tagg på väggen.",
            place_text="Vid skolan",
            count=3,
            **extra,
        )
        return received(made, days_ago)

    return {
        "old": report(400),
        "citizen": report(400, source=Report.Source.PUBLIC),
        "new": report(10),
        "just_inside": report(364),
    }


@pytest.fixture
def quarantined(cast: Cast) -> dict[str, QuarantinedRow]:
    def row(days_ago: int) -> QuarantinedRow:
        return QuarantinedRow.objects.create(
            organisation=cast.bevakning,
            file_name="export.csv",
            line=3,
            reason="okänd kategori",
            data={"Beskrivning": "Klotter", "Händelsetyp": "okänd"},
            imported_at=timezone.now() - timedelta(days=days_ago),
        )

    return {"old": row(400), "new": row(10)}


def test_text_older_than_the_period_is_emptied_and_newer_text_is_kept(reports, quarantined) -> None:
    before = figures()
    result = purge_old_text()
    assert (result.reports, result.quarantined_rows, result.days) == (2, 1, 365)
    for name in ("old", "citizen"):
        report = Report.objects.get(pk=reports[name].pk)
        assert (report.description, report.place_text) == ("", "")
        assert report.text_purged_at is not None
    for name in ("new", "just_inside"):
        report = Report.objects.get(pk=reports[name].pk)
        assert (report.description, report.place_text) == ("Tagg på väggen.", "Vid skolan")
        assert report.text_purged_at is None
    assert QuarantinedRow.objects.get(pk=quarantined["old"].pk).data == {}
    assert QuarantinedRow.objects.get(pk=quarantined["old"].pk).reason == ""
    assert QuarantinedRow.objects.get(pk=quarantined["new"].pk).reason == "okänd kategori"
    assert QuarantinedRow.objects.get(pk=quarantined["new"].pk).data["Beskrivning"] == "Klotter"
    assert figures() == before and Report.objects.count() == 4


def test_a_quarantined_rows_reason_quoting_a_cell_is_emptied_with_its_values(cast) -> None:
    quoted = "Kategori: okänd kategori 'Bråk i trapphuset, 3 tr'"
    old, new = (
        QuarantinedRow.objects.create(
            organisation=cast.bevakning,
            file_name="export.csv",
            line=3,
            reason=quoted,
            data=data,
            imported_at=timezone.now() - timedelta(days=days_ago),
        )
        for days_ago, data in ((400, {}), (10, {"Händelsetyp": "Bråk i trapphuset, 3 tr"}))
    )
    # Values emptied by a purge before reasons were: the reason alone still counts.
    assert purge_old_text().quarantined_rows == 1
    assert QuarantinedRow.objects.get(pk=old.pk).reason == ""
    assert QuarantinedRow.objects.get(pk=new.pk).reason == quoted
    assert purge_old_text().quarantined_rows == 0


def test_a_failed_imports_error_quoting_its_rows_is_emptied_after_the_period(cast) -> None:
    quoted = "export.csv:3: okänd kategori 'Bråk i trapphuset, 3 tr'"
    old, new = (
        Job.objects.create(
            key=key, kind="reports-import", title="Import", error=quoted, created_by=cast.cecilia
        )
        for key in ("old", "new")
    )
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    assert purge_old_text(dry_run=True).job_errors == 1
    assert purge_old_text().job_errors == 1
    assert (Job.objects.get(pk=old.pk).error, Job.objects.get(pk=new.pk).error) == ("", quoted)
    assert AuditEntry.objects.get(action=PURGED).detail["job_errors"] == 1
    assert purge_old_text().job_errors == 0


def test_the_purge_is_audited_once_with_the_numbers(reports, quarantined) -> None:
    purge_old_text()
    entry = AuditEntry.objects.get(action=PURGED)
    assert entry.detail["reports"] == 2 and entry.detail["quarantined_rows"] == 1
    assert entry.detail["retention_days"] == 365 and entry.actor is None


def test_running_it_again_changes_nothing(reports, quarantined) -> None:
    purge_old_text()
    stamps = list(Report.objects.order_by("pk").values_list("text_purged_at", flat=True))
    again = purge_old_text()
    assert (again.reports, again.quarantined_rows) == (0, 0)
    assert list(Report.objects.order_by("pk").values_list("text_purged_at", flat=True)) == stamps


def test_a_dry_run_counts_and_writes_nothing(reports, quarantined) -> None:
    out = StringIO()
    call_command("purge_text", "--dry-run", stdout=out)
    assert out.getvalue().startswith("would empty the free text of 2 reports, 1 quarantined")
    assert not Report.objects.filter(description="").exists()
    assert not Report.objects.filter(text_purged_at__isnull=False).exists()
    assert QuarantinedRow.objects.exclude(data={}).count() == 2
    assert not AuditEntry.objects.filter(action=PURGED).exists()


def test_the_period_comes_from_the_setting(reports, quarantined, settings) -> None:
    settings.LAGESBILD_TEXT_RETENTION_DAYS = 5
    out = StringIO()
    call_command("purge_text", stdout=out)
    assert "emptied the free text of 4 reports, 2 quarantined import rows and 0" in out.getvalue()
    assert "(retention 5 days)" in out.getvalue()


def test_a_rejection_reason_is_kept_only_where_the_purge_empties_it(reports, cast) -> None:
    reason = "Gäller grannens bil på tomten, inte kommunens mark"
    review.reject_report(reports["old"], reason, cast.cecilia)
    assert Report.objects.get(pk=reports["old"].pk).rejection_reason == reason
    purge_old_text()
    assert Report.objects.get(pk=reports["old"].pk).rejection_reason == ""
    logged = [json.dumps(entry.detail, ensure_ascii=False) for entry in AuditEntry.objects.all()]
    assert any("rejected" in entry.action for entry in AuditEntry.objects.all())
    assert not any("grannens" in detail for detail in logged)
