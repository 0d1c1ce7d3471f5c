"""The gazetteer: import (all or nothing, idempotent), the command, and the JSON endpoints."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import cast as typed

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from lagesbild.areas.models import Municipality
from lagesbild.places.importing import GazetteerImportFailed, import_gazetteer
from lagesbild.places.models import Place
from lagesbild.places.services import base_layer, gazetteer_for
from lagesbild.testing import Cast, client_for
from lagesbild.web.middleware import content_security_policy

# Norr is the square 13.00–13.01 E, 56.01–56.02 N; Söder the one south of it.
GOOD_CSV = (
    "name,latitude,longitude,kind\n"
    "Storgatan 14,56.015,13.005,address\n"
    "Gångtunneln vid Kvartsvägen,56.005,13.005,place\n"
    "Busstorget,56.016,13.006,\n"
).encode()


def town(cast: Cast) -> Municipality:
    return typed(Municipality, cast.municipality)


def load(cast: Cast) -> None:
    assert import_gazetteer(GOOD_CSV, "ortnamn.csv", town(cast)).ok


def test_a_csv_imports_and_a_second_import_changes_nothing(cast: Cast) -> None:
    first = import_gazetteer(GOOD_CSV, "ortnamn.csv", town(cast))
    assert (first.created, first.updated, first.unchanged, first.errors) == (3, 0, 0, ())
    again = import_gazetteer(GOOD_CSV, "ortnamn.csv", town(cast))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Place.objects.filter(municipality=town(cast)).count() == 3
    assert Place.objects.get(name="Busstorget").kind == "place"


def test_a_moved_place_is_updated_not_duplicated(cast: Cast) -> None:
    load(cast)
    moved = b"namn;lat;lon\nSTORGATAN 14;56,0151;13,0051\n"
    summary = import_gazetteer(moved, "flytt.csv", town(cast))
    assert (summary.created, summary.updated) == (0, 1)
    place = Place.objects.get(key="storgatan 14")
    assert (place.latitude, place.longitude) == (56.0151, 13.0051)


def test_bad_rows_are_listed_by_line_and_nothing_is_written(cast: Cast) -> None:
    bad = (
        b"name,latitude,longitude,kind\n"
        b"Torget,56.01,13.0,place\n"
        b",56.01,13.0,place\n"
        b"Parken,north,13.0,place\n"
        b"Skolan,91,13.0,place\n"
        b"Kajen,56.0,13.0,harbour\n"
        b"torget,56.02,13.0,place\n"
    )
    summary = import_gazetteer(bad, "fel.csv", town(cast))
    reasons = {e.line: e.reason for e in summary.errors}
    assert set(reasons) == {3, 4, 5, 6, 7}
    assert reasons[3] == "no name"
    assert "latitude 'north' is not a number" in reasons[4]
    assert "latitude" in reasons[5]
    assert "kind must be place or address" in reasons[6]
    assert reasons[7] == "the same place as line 2"
    assert not Place.objects.exists()


def test_a_place_with_latitude_and_longitude_swapped_is_refused_by_its_line(cast: Cast) -> None:
    swapped = b"name,latitude,longitude\nTorget,56.015,13.005\nKajen,13.005,56.015\n"
    summary = import_gazetteer(swapped, "byte.csv", town(cast))
    assert [e.line for e in summary.errors] == [3] and "bytt plats" in summary.errors[0].reason
    assert not Place.objects.exists()


def test_an_unreadable_file_is_refused_in_one_line(cast: Cast) -> None:
    with pytest.raises(GazetteerImportFailed, match="missing column"):
        import_gazetteer(b"plats,x,y\nTorget,1,2\n", "fel.csv", town(cast))
    with pytest.raises(GazetteerImportFailed, match="not UTF-8"):
        import_gazetteer(b"name,lat,lon\n\xff\n", "fel.csv", town(cast))
    with pytest.raises(GazetteerImportFailed, match="FeatureCollection"):
        import_gazetteer(b'{"type": "Feature"}', "fel.geojson", town(cast))


def test_a_csv_whose_delimiter_cannot_be_told_or_whose_field_never_ends_is_refused(
    cast: Cast,
) -> None:
    """Both ended in 'unexpected error Error: Could not determine delimiter' (the csv module's
    Sniffer and reader errors were not caught)."""
    no_delimiter = b"namn;lat;lon\n" + b"A" * 3000 + b"\n"  # the Sniffer sees a single field
    with pytest.raises(GazetteerImportFailed, match=r"^fel.csv:1: missing column"):
        import_gazetteer(no_delimiter, "fel.csv", town(cast))
    rows = b"".join(b"Plats %d;56.05;12.7\n" % n for n in range(150))  # fill the Sniffer's sample
    never_closed = b"name;latitude;longitude\n" + rows + b'"Torget;56;13\n' + b"x" * 200_000
    with pytest.raises(GazetteerImportFailed, match=r"^fel.csv:\d+: unreadable CSV"):
        import_gazetteer(never_closed, "fel.csv", town(cast))
    assert not Place.objects.exists()


def test_an_openstreetmap_extract_imports_names_and_addresses(cast: Cast) -> None:
    def point(lon, lat, **properties):
        geometry = {"type": "Point", "coordinates": [lon, lat]}
        return {"type": "Feature", "geometry": geometry, "properties": properties}

    features = [
        point(13.005, 56.015, name="Norrbytorget"),
        point(13.006, 56.016, **{"addr:street": "Kvällsvägen", "addr:housenumber": "12"}),
        {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": []},
            "properties": {"name": "Storgatan"},
        },
    ]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    summary = import_gazetteer(data, "osm.geojson", town(cast))
    assert [(e.line, e.reason) for e in summary.errors] == [
        (3, "no point (latitude and longitude, or a GeoJSON Point)")
    ]
    summary = import_gazetteer(
        json.dumps({"type": "FeatureCollection", "features": features[:2]}).encode(),
        "osm.geojson",
        town(cast),
    )
    assert summary.created == 2
    assert Place.objects.get(name="Kvällsvägen 12").kind == "address"


def test_the_command_imports_and_reports_bad_rows(cast: Cast, tmp_path: Path) -> None:
    good = tmp_path / "ortnamn.csv"
    good.write_bytes(GOOD_CSV)
    out = StringIO()
    call_command("gazetteer", "import", str(good), "--municipality", "0999", stdout=out)
    assert "3 created" in out.getvalue()
    bad = tmp_path / "fel.csv"
    bad.write_bytes(b"name,latitude,longitude\nTorget,x,13\n")
    with pytest.raises(CommandError, match=r"fel.csv:2: latitude 'x' is not a number"):
        call_command("gazetteer", "import", str(bad), "--municipality", "0999")
    with pytest.raises(CommandError, match="no municipality with code '1234'"):
        call_command("gazetteer", "import", str(good), "--municipality", "1234")


def test_suggestions_answer_members_of_the_municipality_only(cast: Cast) -> None:
    load(cast)
    url = reverse("place-suggestions", args=["0999"])
    body = client_for(cast.sara).get(url, {"q": "gångt"}).json()
    assert [p["name"] for p in body["places"]] == ["Gångtunneln vid Kvartsvägen"]
    assert client_for(cast.olle).get(url, {"q": "gångt"}).status_code == 404
    assert client_for(cast.nemo).get(url, {"q": "gångt"}).status_code == 404
    assert client_for(cast.ebba).get(url, {"q": "gångt"}).status_code == 404
    assert Client().get(url, {"q": "gångt"}).status_code == 302  # to the login page
    assert client_for(cast.sara).get(url, {"q": "a\x00b"}).status_code == 400


def test_the_nearest_place_answers_members_only_and_refuses_bad_numbers(cast: Cast) -> None:
    load(cast)
    url = reverse("place-nearest", args=["0999"])
    near = client_for(cast.hugo).get(url, {"lat": "56.0051", "lon": "13.0051"}).json()
    assert near["place"]["name"] == "Gångtunneln vid Kvartsvägen"
    far = client_for(cast.hugo).get(url, {"lat": "56.5", "lon": "13.5"}).json()
    assert far == {"place": None}
    assert client_for(cast.hugo).get(url, {"lat": "nan", "lon": "13"}).status_code == 400
    assert client_for(cast.hugo).get(url, {"lat": "56"}).status_code == 400
    assert client_for(cast.olle).get(url, {"lat": "56", "lon": "13"}).status_code == 404


def test_the_gazetteer_is_reloaded_when_a_place_changes(cast: Cast) -> None:
    assert not gazetteer_for(town(cast))
    load(cast)
    assert gazetteer_for(town(cast)).match("Busstorget") is not None
    Place.objects.filter(name="Busstorget").delete()
    assert gazetteer_for(town(cast)).match("Busstorget") is None


def test_without_a_base_map_the_maps_draw_the_named_places(cast: Cast, settings) -> None:
    load(cast)
    settings.MAP_TILE_URL = settings.MAP_WMS_URL = ""
    drawn = base_layer([town(cast).pk])
    assert [p["name"] for p in drawn["places"]] == ["Busstorget", "Gångtunneln vid Kvartsvägen"]
    assert base_layer([typed(Municipality, cast.other_municipality).pk])["places"] == []


def test_a_wms_is_the_base_map_and_may_serve_images(cast: Cast, settings) -> None:
    settings.MAP_TILE_URL = ""
    settings.MAP_WMS_URL = "https://karta.example.se/wms"
    settings.MAP_WMS_LAYERS = "topowebb"
    drawn = base_layer([town(cast).pk])
    assert drawn["wms"] == {"url": "https://karta.example.se/wms", "layers": "topowebb"}
    assert "places" not in drawn
    assert "img-src 'self' data: https://karta.example.se" in content_security_policy()
    page = client_for(cast.sara).get(reverse("report-create")).content.decode()
    assert "https://karta.example.se/wms" in page


def test_a_coordinator_adds_and_removes_places_others_may_not(cast: Cast) -> None:
    url = reverse("place-list", args=["0999"])
    client = client_for(cast.cecilia)
    data = {"name": "Busstorget", "kind": "place", "latitude": "56.016", "longitude": "13.006"}
    assert client.post(url, data).status_code == 302
    place = Place.objects.get(municipality=town(cast))
    assert "Busstorget" in client.get(url).content.decode()
    again = client.post(url, data | {"name": "BUSSTORGET"})
    assert again.status_code == 400 and "finns redan" in again.content.decode()
    assert client.post(url, data | {"latitude": "north"}).status_code == 400
    assert client_for(cast.sara).get(url).status_code == 403
    assert client_for(cast.olle).get(url).status_code == 404
    delete = reverse("place-delete", args=["0999", place.pk])
    assert client_for(cast.anders).post(delete).status_code == 403
    assert client.post(delete).status_code == 302
    assert not Place.objects.exists()
