"""Download the report list as CSV, Excel or GeoJSON, with the filters the page shows.

An export of more than LAGESBILD_EXPORT_JOB_THRESHOLD reports is made in the background: the
link then shows a page whose button (POST) queues the job (``reports/jobs.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lagesbild.jobs.starting import start_job
from lagesbild.organisations.access import viewer_for
from lagesbild.reports.access import audit_sensitive_read
from lagesbild.reports.exports import EXPORT_FORMATS, FilterError, report_file, report_records
from lagesbild.reports.jobs import EXPORT_KIND, export_params, export_title, filtered_reports
from lagesbild.web.downloads import audit_export, file_response


@login_required
def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list's reports (``?visa=`` and the API's filters) as a file; the export is audited."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    viewer = viewer_for(request.user)
    query = request.GET.copy()
    if (code := query.get("kommun")) and not query.get("municipality"):
        query["municipality"] = str(code)  # the list's choice of municipality
    try:
        filters, reports = filtered_reports(viewer, query)
    except FilterError as exc:
        return render(request, "error.html", {"message": str(exc)}, status=400)
    title = export_title(fmt, query)
    if request.method == "POST":
        if not viewer.has_access:
            raise Http404
        return start_job(request, EXPORT_KIND, None, export_params(fmt, query), title)
    count = reports.count()
    if count > settings.LAGESBILD_EXPORT_JOB_THRESHOLD and viewer.has_access:
        note = _("Exporten omfattar %(count)s rapporter.") % {"count": count}
        return start_job(request, EXPORT_KIND, None, export_params(fmt, query), title, note)
    shown, records = report_records(viewer, reports)
    audit_sensitive_read(request, shown, f"web:reports.{fmt}")
    audit_export(request, "reports", fmt, {"filters": filters.as_detail(), "rows": len(records)})
    return file_response(report_file(records, fmt, filters), fmt, "rapporter")
