"""Background jobs: enqueue → run → done → download, idempotency, failures, who gets the file.

The jobs run through django-q2's queue in this process (``testing.run_queued_jobs``: the signed
task is taken from the database and its function called, as the worker does); the worker itself,
killed and restarted, is ``test_worker.py``.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.models import OrmQ

from lagesbild.audit.models import AuditEntry
from lagesbild.jobs.models import Job
from lagesbild.jobs.registry import JobKind, register
from lagesbild.jobs.services import enqueue, execute, purge_results
from lagesbild.organisations.models import Membership, Role
from lagesbild.testing import STOCKHOLM, Cast, file_report, job_file, run_queued_jobs

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
EXPORT_URL = reverse("report-export", args=["csv"])


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def reports(cast: Cast) -> Cast:
    file_report(cast.bostad, "klotter", WHEN, Cast.NORR_POINT, "Klotter på skolans gavel")
    file_report(cast.bevakning, "klotter", WHEN, Cast.SODER_POINT, "Tag på busskuren")
    file_report(cast.annan, "klotter", WHEN, (57.005, 14.005), "Annanstads klotter")
    return cast


def start(client: Client, url: str = EXPORT_URL) -> Job:
    response = client.post(url)
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == reverse("job-detail", args=[job.pk])
    return job


def exports_of(job: Job) -> list[AuditEntry]:
    return [
        e
        for e in AuditEntry.objects.filter(action="lagesbild.export.reports")
        if e.detail.get("job") == job.pk
    ]


# --- the life of a job ----------------------------------------------------------------------


def test_a_job_is_queued_run_and_its_file_downloaded_by_the_asker(reports: Cast) -> None:
    client = client_for(reports.cecilia)
    job = start(client)
    assert (job.status, job.progress, job.created_by, job.municipality) == (
        "queued", 0, reports.cecilia, None,
    )  # fmt: skip
    page = client.get(reverse("job-detail", args=[job.pk]))
    assert page.status_code == 200 and "I kö" in page.content.decode()
    assert 'src="/static/jobs/job.js"' in page.content.decode()
    assert f"<title>I kö: {job.title} – Lägesbild</title>" in page.content.decode()
    status = client.get(reverse("job-status", args=[job.pk])).json()
    assert status["pending"] and status["download_url"] == ""
    assert client.get(reverse("job-download", args=[job.pk])).status_code == 404

    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == ("done", 100, "")
    status = client.get(reverse("job-status", args=[job.pk])).json()
    assert not status["pending"] and status["download_url"] == reverse(
        "job-download", args=[job.pk]
    )
    assert len(exports_of(job)) == 1 and exports_of(job)[0].detail["rows"] == 2
    # The finished page names the state in the window's title, and its link is described by it
    # (job.js focuses the link after the reload that follows the job's end).
    done = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert f"<title>Klar: {job.title} – Lägesbild</title>" in done
    assert 'data-pending="false"' in done and 'src="/static/jobs/job.js"' in done
    assert (
        f'<a class="download" href="/jobb/{job.pk}/fil" aria-describedby="job-status">'
        "Hämta rapporter.csv</a>"
    ) in done

    download = client.get(reverse("job-download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="rapporter.csv"'
    text = download.getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 3  # the header and cecilia's two reports; not Annanstad's
    assert "Annanstads klotter" not in text and "Klotter på skolans gavel" in text
    audited = AuditEntry.objects.get(action="lagesbild.export.job")
    assert audited.actor == reports.cecilia and audited.object_id == str(job.pk)
    assert f'href="/jobb/{job.pk}/"' in client.get(reverse("job-list")).content.decode()


def test_the_week_pdf_is_made_in_the_background_and_audited_once(reports: Cast) -> None:
    client = client_for(reports.cecilia)
    url = reverse("week-pdf", args=["2024-W37"])
    assert "Skapa filen" in client.get(url).content.decode()  # GET only explains
    assert not Job.objects.exists()
    download = job_file(client, url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.getvalue().startswith(b"%PDF")
    job = Job.objects.get()
    assert (job.kind, job.municipality, job.params) == ("week-pdf", reports.municipality,
                                                         {"week": "2024-W37"})  # fmt: skip
    assert AuditEntry.objects.filter(action="lagesbild.week.exported").count() == 1


def test_a_large_export_becomes_a_job_and_a_small_one_stays_immediate(
    reports: Cast, settings
) -> None:
    client = client_for(reports.cecilia)
    immediate = client.get(EXPORT_URL)
    assert immediate["Content-Type"].startswith("text/csv")
    settings.LAGESBILD_EXPORT_JOB_THRESHOLD = 1
    page = client.get(EXPORT_URL + "?week=2024-W37")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "Exporten omfattar 2 rapporter." in page.content.decode()
    assert not Job.objects.exists()  # a GET queues nothing
    download = job_file(client, EXPORT_URL + "?week=2024-W37&ignored=1")
    assert download.status_code == 200
    assert Job.objects.get().params == {"fmt": "csv", "filters": {"week": "2024-W37"}}


# --- idempotency ------------------------------------------------------------------------------


def test_asking_twice_while_pending_returns_the_same_job(reports: Cast) -> None:
    client = client_for(reports.cecilia)
    first, second = start(client), None
    assert client.post(EXPORT_URL)["Location"] == reverse("job-detail", args=[first.pk])
    assert Job.objects.count() == 1 and OrmQ.objects.count() == 1
    # Another person asking for the same is another job.
    client_for(reports.anders).post(EXPORT_URL)
    assert Job.objects.count() == 2
    run_queued_jobs()
    # Asked again when done, the same row runs again (run 2) and its file is replaced.
    second = start_again = enqueue(
        "reports-export", reports.cecilia, None, first.params, first.title
    )
    assert start_again.pk == first.pk and second.run == 2 and second.status == "queued"
    run_queued_jobs()
    second.refresh_from_db()
    assert second.status == "done" and Job.objects.count() == 2
    _, files = default_storage.listdir(f"jobs/{first.pk}")
    assert files == ["rapporter.csv"]


def test_a_task_delivered_twice_finishes_the_job_once(reports: Cast) -> None:
    job = enqueue("reports-export", reports.cecilia, None, {"fmt": "csv", "filters": {}}, "x")
    assert execute(job.pk, job.run) == "done"
    assert execute(job.pk, job.run) == "skipped"  # a re-delivery after the worker died
    assert len(exports_of(job)) == 1


def test_a_cut_off_run_is_run_again_and_overwrites_its_file(reports: Cast) -> None:
    job = enqueue("reports-export", reports.cecilia, None, {"fmt": "csv", "filters": {}}, "x")
    # The worker died while running: the job is left running with half a file on disk.
    Job.objects.filter(pk=job.pk).update(status="running", attempts=1)
    default_storage.save(f"jobs/{job.pk}/rapporter.csv", io.BytesIO(b"half"))
    assert execute(job.pk, job.run) == "done"
    job.refresh_from_db()
    assert job.attempts == 2 and job.result.name == f"jobs/{job.pk}/rapporter.csv"
    assert default_storage.listdir(f"jobs/{job.pk}")[1] == ["rapporter.csv"]
    assert job.result.open("rb").read() != b"half"
    assert len(exports_of(job)) == 1


def test_a_job_that_keeps_dying_fails_with_a_message(reports: Cast, settings) -> None:
    job = enqueue("reports-export", reports.cecilia, None, {"fmt": "csv", "filters": {}}, "x")
    Job.objects.filter(pk=job.pk).update(
        status="running", attempts=settings.LAGESBILD_JOB_MAX_ATTEMPTS
    )
    assert execute(job.pk, job.run) == "skipped"
    job.refresh_from_db()
    assert job.status == "failed" and "avbröts 3 gånger" in job.error


def test_a_lost_pending_job_is_queued_again_and_its_old_task_does_nothing(reports: Cast) -> None:
    params = {"fmt": "csv", "filters": {}}
    job = enqueue("reports-export", reports.cecilia, None, params, "x")
    Job.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(days=1))
    again = enqueue("reports-export", reports.cecilia, None, params, "x")
    assert again.pk == job.pk and again.run == job.run + 1
    assert execute(job.pk, job.run) == "skipped"
    assert execute(again.pk, again.run) == "done"


# --- failures ---------------------------------------------------------------------------------


def _explode(context):
    raise ZeroDivisionError("a bug in a job")


register(JobKind("test-explodes", _explode))


def test_a_job_is_made_in_the_language_of_the_person_who_asked(reports: Cast) -> None:
    # Before: the worker ran every job in its own language, so an English reader's weekly PDF
    # and every job message were Swedish.
    import subprocess

    from django.utils import translation

    client = client_for(reports.cecilia)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    download = job_file(client, reverse("week-pdf", args=["2024-W37"]))
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=download.getvalue(), capture_output=True, check=True
    ).stdout.decode()
    assert "Situation picture" in text and "Lägesbild Exempeltorp" not in text
    assert Job.objects.get().language == "en"
    with translation.override("en"):
        job = enqueue("test-explodes", reports.cecilia, reports.municipality, {}, "A broken job")
    assert execute(job.pk, job.run) == "failed"
    job.refresh_from_db()
    assert "unexpected error (ZeroDivisionError)" in job.error


def test_an_exception_fails_the_job_with_a_clear_message_and_no_500(reports: Cast) -> None:
    job = enqueue("test-explodes", reports.cecilia, reports.municipality, {}, "Ett trasigt jobb")
    assert execute(job.pk, job.run) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and "oväntat fel (ZeroDivisionError)" in job.error
    assert "a bug in a job" not in job.error  # the exception's text may hold data: only logged
    client = client_for(reports.cecilia)
    page = client.get(reverse("job-detail", args=[job.pk]))
    assert page.status_code == 200 and "oväntat fel" in page.content.decode()
    assert client.get(reverse("job-status", args=[job.pk])).json()["error"] == job.error
    assert client.get(reverse("job-download", args=[job.pk])).status_code == 404


def test_a_job_that_cannot_be_done_says_why(reports: Cast) -> None:
    client = client_for(reports.cecilia)
    download = job_file(client, reverse("annual-pdf", args=["0999", "1999"]))
    assert download.status_code == 404
    job = Job.objects.get()
    # The cast has no Brå figures at all: the job says so as the yearly report's page does.
    assert job.status == "failed"
    assert (
        job.error
        == "Det finns ännu inga Brå-siffror för Exempeltorp, så ingen årsrapport kan göras."
    )


# --- access -----------------------------------------------------------------------------------


def test_nobody_else_sees_a_job_or_gets_its_file(reports: Cast) -> None:
    job = start(client_for(reports.cecilia))
    run_queued_jobs()
    for other in (reports.anders, reports.sara, reports.olle, reports.nemo, reports.ebba):
        client = client_for(other)
        for name in ("job-detail", "job-status", "job-download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (other, name)
        assert f"/jobb/{job.pk}/" not in client.get(reverse("job-list")).content.decode()
    assert Client().get(reverse("job-download", args=[job.pk])).status_code == 302  # log in


def test_a_job_of_another_municipality_is_hidden_from_its_asker_once_their_membership_ended(
    reports: Cast,
) -> None:
    client = client_for(reports.cecilia)
    job = start(client, reverse("week-pdf", args=["2024-W37"]))
    run_queued_jobs()
    assert client.get(reverse("job-download", args=[job.pk])).status_code == 200
    Membership.objects.filter(user__username="cecilia").update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    client = client_for(reports.cecilia)
    for name in ("job-detail", "job-status", "job-download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404, name


def test_a_file_is_not_served_after_the_askers_rights_changed(reports: Cast) -> None:
    client = client_for(reports.cecilia)
    job = start(client)
    run_queued_jobs()
    Membership.objects.filter(user__username="cecilia").update(role=Role.READER)
    client = client_for(reports.cecilia)
    page = client.get(reverse("job-detail", args=[job.pk]))
    assert page.status_code == 200 and "behörigheter har ändrats" in page.content.decode()
    assert client.get(reverse("job-download", args=[job.pk])).status_code == 404


def test_a_job_runs_with_the_rights_its_asker_has_when_it_runs(reports: Cast) -> None:
    client = client_for(reports.cecilia)
    job = start(client, reverse("week-pdf", args=["2024-W37"]))
    Membership.objects.filter(user__username="cecilia").update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and "behörighet" in job.error and not job.result
    assert not AuditEntry.objects.filter(action="lagesbild.week.exported").exists()


def test_starting_a_job_asks_the_access_layer(reports: Cast) -> None:
    week_pdf = reverse("week-pdf", args=["2024-W37"])
    assert client_for(reports.nemo).post(week_pdf).status_code == 404
    assert client_for(reports.ebba).post(week_pdf).status_code == 404
    assert client_for(reports.sara).post(week_pdf + "?kommun=0998").status_code == 404
    assert client_for(reports.nemo).post(EXPORT_URL).status_code == 404
    assert Client().post(week_pdf).status_code == 302  # to the login page
    # The statutory draft: coordinators only.
    assert (
        client_for(reports.rut).post(reverse("statutory-list"), {"year": "2024"}).status_code == 403
    )
    assert not Job.objects.exists()


# --- housekeeping ------------------------------------------------------------------------------


def test_old_files_are_removed(reports: Cast, settings) -> None:
    job = start(client_for(reports.cecilia))
    run_queued_jobs()
    job.refresh_from_db()
    name = job.result.name
    assert purge_results() == 0 and default_storage.exists(name)
    later = timezone.now() + timedelta(days=settings.LAGESBILD_JOB_RESULT_DAYS, hours=1)
    assert purge_results(later) == 1
    assert not default_storage.exists(name)
    page = client_for(reports.cecilia).get(reverse("job-detail", args=[job.pk]))
    assert "Filen har tagits bort" in page.content.decode()
