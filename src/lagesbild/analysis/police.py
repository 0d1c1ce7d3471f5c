"""The municipality's police event notices (polisen.se) by type, week and hour, searchable.

The notices are public. Roll-up notices ("Sammanfattning natt", is_summary) summarise several
events and are left out, counted apart. The API places every event at the municipality's centroid,
so the notices say nothing about where in the municipality an event happened.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q

from lagesbild.areas.models import Municipality
from lagesbild.core.weeks import IsoWeek
from lagesbild.official.models import PoliceEvent
from lagesbild.reports.rollup import local_tz

LISTED = 500  # the page lists at most this many notices; the counts cover all


@dataclass
class PoliceEvents:
    start: date
    end: date
    query: str
    event_type: str
    total: int
    by_type: list[tuple[str, int]]
    by_week: list[tuple[str, int]]
    by_hour: list[int]  # 24 local hours
    excluded_summaries: int
    without_time: int
    events: list[PoliceEvent]
    types: list[str]  # every type of the municipality's notices, for the filter's choices

    @property
    def listed_all(self) -> bool:
        return len(self.events) == self.total


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = local_tz()
    return (
        datetime.combine(start, time(), tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time(), tzinfo=tz),
    )


def _weeks(start: date, end: date) -> list[str]:
    weeks, week = [], IsoWeek.containing(start)
    while week.monday <= end:
        weeks.append(str(week))
        week = week.next()
    return weeks


def police_events(
    municipality: Municipality, start: date, end: date, query: str = "", event_type: str = ""
) -> PoliceEvents:
    """The notices with an event time in [start, end] (local days), roll-ups left out."""
    lower, upper = _bounds(start, end)
    mine = PoliceEvent.objects.filter(municipality_code=municipality.code)
    in_span = mine.filter(event_time__gte=lower, event_time__lt=upper)
    events = in_span.filter(is_summary=False)
    if event_type:
        events = events.filter(type=event_type)
    if query:
        events = events.filter(
            Q(type__icontains=query)
            | Q(summary__icontains=query)
            | Q(location_name__icontains=query)
        )
    tz = local_tz()
    rows = list(events.values_list("type", "event_time"))
    local = [moment.astimezone(tz) for _, moment in rows if moment is not None]
    week_counts = Counter(str(IsoWeek.containing(moment.date())) for moment in local)
    hours = Counter(moment.hour for moment in local)
    published = mine.filter(published_at__gte=lower, published_at__lt=upper)
    return PoliceEvents(
        start=start,
        end=end,
        query=query,
        event_type=event_type,
        total=len(rows),
        by_type=sorted(Counter(t for t, _ in rows).items(), key=lambda kv: (-kv[1], kv[0])),
        by_week=[(week, week_counts.get(week, 0)) for week in _weeks(start, end)],
        by_hour=[hours.get(h, 0) for h in range(24)],
        excluded_summaries=in_span.filter(is_summary=True).count(),
        without_time=published.filter(event_time__isnull=True, is_summary=False).count(),
        events=list(events.order_by("-event_time", "-event_id")[:LISTED]),
        types=sorted(set(mine.filter(is_summary=False).values_list("type", flat=True))),
    )
