"""Eighth audit (2026-12-07): the meeting-ready week as the coordinator walks it before and
during the weekly meeting: what the agenda, its page and the minutes say of the week."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.tests.helpers import FakeAnalysis, klotter_alert
from lagesbild.meetings.agenda import Labels, build_agenda, localised
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import create_meeting
from lagesbild.testing import STOCKHOLM, Cast, client_for

W37 = IsoWeek(2024, 37)

# Nine kinds of notice, twelve in all: the agenda lists the five commonest.
POLICE_WEEK = {
    "source": "Polismyndigheten",
    "total": 12,
    "by_type": [
        ["Ofredande/förargelse", 3],
        ["Vapenlagen", 2],
        ["Detonation", 1],
        ["Misshandel", 1],
        ["Misshandel, grov", 1],
        ["Mord/dråp, försök", 1],
        ["Ordningslagen", 1],
        ["Rån", 1],
        ["Rån övrigt", 1],
    ],
    "events": [],
}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(html))


def _meeting(cast: Cast, police_events: dict) -> Meeting:
    analysis = FakeAnalysis(police_events=police_events)
    return create_meeting(cast.municipality, W37, date(2024, 9, 17), cast.cecilia, analyse=analysis)


def test_the_police_line_names_the_events_of_types_it_does_not_list(cast: Cast) -> None:
    # It read "12 händelser …: Ofredande/förargelse 3, Vapenlagen 2, Detonation 1, Misshandel 1,
    # Misshandel, grov 1." and the listed counts added up to 8 of the 12.
    meeting = _meeting(cast, POLICE_WEEK)
    expected = (
        "12 händelser publicerade av Polismyndigheten: Ofredande/förargelse 3, Vapenlagen 2, "
        "Detonation 1, Misshandel 1, Misshandel, grov 1 och 4 av andra typer."
    )
    page = client_for(cast.cecilia).get(reverse("meeting-detail", args=[meeting.pk]))
    assert expected in _text(page.content.decode())
    # An agenda stored with the five types only is written again with the rest named.
    stored = next(s for s in meeting.agenda if s["key"] == "police")
    assert len(stored["items"][0]["by_type"]) == 5
    labels = Labels(statuses={}, categories={}, municipality="Exempelstad", week=37)
    assert localised(stored, labels)["items"][0]["text"] == expected
    with translation.override("en"):
        english = localised(stored, labels)["items"][0]["text"]
    assert english.endswith("Misshandel, grov 1 and 4 of other types.")


def test_the_police_line_says_nothing_more_when_every_type_is_listed(cast: Cast) -> None:
    week = POLICE_WEEK | {"total": 4, "by_type": [["Rån", 3], ["Brand", 1]]}
    meeting = _meeting(cast, week)
    response = client_for(cast.cecilia).get(reverse("meeting-detail", args=[meeting.pk]))
    page = _text(response.content.decode())
    assert "4 händelser publicerade av Polismyndigheten: Rån 3, Brand 1." in page
    assert "andra typer" not in page and "annan typ" not in page


def test_an_alerts_related_measures_are_those_that_touch_it(cast: Cast) -> None:
    # The demo's week 47: "Stöld och inbrott i Kvarnbacken" listed the police patrol at
    # Resecentrum (Stationsområdet, flagged by a hotspot) as an open measure that already
    # touched the flagged areas, while the week page's alert table said "Ingen" for it.
    alert = klotter_alert(level="district", district="norr", category="skadegorelse")
    in_norr = {"id": 1, "title": "Klottersanering i Norr", "owner": "Exempeltorpshem"}
    analysis = FakeAnalysis(
        alerts=[alert],
        measures_in_flagged=[
            in_norr | {"districts": ["norr"], "categories": ["skadegorelse"]},
            {
                "id": 2,
                "title": "Patrullering vid stationen",
                "owner": "Polisen",
                "districts": ["soder"],  # a hotspot's district, not the alert's
                "categories": ["vald"],
            },
        ],
    )
    agenda = build_agenda(date(2024, 9, 17), [], [], analysis.as_dict())
    alerts = next(s for s in agenda if s["key"] == "alerts")
    assert [m["title"] for m in alerts["related"]] == ["Klottersanering i Norr"]
    # A municipality-level alert is touched by a measure on its category, wherever it is.
    pooled = klotter_alert(level="municipality", district=None, category="skadegorelse")
    agenda = build_agenda(date(2024, 9, 17), [], [], replace(analysis, alerts=[pooled]).as_dict())
    alerts = next(s for s in agenda if s["key"] == "alerts")
    assert [m["title"] for m in alerts["related"]] == ["Klottersanering i Norr"]


def test_the_meeting_list_opens_this_weeks_meeting_once_it_is_made(cast: Cast) -> None:
    # The list kept offering "Skapa mötet för vecka 2024-W37", which only led to "Veckans möte
    # finns redan"; a reader, who may not create it, got no way to this week's meeting at all.
    with time_machine.travel(datetime(2024, 9, 17, 9, tzinfo=STOCKHOLM), tick=False):
        before = client_for(cast.cecilia).get(reverse("meeting-list")).content.decode()
        meeting = _meeting(cast, POLICE_WEEK)
        after = client_for(cast.cecilia).get(reverse("meeting-list")).content.decode()
        reader = client_for(cast.rut).get(reverse("meeting-list")).content.decode()
    assert "Skapa mötet för vecka 2024-W37" in before
    url = meeting.get_absolute_url()
    opening = f'<a class="button" href="{url}">Öppna mötet för vecka 2024-W37'
    assert "Skapa mötet" not in after and opening in after
    assert opening in reader


def test_the_agenda_names_hotspots_in_swedish_as_the_week_page_does(cast: Cast) -> None:
    # The minutes' section was headed "Hotspots" beside the week page's and the brief's
    # "Brännpunkter"; in English both are "Hotspots".
    meeting = _meeting(cast, POLICE_WEEK)
    client = client_for(cast.cecilia)
    page = _text(client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode())
    assert "Brännpunkter" in page and "Hotspots" not in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = _text(client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode())
    assert "Hotspots" in english
