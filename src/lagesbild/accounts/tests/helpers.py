"""Logging the cast in and reading the code an authenticator app would show."""

from __future__ import annotations

import time

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagesbild.testing import PASSWORD


def logged_in(user) -> Client:
    """A client past the password (not yet the second factor)."""
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's app would show (``steps_ahead`` of 30 s later: a code not used yet)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def verified(user, device: TOTPDevice | None = None) -> Client:
    """A client past the password and the app's code (a device is made if none is given)."""
    device = device or TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = logged_in(user)
    response = client.post(reverse("two-factor"), {"code": code_for(device, 1)})
    assert response.status_code == 302, response.content.decode()
    return client
