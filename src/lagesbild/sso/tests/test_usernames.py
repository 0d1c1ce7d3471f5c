"""Accounts of single sign-on keep no address in their username: new ones (``free_username``)
and those made before the rule (``drop_addresses``, run once by the migration sso.0002)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from lagesbild.sso.models import SsoIdentity
from lagesbild.sso.usernames import drop_addresses, username_for

User = get_user_model()
ISSUER = "https://login.kommun.example"

pytestmark = pytest.mark.django_db


def sso_account(username: str, subject: str):
    user = User.objects.create_user(username)
    SsoIdentity.objects.create(user=user, issuer=ISSUER, subject=subject)
    return user


def test_accounts_of_the_provider_lose_their_address_and_local_ones_keep_theirs() -> None:
    kim = sso_account("kim.berg@kommun.example", "s-kim")
    twice = sso_account("Ann Ek@kommun.example", "s-ann")
    SsoIdentity.objects.create(user=twice, issuer="https://other.example", subject="s-ann-2")
    local = User.objects.create_user("lokal@kommun.example")  # a local account's own choice
    taken = User.objects.create_user("eva")
    eva = sso_account("eva@kommun.example", "s-eva")

    assert drop_addresses(User, SsoIdentity) == 3
    names = dict(User.objects.values_list("pk", "username"))
    assert names[kim.pk] == "kim.berg"
    assert names[twice.pk] == "AnnEk"
    assert names[local.pk] == "lokal@kommun.example" and names[taken.pk] == "eva"
    assert names[eva.pk] == username_for("eva@x", ISSUER, "s-eva", User)
    assert names[eva.pk].startswith("eva-") and len(names[eva.pk]) == len("eva-") + 8
    # Run again (or on an installation made after the rule): nothing to do.
    assert drop_addresses(User, SsoIdentity) == 0


def test_an_address_with_nothing_before_the_at_gets_the_subjects_name() -> None:
    user = sso_account("@kommun.example", "s-x")
    drop_addresses(User, SsoIdentity)
    user.refresh_from_db()
    assert user.username.startswith("sso-") and "@" not in user.username
