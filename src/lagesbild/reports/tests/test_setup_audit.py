"""A coordinator's first imports of a partner's own export: what the audit of that path found."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lagesbild.core.parsers.common import ParseError
from lagesbild.core.places import normalise_place_text
from lagesbild.places.models import Place
from lagesbild.reports.importing import DEFAULT_COLUMNS, import_reports
from lagesbild.reports.models import ImportMapping, QuarantinedRow, Report
from lagesbild.testing import STOCKHOLM, Cast, client_for
from lagesbild.web.tests.test_scroll_frames import assert_tab_stops_are_named

HEADER = ";".join(DEFAULT_COLUMNS.values())
GOOD_ROW = "A-1;klotter;2024-09-11 22:15;;;;Norr;;Tag;2;"
BAD_ROW = "A-2;okänd;2024-09-11 22:15;;;;Norr;;Ring 070-123 45 67;2;"


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def workbook(*rows: list) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(DEFAULT_COLUMNS.values()))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_row(external_id: str, start) -> list:
    return [external_id, "klotter", start, None, None, None, "Norr", None, "Tag", 2, None]


def test_an_excel_date_saved_as_a_day_number_imports_as_its_time(cast: Cast) -> None:
    # A date column formatted as a number: 45546.927083… is 2024-09-11 22:15.
    data = workbook(template_row("E-1", 45546 + (22 * 60 + 15) / 1440))
    summary = import_reports(data, "export.xlsx", cast.bevakning)
    assert (summary.created, summary.errors) == (1, ())
    report = Report.objects.get(external_id="E-1")
    assert report.occurred_from == datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)


def test_a_day_number_copied_out_as_text_imports_and_a_small_number_stays_an_error(
    cast: Cast,
) -> None:
    data = csv_file("T-1;klotter;45546,5;;;;Norr;;Tag;2;", "T-2;klotter;2024;;;;Norr;;Tag;2;")
    summary = import_reports(data, "export.csv", cast.bevakning, quarantine=True)
    assert Report.objects.get(external_id="T-1").occurred_from == datetime(
        2024, 9, 11, 12, 0, tzinfo=STOCKHOLM
    )
    assert [
        (error.line, "kan inte tolka tiden '2024'" in error.reason) for error in summary.errors
    ] == [(3, True)]


def test_a_column_that_stands_twice_in_the_header_stops_the_file_with_the_fix(
    cast: Cast,
) -> None:
    data = "Externt id;Kategori;Från;Stadsdel;Kategori\nD-1;klotter;2024-09-11 22:15;Norr;hot\n"
    with pytest.raises(ParseError) as raised:
        import_reports(data.encode(), "export.csv", cast.bevakning)
    assert "Kategori finns mer än en gång" in str(raised.value)
    assert "byt namn" in str(raised.value) and not Report.objects.exists()


def test_a_missing_column_says_how_to_fix_it_with_and_without_a_mapping(cast: Cast) -> None:
    mapping = ImportMapping.objects.create(
        organisation=cast.bevakning,
        name="Vaktsystemet",
        columns={"category": "Typ", "occurred_from": "Tid", "district": "Område"},
        date_format="%Y-%m-%d %H:%M",
    )
    with pytest.raises(ParseError) as raised:
        import_reports(b"Typ;Tid\nklotter;2024-09-11 22:15\n", "e.csv", cast.bevakning, mapping)
    assert "kolumner saknas: Område" in str(raised.value)
    assert "ta bort dem ur mappningen Vaktsystemet" in str(raised.value)
    with pytest.raises(ParseError) as raised:
        import_reports(b"Kategori\nklotter\n", "e.csv", cast.bevakning)
    assert "välj en kolumnmappning med filens egna rubriker" in str(raised.value)


def test_a_quarantined_row_fixed_in_the_file_is_resolved_when_the_file_comes_again(
    cast: Cast,
) -> None:
    import_reports(csv_file(GOOD_ROW, BAD_ROW), "vakt.csv", cast.bevakning, quarantine=True)
    assert QuarantinedRow.objects.get().resolved is False
    fixed = csv_file(GOOD_ROW, BAD_ROW.replace("okänd", "klotter"))
    preview = import_reports(fixed, "vakt.csv", cast.bevakning, dry_run=True)
    assert preview.resolved == 1 and QuarantinedRow.objects.get().resolved is False
    summary = import_reports(fixed, "vakt.csv", cast.bevakning)
    assert (summary.created, summary.unchanged, summary.resolved) == (1, 1, 1)
    assert QuarantinedRow.objects.get().resolved is True
    again = import_reports(fixed, "vakt.csv", cast.bevakning)
    assert (again.created, again.updated, again.resolved) == (0, 0, 0)


def test_a_quarantined_row_still_bad_stays_waiting_and_is_not_stored_twice(cast: Cast) -> None:
    data = csv_file(GOOD_ROW, BAD_ROW)
    for _ in range(2):
        summary = import_reports(data, "vakt.csv", cast.bevakning, quarantine=True)
    assert summary.resolved == 0
    assert list(QuarantinedRow.objects.values_list("line", "resolved")) == [(3, False)]


def upload(data: bytes, name: str = "vakt.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_import_page_lists_the_rows_waiting_in_quarantine_scrubbed(cast: Cast) -> None:
    import_reports(csv_file(GOOD_ROW, BAD_ROW), "vakt.csv", cast.bevakning, quarantine=True)
    page = client_for(cast.cecilia).get(reverse("report-import")).content.decode()
    assert "vakt.csv:3" in page and "okänd kategori" in page
    assert "Beskrivning: Ring [telefonnummer]" in page and "070-123" not in page
    assert "importera filen igen med samma filnamn" in page
    # Four columns of file, reason and values are wider than a phone: a keyboard scrolls them.
    assert "quarantine-heading" in assert_tab_stops_are_named(page)
    # Another organisation's reporter imports only for their own: they do not see the row.
    other = client_for(cast.hugo).get(reverse("report-import")).content.decode()
    assert "vakt.csv:3" not in other and "Inga rader väntar i karantän" in other


def test_the_import_page_explains_each_saved_mapping_and_who_edits_it(cast: Cast) -> None:
    ImportMapping.objects.create(
        organisation=cast.bevakning,
        name="Vaktsystemet",
        columns={"category": "Händelsetyp", "occurred_from": "Tidpunkt"},
        date_format="%d/%m/%Y %H.%M",
        category_values={"Klotter/Tag": "klotter"},
    )
    page = client_for(cast.cecilia).get(reverse("report-import")).content.decode()
    assert "Vaktsystemet" in page and "<code>%d/%m/%Y %H.%M</code>" in page
    assert "<td>Kategori</td><td>Händelsetyp</td>" in page
    assert "<td>Från</td><td>Tidpunkt</td>" in page
    assert '<td>Kategori klotter</td><td>värdet "Klotter/Tag"</td>' in page
    mapping = ImportMapping.objects.get(name="Vaktsystemet")
    assert f"mapping-{mapping.pk}" in assert_tab_stops_are_named(page)  # a file's long headings
    # A coordinator cannot open the admin: the page leads to the mapping editor instead.
    assert f'<a href="{reverse("report-mapping-new")}">Ny kolumnmappning</a>' in page
    assert "(administrationen)" not in page


def test_in_english_the_new_texts_of_the_import_page_are_english(cast: Cast) -> None:
    import_reports(csv_file(GOOD_ROW, BAD_ROW), "vakt.csv", cast.bevakning, quarantine=True)
    client = client_for(cast.cecilia)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("report-import")).content.decode()
    assert "Rows in quarantine" in page and "Column mappings" in page
    assert "Rader i karantän" not in page and "Kolumnmappningar" not in page
    response = client.post(
        reverse("report-import"),
        {
            "organisation": cast.bevakning.pk,
            "file": upload(b"Externt id;Kategori;Fr\xc3\xa5n;Kategori\n"),
            "preview": "1",
        },
    )
    assert "appears more than once" in response.content.decode()


def test_a_row_without_a_pin_at_a_gazetteer_place_is_placed_there_not_a_500(cast: Cast) -> None:
    Place.objects.create(
        municipality=cast.municipality,
        name="Stortorget",
        key=normalise_place_text("Stortorget"),
        latitude=56.015,
        longitude=13.005,
    )
    data = csv_file("G-1;klotter;2024-09-11 22:15;;;;;Stortorget;Tag;2;")
    response = client_for(cast.cecilia).post(
        reverse("report-import"),
        {"organisation": cast.bevakning.pk, "file": upload(data), "import": "1"},
    )
    assert response.status_code == 200
    report = Report.objects.get(external_id="G-1")
    assert (report.latitude, report.longitude, report.geocoded) == (56.015, 13.005, True)
    assert report.area == cast.norr
