"""Batch filing: a reporter files the week's observations in one go, all rows or none."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lagesbild.organisations.access import viewer_for
from lagesbild.reports.batch import BatchRowError, create_reports, new_report
from lagesbild.reports.forms_batch import MAX_ROWS, BatchRowForm, batch_formset, posted_rows

ADD_ROW = "add_row"


@login_required
def report_batch(request: HttpRequest) -> HttpResponse:
    """Show and handle the batch form; "Lägg till rad" re-renders with one more row, unsaved."""
    viewer = viewer_for(request.user)
    if not viewer.can_file_reports:
        raise PermissionDenied(_("Din roll kan inte rapportera händelser."))
    if request.method != "POST":
        return _render(request, batch_formset(viewer))
    if ADD_ROW in request.POST:
        rows = posted_rows(request.POST, BatchRowForm(viewer=viewer).fields)
        formset = batch_formset(viewer, rows=rows, extra=1)
        if len(formset.forms) > len(rows):
            # Without JavaScript the page reloads: put the keyboard where the new row starts.
            formset.forms[len(rows)].fields["category"].widget.attrs["autofocus"] = True
        return _render(request, formset)
    formset = batch_formset(viewer, request.POST)
    if formset.is_valid():
        forms = formset.filled_forms()
        try:
            reports = create_reports(
                [new_report(f.cleaned_data) for f in forms], request.user, request
            )
        except BatchRowError as exc:
            forms[exc.index].add_error(None, exc.error)
        else:
            count = len(reports)
            messages.success(
                request,
                ngettext(
                    "Tack! %(n)s rapport är registrerad.",
                    "Tack! %(n)s rapporter är registrerade.",
                    count,
                )
                % {"n": count},
            )
            return redirect("report-list")
    return _render(request, formset, status=400)


def _render(request: HttpRequest, formset, status: int = 200) -> HttpResponse:
    bad_rows = [i + 1 for i, form in enumerate(formset.forms) if formset.is_bound and form.errors]
    context = {"formset": formset, "bad_rows": bad_rows, "max_rows": MAX_ROWS}
    return render(request, "reports/batch.html", context, status=status)
