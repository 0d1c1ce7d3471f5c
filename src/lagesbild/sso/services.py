"""Signing in through an identity provider: find or create the user of a provider's subject and
make their memberships follow the provider's groups (``GroupMapping``), in one audited write.

Only memberships that a login through the provider created (``SsoMembership``) are changed or
ended; local memberships stay as the admin made them, and a group that maps to an organisation
where the user already holds a local membership leaves that membership alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lagesbild.audit.services import log_action
from lagesbild.organisations.access import active_memberships
from lagesbild.organisations.models import ROLE_RANK, Membership, Role
from lagesbild.sso.models import GroupMapping, SsoIdentity, SsoMembership
from lagesbild.sso.usernames import username_for

SIGNED_IN = "lagesbild.sso.signed_in"
REFUSED = "lagesbild.sso.refused"
USER_CREATED = "lagesbild.sso.user_created"
MEMBERSHIPS_CHANGED = "lagesbild.sso.memberships_changed"


@dataclass(frozen=True)
class ProviderIdentity:
    """What a provider says of the person logging in: all a login needs, nothing more."""

    issuer: str
    subject: str
    username: str  # the wished-for username (preferred_username or sub)
    groups: frozenset[str]


class NoMappedGroup(Exception):
    """None of the person's groups gives a role, and they hold no other membership."""

    def __init__(self, groups: Iterable[str]) -> None:
        self.groups = sorted(groups)
        super().__init__("no mapped group")


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    role: str
    group: str


def wanted_grants(groups: Iterable[str]) -> dict[int, Grant]:
    """Return organisation id → the role the groups give there (the highest one)."""
    grants: dict[int, Grant] = {}
    for mapping in GroupMapping.objects.filter(group__in=list(groups)).order_by("pk"):
        held = grants.get(mapping.organisation_id)
        if held is None or ROLE_RANK.index(Role(mapping.role)) > ROLE_RANK.index(Role(held.role)):
            grants[mapping.organisation_id] = Grant(
                mapping.organisation_id, mapping.role, mapping.group
            )
    return grants


def sign_in(identity: ProviderIdentity, request=None):
    """Return the user of ``identity`` with memberships matching their groups.

    Raises ``NoMappedGroup`` (after ending the memberships the provider no longer gives) when the
    user is left without any active membership; a person none of whose groups is mapped is not
    even created.
    """
    grants = wanted_grants(identity.groups)
    known = SsoIdentity.objects.filter(issuer=identity.issuer, subject=identity.subject).first()
    if known is None and not grants:
        log_action(None, REFUSED, detail={"groups": sorted(identity.groups)}, request=request)
        raise NoMappedGroup(identity.groups)
    with transaction.atomic():
        user = known.user if known is not None else _create_user(identity, request)
        changes = apply_grants(user, grants)
        if changes:
            log_action(user, MEMBERSHIPS_CHANGED, obj=user, detail=changes, request=request)
    if not active_memberships(user.pk).exists():
        log_action(user, REFUSED, detail={"groups": sorted(identity.groups)}, request=request)
        raise NoMappedGroup(identity.groups)
    log_action(user, SIGNED_IN, obj=user, detail={"issuer": identity.issuer}, request=request)
    return user


def _create_user(identity: ProviderIdentity, request=None):
    """A user with a username and nothing else: no name, no e-mail, no usable password."""
    User = get_user_model()
    user = User(username=free_username(identity))
    user.set_unusable_password()
    user.save()
    SsoIdentity.objects.create(user=user, issuer=identity.issuer, subject=identity.subject)
    log_action(user, USER_CREATED, obj=user, detail={"issuer": identity.issuer}, request=request)
    return user


def free_username(identity: ProviderIdentity) -> str:
    """The username of a new account of ``identity`` (``usernames.username_for``)."""
    return username_for(identity.username, identity.issuer, identity.subject, get_user_model())


def apply_grants(user, grants: dict[int, Grant]) -> dict[str, list]:
    """Make the user's provider-given memberships match ``grants``; return what changed."""
    yesterday = timezone.localdate() - timedelta(days=1)
    changes: dict[str, list] = {"granted": [], "changed": [], "ended": []}
    memberships = {
        m.organisation_id: m
        for m in Membership.objects.filter(user=user).select_related("sso_grant", "organisation")
    }
    for organisation_id, membership in memberships.items():
        grant = grants.get(organisation_id)
        if not _from_provider(membership) or grant is not None:
            continue
        if membership.ends_on is None or membership.ends_on > yesterday:
            membership.ends_on = yesterday  # no rights from today (access.active_memberships)
            membership.save(update_fields=["ends_on"])
            changes["ended"].append(membership.organisation.slug)
    for organisation_id, grant in grants.items():
        held = memberships.get(organisation_id)
        if held is None:
            created = Membership.objects.create(
                user=user, organisation_id=organisation_id, role=grant.role
            )
            SsoMembership.objects.create(membership=created, group=grant.group)
            changes["granted"].append([organisation_id, grant.role])
        elif _from_provider(held) and (held.role != grant.role or held.ends_on is not None):
            held.role, held.ends_on = grant.role, None
            held.save(update_fields=["role", "ends_on"])
            SsoMembership.objects.filter(membership=held).update(group=grant.group)
            changes["changed"].append([organisation_id, grant.role])
    return {key: value for key, value in changes.items() if value}


def _from_provider(membership: Membership) -> bool:
    return hasattr(membership, "sso_grant")
