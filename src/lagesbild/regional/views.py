"""The regional view: the person's municipalities side by side (``regional/services.py``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lagesbild.organisations.access import viewer_for
from lagesbild.regional.services import regional_view


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Every municipality the person holds a role in; a person who holds none: 404."""
    viewer = viewer_for(request.user)
    if not viewer.has_access:
        raise Http404
    view = regional_view(viewer, timezone.localdate())
    return render(request, "regional/overview.html", {"view": view})
