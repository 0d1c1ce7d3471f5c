"""The analysis pages as JSON: near repeats, time profiles, reporting effort, police events,
the statistics explorer.

Open to the callers the pages are open to (``Viewer.analyses``): a signed-in analyst,
coordinator or admin of the municipality. An organisation's token acts as a reporter
(``api/access.py``) and is answered 403, as a reporter's session is.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from lagesbild.analysis import data, explorer, explorer_output, services
from lagesbild.analysis.effort_alerts import effort_alerts
from lagesbild.analysis.params import (
    API_NAMES,
    ParamError,
    parse_category,
    parse_district,
    parse_search,
    parse_span,
    parse_window,
)
from lagesbild.analysis.police import police_events
from lagesbild.api import serializers_analysis as answers
from lagesbild.api import serializers_read as out
from lagesbild.api.serializers import ErrorSerializer
from lagesbild.api.views_read import LOCAL_TIME, MUNICIPALITY, READ_ERRORS, ReadView, invalid
from lagesbild.areas.models import Municipality

ANALYSIS_ERRORS = {
    **READ_ERRORS,
    403: OpenApiResponse(
        ErrorSerializer,
        description="The token lacks the scope read, or the caller is no analyst, coordinator "
        "or admin of the municipality (organisation tokens never are).",
    ),
}
WINDOW = [
    OpenApiParameter("week", str, description="Last ISO week; default the last complete one."),
    OpenApiParameter("weeks", int, description="Number of weeks ending with week (1-260)."),
]


class AnalysisView(ReadView):
    """A read endpoint for the municipality's analysts, coordinators and admins."""

    def analysed_municipality(self) -> Municipality:
        municipality = self.municipality()
        if not self.viewer().analyses(municipality.pk):
            raise exceptions.PermissionDenied(
                _("Analysen är öppen för kommunens analytiker och samordnare.")
            )
        return municipality


class NearRepeatView(AnalysisView):
    """The Knox test of near repeats for one category (burglary, fire or vandalism)."""

    @extend_schema(
        parameters=[
            MUNICIPALITY,
            OpenApiParameter("category", str, enum=list(services.NEAR_REPEAT_CATEGORIES)),
            *WINDOW,
        ],
        responses={200: answers.NearRepeatSerializer, **ANALYSIS_ERRORS},
    )
    def get(self, request: Request) -> Response:
        municipality = self.analysed_municipality()
        try:
            window = parse_window(request.query_params, services.NEAR_REPEAT_WEEKS, API_NAMES)
            category = parse_category(
                request.query_params,
                services.NEAR_REPEAT_CATEGORIES,
                API_NAMES,
                default=services.NEAR_REPEAT_CATEGORIES[0],
            )
        except ParamError as exc:
            raise invalid(exc.errors) from None
        assert category is not None  # a default is given
        result = services.near_repeat(self.viewer(), municipality, category, window)
        return Response(data.near_repeat_dict(result))


class TimeProfileView(AnalysisView):
    """Reports per weekday and hour (aoristic), optionally of one category and district."""

    @extend_schema(
        parameters=[
            MUNICIPALITY,
            OpenApiParameter(
                "category", str, description="Category code; a top level includes its own."
            ),
            OpenApiParameter("district", str, description="District code; includes its areas."),
            *WINDOW,
        ],
        responses={200: answers.TimeProfileSerializer, **ANALYSIS_ERRORS},
    )
    def get(self, request: Request) -> Response:
        municipality = self.analysed_municipality()
        params = request.query_params
        try:
            window = parse_window(params, 12, API_NAMES)
            category = parse_category(params, names=API_NAMES)
            district = parse_district(params, municipality, API_NAMES)
        except ParamError as exc:
            raise invalid(exc.errors) from None
        profile = services.time_profile(self.viewer(), municipality, window, category, district)
        return Response(data.profile_dict(profile))


class ReportingEffortView(AnalysisView):
    """Active reporters and reports per organisation and week; organisations that did not report."""

    @extend_schema(
        description=(
            "Active reporters and reports per organisation and week, organisations that did not "
            "report, and `alerts`: the last week's alert on the reports filed by a person, on the "
            "count and per active reporter, with the reports per active reporter against last "
            "week and the same week in earlier years (docs/analysis.md)."
        ),
        parameters=[MUNICIPALITY, *WINDOW],
        responses={200: answers.ReportingEffortSerializer, **ANALYSIS_ERRORS},
    )
    def get(self, request: Request) -> Response:
        municipality = self.analysed_municipality()
        try:
            window = parse_window(request.query_params, 12, API_NAMES)
        except ParamError as exc:
            raise invalid(exc.errors) from None
        viewer = self.viewer()
        effort = services.reporting_effort(viewer, municipality, window)
        alerts = effort_alerts(viewer, municipality, window.last)
        return Response(data.effort_dict(effort, alerts))


class PoliceEventListView(AnalysisView):
    """The municipality's police event notices by type, week and hour, roll-ups left out."""

    @extend_schema(
        parameters=[
            MUNICIPALITY,
            OpenApiParameter(
                "from", OpenApiTypes.DATE, description="Default: the last complete week's Monday."
            ),
            OpenApiParameter(
                "to", OpenApiTypes.DATE, description="Default: the last complete week's Sunday."
            ),
            OpenApiParameter("q", str, description="Text in the type, summary or place."),
            OpenApiParameter("type", str, description="One event type."),
        ],
        responses={200: out.PoliceEventListSerializer, **ANALYSIS_ERRORS},
    )
    def get(self, request: Request) -> Response:
        municipality = self.analysed_municipality()
        try:
            start, end = parse_span(request.query_params, ("from", "to"))
            query, event_type = parse_search(request.query_params, ("q", "type"))
        except ParamError as exc:
            raise invalid(exc.errors) from None
        events = police_events(municipality, start, end, query, event_type)
        # In local time, as every time the API sends; the database holds UTC.
        return Response(data.police_dict(events, LOCAL_TIME.to_representation))


class StatisticsExplorerView(AnalysisView):
    """Brå counts or rates per category and year beside similar municipalities, with the yearly
    report's sentences on each category's change and trend."""

    repeatable = frozenset({"category", "peer"})

    @extend_schema(
        parameters=[
            MUNICIPALITY,
            OpenApiParameter(
                "category",
                str,
                many=True,
                description="Category codes (repeated or comma-separated) or total (Brå's every "
                "crime); default total.",
            ),
            OpenApiParameter("from", int, description="First year; default nine before to."),
            OpenApiParameter("to", int, description="Last year; default the latest Brå year."),
            OpenApiParameter("measure", str, enum=[explorer.COUNT, explorer.RATE]),
            OpenApiParameter(
                "peers",
                str,
                enum=[explorer.BAND, explorer.CHOSEN],
                description="band: the municipalities in the same population band; chosen: "
                "those named by peer.",
            ),
            OpenApiParameter(
                "peer", str, many=True, description="Municipality codes, with peers=chosen."
            ),
        ],
        responses={200: answers.StatisticsExplorationSerializer, **ANALYSIS_ERRORS},
    )
    def get(self, request: Request) -> Response:
        municipality = self.analysed_municipality()
        try:
            query = explorer.parse_query(
                request.query_params, municipality.code, explorer.API_NAMES, explorer.API_VALUES
            )
        except ParamError as exc:
            raise invalid(exc.errors) from None
        exploration = explorer.explore(municipality, query)
        return Response(explorer_output.exploration_dict(exploration))
