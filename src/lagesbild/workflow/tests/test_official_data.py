"""Official data in from the browser: preview, file:line errors, the import as a background job,
the coordinator's own municipality only, and the checklist of what is missing."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from lagesbild.jobs.models import Job
from lagesbild.official.models import OfficialStatistic, Population
from lagesbild.organisations.models import Membership, Role
from lagesbild.testing import run_queued_jobs
from lagesbild.workflow.checklist import checklist
from lagesbild.workflow.imports import SOURCE_NAMES, SOURCES, OfficialUpload, import_title

pytestmark = pytest.mark.django_db

DATA = reverse("official-data")


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def kolada(*rows: tuple[str, object]) -> bytes:
    """A Kolada answer: one KPI value per (municipality code, period)."""
    values = [
        {
            "kpi": "N07403",
            "municipality": code,
            "period": period,
            "values": [{"gender": "T", "value": 12.5, "count": 1, "status": ""}],
        }
        for code, period in rows
    ]
    return json.dumps({"count": len(values), "values": values}).encode()


def upload(data: bytes, source: str = "kolada", name: str = "kolada.json") -> dict:
    return {"source": source, "file": SimpleUploadedFile(name, data), "preview": "1"}


def test_the_preview_writes_nothing_and_offers_the_import(cast: Any) -> None:
    client = client_for(cast.cecilia)
    answer = client.post(DATA, upload(kolada(("0999", 2023), ("0998", 2023), ("1283", 2023))))
    assert answer.status_code == 200
    summary = answer.context["summary"]
    assert (summary.created, summary.skipped, summary.dry_run) == (1, 2, True)
    assert not OfficialStatistic.objects.exists()
    assert answer.context["confirm"] is not None
    assert 'name="import"' in answer.content.decode()


def test_the_import_runs_as_a_job_and_writes_only_the_own_municipalitys_rows(
    cast: Any,
) -> None:
    client = client_for(cast.cecilia)
    preview = client.post(DATA, upload(kolada(("0999", 2023), ("0998", 2023))))
    confirm = {k: v for k, v in preview.context["confirm"].initial.items() if v is not None}
    started = client.post(DATA, {**confirm, "import": "1"})
    job = Job.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse(
        "job-detail", args=[job.pk]
    )
    assert not OfficialStatistic.objects.exists()  # not before the job has run
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    stored = OfficialStatistic.objects.get()
    assert (stored.municipality_code, stored.series, stored.value) == ("0999", "N07403", 12.5)
    download = client.get(reverse("job-download", args=[job.pk]))
    assert download.status_code == 200 and b"1 nya" in download.getvalue()


def test_a_bad_row_is_named_by_file_and_line_and_nothing_can_be_imported(cast: Any) -> None:
    client = client_for(cast.cecilia)
    answer = client.post(DATA, upload(kolada(("0999", 2023), ("0999", "x"))))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "kolada.json:2" in page and "är inget årtal" in page
    assert "confirm" not in answer.context
    assert not OfficialStatistic.objects.exists()


def test_an_unreadable_file_is_a_form_error_not_a_500(cast: Any) -> None:
    answer = client_for(cast.cecilia).post(DATA, upload(b"\x00not json", "scb", "scb.json"))
    assert answer.status_code == 400
    assert answer.context["form"].errors["file"]


@pytest.mark.parametrize("who", ["rut", "anders", "sara", "olle"])
def test_members_who_do_not_manage_the_municipality_are_refused(cast: Any, who: str) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(DATA).status_code == 403
    assert client.post(DATA, upload(kolada(("0999", 2023)))).status_code == 403
    assert not Job.objects.exists()


def test_another_municipalitys_coordinator_sees_nothing_here(cast: Any) -> None:
    client = client_for(cast.cecilia)
    url = f"{DATA}?kommun={cast.other_municipality.code}"
    assert client.get(url).status_code == 404
    assert client.post(url, upload(kolada(("0998", 2023)))).status_code == 404


def test_the_job_refuses_a_coordinator_who_no_longer_manages(cast: Any) -> None:
    client = client_for(cast.cecilia)
    preview = client.post(DATA, upload(kolada(("0999", 2023))))
    confirm = {k: v for k, v in preview.context["confirm"].initial.items() if v is not None}
    client.post(DATA, {**confirm, "import": "1"})
    Membership.objects.filter(user=cast.cecilia).update(role=Role.READER)
    run_queued_jobs()
    assert Job.objects.get().status == Job.Status.FAILED
    assert not OfficialStatistic.objects.exists()


def test_a_forged_upload_token_is_refused(cast: Any) -> None:
    forged = {"source": "kolada", "upload": "0" * 64, "name": "x.json", "import": "1"}
    assert client_for(cast.cecilia).post(DATA, forged).status_code == 400
    assert not Job.objects.exists()


def test_the_checklist_says_what_is_missing_and_links_to_the_upload(cast: Any) -> None:
    today = date(2026, 3, 2)
    items = {item.message: item for item in checklist(cast.municipality, today)}
    assert "Brå saknas för 2025" in items
    assert items["Brå saknas för 2025"].link.endswith("kalla=bra&ar=2025")
    assert "Folkmängd (SCB) saknas för 2025" in items
    Population.objects.create(municipality_code="0999", year=2025, population=10_000)
    messages = [item.message for item in checklist(cast.municipality, today) if not item.ok]
    assert "Folkmängd (SCB) saknas för 2025" not in messages
    page = client_for(cast.cecilia).get(DATA).content.decode()
    assert f"Brå saknas för {timezone.localdate().year - 1}" in page


def test_the_job_is_titled_with_the_sources_proper_name(cast: Any) -> None:
    client = client_for(cast.cecilia)
    preview = client.post(DATA, upload(kolada(("0999", 2023))))
    confirm = {k: v for k, v in preview.context["confirm"].initial.items() if v is not None}
    client.post(DATA, {**confirm, "import": "1"})
    assert Job.objects.get().title == "Import av Kolada: kolada.json"


@pytest.mark.parametrize(
    ("source", "swedish", "english"),
    [
        ("bra", "Import av Brå: bra2025.csv", "Import of Brå: bra2025.csv"),
        (
            "polisen",
            "Import av händelsenotiser från polisen.se: bra2025.csv",
            "Import of event notices from polisen.se: bra2025.csv",
        ),
        ("scb", "Import av SCB: bra2025.csv", "Import of SCB: bra2025.csv"),
        (
            "district-population",
            "Import av folkmängd per stadsdel: bra2025.csv",
            "Import of population per district: bra2025.csv",
        ),
        ("areas", "Import av stadsdelar: bra2025.csv", "Import of districts: bra2025.csv"),
    ],
)
def test_every_sources_job_title_names_it_properly(source: str, swedish: str, english: str) -> None:
    assert SOURCE_NAMES.keys() == SOURCES.keys()  # a new source needs its name
    upload = OfficialUpload(source, "token", "bra2025.csv")
    assert import_title(upload) == swedish
    with translation.override("en"):
        assert import_title(upload) == english
