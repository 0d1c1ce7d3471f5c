"""The analyst's figures: near repeats (Knox), hour × weekday profiles and reporting effort.

Every figure is computed from what the viewer may see (``reports.access.visible_reports``,
``reports.rollup.visible_counts``), in one municipality and one window of whole weeks. Counts
come from the rollup; the Knox test and the time profiles need each report's time and place and
read only those columns of the counted reports in the window.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone
from pyproj import Transformer

from lagesbild.analysis.params import Window
from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import area_and_inner_ids, districts_by_area
from lagesbild.briefings.notes import first_week_sentence
from lagesbild.categories.models import Category
from lagesbild.core.i18n import gettext as _
from lagesbild.core.stats.aoristic import hour_weekday_profile
from lagesbild.core.stats.nearrepeat import CloseGroups, KnoxResult, close_groups, knox_test
from lagesbild.core.weeks import IsoWeek, is_in_progress
from lagesbild.organisations.access import Viewer
from lagesbild.organisations.models import (
    PUBLIC_ORGANISATION_SLUG,
    Membership,
    Organisation,
    Role,
)
from lagesbild.reports.access import visible_reports
from lagesbild.reports.rollup import first_reporting_week, local_tz, visible_counts, week_monday

# The categories where near repeats are known (burglary, fire, vandalism); a top level
# includes its subcategories.
NEAR_REPEAT_CATEGORIES = ("bostadsinbrott", "brand", "skadegorelse")
DISTANCE_BAND_M = 100.0
DISTANCE_BANDS = 5
TIME_BAND_DAYS = 7.0
TIME_BANDS = 4
PERMUTATIONS = 99
SIGNIFICANCE = 0.05
NEAR_REPEAT_WEEKS = 52
MAX_EVENTS = 2000  # n² pairs: beyond this the page would wait too long; narrow the window
# The fewest events whose times can be shuffled in more than 1 / SIGNIFICANCE ways (4! = 24):
# with 2 or 3 the permutation test can find no pattern, so its silence would say nothing.
MIN_EVENTS = 4
# The fewest separate groups of events the close pairs (the nearest cell, 100 m and 7 days)
# must link before a significant nearest cell is a near-repeat pattern. Four burglaries in one
# stairwell in one week are one group of six close pairs: against a year of scattered ones the
# Knox test finds them significant, but they are one burst, not evidence that an event raises
# the risk around it in general. Two groups is the least that is not one burst. One group
# lasting longer than the time band is a chain instead (events each following another nearby,
# week after week): that is the pattern itself, and it counts (``is_pattern``).
MIN_CLOSE_GROUPS = 2
WEEKDAYS = ("Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag")


def in_category(category: Category) -> Q:
    """Reports in ``category`` or, for a top level, in one of its subcategories.

    By the categories' ids, not a join on the parent: the index on municipality, category and
    time then serves a window of one category in a large municipality."""
    children = Category.objects.filter(parent_id=category.pk).values_list("pk", flat=True)
    return Q(category_id__in=[category.pk, *children])


def window_reports(viewer: Viewer, municipality: Municipality, window: Window) -> QuerySet:
    """The counted reports ``viewer`` may see in ``municipality`` that occurred in ``window``."""
    start, end = window.bounds()
    return (
        visible_reports(viewer)
        .counted()
        .filter(municipality_id=municipality.pk, occurred_from__gte=start, occurred_from__lt=end)
    )


@lru_cache(maxsize=1)
def _to_sweref() -> Transformer:
    """WGS 84 to SWEREF 99 TM (EPSG:3006), metres across all of Sweden."""
    return Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


def metres(latitudes: list[float], longitudes: list[float]) -> np.ndarray:
    """Project positions to SWEREF 99 TM; shape (n, 2)."""
    if not latitudes:
        return np.zeros((0, 2))
    x, y = _to_sweref().transform(longitudes, latitudes)
    return np.column_stack([np.asarray(x, float), np.asarray(y, float)])


# ---------------------------------------------------------------------------
# Near repeats
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    observed: int
    expected: float
    ratio: float | None
    p_value: float

    @property
    def significant(self) -> bool:
        return self.p_value < SIGNIFICANCE and self.ratio is not None and self.ratio > 1


@dataclass(frozen=True)
class RaisedRisk:
    """How far and how long after an event the risk is raised, and the evidence for it."""

    distance_m: int
    days: int
    evidence: Cell  # the nearest band: [0, d1] metres × [0, t1] days
    reports: int  # the events in the evidence's pairs
    groups: int  # the separate groups those events form (one only when it is a chain)
    span_days: int = 0  # days from first to last event of the longest-lasting group
    first_band_m: int = int(DISTANCE_BAND_M)
    first_band_days: int = int(TIME_BAND_DAYS)

    @property
    def basis(self) -> str:
        """What the pattern rests on, in the active language: the groups, or the one chain."""
        values = {
            "pairs": self.evidence.observed,
            "band_m": self.first_band_m,
            "band_days": self.first_band_days,
            "reports": self.reports,
            "groups": self.groups,
            "span": self.span_days,
        }
        if self.groups == 1:
            return (
                _(
                    "Mönstret bygger på %(pairs)s par inom %(band_m)s m och %(band_days)s dagar "
                    "mellan %(reports)s rapporter i en kedja över %(span)s dagar, där händelserna "
                    "följt på varandra nära i tid och rum."
                )
                % values
            )
        return (
            _(
                "Mönstret bygger på %(pairs)s par inom %(band_m)s m och %(band_days)s dagar "
                "mellan %(reports)s rapporter i %(groups)s skilda grupper."
            )
            % values
        )


@dataclass
class NearRepeat:
    category: Category
    window: Window
    events: int
    without_position: int
    too_many: bool = False
    result: KnoxResult | None = None
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    raised: RaisedRisk | None = None
    close: CloseGroups | None = None  # the nearest cell's pairs and the groups they link

    @property
    def one_series(self) -> bool:
        """The nearest cell is significant, but its pairs all come from one burst within the
        time band (``is_pattern``): no raised risk is claimed."""
        return bool(self.rows) and self.rows[0][1][0].significant and self.raised is None

    @property
    def min_close_groups(self) -> int:
        return MIN_CLOSE_GROUPS

    @property
    def distance_band_m(self) -> int:
        return int(DISTANCE_BAND_M)

    @property
    def time_band_days(self) -> int:
        return int(TIME_BAND_DAYS)

    @property
    def permutations(self) -> int:
        return PERMUTATIONS


def _cells(result: KnoxResult) -> list[tuple[str, list[Cell]]]:
    rows = []
    for d, label in enumerate(result.distance_bands):
        cells = []
        for t in range(len(result.time_bands)):
            ratio = float(result.ratio[d, t])
            cells.append(
                Cell(
                    observed=int(result.observed[d, t]),
                    expected=float(result.expected[d, t]),
                    ratio=None if np.isnan(ratio) else ratio,
                    p_value=float(result.p_value[d, t]),
                )
            )
        rows.append((label, cells))
    return rows


def raised_risk(rows: list[tuple[str, list[Cell]]], close: CloseGroups) -> RaisedRisk | None:
    """The near-repeat zone: consecutive significant bands outwards from the nearest cell.

    The open-ended last bands never count: "beyond 500 m" is no area to warn about. None when
    the nearest cell's pairs (``close``) are one burst (``is_pattern``).
    """
    if not rows or not rows[0][1][0].significant or not is_pattern(close):
        return None
    closed_d, closed_t = len(rows) - 1, len(rows[0][1]) - 1
    d = 0
    while d + 1 < closed_d and rows[d + 1][1][0].significant:
        d += 1
    t = 0
    while t + 1 < closed_t and rows[0][1][t + 1].significant:
        t += 1
    return RaisedRisk(
        distance_m=int((d + 1) * DISTANCE_BAND_M),
        days=int((t + 1) * TIME_BAND_DAYS),
        evidence=rows[0][1][0],
        reports=close.events,
        groups=close.groups,
        span_days=round(close.longest_span),
    )


def is_pattern(close: CloseGroups) -> bool:
    """Whether the close pairs are more than one burst: ``MIN_CLOSE_GROUPS`` separate groups,
    or one group that lasts longer than the time band (a chain of repeats)."""
    return close.groups >= MIN_CLOSE_GROUPS or close.longest_span > TIME_BAND_DAYS


PLACED = Q(latitude__isnull=False, longitude__isnull=False)


def near_repeat(
    viewer: Viewer, municipality: Municipality, category: Category, window: Window
) -> NearRepeat:
    """The Knox test for one category over ``window``, bands as the Near Repeat Calculator's."""
    reports = window_reports(viewer, municipality, window).filter(in_category(category))
    # Counted first: a category past MAX_EVENTS is never read row by row.
    counts = reports.aggregate(every=Count("pk"), placed=Count("pk", filter=PLACED))
    outcome = NearRepeat(
        category,
        window,
        events=counts["placed"],
        without_position=counts["every"] - counts["placed"],
    )
    if outcome.events > MAX_EVENTS:
        outcome.too_many = True
        return outcome
    if outcome.events < MIN_EVENTS:
        return outcome
    outcome.result, outcome.close = _knox(_placed(reports), municipality)
    outcome.rows = _cells(outcome.result)
    outcome.raised = raised_risk(outcome.rows, outcome.close)
    return outcome


def raised_near_repeat(
    viewer: Viewer, municipality: Municipality, category: Category, window: Window
) -> RaisedRisk | None:
    """The raised risk :func:`near_repeat` finds, in one query: the placed reports are read up
    to one past ``MAX_EVENTS`` (beyond it there is no test), and the unplaced are not counted."""
    reports = window_reports(viewer, municipality, window).filter(in_category(category))
    rows = _placed(reports, MAX_EVENTS + 1)
    if not MIN_EVENTS <= len(rows) <= MAX_EVENTS:
        return None
    result, close = _knox(rows, municipality)
    return raised_risk(_cells(result), close)


def _placed(reports: QuerySet, limit: int | None = None) -> list[tuple]:
    """(time, latitude, longitude) of the placed reports, at most ``limit`` of them.

    In one fixed order, ties included: the Knox test's permutations follow the order of its
    events, and the analysis page and the week's warning must find the same p-values.
    """
    rows = (
        reports.filter(PLACED)
        .order_by("-occurred_from", "pk")
        .values_list("occurred_from", "latitude", "longitude")
    )
    return list(rows[:limit] if limit is not None else rows)


def _knox(rows: list[tuple], municipality: Municipality) -> tuple[KnoxResult, CloseGroups]:
    """The Knox table and the groups its nearest cell's pairs link (the same bands)."""
    tz = local_tz()
    xy = metres([lat for _, lat, _ in rows], [lon for _, _, lon in rows])
    # Whole local days, as the Near Repeat Calculator counts "0 to 7 days".
    days = [float(at.astimezone(tz).date().toordinal()) for at, _, _ in rows]
    result = knox_test(
        xy,
        days,
        DISTANCE_BAND_M,
        DISTANCE_BANDS,
        TIME_BAND_DAYS,
        TIME_BANDS,
        permutations=PERMUTATIONS,
        seed=municipality.pk,  # the same page shows the same p-values each time
        closed="right",
    )
    return result, close_groups(xy, days, DISTANCE_BAND_M, TIME_BAND_DAYS, closed="right")


@dataclass(frozen=True)
class NearRepeatEvent:
    day: date
    district: str


@dataclass(frozen=True)
class NearRepeatWarning:
    """After this week's events in a category: where and until when the risk is raised."""

    category: Category
    risk: RaisedRisk
    events: list[NearRepeatEvent]
    until: date
    window: Window


def near_repeat_warnings(
    viewer: Viewer, municipality: Municipality, week: IsoWeek
) -> list[NearRepeatWarning]:
    """Warnings for the week page: a category with a significant near-repeat pattern over the
    year up to ``week`` (its close pairs in at least ``MIN_CLOSE_GROUPS`` separate groups, not
    one series) and new events in ``week``."""
    window = Window(week, NEAR_REPEAT_WEEKS)
    categories = {c.pk: c for c in Category.objects.filter(code__in=NEAR_REPEAT_CATEGORIES)}
    if not categories:
        return []
    new = (
        window_reports(viewer, municipality, Window(week, 1))
        .filter(Q(category_id__in=categories) | Q(category__parent_id__in=categories))
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("occurred_from")
        .values_list("occurred_from", "area_id", "category_id", "category__parent_id")
    )
    by_category: dict[int, list[tuple]] = defaultdict(list)
    for occurred, area_id, category_id, parent_id in new:
        top = category_id if category_id in categories else parent_id
        by_category[top].append((occurred, area_id))
    warnings = []
    # Read whether or not a warning follows: the page's queries must not hang on a p-value.
    districts = districts_by_area(municipality) if by_category else {}
    tz = local_tz()
    for pk, events in sorted(by_category.items(), key=lambda kv: categories[kv[0]].code):
        category = categories[pk]
        # The test is bounded by MAX_EVENTS and takes well under a second at a town's densities.
        raised = raised_near_repeat(viewer, municipality, category, window)
        if raised is None:
            continue
        named = [
            NearRepeatEvent(
                occurred.astimezone(tz).date(),
                districts[area_id].name if area_id in districts else "",
            )
            for occurred, area_id in events
        ]
        until = max(e.day for e in named) + timedelta(days=raised.days)
        warnings.append(NearRepeatWarning(category, raised, named, until, window))
    return warnings


# ---------------------------------------------------------------------------
# Hour × weekday profiles
# ---------------------------------------------------------------------------


@dataclass
class TimeProfile:
    window: Window
    category: Category | None
    district: Area | None
    grid: np.ndarray  # (7, 24), Monday first
    reports: int
    with_window: int  # reports with a from–to time, spread aoristically

    @property
    def maximum(self) -> float:
        return float(self.grid.max()) if self.grid.size else 0.0

    def rows(self) -> list[tuple[str, list[float], float]]:
        """(weekday, the 24 hours, the day's total), Monday first."""
        return [
            (WEEKDAYS[d], [float(v) for v in self.grid[d]], float(self.grid[d].sum()))
            for d in range(7)
        ]

    def hour_totals(self) -> list[float]:
        return [float(v) for v in self.grid.sum(axis=0)]


def time_profile(
    viewer: Viewer,
    municipality: Municipality,
    window: Window,
    category: Category | None = None,
    district: Area | None = None,
) -> TimeProfile:
    """Aoristic hour × weekday table of the reports in ``window`` (local wall-clock hours)."""
    reports = window_reports(viewer, municipality, window)
    if category is not None:
        reports = reports.filter(in_category(category))
    if district is not None:
        reports = reports.filter(area_id__in=area_and_inner_ids(district.pk))
    tz = local_tz()
    spans = [
        (start.astimezone(tz), end.astimezone(tz) if end else None)
        for start, end in reports.order_by().values_list("occurred_from", "occurred_to")
    ]
    with_window = sum(1 for start, end in spans if end is not None and end > start)
    grid = hour_weekday_profile(spans) if spans else np.zeros((7, 24))
    return TimeProfile(window, category, district, grid, len(spans), with_window)


# ---------------------------------------------------------------------------
# Reporting effort
# ---------------------------------------------------------------------------


class _PerReporter:
    """The week and the reports per active reporter of a row of counts (reports filed by a
    system have no reporter and are left out of the ratio)."""

    monday: date
    reports: int
    reporters: int
    unattributed: int

    @property
    def week(self) -> IsoWeek:
        return IsoWeek.containing(self.monday)

    @property
    def per_reporter(self) -> float | None:
        attributed = self.reports - self.unattributed
        return attributed / self.reporters if self.reporters else None


@dataclass(frozen=True)
class EffortRow(_PerReporter):
    """One organisation in one week."""

    monday: date
    organisation: str
    reports: int
    reporters: int  # distinct people who filed; reports without a person (API, import) add none
    unattributed: int  # reports filed by a system (API, import), not a person


@dataclass
class EffortWeek(_PerReporter):
    monday: date
    reports: int
    reporters: int
    unattributed: int
    silent: list[str]  # organisations that filed nothing that week


@dataclass
class Effort:
    window: Window
    rows: list[EffortRow]
    weeks: list[EffortWeek]
    sentence: str | None
    # Why the last week is not compared with the one before (the weekly page's words).
    notes: list[str] = field(default_factory=list)
    first_week: IsoWeek | None = None  # the first week with a counted report


def not_compared(week: IsoWeek, first: IsoWeek | None) -> list[str]:
    """Why ``week`` is not compared with the week before, in the weekly page's words; empty
    when it is. A week in progress holds counts so far; the first reporting week may have
    begun mid-week, and a week before it had no reporting (docs/statistics.md, the weekly page,
    rules 4-5)."""
    notes = []
    if is_in_progress(week, timezone.localdate()):
        notes.append(
            _(
                "Vecka %(week)s pågår: siffrorna gäller rapporterna hittills och jämförs inte "
                "med hela veckor."
            )
            % {"week": week}
        )
    if first is not None and first <= week and not week.previous() > first:
        notes.append(first_week_sentence(first, began_last_week=first == week.previous()))
    return notes


def effort_change(
    viewer: Viewer,
    municipality: Municipality,
    week: IsoWeek,
    previous_complete: bool | None = None,
) -> str | None:
    """The week page's sentence: did the count change with the number of active reporters?

    None for a week in progress or one whose week before is not a whole reporting week: the
    weekly page already says why (``not_compared``). ``previous_complete`` is the weekly
    picture's (last week is a whole reporting week), else looked up. Two queries more: the
    counts of the week and the one before from the rollup, reporters from the reports themselves.
    """
    from lagesbild.analysis.effort import effort_sentence

    if is_in_progress(week, timezone.localdate()):
        return None
    if previous_complete is None:
        first = first_reporting_week(viewer, municipality)
        previous_complete = first is not None and week.previous() > first
    if not previous_complete:
        return None
    window = Window(week, 2)
    before, now = window.mondays()
    counts = (
        visible_counts(viewer)
        .filter(municipality_id=municipality.pk, week__in=[before, now])
        .values("week")
        .annotate(n=Sum("reports"))
        .order_by()
    )
    totals = {c["week"]: int(c["n"]) for c in counts}
    people: dict[date, set[int]] = defaultdict(set)
    filed: dict[date, int] = defaultdict(int)
    rows = (
        window_reports(viewer, municipality, window)
        .filter(reporter_id__isnull=False)
        .order_by()
        .values_list("occurred_from", "reporter_id")
    )
    for occurred, reporter_id in rows:
        monday = week_monday(occurred)
        people[monday].add(reporter_id)
        filed[monday] += 1
    return effort_sentence(
        totals.get(before, 0),
        totals.get(now, 0),
        len(people[before]),
        len(people[now]),
        (filed[before], filed[now]),
    )


@dataclass(frozen=True)
class Partner:
    """A partner that reports, and from when its silence says something."""

    pk: int
    name: str
    # The Monday of its first counted report's week (None: none yet).
    first_report: date | None
    # Its members in the reporter role: (since, ends_on), either open.
    reporter_spans: tuple[tuple[date | None, date | None], ...]

    def expected(self, monday: date) -> bool:
        """Whether the week of ``monday`` is one the partner reports in: it had reported by then,
        or had a reporting member during the week (a partner that joined later, or a member
        added later, did not fail to report before)."""
        if self.first_report is not None and self.first_report <= monday:
            return True
        sunday = monday + timedelta(days=6)
        return any(
            (since is None or since <= sunday) and (ends is None or ends >= monday)
            for since, ends in self.reporter_spans
        )


def reporting_organisations(
    viewer: Viewer, municipality: Municipality, window: Window
) -> list[Partner]:
    """The partners that report, by name: an organisation with a member in the reporter role
    during the window or with a counted report up to its end. Only their empty weeks are "did
    not report", and only from the week they report in (``Partner.expected``): the county
    board's analysts and an organisation of readers file nothing, and their silence said
    nothing of the reporting (three queries)."""
    filed = visible_counts(viewer).filter(
        municipality_id=municipality.pk, week__lte=window.last.monday
    )
    reporters = Membership.objects.filter(
        role=Role.REPORTER, organisation__municipality=municipality
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=window.first_day))
    partners = (
        Organisation.objects.filter(municipality=municipality)
        .filter(
            Q(pk__in=filed.values("organisation_id"))
            | Q(pk__in=reporters.values("organisation_id"))
        )
        .exclude(slug=PUBLIC_ORGANISATION_SLUG)  # the public's tips: no partner's silence
    )
    first_report = dict(
        filed.values("organisation_id")
        .annotate(first=Min("week"))
        .values_list("organisation_id", "first")
    )
    spans: dict[int, list[tuple[date | None, date | None]]] = defaultdict(list)
    for organisation_id, since, ends in reporters.values_list(
        "organisation_id", "since", "ends_on"
    ):
        spans[organisation_id].append((since, ends))
    return [
        Partner(org.pk, org.name, first_report.get(org.pk), tuple(spans[org.pk]))
        for org in partners.order_by("name").only("id", "name")
    ]


def reporting_effort(viewer: Viewer, municipality: Municipality, window: Window) -> Effort:
    """Reports (from the rollup) and active reporters per organisation and week.

    A reporter is active in a week when they filed at least one counted report that occurred in
    it; people are counted, never named.
    """
    from lagesbild.analysis.effort import effort_sentence

    mondays = window.mondays()
    counts = (
        visible_counts(viewer)
        .filter(municipality_id=municipality.pk, week__gte=mondays[0], week__lte=mondays[-1])
        .values("week", "organisation_id")
        .annotate(n=Sum("reports"))
        .order_by()
    )
    reports = {(c["week"], c["organisation_id"]): int(c["n"]) for c in counts}
    people: dict[tuple[date, int], set[int]] = defaultdict(set)
    unattributed: dict[tuple[date, int], int] = defaultdict(int)
    rows = (
        window_reports(viewer, municipality, window)
        .order_by()
        .values_list("occurred_from", "organisation_id", "reporter_id")
    )
    for occurred, organisation_id, reporter_id in rows:
        key = (week_monday(occurred), organisation_id)
        if reporter_id is None:
            unattributed[key] += 1
        else:
            people[key].add(reporter_id)
    organisations = reporting_organisations(viewer, municipality, window)
    first = first_reporting_week(viewer, municipality)
    effort_rows, weeks = [], []
    for monday in mondays:
        total = active = systems = 0
        silent = []
        # Before reporting began no partner failed to report: the week reads "–".
        began = first is not None and first.monday <= monday
        for org in organisations:
            key = (monday, org.pk)
            n, filers = reports.get(key, 0), len(people.get(key, ()))
            total, active = total + n, active + filers
            systems += unattributed.get(key, 0)
            if n == 0:
                if began and org.expected(monday):
                    silent.append(org.name)
                continue
            effort_rows.append(EffortRow(monday, org.name, n, filers, unattributed.get(key, 0)))
        weeks.append(EffortWeek(monday, total, active, systems, silent))
    sentence = None
    notes = not_compared(window.last, first)
    if len(weeks) >= 2 and not notes:
        before, now = weeks[-2], weeks[-1]
        sentence = effort_sentence(
            before.reports,
            now.reports,
            before.reporters,
            now.reporters,
            (before.reports - before.unattributed, now.reports - now.unattributed),
        )
    return Effort(window, effort_rows, weeks, sentence, notes, first)
