"""The audit of the regional view (2026-12-06): no figure for a week before reporting began, and
no "0 alerts" where no alert could be judged.

Before, a municipality that began reporting in the running week 2026-W25 stood in the table of
2026-W24 as "0 | 0 | – | 0": no reports, none the week before, no alerts. One that began on the
Wednesday of 2026-W24 had "3 | 0": a week before reporting began counted as a week without
reports. With a few weeks of history no series has an alarm threshold (the week page says
"Historiken är för kort för att bedöma larm"), and the column said 0 alerts. Now such a cell is
"–" with the reason beside it, and the JSON has null (docs/statistics.md, "The public page and
the regional view").
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from lagesbild.core.parsers.bra import TOTAL_CRIME_TYPE
from lagesbild.official.models import OfficialStatistic, Population
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report, store_bra

pytestmark = pytest.mark.django_db

# Wednesday of 2026-W25: the last complete week is 2026-W24 (8–14 June).
TODAY = datetime(2026, 6, 17, 12, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(TODAY, tick=False):
        yield


def rows(user, lang: str = "sv") -> dict[str, list[str]]:
    """Each municipality's row as text: the name cell, then every data cell."""
    client = client_for(user)
    client.cookies["django_language"] = lang
    html = client.get(reverse("regional-overview")).content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cells]
        found[text[0].split(" ")[0]] = text
    return found


def api(user) -> dict[str, dict]:
    body = client_for(user).get(reverse("api-region")).json()
    return {m["municipality"]["code"]: m for m in body["municipalities"]}


def began_in_w24_and_w25(cast: Cast) -> None:
    """Exempeltorp from Wednesday 10 June (2026-W24), Annanstad from Tuesday 16 June (W25)."""
    for k in range(3):
        when = datetime(2026, 6, 10, 12, k, tzinfo=STOCKHOLM)
        file_report(cast.bevakning, "klotter", when, Cast.NORR_POINT)
    file_report(cast.annan, "klotter", datetime(2026, 6, 16, 12, tzinfo=STOCKHOLM))


def test_a_week_before_reporting_began_has_no_count_and_the_start_is_named(cast: Cast) -> None:
    began_in_w24_and_w25(cast)
    found = rows(cast.vilma)
    assert found["Annanstad"] == [
        "Annanstad rapporteringen började vecka 2026-W25",
        "–", "–", "–", "– (för kort historik)", "0", "0", "–",
    ]  # fmt: skip
    assert found["Exempeltorp"] == [
        "Exempeltorp utom andra organisationers rapporter i känsliga kategorier rapporteringen "
        "började vecka 2026-W24, kanske mitt "
        "i veckan",
        "3", "–", "–", "– (för kort historik)", "0", "0", "–",
    ]  # fmt: skip
    english = rows(cast.vilma, "en")
    assert english["Annanstad"][0] == "Annanstad reporting began in week 2026-W25"
    assert english["Exempeltorp"][1:5] == ["3", "–", "–", "– (too short a history)"]


def test_the_json_has_null_where_the_page_has_no_figure(cast: Cast) -> None:
    began_in_w24_and_w25(cast)
    found = api(cast.vilma)
    assert found["0998"]["reports"]["count"] is None
    assert found["0998"]["reports"]["previous"] is None
    assert found["0998"]["reports"]["first_week"] == "2026-W25"
    assert found["0999"]["reports"]["count"] == 3
    assert found["0999"]["reports"]["previous"] is None
    assert found["0999"]["reports"]["first_week"] == "2026-W24"
    assert found["0999"]["alerts"] == {"count": None, "judged": False, "shown": []}


def test_a_municipality_without_reports_says_so(cast: Cast) -> None:
    found = rows(cast.vilma)
    assert found["Annanstad"][:5] == [
        "Annanstad ingen rapportering än", "–", "–", "–", "– (för kort historik)",
    ]  # fmt: skip
    assert api(cast.vilma)["0998"]["reports"]["first_week"] is None


def test_with_history_the_counts_and_the_alerts_are_given(cast: Cast) -> None:
    """Twenty weeks of two reports a week: EARS C1 judges the week, "0" alerts is a verdict."""
    monday = datetime(2026, 1, 19, 12, tzinfo=STOCKHOLM)  # 2026-W04
    for week in range(21):
        for k in range(2):
            when = monday + timedelta(weeks=week, days=2, minutes=k)
            file_report(cast.annan, "klotter", when)
    found = rows(cast.vilma)
    assert found["Annanstad"] == ["Annanstad", "2", "2", "–", "0", "0", "0", "–"]
    column = api(cast.vilma)["0998"]
    assert (column["reports"]["count"], column["reports"]["previous"]) == (2, 2)
    assert column["alerts"]["judged"] is True and column["alerts"]["count"] == 0


def test_a_brå_rate_needs_the_population_and_a_whole_year(cast: Cast) -> None:
    """An edge that was right and untested: no population figure, or Brå months for part of
    the year only, give no rate ("–"), never a rate of a part-year or of a guessed population."""
    bra = {"source": OfficialStatistic.Source.BRA, "series": TOTAL_CRIME_TYPE, "year": 2025}
    store_bra("0999", None, {2025: 1500})
    for month in range(1, 10):  # January–September only
        OfficialStatistic.objects.create(
            municipality_code="0998", period=f"2025-{month:02}", month=month, value=80, **bra
        )
    Population.objects.create(municipality_code="0998", year=2025, population=12_000)
    found = api(cast.vilma)
    assert found["0999"]["bra"]["reported_crimes"] == 1500
    assert found["0999"]["bra"]["population"] is None
    assert found["0999"]["bra"]["rate_per_100k"] is None
    assert found["0998"]["bra"]["reported_crimes"] is None
    assert found["0998"]["bra"]["rate_per_100k"] is None
    assert [row[-1] for row in rows(cast.vilma).values()] == ["–", "–"]


def test_the_hint_on_sensitive_reports_says_whose_are_left_out(cast: Cast) -> None:
    """vilma's security company counts its own drug-dealing tip; another organisation's is left
    out. The column said "utom känsliga kategorier" beside a count that held her own one."""
    for organisation in (cast.bevakning, cast.bostad):
        when = datetime(2026, 6, 10, 12, tzinfo=STOCKHOLM)
        file_report(organisation, "narkotika_forsaljning", when, Cast.NORR_POINT)
    found = rows(cast.vilma)["Exempeltorp"]
    assert found[0].startswith(
        "Exempeltorp utom andra organisationers rapporter i känsliga kategorier"
    )
    assert found[1] == "1"
    assert rows(cast.vilma, "en")["Exempeltorp"][0].startswith(
        "Exempeltorp other organisations' reports in sensitive categories left out"
    )
