"""Users and their memberships, each change one atomic, audited write: ``create_user`` (the
command line) and the coordinator's member page (add by e-mail, change, end, invite, notify)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from lagesbild.audit.services import log_action
from lagesbild.organisations.access import (
    ADMIN_MEMBERSHIP,
    GRANTABLE_ROLES,
    POLICE_MEMBERSHIP,
    holds_other_coordinator_role,
    is_in_effect,
    may_widen_in,
    role_widens,
)
from lagesbild.organisations.mail_rules import allow_mail, site_root
from lagesbild.organisations.models import Membership, Organisation, Role
from lagesbild.shared_cache import Unavailable


@dataclass(frozen=True)
class NewUser:
    username: str
    password: str
    organisation: Organisation
    role: Role
    email: str = ""
    validate: bool = True


@transaction.atomic
def create_user(new: NewUser, actor=None):
    """Create (or update the password and role of) a user with one membership."""
    User = get_user_model()
    user = User.objects.filter(username=new.username).first() or User(username=new.username)
    if new.validate:
        validate_password(new.password, user)
    user.email = new.email or user.email
    user.set_password(new.password)
    user.save()
    Membership.objects.update_or_create(
        user=user, organisation=new.organisation, defaults={"role": new.role}
    )
    # An administrator works in /admin/ (the audit log, group mappings, resetting a second
    # factor), as the demo's admin does: staff alone found "no permission to view or edit
    # anything" there, and no documented command made a superuser. Any admin membership
    # counts: a police area's admin given an analyst's role in a second municipality stays one.
    admin = user.memberships.filter(role=Role.ADMIN).exists()
    if (user.is_staff, user.is_superuser) != (admin, admin):
        user.is_staff = user.is_superuser = admin
        user.save(update_fields=["is_staff", "is_superuser"])
    log_action(
        actor,
        "lagesbild.user.created",
        user,
        {"role": str(new.role), "organisation": new.organisation.slug},
    )
    return user


# --- the coordinator's member page ---------------------------------------------------------


class MembershipRefused(Exception):
    """A membership change that the rules refuse; the message says why, for the person."""


@dataclass(frozen=True)
class NewMember:
    """A membership to give by e-mail address; the names are used for a new account only."""

    email: str
    organisation: Organisation
    role: str
    ends_on: date | None = None
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class AddedMember:
    membership: Membership
    new_account: bool  # an account was made: its person must be invited to choose a password


def _check_role(role: str) -> None:
    if role not in GRANTABLE_ROLES:
        raise MembershipRefused(
            _("Rollen kan inte ges här. En administratör utses av en superanvändare.")
        )


def _check_grantable(membership: Membership) -> None:
    """An administrator's membership is changed only in the admin, by a superuser."""
    if membership.role not in GRANTABLE_ROLES:
        raise MembershipRefused(str(ADMIN_MEMBERSHIP))


def _check_end(ends_on: date | None, before: date | None = None) -> None:
    """An end date is today or later: an end in the past would rewrite what the person could
    do then. A date that was already set may stay as it is."""
    if ends_on is not None and ends_on != before and ends_on < timezone.localdate():
        raise MembershipRefused(_("Slutdatumet kan inte ligga före i dag."))


def _widens(role: str, ends_on: date | None, membership: Membership) -> bool:
    """Whether ``role`` until ``ends_on`` gives more than the membership gives now: a right
    its role does not give (``access.role_widens``), or a later end (none is the latest)."""
    higher = role_widens(role, membership.role)
    before = membership.ends_on
    later = before is not None and (ends_on is None or ends_on > before)
    return higher or later


def _check_not_own(user_id: int | None, actor: Any) -> None:
    """Nobody widens their own rights here (four eyes): a coordinator who made themselves a
    reporter of the security company would file reports in its name. Another coordinator or
    an administrator does it, and the person is told."""
    if user_id is not None and user_id == getattr(actor, "pk", None):
        raise MembershipRefused(
            _(
                "Du kan inte ge dig själv ett medlemskap, nya rättigheter eller en längre tid. "
                "Be en annan samordnare eller en administratör."
            )
        )


def _check_widens_in(organisation: Organisation, actor: Any) -> None:
    """The police decide who holds their rights (``access.may_widen_in``)."""
    if not may_widen_in(getattr(actor, "pk", None), organisation):
        raise MembershipRefused(str(POLICE_MEMBERSHIP))


def _member_label(membership: Membership) -> str:
    user = membership.user
    return user.get_full_name() or user.get_username()


def _audit_detail(membership: Membership, **more: Any) -> dict[str, Any]:
    """What an audit entry says of a membership: its organisation and role, never the e-mail."""
    return {
        "organisation": membership.organisation.slug,
        "role": str(membership.role),
        "user_id": membership.user_id,
        **more,
    }


def _account_for(new: NewMember) -> tuple[Any, bool]:
    """The active account with the e-mail address, or a new one without a password.

    An address shared by several accounts and a switched-off account get one and the same
    refusal: the page tells a coordinator nothing of someone else's account they cannot add."""
    User = get_user_model()
    found = list(User.objects.filter(email__iexact=new.email)[:2])
    if len(found) > 1 or (found and not found[0].is_active):
        raise MembershipRefused(
            _(
                "Adressen kan inte få ett medlemskap här. Be en administratör se över kontot "
                "med den adressen."
            )
        )
    if found:
        return found[0], False
    user = User(
        username=_free_username(User, new.email),
        email=new.email,
        first_name=new.first_name[:150],
        last_name=new.last_name[:150],
    )
    user.set_unusable_password()  # chosen by the person through the invitation's link
    user.save()
    return user, True


def _free_username(User: Any, email: str) -> str:
    """A username from the address's local part (the characters Django allows), numbered if
    taken. Never the whole address: audit entries name their actor by username, and hold no
    e-mail address."""
    local = email.rpartition("@")[0] or email
    base = re.sub(r"[^\w.+-]", "_", local.lower())[:140] or "medlem"
    name, number = base, 1
    while User.objects.filter(username__iexact=name).exists():
        number += 1
        name = f"{base}-{number}"
    return name


@transaction.atomic
def add_member(new: NewMember, actor: Any, request: HttpRequest | None = None) -> AddedMember:
    """Give the person with ``new.email`` the role in the organisation, making an account
    without a password if there is none. An ended membership in the organisation is given
    again (a person holds one membership per organisation); a running one is refused."""
    _check_role(new.role)
    _check_end(new.ends_on)
    _check_widens_in(new.organisation, actor)
    user, new_account = _account_for(new)
    _check_not_own(user.pk, actor)
    membership = (
        Membership.objects.select_for_update()
        .filter(user=user, organisation=new.organisation)
        .first()
    )
    again = membership is not None
    if membership is not None and is_in_effect(membership):
        raise MembershipRefused(_already_member(membership, new.role))
    if membership is None:
        membership = Membership(user=user, organisation=new.organisation)
    membership.role, membership.ends_on = new.role, new.ends_on
    membership.since = timezone.localdate()
    membership.full_clean(validate_unique=False)
    membership.save()
    if new_account:
        log_action(
            actor,
            "lagesbild.user.created",
            user,
            {"role": str(new.role), "organisation": new.organisation.slug, "via": "medlemmar"},
            request,
        )
    detail = _audit_detail(membership, ends_on=_iso(new.ends_on), given_again=again)
    log_action(actor, "lagesbild.membership.added", membership, detail, request)
    return AddedMember(membership, new_account)


def _already_member(membership: Membership, role: str) -> str:
    names = {
        "name": _member_label(membership),
        "organisation": membership.organisation.name,
        "role": membership.get_role_display().lower(),
    }
    if membership.role == role:
        return _("%(name)s är redan %(role)s i %(organisation)s.") % names
    return (
        _("%(name)s är redan %(role)s i %(organisation)s. Ändra rollen i listan i stället.") % names
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _check_own_last_coordinator(
    membership: Membership, role: str, ends_on: date | None, actor: Any
) -> None:
    """A coordinator may not end or downgrade their own last coordinator membership in the
    municipality: they would lock themselves out, and the municipality could be left with
    nobody to coordinate it. Another coordinator (or an administrator) may."""
    if membership.user_id != getattr(actor, "pk", None) or membership.role != Role.COORDINATOR:
        return
    ending = ends_on is not None and ends_on != membership.ends_on
    if (role == Role.COORDINATOR and not ending) or holds_other_coordinator_role(membership):
        return
    raise MembershipRefused(
        _(
            "Du kan inte avsluta eller ändra ditt sista samordnaruppdrag i kommunen, då skulle "
            "ingen kunna hantera medlemmarna åt dig. Be en annan samordnare eller en "
            "administratör göra det."
        )
    )


@transaction.atomic
def change_membership(
    membership: Membership,
    role: str,
    ends_on: date | None,
    actor: Any,
    request: HttpRequest | None = None,
) -> Membership:
    """Change the role or the end date of a membership; nothing else, never a deletion."""
    _check_role(role)
    _check_grantable(membership)
    _check_end(ends_on, membership.ends_on)
    _check_own_last_coordinator(membership, role, ends_on, actor)
    if _widens(role, ends_on, membership):
        _check_not_own(membership.user_id, actor)
        _check_widens_in(membership.organisation, actor)
    before = {"role_before": str(membership.role), "ends_on_before": _iso(membership.ends_on)}
    if membership.role == role and membership.ends_on == ends_on:
        return membership
    membership.role, membership.ends_on = role, ends_on
    membership.save(update_fields=["role", "ends_on"])
    detail = _audit_detail(membership, ends_on=_iso(ends_on), **before)
    log_action(actor, "lagesbild.membership.changed", membership, detail, request)
    return membership


@transaction.atomic
def end_membership(
    membership: Membership,
    actor: Any,
    on: date | None = None,
    request: HttpRequest | None = None,
) -> Membership:
    """End a membership on ``on`` (today): it gives nothing from the day after. It stays
    stored, for the history and the audit trail."""
    ends_on = on or timezone.localdate()
    _check_grantable(membership)
    _check_end(ends_on)
    if membership.ends_on is not None and ends_on > membership.ends_on:
        # Not an end but a longer membership: that is a change, with its own checks.
        day = {"day": date_format(membership.ends_on)}
        if membership.ends_on < timezone.localdate():
            raise MembershipRefused(_("Medlemskapet upphörde redan %(day)s.") % day)
        raise MembershipRefused(
            _("Medlemskapet upphör redan %(day)s. En senare dag ändras under Ändra.") % day
        )
    _check_own_last_coordinator(membership, membership.role, ends_on, actor)
    before = _iso(membership.ends_on)
    membership.ends_on = ends_on
    membership.save(update_fields=["ends_on"])
    detail = _audit_detail(membership, ends_on=_iso(ends_on), ends_on_before=before)
    log_action(actor, "lagesbild.membership.ended", membership, detail, request)
    return membership


def awaits_invitation(user: Any) -> bool:
    """Whether the account was made by invitation and its person has not yet chosen a password:
    active, with an address, no password and no login. An account that signs in only through
    the organisation's login has no password either and gets none, nor does a staff account
    (made and given its password in the admin): a coordinator never has a password-setting
    link sent for it."""
    return bool(
        user.is_active
        and user.email
        and not user.is_staff
        and not user.is_superuser
        and not user.has_usable_password()
        and not user.last_login
        and not user.sso_identities.all()
    )


def member_mail_limit() -> int:
    """How many e-mails (invitations and notices) the member page sends one account an hour."""
    return getattr(settings, "LAGESBILD_MEMBER_MAIL_LIMIT", 3)


def sender_mail_limit() -> int:
    """How many e-mails one coordinator's actions on the member page send an hour, to everyone:
    a taken-over coordinator account sends no flood through the municipality's mail server."""
    return getattr(settings, "LAGESBILD_MEMBER_MAIL_SENDER_LIMIT", 50)


def _check_mail_limit(user: Any, sender: Any) -> None:
    try:
        _check_mail_counts(user, sender)
    except Unavailable:  # the counts cannot be kept: nothing is sent (mail_rules)
        raise MembershipRefused(
            _(
                "E-post kan inte skickas från sidan just nu, så inget e-postmeddelande "
                "skickades. Försök igen om en stund."
            )
        ) from None


def _check_mail_counts(user: Any, sender: Any) -> None:
    if not allow_mail("member-mail", str(user.pk), member_mail_limit()):
        raise MembershipRefused(
            _(
                "Personen har redan fått flera e-postmeddelanden från sidan den senaste timmen, "
                "så inget nytt skickades. Försök igen om en timme."
            )
        )
    if not allow_mail("member-mail-sender", str(sender.pk), sender_mail_limit()):
        raise MembershipRefused(
            _(
                "Du har skickat många e-postmeddelanden från sidan den senaste timmen, så inget "
                "nytt skickades. Försök igen om en timme."
            )
        )


def invitation_link(user: Any, request: HttpRequest) -> str:
    """The address where an invited person chooses their password (the password-reset
    confirmation: the same one-time token, valid for PASSWORD_RESET_TIMEOUT)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return site_root(request) + reverse("password-reset-confirm", args=[uidb64, token])


def _mail_context(membership: Membership, inviter: Any, request: HttpRequest) -> dict[str, Any]:
    return {
        "user": membership.user,
        "membership": membership,
        "organisation": membership.organisation,
        "municipality": membership.organisation.municipality,
        "inviter": inviter.get_full_name() or inviter.get_username(),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "login": site_root(request) + reverse("login"),
    }


def _send(templates: str, context: dict[str, Any], to: str) -> None:
    """Render ``emails/<templates>_subject.txt`` and ``_body.txt`` in Swedish and send them."""
    with translation.override("sv"):
        subject = render_to_string(f"emails/{templates}_subject.txt", context).strip()
        body = render_to_string(f"emails/{templates}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def send_invitation(membership: Membership, inviter: Any, request: HttpRequest) -> None:
    """E-mail the new account's person a link to choose a password, in Swedish (the
    invitation goes out before anyone knows the person's language, as the reminders do).
    Refused (MembershipRefused) above ``member_mail_limit`` e-mails to the account an hour."""
    user = membership.user
    _check_mail_limit(user, inviter)
    context = {
        **_mail_context(membership, inviter, request),
        "link": invitation_link(user, request),
    }
    _send("invitation", context, user.email)
    log_action(
        inviter, "lagesbild.membership.invited", membership, _audit_detail(membership), request
    )


def send_notice(membership: Membership, inviter: Any, request: HttpRequest) -> None:
    """Tell an existing account's person that they were given a membership, by whom, and whom
    to ask if it is wrong: an account is never added to a municipality without its person
    hearing of it. No link: they log in as they always do. Refused (MembershipRefused) above
    ``member_mail_limit`` e-mails to the account an hour."""
    _check_mail_limit(membership.user, inviter)
    _send("invitation_existing", _mail_context(membership, inviter, request), membership.user.email)
    log_action(
        inviter, "lagesbild.membership.notified", membership, _audit_detail(membership), request
    )
