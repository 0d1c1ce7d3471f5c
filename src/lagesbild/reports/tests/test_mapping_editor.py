"""The column mapping editor: those who import make and change mappings without the admin."""

from __future__ import annotations

import io
from datetime import datetime, time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.timezone import localtime

from lagesbild.audit.models import AuditEntry
from lagesbild.reports.importing import import_reports
from lagesbild.reports.mapping import format_error, guess_columns
from lagesbild.reports.models import ImportMapping, Report
from lagesbild.testing import Cast, client_for

LIST = reverse("report-mappings")
NEW = reverse("report-mapping-new")
# A security company's export: its own headings, day-first times and its own category values.
EXPORT = (
    "Ärende;Händelsetyp;Tidpunkt;Område;Notering\n"
    "R-1;Klotter/Tag;11.09.2024 22:15;Norr;Taggar på gaveln\n"
    "R-2;Skadegörelse övrigt;12.09.2024 01:05;Söder;\n"
    "R-3;klotter;12.09.2024 03:40;Norr;\n"
    "R-4;Klotter/Tag;13.09.2024 23:10;Söder;\n"
)


def sample(text: str = EXPORT, name: str = "export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def form_data(cast: Cast, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "organisation": cast.bevakning.pk,
        "name": "Larmcentralen",
        "date_format": "%d.%m.%Y %H:%M",
        "default_category": "",
        "column_external_id": "Ärende",
        "column_category": "Händelsetyp",
        "column_occurred_from": "Tidpunkt",
        "column_district": "Område",
        "column_description": "Notering",
        "rows": "2",
        "value_0": "Klotter/Tag",
        "code_0": "klotter",
        "value_1": "Skadegörelse övrigt",
        "code_1": "ovrig_skadegorelse",
        "save": "1",
    }
    data.update(changes)
    return data


def test_a_partners_filer_reads_a_sample_and_gets_the_headings_and_unknown_values(
    cast: Cast,
) -> None:
    response = client_for(cast.sara).post(
        NEW,
        {
            "rows": "3",
            "date_format": "%d.%m.%Y %H:%M",
            "column_category": "Händelsetyp",
            "read": "1",
            "sample": sample(),
        },
    )
    page, initial = response.content.decode(), response.context["form"].initial
    assert response.status_code == 200
    assert '<option value="Händelsetyp">' in page and '<option value="Tidpunkt">' in page
    # Only the category column was typed, and none of the file's headings is the template's.
    assert [key for key in initial if key.startswith("column_")] == ["column_category"]
    # "klotter" is a category's code; the partner's own two values get a row each.
    assert (initial["value_0"], initial["value_1"]) == ("Klotter/Tag", "Skadegörelse övrigt")
    assert 'name="rows" value="5"' in page
    assert "Datumformatet kan inte läsa" not in page
    # A sensitive category is marked in the list, as on the report form.
    assert ">Organiserad brottslighet (känslig) (organiserad)</option>" in page
    assert not ImportMapping.objects.exists()


def test_the_sample_shows_which_times_the_date_format_cannot_read(cast: Cast) -> None:
    data = {
        "rows": "0",
        "date_format": "%Y-%m-%d %H:%M",
        "column_occurred_from": "Tidpunkt",
        "read": "1",
        "sample": sample(),
    }
    page = client_for(cast.sara).post(NEW, data).content.decode()
    assert "Datumformatet kan inte läsa de här tiderna i filen:" in page
    assert "rad 2: 11.09.2024 22:15" in page and "rad 5: 13.09.2024 23:10" in page


def test_a_saved_mapping_imports_the_partners_own_file(cast: Cast) -> None:
    client = client_for(cast.sara)
    response = client.post(NEW, form_data(cast))
    assert response.status_code == 302 and response["Location"] == LIST
    mapping = ImportMapping.objects.get()
    assert mapping.columns == {
        "external_id": "Ärende",
        "category": "Händelsetyp",
        "occurred_from": "Tidpunkt",
        "district": "Område",
        "description": "Notering",
    }
    assert mapping.category_values == {
        "Klotter/Tag": "klotter",
        "Skadegörelse övrigt": "ovrig_skadegorelse",
    }
    entry = AuditEntry.objects.get(action="lagesbild.import.mapping_created")
    assert entry.actor == cast.sara and entry.detail["category_values"] == 2
    imported = client.post(
        reverse("report-import"),
        {
            "organisation": cast.bevakning.pk,
            "mapping": mapping.pk,
            "file": sample(),
            "import": "1",
        },
    )
    assert "Filen är importerad" in imported.content.decode()
    assert sorted(Report.objects.values_list("category__code", flat=True)) == [
        "klotter",
        "klotter",
        "klotter",
        "ovrig_skadegorelse",
    ]


def test_a_mapping_is_changed_and_deleted_with_an_audit_entry_each(cast: Cast) -> None:
    client = client_for(cast.cecilia)
    client.post(NEW, form_data(cast))
    mapping = ImportMapping.objects.get()
    edit = reverse("report-mapping-edit", args=[mapping.pk])
    page = client.get(edit).content.decode()
    assert 'value="Klotter/Tag"' in page and 'name="rows" value="5"' in page
    client.post(edit, form_data(cast, name="Larmcentralen 2", column_description=""))
    mapping.refresh_from_db()
    assert mapping.name == "Larmcentralen 2" and "description" not in mapping.columns
    assert AuditEntry.objects.filter(action="lagesbild.import.mapping_changed").count() == 1
    client.post(reverse("report-mapping-delete", args=[mapping.pk]))
    assert not ImportMapping.objects.exists()
    assert AuditEntry.objects.get(action="lagesbild.import.mapping_deleted").detail == {
        "organisation": cast.bevakning.pk,
        "name": "Larmcentralen 2",
    }


def test_a_mappings_name_is_scrubbed_like_free_text(cast: Cast) -> None:
    # It is kept with the mapping and in its audit entries; it was stored as typed.
    client = client_for(cast.cecilia)
    response = client.post(NEW, form_data(cast, name="Export från Lars Berg 070-123 45 67"))
    assert response.status_code == 302
    assert ImportMapping.objects.get().name == "Export från [namn] [telefonnummer]"
    entry = AuditEntry.objects.get(action="lagesbild.import.mapping_created")
    assert entry.detail["name"] == "Export från [namn] [telefonnummer]"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"column_occurred_from": ""}, "column_occurred_from", "Ange kolumnen med starttiden."),
        (
            {"column_category": ""},
            "column_category",
            "Ange kolumnen med kategorin, eller en kategori när kolumnen saknas.",
        ),
        ({"column_district": "Tidpunkt"}, "column_district", "Rubriken står redan vid Från"),
        ({"date_format": "dag/månad"}, "date_format", "Ange formatet med strftime-koder"),
        ({"date_format": "%m/%Y %H:%M"}, "date_format", "anger inte hela datumet"),
        ({"code_0": ""}, "code_0", "Välj vilken kategori värdet betyder."),
        ({"value_1": "klotter/tag"}, "value_1", "Värdet står redan på en rad ovanför."),
        ({"code_0": "finns-inte"}, "code_0", "Välj ett giltigt alternativ"),
        ({"rows": "många"}, "rows", "Fyll i ett heltal"),
        ({"organisation": "999999"}, "organisation", "Välj ett giltigt alternativ"),
    ],
)
def test_invalid_input_is_named_and_nothing_is_saved(
    cast: Cast, changes: dict, field: str, message: str
) -> None:
    response = client_for(cast.sara).post(NEW, form_data(cast, **changes))
    assert response.status_code == 400
    assert message in " ".join(str(e) for e in response.context["form"].errors[field])
    assert not ImportMapping.objects.exists() and not AuditEntry.objects.exists()


def test_a_second_mapping_with_the_same_name_is_refused(cast: Cast) -> None:
    client = client_for(cast.sara)
    client.post(NEW, form_data(cast))
    response = client.post(NEW, form_data(cast))
    assert response.status_code == 400
    assert "Organisationen har redan en mappning med det namnet." in response.content.decode()
    assert ImportMapping.objects.count() == 1


def test_a_sample_that_cannot_be_read_is_named_and_the_typed_values_stay(cast: Cast) -> None:
    data = form_data(cast, read="1", sample=sample("", "tom.csv"))
    del data["save"]
    response = client_for(cast.sara).post(NEW, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "filen är tom" in page
    assert 'value="Larmcentralen"' in page and 'value="Klotter/Tag"' in page
    workbook = io.BytesIO(b"PK\x03\x04 not a workbook")
    data["sample"] = SimpleUploadedFile("trasig.xlsx", workbook.getvalue())
    assert client_for(cast.sara).post(NEW, data).status_code == 400


def test_an_excel_sample_is_read_like_a_csv_one(cast: Cast) -> None:
    book = openpyxl.Workbook()
    for row in EXPORT.strip().split("\n"):
        book.active.append(row.split(";"))
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("export.xlsx", buffer.getvalue())
    page = (
        client_for(cast.sara)
        .post(NEW, {"rows": "0", "column_category": "Händelsetyp", "read": "1", "sample": upload})
        .content.decode()
    )
    assert '<option value="Händelsetyp">' in page and 'value="Klotter/Tag"' in page


def test_a_filer_manages_only_their_own_organisations_mappings(cast: Cast) -> None:
    others = ImportMapping.objects.create(
        organisation=cast.bostad, name="Bostad", columns={"occurred_from": "Tid"}
    )
    elsewhere = ImportMapping.objects.create(
        organisation=cast.annan, name="Annan", columns={"occurred_from": "Tid"}
    )
    client = client_for(cast.sara)
    assert "Bostad" not in client.get(LIST).content.decode()
    for mapping in (others, elsewhere):
        assert client.get(reverse("report-mapping-edit", args=[mapping.pk])).status_code == 404
        edit = reverse("report-mapping-edit", args=[mapping.pk])
        assert client.post(edit, form_data(cast)).status_code == 404
        delete = reverse("report-mapping-delete", args=[mapping.pk])
        assert client.post(delete).status_code == 404
    # Another organisation in the form is refused as a choice, not saved.
    response = client.post(NEW, form_data(cast, organisation=cast.bostad.pk))
    assert "organisation" in response.context["form"].errors
    assert ImportMapping.objects.count() == 2 and not AuditEntry.objects.exists()


def test_the_coordinator_manages_every_organisation_of_the_municipality_only(cast: Cast) -> None:
    ImportMapping.objects.create(organisation=cast.bostad, name="Bostad", columns={})
    elsewhere = ImportMapping.objects.create(organisation=cast.annan, name="Annan", columns={})
    client = client_for(cast.cecilia)
    page = client.get(LIST).content.decode()
    assert "Bostad" in page and "Annan" not in page
    assert client.post(NEW, form_data(cast, organisation=cast.bostad.pk)).status_code == 302
    delete = reverse("report-mapping-delete", args=[elsewhere.pk])
    assert client.post(delete).status_code == 404
    assert ImportMapping.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.parametrize("who", ["rut", "nemo", "ebba"])
def test_those_who_import_for_no_organisation_are_refused(cast: Cast, who: str) -> None:
    mapping = ImportMapping.objects.create(organisation=cast.bevakning, name="B", columns={})
    client = client_for(getattr(cast, who))
    edit = reverse("report-mapping-edit", args=[mapping.pk])
    delete = reverse("report-mapping-delete", args=[mapping.pk])
    for response in (
        client.get(LIST),
        client.get(NEW),
        client.post(NEW, form_data(cast)),
        client.get(edit),
        client.post(delete),
    ):
        assert response.status_code == 403
    assert ImportMapping.objects.filter(pk=mapping.pk).exists()


@pytest.mark.parametrize("who", ["anders", "olle"])
def test_those_who_import_for_another_organisation_do_not_see_this_ones(
    cast: Cast, who: str
) -> None:
    mapping = ImportMapping.objects.create(organisation=cast.bevakning, name="Bevakningens")
    client = client_for(getattr(cast, who))
    assert "Bevakningens" not in client.get(LIST).content.decode()
    assert client.get(reverse("report-mapping-edit", args=[mapping.pk])).status_code == 404
    assert client.post(reverse("report-mapping-delete", args=[mapping.pk])).status_code == 404
    refused = client.post(NEW, form_data(cast))
    assert "organisation" in refused.context["form"].errors
    assert list(ImportMapping.objects.all()) == [mapping] and not AuditEntry.objects.exists()


def test_deleting_needs_a_post(cast: Cast) -> None:
    mapping = ImportMapping.objects.create(organisation=cast.bevakning, name="B", columns={})
    delete = reverse("report-mapping-delete", args=[mapping.pk])
    assert client_for(cast.sara).get(delete).status_code == 405
    assert ImportMapping.objects.exists()


def test_logged_out_visitors_are_sent_to_the_login(client) -> None:
    assert client.get(LIST).status_code == 302 and client.get(NEW).status_code == 302


def test_the_list_page_takes_the_same_number_of_queries_for_more_mappings(
    cast: Cast, django_assert_max_num_queries
) -> None:
    client = client_for(cast.cecilia)
    for i in range(3):
        ImportMapping.objects.create(organisation=cast.bostad, name=f"M{i}", columns={})
    client.get(LIST)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for i in range(3, 20):
        ImportMapping.objects.create(organisation=cast.bevakning, name=f"M{i}", columns={})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_a_date_format_must_read_back_the_whole_date() -> None:
    assert format_error("%Y-%m-%d %H:%M") is None
    assert format_error("%d/%m/%Y %H.%M") is None
    assert "anger inte hela datumet" in (format_error("%Y-%m %H:%M") or "")
    assert "kod som inte kan läsas" in (format_error("%Y-%m-%d %Q") or "")


def test_guessing_prefers_the_mappings_own_headings_then_the_templates() -> None:
    headings = ["Kategori", "Tid", "Från", "Plats"]
    guessed = guess_columns(headings, {"occurred_from": "tid"})
    assert guessed == {"category": "Kategori", "occurred_from": "Tid", "place_text": "Plats"}


def test_in_english_the_editor_is_english(cast: Cast) -> None:
    client = client_for(cast.sara)
    client.cookies["django_language"] = "en"
    listed = client.get(LIST).content.decode()
    assert "New column mapping" in listed and "Ny kolumnmappning" not in listed
    data = form_data(cast, column_occurred_from="", code_0="", read="1", sample=sample())
    del data["save"]
    read = client.post(NEW, data).content.decode()
    del data["read"], data["sample"]
    refused = client.post(NEW, data | {"save": "1"}).content.decode()
    english = ("Read the sample file", "The file has 5 columns.", "Your value", "Our category")
    assert all(text in read for text in english)
    assert "Give the column with the start time." in refused
    assert "Choose which category the value means." in refused
    swedish = ("Exempelfil", "Läs exempelfilen", "Ert värde", "Vår kategori", "Skriv rubriken")
    assert not any(text in read or text in refused for text in swedish)


# --- A date and its time of day in two columns ---

SPLIT = (
    "Datum;Klockslag;Typ;Område\n2024-09-11;22:15;klotter;Norr\n2024-09-12;01:05;klotter;Söder\n"
)


def split_mapping(cast: Cast) -> ImportMapping:
    return ImportMapping.objects.create(
        organisation=cast.bevakning,
        name="Delad tid",
        columns={
            "occurred_from": "Datum",
            "occurred_from_time": "Klockslag",
            "category": "Typ",
            "district": "Område",
        },
        date_format="%Y-%m-%d %H:%M",
    )


def test_a_time_of_day_in_its_own_column_is_read_with_its_date(cast: Cast) -> None:
    summary = import_reports(SPLIT.encode(), "delad.csv", cast.bevakning, split_mapping(cast))
    assert summary.created == 2 and not summary.errors
    local = sorted(f"{localtime(r.occurred_from):%Y-%m-%d %H:%M}" for r in Report.objects.all())
    assert local == ["2024-09-11 22:15", "2024-09-12 01:05"]


def test_excel_cells_of_a_date_and_a_time_are_joined(cast: Cast) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Datum", "Klockslag", "Typ", "Område"])
    book.active.append([datetime(2024, 9, 11), time(22, 15), "klotter", "Norr"])
    buffer = io.BytesIO()
    book.save(buffer)
    mapping = split_mapping(cast)
    summary = import_reports(buffer.getvalue(), "delad.xlsx", cast.bevakning, mapping)
    assert summary.created == 1 and not summary.errors
    assert f"{localtime(Report.objects.get().occurred_from):%H:%M}" == "22:15"


def test_a_row_without_its_time_of_day_is_a_bad_row_naming_the_column(cast: Cast) -> None:
    data = "Datum;Klockslag;Typ;Område\n2024-09-11;;klotter;Norr\n".encode()
    summary = import_reports(data, "delad.csv", cast.bevakning, split_mapping(cast))
    (error,) = summary.errors
    assert error.line == 2 and "Datum: kan inte tolka tiden '2024-09-11'" in error.reason


def test_the_editor_maps_a_time_column_with_its_date_and_a_format_of_both(cast: Cast) -> None:
    client = client_for(cast.sara)
    base = form_data(cast, column_occurred_from_time="Klockslag", date_format="%d.%m.%Y")
    form = client.post(NEW, base).context["form"]
    assert "formatet anger båda" in form.errors["date_format"][0]
    alone = form_data(
        cast, column_occurred_to_time="Slut", column_occurred_to="", date_format="%d.%m.%Y %H:%M"
    )
    form = client.post(NEW, alone).context["form"]
    assert form.errors["column_occurred_to_time"] == [
        "Ange också kolumnen med datumet (Till): klockslaget läses ihop med det."
    ]
    fine = form_data(
        cast,
        column_occurred_from="Datum",
        column_occurred_from_time="Klockslag",
        date_format="%Y-%m-%d %H:%M",
    )
    assert client.post(NEW, fine).status_code == 302
    assert ImportMapping.objects.get().columns["occurred_from_time"] == "Klockslag"


def test_the_sample_check_reads_the_date_with_its_time_of_day(cast: Cast) -> None:
    data = {
        "rows": "0",
        "date_format": "%Y-%m-%d %H.%M",
        "column_occurred_from": "Datum",
        "column_occurred_from_time": "Klockslag",
        "read": "1",
        "sample": sample(SPLIT, "delad.csv"),
    }
    page = client_for(cast.sara).post(NEW, data).content.decode()
    assert "rad 2: 2024-09-11 22:15" in page
    data |= {"date_format": "%Y-%m-%d %H:%M", "sample": sample(SPLIT, "delad.csv")}
    page = client_for(cast.sara).post(NEW, data).content.decode()
    assert "Datumformatet kan inte läsa" not in page
