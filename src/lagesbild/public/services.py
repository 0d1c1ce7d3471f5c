"""Writes of the public side: a citizen's unsafe place, and the coordinator's switch for the page.

A citizen's tip is stored like every report, through ``reports.services.create_report``
(scrubbed, placed, validated, audited), as a report of the municipality's organisation
"Allmänheten (digital trygghetsvandring)" with source ``public``, pending review. Nothing about
the sender is kept: no account, no name, no e-mail, and no IP address, neither in the report
nor in its audit entry (the audit entry is written without the request, so ``ip_address``
stays empty). It counts in the lägesbild only when a coordinator accepts it
(``reports.models.COUNTED``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import lock_municipality
from lagesbild.audit.services import log_action
from lagesbild.categories.models import Category
from lagesbild.organisations.models import PUBLIC_ORGANISATION_SLUG, Organisation
from lagesbild.reports.models import Report
from lagesbild.reports.services import NewReport, create_report

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PUBLIC_ORGANISATION_NAME = "Allmänheten (digital trygghetsvandring)"


@dataclass(frozen=True)
class Reason:
    label: StrOrPromise  # lazy: translated when the form is shown
    category: str


# Why a place feels unsafe, in the citizen's words, and the category a coordinator counts it as.
REASONS: dict[str, Reason] = {
    "belysning": Reason(_("Dålig eller trasig belysning"), "trasig_belysning"),
    "sikt": Reason(_("Skymd sikt, buskar eller igenvuxet"), "skymd_sikt"),
    "samlingar": Reason(_("Otrygga samlingar av människor"), "otrygg_samling"),
    "skrap": Reason(_("Nedskräpning"), "nedskrapning"),
    "klotter": Reason(_("Klotter"), "klotter"),
    "annat": Reason(_("Annat"), "ovrigt"),
}


@dataclass(frozen=True)
class UnsafePlace:
    """What a citizen tells: where, why and how unsafe. Free text arrives raw, is scrubbed later."""

    reason: str
    area: Area | None = None
    latitude: float | None = None
    longitude: float | None = None
    place_text: str = ""
    description: str = ""
    insecurity: int = 2


def public_organisation(municipality: Municipality) -> Organisation:
    """Return the municipality's organisation for the public's tips, creating it on first use."""
    organisation, _created = Organisation.objects.get_or_create(
        municipality=municipality,
        slug=PUBLIC_ORGANISATION_SLUG,
        defaults={"name": PUBLIC_ORGANISATION_NAME, "kind": Organisation.Kind.OTHER},
    )
    return organisation


@transaction.atomic
def submit_unsafe_place(municipality: Municipality, place: UnsafePlace) -> Report:
    """Store a citizen's tip as a pending public report that keeps nothing of the sender."""
    new = NewReport(
        organisation=public_organisation(municipality),
        category=Category.objects.get(code=REASONS[place.reason].category),
        occurred_from=timezone.now(),
        latitude=place.latitude,
        longitude=place.longitude,
        area=place.area,
        place_text=place.place_text,
        description=place.description,
        insecurity=place.insecurity,
        source=Report.Source.PUBLIC,
    )
    # No reporter and no request: the audit entry must not keep the citizen's address.
    return create_report(new, reporter=None, request=None)


@transaction.atomic
def set_public_page(
    municipality: Municipality, enabled: bool, actor, request: HttpRequest | None = None
) -> Municipality:
    """Publish or withdraw the municipality's public page, and log who did it."""
    # The lock every writer of the municipality's reports takes (NO KEY: a tip's new public
    # organisation holds a key-share lock on the row, which FOR UPDATE would wait for).
    municipality = lock_municipality(municipality.pk) or municipality
    previous = municipality.public_page_enabled
    municipality.public_page_enabled = enabled
    municipality.save(update_fields=["public_page_enabled"])
    detail = {"enabled": enabled, "previous": previous}
    log_action(actor, "lagesbild.municipality.public_page_changed", municipality, detail, request)
    return municipality
