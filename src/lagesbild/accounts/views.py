"""The two-factor pages after the password, recovery codes, the lockout page of django-axes,
changing one's password and resetting it by e-mail."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from axes.utils import reset as reset_lockouts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from lagesbild.accounts import password_reset, twofactor
from lagesbild.accounts.forms import CodeForm, VerifyForm
from lagesbild.audit.services import log_action
from lagesbild.organisations.access import requires_second_factor
from lagesbild.shared_cache import Unavailable

NEW_CODES_KEY = "lagesbild_new_recovery_codes"


def next_url(request: HttpRequest) -> str:
    """Return where to go after the code: a local ``next`` address, else the start page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


def _here(name: str, request: HttpRequest) -> str:
    """The page ``name`` with this very address as where to come back."""
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


def _check(request: HttpRequest, form, device, accept, wrong: str) -> bool:
    """Try the code unless django-otp is holding the device back after wrong codes."""
    seconds = twofactor.seconds_until_allowed(device)
    if seconds:
        form.add_error("code", _held_back(seconds))
        return False
    if accept(request, device, form.cleaned_data["code"]):
        return True
    form.add_error("code", wrong)
    return False


def _held_back(seconds: int) -> str:
    # After a wrong code django-otp waits 1, 2, 4, 8 … seconds: say how long, not "too many".
    return ngettext(
        "Vänta %(seconds)d sekund innan du skriver koden igen. Väntetiden fördubblas för varje "
        "felaktig kod i rad.",
        "Vänta %(seconds)d sekunder innan du skriver koden igen. Väntetiden fördubblas för varje "
        "felaktig kod i rad.",
        seconds,
    ) % {"seconds": seconds}


def _accept_verification(request: HttpRequest, form: VerifyForm, device) -> bool:
    """Check the app's code, or use up a recovery code when that is what was typed."""
    if not form.is_recovery_code():
        wrong = _("Koden stämmer inte. Vänta på nästa kod i appen och försök igen.")
        return _check(request, form, device, twofactor.accept_code, wrong)
    recovery = twofactor.recovery_device(request.user)
    if recovery is None:
        form.add_error("code", _("Du har inga reservkoder. Skriv koden från appen."))
        return False
    wrong = _("Reservkoden stämmer inte eller är redan använd.")
    if not _check(request, form, recovery, twofactor.accept_recovery_code, wrong):
        return False
    left = twofactor.recovery_codes_left(request.user)
    messages.warning(
        request,
        ngettext(
            "Du loggade in med en reservkod, som nu är förbrukad. Du har %(left)d reservkod kvar; "
            "skapa nya under Reservkoder om telefonen är borta.",
            "Du loggade in med en reservkod, som nu är förbrukad. Du har %(left)d reservkoder "
            "kvar; skapa nya under Reservkoder om telefonen är borta.",
            left,
        )
        % {"left": left},
    )
    return True


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the app's code (or a recovery code) before anything else is shown."""
    if twofactor.is_verified(request.user):
        return redirect(next_url(request))
    device = twofactor.confirmed_device(request.user)
    if device is None:
        if requires_second_factor(request.user):
            return redirect(with_next("two-factor-setup", request))
        return redirect(next_url(request))
    form = VerifyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if _accept_verification(request, form, device):
            return redirect(next_url(request))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "next": next_url(request)}
    return render(request, "registration/two_factor_verify.html", context, status=status)


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code and the secret as text, confirmed with a code."""
    if not requires_second_factor(request.user):
        return redirect(next_url(request))
    if twofactor.confirmed_device(request.user) is not None:
        return redirect(with_next("two-factor", request))
    device = twofactor.pending_device(request.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        wrong = _("Koden stämmer inte. Vänta på nästa kod i appen och försök igen.")
        if _check(request, form, device, twofactor.confirm_enrolment, wrong):
            messages.success(request, _("Tvåstegsverifieringen är på."))
            _show_once(request, twofactor.new_recovery_codes(request.user, request))
            return redirect(with_next("two-factor-recovery", request))
    context = {
        "form": form,
        "next": next_url(request),
        "qr": twofactor.qr_data_uri(device.config_url),
        "secret": twofactor.secret_text(device),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/two_factor_setup.html", context, status=status)


def _show_once(request: HttpRequest, codes: list[str]) -> None:
    # The next GET of the recovery page shows them and takes them out of the session.
    request.session[NEW_CODES_KEY] = codes


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show new recovery codes once; make new ones (the old stop working) in a confirmed session."""
    if twofactor.confirmed_device(request.user) is None:
        return redirect(next_url(request))  # no app set up: nothing to recover
    if not twofactor.is_verified(request.user):
        return redirect(_here("two-factor", request))
    if request.method == "POST":
        _show_once(request, twofactor.new_recovery_codes(request.user, request))
        return redirect(with_next("two-factor-recovery", request))
    codes = request.session.pop(NEW_CODES_KEY, None) or []
    context = {
        "codes": [twofactor.display_recovery_code(code) for code in codes],
        "left": twofactor.recovery_codes_left(request.user),
        "next": next_url(request),
    }
    return render(request, "registration/two_factor_recovery.html", context)


def lockout_terms() -> dict[str, int]:
    """How many failed logins lock a username from an address, and for how many minutes."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT}


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Tell that this username is locked from this address for a while (429)."""
    return render(request, "registration/lockout.html", lockout_terms(), status=429)


PASSWORD_CHANGED = "lagesbild.auth.password_changed"


class PasswordChange(auth_views.PasswordChangeView):
    """A local account changes its own password (the old one first); the session stays signed in.
    An account that signs in through the organisation's login has no password here to change."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        log_action(form.user, PASSWORD_CHANGED, form.user, request=self.request)
        messages.success(self.request, _("Lösenordet är bytt."))
        return response


# --- Password reset by e-mail (password_reset.py says who gets a link and how often) ---------


class PasswordReset(auth_views.PasswordResetView):
    """Ask for a link by e-mail: the same answer whether or not the address has an account."""

    form_class = password_reset.ResetRequestForm
    template_name = "registration/password_reset_form.html"
    subject_template_name = "emails/password_reset_subject.txt"
    email_template_name = "emails/password_reset_body.txt"
    html_email_template_name = "emails/password_reset_body.html"
    success_url = reverse_lazy("password-reset-done")

    def form_valid(self, form: password_reset.ResetRequestForm) -> HttpResponse:
        try:
            allowed = password_reset.allow_request(self.request, form.cleaned_data["email"])
        except Unavailable:  # the limits cannot be counted: nothing is sent (mail_rules)
            form.add_error(None, password_reset.UNAVAILABLE)
            return self.render_to_response(self.get_context_data(form=form), status=503)
        if not allowed:
            form.add_error(None, password_reset.TOO_MANY)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        self.extra_email_context = {
            "valid_for": password_reset.valid_for(),
            **password_reset.link_context(self.request),
        }
        return super().form_valid(form)


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "valid_for": password_reset.valid_for()}


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Set a new password from the e-mail's link (the change form's rules). The person is not
    logged in: they log in with it as usual, second factor included where it is asked."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")
    post_reset_login = False

    def get_user(self, uidb64: str) -> Any:
        """The link's account, unless a link may not set its password (an account of single
        sign-on, or a switched-off one): then the page says the link does not work."""
        user = super().get_user(uidb64)
        return user if user is not None and password_reset.may_set_password(user) else None

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        # As when an administrator sets a new password (admin.py): the lockout is lifted.
        reset_lockouts(username=form.user.get_username())
        log_action(form.user, password_reset.RESET, form.user, request=self.request)
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
