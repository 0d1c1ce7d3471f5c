"""Export endpoints: ``…/export.csv|xlsx|geojson`` with the same filters as the JSON lists.

A token needs the scope ``export`` (``read`` is not enough: a file leaves the system); a signed-in
user exports what the pages show them. Every export is audited (``api/exporting.py``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request

from lagesbild.api.models import Scope
from lagesbild.api.serializers import ErrorSerializer
from lagesbild.api.views_read import (
    MEASURE_FILTERS,
    MUNICIPALITY,
    REPORT_FILTERS,
    TREND_PARAMETERS,
    ReadView,
    filtered_measures,
    filtered_reports,
    invalid,
    one_of,
    trend_request,
    week_or_400,
)
from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.exports import WEEK_LAYERS, WEEK_TABLES, week_file
from lagesbild.briefings.rendering import tertial_xlsx
from lagesbild.briefings.services import weekly_picture
from lagesbild.briefings.tertial import begun_tertial, tertial_analysis
from lagesbild.core.periods import TertialError
from lagesbild.measures.exports import MEASURE_FORMATS, measure_file
from lagesbild.official.exports import TREND_FORMATS, TREND_TABLES, trend_file
from lagesbild.official.queries import trend_summaries
from lagesbild.reports.access import audit_sensitive_read, sensitive_reports
from lagesbild.reports.exports import EXPORT_FORMATS, report_file, report_records
from lagesbild.web.downloads import CONTENT_TYPES, audit_export, file_response

EXPORT_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid parameter; detail names it."),
    401: OpenApiResponse(ErrorSerializer, description="No token, or an unknown or revoked one."),
    403: OpenApiResponse(ErrorSerializer, description="The token lacks the scope export."),
    404: OpenApiResponse(ErrorSerializer, description="Unknown format, or nothing visible here."),
    429: OpenApiResponse(ErrorSerializer, description="Too many calls; see Retry-After."),
}
FILE = OpenApiResponse(OpenApiTypes.BINARY, description="The file, as an attachment.")


# application/geo+json is JSON (the +json suffix): clients and validators parse it, so it is
# described as the FeatureCollection it is (RFC 7946) rather than as opaque bytes.
GEOJSON_FILE = OpenApiResponse(
    {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "geometry", "properties"],
                    "properties": {
                        "type": {"type": "string", "enum": ["Feature"]},
                        "geometry": {"type": "object", "nullable": True},
                        "properties": {"type": "object"},
                    },
                },
            },
        },
    },
    description="A GeoJSON FeatureCollection (RFC 7946, WGS84), as an attachment.",
)


def file_responses(formats: tuple[str, ...]) -> dict[Any, OpenApiResponse]:
    """Declare the 200 answer as a file in each format's own media type, not as JSON."""
    files = {
        (200, CONTENT_TYPES[fmt].split(";")[0]): GEOJSON_FILE if fmt == "geojson" else FILE
        for fmt in formats
    }
    return {**files, **EXPORT_ERRORS}


def format_parameter(formats: tuple[str, ...]) -> OpenApiParameter:
    return OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(formats))


def choice(params, name: str, choices: tuple[str, ...]) -> str:
    """Return the query parameter ``name`` (default the first choice); 400 when not a choice."""
    value = params.get(name, choices[0])
    if value not in choices:
        raise invalid({name: one_of(list(choices))})
    return value


class ExportView(ReadView):
    """A file download for a token with ``export`` or a signed-in user."""

    scope = Scope.EXPORT
    formats: tuple[str, ...] = ()

    def perform_content_negotiation(self, request: Request, force: bool = False):
        # The address names the file's type (export.csv); Accept only chooses how an error is
        # written, and errors are JSON. A client asking for the file's own type (Accept:
        # text/csv, as R's httr::accept("text/csv") sends it) was answered 406.
        try:
            return super().perform_content_negotiation(request, force)
        except exceptions.NotAcceptable:
            renderer = self.get_renderers()[0]
            return renderer, renderer.media_type

    def check_format(self, fmt: str) -> None:
        if fmt not in self.formats:
            raise exceptions.NotFound(one_of(list(self.formats)))


class ReportExportView(ExportView):
    """The report list with its filters as CSV, Excel or GeoJSON (points only)."""

    formats = EXPORT_FORMATS

    @extend_schema(
        operation_id="reports_export",
        parameters=[format_parameter(EXPORT_FORMATS), *REPORT_FILTERS],
        responses=file_responses(EXPORT_FORMATS),
    )
    def get(self, request: Request, fmt: str):
        self.check_format(fmt)
        reports, filters = filtered_reports(self)
        # A file is made within the request: a larger one would outlast the server's timeout.
        limit = settings.LAGESBILD_API_EXPORT_MAX_ROWS
        if reports[: limit + 1].count() > limit:
            message = _(
                "Exporten skulle omfatta fler än %(limit)s rapporter. Begränsa med from och to, "
                "eller hämta dem sida för sida från /api/v1/reports/."
            )
            raise invalid({"rows": message % {"limit": limit}})
        shown, records = report_records(self.viewer(), reports)
        audit_sensitive_read(request, shown, f"api:reports.{fmt}")
        detail = {"filters": filters.as_detail(), "rows": len(records)}
        audit_export(request, "reports", fmt, detail)
        return file_response(report_file(records, fmt, filters), fmt, "rapporter")


class WeekExportView(ExportView):
    """The weekly lägesbild: Excel (every table), CSV (one table), GeoJSON (one layer)."""

    formats = EXPORT_FORMATS

    @extend_schema(
        operation_id="weeks_export",
        parameters=[
            format_parameter(EXPORT_FORMATS),
            MUNICIPALITY,
            OpenApiParameter("table", str, enum=list(WEEK_TABLES), description="For CSV."),
            OpenApiParameter("layer", str, enum=list(WEEK_LAYERS), description="For GeoJSON."),
        ],
        responses=file_responses(EXPORT_FORMATS),
    )
    def get(self, request: Request, week: str, fmt: str):
        self.check_format(fmt)
        iso_week, municipality = week_or_400(week), self.municipality()
        part = {
            "csv": lambda: choice(request.query_params, "table", WEEK_TABLES),
            "geojson": lambda: choice(request.query_params, "layer", WEEK_LAYERS),
        }.get(fmt, lambda: "")()
        picture = weekly_picture(self.viewer(), municipality, iso_week)
        analysis = weekly_analysis(self.viewer(), municipality, iso_week)
        shown = sensitive_reports(r.id for r in picture.reports)
        audit_sensitive_read(request, shown, f"api:week {iso_week}.{fmt}")
        detail = {"week": str(iso_week), "municipality": municipality.code, "part": part}
        audit_export(request, "week", fmt, detail, municipality)
        content = week_file(municipality, picture, analysis, fmt, part)
        stem = f"lagesbild-{municipality.code}-{iso_week}" + (f"-{part}" if part else "")
        return file_response(content, fmt, stem)


class MeasureExportView(ExportView):
    """The measures board with its filters as CSV or Excel."""

    formats = MEASURE_FORMATS

    @extend_schema(
        operation_id="measures_export",
        parameters=[format_parameter(MEASURE_FORMATS), *MEASURE_FILTERS],
        responses=file_responses(MEASURE_FORMATS),
    )
    def get(self, request: Request, fmt: str):
        self.check_format(fmt)
        measures, form, municipality = filtered_measures(self)
        filters = {k: v for k, v in request.query_params.items() if k != "municipality"}
        detail = {"municipality": municipality.code, "filters": filters}
        content, count = measure_file(measures, fmt)
        audit_export(request, "measures", fmt, detail | {"rows": count}, municipality)
        return file_response(content, fmt, f"atgarder-{municipality.code}")


class TrendExportView(ExportView):
    """Brå trend tables: Excel (summary and years), CSV (one table)."""

    formats = TREND_FORMATS

    @extend_schema(
        operation_id="statistics_trends_export",
        parameters=[
            format_parameter(TREND_FORMATS),
            *TREND_PARAMETERS,
            OpenApiParameter("table", str, enum=list(TREND_TABLES), description="For CSV."),
        ],
        responses=file_responses(TREND_FORMATS),
    )
    def get(self, request: Request, fmt: str):
        self.check_format(fmt)
        municipality, categories, first, last = trend_request(self)
        table = choice(request.query_params, "table", TREND_TABLES) if fmt == "csv" else ""
        summaries = trend_summaries(municipality.code, categories, first, last)
        detail = {
            "municipality": municipality.code,
            "categories": [c.code for c in categories],
            "from": first,
            "to": last,
            "table": table,
        }
        audit_export(request, "statistics", fmt, detail, municipality)
        content = trend_file(summaries, fmt, table)
        return file_response(content, fmt, f"trender-{municipality.code}-{first}-{last}")


class TertialExportView(ExportView):
    """The tertial ranking of districts as Excel (the workbook the tertial page offers)."""

    formats = ("xlsx",)

    @extend_schema(
        operation_id="tertials_export",
        parameters=[format_parameter(("xlsx",)), MUNICIPALITY],
        responses=file_responses(("xlsx",)),
    )
    def get(self, request: Request, tertial: str, fmt: str):
        self.check_format(fmt)
        try:
            period = begun_tertial(tertial)
        except TertialError as exc:
            raise invalid({"tertial": str(exc)}) from None
        municipality = self.municipality()
        analysis = tertial_analysis(self.viewer(), municipality, period)
        detail = {"tertial": str(period), "municipality": municipality.code}
        audit_export(request, "tertial", fmt, detail, municipality)
        return file_response(tertial_xlsx(analysis), fmt, f"tertial-{municipality.code}-{period}")
