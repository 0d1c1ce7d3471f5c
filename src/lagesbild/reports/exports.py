"""The report list as data: its filters, one record per report, tables and map features.

The API and the web exports share these, so a file holds exactly what the list shows: the
reports ``access.py`` lets the viewer see, with free text only where ``can_read_text`` allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import area_and_inner_ids
from lagesbild.categories.models import Category
from lagesbild.core.exports import (
    COORDINATE,
    Column,
    Sheet,
    report_point,
    to_csv,
    to_geojson,
    to_xlsx,
)
from lagesbild.core.text import text_problem
from lagesbild.core.weeks import IsoWeek, NoSuchWeek, WeekError, parse_iso_week
from lagesbild.organisations.access import Viewer
from lagesbild.organisations.models import Organisation
from lagesbild.reports.access import readable_reports
from lagesbild.reports.models import Report
from lagesbild.reports.outcomes import ReportOutcome, filter_reports, report_outcomes

EXPORT_FORMATS = ("csv", "xlsx", "geojson")
# Years a week or date filter may name: far enough for any data, near enough that date
# arithmetic (a week's previous week, a day's midnight) never leaves Python's calendar.
YEARS = range(1900, 2101)


class FilterError(ValueError):
    """One or more filters are invalid; ``errors`` maps each parameter to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ReportFilters:
    """The narrowing a list or export asked for; empty fields do not narrow."""

    municipality: Municipality | None = None  # one of the viewer's; None: all of theirs
    week: IsoWeek | None = None
    start: date | None = None
    end: date | None = None
    district: Area | None = None
    category: Category | None = None
    organisation: Organisation | None = None
    review_status: str = ""
    shown: str = ""  # the web list's ?visa=

    def as_detail(self) -> dict[str, str]:
        """Return the filters for the audit log, as the query string named them."""
        values = {
            "municipality": self.municipality.code if self.municipality else "",
            "week": str(self.week) if self.week else "",
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
            "district": self.district.code if self.district else "",
            "category": self.category.code if self.category else "",
            "organisation": self.organisation.slug if self.organisation else "",
            "review_status": self.review_status,
            "visa": self.shown,
        }
        return {k: v for k, v in values.items() if v}


def parse_day(raw: str) -> date:
    """Parse an ISO date in YEARS; raise ValueError with a message for the caller otherwise."""
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or day.year not in YEARS:
        raise ValueError(_("Ange ett datum som ÅÅÅÅ-MM-DD, t.ex. 2024-09-15."))
    return day


def parse_week(raw: str) -> IsoWeek:
    """Parse an ISO week in YEARS; raise WeekError with a message for the caller otherwise."""
    try:
        week = parse_iso_week(raw)
    except NoSuchWeek as error:  # "2025 har ingen vecka 53" says more than the example
        if error.year in YEARS:
            raise WeekError(f"{error}.") from None
        week = None
    except WeekError:
        week = None
    if week is None or week.year not in YEARS:
        raise WeekError(_("Ange en ISO-vecka som ÅÅÅÅ-Wvv, t.ex. 2024-W37."))
    return week


def _date(params: Mapping[str, str], name: str, errors: dict[str, str]) -> date | None:
    raw = params.get(name, "")
    try:
        return parse_day(raw) if raw else None
    except ValueError as exc:
        errors[name] = str(exc)
        return None


def _week(params: Mapping[str, str], errors: dict[str, str]) -> IsoWeek | None:
    raw = params.get("week", "")
    try:
        return parse_week(raw) if raw else None
    except WeekError as exc:
        errors["week"] = str(exc)
        return None


def _refuse_shared_codes(
    params: Mapping[str, str], theirs: QuerySet[Municipality], errors: dict[str, str]
) -> None:
    """Name the municipalities when a district or organisation code is used in several."""
    shared = {
        "district": Area.objects.filter(municipality__in=theirs, code=params.get("district")),
        "organisation": Organisation.objects.filter(
            municipality__in=theirs, slug=params.get("organisation")
        ),
    }
    for name, found in shared.items():
        if name not in errors and params.get(name) and found.count() > 1:
            codes = ", ".join(f"{m.code} ({m.name})" for m in theirs)
            errors[name] = _(
                "Koden %(code)r finns i flera av dina kommuner: ange vilken med municipality, "
                "en av %(codes)s."
            ) % {"code": params[name], "codes": codes}


def _lookup(queryset: QuerySet, field: str, params: Mapping[str, str], name: str, errors):
    raw = params.get(name, "")
    if not raw:
        return None
    if text_problem(raw) is not None:  # a NUL or control character is no code (and breaks SQL)
        errors[name] = _("Okänd kod %(code)r.") % {"code": raw}
        return None
    found = queryset.filter(**{field: raw}).first()
    if found is None:
        errors[name] = _("Okänd kod %(code)r.") % {"code": raw}
    return found


def parse_report_filters(params: Mapping[str, str], viewer: Viewer) -> ReportFilters:
    """Read municipality, week, from, to, district, category, organisation, review_status;
    raise FilterError.

    A district's or an organisation's code is looked up in the viewer's municipalities (or the
    one asked for); a code that several of them use must name its municipality, else the first
    found would narrow the list to one town's "centrum" without a word."""
    errors: dict[str, str] = {}
    theirs = Municipality.objects.filter(pk__in=viewer.municipality_ids).order_by("code")
    municipality = _lookup(theirs, "code", params, "municipality", errors)
    in_reach = {"municipality_id__in": [municipality.pk] if municipality else theirs}
    filters = ReportFilters(
        municipality=municipality,
        week=_week(params, errors),
        start=_date(params, "from", errors),
        end=_date(params, "to", errors),
        district=_lookup(Area.objects.filter(**in_reach), "code", params, "district", errors),
        category=_lookup(Category.objects.all(), "code", params, "category", errors),
        organisation=_lookup(
            Organisation.objects.filter(**in_reach), "slug", params, "organisation", errors
        ),
        review_status=params.get("review_status", ""),
    )
    if filters.review_status and filters.review_status not in Report.Review.values:
        errors["review_status"] = _("Välj en av: %(values)s.") % {
            "values": ", ".join(Report.Review.values)
        }
    if filters.start and filters.end and filters.end < filters.start:
        errors["to"] = _("Slutdatumet ligger före startdatumet.")
    if municipality is None:
        _refuse_shared_codes(params, theirs, errors)
    if errors:
        raise FilterError(errors)
    return filters


def with_shown(filters: ReportFilters, shown: str) -> ReportFilters:
    """Return ``filters`` with the web list's ?visa= choice."""
    return replace(filters, shown=shown)


def listed_reports(viewer: Viewer) -> QuerySet:
    """Return the reports of the report list: as ``reports.views.report_list`` selects them.

    Everyone who may not read all text lists only their own organisations' reports; a single
    report of another organisation is still reachable by its number, without its text.
    The areas' outlines stay in the database: a row shows only an area's code and name, and
    decoding an outline's JSON cost more than the rest of the row.
    """
    related = readable_reports(viewer).select_related("category", "area", "organisation")
    return related.defer("area__geometry")


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def apply_report_filters(reports: QuerySet, filters: ReportFilters, viewer: Viewer) -> QuerySet:
    """Return ``reports`` narrowed by ``filters`` (dates and weeks in Swedish local time)."""
    if filters.municipality:
        reports = reports.filter(municipality=filters.municipality)
    if filters.week:
        start, end = filters.week.bounds(ZoneInfo(settings.TIME_ZONE))
        reports = reports.filter(occurred_from__gte=start, occurred_from__lt=end)
    if filters.start:
        reports = reports.filter(occurred_from__gte=_local_midnight(filters.start))
    if filters.end:
        reports = reports.filter(occurred_from__lt=_local_midnight(filters.end + timedelta(1)))
    if filters.district:
        reports = reports.filter(area_id__in=area_and_inner_ids(filters.district.pk))
    if filters.category:
        top = filters.category
        reports = reports.filter(category__in=[top, *top.children.all()])
    if filters.organisation:
        reports = reports.filter(organisation=filters.organisation)
    if filters.review_status:
        reports = reports.filter(review_status=filters.review_status)
    return filter_reports(reports, viewer, filters.shown)


# ---------------------------------------------------------------------------
# Records, tables and features
# ---------------------------------------------------------------------------


def report_record(outcome: ReportOutcome) -> dict[str, Any]:
    """Return one report as plain data; text fields are None where the viewer may not read them."""
    r = outcome.report
    readable = outcome.text is not None
    return {
        "id": r.pk,
        "occurred_from": r.occurred_from,
        "occurred_to": r.occurred_to,
        "reported_at": r.reported_at,
        "category": r.category.code,
        "category_label": r.category.name,
        "sensitive": r.category.sensitive,
        "area": r.area.code if r.area else None,
        "area_name": r.area.name if r.area else None,
        "organisation": r.organisation.slug,
        "organisation_name": r.organisation.name,
        "insecurity": r.insecurity,
        "count": r.count,
        "latitude": r.latitude,
        "longitude": r.longitude,
        "source": r.source,
        "synthetic": r.is_synthetic,
        "review_status": r.review_status,
        "text_visible": readable,
        "place_text": r.place_text if readable else None,
        "description": outcome.text,
        "rejection_reason": r.rejection_reason if outcome.reason_visible else None,
        "duplicate_of": r.duplicate_of_id if outcome.primary_visible else None,
        "measures": [{"id": m.pk, "title": m.title, "status": m.status} for m in outcome.measures],
    }


def report_columns() -> list[Column]:
    """Return the columns of a report table in the current language."""
    return [
        Column("id", _("Nr")),
        Column("occurred_from", _("Inträffade (från)")),
        Column("occurred_to", _("Inträffade (till)")),
        Column("category", _("Kategorikod")),
        Column("category_label", _("Kategori")),
        Column("area_name", _("Område")),
        Column("organisation_name", _("Organisation")),
        Column("insecurity", _("Upplevd otrygghet")),
        Column("count", _("Antal")),
        Column("latitude", _("Latitud"), COORDINATE),
        Column("longitude", _("Longitud"), COORDINATE),
        Column("review_status", _("Granskning")),
        Column("synthetic", _("Syntetisk")),
        Column("place_text", _("Plats")),
        Column("description", _("Beskrivning")),
        Column("measures", _("Åtgärder")),
    ]


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value else None


def report_table_row(record: dict[str, Any]) -> dict[str, Any]:
    """Return a record as a spreadsheet row: local times, the page's marker for hidden text."""
    hidden = _("(text visas ej)")
    row = dict(record)
    row["occurred_from"], row["occurred_to"] = map(
        _local, (record["occurred_from"], record["occurred_to"])
    )
    row["place_text"] = record["place_text"] if record["text_visible"] else hidden
    row["description"] = record["description"] if record["text_visible"] else hidden
    row["review_status"] = str(Report.Review(record["review_status"]).label)
    row["measures"] = "; ".join(m["title"] for m in record["measures"])
    return row


def report_feature(record: dict[str, Any]) -> dict[str, Any] | None:
    """Return a record as a GeoJSON point feature, or None when it has no point."""
    if record["latitude"] is None or record["longitude"] is None:
        return None
    # The area's code and the reporter's count are only known to the report list.
    return report_point(record, record["longitude"], record["latitude"], extra=("area", "count"))


def report_records(viewer: Viewer, reports) -> tuple[list[Report], list[dict[str, Any]]]:
    """Return the reports and their records as ``viewer`` sees them (text, review, measures)."""
    outcomes = report_outcomes(viewer, reports)
    return [o.report for o in outcomes], [report_record(o) for o in outcomes]


def report_file(records: list[dict[str, Any]], fmt: str, filters: ReportFilters) -> bytes:
    """Return the records as a CSV, Excel or GeoJSON file."""
    if fmt == "geojson":
        return to_geojson(f for f in map(report_feature, records) if f is not None)
    rows = [report_table_row(r) for r in records]
    if fmt == "csv":
        return to_csv(rows, report_columns())
    chosen = [{"what": k, "value": v} for k, v in filters.as_detail().items()]
    return to_xlsx(
        [
            Sheet(_("Rapporter"), report_columns(), rows),
            Sheet(_("Urval"), [Column("what", _("Filter")), Column("value", _("Värde"))], chosen),
        ]
    )
