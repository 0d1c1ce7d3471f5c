"""After five failed logins of one username from one address, that pair is locked for a while."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings as django_settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django.urls import reverse

from lagesbild.accounts.signals import LOCKED_OUT
from lagesbild.audit.models import AuditEntry
from lagesbild.testing import PASSWORD, Cast

LOGIN = reverse("login")


@pytest.fixture(autouse=True)
def axes_on(settings) -> None:
    settings.AXES_ENABLED = True


def attempt(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_sixth_attempt_is_refused_even_with_the_right_password(cast: Cast) -> None:
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(4):
        failed = attempt(client, "cecilia", "fel-lösenord")
        assert (
            failed.status_code == 200
            and "Fel användarnamn eller lösenord" in failed.content.decode()
        )
    fifth = attempt(client, "cecilia", "fel-lösenord")
    assert fifth.status_code == 429
    sixth = attempt(client, "cecilia", PASSWORD)
    html = sixth.content.decode()
    assert sixth.status_code == 429 and "Inloggningen är spärrad" in html and "30 minuter" in html
    assert "_auth_user_id" not in client.session
    record = AccessAttempt.objects.get(username="cecilia", ip_address="192.0.2.10")
    assert record.failures_since_start >= 5
    # The attempt that locked and the refused one after it are both in the audit log.
    entries = AuditEntry.objects.filter(action=LOCKED_OUT)
    assert [(e.detail, e.ip_address) for e in entries] == [
        ({"username": "cecilia"}, "192.0.2.10")
    ] * 2


def test_the_lockout_is_per_username_and_address(cast: Cast) -> None:
    office = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(5):
        attempt(office, "cecilia", "fel-lösenord")
    colleague = attempt(Client(REMOTE_ADDR="192.0.2.10"), "anders", PASSWORD)
    assert colleague.status_code == 302
    from_home = attempt(Client(REMOTE_ADDR="198.51.100.20"), "cecilia", PASSWORD)
    assert from_home.status_code == 302


def test_a_successful_login_resets_the_count(cast: Cast) -> None:
    client = Client(REMOTE_ADDR="192.0.2.11")
    for _ in range(4):
        attempt(client, "cecilia", "fel-lösenord")
    assert attempt(client, "cecilia", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        attempt(client, "cecilia", "fel-lösenord")
    assert attempt(client, "cecilia", PASSWORD).status_code == 302


def test_the_limits_are_five_failures_and_thirty_minutes_by_username_and_address() -> None:
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AXES_COOLOFF_TIME == timedelta(minutes=30)
    assert django_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert django_settings.AUTHENTICATION_BACKENDS[0].startswith("axes.backends.")
    assert django_settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_argon2_is_the_password_hasher_outside_the_tests() -> None:
    from lagesbild import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()
    assert hasher.encode("x", hasher.salt()).startswith("argon2$")  # argon2-cffi is installed


def test_a_personnummer_typed_as_the_username_is_stored_scrubbed_and_still_locks(
    cast: Cast, settings
) -> None:
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    client = Client(REMOTE_ADDR="192.0.2.12")
    for _ in range(4):
        assert attempt(client, "850312-1234", "fel-lösenord").status_code == 200
    assert attempt(client, "850312-1234", "fel-lösenord").status_code == 429
    # Per typed username: another number from the same address is not locked with it.
    assert attempt(client, "811228-9874", "fel-lösenord").status_code == 200
    stored = [
        *AccessAttempt.objects.values_list("username", "get_data", "post_data"),
        *AccessFailureLog.objects.values_list("username"),
        *(json.dumps(e.detail) for e in AuditEntry.objects.filter(action=LOCKED_OUT)),
    ]
    assert stored and not any("850312" in str(row) or "811228" in str(row) for row in stored)
    assert {u.split("#")[0] for u in AccessAttempt.objects.values_list("username", flat=True)} == {
        "[personnummer]"
    }
    entry = AuditEntry.objects.filter(action=LOCKED_OUT).first()
    assert entry is not None and entry.detail["username"].startswith("[personnummer]")


def test_a_username_too_long_for_axes_column_is_refused_not_a_500(cast: Cast) -> None:
    failed = attempt(Client(REMOTE_ADDR="192.0.2.13"), "x" * 400, "fel-lösenord")
    assert (
        failed.status_code == 200 and "Fel användarnamn eller lösenord" in failed.content.decode()
    )
