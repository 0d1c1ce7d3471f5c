"""The analysis of the weekly lägesbild: what the meeting should look at first.

``weekly_analysis(viewer, municipality, week)`` answers, as ``viewer`` may see it:

* ``alerts`` – which counts are unusually high (``briefings.alerts``; alarms only, the full set
  of judged series is in ``checked``);
* ``hotspots`` – where the last four weeks' reports cluster (Gi* on H3 cells, ``briefings.places``);
* ``repeat_places`` – places reported three times or more in four weeks;
* ``focus_pai`` – whether last week's focus areas held this week's reports (None without meeting);
* ``police_events`` – the week's events published by Polismyndigheten for the municipality,
  counted per municipality only (their position is a centroid), None if that model is missing;
* ``measures_in_flagged`` – open or due measures where something is flagged.

Every report read goes through ``visible_reports`` and counts only ``Report.objects.counted()``;
the weekly series read the rollup of those counts through ``reports.rollup.visible_counts``.
The meetings app builds its agenda from this object: keep the names and fields stable.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import districts_by_area
from lagesbild.briefings import caching
from lagesbild.briefings.alerts import (
    ALPHA,
    HISTORY_WEEKS,
    LEVEL_MUNICIPALITY,
    MIN_COUNT,
    MIN_COUNT_WEEKS,
    Alert,
    any_judged,
)
from lagesbild.briefings.formats import week_day
from lagesbild.briefings.judging import judged_week
from lagesbild.briefings.notes import no_alarm_note
from lagesbild.briefings.places import (
    HOTSPOT_WEEKS,
    FocusPai,
    Hotspot,
    Located,
    RepeatPlace,
    focus_pai,
    hotspots,
    repeat_groups,
)
from lagesbild.briefings.services import TimeWriter
from lagesbild.categories.models import Category
from lagesbild.core.stats.hotspots import DEFAULT_RESOLUTION
from lagesbild.core.stats.surveillance import REASON_FEW_RECENT_CASES
from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.models import Measure
from lagesbild.organisations.access import Viewer
from lagesbild.places.services import gazetteer_for
from lagesbild.reports.access import visible_reports
from lagesbild.reports.rollup import first_reporting_week

POLICE_SOURCE = "Polismyndigheten"

__all__ = [
    "Alert",
    "FocusPai",
    "Hotspot",
    "MeasureRow",
    "PoliceEventRow",
    "PoliceEvents",
    "RepeatPlace",
    "WeeklyAnalysis",
    "weekly_analysis",
]


@dataclass(frozen=True)
class PoliceEventRow:
    event_id: int
    time: datetime
    type: str
    category: str | None
    summary: str
    url: str


@dataclass(frozen=True)
class PoliceEvents:
    source: str
    total: int
    by_type: tuple[tuple[str, int], ...]
    events: tuple[PoliceEventRow, ...]


@dataclass(frozen=True)
class MeasureRow:
    id: int
    title: str
    status: str
    status_label: str
    owner: str | None
    due_date: date | None
    districts: tuple[str, ...]
    district_names: tuple[str, ...]
    categories: tuple[str, ...]


@dataclass(frozen=True)
class WeeklyAnalysis:
    municipality: str
    municipality_code: str
    week: IsoWeek
    alpha: float
    min_count: int
    min_count_weeks: int
    history_weeks: int
    alerts: tuple[Alert, ...]
    checked: tuple[Alert, ...] = field(repr=False)
    hotspot_from: date
    hotspot_to: date
    hotspot_resolution: int
    hotspots: tuple[Hotspot, ...]
    repeat_places: tuple[RepeatPlace, ...]
    focus_pai: FocusPai | None
    police_events: PoliceEvents | None
    measures_in_flagged: tuple[MeasureRow, ...]
    # The sensitive categories the viewer's hotspot and repeat lists leave out (but for their own
    # organisation's reports) while the coordinator's include them; empty when the lists agree.
    categories_left_out: tuple[str, ...] = ()
    # The first week with a counted report the viewer sees (the weekly page's ``first_week``):
    # the hotspot period starts no earlier, and the agenda says when reporting began.
    first_week: str | None = None

    @property
    def methods(self) -> tuple[str, ...]:
        """The detectors used this week (EARS C1 until three years of history exist)."""
        return tuple(sorted({a.method for a in self.checked}))

    @property
    def hotspot_since_start(self) -> bool:
        """Whether the hotspot period is shorter than four weeks because reporting began in it:
        its counts are "since reporting began", not "in four weeks"."""
        return self.hotspot_from > self.week.monday - timedelta(weeks=HOTSPOT_WEEKS - 1)

    @property
    def history_capped(self) -> bool:
        """Whether the history goes back further than the alerts read (five years and weeks)."""
        return self.history_weeks >= HISTORY_WEEKS

    @property
    def judged(self) -> bool:
        """Whether any series had the history for a threshold (else no "no alarm" verdict)."""
        return any_judged(self.checked)

    @property
    def held_back(self) -> tuple[Alert, ...]:
        """The series whose count reached its alarm level without alarming: fewer than
        ``min_count`` reports in the last ``min_count_weeks`` weeks. No alarm is then not
        "inget antal når sin larmgräns" (``briefings.notes.no_alarm_note``)."""
        return tuple(a for a in self.checked if a.reason == REASON_FEW_RECENT_CASES)

    def hotspot_days(self) -> dict[str, str]:
        """The hotspot period's first and last day as the week page writes them: '16/11', '7/12'."""
        return {
            "first": week_day(self.hotspot_from, self.week),
            "last": week_day(self.hotspot_to, self.week),
        }

    def hotspot_legend(self, in_progress: bool) -> str:
        """The hotspots' entry in a map's legend, with their period: the week page's map and the
        analysis map say it alike."""
        if self.hotspot_since_start:
            return _("Brännpunkt (Gi*, sedan rapporteringen började)")
        if in_progress:
            return _("Brännpunkt (Gi*, %(first)s–%(last)s)") % self.hotspot_days()
        return _("Brännpunkt (Gi*, fyra veckor)")

    def no_alarm_note(self, in_progress: bool) -> str:
        """The week's sentence when it has no alarm, as the page, the brief and the files say it."""
        return no_alarm_note(
            self.judged, in_progress, len(self.held_back), self.min_count, self.min_count_weeks
        )

    @property
    def alerts_with_measures(self) -> list[tuple[Alert, tuple[MeasureRow, ...]]]:
        """Each alarm with the open or due measures that touch it, for the page."""
        return [
            (a, tuple(m for m in self.measures_in_flagged if _touches(m, a))) for a in self.alerts
        ]

    def as_dict(self, write_time: TimeWriter = datetime.isoformat) -> dict[str, Any]:
        """Return plain JSON-able data (non-finite numbers become null), each time (the police
        events', in UTC) written by ``write_time``."""
        data = asdict(self)
        data["week"] = str(self.week)
        data["methods"] = list(self.methods)
        data["judged"], data["history_capped"] = self.judged, self.history_capped
        data["held_back"] = len(self.held_back)
        return jsonable(data, write_time)


def _touches(measure: MeasureRow, alert: Alert) -> bool:
    if alert.level == LEVEL_MUNICIPALITY:
        return alert.category in measure.categories
    return alert.district in measure.districts


def jsonable(value: Any, write_time: TimeWriter = datetime.isoformat) -> Any:
    """Turn dataclass dicts into JSON: dates as ISO strings, times as ``write_time`` writes them,
    NaN and infinities as None."""
    if isinstance(value, dict):
        return {k: jsonable(v, write_time) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v, write_time) for v in value]
    if isinstance(value, datetime):
        return write_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, IsoWeek):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# ---------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------


def weekly_analysis(
    viewer: Viewer,
    municipality: Municipality,
    week: IsoWeek,
    *,
    use_stored: bool = True,
    until: date | None = None,
) -> WeeklyAnalysis:
    """Compute the week's alerts, hotspots, repeat places, focus PAI, police events and measures.

    A past, fully reviewed week's alerts, hotspots and repeat places are computed once and stored
    (``briefings.caching``); ``use_stored=False`` computes them afresh and stores nothing.

    ``until``: leave out what happened after that day (an agenda made after its meeting shows
    the week as far as the meeting could see it): the hotspots, repeat places, focus PAI and
    police events end there. The alerts cannot: they judge the week's counts (the rollup's,
    whole weeks); the agenda says so.
    """
    tz = ZoneInfo(settings.TIME_ZONE)
    last_day = min(week.sunday, timezone.localdate())  # a running week's reports reach today
    if until is not None and until < last_day:
        last_day, use_stored = until, False  # the stored results are the whole week's
    reports = visible_reports(viewer).counted().filter(municipality=municipality)
    district_of = districts_by_area(municipality)
    districts = sorted(
        {a for a in district_of.values() if a.kind == Area.Kind.DISTRICT}, key=lambda a: a.name
    )
    first = first_reporting_week(viewer, municipality)
    since = hotspot_start(week, first)
    window = _Window(viewer, reports, since, week, tz, last_day)
    history_weeks, checked, hot, repeat_places = _stored_or_computed(
        viewer, municipality, week, window, district_of, use_stored
    )
    alerts = tuple(a for a in checked if a.alarm)
    return WeeklyAnalysis(
        municipality=municipality.name,
        municipality_code=municipality.code,
        week=week,
        alpha=ALPHA,
        min_count=MIN_COUNT,
        min_count_weeks=MIN_COUNT_WEEKS,
        history_weeks=history_weeks,
        alerts=alerts,
        checked=checked,
        hotspot_from=since,
        hotspot_to=last_day,
        hotspot_resolution=DEFAULT_RESOLUTION,
        hotspots=hot,
        repeat_places=repeat_places,
        focus_pai=focus_pai(municipality, week, window.this_week, districts),
        police_events=police_events(municipality, week, tz, last_day),
        measures_in_flagged=_measures(municipality, week, alerts, hot, district_of),
        categories_left_out=_left_out(viewer),
        first_week=str(first) if first else None,
    )


def hotspot_start(week: IsoWeek, first: IsoWeek | None) -> date:
    """The first day of ``week``'s hotspot period: four weeks back, but not before the first
    reporting week's Monday, so the period names no week in which nothing could be reported.

    The reports analysed are the same either way (there are none before reporting began), so
    stored hotspots of past weeks keep their meaning; only the period printed with them moves.
    A week before reporting began keeps its four weeks: its page says that the zeros are no
    quiet weeks.
    """
    since = week.monday - timedelta(weeks=HOTSPOT_WEEKS - 1)
    if first is None or first > week:
        return since
    return max(since, first.monday)


def _left_out(viewer: Viewer) -> tuple[str, ...]:
    """The sensitive top-level categories a viewer without them does not see in the lists."""
    if viewer.sees_sensitive:
        return ()
    return tuple(
        sorted(c.name for c in Category.objects.filter(parent__isnull=True, sensitive=True))
    )


Results = tuple[int, tuple[Alert, ...], tuple[Hotspot, ...], tuple[RepeatPlace, ...]]


@dataclass
class _Window:
    """The located reports of the hotspot window, read when first asked for: the analysis of a
    stored week needs none of them, or only its own week's (for the focus PAI)."""

    viewer: Viewer
    reports: QuerySet
    since: date
    week: IsoWeek
    tz: ZoneInfo
    last_day: date  # no report after this day is read
    _read: tuple[list[Located], dict[int, str]] | None = None

    def reports_and_texts(self) -> tuple[list[Located], dict[int, str]]:
        """Every report of the window, and every one's place text."""
        if self._read is None:
            self._read = _located(self.viewer, self.reports, self.since, self, self.tz)
        return self._read

    def this_week(self) -> list[Located]:
        """The reports of the week itself."""
        if self._read is not None:
            return [r for r in self._read[0] if r.in_week]
        return _located(self.viewer, self.reports, self.week.monday, self, self.tz)[0]

    def end(self) -> datetime:
        """Where the window ends: the week's end, or the end of ``last_day`` when earlier."""
        return min(self.week.bounds(self.tz)[1], _day_end(self.last_day, self.tz))


def _day_end(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)


def _stored_or_computed(
    viewer: Viewer,
    municipality: Municipality,
    week: IsoWeek,
    window: _Window,
    district_of: dict[int, Area],
    use_stored: bool,
) -> Results:
    """The history length, every judged series, the hot cells and the repeat places: stored, or
    computed.

    Only a viewer of this municipality alone uses the store: its rights there are exact, so its
    class (``viewer_class``) says all that the results depend on.
    """
    use_stored = use_stored and viewer.municipality_ids == {municipality.pk}
    read_at = None
    if use_stored:
        stored = caching.stored_result(viewer, municipality, week)
        if stored is not None:
            return _results_from_json(stored)
        read_at = caching.generation(municipality.pk)  # before the data is read
    history_weeks, checked = judged_week(
        viewer, municipality, week, district_of, use_stored=use_stored, read_at=read_at
    )
    recent, place_texts = window.reports_and_texts()
    gazetteer = gazetteer_for(municipality)
    repeated = repeat_groups(recent, place_texts, district_of, gazetteer)
    results = (
        history_weeks,
        checked,
        hotspots(recent, municipality, district_of, gazetteer, repeated),
        tuple(p.place for p in repeated),
    )
    if read_at is not None and caching.may_store(municipality, week):
        data = _results_json(results)
        if data is not None:
            caching.store_result(viewer, municipality, week, data, read_at)
    return results


def _results_json(results: Results) -> dict[str, Any] | None:
    """The results as JSON, or None if a number in them is not finite (JSON has no NaN)."""
    history_weeks, checked, hot, places = results
    alerts, cells = [asdict(a) for a in checked], [asdict(h) for h in hot]
    numbers = [v for row in alerts + cells for v in row.values()]
    if any(isinstance(v, float) and not math.isfinite(v) for v in numbers):
        return None
    return {
        "history_weeks": history_weeks,
        "checked": alerts,
        "hotspots": cells,
        "repeat_places": [jsonable(asdict(p)) for p in places],
    }


def _results_from_json(data: dict[str, Any]) -> Results:
    return (
        data["history_weeks"],
        tuple(Alert(**a) for a in data["checked"]),
        tuple(_hotspot(h) for h in data["hotspots"]),
        tuple(_repeat_place(p) for p in data["repeat_places"]),
    )


def _hotspot(data: dict[str, Any]) -> Hotspot:
    return Hotspot(**data | {"cells": tuple(data["cells"]), "also": tuple(data["also"])})


def _repeat_place(data: dict[str, Any]) -> RepeatPlace:
    day = date.fromisoformat
    return RepeatPlace(
        **data
        | {
            "first": day(data["first"]),
            "last": day(data["last"]),
            "dates": tuple(map(day, data["dates"])),
            "categories": tuple(data["categories"]),
            "cells": tuple(data.get("cells") or ()),
        }
    )


class WindowRow(NamedTuple):
    """A report of the hotspot window, as ``_located`` reads it (``Viewer.can_read_text`` asks
    its municipality and organisation)."""

    id: int
    occurred_from: datetime
    latitude: float | None
    longitude: float | None
    area_id: int | None
    category_id: int
    organisation_id: int
    municipality_id: int
    place_text: str


def _located(
    viewer: Viewer, reports: QuerySet, since: date, window: _Window, tz: ZoneInfo
) -> tuple[list[Located], dict[int, str]]:
    """The reports of the hotspot window, and every one's place text (for grouping only)."""
    start = IsoWeek.containing(since).bounds(tz)[0]
    week_start, end = window.week.bounds(tz)[0], window.end()
    labels = {c.pk: c.name for c in Category.objects.all()}
    # Plain rows, not models: the window holds hundreds of reports and only these fields count.
    rows = (
        reports.filter(occurred_from__gte=start, occurred_from__lt=end)
        .order_by("occurred_from")
        .values_list(*WindowRow._fields)
    )
    located, texts = [], {}
    for row in map(WindowRow._make, rows):
        id_, when, latitude, longitude, area_id, category_id, _, _, place_text = row
        texts[id_] = place_text
        # Positional: the window may hold tens of thousands of reports (docs/performance.md).
        located.append(
            Located(
                id_,
                when,
                when.astimezone(tz).date(),
                latitude,
                longitude,
                area_id,
                labels[category_id],
                place_text if viewer.can_read_text(row) else None,
                when >= week_start,
            )
        )
    return located, texts


# ---------------------------------------------------------------------------
# Police events
# ---------------------------------------------------------------------------


def police_event_model():
    """Return the PoliceEvent model, or None while the official app has none."""
    try:
        return apps.get_model("official", "PoliceEvent")
    except LookupError:
        return None


def police_events(
    municipality: Municipality, week: IsoWeek, tz: ZoneInfo, last_day: date | None = None
) -> PoliceEvents | None:
    """The week's police events for the municipality (up to ``last_day`` when given), without
    the roll-up summaries."""
    model = police_event_model()
    if model is None:
        return None
    start, end = week.bounds(tz)
    if last_day is not None:
        end = min(end, _day_end(last_day, tz))
    # Events without an event time are placed in time by when they were published.
    in_week = Q(event_time__gte=start, event_time__lt=end) | Q(
        event_time__isnull=True, published_at__gte=start, published_at__lt=end
    )
    rows = [
        PoliceEventRow(
            e.event_id,
            e.event_time or e.published_at,
            e.type,
            e.category.name if e.category else None,
            e.summary,
            e.url,
        )
        for e in model.objects.filter(
            in_week, municipality_code=municipality.code, is_summary=False
        ).select_related("category")
    ]
    rows.sort(key=lambda e: e.time)
    by_type = tuple(sorted(Counter(e.type for e in rows).items(), key=lambda kv: (-kv[1], kv[0])))
    return PoliceEvents(POLICE_SOURCE, len(rows), by_type, tuple(rows))


# ---------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------


# Where ``_measures`` puts a measure's areas and categories (plain lists, prefetched).
LISTED_AREAS, LISTED_CATEGORIES = "listed_areas", "listed_categories"


def _measures(
    municipality: Municipality,
    week: IsoWeek,
    alerts: tuple[Alert, ...],
    hot: tuple[Hotspot, ...],
    district_of: dict[int, Area],
) -> tuple[MeasureRow, ...]:
    """Open measures, and those due this week, in a flagged district or on an alarmed category.

    A district is flagged by a district-level alarm or a hot cell; a municipality-level alarm flags
    its category in every district. Cancelled measures are left out even when due this week.
    """
    flagged = {a.district for a in alerts if a.district} | {h.district for h in hot if h.district}
    flagged_categories = {a.category for a in alerts if a.level == LEVEL_MUNICIPALITY}
    if not flagged and not flagged_categories:
        return ()
    candidates = (
        Measure.objects.filter(municipality=municipality)
        .filter(
            Q(status__in=Measure.OPEN_STATUSES)
            | Q(due_date__gte=week.monday, due_date__lte=week.sunday)
        )
        .exclude(status=Measure.Status.CANCELLED)
        .select_related("owner")
        # Into plain lists: a related manager per measure would build a queryset per row.
        .prefetch_related(
            Prefetch("areas", to_attr=LISTED_AREAS),
            Prefetch(
                "categories",
                Category.objects.select_related("parent"),
                to_attr=LISTED_CATEGORIES,
            ),
        )
    )
    rows = [_measure_row(m, district_of) for m in candidates]
    # Soonest due first, undated last: databases disagree on where NULL sorts.
    rows.sort(key=lambda m: (m.due_date is None, m.due_date or date.min, m.title))
    return tuple(
        m for m in rows if set(m.districts) & flagged or set(m.categories) & flagged_categories
    )


def _measure_row(measure: Measure, district_of: dict[int, Area]) -> MeasureRow:
    districts = sorted(
        {district_of[a.pk] for a in getattr(measure, LISTED_AREAS) if a.pk in district_of},
        key=lambda a: a.name,
    )
    return MeasureRow(
        id=measure.pk,
        title=measure.title,
        status=measure.status,
        status_label=str(measure.get_status_display()),
        owner=measure.owner.name if measure.owner else None,
        due_date=measure.due_date,
        districts=tuple(d.code for d in districts),
        district_names=tuple(d.name for d in districts),
        categories=tuple(sorted({c.top_level.code for c in getattr(measure, LISTED_CATEGORIES)})),
    )
