"""The coordinator's review queue and its actions; the work is done in ``reports/review.py``."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lagesbild.areas.models import Municipality
from lagesbild.core.weeks import IsoWeek, WeekError, last_complete_week, not_begun
from lagesbild.organisations.access import Viewer, viewer_for
from lagesbild.reports import review
from lagesbild.reports.access import log_sensitive_read
from lagesbild.reports.exports import parse_week
from lagesbild.reports.forms_review import CorrectionForm, MergeForm, RejectForm
from lagesbild.reports.models import Report
from lagesbild.web.ids import MAX_ID


class BadRequest(Exception):
    """Input the queue cannot act on; answered 400 with the message on the queue page."""


@dataclass
class ReviewItem:
    """A report on the queue; a reviewed one has its forms only when opened to review again."""

    report: Report
    correct_form: CorrectionForm | None = None
    reject_form: RejectForm | None = None


@dataclass
class Failed:
    """The action that failed, so its form is shown again with its errors, or a message."""

    message: str
    pk: int | None = None
    form: forms.Form | None = None


def _coordinator(request: HttpRequest) -> Viewer:
    viewer = viewer_for(request.user)
    if not viewer.managed_municipality_ids:
        raise PermissionDenied(_("Bara samordnare granskar rapporter."))
    return viewer


def _report(viewer: Viewer, pk: int) -> Report:
    """Return a report the coordinator reviews; any other is 404, as if it did not exist."""
    try:
        return review.reviewable_reports(viewer).select_related("municipality").get(pk=pk)
    except Report.DoesNotExist:
        raise Http404 from None


def _week(text: str | None, default: IsoWeek) -> IsoWeek:
    if not text:
        return default
    try:
        return parse_week(text)  # within YEARS: the calendar's edge has no previous week
    except WeekError as exc:
        raise BadRequest(str(exc)) from None


def queue_url(week: IsoWeek, municipality: Municipality | None = None) -> str:
    query = {"vecka": str(week)} | ({"kommun": municipality.code} if municipality else {})
    return f"{reverse('review-queue')}?{urlencode(query)}"


def _item(report: Report, failed: Failed | None, options: dict) -> ReviewItem:
    """The report with its correction and rejection forms (the failed one's, with errors)."""
    correct = CorrectionForm(
        prefix=f"c{report.pk}", municipality=report.municipality, options=options
    )
    reject = RejectForm(prefix=f"a{report.pk}")
    if failed and failed.pk == report.pk and failed.form is not None:
        correct = failed.form if isinstance(failed.form, CorrectionForm) else correct
        reject = failed.form if isinstance(failed.form, RejectForm) else reject
    return ReviewItem(report, correct, reject)


def _render_queue(
    request: HttpRequest,
    viewer: Viewer,
    municipality: Municipality,
    week: IsoWeek,
    failed: Failed | None = None,
    reopened: int | None = None,
) -> HttpResponse:
    """The queue page. A reviewed report's forms are written only for the one opened to be
    reviewed again (``reopened``, or the one whose action failed): a week has many reviewed
    reports, and their forms made the page hundreds of kilobytes."""
    queue = review.review_queue(viewer, municipality, week)
    for report in (*(r for group in queue.groups for r in group), *queue.reviewed):
        report.municipality = municipality  # known already; spares a query per report
    options = CorrectionForm(municipality=municipality).choice_options()
    opened = {reopened, failed.pk if failed else None} - {None}
    context = {
        "queue": queue,
        "duplicate_groups": [
            [_item(r, failed, options) for r in g] for g in queue.duplicate_groups
        ],
        "single": [_item(r, failed, options) for r in queue.single],
        "reviewed": [
            _item(r, failed, options) if r.pk in opened else ReviewItem(r) for r in queue.reviewed
        ],
        "reopened": reopened,
        "reviewed_open": any(r.pk in opened for r in queue.reviewed),
        "previous_week": week.previous(),
        # No link into a week that has not begun (from the running week's page).
        "next_week": None if not_begun(week.next(), timezone.localdate()) else week.next(),
        "failed": failed,
    }
    shown = [*(r for group in queue.groups for r in group), *queue.reviewed]
    log_sensitive_read(request.user, shown, request, "review")
    return render(request, "reports/review.html", context, status=400 if failed else 200)


def _messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Show the week's pending reports, likely duplicates together, with the review actions."""
    viewer = _coordinator(request)
    municipality = review.reviewed_municipality(viewer, request.GET.get("kommun"))
    try:
        week = _week(request.GET.get("vecka"), last_complete_week(timezone.localdate()))
        # A week that has not begun has nothing to review; it had been shown as "pågår".
        unbegun = not_begun(week, timezone.localdate())
        if unbegun:
            raise BadRequest(unbegun)
        reopened = _report_number(request.GET.get("granska_om"))
    except BadRequest as exc:
        return render(request, "error.html", {"message": str(exc)}, status=400)
    return _render_queue(request, viewer, municipality, week, reopened=reopened)


def _report_number(text: str | None) -> int | None:
    if not text:
        return None
    digits = text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID))
    if not digits or not 1 <= int(text) <= MAX_ID:
        raise BadRequest(_("Ange rapportens nummer, t.ex. granska_om=12."))
    return int(text)


def _after(request: HttpRequest, report: Report, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(queue_url(_posted_week(request, report), report.municipality))


def _posted_week(request: HttpRequest, report: Report) -> IsoWeek:
    # A report may begin up to a quarter of an hour ahead (the form's clock tolerance): late on
    # a Sunday its week has not begun yet, and the queue would refuse it.
    own = min(review.week_of(report), IsoWeek.containing(timezone.localdate()))
    try:
        return _week(request.POST.get("vecka"), own)
    except BadRequest:
        return own


def _failed(request: HttpRequest, viewer: Viewer, report: Report, failed: Failed) -> HttpResponse:
    return _render_queue(
        request, viewer, report.municipality, _posted_week(request, report), failed
    )


@require_POST
@login_required
def review_accept(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _coordinator(request)
    report = _report(viewer, pk)
    try:
        review.accept_report(report, request.user, request)
    except ValidationError as exc:
        return _failed(request, viewer, report, Failed(_messages_of(exc), pk))
    return _after(request, report, _("Rapport %(pk)s är godkänd.") % {"pk": pk})


@require_POST
@login_required
def review_correct(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _coordinator(request)
    report = _report(viewer, pk)
    form = CorrectionForm(request.POST, prefix=f"c{pk}", municipality=report.municipality)
    try:
        if not form.is_valid():
            raise ValidationError(_("Rättningen gick inte att spara; se fälten."))
        review.correct_and_accept(report, form.correction(), request.user, request)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        return _failed(request, viewer, report, Failed(_messages_of(exc), pk, form))
    return _after(request, report, _("Rapport %(pk)s är rättad och godkänd.") % {"pk": pk})


@require_POST
@login_required
def review_reject(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _coordinator(request)
    report = _report(viewer, pk)
    form = RejectForm(request.POST, prefix=f"a{pk}")
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"][0])
        review.reject_report(report, form.cleaned_data["reason"], request.user, request)
    except ValidationError as exc:
        if not form.errors:
            form.add_error(None, exc)
        return _failed(request, viewer, report, Failed(_messages_of(exc), pk, form))
    return _after(request, report, _("Rapport %(pk)s är avvisad.") % {"pk": pk})


def _merge_reports(viewer: Viewer, form: MergeForm) -> tuple[Report, list[Report]]:
    """Return the primary and its duplicates; a number the coordinator may not review is 400."""
    data = form.cleaned_data
    wanted = [data["primary"], *data["duplicates"]]
    found = review.reviewable_reports(viewer).select_related("municipality").in_bulk(wanted)
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ValidationError(
            _("Rapport %(pk)s finns inte bland de rapporter du granskar.") % {"pk": missing[0]}
        )
    return found[data["primary"]], [found[pk] for pk in data["duplicates"]]


@require_POST
@login_required
def review_merge(request: HttpRequest) -> HttpResponse:
    viewer = _coordinator(request)
    form = MergeForm(request.POST)
    municipality = review.reviewed_municipality(viewer, request.POST.get("kommun"))
    fallback = last_complete_week(timezone.localdate())
    try:
        week = _week(request.POST.get("vecka"), fallback)
    except BadRequest:
        week = fallback
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        primary, duplicates = _merge_reports(viewer, form)
        review.merge_reports(primary, duplicates, request.user, request)
    except ValidationError as exc:
        return _render_queue(request, viewer, municipality, week, Failed(_messages_of(exc)))
    ids = ", ".join(str(d.pk) for d in duplicates)
    message = ngettext(
        "Rapport %(ids)s är sammanslagen med rapport %(pk)s.",
        "Rapporterna %(ids)s är sammanslagna med rapport %(pk)s.",
        len(duplicates),
    ) % {"ids": ids, "pk": primary.pk}
    return _after(request, primary, message)


@require_POST
@login_required
def review_accept_all(request: HttpRequest) -> HttpResponse:
    viewer = _coordinator(request)
    municipality = review.reviewed_municipality(viewer, request.POST.get("kommun"))
    try:
        if not request.POST.get("vecka"):
            raise BadRequest(_("Ange veckan, t.ex. 2024-W37."))
        week = _week(request.POST.get("vecka"), last_complete_week(timezone.localdate()))
    except BadRequest as exc:
        return render(request, "error.html", {"message": str(exc)}, status=400)
    count = review.accept_remaining(municipality, week, request.user, request)
    accepted = ngettext(
        "%(n)s rapport godkänd för vecka %(week)s.",
        "%(n)s rapporter godkända för vecka %(week)s.",
        count,
    )
    messages.success(request, accepted % {"n": count, "week": week})
    return redirect(queue_url(week, municipality))
