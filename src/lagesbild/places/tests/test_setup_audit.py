"""The gazetteer page as a coordinator sets it up: coordinates typed the Swedish way, or swapped."""

from __future__ import annotations

from django.urls import reverse

from lagesbild.places.models import Place
from lagesbild.testing import Cast, client_for


def add_place(cast: Cast, latitude: str, longitude: str):
    url = reverse("place-list", kwargs={"code": cast.municipality.code})
    data = {"name": "Stortorget", "kind": "place", "latitude": latitude, "longitude": longitude}
    return client_for(cast.cecilia).post(url, data)


def test_a_place_with_decimal_commas_is_added(cast: Cast) -> None:
    assert add_place(cast, "56,0105", "13,0055").status_code == 302
    place = Place.objects.get()
    assert (place.latitude, place.longitude) == (56.0105, 13.0055)


def test_a_place_with_decimal_points_is_added_as_before(cast: Cast) -> None:
    assert add_place(cast, "56.0105", "13.0055").status_code == 302
    assert Place.objects.get().latitude == 56.0105


def test_a_coordinate_that_is_no_number_or_out_of_range_is_explained(cast: Cast) -> None:
    response = add_place(cast, "norr", "200")
    page = response.content.decode()
    assert response.status_code == 400 and not Place.objects.exists()
    assert "Fyll i ett tal." in page and "180" in page


def test_the_coordinate_inputs_accept_a_comma_in_the_browser(cast: Cast) -> None:
    url = reverse("place-list", kwargs={"code": cast.municipality.code})
    page = client_for(cast.cecilia).get(url).content.decode()
    # type="number" makes some browsers drop "56,0465" and send nothing.
    assert 'name="latitude"' in page and 'type="number"' not in page
    assert 'inputmode="decimal"' in page


def test_a_place_with_latitude_and_longitude_swapped_is_refused_with_the_reason(
    cast: Cast,
) -> None:
    response = add_place(cast, "13,0055", "56,0105")
    page = response.content.decode()
    assert response.status_code == 400 and not Place.objects.exists()
    assert "Har latitud och longitud bytt plats?" in page
    assert "Platsen finns redan" not in page
