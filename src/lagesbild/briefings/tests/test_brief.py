"""The two-page weekly brief for the meeting: content, the PDF's length, and who may see it."""

from __future__ import annotations

import io
from datetime import date, datetime

from django.urls import reverse
from pypdf import PdfReader

from lagesbild.measures.tests.helpers import make_measure
from lagesbild.testing import STOCKHOLM, Cast, assert_tagged_pdf, client_for, file_report, job_file

WEEK = "2024-W37"
# Five places in Norr and Söder, three reports each in the week: five repeat places.
PLACES = [(56.012 + 0.0015 * i, 13.002 + 0.0015 * i) for i in range(3)] + [
    (56.003, 13.002),
    (56.006, 13.008),
]


def busy_week(cast: Cast) -> None:
    for lat, lon in PLACES:
        for day in (9, 11, 13):
            file_report(
                cast.bevakning, "klotter", datetime(2024, 9, day, 21, tzinfo=STOCKHOLM), (lat, lon)
            )
    file_report(cast.bostad, "bilbrand", datetime(2024, 9, 3, 2, tzinfo=STOCKHOLM), PLACES[3])
    for i in range(10):
        make_measure(
            cast,
            f"Åtgärd nummer {i} med en ganska lång titel om belysning, röjning och patrullering",
            status="decided",
            due_date=date(2024, 9, 1 + i),
        )


def test_the_brief_condenses_the_week_for_the_meeting(cast: Cast) -> None:
    busy_week(cast)
    response = client_for(cast.cecilia).get(reverse("week-brief", args=[WEEK]))
    assert response.status_code == 200
    brief = response.context["brief"]
    assert brief.picture.total.count == 15 and brief.picture.total.previous == 1
    assert [r.key for r in brief.categories][0] == "skadegorelse"
    assert len(brief.repeat_places) == 5 and len(brief.measures) == 8 and brief.more_measures == 2
    page = response.content.decode()
    assert "Mötesunderlag Exempeltorp, vecka 2024-W37" in page
    assert reverse("week", args=[WEEK]) in page  # the full picture is one click away
    assert "och 2 åtgärder till." in page and "försenad" in page


def test_the_brief_pdf_is_two_pages_at_most_and_tagged(cast: Cast) -> None:
    busy_week(cast)
    pdf = job_file(client_for(cast.cecilia), reverse("week-brief-pdf", args=[WEEK])).getvalue()
    assert pdf.startswith(b"%PDF")
    assert 1 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    assert_tagged_pdf(pdf)


def test_the_week_page_links_to_the_brief(cast: Cast) -> None:
    page = client_for(cast.rut).get(reverse("week", args=[WEEK])).content.decode()
    assert reverse("week-brief", args=[WEEK]) in page


def test_the_brief_follows_the_access_rules(cast: Cast) -> None:
    file_report(
        cast.bostad, "narkotika_forsaljning", datetime(2024, 9, 10, tzinfo=STOCKHOLM), PLACES[0]
    )
    url = reverse("week-brief", args=[WEEK])
    assert client_for(cast.cecilia).get(url).context["brief"].picture.total.count == 1
    reader = client_for(cast.rut).get(url)
    assert reader.context["brief"].picture.total.count == 0  # another organisation's sensitive
    assert "ingår inte i siffrorna" in reader.content.decode()
    assert "mötets dagordning, som alla parter läser" not in reader.content.decode()
    coordinator = client_for(cast.cecilia).get(url).content.decode()
    assert "Siffrorna räknar med rapporter i känsliga kategorier; mötets dagordning" in coordinator
    assert client_for(cast.nemo).get(url).status_code == 404
    assert client_for(cast.olle).get(url, {"kommun": "0999"}).status_code == 404
    assert client_for(cast.cecilia).get("/vecka/2024-W99/underlag/").status_code == 400
