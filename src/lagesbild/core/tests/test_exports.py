"""The file writers of the pure core: CSV for Swedish Excel, Excel, GeoJSON; formulas disarmed."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from lagesbild.core.exports import (
    BOM,
    DECIMAL,
    PERCENT,
    Column,
    Sheet,
    neutralise_formula,
    to_csv,
    to_geojson,
    to_xlsx,
)

COLUMNS = [Column("place", "Plats"), Column("text", "Beskrivning"), Column("n", "Antal")]
ROWS = [
    {"place": "Ängsvägen", "text": '=HYPERLINK("http://evil.example","Klicka")', "n": 3},
    {"place": "Södra torget", "text": "Klotter; två taggar\npå gaveln", "n": 1.5},
]


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(start: str) -> None:
    assert neutralise_formula(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Klotter", "", "a=b", 5, -3, 2.5, None, True])
def test_everything_else_passes_unchanged(value) -> None:
    assert neutralise_formula(value) == value


def test_the_csv_starts_with_a_bom_and_keeps_swedish_characters() -> None:
    content = to_csv(ROWS, COLUMNS)
    assert content.startswith(BOM.encode("utf-8"))
    text = content.decode("utf-8")
    assert "Ängsvägen" in text and "Södra" in text and "två" in text


def test_the_csv_is_semicolon_separated_with_decimal_commas_and_quoted_line_breaks() -> None:
    rows = read_csv(to_csv(ROWS, COLUMNS))
    assert rows[0] == ["Plats", "Beskrivning", "Antal"]
    assert rows[2] == ["Södra torget", "Klotter; två taggar\npå gaveln", "1,5"]
    assert len(rows) == 3


def test_a_decimal_columns_csv_figure_has_the_one_decimal_the_page_shows() -> None:
    columns = [Column("mean", "Snitt", DECIMAL), Column("ratio", "Kvot")]
    rows: list[dict[str, float | None]] = [
        {"mean": 47 / 3, "ratio": 1 / 8},
        {"mean": -0.04, "ratio": None},
    ]
    assert read_csv(to_csv(rows, columns))[1:] == [["15,7", "0,125"], ["0,0", ""]]


def test_a_formula_in_a_description_comes_out_neutralised_in_csv() -> None:
    rows = read_csv(to_csv(ROWS, COLUMNS))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","Klicka")'


def test_a_formula_in_a_description_comes_out_neutralised_in_excel() -> None:
    book = load_workbook(io.BytesIO(to_xlsx([Sheet("Rapporter", COLUMNS, ROWS)])))
    cell = book["Rapporter"]["B2"]
    assert cell.value == '\'=HYPERLINK("http://evil.example","Klicka")'
    assert cell.data_type == "s"  # text, not a formula


def test_values_are_written_as_a_reader_expects_them() -> None:
    when = datetime(2024, 9, 11, 22, 15, tzinfo=ZoneInfo("Europe/Stockholm"))
    row = {"when": when, "day": date(2024, 9, 11), "none": None, "yes": True, "nan": float("nan")}
    columns = [Column(k, k) for k in row]
    assert read_csv(to_csv([row], columns))[1] == ["2024-09-11 22:15", "2024-09-11", "", "1", ""]
    sheet = load_workbook(io.BytesIO(to_xlsx([Sheet("T", columns, [row])])))["T"]
    assert sheet["A2"].value == datetime(2024, 9, 11, 22, 15) and sheet["E2"].value is None


def test_sheet_titles_are_made_valid_and_unique() -> None:
    sheets = [
        Sheet("Per kategori/stadsdel: [vecka 37]?", COLUMNS),
        Sheet("per kategori/stadsdel: [vecka 37]?", COLUMNS),
    ]
    book = load_workbook(io.BytesIO(to_xlsx(sheets)))
    assert book.sheetnames == ["Per kategori-stadsdel- -vecka 3", "per kategori-stadsdel- -vec (2)"]
    assert [c.value for c in book.worksheets[0][1]] == ["Plats", "Beskrivning", "Antal"]
    assert book.worksheets[0].freeze_panes == "A2" and book.worksheets[0]["A1"].font.bold


def test_geojson_is_a_feature_collection_with_swedish_text_and_null_for_nan() -> None:
    features: list[dict[str, object]] = [
        {
            "geometry": {"type": "Point", "coordinates": [13.0, 56.0]},
            "properties": {"namn": "Söder", "när": date(2024, 9, 11), "z": float("inf")},
        },
        {"geometry": None, "properties": None},
    ]
    data = json.loads(to_geojson(features))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    first = data["features"][0]
    assert first == {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [13.0, 56.0]},
        "properties": {"namn": "Söder", "när": "2024-09-11", "z": None},
    }
    assert "Söder".encode() in to_geojson(features)


def test_geojson_opens_in_geopandas() -> None:
    geopandas = pytest.importorskip("geopandas")
    square = [[[13.0, 56.0], [13.01, 56.0], [13.01, 56.01], [13.0, 56.01], [13.0, 56.0]]]
    features = [
        {
            "geometry": {"type": "Polygon", "coordinates": square},
            "properties": {"namn": "Söder", "antal": 4},
        },
        {
            "geometry": {"type": "Point", "coordinates": [13.005, 56.005]},
            "properties": {"namn": "Å", "antal": 1},
        },
    ]
    frame = geopandas.read_file(io.BytesIO(to_geojson(features)))
    assert list(frame["namn"]) == ["Söder", "Å"] and frame.crs.to_epsg() == 4326


def test_excel_sheets_are_sized_filterable_and_show_numbers_with_their_formats() -> None:
    columns = [
        Column("place", "Plats"),
        Column("change", "Förändring", PERCENT),
        Column("mean", "Snitt", DECIMAL),
        Column("count", "Antal"),
        Column("ratio", "Kvot"),
        Column("amount", "Belopp"),
    ]
    rows: list[dict[str, object]] = [
        {
            "place": "Stationsområdet vid resecentrum",
            "change": -2 / 13,
            "mean": 10 / 3,
            "count": 7,
            "ratio": 1 / 7,
            "amount": Decimal("12.50"),
        },
        {"place": "Söder", "change": None, "mean": 2.0, "count": 0, "ratio": 0.5, "amount": None},
    ]
    sheet = load_workbook(io.BytesIO(to_xlsx([Sheet("T", columns, rows)])))["T"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F3"
    change, mean, count, ratio, amount = (sheet.cell(2, i) for i in range(2, 7))
    assert change.value == pytest.approx(-2 / 13) and change.number_format == "0.0 %"  # -15,4 %
    assert mean.number_format == "0.0" and count.number_format == "General"
    assert ratio.number_format == "0.0##"  # no column format: never seventeen decimals shown
    assert amount.value == 12.5 and amount.data_type == "n"  # a Decimal is a number, not text
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["A"] >= len("Stationsområdet vid resecentrum") > widths["D"] >= len("Antal")
    assert all(6 <= w <= 60 for w in widths.values())


def test_an_empty_sheet_still_has_its_filterable_heading() -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx([Sheet("Tom", COLUMNS, [])])))["Tom"]
    assert sheet.auto_filter.ref == "A1:C1" and [c.value for c in sheet[1]] == [
        "Plats",
        "Beskrivning",
        "Antal",
    ]


def test_writing_a_sheet_does_not_rescan_it_per_row(monkeypatch: pytest.MonkeyPatch) -> None:
    # ``max_row`` scans every cell; asked per row it made 25 000 reports take 436 s (the fuzzer).
    from openpyxl.worksheet.worksheet import Worksheet

    asked: list[int] = []
    scan = Worksheet.max_row.fget

    def counted_scan(ws: Worksheet) -> int:
        asked.append(1)
        return scan(ws)

    monkeypatch.setattr(Worksheet, "max_row", property(counted_scan))
    rows = [{"place": f"Plats {i}", "text": "Klotter", "n": i / 2} for i in range(500)]
    sheet = load_workbook(io.BytesIO(to_xlsx([Sheet("T", COLUMNS, rows)])))["T"]
    assert len(asked) <= 5
    assert sheet.cell(501, 3).value == 249.5 and sheet.cell(501, 3).number_format == "0.0##"
