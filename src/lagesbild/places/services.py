"""A municipality's gazetteer, loaded once and reloaded when a place changes."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, Max

from lagesbild.areas.models import Municipality
from lagesbild.core.places import Gazetteer, GazetteerPlace
from lagesbild.places.models import Place

# municipality id -> (version stamp, gazetteer); the stamp changes when a place is saved or removed.
_GAZETTEERS: dict[int, tuple[tuple, Gazetteer]] = {}


def _version(municipality_id: int) -> tuple:
    stats = Place.objects.filter(municipality_id=municipality_id).aggregate(
        changed=Max("updated_at"), count=Count("id")
    )
    return (stats["changed"], stats["count"])


def gazetteer_for(municipality: Municipality | int) -> Gazetteer:
    """Return the (cached) gazetteer of a municipality; empty when it has none."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    version = _version(municipality_id)
    cached = _GAZETTEERS.get(municipality_id)
    if cached and cached[0] == version:
        return cached[1]
    rows = Place.objects.filter(municipality_id=municipality_id).values_list(
        "pk", "name", "latitude", "longitude", "kind"
    )
    gazetteer = Gazetteer(GazetteerPlace(*row) for row in rows)
    _GAZETTEERS[municipality_id] = (version, gazetteer)
    return gazetteer


def place_json(place: GazetteerPlace) -> dict:
    """Return a place as the report form's scripts read it."""
    return {
        "name": place.name,
        "kind": place.kind,
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


# Enough named places to find one's way on a map without a base layer, few enough to stay legible.
MAX_MAP_PLACES = 200


def base_layer(municipality_ids: Iterable[int]) -> dict:
    """Return what the maps draw under the data: the tile server or WMS if one is configured,
    else the municipalities' named gazetteer places (so the map is not an empty sheet)."""
    data: dict = {"tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
    if not settings.MAP_TILE_URL and settings.MAP_WMS_URL:
        data["wms"] = {"url": settings.MAP_WMS_URL, "layers": settings.MAP_WMS_LAYERS}
    if not (settings.MAP_TILE_URL or settings.MAP_WMS_URL):
        places = Place.objects.filter(
            municipality_id__in=list(municipality_ids), kind=Place.Kind.PLACE
        ).order_by("name")[:MAX_MAP_PLACES]
        data["places"] = [
            {"name": p.name, "latitude": p.latitude, "longitude": p.longitude} for p in places
        ]
    return data
