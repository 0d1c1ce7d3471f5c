"""Uploads kept for a job are removed by the daily purge once they waited longer than a day."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from lagesbild.audit.models import AuditEntry
from lagesbild.jobs.schedules import purge_job_files
from lagesbild.jobs.uploads import (
    KEEP,
    discard_upload,
    keep_upload,
    purge_stale_uploads,
    read_upload,
)

pytestmark = pytest.mark.django_db


def _age(kind: str, user_id: int, token: str, age: timedelta) -> None:
    then = (timezone.now() - age).timestamp()
    os.utime(default_storage.path(f"uploads/{kind}/{user_id}/{token}"), (then, then))


def test_the_purge_removes_only_uploads_that_waited_longer_than_a_day() -> None:
    old = keep_upload("test-kind", 7, b"waited too long")
    fresh = keep_upload("test-kind", 8, b"just uploaded")
    _age("test-kind", 7, old, KEEP + timedelta(minutes=1))
    assert purge_stale_uploads() == 1
    assert read_upload("test-kind", 7, old) is None
    assert read_upload("test-kind", 8, fresh) == b"just uploaded"
    assert AuditEntry.objects.get(action="lagesbild.job.uploads_purged").detail == {"files": 1}
    assert purge_stale_uploads() == 0
    _age("test-kind", 8, fresh, KEEP + timedelta(minutes=1))
    assert "1 uploads that waited longer than a day removed" in purge_job_files()
    discard_upload("test-kind", 8, fresh)  # already gone: nothing to do


def test_a_token_that_is_no_token_reads_and_discards_nothing() -> None:
    assert read_upload("test-kind", 7, "../../settings.py") is None
    discard_upload("test-kind", 7, "../../settings.py")
