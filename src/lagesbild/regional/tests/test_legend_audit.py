"""The audit of 2026-12-07 (finding 13): the regional view's legend explains every "–" its table
can show, with the week page's minimum count.

Exempelby's "18 | 17 | –" was a dash for small counts, but the legend named only a week before
reporting began, too short a history and a missing figure, and said "tillräckligt många
rapporter" where the week page says 20.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from lagesbild.regional.tests.test_audit import TODAY, rows
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(TODAY, tick=False):
        yield


def _legend(user, lang: str) -> str:
    client = client_for(user)
    client.cookies["django_language"] = lang
    html = client.get(reverse("regional-overview")).content.decode()
    hint = html[html.rindex('<p class="hint">') :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", hint[: hint.index("</p>")])).strip()


def test_the_legend_explains_the_dash_of_small_counts_with_the_minimum(cast: Cast) -> None:
    monday = datetime(2026, 5, 25, 12, tzinfo=STOCKHOLM)  # 2026-W22: W23 is a whole week
    for week, n in ((0, 2), (1, 17), (2, 18)):
        for k in range(n):
            file_report(cast.annan, "klotter", monday + timedelta(weeks=week, minutes=k))
    assert rows(cast.vilma)["Annanstad"][1:4] == ["18", "17", "–"]  # 18 against 17: no per cent
    assert _legend(cast.vilma, "sv") == (
        "Förändringen jämför med veckan före; procent anges bara när båda veckorna har minst 20 "
        "rapporter. Brå-talen gäller förra årets anmälda brott och befolkningen den 31 december. "
        "”–” är ingen siffra. Under Rapporter och Förra veckan: veckan låg före rapporteringens "
        "början. Under Förändring: någon av veckorna har färre än 20 rapporter, eller förra "
        "veckan var ingen hel rapporteringsvecka (rapporteringen började då eller senare). Under "
        "Larm: historiken är för kort för att bedöma larm. Under Brå: kommunens anmälda brott "
        "för hela året eller dess folkmängd saknas. Samma uppgifter som JSON"
    )
    assert _legend(cast.vilma, "en") == (
        "The change compares with the week before; a percentage is given only when both weeks "
        "have at least 20 reports. The Brå figures are last year's reported crimes and the "
        "population on 31 December. “–” is no figure. Under Reports and Last week: the week "
        "came before reporting began. Under Change: one of the weeks has fewer than 20 reports, "
        "or last week was no whole week of reporting (reporting began then or later). Under "
        "Alerts: the history is too short to judge alerts. Under Brå: the municipality's "
        "reported crimes for the whole year or its population is missing. The same figures as "
        "JSON"
    )
