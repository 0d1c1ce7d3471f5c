"""Two-factor login with TOTP (django-otp): who must use it, enrolment, and checking a code."""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagesbild.audit.services import log_action
from lagesbild.organisations.access import viewer_for

DEVICE_NAME = "Autentiseringsapp"
VERIFIED = "lagesbild.auth.two_factor_verified"
ENROLLED = "lagesbild.auth.two_factor_enrolled"


def requires_two_factor(user: Any) -> bool:
    """Coordinators, admins and staff read everything sensitive: they must confirm a code."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or bool(viewer_for(user).managed_municipality_ids)


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def pending_device(user: AbstractBaseUser) -> TOTPDevice:
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


def _mark_verified(request: HttpRequest, device: TOTPDevice, action: str) -> None:
    # A new session key for the more privileged session, so an earlier one cannot ride on it.
    request.session.cycle_key()
    otp_login(request, device)
    log_action(request.user, action, detail={"device": device.pk}, request=request)


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


def is_throttled(device: TOTPDevice) -> bool:
    device.refresh_from_db()
    allowed, _ = device.verify_is_allowed()
    return not allowed
