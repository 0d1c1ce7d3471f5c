"""How a login through an identity provider ends, whatever the protocol (OpenID Connect, SAML):
the refusal pages and the provider's login counted as the second factor."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_otp import login as otp_login

from lagesbild.sso.models import IdentityProviderDevice
from lagesbild.sso.services import NoMappedGroup

# The request attribute a backend leaves a refusal on for the view that renders the answer.
REFUSAL = "_lagesbild_sso_refusal"


def failure_page(request: HttpRequest, provider: str, status: int = 400) -> HttpResponse:
    """The login failed or could not be confirmed: nobody is logged in."""
    return render(request, "sso/failed.html", {"provider": provider}, status=status)


def refusal_of(request: HttpRequest) -> NoMappedGroup | None:
    refusal = getattr(request, REFUSAL, None)
    return refusal if isinstance(refusal, NoMappedGroup) else None


def no_access_page(request: HttpRequest, provider: str, refusal: NoMappedGroup) -> HttpResponse:
    """The person is known to the provider but none of their groups gives a role here."""
    context = {"provider": provider, "groups": refusal.groups[:50]}
    return render(request, "sso/no_access.html", context, status=403)


def confirm_second_factor(request: HttpRequest, user, provider: str) -> None:
    """Mark the session as confirmed by the provider's own (multi-factor) login, so that the
    project's code is not asked again (docs/operations.md, "Single sign-on")."""
    device, _ = IdentityProviderDevice.objects.get_or_create(
        user=user, defaults={"name": provider[:64], "confirmed": True}
    )
    otp_login(request, device)
