"""Batch filing: a reporter files the week's observations in one go, all rows or none."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lagesbild.organisations.access import viewer_for
from lagesbild.reports.batch import BatchRowError, create_reports, new_report
from lagesbild.reports.forms import new_submission_key, submission_key
from lagesbild.reports.forms_batch import MAX_ROWS, BatchRowForm, batch_formset, posted_rows
from lagesbild.reports.services import NewReport, sending_id

ADD_ROW = "add_row"
ALREADY_FILED = gettext_lazy(
    "Rapporterna var redan skickade och registrerades bara en gång. Här är de."
)


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
        news = _sent_rows(request, [new_report(f.cleaned_data) for f in forms])
        try:
            _reports, count = create_reports(news, request.user, request)
        except BatchRowError as exc:
            forms[exc.index].add_error(None, exc.error)
        else:
            if not count:
                messages.info(request, ALREADY_FILED)
                return redirect("report-list")
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


def _sent_rows(request: HttpRequest, news: list[NewReport]) -> list[NewReport]:
    """Give each row the id of this sending (``services.sending_id``), by its place in the batch,
    so that the batch sent again files no row twice."""
    key = submission_key(request.POST.get("submission", ""))
    if not key:
        return news
    return [replace(new, external_id=sending_id(f"{key}-{i}", new)) for i, new in enumerate(news)]


def _render(request: HttpRequest, formset, status: int = 200) -> HttpResponse:
    bad_rows = [i + 1 for i, form in enumerate(formset.forms) if formset.is_bound and form.errors]
    # A batch shown again (a row added, an error) keeps the key it was sent with.
    key = submission_key(request.POST.get("submission", "")) or new_submission_key()
    context = {
        "formset": formset,
        "bad_rows": bad_rows,
        "max_rows": MAX_ROWS,
        "submission": key,
    }
    return render(request, "reports/batch.html", context, status=status)
