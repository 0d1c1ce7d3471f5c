"""The demo's measures have the history of their story (decided at a meeting in May, begun a week
later, done three weeks after that), so the meetings' agendas follow them up as they stood."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lagesbild.measures.models import Measure
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import follow_up_measures

DONE = "Belysning och röjning av sly vid gångtunneln vid Kvartsvägen"
ONGOING = "Ökad tillsyn mot bränder i Björkhaga"


@pytest.fixture
def demo(todays_demo):
    return todays_demo


def _status_days(measure: Measure) -> dict[str, object]:
    """Each status the measure's history records, with the local day it was set."""
    return {
        change.changes["status"][1]: timezone.localdate(change.at)
        for change in measure.changes.order_by("at", "pk")
        if "status" in change.changes
    }


@pytest.mark.django_db
def test_the_demo_measures_changes_are_dated_when_they_happened(demo) -> None:
    # Every change was dated the day the demo was made: a measure done in June was "done today".
    done = Measure.objects.get(municipality=demo.municipality, title=DONE)
    assert done.decided_at_meeting is not None
    assert _status_days(done) == {
        "decided": done.decided_at_meeting.date,
        "ongoing": done.start_date,
        "done": done.done_date,
    }


@pytest.mark.django_db
def test_the_last_demo_meeting_follows_the_measures_up_as_they_stood(demo) -> None:
    # The agenda of the latest demo meeting read them back to "Beslutad": the measure done in
    # June was "Beslutad, 2026-06-16 försenad" and the one begun in May merely decided.
    latest = Meeting.objects.filter(municipality=demo.municipality).order_by("-date").first()
    assert latest is not None
    statuses = {m.title: values["status"] for m, values in follow_up_measures(latest)}
    assert statuses[ONGOING] == "ongoing"
    assert DONE not in statuses  # done months before: no longer followed up
    follow_up = next(s for s in latest.agenda if s["key"] == "measures")
    stored = {item["title"]: item["status"] for item in follow_up["items"]}
    assert stored[ONGOING] == "ongoing" and DONE not in stored
