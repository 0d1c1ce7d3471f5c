"""Queue, run and finish background jobs; the one way a job changes.

``enqueue`` is idempotent: a job's key is its kind, parameters, asker and municipality, so asking
for the same thing while it is queued or running returns that job, and asking again later runs
the same row again (a new ``run``). ``execute`` is the django-q2 task. It is safe to deliver twice
(django-q2 re-delivers a task whose worker died before acknowledging it, after
``LAGESBILD_JOB_RETRY`` seconds, or at once when a worker starting on the same host finds the
process dead, ``take_up_abandoned``): a run that has finished is not run again, a run that was
cut off is run again from the start, its file is overwritten at the same name, and the job is
marked done — with its audit entries — in one transaction, once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django_q.tasks import async_task

from lagesbild.audit.services import log_action
from lagesbild.jobs.access import job_viewer, rights_digest
from lagesbild.jobs.liveness import is_gone, process_identity
from lagesbild.jobs.models import Job
from lagesbild.jobs.registry import JobContext, JobError, JobResult, kind_named, registered

logger = logging.getLogger(__name__)

TASK = "lagesbild.jobs.services.execute"
NO_RIGHTS = gettext_noop("Du har inte (längre) behörighet till det här, så jobbet kördes inte.")
GONE = gettext_noop("Det som jobbet gällde finns inte längre eller är inte synligt för dig.")


def job_key(
    kind: str, user_id: int, municipality_id: int | None, params: dict[str, Any], language: str
) -> str:
    """Return the job's stable key: the same request by the same person in the same language
    gives the same key (a document in another language is another file)."""
    text = json.dumps(
        [kind, user_id, municipality_id, params, language], sort_keys=True, default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _lost(job: Job) -> bool:
    """Tell whether a pending job has outlived every delivery django-q2 would still make."""
    since = job.started_at or job.queued_at
    patience = settings.LAGESBILD_JOB_RETRY * (settings.LAGESBILD_JOB_MAX_ATTEMPTS + 1)
    return since < timezone.now() - timedelta(seconds=patience)


def enqueue(
    kind: str,
    user: Any,
    municipality: Any,
    params: dict[str, Any],
    title: str,
    request: Any = None,
) -> Job:
    """Queue the job (or return the same one while it is pending) and its task, atomically.

    The task row lives in the same database as the job (django-q2's ORM broker), so both are
    committed together: no job without a task, no task without a job.
    """
    kind_named(kind)
    municipality_id = municipality.pk if municipality is not None else None
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = job_key(kind, user.pk, municipality_id, params, language)
    with transaction.atomic():
        job, created = Job.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "kind": kind,
                "title": title[:200],
                "params": params,
                "language": language,
                "created_by": user,
                "municipality": municipality,
            },
        )
        if not created:
            if job.pending and not _lost(job):
                return job
            _reset(job, title)
        async_task(TASK, job.pk, job.run, task_name=_task_name(job))
        log_action(user, "lagesbild.job.queued", job, {"kind": kind, "params": params}, request)
    return job


def _reset(job: Job, title: str) -> None:
    """Queue a finished (or lost) job again as a new run; tasks of earlier runs become no-ops."""
    job.run += 1
    job.title = title[:200]
    job.status = Job.Status.QUEUED
    job.progress = job.attempts = 0
    job.error = job.result_url = ""
    job.queued_at = timezone.now()
    job.started_at = job.finished_at = None
    job.save()


# --- running -------------------------------------------------------------------------------


def execute(job_id: int, run: int) -> str:
    """The django-q2 task: run job ``job_id``'s run ``run`` once; answer what became of it.

    Every outcome is recorded on the job; nothing is raised, so django-q2 acknowledges the task
    (a failure is the job's, with a message for the person, not the queue's to retry).
    """
    job = _start(job_id, run)
    if job is None:
        return "skipped"
    # The file and every message in the asker's language, not the worker's.
    with translation.override(job.language):
        _run_or_fail(job)
    _ended(job)
    return Job.objects.values_list("status", flat=True).get(pk=job.pk)


def _ended(job: Job) -> None:
    """Let the kind tidy up after a run that ended (an upload it read); a failure is logged."""
    if job.kind not in registered():
        return
    ended = kind_named(job.kind).ended
    try:
        if ended is not None:
            ended(job)
    except Exception:
        logger.exception("tidying up after background job %s (%s) failed", job.pk, job.kind)


def _run_or_fail(job: Job) -> None:
    try:
        _run(job)
    except JobError as exc:
        _fail(job, str(exc))
    except (Http404, PermissionDenied):
        _fail(job, gettext(NO_RIGHTS))
    except ObjectDoesNotExist:
        _fail(job, gettext(GONE))
    except Exception as exc:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        _fail(
            job,
            gettext(
                "Jobbet misslyckades av ett oväntat fel (%(error)s). Felet är loggat; försök "
                "igen, och kontakta administratören om det upprepas."
            )
            % {"error": type(exc).__name__},
        )


def _start(job_id: int, run: int) -> Job | None:
    """Mark the run as started; None when it is finished, superseded or has failed too often."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.run != run or not job.pending:
            return None
        if job.attempts >= settings.LAGESBILD_JOB_MAX_ATTEMPTS:
            job.status = Job.Status.FAILED
            with translation.override(job.language):
                job.error = gettext(
                    "Jobbet avbröts %(attempts)d gånger utan att bli klart (det tog för lång tid "
                    "eller arbetsprocessen stoppades). Försök igen eller kontakta administratören."
                ) % {"attempts": job.attempts}
            job.finished_at = timezone.now()
            job.save()
            return None
        job.attempts += 1
        job.status = Job.Status.RUNNING
        job.progress = 0
        job.started_at = timezone.now()
        job.worker = process_identity()
        job.save()
    return job


def take_up_abandoned() -> list[Job]:
    """Hand out again, at once, the tasks of running jobs whose process has died on this host
    (``liveness``); django-q2 would hand them out only when their lock runs out, after
    ``LAGESBILD_JOB_RETRY`` seconds. The worker calls this as it starts; the attempt counts
    as one, as it would after the retry time. Returns the jobs taken up."""
    from django_q.models import OrmQ

    running = Job.objects.filter(status=Job.Status.RUNNING).exclude(worker="")
    abandoned = {_task_name(job): job for job in running if is_gone(job.worker)}
    if not abandoned:
        return []
    taken = []
    for task in OrmQ.objects.filter(lock__gt=timezone.now()):
        job = abandoned.get(task.name())
        # Only if the lock is still the one the dead process's delivery set.
        if job is not None and OrmQ.objects.filter(pk=task.pk, lock=task.lock).update(
            lock=timezone.now()
        ):
            logger.info("background job %s: its worker died; taken up again now", job.pk)
            taken.append(job)
    return taken


def _task_name(job: Job) -> str:
    return f"lagesbild-job-{job.pk}-{job.run}"


def _run(job: Job) -> None:
    kind = kind_named(job.kind)
    user = job.created_by
    # The asker's rights as they are now: a membership that ended meanwhile runs nothing.
    viewer = job_viewer(user, job.municipality_id)
    if viewer is None:
        raise JobError(gettext(NO_RIGHTS))
    context = JobContext(job, user, viewer, job.municipality, dict(job.params), _progress(job))
    if kind.writes:
        with transaction.atomic():
            _finish(job, kind.run(context), rights_digest(viewer))
    else:
        _finish(job, kind.run(context), rights_digest(viewer))


def _progress(job: Job):
    def report(percent: int) -> None:
        percent = max(0, min(99, int(percent)))
        Job.objects.filter(pk=job.pk, run=job.run).update(progress=percent)
        _pause_for_tests()

    return report


def _pause_for_tests() -> None:
    """With LAGESBILD_JOB_PAUSE_FILE set (tests only), wait until that file exists."""
    flag = settings.LAGESBILD_JOB_PAUSE_FILE
    while flag and not Path(flag).exists():
        time.sleep(0.05)


def _store(job: Job, filename: str, content: bytes) -> str:
    """Write the job's one file, replacing whatever an earlier or cut-off run left."""
    folder = f"jobs/{job.pk}"
    try:
        _, names = default_storage.listdir(folder)
    except FileNotFoundError:
        names = []
    for name in names:
        default_storage.delete(f"{folder}/{name}")
    return default_storage.save(f"{folder}/{filename}", ContentFile(content))


def _finish(job: Job, result: JobResult, rights: str) -> None:
    name = _store(job, result.filename, result.content) if result.content is not None else ""
    with transaction.atomic():
        finished = Job.objects.filter(pk=job.pk, run=job.run, status=Job.Status.RUNNING).update(
            status=Job.Status.DONE,
            progress=100,
            result=name,
            result_name=result.filename,
            result_type=result.content_type,
            result_url=result.url,
            rights=rights,
            error="",
            finished_at=timezone.now(),
        )
        if finished:  # once per run, however often the task was delivered
            for audit in result.audits:
                audit()


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk, run=job.run, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, error=message, finished_at=timezone.now()
    )


# --- housekeeping --------------------------------------------------------------------------


def purge_results(now: Any = None) -> int:
    """Delete the files of jobs finished more than LAGESBILD_JOB_RESULT_DAYS ago; return how many.

    A job's file may hold free text; it is kept only as long as someone may still fetch it.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.LAGESBILD_JOB_RESULT_DAYS)
    old = Job.objects.filter(status=Job.Status.DONE, finished_at__lt=cutoff).exclude(result="")
    count = 0
    for job in old:
        default_storage.delete(job.result.name)
        Job.objects.filter(pk=job.pk, run=job.run).update(result="")
        count += 1
    if count:
        log_action(None, "lagesbild.job.files_purged", None, {"files": count})
    return count
