"""Coordinators, admins and staff confirm every login with a TOTP code; reporters are not asked."""

from __future__ import annotations

import time
from base64 import b32decode
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagesbild.accounts.twofactor import ENROLLED, VERIFIED
from lagesbild.audit.models import AuditEntry
from lagesbild.testing import PASSWORD, Cast

WEEK = reverse("week", args=["2024-W37"])


@pytest.fixture(autouse=True)
def required(settings) -> None:
    settings.LAGESBILD_REQUIRE_2FA = True
    # django-otp holds a device back 1, 2, 4 … s after each wrong code; tested on its own below.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's app would show (``steps_ahead`` of 30 s later: a code not used yet)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def ask_page(next_url: str) -> str:
    return f"{reverse('two-factor')}?{urlencode({'next': next_url})}"


def test_a_coordinator_with_a_password_session_is_sent_to_the_code_page_until_a_valid_code(
    cast: Cast,
) -> None:
    device = TOTPDevice.objects.create(user=cast.cecilia, name="app", confirmed=True)
    client = logged_in(cast.cecilia)
    response = client.get(WEEK)
    assert response.status_code == 302 and response["Location"] == ask_page(WEEK)
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Kod från appen" in page.content.decode()

    wrong = client.post(reverse("two-factor"), {"code": "000000", "next": WEEK})
    assert wrong.status_code == 400 and "Koden stämmer inte" in wrong.content.decode()
    assert client.get(WEEK).status_code == 302

    right = client.post(reverse("two-factor"), {"code": code_for(device, 1), "next": WEEK})
    assert right.status_code == 302 and right["Location"] == WEEK
    assert client.get(WEEK).status_code == 200
    entry = AuditEntry.objects.get(action=VERIFIED)
    assert entry.actor == cast.cecilia and entry.detail == {"device": device.pk}


def test_the_same_code_cannot_be_used_twice(cast: Cast) -> None:
    device = TOTPDevice.objects.create(user=cast.cecilia, name="app", confirmed=True)
    code = code_for(device, 1)
    assert logged_in(cast.cecilia).post(reverse("two-factor"), {"code": code}).status_code == 302
    assert logged_in(cast.cecilia).post(reverse("two-factor"), {"code": code}).status_code == 400


def test_after_a_wrong_code_the_next_try_must_wait(cast: Cast, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device = TOTPDevice.objects.create(user=cast.cecilia, name="app", confirmed=True)
    client = logged_in(cast.cecilia)
    assert client.post(reverse("two-factor"), {"code": "000000"}).status_code == 400
    held = client.post(reverse("two-factor"), {"code": code_for(device, 1)})
    assert held.status_code == 400 and "Vänta en stund" in held.content.decode()


def test_a_reporter_an_analyst_and_a_reader_are_not_asked(cast: Cast) -> None:
    for user in (cast.sara, cast.anders, cast.rut):
        assert logged_in(user).get(WEEK).status_code == 200


def test_a_coordinator_without_a_device_sets_one_up_from_the_qr_code_or_the_secret(
    cast: Cast,
) -> None:
    client = logged_in(cast.cecilia)
    to_setup = client.get(ask_page(WEEK))
    assert to_setup["Location"] == f"{reverse('two-factor-setup')}?{urlencode({'next': WEEK})}"
    page = client.get(to_setup["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and 'src="data:image/svg+xml;base64,' in html
    device = TOTPDevice.objects.get(user=cast.cecilia, confirmed=False)
    secret = page.context["secret"]
    assert secret in html and b32decode(secret.replace(" ", "")) == device.bin_key
    assert client.get(to_setup["Location"]).context["secret"] == secret  # same key on reload

    assert client.post(to_setup["Location"], {"code": "123456", "next": WEEK}).status_code == 400
    done = client.post(to_setup["Location"], {"code": code_for(device, 1), "next": WEEK})
    assert done.status_code == 302 and done["Location"] == WEEK
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(WEEK).status_code == 200
    assert AuditEntry.objects.get(action=ENROLLED).actor == cast.cecilia


def test_a_coordinator_with_a_device_cannot_add_another_without_the_code(cast: Cast) -> None:
    TOTPDevice.objects.create(user=cast.cecilia, name="app", confirmed=True)
    response = logged_in(cast.cecilia).get(reverse("two-factor-setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor"))
    assert TOTPDevice.objects.filter(user=cast.cecilia).count() == 1


def test_staff_must_verify_before_the_django_admin(cast: Cast) -> None:
    staff = get_user_model().objects.create_superuser("driftansvarig", password="x-staff-pass-1")
    client = Client()
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == ask_page("/admin/")


def test_logging_out_and_switching_language_work_before_the_code(cast: Cast) -> None:
    client = logged_in(cast.cecilia)
    language = client.post("/i18n/setlang/", {"language": "en", "next": reverse("two-factor")})
    assert language.status_code == 302 and language["Location"] == reverse("two-factor")
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_next_address_on_another_site_is_ignored(cast: Cast) -> None:
    device = TOTPDevice.objects.create(user=cast.cecilia, name="app", confirmed=True)
    client = logged_in(cast.cecilia)
    response = client.post(
        reverse("two-factor"), {"code": code_for(device, 1), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_with_the_setting_off_nobody_is_asked(cast: Cast, settings) -> None:
    settings.LAGESBILD_REQUIRE_2FA = False
    assert logged_in(cast.cecilia).get(WEEK).status_code == 200
