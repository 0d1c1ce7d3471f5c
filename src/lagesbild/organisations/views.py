"""Medlemmar: the coordinator gives, changes and ends the memberships of the municipality's
organisations, without IT. Who may is asked of the access layer
(``access.members_municipality``, ``access.membership_to_manage``); every write is a service
of ``services.py``, checked and audited there."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from smtplib import SMTPException
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lagesbild.areas.models import Municipality
from lagesbild.organisations.access import (
    from_provider,
    is_in_effect,
    may_widen_in,
    members_municipality,
    membership_to_manage,
    municipality_memberships,
    organisation_to_manage,
    organisations_to_widen_in,
    viewer_for,
)
from lagesbild.organisations.forms import (
    AddMemberForm,
    AddOrganisationForm,
    ChangeMembershipForm,
    EndMembershipForm,
    OrganisationNameForm,
)
from lagesbild.organisations.models import Membership, Organisation, Role
from lagesbild.organisations.services import (
    MembershipRefused,
    NewMember,
    add_member,
    awaits_invitation,
    change_membership,
    end_membership,
    send_invitation,
    send_notice,
)
from lagesbild.organisations.setup import (
    OrganisationRefused,
    add_organisation,
    rename_organisation,
)

logger = logging.getLogger(__name__)


@dataclass
class OrganisationMembers:
    organisation: Organisation
    memberships: list[Membership] = field(default_factory=list)
    widens: bool = True  # whether the viewer may give or widen roles here (not the police's)


def _list_url(municipality: Municipality) -> str:
    return f"{reverse('member-list')}?kommun={municipality.code}"


def _member_groups(
    municipality: Municipality,
) -> tuple[list[OrganisationMembers], list[Membership]]:
    """The running memberships per organisation (every organisation, also one without
    members), and the ended ones apart: two queries, however many members."""
    groups = {
        o.pk: OrganisationMembers(o)
        for o in Organisation.objects.filter(municipality=municipality).order_by("name")
    }
    ended = []
    for membership in municipality_memberships(municipality.pk):
        if is_in_effect(membership):
            # The page offers to send the invitation again to those who have not used it.
            membership.awaits_invitation = awaits_invitation(membership.user)  # type: ignore[attr-defined]
            membership.from_provider = from_provider(membership)  # type: ignore[attr-defined]
            groups[membership.organisation_id].memberships.append(membership)
        else:
            ended.append(membership)
    return list(groups.values()), ended


def _managed_municipalities(request: HttpRequest) -> list[Municipality]:
    """The municipalities to switch to, when the person manages more than one."""
    managed = viewer_for(request.user).managed_municipality_ids
    if len(managed) < 2:
        return []
    return list(Municipality.objects.filter(pk__in=managed).order_by("name"))


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    """The municipality's members per organisation, and the form that adds one by e-mail."""
    _viewer, municipality = members_municipality(request.user, request.GET.get("kommun"))
    organisations = organisations_to_widen_in(request.user.pk, municipality.pk).order_by("name")
    posted = request.POST if request.method == "POST" else None
    # Two forms on the page, told apart by their button.
    adds_organisation = posted is not None and "add_organisation" in posted
    form = AddMemberForm(None if adds_organisation else posted, organisations=organisations)
    organisation_form = AddOrganisationForm(posted if adds_organisation else None)
    if adds_organisation:
        if organisation_form.is_valid() and _organisation_added(
            request, organisation_form, municipality
        ):
            return redirect(_list_url(municipality))
    elif posted is not None and form.is_valid() and _added(request, form):
        return redirect(_list_url(municipality))
    groups, ended = _member_groups(municipality)
    for group in groups:
        group.widens = group.organisation in organisations
    context = {
        "municipality": municipality,
        "municipalities": _managed_municipalities(request),
        "groups": groups,
        "ended": ended,
        "form": form,
        "organisation_form": organisation_form,
        "admin_role": Role.ADMIN,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "organisations/members.html", context, status=status)


def _added(request: HttpRequest, form: AddMemberForm) -> bool:
    """Add the member the form names, or put on the form why not."""
    data = form.cleaned_data
    new = NewMember(
        email=data["email"],
        organisation=data["organisation"],
        role=data["role"],
        ends_on=data["ends_on"],
        first_name=data["first_name"],
        last_name=data["last_name"],
    )
    try:
        added = add_member(new, request.user, request)
    except MembershipRefused as refusal:
        form.add_error(None, str(refusal))
        return False
    except IntegrityError:  # the same membership given at the same moment by someone else
        form.add_error(None, _("Medlemskapet ändrades just av någon annan. Försök igen."))
        return False
    messages.success(request, _given_message(added.membership))
    if added.new_account or awaits_invitation(added.membership.user):
        _invite(request, added.membership)
    else:
        _notify(request, added.membership)
    return True


def _organisation_added(
    request: HttpRequest, form: AddOrganisationForm, municipality: Municipality
) -> bool:
    """Add the partner the form names, or put on the form why not."""
    data = form.cleaned_data
    try:
        organisation = add_organisation(
            municipality, data["organisation_name"], data["kind"], request.user, request
        )
    except OrganisationRefused as refusal:
        form.add_error(None, str(refusal))
        return False
    except IntegrityError:  # the same short name taken at the same moment by someone else
        form.add_error(None, _("Organisationerna ändrades just av någon annan. Försök igen."))
        return False
    messages.success(
        request,
        _("%(name)s är med i samverkan. Lägg till dess medlemmar ovan.")
        % {"name": organisation.name},
    )
    return True


def _given_message(membership: Membership) -> str:
    return _("%(name)s är nu %(role)s i %(organisation)s.") % {
        "name": membership.user.get_full_name() or membership.user.email,
        "role": membership.get_role_display().lower(),
        "organisation": membership.organisation.name,
    }


def _invite(request: HttpRequest, membership: Membership) -> None:
    """Send the invitation; the account stands even if the mail server refuses it."""
    _mail(
        request,
        send_invitation,
        membership,
        refused=messages.error,
        failed=_(
            "Kontot är skapat, men inbjudan kunde inte skickas. Skicka den igen från "
            "listan när e-posten fungerar."
        ),
        sent=_("En inbjudan med en länk för att välja lösenord är skickad till %(email)s.")
        % {"email": membership.user.email},
    )


def _notify(request: HttpRequest, membership: Membership) -> None:
    """Tell an existing account's person of the new membership; it stands whatever the mail
    server says."""
    _mail(
        request,
        send_notice,
        membership,
        refused=messages.warning,
        failed=_("Medlemskapet är givet, men meddelandet om det kunde inte skickas."),
        sent=_("%(email)s har fått ett e-postmeddelande om medlemskapet.")
        % {"email": membership.user.email},
    )


def _mail(
    request: HttpRequest,
    send: Callable[[Membership, Any, HttpRequest], None],
    membership: Membership,
    *,
    refused: Callable[[HttpRequest, str], None],
    failed: str,
    sent: str,
) -> None:
    """Send one of the page's e-mails and say how it went: refused by the hourly limits,
    failed at the mail server (logged), or sent."""
    try:
        send(membership, request.user, request)
    except MembershipRefused as refusal:
        refused(request, str(refusal))
        return
    except (SMTPException, OSError):
        logger.exception("%s to user %s could not be sent", send.__name__, membership.user_id)
        messages.warning(request, failed)
        return
    messages.info(request, sent)


def _change_page(
    request: HttpRequest,
    membership: Membership,
    form: ChangeMembershipForm,
    end_form: EndMembershipForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "membership": membership,
        "municipality": membership.organisation.municipality,
        "form": form,
        "end_form": end_form,
        "in_effect": is_in_effect(membership),
        "widens": may_widen_in(request.user.pk, membership.organisation),
    }
    return render(request, "organisations/member_change.html", context, status=status)


@login_required
def member_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a membership's role or end date."""
    membership = membership_to_manage(request.user, pk)
    initial = {"role": membership.role, "ends_on": membership.ends_on}
    form = ChangeMembershipForm(request.POST if request.method == "POST" else None, initial=initial)
    end_form = EndMembershipForm()
    if request.method != "POST":
        return _change_page(request, membership, form, end_form)
    if form.is_valid():
        data = form.cleaned_data
        try:
            change_membership(membership, data["role"], data["ends_on"], request.user, request)
        except MembershipRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Medlemskapet är ändrat."))
            return redirect(_list_url(membership.organisation.municipality))
    membership.refresh_from_db()
    return _change_page(request, membership, form, end_form, status=400)


@require_POST
@login_required
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a membership today or on a chosen day; it stays stored for the history."""
    membership = membership_to_manage(request.user, pk)
    end_form = EndMembershipForm(request.POST)
    if end_form.is_valid():
        try:
            end_membership(membership, request.user, end_form.cleaned_data["ends_on"], request)
        except MembershipRefused as refusal:
            end_form.add_error(None, str(refusal))
        else:
            messages.success(request, _ended_message(membership))
            return redirect(_list_url(membership.organisation.municipality))
    membership.refresh_from_db()
    initial = {"role": membership.role, "ends_on": membership.ends_on}
    form = ChangeMembershipForm(initial=initial)
    return _change_page(request, membership, form, end_form, status=400)


@require_POST
@login_required
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the invitation again (its link works for a day, and only once)."""
    membership = membership_to_manage(request.user, pk)
    if awaits_invitation(membership.user) and is_in_effect(membership):
        _invite(request, membership)
    else:
        messages.error(
            request,
            _("Kontot har redan ett lösenord eller har loggat in, så ingen inbjudan skickas."),
        )
    return redirect(_list_url(membership.organisation.municipality))


def _ended_message(membership: Membership) -> str:
    return _("%(name)s är %(role)s i %(organisation)s till och med %(day)s.") % {
        "name": membership.user.get_full_name() or membership.user.email or membership.user,
        "role": membership.get_role_display().lower(),
        "organisation": membership.organisation.name,
        "day": date_format(membership.ends_on) if membership.ends_on else "",
    }


@login_required
def organisation_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename one of the municipality's organisations (the police's: by the police)."""
    organisation = organisation_to_manage(request.user, pk)
    initial = {"organisation_name": organisation.name}
    form = OrganisationNameForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rename_organisation(
                organisation, form.cleaned_data["organisation_name"], request.user, request
            )
        except OrganisationRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("Organisationen heter nu %(name)s.") % {"name": organisation.name}
            )
            return redirect(_list_url(organisation.municipality))
    context = {"organisation": organisation, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "organisations/organisation_change.html", context, status=status)
