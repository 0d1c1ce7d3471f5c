"""The kinds of background job, registered by the apps that own them.

A kind's ``run`` receives a ``JobContext`` — the job, the person who asked, their viewer as it
is *now* (resolved when the job runs, narrowed to the job's municipality) and a progress callback —
and returns a ``JobResult``: a file or the address of what it made, and the audit entries to write
when the job is marked done (in the same transaction, so a job that is run again after a crash is
audited once). A kind refuses with ``JobError`` (a message for the person) or, for a lookup the
viewer may not make, with Django's ``Http404``/``PermissionDenied``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lagesbild.organisations.access import Viewer


class JobError(Exception):
    """The job cannot be done; the message is shown to the person who asked."""


@dataclass(frozen=True)
class JobContext:
    job: Any  # lagesbild.jobs.models.Job
    user: Any
    viewer: Viewer
    municipality: Any  # Municipality, or None for a job over all the user's municipalities
    params: dict[str, Any]
    progress: Callable[[int], None]


@dataclass(frozen=True)
class JobResult:
    content: bytes | None = None
    filename: str = ""
    content_type: str = ""
    url: str = ""  # for a job that makes an object instead of a file
    audits: tuple[Callable[[], Any], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Callable[[JobContext], JobResult]
    # The job writes (a statutory draft): its work and its completion are one transaction, so a
    # job that is run again after a crash does not write twice.
    writes: bool = False
    # Called with the job when a run has ended, done or failed (refused before it began too):
    # to remove the upload the job read.
    ended: Callable[[Any], None] | None = None
    # For a kind whose file is a summary to read on the job page (a partner import): the
    # template, extending jobs/job.html, and its context for the finished job.
    page: Callable[[Any], tuple[str, dict[str, Any]]] | None = None


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    """Register a kind of job (from the owning app's ``AppConfig.ready``)."""
    _KINDS[kind.name] = kind


def kind_named(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise JobError(f"Okänt slag av jobb: {name!r}") from None


def registered() -> frozenset[str]:
    return frozenset(_KINDS)
