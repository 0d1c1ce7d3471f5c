"""Medlemmar as an attacker would use it: another municipality's people, accounts that must never
get a password link from it, links that name a forged host, and e-mail floods."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.audit.models import AuditEntry
from lagesbild.organisations.models import Membership, Role
from lagesbild.organisations.tests.test_members import LIST, add, membership_of
from lagesbild.sso.models import SsoIdentity
from lagesbild.testing import Cast, client_for

User = get_user_model()
INVITED = "lagesbild.membership.invited"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts() -> None:
    cache.clear()  # the e-mail limit counts in the shared cache


def invite_again(client: Client, membership: Membership):
    return client.post(reverse("member-invite", args=[membership.pk]), follow=True)


def test_an_account_of_another_municipality_is_told_and_its_municipality_sees_nothing(
    cast: Cast,
) -> None:
    """olle reports in Annanstad; Exempeltorp's coordinator gives him a role here. He hears of
    it; Annanstad's coordinator sees nothing of it, and neither can touch the other's."""
    cast.olle.email = "olle@annanstad.example"
    cast.olle.save()
    otto = User.objects.create_user("otto", password="otto-password-123")
    Membership.objects.create(user=otto, organisation=cast.annan, role=Role.COORDINATOR)
    cecilia = client_for(cast.cecilia)
    add(cecilia, email="olle@annanstad.example", organisation=cast.bostad.pk, role="reporter")
    here, there = membership_of(cast.olle, cast.bostad), membership_of(cast.olle, cast.annan)
    (notice,) = mail.outbox
    assert notice.to == ["olle@annanstad.example"] and "Exempeltorpshem" in str(notice.body)

    otto_client = Client()
    assert otto_client.login(username="otto", password="otto-password-123")
    assert "Exempeltorpshem" not in otto_client.get(LIST).content.decode()
    for name in ("member-change", "member-end", "member-invite"):
        assert otto_client.post(reverse(name, args=[here.pk])).status_code == 404, name
        assert cecilia.post(reverse(name, args=[there.pk])).status_code == 404, name
    assert membership_of(cast.olle, cast.annan).ends_on is None
    assert membership_of(cast.olle, cast.bostad).ends_on is None


@pytest.mark.parametrize("kind", ["staff", "superuser", "sso"])
def test_no_password_link_is_ever_sent_for_a_staff_superuser_or_sso_account(
    cast: Cast, kind: str
) -> None:
    """An account made in the admin or by single sign-on, without a password and never logged
    in, looks like an unused invitation; a coordinator who adds its address must not be able to
    have a link sent that sets a password on it."""
    person = User.objects.create_user(
        "pre", email="pre@exempel.se", is_staff=kind == "staff", is_superuser=kind == "superuser"
    )
    if kind == "sso":
        SsoIdentity.objects.create(user=person, issuer="https://idp.example", subject="p-1")
    client = client_for(cast.cecilia)
    add(client, email="pre@exempel.se", organisation=cast.bostad.pk)
    membership = membership_of(person, cast.bostad)
    assert reverse("member-invite", args=[membership.pk]) not in client.get(LIST).content.decode()
    refused = invite_again(client, membership)
    assert "ingen inbjudan skickas" in refused.content.decode()
    (notice,) = mail.outbox  # told of the membership, with no link
    assert "/konto/aterstall/" not in str(notice.body)
    assert not AuditEntry.objects.filter(action=INVITED).exists()


def test_invitations_to_one_account_are_limited_per_hour(cast: Cast, settings) -> None:
    settings.LAGESBILD_MEMBER_MAIL_LIMIT = 3
    client = client_for(cast.cecilia)
    add(client, email="ny@exempel.se", organisation=cast.bostad.pk)
    membership = membership_of(User.objects.get(email="ny@exempel.se"), cast.bostad)
    invite_again(client, membership)
    invite_again(client, membership)
    refused = invite_again(client, membership)
    assert "inget nytt skickades" in refused.content.decode()
    assert len(mail.outbox) == 3
    assert AuditEntry.objects.filter(action=INVITED).count() == 3


def test_adding_and_ending_again_and_again_sends_no_more_than_the_limit(
    cast: Cast, settings
) -> None:
    """Ending a membership and giving it again is no way around the limit."""
    settings.LAGESBILD_MEMBER_MAIL_LIMIT = 2
    cast.hugo.email = "hugo@hem.se"
    cast.hugo.save()
    client = client_for(cast.cecilia)
    yesterday = timezone.localdate() - timedelta(days=1)
    for _round in range(4):
        response = add(client, email="hugo@hem.se", organisation=cast.kommunen.pk, follow=True)
        assert response.status_code == 200
        # Ended (before today, so that it may be given again).
        Membership.objects.filter(user=cast.hugo, organisation=cast.kommunen).update(
            ends_on=yesterday
        )
    assert "inget nytt skickades" in response.content.decode()
    assert len(mail.outbox) == 2
    assert AuditEntry.objects.filter(action="lagesbild.membership.added").count() == 4


def test_the_links_name_the_configured_site_not_the_host_header(cast: Cast, settings) -> None:
    """A Host header that ALLOWED_HOSTS lets through still never reaches the e-mail."""
    settings.ALLOWED_HOSTS = ["testserver", "elak.example"]
    settings.LAGESBILD_BASE_URL = "https://lagesbild.kommun.example"
    client = client_for(cast.cecilia)
    client.post(
        f"{LIST}?kommun=0999",
        {"email": "ny@exempel.se", "organisation": cast.bostad.pk, "role": "reader"},
        HTTP_HOST="elak.example",
    )
    (message,) = mail.outbox
    body = str(message.body)
    assert "elak.example" not in body
    assert re.search(r"https://lagesbild\.kommun\.example/konto/aterstall/\S+/\S+/", body)
    assert "https://lagesbild.kommun.example/logga-in/" in body


def test_without_a_configured_site_the_link_names_the_requests_allowed_host(
    cast: Cast, settings
) -> None:
    settings.LAGESBILD_BASE_URL = settings.LAGESBILD_SAML_BASE_URL = ""
    add(client_for(cast.cecilia), email="ny@exempel.se", organisation=cast.bostad.pk)
    assert "http://testserver/konto/aterstall/" in str(mail.outbox[0].body)


# --- nobody widens their own rights -----------------------------------------------------------

SELF = "Du kan inte ge dig själv ett medlemskap"


def test_a_coordinator_cannot_give_herself_a_membership(cast: Cast) -> None:
    """Made a reporter of the security company, she would file reports in its name."""
    cast.cecilia.email = "cecilia@kommunen.example"
    cast.cecilia.save()
    response = add(
        client_for(cast.cecilia),
        email="cecilia@kommunen.example",
        organisation=cast.bevakning.pk,
        role="reporter",
    )
    assert response.status_code == 400 and SELF in response.content.decode()
    assert not Membership.objects.filter(user=cast.cecilia, organisation=cast.bevakning).exists()
    assert not mail.outbox


def test_a_coordinator_cannot_raise_or_lengthen_her_own_membership_but_may_lower_it(
    cast: Cast,
) -> None:
    ends = timezone.localdate() + timedelta(days=30)
    own = Membership.objects.create(
        user=cast.cecilia, organisation=cast.bevakning, role=Role.READER, ends_on=ends
    )
    client = client_for(cast.cecilia)
    url = reverse("member-change", args=[own.pk])
    for data in (
        {"role": "reporter", "ends_on": ends.isoformat()},  # higher
        {"role": "reader", "ends_on": ""},  # no end
        {"role": "reader", "ends_on": (ends + timedelta(days=1)).isoformat()},  # later
    ):
        refused = client.post(url, data)
        assert refused.status_code == 400 and SELF in refused.content.decode(), data
    own.refresh_from_db()
    assert (own.role, own.ends_on) == ("reader", ends)
    earlier = (ends - timedelta(days=1)).isoformat()
    assert client.post(url, {"role": "reader", "ends_on": earlier}).status_code == 302
    # Another coordinator may do what she may not.
    other = User.objects.create_user("cora", password="cora-password-123")
    Membership.objects.create(user=other, organisation=cast.kommunen, role=Role.COORDINATOR)
    cora = Client()
    assert cora.login(username="cora", password="cora-password-123")
    assert cora.post(url, {"role": "reporter", "ends_on": ""}).status_code == 302
    own.refresh_from_db()
    assert (own.role, own.ends_on) == ("reporter", None)


def test_one_coordinators_e_mails_to_everyone_are_limited_per_hour(cast: Cast, settings) -> None:
    """A taken-over coordinator account sends no flood of invitations to many addresses."""
    settings.LAGESBILD_MEMBER_MAIL_SENDER_LIMIT = 2
    client = client_for(cast.cecilia)
    for number in range(3):
        response = add(client, email=f"ny{number}@exempel.se", organisation=cast.bostad.pk)
        assert response.status_code == 302  # the account stands
    assert [m.to for m in mail.outbox] == [["ny0@exempel.se"], ["ny1@exempel.se"]]
    page = client.get(LIST).content.decode()
    assert "Du har skickat många e-postmeddelanden" in page
    assert AuditEntry.objects.filter(action=INVITED).count() == 2
