"""The reports endpoint: partner systems push reports (POST), callers list them (GET).

The other read endpoints are in ``views_read.py``, the exports in ``views_export.py``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from lagesbild.api.authentication import TokenPrincipal
from lagesbild.api.models import Scope
from lagesbild.api.permissions import HasScope
from lagesbild.api.serializers import ErrorSerializer, ReportPushedSerializer, ReportPushSerializer
from lagesbild.api.views_read import ReportListMixin
from lagesbild.reports.services import Outcome, upsert_report

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description="Invalid JSON or fields; detail names each field."
    ),
    401: OpenApiResponse(ErrorSerializer, description="No token, or an unknown or revoked one."),
    403: OpenApiResponse(ErrorSerializer, description="The token lacks the scope report:write."),
    # What the push answers too, which the schema did not say (generated clients raise on an
    # undeclared status, or hand back None).
    413: OpenApiResponse(ErrorSerializer, description="The body is larger than the server takes."),
    415: OpenApiResponse(ErrorSerializer, description="The body is not application/json."),
    429: OpenApiResponse(ErrorSerializer, description="Too many calls; see Retry-After."),
}


class ReportPushView(ReportListMixin):
    """List reports (GET, scope read) or push one (POST, scope report:write).

    A push with an external_id seen before updates that report, never duplicates it.
    """

    def get_permissions(self) -> list:
        if self.request.method == "POST":
            return [HasScope(Scope.REPORT_WRITE)]
        return super().get_permissions()

    def permission_denied(self, request: Request, message=None, code=None) -> None:
        # A person signed in to the web app was told "API-nyckeln saknar behörigheten …",
        # though they sent no key at all.
        user = request.user
        if (
            request.method == "POST"
            and not isinstance(user, TokenPrincipal)
            and user.is_authenticated
        ):
            raise exceptions.PermissionDenied(
                _(
                    "Rapporter skickas till API:t med en organisations API-nyckel med "
                    "behörigheten report:write; en inloggning i webben räcker inte."
                )
            )
        super().permission_denied(request, message, code)

    @extend_schema(
        operation_id="reports_push",
        request=ReportPushSerializer,
        responses={
            201: OpenApiResponse(ReportPushedSerializer, description="Created."),
            200: OpenApiResponse(
                ReportPushedSerializer, description="Same external_id: updated or unchanged."
            ),
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        principal = request.user
        if request.data is None:  # the body "null": DRF answers "No data provided", untranslated
            raise ValidationError(
                {"non_field_errors": [_("Skicka rapporten som ett JSON-objekt.")]}
            )
        serializer = ReportPushSerializer(
            data=request.data, context={"organisation": principal.organisation}
        )
        serializer.is_valid(raise_exception=True)
        report, outcome = upsert_report(
            serializer.new_report(),
            request=request._request,
            audit={"token": f"lb_{principal.token_prefix}"},
        )
        body = {"id": report.pk, "review_status": report.review_status, "outcome": outcome.value}
        return Response(
            body,
            status=status.HTTP_201_CREATED if outcome is Outcome.CREATED else status.HTTP_200_OK,
        )
