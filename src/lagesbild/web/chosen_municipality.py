"""The municipality a person in several chose last, for the pages that open on one of them.

A police analyst in three municipalities picks Landskrona on the start page, and every link
then carries ``?kommun=1282``. A page opened without it later in the same login (a typed
address, a bookmark, a link in an e-mail) opened the first municipality by name instead. Now the
last municipality asked for by ``?kommun=`` in this login (its session) is remembered, and a
page marked ``opens_chosen_municipality`` that is opened without ``?kommun=`` is redirected to
it, with the rest of its query kept, as long as the person still works there. A new login starts
from the first by name again.

Only pages every member of a municipality may read are marked, so the remembered one always
fits; the report list, which lists every municipality without ``?kommun=``, is not. A
redirect rather than a silent default: the address then names the municipality, so a form on
the page posts to the one it showed even if another tab chose another meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from lagesbild.organisations.access import municipality_codes

SESSION_KEY = "lagesbild_kommun"
View = TypeVar("View", bound=Callable[..., Any])


def opens_chosen_municipality(view: View) -> View:
    """Mark a page of one municipality that every member of it may read (outermost decorator)."""
    view.opens_chosen_municipality = True  # type: ignore[attr-defined]
    return view


class ChosenMunicipalityMiddleware:
    """Remember the municipality asked for; send a marked page opened without one to it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method not in ("GET", "HEAD") or not request.user.is_authenticated:
            return None
        asked = request.GET.get("kommun")
        marked = getattr(view, "opens_chosen_municipality", False)
        if not (asked or marked):
            return None
        codes = municipality_codes(request.user)
        if len(codes) < 2:
            return None
        if asked:
            if asked in codes and request.session.get(SESSION_KEY) != asked:
                request.session[SESSION_KEY] = asked
            return None
        chosen = request.session.get(SESSION_KEY)
        if not marked or chosen not in codes:
            return None
        query = request.GET.copy()
        query["kommun"] = chosen
        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
