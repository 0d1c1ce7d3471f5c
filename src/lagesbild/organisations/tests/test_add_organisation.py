"""A coordinator adds a partner organisation on the member page (no admin needed); the police's
organisation is not theirs to add. Each addition is audited; bad input is named, nothing made."""

from __future__ import annotations

import pytest

from lagesbild.audit.models import AuditEntry
from lagesbild.organisations.models import Membership, Organisation, Role
from lagesbild.organisations.setup import OrganisationRefused, add_organisation
from lagesbild.testing import PASSWORD, Cast, client_for

LIST = "/medlemmar/?kommun=0999"


def add(client, **data):
    return client.post(LIST, {"add_organisation": "1", **data})


def test_the_coordinator_adds_a_housing_company_and_can_then_give_it_members(
    cast: Cast,
) -> None:
    client = client_for(cast.cecilia)
    response = add(client, organisation_name="  Östra   Hem AB ", kind="housing")
    assert response.status_code == 302
    added = Organisation.objects.get(name="Östra Hem AB")
    assert (added.slug, added.kind, added.municipality) == (
        "ostra-hem-ab",
        "housing",
        cast.municipality,
    )
    entry = AuditEntry.objects.get(action="lagesbild.organisation.created")
    assert entry.actor == cast.cecilia and entry.detail["slug"] == "ostra-hem-ab"
    page = client.get(LIST)
    assert added in set(page.context["form"].fields["organisation"].queryset)
    assert "Östra Hem AB" in page.content.decode()


def test_a_second_organisation_with_a_taken_short_name_gets_a_number(cast: Cast) -> None:
    add_organisation(cast.municipality, "Bevakning", "security", cast.cecilia)
    # "bevakning" is the cast's Bevakning AB's short name already.
    assert Organisation.objects.get(name="Bevakning").slug == "bevakning-2"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"organisation_name": "", "kind": "housing"}, "Det här fältet är obligatoriskt."),
        ({"organisation_name": "   ", "kind": "housing"}, "Det här fältet är obligatoriskt."),
        ({"organisation_name": "x" * 151, "kind": "housing"}, "som mest 150 tecken"),
        ({"organisation_name": "Nya polisen", "kind": "police"}, "Välj en av typerna i listan."),
        ({"organisation_name": "Nytt", "kind": "hemligt"}, "Välj en av typerna i listan."),
        ({"organisation_name": "exempeltorpshem", "kind": "housing"}, "redan en organisation"),
    ],
)
def test_bad_input_is_named_and_nothing_is_made(cast: Cast, data: dict, message: str) -> None:
    before = Organisation.objects.count()
    response = add(client_for(cast.cecilia), **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organisation.objects.count() == before
    assert not AuditEntry.objects.filter(action="lagesbild.organisation.created").exists()


def test_the_service_refuses_a_police_organisation(cast: Cast) -> None:
    with pytest.raises(OrganisationRefused, match="Polisens organisation"):
        add_organisation(cast.municipality, "Polisen två", "police", cast.cecilia)


@pytest.mark.parametrize("who", ["sara", "anders", "rut", "ebba"])
def test_only_the_municipalitys_coordinators_add_one(cast: Cast, who: str) -> None:
    response = add(client_for(getattr(cast, who)), organisation_name="Nytt", kind="other")
    assert response.status_code in (403, 404)
    assert not Organisation.objects.filter(name="Nytt").exists()


def test_another_municipalitys_coordinator_gets_404(cast: Cast, django_user_model) -> None:
    otto = django_user_model.objects.create_user("otto", password=PASSWORD)
    Membership.objects.create(user=otto, organisation=cast.annan, role=Role.COORDINATOR)
    assert add(client_for(otto), organisation_name="Nytt", kind="other").status_code == 404
    assert not Organisation.objects.filter(name="Nytt").exists()


def rename(client, organisation, name: str):
    return client.post(f"/medlemmar/organisation/{organisation.pk}/", {"organisation_name": name})


def test_the_coordinator_renames_a_partner_and_the_short_name_stays(cast: Cast) -> None:
    client = client_for(cast.cecilia)
    assert "Byt namn på Exempeltorpshem" in client.get(LIST).content.decode()
    assert rename(client, cast.bostad, "  Exempeltorpshem   AB ").status_code == 302
    cast.bostad.refresh_from_db()
    assert (cast.bostad.name, cast.bostad.slug) == ("Exempeltorpshem AB", "bostad")
    entry = AuditEntry.objects.get(action="lagesbild.organisation.renamed")
    assert entry.detail == {"slug": "bostad", "name_before": "Exempeltorpshem"}


@pytest.mark.parametrize(
    "name, message",
    [("", "Det här fältet är obligatoriskt."), ("bevakning ab", "redan en organisation")],
)
def test_a_bad_name_is_named_and_nothing_changes(cast: Cast, name: str, message: str) -> None:
    response = rename(client_for(cast.cecilia), cast.bostad, name)
    assert response.status_code == 400 and message in response.content.decode()
    cast.bostad.refresh_from_db()
    assert cast.bostad.name == "Exempeltorpshem"
    assert not AuditEntry.objects.filter(action="lagesbild.organisation.renamed").exists()


def test_the_polices_name_is_the_polices(cast: Cast, django_user_model) -> None:
    client = client_for(cast.cecilia)
    assert f"/medlemmar/organisation/{cast.polisen.pk}/" not in client.get(LIST).content.decode()
    assert rename(client, cast.polisen, "Polisen i stan").status_code == 403
    # A police analyst manages nothing; Annanstad's police coordinator nothing here.
    assert rename(client_for(cast.anders), cast.polisen, "Polisen i stan").status_code == 403
    elsewhere = django_user_model.objects.create_user("otto", password=PASSWORD)
    Membership.objects.create(user=elsewhere, organisation=cast.annan_polis, role=Role.COORDINATOR)
    assert rename(client_for(elsewhere), cast.polisen, "Polisen i stan").status_code == 404
    cast.polisen.refresh_from_db()
    assert cast.polisen.name == "Lokalpolisområde Exempeltorp"
    # The police's own coordinator renames it.
    kommunpolis = django_user_model.objects.create_user("kommunpolis", password=PASSWORD)
    Membership.objects.create(user=kommunpolis, organisation=cast.polisen, role=Role.COORDINATOR)
    assert rename(client_for(kommunpolis), cast.polisen, "LPO Exempeltorp").status_code == 302
    cast.polisen.refresh_from_db()
    assert cast.polisen.name == "LPO Exempeltorp"
