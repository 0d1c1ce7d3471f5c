"""The coordinator's set-up path: the checklist and the settings page lead to every place to fix."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from lagesbild.places.models import Place
from lagesbild.testing import Cast, client_for
from lagesbild.workflow.checklist import checklist

EMPTY_GAZETTEER = "Ortnamnsregistret är tomt: en rapport utan kartnål får ingen punkt av sin plats"


def test_an_empty_gazetteer_is_on_the_checklist_with_a_link_to_the_gazetteer(cast: Cast) -> None:
    items = {item.message: item for item in checklist(cast.municipality, date(2026, 3, 2))}
    gazetteer = items[EMPTY_GAZETTEER]
    assert not gazetteer.ok
    assert gazetteer.link == reverse("place-list", kwargs={"code": cast.municipality.code})
    home = client_for(cast.cecilia).get(reverse("home")).content.decode()
    assert EMPTY_GAZETTEER in home and f'href="/platser/{cast.municipality.code}/"' in home


def test_a_gazetteer_with_a_place_is_done(cast: Cast) -> None:
    Place.objects.create(
        municipality=cast.municipality,
        name="Stortorget",
        key="stortorget",
        latitude=56.0,
        longitude=13.0,
    )
    missing = [
        item.message for item in checklist(cast.municipality, date(2026, 3, 2)) if not item.ok
    ]
    assert EMPTY_GAZETTEER not in missing


def test_the_settings_page_links_the_gazetteer_and_the_import_page_in_both_languages(
    cast: Cast,
) -> None:
    client = client_for(cast.cecilia)
    page = client.get(reverse("municipality-settings")).content.decode()
    assert f'href="/platser/{cast.municipality.code}/"' in page
    assert f'href="{reverse("report-import")}"' in page
    client.cookies["django_language"] = "en"
    english = client.get(reverse("municipality-settings")).content.decode()
    assert "More to set up" in english and "column mappings and rows in quarantine" in english
    assert "Mer att sätta upp" not in english


def test_the_settings_page_links_the_public_page_switch_with_the_pages_state(cast: Cast) -> None:
    client = client_for(cast.cecilia)
    page = client.get(reverse("municipality-settings")).content.decode()
    assert f'href="{reverse("public-settings")}"' in page
    assert "inte publicerad; publicera antal rapporter" in page
    cast.municipality.public_page_enabled = True
    cast.municipality.save()
    page = client.get(reverse("municipality-settings")).content.decode()
    assert "publicerad; antal rapporter" in page and "inte publicerad" not in page
