"""The goals dashboard (/mal/), the goal and indicator forms, and entering yearly values."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagesbild.goals.access import (
    ENTERED_BY_HAND,
    edits_goals,
    enters_values,
    goal_for,
    indicator_for,
)
from lagesbild.goals.dashboard import (
    comparison_text,
    default_year,
    goal_rows,
    source_text,
    summary_items,
)
from lagesbild.goals.forms import (
    GoalForm,
    IndicatorForm,
    ValueForm,
    YearForm,
    goal_initial,
    indicator_initial,
)
from lagesbild.goals.models import Goal, Indicator
from lagesbild.goals.services import enter_value, save_goal, save_indicator
from lagesbild.goals.status import indicator_status
from lagesbild.measures.forms import add_service_errors
from lagesbild.organisations.access import viewer_for, viewer_in
from lagesbild.web.chosen_municipality import opens_chosen_municipality

EDIT_REFUSED = gettext_lazy("Bara samordnare och administratörer ändrar mål och indikatorer.")


@opens_chosen_municipality
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show every goal with its indicators' status and series in a year (?ar=, ?kommun=)."""
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    this_year = default_year(timezone.localdate())
    form = YearForm(request.GET or None, initial={"ar": this_year})
    invalid = form.is_bound and not form.is_valid()
    year = this_year
    if form.is_bound and not invalid and form.cleaned_data["ar"]:
        year = form.cleaned_data["ar"]
    goals = goal_rows(municipality, year, viewer)
    context = {
        "municipality": municipality,
        "year": year,
        "year_to_come": year > timezone.localdate().year,
        "year_form": form,
        "goals": goals,
        "summary": summary_items(goals),
        "can_edit": edits_goals(viewer, municipality.pk),
    }
    return render(request, "goals/dashboard.html", context, status=400 if invalid else 200)


def _require_editor(request: HttpRequest, municipality_id: int) -> None:
    if not edits_goals(viewer_for(request.user), municipality_id):
        raise PermissionDenied(EDIT_REFUSED)


@login_required
def goal_create(request: HttpRequest) -> HttpResponse:
    """Create a goal of the agreement."""
    _, municipality = viewer_in(request.user, request.GET.get("kommun"))
    _require_editor(request, municipality.pk)
    return _goal_form(request, municipality, None)


@login_required
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a goal's title, description or order."""
    goal = goal_for(viewer_for(request.user), pk)
    _require_editor(request, goal.municipality_id)
    return _goal_form(request, goal.municipality, goal)


def _goal_form(request: HttpRequest, municipality, goal: Goal | None) -> HttpResponse:
    initial = goal_initial(goal) if goal else {"sort_order": municipality.goals.count() + 1}
    form = GoalForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_goal(municipality, form.to_data(), request.user, goal=goal, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Målet är sparat."))
            return redirect("goal-dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "goals/goal_form.html", {"form": form, "goal": goal}, status=status)


@login_required
def indicator_create(request: HttpRequest, goal_pk: int) -> HttpResponse:
    """Add an indicator to a goal."""
    goal = goal_for(viewer_for(request.user), goal_pk)
    _require_editor(request, goal.municipality_id)
    return _indicator_form(request, goal, None)


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an indicator: its source, baseline, target and direction."""
    indicator = indicator_for(viewer_for(request.user), pk)
    _require_editor(request, indicator.goal.municipality_id)
    return _indicator_form(request, indicator.goal, indicator)


def _indicator_form(request: HttpRequest, goal: Goal, indicator: Indicator | None):
    initial = indicator_initial(indicator) if indicator else {"direction": "decrease"}
    form = IndicatorForm(
        request.POST if request.method == "POST" else None,
        municipality=goal.municipality,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_indicator(goal, form.to_data(), request.user, indicator=indicator, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indikatorn är sparad."))
            return redirect("goal-dashboard")
    context = {"form": form, "goal": goal, "indicator": indicator}
    status = 400 if request.method == "POST" else 200
    return render(request, "goals/indicator_form.html", context, status=status)


@login_required
def indicator_values(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an indicator's yearly values; the police and coordinators enter new ones here."""
    viewer = viewer_for(request.user)
    indicator = indicator_for(viewer, pk)
    computed = indicator.kind not in ENTERED_BY_HAND
    may_enter = enters_values(viewer, indicator)
    if request.method == "POST" and not computed and not may_enter:
        raise PermissionDenied(_("Du får inte mata in värden för den här indikatorn."))
    year = default_year(timezone.localdate())
    form = (
        ValueForm(request.POST if request.method == "POST" else None, initial={"year": year})
        if may_enter
        else None
    )
    refused = request.method == "POST" and computed
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            enter_value(
                indicator, d["year"], d["value"], request.user, note=d["note"], request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Värdet för %(year)s är sparat.") % {"year": d["year"]})
            return redirect("indicator-values", pk=indicator.pk)
    standing = indicator_status(indicator, year)
    context = {
        "indicator": indicator,
        "status": standing,
        "comparison": comparison_text(standing),
        "entered": indicator.values.select_related("entered_by").order_by("-year"),
        "source": source_text(indicator),
        "form": form,
        "can_edit": edits_goals(viewer, indicator.goal.municipality_id),
        "computed": computed,
        "refused": refused,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "goals/values.html", context, status=status)
