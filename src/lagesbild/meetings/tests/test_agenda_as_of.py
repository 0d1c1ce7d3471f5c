"""An old meeting's agenda, made again, follows up the measures as they stood on the meeting's
day: not measures entered later, and statuses, owners and due dates read back from the
measures' history."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.models import Measure, MeasureChange
from lagesbild.measures.services import MeasureData, update_measure
from lagesbild.measures.tests.helpers import FakeAnalysis, klotter_alert, make_measure
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import create_meeting, decide_measure, refresh_agenda
from lagesbild.testing import STOCKHOLM, Cast, client_for

W36, W37 = IsoWeek(2024, 36), IsoWeek(2024, 37)
MEETING_DAY = date(2024, 9, 17)  # W37's meeting; W36's was on 2024-09-10


def entered_on(measure: Measure, when: datetime) -> None:
    """As if the measure and its history so far had been written at ``when``."""
    Measure.objects.filter(pk=measure.pk).update(created_at=when)
    MeasureChange.objects.filter(measure=measure).update(at=when)


def follow_up(meeting_pk: int) -> list[tuple]:
    """The stored follow-up section: title, status, owner, due date, overdue."""
    items = Meeting.objects.get(pk=meeting_pk).agenda[0]["items"]
    return [(m["title"], m["status"], m["owner"], m["due_date"], m["overdue"]) for m in items]


def test_a_past_meetings_agenda_made_again_lists_the_measures_as_they_stood_that_day(
    cast: Cast,
) -> None:
    patrol = make_measure(cast, "Extra patrull", owner=cast.polisen, due_date=date(2024, 9, 13))
    lighting = make_measure(cast, "Ny belysning", due_date=date(2024, 9, 30))
    for measure in (patrol, lighting):
        entered_on(measure, datetime(2024, 9, 5, 10, tzinfo=STOCKHOLM))
    meeting = create_meeting(
        cast.municipality, W37, MEETING_DAY, cast.cecilia, analyse=FakeAnalysis()
    )
    as_made = follow_up(meeting.pk)
    assert as_made == [
        ("Extra patrull", "decided", "Lokalpolisområde Exempeltorp", "2024-09-13", True),
        ("Ny belysning", "decided", "Exempeltorpshem", "2024-09-30", False),
    ]
    # Since the meeting: the patrol was done, the lighting renamed, handed over and put off,
    # and a measure was entered that the meeting never heard of.
    update_measure(patrol, {"status": "done"}, cast.cecilia)
    changes = {"title": "LED i tunneln", "owner": cast.kommunen, "due_date": date(2024, 12, 1)}
    update_measure(lighting, changes, cast.cecilia)
    make_measure(cast, "Beslutad långt senare", due_date=date(2024, 12, 20))

    client = client_for(cast.cecilia)
    response = client.post(reverse("meeting-agenda", args=[meeting.pk]))

    assert response.status_code == 302
    assert follow_up(meeting.pk) == as_made
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    follow_up_table = page[page.index('id="agenda-measures"') : page.index('id="agenda-focus"')]
    assert "Extra patrull" in follow_up_table and "Beslutad" in follow_up_table
    assert "Beslutad långt senare" not in follow_up_table and "LED i tunneln" not in page
    assert (
        "Åtgärderna som de stod på mötesdagen 2024-09-17: dagordningen hämtades efter mötet."
    ) in follow_up_table


def test_a_measure_closed_before_the_meeting_and_reopened_later_is_still_told_as_closed(
    cast: Cast,
) -> None:
    sweep = make_measure(cast, "Städa parken", due_date=date(2024, 9, 13))
    entered_on(sweep, datetime(2024, 9, 5, 10, tzinfo=STOCKHOLM))
    done = update_measure(sweep, {"status": "done"}, cast.cecilia)
    assert done is not None
    MeasureChange.objects.filter(pk=done.pk).update(at=datetime(2024, 9, 12, tzinfo=STOCKHOLM))
    meeting = create_meeting(
        cast.municipality, W37, MEETING_DAY, cast.cecilia, analyse=FakeAnalysis()
    )
    update_measure(sweep, {"status": "ongoing"}, cast.cecilia, "Skräpet kom tillbaka.")

    client_for(cast.cecilia).post(reverse("meeting-agenda", args=[meeting.pk]))

    assert follow_up(meeting.pk) == [
        ("Städa parken", "done", "Exempeltorpshem", "2024-09-13", False)
    ]


def test_a_decision_of_an_earlier_meeting_entered_after_this_one_is_followed_up(
    cast: Cast,
) -> None:
    earlier = create_meeting(
        cast.municipality, W36, date(2024, 9, 10), cast.cecilia, analyse=FakeAnalysis()
    )
    meeting = create_meeting(
        cast.municipality, W37, MEETING_DAY, cast.cecilia, analyse=FakeAnalysis()
    )
    # Entered today, but decided at the meeting of 2024-09-10: that meeting's to follow up.
    decide_measure(
        earlier, MeasureData(title="Trygghetsvandring", owner=cast.kommunen), cast.cecilia
    )
    make_measure(cast, "Inte beslutad på något möte")

    client_for(cast.cecilia).post(reverse("meeting-agenda", args=[meeting.pk]))

    assert follow_up(meeting.pk) == [
        ("Trygghetsvandring", "decided", "Kommunledningsförvaltningen", None, False)
    ]


def test_the_alerts_related_measures_leave_out_those_entered_after_the_meeting(
    cast: Cast,
) -> None:
    lighting = make_measure(cast, "Ny belysning", due_date=date(2024, 9, 30))
    entered_on(lighting, datetime(2024, 9, 5, 10, tzinfo=STOCKHOLM))
    meeting = create_meeting(
        cast.municipality, W37, MEETING_DAY, cast.cecilia, analyse=FakeAnalysis()
    )
    later = make_measure(cast, "Beslutad långt senare", due_date=date(2024, 12, 20))
    related = [
        {"id": m.pk, "title": m.title, "owner": "Exempeltorpshem", "districts": ["norr"]}
        for m in (lighting, later)
    ]
    analysis = FakeAnalysis(alerts=[klotter_alert()], measures_in_flagged=related)

    refresh_agenda(meeting, cast.cecilia, analyse=analysis)

    alerts = next(s for s in meeting.agenda if s["key"] == "alerts")
    assert [m["title"] for m in alerts["related"]] == ["Ny belysning"]


def test_an_agenda_made_on_the_meetings_day_says_nothing_of_a_day_to_read_back_to(
    cast: Cast,
) -> None:
    today = timezone.localdate()
    week = IsoWeek.containing(today - timedelta(days=7))
    meeting = create_meeting(cast.municipality, week, today, cast.cecilia, analyse=FakeAnalysis())
    assert meeting.agenda[0]["as_of"] is None
    page = client_for(cast.rut).get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "mötesdagen" not in page
