"""The weekly meeting as the coordinator and the partners meet it: the meeting's date, decisions
due before the meeting, the focus form's hidden cells, the agenda in English and what its
follow-up tells of last week."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lagesbild.categories.models import Category
from lagesbild.core.weeks import IsoWeek, last_complete_week
from lagesbild.measures.models import Measure, MeasureChange
from lagesbild.measures.services import update_measure
from lagesbild.measures.tests.helpers import FakeAnalysis, make_measure
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import create_meeting
from lagesbild.testing import Cast, client_for

W37 = IsoWeek(2024, 37)


@pytest.fixture
def meeting(cast: Cast) -> Meeting:
    place = {
        "label": "Torget",
        "district_name": "Norr",
        "count": 5,
        "first": "2024-09-02",
        "last": "2024-09-08",
        "categories": ["Klotter"],
    }
    analysis = FakeAnalysis(repeat_places=[place])
    return create_meeting(cast.municipality, W37, date(2024, 9, 17), cast.cecilia, analyse=analysis)


def test_a_meeting_date_that_does_not_fit_the_week_is_refused_with_the_days_that_do(
    cast: Cast,
) -> None:
    client = client_for(cast.cecilia)
    # The year mistyped: the agenda would have flagged every measure due before 2042 as overdue.
    response = client.post(reverse("meeting-create"), {"week": str(W37), "date": "2042-09-17"})
    assert response.status_code == 400
    assert (
        "Mötet om vecka 2024-W37 hålls mellan 2024-09-09 och 2024-10-13; kontrollera datumet."
        in response.content.decode()
    )
    assert not Meeting.objects.exists()
    # The form for an old week suggests a day that fits it, not today.
    form = client.get(reverse("meeting-create"), {"vecka": str(W37)}).context["form"]
    assert form.initial["date"] == date(2024, 10, 13)
    response = client.post(reverse("meeting-create"), {"week": str(W37), "date": "2024-09-17"})
    assert response.status_code == 302 and Meeting.objects.get().date == date(2024, 9, 17)


def test_a_decision_due_before_the_meeting_is_refused_and_the_typed_text_kept(
    cast: Cast, meeting: Meeting
) -> None:
    decision = {
        "beslut-title": "Sanera klotter på skolan",
        "beslut-owner": cast.bostad.pk,
        "beslut-problem": "Klotter på fasaden varje helg.",
        "beslut-due_date": "2024-09-01",
    }
    response = client_for(cast.cecilia).post(
        reverse("meeting-decision", args=[meeting.pk]), decision
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Klart senast (2024-09-01) ligger före mötet (2024-09-17)." in page
    assert "Klotter på fasaden varje helg." in page and 'value="2024-09-01"' in page
    assert not Measure.objects.exists()


def test_the_focus_forms_hidden_cells_have_no_visible_label_but_show_their_error(
    cast: Cast, meeting: Meeting
) -> None:
    client = client_for(cast.cecilia)
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert 'for="id_fokus-h3_cells"' not in page and "H3 cells" not in page
    focus = {"fokus-label": "Torget", "fokus-area": "norr", "fokus-h3_cells": "zzz"}
    response = client.post(reverse("meeting-focus-add", args=[meeting.pk]), focus)
    assert response.status_code == 400
    assert "Ogiltiga H3-celler: zzz" in response.content.decode()


def test_the_agenda_names_a_repeat_places_categories_in_the_readers_language(
    cast: Cast, meeting: Meeting
) -> None:
    graffiti = Category.objects.get(name_sv="Klotter")
    client = client_for(cast.rut)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert f"Torget: 5 reports 2024-09-02 – 2024-09-08 ({graffiti.name_en})" in page


def test_no_meeting_last_week_is_not_called_a_meeting_that_chose_no_focus_areas(
    cast: Cast, meeting: Meeting
) -> None:
    client = client_for(cast.rut)
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "Inget möte förra veckan, så inga fokusområden att följa upp." in page
    assert "Förra veckans möte bestämde inga fokusområden." not in page
    next_week = create_meeting(
        cast.municipality, W37.next(), date(2024, 9, 24), cast.cecilia, analyse=FakeAnalysis()
    )
    page = client.get(reverse("meeting-detail", args=[next_week.pk])).content.decode()
    assert "Förra veckans möte bestämde inga fokusområden." in page


def test_the_follow_up_tells_of_measures_closed_since_the_last_meeting_and_none_is_late(
    cast: Cast,
) -> None:
    today = timezone.localdate()
    week = last_complete_week(today)
    create_meeting(cast.municipality, week.previous(), today - timedelta(days=7), cast.cecilia)
    yesterday = today - timedelta(days=1)
    make_measure(cast, "Fortfarande öppen", due_date=yesterday)
    update_measure(make_measure(cast, "Klar i veckan", due_date=yesterday), {"status": "done"})
    long_ago = make_measure(cast, "Avbruten för länge sedan", due_date=yesterday)
    update_measure(long_ago, {"status": "cancelled"})
    MeasureChange.objects.filter(measure=long_ago).update(at=timezone.now() - timedelta(days=30))

    meeting = create_meeting(cast.municipality, week, today, cast.cecilia, analyse=FakeAnalysis())
    follow_up = {m["title"]: (m["status"], m["overdue"]) for m in meeting.agenda[0]["items"]}
    assert follow_up == {"Fortfarande öppen": ("decided", True), "Klar i veckan": ("done", False)}
