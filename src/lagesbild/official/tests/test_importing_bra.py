"""Importing Brå reported crimes: the real SOL extract, yearly CSV and Excel files, aggregates."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from lagesbild.categories.models import BraCrimeTypeMapping, Category
from lagesbild.core.parsers.bra import category_counts, parse_sol_extract
from lagesbild.core.tests.samples import sample_path
from lagesbild.official.importing import ImportFailed, category_series_name, import_bra
from lagesbild.official.models import OfficialStatistic
from lagesbild.official.tests.sol import FICKSTOLD, RAN, SKADEGORELSE, STOLD, sol_extract, sol_row

pytestmark = pytest.mark.django_db

SOL = ("bra", "lulea-statistik-BR-brottsstatistik-latest.csv")


def _sol_bytes() -> bytes:
    return sample_path(*SOL).read_bytes()


def _bra(**filters) -> OfficialStatistic:
    return OfficialStatistic.objects.get(source="bra", **filters)


def _category(row: OfficialStatistic) -> Category:
    assert row.category is not None, f"{row.series} has no category"
    return row.category


def test_the_real_sol_extract_imports_with_the_figures_of_the_file() -> None:
    summary = import_bra(_sol_bytes(), "latest.csv")
    rows = list(csv.DictReader(io.StringIO(_sol_bytes().decode("utf-8-sig"))))
    leaves = OfficialStatistic.objects.filter(source="bra").exclude(series__startswith="kategori:")
    assert summary.ok and leaves.count() == len(rows) == 82
    total = _bra(municipality_code="2580", series="Totalt antal brott", period="2026-08")
    assert (total.value, total.per_100k, total.preliminary) == (652, 812, True)
    assert (total.year, total.month) == (2026, 8)
    for row in rows:
        code = "2580" if row["Kommun"] == "Luleå" else "2582"
        stored = _bra(municipality_code=code, series=row["Brott"], period="2026-08")
        assert stored.value == float(row["Antal"]) and stored.per_100k == float(row["Per100000"])


def test_crime_types_get_the_category_of_their_mapping_by_leaf_label() -> None:
    import_bra(_sol_bytes(), "latest.csv")
    vandalism = _bra(municipality_code="2580", series=", ".join(SKADEGORELSE), period="2026-08")
    pickpocketing = _bra(municipality_code="2580", series=", ".join(FICKSTOLD), period="2026-08")
    assert _category(vandalism).code == "skadegorelse" and vandalism.value == 72
    assert _category(pickpocketing).code == "stold_mot_person"
    assert (
        _bra(municipality_code="2580", series="Totalt antal brott", period="2026-08").category
        is None
    )


def test_category_aggregates_agree_with_the_parsers_category_counts() -> None:
    import_bra(_sol_bytes(), "latest.csv")
    # The same mapping as the import, rolled up to top level, fed to the pure function.
    top_level = {m.crime_type: m.category.top_level.code for m in BraCrimeTypeMapping.objects.all()}
    result = parse_sol_extract(_sol_bytes(), "latest.csv")
    expected = category_counts(result.records, top_level)[("Luleå", "2026-08")]
    stored = {
        row.series.removeprefix("kategori:"): row.value
        for row in OfficialStatistic.objects.filter(
            municipality_code="2580", period="2026-08", series__startswith="kategori:"
        )
        if _category(row).parent_id is None
    }
    assert stored == expected
    assert stored["skadegorelse"] == 72 and stored["stold"] == 207 - 1  # robbery moved to våld
    assert _bra(municipality_code="2580", series="kategori:stold_mot_person").value == 12
    assert _bra(municipality_code="2580", series="kategori:ran").value == 1


def test_importing_the_extract_again_changes_nothing() -> None:
    first = import_bra(_sol_bytes(), "latest.csv")
    second = import_bra(_sol_bytes(), "latest.csv")
    assert first.created > 82 and (second.created, second.updated) == (0, 0)
    assert second.unchanged == first.created


def test_a_corrected_figure_updates_the_row_and_its_category() -> None:
    import_bra(sol_extract([sol_row("Helsingborg", 2021, SKADEGORELSE, 850)]), "a.csv")
    summary = import_bra(sol_extract([sol_row("Helsingborg", 2021, SKADEGORELSE, 860)]), "b.csv")
    assert (summary.created, summary.updated) == (0, 2)
    assert (
        _bra(municipality_code="1283", series="kategori:skadegorelse", period="2021").value == 860
    )


def test_därav_items_in_another_file_are_moved_out_of_their_parents_category() -> None:
    import_bra(sol_extract([sol_row("Helsingborg", 2021, STOLD, 500)]), "stold.csv")
    import_bra(sol_extract([sol_row("Helsingborg", 2021, RAN, 40)]), "ran.csv")
    figures = {
        row.series: row.value
        for row in OfficialStatistic.objects.filter(series__startswith="kategori:", period="2021")
    }
    assert figures == {
        category_series_name("stold"): 460,
        category_series_name("vald"): 40,
        category_series_name("ran"): 40,
    }


def test_a_dry_run_writes_nothing_but_reports_what_it_would_do() -> None:
    summary = import_bra(_sol_bytes(), "latest.csv", dry_run=True)
    assert summary.dry_run and summary.created > 82
    assert not OfficialStatistic.objects.exists()


YEARLY = (
    "\ufeffKommun;Antal;Per 100 000 inv.\r\n"
    "Helsingborg;15 432;10 500\r\n"
    "Ale;2537;7810\r\n"
    "Riket;1 400 000;13 300\r\n"
)


def test_a_yearly_municipality_csv_imports_with_year_and_crime_type() -> None:
    summary = import_bra(YEARLY.encode(), "kommuner-2024.csv", year=2024)
    assert (summary.created, summary.skipped) == (2, 1)
    helsingborg = _bra(municipality_code="1283", series="Totalt antal brott", period="2024")
    assert (helsingborg.value, helsingborg.per_100k, helsingborg.month) == (15432, 10500, None)
    import_bra(
        YEARLY.encode(), "skadegorelse-2024.csv", year=2024, crime_type="12 kap. Skadegörelsebrott"
    )
    assert (
        _bra(municipality_code="1283", series="kategori:skadegorelse", period="2024").value == 15432
    )


def test_a_yearly_file_without_a_year_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ImportFailed, match="--year"):
        import_bra(YEARLY.encode(), "kommuner.csv")


def test_a_malformed_csv_names_file_line_and_reason_and_imports_nothing() -> None:
    bad = YEARLY + "Ingenstans;12;3\r\nLund;tolv;3\r\n"
    summary = import_bra(bad.encode(), "trasig.csv", year=2024)
    assert [(e.source, e.line) for e in summary.errors] == [("trasig.csv", 5), ("trasig.csv", 6)]
    assert "Ingenstans" in summary.errors[0].reason and "Antal" in summary.errors[1].reason
    assert summary.created == 0 and not OfficialStatistic.objects.exists()


def test_an_excel_table_imports_like_the_csv_and_reports_sheet_rows() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Anmälda brott i kommunerna 2024"])
    sheet.append([])
    sheet.append(["Kommun", "Antal", "Per 100 000 inv."])
    sheet.append(["Helsingborg", 15432, 10500])
    sheet.append(["Malung–Sälen", 812, 8001.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    summary = import_bra(buffer.getvalue(), "kommuner-2024.xlsx", year=2024)
    assert summary.ok and summary.created == 2
    assert _bra(municipality_code="1283", series="Totalt antal brott").value == 15432
    assert _bra(municipality_code="2023", series="Totalt antal brott").per_100k == 8001.5
    sheet.append(["Helsingborg", "femton", 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (error,) = import_bra(buffer.getvalue(), "kommuner-2024.xlsx", year=2024).errors
    assert error.line == 6


def test_categories_exist_for_every_mapped_crime_type() -> None:
    # The aggregates name categories by code; the taxonomy seed must provide them.
    assert set(BraCrimeTypeMapping.objects.values_list("category__code", flat=True)) <= set(
        Category.objects.values_list("code", flat=True)
    )


def test_the_yearly_tree_fills_thefts_against_persons_and_moves_robbery_to_violence() -> None:
    # The yearly tree names robbery and pickpocketing without "därav" (Brå's annual table).
    ovrig = (*STOLD, "Övrig stöld (1, 2, 4 §)")
    rows = [
        sol_row("Helsingborg", 2024, STOLD, 400),
        sol_row("Helsingborg", 2024, (*STOLD, "Rån, inkl. grovt (5, 6 §)"), 15),
        sol_row("Helsingborg", 2024, ovrig, 200),
        sol_row("Helsingborg", 2024, (*ovrig, "Fickstöld"), 30),
        sol_row("Helsingborg", 2024, (*ovrig, "Fickstöld, Mot äldre/funktionsnedsatt"), 4),
    ]
    assert import_bra(sol_extract(rows), "arsdata.csv").ok
    figures = {
        row.series: row.value
        for row in OfficialStatistic.objects.filter(series__startswith="kategori:", period="2024")
    }
    assert figures == {
        category_series_name("stold"): 385,
        category_series_name("stold_mot_person"): 30,
        category_series_name("vald"): 15,
        category_series_name("ran"): 15,
    }
