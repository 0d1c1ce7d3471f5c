"""Files a person uploads for a job to read later: kept only until the job has run.

A file is kept under its kind and the person's own folder, named by its SHA-256, from the moment
the person is offered to start the job until the job ends (done or refused for good), and never
longer than ``KEEP``: a file that was looked at and never imported, or whose job never ran, is
removed by the daily purge of job files (``purge_stale_uploads``). What a person uploads may hold
anything, personal data included, whatever the form asked for.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from lagesbild.audit.services import log_action

UPLOADS = "uploads"
#: How long an upload may wait for its job.
KEEP = timedelta(days=1)
_TOKEN = re.compile(r"^[0-9a-f]{64}$")


def upload_token(data: bytes) -> str:
    """Return the name a file is kept under: its SHA-256."""
    return hashlib.sha256(data).hexdigest()


def _path(kind: str, user_id: int, token: str) -> str | None:
    return f"{UPLOADS}/{kind}/{user_id}/{token}" if _TOKEN.match(token) else None


def keep_upload(kind: str, user_id: int, data: bytes) -> str:
    """Keep ``data`` for a job of ``user_id``; return its token."""
    token = upload_token(data)
    path = _path(kind, user_id, token)
    assert path is not None
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(data))
    return token


def read_upload(kind: str, user_id: int, token: str) -> bytes | None:
    """Return the kept file, or None when it is gone (or the token is no token)."""
    path = _path(kind, user_id, token)
    if path is None or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def discard_upload(kind: str, user_id: int, token: str) -> None:
    path = _path(kind, user_id, token)
    if path is not None:
        default_storage.delete(path)


def purge_stale_uploads(now: datetime | None = None) -> int:
    """Delete the uploads kept longer than ``KEEP``; return how many (audited when any)."""
    cutoff = (now or timezone.now()) - KEEP
    stale = [path for path in _kept_files() if default_storage.get_modified_time(path) < cutoff]
    for path in stale:
        default_storage.delete(path)
    if stale:
        log_action(None, "lagesbild.job.uploads_purged", None, {"files": len(stale)})
    return len(stale)


def _kept_files() -> list[str]:
    """Every kept file, as ``uploads/<kind>/<user id>/<token>``."""
    if not default_storage.exists(UPLOADS):
        return []
    paths = []
    for kind in default_storage.listdir(UPLOADS)[0]:
        for user in default_storage.listdir(f"{UPLOADS}/{kind}")[0]:
            folder = f"{UPLOADS}/{kind}/{user}"
            paths += [f"{folder}/{name}" for name in default_storage.listdir(folder)[1]]
    return paths
