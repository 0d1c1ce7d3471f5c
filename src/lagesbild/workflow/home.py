"""The home page per role: what this person should look at first this week.

A coordinator: reports waiting for review, last week's alerts, overdue measures, the next meeting
and what the first-run checklist still misses. A reporter: the report button and their own latest
reports with what became of them. A reader or an analyst: the alerts, the measures and the meeting.
Everything is read through the access layer as the viewer may see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _

from lagesbild.areas.models import Municipality
from lagesbild.areas.services import districts_by_area
from lagesbild.briefings.alerts import Alert, any_judged
from lagesbild.briefings.judging import judged_week
from lagesbild.briefings.notes import no_alarm_note
from lagesbild.core.weeks import IsoWeek, last_complete_week
from lagesbild.measures.access import visible_measures
from lagesbild.measures.models import Measure
from lagesbild.meetings.models import Meeting
from lagesbild.organisations.access import Viewer
from lagesbild.reports.access import visible_reports
from lagesbild.reports.models import Report
from lagesbild.reports.outcomes import ReportOutcome, report_outcomes
from lagesbild.workflow.checklist import ChecklistItem, checklist

SHOWN_ALERTS = 5
SHOWN_MEASURES = 5
SHOWN_REPORTS = 5
# The review queue shows one week: the home page links the weeks that hold waiting reports.
SHOWN_REVIEW_WEEKS = 4


@dataclass(frozen=True)
class HomePage:
    municipality: Municipality
    last_week: IsoWeek
    this_week: IsoWeek
    coordinator: bool
    pending_review: int = 0
    # The newest weeks with reports waiting for review, and how many wait in each.
    pending_weeks: tuple[tuple[IsoWeek, int], ...] = ()
    pending_in_older_weeks: int = 0
    alerts: tuple[Alert, ...] = ()
    # What the alerts' section says when last week had no alarm.
    no_alarm: str = ""
    overdue: tuple[Measure, ...] = ()
    next_meeting: Meeting | None = None
    my_reports: tuple[ReportOutcome, ...] = ()
    missing: tuple[ChecklistItem, ...] = field(default_factory=tuple)


def week_alerts(
    viewer: Viewer, municipality: Municipality, week: IsoWeek
) -> tuple[tuple[Alert, ...], str]:
    """The week's alarms as the week page judges them (the rollup, the viewer's categories), and
    what to say when it has none: with too short a history for any alarm threshold, the week
    page's sentence, since no alarm is then no verdict of a quiet week."""
    _weeks, checked = judged_week(viewer, municipality, week, districts_by_area(municipality))
    alarms = tuple(a for a in checked if a.alarm)
    if any_judged(checked):
        return alarms, _("Inga larm förra veckan.")
    return alarms, no_alarm_note(judged=False, in_progress=False)


def _pending_by_week(viewer: Viewer, municipality: Municipality) -> list[tuple[IsoWeek, int]]:
    """The weeks (local time, as the queue cuts them) that hold reports waiting for review, newest
    first, with their numbers."""
    pending = visible_reports(viewer).filter(
        municipality=municipality, review_status=Report.Review.PENDING
    )
    monday = TruncWeek("occurred_from", tzinfo=ZoneInfo(settings.TIME_ZONE))
    rows = pending.annotate(monday=monday).values("monday").annotate(n=Count("pk"))
    return [
        (IsoWeek.containing(row["monday"].date()), row["n"]) for row in rows.order_by("-monday")
    ]


def _overdue(viewer: Viewer, municipality: Municipality, today: date) -> tuple[Measure, ...]:
    measures = visible_measures(viewer).overdue(today).filter(municipality=municipality)
    return tuple(measures.select_related("owner").order_by("due_date", "pk")[:SHOWN_MEASURES])


def _my_reports(viewer: Viewer, municipality: Municipality) -> tuple[ReportOutcome, ...]:
    own = visible_reports(viewer).filter(
        municipality=municipality, organisation_id__in=viewer.organisation_ids
    )
    latest = own.select_related("category", "area").order_by("-reported_at", "-pk")
    return tuple(report_outcomes(viewer, latest[:SHOWN_REPORTS]))


def home_page(viewer: Viewer, municipality: Municipality, today: date) -> HomePage:
    """Compute the home page of ``viewer`` (narrowed to ``municipality``) on ``today``."""
    last_week = last_complete_week(today)
    coordinator = viewer.manages(municipality.pk)
    pending = _pending_by_week(viewer, municipality) if coordinator else []
    alarms, no_alarm = week_alerts(viewer, municipality, last_week)
    next_meeting = (
        Meeting.objects.filter(municipality=municipality, date__gte=today).order_by("date").first()
    )
    return HomePage(
        municipality=municipality,
        last_week=last_week,
        this_week=IsoWeek.containing(today),
        coordinator=coordinator,
        pending_review=sum(n for _, n in pending),
        pending_weeks=tuple(pending[:SHOWN_REVIEW_WEEKS]),
        pending_in_older_weeks=sum(n for _, n in pending[SHOWN_REVIEW_WEEKS:]),
        alerts=alarms[:SHOWN_ALERTS],
        no_alarm=no_alarm,
        overdue=_overdue(viewer, municipality, today),
        next_meeting=next_meeting,
        my_reports=_my_reports(viewer, municipality) if viewer.can_file_reports else (),
        missing=tuple(i for i in checklist(municipality, today) if not i.ok) if coordinator else (),
    )
