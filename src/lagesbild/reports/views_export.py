"""Download the report list as CSV, Excel or GeoJSON, with the filters the page shows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lagesbild.organisations.access import viewer_for
from lagesbild.reports.access import audit_sensitive_read
from lagesbild.reports.exports import (
    EXPORT_FORMATS,
    FilterError,
    apply_report_filters,
    listed_reports,
    parse_report_filters,
    report_file,
    report_records,
    with_shown,
)
from lagesbild.web.downloads import audit_export, file_response


@login_required
def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list's reports (``?visa=`` and the API's filters) as a file; the export is audited."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    viewer = viewer_for(request.user)
    try:
        filters = with_shown(parse_report_filters(request.GET, viewer), request.GET.get("visa", ""))
    except FilterError as exc:
        return render(request, "error.html", {"message": str(exc)}, status=400)
    reports = apply_report_filters(listed_reports(viewer), filters, viewer)
    shown, records = report_records(viewer, reports.order_by("-occurred_from", "-pk"))
    audit_sensitive_read(request, shown, f"web:reports.{fmt}")
    audit_export(request, "reports", fmt, {"filters": filters.as_detail(), "rows": len(records)})
    return file_response(report_file(records, fmt, filters), fmt, "rapporter")
