"""The person's own jobs: the list, a job's page (with a JSON status the page polls), its file.

Every job is a 404 to anyone but the person who asked, and to them once their membership in the
job's municipality has ended (``access.job_for``); the file is also refused when their rights
have changed since it was made. Every download is audited as an export.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from lagesbild.jobs.access import job_for, may_download, visible_jobs
from lagesbild.jobs.models import Job
from lagesbild.jobs.registry import kind_named, registered
from lagesbild.web.downloads import audit_export


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(visible_jobs(request.user).select_related("municipality")[:50])
    # Files of several municipalities (the same week's PDF for each) say which is which.
    several = len({job.municipality_id for job in jobs}) > 1
    return render(request, "jobs/list.html", {"jobs": jobs, "several": several})


def _state(request: HttpRequest, job: Job) -> dict:
    downloadable = may_download(request.user, job)
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "progress": job.progress,
        "pending": job.pending,
        "error": job.error,
        "download_url": reverse("job-download", args=[job.pk]) if downloadable else "",
        "result_url": job.result_url if job.status == Job.Status.DONE else "",
    }


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(request.user, pk)
    state = _state(request, job)
    done_without_file = (
        job.status == Job.Status.DONE and not state["download_url"] and not job.result_url
    )
    context = {
        "job": job,
        "state": state,
        "expired": done_without_file and not job.result,
        "rights_changed": done_without_file and bool(job.result),
    }
    template, shown = _page(job) if state["download_url"] else ("jobs/job.html", {})
    return render(request, template, {**context, **shown})


def _page(job: Job) -> tuple[str, dict]:
    """The kind's own page for a finished job whose file it shows (a partner import's summary)."""
    page = kind_named(job.kind).page if job.kind in registered() else None
    return page(job) if page is not None else ("jobs/job.html", {})


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(_state(request, job_for(request.user, pk)))


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = job_for(request.user, pk)
    if not may_download(request.user, job):
        raise Http404
    try:
        handle = job.result.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    detail = {"job": job.pk, "kind": job.kind, "params": job.params, "via": "job"}
    fmt = job.result_name.rsplit(".", 1)[-1]
    audit_export(request, "job", fmt, detail, job)
    return FileResponse(
        handle, as_attachment=True, filename=job.result_name, content_type=job.result_type
    )
