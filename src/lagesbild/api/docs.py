"""The API's documentation page: every endpoint of the OpenAPI schema, rendered on the server.

Swagger UI and Redoc would need scripts from a CDN (forbidden: CSP 'self', no run-time
downloads) or a bundle with inline scripts; a plain page needs neither and works without JS.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from lagesbild.api.errors import method_not_allowed
from lagesbild.api.throttling import RateLimited
from lagesbild.api.views_read import one_of

METHODS = ("get", "post", "put", "patch", "delete")
TITLE = "Lägesbild API"  # the page's heading; the schema's title is ASCII (settings)
VERSION = "1"


@lru_cache(maxsize=1)
def api_schema() -> dict[str, Any]:
    """Return the OpenAPI schema (computed once per process: it changes only with the code)."""
    return SchemaGenerator(version=VERSION).get_schema(request=None, public=True)


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, item in sorted(schema["paths"].items()):
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            operations.append(
                {
                    "id": op.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "description": op.get("description", ""),
                    "parameters": [
                        p for p in op.get("parameters", []) if p.get("in") in ("path", "query")
                    ],
                    "responses": sorted(op.get("responses", {}).items()),
                    # A GET without path parameters can be opened as it is by a signed-in user.
                    "openable": method == "get" and "{" not in path,
                }
            )
    return operations


# Exempt, since it only reads: a POST gets the API's JSON 405 rather than the HTML CSRF page.
@csrf_exempt
def docs(request: HttpRequest) -> HttpResponse:
    """Show every endpoint with its parameters and answers, and how to authenticate."""
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, ["GET", "HEAD"])
    schema = api_schema()
    context = {
        "title": TITLE,
        "operations": _operations(schema),
        "schemes": schema.get("components", {}).get("securitySchemes", {}),
    }
    return render(request, "api/docs.html", context)


class SchemaView(SpectacularAPIView):
    """The schema (YAML, or JSON with ?format=json); its errors in the API's JSON.

    Rendered as YAML, a 405 came out as YAML with each message split into its string and code."""

    def perform_content_negotiation(self, request: Request, force: bool = False):
        # An unknown ?format= was a 404, as if the schema were not there.
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            formats = list(dict.fromkeys(r.format for r in self.get_renderers()))
            raise ValidationError({"format": one_of(formats)}) from None

    def throttled(self, request: Request, wait: float | None) -> None:
        raise RateLimited(wait)

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response
