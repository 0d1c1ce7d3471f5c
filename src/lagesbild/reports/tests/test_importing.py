from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from lagesbild.audit.models import AuditEntry
from lagesbild.categories.models import Category
from lagesbild.core.parsers.common import ParseError, RowProblem
from lagesbild.reports.importing import (
    COLUMN_LABELS,
    DEFAULT_COLUMNS,
    Layout,
    RowReader,
    import_reports,
    template_csv,
)
from lagesbild.reports.models import ImportMapping, QuarantinedRow, Report
from lagesbild.testing import STOCKHOLM, Cast, client_for

# An export from the security company's own system: its own headers, day-first dates, commas.
SECURITY_CSV = """Ärendenr,Händelsetyp,Tidpunkt,Lat,Long,Område,Adress,Notering,Otrygghetsgrad
V-101,Klotter/Tag,11/09/2024 22.15,56.015,13.005,,Skolgården,Tag på gaveln,2
V-102,Hot mot personal,12/09/2024 01.40,,,Söder,Centrumgången,"Väktaren hotades, vittne \
850709-9805 ringde 070-123 45 67",3
V-103,Klotter/Tag,13/09/2024 07.05,56.005,13.005,,,Stort klotter på busskur,1
"""


@pytest.fixture
def mapping(cast: Cast) -> ImportMapping:
    return ImportMapping.objects.create(
        organisation=cast.bevakning,
        name="Vaktsystemet",
        columns={
            "external_id": "Ärendenr",
            "category": "Händelsetyp",
            "occurred_from": "Tidpunkt",
            "latitude": "Lat",
            "longitude": "Long",
            "district": "Område",
            "place_text": "Adress",
            "description": "Notering",
            "insecurity": "Otrygghetsgrad",
        },
        date_format="%d/%m/%Y %H.%M",
        category_values={"Klotter/Tag": "klotter", "Hot mot personal": "hot"},
    )


def run(cast: Cast, text: str, mapping=None, name: str = "export.csv", **options):
    return import_reports(text.encode("utf-8"), name, cast.bevakning, mapping, **options)


def template_rows(*rows: str) -> str:
    return "\n".join([";".join(DEFAULT_COLUMNS.values()), *rows]) + "\n"


def test_a_security_company_csv_with_its_own_headers_imports_through_its_saved_mapping(
    cast, mapping
) -> None:
    summary = run(cast, SECURITY_CSV, mapping)
    assert (summary.created, summary.updated, summary.unchanged, summary.errors) == (3, 0, 0, ())
    first = Report.objects.get(external_id="V-101")
    assert first.source == Report.Source.IMPORT and first.organisation == cast.bevakning
    assert first.category.code == "klotter" and first.area == cast.norr
    assert first.occurred_from == datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
    second = Report.objects.get(external_id="V-102")
    assert second.area == cast.soder and second.insecurity == 3 and second.latitude is None


def test_personal_data_in_imported_descriptions_is_scrubbed(cast, mapping) -> None:
    run(cast, SECURITY_CSV, mapping)
    text = Report.objects.get(external_id="V-102").description
    assert "850709-9805" not in text and "070-123 45 67" not in text
    assert "[personnummer]" in text and "[telefonnummer]" in text


def test_a_file_with_bad_rows_names_each_bad_row_and_imports_nothing(cast, mapping) -> None:
    future = (timezone.localtime() + timedelta(days=3)).strftime("%d/%m/%Y %H.%M")
    bad = (
        SECURITY_CSV
        + "\n".join(
            [
                "V-104,Inbrott i rymden,14/09/2024 10.00,56.015,13.005,,,,2",  # 5: unknown category
                "V-105,Klotter/Tag,2024-09-14 10:00,56.015,13.005,,,,2",  # 6: wrong date format
                f"V-106,Klotter/Tag,{future},56.015,13.005,,,,2",  # line 7: in the future
                "V-107,Klotter/Tag,14/09/2024 10.00,56.015,,,,,2",  # line 8: lat without lon
                "V-108,Klotter/Tag,14/09/2024 10.00,6200000,1300000,,,,2",  # line 9: not WGS84
                "V-109,Klotter/Tag,14/09/2024 10.00,,,Mitt,,,2",  # line 10: unknown district
                "V-110,Klotter/Tag,14/09/2024 10.00,56.015,13.005,,,,5",  # line 11: insecurity 5
                "V-111,,14/09/2024 10.00,56.015,13.005,,,,2",  # line 12: no category
            ]
        )
        + "\n"
    )
    summary = run(cast, bad, mapping)
    assert [(e.source, e.line) for e in summary.errors] == [("export.csv", n) for n in range(5, 13)]
    reasons = [e.reason for e in summary.errors]
    assert "Inbrott i rymden" in reasons[0] and "Händelsetyp" in reasons[0]
    assert reasons[1].endswith("(väntat format DD/MM/ÅÅÅÅ TT.MM)")
    assert "framtiden" in reasons[2]
    assert "Long" in reasons[3]
    assert reasons[4].count("WGS84") == 2 and "Ange var" not in reasons[4]
    assert "Mitt" in reasons[5]
    assert "Otrygghetsgrad" in reasons[6]
    assert "Händelsetyp: saknas" in reasons[7]
    assert summary.rejected and (summary.created, summary.quarantined) == (0, 0)
    assert not Report.objects.exists() and not QuarantinedRow.objects.exists()
    assert AuditEntry.objects.get(action="lagesbild.reports.imported").detail["rejected"] is True


def test_with_quarantine_the_good_rows_import_and_the_bad_rows_are_kept_scrubbed(
    cast, mapping
) -> None:
    bad_row = "V-104,Inbrott i rymden,14/09/2024 10.00,56.015,13.005,,,Ring 070-123 45 67,2\n"
    summary = run(cast, SECURITY_CSV + bad_row, mapping, quarantine=True)
    assert (summary.created, summary.quarantined, len(summary.errors)) == (3, 1, 1)
    row = QuarantinedRow.objects.get()
    assert (row.organisation, row.file_name, row.line, row.resolved) == (
        cast.bevakning,
        "export.csv",
        5,
        False,
    )
    assert "Inbrott i rymden" in row.reason
    assert (
        row.data["Händelsetyp"] == "Inbrott i rymden"
        and row.data["Notering"] == "Ring [telefonnummer]"
    )
    run(cast, SECURITY_CSV + bad_row, mapping, quarantine=True)
    assert QuarantinedRow.objects.count() == 1  # the same bad row again is not stored twice


def test_a_quarantined_row_keeps_no_personal_data_in_any_column_or_its_reason(
    cast, mapping
) -> None:
    # Shifted by one column: the description landed under the category, which the reason quotes.
    shifted = "V-105,Kalle Anka 811228-9874 hotade,14/09/2024 10.00,56.015,13.005,,,Text,2\n"
    summary = run(cast, SECURITY_CSV + shifted, mapping, quarantine=True)
    assert "811228-9874" in summary.errors[0].reason  # shown once to the importer, not stored
    row = QuarantinedRow.objects.get()
    stored = json.dumps([row.reason, row.data], ensure_ascii=False)
    assert "811228-9874" not in stored and "Kalle Anka" not in stored
    assert "[personnummer]" in row.reason and row.data["Ärendenr"] == "V-105"


def test_importing_the_same_file_again_changes_nothing(cast, mapping) -> None:
    run(cast, SECURITY_CSV, mapping)
    stamps = dict(Report.objects.values_list("pk", "updated_at"))
    again = run(cast, SECURITY_CSV, mapping)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert dict(Report.objects.values_list("pk", "updated_at")) == stamps


def test_a_changed_row_updates_its_report_and_keeps_its_review_status(cast, mapping) -> None:
    run(cast, SECURITY_CSV, mapping)
    Report.objects.filter(external_id="V-101").update(review_status=Report.Review.ACCEPTED)
    changed = SECURITY_CSV.replace("Tag på gaveln,2", "Tag på gaveln och dörren,3")
    summary = run(cast, changed, mapping)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    report = Report.objects.get(external_id="V-101")
    assert report.description == "Tag på gaveln och dörren" and report.insecurity == 3
    assert report.review_status == Report.Review.ACCEPTED
    entry = AuditEntry.objects.filter(action="lagesbild.reports.imported").latest("pk")
    assert entry.detail["updated"] == 1 and entry.detail["updated_ids"] == [report.pk]


def test_rows_without_an_id_get_a_stable_id_from_their_content(cast) -> None:
    text = template_rows(
        ";klotter;2024-09-11 22:15;;;;Norr;;Klotter;2;", ";hot;2024-09-12 10:00;;;;Söder;;;1;"
    )
    assert run(cast, text).created == 2
    ids = set(Report.objects.values_list("external_id", flat=True))
    assert all(i.startswith("hmac:") and len(i) == 45 for i in ids)
    assert run(cast, text).unchanged == 2 and Report.objects.count() == 2


def test_the_default_template_reads_swedish_numbers_and_category_names(cast) -> None:
    text = template_rows(
        "A-1;Klotter;2024-09-11 22:15;2024-09-11 23:00;56,015;13,005;;Torget;Text;;4"
    )
    summary = run(cast, text)
    assert summary.created == 1, summary.errors
    report = Report.objects.get()
    assert (report.latitude, report.area, report.count, report.insecurity) == (
        56.015,
        cast.norr,
        4,
        2,
    )
    assert report.occurred_to == datetime(2024, 9, 11, 23, 0, tzinfo=STOCKHOLM)


def test_an_excel_file_imports_with_its_dates_and_numbers(cast) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(DEFAULT_COLUMNS.values()))
    sheet.append(
        [
            "X-1",
            "klotter",
            datetime(2024, 9, 11, 22, 15),
            None,
            56.005,
            13.005,
            None,
            "Kiosken",
            "Klotter, ring 070-123 45 67",
            3,
            2,
        ]
    )
    sheet.append([])
    sheet.append(
        ["X-2", "Hot", "2024-09-12 10:00", None, None, None, "norr", None, None, None, None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    summary = import_reports(buffer.getvalue(), "export.xlsx", cast.bevakning, None)
    assert (summary.created, summary.errors) == (2, ())
    first = Report.objects.get(external_id="X-1")
    assert first.occurred_from == datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
    assert first.area == cast.soder and first.count == 2 and "[telefonnummer]" in first.description
    assert Report.objects.get(external_id="X-2").area == cast.norr


def test_excel_rows_are_numbered_as_in_the_sheet(cast) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(DEFAULT_COLUMNS.values()))
    sheet.append([])
    sheet.append(["X-1", "okänd", "2024-09-12 10:00", None, None, None, "Norr"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    summary = import_reports(buffer.getvalue(), "export.xlsx", cast.bevakning, None)
    assert [(e.source, e.line) for e in summary.errors] == [("export.xlsx", 3)]


def test_a_dry_run_writes_nothing_but_counts_what_would_happen(cast, mapping) -> None:
    summary = run(cast, SECURITY_CSV, mapping, dry_run=True, quarantine=True)
    assert (summary.created, summary.dry_run) == (3, True)
    assert not Report.objects.exists() and not AuditEntry.objects.exists()


def test_an_import_is_audited_with_its_counts(cast, mapping) -> None:
    run(cast, SECURITY_CSV, mapping, actor=cast.sara)
    entry = AuditEntry.objects.get(action="lagesbild.reports.imported")
    assert entry.actor == cast.sara and entry.object_id == str(cast.bevakning.pk)
    assert entry.detail["created"] == 3 and entry.detail["file"] == "export.csv"
    assert AuditEntry.objects.count() == 1  # one entry for the import, none per report


def test_a_utf8_csv_with_a_bom_and_the_template_headers_imports(cast) -> None:
    data = template_csv() + "B-1;klotter;2024-09-11 22:15;;;;Söder;;Klotter;;\r\n".encode()
    assert import_reports(data, "mall.csv", cast.bevakning).created == 1


def test_the_same_external_id_twice_in_one_file_is_an_error(cast) -> None:
    text = template_rows(
        "A-1;klotter;2024-09-11 22:15;;;;Norr;;;;", "A-1;hot;2024-09-11 22:15;;;;Norr;;;;"
    )
    summary = run(cast, text)
    assert [(e.line, "rad 2" in e.reason) for e in summary.errors] == [(3, True)]


def test_a_time_before_1900_is_a_row_error(cast) -> None:
    summary = run(cast, template_rows("A-1;klotter;1899-12-31 22:15;;;;Norr;;;;"))
    assert [(e.line, e.reason) for e in summary.errors] == [
        (2, "Från: Händelsen ligger mer än tio år tillbaka (1899-12-31). Kontrollera året.")
    ]


def test_the_report_form_refuses_a_time_before_1900(cast) -> None:
    client = client_for(cast.sara)
    response = client.post(
        reverse("report-create"),
        {
            "category": Category.objects.get(code="klotter").pk,
            "occurred_from": "1899-12-31 22:15",
            "area": cast.norr.pk,
            "insecurity": 2,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["occurred_from"] == [
        "Händelsen ligger mer än ett år tillbaka (1899-12-31). Kontrollera året; äldre "
        "händelser läggs in genom import."
    ]
    assert not Report.objects.exists()


def test_a_file_without_the_required_columns_is_refused_as_a_whole(cast, mapping) -> None:
    with pytest.raises(ParseError, match="Händelsetyp"):
        run(cast, "Ärendenr,Tidpunkt\nV-1,11/09/2024 22.15\n", mapping)


def test_a_file_over_the_upload_limit_is_refused_with_a_clear_message(cast, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    with pytest.raises(ParseError, match="MB"):
        run(cast, template_rows(*["A;klotter;2024-09-11 22:15;;;;Norr;;;;"] * 10))


def test_a_mapping_of_another_organisation_cannot_be_used(cast, mapping) -> None:
    with pytest.raises(ParseError):
        import_reports(SECURITY_CSV.encode(), "export.csv", cast.bostad, mapping)


def test_an_empty_category_cell_takes_the_mappings_default(cast, mapping) -> None:
    mapping.default_category = Category.objects.get(code="ovrigt")
    mapping.save()
    run(cast, SECURITY_CSV.replace("V-103,Klotter/Tag", "V-103,"), mapping)
    assert Report.objects.get(external_id="V-103").category.code == "ovrigt"


def test_a_field_without_a_column_is_read_once_and_alike_in_every_row(cast: Cast) -> None:
    # Only the date is given: the other fields are read once, from an empty cell, for all rows.
    layout = Layout({"occurred_from": 0, "district": 1}, dict(COLUMN_LABELS), None)
    graffiti = Category.objects.get(code="klotter")
    mapping = ImportMapping(organisation=cast.bevakning, default_category=graffiti)
    reader = RowReader(cast.bevakning, mapping, layout)
    first, second = (reader.read([f"2024-09-1{day} 10:00", "Söder"]) for day in (1, 2))
    assert (first.insecurity, first.count, first.place_text, first.latitude) == (2, None, "", None)
    assert (second.insecurity, second.count, second.place_text, second.latitude) == (
        2,
        None,
        "",
        None,
    )
    assert first.category == second.category == graffiti
    assert first.reported_at is second.reported_at is reader.now
    # Without a category column and without a default, every row is refused for it.
    without_default = RowReader(cast.bevakning, None, layout)
    for day in (1, 2):
        with pytest.raises(RowProblem, match="^Kategori: saknas$"):
            without_default.read([f"2024-09-1{day} 10:00", "Söder"])


def test_a_row_shorter_than_the_header_reads_its_missing_cells_as_empty(cast: Cast) -> None:
    summary = run(cast, template_rows("R-1;klotter;2024-09-11 10:00;;;;Söder"))
    assert summary.created == 1 and not summary.errors
    report = Report.objects.select_related("area").get(external_id="R-1")
    assert report.area is not None and report.area.name == "Söder"
    assert (report.insecurity, report.description) == (2, "")


def test_a_date_or_a_time_in_a_text_column_is_read_as_its_iso_text(cast: Cast) -> None:
    layout = Layout({"occurred_from": 0, "district": 1, "place_text": 2}, dict(COLUMN_LABELS), None)
    graffiti = Category.objects.get(code="klotter")
    reader = RowReader(
        cast.bevakning,
        ImportMapping(organisation=cast.bevakning, default_category=graffiti),
        layout,
    )
    on_a_day = reader.read(["2024-09-11 10:00", "Söder", date(2024, 9, 11)])
    at_a_time = reader.read(["2024-09-11 10:00", "Söder", datetime(2024, 9, 11, 22, 15)])
    assert (on_a_day.place_text, at_a_time.place_text) == ("2024-09-11", "2024-09-11 22:15:00")
