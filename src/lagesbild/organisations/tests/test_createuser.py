"""``createuser`` for an existing, locked-out user: the new password works at once."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from lagesbild.organisations.models import Membership, Role
from lagesbild.testing import PASSWORD, Cast

NEW = "ett-nytt-langt-losenord-2026"
LOGIN = reverse("login")


@pytest.fixture(autouse=True)
def axes_on(settings) -> None:
    settings.AXES_ENABLED = True


def lock_out(client: Client, username: str, limit: int) -> None:
    for _ in range(limit):
        client.post(LOGIN, {"username": username, "password": "fel-lösenord"})
    assert client.post(LOGIN, {"username": username, "password": PASSWORD}).status_code == 429


def test_a_new_password_by_command_lifts_the_lockout(cast: Cast, settings, capsys) -> None:
    client = Client(REMOTE_ADDR="192.0.2.20")
    lock_out(client, "cecilia", settings.AXES_FAILURE_LIMIT)
    elsewhere = Client(REMOTE_ADDR="192.0.2.21")
    lock_out(elsewhere, "anders", settings.AXES_FAILURE_LIMIT)

    call_command(
        "createuser", "cecilia", "--organisation", "kommunen", "--role", "coordinator",
        "--password", NEW,
    )  # fmt: skip
    assert "created cecilia" in capsys.readouterr().out
    assert client.post(LOGIN, {"username": "cecilia", "password": NEW}).status_code == 302
    assert Membership.objects.get(user=cast.cecilia).role == Role.COORDINATOR
    # Only the user whose password was set: anders stays locked out.
    assert AccessAttempt.objects.filter(username="anders").exists()
    assert elsewhere.post(LOGIN, {"username": "anders", "password": PASSWORD}).status_code == 429
