"""The weekly lägesbild and the tertial analysis as PDF, made in the background."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.audit.services import log_action
from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.brief import weekly_brief
from lagesbild.briefings.caching import cached_week
from lagesbild.briefings.rendering import (
    TERTIAL_EXPORTED,
    WEEK_EXPORTED,
    brief_pdf,
    tertial_pdf,
    week_pdf,
)
from lagesbild.briefings.services import sensitive_ids, weekly_picture
from lagesbild.briefings.tertial import tertial_analysis
from lagesbild.core.periods import Tertial, TertialError, parse_tertial
from lagesbild.core.weeks import IsoWeek, WeekError, parse_iso_week
from lagesbild.jobs.registry import JobContext, JobError, JobKind, JobResult
from lagesbild.reports.access import log_sensitive_ids

WEEK_PDF = "week-pdf"
WEEK_BRIEF_PDF = "week-brief-pdf"
TERTIAL_PDF = "tertial-pdf"
PDF = "application/pdf"


def week_title(week: IsoWeek) -> str:
    return _("Veckans lägesbild %(week)s (PDF)") % {"week": week}


def brief_title(week: IsoWeek) -> str:
    return _("Mötesunderlag %(week)s (PDF, två sidor)") % {"week": week}


def tertial_title(tertial: Tertial) -> str:
    return _("Tertialanalys %(tertial)s (PDF)") % {"tertial": tertial}


def run_week_pdf(context: JobContext) -> JobResult:
    try:
        week = parse_iso_week(context.params["week"])
    except WeekError as exc:
        raise JobError(str(exc)) from None
    municipality, viewer = context.municipality, context.viewer
    picture = weekly_picture(viewer, municipality, week)
    context.progress(30)
    analysis = weekly_analysis(viewer, municipality, week)
    context.progress(60)
    pdf = week_pdf(municipality, picture, analysis, viewer)
    detail = {"week": str(week), "municipality": municipality.code, "format": "pdf", "via": "job"}
    return JobResult(
        pdf,
        f"lagesbild-{municipality.code}-{week}.pdf",
        PDF,
        audits=(
            lambda: log_sensitive_ids(context.user, sensitive_ids(picture), None, "job:week.pdf"),
            lambda: log_action(context.user, WEEK_EXPORTED, municipality, detail),
        ),
    )


def run_week_brief_pdf(context: JobContext) -> JobResult:
    try:
        week = parse_iso_week(context.params["week"])
    except WeekError as exc:
        raise JobError(str(exc)) from None
    municipality, viewer = context.municipality, context.viewer
    picture, analysis = cached_week(viewer, municipality, week)
    context.progress(50)
    brief = weekly_brief(municipality, picture, analysis, timezone.localdate())
    pdf = brief_pdf(municipality, brief)
    detail = {
        "week": str(week),
        "municipality": municipality.code,
        "format": "pdf",
        "document": "brief",
        "via": "job",
    }
    return JobResult(
        pdf,
        f"motesunderlag-{municipality.code}-{week}.pdf",
        PDF,
        audits=(lambda: log_action(context.user, WEEK_EXPORTED, municipality, detail),),
    )


def run_tertial_pdf(context: JobContext) -> JobResult:
    try:
        tertial = parse_tertial(context.params["tertial"])
    except TertialError as exc:
        raise JobError(str(exc)) from None
    municipality = context.municipality
    analysis = tertial_analysis(context.viewer, municipality, tertial)
    context.progress(50)
    pdf = tertial_pdf(analysis)
    detail = {
        "tertial": str(tertial),
        "municipality": municipality.code,
        "format": "pdf",
        "via": "job",
    }
    return JobResult(
        pdf,
        f"tertial-{municipality.code}-{tertial}.pdf",
        PDF,
        audits=(lambda: log_action(context.user, TERTIAL_EXPORTED, municipality, detail),),
    )


KINDS = (
    JobKind(WEEK_PDF, run_week_pdf),
    JobKind(WEEK_BRIEF_PDF, run_week_brief_pdf),
    JobKind(TERTIAL_PDF, run_tertial_pdf),
)
