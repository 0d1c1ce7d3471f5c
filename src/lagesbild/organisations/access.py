"""Who may see and do what: the one access layer. Every view, endpoint, export, document, command
and job asks it; none decides on its own (docs/permissions.md).

Rights hold **per municipality**: a membership gives rights only in its organisation's
municipality, and only while it has not ended. A police analyst in A who reports for a security
company in B reads all text in A and only the security company's text in B.

- everyone sees the reports of their own organisations, with text;
- coordinators, admins and police analysts read every report's text in their municipality;
- sensitive categories (``categories.sensitivity``) are shown only to the police and to
  coordinators/admins of the municipality, and to the organisation that filed the report;
- coordinators and admins manage the municipality (review, measures, goals, documents);
- readers see the lägesbild but file nothing;
- analysts, coordinators and admins of a municipality open its analysis pages (near repeats, time
  profiles, reporting effort, police events); reporters, readers and API tokens do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagesbild.areas.models import Municipality
from lagesbild.organisations.models import Membership, Organisation, Role

FILING_ROLES = frozenset({Role.REPORTER, Role.ANALYST, Role.COORDINATOR, Role.ADMIN})
MANAGING_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
ANALYSING_ROLES = frozenset({Role.ANALYST, Role.COORDINATOR, Role.ADMIN})
# Everyone but reporters reads the municipality's summaries: the tertial analysis, the yearly
# report and the statutory document are in their menu.
SUMMARY_ROLES = frozenset({Role.READER, Role.ANALYST, Role.COORDINATOR, Role.ADMIN})
# The rights a role gives, one set of roles per right: a role widens another when it gives a
# right the other does not (a reader reads the summaries a reporter does not, a reporter files).
_RIGHTS_OF_ROLES = (FILING_ROLES, ANALYSING_ROLES, SUMMARY_ROLES, MANAGING_ROLES)


def role_widens(new: str, old: str) -> bool:
    """Whether the role ``new`` gives any right that ``old`` does not."""
    return any(new in roles and old not in roles for roles in _RIGHTS_OF_ROLES)


@dataclass(frozen=True)
class Viewer:
    """What one caller may see and do, each right held per municipality.

    ``within(municipality_id)`` narrows a viewer to one municipality; the pages of a municipality
    work with such a narrowed viewer, for which the boolean properties are exact. On a viewer
    that spans several municipalities they hold only if they hold in every one of them.
    """

    user_id: int | None
    username: str
    municipality_ids: frozenset[int]
    organisation_ids: frozenset[int]
    text_municipality_ids: frozenset[int]
    sensitive_municipality_ids: frozenset[int]
    managed_municipality_ids: frozenset[int]
    filing_organisation_ids: frozenset[int]
    label: str
    # Where the analysis pages open (ANALYSING_ROLES); last, so older positional calls still work.
    analysis_municipality_ids: frozenset[int] = frozenset()
    # Where the summaries are in the menu (SUMMARY_ROLES).
    summary_municipality_ids: frozenset[int] = frozenset()

    @property
    def has_access(self) -> bool:
        return bool(self.municipality_ids)

    @property
    def reads_all_text(self) -> bool:
        return self.has_access and self.municipality_ids <= self.text_municipality_ids

    @property
    def sees_sensitive(self) -> bool:
        return self.has_access and self.municipality_ids <= self.sensitive_municipality_ids

    @property
    def is_coordinator(self) -> bool:
        """Coordinator or admin in every municipality of this viewer."""
        return self.has_access and self.municipality_ids <= self.managed_municipality_ids

    @property
    def can_file_reports(self) -> bool:
        return bool(self.filing_organisation_ids)

    def manages(self, municipality_id: int | None) -> bool:
        return municipality_id in self.managed_municipality_ids

    def analyses(self, municipality_id: int | None) -> bool:
        """Whether the analysis pages of this municipality are open to this viewer."""
        return municipality_id in self.analysis_municipality_ids

    def reads_text_in(self, municipality_id: int | None) -> bool:
        return municipality_id in self.text_municipality_ids

    def sees_sensitive_in(self, municipality_id: int | None) -> bool:
        return municipality_id in self.sensitive_municipality_ids

    def can_read_text(self, report) -> bool:
        return (
            report.municipality_id in self.text_municipality_ids
            or report.organisation_id in self.organisation_ids
        )

    def within(self, municipality_id: int) -> Viewer:
        """Return this viewer's rights in one municipality only."""
        only = frozenset({municipality_id}) & self.municipality_ids
        organisations = self._organisations_in(municipality_id)
        return replace(
            self,
            municipality_ids=only,
            organisation_ids=organisations,
            text_municipality_ids=self.text_municipality_ids & only,
            sensitive_municipality_ids=self.sensitive_municipality_ids & only,
            managed_municipality_ids=self.managed_municipality_ids & only,
            filing_organisation_ids=self.filing_organisation_ids & organisations,
            analysis_municipality_ids=self.analysis_municipality_ids & only,
            summary_municipality_ids=self.summary_municipality_ids & only,
        )

    def _organisations_in(self, municipality_id: int) -> frozenset[int]:
        if not self.organisation_ids:
            return frozenset()
        return frozenset(
            Organisation.objects.filter(
                pk__in=self.organisation_ids, municipality_id=municipality_id
            ).values_list("pk", flat=True)
        )


def narrowed(viewer: Viewer, municipality_id: int) -> Viewer:
    """``viewer.within(municipality_id)``, without a query when it already holds only that one.

    A viewer's organisations are those of its municipalities, so a viewer of this municipality
    alone is already narrowed to it.
    """
    if viewer.municipality_ids <= {municipality_id}:
        return viewer
    return viewer.within(municipality_id)


def viewer_class(viewer: Viewer, municipality_id: int) -> str:
    """Name what ``viewer`` may see of one municipality's reports: equal names, equal sight.

    Counts, rows and text depend on three things only (``visible_reports``,
    ``reports.rollup.visible_counts``, ``Viewer.can_read_text``): whether the viewer sees the
    sensitive categories there, whether they read every report's text there, and which of the
    municipality's organisations are theirs (their own reports are visible in sensitive
    categories and readable). The organisations matter only while one of the two rights is
    missing, so coordinators, admins and police analysts share one class, and everyone else
    shares one per set of own organisations. ``briefings.caching`` keys the cached week by it;
    ``briefings/tests/test_caching.py`` proves the equal-sight claim over the test cast.
    """
    local = narrowed(viewer, municipality_id)
    if not local.has_access:
        return "none"
    sensitive, text = local.sees_sensitive, local.reads_all_text
    rights = ("s" if sensitive else "-") + ("t" if text else "-")
    if sensitive and text:
        return rights
    return rights + ":" + ",".join(str(pk) for pk in sorted(local.organisation_ids))


NOBODY = Viewer(
    None, "", frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), ""
)


# --- what a membership gives ----------------------------------------------------------------


def reads_all_text(membership: Membership) -> bool:
    return membership.role in MANAGING_ROLES or (
        membership.role == Role.ANALYST and membership.organisation.kind == Organisation.Kind.POLICE
    )


def sees_sensitive(membership: Membership) -> bool:
    return (
        membership.role in MANAGING_ROLES
        or membership.organisation.kind == Organisation.Kind.POLICE
    )


def _not_ended() -> Q:
    """Memberships in effect today: without an end, or ending today or later."""
    return Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate())


def active_memberships(user_id: int) -> QuerySet[Membership]:
    """Return the user's memberships that have not ended."""
    return Membership.objects.filter(_not_ended(), user_id=user_id)


def manager_emails(municipality_id: int) -> list[str]:
    """Return the e-mail addresses of the municipality's active coordinators and admins (the
    people who review its reports), for the daily review reminder."""
    return _emails(
        Membership.objects.filter(
            organisation__municipality_id=municipality_id, role__in=MANAGING_ROLES
        )
    )


def member_emails(organisation_id: int) -> list[str]:
    """Return the e-mail addresses of the organisation's active members (a measure's owner)."""
    return _emails(Membership.objects.filter(organisation_id=organisation_id))


def _emails(memberships: QuerySet[Membership]) -> list[str]:
    """The addresses of the active people whose memberships of ``memberships`` have not ended."""
    in_effect = memberships.filter(_not_ended(), user__is_active=True).exclude(user__email="")
    return sorted(set(in_effect.values_list("user__email", flat=True)))


def viewer_of_memberships(
    memberships: Iterable[Membership], user_id: int | None, username: str, label: str = ""
) -> Viewer:
    """Return the viewer that ``memberships`` make, each right in its own municipality."""
    memberships = list(memberships)

    def where(rule) -> frozenset[int]:
        return frozenset(m.organisation.municipality_id for m in memberships if rule(m))

    return Viewer(
        user_id=user_id,
        username=username,
        municipality_ids=where(lambda m: True),
        organisation_ids=frozenset(m.organisation_id for m in memberships),
        text_municipality_ids=where(reads_all_text),
        sensitive_municipality_ids=where(sees_sensitive),
        managed_municipality_ids=where(lambda m: m.role in MANAGING_ROLES),
        filing_organisation_ids=frozenset(
            m.organisation_id for m in memberships if m.role in FILING_ROLES
        ),
        # Once each: a county board's organisation in each municipality it covers has one name
        # ("Länsstyrelsen i Exempellän (Analytiker)" had been said twice on every page).
        label=label
        or ", ".join(
            dict.fromkeys(f"{m.organisation.name} ({m.get_role_display()})" for m in memberships)
        ),
        analysis_municipality_ids=where(lambda m: m.role in ANALYSING_ROLES),
        summary_municipality_ids=where(lambda m: m.role in SUMMARY_ROLES),
    )


# --- resolving a caller ---------------------------------------------------------------------


_VIEWER, _MUNICIPALITIES = "_lagesbild_viewer", "_lagesbild_municipalities"


def viewer_for(user: AbstractBaseUser | AnonymousUser) -> Viewer:
    """Return the viewer of ``user`` over all their municipalities; anonymous users see nothing."""
    if not user.is_authenticated:
        return NOBODY
    # Kept on the user object, which lives as long as its request.
    remembered = vars(user)
    cached = remembered.get(_VIEWER)
    if cached is not None:
        return cached
    memberships = list(
        active_memberships(user.pk).select_related("organisation__municipality").order_by("pk")
    )
    viewer = viewer_of_memberships(memberships, user.pk, user.get_username())
    remembered[_VIEWER] = viewer
    # For ``viewer_in``, which then needs no query of its own for the usual caller.
    remembered[_MUNICIPALITIES] = {m.organisation.municipality for m in memberships}
    return viewer


def municipality_codes(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The codes of the municipalities ``user`` works in today (none for anonymous users)."""
    viewer_for(user)  # reads them with the memberships, once per request
    return frozenset(m.code for m in vars(user).get(_MUNICIPALITIES, ()))


def viewer_municipality(viewer: Viewer, code: str | None = None) -> Municipality:
    """Return the municipality ``viewer`` works in (the one asked for, if theirs); else 404."""
    municipalities = Municipality.objects.filter(pk__in=viewer.municipality_ids)
    if code:
        municipalities = municipalities.filter(code=code)
    municipality = municipalities.order_by("name").first()
    if municipality is None:
        raise Http404
    return municipality


def viewer_in(
    user: AbstractBaseUser | AnonymousUser, code: str | None = None
) -> tuple[Viewer, Municipality]:
    """Return the user's viewer narrowed to one municipality (``code`` or their first); else 404."""
    viewer = viewer_for(user)
    municipality = _sole_municipality(user, code) or viewer_municipality(viewer, code)
    return narrowed(viewer, municipality.pk), municipality


def _sole_municipality(
    user: AbstractBaseUser | AnonymousUser, code: str | None
) -> Municipality | None:
    """The user's only municipality, or the one ``code`` names, as ``viewer_for`` read it with
    the memberships; None when that does not settle it (several and no code, or none)."""
    known = vars(user).get(_MUNICIPALITIES, ())
    matching = [m for m in known if not code or m.code == code]
    return matching[0] if len(matching) == 1 else None


def managed_municipality(
    user: AbstractBaseUser | AnonymousUser, code: str | None = None
) -> tuple[Viewer, Municipality]:
    """Return the user's viewer narrowed to a municipality they manage (``code``, or the first
    they manage): its settings and its official data are a coordinator's or admin's.

    Another municipality is a 404 (as everywhere); a member who does not manage it is refused.
    """
    viewer = viewer_for(user)
    if code is None and viewer.managed_municipality_ids:
        code = (
            Municipality.objects.filter(pk__in=viewer.managed_municipality_ids)
            .order_by("name")
            .values_list("code", flat=True)
            .first()
        )
    municipality = viewer_municipality(viewer, code)
    if not viewer.manages(municipality.pk):
        raise PermissionDenied(_("Bara kommunens samordnare och administratörer får göra detta."))
    return narrowed(viewer, municipality.pk), municipality


def organisation_viewer(organisation: Organisation, role: str, label: str) -> Viewer:
    """Return the viewer of someone acting as ``role`` of ``organisation`` (an API token)."""
    membership = Membership(organisation=organisation, role=role)
    return viewer_of_memberships([membership], None, label, label)


def partnership_viewer(municipality_id: int, label: str = "") -> Viewer:
    """Return what every partner of a municipality may see: no sensitive category, no text.

    Agendas and documents read by all partners are computed through it.
    """
    only = frozenset({municipality_id})
    empty: frozenset[int] = frozenset()
    return Viewer(None, label, only, empty, empty, empty, empty, empty, label)


def system_viewer(municipality_ids: frozenset[int]) -> Viewer:
    """A viewer with every right in ``municipality_ids``, for operators at the command line."""
    ids = frozenset(municipality_ids)
    return Viewer(None, "system", ids, frozenset(), ids, ids, ids, frozenset(), "system", ids)


def filing_organisations(viewer: Viewer) -> QuerySet[Organisation]:
    """Return the organisations ``viewer`` may file reports for."""
    return Organisation.objects.filter(pk__in=viewer.filing_organisation_ids)


# --- a reporter's own report ----------------------------------------------------------------

# ``Report.Review.PENDING``, ``.WITHDRAWN`` and ``Report.Source.FORM``: the reports app is a
# layer above this one (a test holds them to the model's values).
_PENDING, _WITHDRAWN, _FROM_THE_FORM = "pending", "withdrawn", "form"
_ASK = gettext_lazy("Be en samordnare om hjälp: den kan rätta eller avvisa rapporten.")


def own_report_refusal(viewer: Viewer, report) -> str | None:
    """Why ``viewer`` may not change or withdraw ``report`` themselves; None when they may.

    Only the person who filed it, while they still file for its organisation (a membership that
    ended or became a reader's takes the right with it): a colleague in the same organisation
    asks a coordinator, as everyone else does. Only a report from the report form: a file's or
    a system's report is put right where it came from (the next import or push would undo a
    change made here). Only until a coordinator reviews it, and not once its free text was
    purged. An API token (no person) never may.
    """
    # Nobody changes a file's or a system's report here: say so first.
    if report.source != _FROM_THE_FORM:
        return _(
            "Rapporten kom från en fil eller ett annat system; rätta den där den kom ifrån. %(ask)s"
        ) % {"ask": _ASK}
    own = (
        viewer.user_id is not None
        and report.reporter_id == viewer.user_id
        and report.organisation_id in viewer.filing_organisation_ids
        and report.municipality_id in viewer.municipality_ids
    )
    if not own:
        return _(
            "Bara den som skickade rapporten, medan hen rapporterar för organisationen, kan "
            "ändra eller återkalla den. %(ask)s"
        ) % {"ask": _ASK}
    if report.review_status == _WITHDRAWN:
        return _("Rapporten är redan återkallad. %(ask)s") % {"ask": _ASK}
    if report.review_status != _PENDING:
        return _(
            "Rapporten är redan granskad av en samordnare och kan inte längre ändras eller "
            "återkallas av dig. %(ask)s"
        ) % {"ask": _ASK}
    if report.text_purged_at is not None:
        return _(
            "Rapportens fritext är borttagen enligt reglerna för hur länge fritext sparas, "
            "så rapporten kan inte längre ändras. %(ask)s"
        ) % {"ask": _ASK}
    return None


def may_change_own_report(viewer: Viewer, report) -> bool:
    """Whether ``viewer`` may change or withdraw ``report`` themselves (``own_report_refusal``)."""
    return own_report_refusal(viewer, report) is None


def is_others_report(viewer: Viewer, report) -> bool:
    """Whether ``report`` is not ``viewer``'s own to change: refused outright (403), where a
    report of their own past its time is explained on its page."""
    return viewer.user_id is None or report.reporter_id != viewer.user_id


def requires_second_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` must confirm each login with a second factor (when 2FA is required).

    Staff and superusers must, and so must everyone whose active memberships let them read all
    organisations' free text or the sensitive categories in any municipality: coordinators,
    admins, police analysts and anyone in a police organisation. LAGESBILD_REQUIRE_2FA decides
    whether it is asked at all; this decides of whom.
    """
    if not isinstance(user, AbstractBaseUser) or not user.is_authenticated:
        return False  # anonymous (an API token is no user either: it is never asked)
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    memberships = active_memberships(user.pk).select_related("organisation")
    return any(reads_all_text(m) or sees_sensitive(m) for m in memberships)


def holds_role(
    viewer: Viewer,
    roles: Iterable[str] | None = None,
    *,
    organisation_id: int | None = None,
    municipality_id: int | None = None,
    organisation_kind: str | None = None,
) -> bool:
    """Tell whether ``viewer``'s person has an active membership of this kind."""
    if viewer.user_id is None:
        return False
    memberships = active_memberships(viewer.user_id)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    if organisation_id is not None:
        memberships = memberships.filter(organisation_id=organisation_id)
    if municipality_id is not None:
        memberships = memberships.filter(organisation__municipality_id=municipality_id)
    if organisation_kind is not None:
        memberships = memberships.filter(organisation__kind=organisation_kind)
    return memberships.exists()


# --- personal API tokens and the regional view (new functions; the ones above are unchanged) ---


def holds_personal_token_role(viewer: Viewer) -> bool:
    """Whether ``viewer``'s person may hold personal read tokens: those who work with the data,
    i.e. hold a role that opens analysis pages (ANALYSING_ROLES: analyst, coordinator, admin)
    somewhere. Reporters and readers read the pages; a token is a long-lived secret, so fewer
    of them are handed out (docs/permissions.md)."""
    return bool(viewer.analysis_municipality_ids)


def may_use_personal_tokens(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` may create and use personal read tokens: an active person with an
    active analyst, coordinator or admin membership somewhere. Asked again at every call made
    with a token, so a role that ends takes the tokens' use with it."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return False
    return holds_personal_token_role(viewer_for(user))


def viewer_municipalities(viewer: Viewer) -> list[Municipality]:
    """Return every municipality ``viewer`` holds a role in, by name (the regional view's
    columns): no other municipality is ever among them."""
    return list(Municipality.objects.filter(pk__in=viewer.municipality_ids).order_by("name"))


def analysed_municipalities(viewer: Viewer) -> list[Municipality]:
    """Return the municipalities whose analysis pages ``viewer`` opens, by name."""
    return list(
        Municipality.objects.filter(pk__in=viewer.analysis_municipality_ids).order_by("name")
    )


def is_regional(viewer: Viewer) -> bool:
    """Whether ``viewer`` holds roles in more than one municipality (the menu shows the
    regional view to them; a county's or police region's staff hold one membership in each
    municipality they cover)."""
    return len(viewer.municipality_ids) > 1


# --- the coordinator's member page (new functions; the ones above are unchanged) ------------

# Every role a coordinator may give. An administrator is made by a superuser in /admin/, where
# the account's staff status goes with it, so neither giving nor changing that role is here.
GRANTABLE_ROLES = tuple(role for role in Role if role != Role.ADMIN)


def may_manage_members(viewer: Viewer, municipality_id: int | None) -> bool:
    """Whether ``viewer``'s person gives, changes and ends the memberships of the
    municipality's organisations: its coordinators and admins (an active membership there).
    A token or a command's viewer is no person and never does."""
    return viewer.user_id is not None and viewer.manages(municipality_id)


def members_municipality(
    user: AbstractBaseUser | AnonymousUser, code: str | None = None
) -> tuple[Viewer, Municipality]:
    """Return the municipality whose members ``user`` manages (``code``, or the first they
    manage): another municipality is a 404, a member there who may not manage it is refused."""
    viewer, municipality = managed_municipality(user, code)
    if not may_manage_members(viewer, municipality.pk):
        raise PermissionDenied(_("Bara kommunens samordnare och administratörer får göra detta."))
    return viewer, municipality


def organisations_to_widen_in(user_id: int | None, municipality_id: int) -> QuerySet[Organisation]:
    """The municipality's organisations in which the person may give a role, or widen one (a
    role with a right the old lacks, ``role_widens``; a later end), on the member page: every
    one for its admins; for its other coordinators every one but the police's, whose rights the
    police decide (only the police organisation's own coordinators give them). Narrowing or
    ending is every coordinator's."""
    organisations = Organisation.objects.filter(municipality_id=municipality_id)
    memberships = active_memberships(user_id) if user_id is not None else Membership.objects.none()
    if memberships.filter(organisation__municipality_id=municipality_id, role=Role.ADMIN).exists():
        return organisations
    coordinated = memberships.filter(role=Role.COORDINATOR).values("organisation_id")
    return organisations.exclude(Q(kind=Organisation.Kind.POLICE) & ~Q(pk__in=coordinated))


def may_widen_in(user_id: int | None, organisation: Organisation) -> bool:
    """Whether the person may give or widen a role in ``organisation``
    (``organisations_to_widen_in``)."""
    return (
        organisations_to_widen_in(user_id, organisation.municipality_id)
        .filter(pk=organisation.pk)
        .exists()
    )


# Why a role in the police's organisation was not given or widened (``may_widen_in``).
POLICE_MEMBERSHIP = gettext_lazy(
    "Roller i polisens organisation ges och utökas bara av polisens egna samordnare eller en "
    "administratör: de ger rätt att se de känsliga kategorierna."
)


# Why an administrator's membership is not changed on the member page (nor by its services).
ADMIN_MEMBERSHIP = gettext_lazy(
    "En administratörs medlemskap ändras bara av en superanvändare i administrationen."
)


def membership_to_manage(user: AbstractBaseUser | AnonymousUser, pk: int) -> Membership:
    """Return the membership ``pk`` for its municipality's coordinator or admin to change.

    One that does not exist, or of a municipality the person is no member of, is a 404; a
    member there who may not manage it, or an administrator's membership, is refused."""
    membership = (
        Membership.objects.select_related("user", "organisation__municipality", "sso_grant")
        .filter(pk=pk)
        .first()
    )
    if membership is None:
        raise Http404
    members_municipality(user, membership.organisation.municipality.code)
    if membership.role not in GRANTABLE_ROLES:
        raise PermissionDenied(ADMIN_MEMBERSHIP)
    if from_provider(membership):
        raise PermissionDenied(
            _(
                "Medlemskapet kommer från organisationens inloggningstjänst och ändras där "
                "(gruppen i inloggningstjänsten): en ändring här skulle bara gälla till "
                "personens nästa inloggning."
            )
        )
    return membership


def from_provider(membership: Membership) -> bool:
    """Whether the login provider's groups gave the membership (single sign-on, the sso app's
    ``sso_grant``): the person's next login there would undo a change made here."""
    return hasattr(membership, "sso_grant")


def organisation_to_manage(user: AbstractBaseUser | AnonymousUser, pk: int) -> Organisation:
    """Return the organisation ``pk`` for its municipality's coordinator or admin to rename.

    One that does not exist, or of a municipality the person is no member of, is a 404; a member
    there who may not manage it is refused, and so is the police's organisation for those who
    may not widen roles in it (the police name themselves)."""
    organisation = Organisation.objects.select_related("municipality").filter(pk=pk).first()
    if organisation is None:
        raise Http404
    members_municipality(user, organisation.municipality.code)
    if not may_widen_in(user.pk, organisation):
        raise PermissionDenied(POLICE_MEMBERSHIP)
    return organisation


def municipality_memberships(municipality_id: int) -> QuerySet[Membership]:
    """Every membership of the municipality's organisations, ended ones too, with the person
    and the organisation read in the same query (the person's SSO identities in one more)."""
    return (
        Membership.objects.filter(organisation__municipality_id=municipality_id)
        .select_related("user", "organisation", "sso_grant")
        .prefetch_related("user__sso_identities")  # services.awaits_invitation asks each
        .order_by("organisation__name", "user__last_name", "user__first_name", "user__username")
    )


def is_in_effect(membership: Membership, on: date | None = None) -> bool:
    """Whether ``membership`` gives its rights on ``on`` (today): not ended before it."""
    day = on or timezone.localdate()
    return membership.ends_on is None or membership.ends_on >= day


def holds_other_coordinator_role(membership: Membership) -> bool:
    """Whether the membership's person coordinates the same municipality through another
    active membership as well."""
    return (
        active_memberships(membership.user_id)
        .filter(
            role=Role.COORDINATOR,
            organisation__municipality_id=membership.organisation.municipality_id,
        )
        .exclude(pk=membership.pk)
        .exists()
    )
