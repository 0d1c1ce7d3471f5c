"""The weekly page says what its figures are: a week in progress, a first reporting week, reports
waiting for review, too little history for a threshold, and a week that has not begun."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

WEEK = "2024-W37"  # Monday 9 – Sunday 15 September 2024
MONDAY = datetime(2024, 9, 9, 8, tzinfo=STOCKHOLM)
WEDNESDAY_NOON = datetime(2024, 9, 11, 12, tzinfo=STOCKHOLM)
AFTER_THE_WEEK = datetime(2024, 9, 20, 12, tzinfo=STOCKHOLM)


def _file(cast: Cast, n: int, start: datetime) -> None:
    for i in range(n):
        file_report(cast.bevakning, "klotter", start + timedelta(minutes=10 * i))


def _page(cast: Cast, week: str = WEEK) -> str:
    return client_for(cast.cecilia).get(reverse("week", args=[week])).content.decode()


def test_a_week_in_progress_gives_its_counts_so_far_and_no_percentages(cast: Cast) -> None:
    _file(cast, 30, MONDAY - timedelta(weeks=2))
    _file(cast, 40, MONDAY - timedelta(weeks=1))
    _file(cast, 21, MONDAY)  # Monday only, seen on Wednesday: −48 % against a whole week
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        response = client_for(cast.cecilia).get(reverse("week", args=[WEEK]))
    picture, page = response.context["picture"], response.content.decode()
    assert (picture.total.count, picture.total.previous) == (21, 40)
    assert picture.in_progress and picture.total.change_previous is None
    assert all(row.comparison.change_previous is None for row in picture.by_category)
    assert "Veckan pågår: siffrorna gäller rapporterna hittills" in page
    assert "−48" not in page
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        response = client_for(cast.cecilia).get(reverse("week", args=[WEEK]))
    ended = response.context["picture"]
    assert not ended.in_progress and ended.total.change_previous == pytest.approx(-0.475)
    assert "Veckan pågår" not in response.content.decode()


def test_a_running_weeks_hotspot_period_ends_today_and_moves_with_the_day(cast: Cast) -> None:
    _file(cast, 3, MONDAY)
    thursday_noon = WEDNESDAY_NOON + timedelta(days=1)
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        wednesday = client_for(cast.cecilia).get(reverse("week", args=[WEEK]))
    with time_machine.travel(thursday_noon, tick=False):  # no write between: the cached page
        thursday = client_for(cast.cecilia).get(reverse("week", args=[WEEK]))
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        ended = client_for(cast.cecilia).get(reverse("week", args=[WEEK]))
    # Reporting began this week: the period starts on its Monday (it said 19/8, three weeks
    # before any report could have been made).
    assert wednesday.context["analysis"].hotspot_to == WEDNESDAY_NOON.date()
    assert "rapporterna 9/9–11/9 samlas" in wednesday.content.decode()
    assert "9/9–15/9" not in wednesday.content.decode()
    assert thursday.context["analysis"].hotspot_to == thursday_noon.date()
    assert "rapporterna 9/9–12/9 samlas" in thursday.content.decode()
    assert ended.context["analysis"].hotspot_to == datetime(2024, 9, 15).date()
    assert "rapporterna 9/9–15/9 samlas" in ended.content.decode()
    assert "19/8" not in ended.content.decode()


def test_a_week_that_has_not_begun_is_refused_and_not_linked(cast: Cast) -> None:
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        client = client_for(cast.cecilia)
        response = client.get(reverse("week", args=["2024-W38"]))
        assert response.status_code == 400
        assert "Vecka 2024-W38 har inte börjat än." in response.content.decode()
        assert client.get("/api/v1/weeks/2024-W38/").status_code == 400
        assert client.get(reverse("week-export", args=["2024-W38", "csv"])).status_code == 400
        with pytest.raises(CommandError, match="Vecka 2024-W38 har inte börjat än"):
            call_command("week", "2024-W38", "--municipality", cast.municipality.code)
        this_week = client.get(reverse("week", args=[WEEK])).content.decode()
        last_week = client.get(reverse("week", args=["2024-W36"])).content.decode()
    assert 'rel="next"' not in this_week
    assert 'href="/vecka/2024-W37/?kommun=0999" rel="next"' in last_week


def test_last_week_is_no_comparison_when_reporting_began_in_it(cast: Cast) -> None:
    _file(cast, 22, datetime(2024, 9, 8, 9, tzinfo=STOCKHOLM))  # Sunday of 2024-W36
    _file(cast, 66, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        response = client_for(cast.cecilia).get(reverse("week", args=[WEEK]))
        first = client_for(cast.cecilia).get(reverse("week", args=["2024-W36"]))
    picture, page = response.context["picture"], response.content.decode()
    assert (picture.total.count, picture.total.previous) == (66, 22)
    assert picture.total.change_previous is None  # was "+200 %"
    assert (
        "Rapporteringen började vecka 2024-W36, som kan ha börjat mitt i veckan; "
        "ingen förändring mot förra veckan anges." in page
    )
    assert (
        "Rapporteringen började vecka 2024-W36: det finns ingen hel vecka före att jämföra med."
        in first.content.decode()
    )


def test_reports_waiting_for_review_are_named_not_passed_over(cast: Cast) -> None:
    cast.municipality.counts_unreviewed = False
    cast.municipality.save()
    _file(cast, 3, MONDAY)  # a partner's reports wait for review and do not count yet
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        response = client_for(cast.cecilia).get(reverse("week", args=[WEEK]))
    page = response.content.decode()
    assert response.context["picture"].total.count == 0
    assert "3 rapporter väntar på granskning och räknas inte förrän de godkänts." in page
    assert "Alla veckans rapporter är granskade." not in page


def test_with_too_little_history_the_page_does_not_say_no_count_passed_its_threshold(
    cast: Cast,
) -> None:
    _file(cast, 5, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        page = _page(cast)
    assert "Historiken är för kort för att bedöma larm: det finns ingen larmgräns än." in page
    assert "inget antal når sin larmgräns" not in page


def test_a_week_before_reporting_began_says_its_zeros_are_no_quiet_week(cast: Cast) -> None:
    _file(cast, 30, MONDAY)  # reporting begins in 2024-W37
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        response = client_for(cast.cecilia).get(reverse("week", args=["2024-W20"]))
    picture, page = response.context["picture"], response.content.decode()
    assert (picture.total.count, picture.first_week) == (0, WEEK)
    # It said "det finns ingen hel vecka före att jämföra med", the first week's sentence, as if
    # reporting had begun this week; the week's zeros then read as a week without events.
    assert (
        "Rapporteringen började vecka 2024-W37, efter denna vecka: nollorna betyder att inget "
        "hade rapporterats än, inte att inget hände." in page
    )
    assert "det finns ingen hel vecka före" not in page


def _review_note(page: str) -> str:
    return " ".join(page.split('id="review-note">')[1].split("</p>")[0].split())


def test_a_week_without_counted_reports_does_not_say_they_are_reviewed_and_counted(
    cast: Cast,
) -> None:
    from lagesbild.reports import review

    _file(cast, 5, MONDAY - timedelta(weeks=1))
    rejected = file_report(cast.bevakning, "klotter", MONDAY)
    review.reject_report(rejected, "Privat mark.", cast.cecilia)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        page = _page(cast)
        last_week = _page(cast, "2024-W36")
    # It said "Alla veckans rapporter är granskade. De räknas med; …" beside "0 rapporter":
    # the week's one report was rejected and counts nowhere.
    assert _review_note(page) == (
        "Inga rapporter räknas denna vecka; avvisade rapporter och dubbletter räknas inte."
    )
    assert _review_note(last_week).startswith("5 av veckans rapporter är ännu inte granskade.")
