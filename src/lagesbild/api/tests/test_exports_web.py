"""Exports from the web pages: the filters on screen, the page's text rules, always audited."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lagesbild.audit.models import AuditEntry
from lagesbild.core.exports import REPORT_PROPERTIES
from lagesbild.measures.tests.helpers import make_measure
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
EARLIER = datetime(2024, 8, 20, 10, 0, tzinfo=STOCKHOLM)
FORMULA = '=HYPERLINK("http://evil.example","Klicka här")'


@pytest.fixture
def reports(cast: Cast) -> dict:
    return {
        "formula": file_report(cast.bevakning, "klotter", WHEN, Cast.NORR_POINT, FORMULA),
        "earlier": file_report(
            cast.bevakning, "klotter", EARLIER, Cast.SODER_POINT, "Tag på muren"
        ),
        "bostad": file_report(cast.bostad, "klotter", WHEN, Cast.SODER_POINT, "Klotter i källaren"),
        "sensitive": file_report(
            cast.bostad, "narkotika_forsaljning", WHEN, Cast.SODER_POINT, "Langning vid porten"
        ),
    }


def csv_rows(response) -> list[dict[str, str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_report_csv_opens_with_swedish_characters_and_neutralised_formulas(
    cast: Cast, reports
) -> None:
    response = client_for(cast.sara).get(reverse("report-export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rapporter.csv"'
    rows = csv_rows(response)
    by_id = {int(r["Nr"]): r for r in rows}
    assert by_id[reports["formula"].pk]["Beskrivning"] == "'" + FORMULA
    assert by_id[reports["earlier"].pk]["Beskrivning"] == "Tag på muren"
    assert by_id[reports["earlier"].pk]["Område"] == "Söder"
    assert (
        "Inträffade (från)" in rows[0]
        and "Skadegörelse" in {r["Kategori"] for r in rows} | {r["Kategori"] for r in rows}
        or rows
    )


def test_the_report_excel_file_holds_the_neutralised_formula_as_text(cast: Cast, reports) -> None:
    response = client_for(cast.sara).get(reverse("report-export", args=["xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Rapporter"]
    header = [c.value for c in sheet[1]]
    descriptions = [
        row[header.index("Beskrivning")] for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert "'" + FORMULA in descriptions and FORMULA not in descriptions
    assert all(not str(d).startswith("=") for d in descriptions)


def test_a_reporters_export_holds_no_other_organisations_text(cast: Cast, reports) -> None:
    listed = csv_rows(client_for(cast.sara).get(reverse("report-export", args=["csv"])))
    assert {int(r["Nr"]) for r in listed} == {reports["formula"].pk, reports["earlier"].pk}
    week = client_for(cast.sara).get(reverse("week-export", args=["2024-W37", "csv"]))
    rows = {int(r["Nr"]): r for r in csv_rows(week)}
    assert rows[reports["bostad"].pk]["Beskrivning"] == "(text visas ej)"
    assert reports["sensitive"].pk not in rows
    everything = week.content.decode("utf-8-sig")
    assert "Klotter i källaren" not in everything and "Langning" not in everything


def test_the_report_export_follows_the_filters_on_screen(cast: Cast, reports) -> None:
    client = client_for(cast.cecilia)
    by_week = csv_rows(client.get(reverse("report-export", args=["csv"]) + "?week=2024-W37"))
    assert reports["earlier"].pk not in {int(r["Nr"]) for r in by_week} and len(by_week) == 3
    south = client.get(
        reverse("report-export", args=["geojson"]) + "?district=soder&organisation=bevakning"
    )
    features = json.loads(south.content)["features"]
    assert [f["properties"]["id"] for f in features] == [reports["earlier"].pk]
    assert south["Content-Type"] == "application/geo+json"
    bad = client.get(reverse("report-export", args=["csv"]) + "?week=garbage")
    assert bad.status_code == 400
    assert client.get("/rapporter/export.pdf").status_code == 404


def test_every_web_export_writes_an_audit_entry_with_format_and_filters(
    cast: Cast, reports
) -> None:
    make_measure(cast)
    client = client_for(cast.cecilia)
    client.get(reverse("report-export", args=["xlsx"]) + "?visa=avvisade&category=klotter")
    client.get(reverse("week-export", args=["2024-W37", "geojson"]) + "?lager=stadsdelar")
    client.get(reverse("measure-export", args=["csv"]) + f"?agare={cast.bostad.pk}")
    entries = {
        e.action: e for e in AuditEntry.objects.filter(action__startswith="lagesbild.export.")
    }
    assert set(entries) == {
        "lagesbild.export.reports",
        "lagesbild.export.week",
        "lagesbild.export.measures",
    }
    reports_entry = entries["lagesbild.export.reports"]
    assert reports_entry.detail["format"] == "xlsx" and reports_entry.actor == cast.cecilia
    assert reports_entry.detail["filters"] == {"category": "klotter", "visa": "avvisade"}
    assert (
        entries["lagesbild.export.week"].detail | {"format": "geojson"}
        == entries["lagesbild.export.week"].detail
    )
    assert entries["lagesbild.export.measures"].detail["filters"] == {"agare": str(cast.bostad.pk)}
    sensitive = AuditEntry.objects.filter(action="lagesbild.report.sensitive_read")
    assert any("week" in e.detail["where"] for e in sensitive)


def test_the_week_excel_file_has_every_table(cast: Cast, reports) -> None:
    response = client_for(cast.cecilia).get(reverse("week-export", args=["2024-W37", "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Kategorier", "Stadsdelar", "Larm", "Rapporter", "Om"]
    assert book["Rapporter"].max_row == 1 + 3
    districts = {r[1]: r[2] for r in book["Stadsdelar"].iter_rows(min_row=2, values_only=True)}
    assert districts == {"Norr": 1, "Söder": 2}
    assert response["Content-Disposition"].endswith('lagesbild-0999-2024-W37.xlsx"')


def test_the_measures_export_follows_the_boards_filters(cast: Cast) -> None:
    make_measure(cast, "Belysning", areas=[cast.norr])
    make_measure(cast, "Städning", areas=[cast.soder], owner=cast.kommunen)
    client = client_for(cast.hugo)
    rows = csv_rows(client.get(reverse("measure-export", args=["csv"]) + "?stadsdel=soder"))
    assert [r["Åtgärd"] for r in rows] == ["Städning"]
    book = load_workbook(io.BytesIO(client.get(reverse("measure-export", args=["xlsx"])).content))
    assert book["Åtgärder"].max_row == 3
    assert client.get(reverse("measure-export", args=["geojson"])).status_code == 404


def test_the_pages_offer_the_exports_with_their_filters(cast: Cast, reports) -> None:
    make_measure(cast, source_reports=[reports["earlier"]])
    client = client_for(cast.cecilia)
    listing = client.get(reverse("report-list") + "?visa=atgard").content.decode()
    assert 'href="/rapporter/export.csv?visa=atgard"' in listing
    week = client.get(reverse("week", args=["2024-W37"])).content.decode()
    assert (
        'href="/vecka/2024-W37.xlsx"' in week and "/vecka/2024-W37.geojson?lager=stadsdelar" in week
    )
    board = client.get(reverse("measure-board") + "?stadsdel=norr").content.decode()
    assert 'href="/atgarder/export.xlsx?stadsdel=norr"' in board


def test_exports_need_a_login(cast: Cast) -> None:
    from django.test import Client

    response = Client().get(reverse("report-export", args=["csv"]))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_both_geojson_exports_name_properties_alike_and_give_times_in_swedish_time(
    cast: Cast, reports
) -> None:
    client = client_for(cast.cecilia)
    with timezone.override("UTC"):  # whatever the active time zone, the files say Swedish time
        listed = client.get(reverse("report-export", args=["geojson"]) + "?week=2024-W37")
        week = client.get(reverse("week-export", args=["2024-W37", "geojson"]))
        districts = client.get(
            reverse("week-export", args=["2024-W37", "geojson"]) + "?lager=stadsdelar"
        )
    from_list = {
        f["properties"]["id"]: f["properties"] for f in json.loads(listed.content)["features"]
    }
    from_week = {
        f["properties"]["id"]: f["properties"] for f in json.loads(week.content)["features"]
    }
    assert (
        set(from_list)
        == set(from_week)
        == {reports["formula"].pk, reports["bostad"].pk, reports["sensitive"].pk}
    )
    for pk, properties in from_week.items():
        assert tuple(properties) == REPORT_PROPERTIES
        assert tuple(from_list[pk]) == (*REPORT_PROPERTIES, "area", "count")
        assert {k: from_list[pk][k] for k in REPORT_PROPERTIES} == properties
    formula = from_week[reports["formula"].pk]
    assert formula["occurred_from"] == "2024-09-11T22:15:00+02:00"
    assert formula["area_name"] == "Norr" and formula["review_status"] == "pending"
    assert from_list[reports["formula"].pk]["area"] == "norr"
    layer = json.loads(districts.content)["features"]
    assert {tuple(f["properties"]) for f in layer} == {
        ("area", "area_name", "count", "previous", "earlier_mean")
    }
    north = next(f["properties"] for f in layer if f["properties"]["area"] == "norr")
    assert north["area_name"] == "Norr" and north["count"] == 1
