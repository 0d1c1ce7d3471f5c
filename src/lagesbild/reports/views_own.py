"""A reporter changes or withdraws their own report, until a coordinator has reviewed it.

Who may, and until when, is the access layer's rule (``organisations.access.own_report_refusal``);
the writes are ``services.change_own_report`` and ``services.withdraw_own_report``, which ask it
again with the report locked (a coordinator may review it between the page and the sending).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lagesbild.core.privacy import added_markers
from lagesbild.organisations.access import (
    Viewer,
    is_others_report,
    own_report_refusal,
    viewer_for,
)
from lagesbild.reports.access import report_for_reading
from lagesbild.reports.batch import new_report
from lagesbild.reports.forms import ChangeReportForm
from lagesbild.reports.models import Report
from lagesbild.reports.services import Outcome, change_own_report, withdraw_own_report
from lagesbild.reports.views import how_to_correct, place_urls, report_map_data, saved_message

# Why a write was refused with the report locked: the sentence goes to the report's page.
_REFUSED = ("refused", "stale")


def _own_report(request: HttpRequest, pk: int) -> tuple[Viewer, Report]:
    """Return the report if the user may see it (else 404, as everywhere) and it is theirs
    (else 403, with the sentence that says who may)."""
    viewer = viewer_for(request.user)
    report = report_for_reading(viewer, pk)
    if is_others_report(viewer, report):
        raise PermissionDenied(own_report_refusal(viewer, report))
    return viewer, report


def _back_to_report(
    request: HttpRequest, viewer: Viewer, report: Report, sentence: str
) -> HttpResponse:
    """Back to the report's page, with ``sentence`` unless the page says it already (as read
    now: a coordinator may have reviewed it since this request read it)."""
    now = Report.objects.filter(pk=report.pk).first()
    if now is None or sentence != how_to_correct(viewer, now):
        messages.error(request, sentence)
    return redirect("report-detail", pk=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def report_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the report form filled in with the user's own report, and store the change."""
    viewer, report = _own_report(request, pk)
    refusal = own_report_refusal(viewer, report)
    if refusal is not None:
        return _back_to_report(request, viewer, report, refusal)
    posted = request.method == "POST"
    form = ChangeReportForm(request.POST if posted else None, viewer=viewer, report=report)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            stored, outcome = change_own_report(
                report, new_report(data), request.user, data["version"], request
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) in _REFUSED:
                return _back_to_report(request, viewer, report, exc.messages[0])
            form.add_error(None, exc)
        else:
            if outcome is Outcome.UNCHANGED:
                messages.info(request, _("Rapporten var redan sparad så här; inget ändrades."))
            else:
                typed = data["place_text"] + data["description"]
                markers = added_markers(typed, stored.place_text + stored.description)
                saved = _("Ändringen är sparad. Rapporten väntar fortfarande på granskning.")
                messages.success(request, saved_message(saved, markers))
            return redirect("report-detail", pk=report.pk)
    context = {
        "form": form,
        "changing": report,
        "map_data": report_map_data(viewer.within(report.municipality_id))
        | place_urls(report.organisation.municipality.code),
    }
    return render(request, "reports/report_form.html", context, status=400 if posted else 200)


@login_required
@require_http_methods(["GET", "POST"])
def report_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask whether to withdraw the user's own report (GET); withdraw it (POST)."""
    viewer, report = _own_report(request, pk)
    refusal = own_report_refusal(viewer, report)
    if refusal is not None:
        return _back_to_report(request, viewer, report, refusal)
    if request.method == "POST":
        try:
            withdraw_own_report(report, request.user, request)
        except ValidationError as exc:
            return _back_to_report(request, viewer, report, exc.messages[0])
        messages.success(
            request, _("Rapporten är återkallad. Den räknas inte i lägesbilden och granskas inte.")
        )
        return redirect("report-detail", pk=report.pk)
    return render(request, "reports/report_withdraw.html", {"report": report})
