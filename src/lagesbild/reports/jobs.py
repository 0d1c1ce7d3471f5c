"""The report list's export as a background job, for exports larger than
LAGESBILD_EXPORT_JOB_THRESHOLD reports (or whenever someone asks for one with POST)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lagesbild.audit.services import log_action
from lagesbild.jobs.registry import JobContext, JobError, JobKind, JobResult
from lagesbild.organisations.access import Viewer
from lagesbild.reports.access import log_sensitive_read
from lagesbild.reports.exports import (
    FilterError,
    ReportFilters,
    apply_report_filters,
    listed_reports,
    parse_report_filters,
    report_file,
    report_records,
    with_shown,
)
from lagesbild.web.downloads import CONTENT_TYPES

EXPORT_KIND = "reports-export"
FILTER_KEYS = (
    "week",
    "from",
    "to",
    "district",
    "category",
    "organisation",
    "review_status",
    "visa",
)
CHUNK = 1000  # reports read per step; the job's progress moves after each


def export_params(fmt: str, query: Mapping[str, str]) -> dict[str, Any]:
    """Return the job's parameters: the format and the filters that were asked for."""
    return {"fmt": fmt, "filters": {k: query[k] for k in FILTER_KEYS if query.get(k)}}


def export_title(fmt: str, query: Mapping[str, str]) -> str:
    chosen = ", ".join(f"{k}={query[k]}" for k in FILTER_KEYS if query.get(k))
    return _("Rapporter (%(fmt)s)") % {"fmt": fmt.upper()} + (f" – {chosen}" if chosen else "")


def filtered_reports(viewer: Viewer, query: Mapping[str, str]) -> tuple[ReportFilters, QuerySet]:
    """Return the filters and the reports the list's export holds; raise FilterError."""
    filters = with_shown(parse_report_filters(query, viewer), query.get("visa", ""))
    reports = apply_report_filters(listed_reports(viewer), filters, viewer)
    return filters, reports.order_by("-occurred_from", "-pk")


def run_export(context: JobContext) -> JobResult:
    fmt = context.params["fmt"]
    try:
        filters, reports = filtered_reports(context.viewer, context.params["filters"])
    except FilterError as exc:
        raise JobError(str(exc)) from None
    ids = list(reports.values_list("pk", flat=True))
    context.progress(5)
    shown: list = []
    records: list = []
    for start in range(0, len(ids), CHUNK):
        part_shown, part = report_records(
            context.viewer, reports.filter(pk__in=ids[start : start + CHUNK])
        )
        shown += part_shown
        records += part
        context.progress(5 + 85 * min(len(ids), start + CHUNK) // len(ids))
    content = report_file(records, fmt, filters)
    detail = {
        "format": fmt,
        "filters": filters.as_detail(),
        "rows": len(records),
        "via": "job",
        "job": context.job.pk,
    }
    return JobResult(
        content,
        f"rapporter.{fmt}",
        CONTENT_TYPES[fmt],
        audits=(
            lambda: log_sensitive_read(context.user, shown, None, f"job:reports.{fmt}"),
            lambda: log_action(context.user, "lagesbild.export.reports", None, detail),
        ),
    )


EXPORT = JobKind(EXPORT_KIND, run_export)
