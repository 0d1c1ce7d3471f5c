"""A housing company's weekly export, mapped in the editor and imported, end to end.

Each test is one step of that path that once went wrong: a heading, value or time the editor
offered or accepted that the import then read otherwise, or a sample's content kept somewhere.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from lagesbild.audit.models import AuditEntry
from lagesbild.jobs.models import Job
from lagesbild.reports import views_import
from lagesbild.reports.models import ImportMapping, QuarantinedRow, Report
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


# The housing company's weekly export as Swedish Excel saves it: Windows-1252, ';', headings
# with odd spacing and case, its own 30 kinds of event and a note that names a tenant.
KINDS = [f"Händelse {n:02d}" for n in range(1, 31)]
HEADER = "  ÄRENDE  NR ;händelsetyp;Datum/tid;område;Beskrivning\r\n"


def export(rows: list[tuple[str, str, str]], first: int = 1) -> bytes:
    lines = [
        f"B-{i};{kind};{when};Norr;{note}\r\n" for i, (kind, when, note) in enumerate(rows, first)
    ]
    return (HEADER + "".join(lines)).encode("cp1252")


WEEK = export([(kind, f"2024-09-{10 + n % 5} 2{n % 4}:15", NOTE) for n, kind in enumerate(KINDS)])


def test_the_weekly_export_is_mapped_previewed_imported_and_corrected(cast: Cast) -> None:
    client = client_for(cast.hugo)
    context = read(
        client,
        "vecka37.csv",
        WEEK,
        column_external_id="Ärende nr",
        column_category="HÄNDELSETYP",
        column_occurred_from="datum/tid",
        column_district="Område",
    )
    initial = context["form"].initial
    assert context["sample"].unknown_values == KINDS and context["sample"].bad_times == []
    assert initial["column_description"] == "Beskrivning"
    assert context["form"]["organisation"].value() == cast.bostad.pk
    posted = {key: value for key, value in initial.items() if key not in ("read", "heading")}
    codes = {f"code_{i}": "klotter" if i % 2 else "ovrig_skadegorelse" for i in range(30)}
    posted |= codes | {"organisation": cast.bostad.pk, "name": "Hyresgästsystemet", "save": "1"}
    posted["rows"] = str(context["form"].fields["rows"].initial)
    assert client.post(NEW, posted).status_code == 302
    mapping = ImportMapping.objects.get()
    assert len(mapping.category_values) == 30 and "19850101" not in str(mapping.__dict__)

    preview = client.post(
        IMPORT, {"organisation": cast.bostad.pk, "mapping": mapping.pk, "file": upload(WEEK)}
    )
    assert preview.context["summary"]["created"] == "30" and not Report.objects.exists()
    assert_imported(import_file(client, mapping, "vecka37.csv", WEEK))
    assert Report.objects.count() == 30
    assert not any("19850101" in r.description for r in Report.objects.all())
    again = import_file(client, mapping, "vecka37.csv", WEEK)
    assert again.context["summary"]["unchanged"] == "30"

    # Next week one row has a kind nobody mapped: quarantined, then corrected in the file.
    bad = export([("Okänt", "2024-09-17 21:15", NOTE), (KINDS[0], "2024-09-18 21:15", "")], 31)
    quarantined = import_file(client, mapping, "vecka38.csv", bad, quarantine="on")
    assert quarantined.context["summary"]["quarantined"] == "1"
    row = QuarantinedRow.objects.get()
    assert "19850101" not in str(row.data) + row.reason and "Andersson" not in str(row.data)
    fixed = export([(KINDS[1], "2024-09-17 21:15", NOTE), (KINDS[0], "2024-09-18 21:15", "")], 31)
    corrected = import_file(client, mapping, "vecka38.csv", fixed, quarantine="on")
    assert corrected.context["summary"]["resolved"] == "1"
    row.refresh_from_db()
    assert row.resolved and Report.objects.count() == 32
    text = str(list(AuditEntry.objects.values_list("detail", flat=True)))
    assert "19850101" not in text and "Andersson" not in text
    assert "19850101" not in str(dict(client.session))


def upload(data: bytes, name: str = "vecka37.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_a_heading_the_sample_lacks_or_has_twice_is_named_when_saving(cast: Cast) -> None:
    # "Datum" was typed before the sample was read; the file says "Datum/tid", and "Område" twice.
    client = client_for(cast.hugo)
    text = "Typ;Datum/tid;Område;Område\nklotter;2024-09-11 22:15;Norr;Söder\n"
    context = read(client, "export.csv", text.encode("cp1252"), column_occurred_from="Datum")
    posted = {k: v for k, v in context["form"].initial.items() if k != "read"}
    posted |= {"column_category": "Typ", "column_district": "område", "name": "System"}
    posted["organisation"] = cast.bostad.pk
    posted |= {"heading": context["headings"], "rows": "3", "save": "1"}
    response = client.post(NEW, posted)
    errors = response.context["form"].errors
    assert errors["column_occurred_from"] == ["Exempelfilen har ingen kolumn med rubriken Datum."]
    assert "område står flera gånger i exempelfilen" in errors["column_district"][0]
    assert "column_category" not in errors and not ImportMapping.objects.exists()
    # Without a sample read first the headings are taken as typed.
    del posted["heading"]
    response = client.post(NEW, posted)
    assert response.status_code == 302, response.context["form"].errors


def test_a_format_with_the_offset_is_accepted_and_reads_the_files_times(cast: Cast) -> None:
    client = client_for(cast.hugo)
    posted = {"organisation": cast.bostad.pk, "name": "ISO", "rows": "0", "save": "1"}
    posted |= {"date_format": "%Y-%m-%dT%H:%M:%S%z", "column_category": "Typ"}
    posted |= {"column_occurred_from": "Tid", "column_district": "Område"}
    assert client.post(NEW, posted).status_code == 302
    text = "Typ;Tid;Område\nklotter;2024-09-11T22:15:00+00:00;Norr\n"
    assert_imported(import_file(client, ImportMapping.objects.get(), "iso.csv", text.encode()))
    assert Report.objects.get().occurred_from == datetime(2024, 9, 11, 22, 15, tzinfo=UTC)


def test_deleting_a_mapping_a_waiting_import_reads_says_so_and_the_job_explains(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views_import, "IMPORT_JOB_BYTES", 10)
    mapping = mapping_for(cast, category="Typ", occurred_from="Tid", district="Område")
    hugo, cecilia = client_for(cast.hugo), client_for(cast.cecilia)
    text = "Typ;Tid;Område\nklotter;2024-09-11 22:15;Norr\n".encode("cp1252")
    job = Job.objects.get(
        pk=resolve(import_file(hugo, mapping, "v.csv", text)["Location"]).kwargs["pk"]
    )
    assert set(job.params) == {"organisation", "mapping", "upload", "name", "quarantine", "dry_run"}
    deleted = cecilia.post(reverse("report-mapping-delete", args=[mapping.pk]), follow=True)
    page = deleted.content.decode()
    assert "Mappningen Fastighetssystemet är borttagen." in page
    assert "En import som väntar i kön läser sin fil med mappningen" in page
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and "Kolumnmappningen finns inte längre" in job.error
    assert not Report.objects.exists()
    # With no job waiting, only the deletion is told.
    other = mapping_for(cast, category="Typ", occurred_from="Tid")
    again = cecilia.post(reverse("report-mapping-delete", args=[other.pk]), follow=True)
    assert "väntar i kön" not in again.content.decode()


def test_excels_unicode_text_with_tabs_is_read_in_its_columns(cast: Cast) -> None:
    # Excel's "Unicode-text (*.txt)": UTF-16 with a BOM, columns separated by tabs.
    text = "Typ\tTid\tOmråde\r\nklotter\t2024-09-11 22:15\tNorr\r\n"
    data = text.encode("utf-16")
    context = read(client_for(cast.hugo), "export.txt", data, column_category="Typ")
    assert context["sample"].headings == ["Typ", "Tid", "Område"]
    mapping = mapping_for(cast, category="Typ", occurred_from="Tid", district="Område")
    assert_imported(import_file(client_for(cast.hugo), mapping, "export.txt", data))
    assert Report.objects.get().area == cast.norr


def test_a_sample_read_without_its_category_or_time_column_says_what_was_not_read(
    cast: Cast,
) -> None:
    # Nothing typed yet and none of the export's headings is the template's.
    text = "Händelsetyp;Datum/tid\nHändelse 01;2024-09-11 22:15\n".encode("cp1252")
    client = client_for(cast.hugo)
    page = client.post(NEW, {"rows": "0", "read": "1", "sample": upload(text)}).content.decode()
    assert "Filen har 2 kolumner." in page and "känns inte igen" not in page
    assert "Kategorins kolumn är inte angiven eller finns inte i filen, så dess värden" in page
    assert "Tiderna är inte prövade" in page
    posted = {"rows": "0", "read": "1", "date_format": "%Y-%m-%d %H:%M", "sample": upload(text)}
    posted |= {"column_category": "Händelsetyp", "column_occurred_from": "Datum/tid"}
    page = client.post(NEW, posted).content.decode()
    assert "1 kategorivärde känns inte igen" in page and "Tiderna är inte prövade" not in page
