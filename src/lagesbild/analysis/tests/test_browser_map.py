"""The analyst opens the map in Debian's chromium: toggles the heat layer, moves the week slider
with the keyboard to a week with too few located reports for a heat map (the page says so and
shows the points), reads the districts' raw and smoothed rates in the table, finds every district
with a rate coloured (none grey for its few reports), a week whose districts differ no more than
chance in one colour with its sentence, and a week before reporting with its note; the reports'
dots are sized by insecurity and the key under the map stays on a phone; axe-core checks the page.

Run: .venv/bin/pytest -p no:cacheprovider src/lagesbild/analysis/tests/test_browser_map.py -q
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from lagesbild.analysis.tests.test_maps import _enough_for_heat, _populations, _week_of_reports
from lagesbild.analysis.tests.test_pages import WEEK
from lagesbild.official.models import DistrictPopulation
from lagesbild.reports.models import Report
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import assert_accessible, assert_reflows, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_analyst_moves_through_the_weeks_on_the_map_that_meets_wcag_21_aa(
    cast: Any, browsing, axe_source: str
) -> None:
    _week_of_reports(cast)
    _enough_for_heat(cast)  # week 37: 12 located reports, enough for a heat map
    _populations(cast)  # Norr: 1 500 inhabitants
    DistrictPopulation.objects.create(area=cast.soder, year=2024, population=1000, source="a.csv")
    # Two of week 37's reports in Söder felt least and most unsafe (the rest are 2); the page's
    # figures count reports, whatever their insecurity.
    low, high = Report.objects.order_by("-pk").values_list("pk", flat=True)[:2]
    Report.objects.filter(pk=low).update(insecurity=1)
    Report.objects.filter(pk=high).update(insecurity=3)
    page = browsing.page(DESKTOP)
    log_in(page, "anders")
    page.goto("/analys/0999/")
    page.get_by_role("main").get_by_role("link", name="Karta", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Karta, Exempeltorp")
    page.get_by_label("Till och med vecka").fill(str(WEEK))
    page.get_by_label("Antal veckor").fill("4")
    page.get_by_role("button", name="Visa").click()

    summary = page.locator("#map-summary")
    expect(summary).to_contain_text("Vecka 2024-W37 (2024-09-09 – 2024-09-15): 12 rapporter")
    # The script writes the radius as the page does: a decimal comma (it wrote "779.7").
    expect(summary).to_contain_text(re.compile(r"Värmekartans sökradie \d[\d\u00a0]*,\d m, högst"))
    expect(page.locator("#analysis-map path.report-point")).to_have_count(12)
    # The insecurity level is drawn by size as well as colour (1: radius 4, 2: 6, 3: 8.5, which
    # Leaflet's SVG rounds to 9).
    dot_widths = page.eval_on_selector_all(
        "#analysis-map path.report-point",
        "paths => paths.map(p => [p.getAttribute('class').match(/level-(\\d)/)[1],"
        " Math.round(p.getBBox().width)])",
    )
    assert sorted(dot_widths) == [["1", 8]] + [["2", 12]] * 10 + [["3", 18]]
    heat = page.locator("#analysis-map path.heat-cell")
    expect(heat.first).to_be_attached()
    norr = page.locator("#rates-table tbody tr").filter(has=page.locator("th", has_text="Norr"))
    soder = page.locator("#rates-table tbody tr").filter(has=page.locator("th", has_text="Söder"))
    # Norr 3 among 1 500 (2,00), Söder 9 among 1 000 (9,00): both coloured by their empirical
    # Bayes rates, drawn toward the overall 4,80 (none is grey for its few reports).
    expect(norr.locator("td")).to_have_text(["3", "1 500", "2023", "2,00", "2,81"])
    expect(soder.locator("td")).to_have_text(["9", "1 000", "2024", "9,00", "7,42"])
    districts = page.locator("#analysis-map path.district-rate")
    expect(districts).to_have_count(2)
    key = page.locator(".map-key")
    expect(key).to_contain_text("Stadsdel: mörkare = högre utjämnad kvot per 1 000 invånare")
    expect(key).not_to_contain_text("för få rapporter")
    expect(page.locator("#rates-pooled")).to_be_hidden()
    expect(page.locator("#map-window-note")).to_have_text(
        "Rapporteringen började vecka 2024-W36; kartan räknar bara veckorna sedan dess "
        "(2 av 4 veckor)."
    )
    expect(page.locator("#map-reporting-note")).to_be_hidden()
    assert_accessible(page, axe_source, "the analysis map")

    # The heat layer goes and comes back with its checkbox.
    toggle = page.get_by_label("Värmekarta (kärntäthet)")
    toggle.uncheck()
    expect(heat).to_have_count(0)
    toggle.check()
    expect(heat.first).to_be_attached()

    # The slider, by keyboard: one week back is week 36 with Söder's one report.
    slider = page.get_by_label("Visad vecka")
    slider.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#map-week-shown")).to_have_text("2024-W36")
    expect(slider).to_have_attribute("aria-valuetext", "2024-W36")
    expect(summary).to_contain_text(
        "Vecka 2024-W36 (2024-09-02 – 2024-09-08): 1 rapport med plats, 0 brännpunkter "
        "(sedan rapporteringen började)."
    )
    expect(page.locator("#analysis-map path.report-point")).to_have_count(1)
    # The table of the dots under the map follows the slider (map_report_list.html).
    reports = page.locator("#analysis-map-reports")
    expect(reports.locator("summary")).to_have_text("Rapporterna på kartan som tabell (1)")
    expect(reports.locator("caption")).to_contain_text("vecka 2024-W36")
    expect(reports.locator("tbody tr td")).to_have_text(
        ["fre 6/9 00:00", "Klotter", "Söder", "2 – Medel"], use_inner_text=False
    )
    # One located report: no heat map, the sentence says why, the point is drawn.
    expect(summary).to_contain_text(
        "För få placerade rapporter för en täthetskarta: 1 av minst 10. Punkterna visas i stället."
    )
    expect(heat).to_have_count(0)
    # Norr 0 among 1 500, Söder 1 among 1 000: no more than chance, so one colour, and said so.
    expect(norr.locator("td")).to_have_text(["0", "1 500", "2023", "0,00", "0,40"])
    expect(soder.locator("td")).to_have_text(["1", "1 000", "2024", "1,00", "0,40"])
    expect(districts).to_have_count(2)
    expect(page.locator("#rates-pooled")).to_have_text(
        "Stadsdelarnas skillnader denna vecka är inte större än slumpen ger: alla får "
        "stadsdelarnas sammanlagda kvot, 0,40 per 1 000 invånare, och kartan har en enda färg."
    )
    expect(page.locator("#rates-caption")).to_contain_text("2024-W36")
    assert_accessible(page, axe_source, "the analysis map after moving the slider")

    # Week 35 came before reporting: no counts, no colour (dashed outlines), and the week's note.
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#map-week-shown")).to_have_text("2024-W35")
    expect(reports.locator("summary")).to_have_text("Rapporterna på kartan som tabell (0)")
    expect(reports.locator("tbody tr")).to_have_count(0)
    expect(norr.locator("td")).to_have_text(["–", "1 500", "2023", "–", "–"])
    expect(page.locator("#rates-pooled")).to_be_hidden()
    expect(districts).to_have_count(0)
    expect(page.locator("#map-reporting-note")).to_have_text(
        "Rapporteringen började vecka 2024-W36, efter denna vecka: nollorna betyder att inget "
        "hade rapporterats än, inte att inget hände."
    )

    # Week 39 counts its hotspots over four weeks, week 38 since reporting began (week 36): the
    # slider changes the key's period with the summary's.
    page.goto(page.url.split("?")[0] + "?till=2024-W39&veckor=4")
    legend = page.locator("#analysis-map-hotspot-key")
    expect(summary).to_contain_text(
        "Vecka 2024-W39 (2024-09-23 – 2024-09-29): 0 rapporter med plats, 0 brännpunkter "
        "(fyra veckor)."
    )
    expect(legend).to_have_text("Brännpunkt (Gi*, fyra veckor)")
    page.get_by_label("Visad vecka").focus()
    page.keyboard.press("ArrowLeft")
    expect(summary).to_contain_text(
        "Vecka 2024-W38 (2024-09-16 – 2024-09-22): 0 rapporter med plats, 0 brännpunkter "
        "(sedan rapporteringen började)."
    )
    expect(legend).to_have_text("Brännpunkt (Gi*, sedan rapporteringen började)")

    # On a phone the key stays under the map (the overlay legend was hidden below 40rem).
    page.set_viewport_size({"width": 375, "height": 700})
    expect(
        page.locator(".map-key").get_by_text("Rapport, otrygghet 3 (hög): stor röd punkt")
    ).to_be_visible()
    expect(legend).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 700})
    assert_reflows(page, "the analysis map on a narrow phone")
