"""The weekly meeting: list, creation, its page (agenda, minutes, focus areas, decisions), PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lagesbild.core.weeks import WeekError, last_complete_week, not_begun
from lagesbild.jobs.starting import start_job
from lagesbild.measures.access import ALL_FIELDS, manages_measures
from lagesbild.measures.forms import MeasureForm, add_service_errors
from lagesbild.measures.services import MeasureData
from lagesbild.meetings.access import meeting_for
from lagesbild.meetings.agenda import lacks_place_cells, with_place_cells
from lagesbild.meetings.forms import FocusAreaForm, MeetingForm, MinutesForm, suggested_date
from lagesbild.meetings.jobs import MINUTES_PDF, minutes_title
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.rendering import minutes_context
from lagesbild.meetings.services import (
    FocusItem,
    add_focus_area,
    create_meeting,
    decide_measure,
    record_minutes,
    refresh_agenda,
    remove_focus_area,
    stored_place_cells,
)
from lagesbild.organisations.access import Viewer, viewer_for, viewer_in
from lagesbild.reports.exports import parse_week
from lagesbild.web.chosen_municipality import opens_chosen_municipality

# A decision is taken as decided; how it goes is followed up later on the measure's page.
DECISION_FIELDS = ALL_FIELDS - {"status", "done_date", "follow_up"}
EXPORTED = "lagesbild.meeting.exported"


def _require_manager(viewer: Viewer, municipality_id: int) -> None:
    if not manages_measures(viewer, municipality_id):
        raise PermissionDenied(_("Bara samordnare och administratörer kan leda mötet."))


def _forms(request: HttpRequest, meeting: Meeting, bound: dict | None = None) -> dict:
    """Return the meeting page's forms, with ``bound`` replacing the one that was posted."""
    viewer = viewer_for(request.user)
    municipality = meeting.municipality
    forms = {
        "minutes_form": MinutesForm(
            municipality=municipality,
            initial={"minutes": meeting.minutes, "participants": list(meeting.participants.all())},
        ),
        "focus_form": FocusAreaForm(municipality=municipality, prefix="fokus"),
        "decision_form": MeasureForm(
            municipality=municipality, viewer=viewer, editable=DECISION_FIELDS, prefix="beslut"
        ),
    }
    return forms | (bound or {})


def _unsaved(bound: dict) -> dict | None:
    """What the top of the page says when a form at its foot was refused: the page comes back
    scrolled to its top, often screens above the form (8 000 px on a phone)."""
    for name, anchor, message in (
        ("minutes_form", "record-form-heading", _("Anteckningarna är inte sparade än.")),
        ("focus_form", "focus-form-heading", _("Fokusområdet är inte tillagt än.")),
        ("decision_form", "decision-form-heading", _("Beslutet är inte registrerat än.")),
    ):
        if name in bound and bound[name].errors:
            return {"anchor": anchor, "message": message}
    return None


def _page(request: HttpRequest, meeting: Meeting, status: int = 200, **bound) -> HttpResponse:
    viewer = viewer_for(request.user)
    context = minutes_context(meeting) | {
        "can_manage": manages_measures(viewer, meeting.municipality_id)
    }
    if context["can_manage"]:
        context |= _forms(request, meeting, bound) | {"unsaved": _unsaved(bound)}
        if lacks_place_cells(context["sections"]):  # stored before places kept their cells
            cells = stored_place_cells(meeting)
            context["sections"] = with_place_cells(context["sections"], cells)
    return render(request, "meetings/meeting.html", context, status=status)


@opens_chosen_municipality
@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """List the municipality's meetings, newest first."""
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    meetings = Meeting.objects.filter(municipality=municipality).order_by("-iso_week")
    this_week = last_complete_week(timezone.localdate())
    context = {
        "municipality": municipality,
        "meetings": meetings,
        "can_manage": manages_measures(viewer, municipality.pk),
        "this_week": this_week,
        # Once made, the button opens it: "Skapa mötet" led to "Veckans möte finns redan".
        "this_meeting": meetings.filter(iso_week=str(this_week)).first(),
    }
    return render(request, "meetings/meeting_list.html", context)


def _new_meeting_form(request: HttpRequest, municipality) -> HttpResponse:
    """Show the form for the week asked for, or go to that week's meeting if there is one."""
    try:
        week = parse_week(request.GET.get("vecka") or str(last_complete_week(timezone.localdate())))
    except WeekError as exc:
        return render(request, "error.html", {"message": str(exc)}, status=400)
    if message := not_begun(week, timezone.localdate()):
        return render(request, "error.html", {"message": message}, status=400)
    existing = Meeting.objects.filter(municipality=municipality, iso_week=str(week)).first()
    if existing:
        messages.info(request, _("Veckans möte finns redan."))
        return redirect(existing)
    initial = {"week": str(week), "date": suggested_date(week, timezone.localdate())}
    return render(request, "meetings/meeting_form.html", {"form": MeetingForm(initial=initial)})


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    """Create the week's meeting (``?vecka=2024-W37``) with an agenda from the lägesbild."""
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    _require_manager(viewer, municipality.pk)
    if request.method == "GET":
        return _new_meeting_form(request, municipality)
    form = MeetingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting = create_meeting(
                municipality,
                data["week"],
                data["date"],
                request.user,
                title=data["title"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Mötet är skapat och dagordningen är hämtad ur lägesbilden.")
            )
            return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form}, status=400)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the meeting: agenda, minutes, next week's focus areas and the decisions."""
    return _page(request, meeting_for(viewer_for(request.user), pk))


def _managed_meeting(request: HttpRequest, pk: int) -> Meeting:
    viewer = viewer_for(request.user)
    meeting = meeting_for(viewer, pk)
    _require_manager(viewer, meeting.municipality_id)
    return meeting


@login_required
@require_POST
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the participants and minutes."""
    meeting = _managed_meeting(request, pk)
    form = MinutesForm(request.POST, municipality=meeting.municipality)
    if form.is_valid():
        record_minutes(
            meeting,
            form.cleaned_data["minutes"],
            form.cleaned_data["participants"],
            request.user,
            request=request,
        )
        messages.success(request, _("Anteckningarna är sparade."))
        return redirect("meeting-detail", pk=meeting.pk)
    return _page(request, meeting, 400, minutes_form=form)


@login_required
@require_POST
def focus_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a focus area for next week."""
    meeting = _managed_meeting(request, pk)
    form = FocusAreaForm(request.POST, municipality=meeting.municipality, prefix="fokus")
    if form.is_valid():
        try:
            add_focus_area(meeting, FocusItem(**form.cleaned_data), request.user, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Fokusområdet är tillagt."))
            return redirect(f"{meeting.get_absolute_url()}#focus-heading")
    return _page(request, meeting, 400, focus_form=form)


@login_required
@require_POST
def focus_remove(request: HttpRequest, pk: int, focus_pk: int) -> HttpResponse:
    """Remove a focus area; the ones below move up."""
    meeting = _managed_meeting(request, pk)
    focus = meeting.focus_areas.filter(pk=focus_pk).first()
    if focus is None:
        raise Http404
    remove_focus_area(focus, request.user, request=request)
    messages.success(request, _("Fokusområdet är borttaget."))
    return redirect(f"{meeting.get_absolute_url()}#focus-heading")


@login_required
@require_POST
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision: a measure with an owner, decided at this meeting."""
    meeting = _managed_meeting(request, pk)
    form = MeasureForm(
        request.POST,
        municipality=meeting.municipality,
        viewer=viewer_for(request.user),
        editable=DECISION_FIELDS,
        prefix="beslut",
    )
    if form.is_valid():
        try:
            decide_measure(meeting, MeasureData(**form.changes()), request.user, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Beslutet är registrerat som en åtgärd."))
            return redirect(f"{meeting.get_absolute_url()}#decisions-heading")
    return _page(request, meeting, 400, decision_form=form)


@login_required
@require_POST
def agenda_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Generate the agenda again from the current lägesbild."""
    meeting = _managed_meeting(request, pk)
    try:
        refresh_agenda(meeting, request.user, request=request)
    except ValidationError as exc:  # a meeting made for a week that has not begun
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Dagordningen är uppdaterad."))
    return redirect("meeting-detail", pk=meeting.pk)


@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as PDF, made in the background (GET: the button; POST: the job)."""
    meeting = meeting_for(viewer_for(request.user), pk)
    params = {"meeting": meeting.pk}
    return start_job(request, MINUTES_PDF, meeting.municipality, params, minutes_title(meeting))
