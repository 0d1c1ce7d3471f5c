"""Audit of 2026-12-07, places: an agenda fetched after its meeting, and the new-meeting form's
Swedish word for hotspots."""

from __future__ import annotations

import re
from datetime import date, datetime
from html import unescape

import time_machine
from django.test import Client
from django.urls import reverse

from lagesbild.core.weeks import IsoWeek
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import create_meeting
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

W47 = IsoWeek(2026, 47)  # 16–22 November 2026
MEETING_DAY = date(2026, 11, 17)  # a Tuesday: the week had five days to run


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]*>", " ", page))).strip()


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=STOCKHOLM)


def _english(client: Client) -> Client:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def _sections(meeting: Meeting) -> dict[str, dict]:
    meeting.refresh_from_db()
    return {s["key"]: s for s in meeting.agenda}


def test_an_agenda_fetched_after_the_meeting_counts_what_had_happened_by_its_day(
    cast: Cast,
) -> None:
    # Fetched again on 7 December, the agenda of 17 November counted reports up to 22 November
    # ("Brännpunkter: Rapporter 2026-10-26 – 2026-11-22") beside measures read back to the day.
    with time_machine.travel(datetime(2026, 11, 17, 8, tzinfo=STOCKHOLM), tick=False):
        file_report(cast.bostad, "klotter", datetime(2026, 6, 1, 9, tzinfo=STOCKHOLM))
        for day in (10, 12, 16):
            file_report(cast.bevakning, "klotter", _at(day), point=Cast.NORR_POINT)
        meeting = create_meeting(cast.municipality, W47, MEETING_DAY, cast.cecilia)
    seen = _sections(meeting)
    assert [p["text"] for p in seen["repeat_places"]["items"]] == [
        "En plats i Norr: 3 rapporter 2026-11-10 – 2026-11-16 (Klotter)"
    ]
    assert seen["hotspots"]["period"] == "2026-10-26 – 2026-11-17"
    assert seen["hotspots"]["as_of"] is None

    with time_machine.travel(datetime(2026, 12, 7, 12, tzinfo=STOCKHOLM), tick=False):
        file_report(cast.bevakning, "klotter", _at(19), point=Cast.NORR_POINT)  # after the day
        file_report(cast.bevakning, "klotter", _at(15), point=Cast.NORR_POINT)  # entered late
        client = client_for(cast.cecilia)
        client.post(reverse("meeting-agenda", args=[meeting.pk]))
        page = _text(client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode())
        english = _text(
            _english(client).get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
        )
    later = _sections(meeting)
    assert [p["text"] for p in later["repeat_places"]["items"]] == [
        "En plats i Norr: 4 rapporter 2026-11-10 – 2026-11-16 (Klotter)"
    ]
    assert later["hotspots"]["period"] == "2026-10-26 – 2026-11-17"
    assert later["hotspots"]["in_progress"] is True  # as the meeting saw the week
    cut = (
        "Dagordningen hämtades efter mötet: rapporter som hänt efter mötesdagen 2026-11-17 "
        "räknas inte, men rapporter som registrerats efter mötet kan ingå."
    )
    alerts = (
        "Dagordningen hämtades efter mötet: larmen räknar veckans alla rapporter, också de som "
        "hänt efter mötesdagen 2026-11-17, så mötet kan ha sett andra larm."
    )
    assert f"Upprepade platser {cut} Veckan pågår: raderna gäller rapporterna hittills." in page
    assert f"Brännpunkter {cut} " in page
    assert f"Larm: ovanligt många rapporter {alerts} " in page
    assert (
        "Repeat places The agenda was fetched after the meeting: reports that happened after the "
        "meeting day 2026-11-17 are not counted, but reports entered after the meeting may be "
        "included."
    ) in english
    assert (
        "The agenda was fetched after the meeting: the alerts count all the week's reports, "
        "including those that happened after the meeting day 2026-11-17, so the meeting may have "
        "seen other alerts."
    ) in english


def test_the_new_meeting_form_says_brannpunkter(cast: Cast) -> None:
    # "…sedan larm, hotspots och upprepade platser" where the agenda says "Brännpunkter".
    url = reverse("meeting-create") + "?vecka=2026-W49"
    with time_machine.travel(datetime(2026, 12, 7, 12, tzinfo=STOCKHOLM), tick=False):
        client = client_for(cast.cecilia)
        page = _text(client.get(url).content.decode())
        english = _text(_english(client).get(url).content.decode())
    assert (
        "Dagordningen hämtas ur veckans lägesbild: först uppföljning av åtgärder och förra "
        "veckans fokusområden, sedan larm, brännpunkter och upprepade platser."
    ) in page
    assert "hotspot" not in page.lower()
    assert "then alerts, hotspots and repeat places." in english
