"""The import page for partners' files, and the import template downloads.

A file up to ``IMPORT_JOB_BYTES`` is previewed or imported within the request, as always; a larger
one is kept and handed to a background job (``reports.jobs``) that runs the same import, so that
tens of thousands of rows do not outlast the web server's timeout.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lagesbild.core.parsers.common import ParseError
from lagesbild.jobs.services import enqueue
from lagesbild.jobs.uploads import keep_upload
from lagesbild.organisations.access import viewer_for
from lagesbild.reports.forms_import import ImportForm, importing_organisations
from lagesbild.reports.importing import (
    COLUMN_HELP,
    COLUMN_LABELS,
    DEFAULT_COLUMNS,
    ImportSummary,
    import_reports,
    template_csv,
    template_xlsx,
)
from lagesbild.reports.jobs import (
    IMPORT_KIND,
    SHOWN_ERRORS,
    UPLOAD_KIND,
    import_params,
    import_title,
    shown_summary,
)
from lagesbild.reports.models import ImportMapping, QuarantinedRow

# Above this size a file is previewed and imported in the background. Size, not rows, because it
# is known before the file is read (reading a large workbook alone takes seconds). A row of our
# template takes some 100–300 bytes in CSV and half that in a workbook, so this is about
# 2 000–5 000 rows of CSV or up to 8 000 of Excel: seconds of work, well within gunicorn's 120 s.
IMPORT_JOB_BYTES = 512 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _start_job(request: HttpRequest, form: ImportForm) -> HttpResponse:
    """Keep the file and queue its preview or import; go to the job's page."""
    data = form.cleaned_data
    upload, organisation = data["file"], data["organisation"]
    dry_run = "import" not in request.POST
    token = keep_upload(UPLOAD_KIND, int(request.user.pk or 0), upload.read())  # logged in
    params = import_params(
        organisation,
        data["mapping"],
        token,
        upload.name,
        quarantine=data["quarantine"],
        dry_run=dry_run,
    )
    title = import_title(upload.name, organisation, dry_run)
    job = enqueue(IMPORT_KIND, request.user, organisation.municipality, params, title, request)
    return redirect("job-detail", pk=job.pk)


def _run(request: HttpRequest, form: ImportForm) -> ImportSummary | None:
    """Run the import (or the preview) the form asks for; a file-level error goes on the form."""
    data = form.cleaned_data
    upload = data["file"]
    try:
        return import_reports(
            upload.read(),
            upload.name,
            data["organisation"],
            data["mapping"],
            quarantine=data["quarantine"],
            dry_run="import" not in request.POST,
            actor=request.user,
            request=request,
        )
    except ParseError as exc:
        form.add_error("file", exc.reason)
        return None


@login_required
def report_import(request: HttpRequest) -> HttpResponse:
    """Preview ("Förhandsgranska") or import a partner's CSV or Excel file of reports."""
    organisations = importing_organisations(viewer_for(request.user))
    allowed = {str(pk) for pk in organisations.values_list("pk", flat=True)}
    if not allowed:
        raise PermissionDenied(_("Din roll kan inte importera rapporter."))
    if request.method == "POST" and request.POST.get("organisation", "") not in allowed | {""}:
        raise PermissionDenied(_("Du kan inte importera för den organisationen."))
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisations=organisations,
    )
    valid = request.method == "POST" and form.is_valid()
    if valid and form.cleaned_data["file"].size > IMPORT_JOB_BYTES:
        return _start_job(request, form)
    summary = _run(request, form) if valid else None
    if summary and not summary.dry_run and not summary.rejected:
        messages.success(request, _("Filen är importerad."))
    context = {
        "form": form,
        "summary": shown_summary(summary.as_dict(), summary.dry_run) if summary else None,
        "shown_errors": summary.errors[:SHOWN_ERRORS] if summary else (),
        "columns": [(heading, COLUMN_HELP[name]) for name, heading in DEFAULT_COLUMNS.items()],
        "mappings": [_explained(mapping) for mapping in form.mappings],
        "waiting": _waiting_rows(organisations),
    }
    status = 400 if request.method == "POST" and summary is None else 200
    return render(request, "reports/import.html", context, status=status)


def _explained(mapping: ImportMapping) -> dict[str, Any]:
    """A saved mapping as the page explains it: each of our columns and the file's heading."""
    return {
        "mapping": mapping,
        "columns": [
            (COLUMN_LABELS[name], mapping.columns[name])
            for name in COLUMN_LABELS
            if name in mapping.columns
        ],
        "category_values": sorted(mapping.category_values.items()),
    }


def _waiting_rows(organisations: QuerySet) -> list[tuple[QuarantinedRow, str]]:
    """The unresolved quarantined rows of the organisations the person imports for, each with
    its filled-in cells as "heading: value"."""
    waiting = QuarantinedRow.objects.filter(organisation__in=organisations, resolved=False)
    return [
        (row, "; ".join(f"{heading}: {value}" for heading, value in row.data.items() if value))
        for row in waiting.select_related("organisation")[:SHOWN_ERRORS]
    ]


@login_required
def import_template_csv(request: HttpRequest) -> HttpResponse:
    """Download the import template as CSV (UTF-8 with BOM, ';')."""
    return HttpResponse(
        template_csv(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="lagesbild-import.csv"'},
    )


@login_required
def import_template_xlsx(request: HttpRequest) -> HttpResponse:
    """Download the import template as an Excel workbook."""
    return HttpResponse(
        template_xlsx(),
        content_type=XLSX_TYPE,
        headers={"Content-Disposition": 'attachment; filename="lagesbild-import.xlsx"'},
    )
