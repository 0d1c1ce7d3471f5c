"""A partner file's name is scrubbed like free text: it outlives the file in the audit log, the
job and the quarantined rows ("Anna_Svensson_850312-1234.csv" was kept there as typed)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lagesbild.audit.models import AuditEntry
from lagesbild.jobs.models import Job
from lagesbild.reports import views_import
from lagesbild.reports.importing import DEFAULT_COLUMNS
from lagesbild.reports.models import QuarantinedRow
from lagesbild.testing import Cast, client_for, run_queued_jobs
from lagesbild.workflow.imports import OfficialUpload

HEADER = ";".join(DEFAULT_COLUMNS.values())
ROWS = (
    f"{HEADER}\n"
    "A-1;klotter;2024-09-11 22:15;;56,015;13,005;;;Klotter;2;\n"
    "A-2;okänd;2024-09-11 22:15;;;;Norr;;;;\n"
)
RAW = ("Anna", "Svensson", "850312", "Lars Berg", "070-123")


def upload(client, organisation, name: str):
    file = SimpleUploadedFile(name, ROWS.encode("utf-8"), content_type="text/csv")
    data = {"organisation": organisation.pk, "file": file, "import": "1", "quarantine": "on"}
    return client.post(reverse("report-import"), data)


def stored_texts() -> str:
    rows = [
        *AuditEntry.objects.values_list("detail", flat=True),
        *Job.objects.values_list("title", "params", "error"),
        *QuarantinedRow.objects.values_list("file_name", "reason"),
    ]
    return json.dumps(rows, ensure_ascii=False)


def test_an_imported_files_name_is_kept_scrubbed(cast: Cast) -> None:
    response = upload(client_for(cast.sara), cast.bevakning, "Anna_Svensson_850312-1234.csv")
    assert response.status_code == 200
    assert "[namn]_[personnummer].csv:3" in response.content.decode()
    row = QuarantinedRow.objects.get()
    assert row.file_name == "[namn]_[personnummer].csv"
    entry = AuditEntry.objects.get(action="lagesbild.reports.imported")
    assert entry.detail["file"] == "[namn]_[personnummer].csv"
    assert not any(raw in stored_texts() for raw in RAW)


def test_a_large_files_job_keeps_its_name_scrubbed(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views_import, "IMPORT_JOB_BYTES", 10)
    client = client_for(cast.sara)
    assert upload(client, cast.bevakning, "Lars Berg 070-123 45 67.csv").status_code == 302
    job = Job.objects.get(kind="reports-import")
    assert job.title == "Import av [namn] [telefonnummer].csv – Bevakning AB"
    assert job.params["name"] == "[namn] [telefonnummer].csv"
    assert run_queued_jobs() == 1
    assert client.get(reverse("job-download", args=[job.pk])).status_code == 200
    assert QuarantinedRow.objects.get().file_name == "[namn] [telefonnummer].csv"
    assert not any(raw in stored_texts() for raw in RAW)


def test_an_official_files_name_is_scrubbed_for_its_job() -> None:
    params = {"source": "polisen", "upload": "t", "name": "händelser Lars Berg 070-123 45 67.json"}
    upload = OfficialUpload.from_params(params)
    assert upload.name == "händelser [namn] [telefonnummer].json"
    assert upload.params()["name"] == "händelser [namn] [telefonnummer].json"
