"""A security company's reporter makes a column mapping for its own export from a sample file in
Debian's chromium, then imports the export through it. The editor meets WCAG 2.1 AA, on a
desktop and at 320 px (Playwright against a live server)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lagesbild.reports.models import ImportMapping, Report
from lagesbild.testing import Cast
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import assert_accessible, assert_reflows, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EXPORT = (
    "Ärende;Händelsetyp;Tidpunkt;Område;Notering\n"
    "R-1;Klotter/Tag;11.09.2024 22:15;Norr;Taggar på gaveln\n"
    "R-2;Skadegörelse övrigt;12.09.2024 01:05;Söder;\n"
)


def test_a_reporter_maps_the_companys_export_from_a_sample_and_imports_it(
    cast: Cast, browsing, axe_source: str, tmp_path
) -> None:
    export = tmp_path / "larmcentralen.csv"
    export.write_text(EXPORT, encoding="utf-8")
    page = browsing.page(DESKTOP)
    log_in(page, "sara")
    page.goto("/rapporter/import/")
    page.get_by_role("link", name="Ny kolumnmappning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny kolumnmappning")
    assert_accessible(page, axe_source, "the new mapping")

    page.get_by_label("Kategori", exact=True).fill("Händelsetyp")
    page.get_by_label("Fil (CSV eller Excel .xlsx)").set_input_files(str(export))
    page.get_by_role("button", name="Läs exempelfilen").click()
    expect(page.get_by_role("status")).to_contain_text("Filen har 5 kolumner.")
    expect(page.get_by_label("Ert värde, rad 1")).to_have_value("Klotter/Tag")
    expect(page.get_by_label("Ert värde, rad 2")).to_have_value("Skadegörelse övrigt")
    page.get_by_label("Vår kategori, rad 1").select_option("klotter")
    page.get_by_label("Vår kategori, rad 2").select_option("ovrig_skadegorelse")
    # sara imports for Bevakning AB alone: it is chosen for her, here and on the import page.
    expect(page.get_by_label("Organisation")).to_have_value(str(cast.bevakning.pk))
    page.get_by_label("Namn").fill("Larmcentralen")
    page.get_by_label("Datumformat").fill("%d.%m.%Y %H:%M")
    page.get_by_label("Externt id").fill("Ärende")
    page.get_by_label("Stadsdel").fill("Område")
    page.get_by_role("button", name="Spara").click()
    # Saving without the start time's column names the field, and keeps what was chosen.
    expect(page.get_by_label("Från", exact=True)).to_have_accessible_description(
        "När det hände, lokal tid: ÅÅÅÅ-MM-DD TT:MM. Ange kolumnen med starttiden."
    )
    assert_accessible(page, axe_source, "the mapping with an error")
    page.set_viewport_size({"width": 320, "height": 700})
    assert_reflows(page, "the mapping editor")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Från", exact=True).fill("Tidpunkt")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".messages")).to_contain_text("Mappningen Larmcentralen är sparad.")
    mapping = ImportMapping.objects.get()
    assert mapping.category_values == {
        "Klotter/Tag": "klotter",
        "Skadegörelse övrigt": "ovrig_skadegorelse",
    }

    page.goto("/rapporter/import/")
    mappings = page.get_by_label("Kolumnmappning", exact=True)
    mappings.select_option(label="Bevakning AB – Larmcentralen")
    page.get_by_label("Fil (CSV eller Excel .xlsx)").set_input_files(str(export))
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_role("heading", name="Resultat")).to_be_visible()
    assert sorted(Report.objects.values_list("external_id", flat=True)) == ["R-1", "R-2"]
