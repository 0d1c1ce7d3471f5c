"""A partner file above ``IMPORT_JOB_BYTES`` is previewed and imported by a background job.

The job runs the page's own import on the kept file with the uploader's rights as they are when
it runs, the job page shows the import page's summary, and the kept file is gone when the run
ends. The jobs run through django-q2's queue in this process (``testing.run_queued_jobs``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from lagesbild.audit.models import AuditEntry
from lagesbild.jobs import services as job_services
from lagesbild.jobs.models import Job
from lagesbild.jobs.uploads import read_upload, upload_token
from lagesbild.organisations.models import Membership, Role
from lagesbild.reports import jobs, views_import
from lagesbild.reports.importing import DEFAULT_COLUMNS
from lagesbild.reports.jobs import UPLOAD_KIND, _moving
from lagesbild.reports.models import ImportMapping, QuarantinedRow, Report
from lagesbild.testing import Cast, client_for, run_queued_jobs

HEADER = ";".join(DEFAULT_COLUMNS.values())
GOOD = (
    f"{HEADER}\n"
    "A-1;klotter;2024-09-11 22:15;;56,015;13,005;;;Klotter;2;\n"
    "A-2;klotter;2024-09-12 21:00;;;;Söder;;Tag på busskuren;1;\n"
)
BAD = GOOD + "A-3;okänd;2024-09-11 22:15;;;;Norr;;;;\n"


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file of these tests is "large"."""
    monkeypatch.setattr(views_import, "IMPORT_JOB_BYTES", 10)


def start(client: Client, organisation, text: str, button: str = "import", **extra) -> Job:
    upload = SimpleUploadedFile("export.csv", text.encode("utf-8"), content_type="text/csv")
    data = {"organisation": organisation.pk, "file": upload, button: "1", **extra}
    response = client.post(reverse("report-import"), data)
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.url_name == "job-detail"
    return Job.objects.get(pk=match.kwargs["pk"], kind="reports-import")


def job_page(client: Client, job: Job) -> str:
    response = client.get(reverse("job-detail", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def kept(user, text: str) -> bool:
    return read_upload(UPLOAD_KIND, user.pk, upload_token(text.encode("utf-8"))) is not None


def imports_audited() -> int:
    return AuditEntry.objects.filter(action="lagesbild.reports.imported").count()


def test_a_large_file_is_imported_by_a_job_whose_page_shows_the_summary(cast: Cast) -> None:
    client = client_for(cast.sara)
    job = start(client, cast.bevakning, GOOD)
    assert (job.status, job.municipality, job.created_by) == (
        "queued",
        cast.municipality,
        cast.sara,
    )
    assert kept(cast.sara, GOOD) and not Report.objects.exists()

    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == ("done", 100, "")
    assert set(Report.objects.values_list("external_id", "area__code")) == {
        ("A-1", "norr"),
        ("A-2", "soder"),
    }
    assert not kept(cast.sara, GOOD)  # the run has ended: the file has served
    page = job_page(client, job)
    assert "<dt>Rader i filen</dt><dd>2</dd>" in page
    assert "<dt>Skapade</dt><dd>2</dd>" in page and "<dt>Felaktiga rader</dt><dd>0</dd>" in page
    entry = AuditEntry.objects.get(action="lagesbild.reports.imported")
    assert entry.actor == cast.sara and entry.detail["created"] == 2


def test_a_small_file_is_still_imported_within_the_request(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views_import, "IMPORT_JOB_BYTES", 512 * 1024)
    data = {"organisation": cast.bevakning.pk, "import": "1"}
    data["file"] = SimpleUploadedFile("export.csv", GOOD.encode("utf-8"))
    response = client_for(cast.sara).post(reverse("report-import"), data)
    assert response.status_code == 200 and "Filen är importerad" in response.content.decode()
    assert Report.objects.count() == 2 and not Job.objects.exists()


def test_a_file_with_a_bad_row_fails_its_job_with_file_line_and_reason(cast: Cast) -> None:
    client = client_for(cast.sara)
    job = start(client, cast.bevakning, BAD)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and not job.result
    assert job.error.startswith("1 rad är felaktig; ingenting importeras.")
    assert "\nexport.csv:4: Kategori: okänd kategori" in job.error
    assert "export.csv:4: Kategori: okänd kategori" in job_page(client, job)
    assert not Report.objects.exists() and not kept(cast.sara, BAD)
    assert imports_audited() == 1  # the refused import is audited, as on the page


def test_a_file_that_cannot_be_read_fails_its_job_with_the_reason(cast: Cast) -> None:
    client = client_for(cast.sara)
    text = "Något;Annat\n1;2\n"
    job = start(client, cast.bevakning, text)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and job.error.startswith("export.csv: ")
    assert "Kategori" in job.error and not kept(cast.sara, text)


def test_with_quarantine_the_good_rows_import_and_the_page_lists_the_bad(cast: Cast) -> None:
    client = client_for(cast.sara)
    job = start(client, cast.bevakning, BAD, quarantine="on")
    run_queued_jobs()
    page = job_page(client, job)
    assert Report.objects.count() == 2 and QuarantinedRow.objects.get().line == 4
    assert "<dt>I karantän</dt><dd>1</dd>" in page
    assert "<td>export.csv</td><td>4</td><td>Kategori: okänd kategori" in page


def test_a_large_preview_is_a_job_that_writes_nothing(cast: Cast) -> None:
    client = client_for(cast.sara)
    job = start(client, cast.bevakning, BAD, button="preview")
    assert job.title.startswith("Förhandsgranskning av export.csv")
    run_queued_jobs()
    page = job_page(client, job)
    assert "Förhandsgranskning" in page and "<dt>Rader i filen</dt><dd>3</dd>" in page
    assert "ingenting importeras" in page and "<td>export.csv</td><td>4</td>" in page
    assert not Report.objects.exists() and not imports_audited() and not kept(cast.sara, BAD)


def test_importing_the_same_file_again_changes_nothing(cast: Cast) -> None:
    client = client_for(cast.sara)
    first = start(client, cast.bevakning, GOOD)
    run_queued_jobs()
    stored = list(Report.objects.order_by("pk").values_list("pk", "external_id", "description"))
    again = start(client, cast.bevakning, GOOD)
    assert again.pk == first.pk and again.run == 2  # the same job, run again
    run_queued_jobs()
    again.refresh_from_db()
    assert again.status == "done"
    assert list(Report.objects.order_by("pk").values_list("pk", "external_id", "description")) == (
        stored
    )
    page = job_page(client, again)
    assert "<dt>Skapade</dt><dd>0</dd>" in page and "<dt>Oförändrade</dt><dd>2</dd>" in page
    assert imports_audited() == 2  # one entry per import
    assert not kept(cast.sara, GOOD)


def test_nobody_else_sees_the_job(cast: Cast) -> None:
    job = start(client_for(cast.sara), cast.bevakning, GOOD)
    run_queued_jobs()
    for other in (cast.olle, cast.cecilia, cast.vilma):
        client = client_for(other)
        for name in ("job-detail", "job-status", "job-download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (other, name)


def test_a_membership_that_ended_before_the_job_ran_imports_nothing(cast: Cast) -> None:
    client = client_for(cast.sara)
    job = start(client, cast.bevakning, GOOD)
    Membership.objects.filter(user=cast.sara).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and "behörighet" in job.error
    assert not Report.objects.exists() and not imports_audited()
    assert not kept(cast.sara, GOOD)  # refused before it began: the file is removed all the same


def test_a_role_that_no_longer_imports_when_the_job_runs_imports_nothing(cast: Cast) -> None:
    client = client_for(cast.sara)
    job = start(client, cast.bevakning, GOOD)
    Membership.objects.filter(user=cast.sara).update(role=Role.READER)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and "behörighet" in job.error
    assert "behörighet" in job_page(client_for(cast.sara), job)
    assert not Report.objects.exists() and not imports_audited()
    assert not kept(cast.sara, GOOD)


def test_the_preview_ending_keeps_the_file_an_import_of_it_still_waits_for(cast: Cast) -> None:
    client = client_for(cast.sara)
    start(client, cast.bevakning, GOOD, button="preview")
    start(client, cast.bevakning, GOOD)
    assert run_queued_jobs() == 2
    assert sorted(Job.objects.values_list("status", flat=True)) == ["done", "done"]
    assert Report.objects.count() == 2 and not kept(cast.sara, GOOD)


def test_the_bar_moves_through_checking_then_storing() -> None:
    reported: list[int] = []
    wrap = _moving(reported.append)
    assert list(wrap(list(range(300)), "kontrollerar")) == list(range(300))
    checking = list(reported)
    list(wrap(list(range(50)), "sparar"))
    storing = reported[len(checking) :]
    assert checking[0] == 2 and checking[-1] == 90 and checking == sorted(checking)
    assert storing[0] == 90 and storing[-1] == 99 and storing == sorted(storing)
    assert len(reported) <= 2 * 100  # once per percent, not once per row


def test_a_refusal_with_many_bad_rows_lists_the_first_and_counts_them_all(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "SHOWN_ERRORS", 1)
    text = BAD + "A-4;klotter;igår;;;;Norr;;;;\n"
    job = start(client_for(cast.sara), cast.bevakning, text)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.error.splitlines()[:2] == [
        "2 rader är felaktiga; ingenting importeras. Rätta filen eller välj karantän.",
        "Felaktiga rader (de första 1 av 2):",
    ]
    assert "export.csv:4:" in job.error and "export.csv:5:" not in job.error


def test_the_job_speaks_the_language_of_the_person_who_uploaded(cast: Cast) -> None:
    client = client_for(cast.sara)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    job = start(client, cast.bevakning, BAD)
    assert job.title == "Import of export.csv – Bevakning AB"
    run_queued_jobs()
    job.refresh_from_db()
    assert job.error.startswith("1 row is faulty; nothing is imported.")
    good = start(client, cast.bevakning, GOOD)
    run_queued_jobs()
    page = job_page(client, good)
    assert "<dt>Created</dt><dd>2</dd>" in page and "To the import page" in page


def test_a_mapping_removed_before_the_job_ran_is_explained(cast: Cast) -> None:
    mapping = ImportMapping.objects.create(
        organisation=cast.bevakning,
        name="Eget",
        columns={"category": "Typ", "occurred_from": "Tid", "district": "Område"},
        date_format="%d.%m.%Y %H:%M",
    )
    text = "Typ;Tid;Område\nklotter;11.09.2024 22:15;Söder\n"
    job = start(client_for(cast.sara), cast.bevakning, text, mapping=mapping.pk)
    assert job.params["mapping"] == mapping.pk
    mapping.delete()
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and "mappningen finns inte längre" in job.error
    assert not Report.objects.exists() and not kept(cast.sara, text)


class WorkerStopped(BaseException):
    """The worker's process ending (a deployment, the OOM killer): no handler catches it."""


def deliver_and_stop_at(monkeypatch: pytest.MonkeyPatch, job: Job, step: str) -> None:
    """Deliver the job's task once, the worker stopping where ``jobs.services`` calls ``step``."""

    def stop(*_args: object) -> None:
        raise WorkerStopped

    monkeypatch.setattr(job_services, step, stop)
    with pytest.raises(WorkerStopped):
        job_services.execute(job.pk, job.run)
    monkeypatch.undo()


@pytest.mark.parametrize("text, quarantine", [(GOOD, ""), (BAD, "on")])
def test_a_run_delivered_again_after_its_import_was_stored_reports_that_import(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, text: str, quarantine: str
) -> None:
    client = client_for(cast.sara)
    job = start(client, cast.bevakning, text, quarantine=quarantine)
    # The first delivery stores the import and stops before it finishes the job.
    deliver_and_stop_at(monkeypatch, job, "_finish")
    job.refresh_from_db()
    assert job.status == "running" and Report.objects.count() == 2
    stored = list(Report.objects.order_by("pk").values_list("pk", "external_id", "description"))

    # The queue delivers the task again: the job ends with the stored import's summary.
    assert job_services.execute(job.pk, job.run) == "done"
    page = job_page(client, job)
    assert "<dt>Skapade</dt><dd>2</dd>" in page and "<dt>Oförändrade</dt><dd>0</dd>" in page
    assert imports_audited() == 1  # one import, one entry
    assert list(Report.objects.order_by("pk").values_list("pk", "external_id", "description")) == (
        stored
    )
    if quarantine:
        assert "<dt>I karantän</dt><dd>1</dd>" in page
        assert "<td>export.csv</td><td>4</td><td>Kategori: okänd kategori" in page
        assert QuarantinedRow.objects.count() == 1
    assert not kept(cast.sara, text)


def test_a_refused_file_delivered_again_is_refused_without_a_second_entry(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(cast.sara)
    job = start(client, cast.bevakning, BAD)
    deliver_and_stop_at(monkeypatch, job, "_fail")
    assert job_services.execute(job.pk, job.run) == "failed"
    job.refresh_from_db()
    assert "export.csv:4: Kategori: okänd kategori" in job.error
    assert imports_audited() == 1 and not Report.objects.exists()
