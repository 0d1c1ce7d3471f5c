"""The audit of the public page (2026-12-06): what a month before reporting began shows.

Before, every month of the window was a count: a municipality that began reporting on
20 March 2026 showed "<5" in each category for June 2025 – February 2026, nine quiet months
that never were, beside 11, 27 and 27 (a "rise" that was the start of reporting), and the lead
said "de senaste 12 hela månaderna". Now the table starts at the month reporting began and the
lead says so (docs/statistics.md, "The public page and the regional view").
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from lagesbild.public.tests.conftest import seen_cells
from lagesbild.testing import STOCKHOLM, Cast, file_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_june():
    with time_machine.travel(datetime(2026, 6, 15, 12, tzinfo=STOCKHOLM), tick=False):
        yield


def page(lang: str = "sv", **query) -> str:
    client = Client()
    client.cookies["django_language"] = lang
    response = client.get(reverse("public-page", args=["0999"]), query)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def csv_lines(**query) -> list[list[str]]:
    response = Client().get(reverse("public-csv", args=["0999"]), query)
    text = response.content.decode("utf-8-sig")
    return [line.split(";") for line in text.strip().splitlines()]


def norr_row(html: str, category: str) -> list[str]:
    section = html.split('id="stadsdel-norr"', 1)[1].split("</section>", 1)[0]
    row = re.search(rf'<th scope="row">{category}</th>(.*?)</tr>', section)
    assert row is not None, category
    return seen_cells(row.group(1))


def norr_months(html: str) -> list[str]:
    section = html.split('id="stadsdel-norr"', 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th scope="col">([a-zé]{3} \d{4})</th>', section)


def began_on_20_march(published: Cast) -> None:
    """Graffiti in Norr from 20 March 2026: 11 reports in March, 27 in April and in May."""
    days = [(3, day) for day in range(20, 31)] + [(m, d) for m in (4, 5) for d in range(1, 28)]
    for month, day in days:
        when = datetime(2026, month, day, 12, tzinfo=STOCKHOLM)
        file_report(published.bevakning, "klotter", when, Cast.NORR_POINT)


def test_a_month_before_reporting_began_has_no_figure_and_the_lead_names_the_start(
    published: Cast,
) -> None:
    began_on_20_march(published)
    html = page()
    assert (
        "Antal rapporter om brott och otrygghet per stadsdel och kategori de 3 månaderna sedan "
        "rapporteringen i Lägesbild började i mars 2026. Rapporteringen kan ha börjat mitt i "
        "mars 2026, så den månaden är kanske inte hel. Månaderna före har inga siffror." in html
    )
    assert "de senaste 12 hela månaderna" not in html
    assert norr_months(html) == ["mar 2026", "apr 2026", "maj 2026"]
    assert "jun 2025" not in html and "feb 2026" not in html
    # The months before are no part of the year's group: its guard is March, the first month
    # reported (core.disclosure: a year's first shown month is always the guard).
    assert norr_row(html, "Skadegörelse") == ["·", "27", "27", "≥ 54"]
    assert norr_row(html, "Våld och hot") == ["&lt;5", "&lt;5", "&lt;5", "–"]
    # Two years asked for: the same three months.
    assert norr_months(page(manader="24")) == ["mar 2026", "apr 2026", "maj 2026"]


def test_the_csv_starts_at_the_month_reporting_began(published: Cast) -> None:
    began_on_20_march(published)
    lines = csv_lines()
    assert lines[0][2:5] == ["2026-03", "2026-04", "2026-05"]
    assert len(lines[0]) == 2 + 3 + 3
    rows = {(line[0], line[1]): line for line in lines[1:]}
    assert rows[("Norr", "Skadegörelse")][2:] == ["·", "27", "27", "54", "nej", "rapporter"]


def test_the_start_is_named_in_english(published: Cast) -> None:
    began_on_20_march(published)
    html = page("en")
    assert (
        "Number of reports of crime and insecurity per district and category over the 3 months "
        "since reporting in Lägesbild began in March 2026. Reporting may have begun in the "
        "middle of March 2026, so that month may not be complete. The months before it have no "
        "figures." in html
    )


def test_one_month_of_reporting_is_named_as_that_month(published: Cast) -> None:
    for day in range(3, 10):
        when = datetime(2026, 5, day, 12, tzinfo=STOCKHOLM)
        file_report(published.bevakning, "klotter", when, Cast.NORR_POINT)
    html = page()
    assert (
        "Antal rapporter om brott och otrygghet per stadsdel och kategori i maj 2026, då "
        "rapporteringen i Lägesbild började." in html
    )
    assert norr_row(html, "Skadegörelse") == ["·", "–"]  # the year's guard, alone


def test_without_a_whole_month_of_reporting_there_is_no_table(published: Cast) -> None:
    html = page()
    assert "Inga rapporter har räknats än: det finns inga siffror att visa." in html
    assert "<table" not in html and "<td" not in html
    assert csv_lines() == [csv_lines()[0]] and "2025-06" not in csv_lines()[0]
    # Reporting began in the running month: still no whole month.
    file_report(
        published.bevakning, "klotter", datetime(2026, 6, 2, 12, tzinfo=STOCKHOLM), Cast.NORR_POINT
    )
    from django.core.cache import cache

    cache.clear()  # the figures are kept in the shared cache
    html = page()
    assert (
        "Rapporteringen i Lägesbild började i juni 2026: det finns ännu ingen hel månad att visa."
        in html
    )
    assert "<table" not in html


def test_a_sensitive_report_does_not_move_the_start(published: Cast) -> None:
    """A drug-dealing tip in January would otherwise tell, by an earlier start, that something
    was reported that month: the start is the first month with a published report."""
    file_report(
        published.polisen,
        "narkotika_forsaljning",
        datetime(2026, 1, 12, 12, tzinfo=STOCKHOLM),
        Cast.NORR_POINT,
    )
    began_on_20_march(published)
    html = page()
    assert "började i mars 2026" in html
    assert "jan 2026" not in html
