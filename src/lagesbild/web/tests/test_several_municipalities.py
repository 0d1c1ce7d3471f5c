"""A police analyst in several municipalities (audit of 2026-12-07): every page of one
municipality says which, and its links stay in it. anders of the cast, a police analyst in
Exempeltorp, is made one in Annanstad too; Annanstad, first by name, is where a page without
``?kommun=`` opens, so a link that drops the choice lands there."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lagesbild.core.weeks import IsoWeek, last_complete_week
from lagesbild.organisations.models import Membership, Role
from lagesbild.testing import Cast, client_for, file_report

HERE = "0999"  # Exempeltorp


@pytest.fixture
def analyst(cast: Cast):
    Membership.objects.create(user=cast.anders, organisation=cast.annan_polis, role=Role.ANALYST)
    return client_for(cast.anders)


def _links(page: str, start: str) -> list[str]:
    return [link for link in re.findall(r'href="([^"]+)"', page) if link.startswith(start)]


def test_the_week_pages_name_the_municipality_and_keep_it_in_their_links(analyst) -> None:
    current = analyst.get(reverse("week-current") + f"?kommun={HERE}")
    assert current["Location"].endswith(f"?kommun={HERE}")
    week = IsoWeek.containing(timezone.localdate()).previous()
    page = analyst.get(current["Location"]).content.decode()
    assert f"<title>Lägesbild Exempeltorp, vecka {week}" in page
    links = _links(page, "/vecka/20")  # not the menu's
    assert f"/vecka/{week.previous()}/?kommun={HERE}" in links
    assert all(f"kommun={HERE}" in link for link in links)
    brief = analyst.get(reverse("week-brief", args=[str(week)]) + f"?kommun={HERE}")
    assert f"<title>Mötesunderlag Exempeltorp, vecka {week}" in brief.content.decode()


def test_a_report_links_to_the_week_of_its_own_municipality(cast: Cast, analyst) -> None:
    when = timezone.now() - timedelta(days=1)
    report = file_report(cast.polisen, "klotter", when, point=Cast.NORR_POINT)
    page = analyst.get(reverse("report-detail", args=[report.pk])).content.decode()
    week = IsoWeek.containing(timezone.localdate(when))
    assert f'<a href="/vecka/{week}/?kommun={HERE}">{week}</a>' in page


def test_the_tertial_names_the_municipality_and_keeps_it_in_its_links(analyst) -> None:
    current = analyst.get(reverse("tertial-current") + f"?kommun={HERE}")
    page = analyst.get(current["Location"]).content.decode()
    assert "<title>Tertialanalys Exempeltorp, tertial" in page
    links = _links(page, "/tertial/20")
    assert links and all(f"kommun={HERE}" in link for link in links)


def test_the_home_page_offers_each_municipality_and_keeps_the_chosen_one(analyst) -> None:
    page = analyst.get(reverse("home") + f"?kommun={HERE}").content.decode()
    assert "<title>Start: Exempeltorp" in page
    assert '<a href="/?kommun=0998">Annanstad</a>' in page
    assert '<strong aria-current="page">Exempeltorp</strong>' in page
    weeks = _links(page, "/vecka/20")
    assert weeks and all(link.endswith(f"?kommun={HERE}") for link in weeks)


def test_the_yearly_report_opens_in_the_municipality_asked_for(analyst) -> None:
    page = analyst.get(reverse("annual-current") + f"?kommun={HERE}").content.decode()
    assert "inga Brå-siffror för Exempeltorp" in page


def test_my_files_say_which_municipality_each_is_of(analyst) -> None:
    week = str(IsoWeek.containing(timezone.localdate()).previous())
    for code in (HERE, "0998"):
        analyst.post(reverse("week-pdf", args=[week]) + f"?kommun={code}")
    page = analyst.get(reverse("job-list")).content.decode()
    rows = re.findall(r"<tr>.*?</tr>", page, re.S)[1:]
    assert ["Annanstad" in rows[0], "Exempeltorp" in rows[1]] == [True, True]


def test_the_meetings_and_measures_name_the_municipality_and_keep_it(cast: Cast) -> None:
    # cecilia coordinates here and, in this test, in Annanstad too: she creates and filters.
    Membership.objects.create(user=cast.cecilia, organisation=cast.annan, role=Role.COORDINATOR)
    client = client_for(cast.cecilia)
    meetings = client.get(reverse("meeting-list") + f"?kommun={HERE}").content.decode()
    assert "<title>Möten – Exempeltorp" in meetings
    assert f"/moten/ny/?vecka={last_complete_week(timezone.localdate())}&amp;kommun={HERE}" in (
        meetings
    )
    board = client.get(reverse("measure-board") + f"?kommun={HERE}").content.decode()
    assert "<title>Åtgärder – Exempeltorp" in board
    assert f'<input type="hidden" name="kommun" value="{HERE}">' in board
    assert f'href="/atgarder/?kommun={HERE}"' in board  # show all
    assert f'href="/atgarder/ny/?kommun={HERE}"' in board


def test_the_analysis_pages_offer_the_same_page_in_each_municipality(analyst) -> None:
    overview = analyst.get(reverse("analysis-overview", args=[HERE])).content.decode()
    assert '<a href="/analys/0998/">Annanstad</a>' in overview
    page = analyst.get(reverse("analysis-time-profile", args=[HERE])).content.decode()
    assert '<a href="/analys/0998/tidsprofil/">Annanstad</a>' in page
    assert '<strong aria-current="page">Exempeltorp</strong>' in page
    near = analyst.get(reverse("analysis-near-repeat", args=[HERE])).content.decode()
    assert "<title>Upprepning nära i tid och rum: Bostadsinbrott, Exempeltorp" in near


def test_the_menu_stays_in_the_municipality_of_the_page(cast: Cast, analyst) -> None:
    page = analyst.get(reverse("week-current") + f"?kommun={HERE}", follow=True)
    menu = page.content.decode().split("</nav>")[0]
    for link in ("/vecka/", "/rapporter/", "/tertial/", "/analys/", "/moten/", "/atgarder/"):
        assert f'href="{link}?kommun={HERE}"' in menu
    assert 'href="/region/"' in menu and 'href="/rapporter/ny/"' in menu
    home = analyst.get(reverse("home") + "?kommun=0998").content.decode().split("</nav>")[0]
    assert 'href="/atgarder/?kommun=0998"' in home  # the same menu, cached per municipality
    # Someone in one municipality has no choice to keep: the menu's addresses are plain.
    single = client_for(cast.cecilia).get(reverse("home")).content.decode().split("</nav>")[0]
    assert 'href="/atgarder/"' in single


def test_the_goals_and_the_statutory_document_name_the_municipality_in_their_titles(
    analyst,
) -> None:
    goals = analyst.get(reverse("goal-dashboard") + f"?kommun={HERE}").content.decode()
    assert "<title>Mål och indikatorer – Exempeltorp" in goals
    documents = analyst.get(reverse("statutory-list") + f"?kommun={HERE}").content.decode()
    assert "<title>Lägesbild och åtgärdsplan – Exempeltorp" in documents
