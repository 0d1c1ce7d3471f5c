"""The measures board, a measure's page with its history, and the create and edit forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lagesbild.areas.models import Municipality
from lagesbild.measures.access import (
    editable_fields,
    manages_measures,
    measure_for,
    visible_measures,
)
from lagesbild.measures.evaluation import evaluate_measure, outcome_for, set_up_evaluation
from lagesbild.measures.evaluation_display import evaluation_panel
from lagesbild.measures.evaluation_forms import EvaluationForm, evaluation_initial
from lagesbild.measures.finding import (
    Finding,
    finding_from,
    measure_initial,
    set_up_from_finding,
    target_label,
)
from lagesbild.measures.forms import (
    MeasureFilterForm,
    MeasureForm,
    MeasureFromFindingForm,
    add_service_errors,
    initial_for,
)
from lagesbild.measures.history import history_rows
from lagesbild.measures.models import Measure
from lagesbild.measures.services import MeasureData, create_measure, update_measure
from lagesbild.organisations.access import Viewer, viewer_for, viewer_in
from lagesbild.reports.access import visible_reports
from lagesbild.web.chosen_municipality import opens_chosen_municipality


@opens_chosen_municipality
@login_required
def board(request: HttpRequest) -> HttpResponse:
    """Show the municipality's measures grouped by status, filtered by owner, district, category."""
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    filters = MeasureFilterForm(request.GET or None, municipality=municipality)
    invalid = filters.is_bound and not filters.is_valid()
    measures = filters.filter(
        visible_measures(viewer)
        .filter(municipality=municipality)
        .select_related("owner", "decided_at_meeting")
        .prefetch_related("areas", "categories")
    )
    by_status = [
        (value, label, [m for m in measures if m.status == value])
        for value, label in Measure.Status.choices
    ]
    groups = [
        {"status": value, "label": label, "measures": shown} for value, label, shown in by_status
    ]
    context = {
        "municipality": municipality,
        "filters": filters,
        "groups": groups,
        "total": sum(len(shown) for _value, _label, shown in by_status),
        "today": timezone.localdate(),
        "can_create": manages_measures(viewer, municipality.pk),
    }
    return render(request, "measures/board.html", context, status=400 if invalid else 200)


def _detail_context(request: HttpRequest, measure: Measure, form: EvaluationForm | None = None):
    viewer = viewer_for(request.user)
    can_set_up = manages_measures(viewer, measure.municipality_id)
    if form is None and can_set_up:
        initial = evaluation_initial(measure, timezone.localdate())
        form = EvaluationForm(measure=measure, initial=initial)
    # Reports the reader may not see at all are not named, as their own pages answer 404.
    reports = visible_reports(viewer)
    return {
        "measure": measure,
        "source_reports": list(reports.filter(measures=measure).order_by("pk")),
        "history": history_rows(measure, reports),
        "today": timezone.localdate(),
        "can_edit": bool(editable_fields(viewer, measure)),
        "evaluation": evaluation_panel(outcome_for(measure)),
        "evaluation_form": form if can_set_up else None,
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one measure with its evaluation and the full history of its changes."""
    measure = measure_for(viewer_for(request.user), pk)
    return render(request, "measures/detail.html", _detail_context(request, measure))


@login_required
@require_POST
def evaluation_setup(request: HttpRequest, pk: int) -> HttpResponse:
    """Set up the measure's evaluation (coordinators and admins), then evaluate it."""
    viewer = viewer_for(request.user)
    measure = measure_for(viewer, pk)
    if not manages_measures(viewer, measure.municipality_id):
        raise PermissionDenied(_("Bara samordnare och administratörer ställer in utvärderingar."))
    form = EvaluationForm(request.POST, measure=measure)
    if form.is_valid():
        try:
            set_up_evaluation(measure, form.to_input(), request.user, request=request)
            evaluate_measure(measure, request.user, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Utvärderingen är inställd."))
            return redirect(reverse("measure-detail", args=[measure.pk]) + "#evaluation-heading")
    context = _detail_context(request, measure, form) | {"evaluation_open": True}
    return render(request, "measures/detail.html", context, status=400)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """Create a measure outside a meeting (a meeting's decisions are made on the meeting page)."""
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    if not manages_measures(viewer, municipality.pk):
        raise PermissionDenied(_("Bara samordnare och administratörer kan skapa åtgärder."))
    finding = finding_from(request.GET, municipality, viewer)
    form = _create_form(request, municipality, viewer, finding)
    if request.method == "POST" and form.is_valid():
        try:
            measure = create_measure(
                municipality, MeasureData(**form.changes()), request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Åtgärden är skapad."))
            if finding is not None and form.cleaned_data.get("evaluate"):
                _evaluate_finding(request, measure, finding)
            return redirect("measure-detail", pk=measure.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "measures/form.html", {"form": form, "measure": None}, status=status)


def _create_form(
    request: HttpRequest, municipality: Municipality, viewer: Viewer, finding: Finding | None
) -> MeasureForm:
    data = request.POST if request.method == "POST" else None
    if finding is None:
        return MeasureForm(
            data, municipality=municipality, viewer=viewer, initial={"status": "proposed"}
        )
    target = target_label(finding)
    return MeasureFromFindingForm(
        data,
        municipality=municipality,
        viewer=viewer,
        initial=measure_initial(finding),
        target=target,
    )


def _evaluate_finding(request: HttpRequest, measure: Measure, finding: Finding) -> None:
    try:
        set_up_from_finding(measure, finding, request.user, request=request)
    except ValidationError as exc:
        messages.warning(
            request,
            _("Utvärderingen kunde inte ställas in: %(why)s Ställ in den på åtgärdens sida.")
            % {"why": " ".join(exc.messages)},
        )
    else:
        messages.success(request, _("Utvärderingen är inställd."))


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a measure; the owner organisation may change only status and follow-up."""
    viewer = viewer_for(request.user)
    measure = measure_for(viewer, pk)
    editable = editable_fields(viewer, measure)
    if not editable:
        raise PermissionDenied(_("Du kan inte ändra den här åtgärden."))
    form = MeasureForm(
        request.POST if request.method == "POST" else None,
        municipality=measure.municipality,
        viewer=viewer,
        editable=editable,
        with_comment=True,
        initial=initial_for(measure),
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = update_measure(
                measure, form.changes(), request.user, form.cleaned_data["comment"], request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ändringen är sparad.") if change else _("Inget ändrades."))
            return redirect("measure-detail", pk=measure.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "measures/form.html", {"form": form, "measure": measure}, status=status)
