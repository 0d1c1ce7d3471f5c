"""The statutory document's PDF and DOCX, and the generation of a new draft, in the background."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from lagesbild.audit.services import log_action
from lagesbild.jobs.registry import JobContext, JobError, JobKind, JobResult
from lagesbild.statutory import services
from lagesbild.statutory.access import document_for, may_edit
from lagesbild.statutory.exports import EXPORTS, export_filename

EXPORT = "statutory-export"
DRAFT = "statutory-draft"
EXPORTED = "lagesbild.statutory.exported"


def export_title(document, fmt: str) -> str:
    return _("Lägesbild och åtgärdsplan %(year)s, version %(version)s (%(fmt)s)") % {
        "year": document.year,
        "version": document.version,
        "fmt": fmt.upper(),
    }


def draft_title(year: int) -> str:
    return _("Nytt utkast till lägesbild och åtgärdsplan %(year)s") % {"year": year}


def run_export(context: JobContext) -> JobResult:
    fmt = context.params["fmt"]
    document = document_for(context.viewer, context.params["document"])
    content = services.document_content(document)
    context.progress(30)
    render, content_type = EXPORTS[fmt]
    body = render(content)
    detail = {"year": document.year, "version": document.version, "format": fmt, "via": "job"}
    return JobResult(
        body,
        export_filename(content, fmt),
        content_type,
        audits=(lambda: log_action(context.user, EXPORTED, document, detail),),
    )


def run_draft(context: JobContext) -> JobResult:
    """Generate a new draft version; run in one transaction with the job's completion."""
    if not may_edit(context.viewer, context.municipality.pk):
        raise PermissionDenied
    try:
        document = services.generate_draft(
            context.municipality, context.params["year"], context.user
        )
    except ValidationError as exc:
        raise JobError(" ".join(exc.messages)) from None
    except services.StatutoryError as exc:
        raise JobError(str(exc)) from None
    return JobResult(url=reverse("statutory-document", args=[document.pk]))


KINDS = (JobKind(EXPORT, run_export), JobKind(DRAFT, run_draft, writes=True))
