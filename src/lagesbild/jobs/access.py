"""Who sees a job and gets its file: only the person who asked, only while they hold the rights.

A job records who asked and for which municipality. Its page, status and file are a 404 for
everyone else, and for the asker once their membership there has ended. The file is served only
while the asker's rights there are those the file was made with (``rights_digest``): a file made
by a coordinator is not served to the same person after they became a reader.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lagesbild.jobs.models import Job
from lagesbild.organisations.access import Viewer, viewer_for


def job_viewer(user: Any, municipality_id: int | None) -> Viewer | None:
    """Return ``user``'s viewer for a job in ``municipality_id`` (None: all of theirs), or None
    when they have no rights there (any more)."""
    viewer = viewer_for(user)
    if municipality_id is None:
        return viewer if viewer.has_access else None
    if municipality_id not in viewer.municipality_ids:
        return None
    return viewer.within(municipality_id)


def rights_digest(viewer: Viewer) -> str:
    """Return a digest of everything ``viewer`` may see and do (not their name)."""
    rights = (
        viewer.user_id,
        viewer.municipality_ids,
        viewer.organisation_ids,
        viewer.text_municipality_ids,
        viewer.sensitive_municipality_ids,
        viewer.managed_municipality_ids,
        viewer.filing_organisation_ids,
    )
    text = repr(tuple(sorted(r) if isinstance(r, frozenset) else r for r in rights))
    return hashlib.sha256(text.encode()).hexdigest()


def visible_jobs(user: Any) -> QuerySet[Job]:
    """Return the jobs ``user`` asked for where they are still a member."""
    viewer = viewer_for(user)
    if not user.is_authenticated or not viewer.has_access:
        return Job.objects.none()
    return Job.objects.filter(created_by_id=user.pk).filter(
        Q(municipality__isnull=True) | Q(municipality_id__in=viewer.municipality_ids)
    )


def job_for(user: Any, pk: int) -> Job:
    """Return job ``pk`` if ``user`` asked for it and is still a member there; otherwise 404."""
    job = visible_jobs(user).select_related("municipality").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def may_download(user: Any, job: Job) -> bool:
    """Tell whether the job's file may be served to ``user`` (who asked for it) now."""
    if job.status != Job.Status.DONE or not job.result:
        return False
    viewer = job_viewer(user, job.municipality_id)
    return viewer is not None and rights_digest(viewer) == job.rights
