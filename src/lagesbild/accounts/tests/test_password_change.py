"""Staff change their own password (konto/losenord/): the old one first, audited, signed in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.accounts.views import PASSWORD_CHANGED
from lagesbild.audit.models import AuditEntry
from lagesbild.testing import PASSWORD, Cast, client_for

pytestmark = pytest.mark.django_db

URL = reverse("password-change")
NEW = "ett-nytt-langt-losenord-2026"


def change(client: Client, old: str, new: str = NEW, again: str = NEW):
    data = {"old_password": old, "new_password1": new, "new_password2": again}
    return client.post(URL, data, follow=True)


def test_a_person_changes_the_password_and_stays_signed_in(cast: Cast) -> None:
    client = client_for(cast.anders)
    assert 'href="/konto/losenord/"' in client.get(reverse("home")).content.decode()
    answer = change(client, PASSWORD)
    assert answer.redirect_chain[-1][0] == reverse("home")
    assert "Lösenordet är bytt." in answer.content.decode()
    assert client.get(URL).status_code == 200  # the session survived the change
    assert AuditEntry.objects.filter(action=PASSWORD_CHANGED, actor=cast.anders).count() == 1
    assert Client().login(username=cast.anders.username, password=NEW)


@pytest.mark.parametrize(
    ("old", "new", "again", "message"),
    [
        ("fel-losenord", NEW, NEW, "Ditt gamla lösenord var felaktigt"),
        (PASSWORD, NEW, NEW + "x", "De två lösenordsfälten"),
        (PASSWORD, "kort", "kort", "för kort"),
    ],
)
def test_a_wrong_old_password_or_a_weak_new_one_keeps_the_old(
    cast: Cast, old: str, new: str, again: str, message: str
) -> None:
    answer = change(client_for(cast.anders), old, new, again)
    assert answer.status_code == 200 and message in answer.content.decode()
    assert not AuditEntry.objects.filter(action=PASSWORD_CHANGED).exists()
    assert Client().login(username=cast.anders.username, password=PASSWORD)


def test_an_account_without_a_password_here_is_told_where_to_change_it(cast: Cast) -> None:
    client = client_for(cast.anders)
    cast.anders.set_unusable_password()  # as for a person who signs in through single sign-on
    cast.anders.save()
    client.force_login(cast.anders)
    page = client.get(URL).content.decode()
    assert "organisationens inloggning" in page and 'name="old_password"' not in page
    assert 'href="/konto/losenord/"' not in client.get(reverse("home")).content.decode()


def test_in_english(cast: Cast) -> None:
    client = client_for(cast.anders)
    client.cookies["django_language"] = "en"
    assert "Change password" in client.get(URL).content.decode()
    assert "Your password has been changed." in change(client, PASSWORD).content.decode()
