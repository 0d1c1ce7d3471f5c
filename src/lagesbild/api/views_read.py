"""Read endpoints: what the web pages show, as JSON, to the same viewer.

Who sees what is ``organisations/access.py``'s answer (a token acts as a reporter of its
organisation, ``api/access.py``); these views only parse parameters and shape the answer.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authentication import get_authorization_header
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lagesbild.api import serializers_read as out
from lagesbild.api.access import request_viewer
from lagesbild.api.language import activate_asked_language, say_language
from lagesbild.api.models import Scope
from lagesbild.api.pagination import ApiPagination, ListedApiPage, ReportPagination
from lagesbild.api.permissions import ScopeOrSession
from lagesbild.api.serializers import ErrorSerializer
from lagesbild.api.throttling import RateLimited, count_refused_call
from lagesbild.areas.models import Municipality
from lagesbild.areas.services import districts_geojson
from lagesbild.briefings.analysis import jsonable
from lagesbild.briefings.caching import cached_week
from lagesbild.briefings.services import begun_week
from lagesbild.categories.models import Category
from lagesbild.core.text import text_problem
from lagesbild.core.weeks import IsoWeek, WeekError
from lagesbild.goals.models import Indicator
from lagesbild.goals.services import FIRST_YEAR, LAST_YEAR
from lagesbild.goals.status import IndicatorStatus, goals_with_indicators, indicator_statuses
from lagesbild.measures.access import measure_for, visible_measures
from lagesbild.measures.exports import measure_record, with_relations
from lagesbild.measures.forms import MeasureFilterForm, top_categories
from lagesbild.measures.models import Measure
from lagesbild.meetings.access import meeting_for
from lagesbild.meetings.models import FocusArea, Meeting
from lagesbild.official import queries
from lagesbild.official.models import OfficialStatistic
from lagesbild.organisations.access import Viewer, viewer_municipality
from lagesbild.organisations.models import Organisation
from lagesbild.reports.access import (
    audit_sensitive_ids,
    audit_sensitive_read,
    sensitive_report_ids,
    sensitive_reports,
    visible_reports,
)
from lagesbild.reports.exports import (
    YEARS,
    FilterError,
    apply_report_filters,
    listed_reports,
    parse_day,
    parse_report_filters,
    report_records,
)
from lagesbild.reports.list_cache import LARGEST_CACHED_PAGE, cached_list_page
from lagesbild.reports.models import Report

# The goals' years, as their page and forms take them.
GOAL_YEARS = range(FIRST_YEAR, LAST_YEAR + 1)

READ_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid parameter; detail names it."),
    401: OpenApiResponse(ErrorSerializer, description="No token, or an unknown or revoked one."),
    403: OpenApiResponse(ErrorSerializer, description="The token lacks the scope read."),
    404: OpenApiResponse(ErrorSerializer, description="Not found, or not visible to the caller."),
    429: OpenApiResponse(ErrorSerializer, description="Too many calls; see Retry-After."),
}
MUNICIPALITY = OpenApiParameter(
    "municipality",
    str,
    description="Municipality code (only the caller's own); required of a caller in several.",
)
REPORT_FILTERS = [
    OpenApiParameter(
        "municipality",
        str,
        description=(
            "Municipality code (only the caller's own); without it, all of the caller's. "
            "Required with a district or organisation code that several of them use."
        ),
    ),
    OpenApiParameter("week", str, description="ISO week, e.g. 2024-W37 (local time)."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day, inclusive (local time)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day, inclusive (local time)."),
    OpenApiParameter("district", str, description="Area code; includes the areas inside it."),
    OpenApiParameter("category", str, description="Category code; a top level includes its own."),
    OpenApiParameter("organisation", str, description="Filing organisation's short name."),
    OpenApiParameter("review_status", str, enum=list(Report.Review.values)),
]


def one_of(values: list[str]) -> str:
    return _("Välj en av: %(values)s.") % {"values": ", ".join(values)}


def invalid(errors: dict[str, str]) -> serializers.ValidationError:
    """Return the 400 answer naming each bad parameter."""
    return serializers.ValidationError(errors)


def refuse_repeated(request: Request, repeatable: frozenset[str]) -> None:
    """Answer 400 naming each parameter given twice that takes one value.

    Django reads such a parameter's last value: ``?category=klotter&category=brand`` (what R's
    httr and Python's requests send for a list) listed only the fires, without a word."""
    errors = {
        name: _("Ange %(name)s en gång: den tar ett värde (fick %(values)s).")
        % {"name": name, "values": ", ".join(values)}
        for name, values in request.query_params.lists()
        if len(values) > 1 and name not in repeatable
    }
    if errors:
        raise invalid(errors)


# The web pages' query names: the API's are English, and a web name was ignored without a word
# (``/api/v1/reports/?kommun=0999`` listed every municipality's reports of the caller).
WEB_NAMES = {"kommun": "municipality", "vecka": "week", "tabell": "table", "lager": "layer"}


def refuse_web_names(request: Request) -> None:
    """Answer 400 naming the API's name for each of the web pages' names given."""
    message = _("API:ts parametrar har engelska namn: ange %(api)s i stället för %(web)s.")
    errors = {
        name: message % {"api": WEB_NAMES[name], "web": name}
        for name in request.query_params
        if name in WEB_NAMES
    }
    if errors:
        raise invalid(errors)


def year_param(params, name: str, default: int, years: range = YEARS) -> int:
    """Return the query parameter ``name`` as a year in ``years``, its default when absent;
    else 400."""
    raw = params.get(name, "")
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) not in years:
        message = _("Ange ett år mellan %(a)s och %(b)s.")
        raise invalid({name: message % {"a": years.start, "b": years[-1]}})
    return int(raw)


def day_param(params, name: str, default: date) -> date:
    """Return the query parameter ``name`` as a date, its default when absent; else 400."""
    raw = params.get(name, "")
    if raw == "":
        return default
    try:
        return parse_day(raw)
    except ValueError as exc:
        raise invalid({name: str(exc)}) from None


def _other_scheme(request: Request) -> bool:
    """Whether the request carries an Authorization header of another scheme than Bearer."""
    scheme = get_authorization_header(request).split(b" ", 1)[0]
    return bool(scheme) and scheme.lower() != b"bearer"


class ReadView(APIView):
    """A GET endpoint for a token with ``read`` or a signed-in user."""

    scope = Scope.READ
    #: Query parameters that take several values (``?category=a&category=b``); the schema names
    #: them ``many``.
    repeatable: frozenset[str] = frozenset()

    def initial(self, request: Request, *args, **kwargs) -> None:
        activate_asked_language(request._request)  # before authentication: its errors too
        try:
            super().initial(request, *args, **kwargs)
        except (exceptions.NotAuthenticated, exceptions.AuthenticationFailed):
            count_refused_call(request, self)
            raise
        refuse_repeated(request, self.repeatable)
        refuse_web_names(request)

    def throttled(self, request: Request, wait: float | None) -> None:
        raise RateLimited(wait)

    def finalize_response(self, request: Request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        say_language(response)
        return response

    def get_permissions(self) -> list:
        return [ScopeOrSession(self.scope)]

    def perform_content_negotiation(self, request: Request, force: bool = False):
        # DRF answers an unknown ?format= 404, as if the endpoint were not there.
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            raise invalid({"format": one_of(["json"])}) from None

    def permission_denied(self, request: Request, message=None, code=None) -> None:
        # "Authorization: Token …" (REST framework's own scheme) or Basic was answered "no
        # credentials were given", as if the header were missing.
        if (
            request.authenticators
            and not request.successful_authenticator
            and _other_scheme(request)
        ):
            raise exceptions.NotAuthenticated(
                _("Ange nyckeln som 'Authorization: Bearer lb_<prefix>_<hemlighet>'.")
            )
        super().permission_denied(request, message, code)

    def viewer(self) -> Viewer:
        if not hasattr(self, "_viewer"):
            self._viewer = request_viewer(self.request)
        return self._viewer

    def municipality(self) -> Municipality:
        """Return the caller's municipality (or the one asked for, if theirs); else 404.

        From here on the view's viewer holds the rights of that municipality only.
        """
        code = self.request.query_params.get("municipality")
        if code and text_problem(code) is not None:
            raise Http404  # no municipality's code (a NUL broke the query on PostgreSQL: a 500)
        if not code:
            self._refuse_a_guess()
        municipality = viewer_municipality(self.viewer(), code)
        self._viewer = self.viewer().within(municipality.pk)
        return municipality

    def _refuse_a_guess(self) -> None:
        """A caller in several municipalities names one: answering for the first by name would
        hand a script another municipality's figures without a word."""
        theirs = Municipality.objects.filter(pk__in=self.viewer().municipality_ids).order_by("code")
        if len(codes := [f"{m.code} ({m.name})" for m in theirs]) > 1:
            raise invalid(
                {
                    "municipality": _(
                        "Du är med i flera kommuner: ange vilken med municipality, en av %(codes)s."
                    )
                    % {"codes": ", ".join(codes)}
                }
            )


# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------


def filtered_reports(view: ReadView):
    """Return the report list narrowed by the request's filters; 400 for a bad filter."""
    viewer = view.viewer()
    try:
        filters = parse_report_filters(view.request.query_params, viewer)
    except FilterError as exc:
        raise invalid(exc.errors) from None
    reports = apply_report_filters(listed_reports(viewer), filters, viewer)
    return reports.order_by("-occurred_from", "-pk"), filters


class ReportListMixin(ReadView):
    """GET /api/v1/reports/: the report list, as the web app's list selects it (a ReadView, whose
    caller and request it reads; ReportPushView adds the POST).

    A page comes from ``reports.list_cache`` when a caller of the same class asked for it since
    the last change (invalid parameters are answered 400 and never kept); the sensitive reads
    are logged for this caller either way."""

    pagination_class = ReportPagination  # read by the schema generator: the answer is a page

    @extend_schema(
        operation_id="reports_list",
        parameters=REPORT_FILTERS,
        responses={200: out.ReportSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        viewer = self.viewer()

        def listed() -> ListedApiPage:
            reports, _filters = filtered_reports(self)
            page = paginator.paginate_queryset(reports, request, view=self)
            shown, records = report_records(viewer, page)
            results = list(out.ReportSerializer(records, many=True).data)
            return paginator.listed_page(results, sensitive_report_ids(shown))

        params = dict(request.query_params.items())
        if paginator.get_page_size(request) > LARGEST_CACHED_PAGE:
            page = listed()
        else:
            page = cached_list_page(viewer, "api", params, listed)
        audit_sensitive_ids(request, page.sensitive, "api:reports")
        return paginator.listed_response(request, page)


class ReportDetailView(ReadView):
    """One report the caller may see; another organisation's text is null, hidden ones 404."""

    @extend_schema(responses={200: out.ReportSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        report = (
            visible_reports(self.viewer())
            .select_related("category", "area", "organisation")
            .filter(pk=pk)
            .first()
        )
        if report is None:
            raise Http404
        shown, records = report_records(self.viewer(), [report])
        audit_sensitive_read(request, shown, f"api:report {pk}")
        return Response(out.ReportSerializer(records[0]).data)


# ---------------------------------------------------------------------------
# Districts and categories
# ---------------------------------------------------------------------------


class GeoJsonRenderer(JSONRenderer):
    """JSON under GeoJSON's own media type, for a client that asks for it (QGIS, R's sf)."""

    media_type = "application/geo+json"
    format = "geojson"


class DistrictListView(ReadView):
    """The municipality's districts as a GeoJSON FeatureCollection (WGS84), as JSON or, when
    asked for, as application/geo+json (it was 406)."""

    renderer_classes = [JSONRenderer, GeoJsonRenderer]

    @extend_schema(
        parameters=[MUNICIPALITY],
        responses={200: out.DistrictCollectionSerializer, **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response(districts_geojson([self.municipality().pk]))


class CategoryListView(ReadView):
    """The category taxonomy: codes, Swedish and English names, the sensitive flag."""

    @extend_schema(responses={200: out.CategorySerializer(many=True), **READ_ERRORS})
    def get(self, request: Request) -> Response:
        categories = Category.objects.filter(active=True).select_related("parent")
        rows = [
            {
                "code": c.code,
                "parent": c.parent.code if c.parent else None,
                "name_sv": c.name_sv,
                "name_en": c.name_en,
                "sensitive": c.sensitive,
            }
            for c in categories
        ]
        return Response(out.CategorySerializer(rows, many=True).data)


# ---------------------------------------------------------------------------
# The weekly lägesbild
# ---------------------------------------------------------------------------


#: Writes a time as every answer does: in local time (settings.TIME_ZONE), as DRF writes it.
LOCAL_TIME = serializers.DateTimeField()


def week_or_400(text: str) -> IsoWeek:
    try:
        return begun_week(text)
    except WeekError as exc:
        raise invalid({"week": str(exc)}) from None


class WeekView(ReadView):
    """The weekly lägesbild: counts, comparisons, the week's reports and the analysis."""

    @extend_schema(parameters=[MUNICIPALITY], responses={200: out.WeekSerializer, **READ_ERRORS})
    def get(self, request: Request, week: str) -> Response:
        iso_week = week_or_400(week)
        municipality = self.municipality()
        picture, analysis = cached_week(self.viewer(), municipality, iso_week)
        shown = sensitive_reports(r.id for r in picture.reports)
        audit_sensitive_read(request, shown, f"api:week {iso_week}")
        # The reports' and police events' times are held in UTC, as the database gives them.
        write_time = LOCAL_TIME.to_representation
        body = {"picture": picture.as_dict(write_time), "analysis": analysis.as_dict(write_time)}
        return Response(body)


# ---------------------------------------------------------------------------
# Measures, meetings, goals
# ---------------------------------------------------------------------------

MEASURE_FILTERS = [
    OpenApiParameter("owner", str, description="Owner organisation's short name."),
    OpenApiParameter("district", str, description="District code."),
    OpenApiParameter("category", str, description="Top-level category code."),
    OpenApiParameter("status", str, enum=list(Measure.Status.values)),
    MUNICIPALITY,
]


def filtered_measures(view: ReadView):
    """Return the board's measures narrowed as the board's filter form narrows them; 400 if bad."""
    params, municipality = view.request.query_params, view.municipality()
    data = {"stadsdel": params.get("district", ""), "kategori": params.get("category", "")}
    errors: dict[str, str] = {}
    if owner := params.get("owner", ""):
        organisations = Organisation.objects.filter(municipality=municipality)
        # A NUL is no short name (and broke the query on PostgreSQL: a 500).
        found = organisations.filter(slug=owner).first() if text_problem(owner) is None else None
        data["agare"] = found.pk if found else ""
        if found is None:
            errors["owner"] = _("Okänd kod %(code)r.") % {"code": owner}
    form = MeasureFilterForm(data, municipality=municipality)
    if not form.is_valid():
        # The form's own words ("Välj ett giltigt alternativ. …") named neither the code nor
        # what would do: a district is looked up as in the report list, the board's categories
        # are the top levels only (klotter is refused, skadegorelse includes it).
        if "stadsdel" in form.errors:
            errors["district"] = _("Okänd kod %(code)r.") % {"code": data["stadsdel"]}
        if "kategori" in form.errors:
            errors["category"] = one_of([c.code for c in top_categories()])
        if "agare" in form.errors:
            errors["owner"] = _("Okänd kod %(code)r.") % {"code": owner}
    status = params.get("status", "")
    if status and status not in Measure.Status.values:
        errors["status"] = one_of(Measure.Status.values)
    if errors:
        raise invalid(errors)
    measures = form.filter(visible_measures(view.viewer()).filter(municipality=municipality))
    if status:
        measures = measures.filter(status=status)
    return with_relations(measures).order_by("due_date", "title", "pk"), form, municipality


class MeasureListView(ReadView):
    """The measures board, filtered by owner, district, category and status."""

    pagination_class = ApiPagination

    @extend_schema(
        parameters=MEASURE_FILTERS,
        responses={200: out.MeasureSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        measures, _form, _municipality = filtered_measures(self)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(measures, request, view=self)
        records = [measure_record(m) for m in page]
        return paginator.get_paginated_response(out.MeasureSerializer(records, many=True).data)


class MeasureDetailView(ReadView):
    @extend_schema(responses={200: out.MeasureSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        measure = with_relations(Measure.objects.filter(pk=measure_for(self.viewer(), pk).pk))
        return Response(out.MeasureSerializer(measure_record(measure.get())).data)


def with_meeting_relations(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings with what ``meeting_record`` reads, in one query per relation, not per
    meeting."""
    focus = FocusArea.objects.select_related("area", "organisation")
    decisions = Measure.objects.only("pk", "decided_at_meeting_id")
    return meetings.prefetch_related(
        "participants",
        Prefetch("focus_areas", queryset=focus),
        Prefetch("decisions", queryset=decisions),
    )


def meeting_record(meeting: Meeting) -> dict:
    focus = meeting.focus_areas.all()
    return {
        "id": meeting.pk,
        "date": meeting.date,
        "week": meeting.iso_week,
        "title": str(meeting),
        "participants": [o.name for o in meeting.participants.all()],
        "minutes": meeting.minutes,
        "focus_areas": [
            {
                "rank": f.rank,
                "label": f.label,
                "district": f.area.code if f.area else None,
                "h3_cells": f.h3_cells,
                "organisation": f.organisation.name if f.organisation else None,
                "note": f.note,
            }
            for f in focus
        ],
        "decisions": [decision.pk for decision in meeting.decisions.all()],
        "agenda": meeting.agenda,
    }


class MeetingListView(ReadView):
    """The municipality's weekly meetings, newest first, with minutes and decisions."""

    pagination_class = ApiPagination

    @extend_schema(
        parameters=[MUNICIPALITY],
        responses={200: out.MeetingSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        meetings = with_meeting_relations(
            Meeting.objects.filter(municipality=self.municipality()).order_by("-iso_week")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(meetings, request, view=self)
        records = [meeting_record(m) for m in page]
        return paginator.get_paginated_response(out.MeetingSerializer(records, many=True).data)


class MeetingDetailView(ReadView):
    @extend_schema(responses={200: out.MeetingSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        meeting = with_meeting_relations(
            Meeting.objects.filter(pk=meeting_for(self.viewer(), pk).pk)
        )
        return Response(out.MeetingSerializer(meeting_record(meeting.get())).data)


def indicator_record(indicator: Indicator, year: int, status: IndicatorStatus) -> dict:
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "kind": indicator.kind,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "category": indicator.category.code if indicator.category else None,
        "area": indicator.area.code if indicator.area else None,
        "year": year,
        "status": status.status,
        "status_label": status.label,
        **status.how_decided(),
        "latest": status.latest,
        "baseline": status.baseline,
        "baseline_year": indicator.baseline_year,
        "target": status.target,
        "target_year": indicator.target_year,
        "expected": status.expected,
        "target_reached": status.target_reached,
        "series": {str(y): v for y, v in status.series.items()},
    }


class GoalListView(ReadView):
    """The agreement's goals with each indicator's status in a year (report counts as seen)."""

    @extend_schema(
        parameters=[
            MUNICIPALITY,
            OpenApiParameter("year", int, description="Default: last year."),
        ],
        responses={200: out.GoalSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        year = year_param(request.query_params, "year", timezone.localdate().year - 1, GOAL_YEARS)
        goals = goals_with_indicators(self.municipality())
        statuses = indicator_statuses([i for g in goals for i in g.indicators.all()], year)
        records = [
            {
                "id": g.pk,
                "title": g.title,
                "description": g.description,
                "indicators": [
                    indicator_record(i, year, statuses[i.pk]) for i in g.indicators.all()
                ],
            }
            for g in goals
        ]
        return Response(out.GoalSerializer(records, many=True).data)


# ---------------------------------------------------------------------------
# Official statistics
# ---------------------------------------------------------------------------


def bra_years(code: str) -> tuple[int, int] | None:
    """The first and last whole Brå year (a running year's months are no year to default to)."""
    whole = queries.bra_years(code).whole
    return (whole[0], whole[-1]) if whole else None


def trend_request(view: ReadView) -> tuple[Municipality, list[Category], int, int]:
    """Return (municipality, categories, from, to) of a trend request; 400/404 when unusable."""
    params, municipality = view.request.query_params, view.municipality()
    span = bra_years(municipality.code)
    if span is None:
        raise exceptions.NotFound(_("Inga Brå-siffror finns för kommunen."))
    last = year_param(params, "to", span[1])
    first = year_param(params, "from", max(span[0], last - 10))
    if first >= last:
        raise invalid({"from": _("Ange ett tidigare år än to.")})
    code = params.get("category", "")
    if code and text_problem(code) is not None:  # no code (a NUL breaks PostgreSQL's query)
        raise invalid({"category": _("Okänd kod %(code)r.") % {"code": code}})
    categories = (
        Category.objects.filter(code=code)
        if code
        else Category.objects.filter(parent__isnull=True, active=True)
    )
    if code and not categories:
        raise invalid({"category": _("Okänd kod %(code)r.") % {"code": code}})
    return municipality, list(categories), first, last


TREND_PARAMETERS = [
    MUNICIPALITY,
    OpenApiParameter("category", str, description="Category code; default every top level."),
    OpenApiParameter("from", int, description="Base year; default ten years before to."),
    OpenApiParameter("to", int, description="Last year; default the latest with Brå figures."),
]


class TrendListView(ReadView):
    """Brå reported crimes per category: counts, rates, changes, trend test, sentences."""

    @extend_schema(
        parameters=TREND_PARAMETERS,
        responses={200: out.TrendSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        municipality, categories, first, last = trend_request(self)
        if len(categories) == 1:
            try:
                summaries = [
                    queries.trend_summary(municipality.code, categories[0].code, first, last)
                ]
            except queries.QueryError as exc:
                raise invalid({"category": str(exc)}) from None
        else:
            summaries = queries.trend_summaries(municipality.code, categories, first, last)
        # The query names Sweden's municipalities only: another (the demo's) by its code.
        named = {"municipality_name": municipality.name}
        return Response([{**jsonable(s.as_dict()), **named} for s in summaries])


def check_series_stored(municipality_code: str, series: str, source: str) -> None:
    """Raise a 400 unless the municipality has ``series`` stored under ``source``, naming the
    series it has there or the source the series is under (an unknown name answered 200 with
    no values, as if it were a real series without figures in those years)."""
    stored = OfficialStatistic.objects.filter(municipality_code=municipality_code)
    names = set(stored.filter(source=source).values_list("series", flat=True).distinct())
    if series in names:
        return
    # A NUL is in no name (and breaks the query on PostgreSQL).
    readable = text_problem(series) is None
    sources = stored.filter(series=series).values_list("source", flat=True) if readable else []
    elsewhere = sorted(set(sources))
    if elsewhere:
        raise invalid(
            {
                "source": _("Serien %(name)r finns med source=%(sources)s.")
                % {"name": series, "sources": ", ".join(elsewhere)}
            }
        )
    if not names:
        message = _("Okänd serie %(name)r: kommunen har inga serier med source=%(source)s.")
    else:
        message = _("Okänd serie %(name)r. Kommunens serier med source=%(source)s: %(names)s.")
    raise invalid(
        {"series": message % {"name": series, "source": source, "names": ", ".join(sorted(names))}}
    )


class SeriesView(ReadView):
    """Any stored yearly series of the municipality (a Brå crime type, a Kolada KPI)."""

    @extend_schema(
        parameters=[
            MUNICIPALITY,
            OpenApiParameter(
                "series",
                str,
                required=True,
                description="e.g. kategori:stold. A name the municipality has not stored under "
                "source is a 400 that lists the names it has.",
            ),
            OpenApiParameter("source", str, enum=list(OfficialStatistic.Source.values)),
            OpenApiParameter("from", int),
            OpenApiParameter("to", int),
        ],
        responses={200: out.SeriesSerializer, **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        params, municipality = request.query_params, self.municipality()
        series, source = params.get("series", ""), params.get("source", "bra")
        if not series:
            raise invalid({"series": _("Ange serien, t.ex. kategori:stold.")})
        if source not in OfficialStatistic.Source.values:
            raise invalid({"source": one_of(OfficialStatistic.Source.values)})
        last = year_param(params, "to", timezone.localdate().year)
        first = year_param(params, "from", max(YEARS.start, last - 20))
        if first > last:
            raise invalid({"from": _("Ange ett tidigare år än to.")})
        check_series_stored(municipality.code, series, source)
        values = queries.statistic_series(municipality.code, series, range(first, last + 1), source)
        body = {
            "municipality_code": municipality.code,
            "series": series,
            "source": source,
            "values": {str(y): v for y, v in values.items()},
        }
        return Response(out.SeriesSerializer(body).data)


class PoliceEventCountView(ReadView):
    """Police event notices in the municipality, by type, category or month."""

    @extend_schema(
        parameters=[
            MUNICIPALITY,
            OpenApiParameter(
                "from", OpenApiTypes.DATE, description="Default: the last complete week's Monday."
            ),
            OpenApiParameter(
                "to", OpenApiTypes.DATE, description="Default: the last complete week's Sunday."
            ),
            OpenApiParameter("by", str, enum=list(queries.EVENT_GROUPINGS)),
        ],
        responses={200: out.PoliceEventCountSerializer, **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        params, municipality = request.query_params, self.municipality()
        # Without dates: the last complete ISO week (it was a 400).
        week = IsoWeek.containing(timezone.localdate()).previous()
        start = day_param(params, "from", week.monday)
        end = day_param(params, "to", week.sunday)
        if end < start:
            raise invalid({"to": _("Slutdatumet ligger före startdatumet.")})
        try:
            counts = queries.police_event_counts(
                municipality.code, start, end, params.get("by", "type")
            )
        except queries.QueryError as exc:
            raise invalid({"by": str(exc)}) from None
        # The query knows Sweden's names only: a municipality outside them was named by its code.
        return Response({**counts.as_dict(), "municipality_name": municipality.name})
