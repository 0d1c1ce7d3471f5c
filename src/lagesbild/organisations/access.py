"""Who may see what. Every view and command asks these functions; none filters on its own.

Rules (docs/permissions.md):
- everyone sees reports of their own organisations, with text;
- coordinators, admins and police analysts read every report's text in their municipality;
- sensitive categories are shown only to the police and to coordinators/admins (and to the
  organisation that filed the report);
- readers see the lägesbild but file nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from lagesbild.organisations.models import Membership, Organisation, Role

FILING_ROLES = {Role.REPORTER, Role.ANALYST, Role.COORDINATOR, Role.ADMIN}


@dataclass(frozen=True)
class Viewer:
    """What one signed-in user may see, computed once per request from their memberships."""

    user_id: int | None
    username: str
    municipality_ids: frozenset[int]
    organisation_ids: frozenset[int]
    reads_all_text: bool
    sees_sensitive: bool
    can_file_reports: bool
    is_coordinator: bool
    label: str

    @property
    def has_access(self) -> bool:
        return bool(self.municipality_ids)

    def can_read_text(self, report) -> bool:
        return self.reads_all_text or report.organisation_id in self.organisation_ids


def _reads_all_text(m: Membership) -> bool:
    return m.role in (Role.COORDINATOR, Role.ADMIN) or (
        m.role == Role.ANALYST and m.organisation.kind == Organisation.Kind.POLICE
    )


def _sees_sensitive(m: Membership) -> bool:
    return (
        m.role in (Role.COORDINATOR, Role.ADMIN) or m.organisation.kind == Organisation.Kind.POLICE
    )


def viewer_for(user: AbstractBaseUser | AnonymousUser) -> Viewer:
    """Return the Viewer for ``user``; anonymous users and users without membership see nothing."""
    if not user.is_authenticated:
        return Viewer(None, "", frozenset(), frozenset(), False, False, False, False, "")
    cached = getattr(user, "_lagesbild_viewer", None)
    if cached is not None:
        return cached
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    viewer = Viewer(
        user_id=user.pk,
        username=user.get_username(),
        municipality_ids=frozenset(m.organisation.municipality_id for m in memberships),
        organisation_ids=frozenset(m.organisation_id for m in memberships),
        reads_all_text=any(_reads_all_text(m) for m in memberships),
        sees_sensitive=any(_sees_sensitive(m) for m in memberships),
        can_file_reports=any(m.role in FILING_ROLES for m in memberships),
        is_coordinator=any(m.role in (Role.COORDINATOR, Role.ADMIN) for m in memberships),
        label=", ".join(f"{m.organisation.name} ({m.get_role_display()})" for m in memberships),
    )
    user._lagesbild_viewer = viewer
    return viewer


def system_viewer(municipality_ids: frozenset[int]) -> Viewer:
    """A viewer with every right, for operators at the command line."""
    return Viewer(None, "system", municipality_ids, frozenset(), True, True, True, True, "system")


def visible_reports(viewer: Viewer) -> QuerySet:
    """Return the reports ``viewer`` may see at all (text is a separate question)."""
    from lagesbild.reports.models import Report

    reports = Report.objects.filter(municipality_id__in=viewer.municipality_ids)
    if not viewer.sees_sensitive:
        reports = reports.filter(
            Q(category__sensitive=False) | Q(organisation_id__in=viewer.organisation_ids)
        )
    return reports


def filing_organisations(viewer: Viewer) -> QuerySet:
    """Return the organisations ``viewer`` may file reports for."""
    return Organisation.objects.filter(
        memberships__user_id=viewer.user_id, memberships__role__in=FILING_ROLES
    ).distinct()


def requires_second_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` must confirm each login with a second factor (when 2FA is required).

    Staff and superusers must, and so must every member whose role or organisation lets them read
    all organisations' free text or the sensitive categories: coordinators, admins, police
    analysts and anyone in a police organisation. The setting LAGESBILD_REQUIRE_2FA decides
    whether it is asked at all; this decides of whom.
    """
    if not isinstance(user, AbstractBaseUser) or not user.is_authenticated:
        return False  # anonymous (an API token is no user either: it is never asked)
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    memberships = Membership.objects.filter(user_id=user.pk).select_related("organisation")
    return any(_reads_all_text(m) or _sees_sensitive(m) for m in memberships)
