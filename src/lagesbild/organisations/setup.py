"""Setting up a collaboration without the admin: a municipality with the two organisations every
collaboration has (``set_up_municipality``, for ``lagesbild municipality add``), and a partner
organisation its coordinator adds later on the member page (``add_organisation``). Each is one
atomic, audited write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lagesbild.areas.models import Municipality
from lagesbild.audit.services import log_action
from lagesbild.organisations.models import Organisation

MUNICIPAL_SLUG, POLICE_SLUG = "kommunen", "polisen"
DEFAULT_MUNICIPAL_NAME = "Kommunledningsförvaltningen"
DEFAULT_POLICE_NAME = "Lokalpolisområde {municipality}"

# A coordinator adds partners; an organisation with the police's rights is added by whoever
# sets up the municipality (the police's roles are theirs: access.organisations_to_widen_in).
PARTNER_KINDS = tuple(kind for kind in Organisation.Kind if kind != Organisation.Kind.POLICE)


class OrganisationRefused(Exception):
    """An organisation that the rules refuse; the message says why, for the person."""


@dataclass(frozen=True)
class SetUp:
    municipality: Municipality
    created: bool  # False: it existed, and only missing organisations were added
    organisations: tuple[Organisation, ...]
    added: tuple[Organisation, ...]


@transaction.atomic
def set_up_municipality(
    code: str,
    name: str,
    municipal_name: str = DEFAULT_MUNICIPAL_NAME,
    police_name: str = "",
    actor: Any = None,
) -> SetUp:
    """Create the municipality ``code`` with the municipality's own organisation and the local
    police's; for one that exists, add whichever of the two is missing (nothing is renamed, so
    running it again changes nothing)."""
    municipality = Municipality.objects.filter(code=code).first()
    created = municipality is None
    if municipality is None:
        municipality = Municipality(code=code, name=name)
        municipality.full_clean()
        municipality.save()
        log_action(actor, "lagesbild.municipality.created", municipality, {"code": code})
    wanted = (
        (MUNICIPAL_SLUG, municipal_name, Organisation.Kind.MUNICIPAL),
        (
            POLICE_SLUG,
            police_name or DEFAULT_POLICE_NAME.format(municipality=name),
            Organisation.Kind.POLICE,
        ),
    )
    organisations, added = [], []
    for slug, organisation_name, kind in wanted:
        organisation = _existing(municipality, slug, kind)
        if organisation is None:
            organisation = _create(municipality, slug, organisation_name, kind, actor)
            added.append(organisation)
        organisations.append(organisation)
    return SetUp(municipality, created, tuple(organisations), tuple(added))


def _existing(municipality: Municipality, slug: str, kind: str) -> Organisation | None:
    """The organisation that stands for ``slug``: the police's by its kind (one made in the
    admin under another short name is the police all the same), the municipality's by name."""
    found = Organisation.objects.filter(municipality=municipality)
    if kind == Organisation.Kind.POLICE:
        return found.filter(kind=kind).order_by("pk").first()
    return found.filter(slug=slug).first()


@transaction.atomic
def add_organisation(
    municipality: Municipality,
    name: str,
    kind: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> Organisation:
    """Add a partner organisation to the municipality, its short name made from its name."""
    name = " ".join(name.split())
    if kind not in PARTNER_KINDS:
        raise OrganisationRefused(
            _("Polisens organisation läggs till när kommunen sätts upp, av en administratör.")
        )
    _check_name_free(municipality.pk, name)
    return _create(municipality, _free_slug(municipality, name), name, kind, actor, request)


@transaction.atomic
def rename_organisation(
    organisation: Organisation, name: str, actor: Any, request: HttpRequest | None = None
) -> Organisation:
    """Give the organisation another name (its short name, in links and audit entries, stays)."""
    name = " ".join(name.split())
    before = organisation.name
    if name == before:
        return organisation
    _check_name_free(organisation.municipality_id, name, organisation.pk)
    organisation.name = name
    organisation.full_clean(validate_unique=False)
    organisation.save(update_fields=["name"])
    detail = {"slug": organisation.slug, "name_before": before}
    log_action(actor, "lagesbild.organisation.renamed", organisation, detail, request)
    return organisation


def _check_name_free(municipality_id: int, name: str, own_pk: int | None = None) -> None:
    """Two organisations of a municipality never share a name (in any case)."""
    same = Organisation.objects.filter(municipality_id=municipality_id, name__iexact=name)
    if same.exclude(pk__in=[own_pk] if own_pk else []).exists():
        raise OrganisationRefused(
            _("Kommunen har redan en organisation som heter %(name)s.") % {"name": name}
        )


def _create(
    municipality: Municipality,
    slug: str,
    name: str,
    kind: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> Organisation:
    organisation = Organisation(municipality=municipality, slug=slug, name=name, kind=kind)
    organisation.full_clean()
    organisation.save()
    detail = {"slug": slug, "kind": str(kind), "municipality": municipality.code}
    log_action(actor, "lagesbild.organisation.created", organisation, detail, request)
    return organisation


def _free_slug(municipality: Municipality, name: str) -> str:
    """A short name from the organisation's name (å, ä, ö as a, a, o), numbered if taken."""
    base = slugify(name)[:45] or "organisation"
    slug, number = base, 1
    while Organisation.objects.filter(municipality=municipality, slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
