"""Group mapping at login (services.sign_in), the configuration, and the login switched off."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from lagesbild.audit.models import AuditEntry
from lagesbild.organisations.access import active_memberships, viewer_for
from lagesbild.organisations.models import Membership, Role
from lagesbild.sso.config import OFF, SsoConfigError, oidc_settings
from lagesbild.sso.models import GroupMapping, SsoMembership
from lagesbild.sso.services import NoMappedGroup, ProviderIdentity, sign_in
from lagesbild.testing import Cast, run_cli

ISSUER = "https://login.example.se/kommun"


def identity(*groups: str, subject: str = "abc-123", username: str = "kim") -> ProviderIdentity:
    return ProviderIdentity(ISSUER, subject, username, frozenset(groups))


@pytest.fixture
def mappings(cast: Cast) -> Cast:
    GroupMapping.objects.create(group="samordnare", organisation=cast.kommunen, role="coordinator")
    GroupMapping.objects.create(group="lasare", organisation=cast.kommunen, role="reader")
    GroupMapping.objects.create(group="polis", organisation=cast.polisen, role="analyst")
    GroupMapping.objects.create(group="annan", organisation=cast.annan, role="reporter")
    return cast


def roles(user) -> dict[str, str]:
    return {m.organisation.slug: m.role for m in active_memberships(user.pk)}


def test_groups_give_roles_per_organisation_the_highest_one_winning(mappings: Cast) -> None:
    user = sign_in(identity("lasare", "samordnare", "annan", "okand"))
    assert roles(user) == {mappings.kommunen.slug: "coordinator", mappings.annan.slug: "reporter"}
    viewer = viewer_for(user)
    assert viewer.manages(mappings.municipality.pk)
    assert not viewer.manages(mappings.other_municipality.pk)  # the organisation fixes it
    assert AuditEntry.objects.filter(action="lagesbild.sso.user_created").count() == 1


def test_a_lost_group_ends_only_the_membership_the_provider_gave(mappings: Cast) -> None:
    user = sign_in(identity("samordnare", "polis"))
    local = Membership.objects.create(user=user, organisation=mappings.bostad, role="reporter")
    again = sign_in(identity("lasare"))
    assert again == user
    assert roles(user) == {mappings.kommunen.slug: "reader", mappings.bostad.slug: "reporter"}
    ended = Membership.objects.get(user=user, organisation=mappings.polisen)
    assert ended.ends_on == timezone.localdate() - timedelta(days=1)
    local.refresh_from_db()
    assert local.ends_on is None and not SsoMembership.objects.filter(membership=local).exists()
    # The group back: the same membership opens again.
    sign_in(identity("lasare", "polis"))
    ended.refresh_from_db()
    assert ended.ends_on is None and ended.role == Role.ANALYST


def test_a_local_membership_in_a_mapped_organisation_is_left_as_it_is(mappings: Cast) -> None:
    user = sign_in(identity("lasare"))
    Membership.objects.filter(user=user).delete()
    Membership.objects.create(user=user, organisation=mappings.kommunen, role="reporter")
    sign_in(identity("samordnare"))
    assert roles(user) == {mappings.kommunen.slug: "reporter"}


def test_nobody_is_created_for_unmapped_groups(mappings: Cast) -> None:
    with pytest.raises(NoMappedGroup) as refused:
        sign_in(identity("ekonomi", "personal"))
    assert refused.value.groups == ["ekonomi", "personal"]
    assert not get_user_model().objects.filter(username="kim").exists()
    assert AuditEntry.objects.filter(action="lagesbild.sso.refused").count() == 1


def test_losing_every_group_ends_the_rights_and_refuses_the_login(mappings: Cast) -> None:
    user = sign_in(identity("samordnare"))
    with pytest.raises(NoMappedGroup):
        sign_in(identity())
    assert roles(user) == {}
    assert not viewer_for(get_user_model().objects.get(pk=user.pk)).has_access


def test_usernames_are_made_valid_and_never_those_of_local_accounts(mappings: Cast) -> None:
    # An address keeps only its part before the @: no account holds an e-mail address.
    assert sign_in(identity("lasare", username="Kim Berg@kommun.se")).username == "KimBerg"
    assert sign_in(identity("lasare", subject="upn", username="a@b@kommun.se")).username == "ab"
    taken = sign_in(identity("lasare", subject="other", username="cecilia"))
    assert taken.username.startswith("cecilia-") and taken != mappings.cecilia
    blank = sign_in(identity("lasare", subject="third", username="!!!"))
    assert blank.username.startswith("sso-")


PROVIDER = {
    "LAGESBILD_OIDC_CLIENT_ID": "lagesbild",
    "LAGESBILD_OIDC_ISSUER": ISSUER,
    "LAGESBILD_OIDC_AUTHORIZATION_ENDPOINT": f"{ISSUER}/authorize",
    "LAGESBILD_OIDC_TOKEN_ENDPOINT": f"{ISSUER}/token",
    "LAGESBILD_OIDC_JWKS_ENDPOINT": f"{ISSUER}/jwks",
}


def test_the_configuration_is_off_without_a_client_id_and_complete_with_one() -> None:
    assert oidc_settings({}) == OFF
    configured = oidc_settings(PROVIDER, "secret")
    assert configured["LAGESBILD_OIDC_ENABLED"] and configured["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert configured["OIDC_OP_USER_ENDPOINT"] == ""  # Entra ID: the groups are in the ID token
    with pytest.raises(SsoConfigError, match="LAGESBILD_OIDC_TOKEN_ENDPOINT"):
        oidc_settings({**PROVIDER, "LAGESBILD_OIDC_TOKEN_ENDPOINT": ""}, "secret")
    with pytest.raises(SsoConfigError, match="CLIENT_SECRET"):
        oidc_settings(PROVIDER)
    with pytest.raises(SsoConfigError, match="RS"):
        oidc_settings({**PROVIDER, "LAGESBILD_OIDC_SIGN_ALGO": "HS256"}, "secret")
    with pytest.raises(SsoConfigError, match="openid"):
        oidc_settings({**PROVIDER, "LAGESBILD_OIDC_SCOPES": "profile"}, "secret")
    with pytest.raises(SsoConfigError, match="true or false"):
        oidc_settings({**PROVIDER, "LAGESBILD_OIDC_USE_PKCE": "kanske"}, "secret")


def test_without_configuration_there_is_no_button_and_no_route(client: Client, db) -> None:
    page = client.get("/logga-in/")
    assert page.status_code == 200 and "Logga in med" not in page.content.decode()
    assert client.get("/logga-in/oidc/").status_code == 404
    assert client.get("/logga-in/oidc/svar/?code=a&state=b").status_code == 404


def test_an_admin_maps_a_group_in_the_django_admin(mappings: Cast) -> None:
    admin = get_user_model().objects.create_superuser("root", password="root-password-1")
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/sso/groupmapping/")
    assert listing.status_code == 200 and "samordnare" in listing.content.decode()
    assert mappings.municipality.name in listing.content.decode()
    added = client.post(
        "/admin/sso/groupmapping/add/",
        {"group": "bevakare", "organisation": mappings.bevakning.pk, "role": "reporter"},
    )
    assert added.status_code == 302, added.content.decode()[-3000:]
    user = sign_in(identity("bevakare"))
    assert roles(user) == {mappings.bevakning.slug: "reporter"}


def test_the_app_refuses_to_start_with_half_a_provider(tmp_path) -> None:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LAGESBILD_OIDC_")},
        **{k: v for k, v in PROVIDER.items() if k != "LAGESBILD_OIDC_JWKS_ENDPOINT"},
        "LAGESBILD_OIDC_CLIENT_SECRET_FILE": str(tmp_path / "missing"),
        "LAGESBILD_DATA_DIR": str(tmp_path),
    }
    run = run_cli("check", environment=environment)
    assert run.returncode != 0
    assert "cannot be read" in run.stderr  # the secret's file first
    (tmp_path / "secret").write_text("s3cret\n", encoding="utf-8")
    environment["LAGESBILD_OIDC_CLIENT_SECRET_FILE"] = str(tmp_path / "secret")
    run = run_cli("check", environment=environment)
    assert run.returncode != 0
    assert "LAGESBILD_OIDC_JWKS_ENDPOINT" in run.stderr and "Traceback" not in run.stderr


def test_a_membership_the_provider_gave_is_changed_there_not_on_the_member_page(
    mappings: Cast,
) -> None:
    from django.urls import reverse

    from lagesbild.testing import client_for

    kim = sign_in(identity("lasare"))
    given = Membership.objects.get(user=kim)
    coordinator = client_for(mappings.cecilia)
    page = coordinator.get(reverse("member-list")).content.decode()
    assert "ändras i inloggningstjänsten" in page
    assert reverse("member-change", args=[given.pk]) not in page
    for url, data in (
        (reverse("member-change", args=[given.pk]), {"role": Role.ANALYST, "ends_on": ""}),
        (reverse("member-end", args=[given.pk]), {}),
    ):
        refused = coordinator.post(url, data)
        assert refused.status_code == 403
        assert "kommer från organisationens inloggningstjänst" in refused.content.decode()
    given.refresh_from_db()
    assert given.role == Role.READER and given.ends_on is None
    # A local membership of the same person stays the coordinator's to change.
    local = Membership.objects.create(user=kim, organisation=mappings.bostad, role=Role.REPORTER)
    assert coordinator.get(reverse("member-change", args=[local.pk])).status_code == 200
