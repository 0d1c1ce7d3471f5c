"""The rollup of counted reports (``ReportCount``): kept in step with every write, and read.

Writing. A cell's numbers are never adjusted by +1/−1: every write recomputes the (municipality,
week) cells it touched from the report rows, with one GROUP BY, in the write's own transaction.
So a cell always equals a direct count, whatever the write did (create, update, a review decision,
a merge, a correction that moves a report to another week). The writers:

* ``counts_follow(report, …)`` around a ``save()`` or ``delete()`` of single reports (the report
  services, the review actions, the admin): it refreshes the week a report was counted in when
  it was read and the week it is in now; a new report that is not counted (``is_counted``: a
  pending one where only reviewed reports count, the default) changes no cell, so its week is
  not recounted, only announced (an import of pending rows costs no recount);
* ``batched()`` around many such writes (an import, a batch, "accept all", a merge): the weeks
  are collected and refreshed once, at the end of the block;
* ``refresh_counts(municipality_id, weeks)`` after a bulk insert (the demo) or a raw update;
* ``rebuild_counts(municipality_id)`` (``lagesbild rollup rebuild``) recomputes every cell.

Free text is not in the rollup: the retention purge changes no count and needs no refresh.

Every refresh announces the change (``areas.signals.announce_change``) in its transaction, with
the first week it touched: the cached weekly pages and the stored results of past weeks from
that week on are dropped (``briefings.caching``).

Refreshes of one municipality are serialised by a lock on its row, so two concurrent writes in
the same week cannot both replace the week's cells from what each alone saw (PostgreSQL; SQLite
serialises writers anyway).

Reading. ``visible_counts(viewer)`` holds the cells of the reports ``viewer`` may see: the rule of
``organisations.access.visible_reports`` on the rollup's columns (a test proves both agree for
every member of the test cast). ``TOP`` is a row's top-level category code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from lagesbild.areas.models import Municipality
from lagesbild.areas.services import lock_municipality
from lagesbild.areas.signals import EVERY_WEEK, announce_change
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import Viewer
from lagesbild.reports.models import Insecurity, Report, ReportCount, is_counted
from lagesbild.web.bulk import insert_rows

# A row's top-level category: its category's parent, or the category itself.
TOP = Coalesce("category__parent__code", "category__code")

# Weeks per aggregation query: bounds the CASE expression that buckets rows into cells.
QUERY_WEEKS = 60

Cell = tuple[int, date]  # (municipality id, local Monday of the ISO week)


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def week_monday(moment: datetime) -> date:
    """Return the local Monday of the ISO week ``moment`` falls in (as ``core.weeks`` buckets)."""
    day = moment.astimezone(local_tz()).date()
    return day - timedelta(days=day.weekday())  # an ISO week begins on its Monday


# --- writing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    """The part of one week inside one calendar month: [start, end) in local time."""

    start: datetime
    end: datetime
    week: date
    month: date


def _segments(monday: date, tz: ZoneInfo) -> list[_Segment]:
    start, end = IsoWeek.containing(monday).bounds(tz)
    first_days = [d for d in (monday + timedelta(days=k) for k in range(1, 7)) if d.day == 1]
    if not first_days:
        return [_Segment(start, end, monday, monday.replace(day=1))]
    split = datetime.combine(first_days[0], datetime.min.time(), tzinfo=tz)
    return [
        _Segment(start, split, monday, monday.replace(day=1)),
        _Segment(split, end, monday, first_days[0]),
    ]


def _spans(segments: list[_Segment]) -> Q:
    """One range condition per run of adjacent weeks (the index on municipality and time)."""
    runs: list[list[datetime]] = []
    for segment in segments:
        if runs and runs[-1][1] == segment.start:
            runs[-1][1] = segment.end
        else:
            runs.append([segment.start, segment.end])
    return reduce(or_, (Q(occurred_from__gte=a, occurred_from__lt=b) for a, b in runs))


#: The columns of a cell as ``_aggregate`` gives them (``web.bulk.insert_rows``).
CELL_COLUMNS = (
    "municipality_id",
    "week",
    "month",
    "area_id",
    "category_id",
    "organisation_id",
    "reports",
    "insecurity",
    "high_insecurity",
    "pending",
    "synthetic",
)


def _aggregate(municipality_id: int, mondays: list[date]) -> list[tuple]:
    """Count the municipality's counted reports in ``mondays``' weeks, cell by cell: one row of
    values (``CELL_COLUMNS``) per cell, written without a model object each."""
    tz = local_tz()
    segments = [s for monday in mondays for s in _segments(monday, tz)]
    segment = Case(
        *(
            When(occurred_from__gte=s.start, occurred_from__lt=s.end, then=Value(i))
            for i, s in enumerate(segments)
        ),
        output_field=IntegerField(),
    )
    rows = (
        Report.objects.counted()
        .filter(_spans(segments), municipality_id=municipality_id)
        .annotate(segment=segment)
        .values("segment", "area_id", "category_id", "organisation_id")
        .annotate(
            n=Count("id"),
            load=Sum("insecurity"),
            high=Count("id", filter=Q(insecurity__gte=Insecurity.HIGH)),
            unreviewed=Count("id", filter=Q(review_status=Report.Review.PENDING)),
            demo=Count("id", filter=Q(source=Report.Source.DEMO)),
        )
        # Week by week: a week's cells then lie together on disk, as when they are kept up to
        # date week after week, and the week's page reads a few pages instead of one a cell.
        .order_by("segment")
        .values_list(
            "segment",
            "area_id",
            "category_id",
            "organisation_id",
            "n",
            "load",
            "high",
            "unreviewed",
            "demo",
        )
    )
    return [(municipality_id, segments[at].week, segments[at].month, *cell) for at, *cell in rows]


def _lock(municipality_id: int) -> bool:
    """Serialise the refreshes of one municipality until the transaction ends; return whether
    it counts unreviewed reports, as committed when the lock was taken."""
    municipality = lock_municipality(municipality_id)
    return municipality is not None and municipality.counts_unreviewed


def _replace(municipality_id: int, mondays: list[date], everything: bool = False) -> int:
    with transaction.atomic():
        _lock(municipality_id)
        stale = ReportCount.objects.filter(municipality_id=municipality_id)
        (stale if everything else stale.filter(week__in=mondays)).delete()
        cells = 0
        for i in range(0, len(mondays), QUERY_WEEKS):
            new = _aggregate(municipality_id, mondays[i : i + QUERY_WEEKS])
            insert_rows(ReportCount, CELL_COLUMNS, new)  # COPY / one executemany
            cells += len(new)
        # The cached weekly pages of these weeks and later ones are stale (same transaction).
        announce_change(municipality_id, EVERY_WEEK if everything else min(mondays, default=None))
        return cells


def refresh_counts(municipality_id: int, weeks: Iterable[date | IsoWeek]) -> None:
    """Recompute the municipality's cells in ``weeks`` (Mondays or IsoWeeks) from its reports."""
    mondays = sorted({w.monday if isinstance(w, IsoWeek) else w for w in weeks})
    if mondays:
        _replace(municipality_id, mondays)


def rebuild_counts(municipality_id: int) -> int:
    """Recompute every cell of the municipality; idempotent. Return how many cells it has."""
    span = (
        Report.objects.counted()
        .filter(municipality_id=municipality_id)
        .aggregate(first=Min("occurred_from"), last=Max("occurred_from"))
    )
    mondays: list[date] = []
    if span["first"] is not None:
        monday, last = week_monday(span["first"]), week_monday(span["last"])
        while monday <= last:
            mondays.append(monday)
            monday += timedelta(weeks=1)
    return _replace(municipality_id, mondays, everything=True)


@dataclass
class _Touched:
    """What writes touched: cells to recount, and cells where only reports that are not counted
    were added (nothing to recount; the caches are still told)."""

    recount: set[Cell] = field(default_factory=set)
    uncounted: set[Cell] = field(default_factory=set)


_collecting: ContextVar[_Touched | None] = ContextVar("rollup_collecting", default=None)


def refresh_cells(cells: Iterable[Cell]) -> None:
    """Refresh these (municipality, Monday) cells now, or at the end of the enclosing batch."""
    collecting = _collecting.get()
    if collecting is not None:
        collecting.recount.update(cells)
        return
    for municipality_id, mondays in _by_municipality(cells):
        refresh_counts(municipality_id, mondays)


def _uncounted_added(cells: Iterable[Cell]) -> None:
    """Reports that are not counted were added in these cells: no count changes, so nothing is
    recounted, but the caches are told (now, or at the end of the enclosing batch)."""
    collecting = _collecting.get()
    if collecting is not None:
        collecting.uncounted.update(cells)
        return
    for municipality_id, mondays in _by_municipality(cells):
        # The setting as committed now, not as the writer read it: one switched on since is
        # recounted here, one switched on later recounts these rows itself.
        with transaction.atomic():
            if _lock(municipality_id):
                refresh_counts(municipality_id, mondays)
            else:
                announce_change(municipality_id, min(mondays))


def _by_municipality(cells: Iterable[Cell]) -> list[tuple[int, set[date]]]:
    mondays: dict[int, set[date]] = {}
    for municipality_id, monday in cells:
        mondays.setdefault(municipality_id, set()).add(monday)
    return sorted(mondays.items())


@contextmanager
def batched() -> Iterator[None]:
    """Collect the cells that writes inside the block touch; refresh them once, at its end.

    Use it inside the write's transaction. When the block raises, nothing is refreshed (the
    transaction rolls back the writes too).
    """
    if _collecting.get() is not None:  # an enclosing batch refreshes
        yield
        return
    touched = _Touched()
    token = _collecting.set(touched)
    try:
        yield
    finally:
        _collecting.reset(token)
    refresh_cells(touched.recount)
    _uncounted_added(touched.uncounted - touched.recount)


def _stored_cells(report: Report) -> set[Cell]:
    """The cell the report was counted in as stored (empty for a report not stored yet)."""
    stored = getattr(report, "_stored_at", None)
    if stored is not None and None not in stored:
        return {(stored[0], week_monday(stored[1]))}
    if _is_new(report):
        return set()
    row = Report.objects.filter(pk=report.pk).values_list("municipality_id", "occurred_from")
    return {(m, week_monday(t)) for m, t in row}


def _is_new(report: Report) -> bool:
    return report.pk is None or report._state.adding


def _cell(report: Report) -> Cell:
    return report.municipality_id, week_monday(report.occurred_from)


@contextmanager
def counts_follow(*reports: Report) -> Iterator[None]:
    """Around saving or deleting ``reports``: refresh where they were counted and where they are.

    A new report that is not counted (pending, where the municipality counts only reviewed
    reports) changes no cell: its week is not recounted, only the caches are told.
    """
    before = set().union(*(_stored_cells(r) for r in reports))
    uncounted = {id(r): r for r in reports if _is_new(r) and not is_counted(r)}
    yield
    after = {_cell(r) for r in reports if id(r) not in uncounted}
    refresh_cells(before | after)
    _uncounted_added({_cell(r) for r in uncounted.values()} - before - after)
    for report in reports:
        report._stored_at = (report.municipality_id, report.occurred_from) if report.pk else None


# --- reading ------------------------------------------------------------------------------------


def visible_counts(viewer: Viewer) -> QuerySet:
    """Return the cells of the reports ``viewer`` may see (``access.visible_reports``' rule).

    Everyone sees their municipalities' counted reports; a viewer without sensitive categories
    still sees their own organisations' reports in them.
    """
    counts = ReportCount.objects.filter(municipality_id__in=viewer.municipality_ids)
    if viewer.municipality_ids <= viewer.sensitive_municipality_ids:
        return counts  # the condition below holds for every cell: left out, indexes serve
    return counts.filter(
        Q(category__sensitive=False)
        | Q(municipality_id__in=viewer.sensitive_municipality_ids)
        | Q(organisation_id__in=viewer.organisation_ids)
    )


def year_counts(viewer: Viewer, municipality: Municipality, year: int) -> QuerySet:
    """The cells of ``year`` that ``viewer`` may see: the yearly report's and the statutory
    document's partner-report figures both read this (the rollup's months are local calendar
    months, so the year is the local calendar year)."""
    return visible_counts(viewer).filter(
        municipality=municipality, month__gte=date(year, 1, 1), month__lte=date(year, 12, 1)
    )


def first_week(counts: QuerySet) -> IsoWeek | None:
    """The first week with a counted report among ``counts`` (one indexed MIN), or None."""
    monday = counts.aggregate(first=Min("week"))["first"]
    return IsoWeek.containing(monday) if monday is not None else None


def first_reporting_week(viewer: Viewer, municipality: Municipality) -> IsoWeek | None:
    """The first week with a counted report ``viewer`` sees, as the weekly page reads it."""
    return first_week(visible_counts(viewer).filter(municipality_id=municipality.pk))


def top_counts(counts: QuerySet, *fields: str) -> QuerySet:
    """Sum ``counts`` per ``fields`` (``top`` is the top-level category code)."""
    return (
        counts.annotate(top=TOP)
        .values(*fields)
        .annotate(n=Sum("reports"), load=Sum("insecurity"), high=Sum("high_insecurity"))
        .order_by()
    )
