"""Page numbers for API lists: ``?page=2&page_size=100``, at most MAX_PAGE_SIZE per page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from lagesbild.reports.list_cache import BoundedPaginator, asked_page


class ApiPagination(PageNumberPagination):
    """Pages of 50 (``page_size`` up to 500). A page or page size that is no positive whole
    number is answered 400 naming it: falling back to page 1 or to 50 rows would hide the
    caller's mistake; a page beyond the last is 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = "Page number, from 1; 'last' for the last page."
    page_size_query_description = "Rows per page: default 50, at most 500 (more gives 500)."

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not _whole_from_one(raw):
            raise ValidationError({self.page_size_query_param: _("Ange ett heltal från 1.")})
        return super().get_page_size(request)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list:
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw not in self.last_page_strings and not _whole_from_one(raw):
            raise ValidationError({self.page_query_param: _("Ange ett heltal från 1 eller last.")})
        return super().paginate_queryset(queryset, request, view)


def _whole_from_one(raw: str) -> bool:
    """A page number or size however large (a page past the last is 404, a size is capped)."""
    try:
        return int(raw) >= 1
    except ValueError:
        return False


@dataclass(frozen=True)
class ListedApiPage:
    """One page of a list as every caller of its key gets it (``reports.list_cache``); the
    links are made per request, from the address asked for."""

    number: int
    count: int
    count_exact: bool
    has_next: bool
    has_previous: bool
    results: list[Any]
    sensitive: list[int]  # the ids of the sensitive reports in ``results``, for the audit


class ReportPagination(ApiPagination):
    """The report list's pages. The count goes only as far as the page asked for needs
    (``BoundedPaginator``): ``count_exact`` false means there are more than ``count`` reports.
    ``?page=last`` counts them all."""

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list:
        raw = request.query_params.get(self.page_query_param)
        asked = None if raw in self.last_page_strings else (asked_page(raw) or 1)
        self.django_paginator_class = partial(BoundedPaginator, asked=asked)
        return super().paginate_queryset(queryset, request, view)

    def listed_page(self, results: list[Any], sensitive: list[int]) -> ListedApiPage:
        """The page ``paginate_queryset`` made, with its serialized ``results``."""
        paginator = self.page.paginator
        return ListedApiPage(
            number=self.page.number,
            count=paginator.at_least,
            count_exact=paginator.exact,
            has_next=self.page.has_next(),
            has_previous=self.page.has_previous(),
            results=results,
            sensitive=sensitive,
        )

    def listed_response(self, request: Request, page: ListedApiPage) -> Response:
        """The answer of ``get_paginated_response``, for a page kept by ``listed_page``."""
        url = request.build_absolute_uri()
        after = None
        if page.has_next:
            after = replace_query_param(url, self.page_query_param, page.number + 1)
        before = None
        if page.has_previous and page.number == 2:
            before = remove_query_param(url, self.page_query_param)
        elif page.has_previous:
            before = replace_query_param(url, self.page_query_param, page.number - 1)
        return Response(
            {
                "count": page.count,
                "count_exact": page.count_exact,
                "next": after,
                "previous": before,
                "results": page.results,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        answer = super().get_paginated_response_schema(schema)
        answer["required"] = [*answer["required"], "count_exact"]
        answer["properties"] = {
            "count": answer["properties"]["count"],
            "count_exact": {
                "type": "boolean",
                "description": "False: there are more than count reports (counting stops at "
                "100 000, or at the page asked for).",
            },
            **{k: v for k, v in answer["properties"].items() if k != "count"},
        }
        return answer
