"""Someone in several municipalities finds a page opened on the one they chose last.

vilma (src/conftest.py) reports in Exempeltorp (0999) and is a police analyst in Annanstad
(0998), the first by name. Before, every page opened without ``?kommun=`` showed Annanstad,
whichever municipality she had just chosen.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.organisations.models import Membership
from lagesbild.testing import Cast, client_for

WEEK = reverse("week", args=["2024-W37"])
MARKED = [
    reverse("home"),
    WEEK,
    reverse("tertial", args=["2024-T3"]),
    reverse("measure-board"),
    reverse("meeting-list"),
    reverse("goal-dashboard"),
    reverse("annual-current"),
    reverse("statutory-list"),
]


def title(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    found = re.search(r"<title>(.*?)</title>", page.content.decode(), re.S)
    assert found, url
    return found[1]


def test_the_first_by_name_opens_until_she_chooses(cast: Cast) -> None:
    vilma = client_for(cast.vilma)
    assert "Annanstad" in title(vilma, WEEK)
    assert "Exempeltorp" in title(vilma, f"{WEEK}?kommun=0999")


@pytest.mark.parametrize("url", MARKED)
def test_a_page_opened_without_a_municipality_goes_to_the_one_chosen_last(
    cast: Cast, url: str
) -> None:
    vilma = client_for(cast.vilma)
    vilma.get(f"{reverse('home')}?kommun=0999")  # the start page's choice
    answer = vilma.get(url)
    assert answer.status_code == 302
    assert answer["Location"] == f"{url}?kommun=0999"
    vilma.get(f"{reverse('measure-board')}?kommun=0998")  # chosen again on another page
    assert vilma.get(url)["Location"] == f"{url}?kommun=0998"


def test_the_rest_of_the_query_is_kept_and_the_page_shows_the_chosen_one(cast: Cast) -> None:
    vilma = client_for(cast.vilma)
    vilma.get(f"{WEEK}?kommun=0999")
    board = reverse("measure-board")
    answer = vilma.get(f"{board}?status=open")
    assert answer["Location"] == f"{board}?status=open&kommun=0999"
    assert "Exempeltorp" in title(vilma, answer["Location"])
    assert "Exempeltorp" in title(vilma, vilma.get(WEEK)["Location"])


def test_a_municipality_not_hers_is_not_remembered(cast: Cast) -> None:
    vilma = client_for(cast.vilma)
    vilma.get(f"{WEEK}?kommun=0999")
    assert vilma.get(f"{WEEK}?kommun=1234").status_code == 404
    assert vilma.get(WEEK)["Location"] == f"{WEEK}?kommun=0999"


def test_a_municipality_she_no_longer_works_in_is_forgotten(cast: Cast) -> None:
    vilma = client_for(cast.vilma)
    vilma.get(f"{WEEK}?kommun=0999")
    yesterday = timezone.localdate() - timedelta(days=1)
    Membership.objects.filter(user=cast.vilma, organisation=cast.bevakning).update(
        ends_on=yesterday
    )
    assert "Annanstad" in title(vilma, WEEK)  # her only municipality now: no redirect


def test_no_redirect_for_one_municipality_a_post_or_the_list_of_all(cast: Cast) -> None:
    cecilia = client_for(cast.cecilia)
    cecilia.get(f"{WEEK}?kommun=0999")
    assert cecilia.get(WEEK).status_code == 200  # one municipality: nothing to choose
    vilma = client_for(cast.vilma)
    vilma.get(f"{WEEK}?kommun=0999")
    # The report list lists every municipality without ?kommun=: that is a choice too.
    assert vilma.get(reverse("report-list")).status_code == 200
    # A form posts where its address says; a post is never sent elsewhere. Here: Annanstad,
    # the first by name, where an analyst may not make the document.
    assert vilma.post(reverse("statutory-list")).status_code == 403


def test_a_new_login_starts_from_the_first_by_name(cast: Cast) -> None:
    vilma = client_for(cast.vilma)
    vilma.get(f"{WEEK}?kommun=0999")
    vilma.logout()
    assert "Annanstad" in title(client_for(cast.vilma), WEEK)


@pytest.mark.parametrize(
    ("name", "target"), [("week-current", "/vecka/"), ("tertial-current", "/tertial/")]
)
def test_the_menus_current_week_and_tertial_lead_to_the_chosen_one(
    cast: Cast, name: str, target: str
) -> None:
    # The tertial shown is the chosen municipality's: which one it is depends on its figures.
    vilma = client_for(cast.vilma)
    vilma.get(f"{WEEK}?kommun=0999")
    first = vilma.get(reverse(name))
    assert first["Location"] == f"{reverse(name)}?kommun=0999"
    second = vilma.get(first["Location"])
    assert second.status_code == 302 and second["Location"].endswith("?kommun=0999")
    assert target in second["Location"]
    assert vilma.head(reverse(name))["Location"] == f"{reverse(name)}?kommun=0999"
