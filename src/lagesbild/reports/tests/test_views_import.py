from __future__ import annotations

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.audit.models import AuditEntry
from lagesbild.reports.importing import DEFAULT_COLUMNS
from lagesbild.reports.models import ImportMapping, QuarantinedRow, Report
from lagesbild.testing import Cast, client_for

HEADER = ";".join(DEFAULT_COLUMNS.values())
GOOD = f"{HEADER}\nA-1;klotter;2024-09-11 22:15;;56,015;13,005;;;Klotter;2;\n"
BAD = GOOD + "A-2;okänd;2024-09-11 22:15;;;;Norr;;;;\n"


def upload(text: str, name: str = "export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def post(user, organisation, text: str, button: str = "import", **extra):
    data = {"organisation": organisation.pk, "file": upload(text), button: "1", **extra}
    return client_for(user).post(reverse("report-import"), data)


def test_a_reporter_previews_a_file_and_nothing_is_written(cast: Cast) -> None:
    response = post(cast.sara, cast.bevakning, BAD, button="preview")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<td>export.csv</td><td>3</td>" in page and "okänd" in page
    assert not Report.objects.exists() and not AuditEntry.objects.exists()


def test_a_reporter_imports_a_file_for_their_organisation(cast: Cast) -> None:
    response = post(cast.sara, cast.bevakning, GOOD)
    assert response.status_code == 200 and "Filen är importerad" in response.content.decode()
    report = Report.objects.get()
    assert report.organisation == cast.bevakning and report.area == cast.norr
    assert AuditEntry.objects.get(action="lagesbild.reports.imported").actor == cast.sara


def test_a_file_with_a_bad_row_imports_nothing_unless_quarantine_is_chosen(cast: Cast) -> None:
    assert "ingenting importeras" in post(cast.sara, cast.bevakning, BAD).content.decode()
    assert not Report.objects.exists()
    post(cast.sara, cast.bevakning, BAD, quarantine="on")
    assert Report.objects.count() == 1 and QuarantinedRow.objects.get().line == 3


def test_a_saved_mapping_of_the_organisation_can_be_chosen(cast: Cast) -> None:
    mapping = ImportMapping.objects.create(
        organisation=cast.bevakning,
        name="Eget",
        columns={"category": "Typ", "occurred_from": "Tid", "district": "Område"},
        date_format="%d.%m.%Y %H:%M",
    )
    post(
        cast.sara,
        cast.bevakning,
        "Typ;Tid;Område\nklotter;11.09.2024 22:15;Söder\n",
        mapping=mapping.pk,
    )
    assert Report.objects.get().area == cast.soder


def test_a_mapping_of_another_organisation_is_refused(cast: Cast) -> None:
    other = ImportMapping.objects.create(
        organisation=cast.bostad,
        name="Hem",
        columns={"category": "Kategori", "occurred_from": "Från"},
    )
    response = post(cast.cecilia, cast.bevakning, GOOD, mapping=other.pk)
    assert response.status_code == 400 and not Report.objects.exists()


def test_a_coordinator_imports_for_any_organisation_of_the_municipality(cast: Cast) -> None:
    post(cast.cecilia, cast.bostad, GOOD)
    assert Report.objects.get().organisation == cast.bostad


def test_a_reporter_of_another_organisation_cannot_import_for_yours(cast: Cast) -> None:
    assert post(cast.hugo, cast.bevakning, GOOD).status_code == 403
    assert post(cast.olle, cast.bevakning, GOOD).status_code == 403
    assert not Report.objects.exists()


def test_readers_and_accounts_without_membership_cannot_import(cast: Cast) -> None:
    assert client_for(cast.rut).get(reverse("report-import")).status_code == 403
    assert client_for(cast.nemo).get(reverse("report-import")).status_code == 403


def test_an_anonymous_user_is_sent_to_the_login_page(cast: Cast) -> None:
    for name in ("report-import", "report-import-template-csv", "report-import-template-xlsx"):
        response = Client().get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_unreadable_file_is_explained_on_the_form(cast: Cast) -> None:
    response = post(cast.sara, cast.bevakning, "Något;Annat\n1;2\n")
    assert response.status_code == 400 and "Kategori" in response.content.decode()


def test_the_csv_template_has_a_bom_and_the_swedish_headers(cast: Cast) -> None:
    response = client_for(cast.sara).get(reverse("report-import-template-csv"))
    assert (
        response["Content-Type"].startswith("text/csv")
        and "attachment" in response["Content-Disposition"]
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert header == [
        "Externt id",
        "Kategori",
        "Från",
        "Till",
        "Latitud",
        "Longitud",
        "Stadsdel",
        "Plats",
        "Beskrivning",
        "Otrygghet",
        "Antal",
    ]


def test_the_excel_template_opens_with_the_swedish_headers(cast: Cast) -> None:
    response = client_for(cast.sara).get(reverse("report-import-template-xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    header = next(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(header) == list(DEFAULT_COLUMNS.values()) and "Från" in header
    assert "Kategorier" in workbook.sheetnames


def test_the_import_page_shows_the_form_and_the_template_links(cast: Cast) -> None:
    page = client_for(cast.sara).get(reverse("report-import")).content.decode()
    assert (
        'enctype="multipart/form-data"' in page and reverse("report-import-template-xlsx") in page
    )
    assert "Förhandsgranska" in page


def test_the_sole_organisation_one_imports_for_is_chosen_already(cast: Cast) -> None:
    sara = client_for(cast.sara).get(reverse("report-import")).context["form"]
    assert sara["organisation"].value() == cast.bevakning.pk
    cecilia = client_for(cast.cecilia).get(reverse("report-import")).context["form"]
    assert cecilia["organisation"].value() is None


def test_imported_reports_are_a_systems_and_count_no_person_on_the_effort_page(
    cast: Cast,
) -> None:
    """Third audit, finding 2: the uploader had been stored as every row's reporter, so a file
    counted as one active reporter ('2026-W48;Helsingborgshem;12;1;0;12,0')."""
    rows = "".join(
        f"A-{n};klotter;2024-09-11 {10 + n}:00;;56,015;13,005;;;;2;\n" for n in range(12)
    )
    post(cast.hugo, cast.bostad, f"{HEADER}\n{rows}")
    assert Report.objects.filter(reporter__isnull=True).count() == 12
    assert AuditEntry.objects.get(action="lagesbild.reports.imported").actor == cast.hugo
    url = reverse("analysis-effort-export", args=[cast.municipality.code, "csv"])
    body = client_for(cast.anders).get(url, {"till": "2024-W37", "veckor": "1"})
    assert "2024-W37;Exempeltorpshem;12;0;12;" in body.getvalue().decode("utf-8-sig").splitlines()


def test_a_migration_takes_the_uploader_off_reports_imported_before(cast: Cast) -> None:
    from importlib import import_module

    from django.apps import apps

    from lagesbild.testing import file_report

    imported = file_report(cast.bostad, "klotter", timezone.now(), source=Report.Source.IMPORT)
    filed = file_report(cast.bostad, "klotter", timezone.now())
    Report.objects.filter(pk__in=[imported.pk, filed.pk]).update(reporter=cast.hugo)
    migration = import_module("lagesbild.reports.migrations.0012_imported_reports_have_no_reporter")
    migration.clear_import_reporters(apps, None)
    assert Report.objects.get(pk=imported.pk).reporter is None
    assert Report.objects.get(pk=filed.pk).reporter == cast.hugo  # a person's form report
