"""A housing company's weekly export, mapped in the editor and imported, end to end.

Each test is one step of that path that once went wrong: a heading, value or time the editor
offered or accepted that the import then read otherwise, or a sample's content kept somewhere.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from lagesbild.jobs.models import Job
from lagesbild.reports import views_import
from lagesbild.reports.models import ImportMapping, Report
from lagesbild.testing import Cast, client_for, run_queued_jobs

NEW = reverse("report-mapping-new")
IMPORT = reverse("report-import")
NOTE = "Boende Kalle Andersson 19850101-1234 ringde om klotter"


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(client, name: str, data: bytes, **fields: str) -> dict:
    """Post "Läs exempelfilen" with ``fields`` typed; return the form's initial values."""
    posted = {"rows": "0", "date_format": "%Y-%m-%d %H:%M", "read": "1", **fields}
    response = client.post(NEW, {**posted, "sample": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    return response.context


def mapping_for(cast: Cast, **columns: str) -> ImportMapping:
    return ImportMapping.objects.create(
        organisation=cast.bostad,
        name="Fastighetssystemet",
        columns=columns,
        category_values={"12": "klotter"},
    )


def import_file(client, mapping: ImportMapping, name: str, data: bytes, **extra: str):
    upload = SimpleUploadedFile(name, data)
    post = {"organisation": mapping.organisation_id, "mapping": mapping.pk, "file": upload}
    return client.post(IMPORT, {**post, "import": "1", **extra})


def assert_imported(response) -> None:
    problems = response.context["shown_errors"] or response.context["form"].errors
    assert "Filen är importerad" in response.content.decode(), problems


def test_a_heading_with_a_byte_order_mark_is_guessed_and_found_as_typed(cast: Cast) -> None:
    # A system that wrote its CSV into a workbook keeps the BOM in A1; a CSV saved twice has two.
    data = workbook(
        [
            ["\ufeffExternt id", "Kategori", "Tidpunkt", "Område"],
            ["H-1", "klotter", "2024-09-11 22:15", "Norr"],
        ]
    )
    context = read(client_for(cast.hugo), "export.xlsx", data)
    assert context["sample"].headings[0] == "Externt id"
    assert context["form"].initial["column_external_id"] == "Externt id"
    mapping = mapping_for(
        cast,
        external_id="Externt id",
        category="Kategori",
        occurred_from="Tidpunkt",
        district="Område",
    )
    response = import_file(client_for(cast.hugo), mapping, "export.xlsx", data)
    assert_imported(response)
    assert Report.objects.get().external_id == "H-1"


def test_a_category_value_with_personal_data_is_not_offered(cast: Cast) -> None:
    text = f"Typ;Tid\n{NOTE[:40]};2024-09-11 22:15\nTag;2024-09-11 22:15\n"
    data = text.encode("cp1252")
    context = read(client_for(cast.hugo), "export.csv", data, column_category="Typ")
    assert context["sample"].unknown_values == ["Tag"]
    assert "19850101" not in str(context["form"].initial)


def test_a_large_files_refusal_keeps_no_cell_of_it(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without its heading row the first row is read as the headings the refusal lists.
    monkeypatch.setattr(views_import, "IMPORT_JOB_BYTES", 10)
    mapping = mapping_for(cast, category="Typ", occurred_from="Tid")
    text = f"klotter;2024-09-11 22:15;{NOTE}\n"
    response = import_file(client_for(cast.hugo), mapping, "export.csv", text.encode("cp1252"))
    job = Job.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and "kolumner saknas: Typ, Tid" in job.error
    assert "19850101" not in job.error and "Andersson" not in job.error
