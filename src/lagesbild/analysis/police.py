"""The municipality's police event notices (polisen.se) by type, week and hour, searchable.

The notices are public. Roll-up notices ("Sammanfattning natt", is_summary) summarise several
events and are left out, counted apart. The API places every event at the municipality's centroid,
so the notices say nothing about where in the municipality an event happened.

polisen.se serves only its latest notices: the stored ones span the days notices were fetched
(``official.queries.police_event_span``), and a week outside that span has no figure, not zero
events. Weeks that have not begun are not listed; the running week is marked in progress.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from lagesbild.areas.models import Municipality
from lagesbild.core.i18n import day_text, span_text
from lagesbild.core.weeks import IsoWeek, is_in_progress
from lagesbild.official.models import PoliceEvent
from lagesbild.official.queries import StoredSpan, police_event_span
from lagesbild.reports.rollup import local_tz

LISTED = 500  # the page lists at most this many notices; the counts cover all


@dataclass(frozen=True)
class WeekCount:
    """One week's notices. ``count`` is None when the stored notices miss the week (no figure,
    not zero events); ``days`` names the part of the week counted when it is not all of it (the
    stored notices or the page's days begin or end inside it)."""

    week: str
    count: int | None
    days: str | None = None
    in_progress: bool = False


@dataclass
class PoliceEvents:
    start: date
    end: date
    query: str
    event_type: str
    total: int
    by_type: list[tuple[str, int]]
    by_week: list[WeekCount]
    by_hour: list[int]  # 24 local hours
    excluded_summaries: int
    without_time: int
    events: list[PoliceEvent]
    types: list[str]  # every type of the municipality's notices, for the filter's choices
    stored: StoredSpan | None = None  # the first and last day of the stored notices
    today: date | None = None  # the local day counted to; None: the whole period has passed

    @property
    def not_begun(self) -> bool:
        return self.today is not None and self.start > self.today

    @property
    def running(self) -> bool:
        """The period reaches today or later: its notices are counted so far."""
        return self.today is not None and self.start <= self.today <= self.end

    @property
    def span(self) -> str:
        """The days the counts cover as written: to today while the period runs."""
        last = min(self.end, self.today) if self.running and self.today else self.end
        return span_text(self.start, last)

    @property
    def end_text(self) -> str:
        return day_text(self.end)

    @property
    def listed_all(self) -> bool:
        return len(self.events) == self.total

    @property
    def stored_text(self) -> str | None:
        """The stored notices' span as written ("25 november–4 december 2026")."""
        return span_text(self.stored.first, self.stored.last) if self.stored else None

    @property
    def partial(self) -> bool:
        """Whether some week listed is counted over only some of its days."""
        return any(w.days for w in self.by_week)

    @property
    def uncovered(self) -> bool:
        """Whether some week listed has no stored notices to count."""
        return any(w.count is None for w in self.by_week)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = local_tz()
    return (
        datetime.combine(start, time(), tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time(), tzinfo=tz),
    )


def _weeks(
    start: date, end: date, stored: StoredSpan | None, counts: Counter, today: date
) -> list[WeekCount]:
    """The weeks from ``start`` to ``end`` that have begun by ``today``, each counted over the
    days the stored notices cover (rule 11 of docs/statistics.md: a source that does not cover
    a period gives no zeros for it)."""
    weeks, week = [], IsoWeek.containing(start)
    while week.monday <= min(end, today):
        first, last = max(week.monday, start), min(week.sunday, end)
        if stored is not None:
            first, last = max(first, stored.first), min(last, stored.last)
        covered = stored is not None and first <= last
        weeks.append(
            WeekCount(
                str(week),
                counts.get(str(week), 0) if covered else None,
                span_text(first, last)
                if covered and (first, last) != (week.monday, week.sunday)
                else None,
                is_in_progress(week, today),
            )
        )
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
    stored = police_event_span(municipality.code)
    today = timezone.localdate()
    return PoliceEvents(
        start=start,
        end=end,
        query=query,
        event_type=event_type,
        total=len(rows),
        by_type=sorted(Counter(t for t, _ in rows).items(), key=lambda kv: (-kv[1], kv[0])),
        by_week=_weeks(start, end, stored, week_counts, today),
        by_hour=[hours.get(h, 0) for h in range(24)],
        excluded_summaries=in_span.filter(is_summary=True).count(),
        without_time=published.filter(event_time__isnull=True, is_summary=False).count(),
        events=list(events.order_by("-event_time", "-event_id")[:LISTED]),
        types=sorted(set(mine.filter(is_summary=False).values_list("type", flat=True))),
        stored=stored,
        today=today,
    )
