"""The report jobs: the report list's export, for exports larger than
LAGESBILD_EXPORT_JOB_THRESHOLD reports (or whenever someone asks for one with POST), and a
partner's large import file (``views_import.IMPORT_JOB_BYTES``), previewed or imported.

An import job runs the page's own import (``importing.import_reports``: the same checks, the same
all-or-nothing or quarantine, one audit entry) on the file kept for it (``jobs.uploads``), with the
uploader's rights as they are when it runs. Its file is the summary as JSON, which the job page
shows as the import page does; a file refused as a whole, or for its bad rows, fails the job with
the file:line: reason of each. The kept file is removed when the run ends, whatever its outcome.
A run the queue delivers again after its import was stored (the worker stopped in between)
imports nothing twice and writes no second audit entry: it reports the stored import.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lagesbild.audit.models import AuditEntry
from lagesbild.audit.services import log_action
from lagesbild.core.i18n import format_number
from lagesbild.core.parsers.common import ParseError, RowError
from lagesbild.core.privacy import scrub_file_name, scrub_text
from lagesbild.jobs import uploads
from lagesbild.jobs.models import Job
from lagesbild.jobs.registry import JobContext, JobError, JobKind, JobResult
from lagesbild.organisations.access import Viewer
from lagesbild.organisations.models import Organisation
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
from lagesbild.reports.forms_import import importing_organisations
from lagesbild.reports.importing import ImportSummary, import_reports
from lagesbild.reports.models import ImportMapping
from lagesbild.web.downloads import CONTENT_TYPES

T = TypeVar("T")

EXPORT_KIND = "reports-export"
FILTER_KEYS = (
    "municipality",
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


# --- a partner's large import file ------------------------------------------------------------

IMPORT_KIND = "reports-import"
UPLOAD_KIND = "reports-import"
# A file with thousands of bad rows would make a page nobody reads; the counts say the rest.
SHOWN_ERRORS = 500
# The importer's two passes over the rows, as shares of the bar: checking every row is most of
# the work; storing them happens in one transaction, so its share shows only at the end.
CHECKING, STORING = (2, 90), (90, 99)
COUNTS = ("rows", "created", "updated", "unchanged", "errors", "quarantined", "resolved")


def import_params(
    organisation: Organisation,
    mapping: ImportMapping | None,
    token: str,
    file_name: str,
    *,
    quarantine: bool,
    dry_run: bool,
) -> dict[str, Any]:
    """Return the job's parameters: whose file, read how, kept under which token."""
    return {
        "organisation": organisation.pk,
        "mapping": mapping.pk if mapping else None,
        "upload": token,
        # Kept with the job and, on each download, in the audit log: scrubbed like free text.
        "name": scrub_file_name(file_name),
        "quarantine": quarantine,
        "dry_run": dry_run,
    }


def import_title(file_name: str, organisation: Organisation, dry_run: bool) -> str:
    what = _("Förhandsgranskning av %(name)s") if dry_run else _("Import av %(name)s")
    return f"{what % {'name': scrub_file_name(file_name)}} – {organisation.name}"


def shown_summary(counts: Mapping[str, Any], dry_run: bool) -> dict[str, Any]:
    """Return an import's summary as the pages show it: the counts as numbers are written."""
    return {
        **{name: format_number(counts[name]) for name in COUNTS},
        "dry_run": dry_run,
        "rejected": counts["rejected"],
        "error_count": counts["errors"],
        "any_resolved": counts["resolved"] > 0,
    }


def run_import(context: JobContext) -> JobResult:
    """Import (or preview) the kept file with the uploader's rights as they are now."""
    params = context.params
    organisation = importing_organisations(context.viewer).filter(pk=params["organisation"]).first()
    if organisation is None:  # the role, or the membership, no longer imports for it
        raise PermissionDenied
    mapping = _mapping(organisation, params["mapping"])
    data = uploads.read_upload(UPLOAD_KIND, context.user.pk, params["upload"])
    if data is None:
        raise JobError(_("Filen finns inte längre; ladda upp den igen."))
    run = {"job": context.job.pk, "run": context.job.run}
    stored = None if params["dry_run"] else _stored_by_this_run(run)
    try:
        summary = import_reports(
            data,
            params["name"],
            organisation,
            mapping,
            quarantine=params["quarantine"],
            # Stored already: only checked again, for the bad rows' reasons.
            dry_run=params["dry_run"] or stored is not None,
            actor=context.user,
            progress=_moving(context.progress),
            audit_extra=run,
        )
    except ParseError as exc:  # kept with the job: it may quote cells ("filen har: …")
        raise JobError(scrub_text(str(exc))) from None
    if stored is not None:
        summary = replace(summary, dry_run=False, **{k: stored[k] for k in STORED_COUNTS})
    if summary.rejected and not summary.dry_run:
        raise JobError(_rejection(summary))
    return JobResult(_summary_file(summary), "import.json", "application/json")


# What an import's audit entry keeps of its summary (``ImportSummary.as_dict``).
STORED_COUNTS = ("rows", "created", "updated", "unchanged", "quarantined", "resolved")


def _stored_by_this_run(run: Mapping[str, int]) -> dict[str, Any] | None:
    """The audit entry's detail of the import this run of the job stored, if an earlier
    delivery of the run got that far: the worker stopped after the import's transaction and
    before the job was finished, and the queue delivered the task again. Importing once more
    would store nothing new and report every row as unchanged; the first import's counts are
    the run's."""
    return (
        AuditEntry.objects.filter(
            action="lagesbild.reports.imported", detail__job=run["job"], detail__run=run["run"]
        )
        .values_list("detail", flat=True)
        .first()
    )


def _mapping(organisation: Organisation, pk: int | None) -> ImportMapping | None:
    if pk is None:
        return None
    mapping = ImportMapping.objects.filter(pk=pk, organisation=organisation).first()
    if mapping is None:
        raise JobError(_("Kolumnmappningen finns inte längre; välj en annan och ladda upp igen."))
    return mapping


def _moving(report: Callable[[int], None]) -> Callable[[Sequence[T], str], Iterable[T]]:
    """Return the importer's progress wrapper: each pass moves its share of the job's bar."""
    spans = iter((CHECKING, STORING))

    def wrap(items: Sequence[T], _label: str) -> Iterable[T]:
        start, end = next(spans, STORING)
        return _stepped(items, start, end, report)

    return wrap


def _stepped(
    items: Sequence[T], start: int, end: int, report: Callable[[int], None]
) -> Iterator[T]:
    """Yield ``items``, moving the bar from ``start`` to ``end`` once per percent, not per row."""
    every = max(1, len(items) // max(1, end - start))
    for done, item in enumerate(items):
        if done % every == 0:
            report(start + (end - start) * done // len(items))
        yield item
    report(end)


def _scrubbed(errors: Iterable[RowError]) -> list[RowError]:
    """The reasons as they may be kept: a reason may quote a cell ("okänd kategori '…'")."""
    return [RowError(e.source, e.line, scrub_text(e.reason)) for e in errors]


def _rejection(summary: ImportSummary) -> str:
    """The message of a file whose bad rows stopped it: how many, then file:line: reason each."""
    count = len(summary.errors)
    lines = [
        # The import page's own sentence (templates/reports/import_summary.html).
        ngettext(
            "%(counter)s rad är felaktig; ingenting importeras. Rätta filen eller välj karantän.",
            "%(counter)s rader är felaktiga; ingenting importeras. Rätta filen eller välj "
            "karantän.",
            count,
        )
        % {"counter": format_number(count)}
    ]
    if count > SHOWN_ERRORS:
        first = _("de första %(shown)s av %(total)s") % {
            "shown": format_number(SHOWN_ERRORS),
            "total": format_number(count),
        }
        lines.append(f"{_('Felaktiga rader')} ({first}):")
    shown = _scrubbed(summary.errors[:SHOWN_ERRORS])
    return "\n".join(lines + [f"{e.source}:{e.line}: {e.reason}" for e in shown])


def _summary_file(summary: ImportSummary) -> bytes:
    """The summary the job page shows: the counts and the first bad rows, reasons scrubbed."""
    errors = _scrubbed(summary.errors[:SHOWN_ERRORS])
    content = {
        **summary.as_dict(),
        "dry_run": summary.dry_run,
        "errors_shown": [[e.source, e.line, e.reason] for e in errors],
    }
    return json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8")


def import_page(job: Job) -> tuple[str, dict[str, Any]]:
    """The job page of a finished import: the summary as the import page shows it."""
    try:
        with job.result.open("rb") as handle:
            content = json.load(handle)
    except FileNotFoundError:
        return "jobs/job.html", {}
    context = {
        "summary": shown_summary(content, content["dry_run"]),
        "shown_errors": [RowError(*error) for error in content["errors_shown"]],
    }
    return "reports/import_job.html", context


def discard_import_upload(job: Job) -> None:
    """Remove the file the job read, unless another pending job of the uploader still needs it
    (the preview and the import of one file are kept under the same token)."""
    token = job.params.get("upload", "")
    waiting = Job.objects.filter(
        kind=IMPORT_KIND,
        created_by_id=job.created_by_id,
        status__in=(Job.Status.QUEUED, Job.Status.RUNNING),
        params__upload=token,
    ).exclude(pk=job.pk)
    if not waiting.exists():
        uploads.discard_upload(UPLOAD_KIND, job.created_by_id, token)


IMPORT = JobKind(IMPORT_KIND, run_import, ended=discard_import_upload, page=import_page)
