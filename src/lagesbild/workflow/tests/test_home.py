"""The home page per role, and the workflow defaults: the last complete week first."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.core.weeks import IsoWeek, is_in_progress, last_complete_week
from lagesbild.measures.models import Measure
from lagesbild.meetings.models import Meeting
from lagesbild.testing import STOCKHOLM, Cast, file_report

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_the_last_complete_week_is_the_one_before_this_week() -> None:
    assert last_complete_week(date(2024, 9, 15)) == IsoWeek(2024, 36)  # a Sunday: W37 runs
    assert last_complete_week(date(2024, 9, 16)) == IsoWeek(2024, 37)
    assert last_complete_week(date(2025, 1, 1)) == IsoWeek(2024, 52)
    assert is_in_progress(IsoWeek(2024, 37), date(2024, 9, 15))
    assert not is_in_progress(IsoWeek(2024, 37), date(2024, 9, 16))


def test_the_week_page_the_meeting_and_the_review_queue_open_on_the_last_complete_week(
    cast: Any,
) -> None:
    last = last_complete_week(timezone.localdate())
    client = client_for(cast.cecilia)
    assert client.get(reverse("week-current"))["Location"] == reverse("week", args=[str(last)])
    assert client.get(reverse("review-queue")).context["queue"].week == last
    form = client.get(reverse("meeting-create")).context["form"]
    assert form.initial["week"] == str(last)


def test_the_current_week_is_marked_in_progress(cast: Any) -> None:
    this_week = IsoWeek.containing(timezone.localdate())
    client = client_for(cast.cecilia)
    assert "pågår" in client.get(reverse("week", args=[str(this_week)])).content.decode()
    last = this_week.previous()
    assert "pågår" not in client.get(reverse("week", args=[str(last)])).content.decode()


@pytest.fixture
def busy(cast: Any) -> Any:
    """A pending report, an overdue measure and a meeting next week."""
    today = timezone.localdate()
    when = datetime.combine(today - timedelta(days=8), datetime.min.time(), tzinfo=STOCKHOLM)
    file_report(cast.bostad, "klotter", when, Cast.NORR_POINT, "Klotter på Vattentornets gavel")
    Measure.objects.create(
        municipality=cast.municipality,
        owner=cast.kommunen,
        title="Belysning i gångtunneln",
        status=Measure.Status.DECIDED,
        due_date=today - timedelta(days=3),
    )
    Meeting.objects.create(
        municipality=cast.municipality,
        date=today + timedelta(days=7),
        iso_week=str(IsoWeek.containing(today + timedelta(days=7))),
        title="Samverkansmöte",
    )
    return cast


def test_the_coordinators_home_shows_review_measures_meeting_and_whats_missing(
    busy: Any,
) -> None:
    page = client_for(busy.cecilia).get(HOME)
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 rapport väntar på granskning" in text
    assert "Belysning i gångtunneln" in text
    assert "Samverkansmöte" in text
    assert "Brå saknas för" in text


def test_a_reporter_sees_their_own_reports_as_cards_and_no_review(busy: Any) -> None:
    text = client_for(busy.hugo).get(HOME).content.decode()
    assert "report-card" in text and "Klotter på Vattentornets gavel" in text
    assert "väntar på granskning" not in text and "Brå saknas" not in text
    # Another company's reporter does not see the housing company's report.
    other = client_for(busy.sara).get(HOME).content.decode()
    assert "Vattentornets" not in other


def test_a_reader_sees_measures_and_the_meeting_but_files_and_reviews_nothing(busy: Any) -> None:
    text = client_for(busy.rut).get(HOME).content.decode()
    assert "Belysning i gångtunneln" in text and "Samverkansmöte" in text
    assert "report-card" not in text and "väntar på granskning" not in text


def test_someone_without_membership_is_told_to_ask_the_coordinator(cast: Any) -> None:
    text = client_for(cast.nemo).get(HOME).content.decode()
    assert "inte kopplat till någon organisation" in text


def test_a_reporters_list_is_cards_with_status_and_the_coordinators_a_table(busy: Any) -> None:
    page = client_for(busy.hugo).get(reverse("report-list"))
    assert page.status_code == 200 and page.context["cards"]
    text = page.content.decode()
    assert "report-card" in text and "Ej granskad" in text
    assert not client_for(busy.cecilia).get(reverse("report-list")).context["cards"]
    mine = client_for(busy.cecilia).get(reverse("report-list") + "?visa=mina")
    assert mine.context["cards"] and "Vattentornets" not in mine.content.decode()


# --- The audit of a new municipality (2026-12-07): alerts that could not be judged -------------

# Monday of 2024-W38: the last complete week is 2024-W37 (9–15 September 2024).
AFTER_W37 = datetime(2024, 9, 16, 12, tzinfo=STOCKHOLM)
W37_MONDAY = datetime(2024, 9, 9, 8, tzinfo=STOCKHOLM)
TOO_SHORT = "Historiken är för kort för att bedöma larm: det finns ingen larmgräns än."


def _home(user: Any, language: str = "sv") -> str:
    client = client_for(user)
    client.cookies["django_language"] = language
    with time_machine.travel(AFTER_W37, tick=False):
        return client.get(HOME).content.decode()


@pytest.mark.parametrize("weeks_of_history", [0, 3])
def test_alerts_without_history_for_a_threshold_are_not_called_none(
    cast: Cast, weeks_of_history: int
) -> None:
    """It said 'Inga larm förra veckan.' where the week page says the history is too short."""
    for weeks in range(weeks_of_history + 1):
        file_report(cast.bevakning, "klotter", W37_MONDAY - timedelta(weeks=weeks))
    for user in (cast.cecilia, cast.anders, cast.sara, cast.rut):
        page = _home(user)
        assert f"<p>{TOO_SHORT}</p>" in page
        assert "Inga larm förra veckan." not in page
    assert "<p>The history is too short to judge alerts: there is no alarm level yet.</p>" in _home(
        cast.cecilia, "en"
    )


def test_a_judged_week_without_an_alarm_has_no_alerts(cast: Cast) -> None:
    for weeks in range(1, 12):  # eleven quiet weeks before: EARS C1 has its thresholds
        for minutes in (0, 10):
            file_report(
                cast.bevakning, "klotter", W37_MONDAY - timedelta(weeks=weeks, minutes=minutes)
            )
    page = _home(cast.cecilia)
    assert "<p>Inga larm förra veckan.</p>" in page and TOO_SHORT not in page
    assert "<p>No alerts last week.</p>" in _home(cast.cecilia, "en")


def test_the_organisations_list_says_the_organisation_has_reported_nothing_yet(cast: Cast) -> None:
    """The heading named the organisation and the sentence the person ('Du har inte rapporterat
    något än.'), though the list is the organisation's."""
    page = _home(cast.anders)
    assert '<h2 id="mine-heading">Min organisations senaste rapporter</h2>' in page
    assert "<p>Din organisation har inte rapporterat något än.</p>" in page
    assert "<p>Your organisation has not reported anything yet.</p>" in _home(cast.anders, "en")
    # A colleague's report is the organisation's: the list shows it, not the sentence.
    file_report(cast.polisen, "klotter", W37_MONDAY, Cast.NORR_POINT)
    assert "Din organisation har inte rapporterat något än." not in _home(cast.anders)
