"""The report form's place helpers: suggestions as you type, and the named place at a pin.

Both answer JSON and only to members of the municipality asked about (others get 404, as for
every page of a municipality that is not theirs).
"""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lagesbild.areas.models import Municipality
from lagesbild.areas.services import check_in_reach
from lagesbild.audit.services import log_action
from lagesbild.core.places import normalise_place_text
from lagesbild.core.text import text_problem
from lagesbild.organisations.access import viewer_in
from lagesbild.places.forms import PlaceForm
from lagesbild.places.models import Place
from lagesbild.places.services import gazetteer_for, place_json

MAX_QUERY = 100


def _refused(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@require_GET
@login_required
def place_suggestions(request: HttpRequest, code: str) -> JsonResponse:
    """Places whose names start with (or have a word starting with) ``q``."""
    _viewer, municipality = viewer_in(request.user, code)
    typed = request.GET.get("q", "")
    if len(typed) > MAX_QUERY or text_problem(typed) is not None:
        return _refused(_("Sökningen är för lång eller innehåller otillåtna tecken."))
    places = gazetteer_for(municipality).suggest(typed)
    return JsonResponse({"places": [place_json(p) for p in places]})


def _coordinate(value: str | None, limit: float) -> float | None:
    try:
        number = float(value or "")
    except ValueError:
        return None
    return number if math.isfinite(number) and -limit <= number <= limit else None


@require_GET
@login_required
def nearest_place(request: HttpRequest, code: str) -> JsonResponse:
    """The named place nearest ``lat``/``lon`` (within a few hundred metres), or null."""
    _viewer, municipality = viewer_in(request.user, code)
    lat = _coordinate(request.GET.get("lat"), 90)
    lon = _coordinate(request.GET.get("lon"), 180)
    if lat is None or lon is None:
        return _refused(_("Ange lat och lon i decimala grader."))
    place = gazetteer_for(municipality).nearest(lat, lon)
    return JsonResponse({"place": place_json(place) if place else None})


def _managed(request: HttpRequest, code: str):
    """The municipality, if the user coordinates it: 404 for strangers, 403 for other members."""
    viewer, municipality = viewer_in(request.user, code)
    if not viewer.manages(municipality.pk):
        raise PermissionDenied(
            _("Bara samordnare och administratörer kan ändra ortnamnsregistret.")
        )
    return municipality


@login_required
def gazetteer_page(request: HttpRequest, code: str) -> HttpResponse:
    """The coordinator's gazetteer: every place, and a form to add one."""
    municipality = _managed(request, code)
    form = PlaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _added(form, municipality):
        place = form.instance
        log_action(request.user, "lagesbild.place.created", place, {"name": place.name}, request)
        messages.success(request, _("Platsen är tillagd."))
        return redirect("place-list", code=code)
    places = Place.objects.filter(municipality=municipality).order_by("name")
    context = {"municipality": municipality, "places": places, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "places/gazetteer.html", context, status=status)


def _added(form: PlaceForm, municipality: Municipality) -> bool:
    """Save the form's place, or put on the form why not: far outside the municipality (latitude
    and longitude swapped, say), or a place of that name is there already."""
    place = form.save(commit=False)
    place.municipality = municipality
    place.key = normalise_place_text(place.name)
    try:
        check_in_reach(municipality, place.latitude, place.longitude)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    try:
        place.full_clean(validate_unique=False)
        with transaction.atomic():
            place.save()
    except (ValidationError, IntegrityError):
        form.add_error("name", _("Platsen finns redan i registret."))
        return False
    return True


@require_POST
@login_required
def place_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    municipality = _managed(request, code)
    place = get_object_or_404(Place, pk=pk, municipality=municipality)
    log_action(request.user, "lagesbild.place.deleted", place, {"name": place.name}, request)
    place.delete()
    messages.success(request, _("Platsen är borttagen."))
    return redirect("place-list", code=code)
