"""The meeting's minutes as PDF, made in the background."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lagesbild.audit.services import log_action
from lagesbild.jobs.registry import JobContext, JobKind, JobResult
from lagesbild.meetings.access import meeting_for
from lagesbild.meetings.rendering import render_pdf

MINUTES_PDF = "meeting-pdf"
EXPORTED = "lagesbild.meeting.exported"


def minutes_title(meeting) -> str:
    return _("Protokoll, möte vecka %(week)s (PDF)") % {"week": meeting.iso_week}


def run_minutes_pdf(context: JobContext) -> JobResult:
    meeting = meeting_for(context.viewer, context.params["meeting"])
    pdf = render_pdf(meeting)
    detail = {"week": meeting.iso_week, "format": "pdf", "via": "job"}
    return JobResult(
        pdf,
        f"protokoll-{meeting.municipality.code}-{meeting.iso_week}.pdf",
        "application/pdf",
        audits=(lambda: log_action(context.user, EXPORTED, meeting, detail),),
    )


MINUTES = JobKind(MINUTES_PDF, run_minutes_pdf)
