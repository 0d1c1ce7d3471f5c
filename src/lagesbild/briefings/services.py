"""The weekly lägesbild: counts per category and district, compared over time, with the reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import districts_by_area, districts_geojson
from lagesbild.briefings.formats import week_day
from lagesbild.categories.models import Category
from lagesbild.categories.sensitivity import sensitive_codes
from lagesbild.core.weekly import (
    PERCENT_MIN_COUNT,
    CountComparison,
    comparable_earlier_weeks,
    compare_counts,
)
from lagesbild.core.weeks import IsoWeek, WeekError, is_in_progress, not_begun
from lagesbild.organisations.access import Viewer
from lagesbild.reports.access import visible_reports
from lagesbild.reports.exports import parse_week
from lagesbild.reports.models import Insecurity, Report, ReportQuerySet
from lagesbild.reports.rollup import first_week, top_counts, visible_counts

if TYPE_CHECKING:  # the analysis builds on this module
    from lagesbild.briefings.analysis import WeeklyAnalysis

# How many earlier years the "same week" mean looks back at.
EARLIER_YEARS = 5
# How ``as_dict`` writes a time: ISO 8601 as it is held, or as the caller wants it.
TimeWriter = Callable[[datetime], str]


def local_time(moment: datetime) -> str:
    """Write ``moment`` in ISO 8601 in local time (settings.TIME_ZONE) with the offset of its
    own day, as the API writes every time; the database holds UTC."""
    return timezone.localtime(moment).isoformat()


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    comparison: CountComparison


@dataclass(slots=True)  # not frozen: a frozen dataclass costs twice as much to build (5 M reports)
class ReportRow:
    id: int
    occurred_from: datetime
    occurred_to: datetime | None
    category: str
    category_label: str
    district: str | None
    organisation: str
    insecurity: int
    latitude: float | None
    longitude: float | None
    synthetic: bool
    reviewed: bool
    # None when the viewer may not read this organisation's free text.
    place_text: str | None
    description: str | None


@dataclass(frozen=True)
class WeeklyPicture:
    municipality: str
    municipality_code: str
    week: IsoWeek
    start: datetime
    end: datetime
    earlier_weeks: list[str]
    total: CountComparison
    by_category: list[Row]
    by_district: list[Row]
    reports: list[ReportRow] = field(repr=False)
    # False when the viewer may not see other organisations' sensitive reports: the page says
    # that they are left out of every figure.
    sensitive_included: bool = field(default=True, repr=False)
    # The week has not ended: its counts so far are not compared in per cent with whole weeks.
    in_progress: bool = False
    # The first week with a counted report; last week is no comparison when it was that week
    # (reporting may have begun mid-week) or came before it.
    first_week: str | None = None
    previous_complete: bool = True
    # Reports of the week waiting for review that do not count until accepted.
    waiting: int = 0

    @property
    def has_districts(self) -> bool:
        """Whether the municipality has districts: each is a row, with reports or without."""
        return any(row.key for row in self.by_district)

    @property
    def unreviewed(self) -> int:
        return sum(not r.reviewed for r in self.reports)

    @property
    def began_last_week(self) -> bool:
        """Whether reporting began last week (which may have begun mid-week)."""
        return self.first_week == str(self.week.previous())

    @property
    def percent_min(self) -> int:
        """The smallest count for which a change is given in per cent."""
        return PERCENT_MIN_COUNT

    def as_dict(self, write_time: TimeWriter = datetime.isoformat) -> dict[str, Any]:
        """Return plain JSON-able data (the CLI's ``--format json`` and the API), each time
        written by ``write_time`` (the API's writes local time; the reports' come in UTC)."""
        data = asdict(self)
        data.pop("sensitive_included")
        data["week"] = str(self.week)
        return _jsonable(data, write_time)


def _jsonable(value: Any, write_time: TimeWriter) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v, write_time) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v, write_time) for v in value]
    if isinstance(value, datetime):
        return write_time(value)
    return value


def _week_counts(
    counts: QuerySet, weeks: list[IsoWeek], district_of: dict[int, Area]
) -> tuple[list[Counter], list[Counter]]:
    """Counts per top-level category and per district code for each of ``weeks``: one query."""
    position = {w.monday: i for i, w in enumerate(weeks)}
    by_category: list[Counter] = [Counter() for _ in weeks]
    by_district: list[Counter] = [Counter() for _ in weeks]
    rows = top_counts(counts.filter(week__in=list(position)), "week", "top", "area_id")
    for row in rows:
        i = position[row["week"]]
        area = district_of.get(row["area_id"])
        by_category[i][row["top"]] += row["n"]
        by_district[i][area.code if area else ""] += row["n"]
    return by_category, by_district


def _in_week(reports: ReportQuerySet, week: IsoWeek, tz: ZoneInfo) -> ReportQuerySet:
    start, end = week.bounds(tz)
    return reports.filter(occurred_from__gte=start, occurred_from__lt=end)


def begun_week(text: str) -> IsoWeek:
    """The week of a lägesbild named by ``text``: an ISO week in the years covered that has
    begun. A week that has not has no reports and no history; raise WeekError with a message."""
    week = parse_week(text)
    if message := not_begun(week, timezone.localdate()):
        raise WeekError(message)
    return week


def weekly_picture(viewer: Viewer, municipality: Municipality, week: IsoWeek) -> WeeklyPicture:
    """Compute the weekly lägesbild as ``viewer`` may see it."""
    tz = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()
    counts = visible_counts(viewer).filter(municipality=municipality)
    first = first_week(counts)
    # Only complete weeks of history: a year before reporting began would add zeros, and the
    # first reporting week may have begun mid-week.
    earlier = comparable_earlier_weeks(week, first, today, EARLIER_YEARS)
    in_week = _in_week(visible_reports(viewer).filter(municipality=municipality), week, tz)
    district_of = districts_by_area(municipality)
    category_counts, district_counts = _week_counts(
        counts, [week, week.previous(), *earlier], district_of
    )
    in_progress = is_in_progress(week, today)
    previous_complete = first is not None and week.previous() > first
    compare = partial(
        compare_counts, in_percent=not in_progress, previous_complete=previous_complete
    )
    taxonomy = list(Category.objects.all())  # one read for the rows and the report labels
    # A viewer kept from other organisations' sensitive reports still counts their own: the
    # category shows when it holds any, so that the rows add up to the total.
    own = {code for week_counts in category_counts for code, n in week_counts.items() if n}
    categories = [
        c
        for c in taxonomy
        if c.parent_id is None and (viewer.sees_sensitive or not c.sensitive or c.code in own)
    ]
    by_category = [
        Row(c.code, c.name, cmp)
        for c, cmp in zip(
            categories,
            compare([c.code for c in categories], *_split(category_counts)),
            strict=True,
        )
    ]

    districts = sorted({a for a in district_of.values()}, key=lambda a: a.name)
    keys = [d.code for d in districts] + ([""] if any(c.get("") for c in district_counts) else [])
    labels = {d.code: d.name for d in districts} | {"": _("Utanför områdena / okänt")}
    by_district = [
        Row(key, labels[key], cmp)
        for key, cmp in zip(keys, compare(keys, *_split(district_counts)), strict=True)
    ]

    totals = [Counter({"all": sum(c.values())}) for c in category_counts]
    total = compare(["all"], *_split(totals))[0]
    start, end = week.bounds(tz)
    return WeeklyPicture(
        municipality=municipality.name,
        municipality_code=municipality.code,
        week=week,
        start=start,
        end=end,
        earlier_weeks=[str(w) for w in earlier],
        total=total,
        by_category=by_category,
        by_district=by_district,
        reports=_report_rows(viewer, in_week.counted(), district_of, taxonomy),
        sensitive_included=viewer.sees_sensitive,
        in_progress=in_progress,
        first_week=str(first) if first else None,
        previous_complete=previous_complete,
        waiting=in_week.waiting().count(),
    )


def sensitive_ids(picture: WeeklyPicture) -> list[int]:
    """The week's reports in sensitive categories, sorted, for the audit entry of who was shown
    them: by the rows' category codes (``sensitive_report_ids`` would ask about every row)."""
    codes = sensitive_codes()
    return sorted(r.id for r in picture.reports if r.category in codes)


def _split(counts: list[Counter]) -> tuple[Counter, Counter, list[Counter]]:
    return counts[0], counts[1], counts[2:]


class WeekReport(NamedTuple):
    """A report of the week as ``_report_rows`` reads it (plain values, no model)."""

    id: int
    occurred_from: datetime
    occurred_to: datetime | None
    category_id: int
    organisation_id: int
    organisation__name: str
    municipality_id: int
    area_id: int | None
    insecurity: int
    latitude: float | None
    longitude: float | None
    source: str
    review_status: str
    place_text: str
    description: str


def _report_rows(
    viewer: Viewer, reports: QuerySet, district_of: dict[int, Area], taxonomy: list[Category]
) -> list[ReportRow]:
    # Code and label once per category, not per report (``Category.name`` asks the language).
    categories = {c.pk: (c.code, c.name) for c in taxonomy}
    rows = []
    for r in map(
        WeekReport._make,
        reports.order_by("occurred_from").values_list(*WeekReport._fields),
    ):
        readable = viewer.can_read_text(r)
        district = district_of.get(r.area_id) if r.area_id is not None else None
        code, label = categories[r.category_id]
        rows.append(
            ReportRow(
                id=r.id,
                occurred_from=r.occurred_from,
                occurred_to=r.occurred_to,
                category=code,
                category_label=label,
                district=district.name if district else None,
                organisation=r.organisation__name,
                insecurity=r.insecurity,
                latitude=r.latitude,
                longitude=r.longitude,
                synthetic=r.source == Report.Source.DEMO,  # Report.is_synthetic
                reviewed=r.review_status == Report.Review.ACCEPTED,
                place_text=r.place_text if readable else None,
                description=r.description if readable else None,
            )
        )
    return rows


def district_features(municipality: Municipality, picture: WeeklyPicture) -> dict[str, Any]:
    """Return the districts as a GeoJSON FeatureCollection with this week's counts."""
    counts = {row.key: row.comparison.count for row in picture.by_district}
    collection = districts_geojson([municipality.pk])
    for feature in collection["features"]:
        feature["properties"]["count"] = counts.get(feature["properties"]["code"], 0)
    return collection


def hotspot_features(analysis: WeeklyAnalysis) -> dict[str, Any]:
    """Return the hotspots (touching hot cells together) as a GeoJSON FeatureCollection."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": h.polygon,
                "properties": {
                    "name": h.name,
                    "also": list(h.also),
                    "district": h.district_name,
                    "count": h.count,
                    "week_count": h.week_count,
                    "z": round(h.z, 1),
                },
            }
            for h in analysis.hotspots
        ],
    }


def report_features(picture: WeeklyPicture) -> dict[str, Any]:
    """Return the week's reports that have a point as a GeoJSON FeatureCollection, in time order.

    The week map and the analysis map draw these dots, and the table under each map
    (``map_report_list.html``, ``maps.js`` ``fillReportList``) lists exactly them, in the words
    written here: ``when``, ``place`` and ``level`` are the row's text in the active language.
    """
    outside = _("Utanför områdena / okänt")
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [r.longitude, r.latitude]},
                "properties": {
                    "id": r.id,
                    "category": r.category_label,
                    # Local time with its offset, for machines; ``when`` as the week's list
                    # writes it ("tis 10/9 21:00"), for people.
                    "time": timezone.localtime(r.occurred_from).isoformat(),
                    "when": _report_time(r.occurred_from, picture.week),
                    "district": r.district,
                    "place": r.district or outside,
                    "insecurity": r.insecurity,
                    "level": str(Insecurity(r.insecurity).label),
                },
            }
            for r in picture.reports
            if r.latitude is not None and r.longitude is not None
        ],
    }


def _report_time(moment: datetime, week: IsoWeek) -> str:
    """A report's time as the week's report list writes it: weekday, day (its year when outside
    the week's), hour and minute, in local time and the active language."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'D')} {week_day(local, week)} {date_format(local, 'H:i')}"
