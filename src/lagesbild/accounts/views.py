"""The two-factor pages after the password, and the lockout page django-axes shows."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from lagesbild.accounts import twofactor
from lagesbild.accounts.forms import CodeForm


def next_url(request: HttpRequest) -> str:
    """Return where to go after the code: a local ``next`` address, else the start page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


def _check(request: HttpRequest, form: CodeForm, device, accept) -> bool:
    """Try the code unless django-otp is holding the device back after wrong codes."""
    if twofactor.is_throttled(device):
        form.add_error("code", _("För många felaktiga koder. Vänta en stund och försök igen."))
        return False
    if accept(request, device, form.cleaned_data["code"]):
        return True
    form.add_error("code", _("Koden stämmer inte. Vänta på nästa kod i appen och försök igen."))
    return False


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the user's authenticator app before anything else is shown."""
    if request.user.is_verified() or not twofactor.requires_two_factor(request.user):
        return redirect(next_url(request))
    device = twofactor.confirmed_device(request.user)
    if device is None:
        return redirect(with_next("two-factor-setup", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _check(request, form, device, twofactor.accept_code):
            return redirect(next_url(request))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "next": next_url(request)}
    return render(request, "registration/two_factor_verify.html", context, status=status)


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code and the secret as text, confirmed with a code."""
    if not twofactor.requires_two_factor(request.user):
        return redirect(next_url(request))
    if twofactor.confirmed_device(request.user) is not None:
        return redirect(with_next("two-factor", request))
    device = twofactor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _check(request, form, device, twofactor.confirm_enrolment):
            messages.success(request, _("Tvåstegsverifieringen är på."))
            return redirect(next_url(request))
    context = {
        "form": form,
        "next": next_url(request),
        "qr": twofactor.qr_data_uri(device.config_url),
        "secret": twofactor.secret_text(device),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/two_factor_setup.html", context, status=status)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Tell, in Swedish, that this username is locked from this address for a while (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/lockout.html", context, status=429)
