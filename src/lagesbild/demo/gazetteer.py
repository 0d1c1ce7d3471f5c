"""Exempelstad's synthetic gazetteer: its hot places and a few public addresses (all invented).

Built from the same district profiles that place the synthetic reports, so that "Gångtunneln
vid Kvartsvägen" in the gazetteer is where the demo's reports about it lie. It is loaded through
the ordinary CSV import, the same way a municipality loads its own address register.
"""

from __future__ import annotations

import csv
import io

from lagesbild.areas.models import Municipality
from lagesbild.core import synthetic
from lagesbild.places.importing import ImportSummary, import_gazetteer

# Public addresses near a hot place: (name, the hot place it is at, kind). Invented.
_ADDRESSES = (
    ("Storgatan 14", "Krogstråket, Storgatan", "address"),
    ("Busskuren Storgatan", "Krogstråket, Storgatan", "place"),
    ("Kvällsvägen 12", "Miljöhuset vid Kvällsvägen", "address"),
    ("Kvartsvägen 20", "Gångtunneln vid Kvartsvägen", "address"),
    ("Stationsgatan 1", "Resecentrum", "address"),
)


def gazetteer_rows() -> list[tuple[str, float, float, str]]:
    """Return (name, latitude, longitude, kind) of every place in Exempelstad's gazetteer."""
    spots = {s.name: s for p in synthetic.DISTRICT_PROFILES for s in p.hotspots}
    rows = [(s.name, round(s.lat, 6), round(s.lon, 6), "place") for s in spots.values()]
    for name, at, kind in _ADDRESSES:
        # A few metres off the hot place, as a house entrance is off the square in front of it.
        rows.append((name, round(spots[at].lat + 0.00008, 6), round(spots[at].lon, 6), kind))
    return rows


def gazetteer_csv() -> bytes:
    """Return the gazetteer as the CSV a municipality would import."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "latitude", "longitude", "kind"])
    writer.writerows(gazetteer_rows())
    return out.getvalue().encode()


def load_gazetteer(municipality: Municipality) -> ImportSummary:
    """Import (or refresh, idempotently) the demo gazetteer into ``municipality``."""
    return import_gazetteer(gazetteer_csv(), "exempelstad-ortnamn.csv", municipality)
