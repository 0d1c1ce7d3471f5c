"""An official data file is kept only while its import may still run (jobs.uploads).

A file the preview refused was kept forever, as was one looked at and never imported or whose
import failed; a coordinator who sent the wrong file (a partner export with names, say) left it
on the server. Now only a file that can be imported is kept, the job removes it when it has run or
has been refused for good, and the daily purge removes what waited longer than a day.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage

from lagesbild.jobs.models import Job
from lagesbild.jobs.services import enqueue
from lagesbild.jobs.uploads import upload_token
from lagesbild.organisations.models import Membership, Role
from lagesbild.testing import run_queued_jobs
from lagesbild.workflow.imports import IMPORT_KIND, OfficialUpload, store_upload
from lagesbild.workflow.tests.test_official_data import DATA, client_for, kolada, upload

pytestmark = pytest.mark.django_db


def kept(user: Any, data: bytes) -> bool:
    return default_storage.exists(f"uploads/official/{user.pk}/{upload_token(data)}")


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"\x00not json, retention test", 400),  # unreadable: refused as a whole
        (kolada(("0999", 2023), ("0999", "x"), ("0999", "retention")), 200),  # bad rows
    ],
)
def test_a_file_the_preview_refuses_is_not_kept(cast: Any, data: bytes, status: int) -> None:
    answer = client_for(cast.cecilia).post(DATA, upload(data))
    assert answer.status_code == status and "confirm" not in answer.context
    assert not kept(cast.cecilia, data)


def test_a_file_that_can_be_imported_is_kept_until_its_job_has_run(cast: Any) -> None:
    data = kolada(("0999", 2021))
    client = client_for(cast.cecilia)
    preview = client.post(DATA, upload(data))
    assert preview.context["confirm"] is not None and kept(cast.cecilia, data)
    confirm = {k: v for k, v in preview.context["confirm"].initial.items() if v is not None}
    client.post(DATA, {**confirm, "import": "1"})
    assert kept(cast.cecilia, data)
    run_queued_jobs()
    assert Job.objects.get().status == Job.Status.DONE
    assert not kept(cast.cecilia, data)


def _job_for(cast: Any, data: bytes) -> None:
    """Queue the import of ``data`` as the page would after a preview."""
    token = store_upload(cast.cecilia.pk, data)
    params = OfficialUpload("kolada", token, "kolada.json").params()
    enqueue(IMPORT_KIND, cast.cecilia, cast.municipality, params, "Import")


def test_an_import_refused_for_good_removes_its_file(cast: Any) -> None:
    bad = kolada(("0999", "inget år"))
    _job_for(cast, bad)
    run_queued_jobs()
    assert Job.objects.get().status == Job.Status.FAILED
    assert not kept(cast.cecilia, bad)


def test_an_import_whose_asker_no_longer_manages_removes_its_file(cast: Any) -> None:
    data = kolada(("0999", 2019))
    _job_for(cast, data)
    Membership.objects.filter(user=cast.cecilia).update(role=Role.READER)
    run_queued_jobs()
    assert Job.objects.get().status == Job.Status.FAILED
    assert not kept(cast.cecilia, data)
