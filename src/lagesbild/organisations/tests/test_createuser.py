"""``createuser`` for an existing, locked-out user: the new password works at once."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from lagesbild.organisations.models import Membership, Organisation, Role
from lagesbild.testing import PASSWORD, Cast

NEW = "ett-nytt-langt-losenord-2026"
LOGIN = reverse("login")
User = get_user_model()


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
    assert "updated cecilia (coordinator in kommunen, 0999 Exempeltorp)" in capsys.readouterr().out
    assert client.post(LOGIN, {"username": "cecilia", "password": NEW}).status_code == 302
    assert Membership.objects.get(user=cast.cecilia).role == Role.COORDINATOR
    # Only the user whose password was set: anders stays locked out.
    assert AccessAttempt.objects.filter(username="anders").exists()
    assert elsewhere.post(LOGIN, {"username": "anders", "password": PASSWORD}).status_code == 429


def test_a_slug_in_several_municipalities_asks_for_the_municipality(cast: Cast) -> None:
    """It said 'no single organisation' and listed every organisation's slug once per
    municipality ('kommunledning, polisen, …, kommunledning, polisen'), not what to add."""
    Organisation.objects.create(
        municipality=cast.other_municipality, slug="kommunen", name="Kommunen", kind="municipal"
    )
    args = ["createuser", "nybörjare", "--role", "reader", "--password", NEW]
    with pytest.raises(CommandError) as error:
        call_command(*args, "--organisation", "kommunen")
    assert str(error.value) == (
        "organisation 'kommunen' is in several municipalities (0998, 0999): add --municipality CODE"
    )
    with pytest.raises(CommandError) as error:
        call_command(*args, "--organisation", "finns-inte")
    message = str(error.value)
    assert message.startswith("no organisation 'finns-inte' (known: annan, annan-polis, ")
    known = message.split("known: ")[1].rstrip(")").split(", ")
    assert known == sorted(set(known))  # each slug once
    call_command(*args, "--organisation", "kommunen", "--municipality", "0998")
    membership = Membership.objects.get(user__username="nybörjare")
    assert membership.organisation.municipality == cast.other_municipality


def test_an_administrator_made_by_command_works_in_the_admin(cast: Cast) -> None:
    """The first administrator of an installation is made with this command (README); it was
    staff without a single permission, so /admin/ said 'Du har inte tillåtelse att se eller
    ändra någonting.' and the audit log, the group mappings and the users answered 403."""
    call_command(
        "createuser", "drift", "--organisation", "kommunen", "--role", "admin", "--password", NEW
    )
    client = Client()
    client.force_login(User.objects.get(username="drift"))
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "Du har inte tillåtelse att se eller ändra någonting." not in index.content.decode()
    for page in ("/admin/audit/auditentry/", "/admin/sso/groupmapping/", "/admin/auth/user/"):
        assert client.get(page).status_code == 200, page

    call_command(
        "createuser", "drift", "--organisation", "kommunen", "--role", "reader", "--password", NEW
    )
    assert client.get("/admin/audit/auditentry/").status_code == 302  # to the admin's login


def test_a_second_municipality_adds_a_membership_and_says_where(cast: Cast, capsys) -> None:
    """A police area's analyst or admin holds one membership per municipality (docs/permissions.md,
    "Regional roles"): the second run said "created" again without the municipality, and an
    admin given an analyst's role elsewhere lost /admin/."""
    common = ["--password", NEW]
    call_command("createuser", "lpo", "--organisation", "kommunen", "--role", "admin", *common)
    call_command("createuser", "lpo", "--organisation", "annan-polis", "--role", "analyst", *common)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "created lpo (admin in kommunen, 0999 Exempeltorp)",
        "updated lpo (analyst in annan-polis, 0998 Annanstad): 2 memberships",
    ]
    person = User.objects.get(username="lpo")
    assert person.is_staff and person.is_superuser
    assert Membership.objects.filter(user=person).count() == 2
