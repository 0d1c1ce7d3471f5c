"""The audit of 2026-12-07 (finding 15, the public page): a total of "–", where every count of
its line is hidden, is defined under "Så läser du tabellerna", and the CSV writes it as the page
does; it wrote "0;nej", a sum of nothing read as no reports."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from lagesbild.public.tests.conftest import file_many, last_month
from lagesbild.public.tests.test_page import norr_row
from lagesbild.testing import STOCKHOLM, Cast, file_report

pytestmark = pytest.mark.django_db

DEFINITION = (
    "<li>”–” som summa betyder att alla antal i raden eller kolumnen är dolda: det finns inget "
    "visat antal att räkna ihop.</li>"
)


@pytest.fixture(autouse=True)
def mid_year(cast: Cast):
    with time_machine.travel(datetime(2026, 6, 15, 12, tzinfo=STOCKHOLM)):
        # Reporting began in January 2024, before the window: every month asked for is shown.
        file_report(cast.kommunen, "klotter", datetime(2024, 1, 10, 12, tzinfo=STOCKHOLM))
        yield


def test_a_total_of_hidden_counts_is_a_dash_on_the_page_and_in_the_csv(published: Cast) -> None:
    file_many(published.bevakning, "klotter", 3, point=Cast.NORR_POINT)  # every month "<5"
    client = Client()
    html = client.get(reverse("public-page", args=["0999"])).content.decode()
    text = client.get(reverse("public-csv", args=["0999"])).content.decode("utf-8-sig")
    assert norr_row(html, "Skadegörelse")[-1] == "–"
    assert DEFINITION in html
    lines = [line.split(";") for line in text.strip().splitlines()]
    month = lines[0].index(last_month().strftime("%Y-%m"))
    graffiti = next(line for line in lines if line[:2] == ["Norr", "Skadegörelse"])
    assert graffiti[month] == "<5" and graffiti[-3:] == ["–", "nej", "rapporter"]
    client.cookies["django_language"] = "en"
    english = client.get(reverse("public-page", args=["0999"])).content.decode()
    assert (
        "<li>“–” as a total means that every count in the row or column is hidden: there is no "
        "shown count to add up.</li>"
    ) in english
