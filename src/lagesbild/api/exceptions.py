"""Every API error is JSON: ``{"error": "<code>", "detail": …}`` with the fitting status."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

#: The answer to a bug, not the client's fault (Django's handler500 under /api/ gives it too).
SERVER_ERROR = {"error": "server_error", "detail": "Internal error."}


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        # The model's full_clean is the last check; its message dict names fields like a serializer.
        return exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, SuspiciousOperation):
        # Django answers these 400 itself; raised in a view (reading request.GET) they reached
        # this handler as bugs: more than 1 000 query parameters was a 500.
        return _as_bad_request(exc)
    return exc


def _as_bad_request(exc: SuspiciousOperation) -> exceptions.APIException:
    if isinstance(exc, TooManyFieldsSent):
        return exceptions.ParseError(
            _("Anropet har fler än %(limit)s parametrar.")
            % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
        )
    return exceptions.ParseError()


def json_exception_handler(exc: Exception, context: dict) -> Response:
    """Return the JSON error response for ``exc``."""
    exc = _as_api_exception(exc)
    if not isinstance(exc, exceptions.APIException):
        # A bug, not the client's fault: log it with its traceback and still answer JSON.
        logger.error("unhandled API error", exc_info=exc)
        return Response(dict(SERVER_ERROR), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    response = exception_handler(exc, context)
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"error": "invalid", "detail": response.data}
    else:
        codes = exc.get_codes()
        response.data = {
            "error": codes if isinstance(codes, str) else exc.default_code,
            "detail": response.data.get("detail", response.data),
        }
    return response
