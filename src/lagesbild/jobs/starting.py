"""Start a background job from another app's page: GET explains, POST (with CSRF) queues.

The owning app's view first asks the access layer (the object, the municipality, the role) and
then hands over here; the job page shows how far the job has come and offers the file when done.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lagesbild.jobs.services import enqueue


def start_job(
    request: HttpRequest,
    kind: str,
    municipality: Any,
    params: dict[str, Any],
    title: str,
    note: str = "",
) -> HttpResponse:
    """Queue job ``kind`` on POST and go to its page; on GET show the button that does."""
    if request.method == "POST":
        job = enqueue(kind, request.user, municipality, params, title, request)
        return redirect("job-detail", pk=job.pk)
    context = {"title": title, "note": note, "municipality": municipality}
    return render(request, "jobs/start.html", context)
