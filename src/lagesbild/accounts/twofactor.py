"""Two-factor login (django-otp): when it is asked, enrolment, codes, recovery codes and reset.

Who must use it is decided by ``organisations.access.requires_second_factor``; whether it is
asked at all by the setting LAGESBILD_REQUIRE_2FA (read on every call so that tests can switch
it). A second factor is a TOTP authenticator app; its single-use recovery codes (django-otp's
static device) stand in for the app when the phone is lost.
"""

from __future__ import annotations

import base64
import math
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagesbild.audit.services import log_action
from lagesbild.organisations.access import requires_second_factor

DEVICE_NAME = "Autentiseringsapp"
RECOVERY_DEVICE_NAME = "Reservkoder"
RECOVERY_CODE_COUNT = 10
VERIFIED = "lagesbild.auth.two_factor_verified"
ENROLLED = "lagesbild.auth.two_factor_enrolled"
RECOVERY_USED = "lagesbild.auth.recovery_code_used"
RECOVERY_CREATED = "lagesbild.auth.recovery_codes_created"
RESET = "lagesbild.auth.two_factor_reset"


def must_verify(user: Any) -> bool:
    """True if ``user`` is signed in, must use a second factor and has not confirmed it yet."""
    if not settings.LAGESBILD_REQUIRE_2FA or not getattr(user, "is_authenticated", False):
        return False
    return not is_verified(user) and requires_second_factor(user)


def is_verified(user: Any) -> bool:
    """Whether this session confirmed a second factor (OTPMiddleware tells; without it: no)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def pending_device(user: Any) -> TOTPDevice:
    """Return the device being set up, keeping its secret across page loads until confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(text: str) -> str:
    """Return ``text`` as a QR code: an SVG drawn here, as a data: URI (CSP allows data: images)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _mark_verified(request: HttpRequest, device: Device, action: str, **detail: Any) -> None:
    # A new session key for the more privileged session, so an earlier one cannot ride on it.
    request.session.cycle_key()
    otp_login(request, device)
    log_action(request.user, action, detail={"device": device.pk, **detail}, request=request)


def accept_code(request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Verify ``code`` against the user's device (throttled by django-otp); True if it matched."""
    matched = verify_token(request.user, device.persistent_id, code)
    if matched is None:
        return False
    _mark_verified(request, matched, VERIFIED)
    return True


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Confirm a new device with its first code; the session is then verified too."""
    if not verify_token(request.user, device.persistent_id, code):
        return False
    device.refresh_from_db()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _mark_verified(request, device, ENROLLED)
    return True


def seconds_until_allowed(device: Device) -> int:
    """0 if a code may be tried now; else the whole seconds django-otp still holds it back."""
    device.refresh_from_db()
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


# --- Recovery codes -------------------------------------------------------------------------


def recovery_device(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: Any) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


def normalise_recovery_code(text: str) -> str:
    """A code as stored: lower case, without the spaces and hyphens people type or copy."""
    return "".join(text.split()).replace("-", "").lower()


def display_recovery_code(code: str) -> str:
    """``abcdefgh`` as ``abcd-efgh``: easier to copy by hand."""
    return f"{code[:4]}-{code[4:]}"


def new_recovery_codes(user: Any, request: HttpRequest | None = None) -> list[str]:
    """Replace the user's recovery codes with new ones and return them (they are shown once)."""
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    with transaction.atomic():
        device = recovery_device(user) or StaticDevice.objects.create(
            user=user, name=RECOVERY_DEVICE_NAME, confirmed=True
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        log_action(user, RECOVERY_CREATED, detail={"count": len(codes)}, request=request)
    return sorted(codes)


def accept_recovery_code(request: HttpRequest, device: StaticDevice, code: str) -> bool:
    """Use up one recovery code in place of the app's code (throttled by django-otp)."""
    matched = verify_token(request.user, device.persistent_id, normalise_recovery_code(code))
    if matched is None:
        return False
    _mark_verified(request, matched, RECOVERY_USED, left=matched.token_set.count())
    return True


# --- Reset by an administrator --------------------------------------------------------------


def reset_second_factor(user: Any, actor: Any, via: str, request: HttpRequest | None = None) -> int:
    """Delete the user's authenticator app and recovery codes; they set up anew at next login.

    Sessions confirmed with a deleted device are no longer verified (django-otp looks the device
    up on every request), so the user is asked again at once. Returns the number of devices.
    """
    removed = 0
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            devices = model.objects.filter(user=user)
            removed += devices.count()
            devices.delete()  # a static device's codes go with it (cascade)
        detail = {"username": user.get_username(), "devices": removed, "via": via}
        log_action(actor, RESET, obj=user, detail=detail, request=request)
    return removed
