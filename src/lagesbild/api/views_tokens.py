"""The page where a person makes and revokes their personal read tokens (``api/personal.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lagesbild.api.forms import PersonalTokenForm
from lagesbild.api.personal import (
    IssuedPersonalToken,
    create_personal_token,
    personal_tokens,
    revoke_personal_token,
)
from lagesbild.organisations.access import may_use_personal_tokens


def _may_hold_tokens(request: HttpRequest) -> None:
    if not may_use_personal_tokens(request.user):
        raise PermissionDenied(
            _("Personliga API-nycklar är för analytiker, samordnare och administratörer.")
        )


#: The session key holding a new token's id and secret until the page has shown it once.
ISSUED_KEY = "api.issued_personal_token"


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """List the person's tokens; a POST makes one and redirects to this page, which shows its
    secret once (post/redirect/get: reloading the answer to the POST made another token)."""
    _may_hold_tokens(request)
    form = PersonalTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issued = create_personal_token(request.user, data["name"], data["days"], request)
        request.session[ISSUED_KEY] = {"token": issued.token.pk, "secret": issued.secret}
        return redirect("personal-tokens")
    context = {
        "form": form,
        "issued": _issued_once(request),
        "tokens": personal_tokens(request.user),
        "now": timezone.now(),
    }
    return render(request, "api/tokens.html", context, status=400 if form.errors else 200)


def _issued_once(request: HttpRequest) -> IssuedPersonalToken | None:
    """The token made by the POST before, taken out of the session: its secret is shown once."""
    kept = request.session.pop(ISSUED_KEY, None)
    if kept is None:
        return None
    token = personal_tokens(request.user).filter(pk=kept["token"]).first()
    return None if token is None else IssuedPersonalToken(token, kept["secret"])


@require_POST
@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the person's tokens; another person's is a 404, as one that is not there."""
    _may_hold_tokens(request)
    token = revoke_personal_token(request.user, pk, request)
    if token is None:
        raise Http404
    messages.success(request, _("Nyckeln %(name)s är återkallad.") % {"name": token.name})
    return redirect("personal-tokens")
